package access

import "testing"

// TestExpertteamSeesNoIdentifiers: the RET and the Bijzondere Toegang advise
// on the story of a case (seed 003, R-L-1): the part table gives them the
// IPVA and the segment-1 coordination, never the BSN, the address and
// woonplaats, the family or its contact details, and they change only their
// advice.
func TestExpertteamSeesNoIdentifiers(t *testing.T) {
	p := Principal{Roles: []Role{Expertteam}}
	for _, part := range []Part{PartIdentiteit, PartAdres, PartContact, PartGezin, PartToestemming, PartOndertekening, PartBesluiten, PartBerichten} {
		if p.Sees(part) {
			t.Errorf("the expert team sees %s", part)
		}
	}
	if v := p.View(); v.BSN || v.Address {
		t.Errorf("the expert team's view of a client record: %+v", v)
	}
	for _, part := range append([]Part{PartIPVAAanleid, PartIPVAIVA, PartVerloop}, Segment1Parts...) {
		if !p.Sees(part) {
			t.Errorf("the expert team does not see %s, which its advice needs", part)
		}
	}
	for _, part := range Parts() {
		if p.Changes(part) != (part == PartConsultatie) {
			t.Errorf("the expert team changes %s: %v", part, p.Changes(part))
		}
	}
}
