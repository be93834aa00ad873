// Package financiering is the money of segment 1 under lump-sum finance
// (R-L-3, R-KPI-3; seed 004, "Financiële afspraken"): the lump sum per
// consortium and year, each municipality's advance from its historical
// use, the actual use from the billing, the settlement between the
// municipalities afterwards, the reserve held back for non-contracted care
// still running, and spending per municipality against its advance, month
// by month. Purchasing, contract management and the board read it (the
// MGR keeps advances, monitoring and contracts); it holds aggregates per
// municipality, never a youth.
//
// It owns the tables lumpsums and historisch_gebruik (migration 0027),
// entered by the region's purchasing team or administrator. Everything
// else is computed when asked (Bereken, pure, with table tests) from those
// and from the billing of package declaratie.
//
// Assumptions where the seed is silent:
//
//   - A municipality's advance is its share of the historical use times
//     each consortium's lump sum, split per consortium in whole cents by
//     the largest remainder (Verdeel), so the advances of a consortium add
//     up to its lump sum exactly. The historical use is entered per year
//     as the basis of that year's advances; which past period it measures
//     is the region's choice (the page says so).
//   - Actual use is what the municipalities approved of the billing of a
//     consortium's partners and subcontractors (and of the consortium
//     itself, if it bills under its own AGB code): debit minus credit,
//     counted in the month of care (the line's begin date, whatever
//     declaration it came in), on the municipality's side.
//   - The settlement compares each municipality's share of a lump sum by
//     actual use with its advance: positive it pays the other
//     municipalities, negative it receives; per consortium the
//     settlements add up to zero exactly. The consortium keeps its lump
//     sum whatever the use (that is the lump sum). While the year runs the
//     settlement is provisional, on the use so far; with no use at all the
//     shares stay the advances and nothing is settled.
//   - Non-contracted care still running (Niet Gecontracteerd Aanbod) is a
//     toewijzing of a municipality of the region at a provider of the
//     region that is in no consortium, whose care has started and not
//     stopped (levering status gestart). Its reserve (uitname) is its
//     expected cost for the rest of the year from its contract tariff on
//     the reference day: for a volume per month, tariff × volume for each
//     month from the current one (billed afterwards, so still to pay)
//     through December or the toewijzing's last month; for a volume for
//     the whole toewijzing (an arrangement), tariff × volume minus what
//     was approved of its billing. Without a tariff it counts nothing and
//     the page says how many such toewijzingen there are. A past year
//     holds nothing back. The reserve is shown beside the lump sums: it
//     is money the municipalities keep apart, not part of the advances.
//   - Spending against the advance: the actual use summed from January
//     through each month, against the advance × months / 12 (NaarRato).
//     The months with figures are those before the current one: care is
//     billed after its month, so the current month has no figure yet.
package financiering
