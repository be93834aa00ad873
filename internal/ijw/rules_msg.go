package ijw

import (
	"fmt"
	"reflect"
)

// HeaderInfo is the part of the header every message has.
type HeaderInfo struct {
	Type                 MessageType
	Afzender, Ontvanger  string
	BerichtIdentificatie BerichtIdentificatie
	XsdVersie            XsdVersie
}

// Header returns the common header fields of m.
func Header(m Message) HeaderInfo {
	h := reflect.ValueOf(m).Elem().Field(0)
	return HeaderInfo{
		Type:                 m.MessageType(),
		Afzender:             h.FieldByName("Afzender").String(),
		Ontvanger:            h.FieldByName("Ontvanger").String(),
		BerichtIdentificatie: h.FieldByName("BerichtIdentificatie").Interface().(BerichtIdentificatie),
		XsdVersie:            h.FieldByName("XsdVersie").Interface().(XsdVersie),
	}
}

func dagtekening(m Message) Date { return Header(m).BerichtIdentificatie.Dagtekening }

// --- client-level rules

func ruleCS002(m Message, r *reporter) {
	check := func(target any, path, bsn string) {
		if !ValidBSN(bsn) {
			r.add(target, path, "BSN %s voldoet niet aan de elfproef", bsn)
		}
	}
	switch m := m.(type) {
	case *JW301:
		check(&m.Client, "Client/Bsn", m.Client.Bsn)
	case *JW305:
		check(&m.Client, "Client/Bsn", m.Client.Bsn)
	case *JW307:
		check(&m.Client, "Client/Bsn", m.Client.Bsn)
	case *JW315:
		check(&m.Client, "Client/Bsn", m.Client.Bsn)
	case *JW317:
		check(&m.Client, "Client/Bsn", m.Client.Bsn)
	case *JW323:
		for i := range m.Declaratie.Clienten.Client {
			c := &m.Declaratie.Clienten.Client[i]
			check(c, fmt.Sprintf("Declaratie/Clienten/Client[%d]/Bsn", i+1), c.Bsn)
		}
	case *JW325:
		if m.DeclaratieAntwoord != nil && m.DeclaratieAntwoord.Clienten != nil {
			for i := range m.DeclaratieAntwoord.Clienten.Client {
				c := &m.DeclaratieAntwoord.Clienten.Client[i]
				check(c, fmt.Sprintf("DeclaratieAntwoord/Clienten/Client[%d]/Bsn", i+1), c.Bsn)
			}
		}
	}
}

// geboortedatum returns the client's birth date class for 301/305/307/315.
func geboortedatum(m Message) (*Geboortedatum, any) {
	switch m := m.(type) {
	case *JW301:
		return &m.Client.Geboortedatum, &m.Client
	case *JW305:
		return &m.Client.Geboortedatum, &m.Client
	case *JW307:
		return &m.Client.Geboortedatum, &m.Client
	case *JW315:
		return &m.Client.Geboortedatum, &m.Client
	}
	return nil, nil
}

func ruleTR002(m Message, r *reporter) {
	g, target := geboortedatum(m)
	if g == nil || g.DatumGebruik == "3" {
		return
	}
	bd, ok1 := g.Datum.days()
	y, mo, d, ok2 := ymd(dagtekening(m))
	if !ok1 || !ok2 {
		return
	}
	limit, _ := Date(fmt.Sprintf("%04d-%02d-%02d", y-120, mo, min(d, lastDayOfMonth(y-120, mo)))).days()
	if bd < limit {
		r.add(target, "Client/Geboortedatum/Datum", "geboortedatum %s ligt meer dan 120 jaar voor de dagtekening %s", g.Datum, dagtekening(m))
	}
}

func ruleCS139(m Message, r *reporter) {
	g, target := geboortedatum(m)
	if g == nil {
		return
	}
	if g.DatumGebruik == "3" && collapse(string(g.Datum)) != "1900-01-01" {
		r.add(target, "Client/Geboortedatum", "DatumGebruik 3 (datum onbekend) vraagt Datum 1900-01-01, niet %s", g.Datum)
	}
}

// --- product-level helpers for 301/315/317

// assignment is the common shape of ToegewezenProduct, AangevraagdProduct,
// TeWijzigenProduct and NieuwProduct.
type assignment struct {
	target  any
	path    string
	product *Product
	hasProd bool // the class has a Product element (TeWijzigen has none)
	begin   Date
	end     Date
	omvang  *Omvang
	budget  *int64
}

