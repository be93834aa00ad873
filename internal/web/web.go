// Package web is the Dutch browser interface of jeugdhulp: server-rendered
// pages (html/template, embedded) in the NL Design System look. Handlers are
// thin: they parse the form, call the capability packages (which enforce
// need-to-know and log access) and render a page.
//
// Security: server-side sessions in HttpOnly SameSite=Lax cookies (Secure
// outside demo mode), CSRF protection on every state-changing request (the
// standard library's cross-origin check plus a per-session token in every
// form), login rate limiting, strict security headers, no client data in
// URLs or logs, and pages with client data are never cached.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/financiering"
	"github.com/jeugdhulp/jeugdhulp/internal/kpi"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/portaal"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

// OIDCProvider is the part of account.OIDC the web layer uses.
type OIDCProvider interface {
	Start() (authURL string, flow account.OIDCFlow)
	Finish(ctx context.Context, flow account.OIDCFlow, state, code string) (account.User, error)
}

// Server holds what the pages need.
type Server struct {
	Accounts  *account.Service
	Orgs      *organisation.Store
	Clients   *client.Store
	Traject   *traject.Service
	Catalogue *arrangement.Catalogue
	Gate      *access.Gate
	OIDC      OIDCProvider // nil: no OpenID Connect login
	Log       *slog.Logger
	// SecureCookies sets the Secure flag on cookies (off only in demo mode
	// or with --insecure-cookies).
	SecureCookies bool
	// Demo shows the demo banner and the demo logins on the login page.
	Demo       bool
	DemoLogins []DemoLogin
	// SourceOf returns the client address of a request for the access log.
	SourceOf func(*http.Request) string
	Now      func() time.Time

	// LoginsPerMinute caps login attempts per address and account (default
	// 10). The demo raises it: a whole class shares one demo account.
	LoginsPerMinute int

	// Berichten is the iJw inbox and outbox; nil: no pages.
	Berichten *uitwisseling.Inbox
	// Crisis is the crisis service; nil: no pages.
	Crisis *crisis.Service
	// KPI is the region's monitor: KPIs, deadlines, waiting times.
	KPI *kpi.Service
	// Financiering is the money of segment 1; nil: no pages.
	Financiering *financiering.Service
	// Portaal is the family's own view; nil: no pages. DigiD is its login
	// (nil: none; in the demo with its nep-DigiD).
	Portaal *portaal.Service
	DigiD   *portaal.DigiD

	limiter, ipLimiter *loginLimiter
	pages              map[string]*pageTemplate
}

// DemoLogin is shown on the login page in demo mode.
type DemoLogin struct {
	Email, Password, Role, Org string
}

// Register adds the pages to mux.
func (s *Server) Register(mux *http.ServeMux) {
	// Per account and address: slows guessing without locking out a whole
	// municipality behind one NAT address; per address: bounds a flood.
	if s.LoginsPerMinute <= 0 {
		s.LoginsPerMinute = 10
	}
	s.limiter = newLoginLimiter(s.LoginsPerMinute, time.Minute)
	s.ipLimiter = newLoginLimiter(600, time.Minute)
	s.pages = mustParsePages()
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.SourceOf == nil {
		s.SourceOf = RemoteIP
	}

	mux.Handle("GET /static/", staticHandler())
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("GET /login/oidc", s.oidcStart)
	mux.HandleFunc("GET /login/oidc/callback", s.oidcCallback)
	mux.Handle("POST /logout", s.auth(s.logout))

	mux.Handle("GET /{$}", s.auth(s.home))
	mux.Handle("GET /clienten", s.auth(s.clientList))
	mux.Handle("GET /clienten/{id}", s.auth(s.clientShow))
	mux.Handle("POST /clienten/{id}/adres", s.auth(s.clientUpdateAddress))

	s.registerTraject(mux)
	s.registerMore(mux)
	s.registerDeclaraties(mux)
	s.registerBerichten(mux)
	s.registerLevering(mux)
	s.registerSegment1(mux)
	s.registerCrisis(mux)
	s.registerPortaal(mux)
	s.registerMonitor(mux)

	// Money of segment 1 (issue 16): lump sums, advances, settlement.
	mux.Handle("GET /financien", s.auth(s.financien))
	mux.Handle("GET /financien/invullen", s.auth(s.financienInvullen))
	mux.Handle("POST /financien/lumpsums", s.auth(s.financienLumpsums()))
	mux.Handle("POST /financien/historisch-gebruik", s.auth(s.financienHistorisch()))
	mux.Handle("GET /financien.csv", s.auth(s.financienCSV))
	mux.Handle("GET /financien.pdf", s.auth(s.financienPDF))

	mux.Handle("GET /beheer/regio", s.auth(s.adminOnly(s.regioShow)))
	mux.Handle("POST /beheer/regio", s.auth(s.adminOnly(s.regioSave)))
	mux.Handle("GET /beheer/organisaties", s.auth(s.adminOnly(s.orgList)))
	mux.Handle("POST /beheer/organisaties", s.auth(s.adminOnly(s.orgCreate)))
	mux.Handle("GET /beheer/gebruikers", s.auth(s.adminOnly(s.userList)))
	mux.Handle("POST /beheer/gebruikers", s.auth(s.adminOnly(s.userCreate)))
	mux.Handle("POST /beheer/gebruikers/{id}/actief", s.auth(s.adminOnly(s.userSetActive)))

	mux.Handle("GET /toegangslog", s.auth(s.trailForm))
	mux.Handle("POST /toegangslog/zoek", s.auth(s.trailSearch))
	mux.Handle("GET /toegangslog/client/{id}", s.auth(s.trailClient))
	mux.Handle("GET /toegangslog/gebruiker/{id}", s.auth(s.trailUser))
}

// NotFound renders the Dutch 404 page; the server uses it for unknown paths.
func (s *Server) NotFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound)
}
