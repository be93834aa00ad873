package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Billing (issue 14): the overview and lines of a provider or a
// municipality's back office, a provider's units and monthly JW323, and
// the administrator's tariffs. Amounts are eurocent.
func declaratieRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/declaraties", (*API).declaraties, nil, []overzichtJSON{}},
		{"POST", "/api/v1/declaraties", (*API).declareer, declareerJSON{}, declaratieJSON{}},
		{"GET", "/api/v1/declaraties/regels", (*API).declaratieRegels, nil, []declaratieRegelJSON{}},
		{"POST", "/api/v1/declaraties/eenheden", (*API).eenheden, eenhedenJSON{}, nil},
		{"GET", "/api/v1/tarieven", (*API).tarieven, nil, []tariefJSON{}},
		{"POST", "/api/v1/tarieven", (*API).zetTarief, tariefInJSON{}, tariefJSON{}},
	}
}

type overzichtJSON struct {
	Maand           string `json:"maand"`
	Aanbieder       string `json:"aanbieder"`
	AGB             string `json:"agb_code"`
	Gemeente        string `json:"gemeente"`
	CBS             string `json:"cbs_code"`
	Gedeclareerd    int64  `json:"gedeclareerd_eurocent"`
	Goedgekeurd     int64  `json:"goedgekeurd_eurocent"`
	Afgewezen       int64  `json:"afgewezen_eurocent"`
	Open            int64  `json:"open_eurocent"`
	Regels          int    `json:"regels"`
	RegelsAfgewezen int    `json:"regels_afgewezen"`
}

type declaratieRegelJSON struct {
	Maand            string `json:"maand"`
	Declaratie       string `json:"declaratienummer"`
	Referentie       string `json:"referentienummer"`
	VorigeReferentie string `json:"vorig_referentienummer,omitempty"`
	AGB              string `json:"agb_code"`
	CBS              string `json:"cbs_code"`
	Bsn              string `json:"bsn,omitempty"`
	ToewijzingNummer int64  `json:"toewijzingnummer"`
	Categorie        string `json:"productcategorie"`
	Code             string `json:"productcode"`
	Begindatum       string `json:"begindatum"`
	Einddatum        string `json:"einddatum"`
	Volume           int64  `json:"volume"`
	Eenheid          string `json:"eenheid"`
	Tarief           *int64 `json:"tarief_eurocent,omitempty"`
	Bedrag           int64  `json:"bedrag_eurocent"`
	DebetCredit      string `json:"debet_credit"`
	Status           string `json:"status"`
	Retourcode       string `json:"retourcode,omitempty"`
	Reden            string `json:"reden,omitempty"`
}

type declareerJSON struct {
	Gemeente string `json:"gemeente"`
	Maand    string `json:"maand"`
}

type declaratieJSON struct {
	Nummer       string   `json:"declaratienummer"`
	Regels       int      `json:"regels"`
	Totaal       int64    `json:"totaal_eurocent"`
	Overgeslagen []string `json:"overgeslagen"`
}

type eenhedenJSON struct {
	ToewijzingNummer int64  `json:"toewijzingnummer"`
	Maand            string `json:"maand"`
	Eenheden         int64  `json:"eenheden"`
}

type tariefJSON struct {
	ID           int64  `json:"id"`
	AanbiederID  int64  `json:"aanbieder_id"`
	Aanbieder    string `json:"aanbieder"`
	AGB          string `json:"agb_code"`
	Categorie    string `json:"productcategorie"`
	Code         string `json:"productcode"`
	Ingangsdatum string `json:"ingangsdatum"`
	Einddatum    string `json:"einddatum,omitempty"`
	Bedrag       int64  `json:"bedrag_eurocent"`
	Eenheid      string `json:"eenheid"`
}

type tariefInJSON struct {
	AanbiederID  int64  `json:"aanbieder_id"`
	Categorie    string `json:"productcategorie"`
	Code         string `json:"productcode"`
	Ingangsdatum string `json:"ingangsdatum"`
	Einddatum    string `json:"einddatum,omitempty"`
	Bedrag       int64  `json:"bedrag_eurocent"`
	Eenheid      string `json:"eenheid"`
}

// maand reads a month as jjjj-mm; "" is no month.
func maand(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("2006-01", s)
	return t, err == nil
}

