package ipva

import (
	"fmt"
	"strings"
	"time"
)

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// Missing lists exactly what is missing before the IPVA is complete for the
// given route, in the order of the document: first the content
// (R-IPVA-1), then the signatures (R-IPVA-2), then the consent. Each gap
// has a field key and a Dutch message. An empty list means complete.
//
// Route differences (from the sources):
//   - GI route: no formal consent and no akkoord of the family is needed
//     (seeds/001 stap 2), so neither consent nor the family's signatures
//     are asked; the author still signs.
//   - Toegang route: the family consents "at step 2 or later, before care
//     starts" (DOMAIN.md §3), and consent names the provider it is for,
//     which the family chooses at step 4 from the Wegwijzer. So consent
//     does not hold up the IPVA; choosing the provider asks for it
//     (traject.ChooseProviderWithConsent) and sharing without it is
//     refused.
//   - Medical route: the provider is known from the referral and writes
//     the IPVA itself, so the consent to share is part of finishing it.
//   - Medical-domain route: the provider writes the IPVA and the
//     municipality decides (R-ARR-3), so the motivation of granting or
//     refusing is not asked.
//
// Per leefgebied the IVA needs at least one of problems, worries or wish
// to change, and at least one of what goes well or what they can do
// themselves: a family may have no worries on a leefgebied, but the
// leefgebied must have been discussed (write "geen" then).
func (p IPVA) Missing(route Route) []Gap {
	g := p.contentGaps(route)
	g = append(g, p.signatureGaps(route)...)
	return append(g, p.consentGaps(route)...)
}

func (p IPVA) contentGaps(route Route) []Gap {
	var g []Gap
	add := func(key, msg string) { g = append(g, Gap{Key: key, Message: msg}) }

	if blank(p.Aanleiding) {
		add("aanleiding", "Vul de aanleiding in.")
	}
	for _, v := range []struct {
		key, wat string
		g        Gebruik
	}{
		{"jeugdhulp", "jeugdhulp", p.Voorzieningen.Jeugdhulp},
		{"wmo", "voorzieningen uit de Wmo", p.Voorzieningen.Wmo},
		{"participatie", "voorzieningen op het gebied van Participatie", p.Voorzieningen.Participatie},
	} {
		switch v.g.Antwoord {
		case Ja:
			if blank(v.g.Toelichting) {
				add("voorzieningen."+v.key+".toelichting", fmt.Sprintf("Beschrijf welke %s de jeugdige of het gezin gebruikt.", v.wat))
			}
		case Nee:
		default:
			add("voorzieningen."+v.key, fmt.Sprintf("Geef aan of de jeugdige of het gezin al %s gebruikt.", v.wat))
		}
	}

	if len(p.IVA) == 0 {
		add("iva", "Beschrijf de uitkomst van de vraaganalyse per leefgebied.")
	}
	known := map[string]bool{}
	for _, a := range p.IVA {
		known[a.Leefgebied.Key] = true
		k, n := "iva."+a.Leefgebied.Key, a.Leefgebied.Naam
		if blank(a.Problemen) && blank(a.Zorgen) && blank(a.Veranderwens) {
			add(k+".problemen", fmt.Sprintf("Leefgebied %s: beschrijf de problemen, de zorgen en wat de jeugdige of het gezin wil veranderen (of schrijf dat er geen zijn).", n))
		}
		if blank(a.GaatGoed) && blank(a.EigenKracht) {
			add(k+".gaat_goed", fmt.Sprintf("Leefgebied %s: beschrijf wat goed gaat.", n))
		}
	}
	if blank(p.InschattingZorgbehoefte) {
		add("inschatting_zorgbehoefte", "Beschrijf hoe het netwerk, de hulpverlener en andere betrokkenen de behoefte aan zorg inschatten.")
	}
	if !p.GeenEerdereHulp {
		if blank(p.EerdereHulp) {
			add("eerdere_hulp", "Beschrijf welke hulpverlening en diagnostiek al eerder zijn ingezet, of geef aan dat er nog niets is ingezet.")
		}
		if blank(p.WatWerkte) {
			add("wat_werkte", "Beschrijf wat van de eerdere hulp wel en niet werkte.")
		}
	}

	if len(p.Resultaten) == 0 {
		add("resultaten", "Beschrijf ten minste één resultaat.")
	}
	for i, r := range p.Resultaten {
		k, n := fmt.Sprintf("resultaten.%d", i), fmt.Sprintf("Resultaat %d", i+1)
		if r.Leefgebied == "" || !known[r.Leefgebied] {
			add(k+".leefgebied", n+": kies het leefgebied.")
		}
		if blank(r.GewensteSituatie) {
			add(k+".gewenste_situatie", n+": beschrijf de gewenste situatie.")
		}
		if r.Streefdatum.IsZero() {
			add(k+".streefdatum", n+": vul de streefdatum in.")
		}
		if len(r.Afspraken) == 0 {
			add(k+".afspraken", n+": leg vast wie wat doet en wanneer.")
		}
		for j, a := range r.Afspraken {
			ak, an := fmt.Sprintf("%s.afspraken.%d", k, j), fmt.Sprintf("%s, afspraak %d", n, j+1)
			if !a.Wie.valid() {
				add(ak+".wie", an+": kies wie het doet (jeugdige, gezin, netwerk, Toegang of jeugdhulpaanbieder).")
			}
			if blank(a.Wat) {
				add(ak+".wat", an+": beschrijf wat er gedaan wordt.")
			}
			if blank(a.Wanneer) {
				add(ak+".wanneer", an+": vul in wanneer.")
			}
		}
	}
	if blank(p.EersteStap) {
		add("eerste_stap", "Beschrijf met welke eerste stap de jeugdige of het gezin wil beginnen.")
	}
	if blank(p.Regisseur) {
		add("regisseur", "Vul in wie coördineert (de regisseur).")
	}
	if blank(p.VolgenEnEvalueren) {
		add("volgen_en_evalueren", "Leg de afspraken vast over het volgen van de voortgang en de evaluatie.")
	}

	if route != RouteMedisch {
		if p.Besluit != Toekenning && p.Besluit != Afwijzing {
			add("besluit", "Kies of de jeugdhulp wordt toegekend of afgewezen.")
		}
		if blank(p.Motivering) {
			add("motivering", "Motiveer de toekenning of afwijzing.")
		}
		if p.Segment1 && blank(p.MotiveringSegment1) {
			add("motivering_segment1", "Motiveer waarom de jeugdige of het gezin wordt doorverwezen naar hoog-specialistische jeugdhulp (segment 1).")
		}
	}
	return g
}

