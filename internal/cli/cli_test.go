package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
)

func init() { account.DefaultParams = account.Argon2Params{Memory: 1024, Time: 1, Threads: 1} }

func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestServeRefusesInsecureSetups(t *testing.T) {
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	code, _, errs := run(t, "", "serve", "--database-url", dbURL, "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "TLS") {
		t.Fatalf("plain-HTTP cookies: exit %d, %q", code, errs)
	}
	code, _, errs = run(t, "", "serve", "--database-url", dbURL, "--addr", "127.0.0.1:0", "--insecure-cookies")
	if code != 1 || !strings.Contains(errs, "geen actieve beheerder") {
		t.Fatalf("no administrator: exit %d, %q", code, errs)
	}
	code, _, errs = run(t, "", "serve", "--addr", "127.0.0.1:0", "--insecure-cookies")
	if code != 1 || !strings.Contains(errs, "database") {
		t.Fatalf("no database: exit %d, %q", code, errs)
	}
}

func TestAdminCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	// An organisation to put the account in: the migrate + demo seed path is
	// covered elsewhere; here the organisation comes from the seed too.
	if code, _, errs := run(t, "", "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	code, _, errs := run(t, "correct horse battery\n", "user", "add", "--data", data, "--email", "a@b.nl", "--name", "A", "--org", "Nergens", "--role", "beheerder")
	if code != 1 || !strings.Contains(errs, "bestaat niet") {
		t.Fatalf("unknown organisation: exit %d %q", code, errs)
	}
	if code, _, errs := run(t, "", "user", "add", "--data", data, "--bogus"); code != 2 {
		t.Fatalf("bad flag: exit %d %q", code, errs)
	}
	if code, _, _ := run(t, "", "user", "add", "--help"); code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	if code, _, _ := run(t, "", "bestaatniet"); code != 2 {
		t.Fatalf("unknown command: exit %d", code)
	}
	// Seed an organisation through the store the web pages use.
	db, err := (dbFlags{data: &data, url: new(string)}).open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.W.Exec("INSERT INTO organisations (name, kind, created_at) VALUES ('Regio Test', 'regio', CURRENT_TIMESTAMP)")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs = run(t, "correct horse battery\n", "user", "add", "--data", data, "--email", "Beheer@Regio.nl", "--name", "Beheerder", "--org", "regio test", "--role", "beheerder,privacy")
	if code != 0 {
		t.Fatalf("user add: %d %s", code, errs)
	}
	code, out, _ := run(t, "", "user", "list", "--data", data)
	if code != 0 || out != "beheer@regio.nl\tRegio Test\tbeheerder,privacy\n" {
		t.Fatalf("user list: %q", out)
	}
	code, out, _ = run(t, "", "token", "add", "--data", data, "beheer@regio.nl")
	if code != 0 || !strings.HasPrefix(out, "jh_") {
		t.Fatalf("token add: %q", out)
	}
	if code, _, errs := run(t, "", "token", "add", "--data", data, "niemand@regio.nl"); code != 1 || !strings.Contains(errs, "geen account") {
		t.Fatalf("token for unknown user: %d %q", code, errs)
	}
	backup := filepath.Join(dir, "kopie.db")
	if code, _, errs := run(t, "", "backup", "--data", data, backup); code != 0 {
		t.Fatalf("backup: %s", errs)
	}
	if st, err := os.Stat(backup); err != nil || st.Size() == 0 {
		t.Fatalf("backup file: %v", err)
	}
	// The copy is a working database with the account in it.
	code, out, _ = run(t, "", "user", "list", "--database-url", "sqlite:"+backup)
	if code != 0 || !strings.Contains(out, "beheer@regio.nl") {
		t.Fatalf("backup content: %q", out)
	}
	if code, _, _ := run(t, "", "backup", "--data", data, backup); code != 1 {
		t.Fatal("backup overwrote an existing file")
	}
}
