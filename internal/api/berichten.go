package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

// berichtRoutes are the inbox and outbox of the caller's organisation
// (issue 14).
func berichtRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/berichten", (*API).listBerichten, nil, []uitwisselJSON{}},
		{"GET", "/api/v1/berichten/{id}", (*API).getBericht, nil, uitwisselDetailJSON{}},
	}
}

// uitwisselJSON is one iJw message as the caller's organisation sees it;
// times are RFC 3339 in UTC, absent when they did not happen (yet).
type uitwisselJSON struct {
	ID            int64      `json:"id"`
	Richting      string     `json:"richting"` // "uit" (the caller's outbox) or "in"
	Soort         string     `json:"soort"`    // JW301 … JW325
	Status        string     `json:"status"`
	Afzender      string     `json:"afzender"` // AGB or CBS code
	Ontvanger     string     `json:"ontvanger"`
	Identificatie string     `json:"identificatie"`
	Gemaakt       time.Time  `json:"gemaakt"`
	Verzonden     *time.Time `json:"verzonden,omitempty"`
	Ontvangen     *time.Time `json:"ontvangen,omitempty"`
	Verwerkt      *time.Time `json:"verwerkt,omitempty"`
	Uiterlijk     *time.Time `json:"antwoord_uiterlijk,omitempty"`
	TeLaat        bool       `json:"te_laat"`
	AntwoordID    int64      `json:"antwoord_id,omitempty"`
	Retourcodes   string     `json:"retourcodes,omitempty"`
}

type gebeurtenisJSON struct {
	Tijdstip time.Time `json:"tijdstip"`
	Wat      string    `json:"wat"`
}

// uitwisselDetailJSON is one message with its history and its XML.
type uitwisselDetailJSON struct {
	uitwisselJSON
	AntwoordOp   int64             `json:"antwoord_op,omitempty"` // the message this retour or JW325 answers
	Geschiedenis []gebeurtenisJSON `json:"geschiedenis"`
	XML          string            `json:"xml"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func toBerichtJSON(it uitwisseling.Item) uitwisselJSON {
	r := berichten.In
	if it.Uit {
		r = berichten.Uit
	}
	return uitwisselJSON{ID: it.ID, Richting: r, Soort: string(it.Type), Status: it.State, Afzender: it.Sender, Ontvanger: it.Receiver,
		Identificatie: it.Identificatie, Gemaakt: it.CreatedAt.UTC(), Verzonden: optTime(it.SentAt), Ontvangen: optTime(it.ReceivedAt),
		Verwerkt: optTime(it.ProcessedAt), Uiterlijk: optTime(it.DueAt), TeLaat: it.Overdue, AntwoordID: it.AnswerID, Retourcodes: it.RetourCodes}
}

func (a *API) listBerichten(w http.ResponseWriter, r *http.Request, u account.User) {
	p := a.principal(r, u)
	if a.Berichten == nil || !uitwisseling.MayExchange(p) {
		notFound(w, r)
		return
	}
	q := r.URL.Query()
	var f berichten.Filter
	errs := map[string]string{}
	switch v := q.Get("richting"); v {
	case "", berichten.In, berichten.Uit:
		f.Direction = v
	default:
		errs["richting"] = "Kies in of uit."
	}
	if v := q.Get("soort"); v != "" {
		if ijw.RetourType(ijw.MessageType(v)) == "" && !berichten.IsRetour(ijw.MessageType(v)) && v != string(ijw.TypeJW325) {
			errs["soort"] = "Geen iJw-bericht: kies JW301 tot en met JW325."
		}
		f.Type = ijw.MessageType(v)
	}
	if v := q.Get("status"); v != "" {
		known := false
		for _, s := range berichten.States {
			known = known || s.Code == v
		}
		if !known {
			errs["status"] = "Onbekende status: kies gemaakt, verzonden, ontvangen, beantwoord, verwerkt of afgekeurd."
		}
		f.State = v
	}
	if len(errs) > 0 {
		validation(w, r, errs)
		return
	}
	items, err := a.Berichten.List(r.Context(), p, f)
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := make([]uitwisselJSON, 0, len(items))
	for _, it := range items {
		out = append(out, toBerichtJSON(it))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *API) getBericht(w http.ResponseWriter, r *http.Request, u account.User) {
	p := a.principal(r, u)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || a.Berichten == nil || !uitwisseling.MayExchange(p) {
		notFound(w, r)
		return
	}
	d, err := a.Berichten.Get(r.Context(), p, id)
	if errors.Is(err, uitwisseling.ErrNotFound) {
		notFound(w, r)
		return
	}
	if err != nil {
		a.serverError(w, r, err)
		return
	}
	out := uitwisselDetailJSON{uitwisselJSON: toBerichtJSON(d.Item), Geschiedenis: []gebeurtenisJSON{}, XML: string(d.XML)}
	if d.AnswerOf != nil {
		out.AntwoordOp = d.AnswerOf.ID
	}
	for _, e := range d.History {
		out.Geschiedenis = append(out.Geschiedenis, gebeurtenisJSON{Tijdstip: e.At.UTC(), Wat: e.What})
	}
	writeJSON(w, http.StatusOK, out)
}
