package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func trajectoryRoutes() []Route {
	return []Route{
		{"POST", "/api/v1/trajecten", (*API).startTrajectory, startJSON{}, startedJSON{}},
		{"GET", "/api/v1/trajecten/{id}", (*API).getTrajectory, nil, trajectJSON{}},
		{"PUT", "/api/v1/trajecten/{id}/ipva", (*API).saveIPVA, ipvaJSON{}, versionJSON{}},
		{"GET", "/api/v1/trajecten/{id}/ipva/ontbrekend", (*API).ipvaGaps, nil, []gapJSON{}},
		{"POST", "/api/v1/trajecten/{id}/ondertekeningen", (*API).sign, signJSON{}, nil},
		{"POST", "/api/v1/trajecten/{id}/toestemmingen", (*API).consent, consentJSON{}, nil},
		{"DELETE", "/api/v1/trajecten/{id}/toestemmingen/{aanbieder}", withdrawConsent, nil, nil},
		{"POST", "/api/v1/trajecten/{id}/ipva/afronding", (*API).finishIPVA, finishJSON{}, nil},
		{"PUT", "/api/v1/trajecten/{id}/arrangement", chooseArrangement, traject.ArrangementInput{}, nil},
		{"PUT", "/api/v1/trajecten/{id}/aanbieder", chooseProvider, providerJSON{}, nil},
		{"POST", "/api/v1/trajecten/{id}/acceptatie", respond, responseJSON{}, nil},
		{"PUT", "/api/v1/trajecten/{id}/beknopt-plan", submitPlan, ipva.BeknoptPlan{}, nil},
		{"POST", "/api/v1/trajecten/{id}/akkoord", review, traject.ReviewInput{}, nil},
		{"POST", "/api/v1/trajecten/{id}/afsluiting", closeCase, traject.CloseInput{}, nil},
		{"POST", "/api/v1/trajecten/{id}/opmerkingen", addRemark, traject.RemarkInput{}, nil},
		{"GET", "/api/v1/geldkwesties", (*API).moneyQuestions, nil, []geldkwestieJSON{}},
		{"POST", "/api/v1/geldkwesties/{id}/uitkomst", settleMoney, traject.MoneyOutcome{}, nil},
		{"POST", "/api/v1/trajecten/{id}/aanvraag", aanvraag, nil, nil},
		{"POST", "/api/v1/trajecten/{id}/bepaling", bepaling, bepalingJSON{}, nil},
		{"POST", "/api/v1/trajecten/{id}/verzoek", verzoek, verzoekJSON{}, nil},
		{"POST", "/api/v1/trajecten/{id}/besluit", (*API).decide, decideJSON{}, decisionJSON{}},
		{"POST", "/api/v1/trajecten/{id}/wijziging", decideWijziging, toewijzing.WijzigingBesluit{}, nil},
		{"GET", "/api/v1/trajecten/{id}/geschiedenis", (*API).history, nil, []traject.Event{}},
		{"GET", "/api/v1/trajecten/{id}/beschikking", pdf(document.KindBeschikking), nil, nil},
		{"GET", "/api/v1/trajecten/{id}/bepaling-brief", pdf(document.KindBepaling), nil, nil},
		{"GET", "/api/v1/trajecten/{id}/jw301", (*API).jw301, nil, nil},
		{"GET", "/api/v1/trajecten/{id}/berichten/{soort}", (*API).message, nil, nil},
		{"GET", "/api/v1/mijn-werk", (*API).myWork, nil, []workJSON{}},
		{"GET", "/api/v1/wegwijzer", (*API).wegwijzer, nil, []wegwijzerJSON{}},
		{"GET", "/api/v1/arrangementen", (*API).arrangements, nil, catalogueJSON{}},
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

const dateMessage = "Vul de datum in als JJJJ-MM-DD."

func badDate(w http.ResponseWriter, r *http.Request, field string) {
	validation(w, r, map[string]string{field: dateMessage})
}

// dateField parses the YYYY-MM-DD value of field like date; a malformed
// value is recorded in fe, which the caller returns as a field error (422).
func dateField(fe client.FieldErrors, field, s string) time.Time {
	t, ok := date(s)
	if !ok {
		fe[field] = dateMessage
	}
	return t
}

// dateJSON writes a day as YYYY-MM-DD; "" for the zero time.
func dateJSON(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
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

// startJSON registers a request for help: traject.StartInput with its
// dates as YYYY-MM-DD. The route follows from the caller's role: a GI sends
// "maatregel", a medical referrer "verwijzer" and "aanbieder_id".
type startJSON struct {
	Jeugdige       client.Input       `json:"jeugdige"`
	EersteMelding  string             `json:"eerste_melding"`
	Gezaghebbenden []traject.Relation `json:"gezaghebbenden"`
	Maatregel      *maatregelJSON     `json:"maatregel,omitempty"`
	Verwijzer      *traject.Verwijzer `json:"verwijzer,omitempty"`
	AanbiederID    int64              `json:"aanbieder_id,omitempty"`
}

// maatregelJSON is traject.Maatregel with the ruling's date as YYYY-MM-DD.
type maatregelJSON struct {
	Soort          string `json:"soort"`
	UitspraakDatum string `json:"uitspraak_datum"`
	Kenmerk        string `json:"kenmerk"`
	RaadRapport    string `json:"raad_rapport"`
}

func toMaatregelJSON(m *traject.Maatregel) *maatregelJSON {
	if m == nil {
		return nil
	}
	return &maatregelJSON{Soort: m.Soort, UitspraakDatum: dateJSON(m.UitspraakDatum), Kenmerk: m.Kenmerk, RaadRapport: m.RaadRapport}
}

// startedJSON answers a registered request for help: the route it opened
// on, Bekend when the youth was registered before (the trajectory opens on
// the existing record), LopendTraject when another trajectory of the youth
// is still open (a warning).
type startedJSON struct {
	ID            int64         `json:"id"`
	JeugdigeID    int64         `json:"jeugdige_id"`
	Route         traject.Route `json:"route"`
	Bekend        bool          `json:"bekend"`
	LopendTraject bool          `json:"lopend_traject"`
}

func (a *API) startTrajectory(w http.ResponseWriter, r *http.Request, u account.User) {
	var in startJSON
	if !decode(w, r, &in) {
		return
	}
	st := traject.StartInput{Client: in.Jeugdige, EersteMelding: in.EersteMelding, Relations: in.Gezaghebbenden,
		Verwijzer: in.Verwijzer, AanbiederID: in.AanbiederID}
	if m := in.Maatregel; m != nil {
		d, ok := date(m.UitspraakDatum)
		if !ok {
			badDate(w, r, "maatregel.uitspraak_datum")
			return
		}
		st.Maatregel = &traject.Maatregel{Soort: m.Soort, UitspraakDatum: d, Kenmerk: m.Kenmerk, RaadRapport: m.RaadRapport}
	}
	started, err := a.Traject.Start(r.Context(), a.principal(r, u), st)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/trajecten/"+strconv.FormatInt(started.TrajectoryID, 10))
	writeJSON(w, http.StatusCreated, startedJSON{ID: started.TrajectoryID, JeugdigeID: started.ClientID, Route: started.Route,
		Bekend: started.Known, LopendTraject: started.Running})
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

// bepalingJSON is traject.BepalingInput: the GI's bepaling jeugdhulp with
// the start of care as YYYY-MM-DD.
type bepalingJSON struct {
	ZorgStart string `json:"zorg_start"`
}

// verzoekJSON is traject.VerzoekInput: the provider's verzoek om
// toewijzing (JW315) with the wished start as YYYY-MM-DD.
type verzoekJSON struct {
	Ingangsdatum string `json:"ingangsdatum"`
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
	closeCase = step(func(a *API, r *http.Request, p access.Principal, id int64, in traject.CloseInput) error {
		return a.Traject.Close(r.Context(), p, id, in)
	})
	addRemark = step(func(a *API, r *http.Request, p access.Principal, id int64, in traject.RemarkInput) error {
		return a.Traject.AddRemark(r.Context(), p, id, in)
	})
	settleMoney = step(func(a *API, r *http.Request, p access.Principal, id int64, in traject.MoneyOutcome) error {
		return a.Traject.SettleMoneyQuestion(r.Context(), p, id, in)
	})
	review = step(func(a *API, r *http.Request, p access.Principal, id int64, in traject.ReviewInput) error {
		return a.Traject.Review(r.Context(), p, id, in)
	})
	aanvraag = step(func(a *API, r *http.Request, p access.Principal, id int64, _ noBody) error {
		return a.Traject.SubmitAanvraag(r.Context(), p, id)
	})
	bepaling = step(func(a *API, r *http.Request, p access.Principal, id int64, in bepalingJSON) error {
		fe := client.FieldErrors{}
		start := dateField(fe, "zorg_start", in.ZorgStart)
		if len(fe) > 0 {
			return fe
		}
		return a.Traject.Bepaling(r.Context(), p, id, traject.BepalingInput{ZorgStart: start})
	})
	verzoek = step(func(a *API, r *http.Request, p access.Principal, id int64, in verzoekJSON) error {
		fe := client.FieldErrors{}
		from := dateField(fe, "ingangsdatum", in.Ingangsdatum)
		if len(fe) > 0 {
			return fe
		}
		return a.Traject.SendVerzoek(r.Context(), p, id, traject.VerzoekInput{Ingangsdatum: from})
	})
	decideWijziging = step(func(a *API, r *http.Request, p access.Principal, id int64, in toewijzing.WijzigingBesluit) error {
		return a.Traject.DecideWijziging(r.Context(), p, id, in)
	})
	withdrawConsent = step(func(a *API, r *http.Request, p access.Principal, id int64, _ noBody) error {
		prov, err := strconv.ParseInt(r.PathValue("aanbieder"), 10, 64)
		if err != nil {
			return traject.ErrNotFound
		}
		return a.Traject.WithdrawConsent(r.Context(), p, id, prov)
	})
)

// actionJSON is an open action: the step, what is due, the party that
// owns it (verwijzer, aanbieder, gemeente) in which role and organisation,
// and by when: Uiterlijk is the due day in Europe/Amsterdam, UiterlijkTijdstip
// the due instant.
type actionJSON struct {
	Stap              traject.Step  `json:"stap"`
	Actie             string        `json:"actie"`
	Eigenaar          traject.Party `json:"eigenaar"`
	Rol               access.Role   `json:"rol"`
	Organisatie       int64         `json:"organisatie_id"`
	Uiterlijk         string        `json:"uiterlijk"`
	UiterlijkTijdstip time.Time     `json:"uiterlijk_tijdstip"`
	TeLaat            bool          `json:"te_laat"`
	// Vraag: an open question on the remark thread, not a step (stap is
	// empty).
	Vraag bool `json:"vraag,omitempty"`
}

// geldUitkomstJSON is the purchasing team's outcome of the last money
// question on a trajectory.
type geldUitkomstJSON struct {
	Uitkomst    string `json:"uitkomst"`
	Toelichting string `json:"toelichting"`
	Op          string `json:"op"`
}

// geldkwestieJSON is an open money question as the purchasing team sees
// it: no data about the youth.
type geldkwestieJSON struct {
	TrajectID   int64     `json:"traject_id"`
	Gemeente    string    `json:"gemeente"`
	Aanbieder   string    `json:"aanbieder"`
	Arrangement int       `json:"arrangement"`
	Intensiteit int       `json:"intensiteit"`
	Toelichting string    `json:"toelichting"`
	Sinds       time.Time `json:"sinds"`
}

func (a *API) moneyQuestions(w http.ResponseWriter, r *http.Request, u account.User) {
	p := a.principal(r, u)
	if !p.Has(access.Inkoop) {
		a.trajErr(w, r, traject.ErrNotFound)
		return
	}
	qs, err := a.Traject.MoneyQuestions(r.Context(), p)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	out := []geldkwestieJSON{}
	for _, q := range qs {
		out = append(out, geldkwestieJSON{TrajectID: q.TrajectoryID, Gemeente: q.Municipality, Aanbieder: q.Provider, Arrangement: q.Arrangement,
			Intensiteit: q.Intensiteit, Toelichting: q.Note, Sinds: q.Since.UTC()})
	}
	writeJSON(w, http.StatusOK, out)
}

func toAction(r traject.Route, ac traject.Action, now time.Time) actionJSON {
	return actionJSON{Stap: ac.Step, Actie: ac.Label, Eigenaar: partyOf(r, ac), Rol: ac.Role, Organisatie: ac.OwnerOrgID,
		Uiterlijk: kalender.Day(ac.Due).Format("2006-01-02"), UiterlijkTijdstip: ac.Due.UTC(), TeLaat: ac.Overdue(now), Vraag: ac.Question}
}

// partyOf is the party that owns ac. An action read back from the
// obligations may come without its party; the route's table names it (on
// route r, or, when r is not known, the step owned by ac's role on any
// route: the tables give each role one party).
func partyOf(r traject.Route, ac traject.Action) traject.Party {
	if ac.Party != "" {
		return ac.Party
	}
	if d, ok := traject.RouteOf(r); ok {
		if sd, ok := d.StepOf(ac.Step); ok {
			return sd.Party
		}
	}
	for _, d := range traject.Routes() {
		if sd, ok := d.StepOf(ac.Step); ok && sd.Role == ac.Role {
			return sd.Party
		}
	}
	return ""
}

// trajectJSON is a trajectory as the API shows it. IPVA and BeknoptPlan
// are the stored documents (ipva.IPVA, ipva.BeknoptPlan), {} while empty.
// Documenten and Berichten list what the trajectory produced, without
// their contents (those have routes of their own).
type trajectJSON struct {
	ID              int64                  `json:"id"`
	Route           traject.Route          `json:"route"`
	RouteNaam       string                 `json:"route_naam"`
	Stap            traject.Step           `json:"stap"`
	StapNaam        string                 `json:"stap_naam"`
	GemeenteID      int64                  `json:"gemeente_id"`
	VerwijzerID     int64                  `json:"verwijzer_id"`
	EersteMelding   string                 `json:"eerste_melding"`
	Grondslag       grondslagJSON          `json:"grondslag"`
	Jeugdige        clientJSON             `json:"jeugdige"`
	Gezaghebbenden  []traject.Relation     `json:"gezaghebbenden"`
	IPVA            json.RawMessage        `json:"ipva"`
	IPVAVersie      int                    `json:"ipva_versie"`
	RedenTeLaat     string                 `json:"reden_te_laat,omitempty"`
	BeknoptPlan     json.RawMessage        `json:"beknopt_plan"`
	Toestemmingen   []traject.Consent      `json:"toestemmingen"`
	Ondertekeningen []traject.Signature    `json:"ondertekeningen"`
	Arrangement     int                    `json:"arrangement"`
	Intensiteit     int                    `json:"intensiteit"`
	AanbiederID     int64                  `json:"aanbieder_id"`
	AanbiederStatus string                 `json:"aanbieder_status"`
	Akkoord         string                 `json:"akkoord"`
	Geldkwestie     bool                   `json:"geldkwestie"`
	ZorgStart       string                 `json:"zorg_start,omitempty"`
	OnderzoekTot    string                 `json:"onderzoek_tot,omitempty"`
	Besluit         string                 `json:"besluit"`
	Toewijzing      *toewijzing.Toewijzing `json:"toewijzing"`
	VolgendeActie   *actionJSON            `json:"volgende_actie,omitempty"`
	Acties          []actionJSON           `json:"acties"`
	Geschiedenis    []traject.Event        `json:"geschiedenis"`
	Opmerkingen     []traject.Remark       `json:"opmerkingen"`
	// Wijzigingen are the provider's verzoeken om wijziging (JW317)
	// received, newest first, with the municipality's decision.
	Wijzigingen    []wijzigingJSON   `json:"wijzigingen"`
	GeldUitkomst   *geldUitkomstJSON `json:"geldkwestie_uitkomst,omitempty"`
	Waarschuwingen []string          `json:"waarschuwingen"`
	Documenten     []documentJSON    `json:"documenten"`
	Berichten      []berichtJSON     `json:"berichten"`
}

// wijzigingJSON is a verzoek om wijziging (JW317) the municipality
// received, with its decision; dates YYYY-MM-DD, moments RFC 3339.
type wijzigingJSON struct {
	Referentie       string    `json:"referentie"`
	Reden            string    `json:"reden"`
	EinddatumOud     string    `json:"einddatum_oud,omitempty"`
	EinddatumNieuw   string    `json:"einddatum_nieuw,omitempty"`
	OntvangenOp      time.Time `json:"ontvangen_op"`
	UiterlijkBesluit time.Time `json:"uiterlijk_besluit"`
	Status           string    `json:"status"`
	RedenAfwijzing   string    `json:"reden_afwijzing,omitempty"`
	Motivering       string    `json:"motivering,omitempty"`
	BeslistOp        time.Time `json:"beslist_op,omitzero"`
}

// grondslagJSON is traject.Grondslag with dates as YYYY-MM-DD: the court
// order (GI route) or the referrer (medical route); {} on the Toegang
// route.
type grondslagJSON struct {
	Maatregel *maatregelJSON     `json:"maatregel,omitempty"`
	Verwijzer *traject.Verwijzer `json:"verwijzer,omitempty"`
}

// documentJSON is a stored document without its PDF.
type documentJSON struct {
	Soort        string    `json:"soort"`
	Titel        string    `json:"titel"`
	AangemaaktOp time.Time `json:"aangemaakt_op"`
}

// berichtJSON is a stored iJw message without its XML.
type berichtJSON struct {
	Type          ijw.MessageType `json:"type"`
	Richting      string          `json:"richting"`
	Afzender      string          `json:"afzender"`
	Ontvanger     string          `json:"ontvanger"`
	Identificatie string          `json:"identificatie"`
	Referentie    string          `json:"referentie,omitempty"`
	AangemaaktOp  time.Time       `json:"aangemaakt_op"`
}

// stored gives a stored JSON document, {} when nothing is stored.
func stored(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("{}")
	}
	return raw
}

// list gives an empty list instead of JSON null.
func list[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
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
	now := a.Traject.Now().UTC()
	out := trajectJSON{
		ID: v.ID, Route: v.Route, RouteNaam: traject.RouteLabel(v.Route), Stap: v.Step, StapNaam: traject.RouteStepLabel(v.Route, v.Step),
		GemeenteID: v.MunicipalityID, VerwijzerID: v.ReferrerOrgID, EersteMelding: v.EersteMelding.Format("2006-01-02"),
		Grondslag: grondslagJSON{Maatregel: toMaatregelJSON(v.Grondslag.Maatregel), Verwijzer: v.Grondslag.Verwijzer},
		Jeugdige:  toJSON(v.Client), Gezaghebbenden: list(v.Relations), IPVA: stored(v.IPVA), IPVAVersie: v.IPVAVersion, RedenTeLaat: v.IPVALateReason,
		BeknoptPlan: stored(v.Plan), Toestemmingen: list(v.Consents), Ondertekeningen: list(v.Signatures),
		Arrangement: v.Arrangement, Intensiteit: v.Intensiteit, AanbiederID: v.ProviderID, AanbiederStatus: v.ProviderStatus,
		Akkoord: v.Akkoord, Geldkwestie: v.Geldkwestie, ZorgStart: dateJSON(v.ZorgStart), Besluit: v.Besluit, Toewijzing: v.Toewijzing,
		Acties: []actionJSON{}, Geschiedenis: list(v.History), Waarschuwingen: list(v.Warnings), Documenten: []documentJSON{}, Berichten: []berichtJSON{},
		Opmerkingen: list(v.Remarks), Wijzigingen: []wijzigingJSON{},
	}
	for _, w := range v.Wijzigingen {
		out.Wijzigingen = append(out.Wijzigingen, wijzigingJSON{Referentie: w.Referentie, Reden: w.Reden, EinddatumOud: dateJSON(w.EinddatumOud),
			EinddatumNieuw: dateJSON(w.EinddatumNieuw), OntvangenOp: w.OntvangenAt, UiterlijkBesluit: w.UiterlijkAt, Status: w.Status,
			RedenAfwijzing: w.RedenAfwijzing, Motivering: w.Motivering, BeslistOp: w.BeslistAt})
	}
	if v.GeldkwestieUitkomst != "" {
		out.GeldUitkomst = &geldUitkomstJSON{Uitkomst: v.GeldkwestieUitkomst, Toelichting: v.GeldkwestieToelichting, Op: kalender.Day(v.GeldkwestieAt).Format("2006-01-02")}
	}
	if !v.OnderzoekTot.IsZero() {
		out.OnderzoekTot = kalender.Day(v.OnderzoekTot).Format("2006-01-02")
	}
	for _, ac := range v.Actions {
		out.Acties = append(out.Acties, toAction(v.Route, ac, now))
	}
	if v.HasNext {
		ac := toAction(v.Route, v.Next, now)
		out.VolgendeActie = &ac
	}
	for _, d := range v.Documents {
		out.Documenten = append(out.Documenten, documentJSON{Soort: d.Kind, Titel: d.Title, AangemaaktOp: d.CreatedAt.UTC()})
	}
	for _, b := range v.Messages {
		out.Berichten = append(out.Berichten, berichtJSON{Type: b.Type, Richting: b.Direction, Afzender: b.Sender, Ontvanger: b.Receiver,
			Identificatie: b.Identificatie, Referentie: b.Referentie, AangemaaktOp: b.CreatedAt.UTC()})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) history(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	p := a.principal(r, u)
	purpose, ok := a.purpose(w, r, p, "")
	if !ok {
		return
	}
	events, err := a.Traject.History(r.Context(), p, id, purpose)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list(events))
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
	writeJSON(w, http.StatusOK, versionJSON{Versie: v})
}

// versionJSON is the IPVA's version after a save; send it with the next.
type versionJSON struct {
	Versie int `json:"versie"`
}

// gapJSON is one missing item of the IPVA: Veld names the field (e.g.
// "iva.gezin.gaat_goed"), Melding says in Dutch what to do.
type gapJSON struct {
	Veld    string `json:"veld"`
	Melding string `json:"melding"`
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
	out := make([]gapJSON, 0, len(gaps))
	for _, g := range gaps {
		out = append(out, gapJSON{Veld: g.Key, Melding: g.Message})
	}
	writeJSON(w, http.StatusOK, out)
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

// decideJSON is traject.Decision with its dates as YYYY-MM-DD. On a
// verzoek om toewijzing a refusal names its reason (WJ759; with reason 8
// the CBS code of the responsible municipality), and "in_onderzoek"
// answers that the verzoek is being looked into.
type decideJSON struct {
	Toegekend      bool   `json:"toegekend"`
	Ingangsdatum   string `json:"ingangsdatum"`
	Einddatum      string `json:"einddatum"`
	Motivering     string `json:"motivering"`
	RedenAfwijzing string `json:"reden_afwijzing,omitempty"`
	Gemeente       string `json:"gemeente,omitempty"`
	InOnderzoek    bool   `json:"in_onderzoek,omitempty"`
	// Omvang: per segment-3 product, the volume assigned.
	Omvang []toewijzing.ProductOmvang `json:"omvang,omitempty"`
}

// Decisions as the API names them.
const (
	besluitToegekend   = "toegekend"
	besluitAfgewezen   = "afgewezen"
	besluitInOnderzoek = "in_onderzoek"
)

func (a *API) decide(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	var in decideJSON
	if !decode(w, r, &in) {
		return
	}
	fe := client.FieldErrors{}
	from := dateField(fe, "ingangsdatum", in.Ingangsdatum)
	to := dateField(fe, "einddatum", in.Einddatum)
	if len(fe) > 0 {
		validation(w, r, fe)
		return
	}
	tw, err := a.Traject.Decide(r.Context(), a.principal(r, u), id, traject.Decision{Toegekend: in.Toegekend, Ingangsdatum: from, Einddatum: to,
		Motivering: in.Motivering, RedenAfwijzing: in.RedenAfwijzing, Gemeente: in.Gemeente, InOnderzoek: in.InOnderzoek, Omvang: in.Omvang})
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	switch {
	case tw != nil:
		writeJSON(w, http.StatusOK, decisionJSON{Besluit: besluitToegekend, Toewijzing: tw})
	case in.InOnderzoek:
		writeJSON(w, http.StatusOK, decisionJSON{Besluit: besluitInOnderzoek})
	default:
		writeJSON(w, http.StatusOK, decisionJSON{Besluit: besluitAfgewezen})
	}
}

// decisionJSON is the recorded decision (toegekend, afgewezen,
// in_onderzoek) with, when granted, the toewijzing.
type decisionJSON struct {
	Besluit    string                 `json:"besluit"`
	Toewijzing *toewijzing.Toewijzing `json:"toewijzing,omitempty"`
}

// pdf serves the newest stored document of kind (the beschikking, the
// GI's letter with its bepaling) as a PDF whose file name holds no client
// data.
func pdf(kind string) func(*API, http.ResponseWriter, *http.Request, account.User) {
	return func(a *API, w http.ResponseWriter, r *http.Request, u account.User) {
		id, ok := a.trajectoryID(w, r)
		if !ok {
			return
		}
		b, err := a.Traject.Document(r.Context(), a.principal(r, u), id, kind)
		if err != nil {
			a.trajErr(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="`+document.FileName(kind, time.Time{}, id)+`"`)
		w.Write(b)
	}
}

// messageTypes are the iJw messages of a trajectory the API serves, by
// their lower-case name in the path.
var messageTypes = map[string]ijw.MessageType{
	"jw301": ijw.TypeJW301,
	"jw315": ijw.TypeJW315,
	"jw319": ijw.TypeJW319,
}

func (a *API) message(w http.ResponseWriter, r *http.Request, u account.User) {
	soort := r.PathValue("soort")
	typ, ok := messageTypes[soort]
	if !ok {
		notFound(w, r)
		return
	}
	a.serveMessage(w, r, u, soort, typ)
}

func (a *API) jw301(w http.ResponseWriter, r *http.Request, u account.User) {
	a.serveMessage(w, r, u, "jw301", ijw.TypeJW301)
}

// serveMessage answers with the newest stored message of type typ of the
// trajectory, as sent.
func (a *API) serveMessage(w http.ResponseWriter, r *http.Request, u account.User, soort string, typ ijw.MessageType) {
	id, ok := a.trajectoryID(w, r)
	if !ok {
		return
	}
	xml, err := a.Traject.Message(r.Context(), a.principal(r, u), id, typ)
	if err != nil {
		a.trajErr(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ToLower(soort)+"-"+strconv.FormatInt(id, 10)+`.xml"`)
	w.Write(xml)
}

// workJSON is one open action of Mijn werk.
type workJSON struct {
	TrajectID int64      `json:"traject_id"`
	Jeugdige  string     `json:"jeugdige"`
	Actie     actionJSON `json:"actie"`
}

func (a *API) myWork(w http.ResponseWriter, r *http.Request, u account.User) {
	items, err := a.Traject.MyWork(r.Context(), a.principal(r, u), 200)
	if errors.Is(err, traject.ErrNotFound) {
		writeJSON(w, http.StatusOK, []workJSON{})
		return
	}
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	now := a.Traject.Now().UTC()
	out := make([]workJSON, 0, len(items))
	for _, it := range items {
		out = append(out, workJSON{TrajectID: it.TrajectoryID, Jeugdige: it.ClientName, Actie: toAction("", it.Action, now)})
	}
	writeJSON(w, http.StatusOK, out)
}

// wegwijzerJSON is a provider in the Wegwijzer; WachttijdWeken is absent
// while the provider has not entered it.
type wegwijzerJSON struct {
	ID             int64  `json:"id"`
	Naam           string `json:"naam"`
	AGBCode        string `json:"agb_code"`
	Arrangementen  []int  `json:"arrangementen"`
	Contact        string `json:"contact"`
	WachttijdWeken *int   `json:"wachttijd_weken,omitempty"`
}

func (a *API) wegwijzer(w http.ResponseWriter, r *http.Request, u account.User) {
	arr, _ := strconv.Atoi(r.URL.Query().Get("arrangement"))
	ps, err := a.Orgs.Wegwijzer(r.Context(), u.Principal("api", "").RegionID, arr)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]wegwijzerJSON, 0, len(ps))
	for _, p := range ps {
		m := wegwijzerJSON{ID: p.ID, Naam: p.Name, AGBCode: p.AGBCode, Arrangementen: list(p.Arrangements), Contact: p.Contact}
		if p.WaitingWeeks >= 0 {
			m.WachttijdWeken = &p.WaitingWeeks
		}
		out = append(out, m)
	}
	writeJSON(w, http.StatusOK, out)
}

// catalogueJSON is what choosing an arrangement needs: the nine
// arrangementen, the five intensities and the questions of step 5a.
type catalogueJSON struct {
	Arrangementen []arrangementJSON `json:"arrangementen"`
	Intensiteiten []intensiteitJSON `json:"intensiteiten"`
	Stap5a        []vraagJSON       `json:"stap5a"`
}

type arrangementJSON struct {
	Nummer       int      `json:"nummer"`
	Naam         string   `json:"naam"`
	Omschrijving string   `json:"omschrijving"`
	Kenmerken    []string `json:"kenmerken"`
	Behoefte     string   `json:"behoefte"`
}

type intensiteitJSON struct {
	Nummer      int      `json:"nummer"`
	Naam        string   `json:"naam"`
	Titel       string   `json:"titel"`
	Richtlijnen []string `json:"richtlijnen"`
}

// vraagJSON is a question of step 5a; Sleutel is its key in "stap5a" of
// the arrangement choice.
type vraagJSON struct {
	Sleutel string `json:"sleutel"`
	Tekst   string `json:"tekst"`
}

func (a *API) arrangements(w http.ResponseWriter, r *http.Request, u account.User) {
	var out catalogueJSON
	for _, ar := range arrangement.All() {
		out.Arrangementen = append(out.Arrangementen, arrangementJSON{Nummer: ar.Nummer, Naam: ar.Naam, Omschrijving: ar.Omschrijving, Kenmerken: list(ar.Kenmerken), Behoefte: ar.Behoefte})
	}
	for _, in := range arrangement.Intensities() {
		out.Intensiteiten = append(out.Intensiteiten, intensiteitJSON{Nummer: in.Nummer, Naam: in.Naam, Titel: in.Titel, Richtlijnen: list(in.Richtlijnen)})
	}
	for _, v := range arrangement.Vragen() {
		out.Stap5a = append(out.Stap5a, vraagJSON{Sleutel: v.Key, Tekst: v.Tekst})
	}
	writeJSON(w, http.StatusOK, out)
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
