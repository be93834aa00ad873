// Package kpi computes what the region watches (DOMAIN.md §9): the
// segment-1 KPIs of seed 004 per municipality, consortium and region
// against their 2026 and 2028 targets (R-L-2, R-KPI-2), the deadlines met
// with their median and 90th percentile (R-KPI-1), the Treeknorm waits,
// and the live waiting time per provider and arrangement for referrers.
//
// Everything is counted from the records the case work leaves: the
// trajectories, the segment-1 cases (registration, intake talk, start and
// end of help), the stays the regievoerder records, and the obligations
// with their due and done moments. Facts are read in a few plain scans
// (store.go) and counted by pure functions (bereken.go, termijnen.go),
// which the table tests drive with small built worlds.
//
// Assumptions where the sources are silent:
//   - The KPIs count segment-1 cases: trajectories registered with the
//     intake desk. A case's municipality is the trajectory's; its
//     consortium is the one its regievoerder is a partner or
//     subcontractor of.
//   - "Registered youths over 12" counts registrations of youths aged 12
//     or older on the day of registration (the complement of "under 12").
//   - Admission days are days in treatment residence (behandelverblijf)
//     inside the period, both ends included; "per youth" divides by the
//     segment-1 youths in care at any time in the period.
//   - Hybrid use counts the youths with a hybrid stay in the period.
//   - A move is the start of a stay, or the end of one not followed the
//     same day by the next (the youth goes home).
//   - Re-entry for comparable problems is a new segment-1 registration of
//     the same youth within two years after the end of help: segment 1 is
//     one kind of problem (complex, multiple, high-specialist). For ends
//     less than two years ago the figure is provisional.
//   - The Treeknorm waits: registration to intake talk at most 4 weeks (28
//     days), intake talk to the start of help at most 10 weeks (70 days).
//     On the Toegang route the provider's registration is the day the
//     IPVA was shared with it, its intake the beknopt plan (written after
//     the intake talk), the start the reported start of care.
//   - A relative KPI compares with the region's baseline year: the first
//     year with a segment-1 registration unless the region sets one, or a
//     baseline figure the region enters where the records do not reach.
//     A month is compared with the baseline year's monthly average.
//   - A deadline still open past its due moment counts as missed, with its
//     time so far in the median and percentile (a lower bound).
package kpi
