package document

import (
	"fmt"
	"io"
	"math"

	"github.com/jeugdhulp/jeugdhulp/internal/rapport"
)

// RapportKop is what a printed report says about itself: who made it for
// whom, and over what.
type RapportKop struct {
	Regio    string // "Regio Noord- en Midden-Limburg": the letterhead
	Afdeling string // "Monitor jeugdhulp"
	Titel    string // "Kritische prestatie-indicatoren segment 1"
	Periode  string // "januari 2026 tot en met december 2026"
	Gemaakt  string // "05-12-2026 09:14"
}

// seriesColours are the charts' line colours, the same as on screen.
var seriesColours = [][3]int{{0x1f, 0x5f, 0x9e}, {0xb3, 0x54, 0x1e}, {0x2e, 0x7d, 0x32}, {0x6a, 0x1b, 0x9a}, {0x00, 0x83, 0x8f}, {0xc6, 0x28, 0x28}, {0x5d, 0x40, 0x37}, {0x45, 0x5a, 0x64}}

// Rapport writes charts with their tables as a PDF for the governance
// meetings (seed 004: werkgroep Financiën en Monitoring, ORO, SBO): per
// chart its definition, a line chart with the targets dashed, and the
// table of its figures. Reports hold aggregates only, never a youth.
func Rapport(w io.Writer, kop RapportKop, grafieken []rapport.Grafiek) error {
	m := meta{afzender: Afzender{Gemeente: kop.Regio, Afdeling: kop.Afdeling}, titel: kop.Titel,
		notice: "Cijfers op regioniveau, zonder persoonsgegevens"}
	return render(w, m, func(d *doc) {
		d.title(kop.Titel)
		if kop.Periode != "" {
			d.row("Periode", kop.Periode)
		}
		if kop.Gemaakt != "" {
			d.row("Gemaakt op", kop.Gemaakt)
		}
		for _, g := range grafieken {
			d.grafiek(g)
		}
	})
}

// grafiek prints one chart: heading, definition, the lines, the table.
func (d *doc) grafiek(g rapport.Grafiek) {
	const chartH = 55.0
	d.keep(lineH*3 + chartH + 10)
	d.heading(g.Titel)
	if g.Toelichting != "" {
		d.para(g.Toelichting)
	}
	d.lines(g, chartH)
	d.table(g)
	if g.Tabel != nil {
		d.vrijeTabel(*g.Tabel)
	}
}

// vrijeTabel prints a table of written-out cells: a wrapped header, the
// first column left and the others right aligned.
func (d *doc) vrijeTabel(t rapport.Tabel) {
	f := d.f
	if len(t.Kolommen) == 0 {
		return
	}
	d.keep(lineH * 4)
	if t.Titel != "" {
		d.font("B", 8.5)
		d.color(colAccent)
		f.SetX(marginL)
		f.CellFormat(contentW, lineH, fit(f, t.Titel, contentW), "", 1, "L", false, 0, "")
		d.color(colText)
	}
	// The first column as wide as its widest cell, at most a third.
	d.font("", 7.5)
	firstW := 20.0
	for _, r := range t.Rijen {
		if len(r) > 0 {
			firstW = max(firstW, f.GetStringWidth(r[0])+3)
		}
	}
	firstW = min(firstW, contentW*0.34)
	colW := (contentW - firstW) / float64(max(1, len(t.Kolommen)-1))
	width := func(i int) float64 {
		if i == 0 {
			return firstW
		}
		return colW
	}
	const cellH = 3.4
	header := func() {
		d.font("B", 7.5)
		d.fill(colShade)
		names := make([][]string, len(t.Kolommen))
		lines := 1
		for i, k := range t.Kolommen {
			names[i] = d.split(k, width(i)-1.5)
			lines = max(lines, len(names[i]))
		}
		h := float64(lines)*cellH + 1.2
		y0 := f.GetY()
		f.Rect(marginL, y0, contentW, h, "F")
		x := marginL
		for i := range t.Kolommen {
			top := y0 + h - float64(len(names[i]))*cellH - 0.6
			align := "R"
			if i == 0 {
				align = "L"
			}
			for j, l := range names[i] {
				f.SetXY(x, top+float64(j)*cellH)
				f.CellFormat(width(i), cellH, l, "", 0, align, false, 0, "")
			}
			x += width(i)
		}
		f.SetXY(marginL, y0+h)
	}
	header()
	d.font("", 7.5)
	rowH := 4.6
	for _, r := range t.Rijen {
		if f.GetY()+rowH > bodyBottom {
			f.AddPage()
			header()
			d.font("", 7.5)
		}
		f.SetX(marginL)
		for i := range t.Kolommen {
			v := ""
			if i < len(r) {
				v = r[i]
			}
			align := "R"
			if i == 0 {
				align = "L"
			}
			f.CellFormat(width(i), rowH, fit(f, v, width(i)-1), "", 0, align, false, 0, "")
		}
		f.Ln(rowH)
	}
	d.gap(3)
}

