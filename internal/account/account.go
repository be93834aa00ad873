// Package account holds the users of jeugdhulp and how they prove who they
// are: local accounts with argon2id password hashes and lock-out after
// repeated failures, server-side sessions with idle and absolute timeouts,
// API bearer tokens of which only a hash is stored, and OpenID Connect
// login mapped to existing accounts by e-mail.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// User is an account with its organisation and roles.
type User struct {
	ID      int64
	Email   string
	Name    string
	OrgID   int64
	OrgName string
	OrgKind string
	// RegionID and RegionName: the region the user's organisation works
	// in; 0 and "" when it has none.
	RegionID    int64
	RegionName  string
	Roles       []access.Role
	Active      bool
	HasPassword bool
	LockedUntil time.Time
}

// Principal is u acting through channel from source.
func (u User) Principal(channel, source string) access.Principal {
	return access.Principal{UserID: u.ID, Email: u.Email, Name: u.Name, OrgID: u.OrgID, OrgName: u.OrgName,
		OrgKind: u.OrgKind, RegionID: u.RegionID, Roles: u.Roles, Channel: channel, Source: source}
}

// Policy holds the security settings of accounts and sessions.
type Policy struct {
	MaxFailures     int           // failed logins before lock-out
	LockFor         time.Duration // lock-out duration
	SessionIdle     time.Duration // idle timeout
	SessionAbsolute time.Duration // absolute timeout
}

// DefaultPolicy is used unless configured otherwise.
var DefaultPolicy = Policy{MaxFailures: 5, LockFor: 15 * time.Minute, SessionIdle: 30 * time.Minute, SessionAbsolute: 12 * time.Hour}

// Service manages accounts, sessions and tokens.
type Service struct {
	DB     *database.DB
	Policy Policy
	Now    func() time.Time
}

