package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// TestTokenStopsAtOnce: a deactivated or locked account's API token gets the
// same 401 problem+json as an unknown token, on the very next request.
func TestTokenStopsAtOnce(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, unknown := h.api("GET", "/api/v1/account", "jh_onbekend", "", "")
	check := func(name, tok string, want int) {
		t.Helper()
		resp, body := h.api("GET", "/api/v1/account", tok, "", "")
		if resp.StatusCode != want {
			t.Fatalf("%s: %d, want %d: %.200s", name, resp.StatusCode, want, body)
		}
		if want == http.StatusUnauthorized {
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("%s: Content-Type %q", name, ct)
			}
			if body != unknown {
				t.Fatalf("%s: %s, want the unknown token's %s", name, body, unknown)
			}
		}
	}

	// Deactivated by the administrator on the users page.
	tok := h.token("gi@demo.jeugdhulp.nl")
	check("active", tok, http.StatusOK)
	admin := h.login("beheer@demo.jeugdhulp.nl")
	u, _ := h.app.Accounts.ByEmail(ctx, "gi@demo.jeugdhulp.nl")
	admin.post(fmt.Sprintf("/beheer/gebruikers/%d/actief", u.ID), url.Values{"csrf": {admin.csrf}, "actief": {"nee"}}, http.StatusOK)
	check("deactivated", tok, http.StatusUnauthorized)
	admin.post(fmt.Sprintf("/beheer/gebruikers/%d/actief", u.ID), url.Values{"csrf": {admin.csrf}, "actief": {"ja"}}, http.StatusOK)
	check("activated again (deactivating revoked it)", tok, http.StatusUnauthorized)

	// Locked out by five wrong passwords: its token stops with the lock.
	tok = h.token("huisarts@demo.jeugdhulp.nl")
	check("before the lock-out", tok, http.StatusOK)
	for range 5 {
		resp, err := http.PostForm(h.srv.URL+"/login", url.Values{"email": {"huisarts@demo.jeugdhulp.nl"}, "password": {"fout"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	check("locked", tok, http.StatusUnauthorized)
}

// TestAdminListsAndRevokesTokens: /beheer/gebruikers shows every token with
// its number and times (never the token), and "Intrekken" revokes that one.
func TestAdminListsAndRevokesTokens(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	tok := h.token("toegang@demo.jeugdhulp.nl")
	other := h.token("toegang@demo.jeugdhulp.nl")
	ts, err := h.app.Accounts.Tokens(ctx, 0)
	if err != nil || len(ts) != 2 {
		t.Fatalf("tokens: %v %v", ts, err)
	}
	id := ts[0].ID
	admin := h.login("beheer@demo.jeugdhulp.nl")
	page := admin.get("/beheer/gebruikers", http.StatusOK)
	if strings.Contains(page, tok) || strings.Contains(page, "jh_") {
		t.Fatal("the users page shows a token")
	}
	dt := `\d\d-\d\d-\d{4} \d\d:\d\d`
	rows := tokenRows(page)
	if len(rows) != 2 || !match(rows[0], "toegang@demo.jeugdhulp.nl", fmt.Sprint(id), dt, "nooit", `\d\d-\d\d-\d{4} 23:59`, "nee", "") {
		t.Fatalf("token rows: %q", rows)
	}
	form := fmt.Sprintf(`<form class="jh-inline-form" method="post" action="/beheer/gebruikers"><input type="hidden" name="csrf" value="%s"><input type="hidden" name="token_intrekken" value="%d">`, admin.csrf, id)
	if !strings.Contains(page, form) || strings.Count(page, `name="token_intrekken"`) != 2 {
		t.Fatalf("no Intrekken form for token %d", id)
	}

	// Without the CSRF token, or as someone else than the administrator:
	// nothing changes.
	admin.post("/beheer/gebruikers", url.Values{"token_intrekken": {fmt.Sprint(id)}}, http.StatusForbidden)
	toegang := h.login("toegang@demo.jeugdhulp.nl")
	toegang.post("/beheer/gebruikers", url.Values{"csrf": {toegang.csrf}, "token_intrekken": {fmt.Sprint(id)}}, http.StatusNotFound)
	if resp, _ := h.api("GET", "/api/v1/account", tok, "", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("token revoked without CSRF token or by a non-administrator: %d", resp.StatusCode)
	}

	page = admin.post("/beheer/gebruikers", url.Values{"csrf": {admin.csrf}, "token_intrekken": {fmt.Sprint(id)}}, http.StatusOK)
	if !strings.Contains(page, fmt.Sprintf("API-token %d is ingetrokken.", id)) || strings.Count(page, `name="token_intrekken"`) != 1 {
		t.Fatalf("after revoking: %.2000s", page)
	}
	if resp, _ := h.api("GET", "/api/v1/account", tok, "", ""); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d", resp.StatusCode)
	}
	if resp, _ := h.api("GET", "/api/v1/account", other, "", ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("the other token: %d", resp.StatusCode)
	}
	// Revoked: when, and no button; the other token: its last use.
	rows = tokenRows(admin.get("/beheer/gebruikers", http.StatusOK))
	if len(rows) != 2 || !match(rows[0], "toegang@demo.jeugdhulp.nl", fmt.Sprint(id), dt, dt, `.*23:59`, dt, "") ||
		!match(rows[1], "toegang@demo.jeugdhulp.nl", fmt.Sprint(ts[1].ID), dt, dt, `.*23:59`, "nee", "") {
		t.Fatalf("after revoking: %q", rows)
	}
	for _, bad := range []string{"9999", "nul", "-1"} {
		admin.post("/beheer/gebruikers", url.Values{"csrf": {admin.csrf}, "token_intrekken": {bad}}, http.StatusNotFound)
	}
}

// tokenRows returns the text of the cells of the API-token table.
func tokenRows(page string) [][]string {
	_, table, _ := strings.Cut(page, `id="api-tokens"`)
	table, _, _ = strings.Cut(table, "</table>")
	cell := regexp.MustCompile(`(?s)<td class="utrecht-table__cell">(.*?)</td>`)
	tag := regexp.MustCompile(`<[^>]*>`)
	var rows [][]string
	for _, tr := range strings.Split(table, "<tr")[1:] {
		var row []string
		for _, m := range cell.FindAllStringSubmatch(tr, -1) {
			if strings.Contains(m[1], "<form") {
				m[1] = "" // the Intrekken button
			}
			row = append(row, strings.TrimSpace(tag.ReplaceAllString(m[1], "")))
		}
		if len(row) > 0 {
			rows = append(rows, row)
		}
	}
	return rows
}

// match reports whether each cell matches its pattern in full.
func match(row []string, patterns ...string) bool {
	if len(row) != len(patterns) {
		return false
	}
	for i, p := range patterns {
		if !regexp.MustCompile(`^(?:` + p + `)$`).MatchString(row[i]) {
			return false
		}
	}
	return true
}

var alertRe = regexp.MustCompile(`<div class="utrecht-alert utrecht-alert--error" role="alert"><p[^>]*>([^<]*)</p>`)

// TestLockoutMessageIsWrongPasswordMessage: after five failures the login
// page answers the right password with exactly the sentence of a wrong
// password and of an unknown e-mail, with the same status.
func TestLockoutMessageIsWrongPasswordMessage(t *testing.T) {
	h := newHarness(t)
	login := func(email, pw string) (int, string) {
		t.Helper()
		resp, err := http.PostForm(h.srv.URL+"/login", url.Values{"email": {email}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		m := alertRe.FindStringSubmatch(string(body))
		if m == nil {
			t.Fatalf("login %s: %d, no error message", email, resp.StatusCode)
		}
		return resp.StatusCode, m[1]
	}
	wrongCode, wrong := login("backoffice@demo.jeugdhulp.nl", "fout")
	if wrongCode != http.StatusUnauthorized || wrong != "Het e-mailadres of het wachtwoord klopt niet." {
		t.Fatalf("wrong password: %d %q", wrongCode, wrong)
	}
	for range 4 {
		login("backoffice@demo.jeugdhulp.nl", "fout")
	}
	for _, c := range [][2]string{
		{"backoffice@demo.jeugdhulp.nl", demo.Password}, // locked, right password
		{"backoffice@demo.jeugdhulp.nl", "fout"},        // locked, wrong password
		{"niemand@demo.jeugdhulp.nl", "fout"},           // no such account
	} {
		if code, msg := login(c[0], c[1]); code != wrongCode || msg != wrong {
			t.Errorf("%s %q: %d %q, want %d %q", c[0], c[1], code, msg, wrongCode, wrong)
		}
	}
}