// billing returns the principal and organisation of a provider's
// jeugdhulpaanbieder or a municipality's back office; otherwise it answers
// 404 and returns false.
func (a *API) billing(w http.ResponseWriter, r *http.Request, u account.User) (access.Principal, organisation.Organisation, bool) {
	p := a.principal(r, u)
	ok := (p.Has(access.Jeugdhulpaanbieder) && p.OrgKind == string(organisation.Aanbieder)) || (p.Has(access.Backoffice) && p.OrgKind == string(organisation.Gemeente))
	if !ok {
		notFound(w, r)
		return p, organisation.Organisation{}, false
	}
	o, err := a.Orgs.Get(r.Context(), p.OrgID)
	if err != nil {
		a.serverError(w, r, err)
		return p, o, false
	}
	return p, o, true
}

func (a *API) queryMaand(w http.ResponseWriter, r *http.Request) (time.Time, bool) {
	m, ok := maand(r.URL.Query().Get("maand"))
	if !ok {
		validation(w, r, map[string]string{"maand": "Geef de maand als jjjj-mm, bijvoorbeeld 2026-03."})
	}
	return m, ok
}

func (a *API) declaraties(w http.ResponseWriter, r *http.Request, u account.User) {
	_, o, ok := a.billing(w, r, u)
	if !ok {
		return
	}
	m, ok := a.queryMaand(w, r)
	if !ok {
		return
	}
	rows, err := declaratie.Overzicht(r.Context(), a.Traject.Gate.DB, o, m)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]overzichtJSON, 0, len(rows))
	for _, x := range rows {
		out = append(out, overzichtJSON{Maand: x.Maand.Format("2006-01"), Aanbieder: x.Aanbieder, AGB: x.AGB, Gemeente: x.Gemeente, CBS: x.CBS,
			Gedeclareerd: x.Gedeclareerd, Goedgekeurd: x.Goedgekeurd, Afgewezen: x.Afgewezen, Open: x.Open, Regels: x.Regels, RegelsAfgewezen: x.RegelsAfgewezen})
	}
	writeJSON(w, http.StatusOK, out)
}

// declaratieRegels lists the lines, through the access gate (purpose
// declaratie); ?afgewezen=ja keeps the rejected ones.
func (a *API) declaratieRegels(w http.ResponseWriter, r *http.Request, u account.User) {
	p, o, ok := a.billing(w, r, u)
	if !ok {
		return
	}
	m, ok := a.queryMaand(w, r)
	if !ok {
		return
	}
	rows, err := declaratie.Regels(r.Context(), a.Traject.Gate, p, o, m, r.URL.Query().Get("afgewezen") == "ja")
	if errors.Is(err, access.ErrRefused) {
		notFound(w, r)
		return
	}
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]declaratieRegelJSON, 0, len(rows))
	for _, x := range rows {
		out = append(out, declaratieRegelJSON{Maand: x.Maand.Format("2006-01"), Declaratie: x.Declaratie, Referentie: x.Referentie, VorigeReferentie: x.VorigeReferentie,
			AGB: x.AGB, CBS: x.CBS, Bsn: x.Bsn, ToewijzingNummer: x.ToewijzingNummer, Categorie: x.Categorie, Code: x.Code,
			Begindatum: x.Begindatum.Format(time.DateOnly), Einddatum: x.Einddatum.Format(time.DateOnly), Volume: x.Volume, Eenheid: x.Eenheid,
			Tarief: x.Tarief, Bedrag: x.Bedrag, DebetCredit: x.DebetCredit, Status: x.Status, Retourcode: x.Retourcode, Reden: x.Reden})
	}
	writeJSON(w, http.StatusOK, out)
}

