package server_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

// syncBuffer is a log sink safe for concurrent handlers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogsCarryNoClientData drives client reads, writes, refusals and bad
// input, then searches the application log for anything that identifies a
// youth: BSNs, names, birth dates, streets, client paths.
func TestLogsCarryNoClientData(t *testing.T) {
	var logs syncBuffer
	h := newHarness(t, func(c *server.Config) { c.Log = slog.New(slog.NewJSONHandler(&logs, nil)) })
	b := h.login("toegang@demo.jeugdhulp.nl")
	for _, id := range h.clientIDs() {
		b.get(fmt.Sprintf("/clienten/%d", id), 0)
		b.post(fmt.Sprintf("/clienten/%d/adres", id), url.Values{"csrf": {b.csrf}, "straat": {"Geheimstraat"}, "huisnummer": {"x"}}, 0)
	}
	b.post("/clienten", url.Values{"csrf": {b.csrf}, "bsn": {"321146487"}, "voornaam": {"Verborgen"}, "achternaam": {"Naam"}}, 0)
	h.api("GET", "/api/v1/jeugdigen", h.token("toegang@demo.jeugdhulp.nl"), "", "")
	out := logs.String()
	if !strings.Contains(out, `"route":"GET /clienten/{id}"`) {
		t.Fatalf("request log lacks route patterns:\n%.500s", out)
	}
	rows, err := h.db.Query(context.Background(), "SELECT bsn, given_name, family_name, street FROM clients")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	forbidden := []string{"/clienten/1", "Geheimstraat", "Verborgen", "321146487"}
	for rows.Next() {
		var bsn, given, family, street string
		rows.Scan(&bsn, &given, &family, &street)
		forbidden = append(forbidden, bsn, given, family, street)
	}
	for _, f := range forbidden {
		if strings.Contains(out, f) {
			t.Errorf("log contains client data %q", f)
		}
	}
}

