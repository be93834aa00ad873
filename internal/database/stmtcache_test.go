package database_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

// The statement cache must be invisible: the same answers as unprepared
// queries, also when a statement is reused while its rows are still open,
// when more texts pass than the cache holds, and after the schema changed.
func TestStatementCacheIsInvisible(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	now := time.Now().UTC()
	err := db.Do(ctx, func(tx *database.Tx) error {
		for i := range 3 {
			if _, err := tx.Exec(ctx, "INSERT INTO organisations (name, kind, created_at) VALUES (?, 'aanbieder', ?)", fmt.Sprintf("Org %d", i), now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const q = "SELECT name FROM organisations WHERE kind = ? ORDER BY name"
	// nested: reuse the text while rows are open. Inside a transaction only
	// on SQLite: PostgreSQL's protocol allows one open query per connection.
	names := func(qr database.Querier, nested bool) []string {
		t.Helper()
		rows, err := qr.Query(ctx, q, "aanbieder")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			out = append(out, n)
			if !nested {
				continue
			}
			// The same text again while these rows are open: on SQLite the
			// cached statement is busy, so this one must run on its own.
			var inner int
			if err := qr.QueryRow(ctx, "SELECT COUNT(*) FROM ("+q+") x", "aanbieder").Scan(&inner); err != nil || inner != 3 {
				t.Fatalf("nested count = %d, %v", inner, err)
			}
			rows2, err := qr.Query(ctx, q, "aanbieder")
			if err != nil {
				t.Fatal(err)
			}
			k := 0
			for rows2.Next() {
				k++
			}
			rows2.Close()
			if k != 3 {
				t.Fatalf("nested reuse of the same text saw %d rows, want 3", k)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	for range 3 {
		if got := names(db, true); fmt.Sprint(got) != "[Org 0 Org 1 Org 2]" {
			t.Fatalf("read pool: %v", got)
		}
	}
	err = db.Do(ctx, func(tx *database.Tx) error {
		if got := names(tx, db.Dialect == database.SQLite); fmt.Sprint(got) != "[Org 0 Org 1 Org 2]" {
			t.Fatalf("in a transaction: %v", got)
		}
		// More distinct texts than the cache holds.
		for i := range 300 {
			var v int
			if err := tx.QueryRow(ctx, fmt.Sprintf("SELECT %d + ?", i), 1).Scan(&v); err != nil || v != i+1 {
				return fmt.Errorf("text %d: %d, %v", i, v, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// After a schema change, a cached statement sees the new schema.
	if got := names(db, true); len(got) != 3 {
		t.Fatal(got)
	}
	err = db.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "ALTER TABLE organisations ADD COLUMN cache_test TEXT")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(cache_test) FROM organisations WHERE kind = ?", "aanbieder").Scan(&n); err != nil || n != 0 {
		t.Fatalf("after ALTER: %d, %v", n, err)
	}
	if got := names(db, true); len(got) != 3 {
		t.Fatalf("cached text after ALTER: %v", got)
	}
}
