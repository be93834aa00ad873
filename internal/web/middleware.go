package web

import (
	"context"
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
)

const sessionCookie = "jeugdhulp_sessie"

type ctxKey int

const sessionKey ctxKey = 1

// MaxFormBytes caps a form post.
const MaxFormBytes = 64 << 10

func sessionFrom(r *http.Request) (account.Session, string) {
	v, _ := r.Context().Value(sessionKey).(sessionCtx)
	return v.sess, v.token
}

type sessionCtx struct {
	sess  account.Session
	token string
}

// principal is the logged-in user acting through the web.
func (s *Server) principal(r *http.Request) access.Principal {
	sess, _ := sessionFrom(r)
	return sess.User.Principal("web", s.SourceOf(r))
}

// auth requires a valid session; on a state-changing request it also
// requires the session's CSRF token. Without a session the user goes to the
// login page (a form post gets the page with an explanation).
func (s *Server) auth(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		var sess account.Session
		if err == nil {
			sess, err = s.Accounts.SessionByToken(r.Context(), c.Value)
		}
		if err != nil {
			hadCookie := c != nil
			s.clearCookie(w, sessionCookie)
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				// Only a session that existed can have expired: a first visit
				// without any session cookie gets the plain login page.
				if !hadCookie {
					http.Redirect(w, r, "/login", http.StatusSeeOther)
					return
				}
				http.Redirect(w, r, "/login?verlopen=1", http.StatusSeeOther)
				return
			}
			s.renderMessage(w, r, http.StatusUnauthorized, "Sessie verlopen",
				"Uw sessie is verlopen of u bent niet ingelogd. Er is niets opgeslagen. Log opnieuw in en probeer het nog eens.")
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if !readableQuery(r.URL.RawQuery) {
			s.renderMessage(w, r, http.StatusBadRequest, "Ongeldige tekens",
				"Het adres van deze pagina bevat tekens die niet zijn toegestaan: een nul-teken of tekst die geen geldige UTF-8 is. Er is niets opgeslagen.")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
			if err := r.ParseForm(); err != nil {
				s.renderMessage(w, r, http.StatusRequestEntityTooLarge, "Formulier te groot",
					"Het formulier bevat te veel gegevens. Er is niets opgeslagen.")
				return
			}
			tok := r.PostForm.Get("csrf")
			if subtle.ConstantTimeCompare([]byte(tok), []byte(sess.CSRF)) != 1 {
				s.renderMessage(w, r, http.StatusForbidden, "Verzoek geweigerd",
					"Dit formulier is verlopen of komt niet van deze website. Er is niets opgeslagen. Ga terug, laad de pagina opnieuw en probeer het nog eens.")
				return
			}
			if !readableForm(r.PostForm) {
				s.renderMessage(w, r, http.StatusBadRequest, "Ongeldige tekens",
					"Het formulier bevat tekens die niet zijn toegestaan: een nul-teken of tekst die geen geldige UTF-8 is. Er is niets opgeslagen. Ga terug, typ de tekst opnieuw en probeer het nog eens.")
				return
			}
		}
		ctx := context.WithValue(r.Context(), sessionKey, sessionCtx{sess: sess, token: c.Value})
		h(w, r.WithContext(ctx))
	})
}

// readableForm reports whether every name and value of a parsed form is
// valid UTF-8 without NUL. A form that is not is refused as a whole before
// any handler runs: Go's form parser passes both through, PostgreSQL
// refuses them (a 500), SQLite would store them. Each field's own rules
// (package invoer) then refuse other control characters with a message at
// the field.
func readableForm(f url.Values) bool {
	for k, vs := range f {
		if !readable(k) {
			return false
		}
		for _, v := range vs {
			if !readable(v) {
				return false
			}
		}
	}
	return true
}

// readableQuery is readableForm for a URL's query: the pages read "doel"
// and filters from it.
func readableQuery(raw string) bool {
	if raw == "" {
		return true
	}
	q, _ := url.ParseQuery(raw) // what a malformed query still yields is what a handler reads
	return readableForm(q)
}

func readable(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// adminOnly lets only administrators through.
func (s *Server) adminOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, _ := sessionFrom(r)
		if !sess.User.Principal("web", "").IsAdmin() {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
		h(w, r)
	}
}

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// SecurityHeaders sets the headers every response gets.
func SecurityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		for _, kv := range securityHeaders {
			// Keys in canonical form and one-element values: no
			// canonicalising and no allocation per request. Set and Add
			// by a handler replace or copy the value, never change it.
			hd[kv.key] = kv.value
		}
		h.ServeHTTP(w, r)
	})
}

var securityHeaders = []struct {
	key   string
	value []string
}{
	{"Content-Security-Policy", []string{"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Referrer-Policy", []string{"no-referrer"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=()"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
}

// RemoteIP is the peer address of r without the port.
func RemoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ProxiedIP trusts the last address in X-Forwarded-For, as set by a reverse
// proxy in front of the application.
func ProxiedIP(r *http.Request) string {
	if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
		parts := strings.Split(xff, ",")
		if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
			return ip.String()
		}
	}
	return RemoteIP(r)
}

// loginLimiter allows n login attempts per window per source address.
type loginLimiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	seen   map[string][]time.Time
}

func newLoginLimiter(n int, window time.Duration) *loginLimiter {
	return &loginLimiter{n: n, window: window, seen: map[string][]time.Time{}}
}

func (l *loginLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 100000 { // bound memory under a flood of addresses
		l.seen = map[string][]time.Time{}
	}
	ts := l.seen[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) > l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.n {
		l.seen[key] = ts
		return false
	}
	l.seen[key] = append(ts, now)
	return true
}
