package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/financiering"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
)

// financienRoutes are the money of segment 1 (package financiering): the
// year's figures of the reader's region, and the purchasing team's entry
// of lump sums and historical use.
func financienRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/financien", (*API).financien, nil, financiering.Overzicht{}},
		{"PUT", "/api/v1/financien/lumpsums", financienZet(func(s *financiering.Service, r *http.Request, p access.Principal, in financiering.Invoerbedragen) error {
			return s.ZetLumpsums(r.Context(), p, in)
		}), financiering.Invoerbedragen{}, nil},
		{"PUT", "/api/v1/financien/historisch-gebruik", financienZet(func(s *financiering.Service, r *http.Request, p access.Principal, in financiering.Invoerbedragen) error {
			return s.ZetHistorisch(r.Context(), p, in)
		}), financiering.Invoerbedragen{}, nil},
	}
}

// financienErr maps the service's errors once: not found for a reader who
// may not see or enter the figures, 422 with the fields for a refusal.
func (a *API) financienErr(w http.ResponseWriter, r *http.Request, err error) {
	var fe invoer.Fouten
	switch {
	case errors.Is(err, access.ErrRefused):
		notFound(w, r)
	case errors.As(err, &fe):
		validation(w, r, fe)
	default:
		a.serverError(w, r, err)
	}
}

func (a *API) financien(w http.ResponseWriter, r *http.Request, u account.User) {
	if a.Financiering == nil {
		notFound(w, r)
		return
	}
	jaar := a.Financiering.Vandaag().Year()
	if v := r.URL.Query().Get("jaar"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			validation(w, r, map[string]string{"jaar": a.Financiering.JaarFout()})
			return
		}
		jaar = n
	}
	o, err := a.Financiering.Overzicht(r.Context(), a.principal(r, u), jaar)
	if err != nil {
		a.financienErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// financienZet records amounts for a year; 204 when stored.
func financienZet(zet func(s *financiering.Service, r *http.Request, p access.Principal, in financiering.Invoerbedragen) error) func(*API, http.ResponseWriter, *http.Request, account.User) {
	return func(a *API, w http.ResponseWriter, r *http.Request, u account.User) {
		if a.Financiering == nil {
			notFound(w, r)
			return
		}
		var in financiering.Invoerbedragen
		if !decode(w, r, &in) {
			return
		}
		if err := zet(a.Financiering, r, a.principal(r, u), in); err != nil {
			a.financienErr(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
