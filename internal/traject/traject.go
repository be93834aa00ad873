// Package traject carries a youth's trajectory along one of the three
// referral routes (DOMAIN.md §3, steps 1–7): via the Toegang, via a
// certified institution (GI) on a court order, or via the medical domain.
//
// Each route is a table of its steps (routes.go): owner, term, Dutch label,
// and why it lacks the steps it skips. Transitions are plain methods that
// check the table and their preconditions and return a Dutch reason when
// they refuse (R-STEP-1). Every transition is one transaction through the
// access gate carrying the new state, the obligations it fulfils and opens
// (package werk), its history event and any document or message; so each
// change is logged and all-or-nothing.
package traject

import (
	"encoding/json"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
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
	StepAkkoord     Step = "akkoord"      // 6: the referrer approves the plan
	StepAanvraag    Step = "aanvraag"     // 7 (Toegang): the Toegang submits the request
	StepBepaling    Step = "bepaling"     // 7 (GI): the GI's bepaling jeugdhulp
	StepVerzoek     Step = "verzoek"      // 7 (GI, medisch): the provider's verzoek om toewijzing (JW315)
	StepBesluit     Step = "besluit"      // 7: the back office decides
	StepToegewezen  Step = "toegewezen"   // 7 done: toewijzing and JW301 sent; care may start
	StepAfgewezen   Step = "afgewezen"    // the request was refused
)

// Trajectory is one youth's route.
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
	// The purchasing team's outcome of the last money question.
	GeldkwestieUitkomst    string
	GeldkwestieToelichting string
	GeldkwestieAt          time.Time
	AanvraagAt             time.Time
	Besluit                string
	BesluitAt              time.Time

	// Grondslag is the basis of a GI or medical referral.
	Grondslag    Grondslag
	BepalingAt   time.Time
	ZorgStart    time.Time // the start of care the GI's bepaling names
	VerzoekAt    time.Time
	OnderzoekTot time.Time // a JW319 "in onderzoek" runs until

	CreatedAt, UpdatedAt time.Time
}

// Case names the trajectory and its youth for the access gate.
func (t Trajectory) Case() access.Case {
	return access.Case{ClientID: t.ClientID, TrajectoryID: t.ID}
}

// Grondslag is what a referral outside the Toegang rests on: the court
// order on the GI route, the referrer's codes on the medical route.
type Grondslag struct {
	Maatregel *Maatregel `json:"maatregel,omitempty"`
	Verwijzer *Verwijzer `json:"verwijzer,omitempty"`
}

func (g Grondslag) json() string {
	b, _ := json.Marshal(g)
	return string(b)
}

// Action is what is due next on a trajectory: an open obligation.
type Action struct {
	Step       Step
	Label      string // Dutch
	Party      Party
	Role       access.Role
	OwnerOrgID int64 // the organisation that must act
	Due        time.Time
	// Question: an open question on the remark thread, not a step of the
	// route (Step is empty).
	Question bool
	// Segment1: a duty of segment-1 coordination (package segment1),
	// beside the route: never the route's next action.
	Segment1 bool
}

// Overdue reports whether the action is past its due moment at now.
func (a Action) Overdue(now time.Time) bool {
	return !a.Due.IsZero() && now.After(a.Due)
}

// owner returns the organisation of party on t.
func (t Trajectory) owner(p Party) int64 {
	switch p {
	case PartyVerwijzer:
		return t.ReferrerOrgID
	case PartyAanbieder:
		return t.ProviderID
	case PartyGemeente:
		return t.MunicipalityID
	}
	return 0
}

// StepLabel is the Dutch name of a step with its number. The routes number
// a step the same; where their names differ, RouteStepLabel names it as the
// route does.
func StepLabel(s Step) string { return RouteStepLabel("", s) }

// RouteStepLabel is the Dutch name of a step with its number on route r.
func RouteStepLabel(r Route, s Step) string {
	switch s {
	case StepToegewezen:
		return "7 Toegewezen"
	case StepAfgewezen:
		return "Afgewezen"
	case StepGesloten:
		return "Afgesloten"
	}
	if d, ok := RouteOf(r); ok {
		if sd, ok := d.StepOf(s); ok {
			return sd.Nr + " " + sd.Label
		}
	}
	for _, d := range routes {
		if sd, ok := d.StepOf(s); ok {
			return sd.Nr + " " + sd.Label
		}
	}
	return string(s)
}

// Open reports whether the trajectory still has a step to take on the
// referral route.
func (t Trajectory) Open() bool {
	return t.Step != StepToegewezen && t.Step != StepAfgewezen && t.Step != StepGesloten
}
