package traject

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// RouteCrisis is a crisis case of the integrated crisis service (ICJ,
// seed 004, R-CRISIS-1…4). It is a trajectory like the three referral
// routes, so the gate, the access log, the history, the case page and
// Mijn werk carry it; but package crisis walks its steps and keeps what
// only a crisis has. Traject keeps the trajectory and lends crisis a
// CaseTx to move it inside one gate transaction (OpenCase, ChangeCase).
const RouteCrisis Route = "crisis"

// The steps of a crisis case. The RTO runs beside the crisis care: it is
// due from the report, whatever the care step does.
const (
	StepTriage          Step = "triage"          // the telephone triage: crisis, acute help or none
	StepInschatting     Step = "inschatting"     // a crisis worker on site within 2 hours
	StepInzet           Step = "inzet"           // the crisis care deployed, lightest form first
	StepRTO             Step = "rto"             // the round-table talk on the first working day
	StepPerspectiefplan Step = "perspectiefplan" // the Perspectiefplan Crisis
)

// The crisis terms (R-CRISIS-2, R-CRISIS-4, R-KPI-1). The assessment
// within 2 hours of the report and the RTO on the first working day after
// it are the source's. The others are assumptions, as the sources give
// none: the triage is the telephone call itself, recorded within 1 hour;
// the care chosen at the assessment is recorded within 4 hours of it; the
// Perspectiefplan Crisis is written within 5 working days of the RTO.
var (
	TermTriage          = kalender.Hours(1)
	TermInschatting     = kalender.Hours(2)
	TermInzet           = kalender.Hours(4)
	TermRTO             = kalender.WorkingDays(1)
	TermPerspectiefplan = kalender.WorkingDays(5)
)

// crisisRoute is the crisis case's step table. FromEersteMelding counts
// from the moment of the report (kept by package crisis), FromStepStart
// from the step before it: the assessment for the care, the RTO for the
// plan.
var crisisRoute = RouteDef{
	Route: RouteCrisis, Label: "Crisis (Integrale Crisisdienst Jeugd)",
	Steps: []StepDef{
		{StepTriage, "C1", "Telefonische triage", "Triage: crisis, acute hulp of geen crisis", PartyVerwijzer, access.Crisisdienst, TermTriage, FromEersteMelding},
		{StepInschatting, "C2", "Actieve inschatting", "Actieve inschatting ter plaatse", PartyVerwijzer, access.Crisisdienst, TermInschatting, FromEersteMelding},
		{StepInzet, "C3", "Crisishulp", "Passende crisishulp inzetten", PartyVerwijzer, access.Crisisdienst, TermInzet, FromStepStart},
		{StepRTO, "C4", "Ronde tafel overleg", "Ronde tafel overleg (RTO) houden met de procesregisseur", PartyVerwijzer, access.Crisisdienst, TermRTO, FromEersteMelding},
		{StepPerspectiefplan, "C5", "Perspectiefplan Crisis", "Perspectiefplan Crisis opstellen", PartyVerwijzer, access.Crisisdienst, TermPerspectiefplan, FromStepStart},
	},
	Skipped: skipAll("Een crisiszaak kent de stappen van een verwijzing niet (IPVA, arrangement, aanbieder, beknopt plan, aanvraag, besluit): "+
		"na het Perspectiefplan Crisis gaat de jeugdige verder via de Toegang of de gecertificeerde instelling.",
		StepIPVA, StepArrangement, StepAanbieder, StepAcceptatie, StepBeknoptPlan, StepAkkoord, StepAanvraag, StepBepaling, StepVerzoek, StepBesluit),
}

func skipAll(why string, steps ...Step) map[Step]string {
	m := make(map[Step]string, len(steps))
	for _, s := range steps {
		m[s] = why
	}
	return m
}

// InHours reports whether the action's term counts in hours (the crisis
// assessment): its due moment is then shown with its time.
func (a Action) InHours() bool {
	for _, d := range routes {
		if sd, ok := d.StepOf(a.Step); ok {
			return sd.Term.Unit == kalender.Uren
		}
	}
	return false
}

// Crisis reports whether the action is a step of a crisis case, whose
// page is the crisis page.
func (a Action) Crisis() bool {
	_, ok := crisisRoute.StepOf(a.Step)
	return ok
}

// CaseRoute is the route of case id, so that a face can show a case on the
// page of its route. The pair of id and route says nothing about anyone:
// it is read without an access-log entry, like the gate's own look-up of
// a case's youth; the page that follows is a logged read.
func (s *Service) CaseRoute(ctx context.Context, id int64) (Route, error) {
	var r string
	err := s.Gate.DB.QueryRow(ctx, "SELECT route FROM trajectories WHERE id = ?", id).Scan(&r)
	if errors.Is(err, database.ErrNoRows) {
		return "", ErrNotFound
	}
	return Route(r), err
}

// CaseTx is one trajectory inside a gate transaction, lent to the package
// that walks its route (crisis): it moves the trajectory, links
// organisations and records the history, all in that transaction.
type CaseTx struct {
	Tx *database.Tx
	Trajectory
	ctx context.Context
	s   *Service
	p   access.Principal
}

