package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func (s *Server) registerLevering(mux *http.ServeMux) {
	mux.Handle("POST /toewijzingen/{id}/start", s.auth(s.zorgStart))
	mux.Handle("POST /toewijzingen/{id}/stop", s.auth(s.zorgStop))
	mux.Handle("POST /toewijzingen/{id}/leveringen/{levering}/start", s.auth(s.zorgStartCorrectie))
	mux.Handle("POST /toewijzingen/{id}/leveringen/{levering}/stop", s.auth(s.zorgStopCorrectie))
	mux.Handle("POST /toewijzingen/{id}/garantie", s.auth(s.zorgGarantie))
	mux.Handle("POST /toewijzingen/{id}/wijziging", s.auth(s.zorgWijziging))
}

func init() {
	for k, v := range map[string]string{
		"zorg-gestart":               "De start van de zorg is gemeld aan de gemeente (JW305).",
		"zorg-garantie":              "De hervatting onder garantie is vastgelegd. Er gaat geen bericht naar de gemeente en er wordt niets gedeclareerd.",
		"zorg-gestart-te-laat":       "De start van de zorg is gemeld aan de gemeente (JW305), later dan 5 werkdagen na de start.",
		"zorg-gestopt":               "De stop van de zorg is gemeld aan de gemeente (JW307).",
		"zorg-gestopt-te-laat":       "De stop van de zorg is gemeld aan de gemeente (JW307), later dan 5 werkdagen na het einde.",
		"start-gecorrigeerd":         "De start is gecorrigeerd: de oude start is verwijderd en de nieuwe gemeld (JW305).",
		"start-gecorrigeerd-te-laat": "De start is gecorrigeerd: de oude start is verwijderd en de nieuwe gemeld (JW305), later dan 5 werkdagen na de start.",
		"stop-gecorrigeerd":          "De stop is gecorrigeerd: de oude stop is verwijderd en de nieuwe gemeld (JW307).",
		"stop-gecorrigeerd-te-laat":  "De stop is gecorrigeerd: de oude stop is verwijderd en de nieuwe gemeld (JW307), later dan 5 werkdagen na het einde.",
		"stop-verwijderd":            "De stop is verwijderd (JW307).",
		"wijziging-gevraagd":         "Het verzoek om wijziging is verstuurd aan de gemeente (JW317). De gemeente beslist binnen 5 werkdagen.",
	} {
		doneMessages[k] = v
	}
}

// levering is the start-and-stop service on the trajectory service's gate,
// clock and calendar.
func (s *Server) levering() *levering.Service {
	return &levering.Service{Gate: s.Traject.Gate, Now: s.Traject.Now, Cal: s.Traject.Cal}
}

// LeveringView is what the case page's "Besluiten en documenten" shows of
// the start and stop of care (the template snippet "levering" reads it as
// .Levering): the leveringen, and whether the viewer is
// the toewijzing's provider, who reports them.
type LeveringView struct {
	ToewijzingID int64
	Leveringen   []levering.Levering
	MagMelden    bool
	Loopt        bool // a levering runs or stopped for a while: a stop can be reported
	Gestart      bool // a levering runs: no new start until it stops
	Redenen      []levering.Reden
	// Garantie: care ended definitively and may resume under the garantie
	// until GarantieTot (3 calendar months, step 12); Garanties are the
	// resumptions recorded.
	Garantie    bool
	GarantieTot time.Time
	Garanties   []levering.Garantie
	GemeldDoor  []struct{ Code, Label string }
	// Wijzigingen are the verzoeken om wijziging (JW317) received;
	// OpenWijziging the one awaiting the municipality's decision, which
	// MagBeslissen (its back office) decides. MagVragen: the provider may
	// ask for a change now (care has not ended, none is open).
	Wijzigingen    []toewijzing.Wijzigingsverzoek
	OpenWijziging  *toewijzing.Wijzigingsverzoek
	MagBeslissen   bool
	MagVragen      bool
	RedenenVerzoek []struct{ Code, Label string }
	Einddatum      time.Time
}

