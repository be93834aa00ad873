package ijw

import (
	"fmt"
	"sync"
)

// Knowledge is what the cross-message rules need to know about earlier
// messages. An in-memory implementation is Memory; the system's storage
// implements the same interface.
type Knowledge interface {
	// SeenIdentificatie reports whether sender already sent a message of
	// type t with this Identificatie (TR056).
	SeenIdentificatie(sender string, t MessageType, identificatie string) bool
	// Toewijzing returns the current version of toewijzing nummer of
	// gemeente (the one with the latest Toewijzingsdatum+Toewijzingstijd).
	Toewijzing(gemeente string, nummer int64) (Toewijzing, bool)
	// Verzoek returns the VOT or VOW a provider sent with this
	// ReferentieAanbieder.
	Verzoek(aanbieder, referentie string) (Verzoek, bool)
	// OpenVerzoek returns an open verzoek of a provider for a client.
	OpenVerzoek(aanbieder, bsn string) (Verzoek, bool)
	// Leveringen returns the start and stop records for a toewijzing.
	Leveringen(gemeente string, toewijzing int64) []Levering
	// DeclaratieNummerSeen reports whether a provider used a DeclaratieNummer before (TR333).
	DeclaratieNummerSeen(aanbieder, nummer string) bool
	// Prestatie returns an earlier prestatie of a provider by ReferentieNummer.
	Prestatie(aanbieder, referentieNummer string) (PrestatieInfo, bool)
	// HasApprovedPrestaties reports whether approved prestaties that were
	// not credited exist for a toewijzing (TR385).
	HasApprovedPrestaties(gemeente string, toewijzing int64) bool
}

// Toewijzing is one toewijzing as the system knows it.
type Toewijzing struct {
	Gemeente, Aanbieder, Bsn string
	Nummer                   int64
	Product                  *Product
	Ingangsdatum, Einddatum  Date
	RedenWijziging           string
	Toewijzingsmoment        string // Toewijzingsdatum + "T" + Toewijzingstijd
}

// Deleted reports whether the toewijzing was removed (RedenWijziging 13).
func (t Toewijzing) Deleted() bool {
	return t.RedenWijziging == "13" || (t.RedenWijziging == "01" && t.Einddatum == t.Ingangsdatum)
}

// VerzoekStatus is the state of a VOT or VOW.
type VerzoekStatus int

const (
	VerzoekOpen VerzoekStatus = iota
	VerzoekInOnderzoek
	VerzoekToegewezen
	VerzoekAfgewezen
)

// Verzoek is a VOT (JW315 product) or VOW (JW317).
type Verzoek struct {
	Aanbieder, Gemeente, Bsn, Referentie string
	Soort                                MessageType // TypeJW315 or TypeJW317
	Status                               VerzoekStatus
	InOnderzoekGehad                     bool
}

// Levering is a start (JW305) or stop (JW307) product as received.
type Levering struct {
	Stop             bool
	Bsn              string
	Toewijzing       int64
	Product          string // productString of the product
	Begindatum       Date
	RedenBeeindiging string
	Einddatum        Date
}

// PrestatieStatus is the state of a submitted prestatie.
type PrestatieStatus int

const (
	PrestatieIngediend PrestatieStatus = iota
	PrestatieToegekend
	PrestatieAfgewezen
	PrestatieGecrediteerd
)

// PrestatieInfo is a prestatie as the system knows it.
type PrestatieInfo struct {
	Gemeente   string
	Bsn        string
	Toewijzing int64
	Credit     bool
	Vorig      string // VorigReferentieNummer of a credit
	Status     PrestatieStatus
}

// crossRule is a cross-message (level 3) rule: a named function with its
// code and retourcode.
type crossRule struct {
	RuleInfo
	check func(m Message, k Knowledge, r *reporter)
}

func c(code, retour, desc string, types ...MessageType) RuleInfo {
	return RuleInfo{Code: code, Retour: retour, Level: LevelCross, Types: types, Desc: desc}
}

