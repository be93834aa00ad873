package access

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// write writes one entry, at the end of the chain (chain.go).
func (g *Gate) write(ctx context.Context, tx *database.Tx, p Principal, clientID *int64, op Op, outcome string) error {
	r := logRow{p: p, op: op, at: g.now(), outcome: outcome}
	if clientID != nil {
		r.client = sql.NullInt64{Int64: *clientID, Valid: true}
	}
	return appendEntries(ctx, tx, []logRow{r})
}

// writeMany writes the entry of a list read: for a single client an entry
// naming it, for several an entry naming the set of them (see clientSet).
func (g *Gate) writeMany(ctx context.Context, tx *database.Tx, p Principal, ids []int64, op Op) error {
	r, err := g.listRow(ctx, tx, p, ids, op, g.now(), map[string]int64{})
	if err != nil || r == nil {
		return err
	}
	return appendEntries(ctx, tx, []logRow{*r})
}

// logRow is one access-log row to write.
type logRow struct {
	p           Principal
	op          Op
	at          time.Time
	outcome     string
	client, set sql.NullInt64 // the client, or the set of clients
	members     []int64       // the set's clients, sorted
}

// listRow makes the row for a list of ids (nil for an empty list); it
// stores the set of clients first when it is new (created notes it).
func (g *Gate) listRow(ctx context.Context, tx *database.Tx, p Principal, ids []int64, op Op, at time.Time, created map[string]int64) (*logRow, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	r := &logRow{p: p, op: op, at: at, outcome: Allowed}
	switch len(ids) {
	case 0:
		return nil, nil
	case 1:
		r.client = sql.NullInt64{Int64: ids[0], Valid: true}
	default:
		id, err := g.clientSet(ctx, tx, ids, created)
		if err != nil {
			return nil, err
		}
		r.set, r.members = sql.NullInt64{Int64: id, Valid: true}, ids
	}
	return r, nil
}

// setDigest identifies a sorted set of client ids.
func setDigest(ids []int64) string {
	h := sha256.New()
	var buf []byte
	for _, id := range ids {
		buf = strconv.AppendInt(buf[:0], id, 10)
		buf = append(buf, ',')
		h.Write(buf)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// clientSet returns the id of the stored set of exactly these clients
// (sorted, without duplicates), storing it first when it is new. Sets never
// change, so the ids of committed ones are remembered in g.sets; those made
// in this transaction go to created, for the caller to remember once the
// transaction committed.
func (g *Gate) clientSet(ctx context.Context, tx *database.Tx, ids []int64, created map[string]int64) (int64, error) {
	digest := setDigest(ids)
	if id, ok := g.sets.get(digest); ok {
		return id, nil
	}
	if id, ok := created[digest]; ok {
		return id, nil
	}
	// Two requests may store the same new set at once (on PostgreSQL in
	// two transactions): the one that loses the race takes the winner's.
	var id int64
	err := tx.QueryRow(ctx, "INSERT INTO access_client_sets (digest, size) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING RETURNING id", digest, len(ids)).Scan(&id)
	if errors.Is(err, database.ErrNoRows) {
		if err := tx.QueryRow(ctx, "SELECT id FROM access_client_sets WHERE digest = ?", digest).Scan(&id); err != nil {
			return 0, fmt.Errorf("access log client set: %w", err)
		}
		created[digest] = id // not yet known to be committed: the caller decides
		return id, nil
	}
	if err != nil {
		return 0, fmt.Errorf("access log client set of %d: %w", len(ids), err)
	}
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		q := "INSERT INTO access_client_set_members (set_id, client_id) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(part)), ", ")
		args := make([]any, 0, 2*len(part))
		for _, c := range part {
			args = append(args, id, c)
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return 0, fmt.Errorf("access log client set of %d: %w", len(ids), err)
		}
	}
	created[digest] = id
	return id, nil
}

// setIDs remembers the ids of committed client sets by digest; bounded, it
// starts over when full (a forgotten set is found again in the database).
type setIDs struct {
	mu sync.Mutex
	m  map[string]int64
}

func (s *setIDs) get(digest string) (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.m[digest]
	return id, ok
}

func (s *setIDs) put(m map[string]int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil || len(s.m)+len(m) > 50000 {
		s.m = make(map[string]int64, len(m))
	}
	maps.Copy(s.m, m)
}

// logFailure records, in a transaction of its own, that an allowed access
// failed and changed nothing.
func (g *Gate) logFailure(ctx context.Context, p Principal, clientID *int64, op Op) {
	err := g.DB.Do(context.WithoutCancel(ctx), func(tx *database.Tx) error { return g.write(ctx, tx, p, clientID, op, Failed) })
	if err != nil {
		slog.Error("access log: could not record a failed access", "err", err)
	}
}

// Filter selects access-log entries: of one client, or of one user.
type Filter struct {
	ClientID int64
	UserID   int64
	// AfterID keeps the entries after entry AfterID only (0: all): what
	// was logged since a known point. Not with ClientID.
	AfterID int64
	Limit   int // 0: no limit
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
		return nil, g.refuse(ctx, p, cid, op)
	}
	var out []Entry
	err := g.DB.Do(ctx, func(tx *database.Tx) error {
		var err error
		if out, err = Entries(ctx, tx, f); err != nil {
			return err
		}
		return g.write(ctx, tx, p, cid, op, Allowed)
	})
	return out, err
}

