package database_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

// SQLite is opened as the package doc says: WAL, synchronous=FULL on the
// single writer, a read pool that cannot write; and what Do committed is
// there after the database was closed and opened again.
func TestSQLiteCommitSurvivesReopening(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	open := func() *database.DB {
		t.Helper()
		db, err := database.Open(ctx, "sqlite:"+path)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	var mode string
	var sync int
	if err := db.W.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q (%v), want wal", mode, err)
	}
	if err := db.W.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil || sync != 2 {
		t.Fatalf("writer synchronous = %d (%v), want 2 (FULL)", sync, err)
	}
	if n := db.W.Stats().MaxOpenConnections; n != 1 {
		t.Fatalf("writer pool of %d connections, want 1", n)
	}
	if err := db.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "CREATE TABLE t (v TEXT)"); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO t VALUES ('bewaard')")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.R.ExecContext(ctx, "INSERT INTO t VALUES ('via de leespool')"); err == nil {
		t.Fatal("the read pool wrote")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = open()
	defer db.Close()
	var v string
	if err := db.QueryRow(ctx, "SELECT v FROM t").Scan(&v); err != nil || v != "bewaard" {
		t.Fatalf("after reopening: %q, %v", v, err)
	}
}

// A Read transaction cannot write, on either engine.
func TestReadIsReadOnly(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	err := db.Read(ctx, func(tx *database.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM organisations").Scan(&n); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO organisations (name, kind, created_at) VALUES (?, ?, ?)", "Gemeente X", "gemeente", time.Now().UTC()); err == nil {
			t.Error("a read transaction wrote")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM organisations").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d organisations after a read transaction (%v)", n, err)
	}
}
