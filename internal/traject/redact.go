package traject

import (
	"encoding/json"
	"slices"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
)

// redact removes from a case view every part p's roles may not see, as the
// access package's part table says. The youth's name and birth date, the
// route and the current step are the case itself and stay.
func redact(v View, p access.Principal) View {
	if !p.Sees(access.PartGezin) {
		v.Relations = nil
	} else if !p.Sees(access.PartContact) {
		rs := slices.Clone(v.Relations)
		for i := range rs {
			rs[i].Phone, rs[i].Email = "", ""
		}
		v.Relations = rs
	}
	if !p.Sees(access.PartGrondslag) {
		v.Grondslag = Grondslag{}
	}
	v.IPVA = redactIPVA(v.IPVA, p)
	if !p.SeesAll(access.IPVAParts...) {
		v.Gaps = nil
		v.IPVALateReason = ""
	}
	if !p.Sees(access.PartBeknoptPlan) {
		v.Plan = nil
		v.AkkoordNote = ""
		v.GeldkwestieToelichting = ""
		v.Warnings = nil
	}
	if !p.Sees(access.PartArrangement) {
		v.Arrangement, v.Intensiteit = 0, 0
	}
	switch {
	case !p.Sees(access.PartToestemming):
		v.Consents = nil
	case p.Has(access.Jeugdhulpaanbieder) && len(p.Roles) == 1:
		// A provider sees its own consent only.
		var own []Consent
		for _, c := range v.Consents {
			if c.ProviderID == p.OrgID {
				own = append(own, c)
			}
		}
		v.Consents = own
	}
	if !p.Sees(access.PartOndertekening) {
		v.Signatures = nil
	}
	if !p.Sees(access.PartBesluiten) {
		v.Toewijzing = nil
		v.Besluit = ""
		v.Leveringen = nil
		v.Garanties = nil
		v.Wijzigingen = nil
	}
	var docs []document.Stored
	for _, d := range v.Documents {
		if p.SeesAll(DocumentParts(d.Kind)...) {
			docs = append(docs, d)
		}
	}
	v.Documents = docs
	var msgs []berichten.Bericht
	for _, m := range v.Messages {
		if p.SeesAll(MessageParts(m.Type)...) {
			msgs = append(msgs, m)
		}
	}
	v.Messages = msgs
	if !p.Sees(access.PartVerloop) {
		v.History = nil
	}
	if !p.Sees(access.PartOverleg) {
		v.Remarks = nil
		var steps []Action
		for _, a := range v.Actions {
			if !a.Question {
				steps = append(steps, a)
			}
		}
		v.Actions = steps
	}
	return v
}

// redactIPVA keeps the sections of a stored IPVA p may see; {} when none.
func redactIPVA(raw json.RawMessage, p access.Principal) json.RawMessage {
	if p.SeesAll(access.IPVAParts...) || len(raw) == 0 {
		return raw
	}
	var doc ipva.IPVA
	if err := json.Unmarshal(raw, &doc); err != nil {
		return json.RawMessage("{}")
	}
	var out ipva.IPVA
	seen := false
	keep := func(part access.Part, copyPart func()) {
		if p.Sees(part) {
			copyPart()
			seen = true
		}
	}
	keep(access.PartIPVAAanleid, func() { out.Aanleiding = doc.Aanleiding })
	keep(access.PartIPVAVoorz, func() { out.Voorzieningen = doc.Voorzieningen })
	keep(access.PartIPVAIVA, func() { out.IVA = doc.IVA })
	keep(access.PartIPVAInschat, func() { out.InschattingZorgbehoefte = doc.InschattingZorgbehoefte })
	keep(access.PartIPVAHulp, func() {
		out.GeenEerdereHulp, out.EerdereHulp, out.WatWerkte = doc.GeenEerdereHulp, doc.EerdereHulp, doc.WatWerkte
	})
	keep(access.PartIPVAResultaat, func() { out.Resultaten = doc.Resultaten })
	keep(access.PartIPVARegie, func() {
		out.EersteStap, out.Regisseur, out.VolgenEnEvalueren = doc.EersteStap, doc.Regisseur, doc.VolgenEnEvalueren
	})
	keep(access.PartIPVAMotiv, func() {
		out.Besluit, out.Motivering, out.Segment1, out.MotiveringSegment1 = doc.Besluit, doc.Motivering, doc.Segment1, doc.MotiveringSegment1
	})
	if !seen {
		return json.RawMessage("{}")
	}
	b, err := json.Marshal(out)
	if err != nil {
		return json.RawMessage("{}")
	}
	return b
}

// DocumentParts are the parts a stored document holds: a reader must see
// them all to get it.
func DocumentParts(kind string) []access.Part {
	switch kind {
	case document.KindBeschikking:
		// The decision, addressed to the family at the youth's address.
		return []access.Part{access.PartBesluiten, access.PartAdres, access.PartGezin}
	case document.KindBepaling:
		// The court order and the IPVA's results, to the provider.
		return []access.Part{access.PartBesluiten, access.PartGrondslag, access.PartIPVAResultaat}
	case document.KindIPVA:
		return append([]access.Part{access.PartIdentiteit, access.PartToestemming, access.PartOndertekening}, access.IPVAParts...)
	case document.KindDATBrief:
		return []access.Part{access.PartAdres, access.PartGezin, access.PartArrangement, access.PartVerloop}
	}
	return []access.Part{access.PartBesluiten}
}

// MessageParts are the parts an iJw message holds.
func MessageParts(t ijw.MessageType) []access.Part {
	switch t {
	case ijw.TypeJW301:
		// BSN, name, birth date, address and the allocated product.
		return []access.Part{access.PartBerichten, access.PartIdentiteit, access.PartAdres, access.PartArrangement}
	case ijw.TypeJW315:
		// BSN, name, birth date, the product asked and the referrer.
		return []access.Part{access.PartBerichten, access.PartIdentiteit, access.PartArrangement}
	}
	return []access.Part{access.PartBerichten}
}
