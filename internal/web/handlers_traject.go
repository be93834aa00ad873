package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func (s *Server) registerTraject(mux *http.ServeMux) {
	mux.Handle("GET /trajecten/nieuw", s.auth(s.trajectNewForm))
	mux.Handle("POST /trajecten", s.auth(s.trajectCreate))
	mux.Handle("GET /trajecten/{id}", s.auth(s.trajectShow))
	mux.Handle("GET /trajecten/{id}/ipva", s.auth(s.ipvaForm))
	mux.Handle("POST /trajecten/{id}/ipva", s.auth(s.ipvaSave))
	mux.Handle("POST /trajecten/{id}/{action}", s.auth(s.trajectAction))
	mux.Handle("GET /trajecten/{id}/documenten/{kind}", s.auth(s.trajectDocument))
	mux.Handle("POST /geldkwesties/{id}", s.auth(s.settleMoneyQuestion))
}

// parseDate reads a date as people in the Netherlands type it: dd-mm-jjjj,
// with one-digit day or month and "/" or "." also taken; jjjj-mm-dd (what a
// browser's own date field sends) too.
func parseDate(v string) (time.Time, bool) {
	v = strings.NewReplacer("/", "-", ".", "-", " ", "").Replace(strings.TrimSpace(v))
	for _, layout := range []string{"2-1-2006", "2006-1-2"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// dateFields are the date fields of the case page's forms, with how the
// message names them.
var dateFields = map[string]string{"datum": "de datum", "gegeven_op": "de datum van de toestemming", "verwachte_einddatum": "de verwachte einddatum",
	"zorg_start": "de start van de jeugdhulp", "ingangsdatum": "de ingangsdatum", "einddatum": "de einddatum"}

// badDate returns a refusal naming the first date field of f that is
// filled in but is not a date; nil when there is none.
func badDate(f map[string][]string) error {
	for _, name := range []string{"datum", "gegeven_op", "verwachte_einddatum", "zorg_start", "ingangsdatum", "einddatum"} {
		if v := strings.TrimSpace(strings.Join(f[name], "")); v != "" {
			if _, ok := parseDate(v); !ok {
				return &traject.Refusal{Reason: "Vul " + dateFields[name] + " in als dag-maand-jaar, bijvoorbeeld 07-01-2027."}
			}
		}
	}
	return nil
}

// trajectData is what the trajectory page shows.
type trajectData struct {
	traject.View
	Steps          []stepItem
	IPVA           ipva.IPVA
	Plan           ipva.BeknoptPlan
	Gaps           []ipva.Gap
	Signers        []ipva.Signer
	Age            int
	Mine           bool // the principal's organisation owns the next action
	Role           string
	Arrangements   []arrangement.Arrangement
	Intensities    []arrangement.Intensiteit
	Vragen         []arrangement.Vraag
	Wegwijzer      []organisation.Provider
	ProviderName   string
	ConsentFor     map[int64]bool
	Providers      []organisation.Organisation
	Code           string
	Catalogue      []arrangement.Product
	Overdue        bool
	RedenenTeLaat  []ipva.RedenTeLaat
	Error          string
	Flash          string
	HasBeschikking bool
	PlanChars      int
	CSRF           string
	RouteLabel     string
	Maatregel      *traject.Maatregel
	Verwijzer      *traject.Verwijzer
	Redenen        []struct{ Code, Label string }
	HasDoc         map[string]bool // stored documents by kind
	HasMsg         map[string]bool // stored messages by lower-case type
	CanIPVA        bool            // the reader sees a section of the IPVA
	CanIPVAPDF     bool            // the reader sees every part of the printed IPVA
	CanDATBrief    bool
	// The turns outside the route's next step.
	CanChangeArrangement, CanClose bool
	// NextOrg is the organisation whose turn it is; Questions the open
	// questions on the thread.
	NextOrg   string
	Questions []openQuestion
	// The remark thread: shown to whoever sees it once there is a
	// provider; CanRemark when the reader is one of its two sides.
	ShowOverleg, CanRemark bool
	Counterpart            string
	ArrangementName        string
	// Levering is the start and stop of care on the case's toewijzing.
	Levering LeveringView
	// Segment1 is the segment-1 coordination section (_segment1.html).
	Segment1 segment1Section
	// The history, newest first: the latest few in view, the rest folded.
	HistoryRecent, HistoryOlder []traject.Event
}

// recentEvents is how many events of the history the case page shows
// unfolded.
const recentEvents = 5

type openQuestion struct {
	Org, Label string
	Due        time.Time
	Late       bool
}

// signerLabel is who signed the IPVA, as a heading word.
func signerLabel(s string) string {
	l := ipva.Signer(s).Label()
	if l == "" {
		return s
	}
	return strings.ToUpper(l[:1]) + l[1:]
}

// relationLabel is a parent's or custodian's relation to the youth, as a
// heading word.
func relationLabel(r traject.Relation) string {
	if r.Relation == "" {
		return "Ouder of verzorger"
	}
	return strings.ToUpper(r.Relation[:1]) + r.Relation[1:]
}

type stepItem struct {
	Label         string
	Done, Current bool
}

// loadTraject reads the trajectory of the path's {id} as one logged read;
// when it cannot, it has already answered (404 page or error page).
func (s *Server) loadTraject(w http.ResponseWriter, r *http.Request, p access.Principal) (traject.View, bool) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return traject.View{}, false
	}
	v, err := s.Traject.Get(r.Context(), p, id, DefaultPurpose(p))
	if errors.Is(err, traject.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound)
		return traject.View{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return traject.View{}, false
	}
	return v, true
}

