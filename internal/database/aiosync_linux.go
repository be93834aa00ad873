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
// Where the kernel refuses it (no AIO, too old, not allowed, no AIO
// contexts left), datasync returns errAIOUnsupported and the caller falls
// back to fdatasync. One flush at a time: the caller serialises.
type aioSync struct {
	ctx  uintptr  // aio_context_t
	ev   *os.File // eventfd, non-blocking: read through the poller
	evFD uintptr  // its descriptor (ev.Fd() would make it blocking)
}

// iocb is struct iocb of <linux/aio_abi.h> on a little-endian machine.
// The fields a flush leaves zero are blank.
type iocb struct {
	_      uint64 // aio_data
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
	_   uint64 // data
	_   uint64 // obj
	res int64
	_   int64 // res2
}

const (
	iocbCmdFdsync = 3
	iocbFlagResfd = 1 << 0
)

// errAIOUnsupported: the kernel did not take the flush; nothing was
// flushed and fdatasync must do it.
var errAIOUnsupported = errors.New("database: AIO-fdsync niet beschikbaar")

func newAIOSync() (*aioSync, error) {
	var ctx uintptr
	if _, _, e := syscall.Syscall(syscall.SYS_IO_SETUP, 1, uintptr(unsafe.Pointer(&ctx)), 0); e != 0 {
		return nil, fmt.Errorf("%w: io_setup: %v", errAIOUnsupported, e)
	}
	fd, _, e := syscall.Syscall(syscall.SYS_EVENTFD2, 0, syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if e != 0 {
		syscall.Syscall(syscall.SYS_IO_DESTROY, ctx, 0, 0)
		return nil, fmt.Errorf("%w: eventfd: %v", errAIOUnsupported, e)
	}
	// A non-blocking descriptor becomes a pollable File: Read parks the
	// goroutine in the poller instead of blocking a thread.
	return &aioSync{ctx: ctx, ev: os.NewFile(fd, "aio-eventfd"), evFD: fd}, nil
}

// datasync flushes f and returns once the kernel reports the flush done,
// with the flush's own error.
func (a *aioSync) datasync(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var submitErr error
	// The descriptor stays open until the flush completed: f is closed
	// only by walSync.close, which waits for a flush under way.
	if err := rc.Control(func(fd uintptr) {
		cb := &iocb{opcode: iocbCmdFdsync, fildes: uint32(fd), flags: iocbFlagResfd, resfd: uint32(a.evFD)}
		cbs := [1]*iocb{cb}
		for {
			n, _, e := syscall.Syscall(syscall.SYS_IO_SUBMIT, a.ctx, 1, uintptr(unsafe.Pointer(&cbs[0])))
			switch {
			case e == syscall.EINTR:
				continue
			case e != 0:
				submitErr = fmt.Errorf("%w: io_submit: %v", errAIOUnsupported, e)
			case n != 1:
				submitErr = fmt.Errorf("%w: io_submit nam %d", errAIOUnsupported, n)
			}
			return
		}
	}); err != nil {
		return err
	}
	if submitErr != nil {
		return submitErr
	}
	// Submitted: from here on the flush is the kernel's, and its result
	// must be collected before anything else uses the context.
	var buf [8]byte
	if _, err := a.ev.Read(buf[:]); err != nil {
		return fmt.Errorf("database: AIO-fdsync wachten: %w", err)
	}
	// The kernel queues the event before it signals the eventfd, so it is
	// there; were it not, the call would wait for it (no timeout).
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
	if ev.res < 0 {
		return syscall.Errno(-ev.res)
	}
	return nil
}

func (a *aioSync) close() {
	syscall.Syscall(syscall.SYS_IO_DESTROY, a.ctx, 0, 0)
	a.ev.Close()
}
