package access

import "slices"

// Part is one part of a case: the one table below says which role sees and
// changes which part. Every view, document and message of a case is put
// together through it (traject redacts a case view with Principal.Sees, and
// a document or message that holds a part the reader may not see is
// refused), so that least privilege reaches below the organisation.
type Part string

const (
	PartIdentiteit    Part = "identiteit" // the BSN
	PartAdres         Part = "adres"      // the youth's address and woonplaats
	PartContact       Part = "contact"    // phone numbers and e-mail of the parents
	PartGezin         Part = "gezin"      // the parents and custodians: names and relation
	PartGrondslag     Part = "grondslag"  // the court order or the medical referral
	PartIPVAAanleid   Part = "ipva.aanleiding"
	PartIPVAVoorz     Part = "ipva.voorzieningen"
	PartIPVAIVA       Part = "ipva.iva" // the analysis per leefgebied
	PartIPVAInschat   Part = "ipva.inschatting"
	PartIPVAHulp      Part = "ipva.eerdere_hulp"
	PartIPVAResultaat Part = "ipva.resultaten"
	PartIPVARegie     Part = "ipva.regie" // first step, regisseur, following progress
	PartIPVAMotiv     Part = "ipva.motivering"
	PartBeknoptPlan   Part = "beknopt_plan"
	PartArrangement   Part = "arrangement"
	PartBesluiten     Part = "besluiten" // decisions: toewijzing, beschikking, bepaling
	PartBerichten     Part = "berichten" // the iJw messages
	PartToestemming   Part = "toestemming"
	PartOndertekening Part = "ondertekening"
	PartVerloop       Part = "verloop"     // steps, open actions, the history
	PartOverleg       Part = "overleg"     // the remarks between referrer and provider
	PartToegangslog   Part = "toegangslog" // the youth's access log

	// Segment-1 coordination (package segment1, seed 003).
	PartAanmelding  Part = "segment1.aanmelding"  // the intake desk's registration, judgement, intake talk and advice
	PartCoordinatie Part = "segment1.coordinatie" // coordination level and its deciders, safety, signals, meldcode, zorgmelding/VTO
	PartRegie       Part = "segment1.regie"       // the regievoerder's treatment plan, evaluations and FOA
	PartConsultatie Part = "segment1.consultatie" // consultations of the RET or the Bijzondere Toegang and their advice
)

// PartCrisis is the crisis service's record of a crisis case (package
// crisis, seed 004): the report, the triage, the assessment, the care, the
// RTO and the Perspectiefplan Crisis.
const PartCrisis Part = "crisis"

// Segment1Parts are the parts of segment-1 coordination.
var Segment1Parts = []Part{PartAanmelding, PartCoordinatie, PartRegie, PartConsultatie}

// IPVAParts are the sections of the IPVA (R-IPVA-1), each a part.
var IPVAParts = []Part{PartIPVAAanleid, PartIPVAVoorz, PartIPVAIVA, PartIPVAInschat, PartIPVAHulp, PartIPVAResultaat, PartIPVARegie, PartIPVAMotiv}

// Parts lists every part in a stable order.
func Parts() []Part {
	return append([]Part{PartIdentiteit, PartAdres, PartContact, PartGezin, PartGrondslag}, append(slices.Clone(IPVAParts),
		append([]Part{PartBeknoptPlan, PartArrangement, PartBesluiten, PartBerichten, PartToestemming, PartOndertekening, PartVerloop, PartOverleg, PartToegangslog},
			append(slices.Clone(Segment1Parts), PartCrisis)...)...)...)
}

// PartRights is what one role sees and changes.
type PartRights struct {
	See, Change []Part
}

func with(base []Part, more ...Part) []Part { return append(slices.Clone(base), more...) }

var (
	wholeIPVA = IPVAParts
	caseWork  = with(wholeIPVA, PartGezin, PartGrondslag, PartBeknoptPlan, PartArrangement, PartVerloop, PartOverleg, PartCrisis)
)

