// Package server assembles jeugdhulp's HTTP application — the web pages,
// the JSON API and the operational endpoints (/healthz, /readyz, /metrics) —
// and runs it with graceful shutdown.
//
// Request logs carry the route pattern (e.g. "GET /clienten/{id}"), never
// the path itself, so no identifier or client data reaches a log line.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/api"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/financiering"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kpi"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/portaal"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
	"github.com/jeugdhulp/jeugdhulp/internal/web"
)

// Config is what the application needs besides its database.
type Config struct {
	SecureCookies bool
	Demo          bool
	DemoLogins    []web.DemoLogin
	TrustProxy    bool // take the client address from X-Forwarded-For
	// LoginsPerMinute per address and account; 0 means the default (10).
	LoginsPerMinute int
	OIDC            web.OIDCProvider
	Log             *slog.Logger
	// ExchangeDir is the folder drop for iJw messages to and from
	// organisations not on this platform (--exchange-dir); "" means none.
	ExchangeDir string
	// DigiD is the family portal's login (nil: the portal has no login).
	DigiD *portaal.DigiD
}

// App is the assembled application.
type App struct {
	DB       *database.DB
	Accounts *account.Service
	Orgs     *organisation.Store
	Gate     *access.Gate
	Clients  *client.Store
	Traject  *traject.Service
	Handler  http.Handler
	// Exchange moves iJw messages: the loopback hub between organisations
	// on the platform, and the folder drop (Folder, nil without
	// ExchangeDir) for the others. RunExchange runs it in the background.
	Exchange *uitwisseling.Exchange
	Folder   *uitwisseling.Folder
}

// RunExchange imports the folder drop and sends what waits, every few
// seconds, until ctx ends.
func (a *App) RunExchange(ctx context.Context) {
	a.Exchange.Run(ctx, 3*time.Second, a.Folder)
}

// New builds the application on db.
func New(db *database.DB, cfg Config) *App {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	a := &App{DB: db, Accounts: account.NewService(db), Orgs: &organisation.Store{DB: db}, Gate: access.NewGate(db)}
	a.Clients = client.NewStore(a.Gate)
	a.Traject = traject.New(a.Gate, a.Clients, &toewijzing.Allocator{})
	sourceOf := web.RemoteIP
	if cfg.TrustProxy {
		sourceOf = web.ProxiedIP
	}
	w := &web.Server{Accounts: a.Accounts, Orgs: a.Orgs, Clients: a.Clients, Traject: a.Traject, Catalogue: &arrangement.Catalogue{DB: db}, Gate: a.Gate, OIDC: cfg.OIDC, Log: cfg.Log,
		SecureCookies: cfg.SecureCookies, Demo: cfg.Demo, LoginsPerMinute: cfg.LoginsPerMinute, DemoLogins: cfg.DemoLogins, SourceOf: sourceOf}
	ap := &api.API{Accounts: a.Accounts, Orgs: a.Orgs, Clients: a.Clients, Traject: a.Traject, Log: cfg.Log, SourceOf: sourceOf, DefaultPurpose: web.DefaultPurpose}
	a.Exchange = uitwisseling.New(db, nil)
	a.Exchange.Log = cfg.Log
	hub := &uitwisseling.Hub{Exchange: a.Exchange}
	if cfg.ExchangeDir != "" {
		a.Folder = &uitwisseling.Folder{Dir: cfg.ExchangeDir}
		hub.Fallback = a.Folder
	}
	a.Exchange.Transport = hub
	// The domain effects of received messages (the handlers' packages do
	// not know the exchange).
	a.Exchange.Register(ijw.TypeJW305, levering.HandleJW305)
	a.Exchange.Register(ijw.TypeJW315, a.Traject.HandleJW315)
	a.Exchange.Register(ijw.TypeJW307, levering.HandleJW307)
	a.Exchange.Register(ijw.TypeJW306, levering.HandleJW306)
	a.Exchange.Register(ijw.TypeJW308, levering.HandleJW308)
	a.Exchange.Register(ijw.TypeJW317, toewijzing.HandleJW317)
	a.Exchange.RegisterCheck(ijw.TypeJW323, declaratie.Findings)
	a.Exchange.Register(ijw.TypeJW323, declaratie.HandleJW323)
	a.Exchange.Register(ijw.TypeJW325, declaratie.HandleJW325)
	w.Berichten = &uitwisseling.Inbox{Gate: a.Gate}
	ap.Berichten = w.Berichten
	w.Crisis = crisis.New(a.Traject)
	w.Portaal, w.DigiD = portaal.New(a.Traject, a.Accounts), cfg.DigiD
	ap.Crisis = w.Crisis
	// The monitor follows the case work's clock, which tests move.
	w.KPI = &kpi.Service{Gate: a.Gate, Now: func() time.Time { return a.Traject.Now() }}
	w.Financiering = &financiering.Service{DB: db, Orgs: a.Orgs, Now: func() time.Time { return a.Traject.Now() }}
	ap.Financiering = w.Financiering

	mux := http.NewServeMux()
	w.Register(mux)
	ap.Register(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := db.Ping(ctx); err != nil {
			cfg.Log.Error("readiness: database", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database niet bereikbaar\n"))
			return
		}
		w.Write([]byte("ok\n"))
	})
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/", w.NotFound)

	// Cross-origin state-changing browser requests are refused before any
	// handler runs (CSRF); forms also carry a per-session token.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		rw.WriteHeader(http.StatusForbidden)
		rw.Write([]byte("Verzoek geweigerd: dit verzoek komt van een andere website. Er is niets opgeslagen.\n"))
	}))
	a.Handler = web.SecurityHeaders(m.wrap(cfg.Log, recoverer(cfg.Log, cop.Handler(mux))))
	return a
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jeugdhulp_http_requests_total", Help: "HTTP requests by route pattern and status."}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "jeugdhulp_http_request_duration_seconds", Help: "HTTP request duration by route pattern.", Buckets: prometheus.DefBuckets}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (m *metrics) wrap(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		// ServeMux sets r.Pattern on this same request when a route matches.
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		d := time.Since(start)
		m.requests.WithLabelValues(route, strconv.Itoa(sw.code)).Inc()
		m.duration.WithLabelValues(route).Observe(d.Seconds())
		if route != "GET /healthz" && route != "GET /metrics" {
			log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("route", route), slog.Int("status", sw.code), slog.Int64("duration_ms", d.Milliseconds()))
		}
	})
}

// recoverer turns a panic into a generic error answer.
func recoverer(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic", "route", r.Pattern, "panic", fmt.Sprint(p))
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte("Er ging iets mis aan onze kant. Probeer het later opnieuw.\n"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// Run serves h on addr until ctx ends or SIGTERM/SIGINT arrives, then shuts
// down gracefully: in-flight requests finish (up to 20 s).
func Run(ctx context.Context, addr string, h http.Handler, log *slog.Logger, ready func(net.Addr)) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
