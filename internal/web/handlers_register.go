package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// newTrajectData is what the registration form shows: the fields of the
// user's route.
type newTrajectData struct {
	clientFormData
	Route          traject.Route
	RouteLabel     string
	Maatregelen    []struct{ Soort, Label string }
	VerwijzerTypes []struct{ Type, Label string }
	Providers      []organisation.Organisation
}

func (s *Server) newTrajectData(r *http.Request, route traject.Route) (newTrajectData, error) {
	d := newTrajectData{Route: route, RouteLabel: traject.RouteLabel(route), Maatregelen: traject.Maatregelen, VerwijzerTypes: traject.VerwijzerTypes}
	var err error
	if d.Municipalities, err = s.municipalities(r); err != nil {
		return d, err
	}
	if route == traject.RouteMedisch {
		d.Providers, err = s.Orgs.List(r.Context(), organisation.Aanbieder)
	}
	return d, err
}

func (s *Server) trajectNewForm(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	route, ok := traject.RouteFor(p)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	d, err := s.newTrajectData(r, route)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "traject_new", page{Title: "Hulpvraag registreren", Data: d,
		Form: map[string]string{"eerste_melding": s.Now().Format("2006-01-02")}})
}

func (s *Server) trajectCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	form := formMap(r, "bsn", "voornaam", "achternaam", "geboortedatum", "straat", "huisnummer", "postcode", "woonplaats", "gemeente_id",
		"eerste_melding", "ouder_naam", "ouder_relatie", "ouder_telefoon",
		"maatregel.soort", "maatregel.uitspraak_datum", "maatregel.kenmerk", "maatregel.raad_rapport",
		"verwijzer.type", "verwijzer.zorgverlenercode", "verwijzer.naam", "verwijzer.specialisme", "aanbieder_id")
	mid, _ := strconv.ParseInt(form["gemeente_id"], 10, 64)
	in := traject.StartInput{
		Client: client.Input{BSN: form["bsn"], GivenName: form["voornaam"], FamilyName: form["achternaam"], BirthDate: form["geboortedatum"],
			Street: form["straat"], HouseNumber: form["huisnummer"], Postcode: form["postcode"], City: form["woonplaats"], MunicipalityID: mid},
		EersteMelding: form["eerste_melding"],
	}
	if strings.TrimSpace(form["ouder_naam"]) != "" {
		rel := form["ouder_relatie"]
		if rel == "" {
			rel = "ouder"
		}
		in.Relations = []traject.Relation{{Name: strings.TrimSpace(form["ouder_naam"]), Relation: rel, Gezag: true, Phone: strings.TrimSpace(form["ouder_telefoon"])}}
	}
	route, _ := traject.RouteFor(p)
	switch route {
	case traject.RouteGI:
		d, _ := parseDate(form["maatregel.uitspraak_datum"])
		in.Maatregel = &traject.Maatregel{Soort: form["maatregel.soort"], UitspraakDatum: d, Kenmerk: form["maatregel.kenmerk"], RaadRapport: form["maatregel.raad_rapport"]}
	case traject.RouteMedisch:
		in.Verwijzer = &traject.Verwijzer{Type: form["verwijzer.type"], Code: form["verwijzer.zorgverlenercode"], Naam: form["verwijzer.naam"], Specialisme: form["verwijzer.specialisme"]}
		in.AanbiederID, _ = strconv.ParseInt(form["aanbieder_id"], 10, 64)
	}
	st, err := s.Traject.Start(r.Context(), p, in)
	var fe client.FieldErrors
	switch {
	case errors.As(err, &fe):
		if fe["gezaghebbenden"] != "" {
			fe["ouder_naam"] = fe["gezaghebbenden"]
			delete(fe, "gezaghebbenden")
		}
		d, derr := s.newTrajectData(r, route)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "traject_new", page{Title: "Hulpvraag registreren", Data: d, Errors: fe, Form: form})
		return
	case traject.IsRefusal(err):
		s.renderMessage(w, r, http.StatusConflict, "Niet toegestaan", err.Error())
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	q := "?opgeslagen=1"
	switch {
	case st.Running:
		q = "?lopend=1"
	case st.Known:
		q = "?bekend=1"
	}
	http.Redirect(w, r, fmt.Sprintf("/trajecten/%d%s", st.TrajectoryID, q), http.StatusSeeOther)
}

