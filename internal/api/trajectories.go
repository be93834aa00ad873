package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func trajectoryRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/trajectories", (*API).startTrajectory},
		{"GET", "/api/v1/trajectories/{id}", (*API).getTrajectory},
		{"PUT", "/api/v1/trajectories/{id}/ipva", (*API).saveIPVA},
		{"GET", "/api/v1/trajectories/{id}/ipva/gaps", (*API).ipvaGaps},
		{"POST", "/api/v1/trajectories/{id}/signatures", (*API).sign},
		{"POST", "/api/v1/trajectories/{id}/consents", (*API).consent},
		{"DELETE", "/api/v1/trajectories/{id}/consents/{provider}", withdrawConsent},
		{"POST", "/api/v1/trajectories/{id}/ipva/finish", (*API).finishIPVA},
		{"PUT", "/api/v1/trajectories/{id}/arrangement", chooseArrangement},
		{"PUT", "/api/v1/trajectories/{id}/provider", chooseProvider},
		{"POST", "/api/v1/trajectories/{id}/response", respond},
		{"PUT", "/api/v1/trajectories/{id}/beknopt-plan", submitPlan},
		{"POST", "/api/v1/trajectories/{id}/akkoord", review},
		{"POST", "/api/v1/trajectories/{id}/aanvraag", aanvraag},
		{"POST", "/api/v1/trajectories/{id}/besluit", (*API).decide},
		{"GET", "/api/v1/trajectories/{id}/beschikking", (*API).beschikking},
		{"GET", "/api/v1/trajectories/{id}/jw301", (*API).jw301},
		{"GET", "/api/v1/my-work", (*API).myWork},
		{"GET", "/api/v1/wegwijzer", (*API).wegwijzer},
		{"GET", "/api/v1/arrangements", (*API).arrangements},
	}
}

