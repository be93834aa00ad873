package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
)

// TestEveryRefusalLoggedOnce takes every refusal path once and counts the
// access-log entries it wrote: exactly one each, with the outcome refused
// (or failed, for a step the gate let through and the route refused).
func TestEveryRefusalLoggedOnce(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	// A Toegang trajectory the provider is not linked to, and one that has
	// a JW301 (the demo's allocated case).
	var notLinked, allocated int64
	h.db.QueryRow(ctx, `SELECT MIN(t.id) FROM trajectories t WHERE t.route = 'toegang' AND NOT EXISTS
		(SELECT 1 FROM trajectory_links l WHERE l.trajectory_id = t.id AND l.organisation_id = ?)`, h.orgID("De Hoeve Jeugdhulp")).Scan(&notLinked)
	h.db.QueryRow(ctx, "SELECT MIN(trajectory_id) FROM ijw_messages WHERE type = 'JW301'").Scan(&allocated)
	if notLinked == 0 || allocated == 0 {
		t.Fatalf("demo data: not linked %d, allocated %d", notLinked, allocated)
	}
	aanbieder := h.login("aanbieder@demo.jeugdhulp.nl")
	aanbiederTok := h.token("aanbieder@demo.jeugdhulp.nl")
	gw := h.login("gedragswetenschapper@demo.jeugdhulp.nl")
	gwTok := h.token("gedragswetenschapper@demo.jeugdhulp.nl")
	crisisTok := h.token("crisis@demo.jeugdhulp.nl")
	toegang := h.login("toegang@demo.jeugdhulp.nl")
	register := `{"jeugdige":{"bsn":"321146487","voornaam":"Noor","achternaam":"Bos","geboortedatum":"2014-01-01","straat":"Markt","huisnummer":"1","postcode":"5000AA","woonplaats":"Tilburg","gemeente_id":%d},"eerste_melding":"2026-11-30","gezaghebbenden":[{"voornamen":"Els","achternaam":"Bos","relatie":"ouder","gezag":true}]}`

	paths := []struct {
		name    string
		do      func() int
		want    int
		outcome string
	}{
		{"UI: a trajectory not linked", func() int { return status(aanbieder.c, h.srv.URL+fmt.Sprintf("/trajecten/%d", notLinked)) }, 404, access.Refused},
		{"API: a trajectory not linked", func() int {
			r, _ := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d", notLinked), aanbiederTok, "", "")
			return r.StatusCode
		}, 404, access.Refused},
		{"UI: a message with a part the role may not see", func() int {
			return status(gw.c, h.srv.URL+fmt.Sprintf("/trajecten/%d/documenten/jw301.xml", allocated))
		}, 404, access.Refused},
		{"API: a document with a part the role may not see", func() int {
			r, _ := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/beschikking", allocated), gwTok, "", "")
			return r.StatusCode
		}, 404, access.Refused},
		{"API: registration by a role on no route (a BSN probe)", func() int {
			r, _ := h.api("POST", "/api/v1/trajecten", crisisTok, "application/json", fmt.Sprintf(register, h.orgID("Gemeente Tilburg")))
			return r.StatusCode
		}, 409, access.Refused},
		{"UI: an access-log search by a role without the right", func() int {
			return postStatus(toegang, "/toegangslog/zoek", url.Values{"csrf": {toegang.csrf}, "bsn": {"321146487"}})
		}, 404, access.Refused},
		{"API: a purpose outside the role's list", func() int {
			r, _ := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d?doel=privacy-onderzoek", notLinked), crisisTok, "", "")
			return r.StatusCode
		}, 422, access.Refused},
		{"API: consent recorded by the gedragswetenschapper", func() int {
			r, _ := h.api("POST", fmt.Sprintf("/api/v1/trajecten/%d/toestemmingen", notLinked), gwTok, "application/json",
				fmt.Sprintf(`{"aanbieder_id":%d,"vorm":"mondeling","gegeven_door":"Els","gegeven_op":"2026-12-01"}`, h.orgID("De Hoeve Jeugdhulp")))
			return r.StatusCode
		}, 409, access.Failed},
	}
	for _, c := range paths {
		mark := h.lastID()
		if got := c.do(); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
			continue
		}
		es := h.entriesSince(mark)
		if len(es) != 1 || es[0].Outcome != c.outcome {
			t.Errorf("%s: %d entries %+v, want exactly one %s", c.name, len(es), es, c.outcome)
		}
	}
	// The privacy officer's BSN look-up is logged too, found or not.
	privacy := h.login("privacy@demo.jeugdhulp.nl")
	var bsn string
	h.db.QueryRow(ctx, "SELECT bsn FROM clients ORDER BY id LIMIT 1").Scan(&bsn)
	for _, b := range []string{bsn, "111222333"} {
		mark := h.lastID()
		postStatus(privacy, "/toegangslog/zoek", url.Values{"csrf": {privacy.csrf}, "bsn": {b}, "doel": {"privacy-onderzoek"}})
		if es := h.entriesSince(mark); len(es) != 1 || es[0].Object != "toegangslog.zoeken" || es[0].Outcome != access.Allowed {
			t.Errorf("look-up of %s: %+v, want one allowed toegangslog.zoeken entry", b, es)
		}
	}
}

func status(c *http.Client, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func postStatus(b *browser, path string, form url.Values) int {
	resp, err := b.c.PostForm(b.h.srv.URL+path, form)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
