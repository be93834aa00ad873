package ipva

import (
	"time"
)

// Route is how a youth was referred (R-ROUTE-1). The values equal those of
// the trajectory package, so a conversion is enough.
type Route string

const (
	RouteToegang Route = "toegang"
	RouteGI      Route = "gi"
	RouteMedisch Route = "medisch"
)

// Reason is a refusal or a problem with a complete Dutch sentence to show
// the user as it is. Code is stable for programs (API problem types,
// tests); Gaps, when set, lists the individual missing items.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Gaps    []Gap  `json:"gaps,omitempty"`
}

func (r *Reason) Error() string { return r.Message }

// Gap is one missing item of a document: Key names the field (e.g.
// "aanleiding", "iva.gezin.gaat_goed", "resultaten.0.streefdatum") so a
// form can point at it, Message says in Dutch what to do.
type Gap struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

// JaNee is a yes/no answer that may still be open.
type JaNee string

const (
	Onbeantwoord JaNee = ""
	Ja           JaNee = "ja"
	Nee          JaNee = "nee"
)

// Gebruik records whether the youth or family already uses a kind of
// provision and, if so, which.
type Gebruik struct {
	Antwoord    JaNee  `json:"antwoord"`
	Toelichting string `json:"toelichting"`
}

// Voorzieningen is the current use of provisions in the three domains the
// source names: jeugdhulp, Wmo and Participatie.
type Voorzieningen struct {
	Jeugdhulp    Gebruik `json:"jeugdhulp"`
	Wmo          Gebruik `json:"wmo"`
	Participatie Gebruik `json:"participatie"`
}

// LeefgebiedAnalyse is the outcome of the IVA for one leefgebied.
type LeefgebiedAnalyse struct {
	Leefgebied Leefgebied `json:"leefgebied"`
	// Waar ondervindt de jeugdige/het gezin problemen mee?
	Problemen string `json:"problemen"`
	// Welke zorgen zijn er over de jeugdige/het gezin?
	Zorgen string `json:"zorgen"`
	// Wat zou de jeugdige/het gezin graag veranderen?
	Veranderwens string `json:"veranderwens"`
	// Wat gaat goed?
	GaatGoed string `json:"gaat_goed"`
	// Wat kan de jeugdige/het gezin of hun netwerk zelf? (eigen kracht)
	EigenKracht string `json:"eigen_kracht"`
}

// Partij is who carries out an agreement: the source names
// jeugdige/gezin/netwerk/Toegang/Jeugdhulpaanbieder.
type Partij string

const (
	PartijJeugdige  Partij = "jeugdige"
	PartijGezin     Partij = "gezin"
	PartijNetwerk   Partij = "netwerk"
	PartijToegang   Partij = "toegang"
	PartijAanbieder Partij = "jeugdhulpaanbieder"
)

// Partijen returns the parties in the source's order.
func Partijen() []Partij {
	return []Partij{PartijJeugdige, PartijGezin, PartijNetwerk, PartijToegang, PartijAanbieder}
}

// Label returns the party's Dutch name.
func (p Partij) Label() string {
	switch p {
	case PartijJeugdige:
		return "Jeugdige"
	case PartijGezin:
		return "Gezin"
	case PartijNetwerk:
		return "Netwerk"
	case PartijToegang:
		return "Toegang"
	case PartijAanbieder:
		return "Jeugdhulpaanbieder"
	}
	return string(p)
}

func (p Partij) valid() bool {
	for _, q := range Partijen() {
		if p == q {
			return true
		}
	}
	return false
}

// Afspraak is one "wie doet wat en wanneer".
type Afspraak struct {
	Wie     Partij `json:"wie"`
	Wat     string `json:"wat"`
	Wanneer string `json:"wanneer"` // free text: "elke week", "vóór 1 maart"
}

// Resultaat is the desired situation for one relevant leefgebied, written
// with the family, preferably in their own words (R-IPVA-4).
type Resultaat struct {
	Leefgebied       string     `json:"leefgebied"` // Leefgebied.Key
	GewensteSituatie string     `json:"gewenste_situatie"`
	Streefdatum      time.Time  `json:"streefdatum"` // by when the result should be reached
	Afspraken        []Afspraak `json:"afspraken"`
}

// Besluit is the decision the IPVA motivates.
type Besluit string

const (
	Toekenning Besluit = "toekenning"
	Afwijzing  Besluit = "afwijzing"
)

// Vorm is how consent was given: the source allows oral or written.
type Vorm string

const (
	Mondeling    Vorm = "mondeling"
	Schriftelijk Vorm = "schriftelijk"
)

