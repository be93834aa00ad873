package database

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// walSync makes SQLite commits durable outside the write lock.
//
// The writer connection commits with synchronous=NORMAL: a commit appends its
// frames to the WAL file (the operating system has them, a crash of this
// process loses nothing) but does not wait for the disk. Every commit method
// of DB then waits in walSync until an fdatasync of the WAL file that
// started after its commit has returned (on Linux submitted through native
// AIO, so that the waiting goroutine frees its Go processor:
// aiosync_linux.go). One such flush covers every commit made before it, so
// concurrent transactions share it, and while the disk flushes the next
// transactions already commit, instead of queueing behind an fsync held
// inside the write lock as with synchronous=FULL.
//
// This keeps what synchronous=FULL promised to writers: a change is
// acknowledged only once it is on disk, and it survives a crash of the
// machine. The WAL's checksums still keep the database a prefix of the
// committed transactions after such a crash. SQLite itself syncs the WAL
// header when it restarts the log, and both files around every checkpoint.
//
// What differs from FULL: other connections see a commit up to one flush
// (about a millisecond) before it is on disk, so a power cut in that window
// can take back a change that its writer was never told of but that a
// reader saw. Every read of client data is access-logged by a commit that
// comes after the read and shown only after the flush for that entry, which
// also covers every change the read saw; pages without client data (lists
// of organisations, say) can show such a change.
type walSync struct {
	db   string // the database file, symbolic links resolved as SQLite does
	path string // the WAL file: db + "-wal"

	mu      sync.Mutex
	cond    *sync.Cond
	written uint64 // commits made
	synced  uint64 // commits known durable
	syncing bool   // a flush is under way
	err     error  // a failed flush: sticky, see wait

	f *os.File // the open WAL file; only the flushing goroutine uses it
	// aio flushes without holding a Go processor (aiosync_linux.go); nil
	// before the first flush and where the kernel refuses it (noAIO).
	aio    asyncFlusher
	noAIO  bool
	newAIO func() (asyncFlusher, error) // newAIOFlusher, or a test's stand-in
	closed bool                         // close was called: no more flushes

	flushFn func() error // flush, or a test's stand-in
}

// newWALSync follows the WAL of the database file at dbPath. SQLite puts the
// WAL next to the file a symbolic link points to, so the link is resolved
// first (the file exists: the writer has opened it).
func newWALSync(dbPath string) *walSync {
	if real, err := filepath.EvalSymlinks(dbPath); err == nil {
		dbPath = real
	}
	s := &walSync{db: dbPath, path: dbPath + "-wal"}
	s.cond = sync.NewCond(&s.mu)
	s.flushFn = s.flush
	s.newAIO = newAIOFlusher
	return s
}

// committed records a commit that has returned and gives its sequence
// number, to pass to wait.
func (s *walSync) committed() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written++
	return s.written
}

// wait returns once commit seq is on disk. The first waiter that finds no
// flush under way starts one for every commit made so far; the others wait
// for it, or for the next one when theirs came too late for it.
func (s *walSync) wait(seq uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.synced >= seq {
			return nil // on disk before any flush failed
		}
		if s.err != nil {
			return s.err
		}
		if s.closed {
			return errWALClosed
		}
		if s.syncing {
			s.cond.Wait()
			continue
		}
		s.syncing = true
		target := s.written
		s.mu.Unlock()
		err := s.flushFn()
		s.mu.Lock()
		s.syncing = false
		if err != nil {
			// After a failed fsync the kernel may have dropped the dirty
			// pages and marked them clean: a later fsync would succeed
			// without them. Nothing written since can be promised durable,
			// so no transaction begins any more (see failed) and /readyz
			// fails, until the process restarts and SQLite recovers from
			// what the disk really holds.
			s.err = fmt.Errorf("database: WAL naar schijf schrijven mislukt: %w", err)
		} else if target > s.synced {
			s.synced = target
		}
		s.cond.Broadcast()
	}
}

// failed is the error of a failed flush, or nil.
func (s *walSync) failed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// flush fdatasyncs the WAL file. It opens the file on first use and again
// when SQLite replaced it (it deletes the WAL when the last connection
// closes, after checkpointing it into the database file and syncing that).
func (s *walSync) flush() error {
	cur, err := os.Stat(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		// No WAL: everything committed was checkpointed into the database
		// file. SQLite synced that; syncing it again costs little and does
		// not rest on that.
		return SyncFile(s.db)
	}
	if err != nil {
		return err
	}
	if s.f != nil {
		if open, err := s.f.Stat(); err != nil || !os.SameFile(open, cur) {
			s.f.Close()
			s.f = nil
		}
	}
	if s.f == nil {
		// Writable: Windows flushes only a handle that may write.
		f, err := os.OpenFile(s.path, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		s.f = f
	}
	return s.datasync()
}

// datasync flushes s.f: through AIO where the kernel takes it, otherwise
// with fdatasync.
func (s *walSync) datasync() error {
	if s.aio == nil && !s.noAIO {
		a, err := s.newAIO()
		if err != nil {
			s.noAIO = true
			return fdatasync(s.f)
		}
		s.aio = a
	}
	if s.aio == nil {
		return fdatasync(s.f)
	}
	err := s.aio.datasync(s.f)
	switch {
	case errors.Is(err, errAIOUnsupported):
		// Refused before anything was flushed: from now on the
		// system call.
		s.aio.close()
		s.aio, s.noAIO = nil, true
		return fdatasync(s.f)
	case errors.Is(err, errAIOBusy):
		// No room just now, nothing flushed: this once the system call.
		return fdatasync(s.f)
	}
	return err
}

// asyncFlusher flushes a file without holding a Go processor while the
// disk works (aioSync); a test stands in for it.
type asyncFlusher interface {
	datasync(f *os.File) error
	close()
}

var (
	// errAIOUnsupported: the kernel does not take AIO flushes; nothing
	// was flushed, and fdatasync must do it, now and from then on.
	errAIOUnsupported = errors.New("database: AIO-fdsync niet beschikbaar")
	// errAIOBusy: the kernel did not take this flush (no room); nothing
	// was flushed, and fdatasync must do it this once.
	errAIOBusy = errors.New("database: AIO-fdsync nu niet mogelijk")
	// errWALClosed: a wait after the database was closed.
	errWALClosed = errors.New("database: gesloten")
)

func newAIOFlusher() (asyncFlusher, error) {
	a, err := newAIOSync()
	if err != nil {
		return nil, err
	}
	return a, nil
}

// close closes the WAL file once no flush uses it.
func (s *walSync) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.syncing {
		s.cond.Wait()
	}
	s.closed = true
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
	if s.aio != nil {
		s.aio.close()
		s.aio = nil
	}
}

// SyncFile flushes the file at path to disk: its data and what is needed to
// read it back.
func SyncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return fdatasync(f)
}
