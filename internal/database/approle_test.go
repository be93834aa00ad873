package database_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

// TestAppRoleCannotAlterAccessLog: on PostgreSQL the application's database
// role, as set up by "jeugdhulp migrate --app-role", may read and append the
// access log but not change, delete or truncate it.
func TestAppRoleCannotAlterAccessLog(t *testing.T) {
	base := dbtest.PostgresURL(t)
	ctx := context.Background()
	owner, schemaURL := dbtest.NewPostgresSchema(t, base)
	b := make([]byte, 4)
	rand.Read(b)
	role := "app_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE ROLE "+role+" LOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP OWNED BY " + role)
		admin.Exec("DROP ROLE " + role)
	})
	if err := owner.GrantAppRole(ctx, role); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(schemaURL)
	u.User = url.User(role)
	app, err := database.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	err = app.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO access_log (at, user_email, organisation_name, on_behalf_of, action, object, purpose, outcome, channel, source)
			VALUES (?, 'a@example.nl', 'Org', 'Org', 'lezen', 'client', 'hulpverlening', 'toegestaan', 'web', '127.0.0.1')`, time.Now().UTC())
		if err != nil {
			return err
		}
		// The sets of youths that list entries name are as append-only.
		set, err := tx.InsertID(ctx, "INSERT INTO access_client_sets (digest, size) VALUES ('d', 2)")
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, "INSERT INTO access_client_set_members (set_id, client_id) VALUES (?, 1), (?, 2)", set, set)
		return err
	})
	if err != nil {
		t.Fatalf("app role cannot append: %v", err)
	}
	for _, q := range []string{"UPDATE access_log SET outcome = 'geweigerd'", "DELETE FROM access_log", "TRUNCATE access_log",
		"UPDATE access_client_sets SET size = 1", "DELETE FROM access_client_set_members", "TRUNCATE access_client_sets CASCADE"} {
		err := app.Do(ctx, func(tx *database.Tx) error { _, err := tx.Exec(ctx, q); return err })
		if err == nil || !strings.Contains(err.Error(), "permission denied") {
			t.Errorf("%s as app role: %v, want permission denied", q, err)
		}
	}
	var n int
	app.QueryRow(ctx, "SELECT COUNT(*) FROM access_log").Scan(&n)
	if n != 1 {
		t.Fatalf("access log has %d rows, want 1", n)
	}
}
