package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

func init() { account.DefaultParams = account.Argon2Params{Memory: 1024, Time: 1, Threads: 1} }

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(t *testing.T) (*account.Service, *clock, int64) {
	db := dbtest.New(t)
	org, err := (&organisation.Store{DB: db}).Create(context.Background(), organisation.Organisation{Name: "Gemeente Tilburg", Kind: organisation.Gemeente, CBSCode: "0855"})
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	s := account.NewService(db)
	s.Now = c.now
	_, err = s.Create(context.Background(), account.NewUser{Email: "Backoffice@Tilburg.nl", Name: "B", OrgID: org, Roles: []access.Role{access.Backoffice}, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, org
}

func TestPasswordHash(t *testing.T) {
	h := account.HashPassword("geheim wachtwoord")
	if ok, err := account.CheckPassword(h, "geheim wachtwoord"); !ok || err != nil {
		t.Fatalf("right password rejected: %v", err)
	}
	if ok, _ := account.CheckPassword(h, "geheim wachtwoorD"); ok {
		t.Fatal("wrong password accepted")
	}
	if h2 := account.HashPassword("geheim wachtwoord"); h2 == h {
		t.Fatal("same hash twice: no salt")
	}
	if _, err := account.CheckPassword("$argon2id$v=19$garbage", "x"); err == nil {
		t.Fatal("malformed hash accepted")
	}
}

func TestAuthenticateAndLockout(t *testing.T) {
	s, c, _ := newService(t)
	ctx := context.Background()
	if u, err := s.Authenticate(ctx, "backoffice@tilburg.nl", "correct horse battery"); err != nil || u.Email != "backoffice@tilburg.nl" {
		t.Fatalf("login failed: %v", err)
	}
	for i := 0; i < 5; i++ {
		if _, err := s.Authenticate(ctx, "backoffice@tilburg.nl", "wrong"); !errors.Is(err, account.ErrBadCredentials) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	// Locked: refused with the right password, as a wrong one is.
	if _, err := s.Authenticate(ctx, "backoffice@tilburg.nl", "correct horse battery"); !errors.Is(err, account.ErrBadCredentials) {
		t.Fatalf("after 5 failures: %v, want ErrBadCredentials", err)
	}
	c.t = c.t.Add(16 * time.Minute)
	if _, err := s.Authenticate(ctx, "backoffice@tilburg.nl", "correct horse battery"); err != nil {
		t.Fatalf("after lock-out expired: %v", err)
	}
	if _, err := s.Authenticate(ctx, "nobody@tilburg.nl", "x"); !errors.Is(err, account.ErrBadCredentials) {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestSessionTimeouts(t *testing.T) {
	s, c, _ := newService(t)
	ctx := context.Background()
	u, _ := s.ByEmail(ctx, "backoffice@tilburg.nl")
	tok, err := s.NewSession(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sess, err := s.SessionByToken(ctx, tok); err != nil || sess.User.ID != u.ID || sess.CSRF == "" {
		t.Fatalf("fresh session: %+v %v", sess, err)
	}
	c.t = c.t.Add(29 * time.Minute)
	if _, err := s.SessionByToken(ctx, tok); err != nil {
		t.Fatalf("within idle timeout: %v", err)
	}
	c.t = c.t.Add(31 * time.Minute)
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("after idle timeout: %v", err)
	}
	// Absolute timeout: active every 20 minutes, still ends after 12 hours.
	tok, _ = s.NewSession(ctx, u.ID)
	for i := 0; i < 36; i++ {
		c.t = c.t.Add(20 * time.Minute)
		if _, err := s.SessionByToken(ctx, tok); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	c.t = c.t.Add(20 * time.Minute)
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("after absolute timeout: %v", err)
	}
	tok, _ = s.NewSession(ctx, u.ID)
	s.EndSession(ctx, tok)
	if _, err := s.SessionByToken(ctx, tok); !errors.Is(err, account.ErrNoSession) {
		t.Fatalf("after logout: %v", err)
	}
}

func TestTokens(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	tok, err := s.NewToken(ctx, "backoffice@tilburg.nl")
	if err != nil {
		t.Fatal(err)
	}
	if u, err := s.UserByToken(ctx, tok); err != nil || u.Email != "backoffice@tilburg.nl" {
		t.Fatalf("token: %v", err)
	}
	var stored int
	s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", tok).Scan(&stored)
	if stored != 0 {
		t.Fatal("the token itself is stored")
	}
	s.RevokeToken(ctx, tok)
	if _, err := s.UserByToken(ctx, tok); !errors.Is(err, account.ErrNoToken) {
		t.Fatalf("revoked token: %v", err)
	}
	if _, err := s.UserByToken(ctx, "jh_unknown"); !errors.Is(err, account.ErrNoToken) {
		t.Fatalf("unknown token: %v", err)
	}
}

func TestCreateValidates(t *testing.T) {
	s, _, org := newService(t)
	_, err := s.Create(context.Background(), account.NewUser{Email: "geen-adres", Name: "", OrgID: org, Roles: []access.Role{"koning"}, Password: "kort"})
	var fe account.FieldErrors
	if !errors.As(err, &fe) || fe["email"] == "" || fe["name"] == "" || fe["roles"] == "" || fe["password"] == "" {
		t.Fatalf("want messages for every field, got %v", err)
	}
	_, err = s.Create(context.Background(), account.NewUser{Email: "backoffice@tilburg.nl", Name: "X", OrgID: org, Roles: []access.Role{access.Backoffice}})
	if !errors.As(err, &fe) || fe["email"] == "" {
		t.Fatalf("duplicate e-mail: %v", err)
	}
}
