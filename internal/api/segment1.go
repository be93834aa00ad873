package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/segment1"
)

// Segment-1 coordination (seed 003): the intake desk, the coordination
// level with its three deciders, regie, closing with the FOA, and the
// consultations of the expert teams. Each change takes the same input type
// as the web form and answers 204; the reads answer what the caller's roles
// may see.
func segment1Routes() []Route {
	base := "/api/v1/trajecten/{id}/segment1"
	return []Route{
		{"GET", base, (*API).getSegment1, nil, segment1JSON{}},
		{"POST", base + "/telefonisch-overleg", s1step((*segment1.Service).TelefonischOverleg), segment1.TelefonischOverlegInput{}, nil},
		{"POST", base + "/aanmelding", s1step((*segment1.Service).Aanmelden), segment1.AanmeldingInput{}, nil},
		{"POST", base + "/beoordeling", s1step((*segment1.Service).Beoordelen), segment1.BeoordelingInput{}, nil},
		{"POST", base + "/aanmeldgesprek", s1step((*segment1.Service).Aanmeldgesprek), segment1.AanmeldgesprekInput{}, nil},
		{"POST", base + "/advies", s1step((*segment1.Service).Adviseren), segment1.AdviesInput{}, nil},
		{"POST", base + "/regievoerder", s1step(func(s *segment1.Service, ctx context.Context, p access.Principal, id int64, _ noBody) error {
			return s.AanmeldenBijRegievoerder(ctx, p, id)
		}), nil, nil},
		{"POST", base + "/teruglegging", s1step((*segment1.Service).Terugleggen), segment1.TerugInput{}, nil},
		{"POST", base + "/coordinatieverzoek", s1step((*segment1.Service).CoordinatieVragen), segment1.CoordinatieVraagInput{}, nil},
		{"POST", base + "/voorstellen", s1step((*segment1.Service).Voorstellen), segment1.VoorstelInput{}, nil},
		{"POST", base + "/voorstellen/{voorstel}/instemmingen", s1sub("voorstel", (*segment1.Service).Instemmen), segment1.InstemmingInput{}, nil},
		{"POST", base + "/veiligheidstaxaties", s1step((*segment1.Service).Taxeren), segment1.TaxatieInput{}, nil},
		{"POST", base + "/behandelplannen", s1step((*segment1.Service).Behandelplan), segment1.PlanInput{}, nil},
		{"POST", base + "/evaluaties", s1step((*segment1.Service).Evalueren), segment1.EvaluatieInput{}, nil},
		{"POST", base + "/verblijven", s1step((*segment1.Service).VerblijfBegin), segment1.VerblijfInput{}, nil},
		{"POST", base + "/verblijven/{verblijf}/einde", s1sub("verblijf", (*segment1.Service).VerblijfEinde), segment1.VerblijfEindeInput{}, nil},
		{"POST", base + "/signalen", s1step((*segment1.Service).Signaleren), segment1.SignaalInput{}, nil},
		{"POST", base + "/signalen/{signaal}/reactie", s1sub("signaal", (*segment1.Service).Oppakken), segment1.ReactieInput{}, nil},
		{"POST", base + "/meldcode", s1step((*segment1.Service).Meldcode), segment1.MeldcodeInput{}, nil},
		{"POST", base + "/meldingen", s1step((*segment1.Service).Melding), segment1.MeldingInput{}, nil},
		{"POST", base + "/meldingen/{melding}/aanvulling", s1sub("melding", (*segment1.Service).Aanvullen), segment1.AanvullingInput{}, nil},
		{"POST", base + "/afronding", s1step((*segment1.Service).Afronden), segment1.AfrondingInput{}, nil},
		{"POST", base + "/einddatum", s1step((*segment1.Service).EindeAfstemmen), segment1.EindeInput{}, nil},
		{"POST", base + "/afsluiting", s1step((*segment1.Service).CoordinatieAfsluiten), segment1.SluitingInput{}, nil},
		{"POST", base + "/consultaties", s1step((*segment1.Service).ConsultatieVragen), segment1.ConsultatieInput{}, nil},
		{"GET", base + "/casusoverzicht", (*API).casusoverzicht, nil, nil},
		{"GET", "/api/v1/aanmeldingen", (*API).aanmeldingen, nil, []aanmeldingJSON{}},
		{"GET", "/api/v1/consultaties", (*API).consultaties, nil, []consultatieJSON{}},
		{"POST", "/api/v1/consultaties/{id}/advies", s1step((*segment1.Service).ConsultatieAdviseren), segment1.TeamAdviesInput{}, nil},
		{"GET", "/api/v1/expertteams", (*API).expertteams, nil, []teamJSON{}},
	}
}

