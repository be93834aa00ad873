package account

import (
	"context"
	"errors"
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
	svc *Service
}

// ErrOIDC is returned for any failed OpenID Connect login.
var ErrOIDC = errors.New("account: openid connect login failed")

// NewOIDC discovers the provider. Placeholder until implemented.
func NewOIDC(ctx context.Context, cfg OIDCConfig, svc *Service) (*OIDC, error) {
	return nil, errors.New("OIDC nog niet beschikbaar")
}

// Start returns the provider's authorization URL and the flow to keep.
func (o *OIDC) Start() (authURL string, flow OIDCFlow) { return "", OIDCFlow{} }

// Finish handles the callback: it checks state, exchanges the code (PKCE),
// verifies the ID token (issuer, audience, expiry, nonce) and returns the
// active account whose e-mail matches the token's verified e-mail.
func (o *OIDC) Finish(ctx context.Context, flow OIDCFlow, state, code string) (User, error) {
	return User{}, ErrOIDC
}
