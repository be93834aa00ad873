package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// chromium returns the path of the browser, or skips (or, under CI, fails)
// when the browser tests are not asked for or no browser is installed.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("JEUGDHULP_BROWSER") == "" {
		t.Skip("browsertest overgeslagen: zet JEUGDHULP_BROWSER=1 (zie .ci/run)")
	}
	for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI: Chromium ontbreekt; .ci/install.sh installeert het Debian-pakket chromium")
	}
	t.Skip("browsertest overgeslagen: geen Chromium gevonden")
	return ""
}

func screenshotDir(t *testing.T) string {
	if d := os.Getenv("JEUGDHULP_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", "new"), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("lang", "nl-NL"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// TestBrowserLoginEveryRole logs in as each demo role, checks the start page
// is the Dutch "Mijn werk" page, keeps a screenshot, and logs out.
func TestBrowserLoginEveryRole(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	dir := screenshotDir(t)
	for _, l := range demo.Logins() {
		err := chromedp.Do(ctx,
			chromedp.Navigate(h.srv.URL+"/login"),
			chromedp.WaitVisible("#email"),
			chromedp.SendKeys("#email", l.Email),
			chromedp.SendKeys("#password", demo.Password),
			chromedp.Click(`main button[type="submit"]`),
			chromedp.WaitVisible(`form[action="/logout"]`),
		)
		if err != nil {
			t.Fatalf("%s: login: %v", l.Role, err)
		}
		h1, err := chromedp.Run(ctx, chromedp.Text("main h1"))
		if err != nil || strings.TrimSpace(h1) != "Mijn werk" {
			t.Fatalf("%s: start page heading %q, %v", l.Role, h1, err)
		}
		lang, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.lang"))
		if err != nil || lang != "nl" {
			t.Fatalf("%s: page language %q, %v", l.Role, lang, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", l.Role, err)
		}
		if err := os.WriteFile(filepath.Join(dir, "start-"+string(l.Role)+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(`form[action="/logout"] button`), chromedp.WaitVisible("#email")); err != nil {
			t.Fatalf("%s: logout: %v", l.Role, err)
		}
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if !strings.HasSuffix(loc, "/login") {
			t.Fatalf("%s: after logout at %s", l.Role, loc)
		}
	}
}

// TestBrowserClientPage opens a youth's page as the Toegang and keeps a
// screenshot of it: the record without the youth's access log, which is for
// the privacy officer and the administrator only.
func TestBrowserClientPage(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	dir := screenshotDir(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(h.srv.URL+"/login"),
		chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", "toegang@demo.jeugdhulp.nl"),
		chromedp.SendKeys("#password", demo.Password),
		chromedp.Click(`main button[type="submit"]`),
		chromedp.WaitVisible(`form[action="/logout"]`),
		chromedp.Navigate(h.srv.URL+"/clienten"),
		chromedp.Click(`main table a`),
		chromedp.WaitVisible(`main dl`),
	)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := chromedp.Run(ctx, chromedp.Text("main"))
	if strings.Contains(text, "Wie heeft deze gegevens ingezien") || strings.Contains(text, "toegestaan") || !strings.Contains(text, "BSN") {
		t.Fatalf("client page shows the access log, or not the record: %.300s", text)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "jeugdige-toegang.png"), png, 0o644)
}
