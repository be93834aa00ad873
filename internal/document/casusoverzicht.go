package document

import (
	"io"
	"strings"
	"time"
)

// Casusoverzicht is the summary of a case an expert team (the Regionaal
// Expertise Team or the Bijzondere Toegang) reads before it discusses the
// case: the story and the question, put together by the caller from what
// the reader may see. It has no field for a BSN, an address or a
// woonplaats: the team advises on the story, not on who or where.
type Casusoverzicht struct {
	Afzender
	Datum    time.Time
	Jeugdige string // the youth's name
	Leeftijd int    // years, on Datum
	Secties  []Sectie
}

// TitelCasusoverzicht is the document title of the case summary.
const TitelCasusoverzicht = "Casusoverzicht voor de consultatie"

// RenderCasusoverzicht writes the case summary as a PDF. It returns an
// *InvoerFout (in Dutch) when required data is missing.
func RenderCasusoverzicht(w io.Writer, d Casusoverzicht) error {
	c := check{doc: "Het casusoverzicht"}
	c.afzender(d.Afzender)
	c.need(!d.Datum.IsZero(), "de datum ontbreekt")
	c.need(line(d.Jeugdige) != "", "de naam van de jeugdige ontbreekt")
	if err := c.err(); err != nil {
		return err
	}
	return render(w, meta{afzender: d.Afzender, titel: TitelCasusoverzicht}, func(p *doc) {
		p.title(TitelCasusoverzicht)
		p.row("Jeugdige", d.Jeugdige)
		p.row("Leeftijd", itoa(d.Leeftijd)+" jaar")
		p.row("Datum", Datum(d.Datum))
		p.rule()
		p.paraAt(marginL, contentW, "Vertrouwelijk: alleen voor de bespreking van deze casus. Het advies van het expertteam is niet bindend.", "I")
		for _, s := range d.Secties {
			p.heading(line(s.Titel))
			empty := true
			if strings.TrimSpace(clean(s.Tekst)) != "" {
				p.para(s.Tekst)
				empty = false
			}
			for _, v := range s.Velden {
				if strings.TrimSpace(clean(v.Waarde)) == "" {
					continue
				}
				p.row(v.Label, v.Waarde)
				empty = false
			}
			if empty {
				p.paraAt(marginL, contentW, "Niet ingevuld.", "I")
			}
		}
	})
}
