package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
)

func leveringRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/toewijzingen/{id}/start", startCare, startCareJSON{}, leveringResultJSON{}},
		{"POST", "/api/v1/toewijzingen/{id}/stop", stopCare, stopCareJSON{}, leveringResultJSON{}},
		{"GET", "/api/v1/toewijzingen/{id}/leveringen", (*API).leveringen, nil, []leveringJSON{}},
		{"PUT", "/api/v1/toewijzingen/{id}/leveringen/{levering}/start", (*API).correctStart, startCareJSON{}, leveringResultJSON{}},
		{"PUT", "/api/v1/toewijzingen/{id}/leveringen/{levering}/stop", (*API).correctStop, stopCareJSON{}, leveringResultJSON{}},
		{"DELETE", "/api/v1/toewijzingen/{id}/leveringen/{levering}/stop", (*API).deleteStop, nil, leveringResultJSON{}},
		{"POST", "/api/v1/toewijzingen/{id}/garantie", garantie, garantieInJSON{}, garantieJSON{}},
		{"POST", "/api/v1/toewijzingen/{id}/wijziging", askWijziging, wijzigingInJSON{}, wijzigingOutJSON{}},
	}
}

// levering is the start-and-stop service on the trajectory service's gate,
// clock and calendar.
func (a *API) levering() *levering.Service {
	return &levering.Service{Gate: a.Traject.Gate, Now: a.Traject.Now, Cal: a.Traject.Cal}
}

// startCareJSON reports that care began (JW305): the first day of care,
// YYYY-MM-DD.
type startCareJSON struct {
	Begindatum string `json:"begindatum"`
}

// stopCareJSON reports that care ended (JW307): the last day of care,
// YYYY-MM-DD, and the reason (JZ588; 20 is a temporary stop).
type stopCareJSON struct {
	Einddatum string `json:"einddatum"`
	Reden     string `json:"reden"`
}

// leveringJSON is one start of a toegewezen product and its stop.
type leveringJSON struct {
	ID               int64  `json:"id"`
	ToewijzingNummer int64  `json:"toewijzingnummer"`
	ProductCategorie string `json:"productcategorie"`
	ProductCode      string `json:"productcode"`
	Begindatum       string `json:"begindatum"`
	Einddatum        string `json:"einddatum,omitempty"`
	RedenBeeindiging string `json:"reden_beeindiging,omitempty"`
	Status           string `json:"status"`
	// VerwerktDoorGemeente: the municipality processed the latest
	// message of this levering.
	VerwerktDoorGemeente bool   `json:"verwerkt_door_gemeente"`
	Waarschuwing         string `json:"waarschuwing,omitempty"`
}

// leveringResultJSON answers a start or stop: the leveringen written and
// a warning when the message went out after its term.
type leveringResultJSON struct {
	Leveringen   []leveringJSON `json:"leveringen"`
	Waarschuwing string         `json:"waarschuwing,omitempty"`
}

func toLeveringJSON(l levering.Levering) leveringJSON {
	return leveringJSON{ID: l.ID, ToewijzingNummer: l.ToewijzingNummer, ProductCategorie: l.ProductCategorie, ProductCode: l.ProductCode,
		Begindatum: dateJSON(l.Begindatum), Einddatum: dateJSON(l.Einddatum), RedenBeeindiging: l.RedenBeeindiging, Status: string(l.Status),
		VerwerktDoorGemeente: l.VerwerktDoorGemeente(), Waarschuwing: l.Waarschuwing()}
}

func toResultJSON(r levering.Result) leveringResultJSON {
	out := leveringResultJSON{Leveringen: []leveringJSON{}, Waarschuwing: r.Waarschuwing}
	for _, l := range r.Leveringen {
		out.Leveringen = append(out.Leveringen, toLeveringJSON(l))
	}
	return out
}

