package ijw

import "fmt"

func crossTR056(m Message, k Knowledge, r *reporter) {
	h := Header(m)
	if k.SeenIdentificatie(h.Afzender, h.Type, h.BerichtIdentificatie.Identificatie) {
		r.add(nil, "Header/BerichtIdentificatie/Identificatie", "Identificatie %q is al eerder gebruikt door afzender %s voor een %s", h.BerichtIdentificatie.Identificatie, h.Afzender, h.Type)
	}
}

func toegewezen(m Message, f func(p *JW301ToegewezenProduct, path string)) {
	tp := m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct
	for i := range tp {
		f(&tp[i], fmt.Sprintf("Client/ToegewezenProducten/ToegewezenProduct[%d]", i+1))
	}
}

func crossTR332(m Message, k Knowledge, r *reporter) {
	h := &m.(*JW301).Header
	bsn := m.(*JW301).Client.Bsn
	toegewezen(m, func(p *JW301ToegewezenProduct, path string) {
		if t, ok := k.Toewijzing(h.Afzender, p.ToewijzingNummer); ok && (t.Bsn != bsn || t.Aanbieder != h.Ontvanger) {
			r.add(p, path+"/ToewijzingNummer", "ToewijzingNummer %d is al gebruikt voor een andere client of aanbieder", p.ToewijzingNummer)
		}
	})
}

func crossTR379(m Message, k Knowledge, r *reporter) {
	h := &m.(*JW301).Header
	bsn := m.(*JW301).Client.Bsn
	toegewezen(m, func(p *JW301ToegewezenProduct, path string) {
		if p.ReferentieAanbieder == "" {
			return
		}
		v, ok := k.Verzoek(h.Ontvanger, p.ReferentieAanbieder)
		switch {
		case !ok || v.Bsn != bsn:
			r.add(p, path+"/ReferentieAanbieder", "ReferentieAanbieder %q hoort niet bij een verzoek van deze aanbieder voor deze client", p.ReferentieAanbieder)
		case v.Status == VerzoekToegewezen || v.Status == VerzoekAfgewezen:
			r.add(p, path+"/ReferentieAanbieder", "verzoek %q is al afgehandeld; ReferentieAanbieder alleen in de toewijzing die het honoreert", p.ReferentieAanbieder)
		}
	})
}

func crossTR385(m Message, k Knowledge, r *reporter) {
	h := &m.(*JW301).Header
	toegewezen(m, func(p *JW301ToegewezenProduct, path string) {
		if p.RedenWijziging != "13" {
			return
		}
		approved := false
		for _, q := range k.PrestatiesVoorToewijzing(h.Afzender, p.ToewijzingNummer) {
			approved = approved || (!q.Credit() && q.Status == PrestatieToegekend)
		}
		if approved {
			r.add(p, path+"/RedenWijziging", "toewijzing %d heeft goedgekeurde prestaties en kan niet verwijderd worden", p.ToewijzingNummer)
		}
	})
}

// leveringProduct is one start or stop product of a 305/307.
type leveringProduct struct {
	target  any
	path    string
	nummer  *int64
	product *Product
	begin   Date
	reden   string
	eind    Date
	status  string
}

func leveringProducts(m Message) (gemeente, bsn string, out []leveringProduct) {
	switch m := m.(type) {
	case *JW305:
		for i := range m.Client.StartProducten.StartProduct {
			p := &m.Client.StartProducten.StartProduct[i]
			out = append(out, leveringProduct{p, fmt.Sprintf("Client/StartProducten/StartProduct[%d]", i+1), p.ToewijzingNummer, p.Product, p.Begindatum, "", "", p.StatusAanlevering})
		}
		return m.Header.Ontvanger, m.Client.Bsn, out
	case *JW307:
		for i := range m.Client.StopProducten.StopProduct {
			p := &m.Client.StopProducten.StopProduct[i]
			out = append(out, leveringProduct{p, fmt.Sprintf("Client/StopProducten/StopProduct[%d]", i+1), p.ToewijzingNummer, p.Product, p.Begindatum, p.RedenBeeindiging, p.Einddatum, p.StatusAanlevering})
		}
		return m.Header.Ontvanger, m.Client.Bsn, out
	}
	return "", "", nil
}