// Entries reads log entries inside a transaction the Gate handed out (the
// client page shows its own client's trail this way), newest first. An
// entry for a set of clients comes back as one entry per client, with the
// same id.
func Entries(ctx context.Context, tx database.Querier, f Filter) ([]Entry, error) {
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT " + strconv.Itoa(f.Limit)
	}
	if f.ClientID == 0 {
		q := entryCols("COALESCE(a.client_id, m.client_id, 0)") + ` FROM access_log a LEFT JOIN access_client_set_members m ON m.set_id = a.client_set_id`
		var args []any
		var where []string
		if f.UserID != 0 {
			where, args = append(where, "a.user_id = ?"), append(args, f.UserID)
		}
		if f.AfterID != 0 {
			where, args = append(where, "a.id > ?"), append(args, f.AfterID)
		}
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		return scanEntries(ctx, tx, f, q+" ORDER BY a.id DESC, 8"+limit, args...)
	}
	// One client: its own entries, then those of the sets it is in. A youth
	// collects a set each time a list it is on changes, so the sets are
	// visited newest view first (one index probe each) and reading stops as
	// soon as no further set can have an entry among the Limit newest.
	out, err := scanEntries(ctx, tx, f, entryCols("a.client_id")+" FROM access_log a WHERE a.client_id = ? ORDER BY a.id DESC"+limit, f.ClientID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT m.set_id, (SELECT MAX(a.id) FROM access_log a WHERE a.client_set_id = m.set_id) AS last
		FROM access_client_set_members m WHERE m.client_id = ? ORDER BY 2 DESC`, f.ClientID)
	if err != nil {
		return nil, fmt.Errorf("read access log %+v: %w", f, err)
	}
	type setLast struct{ set, last int64 }
	var sets []setLast
	for rows.Next() {
		var sl setLast
		var last sql.NullInt64
		if err := rows.Scan(&sl.set, &last); err != nil {
			rows.Close()
			return nil, err
		}
		if last.Valid {
			sl.last = last.Int64
			sets = append(sets, sl)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byNewest := func(a, b Entry) int { return cmp.Compare(b.ID, a.ID) }
	slices.SortStableFunc(out, byNewest)
	for _, sl := range sets {
		if f.Limit > 0 && len(out) >= f.Limit && out[f.Limit-1].ID > sl.last {
			break // this set's newest entry is older than the Limit newest so far
		}
		es, err := scanEntries(ctx, tx, f, entryCols("CAST(? AS BIGINT)")+" FROM access_log a WHERE a.client_set_id = ? ORDER BY a.id DESC"+limit, f.ClientID, sl.set)
		if err != nil {
			return nil, err
		}
		out = append(out, es...)
		slices.SortStableFunc(out, byNewest)
		if f.Limit > 0 && len(out) > f.Limit {
			out = out[:f.Limit]
		}
	}
	return out, nil
}

// entryCols is the column list of an Entry, with client as its client.
func entryCols(client string) string {
	return `SELECT a.id, a.at, COALESCE(a.user_id, 0), a.user_email, COALESCE(a.organisation_id, 0), a.organisation_name, a.on_behalf_of,
		` + client + `, a.action, a.object, a.purpose, a.outcome, a.channel, a.source`
}

func scanEntries(ctx context.Context, tx database.Querier, f Filter, q string, args ...any) ([]Entry, error) {
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

// CountEntries counts all log entries, an entry for a set of clients as one
// per client; for tests and metrics.
func CountEntries(ctx context.Context, db *database.DB) (int, error) {
	var n int
	err := db.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM access_log WHERE client_set_id IS NULL)
		+ (SELECT COALESCE(SUM(s.size), 0) FROM access_log a JOIN access_client_sets s ON s.id = a.client_set_id)`).Scan(&n)
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
