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
	// Geslacht is the youth's gender field.
	Geslacht choiceField
	// Parents are the form's blocks for parents and custodians: the
	// first asked, the second optional.
	Parents []parentBlock
}

// parentBlocks is how many parents or custodians the form offers; the API
// takes any number.
const parentBlocks = 2

// parentBlock is one parent's or custodian's fields on the registration
// form, named as the API names them ("gezaghebbenden.0.achternaam"), so
// that a field's error lands beside it.
type parentBlock struct {
	Legend, Help                                          string
	Voornamen, Tussenvoegsel, Achternaam, Telefoon, Email fieldData
	Geslacht, Relatie, Gezag                              choiceField
}

// choiceField is a select or radio group with its options.
type choiceField struct {
	Name, Label, Value, Error string
	Options                   []client.Code
}

// parentKey is the form's name of parent i's field.
func parentKey(i int, field string) string {
	return "gezaghebbenden." + strconv.Itoa(i) + "." + field
}

// parentFields are the form fields of the parents' blocks.
func parentFields() []string {
	var out []string
	for i := range parentBlocks {
		for _, f := range []string{"voornamen", "tussenvoegsel", "achternaam", "geslacht", "relatie", "gezag", "telefoon", "email"} {
			out = append(out, parentKey(i, f))
		}
	}
	return out
}

// withParents fills the youth's gender and the parents' blocks from the
// typed form and its errors.
func (d *newTrajectData) withParents(form, errs map[string]string) {
	d.Geslacht = choiceField{Name: "geslacht", Label: "Geslacht", Value: form["geslacht"], Error: errs["geslacht"], Options: client.Geslachten}
	text := func(i int, f, label, typ, help string) fieldData {
		k := parentKey(i, f)
		return fieldData{Name: k, Label: label, Type: typ, Help: help, Value: form[k], Error: errs[k]}
	}
	choice := func(i int, f, label string, opts []client.Code) choiceField {
		k := parentKey(i, f)
		return choiceField{Name: k, Label: label, Value: form[k], Error: errs[k], Options: opts}
	}
	relaties := make([]client.Code, len(client.SoortenRelatie))
	for i, s := range client.SoortenRelatie {
		relaties[i] = client.Code{Code: s.Code, Label: strings.ToUpper(s.Label[:1]) + s.Label[1:]}
	}
	d.Parents = nil
	for i := range parentBlocks {
		b := parentBlock{Legend: "Ouder of gezaghebbende " + strconv.Itoa(i+1),
			Voornamen:     text(i, "voornamen", "Voornamen", "text", ""),
			Tussenvoegsel: text(i, "tussenvoegsel", "Tussenvoegsel", "text", "Bijvoorbeeld van der of el."),
			Achternaam:    text(i, "achternaam", "Achternaam", "text", "Zonder tussenvoegsel."),
			Geslacht:      choice(i, "geslacht", "Geslacht", client.Geslachten),
			Relatie:       choice(i, "relatie", "Relatie tot de jeugdige", relaties),
			Gezag:         choice(i, "gezag", "Heeft gezag", []client.Code{{Code: "ja", Label: "Ja"}, {Code: "nee", Label: "Nee"}}),
			Telefoon:      text(i, "telefoon", "Telefoon", "tel", "Nodig om de ouder te bereiken; gaat mee in de toewijzing (JW301)."),
			Email:         text(i, "email", "E-mail", "email", ""),
		}
		if i > 0 {
			b.Help = "Niet verplicht. Laat leeg als er geen tweede ouder of gezaghebbende is."
		}
		d.Parents = append(d.Parents, b)
	}
}

// parentsOf reads the parents' blocks of the form; a later block left
// empty is no parent.
func parentsOf(form map[string]string) []traject.Relation {
	var rs []traject.Relation
	for i := range parentBlocks {
		v := func(f string) string { return form[parentKey(i, f)] }
		if i > 0 && strings.TrimSpace(v("voornamen")+v("tussenvoegsel")+v("achternaam")+v("telefoon")+v("email")) == "" {
			continue
		}
		rs = append(rs, traject.Relation{Voornamen: v("voornamen"), Tussenvoegsel: v("tussenvoegsel"), Achternaam: v("achternaam"),
			Geslacht: v("geslacht"), Relation: v("relatie"), Gezag: v("gezag") != "nee", Phone: v("telefoon"), Email: v("email")})
	}
	return rs
}