func crossTR019(m Message, k Knowledge, r *reporter) {
	gem, _, ps := leveringProducts(m)
	for _, p := range ps {
		if p.nummer == nil {
			continue // taakgericht: no toewijzing
		}
		if _, ok := k.Toewijzing(gem, *p.nummer); !ok {
			r.add(p.target, p.path+"/ToewijzingNummer", "toewijzing %d van gemeente %s is niet bekend", *p.nummer, gem)
		}
	}
}

func sameKey(l Levering, bsn string, p leveringProduct, withReason bool) bool {
	n := int64(-1)
	if p.nummer != nil {
		n = *p.nummer
	}
	if l.Bsn != bsn || l.Toewijzing != n || l.Product != productString(p.product) || cmpDate(l.Begindatum, p.begin) != 0 {
		return false
	}
	return !withReason || l.RedenBeeindiging == p.reden
}

func leveringen(k Knowledge, gem string, p leveringProduct) []Levering {
	n := int64(-1)
	if p.nummer != nil {
		n = *p.nummer
	}
	return k.Leveringen(gem, n)
}

func crossTR074(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	stop := m.MessageType() == TypeJW307
	for _, p := range ps {
		if p.status != "1" {
			continue
		}
		for _, l := range leveringen(k, gem, p) {
			if l.Stop == stop && sameKey(l, bsn, p, stop) {
				r.add(p.target, p.path, "deze %s is al eerder aangeleverd (StatusAanlevering 1 vraagt een nieuwe sleutel)", leveringSoort(stop))
				break
			}
		}
	}
}

func leveringSoort(stop bool) string {
	if stop {
		return "stop"
	}
	return "start"
}

func crossTR063(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	stop := m.MessageType() == TypeJW307
	for _, p := range ps {
		if p.status != "3" {
			continue
		}
		found := false
		for _, l := range leveringen(k, gem, p) {
			found = found || (l.Stop == stop && sameKey(l, bsn, p, stop))
		}
		if !found {
			r.add(p.target, p.path, "er is geen eerdere %s met deze sleutel om te verwijderen", leveringSoort(stop))
		}
	}
}

func crossTR326(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	for _, p := range ps {
		if p.status != "1" {
			continue
		}
		for _, l := range leveringen(k, gem, p) {
			if l.Stop || l.Bsn != bsn || l.Product != productString(p.product) || cmpDate(l.Begindatum, p.begin) == 0 {
				continue
			}
			if !hasStop(leveringen(k, gem, p), l) {
				r.add(p.target, p.path, "er loopt nog een start per %s die niet gestopt is", l.Begindatum)
				break
			}
		}
	}
}

func hasStop(ls []Levering, start Levering) bool {
	for _, l := range ls {
		if l.Stop && l.Bsn == start.Bsn && l.Product == start.Product && cmpDate(l.Begindatum, start.Begindatum) == 0 {
			return true
		}
	}
	return false
}

func crossTR071(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	for _, p := range ps {
		if p.status != "3" {
			continue
		}
		for _, l := range leveringen(k, gem, p) {
			if l.Stop && sameKey(l, bsn, p, false) {
				r.add(p.target, p.path, "deze start heeft al een stop; verwijder eerst de stop")
				break
			}
		}
	}
}

func crossTR382(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	for _, p := range ps {
		if p.status != "1" {
			continue
		}
		found := false
		for _, l := range leveringen(k, gem, p) {
			found = found || (!l.Stop && sameKey(l, bsn, p, false))
		}
		if !found {
			r.add(p.target, p.path, "er is geen start met dezelfde sleutel (ToewijzingNummer, Product, Begindatum)")
		}
	}
}

