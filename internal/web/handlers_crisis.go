package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// The crisis service's pages (package crisis): the list of crises, the
// report form, and the crisis case page with the form of each step. The
// forms fill the service's input types; a step's fields are named
// "<step>.<key of the input>", so that every field of the page has its own
// id and a message of the service lands beside its field.
func (s *Server) registerCrisis(mux *http.ServeMux) {
	mux.Handle("GET /crises", s.auth(s.crisisList))
	mux.Handle("GET /crises/nieuw", s.auth(s.crisisNewForm))
	mux.Handle("POST /crises", s.auth(s.crisisCreate))
	mux.Handle("GET /crises/{id}", s.auth(s.crisisShow))
	mux.Handle("POST /crises/{id}/{action}", s.auth(s.crisisAction))
}

// reportsCrises reports whether p takes crisis reports (the menu item).
func reportsCrises(p access.Principal) bool { return p.Has(access.Crisisdienst) }

// momentLayout is a moment as typed: day-month-year hour:minute.
const momentLayout = "02-01-2006 15:04"

// parseMoment reads a moment typed the Dutch way, in Dutch time:
// dd-mm-jjjj uu:mm (also with "/" or "." in the date, "." in the time),
// or what a browser's datetime field sends.
func parseMoment(v string) (time.Time, bool) {
	v = strings.Join(strings.Fields(strings.NewReplacer("/", "-", "T", " ").Replace(strings.TrimSpace(v))), " ")
	date, clock, _ := strings.Cut(v, " ")
	date = strings.ReplaceAll(date, ".", "-")
	clock = strings.ReplaceAll(clock, ".", ":")
	for _, layout := range []string{"2-1-2006 15:04", "2006-1-2 15:04"} {
		if t, err := time.ParseInLocation(layout, date+" "+clock, kalender.Amsterdam()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// isoOf turns a typed date (dd-mm-jjjj) into the YYYY-MM-DD the service
// reads; a date that cannot be read is recorded in fe for field.
func isoOf(fe client.FieldErrors, field, v string) string {
	if strings.TrimSpace(v) == "" {
		return ""
	}
	t, ok := parseDate(v)
	if !ok {
		fe[field] = "Vul de datum in als dag-maand-jaar, bijvoorbeeld 14-05-2026."
		return ""
	}
	return t.Format("2006-01-02")
}

// crisisListData is the list of crises.
type crisisListData struct {
	Items     []crisis.Item
	CanReport bool
	Now       time.Time
}

func (s *Server) crisisList(w http.ResponseWriter, r *http.Request) {
	if s.Crisis == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	p := s.principal(r)
	items, err := s.Crisis.List(r.Context(), p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "crises", page{Title: "Crisis", Data: crisisListData{Items: items, CanReport: reportsCrises(p), Now: s.Now()}})
}

// crisisNewData is what the report form offers.
type crisisNewData struct {
	Melders        []crisis.Code
	Geslachten     []client.Code
	Municipalities []organisation.Organisation
	Error          string
}

// crisisNewFields are the report form's fields, named as the API's.
var crisisNewFields = []string{"gemeld_om", "melder", "melder_naam", "melder_telefoon", "anders_dan_gisteren", "bsn", "voornaam", "tussenvoegsel",
	"achternaam", "geslacht", "geboortedatum", "straat", "huisnummer", "postcode", "woonplaats", "gemeente_id", "hulp_gestart_op"}

func (s *Server) crisisNewPage(w http.ResponseWriter, r *http.Request, status int, pg page) {
	d := crisisNewData{Melders: crisis.Melders, Geslachten: client.Geslachten}
	if data, ok := pg.Data.(crisisNewData); ok {
		d.Error = data.Error
	}
	var err error
	if d.Municipalities, err = s.municipalities(r); err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Title, pg.Data = "Crisis melden", d
	s.render(w, r, status, "crisis_new", pg)
}

func (s *Server) crisisNewForm(w http.ResponseWriter, r *http.Request) {
	if s.Crisis == nil || !reportsCrises(s.principal(r)) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.crisisNewPage(w, r, http.StatusOK, page{Form: map[string]string{"gemeld_om": s.Now().In(kalender.Amsterdam()).Format(momentLayout)}})
}

func (s *Server) crisisCreate(w http.ResponseWriter, r *http.Request) {
	if s.Crisis == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	p := s.principal(r)
	form := formMap(r, crisisNewFields...)
	bad := client.FieldErrors{}
	in := crisis.MeldingInput{Melder: form["melder"], MelderNaam: form["melder_naam"], MelderTelefoon: form["melder_telefoon"],
		AndersDanGisteren: form["anders_dan_gisteren"], HulpGestartOp: isoOf(bad, "hulp_gestart_op", form["hulp_gestart_op"])}
	if v := strings.TrimSpace(form["gemeld_om"]); v != "" {
		t, ok := parseMoment(v)
		if !ok {
			bad["gemeld_om"] = "Vul het tijdstip in als dag-maand-jaar uur:minuut, bijvoorbeeld 14-05-2026 21:30."
		}
		in.GemeldOm = t
	}
	mid, _ := strconv.ParseInt(form["gemeente_id"], 10, 64)
	in.Jeugdige = client.Input{BSN: form["bsn"], GivenName: form["voornaam"], Tussenvoegsel: form["tussenvoegsel"], FamilyName: form["achternaam"],
		Geslacht: form["geslacht"], BirthDate: isoOf(bad, "geboortedatum", form["geboortedatum"]), Street: form["straat"], HouseNumber: form["huisnummer"],
		Postcode: form["postcode"], City: form["woonplaats"], MunicipalityID: mid}
	var st traject.Started
	err := error(bad)
	if len(bad) == 0 {
		st, err = s.Crisis.Meld(r.Context(), p, in)
	}
	var fe client.FieldErrors
	switch {
	case errors.As(err, &fe):
		s.crisisNewPage(w, r, http.StatusUnprocessableEntity, page{Errors: fe, Form: form})
		return
	case traject.IsRefusal(err):
		s.crisisNewPage(w, r, http.StatusConflict, page{Form: form, Data: crisisNewData{Error: err.Error()}})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	q := "?gelukt=melding"
	if st.Known {
		q += "&bekend=1"
	}
	http.Redirect(w, r, fmt.Sprintf("/crises/%d%s", st.TrajectoryID, q), http.StatusSeeOther)
}

// crisisData is what the crisis case page shows.
type crisisData struct {
	crisis.View
	CSRF         string
	Flash, Error string
	// Mine: the reader records the steps (the crisis service that took
	// the report); the Show… fields say which step forms are open.
	Mine                                                             bool
	ShowTriage, ShowInschatting, ShowInzet, ShowRTO, ShowPlan, Close bool
	// Aanvullend: the care form adds to care recorded before.
	Aanvullend     bool
	Uitkomsten     []crisis.Uitkomst
	Problematieken []crisis.Problematiek
	Vormen         []crisis.Vorm
	VormRows       []int
	// Inzetten is the care deployed, grouped by the inzet that chose it
	// (the reasons are the inzet's).
	Inzetten []inzetGroep
	// Next is the most urgent open action, the step's deadline.
	Next                        *crisis.Actie
	HistoryRecent, HistoryOlder []traject.Event
}

// inzetGroep is the forms of care chosen together, with their reasons.
type inzetGroep struct {
	Vormen                                             []crisis.Inzet
	WaaromNietAmbulant, WaaromNietNetwerk, Toelichting string
}

// crisisDone confirms a step after the redirect.
var crisisDone = map[string]string{
	"melding":         "De crisismelding is vastgelegd. Leg nu de triage vast.",
	"triage":          "De triage is vastgelegd.",
	"inschatting":     "De actieve inschatting is vastgelegd.",
	"inzet":           "De ingezette crisishulp is vastgelegd.",
	"rto":             "Het ronde tafel overleg is vastgelegd; de procesregisseur heeft het niet meer op Mijn werk.",
	"perspectiefplan": "Het Perspectiefplan Crisis is vastgelegd. U kunt de crisiszaak nu afsluiten.",
	"afsluiten":       "De crisiszaak is afgesloten.",
}

func (s *Server) crisisShow(w http.ResponseWriter, r *http.Request) {
	pg := page{}
	if msg, ok := crisisDone[r.URL.Query().Get("gelukt")]; ok {
		pg.Flash = msg
		if r.URL.Query().Get("bekend") == "1" {
			pg.Flash = "De jeugdige was al bekend: de crisis is geopend op het bestaande dossier. " + msg
		}
	}
	s.crisisPage(w, r, http.StatusOK, "", pg)
}

func (s *Server) crisisPage(w http.ResponseWriter, r *http.Request, status int, errMsg string, pg page) {
	id, ok := pathID(r)
	if s.Crisis == nil || !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	p := s.principal(r)
	v, err := s.Crisis.Get(r.Context(), p, id, DefaultPurpose(p))
	if crisis.IsNotFound(err) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sess, _ := sessionFrom(r)
	d := crisisData{View: v, CSRF: sess.CSRF, Flash: pg.Flash, Error: errMsg, Uitkomsten: crisis.Uitkomsten, Problematieken: crisis.Problematieken,
		Vormen: crisis.Vormen, VormRows: []int{0, 1}}
	pg.Flash = ""
	for _, z := range v.Inzet {
		if n := len(d.Inzetten); n == 0 || d.Inzetten[n-1].Vormen[0].Nummer != z.Nummer {
			d.Inzetten = append(d.Inzetten, inzetGroep{WaaromNietAmbulant: z.WaaromNietAmbulant, WaaromNietNetwerk: z.WaaromNietNetwerk, Toelichting: z.Toelichting})
		}
		g := &d.Inzetten[len(d.Inzetten)-1]
		g.Vormen = append(g.Vormen, z)
	}
	for i := range v.Acties {
		if v.Acties[i].OrganisatieID == p.OrgID {
			d.Next = &v.Acties[i]
			break
		}
	}
	d.Mine = v.MayAct(p)
	if d.Mine {
		confirmed := v.Inschatting != nil && v.Inschatting.Crisis
		d.ShowTriage = v.Stap == traject.StepTriage
		d.ShowInschatting = v.Stap == traject.StepInschatting
		d.ShowInzet = confirmed
		d.Aanvullend = len(v.Inzet) > 0
		d.ShowRTO = confirmed && v.RTO == nil
		d.ShowPlan = confirmed && v.RTO != nil && len(v.Inzet) > 0 && v.Perspectiefplan == nil
		d.Close = v.Perspectiefplan != nil
	}
	if pg.Form == nil {
		pg.Form = map[string]string{"inschatting.ter_plaatse_om": s.Now().In(kalender.Amsterdam()).Format(momentLayout),
			"rto.datum": s.Now().In(kalender.Amsterdam()).Format(dateLayout), "inzet.vormen.0.begindatum": s.Now().In(kalender.Amsterdam()).Format(dateLayout)}
		if v.Procesregisseur != nil {
			pg.Form["rto.procesregisseur_organisatie"] = v.Procesregisseur.Naam
		}
	}
	for i := len(v.Geschiedenis) - 1; i >= 0; i-- {
		if len(d.HistoryRecent) < recentEvents {
			d.HistoryRecent = append(d.HistoryRecent, v.Geschiedenis[i])
		} else {
			d.HistoryOlder = append(d.HistoryOlder, v.Geschiedenis[i])
		}
	}
	pg.Title, pg.Data = "Crisis "+v.Jeugdige, d
	s.render(w, r, status, "crisis", pg)
}

// crisisFields are the fields of each step's form.
var crisisFields = map[string][]string{
	"triage":      {"uitkomst", "problematiek", "deskundige_naam", "toelichting", "advies"},
	"inschatting": {"ter_plaatse_om", "crisismedewerker", "deskundige_mee", "crisis", "toelichting", "advies"},
	"inzet": {"vormen.0.vorm", "vormen.0.begindatum", "vormen.0.einddatum", "vormen.1.vorm", "vormen.1.begindatum", "vormen.1.einddatum",
		"waarom_niet_ambulant", "waarom_niet_netwerk", "toelichting"},
	"rto":             {"datum", "procesregisseur", "procesregisseur_organisatie", "crisisteam", "jeugdige", "ouder", "crisisaanbieder", "overige", "perspectief"},
	"perspectiefplan": {"tekst", "coordinator", "crisisteam", "jeugdige", "crisisaanbieder", "regievoerder", "toelichting"},
	"afsluiten":       {"toelichting"},
}

// participants reads the named participants of a talk from the form:
// one field per role (a name; empty: not there) and a field of others,
// one per line. It returns them with, per participant, the form field
// that holds its name.
func participants(f map[string]string, prefix string, roles []string, org map[string]string) ([]crisis.Deelnemer, []string) {
	var ds []crisis.Deelnemer
	var fields []string
	for _, rol := range roles {
		if naam := strings.TrimSpace(f[prefix+rol]); naam != "" {
			ds = append(ds, crisis.Deelnemer{Naam: naam, Rol: rol, Organisatie: strings.TrimSpace(org[rol])})
			fields = append(fields, prefix+rol)
		}
	}
	for _, line := range strings.Split(f[prefix+"overige"], "\n") {
		if line = strings.TrimSpace(line); line != "" {
			ds = append(ds, crisis.Deelnemer{Naam: line, Rol: "overig"})
			fields = append(fields, prefix+"overige")
		}
	}
	return ds, fields
}

func (s *Server) crisisAction(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	action := r.PathValue("action")
	names, known := crisisFields[action]
	if s.Crisis == nil || !ok || !known {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	p := s.principal(r)
	ctx := r.Context()
	prefix := action + "."
	raw := map[string]string{}
	for _, n := range names {
		raw[n] = r.PostForm.Get(prefix + n)
	}
	bad := client.FieldErrors{}
	// rename maps a key of the service's messages to the form's field.
	rename := map[string]string{}
	var err error
	switch action {
	case "triage":
		err = s.Crisis.Triage(ctx, p, id, crisis.TriageInput{Uitkomst: raw["uitkomst"], Problematiek: raw["problematiek"], DeskundigeNaam: raw["deskundige_naam"],
			Toelichting: raw["toelichting"], Advies: raw["advies"]})
	case "inschatting":
		in := crisis.InschattingInput{Crisismedewerker: raw["crisismedewerker"], DeskundigeMee: raw["deskundige_mee"] == "ja", Crisis: raw["crisis"] == "ja",
			Toelichting: raw["toelichting"], Advies: raw["advies"]}
		if raw["crisis"] == "" {
			bad["crisis"] = "Kies of de inschatting een crisis vaststelt."
		}
		if v := strings.TrimSpace(raw["ter_plaatse_om"]); v != "" {
			if in.TerPlaatseOm, ok = parseMoment(v); !ok {
				bad["ter_plaatse_om"] = "Vul het tijdstip in als dag-maand-jaar uur:minuut, bijvoorbeeld 14-05-2026 21:30."
			}
		}
		if err = error(bad); len(bad) == 0 {
			err = s.Crisis.Inschatting(ctx, p, id, in)
		}
	case "inzet":
		in := crisis.InzetInput{WaaromNietAmbulant: raw["waarom_niet_ambulant"], WaaromNietNetwerk: raw["waarom_niet_netwerk"], Toelichting: raw["toelichting"]}
		for row := range 2 {
			at := "vormen." + strconv.Itoa(row) + "."
			if raw[at+"vorm"] == "" && (row > 0 || strings.TrimSpace(raw[at+"einddatum"]) == "") {
				continue
			}
			n := "vormen." + strconv.Itoa(len(in.Vormen)) + "."
			for _, k := range []string{"vorm", "begindatum", "einddatum"} {
				rename[n+k] = at + k
			}
			in.Vormen = append(in.Vormen, crisis.VormInput{Vorm: raw[at+"vorm"], Begindatum: isoOf(bad, at+"begindatum", raw[at+"begindatum"]),
				Einddatum: isoOf(bad, at+"einddatum", raw[at+"einddatum"])})
		}
		rename["vormen"] = "vormen.0.vorm"
		if err = error(bad); len(bad) == 0 {
			err = s.Crisis.Inzet(ctx, p, id, in)
		}
	case "rto":
		ds, fields := participants(raw, "", []string{crisis.RolProcesregisseur, crisis.RolCrisisteam, crisis.RolJeugdige, crisis.RolOuder, crisis.RolCrisisaanbieder},
			map[string]string{crisis.RolProcesregisseur: raw["procesregisseur_organisatie"]})
		for i, f := range fields {
			rename["deelnemers."+strconv.Itoa(i)+".naam"] = f
		}
		rename["deelnemers"] = "procesregisseur"
		in := crisis.RTOInput{Datum: isoOf(bad, "datum", raw["datum"]), Deelnemers: ds, Perspectief: raw["perspectief"]}
		if err = error(bad); len(bad) == 0 {
			err = s.Crisis.RTO(ctx, p, id, in)
		}
	case "perspectiefplan":
		ds, fields := participants(raw, "", []string{crisis.RolCoordinator, crisis.RolCrisisteam, crisis.RolJeugdige, crisis.RolCrisisaanbieder, crisis.RolRegievoerder}, nil)
		for i, f := range fields {
			rename["deelnemers."+strconv.Itoa(i)+".naam"] = f
		}
		rename["deelnemers"] = "coordinator"
		err = s.Crisis.Perspectiefplan(ctx, p, id, crisis.PerspectiefplanInput{Tekst: raw["tekst"], Deelnemers: ds, Toelichting: raw["toelichting"]})
	case "afsluiten":
		err = s.Crisis.Afsluiten(ctx, p, id, crisis.AfsluitenInput{Toelichting: raw["toelichting"]})
	}
	var fe client.FieldErrors
	switch {
	case crisis.IsNotFound(err):
		s.renderError(w, r, http.StatusNotFound)
	case errors.As(err, &fe):
		form, errs := map[string]string{}, map[string]string{}
		for k, v := range raw {
			form[prefix+k] = v
		}
		for k, m := range fe {
			if to, ok := rename[k]; ok {
				k = to
			}
			errs[prefix+k] = m
		}
		s.crisisPage(w, r, http.StatusUnprocessableEntity, "", page{Errors: errs, Form: form})
	case traject.IsRefusal(err):
		form := map[string]string{}
		for k, v := range raw {
			form[prefix+k] = v
		}
		s.crisisPage(w, r, http.StatusConflict, err.Error(), page{Form: form})
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, fmt.Sprintf("/crises/%d?gelukt=%s", id, action), http.StatusSeeOther)
	}
}

// The crisis pages' template functions: the Dutch names of the crisis
// tables' codes, and a YYYY-MM-DD date the Dutch way. Added here, before
// any page is parsed, so the crisis tables stay the crisis package's.
func init() {
	funcs["melderLabel"] = crisis.MelderLabel
	funcs["uitkomstLabel"] = crisis.UitkomstLabel
	funcs["problematiekLabel"] = crisis.ProblematiekLabel
	funcs["rolLabel"] = crisis.RolLabel
	funcs["isoDag"] = func(iso string) string {
		t, err := time.Parse("2006-01-02", iso)
		if err != nil {
			return iso
		}
		return t.Format(dateLayout)
	}
}
