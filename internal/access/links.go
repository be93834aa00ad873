package access

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Links say which organisations are involved in which trajectory (table
// trajectory_links): the basis of need-to-know (R-ROLE-1). An organisation
// sees a trajectory it is linked to, and the record of a youth when it is
// linked to one of the youth's trajectories. Linking changes who may see a
// youth, so only the capability packages that move a trajectory call Link
// and Unlink, inside a Gate transaction.

// Case names one trajectory and its youth.
type Case struct {
	ClientID     int64
	TrajectoryID int64
}

// Link records that organisation orgID is involved in trajectory c.
func Link(ctx context.Context, tx *database.Tx, c Case, orgID int64, reason string, at time.Time) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM trajectory_links WHERE trajectory_id = ? AND organisation_id = ?", c.TrajectoryID, orgID).Scan(&n); err != nil {
		return fmt.Errorf("link trajectory %d to organisation %d: %w", c.TrajectoryID, orgID, err)
	}
	if n > 0 {
		return nil
	}
	_, err := tx.Exec(ctx, "INSERT INTO trajectory_links (trajectory_id, organisation_id, client_id, reason, since) VALUES (?, ?, ?, ?, ?)",
		c.TrajectoryID, orgID, c.ClientID, reason, at.UTC())
	if err != nil {
		return fmt.Errorf("link trajectory %d to organisation %d: %w", c.TrajectoryID, orgID, err)
	}
	return nil
}

// Unlink ends organisation orgID's involvement in trajectory c only (for
// example when consent to share with a provider is withdrawn); its links to
// other trajectories of the same youth stay.
func Unlink(ctx context.Context, tx *database.Tx, c Case, orgID int64) error {
	if _, err := tx.Exec(ctx, "DELETE FROM trajectory_links WHERE trajectory_id = ? AND organisation_id = ?", c.TrajectoryID, orgID); err != nil {
		return fmt.Errorf("unlink trajectory %d from organisation %d: %w", c.TrajectoryID, orgID, err)
	}
	return nil
}

// Linked reports whether organisation orgID is linked to trajectory id.
func Linked(ctx context.Context, q database.Querier, orgID, trajectoryID int64) (bool, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM trajectory_links WHERE trajectory_id = ? AND organisation_id = ?", trajectoryID, orgID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("need-to-know check trajectory %d org %d: %w", trajectoryID, orgID, err)
	}
	return n > 0, nil
}

// linkedClient reports whether organisation orgID is linked to any
// trajectory of the client.
func linkedClient(ctx context.Context, q database.Querier, orgID, clientID int64) (bool, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM trajectory_links WHERE client_id = ? AND organisation_id = ?", clientID, orgID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("need-to-know check client %d org %d: %w", clientID, orgID, err)
	}
	return n > 0, nil
}

// Scope restricts a list query to what a principal's organisation may see.
type Scope struct {
	orgID int64
}

// OrgID is the organisation the scope is limited to.
func (s Scope) OrgID() int64 { return s.orgID }

// Where returns the SQL condition and its argument that keep only clients
// with a trajectory linked to the principal's organisation; alias is the
// clients table's alias.
func (s Scope) Where(alias string) (string, any) {
	return "EXISTS (SELECT 1 FROM trajectory_links l WHERE l.client_id = " + alias + ".id AND l.organisation_id = ?)", s.orgID
}

// WhereTrajectory returns the SQL condition and its argument that keep only
// trajectories linked to the principal's organisation; alias is the
// trajectories table's alias.
func (s Scope) WhereTrajectory(alias string) (string, any) {
	return "EXISTS (SELECT 1 FROM trajectory_links l WHERE l.trajectory_id = " + alias + ".id AND l.organisation_id = ?)", s.orgID
}
