// Package api is the JSON API of jeugdhulp under /api/v1: bearer-token
// authentication, the same rules and access gate as the web pages, RFC 9457
// problem+json errors in Dutch, and an OpenAPI 3.1 document at
// /api/openapi.json that a test keeps in sync with the routes and their
// bodies.
//
// Resource names and JSON keys are Dutch, collections plural and kebab-case
// without a trailing slash, as the NL GOV API Design Rules ask (API-04,
// API-05, API-48); only the RFC 9457 members keep their standard names.
package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/financiering"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

//go:embed openapi.json
var openAPI []byte

// MaxBodyBytes caps a request body.
const MaxBodyBytes = 1 << 20

// API serves /api/v1.
type API struct {
	Accounts *account.Service
	Orgs     *organisation.Store
	Clients  *client.Store
	Traject  *traject.Service
	Log      *slog.Logger
	SourceOf func(*http.Request) string
	// DefaultPurpose is the purpose recorded for reads without ?doel=.
	DefaultPurpose func(access.Principal) access.Purpose
	// Berichten is the iJw inbox and outbox; nil: its routes answer 404.
	Berichten *uitwisseling.Inbox
	// Crisis is the crisis service; nil: its routes answer 404.
	Crisis *crisis.Service
	// Financiering is the money of segment 1; nil: its routes answer 404.
	Financiering *financiering.Service
}

// Route is one API route, as registered and as documented. In and Out are
// zero values of the JSON request body and of the 2xx JSON response body
// (nil: none); the OpenAPI test holds the document's schemas against them.
type Route struct {
	Method string
	Path   string // OpenAPI form, e.g. /api/v1/jeugdigen/{id}
	h      func(*API, http.ResponseWriter, *http.Request, account.User)
	In     any
	Out    any
}

// Routes lists every API route.
func Routes() []Route {
	return append([]Route{
		{"GET", "/api/v1/account", (*API).me, nil, meJSON{}},
		{"GET", "/api/v1/organisaties", (*API).organisations, nil, []orgJSON{}},
		{"GET", "/api/v1/jeugdigen", (*API).listClients, nil, []clientJSON{}},
		{"GET", "/api/v1/jeugdigen/{id}", (*API).getClient, nil, clientJSON{}},
		{"PUT", "/api/v1/jeugdigen/{id}/adres", (*API).updateAddress, addressJSON{}, nil},
	}, append(append(append(append(append(trajectoryRoutes(), berichtRoutes()...), leveringRoutes()...), declaratieRoutes()...), crisisRoutes()...), append(segment1Routes(), financienRoutes()...)...)...)
}

// Register adds the API and its OpenAPI document to mux.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range Routes() {
		mux.Handle(rt.Method+" "+rt.Path, a.auth(rt.h))
	}
	mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	mux.HandleFunc("/api/", notFound)
}

func (a *API) auth(h func(*API, http.ResponseWriter, *http.Request, account.User)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authz := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(authz, "Bearer ")
		if !ok || tok == "" {
			unauthorized(w, r, "Stuur een API-token mee in de header Authorization: Bearer …")
			return
		}
		u, err := a.Accounts.UserByToken(r.Context(), strings.TrimSpace(tok))
		if errors.Is(err, account.ErrNoToken) {
			unauthorized(w, r, "Dit API-token is onbekend of ingetrokken.")
			return
		}
		if err != nil {
			a.serverError(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		h(a, w, r, u)
	})
}

