package toewijzing

import (
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// The JW301 carries the youth's recorded tussenvoegsel and geslacht and
// every parent with a phone number as Relatie; a parent without one is
// left out (OP130), a relation recorded as one name is split as before.
func TestJW301Relaties(t *testing.T) {
	r, f := testRequest(time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC))
	r.Client.GivenName, r.Client.Tussenvoegsel, r.Client.FamilyName, r.Client.TussenvoegselKnown, r.Client.Geslacht = "Yasmin", "el", "Amrani", true, "2"
	f.relations = []client.Relation{
		{ID: 11, Voornamen: "Anna Maria", Tussenvoegsel: "van der", Achternaam: "Berg", Geslacht: "2", Soort: "10", Gezag: true, Phone: "013 123 45 67", Email: "anna@voorbeeld.nl"},
		{ID: 12, Voornamen: "Karim", Achternaam: "Amrani", Tussenvoegsel: "el", Geslacht: "1", Soort: "10"},                // no phone
		{ID: 13, Name: "Kim de Jong", Relation: "ouder", Soort: "10", Geslacht: "0", Gezag: true, Phone: "+31 6 12345678"}, // an older row
	}
	ps, err := arrangement.IJwProducten(r.Arrangement, r.Intensiteit, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := buildJW301(r, f, Toewijzing{ID: 2, Nummer: 1_000_002, Ingangsdatum: r.Ingangsdatum}, ps, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	if fs := ijw.Validate(m); len(fs) > 0 {
		t.Fatalf("JW301 breaks %s: %s", fs[0].Rule.Code, fs[0].Msg)
	}
	c := m.Client
	if c.Geslacht != "2" || c.Naam.Geslachtsnaam != (ijw.Achternaam{Achternaam: "Amrani", Voorvoegsel: "el"}) {
		t.Errorf("youth: Geslacht %s Naam %+v", c.Geslacht, c.Naam.Geslachtsnaam)
	}
	if c.Relaties == nil || len(c.Relaties.Relatie) != 2 {
		t.Fatalf("Relaties: %+v", c.Relaties)
	}
	a, k := c.Relaties.Relatie[0], c.Relaties.Relatie[1]
	if a.Nummer != "11" || *a.Volgorde != 1 || a.Soort != "10" || a.Geslacht != "2" || a.Naam.Geslachtsnaam.Voorvoegsel != "van der" ||
		a.Naam.Voorletters != "AM" || a.Contact.Telefoon.Telefoon01.Telefoonnummer != "0131234567" || a.Contact.Emailadres != "anna@voorbeeld.nl" {
		t.Errorf("first Relatie: %+v", a)
	}
	if k.Nummer != "13" || *k.Volgorde != 2 || k.Naam.Geslachtsnaam != (ijw.Achternaam{Achternaam: "Jong", Voorvoegsel: "de"}) || k.Naam.Voornamen != "Kim" ||
		k.Contact.Telefoon.Telefoon01.Telefoonnummer != "0612345678" {
		t.Errorf("older relation: %+v", k)
	}
	// Without relations with a phone the message has no Relaties.
	f.relations = f.relations[1:2]
	if m := buildJW301(r, f, Toewijzing{ID: 2, Nummer: 1_000_002}, ps, time.Now()); m.Client.Relaties != nil {
		t.Errorf("Relaties without a phone: %+v", m.Client.Relaties)
	}
}
