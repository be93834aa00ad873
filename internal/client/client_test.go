package client

import (
	"testing"
	"time"
)

func TestValidBSN(t *testing.T) {
	for _, tc := range []struct {
		bsn  string
		want bool
	}{
		{"111222333", true},  // 9+8+7+12+10+8+9+6-3 = 66
		{"123456782", true},  // the textbook example
		{"123456789", false}, // last digit wrong
		{"000000000", false}, // sums to 0
		{"11122233", false},  // eight digits
		{"1112223334", false},
		{"11122233a", false},
		{"", false},
	} {
		if got := ValidBSN(tc.bsn); got != tc.want {
			t.Errorf("ValidBSN(%q) = %v, want %v", tc.bsn, got, tc.want)
		}
	}
}

func TestAgeOnBirthdays(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	for _, tc := range []struct {
		birth, on string
		want      int
	}{
		{"2014-05-10", "2026-05-09", 11},
		{"2014-05-10", "2026-05-10", 12},
		{"2010-05-10", "2026-05-10", 16},
		{"2012-02-29", "2026-02-28", 13},
		{"2012-02-29", "2026-03-01", 14},
	} {
		if got := AgeOn(d(tc.birth), d(tc.on)); got != tc.want {
			t.Errorf("AgeOn(%s, %s) = %d, want %d", tc.birth, tc.on, got, tc.want)
		}
	}
}

func TestInputValidate(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	good := Input{BSN: "111222333", GivenName: "Sanne", FamilyName: "de Vries", BirthDate: "2013-04-25",
		Street: "Stationsstraat", HouseNumber: "12a", Postcode: "5038ab", City: "Tilburg", MunicipalityID: 1}
	c, fe := good.Validate(today)
	if fe != nil {
		t.Fatalf("valid input rejected: %v", fe)
	}
	if c.Postcode != "5038 AB" {
		t.Errorf("postcode normalised to %q", c.Postcode)
	}
	for _, tc := range []struct {
		field string
		mut   func(*Input)
	}{
		{"bsn", func(i *Input) { i.BSN = "123456789" }},
		{"voornaam", func(i *Input) { i.GivenName = "  " }},
		{"achternaam", func(i *Input) { i.FamilyName = "<script>" }},
		{"geboortedatum", func(i *Input) { i.BirthDate = "25-04-2013" }},
		{"geboortedatum", func(i *Input) { i.BirthDate = "2027-01-01" }},
		{"postcode", func(i *Input) { i.Postcode = "0123 AB" }},
		{"huisnummer", func(i *Input) { i.HouseNumber = "" }},
		{"gemeente_id", func(i *Input) { i.MunicipalityID = 0 }},
	} {
		in := good
		tc.mut(&in)
		_, fe := in.Validate(today)
		if fe[tc.field] == "" {
			t.Errorf("%s: no message for field %s (got %v)", tc.field, tc.field, fe)
		}
	}
}
