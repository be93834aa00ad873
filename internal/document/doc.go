// Package document renders the printable Dutch documents of the routes
// (DOMAIN.md R-IPVA-6): the Integraal Plan van Aanpak (IPVA) to print and
// sign, the DAT-brief to the family, the beschikking (granting or refusing)
// and the GI's letter with its bepaling jeugdhulp.
//
// The package takes its own plain input structs (view models) so it does not
// depend on how the rest of the system stores a case; AfzenderVan turns the
// sending organisation (data on organisation.Organisation: postal address,
// phone, a municipality's bezwaar address) into the letterhead. A Toegang
// team's letter is headed by its municipality, a GI's or provider's by
// itself. Every document is A4, is dated dd-mm-jjjj ("23-11-2026") like
// every page of the system, numbers its pages ("Pagina 1 van 2") and has
// the footer line "Vertrouwelijk: bevat persoonsgegevens van een jeugdige".
// PDF metadata (title, author) never holds client data, and FileName builds
// file names without client data.
//
// Text is typeset with the Go fonts (golang.org/x/image/font/gofont) embedded
// as TrueType, so accented letters and the euro sign print without system
// fonts. Characters the font cannot show (emoji, for instance) are printed as
// "�" instead of being dropped silently, so a reader sees that something was
// there. Dates print as their day in Europe/Amsterdam (kalender.Datum); a
// calendar date stored as midnight UTC is the same day there.
package document
