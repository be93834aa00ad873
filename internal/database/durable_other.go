//go:build !linux

package database

import "os"

// fdatasync is fsync where Go offers no fdatasync (on macOS, File.Sync
// asks the disk itself to flush, F_FULLFSYNC).
func fdatasync(f *os.File) error { return f.Sync() }