func assignments(m Message) []assignment {
	var out []assignment
	switch m := m.(type) {
	case *JW301:
		for i := range m.Client.ToegewezenProducten.ToegewezenProduct {
			p := &m.Client.ToegewezenProducten.ToegewezenProduct[i]
			out = append(out, assignment{p, fmt.Sprintf("Client/ToegewezenProducten/ToegewezenProduct[%d]", i+1), p.Product, true, p.Ingangsdatum, p.Einddatum, p.Omvang, p.Budget})
		}
	case *JW315:
		for i := range m.Client.AangevraagdeProducten.AangevraagdProduct {
			p := &m.Client.AangevraagdeProducten.AangevraagdProduct[i]
			out = append(out, assignment{p, fmt.Sprintf("Client/AangevraagdeProducten/AangevraagdProduct[%d]", i+1), p.Product, true, p.ToewijzingIngangsdatum, p.ToewijzingEinddatum, p.Omvang, p.Budget})
		}
	case *JW317:
		v := &m.Client.Verzoek
		if v.TeWijzigenProducten != nil {
			for i := range v.TeWijzigenProducten.TeWijzigenProduct {
				p := &v.TeWijzigenProducten.TeWijzigenProduct[i]
				out = append(out, assignment{p, fmt.Sprintf("Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[%d]", i+1), nil, false, p.GewensteIngangsdatum, p.Einddatum, p.Omvang, p.Budget})
			}
		}
		if v.NieuweProducten != nil {
			for i := range v.NieuweProducten.NieuwProduct {
				p := &v.NieuweProducten.NieuwProduct[i]
				out = append(out, assignment{p, fmt.Sprintf("Client/Verzoek/NieuweProducten/NieuwProduct[%d]", i+1), p.Product, true, p.GewensteIngangsdatum, p.Einddatum, p.Omvang, p.Budget})
			}
		}
	}
	return out
}

func ruleCS003(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if !a.end.IsZero() && cmpDate(a.end, a.begin) < 0 {
			r.add(a.target, a.path+"/Einddatum", "einddatum %s ligt voor ingangsdatum %s", a.end, a.begin)
		}
	}
}

func ruleCD041(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if a.hasProd && a.product != nil && a.product.Code != "" && a.omvang == nil {
			r.add(a.target, a.path+"/Omvang", "Omvang is verplicht bij productcode %s", a.product.Code)
		}
	}
}

func ruleCD077(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if a.omvang != nil && a.budget != nil {
			r.add(a.target, a.path, "Omvang en Budget mogen niet allebei gevuld zijn")
		}
	}
}

func ruleCD079(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if a.hasProd && a.product == nil && a.budget == nil {
			r.add(a.target, a.path+"/Product", "Product is verplicht als Budget leeg is")
		}
	}
}

func ruleCD080(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if !a.hasProd || a.omvang == nil || (a.product != nil && a.product.Code != "") {
			continue
		}
		if a.end.IsZero() || cmpDate(a.end, "2020-12-31") > 0 {
			r.add(a.target, a.path+"/Omvang", "Omvang moet leeg zijn zonder productcode als de einddatum na 2020-12-31 ligt of open is")
		}
	}
}

func ruleCD075(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if a.budget != nil && a.end.IsZero() {
			r.add(a.target, a.path+"/Einddatum", "Einddatum is verplicht als Budget gevuld is")
		}
	}
}

func ruleCD076(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if a.omvang != nil && a.omvang.Frequentie == "2" && a.end.IsZero() {
			r.add(a.target, a.path+"/Einddatum", "Einddatum is verplicht bij Frequentie 2 (per week)")
		}
	}
}

func ruleCS338(m Message, r *reporter) {
	for _, a := range assignments(m) {
		if a.omvang == nil {
			continue
		}
		switch a.omvang.Eenheid {
		case "14", "16", "83", "84":
			switch a.omvang.Frequentie {
			case "2", "4", "6":
			default:
				r.add(a.target, a.path+"/Omvang/Frequentie", "Eenheid %s vraagt Frequentie 2, 4 of 6, niet %s", a.omvang.Eenheid, a.omvang.Frequentie)
			}
		}
	}
}

// deleted reports whether a toewijzing counts as removed (RedenWijziging
// 13, or the old 01 with Einddatum = Ingangsdatum).
func deleted(p *JW301ToegewezenProduct) bool {
	switch p.RedenWijziging {
	case "13":
		return true
	case "01":
		return !p.Einddatum.IsZero() && cmpDate(p.Einddatum, p.Ingangsdatum) == 0
	}
	return false
}

