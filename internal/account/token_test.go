package account_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// TestTokenStates: which tokens UserByToken accepts. Every refusal is the
// same ErrNoToken as an unknown token's, so the API cannot tell them apart.
func TestTokenStates(t *testing.T) {
	ctx := context.Background()
	const email = "backoffice@tilburg.nl"
	lockOut := func(t *testing.T, s *account.Service) {
		for range s.Policy.MaxFailures {
			if _, err := s.Authenticate(ctx, email, "wrong"); !errors.Is(err, account.ErrBadCredentials) {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		name  string
		days  int
		setup func(t *testing.T, s *account.Service, c *clock, tok string)
		ok    bool
	}{
		{"valid", 90, nil, true},
		{"valid on its last day", 1, func(t *testing.T, s *account.Service, c *clock, tok string) {
			c.t = time.Date(2026, 11, 24, 23, 59, 0, 0, kalender.Amsterdam())
		}, true},
		{"expired", 1, func(t *testing.T, s *account.Service, c *clock, tok string) {
			c.t = time.Date(2026, 11, 25, 0, 0, 0, 0, kalender.Amsterdam())
		}, false},
		{"expired after 90 days", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			c.t = c.t.AddDate(0, 0, 91)
		}, false},
		{"revoked", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			if err := s.RevokeToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"revoked by id", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			ts, _ := s.Tokens(ctx, 0)
			if _, err := s.RevokeTokenID(ctx, ts[0].ID); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"user deactivated", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			u, _ := s.ByEmail(ctx, email)
			if err := s.SetActive(ctx, u.ID, false); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"user deactivated, row not revoked", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			// Deactivation revokes the tokens too; the check on the account
			// holds on its own.
			if _, err := s.DB.W.Exec("UPDATE users SET active = FALSE"); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"user deactivated and activated again", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			u, _ := s.ByEmail(ctx, email)
			s.SetActive(ctx, u.ID, false)
			s.SetActive(ctx, u.ID, true)
		}, false},
		{"user locked", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			lockOut(t, s)
		}, false},
		{"user locked, 14 minutes on", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			lockOut(t, s)
			c.t = c.t.Add(14 * time.Minute)
		}, false},
		{"user unlocked after the lock period", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			lockOut(t, s)
			c.t = c.t.Add(s.Policy.LockFor + time.Second)
		}, true},
		{"four failures do not lock", 90, func(t *testing.T, s *account.Service, c *clock, tok string) {
			for range s.Policy.MaxFailures - 1 {
				s.Authenticate(ctx, email, "wrong")
			}
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, c, _ := newService(t)
			tok, tk, err := s.IssueToken(ctx, email, tc.days)
			if err != nil {
				t.Fatal(err)
			}
			if tc.setup != nil {
				tc.setup(t, s, c, tok)
			}
			u, err := s.UserByToken(ctx, tok)
			switch {
			case tc.ok && (err != nil || u.Email != email):
				t.Fatalf("refused: %v (expires %s)", err, kalender.DatumTijd(tk.ExpiresAt))
			case !tc.ok && !errors.Is(err, account.ErrNoToken):
				t.Fatalf("got %v, %v; want ErrNoToken", u.Email, err)
			}
		})
	}
}

func TestTokenExpiry(t *testing.T) {
	// Made at 01:30 Amsterdam on 23 November (00:30 UTC): 90 days is the
	// end of 21 February 2027, Amsterdam time, whatever the UTC day.
	now := time.Date(2026, 11, 23, 0, 30, 0, 0, time.UTC)
	exp, err := account.TokenExpiry(now, 90)
	if err != nil || kalender.DatumTijd(exp) != "21-02-2027 23:59" {
		t.Fatalf("90 days: %s %v", kalender.DatumTijd(exp), err)
	}
	// Across the change to summer time the last day still ends at 23:59:59.
	exp, _ = account.TokenExpiry(time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC), 30)
	if got := exp.In(kalender.Amsterdam()).Format("2006-01-02 15:04:05 MST"); got != "2027-03-31 23:59:59 CEST" {
		t.Fatalf("30 days across DST: %s", got)
	}
	for _, days := range []int{0, -1, 366} {
		var fe account.FieldErrors
		if _, err := account.TokenExpiry(now, days); !errors.As(err, &fe) || !strings.Contains(fe["geldig"], "365") {
			t.Errorf("%d days: %v", days, err)
		}
	}
	if _, err := account.TokenExpiry(now, 365); err != nil {
		t.Errorf("365 days: %v", err)
	}
}