// partRights is the table, written from what each role does (DOMAIN.md §1):
//
//   - The referrers (Toegang, GI) write the IPVA with the family, record
//     consent and signatures, choose arrangement and provider, approve the
//     beknopt plan and file the request or bepaling: they see the whole case
//     and change what their steps change. They see the decisions and the
//     messages, which follow from their request, but do not take them.
//   - The GP, youth doctor or medical specialist refers and then steps back:
//     the provider writes the plan with the family (R-ARR-3). The referrer
//     sees who the youth is, the referral itself and how it goes on, not
//     the plan, consents or messages between provider and municipality;
//     it can still ask the provider a question and read the answer.
//   - The remarks between referrer and provider (questions, a request to
//     sharpen the plan, a difference of opinion) are part of the case work:
//     whoever sees the story sees them; the referrers and the provider
//     write them. The back office decides on the request, not on the talk
//     that led to it, and does not see them.
//   - The gedragswetenschapper co-decides coordination and escalation: the
//     story of the case, not the identifiers, the address or the phone
//     numbers, and records nothing for the family.
//   - The provider delivers the care and exchanges the messages: the whole
//     case it is linked to, with the identifiers the messages need, and on
//     the medical route it writes the IPVA and records consent. It sees its
//     own consent only (traject filters the others).
//   - The intake desk (aanmeldpunt) judges and advises at the aanmeldtafel:
//     the whole story and who the youth is, not the decisions and messages.
//   - The back office decides and allocates: who the youth is and where it
//     lives (the beschikking goes there), the family's names (the
//     beschikking is addressed to a parent), the arrangement, decisions,
//     messages and progress; not the IPVA, the beknopt plan, consents or
//     phone numbers — and so, on the medical route, nothing of the case
//     beyond what the JW315 carries (R-ARR-3).
//   - The expert team (RET, Bijzondere Toegang) advises on the story,
//     without identifiers, address, family names or contact details.
//   - The crisis service acts within hours: who, where, whom to call, the
//     story and the arrangement; not decisions, messages or signatures.
//     It keeps the crisis record (PartCrisis), which is part of the story
//     every role of the case work sees, the process director's among them.
//   - Purchasing, the administrator and the privacy officer see no case;
//     the administrator and the privacy officer see the access log.
//   - Segment-1 coordination (seed 003): the referrer registers the youth
//     with the intake desk, coordinates and asks for consultations; the
//     Toegang's gedragswetenschapper co-decides the coordination level;
//     the regievoerder (a provider) writes the treatment plan, signals,
//     acts on the meldcode and closes with an FOA; the intake desk judges,
//     holds the intake talk and advises, and sees the coordination it
//     helps decide, not the treatment plan; the expert team reads the
//     whole story to advise and writes its advice; the crisis service
//     sees who coordinates and how safe it is; the medical referrer sees
//     its registration and asks for consultations; the back office none.
var partRights = map[Role]PartRights{
	Toegangsmedewerker: {
		See: with(with(caseWork, PartIdentiteit, PartAdres, PartContact, PartBesluiten, PartBerichten, PartToestemming, PartOndertekening), Segment1Parts...),
		Change: with(wholeIPVA, PartIdentiteit, PartAdres, PartContact, PartGezin, PartArrangement, PartToestemming, PartOndertekening, PartOverleg,
			PartAanmelding, PartCoordinatie, PartConsultatie),
	},
	GIMedewerker: {
		See: with(with(caseWork, PartIdentiteit, PartAdres, PartContact, PartBesluiten, PartBerichten, PartToestemming, PartOndertekening), Segment1Parts...),
		Change: with(wholeIPVA, PartIdentiteit, PartAdres, PartContact, PartGezin, PartGrondslag, PartArrangement, PartToestemming, PartOndertekening, PartBesluiten, PartOverleg,
			PartAanmelding, PartCoordinatie, PartConsultatie),
	},
	VerwijzerMedisch: {
		See:    []Part{PartIdentiteit, PartAdres, PartContact, PartGezin, PartGrondslag, PartArrangement, PartVerloop, PartOverleg, PartAanmelding, PartConsultatie},
		Change: []Part{PartIdentiteit, PartAdres, PartContact, PartGezin, PartGrondslag, PartOverleg, PartAanmelding, PartConsultatie},
	},
	Gedragswetenschapper: {
		See:    with(with(caseWork, PartOndertekening), Segment1Parts...),
		Change: []Part{PartCoordinatie},
	},
	Jeugdhulpaanbieder: {
		See: with(with(caseWork, PartIdentiteit, PartAdres, PartContact, PartBesluiten, PartBerichten, PartToestemming, PartOndertekening), Segment1Parts...),
		Change: with(wholeIPVA, PartBeknoptPlan, PartArrangement, PartToestemming, PartOndertekening, PartBerichten, PartOverleg,
			PartCoordinatie, PartRegie, PartConsultatie),
	},
	Aanmeldpunt: {
		See:    with(caseWork, PartIdentiteit, PartAdres, PartContact, PartToestemming, PartAanmelding, PartCoordinatie, PartConsultatie),
		Change: []Part{PartAanmelding, PartCoordinatie},
	},
	Backoffice: {
		See:    []Part{PartIdentiteit, PartAdres, PartGezin, PartArrangement, PartBesluiten, PartBerichten, PartVerloop},
		Change: []Part{PartAdres, PartBesluiten, PartBerichten},
	},
	Expertteam: {
		See: []Part{PartIPVAAanleid, PartIPVAVoorz, PartIPVAIVA, PartIPVAInschat, PartIPVAHulp, PartIPVAResultaat, PartIPVARegie, PartIPVAMotiv,
			PartGrondslag, PartBeknoptPlan, PartArrangement, PartVerloop, PartOverleg, PartAanmelding, PartCoordinatie, PartRegie, PartConsultatie},
		Change: []Part{PartConsultatie},
	},
	Crisisdienst: {
		See:    with(wholeIPVA, PartIdentiteit, PartAdres, PartContact, PartGezin, PartGrondslag, PartArrangement, PartVerloop, PartCoordinatie, PartCrisis),
		Change: []Part{PartAdres, PartContact, PartCrisis},
	},
	Beheerder: {See: []Part{PartToegangslog}},
	Privacy:   {See: []Part{PartToegangslog}},
}

// RightsOf returns the parts role r sees and changes.
func RightsOf(r Role) PartRights { return partRights[r] }

// Sees reports whether one of p's roles sees part.
func (p Principal) Sees(part Part) bool {
	for _, r := range p.Roles {
		if slices.Contains(partRights[r].See, part) {
			return true
		}
	}
	return false
}

// Changes reports whether one of p's roles changes part.
func (p Principal) Changes(part Part) bool {
	for _, r := range p.Roles {
		if slices.Contains(partRights[r].Change, part) {
			return true
		}
	}
	return false
}

// SeesAll reports whether p sees every one of parts.
func (p Principal) SeesAll(parts ...Part) bool {
	for _, part := range parts {
		if !p.Sees(part) {
			return false
		}
	}
	return true
}