// lines draws the chart: a frame, the y range with three grid lines, the
// x labels (thinned to fit), a line per series and a legend.
func (d *doc) lines(g rapport.Grafiek, h float64) {
	f := d.f
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range g.Reeksen {
		for _, v := range r.Waarden {
			if v != nil && !math.IsNaN(*v) {
				lo, hi = math.Min(lo, *v), math.Max(hi, *v)
			}
		}
	}
	if math.IsInf(lo, 1) || len(g.Labels) == 0 {
		d.para("Nog geen cijfers om te tekenen.")
		return
	}
	lo = math.Min(lo, 0)
	if hi <= lo {
		hi = lo + 1
	}
	if g.Eenheid == "%" && hi <= 100 {
		hi = 100 // a share runs to 100 %
	} else {
		hi += (hi - lo) * 0.05
	}
	d.space(h + 14)
	axisW := 20.0
	x0, y0 := marginL+axisW, f.GetY()+2
	w := contentW - axisW
	yOf := func(v float64) float64 { return y0 + h - (v-lo)/(hi-lo)*h }
	step := w / math.Max(1, float64(len(g.Labels)-1))
	xOf := func(i int) float64 {
		if len(g.Labels) == 1 {
			return x0 + w/2
		}
		return x0 + float64(i)*step
	}
	d.font("", 7)
	d.color(colMuted)
	d.draw(colRule)
	f.SetLineWidth(0.1)
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		y := yOf(v)
		f.Line(x0, y, x0+w, y)
		f.SetXY(marginL, y-2)
		f.CellFormat(axisW-2, 4, rapport.Cijfer(&v, g.Eenheid), "", 0, "R", false, 0, "")
	}
	every := int(math.Ceil(float64(len(g.Labels)) * 14 / w))
	if every < 1 {
		every = 1
	}
	for i, l := range g.Labels {
		if i%every != 0 {
			continue
		}
		f.SetXY(xOf(i)-8, y0+h+1)
		f.CellFormat(16, 4, fit(f, l, 16), "", 0, "C", false, 0, "")
	}
	colour := 0
	legendX := x0
	for _, r := range g.Reeksen {
		c := colMuted
		if !r.Doel {
			c = seriesColours[colour%len(seriesColours)]
			colour++
		}
		d.draw(c)
		f.SetLineWidth(0.5)
		if r.Doel {
			f.SetDashPattern([]float64{1.5, 1}, 0)
		}
		prev := -1
		for i, v := range r.Waarden {
			if v == nil || math.IsNaN(*v) || i >= len(g.Labels) {
				prev = -1
				continue
			}
			if prev >= 0 {
				f.Line(xOf(prev), yOf(*r.Waarden[prev]), xOf(i), yOf(*v))
			} else {
				f.Circle(xOf(i), yOf(*v), 0.4, "D")
			}
			prev = i
		}
		// legend entry
		f.Line(legendX, y0+h+8, legendX+5, y0+h+8)
		f.SetDashPattern(nil, 0)
		f.SetXY(legendX+6, y0+h+6)
		d.color(colText)
		label := fit(f, r.Naam, 34)
		f.CellFormat(f.GetStringWidth(label)+1, 4, label, "", 0, "L", false, 0, "")
		legendX += f.GetStringWidth(label) + 10
		if legendX > x0+w-30 {
			legendX = x0
			y0 += 4
		}
	}
	f.SetLineWidth(0.2)
	d.color(colText)
	f.SetXY(marginL, y0+h+13)
}

// table prints a chart's figures: a row per period, a column per series;
// with many series the table continues in blocks of six columns.
func (d *doc) table(g rapport.Grafiek) {
	const perBlock = 6
	for from := 0; from < len(g.Reeksen); from += perBlock {
		cols := g.Reeksen[from:min(from+perBlock, len(g.Reeksen))]
		t := rapport.Tabel{Kolommen: []string{"Periode"}}
		for _, r := range cols {
			t.Kolommen = append(t.Kolommen, r.Naam)
		}
		for i, l := range g.Labels {
			row := []string{l}
			for _, r := range cols {
				var v *float64
				if i < len(r.Waarden) {
					v = r.Waarden[i]
				}
				row = append(row, rapport.Cijfer(v, g.Eenheid))
			}
			t.Rijen = append(t.Rijen, row)
		}
		d.vrijeTabel(t)
	}
	if len(g.Reeksen) == 0 {
		d.para(fmt.Sprintf("%s: geen cijfers.", g.Titel))
	}
}