// verzoekRefs returns the ReferentieAanbieder values a VOT or VOW introduces.
func verzoekRefs(m Message) (aanbieder, bsn string, refs []struct {
	ref    string
	target any
	path   string
}) {
	type ref = struct {
		ref    string
		target any
		path   string
	}
	switch m := m.(type) {
	case *JW315:
		for i := range m.Client.AangevraagdeProducten.AangevraagdProduct {
			p := &m.Client.AangevraagdeProducten.AangevraagdProduct[i]
			refs = append(refs, ref{p.ReferentieAanbieder, p, fmt.Sprintf("Client/AangevraagdeProducten/AangevraagdProduct[%d]/ReferentieAanbieder", i+1)})
		}
		return m.Header.Afzender, m.Client.Bsn, refs
	case *JW317:
		refs = append(refs, ref{m.Client.Verzoek.ReferentieAanbieder, &m.Client, "Client/Verzoek/ReferentieAanbieder"})
		return m.Header.Afzender, m.Client.Bsn, refs
	}
	return "", "", nil
}

func crossTR347(m Message, k Knowledge, r *reporter) {
	agb, _, refs := verzoekRefs(m)
	for _, x := range refs {
		if _, ok := k.Verzoek(agb, x.ref); ok {
			r.add(x.target, x.path, "ReferentieAanbieder %q is al eerder gebruikt", x.ref)
		}
	}
}

func crossTR374(m Message, k Knowledge, r *reporter) {
	agb, bsn, refs := verzoekRefs(m)
	if v, ok := k.OpenVerzoek(agb, bsn); ok && len(refs) > 0 {
		target := any(nil)
		switch m := m.(type) {
		case *JW315:
			target = &m.Client
		case *JW317:
			target = &m.Client
		}
		r.add(target, "Client", "er staat al een verzoek open voor deze client (ReferentieAanbieder %q)", v.Referentie)
	}
}

func crossTR355(m Message, k Knowledge, r *reporter) {
	a := &m.(*JW319).Antwoord
	if _, ok := k.Verzoek(m.(*JW319).Header.Ontvanger, a.ReferentieAanbieder); !ok {
		r.add(a, "Antwoord/ReferentieAanbieder", "er is geen VOT of VOW met ReferentieAanbieder %q ontvangen", a.ReferentieAanbieder)
	}
}

func crossTR360(m Message, k Knowledge, r *reporter) {
	a := &m.(*JW319).Antwoord
	if v, ok := k.Verzoek(m.(*JW319).Header.Ontvanger, a.ReferentieAanbieder); ok && a.VerzoekAntwoord == "2" && v.InOnderzoekGehad {
		r.add(a, "Antwoord/VerzoekAntwoord", "het verzoek is al eerder 'in onderzoek' gemeld")
	}
}

func crossTR359(m Message, k Knowledge, r *reporter) {
	a := &m.(*JW319).Antwoord
	if v, ok := k.Verzoek(m.(*JW319).Header.Ontvanger, a.ReferentieAanbieder); ok && v.Status == VerzoekToegewezen {
		r.add(a, "Antwoord/ReferentieAanbieder", "op verzoek %q is al een toewijzing gestuurd", a.ReferentieAanbieder)
	}
}

func crossTR365(m Message, k Knowledge, r *reporter) {
	a := &m.(*JW319).Antwoord
	if v, ok := k.Verzoek(m.(*JW319).Header.Ontvanger, a.ReferentieAanbieder); ok && v.Status == VerzoekAfgewezen {
		r.add(a, "Antwoord/ReferentieAanbieder", "verzoek %q is al afgewezen; alleen na 'in onderzoek' volgt nog een antwoord", a.ReferentieAanbieder)
	}
}

func crossTR333(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	if k.DeclaratieNummerSeen(d.Header.Afzender, d.Declaratie.DeclaratieNummer) {
		r.add(&d.Declaratie, "Declaratie/DeclaratieNummer", "DeclaratieNummer %q is al eerder gebruikt", d.Declaratie.DeclaratieNummer)
	}
}

