package traject

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// Refusal is a step refused because its precondition does not hold; Reason
// is Dutch and says what to do (R-STEP-1).
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(reason string) error { return &Refusal{Reason: reason} }

// IsRefusal reports whether err is a Refusal.
func IsRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r)
}

// ErrNotFound: no such trajectory, or not one the user may see.
var ErrNotFound = errors.New("traject: not found")

// ErrConflict: the IPVA was saved by someone else since it was loaded.
var ErrConflict = errors.New("traject: edit conflict")

// mayAct checks, against the route's table, that the route has step, that
// t is at it, that p's organisation is the step's owner on t and that p
// has the step's role.
func mayAct(t Trajectory, p access.Principal, step Step) error {
	d, ok := RouteOf(t.Route)
	if !ok {
		return fmt.Errorf("trajectory %d has unknown route %q", t.ID, t.Route)
	}
	sd, ok := d.StepOf(step)
	if !ok {
		if why, ok := d.Skipped[step]; ok {
			return refuse(why)
		}
		return refuse("Deze route kent deze stap niet.")
	}
	if t.Step != step {
		if !t.Open() {
			return refuse("Dit traject heeft geen openstaande stap meer: het is " + RouteStepLabel(t.Route, t.Step) + ".")
		}
		return refuse("Deze stap kan nu niet: het traject staat op stap " + RouteStepLabel(t.Route, t.Step) + ".")
	}
	if t.owner(sd.Party) != p.OrgID {
		return refuse("Deze stap is aan een andere organisatie: " + sd.Action + ".")
	}
	if !p.Has(sd.Role) {
		return refuse("Uw rol mag deze stap niet zetten: " + sd.Action + " is voor een " + sd.Role.Label() + ".")
	}
	return nil
}

// actionOf is the open action of t at its current step, with its due moment
// computed from the route's term; ok is false when t has none.
func (s *Service) actionOf(t Trajectory, stepStart time.Time, r organisation.Region) (Action, bool) {
	d, _ := RouteOf(t.Route)
	sd, ok := d.StepOf(t.Step)
	if !ok || !t.Open() {
		return Action{}, false
	}
	from := stepStart
	switch sd.Anchor {
	case FromEersteMelding:
		from = t.EersteMelding
	case FromIPVAShared:
		if !t.IPVASharedOn.IsZero() {
			from = t.IPVASharedOn
		}
	}
	due := r.Kalender(s.Cal).Due(from, r.Termijn(TermKey(t.Route, t.Step), sd.Term))
	return Action{Step: t.Step, Label: sd.Action, Party: sd.Party, Role: sd.Role, OwnerOrgID: t.owner(sd.Party), Due: due}, true
}

// moveTo puts trajectory id at step: it stores the step (and extra
// columns), closes the open obligations, opens the one of the new step
// (owned by the organisation and role the route's table names) and records
// the event, all in the caller's transaction.
func (s *Service) moveTo(ctx context.Context, tx *database.Tx, p access.Principal, id int64, step Step, event string, extra string, args ...any) error {
	return s.moveToAs(ctx, tx, p, id, step, EventStap, event, extra, args...)
}

// moveToAs is moveTo recording an event of the given kind (a decision is
// a besluit, not a step, for the KPIs that count from the history).
func (s *Service) moveToAs(ctx context.Context, tx *database.Tx, p access.Principal, id int64, step Step, kind EventKind, event string, extra string, args ...any) error {
	now := s.now()
	q := "UPDATE trajectories SET step = ?, updated_at = ?"
	if extra != "" {
		q += ", " + extra
	}
	all := append([]any{string(step), now}, args...)
	all = append(all, id)
	if _, err := tx.Exec(ctx, q+" WHERE id = ?", all...); err != nil {
		return fmt.Errorf("trajectory %d to step %s: %w", id, step, err)
	}
	if err := werk.Fulfil(ctx, tx, id, p.UserID, now); err != nil {
		return err
	}
	t, err := scanTrajectory(tx.QueryRow(ctx, selectTrajectory+" WHERE id = ?", id))
	if err != nil {
		return fmt.Errorf("read trajectory %d: %w", id, err)
	}
	if err := s.openNext(ctx, tx, t, now); err != nil {
		return err
	}
	return s.record(ctx, tx, p, id, kind, event)
}

// openNext opens the obligation of t's current step, if it has one. The
// transition that moves t there has linked the owning organisation.
func (s *Service) openNext(ctx context.Context, tx *database.Tx, t Trajectory, now time.Time) error {
	r, err := s.regionOf(ctx, tx, t)
	if err != nil {
		return err
	}
	a, ok := s.actionOf(t, now, r)
	if !ok {
		return nil
	}
	if a.OwnerOrgID == 0 {
		return fmt.Errorf("trajectory %d at step %s has no owner", t.ID, t.Step)
	}
	_, err = werk.Open(ctx, tx, werk.Obligation{Kind: "stap:" + string(t.Step), TrajectoryID: t.ID, OwnerOrgID: a.OwnerOrgID,
		OwnerRole: a.Role, Label: a.Label, DueAt: a.Due}, now)
	return err
}
