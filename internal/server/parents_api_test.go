package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// parentsStart is a request for help for Yasmin el Amrani with two parents:
// a mother with gezag and a "van der" name, a father without gezag.
func parentsStart(h *harness, today time.Time) map[string]any {
	return map[string]any{
		"jeugdige": map[string]any{"bsn": "231415928", "voornaam": "Yasmin", "tussenvoegsel": "el", "achternaam": "Amrani", "geslacht": "2",
			"geboortedatum": today.AddDate(-13, 0, -20).Format("2006-01-02"),
			"straat":        "Markt", "huisnummer": "1", "postcode": "5038AB", "woonplaats": "Tilburg", "gemeente_id": h.orgID("Gemeente Tilburg")},
		"eerste_melding": today.AddDate(0, 0, -3).Format("2006-01-02"),
		"gezaghebbenden": []map[string]any{
			{"voornamen": "Anna Maria", "tussenvoegsel": "van der", "achternaam": "Berg", "geslacht": "2", "relatie": "ouder", "gezag": true,
				"telefoon": "013 123 45 67", "email": "anna@voorbeeld.nl"},
			{"voornamen": "Karim", "tussenvoegsel": "el", "achternaam": "Amrani", "geslacht": "1", "relatie": "11", "gezag": false,
				"telefoon": "+31 6 12345678"},
		},
	}
}

