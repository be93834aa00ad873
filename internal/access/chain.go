package access

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// The access log is a hash chain, so that a change made behind the
// application's back (the append-only triggers dropped, a row edited or
// deleted, a set of youths altered) is found by "jeugdhulp log verify".
//
// Every entry stores prev_hash, the hash of the entry before it in id order
// ("" for the first), and hash, the lowercase hex SHA-256 of
//
//	"jeugdhulp-toegangslog-v1" followed by 18 fields, each as a 4-byte
//	big-endian length and its bytes, in this order: prev_hash, id, at,
//	user_id, user_email, organisation_id, organisation_name, on_behalf_of,
//	client_id, client_set_id, the members of that set, trajectory_id,
//	action, object, purpose, outcome, channel, source.
//
// Numbers are decimal and a NULL is the empty field; at is UTC in RFC 3339
// with the nanoseconds the database stores (microseconds: the entry is
// written with at truncated to them, which both engines keep exactly); the
// members of a set are its client ids, sorted, joined by ",". So changing a
// set a list entry names breaks that entry's hash too.
//
// appendEntries is the only code that inserts into access_log. It reads the
// chain's head (table access_log_head: the last id and hash) and updates it
// in the inserting transaction. On SQLite the single writer serialises that;
// on PostgreSQL the head row is read with SELECT … FOR UPDATE, so concurrent
// transactions that write the log take their turn from that point until
// their commit, and ids follow the chain's order (they are taken from the
// head, not from the identity sequence).
//
// Entries older than the chain (the migration noted the highest id then as
// legacy_until) have no stored hash: the first write after the migration
// computes their chain from the rows as they are (one pass over the old log)
// and links its own entry to it, so they are covered from then on too. The
// verifier computes the same pass.

const chainTag = "jeugdhulp-toegangslog-v1"

// chainEntry is an access-log row with everything its hash covers.
type chainEntry struct {
	ID           int64
	At           time.Time
	UserID       sql.NullInt64
	UserEmail    string
	OrgID        sql.NullInt64
	OrgName      string
	OnBehalfOf   string
	ClientID     sql.NullInt64
	SetID        sql.NullInt64
	Members      []int64 // the set's clients, sorted
	TrajectoryID sql.NullInt64
	Action       string
	Object       string
	Purpose      string
	Outcome      string
	Channel      string
	Source       string
}

