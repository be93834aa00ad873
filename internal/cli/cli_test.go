package cli

import (
	"bytes"
	"errors"
	"flag"
	"io"
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
	// Flags may follow the positional argument, as the README writes it.
	code, out, errs = run(t, "", "token", "add", "beheer@regio.nl", "--data", data)
	if code != 0 || !strings.HasPrefix(out, "jh_") {
		t.Fatalf("token add EMAIL --data: %d %q %q", code, out, errs)
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

// TestParseArgs: flags and positional arguments in any order, "--" ends the
// flags, values as --naam WAARDE or --naam=WAARDE, bool flags without one.
func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		data string // --data afterwards
		oidc bool   // --oidc-only afterwards
		role string // --role afterwards
		pos  string // positional arguments, joined by |
		err  string // part of the error; "" for none
	}{
		{"flag before", []string{"--data", "d", "a@b.nl"}, "d", false, "", "a@b.nl", ""},
		{"flag after", []string{"a@b.nl", "--data", "d"}, "d", false, "", "a@b.nl", ""},
		{"flag between", []string{"a", "--data=d", "b"}, "d", false, "", "a|b", ""},
		{"single dash", []string{"a", "-data", "d", "-oidc-only"}, "d", true, "", "a", ""},
		{"bool takes no next argument", []string{"--oidc-only", "a"}, "./data", true, "", "a", ""},
		{"bool set off", []string{"--oidc-only=false", "a"}, "./data", false, "", "a", ""},
		{"repeated list flag", []string{"--role", "x", "a", "--role=y,z"}, "./data", false, "x,y,z", "a", ""},
		{"empty value", []string{"--data=", "a"}, "", false, "", "a", ""},
		{"double dash ends flags", []string{"a", "--", "--data", "-x"}, "./data", false, "", "a|--data|-x", ""},
		{"lone dash is positional", []string{"-", "--data", "d"}, "d", false, "", "-", ""},
		{"nothing", nil, "./data", false, "", "", ""},
		{"unknown flag", []string{"a", "--kleur", "rood"}, "", false, "", "", "onbekende optie --kleur"},
		{"value missing", []string{"a", "--data"}, "", false, "", "", "optie --data heeft een waarde nodig"},
		{"bad bool", []string{"--oidc-only=misschien"}, "", false, "", "", `ongeldige waarde "misschien" voor --oidc-only`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			data := fs.String("data", "./data", "")
			oidc := fs.Bool("oidc-only", false, "")
			var roles listFlag
			fs.Var(&roles, "role", "")
			err := parseArgs(fs, tc.args)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *data != tc.data || *oidc != tc.oidc || roles.String() != tc.role || strings.Join(fs.Args(), "|") != tc.pos {
				t.Fatalf("--data %q --oidc-only %v --role %q args %q", *data, *oidc, roles.String(), fs.Args())
			}
		})
	}
	for _, h := range []string{"-h", "--help", "-help"} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		if err := parseArgs(fs, []string{"a", h}); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s: %v, want flag.ErrHelp", h, err)
		}
	}
}

// TestUsageErrors: every subcommand parses through the helper, so an
// unknown flag anywhere gives the Dutch message and the usage, exit 2.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "--kleur", "rood"},
		{"serve", "--kleur"},
		{"migrate", "--kleur"},
		{"user", "list", "--kleur"},
		{"user", "add", "--email", "a@b.nl", "--kleur"},
		{"token", "add", "a@b.nl", "--kleur"},
		{"backup", "kopie.db", "--kleur"},
	} {
		code, _, errs := run(t, "", args...)
		if code != 2 || !strings.Contains(errs, "onbekende optie --kleur") || !strings.Contains(errs, "Gebruik: jeugdhulp ") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if code, _, errs := run(t, "", "token", "add", "a@b.nl", "--help"); code != 0 || !strings.Contains(errs, "Gebruik: jeugdhulp token add") {
		t.Errorf("token add --help: exit %d, %q", code, errs)
	}
}