// leveringErr maps the start-and-stop errors to problems.
func (a *API) leveringErr(w http.ResponseWriter, r *http.Request, err error) {
	var fe levering.FieldErrors
	switch {
	case errors.As(err, &fe):
		validation(w, r, fe)
	case levering.IsRefusal(err):
		writeProblem(w, Problem{Type: TypeRefused, Status: http.StatusConflict, Title: "Melding geweigerd", Detail: err.Error(), Instance: r.URL.Path})
	case errors.Is(err, levering.ErrNotFound):
		notFound(w, r)
	default:
		a.serverError(w, r, err)
	}
}

func (a *API) leveringen(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	p := a.principal(r, u)
	purpose, ok := a.purpose(w, r, p, "")
	if !ok {
		return
	}
	ls, err := a.levering().List(r.Context(), p, id, purpose)
	if err != nil {
		a.leveringErr(w, r, err)
		return
	}
	out := make([]leveringJSON, 0, len(ls))
	for _, l := range ls {
		out = append(out, toLeveringJSON(l))
	}
	writeJSON(w, http.StatusOK, out)
}

// leveringID reads the path's toewijzing and levering ids; false when
// either is not one (404 written).
func leveringID(w http.ResponseWriter, r *http.Request) (id, lid int64, ok bool) {
	if id, ok = pathID(w, r); !ok {
		return 0, 0, false
	}
	lid, err := strconv.ParseInt(r.PathValue("levering"), 10, 64)
	if err != nil || lid <= 0 {
		notFound(w, r)
		return 0, 0, false
	}
	return id, lid, true
}

// correctStart corrects a start's begin date: the old start is deleted
// and the new one sent (two JW305s, IV008).
func (a *API) correctStart(w http.ResponseWriter, r *http.Request, u account.User) {
	id, lid, ok := leveringID(w, r)
	if !ok {
		return
	}
	var in startCareJSON
	if !decode(w, r, &in) {
		return
	}
	fe := client.FieldErrors{}
	begin := dateField(fe, "begindatum", in.Begindatum)
	if len(fe) > 0 {
		validation(w, r, fe)
		return
	}
	res, err := a.levering().CorrectStart(r.Context(), a.principal(r, u), id, lid, begin)
	if err != nil {
		a.leveringErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toResultJSON(res))
}

// correctStop corrects a levering's last stop: deleted and sent anew
// (two JW307s, IV008).
func (a *API) correctStop(w http.ResponseWriter, r *http.Request, u account.User) {
	id, lid, ok := leveringID(w, r)
	if !ok {
		return
	}
	var in stopCareJSON
	if !decode(w, r, &in) {
		return
	}
	fe := client.FieldErrors{}
	end := dateField(fe, "einddatum", in.Einddatum)
	if in.Einddatum == "" {
		fe["einddatum"] = "Vul de laatste dag van de zorg in."
	}
	if len(fe) > 0 {
		validation(w, r, fe)
		return
	}
	res, err := a.levering().CorrectStop(r.Context(), a.principal(r, u), id, lid, levering.StopInput{Einddatum: end, Reden: in.Reden})
	if err != nil {
		a.leveringErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toResultJSON(res))
}

// deleteStop deletes a levering's last stop (a JW307 with
// StatusAanlevering 3): the care runs again, or a definitive stop after a
// temporary one leaves the temporary one.
func (a *API) deleteStop(w http.ResponseWriter, r *http.Request, u account.User) {
	id, lid, ok := leveringID(w, r)
	if !ok {
		return
	}
	res, err := a.levering().CorrectStop(r.Context(), a.principal(r, u), id, lid, levering.StopInput{})
	if err != nil {
		a.leveringErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toResultJSON(res))
}

// garantieInJSON resumes care under the garantie na einde zorg (step 12):
// the first day of the resumed care (YYYY-MM-DD), who came back (gezin,
// gi, verwijzer) and with what.
type garantieInJSON struct {
	Begindatum  string `json:"begindatum"`
	GemeldDoor  string `json:"gemeld_door"`
	Toelichting string `json:"toelichting"`
}

