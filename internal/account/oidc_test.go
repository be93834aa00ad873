package account_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
)

const (
	testClientID     = "jeugdhulp"
	testClientSecret = "s3cret-client"
	testRedirect     = "https://jeugdhulp.example.nl/login/oidc/callback"
)

// fakeIdP is an in-process OpenID Connect provider: discovery, JWKS and a
// token endpoint that enforces PKCE S256 and client authentication.
type fakeIdP struct {
	t     *testing.T
	srv   *httptest.Server
	key   *rsa.PrivateKey // published in /jwks
	rogue *rsa.PrivateKey // same kid, not published

	mu     sync.Mutex
	grants map[string]grant // by authorization code
	issued []string         // every token handed out, to check errors never echo them
}

type grant struct {
	challenge string
	claims    map[string]any // nil: no id_token in the response
	signWith  *rsa.PrivateKey
	badAtHash bool
}

func newFakeIdP(t *testing.T) *fakeIdP {
	t.Helper()
	p := &fakeIdP{t: t, grants: map[string]grant{}}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if p.rogue, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"issuer":                                p.srv.URL,
			"authorization_endpoint":                p.srv.URL + "/authorize",
			"token_endpoint":                        p.srv.URL + "/token",
			"jwks_uri":                              p.srv.URL + "/jwks",
			"response_types_supported":              []string{"code"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
			"code_challenge_methods_supported":      []string{"S256"},
			"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
			{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: string(jose.RS256), Use: "sig"},
		}})
	})
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewUnstartedServer(mux)
	p.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusted-certificate test makes handshakes fail
	p.srv.StartTLS()
	t.Cleanup(p.srv.Close)
	return p
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, status int, code string) {
	writeJSON(w, status, map[string]string{"error": code})
}