func eachPrestatie(d *JW323, f func(c *JW323Client, p *JW323Prestatie, path string)) {
	for ci := range d.Declaratie.Clienten.Client {
		c := &d.Declaratie.Clienten.Client[ci]
		for pi := range c.Prestaties.Prestatie {
			f(c, &c.Prestaties.Prestatie[pi], fmt.Sprintf("Declaratie/Clienten/Client[%d]/Prestaties/Prestatie[%d]", ci+1, pi+1))
		}
	}
}

func crossTR338(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, path string) {
		if _, ok := k.Toewijzing(d.Header.Ontvanger, p.ToewijzingNummer); !ok {
			r.add(p, path+"/ToewijzingNummer", "toewijzing %d is niet bekend", p.ToewijzingNummer)
		}
	})
}

func crossTR304(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	eachPrestatie(d, func(c *JW323Client, p *JW323Prestatie, path string) {
		if t, ok := k.Toewijzing(d.Header.Ontvanger, p.ToewijzingNummer); ok && t.Bsn != c.Bsn {
			r.add(p, path+"/ToewijzingNummer", "toewijzing %d hoort niet bij BSN %s", p.ToewijzingNummer, c.Bsn)
		}
	})
}

func crossTR384(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, path string) {
		if t, ok := k.Toewijzing(d.Header.Ontvanger, p.ToewijzingNummer); ok && t.Deleted() {
			r.add(p, path+"/ToewijzingNummer", "toewijzing %d is verwijderd (RedenWijziging 13)", p.ToewijzingNummer)
		}
	})
}

func crossTR314(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, path string) {
		if _, ok := k.Prestatie(d.Header.Afzender, p.ProductReferentie.ReferentieNummer); ok {
			r.add(p, path+"/ProductReferentie/ReferentieNummer", "ReferentieNummer %q is al eerder gebruikt", p.ProductReferentie.ReferentieNummer)
		}
	})
}

func crossTR323(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, path string) {
		v := p.ProductReferentie.VorigReferentieNummer
		if p.IngediendBedrag.DebetCredit != "C" || v == "" {
			return
		}
		if prev, ok := k.Prestatie(d.Header.Afzender, v); !ok || prev.Credit() || (prev.Status != PrestatieToegekend && prev.Status != PrestatieGecrediteerd) {
			r.add(p, path+"/ProductReferentie/VorigReferentieNummer", "er is geen toegekende debetprestatie %q om te crediteren", v)
		}
	})
}

func crossTR390(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, path string) {
		v := p.ProductReferentie.VorigReferentieNummer
		if p.IngediendBedrag.DebetCredit != "C" || v == "" {
			return
		}
		if prev, ok := k.Prestatie(d.Header.Afzender, v); ok && prev.Status == PrestatieGecrediteerd {
			r.add(p, path+"/ProductReferentie/VorigReferentieNummer", "prestatie %q is al gecrediteerd", v)
		}
	})
}

// stops returns the stops known for the key of p (Bsn, ToewijzingNummer,
// Product, Begindatum), in the order received.
func stops(k Knowledge, gem, bsn string, p leveringProduct) []Levering {
	var out []Levering
	for _, l := range leveringen(k, gem, p) {
		if l.Stop && sameKey(l, bsn, p, false) {
			out = append(out, l)
		}
	}
	return out
}

func crossTR413(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	for _, p := range ps {
		if p.status != "1" || p.reden != "20" {
			continue
		}
		for _, l := range stops(k, gem, bsn, p) {
			if l.RedenBeeindiging == "20" {
				r.add(p.target, p.path+"/RedenBeeindiging", "er is al een tijdelijke stop (20) voor deze start; de volgende stop is definitief")
				break
			}
		}
	}
}

func crossTR414(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	for _, p := range ps {
		if p.status != "1" {
			continue
		}
		for _, l := range stops(k, gem, bsn, p) {
			if cmpDate(p.eind, l.Einddatum) < 0 {
				r.add(p.target, p.path+"/Einddatum", "einddatum %s ligt voor de einddatum %s van de vorige stop", p.eind, l.Einddatum)
				break
			}
		}
	}
}

