package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 22.0
	marginR      = 20.0
	contentW     = pageW - marginL - marginR
	contentTop   = 24.0 // first content line on pages after the first
	bodyBottom   = pageH - 24.0
	footerRuleY  = pageH - 17.0
	lineH        = 5.0
	bodySize     = 10.0
	smallSize    = 8.0
	labelW       = 46.0 // label column of label/value rows
	fontFamily   = "go"
	footerNotice = "Vertrouwelijk: bevat persoonsgegevens van een jeugdige"
)

// Colours: a sober dark blue for the letterhead and headings, grey for
// secondary text and rules.
var (
	colAccent = [3]int{0x1f, 0x3a, 0x5f}
	colText   = [3]int{0x1a, 0x1a, 0x1a}
	colMuted  = [3]int{0x5a, 0x5a, 0x5a}
	colRule   = [3]int{0xb8, 0xbf, 0xc8}
	colShade  = [3]int{0xe9, 0xee, 0xf4}
)

// Afzender is the sending municipality and department, printed in the
// letterhead. Gemeente is required, e.g. "Gemeente Tilburg".
type Afzender struct {
	Gemeente string // e.g. "Gemeente Tilburg"
	Afdeling string // e.g. "Team Toegang Jeugd"
	Adres    string // street and number, or a postbus
	Postcode string
	Plaats   string
	Telefoon string
	Website  string
	// BezwaarAdres is where objections to a municipality's decision go,
	// on one line ("Postbus 90155, 5000 LH Tilburg"); "" means the address
	// above.
	BezwaarAdres string
}

// Adres is a postal address of a person (the parent, custodian or youth).
type Adres struct {
	Naam     string // as it should appear on the envelope, e.g. "mevrouw Z. Çelik-Ëlst"
	Adres    string
	Postcode string
	Plaats   string
}

// InvoerFout reports why a document could not be made. Problemen holds one
// Dutch sentence fragment per problem, e.g. "de gemeente ontbreekt".
type InvoerFout struct {
	Document  string
	Problemen []string
}

func (e *InvoerFout) Error() string {
	return fmt.Sprintf("%s niet gemaakt: %s", e.Document, strings.Join(e.Problemen, "; "))
}

// check collects validation problems for one document.
type check struct {
	doc  string
	list []string
}

func (c *check) need(ok bool, problem string) {
	if !ok {
		c.list = append(c.list, problem)
	}
}

func (c *check) err() error {
	if len(c.list) == 0 {
		return nil
	}
	return &InvoerFout{Document: c.doc, Problemen: c.list}
}

func (c *check) afzender(a Afzender) {
	c.need(line(a.Gemeente) != "", "de naam van de gemeente ontbreekt")
}

func (c *check) adres(a Adres) {
	c.need(line(a.Naam) != "", "de naam van de geadresseerde ontbreekt")
}

// meta is what every document has in its letterhead, footer and metadata.
type meta struct {
	afzender Afzender
	titel    string // document title: PDF metadata and the header of later pages
	// notice is the footer's notice; "" is footerNotice (client data).
	notice string
}

// doc wraps fpdf with the house style. total is the page count printed as
// "Pagina n van total"; render finds it with a first pass.
type doc struct {
	f     *fpdf.Fpdf
	m     meta
	total int
}

