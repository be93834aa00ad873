package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserBerichten opens the inbox/outbox and a message page as the
// host municipality's back office and as the provider, at 1280 and 320 px,
// after the demo's messages went through the loopback hub: no word is cut
// in a label, button or table header, axe-core finds no WCAG 2.1 A/AA
// violation, the filter form works, and the XML shows as text.
func TestBrowserBerichten(t *testing.T) {
	ctx := newBrowser(t)
	axeSrc, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	if _, err := h.app.Exchange.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := h.db.QueryRow(context.Background(), "SELECT MIN(id) FROM ijw_messages WHERE type = 'JW301'").Scan(&id); err != nil {
		t.Fatal(err)
	}
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	check := func(who, path string, width int64) {
		t.Helper()
		w.do("viewport", chromedp.EmulateViewport(width, 900))
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(h.srv.URL+path))
		if err != nil || resp.Status != 200 {
			t.Fatalf("%s %s: %v", who, path, err)
		}
		w.waitFor("main")
		var words []string
		js, err := chromedp.Run(ctx, chromedp.Evaluate[string](layoutProbe))
		if err != nil || json.Unmarshal([]byte(js), &words) != nil {
			t.Fatalf("layout probe on %s: %v", path, err)
		}
		if len(words) > 0 {
			t.Errorf("%s %s @%d: %s", who, path, width, strings.Join(words, "; "))
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axeSrc)+";true")); err != nil {
			t.Fatal(err)
		}
		var viol []string
		js, err = chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
		if err != nil || json.Unmarshal([]byte(js), &viol) != nil {
			t.Fatalf("axe on %s: %v", path, err)
		}
		if len(viol) > 0 {
			t.Errorf("%s %s @%d: %s", who, path, width, strings.Join(viol, "; "))
		}
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if wide {
			t.Errorf("%s %s @%d: the page scrolls sideways", who, path, width)
		}
		png, _ := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		os.WriteFile(filepath.Join(w.dir, fmt.Sprintf("berichten-%s-%d-%s.png", strings.Split(who, "@")[0], width, strings.ReplaceAll(strings.Trim(path, "/"), "/", "-"))), png, 0o644)
	}
	for _, who := range []string{"backoffice@demo.jeugdhulp.nl", "aanbieder@demo.jeugdhulp.nl"} {
		w.do("viewport", chromedp.EmulateViewport(1280, 900))
		w.login(who)
		for _, width := range []int64{1280, 320} {
			check(who, "/berichten", width)
			check(who, fmt.Sprintf("/berichten/%d", id), width)
		}
		// The filter form: only JW301s, the choice kept.
		w.do("viewport", chromedp.EmulateViewport(1280, 900))
		w.do("filter", chromedp.Navigate(h.srv.URL+"/berichten"), chromedp.WaitVisible("#f-soort"),
			chromedp.SetValue("#f-soort", "JW301"))
		w.post("/berichten", "soort=JW301")
		other, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("tbody tr td:first-child")].filter(td => td.textContent.trim() !== "JW301").length`))
		kept, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#f-soort").value`))
		if err != nil || other != 0 || kept != "JW301" {
			t.Errorf("%s: the filter on JW301 lists %d other messages (kept %q, %v)", who, other, kept, err)
		}
		w.do("home", chromedp.Navigate(h.srv.URL+"/"))
		w.waitFor(`form[action="/logout"]`)
		w.logout()
	}
}
