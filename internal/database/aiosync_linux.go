//go:build linux && (amd64 || arm64)

package database

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"unsafe"
)

// aioSync flushes a file with Linux native AIO (IOCB_CMD_FDSYNC, since
// Linux 4.18) instead of the fdatasync system call.
//
// Both make the kernel run the same vfs_fsync(file, datasync). The
// difference is where the waiting goroutine waits. A blocking system call
// keeps its thread and its Go processor (P) until the runtime's monitor
// takes the P back, which under load took hundreds of microseconds: with
// GOMAXPROCS=2, one of two processors sat in the WAL flush for 38 % of a
// busy second while goroutines waited to run and the CPU idled (execution
// trace of the Mijn werk benchmark; README). Submitted through AIO, the
// flush runs in a kernel worker, its completion signals an eventfd, and the
// goroutine waits for that eventfd in the network poller like any socket
// read, with its processor free for the other goroutines.
//
// Where the kernel does not take a flush, datasync says so before anything
// was submitted: errAIOUnsupported (no AIO, too old, not allowed) or
// errAIOBusy (no room just now); the caller then calls fdatasync. Every
// error after a submission is the flush's own and final, and leaves the
// context unusable. One flush at a time: the caller serialises.
type aioSync struct {
	ctx    uintptr  // aio_context_t
	ev     *os.File // eventfd, non-blocking: read through the poller
	evFD   uintptr  // its descriptor, for the iocb
	seq    uint64   // number of the last flush submitted, its aio_data
	broken error    // an error after a submission: nothing more is submitted
}

// iocb is struct iocb of <linux/aio_abi.h> on a little-endian machine.
// The fields a flush leaves zero are blank.
type iocb struct {
	data   uint64 // aio_data: returned in the io_event
	_      uint32 // aio_key
	_      uint32 // aio_rw_flags
	opcode uint16
	_      int16 // aio_reqprio
	fildes uint32
	_      uint64 // aio_buf
	_      uint64 // aio_nbytes
	_      int64  // aio_offset
	_      uint64 // aio_reserved2
	flags  uint32
	resfd  uint32
}

// ioEvent is struct io_event.
type ioEvent struct {
	data uint64 // the iocb's aio_data
	_    uint64 // obj
	res  int64
	_    int64 // res2
}

const (
	iocbCmdFdsync = 3
	iocbFlagResfd = 1 << 0
)

func newAIOSync() (*aioSync, error) {
	var ctx uintptr
	if _, _, e := syscall.Syscall(syscall.SYS_IO_SETUP, 1, uintptr(unsafe.Pointer(&ctx)), 0); e != 0 {
		return nil, fmt.Errorf("%w: io_setup: %w", errAIOUnsupported, e)
	}
	fd, _, e := syscall.Syscall(syscall.SYS_EVENTFD2, 0, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if e != 0 {
		syscall.Syscall(syscall.SYS_IO_DESTROY, ctx, 0, 0)
		return nil, fmt.Errorf("%w: eventfd: %w", errAIOUnsupported, e)
	}
	// A non-blocking descriptor becomes a pollable File: Read parks the
	// goroutine in the poller instead of blocking a thread.
	return &aioSync{ctx: ctx, ev: os.NewFile(fd, "aio-eventfd"), evFD: fd}, nil
}

// datasync flushes f and returns once the kernel reports the flush done,
// with the flush's own error.
func (a *aioSync) datasync(f *os.File) error {
	if a.broken != nil {
		return a.broken
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var submitErr error
	seq := a.seq + 1
	// The descriptor stays open until the flush completed: f is closed
	// only by walSync.close, which waits for a flush under way.
	if err := rc.Control(func(fd uintptr) {
		cb := &iocb{data: seq, opcode: iocbCmdFdsync, fildes: uint32(fd), flags: iocbFlagResfd, resfd: uint32(a.evFD)}
		cbs := [1]*iocb{cb}
		for {
			// With one iocb, any error means it was not taken.
			n, _, e := syscall.Syscall(syscall.SYS_IO_SUBMIT, a.ctx, 1, uintptr(unsafe.Pointer(&cbs[0])))
			switch {
			case e == syscall.EINTR:
				continue
			case e == syscall.EAGAIN || e == syscall.ENOMEM:
				submitErr = fmt.Errorf("%w: io_submit: %w", errAIOBusy, e)
			case e != 0:
				submitErr = fmt.Errorf("%w: io_submit: %w", errAIOUnsupported, e)
			case n != 1:
				submitErr = fmt.Errorf("%w: io_submit nam %d", errAIOBusy, n)
			}
			return
		}
	}); err != nil {
		return err
	}
	if submitErr != nil {
		return submitErr
	}
	a.seq = seq
	// Submitted: the answer is the kernel's completion, and nothing else
	// may use the context until it has been collected.
	if err := a.collect(seq); err != nil {
		if !errors.As(err, new(flushError)) {
			a.broken = fmt.Errorf("database: AIO-context onbruikbaar na: %w", err)
		}
		return err
	}
	return nil
}

// flushError is the error of the flush itself, as the kernel reported it.
type flushError struct{ errno syscall.Errno }

func (e flushError) Error() string { return "fdatasync (AIO): " + e.errno.Error() }
func (e flushError) Unwrap() error { return e.errno }

// collect waits for the completion of flush seq and returns its result.
func (a *aioSync) collect(seq uint64) error {
	var buf [8]byte
	if _, err := a.ev.Read(buf[:]); err != nil {
		return fmt.Errorf("database: AIO-fdsync wachten: %w", err)
	}
	// One flush in flight, one completion: the kernel queues the event
	// before it signals the eventfd, so it is there (without a timeout
	// the call would wait for it).
	var ev ioEvent
	for {
		n, _, e := syscall.Syscall6(syscall.SYS_IO_GETEVENTS, a.ctx, 1, 1, uintptr(unsafe.Pointer(&ev)), 0, 0)
		if e == syscall.EINTR || (e == 0 && n == 0) {
			continue
		}
		if e != 0 {
			return fmt.Errorf("database: AIO-fdsync ophalen: %w", e)
		}
		break
	}
	if count := *(*uint64)(unsafe.Pointer(&buf)); count != 1 {
		return fmt.Errorf("database: AIO-fdsync: %d voltooiingen gemeld, 1 verwacht", count)
	}
	return completion(ev, seq)
}

// completion is the result of flush seq from its event.
func completion(ev ioEvent, seq uint64) error {
	if ev.data != seq {
		return fmt.Errorf("database: AIO-fdsync: voltooiing van flush %d, %d verwacht", ev.data, seq)
	}
	if ev.res < 0 {
		return flushError{syscall.Errno(-ev.res)}
	}
	return nil
}

func (a *aioSync) close() {
	syscall.Syscall(syscall.SYS_IO_DESTROY, a.ctx, 0, 0)
	a.ev.Close()
}
