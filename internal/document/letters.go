package document

import (
	"io"
	"strings"
	"time"
)

// The referral routes (DOMAIN.md R-ROUTE-1), as traject.Route spells them.
const (
	RouteToegang = "toegang"
	RouteGI      = "gi"
	RouteMedisch = "medisch"
)

// DATBrief is the letter the Toegang sends the family alongside the IPVA
// (R-IPVA-6): what was agreed, which provider, what happens next and whom to
// call. On the GI route the GI sends it, on the medical route the provider
// who wrote the plan; the text follows the route. The text is plain
// B1-level Dutch.
type DATBrief struct {
	Afzender
	Datum        time.Time
	Aan          Adres  // the parent/gezaghebbende, or the youth from 16
	JeugdigeNaam string // e.g. "Zoë"
	Aanbieder    string // the chosen provider
	Arrangement  string // e.g. "Arrangement 4, intensiteit midden (50H42)"; optional
	Route        string // RouteToegang (also when ""), RouteGI or RouteMedisch
	// Gemeente is the municipality responsible for the youth, e.g.
	// "Gemeente Heusden"; "" means Afzender.Gemeente (a Toegang team's
	// letter carries its municipality's name at the top, a GI's or a
	// provider's its own).
	Gemeente         string
	Beschikkingsvrij bool // the municipality issues no beschikking for this route (R-ROUTE-3)
	VolgendeStappen  []string
	Contactpersoon   string // the case's responsible worker
	Organisatie      string // the worker's organisation, signing the letter; "" means the Afdeling
	Telefoon         string // the worker's own number; "" means the Afzender's
}

// TitelDATBrief is the document title of the DAT-brief.
const TitelDATBrief = "Brief over de verwijzing naar jeugdhulp"

