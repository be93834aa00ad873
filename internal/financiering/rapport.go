package financiering

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/rapport"
)

// maandNamen are the months as the charts label them (the year is in
// the chart's title).
var maandNamen = [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// MaandNaam is month m (1–12) in Dutch, "januari".
func MaandNaam(m int) string {
	return [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}[m-1]
}

func (o Overzicht) labels() []string {
	// The year stands in every title; "jan" keeps a table row one line
	// high at 320 px.
	return maandNamen[:]
}

func euro(cents int64) *float64 { return rapport.Getal(float64(cents) / 100) }

// besteding is the chart of spending against the advance: the use summed
// from January (through the months with figures) and the advance pro rata
// as the target line.
func (o Overzicht) besteding(id, naam string, voorschot int64, besteed func(m int) int64) rapport.Grafiek {
	g := rapport.Grafiek{ID: id, Titel: fmt.Sprintf("Besteding tegen voorschot %d: %s", o.Jaar, naam), Eenheid: "€", Labels: o.labels(),
		Toelichting: "Het feitelijk gebruik van de zorg van de samenwerkingsverbanden, opgeteld vanaf januari, tegen het voorschot naar rato (voorschot × maanden / 12, gestippeld)."}
	b := rapport.Reeks{Naam: "Besteed", Waarden: make([]*float64, 12)}
	v := rapport.Reeks{Naam: "Voorschot naar rato", Waarden: make([]*float64, 12), Doel: true}
	for m := 1; m <= 12; m++ {
		if m <= o.Maanden {
			b.Waarden[m-1] = euro(besteed(m))
		}
		v.Waarden[m-1] = euro(NaarRato(voorschot, m))
	}
	g.Reeksen = []rapport.Reeks{b, v}
	return g
}

// Grafieken are the page's charts for the region (gemeenteID 0) or one of
// its municipalities: spending against the advance, and the actual use per
// month per consortium.
func (o Overzicht) Grafieken(gemeenteID int64) []rapport.Grafiek {
	naam, voorschot, besteed := "regio "+o.Regio, o.Totaal.Voorschot, o.Totaal.Besteed
	idx := -1
	for i, g := range o.Gemeenten {
		if g.ID == gemeenteID {
			idx, naam, voorschot, besteed = i, g.Naam, g.Voorschot, g.Besteed
		}
	}
	out := []rapport.Grafiek{o.besteding("besteding", naam, voorschot, besteed)}
	gebruik := rapport.Grafiek{ID: "gebruik", Titel: fmt.Sprintf("Feitelijk gebruik per maand %d: %s", o.Jaar, naam), Eenheid: "€", Labels: o.labels(),
		Toelichting: "Wat de gemeenten goedkeurden van de declaraties van de leden van elk samenwerkingsverband, per maand waarin de zorg is geleverd."}
	for _, c := range o.Consortia {
		r := rapport.Reeks{Naam: c.Kort(), Waarden: make([]*float64, 12)}
		for m := 1; m <= o.Maanden; m++ {
			v := c.PerMaand[m-1]
			if idx >= 0 {
				v = o.perMaandIn(c, idx, m)
			}
			r.Waarden[m-1] = euro(v)
		}
		gebruik.Reeksen = append(gebruik.Reeksen, r)
	}
	return append(out, gebruik)
}

// perMaandIn is consortium c's use in municipality i in month m; Bereken
// keeps per consortium only the year's sum per municipality, so it is
// derived from the monthly figures kept per consortium and municipality.
func (o Overzicht) perMaandIn(c ConsortiumCijfers, i, m int) int64 {
	if c.perGemeente == nil {
		return 0
	}
	return c.perGemeente[i][m-1]
}

// AlleGrafieken are the charts of the printed report: the region's, and
// spending against the advance for every municipality.
func (o Overzicht) AlleGrafieken() []rapport.Grafiek {
	out := o.Grafieken(0)
	for _, g := range o.Gemeenten {
		out = append(out, o.besteding(fmt.Sprintf("besteding-%d", g.ID), g.Naam, g.Voorschot, g.Besteed))
	}
	return out
}

// SchrijfCSV writes the year per municipality as CSV for a spreadsheet:
// semicolons, a decimal comma and a byte order mark as Dutch Excel reads
// them; the historical use, its share, the advance, the use per month and
// in total, the share by use, the settlement and the reserve, and a last
// row with the region's totals.
func (o Overzicht) SchrijfCSV(w io.Writer) error {
	io.WriteString(w, "\ufeff")
	c := csv.NewWriter(w)
	c.Comma, c.UseCRLF = ';', true
	kop := []string{"Gemeente", "CBS-code", "Historisch gebruik", "Aandeel (%)", "Voorschot"}
	for m := 1; m <= 12; m++ {
		kop = append(kop, "Gebruik "+MaandNaam(m))
	}
	kop = append(kop, "Gebruik totaal", "Aandeel naar gebruik", "Afrekening (+ betalen, - ontvangen)", "Uitname niet-gecontracteerd aanbod", "Lopende toewijzingen niet-gecontracteerd")
	c.Write(kop)
	rij := func(naam, cbs string, hist, aandeel, voorschot int64, per [12]int64, gebruik, naarGebruik, afr, uitname int64, lopend int) {
		r := []string{naam, cbs, csvBedrag(hist), strings.Replace(fmt.Sprintf("%.2f", float64(aandeel)/100), ".", ",", 1), csvBedrag(voorschot)}
		for m := 1; m <= 12; m++ {
			if m <= o.Maanden {
				r = append(r, csvBedrag(per[m-1]))
			} else {
				r = append(r, "")
			}
		}
		c.Write(append(r, csvBedrag(gebruik), csvBedrag(naarGebruik), csvBedrag(afr), csvBedrag(uitname), strconv.Itoa(lopend)))
	}
	var naarGebruik int64
	for _, g := range o.Gemeenten {
		rij(g.Naam, g.CBS, g.Historisch, g.Aandeel, g.Voorschot, g.PerMaand, g.Gebruik, g.AandeelGebruik, g.Afrekening, g.Uitname, g.LopendNGA)
		naarGebruik += g.AandeelGebruik
	}
	t := o.Totaal
	aandeel := int64(0)
	if o.HistorischCompleet {
		aandeel = 10000
	}
	rij("Totaal regio "+o.Regio, "", t.Historisch, aandeel, t.Voorschot, t.PerMaand, t.Gebruik, naarGebruik, t.Afrekening, t.Uitname, t.LopendNGA)
	c.Flush()
	return c.Error()
}

// csvBedrag is eurocent as Dutch Excel reads a number: 1234,56.
func csvBedrag(cents int64) string {
	return strings.ReplaceAll(declaratie.Bedrag(cents), ".", "")
}

// Rapportgrafieken are AlleGrafieken with each chart's key figures in its
// explanation, so that the printed report carries the lump sums, the
// advances, the provisional settlement and the reserve of the region and
// of every municipality.
func (o Overzicht) Rapportgrafieken() []rapport.Grafiek {
	gs := o.AlleGrafieken()
	tm := "nog geen maand"
	if o.Maanden > 0 {
		tm = MaandNaam(o.Maanden)
	}
	var ls []string
	for _, c := range o.Consortia {
		ls = append(ls, c.Naam+" "+declaratie.Euro(c.Lumpsum))
	}
	lumpsums := "geen samenwerkingsverbanden"
	if len(ls) > 0 {
		lumpsums = strings.Join(ls, "; ")
	}
	t := o.Totaal
	gs[0].Toelichting += fmt.Sprintf(" Lumpsum %d: %s; samen %s. Besteed tot en met %s: %s. Uitname voor nog lopend niet-gecontracteerd aanbod: %s (%d lopende toewijzingen).",
		o.Jaar, lumpsums, declaratie.Euro(t.Lumpsum), tm, declaratie.Euro(t.Besteed(o.Maanden)), declaratie.Euro(t.Uitname), t.LopendNGA)
	// The year per municipality as a table after the region's chart.
	tab := &rapport.Tabel{Titel: fmt.Sprintf("Per gemeente, %d", o.Jaar), Kolommen: []string{"Gemeente", "Voorschot", "Besteed t/m " + tm, afrekenLabel(o), "Uitname"}}
	for _, g := range o.Gemeenten {
		tab.Rijen = append(tab.Rijen, []string{g.Naam, declaratie.Euro(g.Voorschot), declaratie.Euro(g.Besteed(o.Maanden)), declaratie.Euro(g.Afrekening), declaratie.Euro(g.Uitname)})
	}
	gs[0].Tabel = tab
	for i, g := range o.Gemeenten {
		gr := &gs[2+i]
		gr.Toelichting = fmt.Sprintf("Voorschot %s (%s van het historisch gebruik). Besteed tot en met %s: %s. %s: %s. Uitname niet-gecontracteerd aanbod: %s.",
			declaratie.Euro(g.Voorschot), Procent(g.Aandeel), tm, declaratie.Euro(g.Besteed(o.Maanden)), afrekenLabel(o), Afrekenzin(g.Afrekening), declaratie.Euro(g.Uitname))
	}
	return gs
}

// afrekenLabel names the settlement: provisional while the year runs.
func afrekenLabel(o Overzicht) string {
	if o.Voorlopig() {
		return "Voorlopige afrekening"
	}
	return "Afrekening"
}

// Procent writes basis points as a percentage: 1234 → "12,34 %".
func Procent(bp int64) string {
	return fmt.Sprintf("%d,%02d %%", bp/100, bp%100)
}

// Afrekenzin says a settlement in words: positive the municipality pays
// the others, negative it receives.
func Afrekenzin(cents int64) string {
	switch {
	case cents > 0:
		return "betaalt " + declaratie.Euro(cents)
	case cents < 0:
		return "ontvangt " + declaratie.Euro(-cents)
	}
	return "€ 0,00"
}