func ruleTR302(m Message, r *reporter) {
	tp := m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct
	for i := range tp {
		for j := i + 1; j < len(tp); j++ {
			a, b := &tp[i], &tp[j]
			if deleted(a) || deleted(b) || !productOverlap(a.Product, b.Product) {
				continue
			}
			if (period{a.Ingangsdatum, a.Einddatum}).overlaps(period{b.Ingangsdatum, b.Einddatum}) {
				r.add(b, fmt.Sprintf("Client/ToegewezenProducten/ToegewezenProduct[%d]", j+1),
					"toewijzing %d (%s) overlapt in tijd met toewijzing %d (%s)", b.ToewijzingNummer, productString(b.Product), a.ToewijzingNummer, productString(a.Product))
			}
		}
	}
}

func ruleCS335(m Message, r *reporter) {
	for i, p := range m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct {
		if p.RedenWijziging == "13" && (p.Einddatum.IsZero() || cmpDate(p.Einddatum, p.Ingangsdatum) != 0) {
			r.add(&m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct[i], fmt.Sprintf("Client/ToegewezenProducten/ToegewezenProduct[%d]/RedenWijziging", i+1),
				"RedenWijziging 13 (verwijderd) vraagt Einddatum gelijk aan Ingangsdatum %s", p.Ingangsdatum)
		}
	}
}

func ruleCS336(m Message, r *reporter) {
	for i, p := range m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct {
		if p.RedenWijziging == "01" {
			r.add(&m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct[i], fmt.Sprintf("Client/ToegewezenProducten/ToegewezenProduct[%d]/RedenWijziging", i+1),
				"RedenWijziging 01 (administratieve correctie) is vervallen; gebruik 14")
		}
	}
}