func (p *fakeIdP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != testClientID || secret != testClientSecret {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != testRedirect {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	p.mu.Lock()
	g, found := p.grants[r.PostForm.Get("code")]
	delete(p.grants, r.PostForm.Get("code")) // codes are single-use
	p.mu.Unlock()
	if !found || oauth2.S256ChallengeFromVerifier(r.PostForm.Get("code_verifier")) != g.challenge {
		oauthError(w, http.StatusBadRequest, "invalid_grant")
		return
	}
	access := "at-" + rand.Text()
	resp := map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 300}
	if g.claims != nil {
		sum := sha256.Sum256([]byte(access))
		if g.badAtHash {
			sum = sha256.Sum256([]byte("something else"))
		}
		g.claims["at_hash"] = base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
		resp["id_token"] = p.sign(g.signWith, g.claims)
	}
	p.mu.Lock()
	p.issued = append(p.issued, access)
	if s, ok := resp["id_token"].(string); ok {
		p.issued = append(p.issued, s)
	}
	p.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

func (p *fakeIdP) sign(key *rsa.PrivateKey, claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		p.t.Error(err)
		return ""
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		p.t.Error(err)
		return ""
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		p.t.Error(err)
	}
	return s
}

// authorize plays the user logging in at the provider: it records the PKCE
// challenge of the authorization request and returns a fresh code.
func (p *fakeIdP) authorize(g grant) string {
	code := "code-" + rand.Text()
	p.mu.Lock()
	p.grants[code] = g
	p.mu.Unlock()
	return code
}

func TestOIDC(t *testing.T) {
	svc, clk, org := newService(t)
	ctx := context.Background()
	inactive, err := svc.Create(ctx, account.NewUser{Email: "oud@tilburg.nl", Name: "Oud", OrgID: org, Roles: []access.Role{access.Backoffice}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetActive(ctx, inactive, false); err != nil {
		t.Fatal(err)
	}
	want, err := svc.ByEmail(ctx, "backoffice@tilburg.nl")
	if err != nil {
		t.Fatal(err)
	}

	idp := newFakeIdP(t)
	// The provider's certificate is only trusted by its own client, so this
	// also checks that the client from the context is used throughout.
	ctx = context.WithValue(ctx, oauth2.HTTPClient, idp.srv.Client())
	o, err := account.NewOIDC(ctx, account.OIDCConfig{Issuer: idp.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, RedirectURL: testRedirect}, svc)
	if err != nil {
		t.Fatal(err)
	}

	type callback struct {
		flow        account.OIDCFlow
		state, code string
	}
	tests := []struct {
		name   string
		claims func(c map[string]any) // changes what the provider signs
		grant  func(g *grant)         // changes how the provider answers
		cb     func(cb *callback)     // changes what reaches Finish
		ok     bool
	}{
		{name: "happy path", ok: true},
		{name: "email_verified as string", ok: true, claims: func(c map[string]any) { c["email_verified"] = "true" }},
		{name: "wrong state", cb: func(cb *callback) { cb.state = rand.Text() }},
		{name: "empty state", cb: func(cb *callback) { cb.state = "" }},
		{name: "no flow (cookie lost)", cb: func(cb *callback) { cb.flow = account.OIDCFlow{}; cb.state = "" }},
		{name: "wrong nonce", claims: func(c map[string]any) { c["nonce"] = rand.Text() }},
		{name: "no nonce", claims: func(c map[string]any) { delete(c, "nonce") }},
		{name: "wrong audience", claims: func(c map[string]any) { c["aud"] = "another-client" }},
		{name: "several audiences, azp not us", claims: func(c map[string]any) { c["aud"] = []string{testClientID, "x"}; c["azp"] = "x" }},
		{name: "wrong issuer", claims: func(c map[string]any) { c["iss"] = "https://evil.example" }},
		{name: "expired token", claims: func(c map[string]any) {
			c["iat"] = clk.t.Add(-time.Hour).Unix()
			c["exp"] = clk.t.Add(-10 * time.Minute).Unix()
		}},
		{name: "email not verified", claims: func(c map[string]any) { c["email_verified"] = false }},
		{name: "email_verified absent", claims: func(c map[string]any) { delete(c, "email_verified") }},
		{name: "no email", claims: func(c map[string]any) { delete(c, "email") }},
		{name: "unknown e-mail", claims: func(c map[string]any) { c["email"] = "niemand@tilburg.nl" }},
		{name: "inactive account", claims: func(c map[string]any) { c["email"] = "oud@tilburg.nl" }},
		{name: "bad PKCE verifier", cb: func(cb *callback) { cb.flow.Verifier = oauth2.GenerateVerifier() }},
		{name: "unknown code", cb: func(cb *callback) { cb.code = "code-made-up" }},
		{name: "signed with unknown key", grant: func(g *grant) { g.signWith = idp.rogue }},
		{name: "no id_token", grant: func(g *grant) { g.claims = nil }},
		{name: "at_hash mismatch", grant: func(g *grant) { g.badAtHash = true }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			authURL, flow := o.Start()
			u, err := url.Parse(authURL)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if u.String() != idp.srv.URL+"/authorize?"+u.RawQuery {
				t.Fatalf("auth URL %s not at the provider's authorization endpoint", authURL)
			}
			for k, v := range map[string]string{"response_type": "code", "client_id": testClientID, "redirect_uri": testRedirect,
				"state": flow.State, "nonce": flow.Nonce, "code_challenge_method": "S256"} {
				if q.Get(k) != v {
					t.Errorf("auth URL %s = %q, want %q", k, q.Get(k), v)
				}
			}
			if got := strings.Fields(q.Get("scope")); len(got) != 3 || got[0] != "openid" || got[1] != "email" || got[2] != "profile" {
				t.Errorf("scope = %q", q.Get("scope"))
			}
			if q.Get("code_verifier") != "" || strings.Contains(authURL, flow.Verifier) {
				t.Fatal("the PKCE verifier leaks into the auth URL")
			}

			claims := map[string]any{
				"iss": idp.srv.URL, "aud": testClientID, "sub": "user-1",
				"iat": clk.t.Unix(), "exp": clk.t.Add(5 * time.Minute).Unix(),
				"nonce": q.Get("nonce"), "email": "BackOffice@Tilburg.NL", "email_verified": true, "name": "B",
			}
			if tc.claims != nil {
				tc.claims(claims)
			}
			g := grant{challenge: q.Get("code_challenge"), claims: claims, signWith: idp.key}
			if tc.grant != nil {
				tc.grant(&g)
			}
			cb := callback{flow: flow, state: q.Get("state"), code: idp.authorize(g)}
			if tc.cb != nil {
				tc.cb(&cb)
			}

			got, err := o.Finish(ctx, cb.flow, cb.state, cb.code)
			if tc.ok {
				if err != nil {
					t.Fatalf("Finish: %v", err)
				}
				if got.ID != want.ID || got.Email != want.Email || !got.Active {
					t.Fatalf("Finish = %+v, want user %d %s", got, want.ID, want.Email)
				}
				return
			}
			if !errors.Is(err, account.ErrOIDC) {
				t.Fatalf("Finish error = %v, want ErrOIDC", err)
			}
			if got.ID != 0 {
				t.Fatalf("Finish returned user %d along with error %v", got.ID, err)
			}
			msg := err.Error()
			idp.mu.Lock()
			defer idp.mu.Unlock()
			for _, secret := range append([]string{flow.Verifier, testClientSecret}, idp.issued...) {
				if strings.Contains(msg, secret) {
					t.Fatalf("error %q contains a secret or token", msg)
				}
			}
			t.Log(msg)
		})
	}

	// Two logins never share state, nonce or verifier.
	_, f1 := o.Start()
	_, f2 := o.Start()
	if f1.State == f2.State || f1.Nonce == f2.Nonce || f1.Verifier == f2.Verifier || f1.State == f1.Nonce {
		t.Fatalf("flows not random: %+v %+v", f1, f2)
	}
}

func TestNewOIDCDiscoveryFailures(t *testing.T) {
	svc, _, _ := newService(t)
	idp := newFakeIdP(t)
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, idp.srv.Client())
	cfg := account.OIDCConfig{Issuer: idp.srv.URL, ClientID: testClientID, ClientSecret: testClientSecret, RedirectURL: testRedirect}

	for name, mod := range map[string]func(c *account.OIDCConfig){
		"issuer mismatch": func(c *account.OIDCConfig) { c.Issuer += "/" },
		"no provider":     func(c *account.OIDCConfig) { c.Issuer += "/nowhere" },
		"no client id":    func(c *account.OIDCConfig) { c.ClientID = "" },
	} {
		c := cfg
		mod(&c)
		if _, err := account.NewOIDC(ctx, c, svc); !errors.Is(err, account.ErrOIDC) {
			t.Errorf("%s: err = %v, want ErrOIDC", name, err)
		}
	}
	// Without the provider's client the TLS certificate is not trusted.
	if _, err := account.NewOIDC(context.Background(), cfg, svc); !errors.Is(err, account.ErrOIDC) {
		t.Errorf("untrusted provider: err = %v, want ErrOIDC", err)
	}
}
