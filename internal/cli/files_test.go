package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// The demo's way in: its data folder 0700, the database, WAL and shm 0600.
func TestDemoDataIsPrivate(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := dataDir(data, "jeugdhulp.db", nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, "jeugdhulp.db")
	db, err := database.Open(t.Context(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, data); m != 0o700 {
		t.Errorf("data folder %#o, want 0700", m)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, f); m != 0o600 {
			t.Errorf("%s %#o, want 0600", filepath.Base(f), m)
		}
	}
}

// A data folder made by an older version (0755, database 0644) is
// narrowed; a folder that holds other things too is left alone, with a
// warning.
func TestExistingDataFolder(t *testing.T) {
	old := filepath.Join(t.TempDir(), "data")
	os.Mkdir(old, 0o755)
	os.Chmod(old, 0o755)
	for _, f := range []string{"jeugdhulp.db", "jeugdhulp.db-wal"} {
		os.WriteFile(filepath.Join(old, f), []byte("x"), 0o644)
		os.Chmod(filepath.Join(old, f), 0o644)
	}
	if err := dataDir(old, "jeugdhulp.db", nil); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, old); m != 0o700 {
		t.Errorf("old data folder %#o, want 0700", m)
	}
	if m := mode(t, filepath.Join(old, "jeugdhulp.db")); m != 0o600 {
		t.Errorf("old database %#o, want 0600", m)
	}
	shared := t.TempDir()
	os.Chmod(shared, 0o755)
	os.WriteFile(filepath.Join(shared, "notities.txt"), []byte("x"), 0o644)
	var warn bytes.Buffer
	if err := sqliteDataDir("sqlite:"+filepath.Join(shared, "j.db"), &warn); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, shared); m != 0o755 || !strings.Contains(warn.String(), "chmod 700") {
		t.Errorf("shared folder %#o, warning %q", m, warn.String())
	}
}

// A backup is 0600; an existing empty file is used (and narrowed), one with
// content is never overwritten.
func TestBackupIsPrivate(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, _, errs := run(t, "", "migrate", "--data", data); code != 0 {
		t.Fatal(errs)
	}
	if m := mode(t, data); m != 0o700 {
		t.Errorf("data folder %#o, want 0700", m)
	}
	if m := mode(t, filepath.Join(data, "jeugdhulp.db")); m != 0o600 {
		t.Errorf("database %#o, want 0600", m)
	}
	fresh := filepath.Join(dir, "kopie.db")
	if code, _, errs := run(t, "", "backup", "--data", data, fresh); code != 0 {
		t.Fatal(errs)
	}
	if m := mode(t, fresh); m != 0o600 {
		t.Errorf("backup %#o, want 0600", m)
	}
	empty := filepath.Join(dir, "leeg.db")
	os.WriteFile(empty, nil, 0o644)
	os.Chmod(empty, 0o644)
	if code, _, errs := run(t, "", "backup", "--data", data, empty); code != 0 {
		t.Fatal(errs)
	}
	if st, err := os.Stat(empty); err != nil || st.Mode().Perm() != 0o600 || st.Size() == 0 {
		t.Errorf("backup into an empty file: %v %v", st.Mode(), err)
	}
	full := filepath.Join(dir, "vol.txt")
	os.WriteFile(full, []byte("belangrijk"), 0o644)
	if code, _, errs := run(t, "", "backup", "--data", data, full); code != 1 || !strings.Contains(errs, "bestaat al") {
		t.Errorf("backup over a file with content: exit %d, %q", code, errs)
	}
	if b, _ := os.ReadFile(full); string(b) != "belangrijk" {
		t.Errorf("file with content overwritten: %q", b)
	}
	// No other file (a journal) is left beside the copies.
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "data kopie.db leeg.db vol.txt" {
		t.Errorf("folder holds %s", got)
	}
}
