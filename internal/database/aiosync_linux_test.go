//go:build linux && (amd64 || arm64)

package database

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"unsafe"
)

// newTestAIO gives an AIO flusher. It skips only where the kernel has no
// AIO or does not allow it (walSync then uses fdatasync, which the other
// tests cover); any other failure to set one up is a failure.
func newTestAIO(t *testing.T) *aioSync {
	t.Helper()
	a, err := newAIOSync()
	if errors.Is(err, syscall.ENOSYS) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EAGAIN) {
		t.Skipf("no native AIO here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	return a
}

// The structs are what the kernel reads and writes (<linux/aio_abi.h>).
func TestAIOStructLayout(t *testing.T) {
	var cb iocb
	var ev ioEvent
	for _, c := range []struct {
		what      string
		got, want uintptr
	}{
		{"sizeof iocb", unsafe.Sizeof(cb), 64},
		{"aio_data", unsafe.Offsetof(cb.data), 0},
		{"aio_lio_opcode", unsafe.Offsetof(cb.opcode), 16},
		{"aio_fildes", unsafe.Offsetof(cb.fildes), 20},
		{"aio_flags", unsafe.Offsetof(cb.flags), 56},
		{"aio_resfd", unsafe.Offsetof(cb.resfd), 60},
		{"sizeof io_event", unsafe.Sizeof(ev), 32},
		{"io_event data", unsafe.Offsetof(ev.data), 0},
		{"io_event res", unsafe.Offsetof(ev.res), 16},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.what, c.got, c.want)
		}
	}
}

// A completion is the flush's answer: its error is the flush's error (never
// a reason to fall back to fdatasync, which could then succeed without the
// lost pages), and a completion of another flush is no answer at all.
func TestAIOCompletion(t *testing.T) {
	if err := completion(ioEvent{data: 7}, 7); err != nil {
		t.Errorf("successful flush: %v", err)
	}
	err := completion(ioEvent{data: 7, res: -int64(syscall.EIO)}, 7)
	if !errors.Is(err, syscall.EIO) || errors.Is(err, errAIOUnsupported) || errors.Is(err, errAIOBusy) {
		t.Errorf("failed flush: %v, want EIO and no fallback", err)
	}
	if err := completion(ioEvent{data: 6}, 7); err == nil {
		t.Error("the completion of an earlier flush was taken for this one")
	}
}

// Each flush collects its own completion: a flush whose event stayed
// behind would make the next one read that old event (a different
// aio_data), and in the end fill the context's ring.
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
// submission with errAIOUnsupported: nothing was submitted, and the
// context stays usable for the next file.
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
