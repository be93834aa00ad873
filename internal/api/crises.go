package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// crisisRoutes are the crisis service's routes (package crisis): the
// report, each step's input straight into the service, the case as the
// reader may see it.
func crisisRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/crises", (*API).listCrises, nil, []crisisItemJSON{}},
		{"POST", "/api/v1/crises", (*API).reportCrisis, crisis.MeldingInput{}, crisis.View{}},
		{"GET", "/api/v1/crises/{id}", (*API).getCrisis, nil, crisis.View{}},
		{"POST", "/api/v1/crises/{id}/triage", crisisStep(func(a *API, r *http.Request, p access.Principal, id int64, in crisis.TriageInput) error {
			return a.Crisis.Triage(r.Context(), p, id, in)
		}), crisis.TriageInput{}, nil},
		{"POST", "/api/v1/crises/{id}/inschatting", crisisStep(func(a *API, r *http.Request, p access.Principal, id int64, in crisis.InschattingInput) error {
			return a.Crisis.Inschatting(r.Context(), p, id, in)
		}), crisis.InschattingInput{}, nil},
		{"POST", "/api/v1/crises/{id}/inzet", crisisStep(func(a *API, r *http.Request, p access.Principal, id int64, in crisis.InzetInput) error {
			return a.Crisis.Inzet(r.Context(), p, id, in)
		}), crisis.InzetInput{}, nil},
		{"POST", "/api/v1/crises/{id}/rto", crisisStep(func(a *API, r *http.Request, p access.Principal, id int64, in crisis.RTOInput) error {
			return a.Crisis.RTO(r.Context(), p, id, in)
		}), crisis.RTOInput{}, nil},
		{"POST", "/api/v1/crises/{id}/perspectiefplan", crisisStep(func(a *API, r *http.Request, p access.Principal, id int64, in crisis.PerspectiefplanInput) error {
			return a.Crisis.Perspectiefplan(r.Context(), p, id, in)
		}), crisis.PerspectiefplanInput{}, nil},
		{"POST", "/api/v1/crises/{id}/afsluiting", crisisStep(func(a *API, r *http.Request, p access.Principal, id int64, in crisis.AfsluitenInput) error {
			return a.Crisis.Afsluiten(r.Context(), p, id, in)
		}), crisis.AfsluitenInput{}, nil},
	}
}

// crisisStep is step for the crisis routes: without a crisis service
// they are not there.
func crisisStep[T any](fn func(a *API, r *http.Request, p access.Principal, id int64, in T) error) func(*API, http.ResponseWriter, *http.Request, account.User) {
	h := step(fn)
	return func(a *API, w http.ResponseWriter, r *http.Request, u account.User) {
		if a.Crisis == nil {
			notFound(w, r)
			return
		}
		h(a, w, r, u)
	}
}

// crisisItemJSON is a crisis on the crisis service's list, with the
// earliest open action of the reader's organisation.
type crisisItemJSON struct {
	ID            int64         `json:"id"`
	JeugdigeID    int64         `json:"jeugdige_id"`
	Jeugdige      string        `json:"jeugdige"`
	Stap          traject.Step  `json:"stap"`
	StapNaam      string        `json:"stap_naam"`
	AangemaaktOp  time.Time     `json:"aangemaakt_op"`
	VolgendeActie *crisis.Actie `json:"volgende_actie,omitempty"`
}

func (a *API) listCrises(w http.ResponseWriter, r *http.Request, u account.User) {
	if a.Crisis == nil {
		notFound(w, r)
		return
	}
	p := a.principal(r, u)
	items, err := a.Crisis.List(r.Context(), p)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	now := a.Traject.Now()
	out := make([]crisisItemJSON, 0, len(items))
	for _, it := range items {
		c := crisisItemJSON{ID: it.TrajectoryID, JeugdigeID: it.ClientID, Jeugdige: it.ClientName, Stap: it.Step,
			StapNaam: traject.RouteStepLabel(traject.RouteCrisis, it.Step), AangemaaktOp: it.CreatedAt.UTC()}
		if it.HasNext {
			c.VolgendeActie = &crisis.Actie{Stap: it.Next.Step, Actie: it.Next.Label, Rol: it.Next.Role, OrganisatieID: it.Next.OwnerOrgID, Organisatie: u.OrgName,
				Uiterlijk: it.Next.Due.UTC(), InUren: it.Next.InHours(), TeLaat: it.Next.Overdue(now)}
		}
		out = append(out, c)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) reportCrisis(w http.ResponseWriter, r *http.Request, u account.User) {
	if a.Crisis == nil {
		notFound(w, r)
		return
	}
	var in crisis.MeldingInput
	if !decode(w, r, &in) {
		return
	}
	p := a.principal(r, u)
	st, err := a.Crisis.Meld(r.Context(), p, in)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	v, err := a.Crisis.Get(r.Context(), p, st.TrajectoryID, access.Crisis)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/crises/"+strconv.FormatInt(st.TrajectoryID, 10))
	writeJSON(w, http.StatusCreated, v)
}

func (a *API) getCrisis(w http.ResponseWriter, r *http.Request, u account.User) {
	if a.Crisis == nil {
		notFound(w, r)
		return
	}
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	p := a.principal(r, u)
	purpose, ok := a.purpose(w, r, p, "")
	if !ok {
		return
	}
	v, err := a.Crisis.Get(r.Context(), p, id, purpose)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
