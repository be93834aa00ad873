package database_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Commits checkpoint only when the WAL reached 10,000 pages; below that the
// background checkpointer must, or the WAL grows with every commit.
func TestWALStaysBoundedWithoutInlineCheckpoints(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 durable commits")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "wal.db")
	db, err := database.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	const commits = 2000
	deadline := time.Now().Add(time.Minute)
	for i := range commits {
		if err := db.Do(ctx, func(tx *database.Tx) error {
			_, err := tx.Exec(ctx, "INSERT INTO t (v) VALUES (?)", "rij")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if i%200 == 0 {
			time.Sleep(250 * time.Millisecond) // room for the checkpointer, as between bursts of requests
		}
		if time.Now().After(deadline) {
			t.Skip("disk too slow for this test")
		}
	}
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	// Every commit adds at least one 4 KiB frame: 8 MB without checkpoints.
	if fi.Size() > 3<<20 {
		t.Fatalf("WAL is %d bytes after %d commits: not checkpointed", fi.Size(), commits)
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != commits {
		t.Fatalf("%d rows, %v", n, err)
	}
}