func crossTR415(m Message, k Knowledge, r *reporter) {
	gem, bsn, ps := leveringProducts(m)
	for _, p := range ps {
		if p.status != "1" {
			continue
		}
		for _, l := range stops(k, gem, bsn, p) {
			if l.RedenBeeindiging != "20" {
				r.add(p.target, p.path, "deze start is al definitief gestopt (reden %s)", l.RedenBeeindiging)
				break
			}
		}
	}
}

// vow returns the VOW's parts and the client's current toewijzingen.
func vow(m Message, k Knowledge) (*JW317, map[int64]Toewijzing) {
	v := m.(*JW317)
	cur := map[int64]Toewijzing{}
	for _, t := range k.Toewijzingen(v.Header.Ontvanger, v.Header.Afzender, v.Client.Bsn) {
		if t.Actueel(v.Header.BerichtIdentificatie.Dagtekening) {
			cur[t.Nummer] = t
		}
	}
	return v, cur
}

func crossTR349(m Message, k Knowledge, r *reporter) {
	v, cur := vow(m, k)
	named := map[int64]bool{}
	if o := v.Client.Verzoek.OngewijzigdeProducten; o != nil {
		for _, p := range o.OngewijzigdProduct {
			named[p.ToewijzingNummer] = true
		}
	}
	if w := v.Client.Verzoek.TeWijzigenProducten; w != nil {
		for _, p := range w.TeWijzigenProduct {
			named[p.ToewijzingNummer] = true
		}
	}
	for nr := range cur {
		if !named[nr] {
			r.add(&v.Client, "Client/Verzoek", "actuele toewijzing %d ontbreekt in het verzoek (als OngewijzigdProduct of TeWijzigenProduct)", nr)
		}
	}
}

func crossTR350(m Message, k Knowledge, r *reporter) {
	v, cur := vow(m, k)
	if o := v.Client.Verzoek.OngewijzigdeProducten; o != nil {
		for i := range o.OngewijzigdProduct {
			p := &o.OngewijzigdProduct[i]
			if _, ok := cur[p.ToewijzingNummer]; !ok {
				r.add(p, fmt.Sprintf("Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[%d]/ToewijzingNummer", i+1), "toewijzing %d is geen actuele toewijzing van deze client", p.ToewijzingNummer)
			}
		}
	}
}

// teWijzigen calls f for each TeWijzigenProduct whose toewijzing is current.
func teWijzigen(m Message, k Knowledge, f func(p *JW317TeWijzigenProduct, t Toewijzing, found bool, path string)) {
	v, cur := vow(m, k)
	if w := v.Client.Verzoek.TeWijzigenProducten; w != nil {
		for i := range w.TeWijzigenProduct {
			p := &w.TeWijzigenProduct[i]
			t, ok := cur[p.ToewijzingNummer]
			f(p, t, ok, fmt.Sprintf("Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[%d]", i+1))
		}
	}
}

func crossTR351(m Message, k Knowledge, r *reporter) {
	teWijzigen(m, k, func(p *JW317TeWijzigenProduct, _ Toewijzing, found bool, path string) {
		if !found {
			r.add(p, path+"/ToewijzingNummer", "toewijzing %d is geen actuele toewijzing van deze client", p.ToewijzingNummer)
		}
	})
}

func crossTR357(m Message, k Knowledge, r *reporter) {
	dag := m.(*JW317).Header.BerichtIdentificatie.Dagtekening
	teWijzigen(m, k, func(p *JW317TeWijzigenProduct, t Toewijzing, found bool, path string) {
		if found && cmpDate(p.GewensteIngangsdatum, dag) <= 0 && cmpDate(p.GewensteIngangsdatum, t.Ingangsdatum) != 0 {
			r.add(p, path+"/GewensteIngangsdatum", "GewensteIngangsdatum %s ligt niet na de dagtekening en moet dan gelijk zijn aan de ingangsdatum %s van de toewijzing", p.GewensteIngangsdatum, t.Ingangsdatum)
		}
	})
}