// garantieJSON is a recorded resumption under the garantie.
type garantieJSON struct {
	ID          int64  `json:"id"`
	EindeZorg   string `json:"einde_zorg"`
	Begindatum  string `json:"begindatum"`
	GemeldDoor  string `json:"gemeld_door"`
	Toelichting string `json:"toelichting"`
}

// wijzigingInJSON is the provider's verzoek om wijziging (JW317): the new
// end date of the toewijzing, YYYY-MM-DD, and the reason (WJ758: 1 the
// youth's situation changed, 2 the care plan changed).
type wijzigingInJSON struct {
	Einddatum string `json:"einddatum"`
	Reden     string `json:"reden"`
}

// wijzigingOutJSON answers a verzoek om wijziging: its reference, which
// the municipality's JW301 or JW319 carries, and the message sent.
type wijzigingOutJSON struct {
	Referentie string `json:"referentie"`
	BerichtID  int64  `json:"bericht_id"`
}

// onToewijzing makes the handler of a provider's action on toewijzing
// {id}: the JSON body decoded into In, its date (field, YYYY-MM-DD, read
// with dateOf) checked, one service call, its errors mapped once, and Out
// written with status.
func onToewijzing[In, Out any](status int, field string, dateOf func(In) string,
	fn func(a *API, r *http.Request, p access.Principal, id int64, in In, d time.Time) (Out, error)) func(*API, http.ResponseWriter, *http.Request, account.User) {
	return func(a *API, w http.ResponseWriter, r *http.Request, u account.User) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		var in In
		if !decode(w, r, &in) {
			return
		}
		fe := client.FieldErrors{}
		d := dateField(fe, field, dateOf(in))
		if len(fe) > 0 {
			validation(w, r, fe)
			return
		}
		out, err := fn(a, r, a.principal(r, u), id, in, d)
		if err != nil {
			a.leveringErr(w, r, err)
			return
		}
		writeJSON(w, status, out)
	}
}

var (
	startCare = onToewijzing(http.StatusCreated, "begindatum", func(in startCareJSON) string { return in.Begindatum },
		func(a *API, r *http.Request, p access.Principal, id int64, _ startCareJSON, begin time.Time) (leveringResultJSON, error) {
			res, err := a.levering().Start(r.Context(), p, id, begin)
			return toResultJSON(res), err
		})
	stopCare = onToewijzing(http.StatusOK, "einddatum", func(in stopCareJSON) string { return in.Einddatum },
		func(a *API, r *http.Request, p access.Principal, id int64, in stopCareJSON, end time.Time) (leveringResultJSON, error) {
			res, err := a.levering().Stop(r.Context(), p, id, levering.StopInput{Einddatum: end, Reden: in.Reden})
			return toResultJSON(res), err
		})
	garantie = onToewijzing(http.StatusCreated, "begindatum", func(in garantieInJSON) string { return in.Begindatum },
		func(a *API, r *http.Request, p access.Principal, id int64, in garantieInJSON, begin time.Time) (garantieJSON, error) {
			g, err := a.levering().HervatOnderGarantie(r.Context(), p, id, levering.GarantieInput{Begindatum: begin, GemeldDoor: in.GemeldDoor, Toelichting: in.Toelichting})
			return garantieJSON{ID: g.ID, EindeZorg: dateJSON(g.EindeZorg), Begindatum: dateJSON(g.Begindatum), GemeldDoor: g.GemeldDoor, Toelichting: g.Toelichting}, err
		})
	askWijziging = onToewijzing(http.StatusCreated, "einddatum", func(in wijzigingInJSON) string { return in.Einddatum },
		func(a *API, r *http.Request, p access.Principal, id int64, in wijzigingInJSON, end time.Time) (wijzigingOutJSON, error) {
			b, err := a.levering().VraagWijziging(r.Context(), p, id, toewijzing.WijzigingInput{Einddatum: end, Reden: in.Reden})
			return wijzigingOutJSON{Referentie: b.Referentie, BerichtID: b.ID}, err
		})
)
