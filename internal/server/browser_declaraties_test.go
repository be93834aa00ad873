package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// TestBrowserDeclaraties opens the billing pages at 1280 and 320 px: the
// provider's and the municipality's overview with a line rejected for its
// tariff (the administrator changed the contract tariff before the check),
// and the administrator's tariffs. No word is cut, axe-core finds no WCAG
// 2.1 A/AA violation, and no page scrolls sideways.
func TestBrowserDeclaraties(t *testing.T) {
	ctx := newBrowser(t)
	axeSrc, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t)
	bg := context.Background()
	var twID int64
	var cbs, code string
	var ingang time.Time
	if err := h.db.QueryRow(bg, `SELECT t.id, g.cbs_code, t.product_code, t.ingangsdatum FROM toewijzingen t JOIN organisations g ON g.id = t.municipality_id
		JOIN organisations a ON a.id = t.provider_id WHERE t.product_category = '50' AND a.agb_code = '98000001' ORDER BY t.id LIMIT 1`).Scan(&twID, &cbs, &code, &ingang); err != nil {
		t.Skipf("the demo has no arrangement toewijzing of De Hoeve: %v", err)
	}
	err = h.db.Do(bg, func(tx *database.Tx) error {
		_, err := tx.Exec(bg, `INSERT INTO leveringen (toewijzing_id, trajectory_id, toewijzing_nummer, product_categorie, product_code, toewijzing_ingangsdatum, begindatum, status, bron, created_at, updated_at)
			SELECT id, trajectory_id, nummer, product_category, product_code, ingangsdatum, ingangsdatum, 'gestart', 'aanbieder', created_at, created_at FROM toewijzingen WHERE id = ?`, twID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := h.login("aanbieder@demo.jeugdhulp.nl")
	p.post("/declaraties/indienen", url.Values{"csrf": {p.csrf}, "gemeente": {cbs}, "periode": {ingang.Format("01-2006")}}, 200)
	var raw string
	if err := h.db.QueryRow(bg, "SELECT xml FROM ijw_messages WHERE type = 'JW323' ORDER BY id DESC LIMIT 1").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	m, err := ijw.Decode(bytes.NewReader([]byte(raw)))
	if err != nil {
		t.Fatal(err)
	}
	err = h.db.Do(bg, func(tx *database.Tx) error {
		if _, err := tx.Exec(bg, "UPDATE tarieven SET bedrag = bedrag + 100 WHERE code = ?", code); err != nil {
			return err
		}
		if err := declaratie.HandleJW323(bg, tx, berichten.Bericht{}, m); err != nil {
			return err
		}
		var ans string
		if err := tx.QueryRow(bg, "SELECT xml FROM ijw_messages WHERE type = 'JW325' ORDER BY id DESC LIMIT 1").Scan(&ans); err != nil {
			return err
		}
		a, err := ijw.Decode(bytes.NewReader([]byte(ans)))
		if err != nil {
			return err
		}
		return declaratie.HandleJW325(bg, tx, berichten.Bericht{}, a)
	})
	if err != nil {
		t.Fatal(err)
	}

	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	check := func(who, path, want string, width int64) {
		t.Helper()
		w.do("viewport", chromedp.EmulateViewport(width, 900))
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(h.srv.URL+path))
		if err != nil || resp.Status != 200 {
			t.Fatalf("%s %s: %v", who, path, err)
		}
		w.waitFor("main")
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("main").innerText`))
		if !strings.Contains(text, want) {
			t.Errorf("%s %s: %q not on the page", who, path, want)
		}
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
		if wide, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); wide {
			t.Errorf("%s %s @%d: the page scrolls sideways", who, path, width)
		}
		png, _ := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		os.WriteFile(filepath.Join(w.dir, fmt.Sprintf("declaraties-%s-%d-%s.png", strings.Split(who, "@")[0], width, strings.ReplaceAll(strings.Trim(path, "/"), "/", "-"))), png, 0o644)
	}
	for _, c := range []struct{ who, path, want string }{
		{"aanbieder@demo.jeugdhulp.nl", "/declaraties", "0611"},
		{"backoffice@demo.jeugdhulp.nl", "/declaraties", "Het tarief is niet het contracttarief"},
		{"beheer@demo.jeugdhulp.nl", "/beheer/tarieven", "De Hoeve Jeugdhulp ("}, // one folded group per provider
	} {
		w.do("viewport", chromedp.EmulateViewport(1280, 900))
		w.login(c.who)
		for _, width := range []int64{1280, 320} {
			check(c.who, c.path, c.want, width)
		}
		w.logout()
	}
}
