package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

// "log verify" prints the Dutch verdict on an untouched log and names the
// entry changed behind the application's back (SQLite, or PostgreSQL with
// JEUGDHULP_TEST_DIALECT=postgres).
func TestLogVerify(t *testing.T) {
	ctx := context.Background()
	var db *database.DB
	var where []string
	if os.Getenv("JEUGDHULP_TEST_DIALECT") == "postgres" {
		var u string
		db, u = dbtest.NewPostgresSchema(t, dbtest.PostgresURL(t))
		where = []string{"--database-url", u}
	} else {
		data := filepath.Join(t.TempDir(), "data")
		where = []string{"--data", data}
		if code, _, errs := run(t, "", append([]string{"migrate"}, where...)...); code != 0 {
			t.Fatal(errs)
		}
		var err error
		if db, err = database.Open(ctx, "sqlite:"+filepath.Join(data, "jeugdhulp.db")); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
	}
	verify := append([]string{"log", "verify"}, where...)
	if code, out, errs := run(t, "", verify...); code != 0 || out != "Toegangslog intact: 0 regels, keten klopt.\n" {
		t.Fatalf("empty log: exit %d, %q %q", code, out, errs)
	}
	gate := access.NewGate(db)
	privacy := access.Principal{UserID: 1, Email: "privacy@regio.nl", OrgName: "Regio", Roles: []access.Role{access.Privacy}, Channel: "cli", Source: "127.0.0.1"}
	other := access.Principal{UserID: 2, Email: "inkoop@regio.nl", OrgName: "Regio", Roles: []access.Role{access.Inkoop}, Channel: "cli", Source: "127.0.0.1"}
	for _, p := range []access.Principal{privacy, other, privacy} {
		gate.Trail(ctx, p, access.Filter{}, access.PrivacyOnderzoek)
	}
	code, out, errs := run(t, "", verify...)
	if code != 0 || !strings.HasPrefix(out, "Toegangslog intact: 3 regels, keten klopt.\nLaatste regel: 3, hash ") {
		t.Fatalf("untouched log: exit %d, %q %q", code, out, errs)
	}
	drop := []string{"DROP TRIGGER access_log_no_update"}
	if db.Dialect == database.Postgres {
		drop = []string{"DROP TRIGGER access_log_append_only ON access_log"}
	}
	err := db.Do(ctx, func(tx *database.Tx) error {
		for _, q := range append(drop, "UPDATE access_log SET purpose = 'beheer' WHERE id = 2") {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = run(t, "", verify...)
	if code != 1 || out != "" || !strings.Contains(errs, "toegangslog NIET intact: de keten breekt bij regel 2: de inhoud van regel 2 klopt niet met haar hash") {
		t.Fatalf("changed entry: exit %d, %q %q", code, out, errs)
	}
}

func TestLogVerifyUsage(t *testing.T) {
	for _, args := range [][]string{{"log"}, {"log", "wis"}, {"log", "verify", "--kleur"}, {"log", "verify", "extra"}} {
		if code, _, errs := run(t, "", args...); code != 2 || !strings.Contains(errs, "Gebruik: jeugdhulp log verify") {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if code, _, _ := run(t, "", "log", "verify", "--help"); code != 0 {
		t.Errorf("--help: exit %d", code)
	}
	// No database: said so, and nothing is created.
	missing := filepath.Join(t.TempDir(), "nergens")
	if code, _, errs := run(t, "", "log", "verify", "--data", missing); code != 1 || !strings.Contains(errs, "geen database") {
		t.Errorf("no database: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("log verify created %s", missing)
	}
}
