package document

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/rapport"
)

// TestRapportPrintsEveryFigure: the printed report holds each chart's
// title, definition and every figure of its table, the Dutch way, and its
// footer says it holds no personal data.
func TestRapportPrintsEveryFigure(t *testing.T) {
	var labels []string
	var venlo, regio []*float64
	for i := range 14 {
		labels = append(labels, []string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}[i%12]+" 2026")
		venlo = append(venlo, rapport.Getal(90+float64(i)/2))
		regio = append(regio, rapport.Getal(1234567.4+float64(i)))
	}
	venlo[3] = nil
	g := []rapport.Grafiek{
		{Titel: "Jeugdigen onder 12 met ouder", Eenheid: "%", Labels: labels, Toelichting: "Deel van de opnames van jeugdigen onder 12 samen met een ouder.",
			Reeksen: []rapport.Reeks{{Naam: "Venlo", Waarden: venlo}, {Naam: "Doel 2026", Doel: true, Waarden: repeat(95, 14)}}},
		{Titel: "Uitgaven", Eenheid: "€", Labels: labels, Reeksen: []rapport.Reeks{{Naam: "Regio", Waarden: regio}},
			Tabel: &rapport.Tabel{Titel: "Per gemeente", Kolommen: []string{"Gemeente", "Voorschot", "Afrekening"}, Rijen: [][]string{{"Gemeente Venlo", "€ 1.200.000", "€ -3.400"}}}},
	}
	var buf bytes.Buffer
	if err := Rapport(&buf, RapportKop{Regio: "Regio Noord- en Midden-Limburg", Afdeling: "Monitor jeugdhulp", Titel: "KPI's segment 1", Periode: "2026", Gemaakt: "05-12-2026 09:00"}, g); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("JEUGDHULP_DOCS_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "rapport.pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"KPI's segment 1", "Jeugdigen onder 12 met ouder", "Deel van de opnames", "90,0 %", "96,5 %", "95,0 %", "€ 1.234.567", "€ 1.234.580", "Per gemeente", "Gemeente Venlo", "€ -3.400", "Cijfers op regioniveau, zonder persoonsgegevens", "Regio Noord- en Midden-Limburg"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(text, footerNotice) {
		t.Error("a report of aggregates carries the client-data notice")
	}
	if strings.Count(text, "–") < 1 {
		t.Error("a missing figure is not shown as –")
	}
}

func repeat(v float64, n int) []*float64 {
	out := make([]*float64, n)
	for i := range out {
		out[i] = rapport.Getal(v)
	}
	return out
}
