// Package werk keeps the obligations of the region: what is due, for which
// trajectory, owned by which organisation and role, due at which moment,
// and when it was done. An obligation is opened and fulfilled in the
// transaction of the change that causes it, so the list is never out of
// step with the case. Mijn werk of every role, in the UI and the API, is a
// read of the open obligations of the user's organisation and roles, earliest
// due (so overdue) first. Terms come from package kalender; this package
// stores instants.
package werk

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Obligation is one duty of an organisation's role.
type Obligation struct {
	ID           int64
	Kind         string // e.g. "stap:ipva"
	TrajectoryID int64
	OwnerOrgID   int64
	OwnerRole    access.Role
	Label        string // Dutch: what is to be done
	DueAt        time.Time
	CreatedAt    time.Time
	DoneAt       time.Time // zero while open
}

// Overdue reports whether the obligation is open and past its due moment.
func (o Obligation) Overdue(now time.Time) bool {
	return o.DoneAt.IsZero() && now.After(o.DueAt)
}

// Open adds an open obligation inside tx and returns its id.
func Open(ctx context.Context, tx *database.Tx, o Obligation, now time.Time) (int64, error) {
	id, err := tx.InsertID(ctx, `INSERT INTO obligations (kind, trajectory_id, owner_org_id, owner_role, label, due_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, o.Kind, o.TrajectoryID, o.OwnerOrgID, string(o.OwnerRole), o.Label, o.DueAt.UTC(), now.UTC())
	if err != nil {
		return 0, fmt.Errorf("open obligation %s for trajectory %d: %w", o.Kind, o.TrajectoryID, err)
	}
	return id, nil
}

// KindVraag prefixes the obligation to answer a question on a trajectory's
// remark thread ("vraag:<organisation id>"). A question is not a step: the
// route moving on does not answer it.
const KindVraag = "vraag:"

// KindSegment1 prefixes the obligations of segment-1 coordination (package
// segment1). They run beside the referral route: the route moving on does
// not fulfil them, and they are never its next step.
const KindSegment1 = "segment1:"

// Fulfil closes every open step obligation of trajectory id, done by user (0
// for the system) at the given moment. A trajectory has its obligations
// closed when it moves on, so the next ones can be opened; open questions
// stay until they are answered (FulfilKind), and segment-1 duties until
// package segment1 fulfils them.
func Fulfil(ctx context.Context, tx *database.Tx, trajectoryID, by int64, at time.Time) error {
	return fulfil(ctx, tx, trajectoryID, by, at, "kind NOT LIKE ? AND kind NOT LIKE ?", KindVraag+"%", KindSegment1+"%")
}

// FulfilKind closes the open obligations of trajectory id whose kind matches
// the SQL LIKE pattern kind, e.g. "vraag:12" or KindVraag+"%".
func FulfilKind(ctx context.Context, tx *database.Tx, trajectoryID int64, kind string, by int64, at time.Time) error {
	return fulfil(ctx, tx, trajectoryID, by, at, "kind LIKE ?", kind)
}

func fulfil(ctx context.Context, tx *database.Tx, trajectoryID, by int64, at time.Time, cond string, args ...any) error {
	var user any
	if by != 0 {
		user = by
	}
	if _, err := tx.Exec(ctx, "UPDATE obligations SET done_at = ?, done_by = ? WHERE trajectory_id = ? AND done_at IS NULL AND "+cond, append([]any{at.UTC(), user, trajectoryID}, args...)...); err != nil {
		return fmt.Errorf("fulfil obligations of trajectory %d: %w", trajectoryID, err)
	}
	return nil
}

const cols = "o.id, o.kind, COALESCE(o.trajectory_id, 0), o.owner_org_id, o.owner_role, o.label, o.due_at, o.created_at, o.done_at"

func scan(sc interface{ Scan(...any) error }, extra ...any) (Obligation, error) {
	var o Obligation
	var role string
	var done sql.NullTime
	err := sc.Scan(append([]any{&o.ID, &o.Kind, &o.TrajectoryID, &o.OwnerOrgID, &role, &o.Label, &o.DueAt, &o.CreatedAt, &done}, extra...)...)
	o.OwnerRole, o.DoneAt = access.Role(role), done.Time
	return o, err
}

// Of lists the obligations of a trajectory, open and done, oldest first.
func Of(ctx context.Context, q database.Querier, trajectoryID int64) ([]Obligation, error) {
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM obligations o WHERE o.trajectory_id = ? ORDER BY o.id", trajectoryID)
	if err != nil {
		return nil, fmt.Errorf("obligations of trajectory %d: %w", trajectoryID, err)
	}
	defer rows.Close()
	var out []Obligation
	for rows.Next() {
		o, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("obligations of trajectory %d: %w", trajectoryID, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Item is one open obligation on Mijn werk, with the youth it concerns.
type Item struct {
	Obligation
	ClientID   int64
	ClientName string
}

// roleList returns "?, ?, …" and the role arguments.
func roleList(roles []access.Role) (string, []any) {
	marks := make([]string, len(roles))
	args := make([]any, len(roles))
	for i, r := range roles {
		marks[i], args[i] = "?", string(r)
	}
	return strings.Join(marks, ", "), args
}

// List reads the open obligations of the scope's organisation for any of
// roles, earliest due first, at most limit; more tells whether there are
// more. Only trajectories the organisation is linked to are read. The
// caller runs it inside access.Gate.ListRead, which logs every youth shown.
func List(ctx context.Context, q database.Querier, sc access.Scope, roles []access.Role, limit int) (items []Item, more bool, err error) {
	if len(roles) == 0 {
		return nil, false, nil
	}
	marks, args := roleList(roles)
	cond, arg := sc.WhereTrajectory("t")
	all := append([]any{sc.OrgID()}, args...)
	all = append(all, arg, limit+1)
	rows, err := q.Query(ctx, "SELECT "+cols+`, t.client_id, c.given_name, COALESCE(c.tussenvoegsel, ''), c.family_name
		FROM obligations o JOIN trajectories t ON t.id = o.trajectory_id JOIN clients c ON c.id = t.client_id
		WHERE o.done_at IS NULL AND o.owner_org_id = ? AND o.owner_role IN (`+marks+`) AND `+cond+`
		ORDER BY o.due_at, o.id LIMIT ?`, all...)
	if err != nil {
		return nil, false, fmt.Errorf("work of organisation %d: %w", sc.OrgID(), err)
	}
	defer rows.Close()
	for rows.Next() {
		var it Item
		var given, tussenvoegsel, family string
		if it.Obligation, err = scan(rows, &it.ClientID, &given, &tussenvoegsel, &family); err != nil {
			return nil, false, fmt.Errorf("work of organisation %d: %w", sc.OrgID(), err)
		}
		// "Voornaam tussenvoegsel Achternaam", as client.Client.Name.
		it.ClientName = strings.Join(strings.Fields(given+" "+tussenvoegsel+" "+family), " ")
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("work of organisation %d: %w", sc.OrgID(), err)
	}
	if more = len(items) > limit; more {
		items = items[:limit]
	}
	return items, more, nil
}

// Count counts the open obligations of an organisation for any of roles. A
// count is no data about any youth.
func Count(ctx context.Context, q database.Querier, orgID int64, roles []access.Role) (int, error) {
	if len(roles) == 0 {
		return 0, nil
	}
	marks, args := roleList(roles)
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM obligations WHERE done_at IS NULL AND owner_org_id = ? AND owner_role IN ("+marks+")",
		append([]any{orgID}, args...)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count work of organisation %d: %w", orgID, err)
	}
	return n, nil
}
