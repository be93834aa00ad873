// Package ipva holds the rules of the Integraal Plan van Aanpak (IPVA) and
// the steps around it (DOMAIN.md §3 steps 1, 2, 5 and §4) as pure Go, with
// no database or HTTP, so that the trajectory package, the web UI and the
// API apply the same rules:
//
//   - the IPVA document with every section of R-IPVA-1 and a completeness
//     check (Missing) that lists exactly what is missing, in Dutch;
//   - the configurable list of leefgebieden for the IVA;
//   - SMART help on results (CheckResult, GoodExamples; R-IPVA-4);
//   - who signs by the youth's age on the signing day (RequiredSigners;
//     R-IPVA-2) and consent to share with a named provider;
//   - the deadlines: IPVA 4 weeks after the eerste melding, beknopt plan 2
//     weeks after the provider received the IPVA, and the recorded reason a
//     late IPVA needs (R-IPVA-3);
//   - the beknopt plan of step 5 with its 1,000-character limit;
//   - step preconditions (R-STEP-1) as functions that return nil or a
//     *Reason with a Dutch sentence to show the user.
//
// Sources: seeds/000 (IPVA contents, results and good examples, signatures,
// akkoord, 4-week term), seeds/001 (12-step plan: consent on the GI route,
// beknopt plan), seeds/003 (5 leefgebieden). Dates are calendar days: only
// t.Date() of a time.Time is used, in whatever zone it carries, and dates
// returned are midnight UTC.
package ipva