// TestParentsThroughTheAPI registers a youth with two parents through the
// API, walks the case to its allocation and reads the stored JW301: the
// youth's Geslacht and Voorvoegsel as recorded, and both parents as
// Relatie with their Voorvoegsel, Geslacht and Soort; the message passes
// the repository's validator and xmllint against the XSD.
func TestParentsThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	today := time.Now().UTC()
	toegang, bo := h.apiAs("toegang@demo.jeugdhulp.nl"), h.apiAs("backoffice@demo.jeugdhulp.nl")
	id := int64(toegang.call("POST", "/api/v1/trajecten", parentsStart(h, today), http.StatusCreated)["id"].(float64))
	base := fmt.Sprintf("/api/v1/trajecten/%d", id)

	v := toegang.call("GET", base, nil, http.StatusOK)
	j := v["jeugdige"].(map[string]any)
	if j["tussenvoegsel"] != "el" || j["achternaam"] != "Amrani" || j["geslacht"] != "2" {
		t.Fatalf("youth as stored: %v", j)
	}
	ps, _ := v["gezaghebbenden"].([]any)
	if len(ps) != 2 {
		t.Fatalf("parents as stored: %v", v["gezaghebbenden"])
	}
	p1, p2 := ps[0].(map[string]any), ps[1].(map[string]any)
	if p1["naam"] != "Anna Maria van der Berg" || p1["soort_relatie"] != "10" || p1["telefoon"] != "013 123 45 67" || p1["gezag"] != true {
		t.Errorf("first parent: %v", p1)
	}
	if p2["naam"] != "Karim el Amrani" || p2["relatie"] != "voogd" || p2["soort_relatie"] != "11" || p2["gezag"] != false {
		t.Errorf("second parent: %v", p2)
	}

	walk, err := demo.NewWalker(ctx, h.db, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(ctx, id, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	resp, xml := h.api("GET", base+"/jw301", bo.token, "", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("jw301: %d %s", resp.StatusCode, xml)
	}
	var stored string
	if err := h.db.QueryRow(ctx, "SELECT xml FROM ijw_messages WHERE type = 'JW301' AND toewijzing_id = (SELECT id FROM toewijzingen WHERE trajectory_id = ?)", id).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != xml {
		t.Errorf("the API's JW301 differs from the stored one")
	}
	m, err := ijw.Decode(strings.NewReader(stored))
	if err != nil {
		t.Fatalf("JW301 fails the XSD: %v", err)
	}
	if f := ijw.Validate(m); len(f) > 0 {
		t.Fatalf("JW301 breaks %s: %s", f[0].Rule.Code, f[0].Msg)
	}
	xmllintCheck(t, "JW301", stored)
	c := m.(*ijw.JW301).Client
	if c.Geslacht != "2" || c.Naam.Geslachtsnaam.Voorvoegsel != "el" || c.Naam.Geslachtsnaam.Achternaam != "Amrani" {
		t.Errorf("youth in the JW301: Geslacht %q, Geslachtsnaam %+v", c.Geslacht, c.Naam.Geslachtsnaam)
	}
	if c.Relaties == nil || len(c.Relaties.Relatie) != 2 {
		t.Fatalf("JW301 Relaties: %+v", c.Relaties)
	}
	for i, want := range []struct{ soort, geslacht, vv, an, voornamen, voorletters, tel string }{
		{"10", "2", "van der", "Berg", "Anna Maria", "AM", "0131234567"},
		{"11", "1", "el", "Amrani", "Karim", "K", "0612345678"},
	} {
		r := c.Relaties.Relatie[i]
		n := r.Naam
		if r.Soort != want.soort || r.Geslacht != want.geslacht || n.Geslachtsnaam.Voorvoegsel != want.vv || n.Geslachtsnaam.Achternaam != want.an ||
			n.Voornamen != want.voornamen || n.Voorletters != want.voorletters {
			t.Errorf("Relatie %d: Soort %s Geslacht %s Naam %+v, want %+v", i+1, r.Soort, r.Geslacht, n, want)
		}
		if r.Volgorde == nil || *r.Volgorde != int64(i+1) || r.Nummer == "" {
			t.Errorf("Relatie %d: Nummer %q Volgorde %v", i+1, r.Nummer, r.Volgorde)
		}
		if r.Contact.Telefoon == nil || r.Contact.Telefoon.Telefoon01.Telefoonnummer != want.tel {
			t.Errorf("Relatie %d: Contact %+v", i+1, r.Contact)
		}
	}
	if c.Relaties.Relatie[0].Nummer == c.Relaties.Relatie[1].Nummer {
		t.Errorf("two relations with Nummer %s (OP071)", c.Relaties.Relatie[0].Nummer)
	}
	if c.Relaties.Relatie[0].Contact.Emailadres != "anna@voorbeeld.nl" {
		t.Errorf("e-mail of the first parent: %q", c.Relaties.Relatie[0].Contact.Emailadres)
	}
}

// TestParentsRefusedInput: a parent without achternaam, an unknown
// geslacht or relation, a phone that is no number get a Dutch message
// under the parent's own field.
func TestParentsRefusedInput(t *testing.T) {
	h := newHarness(t)
	today := time.Now().UTC()
	toegang := h.apiAs("toegang@demo.jeugdhulp.nl")
	for _, tc := range []struct {
		name, field, text string
		mut               func(m map[string]any)
	}{
		{"second parent without achternaam", "gezaghebbenden.1.achternaam", "Vul de achternaam van ouder of gezaghebbende 2 in.",
			func(m map[string]any) { parent(m, 1)["achternaam"] = " " }},
		{"unknown geslacht of a parent", "gezaghebbenden.0.geslacht", "Kies het geslacht van ouder of gezaghebbende 1",
			func(m map[string]any) { parent(m, 0)["geslacht"] = "3" }},
		{"unknown geslacht of the youth", "geslacht", "Kies het geslacht van de jeugdige",
			func(m map[string]any) { m["jeugdige"].(map[string]any)["geslacht"] = "x" }},
		{"unknown relation", "gezaghebbenden.0.relatie", "Kies de relatie van ouder of gezaghebbende 1",
			func(m map[string]any) { parent(m, 0)["relatie"] = "buurvrouw" }},
		{"phone of letters", "gezaghebbenden.1.telefoon", "Vul het telefoonnummer van ouder of gezaghebbende 2 in",
			func(m map[string]any) { parent(m, 1)["telefoon"] = "bel maar" }},
		{"tussenvoegsel too long", "gezaghebbenden.0.tussenvoegsel", "hoogstens 10 tekens",
			func(m map[string]any) { parent(m, 0)["tussenvoegsel"] = "van der van den" }},
		{"no parent", "gezaghebbenden", "Vul minstens één ouder of gezaghebbende in.",
			func(m map[string]any) { m["gezaghebbenden"] = []map[string]any{} }},
	} {
		m := parentsStart(h, today)
		tc.mut(m)
		out := toegang.call("POST", "/api/v1/trajecten", m, http.StatusUnprocessableEntity)
		fe, _ := out["fouten"].(map[string]any)
		if msg, _ := fe[tc.field].(string); !strings.Contains(msg, tc.text) {
			t.Errorf("%s: fouten[%s] = %q, want %q (all: %v)", tc.name, tc.field, msg, tc.text, fe)
		}
	}
}

func parent(m map[string]any, i int) map[string]any {
	return m["gezaghebbenden"].([]map[string]any)[i]
}
