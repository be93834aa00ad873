package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

func init() { account.DefaultParams = account.Argon2Params{Memory: 1024, Time: 1, Threads: 1} }

type harness struct {
	t   testing.TB
	db  *database.DB
	app *server.App
	srv *httptest.Server
}

func newHarness(t testing.TB, opts ...func(*server.Config)) *harness {
	t.Helper()
	db := dbtest.New(t)
	if _, err := demo.Seed(context.Background(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	cfg := server.Config{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	for _, o := range opts {
		o(&cfg)
	}
	app := server.New(db, cfg)
	srv := httptest.NewServer(app.Handler)
	t.Cleanup(srv.Close)
	return &harness{t: t, db: db, app: app, srv: srv}
}

// browser is a logged-in web user.
type browser struct {
	h    *harness
	c    *http.Client
	csrf string
	user account.User
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (h *harness) login(email string) *browser {
	h.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(h.srv.URL+"/login", url.Values{"email": {email}, "password": {demo.Password}})
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("login %s: status %d", email, resp.StatusCode)
	}
	b := &browser{h: h, c: c}
	body := b.get("/", http.StatusOK)
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		h.t.Fatalf("no csrf token on start page for %s", email)
	}
	b.csrf = m[1]
	b.user, _ = h.app.Accounts.ByEmail(context.Background(), email)
	return b
}

func (b *browser) do(req *http.Request, want int) string {
	b.h.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if want != 0 && resp.StatusCode != want {
		b.h.t.Fatalf("%s %s: status %d, want %d\n%.400s", req.Method, req.URL.Path, resp.StatusCode, want, body)
	}
	return string(body)
}

func (b *browser) get(path string, want int) string {
	req, _ := http.NewRequest("GET", b.h.srv.URL+path, nil)
	return b.do(req, want)
}

func (b *browser) post(path string, form url.Values, want int) string {
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req, want)
}

func (h *harness) token(email string) string {
	tok, err := h.app.Accounts.NewToken(context.Background(), email)
	if err != nil {
		h.t.Fatal(err)
	}
	return tok
}

func (h *harness) api(method, path, token, ctype, body string) (*http.Response, string) {
	h.t.Helper()
	req, _ := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (h *harness) lastID() int64 {
	var id int64
	h.db.QueryRow(context.Background(), "SELECT COALESCE(MAX(id), 0) FROM access_log").Scan(&id)
	return id
}

// entriesSince returns the access-log entries written after id.
func (h *harness) entriesSince(id int64) []access.Entry {
	h.t.Helper()
	var out []access.Entry
	err := h.db.Do(context.Background(), func(tx *database.Tx) error {
		var err error
		out, err = access.Entries(context.Background(), tx, access.Filter{AfterID: id})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) clientIDs() []int64 {
	rows, err := h.db.Query(context.Background(), "SELECT id FROM clients ORDER BY id")
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

// linked: the organisation is linked to one of the youth's trajectories.
func (h *harness) linked(orgID, clientID int64) bool {
	var n int
	h.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM trajectory_links WHERE organisation_id = ? AND client_id = ?", orgID, clientID).Scan(&n)
	return n > 0
}

// linkedTrajectory: the organisation is linked to this trajectory.
func (h *harness) linkedTrajectory(orgID, trajectoryID int64) bool {
	var n int
	h.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM trajectory_links WHERE organisation_id = ? AND trajectory_id = ?", orgID, trajectoryID).Scan(&n)
	return n > 0
}

// checkEntry asserts that exactly one complete entry was written since mark.
func checkEntry(t *testing.T, h *harness, mark int64, u account.User, clientID int64, channel, outcome string, action access.Action) {
	t.Helper()
	es := h.entriesSince(mark)
	if len(es) != 1 {
		t.Fatalf("%d access-log entries, want exactly 1: %+v", len(es), es)
	}
	e := es[0]
	if e.UserID != u.ID || e.UserEmail != u.Email || e.OrgID != u.OrgID || e.OrgName != u.OrgName || e.OnBehalfOf == "" ||
		e.ClientID != clientID || e.Channel != channel || e.Outcome != outcome || e.Action != action || e.Object == "" ||
		!access.ValidPurpose(e.Purpose) || e.Source == "" || e.At.IsZero() || time.Since(e.At) > time.Minute {
		t.Fatalf("entry incomplete or wrong (want client %d, %s, %s, %s): %+v", clientID, channel, outcome, action, e)
	}
}

func TestCrawlClientRoutesAsEveryRole(t *testing.T) {
	h := newHarness(t)
	clients := h.clientIDs()
	var gemeenten []int64
	rows, _ := h.db.Query(context.Background(), "SELECT id FROM organisations WHERE kind = 'gemeente' ORDER BY id")
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		gemeenten = append(gemeenten, id)
	}
	rows.Close()
	for _, l := range demo.Logins() {
		t.Run(string(l.Role), func(t *testing.T) {
			b := h.login(l.Email)
			tok := h.token(l.Email)
			p := b.user.Principal("", "")
			for _, cid := range clients {
				read := p.CanReadClient() && h.linked(b.user.OrgID, cid)
				edit := p.CanEditClient() && h.linked(b.user.OrgID, cid)
				outcome := func(ok bool) string {
					if ok {
						return access.Allowed
					}
					return access.Refused
				}
				status := func(ok bool, yes int) int {
					if ok {
						return yes
					}
					return http.StatusNotFound
				}

				mark := h.lastID()
				body := b.get(fmt.Sprintf("/clienten/%d", cid), status(read, 200))
				checkEntry(t, h, mark, b.user, cid, "web", outcome(read), access.Lezen)
				if !read && !strings.Contains(body, "Pagina niet gevonden") {
					t.Fatalf("refused read shows no 404 page")
				}

				mark = h.lastID()
				form := url.Values{"csrf": {b.csrf}, "straat": {"Nieuwstraat"}, "huisnummer": {"1"}, "postcode": {"5000 AA"},
					"woonplaats": {"Tilburg"}, "gemeente_id": {fmt.Sprint(gemeenten[0])}, "doel": {string(access.DefaultPurpose(p))}}
				b.post(fmt.Sprintf("/clienten/%d/adres", cid), form, status(edit, http.StatusSeeOther))
				checkEntry(t, h, mark, b.user, cid, "web", outcome(edit), access.Wijzigen)

				mark = h.lastID()
				resp, pbody := h.api("GET", fmt.Sprintf("/api/v1/jeugdigen/%d", cid), tok, "", "")
				if resp.StatusCode != status(read, 200) {
					t.Fatalf("API read client %d: %d %s", cid, resp.StatusCode, pbody)
				}
				if !read && resp.Header.Get("Content-Type") != "application/problem+json" {
					t.Fatalf("API refusal is not problem+json: %s", resp.Header.Get("Content-Type"))
				}
				checkEntry(t, h, mark, b.user, cid, "api", outcome(read), access.Lezen)

				mark = h.lastID()
				resp, pbody = h.api("PUT", fmt.Sprintf("/api/v1/jeugdigen/%d/adres", cid), tok, "application/json",
					fmt.Sprintf(`{"straat":"Apistraat","huisnummer":"2","postcode":"5000AA","woonplaats":"Tilburg","gemeente_id":%d}`, gemeenten[0]))
				if resp.StatusCode != status(edit, http.StatusNoContent) {
					t.Fatalf("API edit client %d: %d %s", cid, resp.StatusCode, pbody)
				}
				checkEntry(t, h, mark, b.user, cid, "api", outcome(edit), access.Wijzigen)

				// The access-log pages: only for privacy officer and administrator.
				mark = h.lastID()
				b.get(fmt.Sprintf("/toegangslog/client/%d", cid), status(p.CanViewAccessLog(), 200))
				checkEntry(t, h, mark, b.user, cid, "web", outcome(p.CanViewAccessLog()), access.Lezen)
			}

			// Lists: one entry per client shown, none for another organisation's.
			mark := h.lastID()
			resp, body := h.api("GET", "/api/v1/jeugdigen", tok, "", "")
			var got []struct{ ID int64 }
			json.Unmarshal([]byte(body), &got)
			es := h.entriesSince(mark)
			if !p.CanReadClient() {
				if resp.StatusCode != http.StatusForbidden || len(es) != 1 || es[0].Outcome != access.Refused {
					t.Fatalf("list by a role without client data: %d, entries %+v", resp.StatusCode, es)
				}
				return
			}
			if len(es) != len(got) {
				t.Fatalf("list showed %d clients but logged %d entries", len(got), len(es))
			}
			for _, c := range got {
				if !h.linked(b.user.OrgID, c.ID) {
					t.Fatalf("list shows client %d of an unlinked organisation", c.ID)
				}
			}
		})
	}
}

func TestRoleSeesOnlyItsParts(t *testing.T) {
	h := newHarness(t)
	ret := h.login("ret@demo.jeugdhulp.nl")
	_, body := h.api("GET", "/api/v1/jeugdigen", h.token("ret@demo.jeugdhulp.nl"), "", "")
	if strings.Contains(body, `"bsn"`) || strings.Contains(body, `"straat"`) || !strings.Contains(body, `"voornaam"`) {
		t.Fatalf("expert team sees identifiers or nothing: %s", body)
	}
	_ = ret
}

func TestBadInputChangesNothing(t *testing.T) {
	h := newHarness(t)
	b := h.login("toegang@demo.jeugdhulp.nl")
	tok := h.token("toegang@demo.jeugdhulp.nl")
	count := func() int {
		var n int
		h.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM clients").Scan(&n)
		return n
	}
	var tilburg int64
	h.db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE cbs_code = '0855'").Scan(&tilburg)
	before := count()
	good := url.Values{"csrf": {b.csrf}, "bsn": {"321146487"}, "voornaam": {"Mila"}, "achternaam": {"Peters"}, "geboortedatum": {"2014-03-02"},
		"straat": {"Korvelseweg"}, "huisnummer": {"8"}, "postcode": {"5025 JA"}, "woonplaats": {"Tilburg"}, "gemeente_id": {fmt.Sprint(tilburg)}, "doel": {"hulpverlening"},
		"eerste_melding": {time.Now().Format("2006-01-02")}, "gezaghebbenden.0.voornamen": {"Anouk"}, "gezaghebbenden.0.achternaam": {"Peters"}, "gezaghebbenden.0.relatie": {"10"}}

	t.Run("BSN failing the 11-proof", func(t *testing.T) {
		f := cloneForm(good)
		f.Set("bsn", "321146488")
		body := b.post("/trajecten", f, http.StatusUnprocessableEntity)
		if !strings.Contains(body, "elfproef") {
			t.Fatal("no Dutch 11-proof message")
		}
	})
	t.Run("malformed fields", func(t *testing.T) {
		f := cloneForm(good)
		f.Set("geboortedatum", "gisteren")
		f.Set("postcode", "AB 1234")
		f.Set("doel", "nieuwsgierigheid")
		b.post("/trajecten", f, http.StatusUnprocessableEntity)
	})
	t.Run("post without CSRF token", func(t *testing.T) {
		f := cloneForm(good)
		f.Del("csrf")
		body := b.post("/trajecten", f, http.StatusForbidden)
		if !strings.Contains(body, "Er is niets opgeslagen") {
			t.Fatal("no Dutch explanation")
		}
	})
	t.Run("cross-origin post", func(t *testing.T) {
		req, _ := http.NewRequest("POST", h.srv.URL+"/trajecten", strings.NewReader(good.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		b.do(req, http.StatusForbidden)
	})
	t.Run("oversized form", func(t *testing.T) {
		f := cloneForm(good)
		f.Set("voornaam", strings.Repeat("a", 200<<10))
		b.post("/trajecten", f, http.StatusRequestEntityTooLarge)
	})
	t.Run("expired session", func(t *testing.T) {
		h.db.Do(context.Background(), func(tx *database.Tx) error {
			_, err := tx.Exec(context.Background(), "UPDATE sessions SET last_seen_at = ?", time.Now().UTC().Add(-2*time.Hour))
			return err
		})
		body := b.post("/trajecten", good, http.StatusUnauthorized)
		if !strings.Contains(body, "Sessie verlopen") {
			t.Fatal("no Dutch session message")
		}
	})
	apiCases := []struct {
		name, token, ctype, body string
		want                     int
	}{
		{"API wrong content type", tok, "text/plain", `{}`, http.StatusUnsupportedMediaType},
		{"API malformed JSON", tok, "application/json", `{"bsn": `, http.StatusBadRequest},
		{"API unknown field", tok, "application/json", `{"bsn":"321146487","kleur":"rood"}`, http.StatusBadRequest},
		{"API wrong type", tok, "application/json", `{"gemeente_id":"Tilburg"}`, http.StatusBadRequest},
		{"API BSN 11-proof", tok, "application/json", fmt.Sprintf(`{"jeugdige":{"bsn":"321146488","voornaam":"Mila","achternaam":"Peters","geboortedatum":"2014-03-02","straat":"K","huisnummer":"8","postcode":"5025JA","woonplaats":"Tilburg","gemeente_id":%d},"eerste_melding":"2026-11-02","gezaghebbenden":[{"voornamen":"Anouk","achternaam":"Peters","relatie":"ouder","gezag":true}]}`, tilburg), http.StatusUnprocessableEntity},
		{"API oversized body", tok, "application/json", `{"voornaam":"` + strings.Repeat("a", 2<<20) + `"}`, http.StatusRequestEntityTooLarge},
		{"API unknown token", "jh_bestaatniet", "application/json", `{}`, http.StatusUnauthorized},
		{"API no token", "", "application/json", `{}`, http.StatusUnauthorized},
	}
	for _, tc := range apiCases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := h.api("POST", "/api/v1/trajecten", tc.token, tc.ctype, tc.body)
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.want, body)
			}
			var p struct {
				Type, Title, Detail string
				Status              int
			}
			if resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil || p.Status != tc.want || p.Title == "" {
				t.Fatalf("not a problem+json answer: %s %s", resp.Header.Get("Content-Type"), body)
			}
		})
	}
	t.Run("API revoked token", func(t *testing.T) {
		h.app.Accounts.RevokeToken(context.Background(), tok)
		resp, _ := h.api("GET", "/api/v1/account", tok, "", "")
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("revoked token: %d", resp.StatusCode)
		}
	})
	if after := count(); after != before {
		t.Fatalf("bad input changed the clients table: %d → %d", before, after)
	}
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestRegisterUIAndAPI: a youth is registered with a request for help,
// through the form and the API, each logged once.
func TestRegisterUIAndAPI(t *testing.T) {
	h := newHarness(t)
	b := h.login("toegang@demo.jeugdhulp.nl")
	var tilburg int64
	h.db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE cbs_code = '0855'").Scan(&tilburg)
	mark := h.lastID()
	b.post("/trajecten", url.Values{"csrf": {b.csrf}, "bsn": {"321146487"}, "voornaam": {"Mila"}, "achternaam": {"Peters"}, "geboortedatum": {"2014-03-02"},
		"straat": {"Korvelseweg"}, "huisnummer": {"8"}, "postcode": {"5025 JA"}, "woonplaats": {"Tilburg"}, "gemeente_id": {fmt.Sprint(tilburg)},
		"eerste_melding": {time.Now().Format("2006-01-02")}, "gezaghebbenden.0.voornamen": {"Anouk"}, "gezaghebbenden.0.achternaam": {"Peters"}, "gezaghebbenden.0.relatie": {"10"}}, http.StatusSeeOther)
	es := h.entriesSince(mark)
	if len(es) != 1 || es[0].Action != access.Aanmaken || es[0].Outcome != access.Allowed || es[0].ClientID == 0 {
		t.Fatalf("create not logged once: %+v", es)
	}
	mark = h.lastID()
	resp, body := h.api("POST", "/api/v1/trajecten", h.token("toegang@demo.jeugdhulp.nl"), "application/json",
		fmt.Sprintf(`{"jeugdige":{"bsn":"864623112","voornaam":"Finn","achternaam":"Hendriks","geboortedatum":"2010-01-05","straat":"Heuvel","huisnummer":"1","postcode":"5038CS","woonplaats":"Tilburg","gemeente_id":%d},"eerste_melding":"2026-11-02","gezaghebbenden":[{"voornamen":"Els","achternaam":"Hendriks","relatie":"ouder","gezag":true}]}`, tilburg))
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
		t.Fatalf("API create: %d %s", resp.StatusCode, body)
	}
	if es := h.entriesSince(mark); len(es) != 1 || es[0].Channel != "api" || es[0].Action != access.Aanmaken {
		t.Fatalf("API create not logged once: %+v", es)
	}
	// The provider, not linked, cannot read the new youth.
	resp, _ = h.api("GET", resp.Header.Get("Location"), h.token("aanbieder@demo.jeugdhulp.nl"), "", "")
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unlinked provider reads the new youth: %d", resp.StatusCode)
	}
}

