package traject

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
)

// The functions below are for the packages that carry work beside the
// referral route on the same trajectory (segment1): they read the
// trajectory and write its history in the caller's transaction, which
// has passed the access gate for that trajectory. The route's own steps
// stay with the Service.

// EventSegment1 is an event of segment-1 coordination (package segment1).
const EventSegment1 EventKind = "segment1"

// Read reads trajectory id in the caller's transaction; ErrNotFound when
// there is none.
func Read(ctx context.Context, q database.Querier, id int64) (Trajectory, error) {
	t, err := scanTrajectory(q.QueryRow(ctx, selectTrajectory+" WHERE id = ?", id))
	if errors.Is(err, database.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("read trajectory %d: %w", id, err)
	}
	return t, nil
}

// ReadIPVA reads the stored IPVA of trajectory id in the caller's
// transaction, as its author saved it (an empty IPVA when none was saved).
func ReadIPVA(ctx context.Context, q database.Querier, id int64) (ipva.IPVA, error) {
	var raw string
	if err := q.QueryRow(ctx, "SELECT ipva_json FROM trajectories WHERE id = ?", id).Scan(&raw); err != nil {
		return ipva.IPVA{}, fmt.Errorf("IPVA of trajectory %d: %w", id, err)
	}
	var doc ipva.IPVA
	if raw == "" {
		return doc, nil
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		return doc, fmt.Errorf("IPVA of trajectory %d: %w", id, err)
	}
	return doc, nil
}

// RecordEvent appends an event to trajectory id's history in the caller's
// transaction, as done by p at the given moment.
func RecordEvent(ctx context.Context, tx *database.Tx, p access.Principal, id int64, kind EventKind, what string, at time.Time) error {
	var user, org any
	if p.UserID != 0 {
		user = p.UserID
	}
	if p.OrgID != 0 {
		org = p.OrgID
	}
	_, err := tx.Exec(ctx, "INSERT INTO events (trajectory_id, at, kind, what, user_id, organisation_id) VALUES (?, ?, ?, ?, ?, ?)",
		id, at.UTC(), string(kind), what, user, org)
	if err != nil {
		return fmt.Errorf("record %s event on trajectory %d: %w", kind, id, err)
	}
	return nil
}