// segment1 is the segment-1 service on the trajectory service's gate,
// clock and calendar.
func (a *API) segment1() *segment1.Service {
	return &segment1.Service{Gate: a.Traject.Gate, Now: a.Traject.Now, Cal: a.Traject.Cal}
}

// s1Err maps the segment-1 service's errors to problems.
func (a *API) s1Err(w http.ResponseWriter, r *http.Request, err error) {
	var fe segment1.FieldErrors
	switch {
	case errors.As(err, &fe):
		validation(w, r, fe)
	case segment1.IsRefusal(err):
		writeProblem(w, Problem{Type: TypeRefused, Status: http.StatusConflict, Title: "Geweigerd", Detail: err.Error(), Instance: r.URL.Path})
	case errors.Is(err, segment1.ErrNotFound):
		notFound(w, r)
	default:
		a.serverError(w, r, err)
	}
}

// s1step makes the handler of a segment-1 change on the path's {id}: the
// JSON body into T (none for noBody), one call, 204 or a problem.
func s1step[T any](fn func(s *segment1.Service, ctx context.Context, p access.Principal, id int64, in T) error) func(*API, http.ResponseWriter, *http.Request, account.User) {
	return func(a *API, w http.ResponseWriter, r *http.Request, u account.User) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		var in T
		if _, none := any(in).(noBody); !none && !decode(w, r, &in) {
			return
		}
		if err := fn(a.segment1(), r.Context(), a.principal(r, u), id, in); err != nil {
			a.s1Err(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// s1sub is s1step for a change of one item of the case, named by the
// path's {name}.
func s1sub[T any](name string, fn func(s *segment1.Service, ctx context.Context, p access.Principal, id, item int64, in T) error) func(*API, http.ResponseWriter, *http.Request, account.User) {
	return func(a *API, w http.ResponseWriter, r *http.Request, u account.User) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		item, err := strconv.ParseInt(r.PathValue(name), 10, 64)
		if err != nil || item <= 0 {
			notFound(w, r)
			return
		}
		var in T
		if !decode(w, r, &in) {
			return
		}
		if err := fn(a.segment1(), r.Context(), a.principal(r, u), id, item, in); err != nil {
			a.s1Err(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// dag writes a day as YYYY-MM-DD, its Amsterdam day for an instant; "" for
// the zero time.
func dag(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return kalender.Day(t).Format("2006-01-02")
}

// segment1JSON is the segment-1 coordination of a trajectory as the caller
// may see it; "mag" names the changes the caller may make now.
type segment1JSON struct {
	TrajectID       int64                 `json:"traject_id"`
	Bestaat         bool                  `json:"bestaat"`
	Fase            string                `json:"fase,omitempty"`
	Aanmeldpunt     string                `json:"aanmeldpunt,omitempty"`
	Coordinator     string                `json:"coordinator,omitempty"`
	Regievoerder    string                `json:"regievoerder,omitempty"`
	Niveau          string                `json:"niveau,omitempty"`
	Aanmelding      *aanmeldingDetailJSON `json:"aanmelding,omitempty"`
	Voorstellen     []voorstelJSON        `json:"voorstellen"`
	Veiligheid      *veiligheidJSON       `json:"veiligheid,omitempty"`
	Taxaties        []taxatieJSON         `json:"veiligheidstaxaties"`
	Behandelplannen []planJSON            `json:"behandelplannen"`
	Evaluaties      []evaluatieJSON       `json:"evaluaties"`
	Verblijven      []verblijfJSON        `json:"verblijven"`
	Signalen        []signaalJSON         `json:"signalen"`
	Meldingen       []meldingJSON         `json:"meldingen"`
	Afronding       *afrondingJSON        `json:"afronding,omitempty"`
	Consultaties    []consultatieJSON     `json:"consultaties"`
	OpenActies      []taakJSON            `json:"open_acties"`
	Mag             []string              `json:"mag"`
}

type aanmeldingDetailJSON struct {
	AangemeldOp             string        `json:"aangemeld_op,omitempty"`
	Aanmeldreden            string        `json:"aanmeldreden,omitempty"`
	Overgangsclient         bool          `json:"overgangsclient"`
	Urgentie                string        `json:"urgentie,omitempty"`
	StartUiterlijk          string        `json:"start_uiterlijk,omitempty"`
	AanmeldgesprekUiterlijk string        `json:"aanmeldgesprek_uiterlijk,omitempty"`
	AanmeldgesprekOp        string        `json:"aanmeldgesprek_op,omitempty"`
	Advies                  *adviesJSON   `json:"advies,omitempty"`
	Teruggelegd             string        `json:"teruggelegd,omitempty"`
	HulpGestart             string        `json:"hulp_gestart,omitempty"`
	Contacten               []contactJSON `json:"telefonisch_overleg"`
}

type adviesJSON struct {
	Segment1       bool   `json:"segment1"`
	RegievoerderID int64  `json:"regievoerder_id,omitempty"`
	Regievoerder   string `json:"regievoerder,omitempty"`
	Hulpvorm       string `json:"hulpvorm,omitempty"`
	AnderSegment   string `json:"ander_segment,omitempty"`
	Toelichting    string `json:"toelichting,omitempty"`
}

type contactJSON struct {
	Datum        string `json:"datum"`
	Met          string `json:"met"`
	Samenvatting string `json:"samenvatting"`
}

type voorstelJSON struct {
	ID             int64            `json:"id"`
	Soort          string           `json:"soort"`
	Van            string           `json:"van,omitempty"`
	Naar           string           `json:"naar"`
	Criteria       []string         `json:"criteria"`
	Veilig6Maanden bool             `json:"zes_maanden_veilig"`
	Toelichting    string           `json:"toelichting"`
	Status         string           `json:"status"`
	Instemmingen   []instemmingJSON `json:"instemmingen"`
	Ontbrekend     []string         `json:"ontbrekend"`
	MagInstemmen   bool             `json:"mag_instemmen"`
}

type instemmingJSON struct {
	Beslisser   string    `json:"beslisser"`
	Naam        string    `json:"naam"`
	Organisatie string    `json:"organisatie"`
	Akkoord     bool      `json:"akkoord"`
	Toelichting string    `json:"toelichting,omitempty"`
	Tijdstip    time.Time `json:"tijdstip"`
}

// veiligheidJSON is the run of safe assessments up to today and whether it
// spans six months.
type veiligheidJSON struct {
	VeiligVan        string `json:"veilig_van,omitempty"`
	VeiligTot        string `json:"veilig_tot,omitempty"`
	ZesMaandenVeilig bool   `json:"zes_maanden_veilig"`
}

type taxatieJSON struct {
	Datum       string `json:"datum"`
	Veilig      bool   `json:"veilig"`
	Toelichting string `json:"toelichting"`
	Organisatie string `json:"organisatie"`
}

type planJSON struct {
	Versie      int       `json:"versie"`
	Tekst       string    `json:"tekst"`
	EvaluatieOp string    `json:"evaluatie_op,omitempty"`
	Tijdstip    time.Time `json:"tijdstip"`
}

type verblijfJSON struct {
	ID       int64  `json:"id"`
	Soort    string `json:"soort"`
	MetOuder bool   `json:"met_ouder"`
	Begin    string `json:"begin"`
	Eind     string `json:"eind,omitempty"`
}

type evaluatieJSON struct {
	PlanVersie   int    `json:"plan_versie"`
	Soort        string `json:"soort"`
	Datum        string `json:"datum"`
	Tekst        string `json:"tekst"`
	MetJeugdige  bool   `json:"met_jeugdige"`
	MetVerwijzer bool   `json:"met_verwijzer"`
}

type signaalJSON struct {
	ID          int64     `json:"id"`
	Soort       string    `json:"soort"`
	Onderwerp   string    `json:"onderwerp"`
	Tekst       string    `json:"tekst"`
	Organisatie string    `json:"organisatie"`
	Tijdstip    time.Time `json:"tijdstip"`
	Opgepakt    bool      `json:"opgepakt"`
	Reactie     string    `json:"reactie,omitempty"`
}

type meldingJSON struct {
	ID          int64     `json:"id"`
	Soort       string    `json:"soort"`
	Tekst       string    `json:"tekst"`
	Organisatie string    `json:"organisatie"`
	Tijdstip    time.Time `json:"tijdstip"`
	Samen       bool      `json:"samen_vastgesteld"`
	Aanvulling  string    `json:"aanvulling,omitempty"`
}

type afrondingJSON struct {
	Uitstroom      string            `json:"uitstroom"`
	Einddatum      string            `json:"einddatum"`
	NaarSegment    string            `json:"naar_segment,omitempty"`
	Overdracht     string            `json:"overdracht,omitempty"`
	LopendeHulp    []lopendeHulpJSON `json:"lopende_hulp"`
	NaloopTot      string            `json:"naloop_tot"`
	EindeAfgestemd bool              `json:"einde_afgestemd"`
}

type lopendeHulpJSON struct {
	Omschrijving string `json:"omschrijving"`
	Tot          string `json:"tot"`
	InFOA        bool   `json:"in_foa"`
}

// consultatieJSON is a consultation; "jeugdige" is set on the team's list.
type consultatieJSON struct {
	ID           int64     `json:"id"`
	TrajectID    int64     `json:"traject_id"`
	TeamID       int64     `json:"team_id"`
	Team         string    `json:"team"`
	Soort        string    `json:"soort"`
	Jeugdige     string    `json:"jeugdige,omitempty"`
	Vraag        string    `json:"vraag"`
	GevraagdDoor string    `json:"gevraagd_door"`
	GevraagdOp   time.Time `json:"gevraagd_op"`
	Bespreekdag  string    `json:"bespreekdag"`
	Advies       string    `json:"advies,omitempty"`
	AdviesOp     string    `json:"advies_op,omitempty"`
	NietBindend  bool      `json:"niet_bindend"`
}

type taakJSON struct {
	Actie       string `json:"actie"`
	Organisatie string `json:"organisatie"`
	Uiterlijk   string `json:"uiterlijk"`
	TeLaat      bool   `json:"te_laat"`
}

// aanmeldingJSON is one registration on the intake desk's list.
type aanmeldingJSON struct {
	TrajectID               int64  `json:"traject_id"`
	Jeugdige                string `json:"jeugdige"`
	Fase                    string `json:"fase"`
	AangemeldOp             string `json:"aangemeld_op"`
	Urgentie                string `json:"urgentie,omitempty"`
	StartUiterlijk          string `json:"start_uiterlijk,omitempty"`
	AanmeldgesprekUiterlijk string `json:"aanmeldgesprek_uiterlijk,omitempty"`
	AanmeldgesprekOp        string `json:"aanmeldgesprek_op,omitempty"`
	Regievoerder            string `json:"regievoerder,omitempty"`
	TeLaat                  bool   `json:"te_laat"`
}

// teamJSON is an expert team a case can be brought to.
type teamJSON struct {
	ID             int64  `json:"id"`
	Naam           string `json:"naam"`
	Soort          string `json:"soort"`
	Bespreekmoment string `json:"bespreekmoment"`
}

func toConsultatieJSON(c segment1.Consultatie, jeugdige string) consultatieJSON {
	return consultatieJSON{ID: c.ID, TrajectID: c.TrajectoryID, TeamID: c.TeamOrgID, Team: c.Team, Soort: string(c.Soort), Jeugdige: jeugdige, Vraag: c.Vraag,
		GevraagdDoor: c.GevraagdOrg, GevraagdOp: c.GevraagdAt.UTC(), Bespreekdag: dag(c.Bespreekdag), Advies: c.Advies, AdviesOp: dag(c.AdviesAt), NietBindend: true}
}

// mag names what the caller may do, as the web form's actions are named.
func mag(m segment1.Mag) []string {
	out := []string{}
	for _, x := range []struct {
		ok   bool
		name string
	}{{m.TelefonischOverleg, "telefonisch-overleg"}, {m.Aanmelden, "aanmelding"}, {m.Beoordelen, "beoordeling"}, {m.Aanmeldgesprek, "aanmeldgesprek"},
		{m.Adviseren, "advies"}, {m.BijRegievoerder, "regievoerder"}, {m.Terugleggen, "teruglegging"}, {m.CoordinatieVragen, "coordinatieverzoek"},
		{m.Vaststellen, "vaststelling"}, {m.Opschalen, "opschaling"}, {m.Afschalen, "afschaling"}, {m.Taxeren, "veiligheidstaxatie"},
		{m.Behandelplan, "behandelplan"}, {m.Evalueren, "evaluatie"}, {m.Verblijf, "verblijf"}, {m.Signaleren, "signaal"}, {m.Meldcode, "meldcode"}, {m.Melding, "melding"},
		{m.Afronden, "afronding"}, {m.EindeAfstemmen, "einddatum"}, {m.Sluiten, "afsluiting"}, {m.ConsultatieVragen, "consultatie"}} {
		if x.ok {
			out = append(out, x.name)
		}
	}
	return out
}

func (a *API) getSegment1(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	p := a.principal(r, u)
	v, err := a.segment1().Get(r.Context(), p, id)
	if err != nil {
		a.s1Err(w, r, err)
		return
	}
	if !v.Ziet.Iets() {
		writeProblem(w, Problem{Status: http.StatusForbidden, Title: "Geen toegang", Detail: "Uw rol ziet geen coördinatie van segment 1.", Instance: r.URL.Path})
		return
	}
	out := segment1JSON{TrajectID: id, Bestaat: v.Bestaat, Fase: string(v.Fase), Aanmeldpunt: v.Desk, Coordinator: v.Coordinator, Regievoerder: v.Regievoerder,
		Niveau: string(v.Niveau), Voorstellen: []voorstelJSON{}, Taxaties: []taxatieJSON{}, Behandelplannen: []planJSON{}, Evaluaties: []evaluatieJSON{}, Verblijven: []verblijfJSON{},
		Signalen: []signaalJSON{}, Meldingen: []meldingJSON{}, Consultaties: []consultatieJSON{}, OpenActies: []taakJSON{}, Mag: mag(v.Mag)}
	if v.Ziet.Aanmelding && v.Bestaat {
		am := &aanmeldingDetailJSON{AangemeldOp: dag(v.AangemeldAt), Aanmeldreden: v.Aanmeldreden, Overgangsclient: v.Overgangsclient, Urgentie: string(v.Urgentie),
			StartUiterlijk: dag(v.StartUiterlijk), AanmeldgesprekUiterlijk: dag(v.AanmeldgesprekUiterlijk), AanmeldgesprekOp: dag(v.AanmeldgesprekOp),
			Teruggelegd: v.TeruggelegdToelichting, HulpGestart: dag(v.HulpGestart), Contacten: []contactJSON{}}
		if ad := v.Advies; ad != nil {
			am.Advies = &adviesJSON{Segment1: ad.Segment1, RegievoerderID: ad.RegievoerderID, Regievoerder: v.AdviesRegievoerder, Hulpvorm: ad.Hulpvorm,
				AnderSegment: ad.AnderSegment, Toelichting: ad.Toelichting}
		}
		for _, c := range v.Contacten {
			am.Contacten = append(am.Contacten, contactJSON{Datum: dag(c.Op), Met: c.Met, Samenvatting: c.Samenvatting})
		}
		out.Aanmelding = am
	}
	for _, x := range v.Voorstellen {
		vj := voorstelJSON{ID: x.ID, Soort: string(x.Soort), Van: string(x.Van), Naar: string(x.Naar), Criteria: append([]string{}, x.Criteria...),
			Veilig6Maanden: x.Veilig6, Toelichting: x.Toelichting, Status: x.Status, Instemmingen: []instemmingJSON{}, Ontbrekend: []string{}, MagInstemmen: x.MagInstemmen}
		for _, i := range x.Instemmingen {
			vj.Instemmingen = append(vj.Instemmingen, instemmingJSON{Beslisser: string(i.Beslisser), Naam: i.Naam, Organisatie: i.Organisatie, Akkoord: i.Akkoord,
				Toelichting: i.Toelichting, Tijdstip: i.At.UTC()})
		}
		if x.Open() {
			for _, b := range x.Ontbrekend {
				vj.Ontbrekend = append(vj.Ontbrekend, string(b))
			}
		}
		out.Voorstellen = append(out.Voorstellen, vj)
	}
	if v.Ziet.Coordinatie && v.Bestaat {
		out.Veiligheid = &veiligheidJSON{ZesMaandenVeilig: v.Veilig6}
		if v.VeiligeReeks {
			out.Veiligheid.VeiligVan, out.Veiligheid.VeiligTot = dag(v.VeiligVan), dag(v.VeiligTot)
		}
	}
	for _, t := range v.Taxaties {
		out.Taxaties = append(out.Taxaties, taxatieJSON{Datum: dag(t.Datum), Veilig: t.Veilig, Toelichting: t.Toelichting, Organisatie: t.Organisatie})
	}
	for _, pl := range v.Plannen {
		out.Behandelplannen = append(out.Behandelplannen, planJSON{Versie: pl.Versie, Tekst: pl.Tekst, EvaluatieOp: dag(pl.EvaluatieOp), Tijdstip: pl.At.UTC()})
	}
	for _, vb := range v.Verblijven {
		out.Verblijven = append(out.Verblijven, verblijfJSON{ID: vb.ID, Soort: string(vb.Soort), MetOuder: vb.MetOuder, Begin: dag(vb.Begin), Eind: dag(vb.Eind)})
	}
	for _, e := range v.Evaluaties {
		out.Evaluaties = append(out.Evaluaties, evaluatieJSON{PlanVersie: e.PlanVersie, Soort: e.Soort, Datum: dag(e.Datum), Tekst: e.Tekst, MetJeugdige: e.MetJeugdige, MetVerwijzer: e.MetVerwijzer})
	}
	for _, s := range v.Signalen {
		out.Signalen = append(out.Signalen, signaalJSON{ID: s.ID, Soort: s.Soort, Onderwerp: s.Onderwerp, Tekst: s.Tekst, Organisatie: s.Organisatie, Tijdstip: s.At.UTC(),
			Opgepakt: !s.OpgepaktAt.IsZero(), Reactie: s.Reactie})
	}
	for _, m := range v.Meldingen {
		out.Meldingen = append(out.Meldingen, meldingJSON{ID: m.ID, Soort: m.Soort, Tekst: m.Tekst, Organisatie: m.Organisatie, Tijdstip: m.At.UTC(), Samen: !m.AkkoordAt.IsZero(), Aanvulling: m.Aanvulling})
	}
	if v.Uitstroom != "" {
		af := &afrondingJSON{Uitstroom: v.Uitstroom, Einddatum: dag(v.Einddatum), NaarSegment: v.NaarSegment, Overdracht: v.Overdracht, LopendeHulp: []lopendeHulpJSON{},
			NaloopTot: dag(v.NaloopTot), EindeAfgestemd: !v.EindeAkkoordAt.IsZero()}
		for _, h := range v.LopendeHulp {
			af.LopendeHulp = append(af.LopendeHulp, lopendeHulpJSON{Omschrijving: h.Omschrijving, Tot: dag(h.Tot), InFOA: h.InFOA})
		}
		out.Afronding = af
	}
	for _, c := range v.Consultaties {
		out.Consultaties = append(out.Consultaties, toConsultatieJSON(c.Consultatie, ""))
	}
	now := a.segment1().Now()
	for _, t := range v.Open {
		out.OpenActies = append(out.OpenActies, taakJSON{Actie: t.Label, Organisatie: t.Organisatie, Uiterlijk: dag(t.Uiterlijk), TeLaat: now.After(t.Uiterlijk)})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) aanmeldingen(w http.ResponseWriter, r *http.Request, u account.User) {
	p := a.principal(r, u)
	if !p.Has(access.Aanmeldpunt) {
		writeProblem(w, Problem{Status: http.StatusForbidden, Title: "Geen toegang", Detail: "Alleen een aanmeldpunt van segment 1 heeft aanmeldingen.", Instance: r.URL.Path})
		return
	}
	items, err := a.segment1().Aanmeldingen(r.Context(), p)
	if err != nil {
		a.s1Err(w, r, err)
		return
	}
	out := []aanmeldingJSON{}
	for _, it := range items {
		out = append(out, aanmeldingJSON{TrajectID: it.TrajectoryID, Jeugdige: it.ClientName, Fase: string(it.Fase), AangemeldOp: dag(it.AangemeldAt),
			Urgentie: string(it.Urgentie), StartUiterlijk: dag(it.StartUiterlijk), AanmeldgesprekUiterlijk: dag(it.GesprekUiterlijk),
			AanmeldgesprekOp: dag(it.GesprekOp), Regievoerder: it.Regievoerder, TeLaat: it.TeLaat})
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) consultaties(w http.ResponseWriter, r *http.Request, u account.User) {
	p := a.principal(r, u)
	if !p.Has(access.Expertteam) {
		writeProblem(w, Problem{Status: http.StatusForbidden, Title: "Geen toegang", Detail: "Alleen een expertteam heeft een lijst van consultaties.", Instance: r.URL.Path})
		return
	}
	items, err := a.segment1().TeamConsultaties(r.Context(), p)
	if err != nil {
		a.s1Err(w, r, err)
		return
	}
	out := []consultatieJSON{}
	for _, it := range items {
		out = append(out, toConsultatieJSON(it.Consultatie, it.ClientName))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) expertteams(w http.ResponseWriter, r *http.Request, u account.User) {
	ts, err := segment1.Teams(r.Context(), a.Traject.Gate.DB, a.principal(r, u).RegionID)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := []teamJSON{}
	for _, t := range ts {
		out = append(out, teamJSON{ID: t.OrgID, Naam: t.Naam, Soort: string(t.Soort), Bespreekmoment: t.Soort.Moment()})
	}
	writeJSON(w, http.StatusOK, out)
}

// casusoverzicht serves the case summary for a consultation (PDF).
func (a *API) casusoverzicht(w http.ResponseWriter, r *http.Request, u account.User) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	pdf, err := a.segment1().Casusoverzicht(r.Context(), a.principal(r, u), a.Traject, id)
	if err != nil {
		a.s1Err(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="casusoverzicht-`+strconv.FormatInt(id, 10)+`.pdf"`)
	w.Write(pdf)
}
