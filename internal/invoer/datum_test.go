package invoer

import (
	"strings"
	"testing"
	"time"
)

// nu is the instant the date tests run at: Saturday 5 December 2026, 10:00
// in Amsterdam.
var nu = time.Date(2026, time.December, 5, 9, 0, 0, 0, time.UTC)

func d(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// check runs a table of (case, message part) pairs; "" wants no message.
func check(t *testing.T, name string, got string, want string) {
	t.Helper()
	if want == "" && got != "" {
		t.Errorf("%s: unexpected message %q", name, got)
	}
	if want != "" && !strings.Contains(got, want) {
		t.Errorf("%s: message %q, want it to contain %q", name, got, want)
	}
}

func TestVandaagIsTheDutchDay(t *testing.T) {
	// 23:30 UTC on 5 December is 00:30 on 6 December in Amsterdam.
	if got := Vandaag(time.Date(2026, 12, 5, 23, 30, 0, 0, time.UTC)); !got.Equal(d("2026-12-06")) {
		t.Fatalf("Vandaag = %v", got)
	}
	if got := Dag(time.Date(2026, 12, 6, 0, 0, 0, 0, time.FixedZone("CET", 3600))); !got.Equal(d("2026-12-06")) {
		t.Fatalf("Dag keeps the day as typed: %v", got)
	}
}

func TestGeboortedatum(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2013-04-25", ""},
		{"2026-12-05", ""}, // born today
		{"2026-12-06", "toekomst"},
		{"9999-12-31", "toekomst"},
		{"1996-12-05", ""}, // exactly 30 years
		{"1996-12-04", "meer dan 30 jaar"},
		{"1900-01-01", "meer dan 30 jaar"},
		{"2008-02-29", ""}, // leap day
		{"", "JJJJ-MM-DD"},
	} {
		check(t, tc.in, Geboortedatum(d(tc.in), nu), tc.want)
	}
}

func TestEersteMelding(t *testing.T) {
	for _, tc := range []struct{ melding, geboorte, want string }{
		{"2026-12-01", "2013-04-25", ""},
		{"2026-12-05", "2013-04-25", ""},
		{"2026-12-06", "2013-04-25", "toekomst"},
		{"9999-12-31", "2013-04-25", "toekomst"},
		{"2024-12-05", "2013-04-25", ""}, // exactly 2 years back
		{"2024-12-04", "2013-04-25", "meer dan 2 jaar"},
		{"1900-01-01", "", "meer dan 2 jaar"},
		{"2026-03-01", "2026-06-01", "vóór de geboortedatum"}, // before the birth
		{"2026-06-01", "2026-06-01", ""},                      // on the day of birth
		{"2026-12-05", "2003-12-06", ""},                      // the day before the 23rd birthday
		{"2026-12-01", "2003-12-01", "23 jaar of ouder"},      // the 23rd birthday
		{"2026-02-28", "2004-02-29", ""},                      // a leap-day youth
		{"", "2013-04-25", "JJJJ-MM-DD"},
	} {
		check(t, tc.melding+" born "+tc.geboorte, EersteMelding(d(tc.melding), d(tc.geboorte), nu), tc.want)
	}
	// A youth born on 29 February 2004 turns 23 on 1 March 2027 (AgeOn).
	if got := Verjaardag(d("2004-02-29"), 23); !got.Equal(d("2027-03-01")) {
		t.Fatalf("23rd birthday of a leap-day youth: %v", got)
	}
	if got := Verjaardag(d("2008-02-29"), 16); !got.Equal(d("2024-02-29")) {
		t.Fatalf("16th birthday in a leap year: %v", got)
	}
}

func TestInTraject(t *testing.T) {
	const label = "de datum van ondertekening"
	for _, tc := range []struct{ datum, geboorte, melding, want string }{
		{"2026-12-05", "2013-04-25", "2026-12-01", ""},
		{"2026-12-06", "2013-04-25", "2026-12-01", "toekomst"},
		{"9999-12-31", "2013-04-25", "2026-12-01", "toekomst"},
		{"1900-01-01", "2013-04-25", "2026-12-01", "vóór de geboortedatum"},
		{"1900-01-01", "", "", ""}, // without the case's dates only the future is refused
		{"2013-04-24", "2013-04-25", "", "vóór de geboortedatum"},
		{"2026-09-01", "2013-04-25", "2026-12-01", ""}, // exactly 3 months before the eerste melding
		{"2026-08-31", "2013-04-25", "2026-12-01", "3 maanden vóór de eerste melding"},
		{"2025-12-01", "2013-04-25", "2026-12-01", "controleer het jaartal"},
		{"", "2013-04-25", "2026-12-01", "Vul de datum van ondertekening in"},
	} {
		got := InTraject(label, d(tc.datum), d(tc.geboorte), d(tc.melding), nu)
		check(t, tc.datum, got, tc.want)
		if got != "" && !strings.HasPrefix(got, "De datum") && !strings.HasPrefix(got, "Vul") {
			t.Errorf("message not capitalised: %q", got)
		}
	}
}

