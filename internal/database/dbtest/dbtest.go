// Package dbtest gives tests a fresh, migrated database: SQLite in a
// temporary folder by default, or a schema of its own in the PostgreSQL named
// by JEUGDHULP_TEST_POSTGRES when JEUGDHULP_TEST_DIALECT=postgres. The same
// tests therefore run on both engines (.ci/run runs them twice).
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// New returns a migrated database that is removed when the test ends.
func New(t testing.TB) *database.DB {
	t.Helper()
	ctx := context.Background()
	if os.Getenv("JEUGDHULP_TEST_DIALECT") == "postgres" {
		base := os.Getenv("JEUGDHULP_TEST_POSTGRES")
		if base == "" {
			t.Fatal("JEUGDHULP_TEST_DIALECT=postgres needs JEUGDHULP_TEST_POSTGRES")
		}
		db, _ := NewPostgresSchema(t, base)
		return db
	}
	db, err := database.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// PostgresURL returns JEUGDHULP_TEST_POSTGRES, or skips the test with a
// one-line notice when it is not set.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("JEUGDHULP_TEST_POSTGRES")
	if u == "" {
		t.Skip("PostgreSQL-test overgeslagen: zet JEUGDHULP_TEST_POSTGRES (zie .ci/run)")
	}
	return u
}

// NewPostgresSchema creates a schema of its own in the PostgreSQL at base,
// migrates it and drops it when the test ends. It returns the database and
// the URL that selects that schema.
func NewPostgresSchema(t testing.TB, base string) (*database.DB, string) {
	t.Helper()
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := database.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db, u.String()
}
