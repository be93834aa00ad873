// Package segment1 carries the coordination of a youth in hoog-specialistische
// jeugdhulp (segment 1) as seed 003 describes it (DOMAIN.md R-SEG1-1…5,
// R-L-1): the referrer's phone consultation with the intake desk, the
// registration, the desk's judgement in time and intake talk, the
// aanmeldtafel's three-part advice, the registration with the regievoerder,
// the coordination level (licht or zwaar) that the Toegang worker, the
// Toegang's gedragswetenschapper and the provider decide together, with its
// escalation and de-escalation, the regievoerder's treatment plan, signals,
// meldcode actions and zorgmelding or VTO, the closing with a final
// evaluation and an FOA, and the consultations of the Regionaal Expertise
// Team and the Bijzondere Toegang.
//
// There is one case model: a segment-1 case is a trajectory of package
// traject (any route), and every table here is keyed by it. Every change is
// one transaction through the access gate (need-to-know, the NEN 7513 log)
// carrying the new state, its history event and the obligations it fulfils
// and opens on Mijn werk (package werk, kinds "segment1:…", which the route
// moving on leaves alone). The pure rules — terms, checklists, the three
// deciders, six months of safety, the three months of light help, the
// teams' meeting days — are in rules.go with table tests; transitions are
// named methods that check them and refuse in Dutch.
//
// Assumptions where the sources are silent:
//
//   - The referrer records its phone consultation with the desk on its own
//     trajectory; the desk is linked to the case only at the registration,
//     which needs that consultation first, the finished IPVA marked for
//     segment 1 (not on the medical route, where the referral is the basis)
//     and, except on the GI route, the family's consent to share it with
//     Crossroads and the regievoerder Crossroads designates.
//   - The coordinator is the referrer's organisation on the Toegang and GI
//     routes (seed 003 note 5: the referrer is the light coordinator). For
//     a medical-domain referral or a transition client the desk asks the
//     local Toegang, only with the youth's (or parents') consent recorded
//     with the request; that Toegang is then linked and coordinates.
//   - The three deciders are the coordinator's Toegang (or GI) worker, a
//     gedragswetenschapper of the coordinator's organisation, and the
//     regievoerder — during intake, before there is one, the intake desk
//     speaks for Crossroads. Each confirms in turn (the proposer first);
//     the level changes at the third agreement, and three agreements must
//     come from three different people. One disagreement ends the proposal.
//   - Six months of structural safety are counted from the recorded safety
//     assessments: the unbroken run of "safe" assessments up to the latest
//     one must span six calendar months from its first to its last
//     assessment; an unsafe assessment starts the count again. It is an
//     indicator for a de-escalation (not a condition), and a condition for
//     closing heavy coordination.
//   - The regievoerder closes the help with the final evaluation (youth and
//     referrer present) recorded; stepping down to another segment needs an
//     FOA; the coordinator then agrees the end date. Help started during
//     segment 1 may run on up to 3 calendar months after that end date;
//     anything longer must be in the FOA.
//   - Consultations: the team is an organisation registered here as a RET
//     (Tuesday afternoons) or a Bijzondere Toegang (Tuesday and Thursday).
//     A case is planned on the first such day strictly after the request,
//     skipping public holidays (the next meeting day takes it). Asking links
//     the team to the trajectory, so it reads the case — without BSN,
//     address or woonplaats, as the part table of package access says for
//     the expert team — and its advice is recorded as non-binding.
//   - Terms the source does not give are listed with their assumption at
//     the term variables in rules.go.
package segment1
