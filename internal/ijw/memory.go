package ijw

import (
	"fmt"
	"sync"
)

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
	perioden    map[string]GeslotenPeriode
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory {
	return &Memory{ids: map[string]bool{}, toewijzing: map[string]Toewijzing{}, verzoeken: map[string]*Verzoek{},
		leveringen: map[string][]Levering{}, declNummers: map[string]bool{}, prestaties: map[string]*PrestatieInfo{}, declRefs: map[string][]string{}, perioden: map[string]GeslotenPeriode{}}
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

func (k *Memory) Toewijzingen(gemeente, aanbieder, bsn string) []Toewijzing {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []Toewijzing
	for _, t := range k.toewijzing {
		if t.Gemeente == gemeente && t.Aanbieder == aanbieder && t.Bsn == bsn {
			out = append(out, t)
		}
	}
	return out
}

func (k *Memory) PrestatiesVoorToewijzing(gemeente string, toewijzing int64) []PrestatieInfo {
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []PrestatieInfo
	for _, p := range k.prestaties {
		if p.Gemeente == gemeente && p.Prestatie.ToewijzingNummer == toewijzing {
			out = append(out, *p)
		}
	}
	return out
}

func (k *Memory) LaatsteDeclaratiePeriode(aanbieder, gemeente string) (GeslotenPeriode, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	p, ok := k.perioden[key(aanbieder, "|", gemeente)]
	return p, ok
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
				Ingangsdatum: p.Ingangsdatum, Einddatum: p.Einddatum, RedenWijziging: p.RedenWijziging, Omvang: p.Omvang, Budget: p.Budget,
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
		pk := key(h.Afzender, "|", h.Ontvanger)
		if last, ok := k.perioden[pk]; !ok || cmpDate(m.Declaratie.DeclaratiePeriode.Begindatum, last.Begindatum) > 0 {
			k.perioden[pk] = m.Declaratie.DeclaratiePeriode
		}
		eachPrestatie(m, func(c *JW323Client, p *JW323Prestatie, _ string) {
			k.prestaties[key(h.Afzender, "|", p.ProductReferentie.ReferentieNummer)] = &PrestatieInfo{Aanbieder: h.Afzender, Gemeente: h.Ontvanger, Bsn: c.Bsn, Prestatie: *p}
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
			m.DeclaratieAntwoord.RetourCodes.RetourCode[0] != CodeGeenOpmerking && m.DeclaratieAntwoord.RetourCodes.RetourCode[0] != CodeVolledigToegekend)
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
			if p != nil && p.Credit() && p.Status == PrestatieToegekend {
				if debit := k.prestaties[key(agb, "|", p.Prestatie.ProductReferentie.VorigReferentieNummer)]; debit != nil {
					debit.Status = PrestatieGecrediteerd
				}
			}
		}
	}
}