// date parses a YYYY-MM-DD field; empty gives the zero time.
func date(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

func badDate(w http.ResponseWriter, r *http.Request, field string) {
	validation(w, r, map[string]string{field: "Vul de datum in als JJJJ-MM-DD."})
}

// trajErr maps the route's errors to problems.
func (a *API) trajErr(w http.ResponseWriter, r *http.Request, err error) {
	var fe client.FieldErrors
	switch {
	case errors.As(err, &fe):
		validation(w, r, fe)
	case traject.IsRefusal(err):
		writeProblem(w, Problem{Type: TypeRefused, Status: http.StatusConflict, Title: "Stap geweigerd", Detail: err.Error(), Instance: r.URL.Path})
	case errors.Is(err, traject.ErrConflict):
		writeProblem(w, Problem{Status: http.StatusConflict, Title: "Gelijktijdige wijziging",
			Detail: "Iemand anders heeft het IPVA intussen opgeslagen. Uw tekst is niet opgeslagen en niet verloren: haal de nieuwste versie op en voeg uw wijzigingen samen.", Instance: r.URL.Path})
	case errors.Is(err, traject.ErrNotFound), errors.Is(err, traject.ErrNoDocument), errors.Is(err, client.ErrNotFound):
		notFound(w, r)
	default:
		a.serverError(w, r, err)
	}
}

type startJSON struct {
	traject.StartInput
}

func (a *API) startTrajectory(w http.ResponseWriter, r *http.Request, u account.User) {
	var in startJSON
	if !decode(w, r, &in) {
		return
	}
	st, err := a.Traject.Start(r.Context(), a.principal(r, u), in.StartInput)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/trajectories/"+strconv.FormatInt(st.TrajectoryID, 10))
	writeJSON(w, http.StatusCreated, map[string]any{"id": st.TrajectoryID, "client_id": st.ClientID, "lopend_traject": st.Running})
}

func (a *API) trajectoryID(w http.ResponseWriter, r *http.Request) (int64, bool) { return pathID(w, r) }

// noBody is the input of a step that takes none.
type noBody struct{}

// step makes the handler of a route step that answers 204: it reads the
// trajectory id, decodes the JSON body into T (unless T is noBody), runs
// fn as the caller and maps the route's errors to problems.
func step[T any](fn func(a *API, r *http.Request, p access.Principal, id int64, in T) error) func(*API, http.ResponseWriter, *http.Request, account.User) {
	return func(a *API, w http.ResponseWriter, r *http.Request, u account.User) {
		id, ok := a.trajectoryID(w, r)
		if !ok {
			return
		}
		var in T
		if _, none := any(in).(noBody); !none && !decode(w, r, &in) {
			return
		}
		if err := fn(a, r, a.principal(r, u), id, in); err != nil {
			a.trajErr(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

type providerJSON struct {
	AanbiederID int64 `json:"aanbieder_id"`
}

type responseJSON struct {
	Accepteren bool   `json:"accepteren"`
	Reden      string `json:"reden"`
}

var (
	chooseArrangement = step(func(a *API, r *http.Request, p access.Principal, id int64, in traject.ArrangementInput) error {
		return a.Traject.ChooseArrangement(r.Context(), p, id, in)
	})
	chooseProvider = step(func(a *API, r *http.Request, p access.Principal, id int64, in providerJSON) error {
		return a.Traject.ChooseProvider(r.Context(), p, id, in.AanbiederID)
	})
	respond = step(func(a *API, r *http.Request, p access.Principal, id int64, in responseJSON) error {
		return a.Traject.Respond(r.Context(), p, id, in.Accepteren, in.Reden)
	})
	submitPlan = step(func(a *API, r *http.Request, p access.Principal, id int64, in ipva.BeknoptPlan) error {
		return a.Traject.SubmitPlan(r.Context(), p, id, in)
	})
	review = step(func(a *API, r *http.Request, p access.Principal, id int64, in traject.ReviewInput) error {
		return a.Traject.Review(r.Context(), p, id, in)
	})
	aanvraag = step(func(a *API, r *http.Request, p access.Principal, id int64, _ noBody) error {
		return a.Traject.SubmitAanvraag(r.Context(), p, id)
	})
	withdrawConsent = step(func(a *API, r *http.Request, p access.Principal, id int64, _ noBody) error {
		prov, err := strconv.ParseInt(r.PathValue("provider"), 10, 64)
		if err != nil {
			return traject.ErrNotFound
		}
		return a.Traject.WithdrawConsent(r.Context(), p, id, prov)
	})
)

type actionJSON struct {
	Stap        string `json:"stap"`
	Actie       string `json:"actie"`
	Eigenaar    string `json:"eigenaar"`
	Organisatie int64  `json:"organisatie_id"`
	Uiterlijk   string `json:"uiterlijk"`
	TeLaat      bool   `json:"te_laat"`
}

func toAction(ac traject.Action, today time.Time) actionJSON {
	return actionJSON{Stap: string(ac.Step), Actie: ac.Label, Eigenaar: ac.Owner, Organisatie: ac.OwnerOrgID, Uiterlijk: ac.Due.Format("2006-01-02"), TeLaat: ac.Overdue(today)}
}

func (a *API) getTrajectory(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	p := a.principal(r, u)
	purpose, ok := a.purpose(w, r, p, "")
	if !ok {
		return
	}
	v, err := a.Traject.Get(r.Context(), p, id, purpose)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	out := map[string]any{
		"id": v.ID, "route": v.Route, "stap": v.Step, "stap_naam": traject.StepLabel(v.Step), "gemeente_id": v.MunicipalityID,
		"verwijzer_id": v.ReferrerOrgID, "eerste_melding": v.EersteMelding.Format("2006-01-02"), "jeugdige": toJSON(v.Client),
		"gezaghebbenden": v.Relations, "ipva": v.IPVA, "ipva_versie": v.IPVAVersion, "beknopt_plan": v.Plan,
		"toestemmingen": v.Consents, "ondertekeningen": v.Signatures, "arrangement": v.Arrangement, "intensiteit": v.Intensiteit,
		"aanbieder_id": v.ProviderID, "aanbieder_status": v.ProviderStatus, "akkoord": v.Akkoord, "geldkwestie": v.Geldkwestie,
		"besluit": v.Besluit, "toewijzing": v.Toewijzing,
	}
	if v.IPVALateReason != "" {
		out["reden_te_laat"] = v.IPVALateReason
	}
	if v.HasNext {
		out["volgende_actie"] = toAction(v.Next, time.Now())
	}
	writeJSON(w, http.StatusOK, out)
}

type ipvaJSON struct {
	Versie int          `json:"versie"`
	IPVA   ipvaDocument `json:"ipva"`
}

// ipvaDocument keeps the IPVA as the client sent it, after checking it is a
// well-formed IPVA.
type ipvaDocument = ipva.IPVA

func (a *API) saveIPVA(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	var in ipvaJSON
	if !decode(w, r, &in) {
		return
	}
	raw, err := jsonMarshal(in.IPVA)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	v, err := a.Traject.SaveIPVA(r.Context(), a.principal(r, u), id, in.Versie, raw)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"versie": v})
}

func (a *API) ipvaGaps(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	gaps, err := a.Traject.Gaps(r.Context(), a.principal(r, u), id)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	if gaps == nil {
		gaps = []ipva.Gap{}
	}
	writeJSON(w, http.StatusOK, gaps)
}

type signJSON struct {
	Ondertekenaar string `json:"ondertekenaar"`
	Naam          string `json:"naam"`
	Datum         string `json:"datum"`
}

func (a *API) sign(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	var in signJSON
	if !decode(w, r, &in) {
		return
	}
	d, ok := date(in.Datum)
	if !ok {
		badDate(w, r, "datum")
		return
	}
	if err := a.Traject.Sign(r.Context(), a.principal(r, u), id, traject.Signature{Signer: in.Ondertekenaar, Name: in.Naam, SignedOn: d}); err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type consentJSON struct {
	AanbiederID int64  `json:"aanbieder_id"`
	Vorm        string `json:"vorm"`
	GegevenDoor string `json:"gegeven_door"`
	GegevenOp   string `json:"gegeven_op"`
}

func (a *API) consent(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	var in consentJSON
	if !decode(w, r, &in) {
		return
	}
	d, ok := date(in.GegevenOp)
	if !ok {
		badDate(w, r, "gegeven_op")
		return
	}
	err := a.Traject.RecordConsent(r.Context(), a.principal(r, u), id, traject.ConsentInput{ProviderID: in.AanbiederID, Form: in.Vorm, GivenBy: in.GegevenDoor, GivenOn: d})
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type finishJSON struct {
	RedenTeLaat ipva.LateReason `json:"reden_te_laat"`
}

func (a *API) finishIPVA(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	var in finishJSON
	if r.ContentLength != 0 && !decode(w, r, &in) {
		return
	}
	if err := a.Traject.FinishIPVA(r.Context(), a.principal(r, u), id, in.RedenTeLaat); err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type decideJSON struct {
	Toegekend    bool   `json:"toegekend"`
	Ingangsdatum string `json:"ingangsdatum"`
	Einddatum    string `json:"einddatum"`
	Motivering   string `json:"motivering"`
}

func (a *API) decide(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	var in decideJSON
	if !decode(w, r, &in) {
		return
	}
	from, ok1 := date(in.Ingangsdatum)
	to, ok2 := date(in.Einddatum)
	if !ok1 || !ok2 {
		badDate(w, r, "ingangsdatum")
		return
	}
	tw, err := a.Traject.Decide(r.Context(), a.principal(r, u), id, traject.Decision{Toegekend: in.Toegekend, Ingangsdatum: from, Einddatum: to, Motivering: in.Motivering})
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	if tw == nil {
		writeJSON(w, http.StatusOK, map[string]any{"besluit": "afgewezen"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"besluit": "toegekend", "toewijzing": tw})
}

func (a *API) beschikking(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	pdf, err := a.Traject.Beschikking(r.Context(), a.principal(r, u), id)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="beschikking-`+strconv.FormatInt(id, 10)+`.pdf"`)
	w.Write(pdf)
}

func (a *API) jw301(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	xml, err := a.Traject.JW301(r.Context(), a.principal(r, u), id)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="jw301-`+strconv.FormatInt(id, 10)+`.xml"`)
	w.Write(xml)
}

func (a *API) myWork(w http.ResponseWriter, r *http.Request, u account.User) {
	items, err := a.Traject.MyWork(r.Context(), a.principal(r, u), 200)
	if errors.Is(err, traject.ErrNotFound) {
		writeJSON(w, http.StatusOK, []any{})
		return
	}
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		out = append(out, map[string]any{"traject_id": it.TrajectoryID, "jeugdige": it.ClientName, "actie": toAction(it.Action, time.Now()), "geldkwestie": it.Geldkwestie})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) wegwijzer(w http.ResponseWriter, r *http.Request, u account.User) {
	arr, _ := strconv.Atoi(r.URL.Query().Get("arrangement"))
	ps, err := a.Orgs.Wegwijzer(r.Context(), arr)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(ps))
	for _, p := range ps {
		m := map[string]any{"id": p.ID, "naam": p.Name, "agb_code": p.AGBCode, "arrangementen": p.Arrangements, "contact": p.Contact}
		if p.WaitingWeeks >= 0 {
			m["wachttijd_weken"] = p.WaitingWeeks
		}
		out = append(out, m)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) arrangements(w http.ResponseWriter, r *http.Request, u account.User) {
	writeJSON(w, http.StatusOK, map[string]any{"arrangementen": arrangement.All(), "intensiteiten": arrangement.Intensities(), "stap5a": arrangement.Vragen()})
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
