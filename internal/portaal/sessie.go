package portaal

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Session timeouts of the family's portal: shorter than the staff's, as
// DigiD's own session is.
const (
	SessieInactief = 15 * time.Minute
	SessieMaximaal = 2 * time.Hour
)

// ErrGeenSessie: no valid session for this token.
var ErrGeenSessie = errors.New("portaal: no session")

// Sessie is a logged-in family member's session.
type Sessie struct {
	BSN  string
	CSRF string
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// NieuweSessie starts a session for the person with bsn and returns its
// token (only its hash is stored).
func (s *Service) NieuweSessie(ctx context.Context, bsn string) (string, error) {
	tok := rand.Text() + rand.Text()
	now := s.now()
	err := s.DB.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM portaal_sessions WHERE created_at < ? OR last_seen_at < ?", now.Add(-SessieMaximaal), now.Add(-SessieInactief)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO portaal_sessions (token_hash, bsn, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
			hashToken(tok), bsn, rand.Text(), now, now)
		return err
	})
	return tok, err
}

// SessieVan returns the session of token and marks it seen.
func (s *Service) SessieVan(ctx context.Context, token string) (Sessie, error) {
	if token == "" || len(token) > 100 {
		return Sessie{}, ErrGeenSessie
	}
	th := hashToken(token)
	var se Sessie
	var created, seen time.Time
	err := s.DB.QueryRow(ctx, "SELECT bsn, csrf_token, created_at, last_seen_at FROM portaal_sessions WHERE token_hash = ?", th).Scan(&se.BSN, &se.CSRF, &created, &seen)
	if errors.Is(err, database.ErrNoRows) {
		return Sessie{}, ErrGeenSessie
	}
	if err != nil {
		return Sessie{}, err
	}
	now := s.now()
	if now.Sub(created) > SessieMaximaal || now.Sub(seen) > SessieInactief {
		_ = s.EindSessie(ctx, token)
		return Sessie{}, ErrGeenSessie
	}
	if now.Sub(seen) > time.Minute {
		if err := s.DB.Do(ctx, func(tx *database.Tx) error {
			_, err := tx.Exec(ctx, "UPDATE portaal_sessions SET last_seen_at = ? WHERE token_hash = ?", now, th)
			return err
		}); err != nil {
			return Sessie{}, err
		}
	}
	return se, nil
}

// EindSessie ends the session of token.
func (s *Service) EindSessie(ctx context.Context, token string) error {
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "DELETE FROM portaal_sessions WHERE token_hash = ?", hashToken(token))
		return err
	})
}