func TestUitspraak(t *testing.T) {
	for _, tc := range []struct{ datum, geboorte, want string }{
		{"2026-11-20", "2013-04-25", ""},
		{"2026-12-06", "2013-04-25", "toekomst"},
		{"2012-04-25", "2013-04-25", ""}, // a year before the birth: an unborn child's OTS
		{"2012-04-24", "2013-04-25", "meer dan een jaar vóór de geboortedatum"},
		{"1900-01-01", "", "meer dan 30 jaar"},
		{"", "", "Vul de datum van de uitspraak in"},
	} {
		check(t, tc.datum, Uitspraak(d(tc.datum), d(tc.geboorte), nu), tc.want)
	}
}

func TestStart(t *testing.T) {
	for _, tc := range []struct{ datum, want string }{
		{"2026-12-05", ""},
		{"2019-08-15", ""}, // the WSG bepaling before the JW315 duty
		{"2015-01-01", ""}, // the Jeugdwet's first day
		{"2014-12-31", "vóór 1 januari 2015"},
		{"1900-01-01", "vóór 1 januari 2015"},
		{"2027-12-05", ""}, // a year ahead
		{"2027-12-06", "meer dan een jaar vooruit"},
		{"9999-12-31", "meer dan een jaar vooruit"},
		{"", "Vul de start van de zorg in"},
	} {
		check(t, tc.datum, Start("de start van de zorg", d(tc.datum), nu), tc.want)
	}
}

func TestIngangsdatum(t *testing.T) {
	for _, tc := range []struct{ ingang, geboorte, want string }{
		{"2026-12-05", "2013-04-25", ""},
		{"2019-08-15", "2016-11-15", ""},
		{"2019-08-15", "2020-01-01", "vóór de geboortedatum"},
		{"2026-12-04", "2003-12-05", ""}, // the last day before the 23rd birthday
		{"2026-12-05", "2003-12-05", "23 jaar of ouder"},
		{"9999-12-31", "2013-04-25", "vooruit"},
		{"1900-01-01", "2013-04-25", "vóór 1 januari 2015"},
		{"", "2013-04-25", "Vul de ingangsdatum in"},
	} {
		check(t, tc.ingang, Ingangsdatum(d(tc.ingang), d(tc.geboorte), nu), tc.want)
	}
}

func TestEinddatumHorizon(t *testing.T) {
	for _, tc := range []struct{ eind, ingang, geboorte, want string }{
		{"", "2026-12-05", "2013-04-25", ""}, // open-ended
		{"2027-06-05", "2026-12-05", "2013-04-25", ""},
		{"2026-12-05", "2026-12-05", "2013-04-25", ""}, // one day
		{"2026-12-04", "2026-12-05", "2013-04-25", "vóór de ingangsdatum"},
		{"2031-12-05", "2026-12-05", "2013-04-25", ""}, // exactly 5 years
		{"2031-12-06", "2026-12-05", "2013-04-25", "5 jaar"},
		{"9999-12-31", "2026-12-05", "2013-04-25", "na 5 december 2031"},
		{"9999-12-31", "2026-12-05", "", "na 5 december 2031"},
		// 23rd birthday before the 5 years: the day before it is the horizon.
		{"2028-04-24", "2026-12-05", "2005-04-25", ""},
		{"2028-04-25", "2026-12-05", "2005-04-25", "na 24 april 2028"},
		// A leap-day youth turns 23 on 1 March 2027: the last day is 28 February.
		{"2027-02-28", "2026-12-05", "2004-02-29", ""},
		{"2027-03-01", "2026-12-05", "2004-02-29", "na 28 februari 2027"},
	} {
		check(t, tc.eind+" from "+tc.ingang, Einddatum(d(tc.eind), d(tc.ingang), d(tc.geboorte)), tc.want)
	}
}

func TestVerwachteEinddatum(t *testing.T) {
	for _, tc := range []struct{ datum, want string }{
		{"2027-06-05", ""},
		{"2026-12-05", ""},
		{"2026-12-04", "verleden"},
		{"2031-12-05", ""},
		{"2031-12-06", "meer dan 5 jaar"},
		{"9999-12-31", "meer dan 5 jaar"},
		{"", "Vul de verwachte einddatum in"},
	} {
		check(t, tc.datum, VerwachteEinddatum(d(tc.datum), nu), tc.want)
	}
}

func TestDatum(t *testing.T) {
	if got := Datum(d("2024-02-29")); got != "29 februari 2024" {
		t.Fatalf("Datum = %q", got)
	}
}
