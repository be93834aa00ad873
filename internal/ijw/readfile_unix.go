//go:build unix

package ijw

import (
	"errors"
	"os"
	"syscall"
)

// readSmallFile reads a regular file of at most smallFile bytes into buf
// with open, fstat, read and close only: os.Open would add four fcntl and
// an epoll_ctl call per file, which dominate when validating thousands of
// small messages. big is true (and data nil) when the file is not a small
// regular file; the caller then streams it through os.Open.
func readSmallFile(name string, buf []byte) (data []byte, big bool, err error) {
	fd, err := syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	for errors.Is(err, syscall.EINTR) {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, false, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, false, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
		return nil, false, &os.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || st.Size > smallFile {
		return nil, true, nil
	}
	size := int(st.Size)
	if cap(buf) < size+1 {
		buf = make([]byte, size+1)
	}
	buf = buf[:size+1]
	n := 0
	for n <= size {
		k, err := syscall.Read(fd, buf[n:])
		if errors.Is(err, syscall.EINTR) {
			continue
		}
		if err != nil {
			return nil, false, &os.PathError{Op: "read", Path: name, Err: err}
		}
		if k == 0 {
			break
		}
		n += k
		if n == size {
			break // all that Stat promised; see readSmall's note on growth
		}
	}
	if n > size {
		return nil, true, nil // grew since fstat: stream it
	}
	return buf[:n], false, nil
}

var errIsDir = errors.New("is een map")
