package access

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Entry is one row of the access log, with the NEN 7513 fields: when, who
// (user and organisation), on whose behalf, which client, what (action and
// object), why (purpose), the outcome, and through which channel from where.
type Entry struct {
	ID         int64
	At         time.Time
	UserID     int64
	UserEmail  string
	OrgID      int64
	OrgName    string
	OnBehalfOf string
	ClientID   int64 // 0: no single client (a refused list, say)
	Action     Action
	Object     string
	Purpose    Purpose
	Outcome    string
	Channel    string
	Source     string
}

const insertEntry = `INSERT INTO access_log (at, user_id, user_email, organisation_id, organisation_name, on_behalf_of, client_id, action, object, purpose, outcome, channel, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func (g *Gate) write(ctx context.Context, tx *database.Tx, p Principal, clientID *int64, op Op, outcome string) error {
	var cid any
	if clientID != nil {
		cid = *clientID
	}
	_, err := tx.Exec(ctx, insertEntry, g.now(), nullID(p.UserID), p.Email, nullID(p.OrgID), p.OrgName, p.onBehalfOf(),
		cid, string(op.Action), op.Object, string(op.Purpose), outcome, p.Channel, p.Source)
	if err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	return nil
}

// writeMany writes one entry per client in multi-row INSERTs: a list of a
// hundred youths costs a few statements, not a hundred round trips.
func (g *Gate) writeMany(ctx context.Context, tx *database.Tx, p Principal, ids []int64, op Op) error {
	return g.writeManyAt(ctx, tx, p, ids, op, g.now())
}

func (g *Gate) writeManyAt(ctx context.Context, tx *database.Tx, p Principal, ids []int64, op Op, now time.Time) error {
	const chunk = 200 // 13 parameters a row stays under SQLite's and PostgreSQL's limits
	for start := 0; start < len(ids); start += chunk {
		end := min(start+chunk, len(ids))
		var b strings.Builder
		b.WriteString("INSERT INTO access_log (at, user_id, user_email, organisation_id, organisation_name, on_behalf_of, client_id, action, object, purpose, outcome, channel, source) VALUES ")
		args := make([]any, 0, (end-start)*13)
		for i, id := range ids[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, now, nullID(p.UserID), p.Email, nullID(p.OrgID), p.OrgName, p.onBehalfOf(),
				id, string(op.Action), op.Object, string(op.Purpose), Allowed, p.Channel, p.Source)
		}
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("write access log (%d entries): %w", end-start, err)
		}
	}
	return nil
}

// logFailure records, in a transaction of its own, that an allowed access
// failed and changed nothing.
func (g *Gate) logFailure(ctx context.Context, p Principal, clientID *int64, op Op) {
	err := g.DB.DoAppendLog(context.WithoutCancel(ctx), func(tx *database.Tx) error { return g.write(ctx, tx, p, clientID, op, Failed) })
	if err != nil {
		slog.Error("access log: could not record a failed access", "err", err)
	}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Filter selects access-log entries: of one client, or of one user.
type Filter struct {
	ClientID int64
	UserID   int64
	Limit    int // 0: no limit
}

// Trail reads the access log for a privacy officer or administrator. Reading
// it is itself logged (object "toegangslog"), once per client it concerns
// when filtered by client, once without a client when filtered by user.
func (g *Gate) Trail(ctx context.Context, p Principal, f Filter, purpose Purpose) ([]Entry, error) {
	op := Op{Action: Lezen, Object: "toegangslog", Purpose: purpose}
	var cid *int64
	if f.ClientID != 0 {
		cid = &f.ClientID
	}
	if !p.CanViewAccessLog() {
		if err := g.DB.DoAppendLog(ctx, func(tx *database.Tx) error { return g.write(ctx, tx, p, cid, op, Refused) }); err != nil {
			return nil, err
		}
		return nil, ErrRefused
	}
	var out []Entry
	err := g.DB.DoAppendLog(ctx, func(tx *database.Tx) error {
		var err error
		if out, err = Entries(ctx, tx, f); err != nil {
			return err
		}
		return g.write(ctx, tx, p, cid, op, Allowed)
	})
	return out, err
}

// Entries reads log entries inside a transaction the Gate handed out (the
// client page shows its own client's trail this way).
func Entries(ctx context.Context, tx *database.Tx, f Filter) ([]Entry, error) {
	q := `SELECT id, at, COALESCE(user_id, 0), user_email, COALESCE(organisation_id, 0), organisation_name, on_behalf_of,
		COALESCE(client_id, 0), action, object, purpose, outcome, channel, source FROM access_log`
	var args []any
	switch {
	case f.ClientID != 0:
		q += " WHERE client_id = ?"
		args = append(args, f.ClientID)
	case f.UserID != 0:
		q += " WHERE user_id = ?"
		args = append(args, f.UserID)
	}
	q += " ORDER BY id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := tx.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read access log %+v: %w", f, err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var action, purpose string
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.UserEmail, &e.OrgID, &e.OrgName, &e.OnBehalfOf,
			&e.ClientID, &action, &e.Object, &purpose, &e.Outcome, &e.Channel, &e.Source); err != nil {
			return nil, err
		}
		e.Action, e.Purpose = Action(action), Purpose(purpose)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountEntries counts all log entries; for tests and metrics.
func CountEntries(ctx context.Context, db *database.DB) (int, error) {
	var n int
	err := db.QueryRow(ctx, "SELECT COUNT(*) FROM access_log").Scan(&n)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return n, err
}

// WriteCSV writes entries as CSV with a Dutch header row.
func WriteCSV(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	cell := func(v string) string {
		// Spreadsheet programs run a cell that starts with one of these as a
		// formula; a quote makes it text.
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			return "'" + v
		}
		return v
	}
	cw.Write([]string{"id", "tijdstip_utc", "gebruiker_id", "gebruiker", "organisatie", "namens", "client_id", "actie", "object", "doel", "uitkomst", "kanaal", "bron"})
	for _, e := range entries {
		cw.Write([]string{
			strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), strconv.FormatInt(e.UserID, 10), cell(e.UserEmail), cell(e.OrgName), cell(e.OnBehalfOf),
			strconv.FormatInt(e.ClientID, 10), string(e.Action), cell(e.Object), string(e.Purpose), e.Outcome, cell(e.Channel), cell(e.Source),
		})
	}
	cw.Flush()
	return cw.Error()
}
