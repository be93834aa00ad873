package account

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures login through an OpenID Connect provider.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string // e.g. https://jeugdhulp.example.nl/login/oidc/callback
}

// OIDCFlow is what must survive between the redirect to the provider and
// the callback (kept by the web layer in a short-lived HttpOnly cookie).
type OIDCFlow struct {
	State    string
	Nonce    string
	Verifier string // PKCE code verifier
}

// OIDC logs users in through an OpenID Connect provider and maps them to
// existing accounts by e-mail.
type OIDC struct {
	svc      *Service
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	clientID string
}

// ErrOIDC is returned for any failed OpenID Connect login.
var ErrOIDC = errors.New("account: openid connect login failed")

// oidcError wraps ErrOIDC with the failed operation. err is kept (so that
// errors.Is also finds, say, context.Canceled) unless it may echo what the
// provider sent, in which case only a safe summary is kept.
func oidcError(op string, err error) error {
	if err == nil {
		return fmt.Errorf("%w: %s", ErrOIDC, op)
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		// RetrieveError.Error() includes the raw response body; keep only
		// the status and the RFC 6749 error code.
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		return fmt.Errorf("%w: %s: token endpoint answered %d %q", ErrOIDC, op, status, re.ErrorCode)
	}
	return fmt.Errorf("%w: %s: %w", ErrOIDC, op, err)
}

// NewOIDC discovers the provider at cfg.Issuer (its issuer must match
// exactly). ctx is used for discovery and may carry the HTTP client to use
// (oauth2.HTTPClient); that client is also used later to fetch the
// provider's signing keys. The ID token's expiry is checked against
// svc.Now.
func NewOIDC(ctx context.Context, cfg OIDCConfig, svc *Service) (*OIDC, error) {
	switch {
	case svc == nil:
		return nil, oidcError("configure", errors.New("no account service"))
	case cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "":
		return nil, oidcError("configure", errors.New("issuer, client id and redirect URL are required"))
	}
	provider, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, oidcError("discover provider "+cfg.Issuer, err)
	}
	o := &OIDC{
		svc:      svc,
		clientID: cfg.ClientID,
		oauth: oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			RedirectURL:  cfg.RedirectURL,
			Endpoint:     provider.Endpoint(),
			Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
		},
	}
	o.verifier = provider.Verifier(&oidc.Config{
		ClientID: cfg.ClientID,
		Now:      func() time.Time { return svc.now() },
	})
	return o, nil
}

// Start returns the provider's authorization URL and the flow to keep.
// State and nonce are fresh random values; the PKCE challenge is S256.
func (o *OIDC) Start() (authURL string, flow OIDCFlow) {
	flow = OIDCFlow{
		State:    rand.Text(),
		Nonce:    rand.Text(),
		Verifier: oauth2.GenerateVerifier(),
	}
	authURL = o.oauth.AuthCodeURL(flow.State,
		oidc.Nonce(flow.Nonce),
		oauth2.S256ChallengeOption(flow.Verifier))
	return authURL, flow
}

// idClaims are the ID token claims Finish needs beyond the standard ones
// go-oidc checks.
type idClaims struct {
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
	AZP           string          `json:"azp"`
}

// emailVerified reports whether the claim is true. Some providers send it
// as the string "true"; anything else (absent, false, null) is not verified.
func (c idClaims) emailVerified() bool {
	v := bytes.TrimSpace(c.EmailVerified)
	return bytes.Equal(v, []byte("true")) || bytes.Equal(v, []byte(`"true"`))
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Finish handles the callback: it checks state, exchanges the code (PKCE),
// verifies the ID token (issuer, audience, expiry, nonce) and returns the
// active account whose e-mail matches the token's verified e-mail.
func (o *OIDC) Finish(ctx context.Context, flow OIDCFlow, state, code string) (User, error) {
	if flow.State == "" || flow.Nonce == "" || flow.Verifier == "" {
		return User{}, oidcError("check flow", errors.New("no login in progress"))
	}
	if state == "" || !equal(state, flow.State) {
		return User{}, oidcError("check state", errors.New("state does not match"))
	}
	if code == "" {
		return User{}, oidcError("check code", errors.New("no authorization code"))
	}
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		return User{}, oidcError("exchange code", err)
	}
	rawID, ok := tok.Extra("id_token").(string)
	if !ok || rawID == "" {
		return User{}, oidcError("read id token", errors.New("token response has no id_token"))
	}
	idt, err := o.verifier.Verify(ctx, rawID)
	if err != nil {
		return User{}, oidcError("verify id token", err)
	}
	if idt.Nonce == "" || !equal(idt.Nonce, flow.Nonce) {
		return User{}, oidcError("verify id token", errors.New("nonce does not match"))
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return User{}, oidcError("verify access token hash", err)
		}
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil {
		return User{}, oidcError("read id token claims", err)
	}
	// With several audiences the token must have been issued to us.
	if len(idt.Audience) > 1 && c.AZP != o.clientID {
		return User{}, oidcError("verify id token", fmt.Errorf("authorized party %q is not this client", c.AZP))
	}
	email := NormalizeEmail(c.Email)
	if email == "" {
		return User{}, oidcError("read e-mail", errors.New("id token has no e-mail address"))
	}
	if !c.emailVerified() {
		return User{}, oidcError("read e-mail", fmt.Errorf("e-mail %q is not verified by the provider", email))
	}
	u, err := o.svc.ByEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		return User{}, oidcError("find account", fmt.Errorf("no account for %q: %w", email, err))
	}
	if err != nil {
		return User{}, oidcError("find account", err)
	}
	if !u.Active {
		return User{}, oidcError("find account", fmt.Errorf("account %d is inactive", u.ID))
	}
	return u, nil
}
