// Package berichten is the store of the iJw messages the system writes and
// receives: each message as sent, with its sender, receiver, identification,
// the provider's reference of a verzoek, and the trajectory it belongs to.
// It is the one place a later outbox and inbox (transport between
// organisations, retours, dedupe) will grow from; domain packages hand it
// typed messages from package ijw and never touch XML themselves.
package berichten

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// Directions: a message the system writes for one of its organisations
// ("uit") or one it received from outside ("in").
const (
	Uit = "uit"
	In  = "in"
)

// Bericht is one stored message.
type Bericht struct {
	ID            int64
	TrajectoryID  int64
	ToewijzingID  int64
	Direction     string
	Type          ijw.MessageType
	Sender        string // AGB code or CBS code
	Receiver      string
	Identificatie string
	Referentie    string // ReferentieAanbieder of a JW315 and its answers
	XML           []byte
	CreatedAt     time.Time
}

// ErrNotFound: no such message.
var ErrNotFound = errors.New("berichten: not found")

// Write marshals m (which checks it against its XSD), stores it in the
// caller's transaction and returns the stored message. A message that
// breaks an in-message rule of the standard is refused: the system never
// sends what it would itself reject.
func Write(ctx context.Context, tx *database.Tx, m ijw.Message, b Bericht) (Bericht, error) {
	if findings := ijw.Validate(m); len(findings) > 0 {
		return b, fmt.Errorf("%s breaks rule %s: %s", m.MessageType(), findings[0].Rule.Code, findings[0].Msg)
	}
	xml, err := ijw.Marshal(m)
	if err != nil {
		return b, fmt.Errorf("marshal %s: %w", m.MessageType(), err)
	}
	h := ijw.Header(m)
	b.Type, b.Sender, b.Receiver, b.Identificatie, b.XML = m.MessageType(), h.Afzender, h.Ontvanger, h.BerichtIdentificatie.Identificatie, xml
	if b.Direction == "" {
		b.Direction = Uit
	}
	var trajectory, toewijzing any
	if b.TrajectoryID != 0 {
		trajectory = b.TrajectoryID
	}
	if b.ToewijzingID != 0 {
		toewijzing = b.ToewijzingID
	}
	b.ID, err = tx.InsertID(ctx, `INSERT INTO ijw_messages (direction, type, sender, receiver, identificatie, toewijzing_id, trajectory_id, referentie, xml, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.Direction, string(b.Type), b.Sender, b.Receiver, b.Identificatie, toewijzing, trajectory, b.Referentie, string(xml), b.CreatedAt.UTC())
	if err != nil {
		return b, fmt.Errorf("store %s %s of %s: %w", b.Type, b.Identificatie, b.Sender, err)
	}
	return b, nil
}

const cols = "id, COALESCE(trajectory_id, 0), COALESCE(toewijzing_id, 0), direction, type, sender, receiver, identificatie, referentie, xml, created_at"

func scan(sc interface{ Scan(...any) error }) (Bericht, error) {
	var b Bericht
	var typ, xml string
	err := sc.Scan(&b.ID, &b.TrajectoryID, &b.ToewijzingID, &b.Direction, &typ, &b.Sender, &b.Receiver, &b.Identificatie, &b.Referentie, &xml, &b.CreatedAt)
	b.Type, b.XML = ijw.MessageType(typ), []byte(xml)
	return b, err
}

// Of lists the messages of a trajectory, oldest first.
func Of(ctx context.Context, q database.Querier, trajectoryID int64) ([]Bericht, error) {
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM ijw_messages WHERE trajectory_id = ? ORDER BY id", trajectoryID)
	if err != nil {
		return nil, fmt.Errorf("messages of trajectory %d: %w", trajectoryID, err)
	}
	defer rows.Close()
	var out []Bericht
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("messages of trajectory %d: %w", trajectoryID, err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Latest returns the newest message of type t of a trajectory.
func Latest(ctx context.Context, q database.Querier, trajectoryID int64, t ijw.MessageType) (Bericht, error) {
	b, err := scan(q.QueryRow(ctx, "SELECT "+cols+" FROM ijw_messages WHERE trajectory_id = ? AND type = ? ORDER BY id DESC LIMIT 1", trajectoryID, string(t)))
	if errors.Is(err, sql.ErrNoRows) {
		return b, ErrNotFound
	}
	return b, err
}

// Decode reads a stored message back into its typed form.
func (b Bericht) Decode() (ijw.Message, error) {
	return ijw.Decode(bytes.NewReader(b.XML))
}

// Knowledge returns what the cross-message rules need to know, learnt from
// every stored message between the given provider (AGB code) and any
// municipality, except the message with id skip (the one being checked).
// A region's exchange with one provider is small enough to read whole; a
// storage-backed ijw.Knowledge can replace this when it is not.
func Knowledge(ctx context.Context, q database.Querier, agb string, skip int64) (ijw.Knowledge, error) {
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM ijw_messages WHERE (sender = ? OR receiver = ?) AND id <> ? ORDER BY id", agb, agb, skip)
	if err != nil {
		return nil, fmt.Errorf("messages of provider %s: %w", agb, err)
	}
	defer rows.Close()
	k := ijw.NewMemory()
	for rows.Next() {
		b, err := scan(rows)
		if err != nil {
			return nil, err
		}
		m, err := b.Decode()
		if err != nil {
			return nil, fmt.Errorf("stored %s %d: %w", b.Type, b.ID, err)
		}
		k.Record(m)
	}
	return k, rows.Err()
}

// Next returns a BerichtIdentificatie for the next message of type t of a
// trajectory: prefix, the trajectory and a sequence number, unique per
// sender and type as TR056 asks however fast messages follow each other.
func Next(ctx context.Context, q database.Querier, trajectoryID int64, t ijw.MessageType, prefix string) (string, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE trajectory_id = ? AND type = ?", trajectoryID, string(t)).Scan(&n); err != nil {
		return "", fmt.Errorf("count %s of trajectory %d: %w", t, trajectoryID, err)
	}
	return fmt.Sprintf("%s%d-%d", prefix, trajectoryID, n+1), nil
}
