package rapport

import (
	"math"
	"strings"
	"testing"
)

func TestCijfer(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		v       *float64
		eenheid string
		want    string
	}{
		{nil, "%", "–"},
		{&nan, "", "–"},
		{Getal(95), "%", "95,0 %"},
		{Getal(94.96), "%", "95,0 %"},
		{Getal(12.26), "dagen", "12,3 dagen"},
		{Getal(1234567.6), "€", "€ 1.234.568"},
		{Getal(-1500), "€", "€ -1.500"},
		{Getal(999), "€", "€ 999"},
		{Getal(42), "", "42"},
		{Getal(2.5), "", "2,5"},
	} {
		if got := Cijfer(c.v, c.eenheid); got != c.want {
			t.Errorf("Cijfer(%v, %q) = %q, want %q", c.v, c.eenheid, got, c.want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	var b strings.Builder
	err := WriteCSV(&b, []Grafiek{{Titel: "Wachttijd", Eenheid: "dagen", Labels: []string{"jan 2026", "feb 2026"},
		Reeksen: []Reeks{{Naam: "=Venlo", Waarden: []*float64{Getal(12.5), nil}}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffonderdeel;reeks;periode;waarde;eenheid\r\nWachttijd;'=Venlo;jan 2026;12,5;dagen\r\nWachttijd;'=Venlo;feb 2026;;dagen\r\n"
	if b.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestGetaltekst(t *testing.T) {
	for v, want := range map[float64]string{12.5: "12,5", 100: "100", 2.0 / 3: "0,6667", -3.25: "-3,25", 0: "0"} {
		if got := Getaltekst(v); got != want {
			t.Errorf("Getaltekst(%v) = %q, want %q", v, got, want)
		}
	}
}
