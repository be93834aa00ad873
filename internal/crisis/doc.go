// Package crisis is the integrated crisis service of Noord- en
// Midden-Limburg (Integrale Crisisdienst Jeugd, ICJ; seed 004, DOMAIN.md
// R-CRISIS-1…4): a telephone report, the triage, the active assessment
// on site, the crisis care with its maxima, the round-table talk (RTO) with
// the process director, and the Perspectiefplan Crisis.
//
// A crisis is a case in the one case model: a trajectory on route
// traject.RouteCrisis, opened and moved through traject (OpenCase,
// ChangeCase), so the need-to-know gate, the NEN 7513 access log, the
// case history, the case page and Mijn werk carry it like any case. The
// crisis' own data is in this package's tables (crises, crisis_inzet). The
// rules are tables (rules.go) with pure checks beside them; every
// transition is a named method that checks the rules and the case's state,
// refuses in Dutch, and writes the change, the obligations it fulfils and
// opens, and its history event in one gate transaction.
//
// Assumptions where the sources are silent:
//
//   - Who may act: the crisis service (role crisisdienst) of the
//     organisation that took the report records every step; the process
//     director's organisation reads the case and has the RTO on its Mijn
//     werk.
//   - The process director is the referrer of the youth's running
//     referral trajectory, a GI's before a Toegang's (under a court order
//     the GI has the regie), the newest first. A youth without one gets the
//     Toegang of the municipality the youth lives in, which the RTO needs
//     all the same ("de procesregisseur van gemeentelijke toegang"). That
//     organisation is linked to the crisis case.
//   - Eligibility (R-CRISIS-1): under 18, or 18 to 22 when the help
//     started before the 18th birthday, a date the report records; 23 and
//     older never. A report for a known youth may name only the BSN.
//   - Triage: a youth-and-parenting (J&O) case gets a gedragswetenschapper,
//     a mental-health (GGZ) case a psychiatrist, who also goes along to the
//     assessment. The source names no expert for an LVB case; an LVB
//     question is a behavioural one first, so the gedragswetenschapper
//     (orthopedagoog) thinks along. Acute help ("kan wachten tot morgen")
//     and no crisis end the case with the advice given; so does an
//     assessment that finds no crisis.
//   - Terms: see traject's crisis table (traject.TermTriage …). The RTO
//     and the crisis care start only when the assessment finds a crisis;
//     the RTO is still due on the first working day after the report.
//   - Crisis care: the preference ladder is ambulant; then the own network
//     or an emergency bed (the source offers these as one step); then a
//     placement (crisis foster care, residential crisis care, a Wvggz
//     admission). A form on a higher step needs a written reason for each
//     lower step. The own network has no maximum in the source; as
//     temporary crisis care it gets the ambulant 4 weeks. An end date is
//     at most the maximum after the begin date (a night in an emergency
//     bed: the next day). Several forms at once are a combination; care
//     can be added later in the crisis (a second inzet).
//   - The Perspectiefplan Crisis is recorded by the crisis service after
//     the RTO and the care; it names a coordinator and the crisis team, and
//     the youth, the crisis provider and the regievoerder, or why one of
//     them did not take part. After it the case may be closed.
package crisis