// Toestemming is the family's consent to share the IPVA with a provider
// (R-IPVA-1, R-IPVA-2). Aanbieder identifies the named provider (for
// example its organisation id); it may be empty in the IPVA while the
// provider is not yet chosen, but sharing needs a consent that names the
// provider (CanShareWithProvider). Consent can be withdrawn.
type Toestemming struct {
	Aanbieder      string    `json:"aanbieder"`
	Vorm           Vorm      `json:"vorm"`
	GegevenDoor    string    `json:"gegeven_door"`
	Datum          time.Time `json:"datum"`
	VastgelegdDoor string    `json:"vastgelegd_door"`
	IngetrokkenOp  time.Time `json:"ingetrokken_op"` // zero: not withdrawn
}

// Geldig reports whether the consent is recorded in full, given on or
// before the day on, and not withdrawn on or before that day.
func (t Toestemming) Geldig(on time.Time) bool {
	if (t.Vorm != Mondeling && t.Vorm != Schriftelijk) || t.GegevenDoor == "" || t.Datum.IsZero() {
		return false
	}
	d := day(on)
	if day(t.Datum).After(d) {
		return false
	}
	return t.IngetrokkenOp.IsZero() || day(t.IngetrokkenOp).After(d)
}

// Handtekening is one signature on the IPVA.
type Handtekening struct {
	Rol   Signer    `json:"rol"`
	Naam  string    `json:"naam"`
	Datum time.Time `json:"datum"`
}

// IPVA is the Integraal Plan van Aanpak with every section of R-IPVA-1, in
// the order of the source (seeds/000, "Wat is een IPVA?"). It is stored as
// one JSON document; all text is free Dutch text written with the family.
type IPVA struct {
	// Geboortedatum of the youth: decides who signs (R-IPVA-2).
	Geboortedatum time.Time `json:"geboortedatum"`

	// Wat is de aanleiding voor het gesprek met de jeugdige of het gezin?
	Aanleiding string `json:"aanleiding"`
	// Maakt de jeugdige of het gezin al gebruik van voorzieningen op het
	// gebied van jeugdhulp, Wmo of Participatie?
	Voorzieningen Voorzieningen `json:"voorzieningen"`

	// Uitkomsten Integrale Vraaganalyse, per leefgebied; New fills one
	// entry per configured leefgebied.
	IVA []LeefgebiedAnalyse `json:"iva"`
	// Hoe schatten het netwerk, de hulpverlener en eventuele andere
	// betrokkenen de behoefte aan zorg in?
	InschattingZorgbehoefte string `json:"inschatting_zorgbehoefte"`
	// Wat is er al eerder ingezet aan hulpverlening/diagnostiek en wat
	// werkte wel/niet? GeenEerdereHulp states explicitly that nothing was
	// used before, so both texts may stay empty.
	GeenEerdereHulp bool   `json:"geen_eerdere_hulp"`
	EerdereHulp     string `json:"eerdere_hulp"`
	WatWerkte       string `json:"wat_werkte"`

	// Resultaten: the desired situation per relevant leefgebied, each with
	// its target date and who does what when.
	Resultaten []Resultaat `json:"resultaten"`
	// Met welke eerste stap wil de jeugdige of het gezin beginnen? The
	// source asks this once for the plan, not per result.
	EersteStap string `json:"eerste_stap"`
	// Wie coördineert? (regisseur)
	Regisseur string `json:"regisseur"`
	// Afspraken over volgen voortgang en evaluatie.
	VolgenEnEvalueren string `json:"volgen_en_evalueren"`

	// Motivering toekenning/afwijzing. Segment1 marks a referral to
	// hoog-specialistische jeugdhulp (Crossroads): then the Toegang/GI
	// also motivates why (MotiveringSegment1).
	Besluit            Besluit `json:"besluit"`
	Motivering         string  `json:"motivering"`
	Segment1           bool    `json:"segment1"`
	MotiveringSegment1 string  `json:"motivering_segment1"`

	// Toestemming om het IPVA te delen met de jeugdhulpaanbieder.
	Toestemmingen []Toestemming `json:"toestemmingen"`
	// Ondertekening door de opsteller en de jeugdige of het gezin.
	Handtekeningen []Handtekening `json:"handtekeningen"`
}

// New returns an empty IPVA with one IVA entry per leefgebied; nil means
// DefaultLeefgebieden.
func New(leefgebieden []Leefgebied) IPVA {
	if leefgebieden == nil {
		leefgebieden = DefaultLeefgebieden()
	}
	var p IPVA
	for _, g := range leefgebieden {
		p.IVA = append(p.IVA, LeefgebiedAnalyse{Leefgebied: g})
	}
	return p
}