func (s *Server) newTrajectData(r *http.Request, route traject.Route) (newTrajectData, error) {
	d := newTrajectData{Route: route, RouteLabel: traject.RouteLabel(route), Maatregelen: traject.Maatregelen, VerwijzerTypes: traject.VerwijzerTypes}
	var err error
	if d.Municipalities, err = s.municipalities(r); err != nil {
		return d, err
	}
	if route == traject.RouteMedisch {
		d.Providers, err = s.Orgs.ListIn(r.Context(), s.principal(r).RegionID, organisation.Aanbieder)
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
	form := map[string]string{"eerste_melding": formatDate(s.Now())}
	for i := range parentBlocks {
		form[parentKey(i, "gezag")] = "ja"
	}
	form[parentKey(0, "relatie")] = "10" // ouder
	d.withParents(form, nil)
	s.render(w, r, http.StatusOK, "traject_new", page{Title: "Hulpvraag registreren", Data: d, Form: form})
}

func (s *Server) trajectCreate(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	form := formMap(r, append([]string{"bsn", "voornaam", "tussenvoegsel", "achternaam", "geslacht", "geboortedatum", "straat", "huisnummer", "postcode", "woonplaats", "gemeente_id",
		"eerste_melding",
		"maatregel.soort", "maatregel.uitspraak_datum", "maatregel.kenmerk", "maatregel.raad_rapport",
		"verwijzer.type", "verwijzer.zorgverlenercode", "verwijzer.naam", "verwijzer.specialisme", "aanbieder_id"}, parentFields()...)...)
	mid, _ := strconv.ParseInt(form["gemeente_id"], 10, 64)
	iso, badDates := registerDates(form)
	in := traject.StartInput{
		Client: client.Input{BSN: form["bsn"], GivenName: form["voornaam"], Tussenvoegsel: form["tussenvoegsel"], FamilyName: form["achternaam"],
			Geslacht: form["geslacht"], BirthDate: iso["geboortedatum"],
			Street: form["straat"], HouseNumber: form["huisnummer"], Postcode: form["postcode"], City: form["woonplaats"], MunicipalityID: mid},
		EersteMelding: iso["eerste_melding"],
		Relations:     parentsOf(form),
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
	case errors.As(err, &fe) || len(badDates) > 0:
		// A date that is no date went to the service empty, so it is
		// refused as missing; say instead how to type it.
		if fe == nil {
			fe = client.FieldErrors{}
		}
		for k, m := range badDates {
			fe[k] = m
		}
		if m := fe["gezaghebbenden"]; m != "" {
			fe.Zet(parentKey(0, "achternaam"), m)
			delete(fe, "gezaghebbenden")
		}
		d, derr := s.newTrajectData(r, route)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		d.withParents(form, fe)
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

// registerDateLabels are the registration form's date fields, as a message
// names them.
var registerDateLabels = map[string]string{"geboortedatum": "de geboortedatum", "eerste_melding": "de datum van de eerste melding",
	"maatregel.uitspraak_datum": "de datum van de uitspraak"}

// registerDates reads the form's dates as typed the Dutch way (dd-mm-jjjj)
// into the YYYY-MM-DD the service takes; a date that cannot be read is
// passed on empty and gets a message of its own.
func registerDates(form map[string]string) (map[string]string, client.FieldErrors) {
	iso, bad := map[string]string{}, client.FieldErrors{}
	for k, label := range registerDateLabels {
		v := strings.TrimSpace(form[k])
		if v == "" {
			continue
		}
		if t, ok := parseDate(v); ok {
			iso[k] = t.Format("2006-01-02")
		} else {
			bad[k] = "Vul " + label + " in als dag-maand-jaar, bijvoorbeeld 25-04-2013."
		}
	}
	return iso, bad
}