var crossRules = []crossRule{
	{c("TR056", "9056", "Identificatie is uniek per berichttype per afzender", TypeJW301, TypeJW305, TypeJW307, TypeJW315, TypeJW317, TypeJW319, TypeJW323, TypeJW325), crossTR056},
	{c("TR332", "9332", "ToewijzingNummer is uniek per gemeente", TypeJW301), crossTR332},
	{c("TR379", "9379", "ReferentieAanbieder alleen bij honoreren van een openstaande VOT of VOW", TypeJW301), crossTR379},
	{c("TR385", "9385", "Geen verwijdering van een toewijzing met goedgekeurde prestaties", TypeJW301), crossTR385},
	{c("TR019", "9019", "Start/stop verwijst naar een bestaande toewijzing", TypeJW305, TypeJW307), crossTR019},
	{c("TR074", "9074", "Bij StatusAanlevering 1 is de sleutel nieuw", TypeJW305, TypeJW307), crossTR074},
	{c("TR063", "9063", "Bij StatusAanlevering 3 bestaat de sleutel al", TypeJW305, TypeJW307), crossTR063},
	{c("TR326", "9326", "Geen nieuwe start zolang een start niet gestopt is", TypeJW305), crossTR326},
	{c("TR071", "9071", "Een gestopte start kan niet verwijderd worden", TypeJW305), crossTR071},
	{c("TR382", "9069", "Een stop heeft een actuele start met dezelfde sleutel", TypeJW307), crossTR382},
	{c("TR347", "9347", "ReferentieAanbieder is uniek per aanbieder", TypeJW315, TypeJW317), crossTR347},
	{c("TR374", "9374", "Maximaal één openstaand verzoek per client per aanbieder", TypeJW315, TypeJW317), crossTR374},
	{c("TR355", "9355", "Het antwoord verwijst naar een ontvangen VOT of VOW", TypeJW319), crossTR355},
	{c("TR360", "9360", "Hooguit één keer 'in onderzoek'", TypeJW319), crossTR360},
	{c("TR359", "9359", "Geen antwoordbericht na een toewijzing met dezelfde ReferentieAanbieder", TypeJW319), crossTR359},
	{c("TR365", "9365", "Een eerder antwoord op hetzelfde verzoek was 'in onderzoek'", TypeJW319), crossTR365},
	{c("TR333", "9333", "DeclaratieNummer is uniek per aanbieder", TypeJW323), crossTR333},
	{c("TR338", "9338", "Een prestatie verwijst naar een bestaande toewijzing", TypeJW323), crossTR338},
	{c("TR304", "8187", "De toewijzing hoort bij de client van de prestatie", TypeJW323), crossTR304},
	{c("TR384", "9384", "Geen declaratie op een verwijderde toewijzing", TypeJW323), crossTR384},
	{c("TR314", "8021", "ReferentieNummer is niet eerder gebruikt", TypeJW323), crossTR314},
	{c("TR323", "8017", "Een credit verwijst naar een toegekende debetprestatie", TypeJW323), crossTR323},
	{c("TR390", "9390", "Een debetprestatie wordt maar één keer gecrediteerd", TypeJW323), crossTR390},
}

func crossRuleInfos() []RuleInfo {
	out := make([]RuleInfo, len(crossRules))
	for i, r := range crossRules {
		out[i] = r.RuleInfo
	}
	return out
}