// hash is the entry's link in the chain after prev.
func (e *chainEntry) hash(prev string) string {
	h := sha256.New()
	h.Write([]byte(chainTag))
	var n [4]byte
	field := func(s string) {
		binary.BigEndian.PutUint32(n[:], uint32(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	nullInt := func(v sql.NullInt64) string {
		if !v.Valid {
			return ""
		}
		return strconv.FormatInt(v.Int64, 10)
	}
	members := make([]string, len(e.Members))
	for i, m := range e.Members {
		members[i] = strconv.FormatInt(m, 10)
	}
	for _, f := range []string{
		prev, strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano),
		nullInt(e.UserID), e.UserEmail, nullInt(e.OrgID), e.OrgName, e.OnBehalfOf,
		nullInt(e.ClientID), nullInt(e.SetID), strings.Join(members, ","), nullInt(e.TrajectoryID),
		e.Action, e.Object, e.Purpose, e.Outcome, e.Channel, e.Source,
	} {
		field(f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// chainHead is the row of access_log_head.
type chainHead struct {
	legacyUntil int64          // entries up to this id are older than the chain
	lastID      int64          // the last entry of the chain
	hash        sql.NullString // its hash; NULL until the first chained entry
}

func readHead(ctx context.Context, q database.Querier, forUpdate bool) (chainHead, error) {
	var h chainHead
	s := "SELECT legacy_until, last_id, hash FROM access_log_head WHERE id = 1"
	if forUpdate {
		s += " FOR UPDATE"
	}
	err := q.QueryRow(ctx, s).Scan(&h.legacyUntil, &h.lastID, &h.hash)
	if errors.Is(err, database.ErrNoRows) {
		return h, errors.New("de kop van de keten (access_log_head) ontbreekt")
	}
	return h, err
}

// maxRowsPerInsert keeps a multi-row INSERT of log rows (18 parameters
// each) well below both engines' limits on parameters.
const maxRowsPerInsert = 100

// appendEntries inserts rows into the access log at the end of the chain,
// in tx. It is the only code that inserts into access_log.
func appendEntries(ctx context.Context, tx *database.Tx, rows []logRow) error {
	if len(rows) == 0 {
		return nil
	}
	head, err := readHead(ctx, tx, tx.Dialect == database.Postgres)
	if err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	prev := head.hash.String
	if !head.hash.Valid {
		// The first chained entry: link it to the entries from before the
		// chain, computed as they stand.
		if prev, err = legacyChain(ctx, tx, head.legacyUntil); err != nil {
			return fmt.Errorf("write access log: chain of the entries before the chain: %w", err)
		}
	}
	// Ids come from the head, so they follow the chain; MAX(id) guards
	// against a row someone inserted outside it.
	var maxID int64
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM access_log").Scan(&maxID); err != nil {
		return fmt.Errorf("write access log: %w", err)
	}
	next := max(head.lastID, maxID) + 1
	for start := 0; start < len(rows); start += maxRowsPerInsert {
		part := rows[start:min(start+maxRowsPerInsert, len(rows))]
		q := `INSERT INTO access_log (id, at, user_id, user_email, organisation_id, organisation_name, on_behalf_of, client_id, client_set_id, trajectory_id, action, object, purpose, outcome, channel, source, prev_hash, hash) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", len(part)), ", ")
		args := make([]any, 0, 18*len(part))
		for _, r := range part {
			e := r.entry(next)
			h := e.hash(prev)
			args = append(args, e.ID, e.At, e.UserID, e.UserEmail, e.OrgID, e.OrgName, e.OnBehalfOf,
				e.ClientID, e.SetID, e.TrajectoryID, e.Action, e.Object, e.Purpose, e.Outcome, e.Channel, e.Source, prev, h)
			prev = h
			next++
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("write access log (%d rows): %w", len(part), err)
		}
	}
	if _, err := tx.Exec(ctx, "UPDATE access_log_head SET last_id = ?, hash = ? WHERE id = 1", next-1, prev); err != nil {
		return fmt.Errorf("write access log: chain head: %w", err)
	}
	return nil
}

// entry is the row as stored under id: at in UTC, to the microsecond
// (what PostgreSQL keeps; SQLite keeps it as given).
func (r logRow) entry(id int64) chainEntry {
	nullInt := func(v int64) sql.NullInt64 { return sql.NullInt64{Int64: v, Valid: v != 0} }
	return chainEntry{
		ID: id, At: r.at.UTC().Truncate(time.Microsecond),
		UserID: nullInt(r.p.UserID), UserEmail: r.p.Email, OrgID: nullInt(r.p.OrgID), OrgName: r.p.OrgName, OnBehalfOf: r.p.onBehalfOf(),
		ClientID: r.client, SetID: r.set, Members: r.members, TrajectoryID: nullInt(r.op.Trajectory),
		Action: string(r.op.Action), Object: r.op.Object, Purpose: string(r.op.Purpose), Outcome: r.outcome,
		Channel: r.p.Channel, Source: r.p.Source,
	}
}

// legacyChain is the hash of the last entry up to id upTo, chained from ""
// over the entries as they are stored.
func legacyChain(ctx context.Context, q database.Querier, upTo int64) (string, error) {
	prev := ""
	if upTo == 0 {
		return prev, nil
	}
	err := walkLog(ctx, q, upTo, func(e *chainEntry, _ storedLink) error {
		prev = e.hash(prev)
		return nil
	})
	return prev, err
}

// storedLink is what an entry stores of the chain.
type storedLink struct{ prev, hash sql.NullString }

// walkLog calls fn for every entry in id order, up to id upTo (0: all), with
// the members of the set it names. It reads in batches and never has two
// queries open at once (PostgreSQL's connection runs one at a time).
func walkLog(ctx context.Context, q database.Querier, upTo int64, fn func(e *chainEntry, l storedLink) error) error {
	const batch = 1000
	members := map[int64][]int64{}
	var after int64
	for {
		s := `SELECT id, at, user_id, user_email, organisation_id, organisation_name, on_behalf_of, client_id, client_set_id, trajectory_id,
			action, object, purpose, outcome, channel, source, prev_hash, hash FROM access_log WHERE id > ?`
		args := []any{after}
		if upTo > 0 {
			s += " AND id <= ?"
			args = append(args, upTo)
		}
		rows, err := q.Query(ctx, s+" ORDER BY id LIMIT "+strconv.Itoa(batch), args...)
		if err != nil {
			return fmt.Errorf("read access log: %w", err)
		}
		var es []chainEntry
		var ls []storedLink
		for rows.Next() {
			var e chainEntry
			var l storedLink
			if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.UserEmail, &e.OrgID, &e.OrgName, &e.OnBehalfOf, &e.ClientID, &e.SetID, &e.TrajectoryID,
				&e.Action, &e.Object, &e.Purpose, &e.Outcome, &e.Channel, &e.Source, &l.prev, &l.hash); err != nil {
				rows.Close()
				return fmt.Errorf("read access log: %w", err)
			}
			es, ls = append(es, e), append(ls, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read access log: %w", err)
		}
		if len(es) == 0 {
			return nil
		}
		// The members of the sets this batch names, once per set.
		var missing []int64
		for _, e := range es {
			if _, ok := members[e.SetID.Int64]; e.SetID.Valid && !ok && !slices.Contains(missing, e.SetID.Int64) {
				missing = append(missing, e.SetID.Int64)
			}
		}
		if len(missing) > 0 {
			if len(members) > 10000 {
				clear(members) // bounded: a forgotten set is read again
			}
			if err := readMembers(ctx, q, missing, members); err != nil {
				return err
			}
		}
		for i := range es {
			if es[i].SetID.Valid {
				es[i].Members = members[es[i].SetID.Int64]
			}
			if err := fn(&es[i], ls[i]); err != nil {
				return err
			}
		}
		after = es[len(es)-1].ID
		if len(es) < batch {
			return nil
		}
	}
}

// readMembers puts the sorted members of the sets into m (an empty list for
// a set without members).
func readMembers(ctx context.Context, q database.Querier, sets []int64, m map[int64][]int64) error {
	args := make([]any, len(sets))
	for i, s := range sets {
		args[i] = s
		m[s] = []int64{}
	}
	rows, err := q.Query(ctx, "SELECT set_id, client_id FROM access_client_set_members WHERE set_id IN ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(sets)), ", ")+")", args...)
	if err != nil {
		return fmt.Errorf("read access log client sets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s, c int64
		if err := rows.Scan(&s, &c); err != nil {
			return fmt.Errorf("read access log client sets: %w", err)
		}
		m[s] = append(m[s], c)
	}
	for _, s := range sets {
		slices.Sort(m[s])
	}
	return rows.Err()
}

// Verdict is the outcome of VerifyChain.
type Verdict struct {
	Entries  int    // entries read
	LastID   int64  // the last entry
	LastHash string // its hash (of the entries from before the chain: computed)
	// Broken is the id of the first entry whose link does not hold (0 when
	// the chain is intact); Reason says why, in Dutch.
	Broken int64
	Reason string
}

// Intact reports whether every link holds.
func (v Verdict) Intact() bool { return v.Broken == 0 }

// VerifyChain walks the access log in id order, recomputes every entry's
// hash and reports the first link that does not hold: an entry changed (its
// hash does not match its content, or the set of youths it names), an entry
// missing or inserted before it (its prev_hash is not the hash of the entry
// before it), an entry written outside the chain, or entries missing at the
// end (the head of the chain names a later one). It reads one snapshot.
func VerifyChain(ctx context.Context, db *database.DB) (Verdict, error) {
	var v Verdict
	err := db.Read(ctx, func(tx *database.Tx) error {
		v = Verdict{}
		if tx.Dialect == database.Postgres {
			// One snapshot for the head and every batch.
			if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); err != nil {
				return err
			}
		}
		head, err := readHead(ctx, tx, false)
		if err != nil {
			return err
		}
		errBroken := errors.New("broken")
		broken := func(id int64, format string, args ...any) error {
			v.Broken, v.Reason = id, fmt.Sprintf(format, args...)
			return errBroken
		}
		prev := ""
		err = walkLog(ctx, tx, 0, func(e *chainEntry, l storedLink) error {
			before := "het begin van het log"
			if v.LastID != 0 {
				before = fmt.Sprintf("regel %d", v.LastID)
			}
			h := e.hash(prev)
			switch {
			case e.ID <= head.legacyUntil:
				if l.hash.Valid || l.prev.Valid {
					return broken(e.ID, "regel %d is van vóór de keten maar draagt een hash: buiten de applicatie om gewijzigd", e.ID)
				}
				prev = h // stored without hash: its link is computed
			case !l.hash.Valid:
				return broken(e.ID, "regel %d heeft geen hash: buiten de applicatie om toegevoegd", e.ID)
			case !l.prev.Valid || l.prev.String != prev:
				if v.LastID != 0 && v.LastID <= head.legacyUntil {
					return broken(e.ID, "regel %d sluit niet aan op %s: een regel van vóór de keten (tot en met id %d) is gewijzigd, verwijderd of ingevoegd", e.ID, before, head.legacyUntil)
				}
				return broken(e.ID, "regel %d sluit niet aan op %s: een regel daartussen is verwijderd of ingevoegd, of %s is herschreven", e.ID, before, before)
			case l.hash.String != h:
				if e.SetID.Valid {
					return broken(e.ID, "de inhoud van regel %d klopt niet met haar hash: de regel of de set jeugdigen (set %d) die ze noemt is gewijzigd", e.ID, e.SetID.Int64)
				}
				return broken(e.ID, "de inhoud van regel %d klopt niet met haar hash: de regel is gewijzigd", e.ID)
			default:
				prev = h
			}
			v.Entries++
			v.LastID, v.LastHash = e.ID, prev
			return nil
		})
		if errors.Is(err, errBroken) {
			return nil
		}
		if err != nil {
			return err
		}
		// The head names the last entry written through the application.
		switch {
		case v.LastID < head.lastID:
			return broken(head.lastID, "regel %d, volgens de kop van de keten de laatste, ontbreekt: de laatste regel(s) na regel %d zijn verwijderd", head.lastID, v.LastID)
		case v.LastID > head.lastID:
			return broken(v.LastID, "regel %d staat na de laatste regel volgens de kop van de keten (regel %d): buiten de applicatie om toegevoegd", v.LastID, head.lastID)
		case head.hash.Valid && head.hash.String != v.LastHash:
			return broken(v.LastID, "de laatste regel %d klopt niet met de kop van de keten: de regel is herschreven", v.LastID)
		}
		return nil
	})
	if err != nil && v.Broken == 0 {
		return v, fmt.Errorf("verify access log: %w", err)
	}
	return v, nil
}
