package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Billing (issue 14): the overview per month for a provider and a
// municipality's back office, the provider's units and its monthly JW323,
// and the CSV exports.
func (s *Server) registerDeclaraties(mux *http.ServeMux) {
	mux.Handle("GET /declaraties", s.auth(s.declaratieOverzicht))
	mux.Handle("GET /declaraties/overzicht.csv", s.auth(s.declaratieCSV))
	mux.Handle("GET /declaraties/regels.csv", s.auth(s.declaratieRegelsCSV))
	mux.Handle("POST /declaraties/eenheden", s.auth(s.declaratieEenheden))
	mux.Handle("POST /declaraties/indienen", s.auth(s.declaratieIndienen))
	mux.Handle("POST /declaraties/crediteren", s.auth(s.declaratieCrediteren))
	s.registerTarieven(mux)
}

// mayBill reports whether p works on billing for its organisation: a
// provider's jeugdhulpaanbieder or a municipality's back office.
func mayBill(p access.Principal) bool {
	return (p.Has(access.Jeugdhulpaanbieder) && p.OrgKind == string(organisation.Aanbieder)) ||
		(p.Has(access.Backoffice) && p.OrgKind == string(organisation.Gemeente))
}

// parseMaand reads a month typed as mm-jjjj or jjjj-mm; "" is no month.
func parseMaand(v string) (time.Time, bool) {
	v = strings.NewReplacer("/", "-", ".", "-", " ", "").Replace(strings.TrimSpace(v))
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{"1-2006", "2006-1"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

type overzichtRij struct {
	declaratie.Rij
	Maandnaam, Gedeclareerd, Goedgekeurd, Afgewezen, Open string
}

type regelRij struct {
	declaratie.RegelRij
	Maandnaam, Periode, Bedrag string
}

func (s *Server) billingOrg(w http.ResponseWriter, r *http.Request) (access.Principal, organisation.Organisation, bool) {
	p := s.principal(r)
	if !mayBill(p) {
		s.renderError(w, r, http.StatusNotFound)
		return p, organisation.Organisation{}, false
	}
	o, err := s.Orgs.Get(r.Context(), p.OrgID)
	if err != nil {
		s.serverError(w, r, err)
		return p, o, false
	}
	return p, o, true
}

func (s *Server) declaratiePage(w http.ResponseWriter, r *http.Request, status int, pg page) {
	p, o, ok := s.billingOrg(w, r)
	if !ok {
		return
	}
	maand, ok := parseMaand(r.URL.Query().Get("maand"))
	if !ok {
		maand = time.Time{}
	}
	rows, err := declaratie.Overzicht(r.Context(), s.Gate.DB, o, maand)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	lines, err := declaratie.Regels(r.Context(), s.Gate, p, o, maand, true)
	if err != nil && !errors.Is(err, access.ErrRefused) {
		s.serverError(w, r, err)
		return
	}
	data := map[string]any{"Aanbieder": o.Kind == organisation.Aanbieder, "Maand": r.URL.Query().Get("maand")}
	var ov []overzichtRij
	for _, x := range rows {
		ov = append(ov, overzichtRij{Rij: x, Maandnaam: x.Maand.Format("01-2006"), Gedeclareerd: declaratie.Euro(x.Gedeclareerd),
			Goedgekeurd: declaratie.Euro(x.Goedgekeurd), Afgewezen: declaratie.Euro(x.Afgewezen), Open: declaratie.Euro(x.Open)})
	}
	var rl []regelRij
	for _, x := range lines {
		rl = append(rl, regelRij{RegelRij: x, Maandnaam: x.Maand.Format("01-2006"),
			Periode: x.Begindatum.Format("02-01-2006") + " t/m " + x.Einddatum.Format("02-01-2006"), Bedrag: declaratie.Euro(x.Signed())})
	}
	data["Rijen"], data["Afgewezen"] = ov, rl
	if o.Kind == organisation.Aanbieder {
		gs, err := s.Orgs.ListIn(r.Context(), s.principal(r).RegionID, organisation.Gemeente)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		data["Gemeenten"] = gs
	}
	pg.Title = "Declaraties"
	pg.Data = data
	s.render(w, r, status, "declaraties", pg)
}

func (s *Server) declaratieOverzicht(w http.ResponseWriter, r *http.Request) {
	s.declaratiePage(w, r, http.StatusOK, page{})
}

func csvHeaders(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
}

func (s *Server) declaratieCSV(w http.ResponseWriter, r *http.Request) {
	_, o, ok := s.billingOrg(w, r)
	if !ok {
		return
	}
	maand, _ := parseMaand(r.URL.Query().Get("maand"))
	rows, err := declaratie.Overzicht(r.Context(), s.Gate.DB, o, maand)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	csvHeaders(w, "declaraties.csv")
	declaratie.SchrijfOverzichtCSV(w, rows)
}

func (s *Server) declaratieRegelsCSV(w http.ResponseWriter, r *http.Request) {
	_, o, ok := s.billingOrg(w, r)
	if !ok {
		return
	}
	maand, _ := parseMaand(r.URL.Query().Get("maand"))
	rows, err := declaratie.RegelsZonderBSN(r.Context(), s.Gate.DB, o, maand)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	csvHeaders(w, "declaratieregels.csv")
	declaratie.SchrijfRegelsCSV(w, rows)
}

// declaratieEenheden records the units a provider delivered on a
// toegewezen product in a month.
func (s *Server) declaratieEenheden(w http.ResponseWriter, r *http.Request) {
	p, o, ok := s.billingOrg(w, r)
	if !ok {
		return
	}
	form := formMap(r, "toewijzingnummer", "maand", "eenheden")
	errs := map[string]string{}
	nummer, err := strconv.ParseInt(strings.TrimSpace(form["toewijzingnummer"]), 10, 64)
	if err != nil || nummer <= 0 {
		errs["toewijzingnummer"] = "Vul het toewijzingnummer in zoals het in de toewijzing (JW301) staat."
	}
	maand, ok := parseMaand(form["maand"])
	if !ok || maand.IsZero() {
		errs["maand"] = "Vul de maand in als mm-jjjj, bijvoorbeeld 03-2026."
	}
	n, err := strconv.ParseInt(strings.TrimSpace(form["eenheden"]), 10, 64)
	if err != nil || n < 0 {
		errs["eenheden"] = "Vul het aantal geleverde eenheden in: een heel getal van 0 of meer."
	}
	if o.Kind != organisation.Aanbieder {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if len(errs) == 0 {
		err = s.Gate.DB.Do(r.Context(), func(tx *database.Tx) error {
			return declaratie.LegEenhedenVast(r.Context(), tx, p.OrgID, nummer, maand, n, s.Now())
		})
		var fe declaratie.FieldErrors
		switch {
		case errors.Is(err, declaratie.ErrNietVanAanbieder):
			errs["toewijzingnummer"] = "Deze toewijzing is niet aan uw organisatie toegewezen."
		case errors.As(err, &fe):
			errs = fe
		case err != nil:
			s.serverError(w, r, err)
			return
		default:
			s.declaratiePage(w, r, http.StatusOK, page{Flash: fmt.Sprintf("%d eenheden vastgelegd voor toewijzing %d in %s.", n, nummer, maand.Format("01-2006"))})
			return
		}
	}
	s.declaratiePage(w, r, http.StatusUnprocessableEntity, page{Errors: errs, Form: form})
}

// declaratieIndienen builds the provider's JW323 for a municipality and a
// month and puts it in the outbox.
func (s *Server) declaratieIndienen(w http.ResponseWriter, r *http.Request) {
	_, o, ok := s.billingOrg(w, r)
	if !ok {
		return
	}
	if o.Kind != organisation.Aanbieder {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	form := formMap(r, "gemeente", "periode")
	maand, ok := parseMaand(form["periode"])
	if !ok || maand.IsZero() {
		s.declaratiePage(w, r, http.StatusUnprocessableEntity, page{Errors: map[string]string{"periode": "Vul de maand in als mm-jjjj, bijvoorbeeld 03-2026."}, Form: form})
		return
	}
	msg, err := declareer(r, s.Gate.DB, o.AGBCode, strings.TrimSpace(form["gemeente"]), maand)
	switch {
	case errors.Is(err, declaratie.ErrNiets):
		s.declaratiePage(w, r, http.StatusOK, page{Flash: "Er is voor deze gemeente en maand niets te declareren.", Form: form})
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.declaratiePage(w, r, http.StatusOK, page{Flash: msg})
	}
}

// declareer builds and stores the month's JW323 of a provider to a
// municipality in one transaction and says in Dutch what was sent.
func declareer(r *http.Request, db *database.DB, agb, cbs string, maand time.Time) (string, error) {
	var msg string
	err := db.Do(r.Context(), func(tx *database.Tx) error {
		c, err := declaratie.Default.Build(r.Context(), tx, agb, cbs, maand)
		if err != nil {
			return err
		}
		if _, _, err := declaratie.Default.Indienen(r.Context(), tx, c, berichten.Bericht{}); err != nil {
			return err
		}
		d := c.Bericht.Declaratie
		msg = fmt.Sprintf("Declaratie %s voor %s is klaargezet voor verzending: %d regels, %s.", d.DeclaratieNummer, maand.Format("01-2006"), len(c.Regels), declaratie.Euro(c.Totaal()))
		if len(c.Overgeslagen) > 0 {
			msg += " Niet gedeclareerd: " + strings.Join(c.Overgeslagen, " ")
		}
		return nil
	})
	return msg, err
}

// declaratieCrediteren marks an approved line of the provider for
// crediting: the next declaratie carries its credit and, where the care is
// still due, a new debit.
func (s *Server) declaratieCrediteren(w http.ResponseWriter, r *http.Request) {
	_, o, ok := s.billingOrg(w, r)
	if !ok {
		return
	}
	if o.Kind != organisation.Aanbieder {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	form := formMap(r, "referentienummer")
	ref := strings.TrimSpace(form["referentienummer"])
	err := s.Gate.DB.Do(r.Context(), func(tx *database.Tx) error { return declaratie.Crediteer(r.Context(), tx, o.AGBCode, ref) })
	switch {
	case errors.Is(err, declaratie.ErrNietTeCrediteren):
		s.declaratiePage(w, r, http.StatusUnprocessableEntity, page{Errors: map[string]string{"referentienummer": "Alleen een goedgekeurde debetregel van uw organisatie kan gecrediteerd worden; een afgewezen regel dient u verbeterd opnieuw in."}, Form: form})
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.declaratiePage(w, r, http.StatusOK, page{Flash: "Regel " + ref + " wordt in de volgende declaratie gecrediteerd."})
	}
}
