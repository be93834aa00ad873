package segment1

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// Service runs segment-1 coordination on the access gate.
type Service struct {
	Gate *access.Gate
	Now  func() time.Time
	// Cal is the calendar every term is computed on.
	Cal kalender.Calendar
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// state is what a transition checks: the trajectory and its segment-1 case.
type state struct {
	t   traject.Trajectory
	c   Case
	has bool // a segment-1 case exists
	now time.Time
	cal kalender.Calendar
}

// Party is a side of a segment-1 case.
type Party string

const (
	PartyVerwijzer            Party = "verwijzer"
	PartyAanmeldpunt          Party = "aanmeldpunt"
	PartyCoordinator          Party = "coordinator"
	PartyGedragswetenschapper Party = "gedragswetenschapper"
	PartyRegievoerder         Party = "regievoerder"
)

// referrerRole is the role that refers on route r.
func referrerRole(r traject.Route) access.Role {
	switch r {
	case traject.RouteGI:
		return access.GIMedewerker
	case traject.RouteMedisch:
		return access.VerwijzerMedisch
	}
	return access.Toegangsmedewerker
}

// is reports whether p acts as party on the case.
func (st *state) is(p access.Principal, party Party) bool {
	switch party {
	case PartyVerwijzer:
		return p.OrgID == st.t.ReferrerOrgID && p.Has(referrerRole(st.t.Route))
	case PartyAanmeldpunt:
		return st.has && p.OrgID == st.c.DeskOrgID && p.Has(access.Aanmeldpunt)
	case PartyCoordinator:
		return st.has && st.c.CoordinatorOrgID != 0 && p.OrgID == st.c.CoordinatorOrgID && (p.Has(access.Toegangsmedewerker) || p.Has(access.GIMedewerker))
	case PartyGedragswetenschapper:
		return st.has && st.c.CoordinatorOrgID != 0 && p.OrgID == st.c.CoordinatorOrgID && p.Has(access.Gedragswetenschapper)
	case PartyRegievoerder:
		return st.has && st.c.RegievoerderID != 0 && p.OrgID == st.c.RegievoerderID && p.Has(access.Jeugdhulpaanbieder)
	}
	return false
}

// beslisserOf is the decider p may answer as on proposal v: the first of
// the three it qualifies for that has not answered yet.
func (st *state) beslisserOf(p access.Principal, v Voorstel) (Beslisser, bool) {
	for _, b := range Beslissers {
		if slices.ContainsFunc(v.Instemmingen, func(a Antwoord) bool { return a.Beslisser == b }) {
			continue
		}
		if st.mayDecideAs(p, b) {
			return b, true
		}
	}
	return "", false
}

// mayDecideAs reports whether p is decider b on the case.
func (st *state) mayDecideAs(p access.Principal, b Beslisser) bool {
	switch b {
	case BeslisserToegang:
		return st.is(p, PartyCoordinator)
	case BeslisserGedragswetenschapper:
		return st.is(p, PartyGedragswetenschapper)
	case BeslisserCrossroads:
		if st.c.RegievoerderID != 0 {
			return st.is(p, PartyRegievoerder)
		}
		return st.is(p, PartyAanmeldpunt)
	}
	return false
}

// decider reports whether p is one of the three deciders.
func (st *state) decider(p access.Principal) bool {
	for _, b := range Beslissers {
		if st.mayDecideAs(p, b) {
			return true
		}
	}
	return false
}

// caseOf finds the youth of trajectory id for the gate.
func (s *Service) caseOf(ctx context.Context, id int64) (access.Case, error) {
	c := access.Case{TrajectoryID: id}
	err := s.Gate.DB.QueryRow(ctx, "SELECT client_id FROM trajectories WHERE id = ?", id).Scan(&c.ClientID)
	if errors.Is(err, database.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

func purposeFor(p access.Principal) access.Purpose {
	if access.AllowedPurpose(p, access.Lezen, access.Hulpverlening) {
		return access.Hulpverlening
	}
	return access.DefaultPurpose(p)
}

func mapErr(err error) error {
	if errors.Is(err, access.ErrRefused) || errors.Is(err, traject.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// change runs fn on trajectory id for p as one logged gate transaction
// (object "segment1.<what>"): only a linked organisation passes, and only
// a role that changes part. The state is read inside the transaction.
func (s *Service) change(ctx context.Context, p access.Principal, id int64, what string, part access.Part, fn func(tx *database.Tx, st *state) error) error {
	c, err := s.caseOf(ctx, id)
	if err != nil {
		return err
	}
	return mapErr(s.Gate.Trajectory(ctx, p, c, access.Op{Action: access.Wijzigen, Object: "segment1." + what, Purpose: purposeFor(p)},
		func(tx *database.Tx, _ access.View) error {
			if !p.Changes(part) {
				return refuse("Uw rol legt dit niet vast.")
			}
			st, err := s.load(ctx, tx, id, true)
			if err != nil {
				return err
			}
			return fn(tx, st)
		}))
}

func (s *Service) load(ctx context.Context, q database.Querier, id int64, lock bool) (*state, error) {
	st := &state{now: s.now(), cal: s.Cal}
	var err error
	if st.c, st.has, err = loadCase(ctx, q, id, lock); err != nil {
		return nil, err
	}
	if st.t, err = traject.Read(ctx, q, id); err != nil {
		return nil, err
	}
	// The terms count on the calendar of the case's region.
	r, err := organisation.RegionOf(ctx, q, st.t.MunicipalityID)
	if err != nil {
		return nil, err
	}
	st.cal = r.Kalender(s.Cal)
	return st, nil
}

// record writes the history event of a change.
func (s *Service) record(ctx context.Context, tx *database.Tx, p access.Principal, st *state, what string) error {
	return traject.RecordEvent(ctx, tx, p, st.t.ID, traject.EventSegment1, what, st.now)
}

// open adds a segment-1 obligation of kind (after the "segment1:" prefix).
func open(ctx context.Context, tx *database.Tx, st *state, kind string, org int64, role access.Role, label string, due time.Time) error {
	_, err := werk.Open(ctx, tx, werk.Obligation{Kind: werk.KindSegment1 + kind, TrajectoryID: st.t.ID, OwnerOrgID: org, OwnerRole: role,
		Label: label, DueAt: due}, st.now)
	return err
}

// done fulfils the open segment-1 obligations of kind (a LIKE pattern after
// the prefix).
func done(ctx context.Context, tx *database.Tx, st *state, p access.Principal, kind string) error {
	return werk.FulfilKind(ctx, tx, st.t.ID, werk.KindSegment1+kind, p.UserID, st.now)
}

// coordinatorRole is the role that coordinates for organisation org: a
// GI's worker, else a Toegang worker.
func coordinatorRole(ctx context.Context, q database.Querier, org int64) access.Role {
	if o, err := organisation.Get(ctx, q, org); err == nil && o.Kind == organisation.GI {
		return access.GIMedewerker
	}
	return access.Toegangsmedewerker
}

func orgName(ctx context.Context, q database.Querier, id int64) string {
	if o, err := organisation.Get(ctx, q, id); err == nil {
		return o.Name
	}
	return ""
}

// Text limits.
const (
	maxKort  = 200
	maxTekst = 4000
)

// text trims v and checks it is filled in (when required) and not longer
// than limit characters; the message names what.
func text(fe FieldErrors, field, v string, required bool, limit int, what string) string {
	v = strings.TrimSpace(v)
	switch {
	case required && v == "":
		fe[field] = "Vul " + what + " in."
	case len([]rune(v)) > limit:
		fe[field] = fmt.Sprintf("%s is te lang: hoogstens %d tekens.", upper(what), limit)
	}
	return v
}

func upper(s string) string {
	s = strings.TrimPrefix(s, "de ")
	s = strings.TrimPrefix(s, "het ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parseDag reads a day as YYYY-MM-DD or dd-mm-jjjj.
func parseDag(v string) (time.Time, bool) {
	v = strings.NewReplacer("/", "-", ".", "-", " ", "").Replace(strings.TrimSpace(v))
	for _, layout := range []string{"2006-1-2", "2-1-2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// day reads a date field: required or not, not in the future unless
// future is set. Messages name what.
func (st *state) day(fe FieldErrors, field, v string, required, future bool, what string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			fe[field] = "Vul " + what + " in (dd-mm-jjjj)."
		}
		return time.Time{}
	}
	d, ok := parseDag(v)
	if !ok {
		fe[field] = "Vul " + what + " in als dag-maand-jaar, bijvoorbeeld 07-01-2027."
		return time.Time{}
	}
	if !future && kalender.Day(d).After(kalender.Day(st.now)) {
		fe[field] = upper(what) + " ligt in de toekomst."
	}
	if d.Year() < 2015 || d.After(st.now.AddDate(5, 0, 0)) {
		fe[field] = upper(what) + " ligt te ver in het verleden of de toekomst."
	}
	return d
}

// ToestemmingInput is consent given by the youth or parents.
type ToestemmingInput struct {
	Vorm        string `json:"vorm"` // mondeling of schriftelijk
	GegevenDoor string `json:"gegeven_door"`
	Datum       string `json:"datum"` // JJJJ-MM-DD of dd-mm-jjjj
}

func (st *state) toestemming(fe FieldErrors, prefix string, in ToestemmingInput) Toestemming {
	if in.Vorm != "mondeling" && in.Vorm != "schriftelijk" {
		fe[prefix+"vorm"] = "Kies of de toestemming mondeling of schriftelijk is gegeven."
	}
	return Toestemming{Vorm: in.Vorm, GegevenDoor: text(fe, prefix+"gegeven_door", in.GegevenDoor, true, maxKort, "wie de toestemming gaf"),
		GegevenOp: st.day(fe, prefix+"datum", in.Datum, true, false, "de datum van de toestemming")}
}

func errOf(fe FieldErrors) error {
	if len(fe) > 0 {
		return fe
	}
	return nil
}

// itoa is strconv.FormatInt for obligation kinds.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
