package database

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Concurrent commits share flushes, and nobody returns before a flush that
// started after their commit has ended.
func TestWALSyncWaitsForAFlushAfterTheCommit(t *testing.T) {
	s := newWALSync(filepath.Join(t.TempDir(), "x.db"))
	var mu sync.Mutex
	var flushes int
	var durable uint64 // the newest commit covered by an ended flush
	s.flushFn = func() error {
		// The target of this flush: every commit counted before it began.
		s.mu.Lock()
		target := s.written
		s.mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		mu.Lock()
		flushes++
		durable = max(durable, target)
		mu.Unlock()
		return nil
	}
	const n = 64
	var wg sync.WaitGroup
	var early atomic.Int64
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seq := s.committed()
			if err := s.wait(seq); err != nil {
				t.Error(err)
			}
			mu.Lock()
			if durable < seq {
				early.Add(1)
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if early.Load() > 0 {
		t.Fatalf("%d commits returned before a flush covered them", early.Load())
	}
	if flushes == 0 || flushes >= n {
		t.Fatalf("%d flushes for %d concurrent commits: want shared flushes", flushes, n)
	}
	// A commit after all that needs a flush of its own.
	before := flushes
	if err := s.wait(s.committed()); err != nil || flushes != before+1 {
		t.Fatalf("late commit: err %v, flushes %d → %d", err, before, flushes)
	}
}

// A failed flush fails its commits and every later one: after a failed
// fsync the kernel may report the next one as done without the lost pages.
func TestWALSyncFailureIsSticky(t *testing.T) {
	s := newWALSync(filepath.Join(t.TempDir(), "x.db"))
	boom := errors.New("EIO")
	calls := 0
	s.flushFn = func() error {
		calls++
		if calls == 1 {
			return boom
		}
		return nil
	}
	if err := s.wait(s.committed()); !errors.Is(err, boom) {
		t.Fatalf("first commit: %v, want %v", err, boom)
	}
	if err := s.wait(s.committed()); !errors.Is(err, boom) {
		t.Fatalf("later commit: %v, want the first failure", err)
	}
}

// The WAL file is opened again when SQLite replaced it, and a missing WAL
// (checkpointed and removed) needs no flush.
func TestWALSyncFollowsTheFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := newWALSync(filepath.Join(dir, "x.db"))
	if err := s.flush(); err != nil || s.f != nil {
		t.Fatalf("no WAL yet: err %v, open %v", err, s.f != nil)
	}
	wal := filepath.Join(dir, "x.db-wal")
	if err := os.WriteFile(wal, []byte("eerste"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.flush(); err != nil || s.f == nil {
		t.Fatalf("WAL present: err %v", err)
	}
	first := s.f
	if err := os.Remove(wal); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wal, []byte("tweede"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.flush(); err != nil {
		t.Fatal(err)
	}
	open, _ := s.f.Stat()
	cur, _ := os.Stat(wal)
	if s.f == first || !os.SameFile(open, cur) {
		t.Fatal("flush kept the replaced WAL file open")
	}
	s.close()
}

// On SQLite the writer commits without syncing itself (synchronous=NORMAL)
// and every commit method flushes the WAL before it returns.
func TestSQLiteCommitsFlushTheWAL(t *testing.T) {
	ctx := context.Background()
	db := testSQLite(t, filepath.Join(t.TempDir(), "x.db"))
	var mode int
	if err := db.W.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&mode); err != nil || mode != 1 {
		t.Fatalf("writer synchronous = %d (%v), want 1 (NORMAL)", mode, err)
	}
	var flushes atomic.Int64
	db.wal.flushFn = func() error { flushes.Add(1); return db.wal.flush() }
	steps := []struct {
		name string
		run  func() error
	}{
		{"Do", func() error {
			return db.Do(ctx, func(tx *Tx) error {
				_, err := tx.Exec(ctx, "CREATE TABLE t (v TEXT)")
				return err
			})
		}},
		{"DoKeepCaches", func() error {
			return db.DoKeepCaches(ctx, func(tx *Tx) error {
				_, err := tx.Exec(ctx, "INSERT INTO t VALUES ('a')")
				return err
			})
		}},
		{"AppendLog", func() error {
			return db.AppendLog(ctx, func(e Execer) error {
				_, err := e.Exec(ctx, "INSERT INTO t VALUES ('b')")
				return err
			})
		}},
		{"Sync", db.Sync},
	}
	for _, st := range steps {
		before := flushes.Load()
		if err := st.run(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if flushes.Load() == before {
			t.Errorf("%s returned without flushing the WAL", st.name)
		}
	}
	// A transaction that fails commits nothing and needs no flush.
	before := flushes.Load()
	if err := db.Do(ctx, func(tx *Tx) error { return ErrInjected }); !errors.Is(err, ErrInjected) {
		t.Fatal(err)
	}
	if flushes.Load() != before {
		t.Error("a rolled-back transaction flushed the WAL")
	}
}

// SQLite keeps the WAL next to the file a symbolic link points to; the
// flush must follow it there, not find "no WAL" next to the link.
func TestWALSyncFollowsASymlinkedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "vol"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "vol", "real.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("vol", "real.db"), filepath.Join(dir, "link.db")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	db := testSQLite(t, filepath.Join(dir, "link.db"))
	if err := db.Do(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, "CREATE TABLE t (v TEXT)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if db.wal.f == nil {
		t.Fatalf("no WAL file flushed; looked for %s", db.wal.path)
	}
	open, _ := db.wal.f.Stat()
	real, err := os.Stat(filepath.Join(dir, "vol", "real.db-wal"))
	if err != nil || !os.SameFile(open, real) {
		t.Fatalf("flushed %s, not SQLite's WAL next to the real file (%v)", db.wal.path, err)
	}
}

// After a failed flush nothing more commits: a later transaction does not
// begin, and the readiness check fails.
func TestNothingCommitsAfterAFailedFlush(t *testing.T) {
	ctx := context.Background()
	db := testSQLite(t, filepath.Join(t.TempDir(), "x.db"))
	insert := func(tx *Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO t VALUES ('x')")
		return err
	}
	if err := db.Do(ctx, func(tx *Tx) error { _, err := tx.Exec(ctx, "CREATE TABLE t (v TEXT)"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("EIO")
	db.wal.flushFn = func() error { return boom }
	if err := db.Do(ctx, insert); !errors.Is(err, boom) {
		t.Fatalf("commit with a failing flush: %v, want %v", err, boom)
	}
	db.wal.flushFn = db.wal.flush // the disk "works" again: too late
	if err := db.Do(ctx, insert); !errors.Is(err, boom) {
		t.Fatalf("later transaction: %v, want the flush failure", err)
	}
	if err := db.AppendLog(ctx, func(e Execer) error { _, err := e.Exec(ctx, "INSERT INTO t VALUES ('y')"); return err }); !errors.Is(err, boom) {
		t.Fatalf("later append: %v, want the flush failure", err)
	}
	var n int
	if err := db.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d rows (%v): only the commit whose flush failed may be there", n, err)
	}
	if err := db.Ping(ctx); !errors.Is(err, boom) {
		t.Fatalf("Ping after a failed flush: %v", err)
	}
}

// testSQLite opens (without migrating) a SQLite database at path, closed
// when the test ends.
func testSQLite(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fakeFlusher stands in for AIO in walSync: each call answers with the next
// of its errors (nil when they run out).
type fakeFlusher struct {
	errs   []error
	calls  int
	closed bool
}

func (f *fakeFlusher) datasync(*os.File) error {
	f.calls++
	if len(f.errs) == 0 {
		return nil
	}
	err := f.errs[0]
	f.errs = f.errs[1:]
	return err
}

func (f *fakeFlusher) close() { f.closed = true }

func walWithFlusher(t *testing.T, f *fakeFlusher) *walSync {
	t.Helper()
	db := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(db+"-wal", []byte("frames"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newWALSync(db)
	s.newAIO = func() (asyncFlusher, error) { return f, nil }
	t.Cleanup(s.close)
	return s
}

// How walSync takes the answers of an AIO flush: the flush's own error is
// final and sticky (no fdatasync that could succeed without the lost
// pages); a refusal before submission falls back to fdatasync, for good
// (unsupported) or this once (busy).
func TestWALSyncAIOAnswers(t *testing.T) {
	flushFailed := errors.New("fdatasync (AIO): input/output error")
	t.Run("flush error is final", func(t *testing.T) {
		f := &fakeFlusher{errs: []error{flushFailed}}
		s := walWithFlusher(t, f)
		if err := s.wait(s.committed()); !errors.Is(err, flushFailed) {
			t.Fatalf("wait = %v, want the flush's error", err)
		}
		if err := s.wait(s.committed()); !errors.Is(err, flushFailed) || f.calls != 1 {
			t.Fatalf("after a failed flush: wait = %v after %d flushes, want the same error and no new flush", err, f.calls)
		}
	})
	t.Run("unsupported falls back for good", func(t *testing.T) {
		f := &fakeFlusher{errs: []error{fmt.Errorf("%w: io_submit: invalid argument", errAIOUnsupported)}}
		s := walWithFlusher(t, f)
		for range 2 {
			if err := s.wait(s.committed()); err != nil {
				t.Fatalf("wait = %v, want fdatasync's success", err)
			}
		}
		if !s.noAIO || s.aio != nil || !f.closed || f.calls != 1 {
			t.Fatalf("noAIO %v, aio %v, closed %v, calls %d: want AIO given up after one refusal", s.noAIO, s.aio, f.closed, f.calls)
		}
	})
	t.Run("busy falls back once", func(t *testing.T) {
		f := &fakeFlusher{errs: []error{fmt.Errorf("%w: io_submit: resource temporarily unavailable", errAIOBusy)}}
		s := walWithFlusher(t, f)
		for range 2 {
			if err := s.wait(s.committed()); err != nil {
				t.Fatalf("wait = %v", err)
			}
		}
		if s.noAIO || s.aio != asyncFlusher(f) || f.calls != 2 {
			t.Fatalf("noAIO %v, calls %d: want AIO kept after a busy refusal", s.noAIO, f.calls)
		}
	})
	t.Run("no flush after close", func(t *testing.T) {
		f := &fakeFlusher{}
		s := walWithFlusher(t, f)
		seq := s.committed()
		s.close()
		if err := s.wait(seq); !errors.Is(err, errWALClosed) || f.calls != 0 {
			t.Fatalf("wait after close = %v after %d flushes, want errWALClosed and none", err, f.calls)
		}
	})
}