// CheckCross applies the cross-message rules to a decoded heen message
// against what the system knows. Findings carry the retourcode and a
// Target for the retour builder.
func CheckCross(m Message, k Knowledge) []Finding {
	var out []Finding
	for _, r := range crossRules {
		if !appliesTo(r.RuleInfo, m.MessageType()) {
			continue
		}
		rep := reporter{info: r.RuleInfo}
		r.check(m, k, &rep)
		out = append(out, rep.findings...)
	}
	return out
}

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
		if p.RedenWijziging == "13" && k.HasApprovedPrestaties(h.Afzender, p.ToewijzingNummer) {
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
		if l.Stop && l.Bsn == start.Bsn && l.Product == start.Product && cmpDate(l.Begindatum, start.Begindatum) == 0 && l.RedenBeeindiging != "20" {
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
		if prev, ok := k.Prestatie(d.Header.Afzender, v); !ok || prev.Credit || (prev.Status != PrestatieToegekend && prev.Status != PrestatieGecrediteerd) {
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

// Memory is an in-memory Knowledge that learns from the messages passed to
// Record. It is safe for concurrent use.
type Memory struct {
	mu          sync.Mutex
	ids         map[string]bool
	toewijzing  map[string]Toewijzing
	verzoeken   map[string]*Verzoek
	leveringen  map[string][]Levering
	declNummers map[string]bool
	prestaties  map[string]*PrestatieInfo
	declRefs    map[string][]string // aanbieder|BerichtIdentificatie of a 323 -> its ReferentieNummers
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory {
	return &Memory{ids: map[string]bool{}, toewijzing: map[string]Toewijzing{}, verzoeken: map[string]*Verzoek{},
		leveringen: map[string][]Levering{}, declNummers: map[string]bool{}, prestaties: map[string]*PrestatieInfo{}, declRefs: map[string][]string{}}
}

func key(parts ...any) string { return fmt.Sprint(parts...) }

func (k *Memory) SeenIdentificatie(sender string, t MessageType, id string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.ids[key(sender, "|", t, "|", id)]
}

func (k *Memory) Toewijzing(gemeente string, nummer int64) (Toewijzing, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	t, ok := k.toewijzing[key(gemeente, "|", nummer)]
	return t, ok
}

func (k *Memory) Verzoek(aanbieder, ref string) (Verzoek, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.verzoeken[key(aanbieder, "|", ref)]
	if !ok {
		return Verzoek{}, false
	}
	return *v, true
}

func (k *Memory) OpenVerzoek(aanbieder, bsn string) (Verzoek, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, v := range k.verzoeken {
		if v.Aanbieder == aanbieder && v.Bsn == bsn && (v.Status == VerzoekOpen || v.Status == VerzoekInOnderzoek) {
			return *v, true
		}
	}
	return Verzoek{}, false
}

func (k *Memory) Leveringen(gemeente string, toewijzing int64) []Levering {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]Levering(nil), k.leveringen[key(gemeente, "|", toewijzing)]...)
}

func (k *Memory) DeclaratieNummerSeen(aanbieder, nummer string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.declNummers[key(aanbieder, "|", nummer)]
}

func (k *Memory) HasApprovedPrestaties(gemeente string, toewijzing int64) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, p := range k.prestaties {
		if p.Gemeente == gemeente && p.Toewijzing == toewijzing && !p.Credit && p.Status == PrestatieToegekend {
			return true
		}
	}
	return false
}

func (k *Memory) Prestatie(aanbieder, ref string) (PrestatieInfo, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.prestaties[key(aanbieder, "|", ref)]
	if !ok {
		return PrestatieInfo{}, false
	}
	return *p, true
}

// Record stores what an accepted message tells: identifications,
// toewijzingen, verzoeken and their answers, starts and stops, declaraties
// and the verdicts of their JW325.
func (k *Memory) Record(m Message) {
	k.mu.Lock()
	defer k.mu.Unlock()
	h := Header(m)
	k.ids[key(h.Afzender, "|", h.Type, "|", h.BerichtIdentificatie.Identificatie)] = true
	switch m := m.(type) {
	case *JW301:
		for _, p := range m.Client.ToegewezenProducten.ToegewezenProduct {
			t := Toewijzing{Gemeente: h.Afzender, Aanbieder: h.Ontvanger, Bsn: m.Client.Bsn, Nummer: p.ToewijzingNummer, Product: p.Product,
				Ingangsdatum: p.Ingangsdatum, Einddatum: p.Einddatum, RedenWijziging: p.RedenWijziging,
				Toewijzingsmoment: collapse(string(p.Toewijzingsdatum)) + "T" + collapse(string(p.Toewijzingstijd))}
			kk := key(h.Afzender, "|", p.ToewijzingNummer)
			if old, ok := k.toewijzing[kk]; !ok || old.Toewijzingsmoment <= t.Toewijzingsmoment {
				k.toewijzing[kk] = t // the newest decision wins, not the arrival order (OP080)
			}
			if p.ReferentieAanbieder != "" {
				if v, ok := k.verzoeken[key(h.Ontvanger, "|", p.ReferentieAanbieder)]; ok {
					v.Status = VerzoekToegewezen
				}
			}
		}
	case *JW305, *JW307:
		gem, bsn, ps := leveringProducts(m)
		stop := m.MessageType() == TypeJW307
		for _, p := range ps {
			n := int64(-1)
			if p.nummer != nil {
				n = *p.nummer
			}
			kk := key(gem, "|", n)
			l := Levering{Stop: stop, Bsn: bsn, Toewijzing: n, Product: productString(p.product), Begindatum: p.begin, RedenBeeindiging: p.reden, Einddatum: p.eind}
			if p.status == "3" {
				list := k.leveringen[kk][:0:0]
				for _, o := range k.leveringen[kk] {
					if !(o.Stop == stop && sameKey(o, bsn, p, stop)) {
						list = append(list, o)
					}
				}
				k.leveringen[kk] = list
				continue
			}
			k.leveringen[kk] = append(k.leveringen[kk], l)
		}
	case *JW315, *JW317:
		agb, bsn, refs := verzoekRefs(m)
		for _, x := range refs {
			k.verzoeken[key(agb, "|", x.ref)] = &Verzoek{Aanbieder: agb, Gemeente: h.Ontvanger, Bsn: bsn, Referentie: x.ref, Soort: m.MessageType()}
		}
	case *JW319:
		if v, ok := k.verzoeken[key(h.Ontvanger, "|", m.Antwoord.ReferentieAanbieder)]; ok {
			if m.Antwoord.VerzoekAntwoord == "2" {
				v.Status, v.InOnderzoekGehad = VerzoekInOnderzoek, true
			} else {
				v.Status = VerzoekAfgewezen
			}
		}
	case *JW323:
		k.declNummers[key(h.Afzender, "|", m.Declaratie.DeclaratieNummer)] = true
		dk := key(h.Afzender, "|", h.BerichtIdentificatie.Identificatie)
		eachPrestatie(m, func(c *JW323Client, p *JW323Prestatie, _ string) {
			credit := p.IngediendBedrag.DebetCredit == "C"
			k.prestaties[key(h.Afzender, "|", p.ProductReferentie.ReferentieNummer)] = &PrestatieInfo{Gemeente: h.Ontvanger, Bsn: c.Bsn, Toewijzing: p.ToewijzingNummer, Credit: credit, Vorig: p.ProductReferentie.VorigReferentieNummer}
			k.declRefs[dk] = append(k.declRefs[dk], p.ProductReferentie.ReferentieNummer)
		})
	case *JW325:
		agb := h.Ontvanger
		rejected := map[string]bool{}
		if a := m.DeclaratieAntwoord; a != nil && a.Clienten != nil {
			for _, c := range a.Clienten.Client {
				for _, p := range c.Prestaties.Prestatie {
					rejected[p.ProductReferentie.ReferentieNummer] = true
				}
			}
		}
		declRejected := m.DeclaratieAntwoord == nil || (len(m.DeclaratieAntwoord.RetourCodes.RetourCode) > 0 &&
			m.DeclaratieAntwoord.RetourCodes.RetourCode[0] != CodeGeenOpmerking && m.DeclaratieAntwoord.RetourCodes.RetourCode[0] != CodeVolledigToegek)
		for _, ref := range k.declRefs[key(agb, "|", m.Header.DeclaratieIdentificatie.Identificatie)] {
			p := k.prestaties[key(agb, "|", ref)]
			if p == nil {
				continue
			}
			switch {
			case declRejected || rejected[ref]:
				p.Status = PrestatieAfgewezen
			default:
				p.Status = PrestatieToegekend
			}
		}
		// A credit that was approved marks its debit as credited.
		for _, ref := range k.declRefs[key(agb, "|", m.Header.DeclaratieIdentificatie.Identificatie)] {
			p := k.prestaties[key(agb, "|", ref)]
			if p != nil && p.Credit && p.Status == PrestatieToegekend {
				if debit := k.prestaties[key(agb, "|", p.Vorig)]; debit != nil {
					debit.Status = PrestatieGecrediteerd
				}
			}
		}
	}
}