func crossTR373(m Message, k Knowledge, r *reporter) {
	teWijzigen(m, k, func(p *JW317TeWijzigenProduct, t Toewijzing, found bool, path string) {
		total := p.Budget != nil || (p.Omvang != nil && p.Omvang.Frequentie == "6")
		if found && total && cmpDate(p.GewensteIngangsdatum, t.Ingangsdatum) != 0 {
			r.add(p, path+"/GewensteIngangsdatum", "een wijziging van budget of totaal geldt vanaf de ingangsdatum %s van de toewijzing", t.Ingangsdatum)
		}
	})
}

func crossTR411(m Message, k Knowledge, r *reporter) {
	teWijzigen(m, k, func(p *JW317TeWijzigenProduct, t Toewijzing, found bool, path string) {
		if found && t.Product != nil && t.Product.Code != "" && p.Omvang == nil {
			r.add(p, path+"/Omvang", "Omvang is verplicht: toewijzing %d heeft productcode %s", p.ToewijzingNummer, t.Product.Code)
		}
	})
}

func openOrAfter2020(d Date) bool { return d.IsZero() || cmpDate(d, "2020-12-31") > 0 }

func crossTR412(m Message, k Knowledge, r *reporter) {
	teWijzigen(m, k, func(p *JW317TeWijzigenProduct, t Toewijzing, found bool, path string) {
		if found && t.Product != nil && t.Product.Code == "" && openOrAfter2020(p.Einddatum) && p.Omvang != nil {
			r.add(p, path+"/Omvang", "Omvang moet leeg zijn: toewijzing %d heeft geen productcode", p.ToewijzingNummer)
		}
	})
}

func crossTR375(m Message, k Knowledge, r *reporter) {
	teWijzigen(m, k, func(p *JW317TeWijzigenProduct, t Toewijzing, found bool, path string) {
		if found && t.Product == nil && openOrAfter2020(p.Einddatum) && p.Omvang != nil {
			r.add(p, path+"/Omvang", "Omvang moet leeg zijn: toewijzing %d is generiek (geen product)", p.ToewijzingNummer)
		}
	})
}

func crossTR318(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	if last, ok := k.LaatsteDeclaratiePeriode(d.Header.Afzender, d.Header.Ontvanger); ok && cmpDate(d.Declaratie.DeclaratiePeriode.Begindatum, last.Begindatum) < 0 {
		r.add(&d.Declaratie, "Declaratie/DeclaratiePeriode", "DeclaratiePeriode %s ligt voor de vorige declaratieperiode %s", d.Declaratie.DeclaratiePeriode.Begindatum, last.Begindatum)
	}
}

// withToewijzing calls f for each prestatie whose toewijzing is known.
func withToewijzing(m Message, k Knowledge, f func(p *JW323Prestatie, t Toewijzing, path string)) {
	d := m.(*JW323)
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, path string) {
		if t, ok := k.Toewijzing(d.Header.Ontvanger, p.ToewijzingNummer); ok {
			f(p, t, path)
		}
	})
}

func crossTR307(m Message, k Knowledge, r *reporter) {
	withToewijzing(m, k, func(p *JW323Prestatie, t Toewijzing, path string) {
		if cmpDate(p.ProductPeriode.Begindatum, t.Ingangsdatum) < 0 {
			r.add(p, path+"/ProductPeriode/Begindatum", "ProductPeriode begint voor de ingangsdatum %s van toewijzing %d", t.Ingangsdatum, t.Nummer)
		}
	})
}

func crossTR308(m Message, k Knowledge, r *reporter) {
	withToewijzing(m, k, func(p *JW323Prestatie, t Toewijzing, path string) {
		if !t.Einddatum.IsZero() && cmpDate(p.ProductPeriode.Einddatum, t.Einddatum) > 0 {
			r.add(p, path+"/ProductPeriode/Einddatum", "ProductPeriode eindigt na de einddatum %s van toewijzing %d", t.Einddatum, t.Nummer)
		}
	})
}