// render builds a document twice: once to count the pages, once to print
// "Pagina n van N" with the right N (fpdf's page-count alias is measured
// before substitution, so right-aligned numbers would drift).
func render(w io.Writer, m meta, body func(*doc)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s niet gemaakt: interne fout bij het opmaken: %v", m.titel, r)
		}
	}()
	first, err := build(m, 0, body)
	if err != nil {
		return err
	}
	final, err := build(m, first.PageNo(), body)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := final.Output(&buf); err != nil {
		return fmt.Errorf("%s niet gemaakt: %w", m.titel, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func build(m meta, total int, body func(*doc)) (*fpdf.Fpdf, error) {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(fontFamily, "I", goitalic.TTF)
	f.SetMargins(marginL, contentTop, marginR)
	f.SetCellMargin(0)
	f.SetAutoPageBreak(true, pageH-bodyBottom)
	// Metadata: document kind and municipality only, never client data.
	f.SetTitle(m.titel, true)
	f.SetAuthor(strings.TrimSuffix(line(m.afzender.Gemeente)+", "+line(m.afzender.Afdeling), ", "), true)
	f.SetCreator("jeugdhulp", true)
	f.SetLang("nl-NL")
	d := &doc{f: f, m: m, total: total}
	f.SetHeaderFunc(d.header)
	f.SetFooterFunc(d.footer)
	f.AddPage()
	if f.Err() {
		return nil, fmt.Errorf("%s niet gemaakt: %w", m.titel, f.Error())
	}
	body(d)
	if f.Err() {
		return nil, fmt.Errorf("%s niet gemaakt: %w", m.titel, f.Error())
	}
	if f.PageNo() < 1 {
		return nil, errors.New(m.titel + " niet gemaakt: geen pagina's")
	}
	return f, nil
}

func (d *doc) color(c [3]int) { d.f.SetTextColor(c[0], c[1], c[2]) }
func (d *doc) draw(c [3]int)  { d.f.SetDrawColor(c[0], c[1], c[2]) }
func (d *doc) fill(c [3]int)  { d.f.SetFillColor(c[0], c[1], c[2]) }
func (d *doc) font(style string, size float64) {
	d.f.SetFont(fontFamily, style, size)
}

// header draws the full letterhead on page 1 and a slim running header on
// the other pages.
func (d *doc) header() {
	f := d.f
	a := d.m.afzender
	if f.PageNo() == 1 {
		// Left: municipality and department.
		f.SetXY(marginL, 16)
		d.color(colAccent)
		d.font("B", 18)
		f.CellFormat(105, 8, fit(f, line(a.Gemeente), 105), "", 1, "L", false, 0, "")
		f.SetX(marginL)
		d.font("", 10.5)
		d.color(colMuted)
		f.CellFormat(105, 5.5, fit(f, line(a.Afdeling), 105), "", 1, "L", false, 0, "")
		// Right: contact column.
		var rows []string
		if s := line(a.Adres); s != "" {
			rows = append(rows, s)
		}
		if s := strings.TrimSpace(line(a.Postcode) + "  " + line(a.Plaats)); s != "" {
			rows = append(rows, s)
		}
		if s := line(a.Telefoon); s != "" {
			rows = append(rows, "Telefoon "+s)
		}
		if s := line(a.Website); s != "" {
			rows = append(rows, s)
		}
		d.font("", smallSize)
		x := pageW - marginR - 58
		y := 16.5
		for _, r := range rows {
			f.SetXY(x, y)
			f.CellFormat(58, 4, fit(f, r, 58), "", 0, "R", false, 0, "")
			y += 4
		}
		// Accent rule under the letterhead.
		d.draw(colAccent)
		f.SetLineWidth(0.6)
		f.Line(marginL, 36, pageW-marginR, 36)
		f.SetLineWidth(0.2)
		d.color(colText)
		f.SetXY(marginL, 42)
		return
	}
	d.font("B", smallSize)
	d.color(colAccent)
	f.SetXY(marginL, 11)
	f.CellFormat(contentW/2, 4, fit(f, line(a.Gemeente), contentW/2), "", 0, "L", false, 0, "")
	d.font("", smallSize)
	d.color(colMuted)
	f.CellFormat(contentW/2, 4, fit(f, d.m.titel, contentW/2), "", 0, "R", false, 0, "")
	d.draw(colRule)
	f.SetLineWidth(0.2)
	f.Line(marginL, 16.5, pageW-marginR, 16.5)
	d.color(colText)
	f.SetXY(marginL, contentTop)
}

func (d *doc) footer() {
	f := d.f
	d.draw(colRule)
	f.SetLineWidth(0.2)
	f.Line(marginL, footerRuleY, pageW-marginR, footerRuleY)
	f.SetXY(marginL, footerRuleY+2)
	d.font("I", smallSize)
	d.color(colMuted)
	notice := d.m.notice
	if notice == "" {
		notice = footerNotice
	}
	f.CellFormat(contentW-35, 4, notice, "", 0, "L", false, 0, "")
	d.font("", smallSize)
	total := d.total
	if total < f.PageNo() {
		total = f.PageNo()
	}
	f.CellFormat(35, 4, fmt.Sprintf("Pagina %d van %d", f.PageNo(), total), "", 0, "R", false, 0, "")
	d.color(colText)
}

// fit shortens s with "…" until it fits width w in the current font. Used
// only for single-line slots (letterhead, running header).
func fit(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	// Add up rune widths once: linear even for a name of thousands of
	// characters.
	avail := w - f.GetStringWidth("…")
	used := 0.0
	for i, r := range s {
		used += f.GetStringWidth(string(r))
		if used > avail {
			return strings.TrimRight(s[:i], " ") + "…"
		}
	}
	return s
}

// space makes sure h millimetres fit above the footer, starting a new page
// otherwise.
func (d *doc) space(h float64) {
	if d.f.GetY()+h > bodyBottom {
		d.f.AddPage()
	}
}

// gap adds vertical space, unless it would only push into the footer.
func (d *doc) gap(h float64) {
	if d.f.GetY()+h > bodyBottom {
		d.f.AddPage()
		return
	}
	d.f.SetY(d.f.GetY() + h)
}

// split wraps text (already cleaned, may hold newlines) into lines of width w
// in the current font. Empty paragraphs give empty lines; a word longer than
// the width is broken between characters.
func (d *doc) split(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimRight(para, " ")
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, d.f.SplitText(para, w)...)
	}
	return out
}