// RenderDATBrief writes the DAT-brief as a PDF. It returns an *InvoerFout
// (in Dutch) when required data is missing.
func RenderDATBrief(w io.Writer, d DATBrief) error {
	c := check{doc: "De brief over de verwijzing"}
	c.afzender(d.Afzender)
	c.need(!d.Datum.IsZero(), "de datum ontbreekt")
	c.adres(d.Aan)
	c.need(line(d.JeugdigeNaam) != "", "de naam van de jeugdige ontbreekt")
	c.need(line(d.Aanbieder) != "", "de jeugdhulpaanbieder ontbreekt")
	c.need(line(d.Contactpersoon) != "" || line(d.Telefoon) != "" || line(d.Afzender.Telefoon) != "" || line(d.Organisatie) != "",
		"er is geen contactpersoon, organisatie of telefoonnummer om contact mee op te nemen")
	c.need(d.Route == "" || d.Route == RouteToegang || d.Route == RouteGI || d.Route == RouteMedisch, "de route is onbekend")
	if err := c.err(); err != nil {
		return err
	}
	kind := line(d.JeugdigeNaam)
	aanbieder := line(d.Aanbieder)
	tel := line(d.Telefoon)
	if tel == "" {
		tel = line(d.Afzender.Telefoon)
	}
	contact := line(d.Contactpersoon)
	gemeente := gemeenteNaam(firstNonEmpty(line(d.Gemeente), line(d.Afzender.Gemeente)))
	return render(w, meta{afzender: d.Afzender, titel: TitelDATBrief}, func(p *doc) {
		refs := [][2]string{
			{"Datum", Datum(d.Datum)},
			{"Onderwerp", "Hulp voor " + kind},
		}
		if contact != "" {
			refs = append(refs, [2]string{"Contactpersoon", contact})
		}
		if tel != "" {
			refs = append(refs, [2]string{"Telefoon", tel})
		}
		p.addressBlock(d.Aan, refs)

		p.para("Beste " + line(d.Aan.Naam) + ",")
		// From 16 the letter goes to the youth: it speaks to them about
		// themselves ("u krijgt"), not about them by name.
		wie, wieKrijgt := kind, kind+" krijgt"
		over := kind
		if line(d.Aan.Naam) == kind {
			wie, wieKrijgt, over = "u", "U krijgt", "de hulp die u nodig heeft"
		}
		p.para("U heeft met ons gesproken over " + over + ". Samen hebben we een plan gemaakt. " +
			"In deze brief leest u wat we hebben afgesproken en wat er nu gaat gebeuren.")

		p.heading("Wat hebben we afgesproken?")
		if d.Route == RouteMedisch {
			p.para(wieKrijgt + " hulp van ons, " + aanbieder + ".")
		} else {
			p.para(wieKrijgt + " hulp van " + aanbieder + ".")
		}
		if a := line(d.Arrangement); a != "" {
			p.row("Soort hulp", a)
		}
		p.row("Jeugdhulpaanbieder", aanbieder)
		p.gap(1)

		p.heading("Wat gebeurt er nu?")
		// Who does what next, in order: the route's own steps, then the
		// municipality, then the start of the care. The municipality's step
		// promises a beschikking only where it issues one (R-ROUTE-3).
		var steps []string
		switch d.Route {
		case RouteMedisch:
			steps = append(steps, "Wij vragen de "+gemeente+" om toestemming voor deze hulp.")
		case RouteGI:
			steps = append(steps, "Wij sturen "+aanbieder+" een brief. Daarin staat welke hulp "+wie+
				" krijgt en wat die hulp moet bereiken.")
		default:
			steps = append(steps, "Wij sturen het plan naar "+aanbieder+". Dat doen we alleen als u daar toestemming voor hebt gegeven.",
				aanbieder+" neemt contact met u op. Binnen 2 weken maakt "+aanbieder+
					" een kort plan. Daarin staat welke hulp "+wie+" krijgt, hoe vaak en hoe lang.")
		}
		if d.Beschikkingsvrij {
			steps = append(steps, "De "+gemeente+" stuurt u geen aparte brief over de hulp (geen beschikking). "+
				"De hulp kan beginnen zodra de gemeente akkoord heeft gegeven. Gaat de gemeente niet akkoord? "+
				"Dan krijgt u daarover wel een brief.")
		} else {
			steps = append(steps, "De "+gemeente+" neemt een besluit over de hulp. Dat besluit krijgt u per post. "+
				"Zo’n brief heet een beschikking. De hulp kan beginnen zodra de gemeente de hulp heeft toegekend.")
		}
		switch d.Route {
		case RouteMedisch:
			steps = append(steps, "Wij spreken met u af wanneer de hulp begint.")
		case RouteGI:
			steps = append(steps, aanbieder+" neemt contact met u op en spreekt met u af wanneer de hulp begint.")
		default:
			steps = append(steps, aanbieder+" spreekt met u af wanneer de hulp begint.")
		}
		for _, v := range d.VolgendeStappen {
			if v = strings.TrimSpace(v); v != "" {
				steps = append(steps, v)
			}
		}
		p.bullets(steps, true)

		p.heading("Heeft u vragen?")
		wieBellen := joinNonEmpty(" van ", contact, line(d.Organisatie))
		// Only a number can be called: without one the letter asks to get
		// in touch and never says "bel ons".
		switch {
		case wieBellen != "" && tel != "":
			p.para("Bel dan " + wieBellen + " op " + tel + ". Doe dat ook als er iets verandert, of als u het niet eens bent met het plan.")
		case tel != "":
			p.para("Bel ons dan op " + tel + ". Doe dat ook als er iets verandert, of als u het niet eens bent met het plan.")
		default:
			p.para("Neem dan contact op met " + wieBellen + ". Doe dat ook als er iets verandert, of als u het niet eens bent met het plan.")
		}
		if adres := d.Afzender.adresRegel(); adres != "" {
			wij := firstNonEmpty(line(d.Organisatie), line(d.Afzender.Afdeling), line(d.Afzender.Gemeente))
			p.para("Een brief kunt u sturen naar " + wij + ", " + adres + ".")
		}

		p.gap(3)
		p.keepClosing(0)
		p.para("Met vriendelijke groet,")
		p.gap(4)
		sign := d.Afzender
		if o := line(d.Organisatie); o != "" {
			sign.Afdeling = o
		}
		p.signOff(contact, sign)
	})
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// keepClosing starts a new page unless the greeting, "namens dezen" and the
// signatory's lines fit on this one: a signature is never parted from the
// greeting above it.
// h is the block's height: the greeting (6.5 mm), the gap for a
// handwritten signature (4 mm) and three lines of signatory (15 mm), plus
// whatever the letter prints between them.
func (p *doc) keepClosing(h float64) { p.keep(25.5 + h) }

// signOff prints the sender under a letter.
func (p *doc) signOff(person string, a Afzender) {
	p.space(3 * lineH)
	p.font("", bodySize)
	prev := ""
	for _, s := range []string{person, line(a.Afdeling), line(a.Gemeente)} {
		if s == "" || s == prev {
			continue
		}
		prev = s
		p.f.SetX(marginL)
		p.f.CellFormat(contentW, lineH, fit(p.f, s, contentW), "", 1, "L", false, 0, "")
	}
}

// Besluit is the decision in a beschikking.
type Besluit string

// The two decisions a beschikking can hold.
const (
	Toegekend Besluit = "toegekend"
	Afgewezen Besluit = "afgewezen"
)

// Beschikking is the formal decision letter of the responsible municipality
// (DOMAIN.md §3 step 7). Bezwaar may be left empty: then the standard
// objection clause of BezwaarClausule is printed.
type Beschikking struct {
	Afzender
	Datum   time.Time
	Kenmerk string // the letter's reference, e.g. "JW-2026-000042"
	Aan     Adres
	// Geadresseerden are everyone the decision is addressed to, all at
	// Aan's address (e.g. the youth and the parents with gezag); empty
	// means Aan.Naam alone.
	Geadresseerden        []string
	JeugdigeNaam          string
	JeugdigeGeboortedatum time.Time
	Besluit               Besluit
	Product               string // e.g. "Arrangement 4, intensiteit midden (50H42)" or product codes
	Aanbieder             string
	Ingangsdatum          time.Time
	Einddatum             time.Time // zero: no end date
	Motivering            string
	Bezwaar               string
	// Ondertekenaar is who took the decision for the college (the
	// municipality's worker), printed under "namens dezen" with the
	// Afdeling and Gemeente; "" prints the department alone.
	Ondertekenaar string
	// Contact, on a refusal, is the organisation that talks the decision
	// through with the family and looks with them for what can help.
	Contact string
	// Wijziging: the decision changes care granted before (a verzoek om
	// wijziging of the provider, granted); the letter says so and that it
	// replaces the earlier decision.
	Wijziging bool
}

// onderwerp is the subject line of a beschikking.
func onderwerp(wijziging bool, kind string) string {
	if wijziging {
		return "Wijziging van de jeugdhulp voor " + kind
	}
	return "Besluit over jeugdhulp voor " + kind
}

// TitelBeschikking is the document title of a beschikking.
const TitelBeschikking = "Beschikking Jeugdwet"

// BezwaarClausule is the standard Dutch objection clause under the Awb
// (art. 6:4, 6:5, 6:7 and 8:81): objection within six weeks to the college
// van burgemeester en wethouders, and the option of a provisional remedy.
//
// The address is a's BezwaarAdres, or else a's own postal address.
func BezwaarClausule(a Afzender) string {
	adres := line(a.BezwaarAdres)
	if adres == "" {
		adres = a.adresRegel()
	}
	naar := "Stuur uw bezwaarschrift naar het college van burgemeester en wethouders van de " + gemeenteNaam(line(a.Gemeente))
	if adres != "" {
		naar += ", " + adres
	}
	return "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. " +
		"Dat moet binnen zes weken na de dag waarop deze brief is verstuurd. " + naar + ".\n\n" +
		"Zet in uw bezwaarschrift in ieder geval: uw naam en adres, de datum, het kenmerk van deze brief, " +
		"waarom u het niet eens bent met het besluit, en uw handtekening.\n\n" +
		"Het besluit blijft gelden zolang er op uw bezwaar nog niet is beslist. " +
		"Is een snelle beslissing nodig? Dan kunt u, nadat u bezwaar heeft gemaakt, de voorzieningenrechter van de rechtbank " +
		"vragen om een voorlopige voorziening. Daarvoor moet u griffierecht betalen."
}

// RenderBeschikking writes the beschikking as a PDF. It returns an
// *InvoerFout (in Dutch) when required data is missing or inconsistent.
func RenderBeschikking(w io.Writer, d Beschikking) error {
	c := check{doc: "De beschikking"}
	c.afzender(d.Afzender)
	c.need(!d.Datum.IsZero(), "de datum ontbreekt")
	var aan []string
	for _, n := range d.Geadresseerden {
		if n = line(n); n != "" {
			aan = append(aan, n)
		}
	}
	if len(aan) == 0 {
		c.adres(d.Aan)
		aan = []string{line(d.Aan.Naam)}
	}
	c.need(line(d.JeugdigeNaam) != "", "de naam van de jeugdige ontbreekt")
	c.need(line(d.Kenmerk) != "", "het kenmerk ontbreekt")
	c.need(d.Besluit == Toegekend || d.Besluit == Afgewezen, "het besluit moet ‘toegekend’ of ‘afgewezen’ zijn")
	c.need(strings.TrimSpace(clean(d.Motivering)) != "", "de motivering van het besluit ontbreekt")
	if d.Besluit == Toegekend {
		c.need(line(d.Product) != "", "de toegekende jeugdhulp (product of arrangement) ontbreekt")
		c.need(line(d.Aanbieder) != "", "de jeugdhulpaanbieder ontbreekt")
		c.need(!d.Ingangsdatum.IsZero(), "de ingangsdatum ontbreekt")
		c.need(d.Einddatum.IsZero() || d.Ingangsdatum.IsZero() || !d.Einddatum.Before(d.Ingangsdatum),
			"de einddatum ligt vóór de ingangsdatum")
	}
	if err := c.err(); err != nil {
		return err
	}
	kind := line(d.JeugdigeNaam)
	return render(w, meta{afzender: d.Afzender, titel: TitelBeschikking}, func(p *doc) {
		envelope := d.Aan
		envelope.Naam = strings.Join(aan, "\n")
		p.addressBlock(envelope, [][2]string{
			{"Datum", Datum(d.Datum)},
			{"Kenmerk", line(d.Kenmerk)},
			{"Onderwerp", onderwerp(d.Wijziging && d.Besluit == Toegekend, kind)},
		})
		p.para("Geachte " + opsomming(aan) + ",")
		geb := ""
		if !d.JeugdigeGeboortedatum.IsZero() {
			geb = ", geboren op " + Datum(d.JeugdigeGeboortedatum)
		}
		if d.Wijziging && d.Besluit == Toegekend {
			p.para("Wij hebben eerder jeugdhulp toegekend voor " + kind + geb + ". " + line(d.Aanbieder) + " heeft ons gevraagd die hulp te wijzigen. " +
				"In deze brief leest u ons nieuwe besluit en waarom wij zo hebben besloten. Dit besluit vervangt ons eerdere besluit.")
		} else {
			p.para("Er is jeugdhulp aangevraagd voor " + kind + geb + ". In deze brief leest u ons besluit en waarom wij zo hebben besloten.")
		}

		p.heading("Ons besluit")
		if d.Besluit == Toegekend {
			p.para("Wij kennen " + kind + " de volgende jeugdhulp toe:")
			p.row("Jeugdhulp", d.Product)
			p.row("Jeugdhulpaanbieder", d.Aanbieder)
			p.row("Ingangsdatum", Datum(d.Ingangsdatum))
			p.row("Einddatum", datumOf(d.Einddatum, "geen einddatum"))
			p.gap(1)
		} else {
			p.para("Wij wijzen de aanvraag voor jeugdhulp voor " + kind + " af.")
			if line(d.Product) != "" {
				p.row("Aangevraagd", d.Product)
			}
			if line(d.Aanbieder) != "" {
				p.row("Jeugdhulpaanbieder", d.Aanbieder)
			}
		}

		p.heading("Waarom hebben wij zo besloten?")
		p.para(d.Motivering)
		p.para("Wij hebben dit besluit genomen op grond van de Jeugdwet (artikel 2.3) en de verordening jeugdhulp van de " +
			gemeenteNaam(d.Afzender.Gemeente) + ".")

		if d.Besluit == Toegekend {
			p.heading("Wat betekent dit voor u?")
			if d.Wijziging {
				p.para("De hulp van " + line(d.Aanbieder) + " gaat door zoals hierboven staat. U hoeft zelf niets te doen. " +
					"Verandert er iets in uw situatie, bijvoorbeeld een verhuizing? Geef dat dan aan ons door.")
			} else {
				p.para(line(d.Aanbieder) + " krijgt van ons bericht dat de hulp mag beginnen en neemt contact met u op. " +
					"Verandert er iets in uw situatie, bijvoorbeeld een verhuizing? Geef dat dan aan ons door.")
			}
		} else if c := line(d.Contact); c != "" {
			p.heading("Wat betekent dit voor u?")
			p.para(c + " neemt contact met u op om dit besluit met u te bespreken en samen te kijken welke hulp er wel kan helpen.")
		}

		p.heading("Bezwaar maken")
		bezwaar := d.Bezwaar
		if strings.TrimSpace(clean(bezwaar)) == "" {
			bezwaar = BezwaarClausule(d.Afzender)
		}
		p.para(bezwaar)

		p.heading("Vragen?")
		if t := line(d.Afzender.Telefoon); t != "" {
			p.para("Heeft u vragen over deze brief? Bel ons dan op " + t + ". Noem daarbij het kenmerk van deze brief.")
		} else {
			p.para("Heeft u vragen over deze brief? Neem dan contact met ons op en noem daarbij het kenmerk van deze brief.")
		}

		p.gap(3)
		p.keepClosing(2*lineH + 1.5)
		p.para("Met vriendelijke groet,")
		p.para("het college van burgemeester en wethouders van de " + gemeenteNaam(d.Afzender.Gemeente) + ",\nnamens dezen,")
		p.gap(4)
		p.signOff(line(d.Ondertekenaar), Afzender{Afdeling: joinNonEmpty(", ", line(d.Afzender.Afdeling), line(d.Afzender.Gemeente))})
	})
}

// opsomming joins names as Dutch running text: "A", "A en B", "A, B en C".
func opsomming(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
}
