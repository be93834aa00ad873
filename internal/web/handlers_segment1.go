package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/segment1"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Segment-1 coordination in the browser: the section of the case page
// (template "segment1" in _segment1.html), its form posts, the intake
// desk's list of registrations and the expert team's consultations.

func (s *Server) registerSegment1(mux *http.ServeMux) {
	mux.Handle("POST /trajecten/{id}/segment1/{action}", s.auth(s.segment1Action))
	mux.Handle("GET /trajecten/{id}/segment1/casusoverzicht.pdf", s.auth(s.casusoverzicht))
	mux.Handle("GET /aanmeldingen", s.auth(s.aanmeldingenPage))
	mux.Handle("GET /consultaties", s.auth(s.consultatiesPage))
}

// segment1 is the segment-1 service on the trajectory service's gate,
// clock and calendar.
func (s *Server) segment1() *segment1.Service {
	return &segment1.Service{Gate: s.Traject.Gate, Now: s.Traject.Now, Cal: s.Traject.Cal}
}

func init() {
	for k, v := range map[string]string{
		"segment1-telefonisch-overleg": "Het telefonisch vooroverleg met het aanmeldpunt is vastgelegd. Meld de jeugdige nu aan met het IPVA.",
		"segment1-aanmelding":          "De jeugdige is aangemeld bij het aanmeldpunt. Het aanmeldpunt beoordeelt de aanmelding en nodigt u en de jeugdige uit voor het aanmeldgesprek.",
		"segment1-beoordeling":         "De beoordeling in de tijd is vastgelegd.",
		"segment1-aanmeldgesprek":      "Het aanmeldgesprek is vastgelegd. Leg na de aanmeldtafel het advies vast.",
		"segment1-advies":              "Het advies van de aanmeldtafel is vastgelegd.",
		"segment1-regievoerder":        "De jeugdige is aangemeld bij de regievoerder.",
		"segment1-terugleggen":         "De aanmelding is teruggelegd bij de verwijzer.",
		"segment1-coordinatie-vraag":   "De lokale Toegang is gevraagd te coördineren.",
		"segment1-voorstel":            "Het voorstel is vastgelegd; de andere twee beslissers zien het op hun werklijst.",
		"segment1-instemming":          "Uw antwoord op het voorstel is vastgelegd.",
		"segment1-taxatie":             "De veiligheidstaxatie is vastgelegd.",
		"segment1-behandelplan":        "Het behandelplan is vastgelegd.",
		"segment1-evaluatie":           "De evaluatie is vastgelegd.",
		"segment1-verblijf":            "Het verblijf is vastgelegd.",
		"segment1-verblijf-einde":      "Het einde van het verblijf is vastgelegd.",
		"segment1-signaal":             "Het signaal staat op de werklijst van de coördinator.",
		"segment1-opgepakt":            "Vastgelegd.",
		"segment1-meldcode":            "De meldcode-actie is vastgelegd; de andere kant is direct geïnformeerd.",
		"segment1-melding":             "Het concept staat klaar; de andere kant vult het aan.",
		"segment1-aanvulling":          "Samen vastgesteld.",
		"segment1-afronding":           "De afronding is vastgelegd; de coördinator stemt de einddatum af.",
		"segment1-einde":               "Uw antwoord op de einddatum is vastgelegd.",
		"segment1-sluiting":            "De coördinatie is afgesloten.",
		"segment1-consultatie":         "De consultatie is gevraagd; het expertteam bespreekt de casus op de genoemde dag.",
		"segment1-consultatie-advies":  "Het advies is vastgelegd.",
	} {
		doneMessages[k] = v
	}
}

// segment1Section is what the case page's segment-1 section shows.
type segment1Section struct {
	segment1.View
	Toon bool
	ID   int64
	CSRF string
	// Fout is the refusal of the last post and FoutBij its form; Invoer
	// what was posted, so the form keeps it.
	Fout, FoutBij string
	Fouten        []string
	Invoer        url.Values
	// What the forms choose from.
	Aanmeldpunten, Aanbieders, Toegangen []organisation.Organisation
	Teams                                []segment1.TeamInfo
}

