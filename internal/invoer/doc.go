// Package invoer holds the rules every value typed into a form or sent to the
// API must meet before anything is stored: text that is valid UTF-8 without
// NUL or control characters, normalised (NFC) and trimmed, with something
// visible where a name is asked; dates that are plausible for a youth and a
// case; numbers in range. The rules are pure functions that return a Dutch
// message per field (Fouten); the domain packages call them before their
// transaction and the faces map Fouten once (422 with "fouten" on the API,
// the messages on the page).
//
// Every bound is written beside its rule with the reason for it. Where the
// sources are silent the bound is a plausibility check, not law: it catches
// a typed year that is off by decades (1900, 9999) without refusing a real
// case.
package invoer