func crossTR387(m Message, k Knowledge, r *reporter) {
	withToewijzing(m, k, func(p *JW323Prestatie, t Toewijzing, path string) {
		y, mo, _, ok := ymd(p.ProductPeriode.Begindatum)
		if !ok {
			return
		}
		want := Date(fmt.Sprintf("%04d-%02d-01", y, mo))
		// Only an Ingangsdatum later in the same month moves the begin; one
		// in a later month leaves the first of the month (TR307 refuses that).
		if iy, im, _, ok := ymd(t.Ingangsdatum); ok && iy == y && im == mo && cmpDate(t.Ingangsdatum, want) > 0 {
			want = t.Ingangsdatum
		}
		if cmpDate(p.ProductPeriode.Begindatum, want) != 0 {
			r.add(p, path+"/ProductPeriode/Begindatum", "ProductPeriode moet beginnen op %s (eerste van de maand of ingangsdatum van de toewijzing)", want)
		}
	})
}

func crossTR388(m Message, k Knowledge, r *reporter) {
	withToewijzing(m, k, func(p *JW323Prestatie, t Toewijzing, path string) {
		y, mo, _, ok := ymd(p.ProductPeriode.Einddatum)
		if !ok {
			return
		}
		want := Date(fmt.Sprintf("%04d-%02d-%02d", y, mo, lastDayOfMonth(y, mo)))
		// Only an Einddatum earlier in the same month moves the end; one in
		// an earlier month leaves the last of the month (TR308 refuses that).
		if ey, em, _, ok := ymd(t.Einddatum); ok && ey == y && em == mo && cmpDate(t.Einddatum, want) < 0 {
			want = t.Einddatum
		}
		if cmpDate(p.ProductPeriode.Einddatum, want) != 0 {
			r.add(p, path+"/ProductPeriode/Einddatum", "ProductPeriode moet eindigen op %s (laatste van de maand of einddatum van de toewijzing)", want)
		}
	})
}

func crossTR339(m Message, k Knowledge, r *reporter) {
	withToewijzing(m, k, func(p *JW323Prestatie, t Toewijzing, path string) {
		if t.Product != nil && t.Product.Categorie != p.ProductCategorie {
			r.add(p, path+"/ProductCategorie", "ProductCategorie %s wijkt af van categorie %s van toewijzing %d", p.ProductCategorie, t.Product.Categorie, t.Nummer)
		}
	})
}

func crossTR340(m Message, k Knowledge, r *reporter) {
	withToewijzing(m, k, func(p *JW323Prestatie, t Toewijzing, path string) {
		if t.Product != nil && t.Product.Code != "" && t.Product.Code != p.ProductCode {
			r.add(p, path+"/ProductCode", "ProductCode %s wijkt af van code %s van toewijzing %d", p.ProductCode, t.Product.Code, t.Nummer)
		}
	})
}

func crossTR389(m Message, k Knowledge, r *reporter) {
	d := m.(*JW323)
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, path string) {
		if p.IngediendBedrag.DebetCredit != "D" {
			return
		}
		for _, q := range k.PrestatiesVoorToewijzing(d.Header.Ontvanger, p.ToewijzingNummer) {
			o := &q.Prestatie
			if q.Credit() || q.Status == PrestatieAfgewezen || q.Status == PrestatieGecrediteerd || q.Aanbieder != d.Header.Afzender {
				continue
			}
			if o.ProductCategorie == p.ProductCategorie && o.ProductCode == p.ProductCode &&
				cmpDate(o.ProductPeriode.Begindatum, p.ProductPeriode.Begindatum) == 0 && cmpDate(o.ProductPeriode.Einddatum, p.ProductPeriode.Einddatum) == 0 {
				r.add(p, path, "voor deze periode, dit product en toewijzing %d is al debet %q ingediend dat niet gecrediteerd is", p.ToewijzingNummer, o.ProductReferentie.ReferentieNummer)
				return
			}
		}
	})
}