// LeveringViewOf reads the leveringen of the case's toewijzing for p
// (through the gate, logged as a read); zero without a toewijzing. The
// case page (trajectPage) fills trajectData.Levering with it.
func (s *Server) LeveringViewOf(ctx context.Context, p access.Principal, v traject.View) (LeveringView, error) {
	if v.Toewijzing == nil {
		return LeveringView{}, nil
	}
	// The case's one logged read (traject.Get) brought the leveringen.
	lv := LeveringView{ToewijzingID: v.Toewijzing.ID, Redenen: levering.Redenen,
		MagMelden: v.Toewijzing.ProviderID == p.OrgID && p.Has(access.Jeugdhulpaanbieder), Leveringen: v.Leveringen}
	lv.Garanties, lv.GemeldDoor = v.Garanties, levering.GemeldDoor
	if _, tot, ok := levering.GarantieTot(v.Leveringen); ok && !kalender.Day(s.Now()).After(tot) {
		lv.Garantie, lv.GarantieTot = true, tot
	}
	for _, l := range v.Leveringen {
		lv.Loopt = lv.Loopt || l.Status == levering.Gestart || l.Status == levering.TijdelijkGestopt
		lv.Gestart = lv.Gestart || l.Status == levering.Gestart
	}
	lv.Wijzigingen, lv.RedenenVerzoek, lv.Einddatum = v.Wijzigingen, toewijzing.RedenenVerzoek, v.Toewijzing.Einddatum
	for i := range v.Wijzigingen {
		if v.Wijzigingen[i].Open() {
			lv.OpenWijziging = &v.Wijzigingen[i]
		}
	}
	_, _, ended := levering.GarantieTot(v.Leveringen)
	lv.MagVragen = lv.MagMelden && !ended && lv.OpenWijziging == nil
	lv.MagBeslissen = lv.OpenWijziging != nil && p.OrgID == v.MunicipalityID && p.Has(access.Backoffice)
	return lv, nil
}

