package document

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Stored is a document kept as it was sent: a decision (the beschikking) or
// a letter (the GI's bepaling jeugdhulp). This file is the only place with
// SQL on the documents table.
type Stored struct {
	ID           int64
	TrajectoryID int64
	Kind         string // one of the Kind constants
	Title        string
	PDF          []byte
	CreatedAt    time.Time
}

// ErrNotFound: no such stored document.
var ErrNotFound = errors.New("document: not found")

// Save stores a document in the caller's transaction.
func Save(ctx context.Context, tx *database.Tx, d Stored) (int64, error) {
	id, err := tx.InsertID(ctx, "INSERT INTO documents (trajectory_id, kind, title, pdf, created_at) VALUES (?, ?, ?, ?, ?)",
		d.TrajectoryID, d.Kind, d.Title, d.PDF, d.CreatedAt.UTC())
	if err != nil {
		return 0, fmt.Errorf("store %s of trajectory %d: %w", d.Kind, d.TrajectoryID, err)
	}
	return id, nil
}

// Latest returns the newest stored document of kind for a trajectory.
func Latest(ctx context.Context, q database.Querier, trajectoryID int64, kind string) (Stored, error) {
	d := Stored{TrajectoryID: trajectoryID, Kind: kind}
	err := q.QueryRow(ctx, "SELECT id, title, pdf, created_at FROM documents WHERE trajectory_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", trajectoryID, kind).
		Scan(&d.ID, &d.Title, &d.PDF, &d.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("read %s of trajectory %d: %w", kind, trajectoryID, err)
	}
	return d, nil
}

// Kinds lists the kinds of the documents stored for a trajectory, oldest
// first, without their contents.
func Kinds(ctx context.Context, q database.Querier, trajectoryID int64) ([]Stored, error) {
	rows, err := q.Query(ctx, "SELECT id, kind, title, created_at FROM documents WHERE trajectory_id = ? ORDER BY id", trajectoryID)
	if err != nil {
		return nil, fmt.Errorf("documents of trajectory %d: %w", trajectoryID, err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		d := Stored{TrajectoryID: trajectoryID}
		if err := rows.Scan(&d.ID, &d.Kind, &d.Title, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
