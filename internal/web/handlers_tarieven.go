package web

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// The administrator keeps the contract tariffs per provider, product and
// period (billing, issue 14).
func (s *Server) registerTarieven(mux *http.ServeMux) {
	mux.Handle("GET /beheer/tarieven", s.auth(s.adminOnly(s.tariefList)))
	mux.Handle("POST /beheer/tarieven", s.auth(s.adminOnly(s.tariefPut)))
	mux.Handle("POST /beheer/tarieven/verwijderen", s.auth(s.adminOnly(s.tariefRemove)))
}

type tariefRow struct {
	declaratie.Tarief
	Bedrag, Periode, EenheidNaam string
}

func (s *Server) tariefPage(w http.ResponseWriter, r *http.Request, status int, pg page) {
	ts, err := declaratie.Tarieven(r.Context(), s.Gate.DB)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	providers, err := s.Orgs.ListIn(r.Context(), s.principal(r).RegionID, organisation.Aanbieder)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// One folded group per provider: a region's contracts are hundreds of
	// lines, and the administrator works on one provider at a time.
	type group struct {
		Aanbieder string
		Tarieven  []tariefRow
	}
	var groups []group
	at := map[string]int{}
	for _, t := range ts {
		p := "vanaf " + t.Ingangsdatum.Format("02-01-2006")
		if !t.Einddatum.IsZero() {
			p = t.Ingangsdatum.Format("02-01-2006") + " t/m " + t.Einddatum.Format("02-01-2006")
		}
		i, ok := at[t.Aanbieder]
		if !ok {
			i = len(groups)
			at[t.Aanbieder] = i
			groups = append(groups, group{Aanbieder: t.Aanbieder})
		}
		groups[i].Tarieven = append(groups[i].Tarieven, tariefRow{Tarief: t, Bedrag: declaratie.Euro(t.Bedrag), Periode: p, EenheidNaam: t.Eenheid + " " + declaratie.EenheidNaam(t.Eenheid)})
	}
	pg.Title = "Tarieven"
	pg.Data = map[string]any{"Groepen": groups, "Aanbieders": providers}
	s.render(w, r, status, "tarieven", pg)
}

func (s *Server) tariefList(w http.ResponseWriter, r *http.Request) {
	s.tariefPage(w, r, http.StatusOK, page{})
}

var euroRe = regexp.MustCompile(`^[0-9]{1,3}(\.?[0-9]{3})*(,[0-9]{1,2})?$`)

// parseEuro reads an amount typed the Dutch way (1.234,56, 1234,5 or
// 1234) as eurocent.
func parseEuro(v string) (int64, bool) {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "€"))
	if !euroRe.MatchString(v) {
		return 0, false
	}
	whole, frac, _ := strings.Cut(strings.ReplaceAll(v, ".", ""), ",")
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil
}

func (s *Server) tariefPut(w http.ResponseWriter, r *http.Request) {
	form := formMap(r, "aanbieder", "categorie", "code", "ingangsdatum", "einddatum", "bedrag", "eenheid")
	t := declaratie.Tarief{Categorie: strings.TrimSpace(form["categorie"]), Code: strings.ToUpper(strings.TrimSpace(form["code"])), Eenheid: strings.TrimSpace(form["eenheid"])}
	t.AanbiederID, _ = strconv.ParseInt(form["aanbieder"], 10, 64)
	errs := map[string]string{}
	var ok bool
	if t.Ingangsdatum, ok = parseDate(form["ingangsdatum"]); !ok {
		errs["ingangsdatum"] = "Vul de ingangsdatum in als dd-mm-jjjj, bijvoorbeeld 01-01-2026."
	}
	if v := strings.TrimSpace(form["einddatum"]); v != "" {
		if t.Einddatum, ok = parseDate(v); !ok {
			errs["einddatum"] = "Vul de einddatum in als dd-mm-jjjj, of laat het veld leeg."
		}
	}
	if t.Bedrag, ok = parseEuro(form["bedrag"]); !ok {
		errs["bedrag"] = "Vul het tarief in euro's in, bijvoorbeeld 1.234,56."
	}
	if len(errs) == 0 {
		err := s.Gate.DB.Do(r.Context(), func(tx *database.Tx) error {
			_, err := declaratie.ZetTarief(r.Context(), tx, t, s.Now())
			return err
		})
		var fe declaratie.FieldErrors
		switch {
		case errors.As(err, &fe):
			errs = fe
		case err != nil:
			s.serverError(w, r, err)
			return
		default:
			s.tariefPage(w, r, http.StatusOK, page{Flash: "Het tarief is opgeslagen."})
			return
		}
	}
	s.tariefPage(w, r, http.StatusUnprocessableEntity, page{Errors: errs, Form: form})
}

func (s *Server) tariefRemove(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostForm.Get("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err := s.Gate.DB.Do(r.Context(), func(tx *database.Tx) error { return declaratie.VerwijderTarief(r.Context(), tx, id) }); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.tariefPage(w, r, http.StatusOK, page{Flash: "Het tarief is verwijderd."})
}