// leveringMessage is a refusal or the field messages of a start or stop
// in one Dutch sentence or more.
func leveringMessage(err error) (string, bool) {
	var fe levering.FieldErrors
	if errors.As(err, &fe) {
		keys := make([]string, 0, len(fe))
		for k := range fe {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		msgs := make([]string, 0, len(keys))
		for _, k := range keys {
			msgs = append(msgs, fe[k])
		}
		return strings.Join(msgs, " "), true
	}
	if levering.IsRefusal(err) {
		return err.Error(), true
	}
	return "", false
}

func (s *Server) zorgStart(w http.ResponseWriter, r *http.Request) {
	s.zorgMelding(w, r, "zorg-gestart", func(ctx context.Context, p access.Principal, id int64) (levering.Result, error) {
		d, ok := parseDate(r.PostForm.Get("begindatum"))
		if !ok {
			return levering.Result{}, &levering.Refusal{Reason: "Vul de datum waarop de zorg begon in als dag-maand-jaar, bijvoorbeeld 07-01-2027."}
		}
		return s.levering().Start(ctx, p, id, d)
	})
}

func (s *Server) zorgStop(w http.ResponseWriter, r *http.Request) {
	s.zorgMelding(w, r, "zorg-gestopt", func(ctx context.Context, p access.Principal, id int64) (levering.Result, error) {
		d, ok := parseDate(r.PostForm.Get("einddatum"))
		if !ok {
			return levering.Result{}, &levering.Refusal{Reason: "Vul de laatste dag van de zorg in als dag-maand-jaar, bijvoorbeeld 07-01-2027."}
		}
		return s.levering().Stop(ctx, p, id, levering.StopInput{Einddatum: d, Reden: r.PostForm.Get("reden")})
	})
}

// leveringPathID is the {levering} of the path, 0 when it is not an id.
func leveringPathID(r *http.Request) int64 {
	lid, err := strconv.ParseInt(r.PathValue("levering"), 10, 64)
	if err != nil || lid <= 0 {
		return 0
	}
	return lid
}

func (s *Server) zorgStartCorrectie(w http.ResponseWriter, r *http.Request) {
	s.zorgMelding(w, r, "start-gecorrigeerd", func(ctx context.Context, p access.Principal, id int64) (levering.Result, error) {
		lid := leveringPathID(r)
		if lid == 0 {
			return levering.Result{}, levering.ErrNotFound
		}
		d, ok := parseDate(r.PostForm.Get("begindatum"))
		if !ok {
			return levering.Result{}, &levering.Refusal{Reason: "Vul de juiste datum waarop de zorg begon in als dag-maand-jaar, bijvoorbeeld 07-01-2027."}
		}
		return s.levering().CorrectStart(ctx, p, id, lid, d)
	})
}

// zorgStopCorrectie corrects a levering's last stop, or deletes it when
// the form says verwijderen=ja.
func (s *Server) zorgStopCorrectie(w http.ResponseWriter, r *http.Request) {
	done := "stop-gecorrigeerd"
	if r.PostForm.Get("verwijderen") == "ja" {
		done = "stop-verwijderd"
	}
	s.zorgMelding(w, r, done, func(ctx context.Context, p access.Principal, id int64) (levering.Result, error) {
		lid := leveringPathID(r)
		if lid == 0 {
			return levering.Result{}, levering.ErrNotFound
		}
		if r.PostForm.Get("verwijderen") == "ja" {
			return s.levering().CorrectStop(ctx, p, id, lid, levering.StopInput{})
		}
		d, ok := parseDate(r.PostForm.Get("einddatum"))
		if !ok {
			return levering.Result{}, &levering.Refusal{Reason: "Vul de juiste laatste dag van de zorg in als dag-maand-jaar, bijvoorbeeld 07-01-2027."}
		}
		return s.levering().CorrectStop(ctx, p, id, lid, levering.StopInput{Einddatum: d, Reden: r.PostForm.Get("reden")})
	})
}

// zorgMelding runs a start or stop of toewijzing {id} and shows the case
// again: after success by a redirect with the outcome (done, or done
// late), after a refusal with the reason on the page.
func (s *Server) zorgMelding(w http.ResponseWriter, r *http.Request, done string, fn func(ctx context.Context, p access.Principal, id int64) (levering.Result, error)) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	trajectoryID, err := s.levering().TrajectoryOf(ctx, id)
	if errors.Is(err, levering.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	res, err := fn(ctx, p, id)
	if msg, refused := leveringMessage(err); refused {
		r.SetPathValue("id", strconv.FormatInt(trajectoryID, 10))
		s.trajectPage(w, r, http.StatusUnprocessableEntity, "", msg)
		return
	}
	switch {
	case errors.Is(err, levering.ErrNotFound):
		s.renderError(w, r, http.StatusNotFound)
	case err != nil:
		s.serverError(w, r, err)
	default:
		if res.Waarschuwing != "" {
			done += "-te-laat"
		}
		// Post/redirect/get: a reload does not report again.
		http.Redirect(w, r, fmt.Sprintf("/trajecten/%d?gelukt=%s#besluiten", trajectoryID, done), http.StatusSeeOther)
	}
}

// zorgWijziging sends the provider's verzoek om wijziging (JW317): a new
// end date of the toewijzing, with its reason.
func (s *Server) zorgWijziging(w http.ResponseWriter, r *http.Request) {
	s.zorgMelding(w, r, "wijziging-gevraagd", func(ctx context.Context, p access.Principal, id int64) (levering.Result, error) {
		d, ok := parseDate(r.PostForm.Get("einddatum"))
		if !ok {
			return levering.Result{}, &levering.Refusal{Reason: "Vul de nieuwe einddatum in als dag-maand-jaar, bijvoorbeeld 07-01-2027."}
		}
		_, err := s.levering().VraagWijziging(ctx, p, id, toewijzing.WijzigingInput{Einddatum: d, Reden: r.PostForm.Get("reden")})
		return levering.Result{}, err
	})
}

// zorgGarantie records that the provider resumed care under the garantie
// na einde zorg (step 12).
func (s *Server) zorgGarantie(w http.ResponseWriter, r *http.Request) {
	s.zorgMelding(w, r, "zorg-garantie", func(ctx context.Context, p access.Principal, id int64) (levering.Result, error) {
		d, ok := parseDate(r.PostForm.Get("begindatum"))
		if !ok {
			return levering.Result{}, &levering.Refusal{Reason: "Vul de datum waarop de zorg weer begon in als dag-maand-jaar, bijvoorbeeld 07-01-2027."}
		}
		_, err := s.levering().HervatOnderGarantie(ctx, p, id, levering.GarantieInput{Begindatum: d, GemeldDoor: r.PostForm.Get("gemeld_door"), Toelichting: r.PostForm.Get("toelichting")})
		return levering.Result{}, err
	})
}