// title prints the document title, large, in the accent colour.
func (d *doc) title(s string) {
	d.space(12)
	d.font("B", 15)
	d.color(colAccent)
	for _, l := range d.split(line(s), contentW) {
		d.f.SetX(marginL)
		d.f.CellFormat(contentW, 7.5, l, "", 1, "L", false, 0, "")
	}
	d.color(colText)
	d.gap(2)
}

// heading prints a section heading and keeps it together with at least
// three lines of what follows.
func (d *doc) heading(s string) {
	d.gap(3)
	d.space(7 + 3*lineH)
	d.font("B", 11.5)
	d.color(colAccent)
	for _, l := range d.split(line(s), contentW) {
		d.f.SetX(marginL)
		d.f.CellFormat(contentW, 6.5, l, "", 1, "L", false, 0, "")
	}
	d.color(colText)
	d.gap(0.5)
}

// para prints wrapped body text; newlines in text start new lines, an empty
// line gives half a line of space.
func (d *doc) para(text string) {
	d.paraAt(marginL, contentW, text, "")
}

func (d *doc) paraAt(x, w float64, text, style string) {
	text = strings.Trim(clean(text), "\n ")
	if text == "" {
		return
	}
	d.font(style, bodySize)
	for _, l := range d.split(text, w) {
		if l == "" {
			d.gap(lineH / 2)
			continue
		}
		d.space(lineH)
		d.f.SetX(x)
		d.f.CellFormat(w, lineH, l, "", 1, "L", false, 0, "")
	}
	d.gap(1.5)
}

// bullets prints a list with hanging indentation.
func (d *doc) bullets(items []string, numbered bool) {
	n := 0
	for _, it := range items {
		it = strings.Trim(clean(it), "\n ")
		if it == "" {
			continue
		}
		n++
		mark := "•"
		if numbered {
			mark = fmt.Sprintf("%d.", n)
		}
		d.font("", bodySize)
		lines := d.split(it, contentW-7)
		d.space(lineH * float64(min(len(lines), 2)))
		d.f.SetX(marginL)
		d.f.CellFormat(7, lineH, mark, "", 0, "L", false, 0, "")
		for i, l := range lines {
			if i > 0 {
				d.space(lineH)
			}
			d.f.SetX(marginL + 7)
			d.f.CellFormat(contentW-7, lineH, l, "", 1, "L", false, 0, "")
		}
		d.gap(1)
	}
	d.gap(0.5)
}

