package document

import (
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Jeugdige identifies the youth an IPVA is about.
type Jeugdige struct {
	Naam          string
	Geboortedatum time.Time
	BSN           string
}

// Veld is one labelled value inside a section, e.g. {"Wie coördineert", "…"}.
type Veld struct {
	Label  string
	Waarde string
}

// Sectie is one part of the IPVA (R-IPVA-1), e.g. "Aanleiding" or the IVA
// outcome of one leefgebied. Tekst and Velden are both optional; a section
// with neither prints "Niet ingevuld." so the printed plan shows the gap.
type Sectie struct {
	Titel  string
	Tekst  string
	Velden []Veld
}

// Resultaat is one result of the plan (R-IPVA-4): the desired situation for a
// leefgebied, the family's first step, who does what, and by when.
type Resultaat struct {
	Leefgebied       string
	GewensteSituatie string
	EersteStap       string
	WieDoetWat       string
	Streefdatum      time.Time
}

// IPVA is the Integraal Plan van Aanpak as printed for signing. Ondertekenaars
// lists who must sign besides the author (R-IPVA-2), e.g. "Jeugdige (13 jaar)"
// and "Ouder/gezaghebbende"; each gets a signature block.
type IPVA struct {
	Afzender
	Datum          time.Time
	Jeugdige       Jeugdige
	Auteur         string // the toegangsmedewerker who wrote the plan
	Organisatie    string // the author's organisation, e.g. "Toegang Jeugd Tilburg"
	Secties        []Sectie
	Resultaten     []Resultaat
	Toestemming    string // consent to share the plan with the provider, in words
	Ondertekenaars []string
	// Ondertekend are the signatures already recorded, printed with name
	// and date; a recorded Opsteller replaces the empty author block.
	Ondertekend []Handtekening
}

// Handtekening is a recorded signature on the IPVA.
type Handtekening struct {
	Rol       string // e.g. "Jeugdige", "Ouder/gezaghebbende"
	Naam      string
	Datum     time.Time
	Opsteller bool // the author's signature
}

// TitelIPVA is the document title of an IPVA (also its PDF metadata title).
const TitelIPVA = "Integraal Plan van Aanpak (IPVA)"

// RenderIPVA writes the IPVA as a PDF to print and sign. It returns an
// *InvoerFout (in Dutch) when required data is missing.
func RenderIPVA(w io.Writer, d IPVA) error {
	c := check{doc: "Het IPVA"}
	c.afzender(d.Afzender)
	c.need(!d.Datum.IsZero(), "de datum ontbreekt")
	c.need(line(d.Jeugdige.Naam) != "", "de naam van de jeugdige ontbreekt")
	c.need(line(d.Auteur) != "" || line(d.Organisatie) != "", "de opsteller (auteur of organisatie) ontbreekt")
	if err := c.err(); err != nil {
		return err
	}
	return render(w, meta{afzender: d.Afzender, titel: TitelIPVA}, func(p *doc) {
		p.title(TitelIPVA)

		p.row("Jeugdige", d.Jeugdige.Naam)
		p.row("Geboortedatum", datumOf(d.Jeugdige.Geboortedatum, ""))
		p.row("BSN", d.Jeugdige.BSN)
		p.row("Opgesteld door", joinNonEmpty(", ", line(d.Auteur), line(d.Organisatie)))
		p.row("Datum", Datum(d.Datum))
		p.rule()

		if len(d.Secties) == 0 {
			p.para("Dit plan bevat nog geen beschrijving van de situatie.")
		}
		for i, s := range d.Secties {
			t := line(s.Titel)
			if t == "" {
				t = "Onderdeel " + itoa(i+1)
			}
			p.heading(t)
			empty := true
			if strings.TrimSpace(clean(s.Tekst)) != "" {
				p.para(s.Tekst)
				empty = false
			}
			for _, v := range s.Velden {
				if line(v.Label) == "" && strings.TrimSpace(clean(v.Waarde)) == "" {
					continue
				}
				p.row(v.Label, v.Waarde)
				empty = false
			}
			if empty {
				p.paraAt(marginL, contentW, "Niet ingevuld.", "I")
			}
		}

		p.heading("Resultaten")
		if len(d.Resultaten) == 0 {
			p.paraAt(marginL, contentW, "Er zijn nog geen resultaten afgesproken.", "I")
		}
		for i, r := range d.Resultaten {
			caption := "Resultaat " + itoa(i+1)
			if lg := line(r.Leefgebied); lg != "" {
				caption += ": " + lg
			}
			rows := [][2]string{{"Gewenste situatie", r.GewensteSituatie}}
			if strings.TrimSpace(clean(r.EersteStap)) != "" {
				rows = append(rows, [2]string{"Eerste stap", r.EersteStap})
			}
			rows = append(rows, [2]string{"Wie doet wat", r.WieDoetWat},
				[2]string{"Streefdatum", datumOf(r.Streefdatum, "nog niet afgesproken")})
			// Keep a result on one page when it fits on one.
			p.keep(2 + 8 + p.rowsHeight(rows))
			p.band(caption)
			for _, row := range rows {
				p.row(row[0], row[1])
			}
		}

		p.heading("Toestemming om het plan te delen")
		if strings.TrimSpace(clean(d.Toestemming)) == "" {
			p.paraAt(marginL, contentW, "Er is nog geen toestemming vastgelegd om dit plan te delen met een jeugdhulpaanbieder.", "I")
		} else {
			p.para(d.Toestemming)
		}

		p.heading("Ondertekening")
		p.para("Met uw handtekening laat u weten dat u het plan kent en dat u het eens bent met wat erin staat. " +
			"Het plan is van de jeugdige en het gezin: wilt u iets veranderen, neem dan contact op met de opsteller.")
		var signers []signer
		auteur := true
		for _, h := range d.Ondertekend {
			rol := line(h.Rol)
			if h.Opsteller {
				auteur = false
				rol = joinNonEmpty(" · ", "Opsteller", line(d.Organisatie))
			}
			signers = append(signers, signer{rol: rol, naam: line(h.Naam), datum: h.Datum, vastgelegd: true})
		}
		if auteur {
			signers = append([]signer{{rol: joinNonEmpty(" · ", "Opsteller", line(d.Organisatie)), naam: line(d.Auteur)}}, signers...)
		}
		for _, s := range d.Ondertekenaars {
			if s = line(s); s != "" {
				// "de jeugdige" heads its block as "De jeugdige".
				r, n := utf8.DecodeRuneInString(s)
				signers = append(signers, signer{rol: string(unicode.ToUpper(r)) + s[n:]})
			}
		}
		p.signatures(signers)
	})
}

type signer struct {
	rol        string    // e.g. "Jeugdige (13 jaar)"
	naam       string    // printed when known
	datum      time.Time // printed when known
	vastgelegd bool      // recorded in the system: no box to sign by hand
}

// signatures prints signature blocks two per row; a row never splits over a
// page break.
func (p *doc) signatures(ss []signer) {
	const (
		colGap = 8.0
		blockH = 42.0
	)
	colW := (contentW - colGap) / 2
	f := p.f
	for i := 0; i < len(ss); i += 2 {
		p.gap(3)
		p.space(blockH)
		y := f.GetY()
		for j := 0; j < 2 && i+j < len(ss); j++ {
			s := ss[i+j]
			x := marginL + float64(j)*(colW+colGap)
			p.font("B", bodySize)
			p.color(colAccent)
			f.SetXY(x, y)
			f.CellFormat(colW, lineH, fit(f, s.rol, colW), "", 0, "L", false, 0, "")
			p.color(colText)
			p.draw(colRule)
			f.SetLineWidth(0.2)
			field := func(yy float64, label, value string) {
				p.font("", bodySize-1)
				p.color(colMuted)
				f.SetXY(x, yy)
				f.CellFormat(26, lineH, label, "", 0, "L", false, 0, "")
				p.color(colText)
				if value != "" {
					// A long name is set smaller rather than cut short.
					size := bodySize
					for p.font("", size); size > 7 && f.GetStringWidth(value) > colW-26; size -= 0.5 {
						p.font("", size-0.5)
					}
					f.SetXY(x+26, yy)
					f.CellFormat(colW-26, lineH, fit(f, value, colW-26), "", 0, "L", false, 0, "")
				}
				f.Line(x+26, yy+lineH, x+colW, yy+lineH)
			}
			field(y+8, "Naam", s.naam)
			field(y+16, "Datum", datumOf(s.datum, ""))
			p.font("", bodySize-1)
			p.color(colMuted)
			f.SetXY(x, y+24)
			f.CellFormat(26, lineH, "Handtekening", "", 0, "L", false, 0, "")
			p.color(colText)
			if s.vastgelegd {
				p.font("", bodySize)
				f.SetXY(x+26, y+24)
				f.CellFormat(colW-26, lineH, fit(f, "Ondertekend (vastgelegd)", colW-26), "", 0, "L", false, 0, "")
			} else {
				f.Rect(x+26, y+24, colW-26, 14, "D")
			}
		}
		f.SetXY(marginL, y+blockH)
	}
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, sep)
}
