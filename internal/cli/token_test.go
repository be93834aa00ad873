package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// TestTokenCommands: token add --geldig, token list, token revoke.
func TestTokenCommands(t *testing.T) {
	data := t.TempDir()
	db, err := (dbFlags{data: &data, url: new(string)}).open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.W.Exec("INSERT INTO organisations (name, kind, created_at) VALUES ('Regio Test', 'regio', CURRENT_TIMESTAMP)")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "correct horse battery\n", "user", "add", "--data", data, "--email", "beheer@regio.nl", "--name", "B", "--org", "Regio Test", "--role", "beheerder"); code != 0 {
		t.Fatalf("user add: %s", errs)
	}

	// token add: the token alone on standard output (for a script), its
	// number and last day on standard error.
	code, out, errs := run(t, "", "token", "add", "beheer@regio.nl", "--data", data)
	want := kalender.Datum(kalender.Day(time.Now()).AddDate(0, 0, account.DefaultTokenDays))
	if code != 0 || !regexp.MustCompile(`^jh_[A-Za-z0-9_-]{43}\n$`).MatchString(out) || errs != "token 1, geldig tot en met "+want+"; het wordt niet nog eens getoond\n" {
		t.Fatalf("token add: %d %q %q (want last day %s)", code, out, errs, want)
	}
	tok1 := strings.TrimSpace(out)
	code, out, errs = run(t, "", "token", "add", "--geldig", "7", "--data", data, "beheer@regio.nl")
	want = kalender.Datum(kalender.Day(time.Now()).AddDate(0, 0, 7))
	if code != 0 || !strings.HasPrefix(out, "jh_") || !strings.Contains(errs, "token 2, geldig tot en met "+want) {
		t.Fatalf("token add --geldig 7: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "", "token", "add", "--geldig", "365", "--data", data, "beheer@regio.nl"); code != 0 {
		t.Fatalf("--geldig 365: %d %q", code, errs)
	}
	for _, bad := range []string{"0", "366", "-3", "zeven"} {
		code, out, errs := run(t, "", "token", "add", "--geldig", bad, "--data", data, "beheer@regio.nl")
		if code != 2 || out != "" || !strings.Contains(errs, "Gebruik: jeugdhulp token add") {
			t.Errorf("--geldig %s: %d %q %q", bad, code, out, errs)
		}
	}
	if code, _, errs := run(t, "", "token", "add", "--geldig", "366", "--data", data, "beheer@regio.nl"); !strings.Contains(errs, "1 tot en met 365 dagen") {
		t.Errorf("--geldig 366: %d %q", code, errs)
	}

	// token list: id, created, last used, expires, revoked; never the token.
	code, out, errs = run(t, "", "token", "list", "beheer@regio.nl", "--data", data)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	row := regexp.MustCompile(`^(\d+)\t(\d\d-\d\d-\d{4} \d\d:\d\d)\t-\t(\d\d-\d\d-\d{4}) 23:59\t-$`)
	if code != 0 || len(lines) != 3 {
		t.Fatalf("token list: %d %q %q", code, out, errs)
	}
	for i, l := range lines {
		m := row.FindStringSubmatch(l)
		if m == nil || m[1] != string(rune('1'+i)) {
			t.Fatalf("token list line %d: %q", i, l)
		}
	}
	if !strings.Contains(lines[1], "\t"+want+" 23:59\t") {
		t.Fatalf("token 2 expires: %q, want %s", lines[1], want)
	}
	if strings.Contains(out, tok1) || strings.Contains(out, "jh_") {
		t.Fatal("token list shows a token")
	}

	// token revoke ID: that token and no other.
	code, out, errs = run(t, "", "token", "revoke", "2", "--data", data)
	if code != 0 || !regexp.MustCompile(`^token 2 ingetrokken op \d\d-\d\d-\d{4} \d\d:\d\d\n$`).MatchString(out) {
		t.Fatalf("token revoke: %d %q %q", code, out, errs)
	}
	_, out, _ = run(t, "", "token", "list", "--data", data, "beheer@regio.nl")
	lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], "\t-") || strings.HasSuffix(lines[1], "\t-") || !strings.HasSuffix(lines[2], "\t-") {
		t.Fatalf("after revoke: %q", out)
	}
	// Revoking again keeps the first moment; the other tokens still work.
	if code, _, errs := run(t, "", "token", "revoke", "2", "--data", data); code != 0 {
		t.Fatalf("revoke again: %d %q", code, errs)
	}
	db, err = (dbFlags{data: &data, url: new(string)}).open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if u, err := account.NewService(db).UserByToken(t.Context(), tok1); err != nil || u.Email != "beheer@regio.nl" {
		t.Errorf("token 1 after revoking token 2: %v", err)
	}
	db.Close()

	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"token", "revoke", "99"}, 1, "geen token met nummer 99"},
		{[]string{"token", "revoke", "twee"}, 2, `"twee" is geen tokennummer`},
		{[]string{"token", "revoke"}, 2, "Gebruik: jeugdhulp token revoke ID"},
		{[]string{"token", "list", "niemand@regio.nl"}, 1, "geen account met e-mailadres niemand@regio.nl"},
		{[]string{"token", "list"}, 2, "Gebruik: jeugdhulp token list EMAIL"},
		{[]string{"token", "add", "niemand@regio.nl", "--geldig", "5"}, 1, "geen account"},
		{[]string{"token", "wis", "1"}, 2, "token add EMAIL [--geldig DAGEN] | token list EMAIL | token revoke ID"},
	} {
		code, _, errs := run(t, "", append(tc.args, "--data", data)...)
		if code != tc.code || !strings.Contains(errs, tc.err) {
			t.Errorf("%v: exit %d %q, want %d %q", tc.args, code, errs, tc.code, tc.err)
		}
	}
	for _, sub := range []string{"list", "revoke"} {
		if code, _, errs := run(t, "", "token", sub, "--help"); code != 0 || !strings.Contains(errs, "Gebruik: jeugdhulp token "+sub) {
			t.Errorf("token %s --help: %d %q", sub, code, errs)
		}
	}
}
