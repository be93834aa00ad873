// Package traject carries a youth's trajectory along the referral route
// (DOMAIN.md §3, steps 1–7): from the first request for help, through the
// IVA and IPVA with the family, the arrangement, the provider and its
// beknopt plan, the Toegang's akkoord, to the municipality's decision, the
// beschikking and the toewijzing with its JW301.
//
// The rules — which step comes next, who owns it, by when, and which
// preconditions must hold — are plain Go in this file and rules.go. The
// store (store.go) runs every transition as one transaction through the
// access gate, so each change is logged and all-or-nothing.
package traject

import (
	"time"
)

// Route is how a youth was referred (R-ROUTE-1).
type Route string

const (
	RouteToegang Route = "toegang"
	RouteGI      Route = "gi"
	RouteMedisch Route = "medisch"
)

// Step is where a trajectory is.
type Step string

const (
	StepIPVA        Step = "ipva"         // 1–2: IVA and IPVA with the family
	StepArrangement Step = "arrangement"  // 3: choose the arrangement and intensity
	StepAanbieder   Step = "aanbieder"    // 4: choose the provider with the family
	StepAcceptatie  Step = "acceptatie"   // 4: the provider accepts or declines
	StepBeknoptPlan Step = "beknopt_plan" // 5: the provider writes the beknopt plan
	StepAkkoord     Step = "akkoord"      // 6: the Toegang approves the plan
	StepAanvraag    Step = "aanvraag"     // 7: the Toegang submits the request
	StepBesluit     Step = "besluit"      // 7: the back office decides
	StepToegewezen  Step = "toegewezen"   // 7 done: toewijzing and JW301 sent; care may start
	StepAfgewezen   Step = "afgewezen"    // the request was refused
)

// Owner kinds: who must act next.
const (
	OwnerVerwijzer  = "verwijzer"
	OwnerAanbieder  = "aanbieder"
	OwnerBackoffice = "backoffice"
	OwnerGeen       = ""
)

// Terms of the route. The IPVA and beknopt-plan terms come from the source
// (R-IPVA-3, step 5); the others are the demo region's working agreements,
// assumptions written down here because the sources give none.
const (
	IPVATerm        = 28 * 24 * time.Hour // 4 weeks after the eerste melding
	BeknoptPlanTerm = 14 * 24 * time.Hour // 2 weeks after the provider received the IPVA
	AcceptTerm      = 5 * 24 * time.Hour  // assumption: the provider answers within 5 days
	AkkoordTerm     = 5 * 24 * time.Hour  // assumption: the Toegang reacts within 5 days
	AanvraagTerm    = 2 * 24 * time.Hour  // assumption: the request follows within 2 days
	BesluitTerm     = 14 * 24 * time.Hour // assumption: the back office decides within 2 weeks
)

// Trajectory is one youth's route. Dates are calendar days (UTC midnight).
type Trajectory struct {
	ID             int64
	ClientID       int64
	Route          Route
	MunicipalityID int64
	ReferrerOrgID  int64
	EersteMelding  time.Time
	Step           Step

	IPVAVersion    int
	IPVADoneOn     time.Time
	IPVALateReason string

	Arrangement, Intensiteit int
	ProviderID               int64
	ProviderStatus           string
	ProviderReason           string
	IPVASharedOn             time.Time
	PlanSubmittedAt          time.Time
	Akkoord                  string
	AkkoordNote              string
	Geldkwestie              bool
	AanvraagAt               time.Time
	Besluit                  string
	BesluitAt                time.Time
	CreatedAt, UpdatedAt     time.Time
}

// Action is what is due next on a trajectory.
type Action struct {
	Step  Step
	Label string // Dutch
	Owner string // OwnerVerwijzer, OwnerAanbieder, OwnerBackoffice
	// OwnerOrgID is the organisation that must act.
	OwnerOrgID int64
	Due        time.Time
}

// Overdue reports whether the action was due before today.
func (a Action) Overdue(today time.Time) bool {
	return !a.Due.IsZero() && day(today).After(a.Due)
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func addDays(t time.Time, d time.Duration) time.Time { return day(t).Add(d) }

// Next returns the next action of t; ok is false for a trajectory that has
// no open action on the referral route.
func (t Trajectory) Next() (Action, bool) {
	switch t.Step {
	case StepIPVA:
		return Action{t.Step, "IPVA opstellen met het gezin en laten ondertekenen", OwnerVerwijzer, t.ReferrerOrgID, addDays(t.EersteMelding, IPVATerm)}, true
	case StepArrangement:
		return Action{t.Step, "Arrangement en intensiteit kiezen", OwnerVerwijzer, t.ReferrerOrgID, addDays(t.IPVADoneOn, 0)}, true
	case StepAanbieder:
		return Action{t.Step, "Aanbieder kiezen met het gezin en het IPVA delen", OwnerVerwijzer, t.ReferrerOrgID, addDays(t.IPVADoneOn, 7*24*time.Hour)}, true
	case StepAcceptatie:
		return Action{t.Step, "Verwijzing accepteren of afwijzen", OwnerAanbieder, t.ProviderID, addDays(t.IPVASharedOn, AcceptTerm)}, true
	case StepBeknoptPlan:
		return Action{t.Step, "Beknopt plan opstellen", OwnerAanbieder, t.ProviderID, addDays(t.IPVASharedOn, BeknoptPlanTerm)}, true
	case StepAkkoord:
		return Action{t.Step, "Beknopt plan beoordelen", OwnerVerwijzer, t.ReferrerOrgID, addDays(t.PlanSubmittedAt, AkkoordTerm)}, true
	case StepAanvraag:
		return Action{t.Step, "Aanvraag indienen bij de gemeente", OwnerVerwijzer, t.ReferrerOrgID, addDays(t.UpdatedAt, AanvraagTerm)}, true
	case StepBesluit:
		return Action{t.Step, "Besluiten over de aanvraag", OwnerBackoffice, t.MunicipalityID, addDays(t.AanvraagAt, BesluitTerm)}, true
	}
	return Action{}, false
}

// actionOf is the next action of a trajectory at step, with its stored
// owner and due date.
func actionOf(step Step, owner int64, due time.Time) Action {
	a, _ := Trajectory{Step: step}.Next()
	a.Step, a.OwnerOrgID, a.Due = step, owner, day(due)
	return a
}

// StepLabel is the Dutch name of a step.
func StepLabel(s Step) string {
	switch s {
	case StepIPVA:
		return "1–2 IVA en IPVA"
	case StepArrangement:
		return "3 Arrangement"
	case StepAanbieder:
		return "4 Aanbieder kiezen"
	case StepAcceptatie:
		return "4 Acceptatie door aanbieder"
	case StepBeknoptPlan:
		return "5 Beknopt plan"
	case StepAkkoord:
		return "6 Akkoord"
	case StepAanvraag:
		return "7 Aanvraag"
	case StepBesluit:
		return "7 Besluit gemeente"
	case StepToegewezen:
		return "7 Toegewezen"
	case StepAfgewezen:
		return "Afgewezen"
	}
	return string(s)
}
