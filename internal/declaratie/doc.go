// Package declaratie is billing (seed 001 steps 9 and 11, iJw 3.2 §3.6):
// the contract tariffs the administrator keeps, the units a provider
// delivered, the monthly JW323 a provider sends each municipality, the
// municipality's check of every line with its JW325 answer, and the billing
// overview both sides read. It owns the tables tarieven,
// geleverde_eenheden, declaraties and declaratieregels (migration 0016).
//
// Assumptions where the sources are silent:
//
//   - An arrangement (category 50, code 50Hxy) is toegewezen as one piece
//     for the whole toewijzing (Omvang 1 × 82 × 6) and paid in two halves
//     (trajectfinanciering, OP264, IV089): each half is one prestatie with
//     GeleverdVolume 1, Eenheid 82 and the half as ProductTarief, so that
//     Bedrag = Volume × Tarief (TR346) holds. The first half is floor(T/2),
//     the second T minus the first, so the two add up to the contract
//     tariff T to the cent. The first half is declared with the ProductPeriode
//     of the month care started (the first JW305), from that month's
//     declaration on; the second half with the ProductPeriode of the month of
//     the definitive stop (a JW307 whose reason is not 20), from the
//     declaration of the month after it on. A restart after a temporary stop
//     declares nothing new: a toewijzing never pays more than two halves.
//   - The municipality does not use start and stop as payment conditions
//     (OP364): it checks the share (never above 100 % of the contract
//     tariff, 9322) and the instalment amount (0611), not whether a stop was
//     received. The one exception is the garantie (step 12): a line for
//     care in the 3 calendar months after a definitive end of care is care
//     resumed within the closed arrangement and is rejected (9322, the
//     closed arrangement's volume is used up), with the reason in Dutch.
//   - Other products are declared monthly: the units the provider recorded
//     for the month × the contract tariff, in the contract's unit. The
//     toewijzing's Omvang is checked (TR321/TR322) when its unit is the
//     contract's unit.
//   - Tariffs are per provider, product and period; the one valid on the
//     first day of the ProductPeriode applies.
package declaratie
