package traject

import (
	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Party is who acts on a step: the referrer's organisation (Toegang team,
// GI or, on the medical route, nobody after the referral), the provider, or
// the responsible municipality's back office.
type Party string

const (
	PartyVerwijzer Party = "verwijzer"
	PartyAanbieder Party = "aanbieder"
	PartyGemeente  Party = "gemeente"
)

// StepDef is one step of a route: its Dutch name, what is due, who acts in
// which role, and the term. The term runs from the moment the step begins,
// except where Anchor says otherwise.
type StepDef struct {
	Step   Step
	Nr     string // the step's number in the 12-step plan (DOMAIN.md §3)
	Label  string // Dutch name of the step
	Action string // Dutch: what is due
	Party  Party
	Role   access.Role
	Term   kalender.Term
	Anchor Anchor
}

// Anchor is the moment a term runs from.
type Anchor int

const (
	FromStepStart     Anchor = iota // when the trajectory entered the step
	FromEersteMelding               // the first request (R-IPVA-3: 4 weeks)
	FromIPVAShared                  // the day the provider received the IPVA (step 5: 2 weeks)
)

// RouteDef is a referral route: its steps in order and, for the steps it
// does not have, why not (Dutch, shown when someone tries one).
type RouteDef struct {
	Route   Route
	Label   string
	Steps   []StepDef
	Skipped map[Step]string
}

// Terms. The IPVA and beknopt-plan terms are the sources' (R-IPVA-3, seed
// 001 step 5); the municipality's 5 working days to answer a verzoek om
// toewijzing is the iJw process description's (§2.5.3). The others are the
// demo region's working agreements, assumptions because the sources give
// none: the referrer chooses an arrangement within 2 working days of the
// IPVA and a provider within 5, the provider answers a referral within 5
// working days, the referrer reacts to a beknopt plan within 5 and files the
// request or bepaling within 2, the provider sends its verzoek om
// toewijzing within 5, and the back office decides on a request within 2
// weeks.
var (
	termIPVA        = kalender.Weeks(4)
	termArrangement = kalender.WorkingDays(2)
	termAanbieder   = kalender.WorkingDays(5)
	termAcceptatie  = kalender.WorkingDays(5)
	termBeknopt     = kalender.Weeks(2)
	termAkkoord     = kalender.WorkingDays(5)
	termAanvraag    = kalender.WorkingDays(2)
	termBepaling    = kalender.WorkingDays(2)
	termVerzoek     = kalender.WorkingDays(5)
	termBesluit     = kalender.Weeks(2)
	termAntwoord    = kalender.WorkingDays(5)
	// TermOnderzoek is how long a request may stay "in onderzoek" after the
	// municipality said so in a JW319: the Awb's 8 weeks for a decision
	// (art. 4:13), counted from the verzoek.
	TermOnderzoek = kalender.Weeks(8)
)

// The three routes (DOMAIN.md §3, R-ROUTE-1). Each is the only place its
// terms, owners and labels live.
var routes = []RouteDef{
	{
		Route: RouteToegang, Label: "Via de Toegang",
		Steps: []StepDef{
			{StepIPVA, "1–2", "IVA en IPVA", "IPVA opstellen met het gezin en laten ondertekenen", PartyVerwijzer, access.Toegangsmedewerker, termIPVA, FromEersteMelding},
			{StepArrangement, "3", "Arrangement", "Arrangement en intensiteit kiezen", PartyVerwijzer, access.Toegangsmedewerker, termArrangement, FromStepStart},
			{StepAanbieder, "4", "Aanbieder kiezen", "Aanbieder kiezen met het gezin en het IPVA delen", PartyVerwijzer, access.Toegangsmedewerker, termAanbieder, FromStepStart},
			{StepAcceptatie, "4", "Acceptatie door aanbieder", "Verwijzing accepteren of afwijzen", PartyAanbieder, access.Jeugdhulpaanbieder, termAcceptatie, FromStepStart},
			{StepBeknoptPlan, "5", "Beknopt plan", "Beknopt plan opstellen", PartyAanbieder, access.Jeugdhulpaanbieder, termBeknopt, FromIPVAShared},
			{StepAkkoord, "6", "Akkoord", "Beknopt plan beoordelen", PartyVerwijzer, access.Toegangsmedewerker, termAkkoord, FromStepStart},
			{StepAanvraag, "7", "Aanvraag", "Aanvraag indienen bij de gemeente", PartyVerwijzer, access.Toegangsmedewerker, termAanvraag, FromStepStart},
			{StepBesluit, "7", "Besluit gemeente", "Besluiten over de aanvraag", PartyGemeente, access.Backoffice, termBesluit, FromStepStart},
		},
		Skipped: map[Step]string{
			StepBepaling: "Op de route via de Toegang is er geen bepaling jeugdhulp: die stuurt alleen een gecertificeerde instelling.",
			StepVerzoek:  "Op de route via de Toegang vraagt de Toegang de jeugdhulp aan; de aanbieder stuurt geen verzoek om toewijzing.",
		},
	},
	{
		Route: RouteGI, Label: "Via een gecertificeerde instelling",
		Steps: []StepDef{
			{StepIPVA, "1–2", "IVA en IPVA", "IPVA opstellen op basis van de opdracht van de rechter en het rapport van de Raad", PartyVerwijzer, access.GIMedewerker, termIPVA, FromEersteMelding},
			{StepArrangement, "3", "Arrangement", "Arrangement en intensiteit kiezen", PartyVerwijzer, access.GIMedewerker, termArrangement, FromStepStart},
			{StepAanbieder, "4", "Aanbieder kiezen", "Aanbieder kiezen en het IPVA delen", PartyVerwijzer, access.GIMedewerker, termAanbieder, FromStepStart},
			{StepAcceptatie, "4", "Acceptatie door aanbieder", "Verwijzing accepteren of afwijzen", PartyAanbieder, access.Jeugdhulpaanbieder, termAcceptatie, FromStepStart},
			{StepBeknoptPlan, "5", "Beknopt plan", "Beknopt plan opstellen", PartyAanbieder, access.Jeugdhulpaanbieder, termBeknopt, FromIPVAShared},
			{StepAkkoord, "6", "Akkoord", "Beknopt plan beoordelen", PartyVerwijzer, access.GIMedewerker, termAkkoord, FromStepStart},
			{StepBepaling, "7", "Bepaling jeugdhulp", "Bepaling jeugdhulp sturen aan gemeente en aanbieder", PartyVerwijzer, access.GIMedewerker, termBepaling, FromStepStart},
			{StepVerzoek, "7", "Verzoek om toewijzing", "Verzoek om toewijzing (JW315) sturen", PartyAanbieder, access.Jeugdhulpaanbieder, termVerzoek, FromStepStart},
			{StepBesluit, "7", "Besluit gemeente", "Toewijzen of afwijzen", PartyGemeente, access.Backoffice, termAntwoord, FromStepStart},
		},
		Skipped: map[Step]string{
			StepAanvraag: "Op de GI-route dient de GI geen aanvraag in: zij stuurt een bepaling jeugdhulp.",
		},
	},
	{
		Route: RouteMedisch, Label: "Via het medisch domein",
		Steps: []StepDef{
			{StepIPVA, "1–2", "IVA en plan", "IVA en plan opstellen met de jeugdige en het gezin", PartyAanbieder, access.Jeugdhulpaanbieder, termIPVA, FromEersteMelding},
			{StepArrangement, "3", "Arrangement", "Arrangement, intensiteit en code bepalen", PartyAanbieder, access.Jeugdhulpaanbieder, termArrangement, FromStepStart},
			{StepVerzoek, "7", "Verzoek om toewijzing", "Verzoek om toewijzing (JW315) sturen", PartyAanbieder, access.Jeugdhulpaanbieder, termVerzoek, FromStepStart},
			{StepBesluit, "7", "Besluit gemeente", "Verzoek om toewijzing beantwoorden", PartyGemeente, access.Backoffice, termAntwoord, FromStepStart},
		},
		Skipped: map[Step]string{
			StepAanbieder:   "Bij een verwijzing via het medisch domein staat de aanbieder al in de verwijzing.",
			StepAcceptatie:  "Bij een verwijzing via het medisch domein werkt de aanbieder de verwijzing zelf uit.",
			StepBeknoptPlan: "Bij een verwijzing via het medisch domein levert de aanbieder geen beknopt plan aan.",
			StepAkkoord:     "Bij een verwijzing via het medisch domein is er geen overleg met de gemeente over de intensiteit.",
			StepAanvraag:    "Bij een verwijzing via het medisch domein vraagt de aanbieder de toewijzing zelf aan met een verzoek om toewijzing.",
			StepBepaling:    "Op de route via het medisch domein is er geen bepaling jeugdhulp: die stuurt alleen een gecertificeerde instelling.",
		},
	},
	// A crisis case of the crisis service: its steps are walked by package
	// crisis (crisis.go).
	crisisRoute,
}

// Routes lists the routes in order: the three referral routes, then the
// crisis case.
func Routes() []RouteDef { return routes }

// RouteOf returns the definition of route r.
func RouteOf(r Route) (RouteDef, bool) {
	for _, d := range routes {
		if d.Route == r {
			return d, true
		}
	}
	return RouteDef{}, false
}

// StepOf returns the definition of step s on the route.
func (d RouteDef) StepOf(s Step) (StepDef, bool) {
	for _, sd := range d.Steps {
		if sd.Step == s {
			return sd, true
		}
	}
	return StepDef{}, false
}

// After returns the step that follows s on the route, and false after the
// last (the decision ends the referral).
func (d RouteDef) After(s Step) (Step, bool) {
	for i, sd := range d.Steps {
		if sd.Step == s && i+1 < len(d.Steps) {
			return d.Steps[i+1].Step, true
		}
	}
	return "", false
}

// RouteLabel is the Dutch name of a route.
func RouteLabel(r Route) string {
	if d, ok := RouteOf(r); ok {
		return d.Label
	}
	return string(r)
}
