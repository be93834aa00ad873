package database_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	db := dbtest.New(t)
	n, err := db.Migrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("second Migrate applied %d migrations, want 0", n)
	}
}

func TestDoRollsBackOnError(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?)", "Gemeente X", "gemeente", time.Now().UTC()); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Do returned %v, want boom", err)
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM organisations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("rolled-back insert is visible: %d rows", n)
	}
}

func TestAccessLogIsAppendOnly(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	err := db.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO access_log (at, user_email, organisation_name, on_behalf_of, action, object, purpose, outcome, channel, source)
			VALUES (?, 'a@example.nl', 'Org', 'Org', 'lezen', 'client', 'zorgverlening', 'toegestaan', 'web', '127.0.0.1')`, time.Now().UTC())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE access_log SET outcome = 'geweigerd'", "DELETE FROM access_log"} {
		err := db.Do(ctx, func(tx *database.Tx) error { _, err := tx.Exec(ctx, q); return err })
		if err == nil {
			t.Errorf("%s succeeded on the append-only access log", q)
		}
	}
	var outcome string
	if err := db.QueryRow(ctx, "SELECT outcome FROM access_log").Scan(&outcome); err != nil || outcome != "toegestaan" {
		t.Fatalf("entry changed: %q, %v", outcome, err)
	}
}

func TestTimesAndDatesRoundTrip(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 29, 1, 30, 15, 123000000, time.UTC)
	var orgID int64
	err := db.Do(ctx, func(tx *database.Tx) error {
		var err error
		orgID, err = tx.InsertID(ctx, "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?)", "Gemeente Tilburg", "gemeente", at)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO clients (bsn, given_name, family_name, birth_date, street, house_number, postcode, city, municipality_id, created_at, updated_at)
			VALUES ('111222333', 'A', 'B', ?, 'S', '1', '5000AA', 'Tilburg', ?, ?, ?)`, "2013-02-28", orgID, at, at)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var created, birth time.Time
	if err := db.QueryRow(ctx, "SELECT o.created_at, c.birth_date FROM organisations o JOIN clients c ON c.municipality_id = o.id").Scan(&created, &birth); err != nil {
		t.Fatal(err)
	}
	if !created.Equal(at) {
		t.Errorf("timestamp round trip: got %v, want %v", created, at)
	}
	if got := birth.Format("2006-01-02"); got != "2013-02-28" {
		t.Errorf("date round trip: got %s", got)
	}
}

func TestRebind(t *testing.T) {
	db := &database.DB{Dialect: database.Postgres}
	got := db.Rebind("SELECT '?' , a FROM t WHERE b = ? AND c IN (?, ?)")
	want := "SELECT '?' , a FROM t WHERE b = $1 AND c IN ($2, $3)"
	if got != want {
		t.Fatalf("Rebind = %q, want %q", got, want)
	}
	if s := (&database.DB{Dialect: database.SQLite}).Rebind("a = ?"); s != "a = ?" {
		t.Fatalf("sqlite rebind changed the query: %q", s)
	}
}