// NewService returns a Service with the default policy.
func NewService(db *database.DB) *Service {
	return &Service{DB: db, Policy: DefaultPolicy, Now: time.Now}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

var (
	ErrBadCredentials = errors.New("account: wrong e-mail or password")
	ErrNoSession      = errors.New("account: no valid session")
	ErrNoToken        = errors.New("account: unknown, expired or revoked token")
	ErrNotFound       = errors.New("account: not found")
)

// FieldErrors maps a form field to a Dutch message.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	var parts []string
	for k, v := range fe {
		parts = append(parts, k+": "+v)
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

// NewUser is the input for Create.
type NewUser struct {
	Email    string
	Name     string
	OrgID    int64
	Roles    []access.Role
	Password string // empty: no local password (OIDC only)
}

// NormalizeEmail lower-cases and trims an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks n and returns the problems per field, or nil.
func (n *NewUser) Validate() FieldErrors {
	fe := FieldErrors{}
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		fe["email"] = "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl."
	}
	if n.Name == "" || len([]rune(n.Name)) > 200 {
		fe["name"] = "Vul een naam in van hoogstens 200 tekens."
	}
	if n.OrgID == 0 {
		fe["organisation"] = "Kies de organisatie van de gebruiker."
	}
	if len(n.Roles) == 0 {
		fe["roles"] = "Kies minstens één rol."
	}
	for _, r := range n.Roles {
		if _, ok := access.Info(r); !ok {
			fe["roles"] = fmt.Sprintf("Onbekende rol %q.", string(r))
		}
	}
	if n.Password != "" {
		if msg := CheckPasswordStrength(n.Password); msg != "" {
			fe["password"] = msg
		}
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// Create validates and stores a new user, in one transaction with its roles.
func (s *Service) Create(ctx context.Context, n NewUser) (int64, error) {
	if fe := n.Validate(); fe != nil {
		return 0, fe
	}
	var hash any
	if n.Password != "" {
		hash = HashPassword(n.Password)
	}
	var id int64
	err := s.DB.Do(ctx, func(tx *database.Tx) error {
		var n2 int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ?", n.OrgID).Scan(&n2); err != nil {
			return err
		}
		if n2 == 0 {
			return FieldErrors{"organisation": "Deze organisatie bestaat niet."}
		}
		var err error
		id, err = tx.InsertID(ctx, "INSERT INTO users (email, name, organisation_id, password_hash, active, failed_logins, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
			n.Email, n.Name, n.OrgID, hash, true, s.now())
		if err != nil {
			return err
		}
		for _, r := range uniqueRoles(n.Roles) {
			if _, err := tx.Exec(ctx, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", id, string(r)); err != nil {
				return err
			}
		}
		return nil
	})
	if database.IsUniqueViolation(err) {
		return 0, FieldErrors{"email": "Er bestaat al een account met dit e-mailadres."}
	}
	if err != nil {
		var fe FieldErrors
		if errors.As(err, &fe) {
			return 0, fe
		}
		return 0, fmt.Errorf("create user %q: %w", n.Email, err)
	}
	return id, nil
}

func uniqueRoles(rs []access.Role) []access.Role {
	out := slices.Clone(rs)
	slices.Sort(out)
	return slices.Compact(out)
}

const selectUser = `SELECT u.id, u.email, u.name, u.organisation_id, o.name, o.kind, u.active, u.password_hash IS NOT NULL, u.locked_until,
COALESCE(o.region_id, 0), COALESCE(r.naam, '')
FROM users u JOIN organisations o ON o.id = u.organisation_id LEFT JOIN regions r ON r.id = o.region_id`

func (s *Service) scanUsers(ctx context.Context, where string, args ...any) ([]User, error) {
	rows, err := s.DB.Query(ctx, selectUser+" "+where+" ORDER BY o.name, u.email", args...)
	if err != nil {
		return nil, err
	}
	var out []User
	for rows.Next() {
		var u User
		var locked *time.Time
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.OrgID, &u.OrgName, &u.OrgKind, &u.Active, &u.HasPassword, &locked, &u.RegionID, &u.RegionName); err != nil {
			rows.Close()
			return nil, err
		}
		if locked != nil {
			u.LockedUntil = *locked
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	rq, rargs := "SELECT user_id, role FROM user_roles ORDER BY user_id, role", []any{}
	if len(out) == 1 {
		rq, rargs = "SELECT user_id, role FROM user_roles WHERE user_id = ? ORDER BY role", []any{out[0].ID}
	}
	roles, err := s.DB.Query(ctx, rq, rargs...)
	if err != nil {
		return nil, err
	}
	defer roles.Close()
	byID := map[int64]*User{}
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	for roles.Next() {
		var id int64
		var r string
		if err := roles.Scan(&id, &r); err != nil {
			return nil, err
		}
		if u := byID[id]; u != nil {
			u.Roles = append(u.Roles, access.Role(r))
		}
	}
	return out, roles.Err()
}

func (s *Service) one(ctx context.Context, where string, args ...any) (User, error) {
	us, err := s.scanUsers(ctx, where, args...)
	if err != nil {
		return User{}, fmt.Errorf("read user: %w", err)
	}
	if len(us) == 0 {
		return User{}, ErrNotFound
	}
	return us[0], nil
}

// Get returns the user with id.
func (s *Service) Get(ctx context.Context, id int64) (User, error) {
	return s.one(ctx, "WHERE u.id = ?", id)
}

// ByEmail returns the user with this e-mail address.
func (s *Service) ByEmail(ctx context.Context, email string) (User, error) {
	return s.one(ctx, "WHERE u.email = ?", NormalizeEmail(email))
}

// List returns every user.
func (s *Service) List(ctx context.Context) ([]User, error) {
	us, err := s.scanUsers(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return us, nil
}

// CountAdmins counts active users with the beheerder role.
func (s *Service) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = ? AND u.active = ?", string(access.Beheerder), true).Scan(&n)
	return n, err
}

// SetActive enables or disables an account; disabling ends its sessions
// and revokes its tokens in the same transaction.
func (s *Service) SetActive(ctx context.Context, id int64, active bool) error {
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE users SET active = ? WHERE id = ?", active, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if !active {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", s.now(), id); err != nil {
				return err
			}
		}
		return nil
	})
}

// dummyHash is checked when no account matches, so that a wrong e-mail
// takes as long as a wrong password. It is made on first use: a hash at
// start-up would cost every command (jeugdhulp ijw too) 64 MiB and 0.3 s.
var dummyHash = sync.OnceValue(func() string { return HashPassword("jeugdhulp-dummy-password") })