// Record appends an event to the case's history.
func (c *CaseTx) Record(kind EventKind, what string) error {
	return c.s.record(c.ctx, c.Tx, c.p, c.ID, kind, what)
}

// MoveTo puts the case at step; gesloten (StepGesloten) ends it.
func (c *CaseTx) MoveTo(step Step) error {
	if _, err := c.Tx.Exec(c.ctx, "UPDATE trajectories SET step = ?, updated_at = ? WHERE id = ?", string(step), c.s.now(), c.ID); err != nil {
		return fmt.Errorf("trajectory %d to step %s: %w", c.ID, step, err)
	}
	c.Step = step
	return nil
}

// Link involves organisation orgID in the case (need to know).
func (c *CaseTx) Link(orgID int64, reason string) error {
	return access.Link(c.ctx, c.Tx, c.Case(), orgID, reason, c.s.now())
}

// ErrUnknownBSN: a case was opened for a known youth by BSN alone, and no
// youth has that BSN.
var ErrUnknownBSN = errors.New("traject: no youth with this BSN")

// OpenInput opens a case on a route another package walks.
type OpenInput struct {
	Route Route
	Step  Step // the first step
	// Youth is the validated youth; with OnlyBSN just its BSN, and the
	// youth must be known already.
	Youth   client.Client
	OnlyBSN bool
	Melding time.Time // the first report
	Purpose access.Purpose
	Why     string // why the reporting organisation is linked
	Event   string // the registration event
}

// Running is a referral trajectory of a youth that is still running (not
// closed or refused): whose referrer is the youth's process director.
type Running struct {
	TrajectoryID int64
	Route        Route
	OrgID        int64
	Role         access.Role
}