// Labels and choices for the template.
func (segment1Section) Urgenties() any      { return segment1.Urgenties }
func (segment1Section) Segmenten() any      { return segment1.AndereSegmenten }
func (segment1Section) Onderwerpen() any    { return segment1.Onderwerpen }
func (segment1Section) Stappen() any        { return segment1.MeldcodeStappen }
func (segment1Section) Meldingsoorten() any { return segment1.MeldingSoorten }
func (segment1Section) Checklist(soort, niveau string) []segment1.Criterium {
	return segment1.Checklist(segment1.Soort(soort), segment1.Niveau(niveau))
}
func (segment1Section) Onderwerp(code string) string { return segment1.OnderwerpLabel(code) }
func (segment1Section) Stap(code string) string      { return segment1.StapLabel(code) }
func (segment1Section) Meldingsoort(c string) string { return segment1.MeldingLabel(c) }
func (segment1Section) Segment(code string) string   { return segment1.SegmentLabel(code) }
func (segment1Section) Criterium(key string) string  { return segment1.CriteriumLabel(key) }
func (segment1Section) Evaluatiesoort(s string) string {
	if s == segment1.EvaluatieEind {
		return "Eindevaluatie"
	}
	return "Tussentijdse evaluatie"
}

// V is the posted value of field when the form of action was refused, so
// the form shows it again; "" otherwise.
// Verblijfsoorten are the kinds of stay for the form.
func (d segment1Section) Verblijfsoorten() []segment1.Verblijfsoort { return segment1.Verblijfsoorten }

func (d segment1Section) V(action, field string) string {
	if d.FoutBij != action || d.Invoer == nil {
		return ""
	}
	return d.Invoer.Get(field)
}

// Checked is V for a checkbox or radio: whether value was posted.
func (d segment1Section) Checked(action, field, value string) bool {
	return d.FoutBij == action && d.Invoer != nil && d.Invoer.Get(field) == value
}

type segment1ErrKey struct{}

type segment1Err struct {
	action, msg string
	fouten      []string
	form        url.Values
}

// segment1SectionOf reads the segment-1 section of the case page for p,
// within the page's one logged read of the case (traject.Get).
func (s *Server) segment1SectionOf(ctx context.Context, p access.Principal, v traject.View, csrf string) (segment1Section, error) {
	d := segment1Section{ID: v.ID, CSRF: csrf}
	sv, err := s.segment1().OfCase(ctx, p, v)
	if err != nil {
		return d, err
	}
	d.View = sv
	m := sv.Mag
	d.Toon = sv.Ziet.Iets() && (sv.Bestaat || len(sv.Consultaties) > 0 || m.TelefonischOverleg || m.ConsultatieVragen)
	if e, ok := ctx.Value(segment1ErrKey{}).(segment1Err); ok {
		d.Fout, d.FoutBij, d.Fouten, d.Invoer = e.msg, e.action, e.fouten, e.form
	}
	if m.TelefonischOverleg && !sv.Bestaat {
		if d.Aanmeldpunten, err = s.Orgs.ListIn(ctx, p.RegionID, organisation.Aanmeldpunt); err != nil {
			return d, err
		}
	}
	if m.Adviseren {
		if d.Aanbieders, err = s.Orgs.ListIn(ctx, p.RegionID, organisation.Aanbieder); err != nil {
			return d, err
		}
	}
	if m.CoordinatieVragen {
		if d.Toegangen, err = s.Orgs.ListIn(ctx, p.RegionID, organisation.Toegang); err != nil {
			return d, err
		}
	}
	if m.ConsultatieVragen {
		if d.Teams, err = segment1.Teams(ctx, s.Traject.Gate.DB, p.RegionID); err != nil {
			return d, err
		}
	}
	return d, nil
}