// Authenticate checks e-mail and password. After Policy.MaxFailures
// consecutive failures the account is locked for Policy.LockFor; a locked
// account is refused even with the right password. Every refusal (unknown
// e-mail, wrong password, deactivated or locked account) is the same
// ErrBadCredentials after the same password check, so neither the answer
// nor its timing tells whether an account exists or is locked.
func (s *Service) Authenticate(ctx context.Context, email, password string) (User, error) {
	email = NormalizeEmail(email)
	var (
		id       int64
		hash     *string
		active   bool
		failures int
		locked   *time.Time
	)
	err := s.DB.QueryRow(ctx, "SELECT id, password_hash, active, failed_logins, locked_until FROM users WHERE email = ?", email).
		Scan(&id, &hash, &active, &failures, &locked)
	if errors.Is(err, database.ErrNoRows) {
		CheckPassword(dummyHash(), password)
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	now := s.now()
	if locked != nil && now.Before(*locked) {
		if hash != nil {
			CheckPassword(*hash, password)
		} else {
			CheckPassword(dummyHash(), password)
		}
		return User{}, ErrBadCredentials
	}
	ok := false
	if hash != nil {
		ok, _ = CheckPassword(*hash, password)
	} else {
		CheckPassword(dummyHash(), password)
	}
	if !ok || !active {
		err := s.DB.Do(ctx, func(tx *database.Tx) error {
			// Count in SQL so that concurrent failures are all counted.
			if _, err := tx.Exec(ctx, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", id); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, "UPDATE users SET locked_until = ?, failed_logins = 0 WHERE id = ? AND failed_logins >= ?", now.Add(s.Policy.LockFor), id, s.Policy.MaxFailures)
			return err
		})
		if err != nil {
			return User{}, fmt.Errorf("authenticate: record failure: %w", err)
		}
		return User{}, ErrBadCredentials
	}
	if failures > 0 || locked != nil {
		if err := s.DB.Do(ctx, func(tx *database.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", id)
			return err
		}); err != nil {
			return User{}, fmt.Errorf("authenticate: reset failures: %w", err)
		}
	}
	return s.Get(ctx, id)
}

// SetPassword replaces a user's password.
func (s *Service) SetPassword(ctx context.Context, id int64, pw string) error {
	if msg := CheckPasswordStrength(pw); msg != "" {
		return FieldErrors{"password": msg}
	}
	h := HashPassword(pw)
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?", h, id)
		return err
	})
}

func randomToken(prefix string) string {
	b := make([]byte, 32)
	rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// Session is a logged-in browser session.
type Session struct {
	User User
	CSRF string
}

// NewSession starts a session for user id and returns its secret token (for
// the cookie; only its hash is stored).
func (s *Service) NewSession(ctx context.Context, userID int64) (token string, err error) {
	token = randomToken("")
	now := s.now()
	err = s.DB.Do(ctx, func(tx *database.Tx) error {
		// Sessions past their absolute timeout are removed on the way.
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE created_at < ?", now.Add(-s.Policy.SessionAbsolute)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
			hashToken(token), userID, randomToken(""), now, now)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("new session for user %d: %w", userID, err)
	}
	return token, nil
}

// SessionByToken returns the session for a cookie token, enforcing the idle
// and absolute timeouts and the account being active. It refreshes the
// session's last-seen time at most once a minute.
func (s *Service) SessionByToken(ctx context.Context, token string) (Session, error) {
	if token == "" || len(token) > 100 {
		return Session{}, ErrNoSession
	}
	th := hashToken(token)
	var userID int64
	var csrf string
	var created, seen time.Time
	err := s.DB.QueryRow(ctx, "SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = ?", th).Scan(&userID, &csrf, &created, &seen)
	if errors.Is(err, database.ErrNoRows) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	now := s.now()
	if now.Sub(seen) > s.Policy.SessionIdle || now.Sub(created) > s.Policy.SessionAbsolute {
		s.EndSession(ctx, token)
		return Session{}, ErrNoSession
	}
	u, err := s.Get(ctx, userID)
	if err != nil || !u.Active {
		return Session{}, ErrNoSession
	}
	if now.Sub(seen) > time.Minute {
		if err := s.DB.Do(ctx, func(tx *database.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, th)
			return err
		}); err != nil {
			return Session{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return Session{User: u, CSRF: csrf}, nil
}

// EndSession deletes the session (logout).
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", hashToken(token))
		return err
	})
}

// Terms of an API token, in calendar days after the day it is made.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 365
)

// legacyTokenTerm is the life of a token made before tokens had an expiry
// (migration 0010): the default term, counted from when it was made.
const legacyTokenTerm = DefaultTokenDays * 24 * time.Hour

// Token is an API token as an administrator sees it: never the token or
// its hash. Zero times are "never".
type Token struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	LastUsed  time.Time
	ExpiresAt time.Time // the last instant it works: 23:59:59 Amsterdam on its last day
	RevokedAt time.Time
}

