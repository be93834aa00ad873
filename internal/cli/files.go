package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The SQLite database, its -wal and -shm files and backups hold every
// youth's data: they are created 0600 (database.Open creates the database
// file, SQLite gives the other two its mode) in a folder of mode 0700.

// dataDir makes dir fit to hold the SQLite database dbName: created 0700
// when missing. An existing folder that holds nothing but that database's
// own files is jeugdhulp's: it is narrowed to 0700 and those files to 0600
// (a demo folder made by an older version). Any other existing folder that
// others may enter is left alone, since it may be shared (a home folder,
// /tmp), with a warning on warn (nil: none).
func dataDir(dir, dbName string, warn io.Writer) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("datamap %s: %w", dir, err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("datamap %s: %w", dir, err)
	}
	if st.Mode().Perm()&0o077 == 0 {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("datamap %s: %w", dir, err)
	}
	own := map[string]bool{dbName: true, dbName + "-wal": true, dbName + "-shm": true, dbName + "-journal": true}
	for _, e := range entries {
		if !own[e.Name()] || !e.Type().IsRegular() {
			if warn != nil {
				fmt.Fprintf(warn, "let op: datamap %s is toegankelijk voor anderen (%#o); maak hem alleen voor jeugdhulp toegankelijk: chmod 700 %s\n", dir, st.Mode().Perm(), dir)
			}
			return nil
		}
	}
	for _, e := range entries {
		if err := os.Chmod(filepath.Join(dir, e.Name()), 0o600); err != nil {
			return fmt.Errorf("datamap %s: %w", dir, err)
		}
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("datamap %s: %w", dir, err)
	}
	return nil
}

// sqliteDataDir applies dataDir to the folder of a database URL
// "sqlite:PAD"; other URLs need nothing.
func sqliteDataDir(rawURL string, warn io.Writer) error {
	path, ok := strings.CutPrefix(rawURL, "sqlite:")
	if !ok {
		return nil
	}
	path = strings.TrimPrefix(path, "//")
	if path == "" {
		return nil // database.Open says what is wrong
	}
	return dataDir(filepath.Dir(path), filepath.Base(path), warn)
}

// createBackupTarget prepares the file a backup is written to: created
// empty and 0600, or an existing empty file narrowed to 0600 (VACUUM INTO
// writes only into a file that is missing or empty). A file with content is
// never overwritten. created says whether the file was made here, so a
// failed backup can remove it again.
func createBackupTarget(path string) (created bool, err error) {
	fail := func(err error) (bool, error) { return false, fmt.Errorf("backup naar %s: %w", path, err) }
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		if err := f.Close(); err != nil {
			return fail(err)
		}
		return true, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return fail(err)
	}
	f, err = os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fail(err)
	}
	if !st.Mode().IsRegular() || st.Size() > 0 {
		return false, fmt.Errorf("%s bestaat al; kies een nieuw bestand", path)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	return false, nil
}
