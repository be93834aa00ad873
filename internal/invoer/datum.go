package invoer

import (
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// The bounds of the date rules, each with its reason.
const (
	// MaxLeeftijdDossier: a youth's record takes a birth date at most 30
	// years ago. The Jeugdwet (art. 1.1, "jeugdige") reaches to the 23rd
	// birthday, for continued care after 18; the record of someone who
	// was a youth must still be registrable for some years after that,
	// for a late decision, an objection (bezwaar, beroep) or the
	// correction of a declaration, so 23 plus about 5 years of such
	// aftermath, rounded up. It is a plausibility bound that refuses 1900;
	// the sharper rule is JeugdwetLeeftijd on the eerste melding.
	MaxLeeftijdDossier = 30
	// JeugdwetLeeftijd: on the day of the first request the youth is
	// younger than 23 (Jeugdwet art. 1.1: from 23 there is no jeugdhulp,
	// not even continued care), and a decision ends before the 23rd
	// birthday.
	JeugdwetLeeftijd = 23
	// MeldingJarenTerug: the eerste melding lies at most 2 years back.
	// The IPVA is due 4 weeks after it (R-IPVA-3); a request registered
	// years after its first report is a mistyped year or a new request.
	MeldingJarenTerug = 2
	// MargeVoorMelding: a signature or consent may be dated at most 3
	// months before the eerste melding. The first conversation with the
	// family can precede the day the request was registered (on the GI
	// route the eerste melding is the day the order reached the GI), but
	// an IPVA is written for this request; a year typed wrong falls
	// outside.
	MargeVoorMeldingMaanden = 3
	// HorizonJaren: a decision runs at most 5 years from its start. No
	// law fixes a maximum; a municipality reviews care long before that,
	// and a toewijzing running to 9999-12-31 is a typing error.
	HorizonJaren = 5
	// VooruitJaren: a decision, a bepaling or a verzoek starts at most a
	// year ahead; care is asked for when it is needed, not decades ahead.
	VooruitJaren = 1
	// VoorGeboorteJaren: a court order may date from up to a year before
	// the birth: a child can be placed under supervision before it is
	// born (BW 1:255 lid 4).
	VoorGeboorteJaren = 1
)

// JeugdwetSinds is the day the Jeugdwet took effect (1 January 2015): no
// jeugdhulp under it, so no decision, bepaling or verzoek, starts before
// it. Bepalingen from 2019 are real (the JW315 duty began 1 September
// 2019), so the lower bound is the law's start, not a number of years back.
var JeugdwetSinds = time.Date(2015, time.January, 1, 0, 0, 0, 0, time.UTC)

// Dag is the calendar date of t in t's own location (a date typed as
// YYYY-MM-DD is that day whatever zone it was parsed in), as midnight UTC.
func Dag(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Vandaag is the day of instant nu in the Netherlands, as midnight UTC.
func Vandaag(nu time.Time) time.Time { return Dag(kalender.Day(nu)) }

// Verjaardag is the day someone born on geboorte turns jaren: someone born
// on 29 February turns a year older on 1 March in a year without that day,
// as client.AgeOn counts.
func Verjaardag(geboorte time.Time, jaren int) time.Time {
	return Dag(geboorte).AddDate(jaren, 0, 0)
}

// Datum formats a day for a message: 5 december 2026.
func Datum(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Dag(t).Format("2") + " " + maanden[Dag(t).Month()-1] + " " + Dag(t).Format("2006")
}

var maanden = [...]string{"januari", "februari", "maart", "april", "mei", "juni",
	"juli", "augustus", "september", "oktober", "november", "december"}

// Geboortedatum: not in the future and at most MaxLeeftijdDossier years ago.
func Geboortedatum(d, nu time.Time) string {
	vandaag := Vandaag(nu)
	switch {
	case d.IsZero():
		return "Vul de geboortedatum in als JJJJ-MM-DD, bijvoorbeeld 2013-04-25."
	case Dag(d).After(vandaag):
		return "De geboortedatum ligt in de toekomst."
	case Dag(d).Before(vandaag.AddDate(-MaxLeeftijdDossier, 0, 0)):
		return "Jeugdhulp is voor jeugdigen; deze geboortedatum ligt meer dan " + Getal(MaxLeeftijdDossier) + " jaar terug."
	}
	return ""
}

// EersteMelding: not in the future, at most MeldingJarenTerug years back,
// not before the birth date, and before the youth's 23rd birthday.
// geboorte may be zero when it is not known (or itself wrong).
func EersteMelding(d, geboorte, nu time.Time) string {
	vandaag := Vandaag(nu)
	switch {
	case d.IsZero():
		return "Vul de datum van de eerste melding in als JJJJ-MM-DD."
	case Dag(d).After(vandaag):
		return "De eerste melding ligt in de toekomst."
	case Dag(d).Before(vandaag.AddDate(-MeldingJarenTerug, 0, 0)):
		return "De eerste melding ligt meer dan " + Getal(MeldingJarenTerug) + " jaar terug; controleer het jaartal."
	case geboorte.IsZero():
	case Dag(d).Before(Dag(geboorte)):
		return "De eerste melding ligt vóór de geboortedatum van de jeugdige (" + Datum(geboorte) + ")."
	case !Dag(d).Before(Verjaardag(geboorte, JeugdwetLeeftijd)):
		return "De jeugdige was op de eerste melding 23 jaar of ouder; de Jeugdwet geldt tot de 23e verjaardag."
	}
	return ""
}

// InTraject: a day on which something was done for the case (a signature,
// a consent), named by label ("de datum van ondertekening"): not in the
// future, not before the birth date, and not more than
// MargeVoorMeldingMaanden before the eerste melding. geboorte and melding
// may be zero when not known.
func InTraject(label string, d, geboorte, melding, nu time.Time) string {
	switch {
	case d.IsZero():
		return "Vul " + label + " in als JJJJ-MM-DD."
	case Dag(d).After(Vandaag(nu)):
		return hoofdletter(label) + " ligt in de toekomst."
	case !geboorte.IsZero() && Dag(d).Before(Dag(geboorte)):
		return hoofdletter(label) + " ligt vóór de geboortedatum van de jeugdige (" + Datum(geboorte) + ")."
	case !melding.IsZero() && Dag(d).Before(Dag(melding).AddDate(0, -MargeVoorMeldingMaanden, 0)):
		return hoofdletter(label) + " ligt meer dan " + Getal(MargeVoorMeldingMaanden) + " maanden vóór de eerste melding (" + Datum(melding) + "); controleer het jaartal."
	}
	return ""
}

// Uitspraak: the date of a court order: not in the future and not more than
// VoorGeboorteJaren before the birth date; without a known birth date not
// more than MaxLeeftijdDossier years back.
func Uitspraak(d, geboorte, nu time.Time) string {
	vandaag := Vandaag(nu)
	switch {
	case d.IsZero():
		return "Vul de datum van de uitspraak in als JJJJ-MM-DD."
	case Dag(d).After(vandaag):
		return "De datum van de uitspraak ligt in de toekomst."
	case geboorte.IsZero() && Dag(d).Before(vandaag.AddDate(-MaxLeeftijdDossier, 0, 0)):
		return "De datum van de uitspraak ligt meer dan " + Getal(MaxLeeftijdDossier) + " jaar terug; controleer het jaartal."
	case !geboorte.IsZero() && Dag(d).Before(Dag(geboorte).AddDate(-VoorGeboorteJaren, 0, 0)):
		return "De datum van de uitspraak ligt meer dan een jaar vóór de geboortedatum van de jeugdige (" + Datum(geboorte) + ")."
	}
	return ""
}

// Start: the day care starts (the bepaling's zorg start, the verzoek's and
// a decision's ingangsdatum), named by label: not before the Jeugdwet took
// effect and at most VooruitJaren ahead.
func Start(label string, d, nu time.Time) string {
	switch {
	case d.IsZero():
		return "Vul " + label + " in als JJJJ-MM-DD."
	case Dag(d).Before(JeugdwetSinds):
		return hoofdletter(label) + " ligt vóór 1 januari 2015, toen de Jeugdwet inging; controleer het jaartal."
	case Dag(d).After(Vandaag(nu).AddDate(VooruitJaren, 0, 0)):
		return hoofdletter(label) + " ligt meer dan een jaar vooruit; controleer het jaartal."
	}
	return ""
}

// Ingangsdatum: a decision's start, as Start, and, when the birth date is
// known, on or after it and before the 23rd birthday.
func Ingangsdatum(d, geboorte, nu time.Time) string {
	if m := Start("de ingangsdatum", d, nu); m != "" || geboorte.IsZero() {
		return m
	}
	switch {
	case Dag(d).Before(Dag(geboorte)):
		return "De ingangsdatum ligt vóór de geboortedatum van de jeugdige (" + Datum(geboorte) + ")."
	case !Dag(d).Before(Verjaardag(geboorte, JeugdwetLeeftijd)):
		return "De jeugdige is op de ingangsdatum 23 jaar of ouder; de Jeugdwet geldt tot de 23e verjaardag."
	}
	return ""
}

// Horizon is the last day a decision starting on ingang may run: the day
// before the youth's 23rd birthday (Jeugdwet art. 1.1: on that birthday
// the youth is no longer a jeugdige, so care under the Jeugdwet ends the
// day before) or ingang + HorizonJaren, whichever comes first. Without a
// known birth date only the second bound applies.
func Horizon(ingang, geboorte time.Time) time.Time {
	h := Dag(ingang).AddDate(HorizonJaren, 0, 0)
	if !geboorte.IsZero() {
		if b := Verjaardag(geboorte, JeugdwetLeeftijd).AddDate(0, 0, -1); b.Before(h) {
			h = b
		}
	}
	return h
}

// Einddatum: a decision's end, when there is one (zero: open-ended): not
// before its start and not after Horizon.
func Einddatum(eind, ingang, geboorte time.Time) string {
	switch {
	case eind.IsZero() || ingang.IsZero():
		return ""
	case Dag(eind).Before(Dag(ingang)):
		return "De einddatum ligt vóór de ingangsdatum."
	case Dag(eind).After(Horizon(ingang, geboorte)):
		return "De einddatum ligt na " + Datum(Horizon(ingang, geboorte)) + ": een besluit loopt hoogstens " + Getal(HorizonJaren) +
			" jaar en niet voorbij de dag vóór de 23e verjaardag van de jeugdige."
	}
	return ""
}

// VerwachteEinddatum: the end a beknopt plan expects: not before today and
// at most HorizonJaren ahead.
func VerwachteEinddatum(d, nu time.Time) string {
	vandaag := Vandaag(nu)
	switch {
	case d.IsZero():
		return "Vul de verwachte einddatum in."
	case Dag(d).Before(vandaag):
		return "De verwachte einddatum ligt in het verleden."
	case Dag(d).After(vandaag.AddDate(HorizonJaren, 0, 0)):
		return "De verwachte einddatum ligt meer dan " + Getal(HorizonJaren) + " jaar vooruit; controleer het jaartal."
	}
	return ""
}