// Revoked reports whether the token was revoked.
func (t Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// Expired reports whether the token has expired at now.
func (t Token) Expired(now time.Time) bool { return now.After(t.ExpiresAt) }

// CheckTokenDays refuses a term outside 1..MaxTokenDays days with a Dutch
// message for the field "geldig".
func CheckTokenDays(days int) error {
	if days < 1 || days > MaxTokenDays {
		return FieldErrors{"geldig": fmt.Sprintf("Een API-token is 1 tot en met %d dagen geldig.", MaxTokenDays)}
	}
	return nil
}

// TokenExpiry returns the end of a token made at now that is valid for
// days calendar days after today: 23:59:59 Europe/Amsterdam on the last day
// (as kalender ends a term of days), after CheckTokenDays.
func TokenExpiry(now time.Time, days int) (time.Time, error) {
	if err := CheckTokenDays(days); err != nil {
		return time.Time{}, err
	}
	d := kalender.Day(now)
	return time.Date(d.Year(), d.Month(), d.Day()+days, 23, 59, 59, 0, kalender.Amsterdam()), nil
}

// NewToken creates an API bearer token valid for DefaultTokenDays for the
// user with this e-mail and returns it; only its hash is stored, so it
// cannot be shown again.
func (s *Service) NewToken(ctx context.Context, email string) (string, error) {
	tok, _, err := s.IssueToken(ctx, email, DefaultTokenDays)
	return tok, err
}

// IssueToken creates an API bearer token valid for days calendar days (see
// TokenExpiry) for the user with this e-mail and returns it with its
// listing; only its hash is stored. An unknown e-mail is ErrNotFound.
func (s *Service) IssueToken(ctx context.Context, email string, days int) (string, Token, error) {
	now := s.now()
	exp, err := TokenExpiry(now, days)
	if err != nil {
		return "", Token{}, err
	}
	u, err := s.ByEmail(ctx, email)
	if err != nil {
		return "", Token{}, err
	}
	tok := randomToken("jh_")
	t := Token{UserID: u.ID, CreatedAt: now, ExpiresAt: exp.UTC()}
	err = s.DB.Do(ctx, func(tx *database.Tx) error {
		t.ID, err = tx.InsertID(ctx, "INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
			u.ID, hashToken(tok), t.CreatedAt, t.ExpiresAt)
		return err
	})
	if err != nil {
		return "", Token{}, fmt.Errorf("new token for user %d: %w", u.ID, err)
	}
	return tok, t, nil
}

const selectToken = "SELECT id, user_id, created_at, last_used_at, expires_at, revoked_at FROM api_tokens"

func scanToken(sc interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var used, exp, revoked *time.Time
	if err := sc.Scan(&t.ID, &t.UserID, &t.CreatedAt, &used, &exp, &revoked); err != nil {
		return Token{}, err
	}
	if used != nil {
		t.LastUsed = *used
	}
	if exp != nil {
		t.ExpiresAt = *exp
	} else {
		t.ExpiresAt = t.CreatedAt.Add(legacyTokenTerm)
	}
	if revoked != nil {
		t.RevokedAt = *revoked
	}
	return t, nil
}

// Tokens returns the API tokens of the user with id userID, or of every
// user when userID is 0, by user and then in the order they were made.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	q, args := selectToken+" ORDER BY user_id, id", []any{}
	if userID != 0 {
		q, args = selectToken+" WHERE user_id = ? ORDER BY id", []any{userID}
	}
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// UserByToken returns the user owning an API token. Refused, as an unknown
// token is, with ErrNoToken: a token that is revoked or expired, and a
// token of an account that is deactivated or locked out (until the lock
// ends). Its last use is recorded at most once a minute.
func (s *Service) UserByToken(ctx context.Context, token string) (User, error) {
	if !strings.HasPrefix(token, "jh_") || len(token) > 100 {
		return User{}, ErrNoToken
	}
	t, err := scanToken(s.DB.QueryRow(ctx, selectToken+" WHERE token_hash = ?", hashToken(token)))
	if errors.Is(err, database.ErrNoRows) {
		return User{}, ErrNoToken
	}
	if err != nil {
		return User{}, fmt.Errorf("read token: %w", err)
	}
	now := s.now()
	if t.Revoked() || t.Expired(now) {
		return User{}, ErrNoToken
	}
	u, err := s.Get(ctx, t.UserID)
	if errors.Is(err, ErrNotFound) {
		return User{}, ErrNoToken
	}
	if err != nil {
		return User{}, err
	}
	if !u.Active || now.Before(u.LockedUntil) {
		return User{}, ErrNoToken
	}
	if now.Sub(t.LastUsed) > time.Minute {
		if err := s.DB.Do(ctx, func(tx *database.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now, t.ID)
			return err
		}); err != nil {
			return User{}, fmt.Errorf("touch token %d: %w", t.ID, err)
		}
	}
	return u, nil
}

// RevokeToken revokes a token; revoking an unknown token is not an error.
func (s *Service) RevokeToken(ctx context.Context, token string) error {
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", s.now(), hashToken(token))
		return err
	})
}

// RevokeTokenID revokes the token with this id in one transaction and
// returns it as it is afterwards. An unknown id is ErrNotFound; a token
// that was already revoked stays as it was (its RevokedAt is the first).
func (s *Service) RevokeTokenID(ctx context.Context, id int64) (Token, error) {
	var t Token
	err := s.DB.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", s.now(), id); err != nil {
			return err
		}
		var err error
		t, err = scanToken(tx.QueryRow(ctx, selectToken+" WHERE id = ?", id))
		if errors.Is(err, database.ErrNoRows) {
			return ErrNotFound
		}
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return Token{}, err
	}
	if err != nil {
		return Token{}, fmt.Errorf("revoke token %d: %w", id, err)
	}
	return t, nil
}