// signingDay is the day the family's signatures are judged on: the latest
// date of a complete family signature, or else of any complete signature.
// The IPVA counts as signed when its last required signature is placed,
// so the youth's age on that day decides.
func (p IPVA) signingDay() (time.Time, bool) {
	var fam, all time.Time
	for _, h := range p.Handtekeningen {
		if blank(h.Naam) || h.Datum.IsZero() {
			continue
		}
		if d := day(h.Datum); d.After(all) {
			all = d
		}
		if h.Rol != SignerAuteur {
			if d := day(h.Datum); d.After(fam) {
				fam = d
			}
		}
	}
	if !fam.IsZero() {
		return fam, true
	}
	return all, !all.IsZero()
}

func (p IPVA) signed(role Signer) bool {
	for _, h := range p.Handtekeningen {
		if h.Rol == role && !blank(h.Naam) && !h.Datum.IsZero() {
			return true
		}
	}
	return false
}

func (p IPVA) signatureGaps(route Route) []Gap {
	var g []Gap
	for i, h := range p.Handtekeningen {
		k, n := fmt.Sprintf("handtekeningen.%d", i), fmt.Sprintf("Handtekening %d", i+1)
		if h.Rol != SignerAuteur && h.Rol != SignerJeugdige && h.Rol != SignerGezaghebbende {
			g = append(g, Gap{k + ".rol", n + ": kies wie tekent (opsteller, jeugdige of ouder/gezaghebbende)."})
		}
		if blank(h.Naam) {
			g = append(g, Gap{k + ".naam", n + ": vul de naam in."})
		}
		if h.Datum.IsZero() {
			g = append(g, Gap{k + ".datum", n + ": vul de datum in."})
		}
	}
	if !p.signed(SignerAuteur) {
		g = append(g, Gap{"ondertekening.auteur", "Het IPVA moet nog worden ondertekend door de opsteller."})
	}
	if route == RouteGI {
		return g
	}
	if p.Geboortedatum.IsZero() {
		return append(g, Gap{"geboortedatum", "Vul de geboortedatum van de jeugdige in; die bepaalt wie het IPVA ondertekent."})
	}
	on, ok := p.signingDay()
	if !ok {
		return append(g, Gap{"ondertekening.gezin", "Het IPVA moet nog worden ondertekend door de jeugdige of het gezin."})
	}
	for _, s := range RequiredSigners(p.Geboortedatum, on) {
		if !p.signed(s) {
			g = append(g, Gap{"ondertekening." + string(s), "Het IPVA moet nog worden ondertekend door " + s.Label() + "."})
		}
	}
	return g
}

func (p IPVA) consentGaps(route Route) []Gap {
	if route != RouteMedisch {
		return nil
	}
	var g []Gap
	active := false
	for i, t := range p.Toestemmingen {
		k, n := fmt.Sprintf("toestemmingen.%d", i), fmt.Sprintf("Toestemming %d", i+1)
		if t.Vorm != Mondeling && t.Vorm != Schriftelijk {
			g = append(g, Gap{k + ".vorm", n + ": kies of de toestemming mondeling of schriftelijk is gegeven."})
		}
		if blank(t.GegevenDoor) {
			g = append(g, Gap{k + ".gegeven_door", n + ": vul in wie de toestemming heeft gegeven."})
		}
		if t.Datum.IsZero() {
			g = append(g, Gap{k + ".datum", n + ": vul de datum van de toestemming in."})
		}
		if t.IngetrokkenOp.IsZero() && (t.Vorm == Mondeling || t.Vorm == Schriftelijk) && !blank(t.GegevenDoor) && !t.Datum.IsZero() {
			active = true
		}
	}
	if !active && len(g) == 0 {
		msg := "Leg vast dat de jeugdige of het gezin toestemming geeft om het IPVA te delen met de jeugdhulpaanbieder (mondeling of schriftelijk, door wie, wanneer)."
		if len(p.Toestemmingen) > 0 {
			msg = "De toestemming om het IPVA te delen is ingetrokken; leg opnieuw toestemming vast als de jeugdige of het gezin die geeft."
		}
		g = append(g, Gap{"toestemming", msg})
	}
	return g
}