func (a *API) serverError(w http.ResponseWriter, r *http.Request, err error) {
	a.Log.Error("api request failed", "route", r.Pattern, "err", err)
	writeProblem(w, Problem{Status: http.StatusInternalServerError, Title: "Interne fout",
		Detail: "Er ging iets mis aan onze kant; er is niets half opgeslagen. Probeer het later opnieuw.", Instance: r.URL.Path})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// decode reads a JSON body into v; on failure it writes the problem and
// returns false. Before decoding, every string in the body, names and
// values, is checked as text (invoer.JSON): encoding/json would silently
// turn invalid UTF-8 into U+FFFD, and NUL and control characters have no
// place in any field (tab and line break are left to each field's rule).
// Such a string is answered 422 with "fouten" by the string's path.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		writeProblem(w, Problem{Status: http.StatusUnsupportedMediaType, Title: "Verkeerd inhoudstype",
			Detail: "Stuur de gegevens als JSON met Content-Type: application/json.", Instance: r.URL.Path})
		return false
	}
	raw, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeProblem(w, Problem{Status: http.StatusRequestEntityTooLarge, Title: "Verzoek te groot",
			Detail: "Het verzoek is groter dan " + strconv.Itoa(MaxBodyBytes) + " bytes.", Instance: r.URL.Path})
		return false
	}
	if err != nil {
		writeProblem(w, Problem{Status: http.StatusBadRequest, Title: "Verzoek onvolledig",
			Detail: "Het verzoek kon niet helemaal worden gelezen.", Instance: r.URL.Path})
		return false
	}
	if fe := invoer.JSON(raw); len(fe) > 0 {
		validation(w, r, fe)
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeProblem(w, Problem{Status: http.StatusBadRequest, Title: "Ongeldige JSON",
			Detail: "De JSON kon niet worden gelezen: " + jsonReason(err) + ".", Instance: r.URL.Path})
		return false
	}
	if dec.More() {
		writeProblem(w, Problem{Status: http.StatusBadRequest, Title: "Ongeldige JSON", Detail: "Na het JSON-object volgt nog meer inhoud.", Instance: r.URL.Path})
		return false
	}
	return true
}

func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return "veld " + te.Field + " heeft het verkeerde type"
	case errors.As(err, &se):
		return "syntaxfout op positie " + strconv.FormatInt(se.Offset, 10)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "onbekend veld " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	case errors.Is(err, io.EOF):
		return "de inhoud is leeg"
	}
	return "onverwachte inhoud"
}

func (a *API) principal(r *http.Request, u account.User) access.Principal {
	return u.Principal("api", a.SourceOf(r))
}

// purpose reads ?doel= (or the body's "doel"); false when it is not a known
// purpose (the problem is written).
func (a *API) purpose(w http.ResponseWriter, r *http.Request, p access.Principal, v string) (access.Purpose, bool) {
	if v == "" {
		v = r.URL.Query().Get("doel")
	}
	if v == "" {
		return a.DefaultPurpose(p), true
	}
	if !access.AllowedPurpose(p, access.Lezen, access.Purpose(v)) {
		a.Traject.Gate.Refuse(r.Context(), p, access.Case{}, access.Op{Action: access.Lezen, Object: "doel", Purpose: access.Purpose(v)})
		var names []string
		for _, pi := range access.PurposesFor(p) {
			names = append(names, string(pi.Purpose))
		}
		validation(w, r, map[string]string{"doel": "Dit doel past niet bij uw rol; kies uit: " + strings.Join(names, ", ") + "."})
		return "", false
	}
	return access.Purpose(v), true
}

type meJSON struct {
	ID           int64    `json:"id"`
	Email        string   `json:"email"`
	Name         string   `json:"naam"`
	Organisation orgJSON  `json:"organisatie"`
	Roles        []string `json:"rollen"`
}

type orgJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"naam"`
	Kind    string `json:"soort"`
	CBSCode string `json:"cbs_code,omitempty"`
	AGBCode string `json:"agb_code,omitempty"`
	Host    bool   `json:"gastheergemeente,omitempty"`
}

func (a *API) me(w http.ResponseWriter, r *http.Request, u account.User) {
	m := meJSON{ID: u.ID, Email: u.Email, Name: u.Name, Organisation: orgJSON{ID: u.OrgID, Name: u.OrgName, Kind: u.OrgKind}}
	for _, ro := range u.Roles {
		m.Roles = append(m.Roles, string(ro))
	}
	writeJSON(w, http.StatusOK, m)
}

func (a *API) organisations(w http.ResponseWriter, r *http.Request, u account.User) {
	orgs, err := a.Orgs.ListIn(r.Context(), u.Principal("api", "").RegionID, organisation.Kind(r.URL.Query().Get("soort")))
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]orgJSON, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, orgJSON{ID: o.ID, Name: o.Name, Kind: string(o.Kind), CBSCode: o.CBSCode, AGBCode: o.AGBCode, Host: o.Host})
	}
	writeJSON(w, http.StatusOK, out)
}

type clientJSON struct {
	ID             int64     `json:"id"`
	BSN            string    `json:"bsn,omitempty"`
	GivenName      string    `json:"voornaam"`
	Tussenvoegsel  string    `json:"tussenvoegsel"`
	FamilyName     string    `json:"achternaam"`
	Geslacht       string    `json:"geslacht"`
	BirthDate      string    `json:"geboortedatum"`
	Street         string    `json:"straat,omitempty"`
	HouseNumber    string    `json:"huisnummer,omitempty"`
	Postcode       string    `json:"postcode,omitempty"`
	City           string    `json:"woonplaats"`
	MunicipalityID int64     `json:"gemeente_id"`
	Municipality   string    `json:"gemeente"`
	UpdatedAt      time.Time `json:"gewijzigd_op"`
}

func toJSON(c client.Client) clientJSON {
	return clientJSON{ID: c.ID, BSN: c.BSN, GivenName: c.GivenName, Tussenvoegsel: c.Tussenvoegsel, FamilyName: c.FamilyName, Geslacht: c.Geslacht, BirthDate: c.BirthDate.Format("2006-01-02"),
		Street: c.Street, HouseNumber: c.HouseNumber, Postcode: c.Postcode, City: c.City, MunicipalityID: c.MunicipalityID,
		Municipality: c.MunicipalityName, UpdatedAt: c.UpdatedAt.UTC()}
}

func (a *API) clientErr(w http.ResponseWriter, r *http.Request, err error) {
	var fe client.FieldErrors
	switch {
	case errors.As(err, &fe):
		validation(w, r, fe)
	case errors.Is(err, client.ErrNotFound):
		notFound(w, r)
	default:
		a.serverError(w, r, err)
	}
}

func (a *API) listClients(w http.ResponseWriter, r *http.Request, u account.User) {
	p := a.principal(r, u)
	purpose, ok := a.purpose(w, r, p, "")
	if !ok {
		return
	}
	cs, err := a.Clients.List(r.Context(), p, purpose, 500)
	if errors.Is(err, client.ErrNotFound) {
		writeProblem(w, Problem{Status: http.StatusForbidden, Title: "Geen toegang", Detail: "Uw rol geeft geen toegang tot gegevens van jeugdigen.", Instance: r.URL.Path})
		return
	}
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]clientJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, toJSON(c))
	}
	writeJSON(w, http.StatusOK, out)
}

func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		notFound(w, r)
		return 0, false
	}
	return id, true
}

func (a *API) getClient(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	p := a.principal(r, u)
	purpose, ok := a.purpose(w, r, p, "")
	if !ok {
		return
	}
	c, err := a.Clients.Get(r.Context(), p, id, purpose)
	if err != nil {
		a.clientErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toJSON(c))
}

type addressJSON struct {
	client.AddressInput
	Doel string `json:"doel"`
}

func (a *API) updateAddress(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var in addressJSON
	if !decode(w, r, &in) {
		return
	}
	p := a.principal(r, u)
	purpose, ok := a.purpose(w, r, p, in.Doel)
	if !ok {
		return
	}
	if err := a.Clients.UpdateAddress(r.Context(), p, id, in.AddressInput, purpose); err != nil {
		a.clientErr(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
