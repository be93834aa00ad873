package invoer

// Bereik: n lies from min to max inclusive; label names what is chosen
// ("het arrangement"). The caller takes min and max from the table that
// owns them (arrangement.All, arrangement.Intensities).
func Bereik(label string, n, min, max int) string {
	if n < min || n > max {
		return "Kies " + label + ": een nummer van " + Getal(min) + " tot en met " + Getal(max) + "."
	}
	return ""
}

// ID: a reference to a stored record (an organisation, a municipality) is
// a positive number; label says what to choose ("de jeugdhulpaanbieder").
// Whether the record exists is for the transaction to check.
func ID(label string, id int64) string {
	if id <= 0 {
		return "Kies " + label + "."
	}
	return ""
}

// Versie: the version of a document that was loaded is 0 (nothing saved
// yet) or more.
func Versie(v int) string {
	if v < 0 {
		return "De versie is 0 of hoger: stuur de versie mee die u heeft geladen."
	}
	return ""
}

// Keuze: v is one of the allowed values; melding says what to choose.
func Keuze(v string, melding string, toegestaan ...string) string {
	for _, t := range toegestaan {
		if v == t {
			return ""
		}
	}
	return melding
}
