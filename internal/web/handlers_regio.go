package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// regioTerm is one row of the region's terms page: the step, the code's
// default, and the region's own term when it set one.
type regioTerm struct {
	traject.Termijn
	Field string // the form field of its number; its unit is Field+"_eenheid"
	N     string
	Unit  kalender.Unit
	Own   bool
}

// regioPage shows the calendar choices and the terms of the
// administrator's region.
func (s *Server) regioPage(w http.ResponseWriter, r *http.Request, status int, pg page) {
	reg, err := s.Orgs.RegionOf(r.Context(), s.principal(r).OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if reg.ID == 0 {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var rows []regioTerm
	for i, t := range traject.Termijnen() {
		row := regioTerm{Termijn: t, Field: "t" + strconv.Itoa(i), Unit: t.Default.Unit}
		if own, ok := reg.Termijnen[t.Key]; ok {
			row.N, row.Unit, row.Own = strconv.Itoa(own.N), own.Unit, true
		}
		if v, ok := pg.Form[row.Field]; ok {
			row.N, row.Unit = v, kalender.Unit(pg.Form[row.Field+"_eenheid"])
		}
		rows = append(rows, row)
	}
	pg.Title = "Regio " + reg.Naam
	pg.Data = map[string]any{"Regio": reg, "Termijnen": rows, "Eenheden": organisation.Eenheden}
	s.render(w, r, status, "regio", pg)
}

func (s *Server) regioShow(w http.ResponseWriter, r *http.Request) {
	s.regioPage(w, r, http.StatusOK, page{})
}

// regioSave records the region's calendar choices and its own terms: a
// step whose number is left empty keeps the default.
func (s *Server) regioSave(w http.ResponseWriter, r *http.Request) {
	reg, err := s.Orgs.RegionOf(r.Context(), s.principal(r).OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if reg.ID == 0 {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	f := r.PostForm
	form := map[string]string{}
	terms := map[string]kalender.Term{}
	fe := organisation.FieldErrors{}
	for i, t := range traject.Termijnen() {
		field := "t" + strconv.Itoa(i)
		v := strings.TrimSpace(f.Get(field))
		form[field], form[field+"_eenheid"] = v, f.Get(field+"_eenheid")
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			fe[field] = "Vul bij ‘" + t.Label + "’ een heel getal in, of laat het leeg voor de standaardtermijn."
			continue
		}
		terms[t.Key] = kalender.Term{N: n, Unit: kalender.Unit(f.Get(field + "_eenheid"))}
	}
	if len(fe) == 0 {
		if err = s.Orgs.SetTermijnen(r.Context(), reg.ID, terms); err != nil {
			var byKey organisation.FieldErrors
			if !errors.As(err, &byKey) {
				s.serverError(w, r, err)
				return
			}
			for i, t := range traject.Termijnen() {
				if msg, ok := byKey[t.Key]; ok {
					fe["t"+strconv.Itoa(i)] = "‘" + t.Label + "’: " + msg
				}
			}
		}
	}
	if len(fe) > 0 {
		s.regioPage(w, r, http.StatusUnprocessableEntity, page{Errors: fe, Form: form})
		return
	}
	if err := s.Orgs.SetKalender(r.Context(), reg.ID, f.Get("goede_vrijdag") == "ja", f.Get("bevrijdingsdag") == "ja"); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Log.Info("region terms changed", "by_user_id", s.principal(r).UserID, "region_id", reg.ID)
	s.regioPage(w, r, http.StatusOK, page{Flash: "De kalender en de termijnen van de regio zijn opgeslagen. Ze gelden voor termijnen die vanaf nu ingaan."})
}
