package organisation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

func TestContactValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		kind  organisation.Kind
		in    organisation.Contact
		field string // "" means valid
	}{
		{"empty is fine", organisation.Toegang, organisation.Contact{}, ""},
		{"full", organisation.Gemeente, organisation.Contact{Adres: organisation.Postadres{Straat: "Stadhuisplein 130", Postcode: "5038TC", Plaats: "Tilburg"},
			Telefoon: "14 013", Bezwaar: organisation.Postadres{Straat: "Postbus 90155", Postcode: "5000 lh", Plaats: "Tilburg"}}, ""},
		{"postcode", organisation.Toegang, organisation.Contact{Adres: organisation.Postadres{Straat: "Markt 1", Postcode: "0123 AB", Plaats: "Vlijmen"}}, "postcode"},
		{"no street", organisation.Toegang, organisation.Contact{Adres: organisation.Postadres{Postcode: "5251 AB", Plaats: "Vlijmen"}}, "address"},
		{"no city", organisation.Toegang, organisation.Contact{Adres: organisation.Postadres{Straat: "Markt 1", Postcode: "5251 AB"}}, "city"},
		{"phone letters", organisation.Toegang, organisation.Contact{Telefoon: "bel maar"}, "phone"},
		{"phone short", organisation.Toegang, organisation.Contact{Telefoon: "112"}, "phone"},
		{"phone international", organisation.Aanbieder, organisation.Contact{Telefoon: "+31 13 542 00 00"}, ""},
		{"bezwaar only for a municipality", organisation.Toegang, organisation.Contact{Bezwaar: organisation.Postadres{Straat: "Postbus 1", Postcode: "5250 AA", Plaats: "Vlijmen"}}, "bezwaar_address"},
		{"bezwaar postcode", organisation.Gemeente, organisation.Contact{Bezwaar: organisation.Postadres{Straat: "Postbus 1", Postcode: "5250", Plaats: "Vlijmen"}}, "bezwaar_postcode"},
	} {
		fe := c.in.Validate(c.kind)
		switch {
		case c.field == "" && fe != nil:
			t.Errorf("%s: unexpected %v", c.name, fe)
		case c.field != "" && fe[c.field] == "":
			t.Errorf("%s: want a problem with %s, got %v", c.name, c.field, fe)
		}
	}
}

func TestContactStored(t *testing.T) {
	ctx := context.Background()
	s := &organisation.Store{DB: dbtest.New(t)}
	id, err := s.Create(ctx, organisation.Organisation{Name: "Gemeente Heusden", Kind: organisation.Gemeente, CBSCode: "0797",
		Contact: organisation.Contact{Adres: organisation.Postadres{Straat: "Vliedberg 1", Postcode: "5251 AN", Plaats: "Vlijmen"}}})
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if o.Adres.String() != "Vliedberg 1, 5251 AN Vlijmen" || o.Telefoon != "" || o.BezwaarAdres() != o.Adres {
		t.Errorf("created: %+v", o.Contact)
	}
	c := organisation.Contact{Adres: o.Adres, Telefoon: " 073 -  513 17 17 ", Bezwaar: organisation.Postadres{Straat: "Postbus 41", Postcode: "5250aa", Plaats: "Vlijmen"}}
	if err := s.SetContact(ctx, id, c); err != nil {
		t.Fatal(err)
	}
	o, _ = s.Get(ctx, id)
	if o.Telefoon != "073 - 513 17 17" || o.BezwaarAdres().String() != "Postbus 41, 5250 AA Vlijmen" {
		t.Errorf("after SetContact: %+v", o.Contact)
	}
	if got := o.BezwaarAdres().Regels(); len(got) != 2 || got[1] != "5250 AA  Vlijmen" {
		t.Errorf("Regels = %q", got)
	}
	var fe organisation.FieldErrors
	if err := s.SetContact(ctx, id, organisation.Contact{Telefoon: "x"}); !errors.As(err, &fe) || fe["phone"] == "" {
		t.Errorf("bad phone: %v", err)
	}
	if err := s.SetContact(ctx, 999, organisation.Contact{}); !errors.Is(err, organisation.ErrNotFound) {
		t.Errorf("unknown organisation: %v", err)
	}
}
