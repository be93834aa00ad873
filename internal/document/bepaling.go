package document

import (
	"io"
	"strings"
	"time"
)

// Bepaling is the GI's letter to the provider that goes with its bepaling
// jeugdhulp (seed 001, step 7): which care the GI has decided on for the
// youth under a court order, the results the care must reach, and what the
// provider does next.
type Bepaling struct {
	Afzender                        // the GI
	Datum                 time.Time // of the letter
	Kenmerk               string
	Aan                   Adres // the provider
	JeugdigeNaam          string
	JeugdigeGeboortedatum time.Time
	Maatregel             string // e.g. "Ondertoezichtstelling, uitspraak 01-11-2026, kenmerk C/02/123456"
	Gemeente              string // the municipality responsible (woonplaatsbeginsel)
	Jeugdhulp             string // arrangement and intensity, or products
	ZorgStart             time.Time
	Resultaten            []string // the results set in the IPVA
	VerzoekOmToewijzing   bool     // the provider sends a verzoek om toewijzing (JW315)
	Contactpersoon        string
}

// TitelBepaling is the document title of the letter.
const TitelBepaling = "Bepaling jeugdhulp"

// RenderBepaling writes the letter as a PDF. It returns an *InvoerFout (in
// Dutch) when required data is missing.
func RenderBepaling(w io.Writer, d Bepaling) error {
	c := check{doc: "De brief bij de bepaling jeugdhulp"}
	c.afzender(d.Afzender)
	c.need(!d.Datum.IsZero(), "de datum ontbreekt")
	c.adres(d.Aan)
	c.need(line(d.JeugdigeNaam) != "", "de naam van de jeugdige ontbreekt")
	c.need(line(d.Kenmerk) != "", "het kenmerk ontbreekt")
	c.need(line(d.Jeugdhulp) != "", "de jeugdhulp ontbreekt")
	c.need(!d.ZorgStart.IsZero(), "de startdatum van de zorg ontbreekt")
	c.need(len(d.Resultaten) > 0, "de resultaten ontbreken")
	if err := c.err(); err != nil {
		return err
	}
	kind := line(d.JeugdigeNaam)
	return render(w, meta{afzender: d.Afzender, titel: TitelBepaling}, func(p *doc) {
		p.addressBlock(d.Aan, [][2]string{
			{"Datum", Datum(d.Datum)},
			{"Kenmerk", line(d.Kenmerk)},
			{"Onderwerp", "Bepaling jeugdhulp voor " + kind},
		})
		p.para("Geachte heer, mevrouw,")
		geb := ""
		if !d.JeugdigeGeboortedatum.IsZero() {
			geb = ", geboren op " + Datum(d.JeugdigeGeboortedatum)
		}
		p.para("Wij zijn als gecertificeerde instelling betrokken bij " + kind + geb + ". " +
			"Met deze brief laten wij u weten welke jeugdhulp wij hebben bepaald, en welke resultaten die hulp moet bereiken.")
		p.heading("Wat hebben wij bepaald?")
		if m := line(d.Maatregel); m != "" {
			p.row("Maatregel", m)
		}
		p.row("Jeugdhulp", d.Jeugdhulp)
		p.row("Start van de hulp", Datum(d.ZorgStart))
		if g := line(d.Gemeente); g != "" {
			p.row("Gemeente", strings.TrimSpace(strings.TrimPrefix(gemeenteNaam(g), "gemeente ")))
		}
		p.gap(1)
		p.heading("Welke resultaten moet de hulp bereiken?")
		p.bullets(d.Resultaten, true)
		p.heading("Wat moet u nu doen?")
		if d.VerzoekOmToewijzing {
			p.para("Stuur de gemeente een verzoek om toewijzing (JW315) voor deze jeugdhulp. " +
				"Zodra de gemeente de hulp toewijst, krijgt u een toewijzing (JW301) en kunt u beginnen.")
		} else {
			p.para("U hoeft geen verzoek om toewijzing te sturen. De gemeente stuurt u een toewijzing (JW301) op basis van deze bepaling. " +
				"Daarna kunt u beginnen.")
		}
		p.para("Wij houden contact met u over hoe de hulp gaat. Verandert er iets, of lukt het niet om de resultaten te halen? Laat het ons dan meteen weten.")
		wie := strings.TrimSpace(line(d.Contactpersoon))
		switch tel := line(d.Afzender.Telefoon); {
		case wie != "" && tel != "":
			p.para("U bereikt " + wie + " op " + tel + ". Noem daarbij het kenmerk van deze brief.")
		case tel != "":
			p.para("U bereikt ons op " + tel + ". Noem daarbij het kenmerk van deze brief.")
		}
		p.gap(3)
		p.keepClosing(0)
		p.para("Met vriendelijke groet,")
		p.gap(4)
		p.signOff(line(d.Contactpersoon), d.Afzender)
	})
}
