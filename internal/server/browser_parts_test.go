package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAdminTokensAndRedactedCase keeps screenshots of the
// administrator's users page with an API token to revoke, and of an
// allocated case as the back office sees it: decisions and messages, but no
// IPVA and no beknopt plan.
func TestBrowserAdminTokensAndRedactedCase(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	h.token("toegang@demo.jeugdhulp.nl")
	w.login("beheer@demo.jeugdhulp.nl")
	w.do("users", chromedp.Navigate(h.srv.URL+"/beheer/gebruikers"))
	w.waitFor(`input[name="token_intrekken"]`)
	w.expect("API-tokens")
	w.shot("beheer-gebruikers-tokens")
	w.logout()

	var id int64
	h.db.QueryRow(context.Background(), "SELECT MIN(trajectory_id) FROM ijw_messages WHERE type = 'JW301'").Scan(&id)
	w.login("backoffice@demo.jeugdhulp.nl")
	w.do("case", chromedp.Navigate(fmt.Sprintf("%s/trajecten/%d", h.srv.URL, id)))
	w.waitFor(`main dl`)
	w.expect("JW301 toewijzingsbericht")
	text, _ := chromedp.Run(ctx, chromedp.Text("main"))
	for _, hidden := range []string{"IPVA bekijken", "van 1.000 tekens", "Wekelijkse begeleiding thuis", "Ondertekeningen", "013 000 0000"} {
		if strings.Contains(text, hidden) {
			t.Errorf("the back office sees %q", hidden)
		}
	}
	w.shot("backoffice-toegewezen-zonder-ipva")
}