// segment1Action handles the form posts of the segment-1 section: parse
// into the service's input, one call, and the case page again.
func (s *Server) segment1Action(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	f := r.PostForm
	ctx := r.Context()
	svc := s.segment1()
	num := func(name string) int64 { n, _ := strconv.ParseInt(f.Get(name), 10, 64); return n }
	yes := func(name string) bool { return f.Get(name) == "ja" }
	consent := func() segment1.ToestemmingInput {
		return segment1.ToestemmingInput{Vorm: f.Get("toestemming_vorm"), GegevenDoor: f.Get("toestemming_door"), Datum: f.Get("toestemming_datum")}
	}
	action := r.PathValue("action")
	var err error
	switch action {
	case "telefonisch-overleg":
		err = svc.TelefonischOverleg(ctx, p, id, segment1.TelefonischOverlegInput{AanmeldpuntID: num("aanmeldpunt_id"), Datum: f.Get("datum"), Met: f.Get("met"), Samenvatting: f.Get("samenvatting")})
	case "aanmelding":
		in := segment1.AanmeldingInput{Aanmeldreden: f.Get("aanmeldreden"), Overgangsclient: yes("overgangsclient"), Toestemming: consent()}
		err = svc.Aanmelden(ctx, p, id, in)
	case "beoordeling":
		err = svc.Beoordelen(ctx, p, id, segment1.BeoordelingInput{Urgentie: segment1.Urgentie(f.Get("urgentie")), StartUiterlijk: f.Get("start_uiterlijk"), Toelichting: f.Get("toelichting")})
	case "aanmeldgesprek":
		err = svc.Aanmeldgesprek(ctx, p, id, segment1.AanmeldgesprekInput{Datum: f.Get("datum"), JeugdigeAanwezig: yes("jeugdige_aanwezig"),
			VerwijzerAanwezig: yes("verwijzer_aanwezig"), Verslag: f.Get("verslag")})
	case "advies":
		err = svc.Adviseren(ctx, p, id, segment1.AdviesInput{Segment1: yes("segment1"), RegievoerderID: num("regievoerder_id"), Hulpvorm: f.Get("hulpvorm"),
			AnderSegment: f.Get("ander_segment"), Toelichting: f.Get("toelichting")})
	case "regievoerder":
		err = svc.AanmeldenBijRegievoerder(ctx, p, id)
	case "terugleggen":
		err = svc.Terugleggen(ctx, p, id, segment1.TerugInput{Toelichting: f.Get("toelichting")})
	case "coordinatie-vraag":
		in := segment1.CoordinatieVraagInput{ToegangID: num("toegang_id")}
		if f.Get("toestemming_vorm") != "" || f.Get("toestemming_door") != "" || f.Get("toestemming_datum") != "" {
			in.Toestemming = consent()
		}
		err = svc.CoordinatieVragen(ctx, p, id, in)
	case "voorstel":
		err = svc.Voorstellen(ctx, p, id, segment1.VoorstelInput{Soort: segment1.Soort(f.Get("soort")), Niveau: segment1.Niveau(f.Get("niveau")),
			Criteria: f["criterium"], Toelichting: f.Get("toelichting")})
	case "instemming":
		err = svc.Instemmen(ctx, p, id, num("voorstel"), segment1.InstemmingInput{Akkoord: yes("akkoord"), Toelichting: f.Get("toelichting")})
	case "taxatie":
		err = svc.Taxeren(ctx, p, id, segment1.TaxatieInput{Datum: f.Get("datum"), Veilig: yes("veilig"), Toelichting: f.Get("toelichting")})
	case "behandelplan":
		err = svc.Behandelplan(ctx, p, id, segment1.PlanInput{Tekst: f.Get("tekst"), SamenMetJeugdige: yes("samen_met_jeugdige"), HulpGestart: f.Get("hulp_gestart"),
			EvaluatieOp: f.Get("evaluatie_op")})
	case "evaluatie":
		err = svc.Evalueren(ctx, p, id, segment1.EvaluatieInput{Soort: f.Get("soort"), Datum: f.Get("datum"), Tekst: f.Get("tekst"),
			MetJeugdige: yes("met_jeugdige"), MetVerwijzer: yes("met_verwijzer")})
	case "verblijf":
		err = svc.VerblijfBegin(ctx, p, id, segment1.VerblijfInput{Soort: f.Get("soort"), MetOuder: yes("met_ouder"), Begin: f.Get("begin")})
	case "verblijf-einde":
		err = svc.VerblijfEinde(ctx, p, id, num("verblijf"), segment1.VerblijfEindeInput{Eind: f.Get("eind")})
	case "signaal":
		err = svc.Signaleren(ctx, p, id, segment1.SignaalInput{Onderwerp: f.Get("onderwerp"), Tekst: f.Get("tekst")})
	case "opgepakt":
		err = svc.Oppakken(ctx, p, id, num("signaal"), segment1.ReactieInput{Reactie: f.Get("reactie")})
	case "meldcode":
		err = svc.Meldcode(ctx, p, id, segment1.MeldcodeInput{Stap: f.Get("stap"), Tekst: f.Get("tekst")})
	case "melding":
		err = svc.Melding(ctx, p, id, segment1.MeldingInput{Soort: f.Get("soort"), Tekst: f.Get("tekst")})
	case "aanvulling":
		err = svc.Aanvullen(ctx, p, id, num("melding"), segment1.AanvullingInput{Aanvulling: f.Get("aanvulling")})
	case "afronding":
		in := segment1.AfrondingInput{Uitstroom: f.Get("uitstroom"), NaarSegment: f.Get("naar_segment"), Einddatum: f.Get("einddatum"), Overdracht: f.Get("overdracht")}
		for i := range 3 {
			n := strconv.Itoa(i)
			in.LopendeHulp = append(in.LopendeHulp, segment1.LopendeHulpInput{Omschrijving: f.Get("hulp_" + n), Tot: f.Get("hulp_tot_" + n), InFOA: yes("hulp_foa_" + n)})
		}
		err = svc.Afronden(ctx, p, id, in)
	case "einde":
		err = svc.EindeAfstemmen(ctx, p, id, segment1.EindeInput{Akkoord: yes("akkoord"), Toelichting: f.Get("toelichting")})
	case "sluiting":
		err = svc.CoordinatieAfsluiten(ctx, p, id, segment1.SluitingInput{Toelichting: f.Get("toelichting")})
	case "consultatie":
		err = svc.ConsultatieVragen(ctx, p, id, segment1.ConsultatieInput{TeamID: num("team_id"), Vraag: f.Get("vraag")})
	case "consultatie-advies":
		err = svc.ConsultatieAdviseren(ctx, p, num("consultatie"), segment1.TeamAdviesInput{Advies: f.Get("advies")})
	default:
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var fe segment1.FieldErrors
	switch {
	case errors.Is(err, segment1.ErrNotFound):
		s.renderError(w, r, http.StatusNotFound)
	case errors.As(err, &fe), segment1.IsRefusal(err):
		e := segment1Err{action: action, msg: err.Error(), form: f}
		if len(fe) > 0 {
			e.msg = "Dit is niet vastgelegd. Verbeter het volgende:"
			keys := make([]string, 0, len(fe))
			for k := range fe {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				e.fouten = append(e.fouten, fe[k])
			}
		}
		s.trajectPage(w, r.WithContext(context.WithValue(ctx, segment1ErrKey{}, e)), http.StatusUnprocessableEntity, "",
			"Niet vastgelegd: zie de melding bij Segment 1.")
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/trajecten/%d?gelukt=segment1-%s#segment1", id, action), http.StatusSeeOther)
	}
}

type aanmeldingenData struct {
	Items []segment1.AanmeldingItem
}

// aanmeldingenPage is the intake desk's list of registrations.
func (s *Server) aanmeldingenPage(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if !p.Has(access.Aanmeldpunt) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	items, err := s.segment1().Aanmeldingen(r.Context(), p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "aanmeldingen", page{Title: "Aangemelde jeugdigen", Data: aanmeldingenData{Items: items}})
}

type consultatiesData struct {
	Open, Gegeven []segment1.ConsultatieItem
}

// consultatiesPage is the expert team's list of consultations.
func (s *Server) consultatiesPage(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if !p.Has(access.Expertteam) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	items, err := s.segment1().TeamConsultaties(r.Context(), p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var d consultatiesData
	for _, it := range items {
		if it.Gegeven() {
			d.Gegeven = append(d.Gegeven, it)
		} else {
			d.Open = append(d.Open, it)
		}
	}
	s.render(w, r, http.StatusOK, "consultaties", page{Title: "Consultaties", Data: d})
}

// segment1Nav is the menu of the intake desk and the expert teams.
func segment1Nav(p access.Principal) []navItem {
	var items []navItem
	if p.Has(access.Aanmeldpunt) {
		items = append(items, navItem{"/aanmeldingen", "Aanmeldingen"})
	}
	if p.Has(access.Expertteam) {
		items = append(items, navItem{"/consultaties", "Consultaties"})
	}
	return items
}

// segment1Fout is the refusal shown at one form.
type segment1Fout struct {
	Msg    string
	Fouten []string
}

// FoutVoor is the refusal of the form of action, nil when it has none.
func (d segment1Section) FoutVoor(action string) *segment1Fout {
	if d.FoutBij != action || d.Fout == "" {
		return nil
	}
	return &segment1Fout{Msg: d.Fout, Fouten: d.Fouten}
}

// Toestemmingsvelden names the consent fields of a form for the template
// "s1toestemming".
func (segment1Section) Toestemmingsvelden(form, legend string) struct{ Form, Legend string } {
	return struct{ Form, Legend string }{form, legend}
}

// HulpRijen are the rows for help that runs on, in the closing form.
func (segment1Section) HulpRijen() []string { return []string{"0", "1"} }

// casusoverzicht serves the case summary for a consultation (PDF).
func (s *Server) casusoverzicht(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	pdf, err := s.segment1().Casusoverzicht(r.Context(), s.principal(r), s.Traject, id)
	switch {
	case errors.Is(err, segment1.ErrNotFound):
		s.renderError(w, r, http.StatusNotFound)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="casusoverzicht-%d.pdf"`, id))
	w.Write(pdf)
}