func TestAdminPages(t *testing.T) {
	h := newHarness(t)
	admin := h.login("beheer@demo.jeugdhulp.nl")
	body := admin.post("/beheer/organisaties", url.Values{"csrf": {admin.csrf}, "name": {"Gemeente Nergenshuizen"}, "kind": {"gemeente"}, "cbs_code": {"12"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "CBS-code van vier cijfers") {
		t.Fatal("no Dutch message for a bad CBS code")
	}
	admin.post("/beheer/organisaties", url.Values{"csrf": {admin.csrf}, "name": {"Jeugdhulp Zuid"}, "kind": {"aanbieder"}, "agb_code": {"98000099"}}, http.StatusOK)
	orgs, _ := h.app.Orgs.List(context.Background(), "aanbieder")
	var orgID int64
	for _, o := range orgs {
		if o.Name == "Jeugdhulp Zuid" {
			orgID = o.ID
		}
	}
	if orgID == 0 {
		t.Fatal("organisation not created")
	}
	admin.post("/beheer/gebruikers", url.Values{"csrf": {admin.csrf}, "email": {"nieuw@zuid.nl"}, "name": {"Nieuwe Collega"},
		"organisation": {fmt.Sprint(orgID)}, "roles": {"jeugdhulpaanbieder"}, "password": {"lang genoeg wachtwoord"}}, http.StatusOK)
	u, err := h.app.Accounts.ByEmail(context.Background(), "nieuw@zuid.nl")
	if err != nil || u.OrgID != orgID || len(u.Roles) != 1 || u.Roles[0] != access.Jeugdhulpaanbieder {
		t.Fatalf("user not created right: %+v %v", u, err)
	}
	body = admin.post("/beheer/gebruikers", url.Values{"csrf": {admin.csrf}, "email": {"nieuw@zuid.nl"}, "name": {"X"}, "organisation": {fmt.Sprint(orgID)}, "roles": {"jeugdhulpaanbieder"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "bestaat al een account") {
		t.Fatal("duplicate e-mail not explained")
	}
	admin.post(fmt.Sprintf("/beheer/gebruikers/%d/actief", u.ID), url.Values{"csrf": {admin.csrf}, "actief": {"nee"}}, http.StatusOK)
	if u, _ = h.app.Accounts.Get(context.Background(), u.ID); u.Active {
		t.Fatal("user not blocked")
	}
	// Non-administrators do not see the admin pages at all.
	other := h.login("toegang@demo.jeugdhulp.nl")
	other.get("/beheer/gebruikers", http.StatusNotFound)
	other.post("/beheer/organisaties", url.Values{"csrf": {other.csrf}, "name": {"X"}, "kind": {"regio"}}, http.StatusNotFound)
}

func TestPrivacyOfficerSearchesByBSN(t *testing.T) {
	h := newHarness(t)
	p := h.login("privacy@demo.jeugdhulp.nl")
	var id int64
	var bsn string
	h.db.QueryRow(context.Background(), "SELECT id, bsn FROM clients ORDER BY id LIMIT 1").Scan(&id, &bsn)
	resp, err := p.c.PostForm(h.srv.URL+"/toegangslog/zoek", url.Values{"csrf": {p.csrf}, "bsn": {bsn}, "doel": {"privacy-onderzoek"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc != fmt.Sprintf("/toegangslog/client/%d?doel=privacy-onderzoek", id) || strings.Contains(loc, bsn) {
		t.Fatalf("search: %d %q", resp.StatusCode, loc)
	}
	mark := h.lastID()
	body := p.get(loc, http.StatusOK)
	if !strings.Contains(body, "demo-seed") && !strings.Contains(body, "aanmaken") {
		t.Fatalf("trail lacks the creation entry")
	}
	checkEntry(t, h, mark, p.user, id, "web", access.Allowed, access.Lezen)
	p.post("/toegangslog/zoek", url.Values{"csrf": {p.csrf}, "bsn": {"123456789"}}, http.StatusUnprocessableEntity)
	// A role without the log gets the 404 page.
	h.login("toegang@demo.jeugdhulp.nl").get("/toegangslog", http.StatusNotFound)
}

// fakeOIDC stands in for the provider: it checks that the flow it handed
// out comes back intact.
type fakeOIDC struct {
	user account.User
}

func (f *fakeOIDC) Start() (string, account.OIDCFlow) {
	return "https://login.example.nl/authorize?state=s1", account.OIDCFlow{State: "s1", Nonce: "n1", Verifier: "v1"}
}

func (f *fakeOIDC) Finish(ctx context.Context, flow account.OIDCFlow, state, code string) (account.User, error) {
	if flow != (account.OIDCFlow{State: "s1", Nonce: "n1", Verifier: "v1"}) || state != "s1" || code != "c1" {
		return account.User{}, account.ErrOIDC
	}
	return f.user, nil
}

func TestOIDCLoginFlowThroughTheWeb(t *testing.T) {
	f := &fakeOIDC{}
	h := newHarness(t, func(c *server.Config) { c.OIDC = f })
	f.user, _ = h.app.Accounts.ByEmail(context.Background(), "backoffice@demo.jeugdhulp.nl")
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(h.srv.URL + "/login/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(resp.Header.Get("Location"), "https://login.example.nl/") {
		t.Fatalf("start: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A forged state is refused and leaves no session.
	resp, _ = c.Get(h.srv.URL + "/login/oidc/callback?state=evil&code=c1")
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged state: %d", resp.StatusCode)
	}
	// The flow cookie is single use: start again, then complete.
	resp, _ = c.Get(h.srv.URL + "/login/oidc")
	resp.Body.Close()
	resp, _ = c.Get(h.srv.URL + "/login/oidc/callback?state=s1&code=c1")
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: %d", resp.StatusCode)
	}
	resp, _ = c.Get(h.srv.URL + "/")
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("after OIDC login the start page answers %d", resp.StatusCode)
	}
	// Without a stored flow the callback fails cleanly.
	resp, _ = http.Get(h.srv.URL + "/login/oidc/callback?state=s1&code=c1")
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("callback without flow: %d", resp.StatusCode)
	}
}

func TestGracefulShutdown(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		h.app.Handler.ServeHTTP(w, r)
	})
	errc := make(chan error, 1)
	go func() {
		errc <- server.Run(ctx, "127.0.0.1:0", slow, slog.New(slog.NewJSONHandler(&bytes.Buffer{}, nil)), func(a net.Addr) { addrc <- a })
	}()
	addr := <-addrc
	got := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + addr.String() + "/healthz")
		if err != nil {
			got <- 0
			return
		}
		resp.Body.Close()
		got <- resp.StatusCode
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	if code := <-got; code != 200 {
		t.Fatalf("in-flight request during shutdown: %d", code)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("Run: %v", err)
	}
}
