package client

import (
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		c          Client
		name       string
		vv, achter string
	}{
		{Client{GivenName: "Jan", Tussenvoegsel: "van der", FamilyName: "Berg", TussenvoegselKnown: true}, "Jan van der Berg", "van der", "Berg"},
		{Client{GivenName: "Yasmin", Tussenvoegsel: "el", FamilyName: "Amrani", TussenvoegselKnown: true}, "Yasmin el Amrani", "el", "Amrani"},
		// Recorded as having none: "El Amrani" stays whole.
		{Client{GivenName: "Yasmin", FamilyName: "El Amrani", TussenvoegselKnown: true}, "Yasmin El Amrani", "", "El Amrani"},
		{Client{GivenName: "Sam", FamilyName: "Jong", TussenvoegselKnown: true}, "Sam Jong", "", "Jong"},
		// A record from before the tussenvoegsel was asked: the old split.
		{Client{GivenName: "Sam", FamilyName: "de Jong"}, "Sam de Jong", "de", "Jong"},
		{Client{GivenName: "Tess", FamilyName: "van der Heijden"}, "Tess van der Heijden", "van der", "Heijden"},
	} {
		if got := tc.c.Name(); got != tc.name {
			t.Errorf("Name() = %q, want %q", got, tc.name)
		}
		if vv, an := tc.c.Geslachtsnaam(); vv != tc.vv || an != tc.achter {
			t.Errorf("%s: Geslachtsnaam() = %q, %q, want %q, %q", tc.name, vv, an, tc.vv, tc.achter)
		}
	}
	for _, tc := range []struct{ given, want string }{
		{"Anna Maria", "AM"}, {"jan-peter", "JP"}, {"Émile", "É"}, {"", ""}, {"A B C D E F G", "ABCDEF"},
	} {
		if got := Initials(tc.given); got != tc.want {
			t.Errorf("Initials(%q) = %q, want %q", tc.given, got, tc.want)
		}
	}
}

func TestRelationNames(t *testing.T) {
	r := Relation{Voornamen: "Anna Maria", Tussenvoegsel: "van der", Achternaam: "Berg"}
	if got := r.DisplayName(); got != "Anna Maria van der Berg" {
		t.Errorf("DisplayName() = %q", got)
	}
	if vv, an := r.Geslachtsnaam(); vv != "van der" || an != "Berg" {
		t.Errorf("Geslachtsnaam() = %q, %q", vv, an)
	}
	if r.Initials() != "AM" {
		t.Errorf("Initials() = %q", r.Initials())
	}
	// A relation recorded as one name, before the parts were asked.
	old := Relation{Name: "Kim de Jong"}
	if vv, an := old.Geslachtsnaam(); vv != "de" || an != "Jong" || old.GivenNames() != "Kim" || old.DisplayName() != "Kim de Jong" {
		t.Errorf("old relation: %q %q %q %q", vv, an, old.GivenNames(), old.DisplayName())
	}
	if vv, an := (Relation{Name: "Bakker"}).Geslachtsnaam(); vv != "" || an != "Bakker" {
		t.Errorf("one-word old relation: %q %q", vv, an)
	}
}

func TestCheckRelations(t *testing.T) {
	good := Relation{Voornamen: " Anna  Maria ", Tussenvoegsel: "van der", Achternaam: "Berg", Geslacht: "2", Relation: "ouder", Gezag: true,
		Phone: "+31 13 123 45 67", Email: "anna@voorbeeld.nl"}
	fe := FieldErrors{}
	rs := CheckRelations(fe, []Relation{good, {Achternaam: "Amrani", Tussenvoegsel: "el", Relation: "11", Voorletters: "k."}})
	if len(fe) > 0 {
		t.Fatalf("valid relations refused: %v", fe)
	}
	if rs[0].Soort != "10" || rs[0].Name != "Anna Maria van der Berg" || rs[0].Voornamen != "Anna Maria" || rs[0].Voorletters != "AM" {
		t.Errorf("first: %+v", rs[0])
	}
	if rs[1].Soort != "11" || rs[1].Relation != "voogd" || rs[1].Geslacht != GeslachtOnbekend || rs[1].Voorletters != "K" || rs[1].Name != "el Amrani" {
		t.Errorf("second: %+v", rs[1])
	}
	if PhoneDigits(rs[0].Phone) != "0131234567" || rs[0].TelNummer() != "+31131234567" {
		t.Errorf("PhoneDigits(%q) = %q", rs[0].Phone, PhoneDigits(rs[0].Phone))
	}
	for _, tc := range []struct {
		field, want string
		mut         func(*Relation)
	}{
		{"gezaghebbenden.1.achternaam", "Vul de achternaam van ouder of gezaghebbende 2 in.", func(r *Relation) { r.Achternaam = "\u200b" }},
		{"gezaghebbenden.1.geslacht", "Kies het geslacht van ouder of gezaghebbende 2", func(r *Relation) { r.Geslacht = "9" }},
		{"gezaghebbenden.1.relatie", "Kies de relatie van ouder of gezaghebbende 2", func(r *Relation) { r.Relation = "" }},
		{"gezaghebbenden.1.telefoon", "tien cijfers", func(r *Relation) { r.Phone = "12345" }},
		{"gezaghebbenden.1.email", "naam@voorbeeld.nl", func(r *Relation) { r.Email = "anna" }},
		{"gezaghebbenden.1.achternaam", "het veld naam wordt bij invoer niet gelezen", func(r *Relation) { r.Achternaam, r.Name = "", "Anna Berg" }},
		{"gezaghebbenden.1.tussenvoegsel", "(ouder of gezaghebbende 2)", func(r *Relation) { r.Tussenvoegsel = "van <b>" }},
	} {
		r := good
		tc.mut(&r)
		fe := FieldErrors{}
		CheckRelations(fe, []Relation{good, r})
		if !strings.Contains(fe[tc.field], tc.want) {
			t.Errorf("%s: %q, want %q (all %v)", tc.field, fe[tc.field], tc.want, fe)
		}
	}
}