// OpenCase opens a case on in.Route for p as one logged registration:
// the youth's record (found by BSN, or inserted), the trajectory at
// in.Step, the link to p's organisation and the registration event, and
// then fn in the same transaction with the new case, the youth's record
// and the youth's running referral trajectories (newest first), so that
// the walking package writes its own rows and obligations there. A BSN
// asked alone that no youth has is logged as a refused probe and returns
// ErrUnknownBSN.
func (s *Service) OpenCase(ctx context.Context, p access.Principal, in OpenInput, fn func(c *CaseTx, youth client.Client, known bool, running []Running) error) (Started, error) {
	now := s.now()
	op := access.Op{Action: access.Aanmaken, Object: "traject." + string(in.Route), Purpose: in.Purpose}
	out := Started{Route: in.Route}
	cs, err := s.Gate.Register(ctx, p, op, in.Why, func(tx *database.Tx) (access.Case, error) {
		var cs access.Case
		var err error
		if in.OnlyBSN {
			cs.ClientID, err = s.Clients.Find(ctx, tx, in.Youth.BSN)
			if errors.Is(err, client.ErrNotFound) {
				return cs, ErrUnknownBSN
			}
			out.Known = true
		} else {
			cs.ClientID, out.Known, err = s.Clients.FindOrInsert(ctx, tx, in.Youth, now)
		}
		if err != nil {
			return cs, err
		}
		rec, err := s.Clients.InTx(ctx, tx, cs.ClientID, access.View{BSN: true, Address: true})
		if err != nil {
			return cs, err
		}
		running, err := runningReferrals(ctx, tx, cs.ClientID)
		if err != nil {
			return cs, err
		}
		out.Running = len(running) > 0
		cs.TrajectoryID, err = tx.InsertID(ctx, `INSERT INTO trajectories (client_id, route, municipality_id, referrer_org_id, eerste_melding, step, grondslag_json, provider_status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, cs.ClientID, string(in.Route), rec.MunicipalityID, p.OrgID, dateStr(kalender.Day(in.Melding)), string(in.Step), Grondslag{}.json(), "", now, now)
		if err != nil {
			return cs, err
		}
		t, err := scanTrajectory(tx.QueryRow(ctx, selectTrajectory+" WHERE id = ?", cs.TrajectoryID))
		if err != nil {
			return cs, err
		}
		c := &CaseTx{Tx: tx, Trajectory: t, ctx: ctx, s: s, p: p}
		if err := c.Record(EventRegistratie, in.Event); err != nil {
			return cs, err
		}
		return cs, fn(c, rec, out.Known, running)
	})
	if err != nil {
		var fe client.FieldErrors
		if errors.Is(err, ErrUnknownBSN) || IsRefusal(err) || errors.As(err, &fe) {
			// A registration refused after the youth was looked up is also a
			// probe whether a BSN is known: logged, without naming anyone.
			if lerr := s.Gate.Refuse(ctx, p, access.Case{}, op); !errors.Is(lerr, access.ErrRefused) {
				return Started{}, lerr
			}
		}
		return Started{}, mapErr(err)
	}
	out.TrajectoryID, out.ClientID = cs.TrajectoryID, cs.ClientID
	return out, nil
}

// runningReferrals lists the youth's Toegang and GI trajectories that are
// still running, newest first, with the referrer's organisation.
func runningReferrals(ctx context.Context, tx *database.Tx, clientID int64) ([]Running, error) {
	rows, err := tx.Query(ctx, `SELECT id, route, referrer_org_id FROM trajectories
		WHERE client_id = ? AND route IN (?, ?) AND step NOT IN (?, ?) ORDER BY id DESC`,
		clientID, string(RouteToegang), string(RouteGI), string(StepGesloten), string(StepAfgewezen))
	if err != nil {
		return nil, fmt.Errorf("running trajectories of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []Running
	for rows.Next() {
		var r Running
		var route string
		if err := rows.Scan(&r.TrajectoryID, &route, &r.OrgID); err != nil {
			return nil, err
		}
		r.Route = Route(route)
		r.Role = referrerRole(r.Route)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ChangeCase runs fn on case id of route as one logged change by p: the
// gate checks p's link to the case, and fn gets the trajectory as it is
// now (locked on PostgreSQL). A case on another route is not found.
func (s *Service) ChangeCase(ctx context.Context, p access.Principal, id int64, route Route, object string, purpose access.Purpose, fn func(c *CaseTx) error) error {
	return s.change(ctx, p, id, object, purpose, func(tx *database.Tx, t Trajectory) error {
		if t.Route != route {
			return ErrNotFound
		}
		return fn(&CaseTx{Tx: tx, Trajectory: t, ctx: ctx, s: s, p: p})
	})
}

// CaseView is a case on a route walked elsewhere as p may see it: the
// trajectory, the youth, the open actions (earliest due first) and the
// history (nil when p does not see the course of a case).
type CaseView struct {
	Trajectory
	Client  client.Client
	Actions []Action
	History []Event
}

// ReadCase reads case id of route for p as one logged read, and runs fn in
// the same read for what the walking package keeps of it.
func (s *Service) ReadCase(ctx context.Context, p access.Principal, id int64, route Route, object string, purpose access.Purpose, fn func(tx *database.Tx, t Trajectory) error) (CaseView, error) {
	var v CaseView
	err := s.read(ctx, p, id, object, purpose, func(tx *database.Tx, t Trajectory) error {
		if t.Route != route {
			return ErrNotFound
		}
		v.Trajectory = t
		var err error
		if v.Client, err = s.Clients.InTx(ctx, tx, t.ClientID, p.View()); err != nil {
			return err
		}
		if v.Actions, err = openActions(ctx, tx, id); err != nil {
			return err
		}
		if p.Sees(access.PartVerloop) {
			if v.History, err = history(ctx, tx, id); err != nil {
				return err
			}
		}
		return fn(tx, t)
	})
	return v, err
}

// CaseItem is one case on a list: the youth, where the case is, and the
// earliest open action of the reader's organisation on it.
type CaseItem struct {
	TrajectoryID int64
	ClientID     int64
	ClientName   string
	Step         Step
	CreatedAt    time.Time
	Next         Action
	HasNext      bool
}

// ListCases lists the cases on route linked to p's organisation, open
// ones first, newest first, at most limit; every youth shown is logged.
func (s *Service) ListCases(ctx context.Context, p access.Principal, route Route, limit int) ([]CaseItem, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	var out []CaseItem
	err := s.Gate.ListRead(ctx, p, access.Op{Action: access.Lijst, Object: "traject." + string(route), Purpose: access.DefaultPurpose(p)},
		func(q database.Querier, sc access.Scope, _ access.View) ([]int64, error) {
			cond, arg := sc.WhereTrajectory("t")
			rows, err := q.Query(ctx, `SELECT t.id, t.client_id, c.given_name, COALESCE(c.tussenvoegsel, ''), c.family_name, t.step, t.created_at
				FROM trajectories t JOIN clients c ON c.id = t.client_id
				WHERE t.route = ? AND `+cond+` ORDER BY CASE WHEN t.step = ? THEN 1 ELSE 0 END, t.id DESC LIMIT ?`,
				string(route), arg, string(StepGesloten), limit)
			if err != nil {
				return nil, fmt.Errorf("cases on route %s: %w", route, err)
			}
			defer rows.Close()
			var ids []int64
			for rows.Next() {
				var it CaseItem
				var given, tv, family, step string
				if err := rows.Scan(&it.TrajectoryID, &it.ClientID, &given, &tv, &family, &step, &it.CreatedAt); err != nil {
					return nil, err
				}
				it.ClientName = strings.Join(strings.Fields(given+" "+tv+" "+family), " ")
				it.Step = Step(step)
				out = append(out, it)
				ids = append(ids, it.ClientID)
			}
			if err := rows.Err(); err != nil {
				return nil, err
			}
			for i := range out {
				obs, err := werk.Of(ctx, q, out[i].TrajectoryID)
				if err != nil {
					return nil, err
				}
				var mine []Action
				for _, o := range obs {
					if o.DoneAt.IsZero() && o.OwnerOrgID == p.OrgID {
						mine = append(mine, actionOfObligation(o))
					}
				}
				sort.SliceStable(mine, func(a, b int) bool { return mine[a].Due.Before(mine[b].Due) })
				if len(mine) > 0 {
					out[i].Next, out[i].HasNext = mine[0], true
				}
			}
			return ids, nil
		})
	return out, mapErr(err)
}