// declareer builds the provider's JW323 of a month for a municipality and
// puts it in the outbox.
func (a *API) declareer(w http.ResponseWriter, r *http.Request, u account.User) {
	_, o, ok := a.billing(w, r, u)
	if !ok {
		return
	}
	if o.Kind != organisation.Aanbieder {
		notFound(w, r)
		return
	}
	var in declareerJSON
	if !decode(w, r, &in) {
		return
	}
	m, ok := maand(in.Maand)
	errs := map[string]string{}
	if !ok || m.IsZero() {
		errs["maand"] = "Geef de maand als jjjj-mm, bijvoorbeeld 2026-03."
	}
	if len(strings.TrimSpace(in.Gemeente)) != 4 {
		errs["gemeente"] = "Geef de CBS-code van de gemeente: vier cijfers, bijvoorbeeld 0855."
	}
	if len(errs) > 0 {
		validation(w, r, errs)
		return
	}
	var out declaratieJSON
	err := a.Traject.Gate.DB.Do(r.Context(), func(tx *database.Tx) error {
		c, err := declaratie.Default.Build(r.Context(), tx, o.AGBCode, in.Gemeente, m)
		if err != nil {
			return err
		}
		if _, _, err := declaratie.Default.Indienen(r.Context(), tx, c, berichten.Bericht{}); err != nil {
			return err
		}
		out = declaratieJSON{Nummer: c.Bericht.Declaratie.DeclaratieNummer, Regels: len(c.Regels), Totaal: c.Totaal(), Overgeslagen: c.Overgeslagen}
		if out.Overgeslagen == nil {
			out.Overgeslagen = []string{}
		}
		return nil
	})
	if errors.Is(err, declaratie.ErrNiets) {
		writeProblem(w, Problem{Status: http.StatusConflict, Title: "Niets te declareren", Detail: "Er is voor deze gemeente en maand niets te declareren.", Instance: r.URL.Path})
		return
	}
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// eenheden records the units a provider delivered on a toegewezen product
// in a month.
func (a *API) eenheden(w http.ResponseWriter, r *http.Request, u account.User) {
	p, o, ok := a.billing(w, r, u)
	if !ok {
		return
	}
	if o.Kind != organisation.Aanbieder {
		notFound(w, r)
		return
	}
	var in eenhedenJSON
	if !decode(w, r, &in) {
		return
	}
	m, ok := maand(in.Maand)
	if !ok || m.IsZero() {
		validation(w, r, map[string]string{"maand": "Geef de maand als jjjj-mm, bijvoorbeeld 2026-03."})
		return
	}
	err := a.Traject.Gate.DB.Do(r.Context(), func(tx *database.Tx) error {
		return declaratie.LegEenhedenVast(r.Context(), tx, p.OrgID, in.ToewijzingNummer, m, in.Eenheden, a.Traject.Now())
	})
	var fe declaratie.FieldErrors
	switch {
	case errors.Is(err, declaratie.ErrNietVanAanbieder):
		validation(w, r, map[string]string{"toewijzingnummer": "Deze toewijzing is niet aan uw organisatie toegewezen."})
	case errors.As(err, &fe):
		validation(w, r, fe)
	case err != nil:
		a.serverError(w, r, err)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func toTariefJSON(t declaratie.Tarief) tariefJSON {
	out := tariefJSON{ID: t.ID, AanbiederID: t.AanbiederID, Aanbieder: t.Aanbieder, AGB: t.AGB, Categorie: t.Categorie, Code: t.Code,
		Ingangsdatum: t.Ingangsdatum.Format(time.DateOnly), Bedrag: t.Bedrag, Eenheid: t.Eenheid}
	if !t.Einddatum.IsZero() {
		out.Einddatum = t.Einddatum.Format(time.DateOnly)
	}
	return out
}

func (a *API) tarieven(w http.ResponseWriter, r *http.Request, u account.User) {
	if !a.principal(r, u).IsAdmin() {
		notFound(w, r)
		return
	}
	ts, err := declaratie.Tarieven(r.Context(), a.Traject.Gate.DB)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]tariefJSON, 0, len(ts))
	for _, t := range ts {
		out = append(out, toTariefJSON(t))
	}
	writeJSON(w, http.StatusOK, out)
}

// zetTarief stores a tariff (a change when provider, product and
// ingangsdatum are those of an existing one).
func (a *API) zetTarief(w http.ResponseWriter, r *http.Request, u account.User) {
	if !a.principal(r, u).IsAdmin() {
		notFound(w, r)
		return
	}
	var in tariefInJSON
	if !decode(w, r, &in) {
		return
	}
	t := declaratie.Tarief{AanbiederID: in.AanbiederID, Categorie: in.Categorie, Code: in.Code, Bedrag: in.Bedrag, Eenheid: in.Eenheid}
	errs := map[string]string{}
	var ok bool
	if t.Ingangsdatum, ok = date(in.Ingangsdatum); !ok || t.Ingangsdatum.IsZero() {
		errs["ingangsdatum"] = "Geef de ingangsdatum als jjjj-mm-dd."
	}
	if t.Einddatum, ok = date(in.Einddatum); !ok {
		errs["einddatum"] = "Geef de einddatum als jjjj-mm-dd, of laat haar weg."
	}
	if len(errs) > 0 {
		validation(w, r, errs)
		return
	}
	var id int64
	err := a.Traject.Gate.DB.Do(r.Context(), func(tx *database.Tx) error {
		var err error
		id, err = declaratie.ZetTarief(r.Context(), tx, t, a.Traject.Now())
		return err
	})
	var fe declaratie.FieldErrors
	switch {
	case errors.As(err, &fe):
		validation(w, r, fe)
		return
	case err != nil:
		a.serverError(w, r, err)
		return
	}
	ts, err := declaratie.Tarieven(r.Context(), a.Traject.Gate.DB)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	for _, x := range ts {
		if x.ID == id {
			writeJSON(w, http.StatusCreated, toTariefJSON(x))
			return
		}
	}
	a.serverError(w, r, errors.New("stored tariff not found"))
}
