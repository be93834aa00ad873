package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/api"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

// TestResponsesMatchOpenAPI calls every JSON route of the API on the demo
// region, as the roles that use it, and checks each answer against the
// document: no key the schema does not name, every required key, the
// documented types. A stored IPVA is also sent back as it was read.
func TestResponsesMatchOpenAPI(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	if _, err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	app := server.New(db, server.Config{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	srv := httptest.NewServer(app.Handler)
	t.Cleanup(srv.Close)
	doc := loadOpenAPI(t)

	tokens := map[string]string{}
	seen := map[string]bool{}
	// call sends body as JSON and returns the status, the Location header
	// and the decoded answer, checked against the route's documented
	// response (pattern is the route as registered) or, for a problem,
	// against the Probleem schema.
	call := func(email, method, pattern, path string, body any) (int, string, any) {
		t.Helper()
		tok, ok := tokens[email]
		if !ok {
			var err error
			if tok, err = app.Accounts.NewToken(ctx, email); err != nil {
				t.Fatal(err)
			}
			tokens[email] = tok
		}
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, srv.URL+path, rd)
		req.Header.Set("Authorization", "Bearer "+tok)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		ctype := resp.Header.Get("Content-Type")
		if resp.StatusCode == http.StatusNoContent {
			seen[method+" "+pattern] = true
			return resp.StatusCode, "", nil
		}
		v := readJSON(t, resp.Body)
		s := doc.responseSchema(t, method, pattern)
		if resp.StatusCode >= 300 {
			if ctype != "application/problem+json" {
				t.Fatalf("%s %s: %d with %s", method, path, resp.StatusCode, ctype)
			}
			s = &schema{Ref: "#/components/schemas/Probleem"}
		} else {
			seen[method+" "+pattern] = true
		}
		for _, e := range doc.checkValue(v, s, method+" "+path) {
			t.Error(e)
		}
		return resp.StatusCode, resp.Header.Get("Location"), v
	}
	get := func(email, pattern, path string) any {
		t.Helper()
		status, _, v := call(email, "GET", pattern, path, nil)
		if status != http.StatusOK {
			t.Fatalf("GET %s as %s: %d %v", path, email, status, v)
		}
		return v
	}

	const (
		toegang    = "toegang@demo.jeugdhulp.nl"
		aanbieder  = "aanbieder@demo.jeugdhulp.nl"
		backoffice = "backoffice@demo.jeugdhulp.nl"
		inkoop     = "inkoop@demo.jeugdhulp.nl"
	)
	for _, l := range demo.Logins() {
		get(l.Email, "/api/v1/account", "/api/v1/account")
		get(l.Email, "/api/v1/mijn-werk", "/api/v1/mijn-werk")
	}
	get(toegang, "/api/v1/organisaties", "/api/v1/organisaties")
	get(toegang, "/api/v1/wegwijzer", "/api/v1/wegwijzer?arrangement=2")
	get(toegang, "/api/v1/arrangementen", "/api/v1/arrangementen")
	for _, c := range get(toegang, "/api/v1/jeugdigen", "/api/v1/jeugdigen").([]any) {
		id := int64(c.(map[string]any)["id"].(float64))
		get(toegang, "/api/v1/jeugdigen/{id}", "/api/v1/jeugdigen/"+strconv.FormatInt(id, 10))
	}

	rows, err := db.Query(ctx, "SELECT id, step FROM trajectories ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	steps := map[int64]string{}
	for rows.Next() {
		var id int64
		var step string
		rows.Scan(&id, &step)
		steps[id] = step
	}
	rows.Close()
	shown := 0
	for id, step := range steps {
		base := "/api/v1/trajecten/" + strconv.FormatInt(id, 10)
		for _, who := range []string{toegang, aanbieder, backoffice, inkoop} {
			if status, _, _ := call(who, "GET", "/api/v1/trajecten/{id}", base, nil); status == http.StatusOK {
				shown++
			}
		}
		if step == "ipva" {
			get(toegang, "/api/v1/trajecten/{id}/ipva/ontbrekend", base+"/ipva/ontbrekend")
			// The IPVA as read is a valid IPVA to save.
			tr := get(toegang, "/api/v1/trajecten/{id}", base).(map[string]any)
			status, _, v := call(toegang, "PUT", "/api/v1/trajecten/{id}/ipva", base+"/ipva", map[string]any{"versie": tr["ipva_versie"], "ipva": tr["ipva"]})
			if status != http.StatusOK {
				t.Errorf("saving the IPVA as read: %d %v", status, v)
			}
		}
		if step == "besluit" {
			status, _, v := call(backoffice, "POST", "/api/v1/trajecten/{id}/besluit", base+"/besluit",
				map[string]any{"toegekend": true, "ingangsdatum": time.Now().Format("2006-01-02"), "motivering": "Passend."})
			if status != http.StatusOK {
				t.Errorf("decision: %d %v", status, v)
			}
			get(backoffice, "/api/v1/trajecten/{id}", base)
		}
	}
	if shown < len(steps) {
		t.Errorf("%d trajectory views for %d trajectories; the demo roles should see each at least once", shown, len(steps))
	}

	// A problem with field messages, and a new trajectory with its Location.
	if status, _, v := call(toegang, "POST", "/api/v1/jeugdigen", "/api/v1/jeugdigen", map[string]any{"bsn": "1"}); status != http.StatusUnprocessableEntity ||
		v.(map[string]any)["fouten"] == nil {
		t.Errorf("invalid youth: %d %v", status, v)
	}
	var tilburg int64
	db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&tilburg)
	if status, loc, v := call(toegang, "POST", "/api/v1/jeugdigen", "/api/v1/jeugdigen", map[string]any{"bsn": "123456782", "voornaam": "Daan", "achternaam": "Smit",
		"geboortedatum": "2015-03-01", "straat": "Markt", "huisnummer": "2", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": tilburg}); status != http.StatusCreated ||
		!strings.HasPrefix(loc, "/api/v1/jeugdigen/") {
		t.Errorf("new youth: %d %q %v", status, loc, v)
	}
	today := time.Now().Format("2006-01-02")
	status, loc, v := call(toegang, "POST", "/api/v1/trajecten", "/api/v1/trajecten", map[string]any{
		"jeugdige": map[string]any{"bsn": "321146487", "voornaam": "Noor", "achternaam": "Bos", "geboortedatum": time.Now().AddDate(-12, 0, 0).Format("2006-01-02"),
			"straat": "Markt", "huisnummer": "1", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": tilburg},
		"eerste_melding": today, "gezaghebbenden": []map[string]any{{"naam": "Els Bos", "relatie": "ouder", "gezag": true}},
	})
	if status != http.StatusCreated || !strings.HasPrefix(loc, "/api/v1/trajecten/") {
		t.Fatalf("start: %d %q %v", status, loc, v)
	}
	get(toegang, "/api/v1/trajecten/{id}", loc)

	for _, r := range api.Routes() {
		if r.Out != nil && !seen[r.Method+" "+r.Path] {
			t.Errorf("%s %s returns JSON but this test never called it", r.Method, r.Path)
		}
	}
}
