package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

func (s *Server) registerMore(mux *http.ServeMux) {
	mux.Handle("GET /beheer/producten", s.auth(s.adminOnly(s.productList)))
	mux.Handle("POST /beheer/producten", s.auth(s.adminOnly(s.productPut)))
	mux.Handle("POST /beheer/producten/verwijderen", s.auth(s.adminOnly(s.productRemove)))
	mux.Handle("POST /aanbieder/wachttijd", s.auth(s.waitingTime))
}

func (s *Server) productPage(w http.ResponseWriter, r *http.Request, status int, pg page) {
	ps, err := s.Catalogue.List(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Title = "Productcatalogus"
	pg.Data = map[string]any{"Products": ps}
	s.render(w, r, status, "products", pg)
}

func (s *Server) productList(w http.ResponseWriter, r *http.Request) {
	s.productPage(w, r, http.StatusOK, page{})
}

func (s *Server) productPut(w http.ResponseWriter, r *http.Request) {
	form := formMap(r, "categorie", "code", "omschrijving", "eenheid")
	err := s.Catalogue.Put(r.Context(), arrangement.Product{Categorie: strings.TrimSpace(form["categorie"]), Code: strings.TrimSpace(form["code"]),
		Omschrijving: strings.TrimSpace(form["omschrijving"]), Eenheid: strings.TrimSpace(form["eenheid"])})
	var ae arrangement.Error
	switch {
	case errors.As(err, &ae):
		s.productPage(w, r, http.StatusUnprocessableEntity, page{Errors: map[string]string{"code": string(ae)}, Form: form})
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.productPage(w, r, http.StatusOK, page{Flash: "Het product is opgeslagen."})
	}
}

func (s *Server) productRemove(w http.ResponseWriter, r *http.Request) {
	if err := s.Catalogue.Remove(r.Context(), r.PostForm.Get("categorie"), r.PostForm.Get("code")); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.productPage(w, r, http.StatusOK, page{Flash: "Het product is verwijderd."})
}

// waitingTime lets a provider keep its waiting time in the Wegwijzer current.
func (s *Server) waitingTime(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if !p.Has(access.Jeugdhulpaanbieder) || p.OrgKind != string(organisation.Aanbieder) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	weeks, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("weken")))
	if err != nil {
		weeks = -1
	}
	err = s.Orgs.SetWaiting(r.Context(), p.OrgID, weeks, strings.TrimSpace(r.PostForm.Get("contact")))
	var fe organisation.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.renderMessage(w, r, http.StatusUnprocessableEntity, "Wachttijd niet opgeslagen", fe.Error())
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, "/?wachttijd=1", http.StatusSeeOther)
	}
}
