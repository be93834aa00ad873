//go:build !unix

package ijw

import (
	"errors"
	"io"
	"os"
)

// readSmallFile reads a small regular file whole; see the unix version.
func readSmallFile(name string, buf []byte) (data []byte, big bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if st.IsDir() {
		return nil, false, &os.PathError{Op: "read", Path: name, Err: errIsDir}
	}
	if !st.Mode().IsRegular() || st.Size() > smallFile {
		return nil, true, nil
	}
	data, err = io.ReadAll(io.LimitReader(f, smallFile+1))
	if err != nil {
		return nil, false, err
	}
	if len(data) > smallFile {
		return nil, true, nil
	}
	return data, false, nil
}

var errIsDir = errors.New("is een map")
