// Package document renders the printable Dutch documents of the referral
// route (DOMAIN.md R-IPVA-6): the Integraal Plan van Aanpak (IPVA) to print
// and sign, the DAT-brief to the family, and the beschikking.
//
// The package takes its own plain input structs (view models) so it does not
// depend on how the rest of the system stores a case. Every document is A4,
// carries the municipality's name and department in the letterhead, is dated
// dd-mm-jjjj ("23-11-2026") like every page of the system, numbers its pages ("Pagina 1 van
// 2") and has the footer line "Vertrouwelijk: bevat persoonsgegevens van een
// jeugdige". PDF metadata (title, author) never holds client data, and
// FileName builds file names without client data.
//
// Text is typeset with the Go fonts (golang.org/x/image/font/gofont) embedded
// as TrueType, so accented letters and the euro sign print without system
// fonts. Characters the font cannot show (emoji, for instance) are printed as
// "�" instead of being dropped silently, so a reader sees that something was
// there. Dates are printed as their own calendar date (t.Date()): pass dates
// in the time zone they are meant in.
package document
