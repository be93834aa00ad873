package api

import (
	"encoding/json"
	"net/http"
)

// Problem is an RFC 9457 problem detail. Titles and details are Dutch; the
// standard's member names stay as the RFC spells them, and the extension
// member with one message per field is ours, so it is Dutch: "fouten".
type Problem struct {
	Type     string            `json:"type"`
	Title    string            `json:"title"`
	Status   int               `json:"status"`
	Detail   string            `json:"detail,omitempty"`
	Instance string            `json:"instance,omitempty"`
	Errors   map[string]string `json:"fouten,omitempty"`
}

// Problem types beyond plain HTTP statuses.
const (
	TypeValidation = "https://jeugdhulp.nl/problemen/validatie"
	TypeBlank      = "about:blank"
	// TypeRefused: a step of the route whose precondition does not hold.
	TypeRefused = "https://jeugdhulp.nl/problemen/stap-geweigerd"
)

func writeProblem(w http.ResponseWriter, p Problem) {
	if p.Type == "" {
		p.Type = TypeBlank
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, Problem{Status: http.StatusNotFound, Title: "Niet gevonden",
		Detail: "Deze bron bestaat niet, of u heeft er geen toegang toe.", Instance: r.URL.Path})
}

func unauthorized(w http.ResponseWriter, r *http.Request, detail string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="jeugdhulp"`)
	writeProblem(w, Problem{Status: http.StatusUnauthorized, Title: "Niet geauthenticeerd", Detail: detail, Instance: r.URL.Path})
}

func validation(w http.ResponseWriter, r *http.Request, errs map[string]string) {
	writeProblem(w, Problem{Type: TypeValidation, Status: http.StatusUnprocessableEntity, Title: "Ongeldige invoer",
		Detail: "Een of meer velden zijn ongeldig; er is niets opgeslagen.", Errors: errs, Instance: r.URL.Path})
}