func (s *Server) trajectPage(w http.ResponseWriter, r *http.Request, status int, flash, errMsg string) {
	p := s.principal(r)
	v, ok := s.loadTraject(w, r, p)
	if !ok {
		return
	}
	if v.Route == traject.RouteCrisis {
		// A crisis has a case page of its own (trajectShow shows it); a
		// step of a referral route posted on a crisis ends here.
		if errMsg != "" {
			s.renderMessage(w, r, status, "Niet mogelijk", errMsg)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/crises/%d", v.ID), http.StatusSeeOther)
		return
	}
	var err error
	sess, _ := sessionFrom(r)
	d := trajectData{View: v, Flash: flash, Error: errMsg, RedenenTeLaat: ipva.RedenenTeLaat(), ConsentFor: map[int64]bool{}, CSRF: sess.CSRF}
	json.Unmarshal(v.IPVA, &d.IPVA)
	json.Unmarshal(v.Plan, &d.Plan)
	d.PlanChars = ipva.Tekens(d.Plan.Tekst)
	now := s.Now()
	d.Age = client.AgeOn(v.Client.BirthDate, now)
	d.Signers = ipva.RequiredSigners(v.Client.BirthDate, now)
	d.Mine = v.HasNext && v.Next.OwnerOrgID == p.OrgID && p.Has(v.Next.Role)
	d.Overdue = v.HasNext && v.Next.Overdue(now)
	d.Role = string(v.Next.Role)
	d.RouteLabel = traject.RouteLabel(v.Route)
	d.Maatregel, d.Verwijzer = v.Grondslag.Maatregel, v.Grondslag.Verwijzer
	d.Redenen = toewijzing.RedenenAfwijzing
	d.HasDoc, d.HasMsg = map[string]bool{}, map[string]bool{}
	for _, doc := range v.Documents {
		d.HasDoc[doc.Kind] = true
	}
	for _, m := range v.Messages {
		d.HasMsg[strings.ToLower(string(m.Type))] = true
	}
	d.HasBeschikking = d.HasDoc[document.KindBeschikking]
	for _, part := range access.IPVAParts {
		d.CanIPVA = d.CanIPVA || p.Sees(part)
	}
	d.CanIPVAPDF = p.SeesAll(traject.DocumentParts(document.KindIPVA)...)
	d.CanDATBrief = p.SeesAll(traject.DocumentParts(document.KindDATBrief)...)
	orgName := func(id int64) string {
		if o, err := s.Orgs.Get(r.Context(), id); err == nil {
			return o.Name
		}
		return ""
	}
	if v.HasNext {
		d.NextOrg = orgName(v.Next.OwnerOrgID)
	}
	for _, a := range v.Actions {
		if a.Question {
			d.Questions = append(d.Questions, openQuestion{Org: orgName(a.OwnerOrgID), Label: a.Label, Due: a.Due, Late: a.Overdue(now)})
		}
	}
	d.ShowOverleg = v.ProviderID != 0 && p.Sees(access.PartOverleg)
	d.CanRemark = traject.CanRemark(v.Trajectory, p)
	if d.CanRemark {
		if p.OrgID == v.ProviderID {
			d.Counterpart = "de verwijzer"
		} else {
			d.Counterpart = "de aanbieder"
		}
	}
	for i := len(v.History) - 1; i >= 0; i-- {
		if len(d.HistoryRecent) < recentEvents {
			d.HistoryRecent = append(d.HistoryRecent, v.History[i])
		} else {
			d.HistoryOlder = append(d.HistoryOlder, v.History[i])
		}
	}
	d.CanChangeArrangement = traject.CanChangeArrangement(v.Trajectory, p)
	d.CanClose = traject.CanClose(v.Trajectory, p)
	if d.CanChangeArrangement {
		d.Arrangements, d.Intensities, d.Vragen = arrangement.All(), arrangement.Intensities(), arrangement.Vragen()
		if d.Catalogue, err = s.Catalogue.List(r.Context()); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	def, _ := traject.RouteOf(v.Route)
	steps := []traject.Step{}
	for _, sd := range def.Steps {
		steps = append(steps, sd.Step)
	}
	steps = append(steps, traject.StepToegewezen)
	current := -1
	for i, st := range steps {
		if st == v.Step {
			current = i
		}
	}
	for i, st := range steps {
		d.Steps = append(d.Steps, stepItem{Label: traject.RouteStepLabel(v.Route, st), Done: i < current || v.Step == traject.StepToegewezen, Current: i == current})
	}
	for _, c := range v.Consents {
		if !c.Withdrawn {
			d.ConsentFor[c.ProviderID] = true
		}
	}
	if v.Arrangement > 0 {
		d.Code, _ = arrangement.Code(v.Arrangement, v.Intensiteit)
		for _, a := range arrangement.All() {
			if a.Nummer == v.Arrangement {
				d.ArrangementName = a.Naam
			}
		}
	}
	if d.Mine {
		switch v.Step {
		case traject.StepIPVA:
			d.Gaps = v.Gaps
			d.Providers, _ = s.Orgs.ListIn(r.Context(), p.RegionID, organisation.Aanbieder)
		case traject.StepArrangement:
			d.Arrangements, d.Intensities, d.Vragen = arrangement.All(), arrangement.Intensities(), arrangement.Vragen()
			if d.Catalogue, err = s.Catalogue.List(r.Context()); err != nil {
				s.serverError(w, r, err)
				return
			}
		case traject.StepAanbieder:
			if d.Wegwijzer, err = s.Orgs.Wegwijzer(r.Context(), p.RegionID, v.Arrangement); err != nil {
				s.serverError(w, r, err)
				return
			}
			d.Providers, _ = s.Orgs.ListIn(r.Context(), p.RegionID, organisation.Aanbieder)
			d.Intensities = arrangement.Intensities()
		case traject.StepBeknoptPlan:
			d.Intensities = arrangement.Intensities()
			if d.Catalogue, err = s.Catalogue.List(r.Context()); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
	}
	if v.ProviderID != 0 {
		if o, err := s.Orgs.Get(r.Context(), v.ProviderID); err == nil {
			d.ProviderName = o.Name
		}
	}
	if v.Toewijzing != nil {
		if d.Levering, err = s.LeveringViewOf(r.Context(), p, v); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if d.Segment1, err = s.segment1SectionOf(r.Context(), p, v, sess.CSRF); err != nil {
		s.serverError(w, r, err)
		return
	}
	if r.URL.Query().Get("bekend") == "1" {
		d.Flash = "Deze jeugdige was al bekend: het nieuwe traject is geopend op het bestaande dossier."
	}
	if r.URL.Query().Get("lopend") == "1" {
		d.Error = "Let op: voor deze jeugdige loopt al een ander traject. Stem af met de betrokken organisatie (R-IPVA-5)."
	}
	if msg, ok := doneMessages[r.URL.Query().Get("gelukt")]; ok && d.Flash == "" && d.Error == "" {
		d.Flash = msg
	}
	if r.URL.Query().Get("opgeslagen") == "1" && d.Flash == "" {
		d.Flash = "Opgeslagen."
	}
	s.render(w, r, status, "traject", page{Title: "Traject " + v.Client.Name(), Data: d})
}

func (s *Server) trajectShow(w http.ResponseWriter, r *http.Request) {
	if id, ok := pathID(r); ok && s.Crisis != nil {
		if route, err := s.Traject.CaseRoute(r.Context(), id); err == nil && route == traject.RouteCrisis {
			// A crisis has a case page of its own (handlers_crisis.go).
			s.crisisShow(w, r)
			return
		}
	}
	s.trajectPage(w, r, http.StatusOK, "", "")
}

// trajectAction handles the form posts of every step: parse, call, and show
// the page again with the outcome.
func (s *Server) trajectAction(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	f := r.PostForm
	ctx := r.Context()
	err := badDate(f)
	switch action := r.PathValue("action"); {
	case err != nil:
		// A date that is not one: said before anything is tried.
	case action == "ondertekenen":
		d, ok := parseDate(f.Get("datum"))
		if !ok {
			err = &traject.Refusal{Reason: "Vul de datum van ondertekening in."}
			break
		}
		err = s.Traject.Sign(ctx, p, id, traject.Signature{Signer: f.Get("ondertekenaar"), Name: f.Get("naam"), SignedOn: d})
	case action == "toestemming":
		prov, _ := strconv.ParseInt(f.Get("aanbieder_id"), 10, 64)
		d, ok := parseDate(f.Get("gegeven_op"))
		if !ok {
			err = &traject.Refusal{Reason: "Vul de datum van de toestemming in."}
			break
		}
		err = s.Traject.RecordConsent(ctx, p, id, traject.ConsentInput{ProviderID: prov, Form: f.Get("vorm"), GivenBy: f.Get("gegeven_door"), GivenOn: d})
	case action == "toestemming-intrekken":
		prov, _ := strconv.ParseInt(f.Get("aanbieder_id"), 10, 64)
		err = s.Traject.WithdrawConsent(ctx, p, id, prov)
	case action == "ipva-afronden":
		err = s.Traject.FinishIPVA(ctx, p, id, ipva.LateReason{Reden: ipva.RedenTeLaat(f.Get("reden")), Toelichting: strings.TrimSpace(f.Get("toelichting"))})
	case action == "arrangement":
		a, _ := strconv.Atoi(f.Get("arrangement"))
		in, _ := strconv.Atoi(f.Get("intensiteit"))
		ai := traject.ArrangementInput{Arrangement: a, Intensiteit: in}
		if arrangement.IntensiteitNeedsStep5a(in) {
			ai.Step5a = &arrangement.Step5a{Intramuraal: f.Get("intramuraal") == "ja", HoogIntensiefAmbulant: f.Get("hoog_intensief_ambulant") == "ja",
				BehandelingMeerDan75Uur: f.Get("behandeling_meer_dan_75_uur") == "ja", BegeleidingMeerDan110: f.Get("begeleiding_meer_dan_110") == "ja",
				TariefBuitenSegment2: f.Get("tarief_buiten_segment_2") == "ja"}
			if ai.Products, err = s.Catalogue.Find(ctx, f["product"]); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
		err = s.Traject.ChooseArrangement(ctx, p, id, ai)
	case action == "aanbieder":
		prov, _ := strconv.ParseInt(f.Get("aanbieder_id"), 10, 64)
		if strings.TrimSpace(f.Get("gegeven_door")) != "" {
			// Consent asked with the choice of provider, recorded with it.
			d, ok := parseDate(f.Get("gegeven_op"))
			if !ok {
				err = &traject.Refusal{Reason: "Vul de datum van de toestemming in."}
				break
			}
			err = s.Traject.ChooseProviderWithConsent(ctx, p, id, prov, traject.ConsentInput{Form: f.Get("vorm"), GivenBy: f.Get("gegeven_door"), GivenOn: d})
			break
		}
		err = s.Traject.ChooseProvider(ctx, p, id, prov)
	case action == "reactie":
		err = s.Traject.Respond(ctx, p, id, f.Get("accepteren") == "ja", f.Get("reden"))
	case action == "beknopt-plan":
		in, _ := strconv.Atoi(f.Get("geadviseerde_intensiteit"))
		end, _ := parseDate(f.Get("verwachte_einddatum"))
		plan := ipva.BeknoptPlan{GeadviseerdeIntensiteit: in, VerwachteEinddatum: end, Tekst: f.Get("tekst"), Producten: f["product"]}
		for _, line := range strings.Split(f.Get("activiteiten"), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				wat, freq, _ := strings.Cut(line, "|")
				plan.Activiteiten = append(plan.Activiteiten, ipva.Activiteit{Omschrijving: strings.TrimSpace(wat), Frequentie: strings.TrimSpace(freq),
					Overbrugging: strings.Contains(strings.ToLower(wat), "overbrugging")})
			}
		}
		err = s.Traject.SubmitPlan(ctx, p, id, plan)
	case action == "akkoord":
		err = s.Traject.Review(ctx, p, id, traject.ReviewInput{Decision: f.Get("besluit"), Note: f.Get("toelichting"), Geldkwestie: f.Get("geldkwestie") == "ja"})
	case action == "aanvraag":
		err = s.Traject.SubmitAanvraag(ctx, p, id)
	case action == "bepaling":
		start, _ := parseDate(f.Get("zorg_start"))
		err = s.Traject.Bepaling(ctx, p, id, traject.BepalingInput{ZorgStart: start})
	case action == "afsluiten":
		err = s.Traject.Close(ctx, p, id, traject.CloseInput{Reden: f.Get("reden")})
	case action == "opmerking":
		err = s.Traject.AddRemark(ctx, p, id, traject.RemarkInput{Text: f.Get("tekst"), Vraag: f.Get("vraag") == "ja"})
	case action == "verzoek":
		start, _ := parseDate(f.Get("ingangsdatum"))
		err = s.Traject.SendVerzoek(ctx, p, id, traject.VerzoekInput{Ingangsdatum: start})
	case action == "besluit":
		from, _ := parseDate(f.Get("ingangsdatum"))
		to, _ := parseDate(f.Get("einddatum"))
		d := traject.Decision{Toegekend: f.Get("toegekend") == "ja", Ingangsdatum: from, Einddatum: to, Motivering: f.Get("motivering")}
		if f.Get("toegekend") == "onderzoek" {
			d.InOnderzoek = true
		}
		if !d.Toegekend && !d.InOnderzoek {
			d.RedenAfwijzing, d.Gemeente = f.Get("reden_afwijzing"), strings.TrimSpace(f.Get("gemeente"))
		}
		if d.Omvang, err = omvangVan(f); err != nil {
			break
		}
		_, err = s.Traject.Decide(ctx, p, id, d)
	case action == "wijziging":
		d := toewijzing.WijzigingBesluit{Toegekend: f.Get("toegekend") == "ja", Motivering: f.Get("motivering")}
		if !d.Toegekend {
			d.RedenAfwijzing = f.Get("reden_afwijzing")
		}
		err = s.Traject.DecideWijziging(ctx, p, id, d)
	default:
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	switch {
	case errors.Is(err, traject.ErrNotFound):
		s.renderError(w, r, http.StatusNotFound)
	case traject.IsRefusal(err):
		s.trajectPage(w, r, http.StatusUnprocessableEntity, "", err.Error())
	case err != nil:
		s.serverError(w, r, err)
	default:
		// Post/redirect/get: a reload does not post again.
		at := ""
		switch r.PathValue("action") {
		case "opmerking":
			at = "#overleg"
		case "wijziging":
			at = "#wijziging"
		}
		http.Redirect(w, r, fmt.Sprintf("/trajecten/%d?gelukt=%s%s", id, r.PathValue("action"), at), http.StatusSeeOther)
	}
}

// omvangVan reads the volumes of a decision's products: fields
// omvang_<code> (a whole number, empty for none) and frequentie_<code>.
func omvangVan(f url.Values) ([]toewijzing.ProductOmvang, error) {
	var out []toewijzing.ProductOmvang
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		code, ok := strings.CutPrefix(k, "omvang_")
		v := strings.TrimSpace(f.Get(k))
		if !ok || v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, &traject.Refusal{Reason: "Vul de omvang van product " + code + " in als een heel getal, bijvoorbeeld 20."}
		}
		out = append(out, toewijzing.ProductOmvang{Code: code, Volume: n, Frequentie: f.Get("frequentie_" + code)})
	}
	return out, nil
}

var ipvaPartijen = ipva.Partijen()

// doneMessages confirm a step after the redirect.
var doneMessages = map[string]string{
	"ondertekenen":          "De ondertekening is vastgelegd.",
	"toestemming":           "De toestemming is vastgelegd.",
	"toestemming-intrekken": "De toestemming is ingetrokken; de aanbieder ziet niets meer van deze zaak.",
	"ipva-afronden":         "Het IPVA is afgerond. Kies nu het arrangement.",
	"arrangement":           "Het arrangement is vastgelegd. Kies nu met het gezin een aanbieder.",
	"aanbieder":             "Het IPVA is gedeeld met de aanbieder; die accepteert of wijst af.",
	"reactie":               "De reactie is vastgelegd.",
	"beknopt-plan":          "Het beknopt plan is ingediend bij de verwijzer.",
	"akkoord":               "De beoordeling is vastgelegd.",
	"aanvraag":              "De aanvraag is ingediend bij de gemeente.",
	"besluit":               "Het besluit is vastgelegd.",
	"bepaling":              "De bepaling jeugdhulp is verstuurd aan de gemeente en de aanbieder, met de brief.",
	"verzoek":               "Het verzoek om toewijzing (JW315) is verstuurd aan de gemeente.",
	"afsluiten":             "Het traject is afgesloten.",
	"opmerking":             "Uw bericht staat in het overleg.",
	"wijziging":             "Het besluit over het verzoek om wijziging is vastgelegd en naar de aanbieder verstuurd.",
}

type ipvaFormData struct {
	ID       int64
	Version  int
	Doc      ipva.IPVA
	Hints    map[int][]ipva.Hint
	Gaps     []ipva.Gap
	Good     []string
	Partijen []ipva.Partij
	Conflict bool
	Rows     []int
	Route    string
	ReadOnly bool
}

func (s *Server) ipvaForm(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	v, ok := s.loadTraject(w, r, p)
	if !ok {
		return
	}
	id := v.ID
	var doc ipva.IPVA
	if err := json.Unmarshal(v.IPVA, &doc); err != nil || len(doc.IVA) == 0 {
		fresh := ipva.New(nil)
		fresh.Aanleiding, fresh.Resultaten = doc.Aanleiding, doc.Resultaten
		doc = fresh
	}
	// Editable only by the IPVA's author while the route is at that step;
	// everyone else, and everyone once it is finished, reads it. What is
	// still missing comes from the service, which counts the recorded
	// signatures, consents and the youth's birth date.
	editable := v.Step == traject.StepIPVA && v.HasNext && v.Next.OwnerOrgID == p.OrgID && p.Has(v.Next.Role)
	s.renderIPVAPage(w, r, http.StatusOK, id, v.IPVAVersion, doc, false, r.URL.Query().Get("opgeslagen") == "1", ipva.Route(v.Route), v.Gaps, !editable)
}

func (s *Server) renderIPVA(w http.ResponseWriter, r *http.Request, status int, id int64, version int, doc ipva.IPVA, conflict, saved bool, route ipva.Route) {
	s.renderIPVAPage(w, r, status, id, version, doc, conflict, saved, route, doc.Missing(route), false)
}

func (s *Server) renderIPVAPage(w http.ResponseWriter, r *http.Request, status int, id int64, version int, doc ipva.IPVA, conflict, saved bool, route ipva.Route, gaps []ipva.Gap, readOnly bool) {
	d := ipvaFormData{ID: id, Version: version, Doc: doc, Hints: map[int][]ipva.Hint{}, Good: ipva.GoodExamples(), Partijen: ipvaPartijen, Conflict: conflict, Route: string(route)}
	for len(d.Doc.Resultaten) < 3 {
		d.Doc.Resultaten = append(d.Doc.Resultaten, ipva.Resultaat{})
	}
	for i, res := range d.Doc.Resultaten {
		d.Rows = append(d.Rows, i)
		if strings.TrimSpace(res.GewensteSituatie) != "" {
			d.Hints[i] = ipva.CheckResult(res)
		}
	}
	d.Gaps, d.ReadOnly = gaps, readOnly
	pg := page{Title: "IPVA", Data: d}
	if saved {
		pg.Flash = "Het IPVA is opgeslagen."
	}
	s.render(w, r, status, "ipva", pg)
}

// ipvaFromForm reads the IPVA editor's fields.
func ipvaFromForm(r *http.Request) ipva.IPVA {
	f := r.PostForm
	doc := ipva.New(nil)
	doc.Aanleiding = f.Get("aanleiding")
	gebruik := func(k string) ipva.Gebruik {
		return ipva.Gebruik{Antwoord: ipva.JaNee(f.Get("voorz_" + k)), Toelichting: f.Get("voorz_" + k + "_toelichting")}
	}
	doc.Voorzieningen = ipva.Voorzieningen{Jeugdhulp: gebruik("jeugdhulp"), Wmo: gebruik("wmo"), Participatie: gebruik("participatie")}
	for i := range doc.IVA {
		k := "iva_" + doc.IVA[i].Leefgebied.Key + "_"
		doc.IVA[i].Problemen, doc.IVA[i].Zorgen, doc.IVA[i].Veranderwens = f.Get(k+"problemen"), f.Get(k+"zorgen"), f.Get(k+"veranderwens")
		doc.IVA[i].GaatGoed, doc.IVA[i].EigenKracht = f.Get(k+"gaat_goed"), f.Get(k+"eigen_kracht")
	}
	doc.InschattingZorgbehoefte = f.Get("inschatting")
	doc.GeenEerdereHulp = f.Get("geen_eerdere_hulp") == "ja"
	doc.EerdereHulp, doc.WatWerkte = f.Get("eerdere_hulp"), f.Get("wat_werkte")
	for i := 0; i < 10; i++ {
		p := fmt.Sprintf("res%d_", i)
		if _, ok := f[p+"situatie"]; !ok {
			break
		}
		res := ipva.Resultaat{Leefgebied: f.Get(p + "leefgebied"), GewensteSituatie: f.Get(p + "situatie")}
		res.Streefdatum, _ = parseDate(f.Get(p + "streefdatum"))
		if wat := strings.TrimSpace(f.Get(p + "wat")); wat != "" {
			res.Afspraken = []ipva.Afspraak{{Wie: ipva.Partij(f.Get(p + "wie")), Wat: wat, Wanneer: f.Get(p + "wanneer")}}
		}
		if strings.TrimSpace(res.GewensteSituatie) == "" && res.Streefdatum.IsZero() && len(res.Afspraken) == 0 {
			continue
		}
		doc.Resultaten = append(doc.Resultaten, res)
	}
	doc.EersteStap, doc.Regisseur, doc.VolgenEnEvalueren = f.Get("eerste_stap"), f.Get("regisseur"), f.Get("volgen")
	doc.Besluit, doc.Motivering = ipva.Besluit(f.Get("besluit")), f.Get("motivering")
	doc.Segment1, doc.MotiveringSegment1 = f.Get("segment1") == "ja", f.Get("motivering_segment1")
	return doc
}

func (s *Server) ipvaSave(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("versie"))
	doc := ipvaFromForm(r)
	raw, _ := json.Marshal(doc)
	next, err := s.Traject.SaveIPVA(r.Context(), p, id, version, raw)
	switch {
	case errors.Is(err, traject.ErrConflict):
		// Keep every word the user typed on the page, and say so.
		s.renderIPVA(w, r, http.StatusConflict, id, version, doc, true, false, ipva.Route(r.PostForm.Get("route")))
	case errors.Is(err, traject.ErrNotFound):
		s.renderError(w, r, http.StatusNotFound)
	case traject.IsRefusal(err):
		s.trajectPage(w, r, http.StatusUnprocessableEntity, "", err.Error())
	case err != nil:
		s.serverError(w, r, err)
	default:
		_ = next
		http.Redirect(w, r, fmt.Sprintf("/trajecten/%d/ipva?opgeslagen=1", id), http.StatusSeeOther)
	}
}

func (s *Server) trajectDocument(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var body []byte
	var err error
	ctype, name := "application/pdf", ""
	switch r.PathValue("kind") {
	case "beschikking.pdf":
		body, err = s.Traject.Beschikking(r.Context(), p, id)
		name = document.FileName(document.KindBeschikking, s.Now(), id)
	case "bepaling-jeugdhulp.pdf":
		body, err = s.Traject.Document(r.Context(), p, id, document.KindBepaling)
		name = document.FileName(document.KindBepaling, s.Now(), id)
	case "jw301.xml", "jw315.xml", "jw319.xml":
		typ := strings.ToUpper(strings.TrimSuffix(r.PathValue("kind"), ".xml"))
		body, err = s.Traject.Message(r.Context(), p, id, ijw.MessageType(typ))
		ctype, name = "application/xml", fmt.Sprintf("%s-%06d.xml", strings.ToLower(typ), id)
	case "ipva.pdf", "dat-brief.pdf":
		body, name, err = s.renderTrajectDoc(r, p, id, r.PathValue("kind"))
	default:
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if errors.Is(err, traject.ErrNotFound) || errors.Is(err, traject.ErrNoDocument) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(body)
}

// renderTrajectDoc makes the IPVA or the DAT-brief of a trajectory, for a
// reader who sees every part the document holds. The author is the
// trajectory's referrer organisation (on the medical route the provider who
// writes the plan) and the worker who signed as opsteller, never whoever
// downloads the letter.
func (s *Server) renderTrajectDoc(r *http.Request, p access.Principal, id int64, kind string) ([]byte, string, error) {
	dk := document.KindIPVA
	if kind == "dat-brief.pdf" {
		dk = document.KindDATBrief
	}
	if err := s.Traject.MayRead(r.Context(), p, id, "traject.document."+dk, DefaultPurpose(p), traject.DocumentParts(dk)...); err != nil {
		return nil, "", err
	}
	v, err := s.Traject.Get(r.Context(), p, id, DefaultPurpose(p))
	if err != nil {
		return nil, "", err
	}
	var doc ipva.IPVA
	json.Unmarshal(v.IPVA, &doc)
	muni, err := s.Orgs.Get(r.Context(), v.MunicipalityID)
	if err != nil {
		return nil, "", err
	}
	authorOrg := v.ReferrerOrgID
	if v.Route == traject.RouteMedisch && v.ProviderID != 0 {
		authorOrg = v.ProviderID
	}
	ref, err := s.Orgs.Get(r.Context(), authorOrg)
	if err != nil {
		return nil, "", err
	}
	author := ""
	for _, sg := range v.Signatures {
		if sg.Signer == string(ipva.SignerAuteur) {
			author = sg.Name
		}
	}
	now := s.Now() // letters print Europe/Amsterdam dates (document.Datum)
	afz := document.AfzenderVan(muni, ref)
	var buf bytes.Buffer
	if kind == "ipva.pdf" {
		d := document.IPVA{Afzender: afz, Datum: now, Jeugdige: document.Jeugdige{Naam: v.Client.Name(), Geboortedatum: v.Client.BirthDate, BSN: v.Client.BSN},
			Auteur: author, Organisatie: ref.Name}
		gebruik := func(g ipva.Gebruik) string {
			switch g.Antwoord {
			case ipva.Ja:
				return strings.TrimSpace("Ja. " + g.Toelichting)
			case ipva.Nee:
				return strings.TrimSpace("Nee. " + g.Toelichting)
			}
			return g.Toelichting
		}
		d.Secties = append(d.Secties, document.Sectie{Titel: "Aanleiding", Tekst: doc.Aanleiding},
			document.Sectie{Titel: "Voorzieningen", Velden: []document.Veld{
				{Label: "Jeugdhulp", Waarde: gebruik(doc.Voorzieningen.Jeugdhulp)}, {Label: "Wmo", Waarde: gebruik(doc.Voorzieningen.Wmo)},
				{Label: "Participatie", Waarde: gebruik(doc.Voorzieningen.Participatie)}}})
		for _, a := range doc.IVA {
			d.Secties = append(d.Secties, document.Sectie{Titel: "Leefgebied " + a.Leefgebied.Naam, Velden: []document.Veld{
				{Label: "Problemen", Waarde: a.Problemen}, {Label: "Zorgen", Waarde: a.Zorgen}, {Label: "Wat willen ze veranderen", Waarde: a.Veranderwens},
				{Label: "Wat gaat goed", Waarde: a.GaatGoed}, {Label: "Eigen kracht", Waarde: a.EigenKracht}}})
		}
		eerder := document.Sectie{Titel: "Eerder ingezette hulp", Velden: []document.Veld{{Label: "Eerdere hulp", Waarde: doc.EerdereHulp}, {Label: "Wat werkte", Waarde: doc.WatWerkte}}}
		if doc.GeenEerdereHulp {
			// Nothing to ask about help that was never given.
			eerder = document.Sectie{Titel: eerder.Titel, Tekst: "Er is niet eerder hulp of diagnostiek ingezet."}
		}
		besluit := document.Sectie{Titel: "Besluit en motivering", Velden: []document.Veld{{Label: "Besluit", Waarde: map[ipva.Besluit]string{ipva.Toekenning: "Toekenning", ipva.Afwijzing: "Afwijzing"}[doc.Besluit]},
			{Label: "Motivering", Waarde: doc.Motivering}}}
		if doc.Segment1 {
			besluit.Velden = append(besluit.Velden, document.Veld{Label: "Segment 1", Waarde: "Verwijzing naar hoog-specialistische jeugdhulp (segment 1)"},
				document.Veld{Label: "Motivering segment 1", Waarde: doc.MotiveringSegment1})
		}
		d.Secties = append(d.Secties, document.Sectie{Titel: "Inschatting zorgbehoefte", Tekst: doc.InschattingZorgbehoefte}, eerder,
			document.Sectie{Titel: "Regie en evaluatie", Velden: []document.Veld{{Label: "Eerste stap", Waarde: doc.EersteStap}, {Label: "Regisseur", Waarde: doc.Regisseur}, {Label: "Volgen en evalueren", Waarde: doc.VolgenEnEvalueren}}},
			besluit)
		for _, res := range doc.Resultaten {
			var wie []string
			for _, a := range res.Afspraken {
				wie = append(wie, a.Wie.Label()+": "+a.Wat+" ("+a.Wanneer+")")
			}
			d.Resultaten = append(d.Resultaten, document.Resultaat{Leefgebied: res.Leefgebied, GewensteSituatie: res.GewensteSituatie,
				WieDoetWat: strings.Join(wie, "; "), Streefdatum: res.Streefdatum})
		}
		signed := map[ipva.Signer]bool{}
		for _, sg := range v.Signatures {
			rol := map[ipva.Signer]string{ipva.SignerJeugdige: "Jeugdige", ipva.SignerGezaghebbende: "Ouder/gezaghebbende"}[ipva.Signer(sg.Signer)]
			d.Ondertekend = append(d.Ondertekend, document.Handtekening{Rol: rol, Naam: sg.Name, Datum: sg.SignedOn, Opsteller: sg.Signer == string(ipva.SignerAuteur)})
			signed[ipva.Signer(sg.Signer)] = true
		}
		for _, sg := range ipva.RequiredSigners(v.Client.BirthDate, now) {
			if sg != ipva.SignerAuteur && !signed[sg] {
				d.Ondertekenaars = append(d.Ondertekenaars, sg.Label())
			}
		}
		if len(v.Consents) > 0 {
			d.Toestemming = "Toestemming vastgelegd (" + v.Consents[0].Form + ", " + v.Consents[0].GivenBy + ")."
		}
		err = document.RenderIPVA(&buf, d)
		return buf.Bytes(), document.FileName(document.KindIPVA, now, id), err
	}
	// The letter goes to the parent or custodian, from 16 to the youth
	// (document.DATBrief.Aan).
	to := v.Client.Name()
	if len(v.Relations) > 0 && client.AgeOn(v.Client.BirthDate, now) < 16 {
		to = v.Relations[0].Name
	}
	provider := "nog te kiezen aanbieder"
	if v.ProviderID != 0 {
		if o, err := s.Orgs.Get(r.Context(), v.ProviderID); err == nil {
			provider = o.Name
		}
	}
	arr := "nog te kiezen"
	if v.Arrangement > 0 {
		if a, err := arrangement.Get(v.Arrangement); err == nil {
			arr = fmt.Sprintf("Arrangement %d: %s", a.Nummer, a.Naam)
		}
	}
	vrij, err := organisation.Beschikkingsvrij(r.Context(), s.Orgs.DB, v.MunicipalityID, string(v.Route))
	if err != nil {
		return nil, "", err
	}
	err = document.RenderDATBrief(&buf, document.DATBrief{Afzender: afz, Datum: now,
		Aan:          document.Adres{Naam: to, Adres: v.Client.Street + " " + v.Client.HouseNumber, Postcode: v.Client.Postcode, Plaats: v.Client.City},
		JeugdigeNaam: v.Client.Name(), Aanbieder: provider, Arrangement: arr, Route: string(v.Route), Gemeente: muni.Name, Beschikkingsvrij: vrij,
		Contactpersoon: author, Organisatie: ref.Name})
	return buf.Bytes(), document.FileName(document.KindDATBrief, now, id), err
}

// settleMoneyQuestion records the purchasing team's outcome of a money
// question; the team's home page lists the open ones.
func (s *Server) settleMoneyQuestion(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	err := s.Traject.SettleMoneyQuestion(r.Context(), p, id, traject.MoneyOutcome{Uitkomst: r.PostForm.Get("uitkomst"), Toelichting: r.PostForm.Get("toelichting")})
	switch {
	case traject.IsRefusal(err):
		s.renderMessage(w, r, http.StatusUnprocessableEntity, "Geldkwestie niet afgehandeld", err.Error())
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, "/?geldkwestie=afgehandeld", http.StatusSeeOther)
	}
}
