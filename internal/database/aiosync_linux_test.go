//go:build linux && (amd64 || arm64)

package database

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// newTestAIO gives an AIO flusher, or skips where the kernel has none
// (walSync then uses fdatasync, which the other tests cover).
func newTestAIO(t *testing.T) *aioSync {
	t.Helper()
	a, err := newAIOSync()
	if err != nil {
		t.Skipf("no native AIO here: %v", err)
	}
	t.Cleanup(a.close)
	return a
}

// Each flush collects its completion: a flush whose event stayed behind
// would leave the one-slot context full, and the next submission would be
// refused (EAGAIN) or would read the old event.
func TestAIOSyncRepeatedFlushes(t *testing.T) {
	a := newTestAIO(t)
	f, err := os.OpenFile(filepath.Join(t.TempDir(), "wal"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for i := range 200 {
		buf[0] = byte(i)
		if _, err := f.WriteAt(buf, int64(i%8)*4096); err != nil {
			t.Fatal(err)
		}
		if err := a.datasync(f); err != nil {
			t.Fatalf("flush %d: %v", i, err)
		}
	}
}

// A file the kernel cannot flush (a pipe has no fsync) is refused at
// submission: errAIOUnsupported, so walSync asks fdatasync, which gives the
// real answer. The context stays usable for the next file.
func TestAIOSyncRefusedSubmission(t *testing.T) {
	a := newTestAIO(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if err := a.datasync(w); !errors.Is(err, errAIOUnsupported) {
		t.Fatalf("flush of a pipe: %v, want errAIOUnsupported", err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := a.datasync(f); err != nil {
		t.Fatalf("flush after a refusal: %v", err)
	}
}

// walSync uses AIO where the kernel offers it, and keeps using it.
func TestWALSyncUsesAIO(t *testing.T) {
	newTestAIO(t) // skip where there is none
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	if err := os.WriteFile(db+"-wal", []byte("frames"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newWALSync(db)
	defer s.close()
	for range 3 {
		if err := s.wait(s.committed()); err != nil {
			t.Fatal(err)
		}
	}
	if s.aio == nil || s.noAIO {
		t.Fatalf("walSync flushed without AIO (aio %v, noAIO %v)", s.aio, s.noAIO)
	}
}
