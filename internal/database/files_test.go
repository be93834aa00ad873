package database_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// The SQLite database holds every youth's data: Open creates its file 0600,
// and SQLite gives the -wal and -shm files the same mode.
func TestSQLiteFilesAreCreatedPrivate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "j.db")
	db, err := database.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// A reader holds the WAL open, as a running server does.
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := st.Mode().Perm(); m != 0o600 {
			t.Errorf("%s has mode %#o, want 0600", filepath.Base(f), m)
		}
	}
}