func ruleTR101(m Message, r *reporter) {
	seen := map[string]int{}
	dup := func(target any, path, key, what string, i int) {
		if j, ok := seen[key]; ok {
			r.add(target, path, "%s komt twee keer voor in het bericht (ook op positie %d)", what, j)
			return
		}
		seen[key] = i
	}
	switch m := m.(type) {
	case *JW301:
		for i := range m.Client.ToegewezenProducten.ToegewezenProduct {
			p := &m.Client.ToegewezenProducten.ToegewezenProduct[i]
			dup(p, fmt.Sprintf("Client/ToegewezenProducten/ToegewezenProduct[%d]/ToewijzingNummer", i+1), fmt.Sprint(p.ToewijzingNummer), fmt.Sprintf("ToewijzingNummer %d", p.ToewijzingNummer), i+1)
		}
	case *JW305:
		for i := range m.Client.StartProducten.StartProduct {
			p := &m.Client.StartProducten.StartProduct[i]
			key := fmt.Sprintf("%v|%s|%s|%s", deref(p.ToewijzingNummer), productString(p.Product), collapse(string(p.Begindatum)), p.StatusAanlevering)
			dup(p, fmt.Sprintf("Client/StartProducten/StartProduct[%d]", i+1), key, "StartProduct met dezelfde sleutel", i+1)
		}
	case *JW307:
		for i := range m.Client.StopProducten.StopProduct {
			p := &m.Client.StopProducten.StopProduct[i]
			key := fmt.Sprintf("%v|%s|%s|%s|%s", deref(p.ToewijzingNummer), productString(p.Product), collapse(string(p.Begindatum)), p.RedenBeeindiging, p.StatusAanlevering)
			dup(p, fmt.Sprintf("Client/StopProducten/StopProduct[%d]", i+1), key, "StopProduct met dezelfde sleutel", i+1)
		}
	case *JW317:
		v := &m.Client.Verzoek
		if v.OngewijzigdeProducten != nil {
			for i := range v.OngewijzigdeProducten.OngewijzigdProduct {
				p := &v.OngewijzigdeProducten.OngewijzigdProduct[i]
				dup(p, fmt.Sprintf("Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[%d]", i+1), fmt.Sprint(p.ToewijzingNummer), fmt.Sprintf("ToewijzingNummer %d", p.ToewijzingNummer), i+1)
			}
		}
		if v.TeWijzigenProducten != nil {
			for i := range v.TeWijzigenProducten.TeWijzigenProduct {
				p := &v.TeWijzigenProducten.TeWijzigenProduct[i]
				dup(p, fmt.Sprintf("Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[%d]", i+1), fmt.Sprint(p.ToewijzingNummer), fmt.Sprintf("ToewijzingNummer %d", p.ToewijzingNummer), i+1)
			}
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return "-"
	}
	return *p
}

func ruleTR061(m Message, r *reporter) {
	c := &m.(*JW301).Client
	for _, k := range c.Contactgegevens.Contact {
		switch k.Soort {
		case "01", "02", "03":
			return
		}
	}
	r.add(c, "Client/Contactgegevens", "de client heeft geen adres van soort 01 (BRP), 02 (correspondentie) of 03 (verblijf)")
}

func ruleTR006(m Message, r *reporter) {
	c := &m.(*JW301).Client
	check := func(target any, path string, k *JW301Contact) {
		if k.Telefoon != nil {
			return
		}
		if k.Adres != nil && k.Adres.Huis != nil && k.Adres.Postcode != "" {
			return
		}
		r.add(target, path, "Contact heeft geen Telefoon en geen combinatie van Huis en Postcode")
	}
	for i := range c.Contactgegevens.Contact {
		check(c, fmt.Sprintf("Client/Contactgegevens/Contact[%d]", i+1), &c.Contactgegevens.Contact[i])
	}
	if c.Relaties != nil {
		for i := range c.Relaties.Relatie {
			check(c, fmt.Sprintf("Client/Relaties/Relatie[%d]/Contact", i+1), &c.Relaties.Relatie[i].Contact)
		}
	}
}

// --- 305/307

func ruleCS058(m Message, r *reporter) {
	check := func(target any, path, v string) {
		if v != "1" && v != "3" {
			r.add(target, path, "StatusAanlevering %s is niet toegestaan; alleen 1 (eerste aanlevering) of 3 (verwijderen)", v)
		}
	}
	switch m := m.(type) {
	case *JW305:
		for i := range m.Client.StartProducten.StartProduct {
			p := &m.Client.StartProducten.StartProduct[i]
			check(p, fmt.Sprintf("Client/StartProducten/StartProduct[%d]/StatusAanlevering", i+1), p.StatusAanlevering)
		}
	case *JW307:
		for i := range m.Client.StopProducten.StopProduct {
			p := &m.Client.StopProducten.StopProduct[i]
			check(p, fmt.Sprintf("Client/StopProducten/StopProduct[%d]/StatusAanlevering", i+1), p.StatusAanlevering)
		}
	}
}

func ruleTR018(m Message, r *reporter) {
	for i := range m.(*JW307).Client.StopProducten.StopProduct {
		p := &m.(*JW307).Client.StopProducten.StopProduct[i]
		if cmpDate(p.Einddatum, p.Begindatum) < 0 {
			r.add(p, fmt.Sprintf("Client/StopProducten/StopProduct[%d]/Einddatum", i+1), "einddatum %s ligt voor begindatum %s", p.Einddatum, p.Begindatum)
		}
	}
}

// --- 315

func ruleTR383(m Message, r *reporter) {
	seen := map[string]bool{}
	for i := range m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct {
		p := &m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[i]
		if seen[p.ReferentieAanbieder] {
			r.add(p, fmt.Sprintf("Client/AangevraagdeProducten/AangevraagdProduct[%d]/ReferentieAanbieder", i+1), "ReferentieAanbieder %q komt vaker voor in het bericht", p.ReferentieAanbieder)
		}
		seen[p.ReferentieAanbieder] = true
	}
}

func overlapping(r *reporter, as []assignment) {
	for i := range as {
		for j := i + 1; j < len(as); j++ {
			a, b := as[i], as[j]
			if !a.hasProd || !b.hasProd || !productOverlap(a.product, b.product) {
				continue
			}
			if (period{a.begin, a.end}).overlaps(period{b.begin, b.end}) {
				r.add(b.target, b.path, "product %s overlapt in tijd met %s", productString(b.product), a.path)
			}
		}
	}
}

func ruleTR386(m Message, r *reporter) { overlapping(r, assignments(m)) }

func ruleCD043(m Message, r *reporter) {
	for i := range m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct {
		p := &m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[i]
		path := fmt.Sprintf("Client/AangevraagdeProducten/AangevraagdProduct[%d]/BeschikkingIngangsdatum", i+1)
		switch {
		case p.BeschikkingNummer != nil && p.BeschikkingIngangsdatum.IsZero():
			r.add(p, path, "BeschikkingIngangsdatum is verplicht als BeschikkingNummer gevuld is")
		case p.BeschikkingNummer == nil && !p.BeschikkingIngangsdatum.IsZero():
			r.add(p, path, "BeschikkingIngangsdatum moet leeg zijn zonder BeschikkingNummer")
		}
	}
}

func ruleCD068(m Message, r *reporter) {
	for i := range m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct {
		p := &m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[i]
		switch p.Verwijzer.Type {
		case "02", "03", "04", "05":
		default:
			if p.Verwijzer.ZorgverlenerCode != "" {
				r.add(p, fmt.Sprintf("Client/AangevraagdeProducten/AangevraagdProduct[%d]/Verwijzer/ZorgverlenerCode", i+1), "ZorgverlenerCode moet leeg zijn bij verwijzer van type %s", p.Verwijzer.Type)
			}
		}
	}
}

func ruleCD066(m Message, r *reporter) {
	for i := range m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct {
		p := &m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[i]
		switch p.Verwijzer.Type {
		case "02", "03", "04", "05":
			if p.Verwijzer.ZorgverlenerCode == "" && p.Verwijzer.Naam == "" {
				r.add(p, fmt.Sprintf("Client/AangevraagdeProducten/AangevraagdProduct[%d]/Verwijzer", i+1), "bij verwijzer van type %s is ZorgverlenerCode of Naam verplicht", p.Verwijzer.Type)
			}
		}
	}
}

// --- 317

func ruleTR352(m Message, r *reporter) {
	v := &m.(*JW317).Client.Verzoek
	if v.OngewijzigdeProducten == nil && v.TeWijzigenProducten == nil {
		r.add(&m.(*JW317).Client, "Client/Verzoek", "het verzoek noemt geen OngewijzigdProduct en geen TeWijzigenProduct")
	}
}

func ruleTR353(m Message, r *reporter) {
	v := &m.(*JW317).Client.Verzoek
	if v.TeWijzigenProducten == nil && v.NieuweProducten == nil {
		r.add(&m.(*JW317).Client, "Client/Verzoek", "het verzoek bevat geen TeWijzigenProduct en geen NieuwProduct")
	}
}

func ruleTR410(m Message, r *reporter) {
	var nieuw []assignment
	for _, a := range assignments(m) {
		if a.hasProd {
			nieuw = append(nieuw, a)
		}
	}
	overlapping(r, nieuw)
}

// --- 319

func ruleCD085(m Message, r *reporter) {
	a := &m.(*JW319).Antwoord
	switch {
	case a.VerzoekAntwoord == "1" && a.RedenAfwijzingVerzoek == "":
		r.add(a, "Antwoord/RedenAfwijzingVerzoek", "RedenAfwijzingVerzoek is verplicht bij VerzoekAntwoord 1 (afgewezen)")
	case a.VerzoekAntwoord == "2" && a.RedenAfwijzingVerzoek != "":
		r.add(a, "Antwoord/RedenAfwijzingVerzoek", "RedenAfwijzingVerzoek moet leeg zijn bij VerzoekAntwoord 2 (in onderzoek)")
	}
}

func ruleTR377(m Message, r *reporter) {
	a := &m.(*JW319).Antwoord
	switch {
	case a.RedenAfwijzingVerzoek == "8" && a.Woonplaatsbeginsel == nil:
		r.add(a, "Antwoord/Woonplaatsbeginsel", "Woonplaatsbeginsel met de verantwoordelijke gemeente is verplicht bij reden 8")
	case a.RedenAfwijzingVerzoek != "8" && a.Woonplaatsbeginsel != nil:
		r.add(a, "Antwoord/Woonplaatsbeginsel", "Woonplaatsbeginsel mag alleen bij RedenAfwijzingVerzoek 8")
	}
}

// --- 325

func ruleTR342(m Message, r *reporter) {
	a := m.(*JW325).DeclaratieAntwoord
	if a == nil {
		return
	}
	for _, code := range a.RetourCodes.RetourCode {
		if code != CodeGeenOpmerking && code != CodeVolledigToegekend {
			// Rejected as a whole: prestaties are not assessed and the
			// approved total is 0.
			if a.TotaalToegekendBedrag.TotaalBedrag != 0 {
				r.add(a, "DeclaratieAntwoord/TotaalToegekendBedrag", "bij afkeur van de hele declaratie (%s) is TotaalToegekendBedrag 0", code)
			}
			return
		}
	}
	var rejected int64
	if a.Clienten != nil {
		for _, c := range a.Clienten.Client {
			for _, p := range c.Prestaties.Prestatie {
				rejected += signed(p.IngediendBedrag.Bedrag, p.IngediendBedrag.DebetCredit)
			}
		}
	}
	want := signed(a.TotaalIngediendBedrag.TotaalBedrag, a.TotaalIngediendBedrag.DebetCredit) - signed(a.TotaalToegekendBedrag.TotaalBedrag, a.TotaalToegekendBedrag.DebetCredit)
	if rejected != want {
		r.add(a, "DeclaratieAntwoord", "som van de afgewezen prestaties (%d) is niet ingediend min toegekend (%d)", rejected, want)
	}
}

func signed(amount int64, dc string) int64 {
	if dc == "C" {
		return -amount
	}
	return amount
}
