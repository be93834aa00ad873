package portaal

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/jeugdhulp/jeugdhulp/internal/account"
)

// NepPersoon is a fictional person the demo's DigiD stand-in offers.
type NepPersoon struct {
	BSN, Naam, Toelichting string
}

// Nep-DigiD's fixed names: the issuer is never fetched over the network
// (the demo's client reaches discovery, keys and tokens in-process), and
// the browser reaches the authorization page (rendered by package web with
// Verzoek, Personen and Kies) under the application's own address.
const (
	nepIssuer    = "https://nep-digid.demo.invalid"
	nepClientID  = "jeugdhulp-portaal"
	NepPad       = "/portaal/nep-digid"
	TerugPad     = "/portaal/digid/terug"
	nepCodeGeldt = 2 * time.Minute
)

// NepDigiD is a small OpenID Connect provider for the demo: discovery,
// keys (generated at start), an authorization page where one picks a
// fictional person, and a token endpoint that checks PKCE and signs an ID
// token with the person's BSN.
type NepDigiD struct {
	people []NepPersoon
	key    *rsa.PrivateKey
	signer jose.Signer
	now    func() time.Time

	mu    sync.Mutex
	codes map[string]nepCode
}

type nepCode struct {
	bsn, nonce, challenge, redirect string
	until                           time.Time
}

// DemoDigiD returns the demo's DigiD stand-in with people to pick from, and
// the portal's login client on it (reaching it in-process).
func DemoDigiD(people []NepPersoon, now func() time.Time) (*DigiD, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "nep"}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, err
	}
	n := &NepDigiD{people: people, key: key, signer: signer, now: now, codes: map[string]nepCode{}}
	hc := &http.Client{Transport: inProcess{n}}
	d, err := NewDigiD(context.Background(), account.OIDCConfig{Issuer: nepIssuer, ClientID: nepClientID, RedirectURL: TerugPad}, hc, now)
	if err != nil {
		return nil, err
	}
	d.Nep = n
	return d, nil
}

// inProcess is an HTTP transport that serves requests with a handler.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (n *NepDigiD) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch strings.TrimSuffix(r.URL.Path, "/") {
	case "/.well-known/openid-configuration":
		writeJSON(w, http.StatusOK, map[string]any{
			"issuer":                                nepIssuer,
			"authorization_endpoint":                NepPad + "/authorize",
			"token_endpoint":                        nepIssuer + "/token",
			"jwks_uri":                              nepIssuer + "/jwks",
			"response_types_supported":              []string{"code"},
			"subject_types_supported":               []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
			"code_challenge_methods_supported":      []string{"S256"},
		})
	case "/jwks":
		writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &n.key.PublicKey, KeyID: "nep", Algorithm: string(jose.RS256), Use: "sig"}}})
	case "/token":
		n.token(w, r)
	default:
		http.NotFound(w, r)
	}
}

// Verzoek reports whether f is a valid authorization request of the
// portal (get: as first asked; otherwise as posted back with a choice).
func (n *NepDigiD) Verzoek(f url.Values, get bool) bool {
	if f.Get("client_id") != nepClientID || f.Get("redirect_uri") != TerugPad || f.Get("state") == "" || f.Get("nonce") == "" || f.Get("code_challenge") == "" {
		return false
	}
	return !get || (f.Get("response_type") == "code" && f.Get("code_challenge_method") == "S256")
}

// Personen are the fictional people to pick from.
func (n *NepDigiD) Personen() []NepPersoon { return n.people }

// Kies logs in as the person with the BSN in f (a valid request) and
// returns where the browser goes next: the portal's callback with a
// one-time code.
func (n *NepDigiD) Kies(f url.Values) (string, bool) {
	bsn := f.Get("bsn")
	known := false
	for _, p := range n.people {
		known = known || p.BSN == bsn
	}
	if !known || !n.Verzoek(f, false) {
		return "", false
	}
	code := rand.Text()
	n.mu.Lock()
	for k, c := range n.codes {
		if n.now().After(c.until) {
			delete(n.codes, k)
		}
	}
	n.codes[code] = nepCode{bsn: bsn, nonce: f.Get("nonce"), challenge: f.Get("code_challenge"), redirect: TerugPad, until: n.now().Add(nepCodeGeldt)}
	n.mu.Unlock()
	return TerugPad + "?" + url.Values{"code": {code}, "state": {f.Get("state")}}.Encode(), true
}

func (n *NepDigiD) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	f := r.PostForm
	n.mu.Lock()
	c, ok := n.codes[f.Get("code")]
	delete(n.codes, f.Get("code")) // a code is used once
	n.mu.Unlock()
	sum := sha256.Sum256([]byte(f.Get("code_verifier")))
	if !ok || n.now().After(c.until) || f.Get("grant_type") != "authorization_code" || f.Get("redirect_uri") != c.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	if id, _, _ := r.BasicAuth(); id != nepClientID && f.Get("client_id") != nepClientID {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	now := n.now()
	claims, _ := json.Marshal(map[string]any{"iss": nepIssuer, "sub": c.bsn, "bsn": c.bsn, "aud": nepClientID, "nonce": c.nonce,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
	jws, err := n.signer.Sign(claims)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "server_error"})
		return
	}
	idt, _ := jws.CompactSerialize()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 300, "id_token": idt})
}
