package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// TestCrawlTrajectoryRoutesAsEveryRole reads every trajectory through the UI
// and the API as every demo role: allowed exactly when the role reads client
// data and the organisation is linked to that trajectory; refused otherwise with a
// 404, and logged either way, one entry per request.
func TestCrawlTrajectoryRoutesAsEveryRole(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	// One trajectory of our own, so the crawl never depends on the demo data.
	toegang := h.apiAs("toegang@demo.jeugdhulp.nl")
	toegang.call("POST", "/api/v1/trajecten", map[string]any{
		"jeugdige": map[string]any{"bsn": "111222333", "voornaam": "Jip", "achternaam": "Kuiper", "geboortedatum": "2014-06-01",
			"straat": "Markt", "huisnummer": "2", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": h.orgID("Gemeente Tilburg")},
		"eerste_melding": "2026-11-01", "gezaghebbenden": []map[string]any{{"voornamen": "Lot", "achternaam": "Kuiper", "relatie": "ouder", "gezag": true}},
	}, http.StatusCreated)
	type tr struct{ id, client int64 }
	var trs []tr
	rows, err := h.db.Query(ctx, "SELECT id, client_id FROM trajectories ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var x tr
		rows.Scan(&x.id, &x.client)
		trs = append(trs, x)
	}
	rows.Close()
	for _, l := range demo.Logins() {
		t.Run(string(l.Role), func(t *testing.T) {
			b := h.login(l.Email)
			tok := h.token(l.Email)
			p := b.user.Principal("", "")
			for _, x := range trs {
				ok := p.CanReadClient() && h.linkedTrajectory(b.user.OrgID, x.id)
				want := map[bool]int{true: 200, false: 404}[ok]
				outcome := map[bool]string{true: access.Allowed, false: access.Refused}[ok]

				mark := h.lastID()
				body := b.get(fmt.Sprintf("/trajecten/%d", x.id), want)
				checkEntry(t, h, mark, b.user, x.client, "web", outcome, access.Lezen)
				if !ok && !strings.Contains(body, "Pagina niet gevonden") {
					t.Fatal("refusal is not the 404 page")
				}
				mark = h.lastID()
				resp, _ := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d", x.id), tok, "", "")
				if resp.StatusCode != want {
					t.Fatalf("API trajectory %d: %d, want %d", x.id, resp.StatusCode, want)
				}
				checkEntry(t, h, mark, b.user, x.client, "api", outcome, access.Lezen)
			}
		})
	}
}

func TestTrajectoryDocuments(t *testing.T) {
	h := newHarness(t)
	toegang := h.apiAs("toegang@demo.jeugdhulp.nl")
	out := toegang.call("POST", "/api/v1/trajecten", map[string]any{
		"jeugdige": map[string]any{"bsn": "111222333", "voornaam": "Zoë", "achternaam": "Ëlst", "geboortedatum": "2012-06-01",
			"straat": "Markt", "huisnummer": "2", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": h.orgID("Gemeente Tilburg")},
		"eerste_melding": "2026-11-01", "gezaghebbenden": []map[string]any{{"voornamen": "Lot", "achternaam": "Ëlst", "relatie": "ouder", "gezag": true}},
	}, http.StatusCreated)
	id := int64(out["id"].(float64))
	b := h.login("toegang@demo.jeugdhulp.nl")
	for _, kind := range []string{"ipva.pdf", "dat-brief.pdf"} {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/trajecten/%d/documenten/%s", h.srv.URL, id, kind), nil)
		resp, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var head [5]byte
		resp.Body.Read(head[:])
		resp.Body.Close()
		cd := resp.Header.Get("Content-Disposition")
		if resp.StatusCode != 200 || string(head[:]) != "%PDF-" || strings.Contains(cd, "Ëlst") || strings.Contains(cd, "111222333") {
			t.Fatalf("%s: %d %q %s", kind, resp.StatusCode, head, cd)
		}
	}
	// No beschikking before a decision; a provider without consent gets nothing.
	b.get(fmt.Sprintf("/trajecten/%d/documenten/beschikking.pdf", id), http.StatusNotFound)
	h.login("aanbieder@demo.jeugdhulp.nl").get(fmt.Sprintf("/trajecten/%d/documenten/ipva.pdf", id), http.StatusNotFound)
}