// TestTokenList: listing shows id and times, records the last use, and
// revoking by id is idempotent and refuses an unknown id.
func TestTokenList(t *testing.T) {
	s, c, _ := newService(t)
	ctx := context.Background()
	u, _ := s.ByEmail(ctx, "backoffice@tilburg.nl")
	tok1, t1, err := s.IssueToken(ctx, u.Email, 30)
	if err != nil {
		t.Fatal(err)
	}
	_, t2, _ := s.IssueToken(ctx, u.Email, 365)
	if _, _, err := s.IssueToken(ctx, "niemand@tilburg.nl", 30); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("unknown e-mail: %v", err)
	}
	c.t = c.t.Add(time.Hour)
	if _, err := s.UserByToken(ctx, tok1); err != nil {
		t.Fatal(err)
	}
	ts, err := s.Tokens(ctx, u.ID)
	if err != nil || len(ts) != 2 || ts[0].ID != t1.ID || ts[1].ID != t2.ID {
		t.Fatalf("tokens: %+v %v", ts, err)
	}
	if !ts[0].LastUsed.Equal(c.t) || !ts[1].LastUsed.IsZero() || !ts[0].ExpiresAt.Equal(t1.ExpiresAt) || ts[0].Revoked() {
		t.Fatalf("token 1: %+v", ts[0])
	}
	r, err := s.RevokeTokenID(ctx, t1.ID)
	if err != nil || !r.RevokedAt.Equal(c.t) {
		t.Fatalf("revoke: %+v %v", r, err)
	}
	c.t = c.t.Add(time.Hour)
	if r2, err := s.RevokeTokenID(ctx, t1.ID); err != nil || !r2.RevokedAt.Equal(r.RevokedAt) {
		t.Fatalf("revoke again: %+v %v", r2, err)
	}
	if _, err := s.RevokeTokenID(ctx, 9999); !errors.Is(err, account.ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
	if ts, _ := s.Tokens(ctx, 0); len(ts) != 2 || !ts[0].Revoked() || ts[1].Revoked() {
		t.Fatalf("after revoke: %+v", ts)
	}
}

// TestTokenMadeBeforeExpiry: a token from before migration 0010 has no
// expires_at and lives the default term from when it was made.
func TestTokenMadeBeforeExpiry(t *testing.T) {
	s, c, _ := newService(t)
	ctx := context.Background()
	tok, tk, _ := s.IssueToken(ctx, "backoffice@tilburg.nl", 365)
	if _, err := s.DB.W.Exec("UPDATE api_tokens SET expires_at = NULL"); err != nil {
		t.Fatal(err)
	}
	c.t = tk.CreatedAt.Add(89 * 24 * time.Hour)
	if _, err := s.UserByToken(ctx, tok); err != nil {
		t.Fatalf("day 89: %v", err)
	}
	c.t = tk.CreatedAt.Add(90*24*time.Hour + time.Second)
	if _, err := s.UserByToken(ctx, tok); !errors.Is(err, account.ErrNoToken) {
		t.Fatalf("day 90: %v", err)
	}
}

// TestDeactivatedSessionStops: a session ends at once when its account is
// deactivated, also if only the account row says so.
func TestDeactivatedSessionStops(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	u, _ := s.ByEmail(ctx, "backoffice@tilburg.nl")
	tok, _ := s.NewSession(ctx, u.ID)
	tok2, _ := s.NewSession(ctx, u.ID)
	if _, err := s.DB.W.Exec("UPDATE users SET active = FALSE"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("inactive account's session: %v", err)
	}
	s.SetActive(ctx, u.ID, true)
	s.SetActive(ctx, u.ID, false)
	s.SetActive(ctx, u.ID, true)
	if _, err := s.SessionByToken(ctx, tok2); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("session survived deactivation: %v", err)
	}
}

// TestLockoutLooksLikeWrongPassword: a locked account, the right password
// of a locked account, a deactivated account and an unknown e-mail all get
// the same error as a wrong password.
func TestLockoutLooksLikeWrongPassword(t *testing.T) {
	s, c, _ := newService(t)
	ctx := context.Background()
	for i := range 5 {
		if _, err := s.Authenticate(ctx, "backoffice@tilburg.nl", "wrong"); err != account.ErrBadCredentials {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	for _, pw := range []string{"correct horse battery", "wrong"} {
		if _, err := s.Authenticate(ctx, "backoffice@tilburg.nl", pw); err != account.ErrBadCredentials {
			t.Fatalf("locked, %q: %v", pw, err)
		}
	}
	if _, err := s.Authenticate(ctx, "nobody@tilburg.nl", "x"); err != account.ErrBadCredentials {
		t.Fatalf("unknown: %v", err)
	}
	c.t = c.t.Add(16 * time.Minute)
	u, err := s.Authenticate(ctx, "backoffice@tilburg.nl", "correct horse battery")
	if err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	s.SetActive(ctx, u.ID, false)
	if _, err := s.Authenticate(ctx, "backoffice@tilburg.nl", "correct horse battery"); err != account.ErrBadCredentials {
		t.Fatalf("deactivated: %v", err)
	}
}
