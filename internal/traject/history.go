package traject

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// EventKind is what kind of thing happened on a trajectory. Later KPIs count
// from these (registration, decision, start, end).
type EventKind string

const (
	EventRegistratie   EventKind = "registratie"
	EventStap          EventKind = "stap"
	EventBesluit       EventKind = "besluit"
	EventToestemming   EventKind = "toestemming"
	EventOndertekening EventKind = "ondertekening"
	EventDocument      EventKind = "document"
	EventBericht       EventKind = "bericht"
	EventOverleg       EventKind = "overleg"
)

// Event is one entry of a trajectory's history.
type Event struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"tijdstip"`
	Kind         EventKind `json:"soort"`
	What         string    `json:"wat"`
	Organisation string    `json:"organisatie"`
	User         string    `json:"medewerker"`
}

// record appends an event to trajectory id's history in the caller's
// transaction, as done by p.
func (s *Service) record(ctx context.Context, tx *database.Tx, p access.Principal, id int64, kind EventKind, what string) error {
	var user, org any
	if p.UserID != 0 {
		user = p.UserID
	}
	if p.OrgID != 0 {
		org = p.OrgID
	}
	_, err := tx.Exec(ctx, "INSERT INTO events (trajectory_id, at, kind, what, user_id, organisation_id) VALUES (?, ?, ?, ?, ?, ?)",
		id, s.now(), string(kind), what, user, org)
	if err != nil {
		return fmt.Errorf("record %s event on trajectory %d: %w", kind, id, err)
	}
	return nil
}

// history reads trajectory id's events in order.
func history(ctx context.Context, q database.Querier, id int64) ([]Event, error) {
	rows, err := q.Query(ctx, `SELECT e.id, e.at, e.kind, e.what, COALESCE(o.name, ''), COALESCE(u.name, '')
		FROM events e LEFT JOIN organisations o ON o.id = e.organisation_id LEFT JOIN users u ON u.id = e.user_id
		WHERE e.trajectory_id = ? ORDER BY e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var kind string
		if err := rows.Scan(&e.ID, &e.At, &kind, &e.What, &e.Organisation, &e.User); err != nil {
			return nil, fmt.Errorf("history of trajectory %d: %w", id, err)
		}
		e.Kind = EventKind(kind)
		out = append(out, e)
	}
	return out, rows.Err()
}