// row prints a label/value pair in two columns; both wrap, the row may run
// over a page break and repeats nothing. Empty values print as a dash so a
// printed form shows the field was empty, not forgotten.
func (d *doc) row(label, value string) {
	d.rowW(label, value, labelW)
}

func (d *doc) rowW(label, value string, lw float64) {
	ll, vl := d.rowLines(label, value, lw)
	n := max(len(ll), len(vl))
	d.space(lineH * float64(min(n, 2)))
	for i := range n {
		d.space(lineH)
		y := d.f.GetY()
		if i < len(ll) {
			d.font("B", bodySize)
			d.color(colMuted)
			d.f.SetXY(marginL, y)
			d.f.CellFormat(lw-3, lineH, ll[i], "", 0, "L", false, 0, "")
			d.color(colText)
		}
		if i < len(vl) {
			d.font("", bodySize)
			d.f.SetXY(marginL+lw, y)
			d.f.CellFormat(contentW-lw, lineH, vl[i], "", 0, "L", false, 0, "")
		}
		d.f.SetXY(marginL, y+lineH)
	}
	d.gap(1)
}

// rowLines wraps the label and value of a row.
func (d *doc) rowLines(label, value string, lw float64) (ll, vl []string) {
	d.font("B", bodySize)
	ll = d.split(line(label), lw-3)
	value = strings.Trim(clean(value), "\n ")
	if value == "" {
		value = "—"
	}
	d.font("", bodySize)
	vl = d.split(value, contentW-lw)
	return ll, vl
}

// rowsHeight is the height rows of label/value pairs will take.
func (d *doc) rowsHeight(pairs [][2]string) float64 {
	h := 0.0
	for _, p := range pairs {
		ll, vl := d.rowLines(p[0], p[1], labelW)
		h += float64(max(len(ll), len(vl)))*lineH + 1
	}
	return h
}

// keep starts a new page unless h millimetres fit, when a whole page could
// hold them at all; a longer block just flows over the break.
func (d *doc) keep(h float64) {
	if h <= bodyBottom-contentTop {
		d.space(h)
	}
}

// band prints a shaded bar with a bold caption, used to open a block such as
// one result.
func (d *doc) band(s string) {
	d.gap(2)
	d.space(7 + 3*lineH)
	d.font("B", bodySize)
	d.fill(colShade)
	for _, l := range d.split(line(s), contentW-3) {
		d.f.SetX(marginL)
		d.fill(colAccent)
		d.f.CellFormat(1.2, 6.5, "", "", 0, "L", true, 0, "")
		d.fill(colShade)
		d.f.CellFormat(1.8, 6.5, "", "", 0, "L", true, 0, "")
		d.f.CellFormat(contentW-3, 6.5, l, "", 1, "L", true, 0, "")
	}
	d.gap(1.5)
}

// rule draws a thin horizontal line across the text block.
func (d *doc) rule() {
	d.gap(2)
	d.draw(colRule)
	d.f.SetLineWidth(0.2)
	y := d.f.GetY()
	d.f.Line(marginL, y, pageW-marginR, y)
	d.gap(3)
}

// addressBlock prints the recipient in the window-envelope position on page
// 1 and the reference table to its right/below, then leaves the cursor below
// both.
//
// A Naam with several lines (addressees at one address) prints one line each.
func (d *doc) addressBlock(aan Adres, refs [][2]string) {
	f := d.f
	d.font("", bodySize)
	y := 50.0
	f.SetXY(marginL, y)
	var lines []string
	for _, n := range strings.Split(clean(aan.Naam), "\n") {
		lines = append(lines, strings.TrimSpace(n))
	}
	lines = append(lines, line(aan.Adres), strings.TrimSpace(line(aan.Postcode)+"  "+line(aan.Plaats)))
	for _, s := range lines {
		if s == "" {
			continue
		}
		f.SetX(marginL)
		f.CellFormat(85, lineH, fit(f, s, 85), "", 1, "L", false, 0, "")
	}
	// Reference table below the window.
	f.SetY(80)
	for _, r := range refs {
		d.rowW(r[0], r[1], 34)
		f.SetY(f.GetY() - 1)
	}
	d.gap(6)
}
