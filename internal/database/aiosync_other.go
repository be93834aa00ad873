//go:build !linux || !(amd64 || arm64)

package database

import "os"

// aioSync: Linux native AIO only; elsewhere walSync calls fdatasync.
type aioSync struct{}

func newAIOSync() (*aioSync, error)        { return nil, errAIOUnsupported }
func (a *aioSync) datasync(*os.File) error { return errAIOUnsupported }
func (a *aioSync) close()                  {}
