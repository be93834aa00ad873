package access_test

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// buildLog writes a log through the Gate the way the application does: a
// single read, a refusal, a failed change, a list in its own transaction
// (a set of youths), list and page reads committed together by the group
// commit (sets and single youths), and the privacy officer reading a trail
// and a refused trail. It returns the youths of the lists.
func buildLog(t *testing.T, f fixture) []int64 {
	t.Helper()
	ctx := context.Background()
	toegang := principal(f.linked, access.Toegangsmedewerker)
	read := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Hulpverlening}
	noop := func(*database.Tx, access.View) error { return nil }
	if err := f.gate.Client(ctx, toegang, f.client, read, noop); err != nil {
		t.Fatal(err)
	}
	if err := f.gate.Client(ctx, principal(f.other, access.Jeugdhulpaanbieder), f.client, read, noop); !errors.Is(err, access.ErrRefused) {
		t.Fatalf("unlinked read: %v", err)
	}
	change := access.Op{Action: access.Wijzigen, Object: "client.adres", Purpose: access.Hulpverlening}
	if err := f.gate.Client(ctx, toegang, f.client, change, func(*database.Tx, access.View) error { return errors.New("halfway") }); err == nil {
		t.Fatal("failed change returned nil")
	}
	ids := append([]int64{f.client}, moreClients(t, f, "123456782", "111222334")...)
	list := access.Op{Action: access.Lijst, Object: "client", Purpose: access.Hulpverlening}
	if err := f.gate.List(ctx, toegang, list, func(*database.Tx, access.Scope, access.View) ([]int64, error) { return ids, nil }); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for i := range 12 {
		shown := [][]int64{ids, ids[:2], ids[1:2]}[i%3]
		wg.Go(func() {
			errs <- f.gate.ListRead(ctx, toegang, list, func(database.Querier, access.Scope, access.View) ([]int64, error) { return shown, nil })
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.gate.Trail(ctx, principal(f.linked, access.Privacy), access.Filter{ClientID: f.client}, access.PrivacyOnderzoek); err != nil {
		t.Fatal(err)
	}
	if _, err := f.gate.Trail(ctx, toegang, access.Filter{}, access.Hulpverlening); !errors.Is(err, access.ErrRefused) {
		t.Fatalf("trail by the Toegang: %v", err)
	}
	return ids
}

func verify(t *testing.T, db *database.DB) access.Verdict {
	t.Helper()
	v, err := access.VerifyChain(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func queryInt(t *testing.T, db *database.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// tamper runs q as someone with the owner's rights would: the append-only
// triggers of table dropped first (their names as migrate.go makes them).
func tamper(t *testing.T, db *database.DB, table, q string, args ...any) {
	t.Helper()
	ctx := context.Background()
	drops := []string{"DROP TRIGGER " + table + "_no_update", "DROP TRIGGER " + table + "_no_delete"}
	if db.Dialect == database.Postgres {
		drops = []string{"DROP TRIGGER " + table + "_append_only ON " + table}
	}
	err := db.Do(ctx, func(tx *database.Tx) error {
		for _, d := range drops {
			if _, err := tx.Exec(ctx, d); err != nil {
				return err
			}
		}
		res, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			t.Fatalf("%s changed %d rows (%v), want 1", q, n, err)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

func TestChainOfUntouchedLogHolds(t *testing.T) {
	f := setup(t)
	if v := verify(t, f.db); !v.Intact() || v.Entries != 0 {
		t.Fatalf("empty log: %+v", v)
	}
	buildLog(t, f)
	rows := queryInt(t, f.db, "SELECT COUNT(*) FROM access_log")
	if rows < 15 || queryInt(t, f.db, "SELECT COUNT(*) FROM access_log WHERE client_set_id IS NOT NULL") < 2 {
		t.Fatalf("the log has %d rows; the test wants a log with sets", rows)
	}
	if n := queryInt(t, f.db, "SELECT COUNT(*) FROM access_log WHERE hash IS NULL OR prev_hash IS NULL OR LENGTH(hash) <> 64"); n != 0 {
		t.Fatalf("%d entries without a hash", n)
	}
	v := verify(t, f.db)
	if !v.Intact() || int64(v.Entries) != rows || v.LastID != queryInt(t, f.db, "SELECT MAX(id) FROM access_log") {
		t.Fatalf("untouched log: %+v, %d rows", v, rows)
	}
	var head string
	f.db.QueryRow(context.Background(), "SELECT hash FROM access_log_head").Scan(&head)
	if v.LastHash != head {
		t.Fatalf("last hash %s, head %s", v.LastHash, head)
	}
}

func TestChainNamesTheChangedEntry(t *testing.T) {
	// Each kind of entry: a refusal, a set entry, a single youth of the
	// group commit, the last one.
	for _, where := range []string{"outcome = 'geweigerd'", "client_set_id IS NOT NULL", "action = 'lijst' AND client_id IS NOT NULL", "1 = 1"} {
		t.Run(where, func(t *testing.T) {
			f := setup(t)
			buildLog(t, f)
			id := queryInt(t, f.db, "SELECT MAX(id) FROM access_log WHERE "+where)
			tamper(t, f.db, "access_log", "UPDATE access_log SET purpose = 'beheer' WHERE id = ?", id)
			v := verify(t, f.db)
			if v.Broken != id || !strings.Contains(v.Reason, "regel "+strconv.FormatInt(id, 10)) || !strings.Contains(v.Reason, "gewijzigd") {
				t.Fatalf("changed entry %d: %+v", id, v)
			}
		})
	}
}

func TestChainFindsADeletedEntry(t *testing.T) {
	f := setup(t)
	buildLog(t, f)
	ctx := context.Background()
	id := queryInt(t, f.db, "SELECT MIN(id) FROM access_log WHERE client_set_id IS NOT NULL")
	tamper(t, f.db, "access_log", "DELETE FROM access_log WHERE id = ?", id)
	next := queryInt(t, f.db, "SELECT MIN(id) FROM access_log WHERE id > ?", id)
	v := verify(t, f.db)
	if v.Broken != next || !strings.Contains(v.Reason, "verwijderd") {
		t.Fatalf("deleted entry %d, want the break at %d: %+v", id, next, v)
	}
	// The last entry deleted: the head of the chain names it.
	f = setup(t)
	buildLog(t, f)
	last := queryInt(t, f.db, "SELECT MAX(id) FROM access_log")
	tamper(t, f.db, "access_log", "DELETE FROM access_log WHERE id = ?", last)
	if v := verify(t, f.db); v.Broken != last || !strings.Contains(v.Reason, "ontbreekt") {
		t.Fatalf("deleted last entry %d: %+v", last, v)
	}
	// An entry inserted behind the application's back (no trigger stops an
	// INSERT) has no hash.
	f = setup(t)
	buildLog(t, f)
	forged := queryInt(t, f.db, "SELECT MAX(id) FROM access_log") + 1
	err := f.db.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO access_log (id, at, user_email, organisation_name, on_behalf_of, action, object, purpose, outcome, channel, source)
			VALUES (?, ?, 'x@example.nl', 'Org', 'Org', 'lezen', 'client', 'hulpverlening', 'toegestaan', 'web', '127.0.0.1')`, forged, time.Now().UTC())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := verify(t, f.db); v.Broken != forged {
		t.Fatalf("forged entry %d: %+v", forged, v)
	}
}

func TestChainFindsAChangedSetOfYouths(t *testing.T) {
	f := setup(t)
	ids := buildLog(t, f)
	set := queryInt(t, f.db, "SELECT client_set_id FROM access_log WHERE client_set_id IS NOT NULL ORDER BY id LIMIT 1")
	first := queryInt(t, f.db, "SELECT MIN(id) FROM access_log WHERE client_set_id = ?", set)
	tamper(t, f.db, "access_client_set_members", "UPDATE access_client_set_members SET client_id = 999999 WHERE set_id = ? AND client_id = ?", set, ids[0])
	v := verify(t, f.db)
	if v.Broken != first || !strings.Contains(v.Reason, "set") {
		t.Fatalf("changed set %d, first named by entry %d: %+v", set, first, v)
	}
}

// The entries from before the chain (the migration marks them) are linked
// by the first write after it: intact before and after, and a change to
// one of them breaks the link of the first chained entry.
func TestChainCoversEntriesFromBeforeIt(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	err := f.db.Do(ctx, func(tx *database.Tx) error {
		for i := range 3 {
			_, err := tx.Exec(ctx, `INSERT INTO access_log (at, user_id, user_email, organisation_id, organisation_name, on_behalf_of, client_id, action, object, purpose, outcome, channel, source)
				VALUES (?, 7, 'oud@example.nl', ?, 'Org', 'Org', ?, 'lezen', 'client', 'hulpverlening', 'toegestaan', 'web', '127.0.0.1')`,
				time.Date(2025, 1, 2, 3, 4, 5, i*1000, time.UTC), f.linked, f.client)
			if err != nil {
				return err
			}
		}
		// What the migration does to a log that has entries.
		if _, err := tx.Exec(ctx, "DELETE FROM access_log_head"); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO access_log_head (id, legacy_until, last_id, hash) SELECT 1, COALESCE(MAX(id), 0), COALESCE(MAX(id), 0), NULL FROM access_log")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := verify(t, f.db); !v.Intact() || v.Entries != 3 {
		t.Fatalf("old entries only: %+v", v)
	}
	buildLog(t, f)
	if v := verify(t, f.db); !v.Intact() {
		t.Fatalf("old and new entries: %+v", v)
	}
	var prev string
	firstNew := queryInt(t, f.db, "SELECT MIN(id) FROM access_log WHERE hash IS NOT NULL")
	f.db.QueryRow(ctx, "SELECT prev_hash FROM access_log WHERE id = ?", firstNew).Scan(&prev)
	if len(prev) != 64 {
		t.Fatalf("first chained entry %d links to %q, want the old entries' hash", firstNew, prev)
	}
	tamper(t, f.db, "access_log", "UPDATE access_log SET user_email = 'ander@example.nl' WHERE id = 2")
	if v := verify(t, f.db); v.Broken != firstNew || !strings.Contains(v.Reason, "vóór de keten") {
		t.Fatalf("changed old entry: %+v, want the break at %d", v, firstNew)
	}
}

// Writers at the same moment, in transactions of their own and through the
// group commit, each take their turn on the chain (on PostgreSQL the head
// row's lock): no entry is lost and the chain holds.
func TestChainHoldsUnderConcurrentWriters(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	ids := append([]int64{f.client}, moreClients(t, f, "123456782")...)
	toegang := principal(f.linked, access.Toegangsmedewerker)
	read := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Hulpverlening}
	list := access.Op{Action: access.Lijst, Object: "client", Purpose: access.Hulpverlening}
	const writers, each = 8, 10
	errs := make(chan error, writers*each)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				switch (w + i) % 3 {
				case 0:
					errs <- f.gate.Client(ctx, toegang, f.client, read, func(*database.Tx, access.View) error {
						time.Sleep(time.Millisecond) // keep the transactions open together
						return nil
					})
				case 1:
					errs <- f.gate.List(ctx, toegang, list, func(*database.Tx, access.Scope, access.View) ([]int64, error) { return ids, nil })
				default:
					errs <- f.gate.ListRead(ctx, toegang, list, func(database.Querier, access.Scope, access.View) ([]int64, error) { return ids[:1], nil })
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	v := verify(t, f.db)
	if !v.Intact() || v.Entries != writers*each {
		t.Fatalf("%+v, want %d intact entries", v, writers*each)
	}
}

// The hash is the one chain.go documents, computed here independently: a
// change of encoding would make every stored log fail to verify.
func TestChainHashEncoding(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	f.gate.Now = func() time.Time { return time.Date(2026, 3, 1, 11, 0, 0, 123456789, time.FixedZone("CET", 3600)) }
	toegang := principal(f.linked, access.Toegangsmedewerker)
	if _, err := f.gate.Trail(ctx, toegang, access.Filter{}, access.Hulpverlening); !errors.Is(err, access.ErrRefused) {
		t.Fatal(err)
	}
	ids := append([]int64{f.client}, moreClients(t, f, "123456782")...)
	list := access.Op{Action: access.Lijst, Object: "client", Purpose: access.Hulpverlening}
	if err := f.gate.List(ctx, toegang, list, func(*database.Tx, access.Scope, access.View) ([]int64, error) { return []int64{ids[1], ids[0]}, nil }); err != nil {
		t.Fatal(err)
	}
	enc := func(fields ...string) string {
		h := sha256.New()
		h.Write([]byte("jeugdhulp-toegangslog-v1"))
		for _, s := range fields {
			h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(s))))
			h.Write([]byte(s))
		}
		return hex.EncodeToString(h.Sum(nil))
	}
	d := strconv.FormatInt
	org := d(f.linked, 10)
	first := enc("", "1", "2026-03-01T10:00:00.123456Z", "7", "a@example.nl", org, "Org", "Org", "", "", "", "",
		"lezen", "toegangslog", "hulpverlening", "geweigerd", "test", "127.0.0.1")
	var set int64
	var stored1, stored2, prev2 string
	f.db.QueryRow(ctx, "SELECT hash FROM access_log WHERE id = 1").Scan(&stored1)
	f.db.QueryRow(ctx, "SELECT client_set_id, prev_hash, hash FROM access_log WHERE id = 2").Scan(&set, &prev2, &stored2)
	second := enc(first, "2", "2026-03-01T10:00:00.123456Z", "7", "a@example.nl", org, "Org", "Org", "", d(set, 10), d(ids[0], 10)+","+d(ids[1], 10), "",
		"lijst", "client", "hulpverlening", "toegestaan", "test", "127.0.0.1")
	if stored1 != first || prev2 != first || stored2 != second {
		t.Fatalf("stored %s, %s→%s; want %s, %s", stored1, prev2, stored2, first, second)
	}
	var at time.Time
	f.db.QueryRow(ctx, "SELECT at FROM access_log WHERE id = 1").Scan(&at)
	if !at.Equal(time.Date(2026, 3, 1, 10, 0, 0, 123456000, time.UTC)) {
		t.Fatalf("stored at %v", at)
	}
}
