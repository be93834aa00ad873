package portaal

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
)

// DigiD logs a family member in through an OpenID Connect provider that
// stands in for DigiD, and returns the BSN in the ID token. It uses the
// same machinery as the staff's login (package account): discovery, PKCE
// S256, state and nonce, a verified ID token.
type DigiD struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	clientID string
	http     *http.Client // nil: the default client
	// Nep is the demo's own provider (nil outside the demo).
	Nep *NepDigiD
}

// ErrDigiD is returned for any failed login.
var ErrDigiD = errors.New("portaal: DigiD login failed")

// NewDigiD discovers the provider at cfg.Issuer; hc, when not nil, is the
// HTTP client for discovery, keys and the token exchange.
func NewDigiD(ctx context.Context, cfg account.OIDCConfig, hc *http.Client, now func() time.Time) (*DigiD, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, fmt.Errorf("%w: issuer, client id and redirect URL are required", ErrDigiD)
	}
	if hc != nil {
		ctx = oidc.ClientContext(ctx, hc)
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: discover %s: %w", ErrDigiD, cfg.Issuer, err)
	}
	d := &DigiD{clientID: cfg.ClientID, http: hc, oauth: oauth2.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID},
	}}
	d.verifier = p.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: now})
	return d, nil
}

// Start returns the provider's authorization URL and the flow to keep.
func (d *DigiD) Start() (string, account.OIDCFlow) {
	f := account.OIDCFlow{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier()}
	return d.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), f
}

// Finish checks the callback, exchanges the code and returns the BSN of
// the person who logged in.
func (d *DigiD) Finish(ctx context.Context, f account.OIDCFlow, state, code string) (string, error) {
	eq := func(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
	if f.State == "" || f.Nonce == "" || f.Verifier == "" || state == "" || !eq(state, f.State) || code == "" {
		return "", fmt.Errorf("%w: state or code does not match", ErrDigiD)
	}
	if d.http != nil {
		ctx = oidc.ClientContext(ctx, d.http)
	}
	tok, err := d.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return "", fmt.Errorf("%w: token endpoint refused (%q)", ErrDigiD, re.ErrorCode)
		}
		return "", fmt.Errorf("%w: exchange: %w", ErrDigiD, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return "", fmt.Errorf("%w: no id_token", ErrDigiD)
	}
	idt, err := d.verifier.Verify(ctx, raw)
	if err != nil {
		return "", fmt.Errorf("%w: verify id token: %w", ErrDigiD, err)
	}
	if idt.Nonce == "" || !eq(idt.Nonce, f.Nonce) {
		return "", fmt.Errorf("%w: nonce does not match", ErrDigiD)
	}
	var c struct {
		BSN string `json:"bsn"`
		AZP string `json:"azp"`
	}
	if err := idt.Claims(&c); err != nil {
		return "", fmt.Errorf("%w: claims: %w", ErrDigiD, err)
	}
	if len(idt.Audience) > 1 && c.AZP != d.clientID {
		return "", fmt.Errorf("%w: token not issued to this client", ErrDigiD)
	}
	bsn := c.BSN
	if bsn == "" {
		bsn = idt.Subject
	}
	if !client.ValidBSN(bsn) {
		return "", fmt.Errorf("%w: the token carries no valid BSN", ErrDigiD)
	}
	return bsn, nil
}
