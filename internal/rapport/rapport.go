// Package rapport holds the region's figures as reports: charts over time
// with the table of their figures (Grafiek), written as CSV and laid out
// by the web pages (uPlot) and as PDF (package document) for the
// governance meetings. It knows nothing about where the figures come from.
package rapport

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
)

// Grafiek is a chart over time with the table of its figures: the
// dashboards draw it with uPlot (internal/web/static/grafiek.js) and always print the
// table beside it, so the figures stay readable without JavaScript, to a
// screen reader and on paper.
type Grafiek struct {
	ID      string   // the element id, unique on the page
	Titel   string   // the caption
	Eenheid string   // "%", "dagen", "€" or "" for a count
	Labels  []string // one per point on the x axis (a month or a year)
	Reeksen []Reeks
	// Toelichting says what the figure counts (the KPI's definition).
	Toelichting string
	// Tabel is a further table printed after the chart's own (the year
	// per municipality, say); nil: none.
	Tabel *Tabel
}

// Tabel is a table of figures already written out: a header and rows of
// cells, the first column naming the row.
type Tabel struct {
	Titel    string
	Kolommen []string
	Rijen    [][]string
}

// Reeks is one line of a chart: a municipality, a consortium, the region,
// or a target (Doel: drawn dashed).
type Reeks struct {
	Naam    string
	Waarden []*float64 // nil: no figure for that point (nothing to count)
	Doel    bool
}

// Getal returns a pointer to v, for a Reeks's Waarden.
func Getal(v float64) *float64 { return &v }

// Cijfer writes a figure the Dutch way: a decimal comma, one decimal for
// percentages and days, whole euros with a thousands dot, "–" for none.
func Cijfer(v *float64, eenheid string) string {
	if v == nil || math.IsNaN(*v) {
		return "–"
	}
	switch eenheid {
	case "€":
		return "€ " + duizendtallen(int64(math.Round(*v)))
	case "%":
		return decimaal(*v, 1) + " %"
	case "":
		if *v == math.Trunc(*v) {
			return duizendtallen(int64(*v))
		}
		return decimaal(*v, 1)
	default:
		return decimaal(*v, 1) + " " + eenheid
	}
}

func decimaal(v float64, prec int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', prec, 64), ".", ",", 1)
}

func duizendtallen(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// WriteCSV writes charts as one CSV table for a spreadsheet: a row per
// chart, series and period, with the figure as a number without a unit
// sign so that it can be calculated with. It is written as Dutch Excel
// reads it (NewCSV): semicolons, a decimal comma, a byte order mark; a
// first line names the columns.
func WriteCSV(w io.Writer, grafieken []Grafiek) error {
	cw, err := NewCSV(w)
	if err != nil {
		return err
	}
	if err := cw.Write([]string{"onderdeel", "reeks", "periode", "waarde", "eenheid"}); err != nil {
		return err
	}
	for _, g := range grafieken {
		for _, r := range g.Reeksen {
			for i, l := range g.Labels {
				v := ""
				if i < len(r.Waarden) && r.Waarden[i] != nil && !math.IsNaN(*r.Waarden[i]) {
					v = Getaltekst(*r.Waarden[i])
				}
				if err := cw.Write([]string{csvSafe(g.Titel), csvSafe(r.Naam), csvSafe(l), v, g.Eenheid}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a leading =, +, - or @ gets an apostrophe.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// NewCSV starts a CSV file as Dutch Excel reads it: a byte order mark (so
// ë and € survive), semicolons between cells and CRLF line ends.
func NewCSV(w io.Writer) (*csv.Writer, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	return cw, nil
}

// Getaltekst is a number for a Dutch spreadsheet: a decimal comma, no
// thousands separator, at most four decimals.
func Getaltekst(v float64) string {
	s := strconv.FormatFloat(v, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}