// antwoordPrestaties calls f for each prestatie of a JW325 with the
// prestatie the provider sent under its ReferentieNummer.
func antwoordPrestaties(m Message, k Knowledge, f func(p *JW325Prestatie, sent PrestatieInfo, found bool, path string)) {
	a := m.(*JW325)
	if a.DeclaratieAntwoord == nil || a.DeclaratieAntwoord.Clienten == nil {
		return
	}
	for ci := range a.DeclaratieAntwoord.Clienten.Client {
		c := &a.DeclaratieAntwoord.Clienten.Client[ci]
		for pi := range c.Prestaties.Prestatie {
			p := &c.Prestaties.Prestatie[pi]
			sent, ok := k.Prestatie(a.Header.Ontvanger, p.ProductReferentie.ReferentieNummer)
			f(p, sent, ok, fmt.Sprintf("DeclaratieAntwoord/Clienten/Client[%d]/Prestaties/Prestatie[%d]", ci+1, pi+1))
		}
	}
}

func crossTR366(m Message, k Knowledge, r *reporter) {
	antwoordPrestaties(m, k, func(p *JW325Prestatie, _ PrestatieInfo, found bool, path string) {
		if !found {
			r.add(p, path+"/ProductReferentie/ReferentieNummer", "prestatie %q is niet gedeclareerd", p.ProductReferentie.ReferentieNummer)
		}
	})
}

func crossTR367(m Message, k Knowledge, r *reporter) {
	antwoordPrestaties(m, k, func(p *JW325Prestatie, sent PrestatieInfo, found bool, path string) {
		if !found {
			return
		}
		s := &sent.Prestatie
		same := s.ProductReferentie == p.ProductReferentie && s.ToewijzingNummer == p.ToewijzingNummer &&
			s.ProductCategorie == p.ProductCategorie && s.ProductCode == p.ProductCode &&
			cmpDate(s.ProductPeriode.Begindatum, p.ProductPeriode.Begindatum) == 0 && cmpDate(s.ProductPeriode.Einddatum, p.ProductPeriode.Einddatum) == 0 &&
			s.GeleverdVolume == p.GeleverdVolume && s.Eenheid == p.Eenheid && s.IngediendBedrag == p.IngediendBedrag &&
			((s.ProductTarief == nil) == (p.ProductTarief == nil)) && (s.ProductTarief == nil || *s.ProductTarief == *p.ProductTarief)
		if !same {
			r.add(p, path, "waarden wijken af van prestatie %q zoals gedeclareerd", p.ProductReferentie.ReferentieNummer)
		}
	})
}

// crossTR361: the products of a VOW, unchanged and to be changed ones
// through their toewijzing, and new ones, do not overlap in time.
func crossTR361(m Message, k Knowledge, r *reporter) {
	v, cur := vow(m, k)
	var as []assignment
	if o := v.Client.Verzoek.OngewijzigdeProducten; o != nil {
		for i := range o.OngewijzigdProduct {
			p := &o.OngewijzigdProduct[i]
			if t, ok := cur[p.ToewijzingNummer]; ok {
				as = append(as, assignment{p, fmt.Sprintf("Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[%d]", i+1), t.Product, true, t.Ingangsdatum, t.Einddatum, nil, nil})
			}
		}
	}
	if w := v.Client.Verzoek.TeWijzigenProducten; w != nil {
		for i := range w.TeWijzigenProduct {
			p := &w.TeWijzigenProduct[i]
			if t, ok := cur[p.ToewijzingNummer]; ok {
				as = append(as, assignment{p, fmt.Sprintf("Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct[%d]", i+1), t.Product, true, t.Ingangsdatum, p.Einddatum, nil, nil})
			}
		}
	}
	if n := v.Client.Verzoek.NieuweProducten; n != nil {
		for i := range n.NieuwProduct {
			p := &n.NieuwProduct[i]
			as = append(as, assignment{p, fmt.Sprintf("Client/Verzoek/NieuweProducten/NieuwProduct[%d]", i+1), p.Product, true, p.GewensteIngangsdatum, p.Einddatum, nil, nil})
		}
	}
	overlapping(r, as)
}