func TestAccessLogCannotBeChangedThroughTheApp(t *testing.T) {
	h := newHarness(t)
	b := h.login("privacy@demo.jeugdhulp.nl")
	cid := h.clientIDs()[0]
	var before int
	h.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM access_log").Scan(&before)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		req, _ := http.NewRequest(m, fmt.Sprintf("%s/toegangslog/client/%d", h.srv.URL, cid), strings.NewReader("csrf="+b.csrf))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s on the access log: %d, want 404 or 405", m, resp.StatusCode)
		}
	}
	var after int
	h.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM access_log").Scan(&after)
	if after != before {
		t.Errorf("access log changed by write attempts: %d → %d", before, after)
	}
	// CSV export carries the NEN 7513 columns.
	body := b.get(fmt.Sprintf("/toegangslog/client/%d?formaat=csv", cid), 200)
	if !strings.HasPrefix(body, "id,tijdstip_utc,gebruiker_id,gebruiker,organisatie,namens,client_id,actie,object,doel,uitkomst,kanaal,bron") {
		t.Fatalf("CSV header: %.200s", body)
	}
}

func TestOperationalEndpoints(t *testing.T) {
	h := newHarness(t)
	for _, c := range [][2]string{{"/healthz", "ok"}, {"/readyz", "ok"}, {"/metrics", `jeugdhulp_http_requests_total{code="200",route="GET /readyz"} 1`}} {
		path, want := c[0], c[1]
		resp, body := h.api("GET", path, "", "", "")
		if resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %.100s", path, resp.StatusCode, body)
		}
	}
	resp, body := h.api("GET", "/bestaat-niet", "", "", "")
	if resp.StatusCode != 404 || !strings.Contains(body, "Pagina niet gevonden") || !strings.Contains(body, `lang="nl"`) {
		t.Errorf("404 page: %d", resp.StatusCode)
	}
	if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("security headers missing")
	}
}

func TestLoginLockoutAndSessionCookie(t *testing.T) {
	h := newHarness(t)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := 0; i < 5; i++ {
		resp, _ := c.PostForm(h.srv.URL+"/login", url.Values{"email": {"backoffice@demo.jeugdhulp.nl"}, "password": {"fout"}})
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
	}
	resp, _ := c.PostForm(h.srv.URL+"/login", url.Values{"email": {"backoffice@demo.jeugdhulp.nl"}, "password": {demo.Password}})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// Locked: the wrong password's answer, no hint of a lock (issue 12).
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "Het e-mailadres of het wachtwoord klopt niet.") || strings.Contains(string(body), "geblokkeerd") {
		t.Fatalf("locked account logged in: %d", resp.StatusCode)
	}
	resp, _ = c.PostForm(h.srv.URL+"/login", url.Values{"email": {"toegang@demo.jeugdhulp.nl"}, "password": {demo.Password}})
	resp.Body.Close()
	ck := resp.Cookies()
	if len(ck) != 1 || !ck[0].HttpOnly || ck[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie flags: %+v", ck)
	}
}
