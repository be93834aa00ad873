// Command benchmijnwerk measures the request rate of the toegangsmedewerker's
// "Mijn werk" start page (GET / as toegang@demo.jeugdhulp.nl, logged in
// through the real login form) on a database with many synthetic
// trajectories, against a bare net/http handler that writes a page of the
// same size, with the same client concurrency and duration (issue 5, item
// 11). The page is access-logged as every read is: one access-log entry per
// youth shown; that write is part of what is measured, and the tool checks
// it happened. The two sides alternate in rounds and the figures are
// medians, so that a slow moment of the machine does not decide the ratio.
//
// Both sides are measured at each client count of -c (default 16, 64 and
// 128). The verdict compares each side's highest rate, each at the count
// where it was reached: a server's request rate is what it sustains with
// enough clients to keep it busy, and a view that waits for its access-log
// entry to reach the disk needs more clients for that than the bare
// handler, which waits for nothing. The ratio at every count is printed as
// well. On Linux the tool also reads the machine's CPU time per side: the
// CPU time one request costs (all processes, the kernel and PostgreSQL
// included) and the share of the CPU left idle, which tells a count that
// keeps the server busy from one that measures the clients' waiting.
//
// It runs on SQLite (a fresh database in a temporary folder) and, when a
// URL is given, on PostgreSQL (in a schema of its own that is dropped
// afterwards). Application and load generator run in this one process on
// 127.0.0.1 only; both measurements share the same client, so its cost
// weighs on both sides of the ratio alike.
//
//	go run ./tools/benchmijnwerk -n 100000 -duration 10s -c 16,64,128 [-postgres URL] [-cpuprofile PREFIX] [-trace PREFIX]
package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

type config struct {
	rounds     int
	n          int
	dur        time.Duration
	warmup     time.Duration
	conc       int   // clients of the measurement under way
	concs      []int // every client count to measure
	cpuprofile string
	trace      string
	keep       bool
	dir        string
}

type result struct {
	name             string
	conc             int
	rows             int
	load             time.Duration
	pageBytes, items int
	mw, bare         measurement
	ratio            float64 // median of the rounds' ratios, in %
	rounds           []float64
	logPerReq        float64
	skipped, failed  string
}

type measurement struct {
	requests, errors int64
	warm             int64 // requests outside the window (warm-up, overrun): they log too
	afterWarmup      int64 // requests after the warm-up, those measured and the overrun: cpu was spent on them
	rate             float64
	p50, p95         time.Duration
	firstErr         error
	cpu              cpuUse // of the machine during the measurement; zero where unknown
}

func main() {
	var c config
	flag.IntVar(&c.n, "n", 100000, "synthetic trajectories to load")
	flag.DurationVar(&c.dur, "duration", 10*time.Second, "duration of each measurement")
	flag.DurationVar(&c.warmup, "warmup", 2*time.Second, "unmeasured warm-up before each measurement")
	concs := flag.String("c", "16,64,128", "concurrent clients: one count or several, comma-separated; each is measured, and each side's highest rate is compared")
	flag.IntVar(&c.rounds, "rounds", 5, "alternate Mijn werk and the bare handler this many times, -duration split over them; figures are medians")
	pg := flag.String("postgres", os.Getenv("JEUGDHULP_BENCH_POSTGRES"), "PostgreSQL URL (default $JEUGDHULP_BENCH_POSTGRES); empty: skip PostgreSQL")
	only := flag.String("only", "", "run only this database: sqlite or postgres")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "write a CPU profile of each Mijn werk measurement to PREFIX-DATABASE.pprof")
	flag.StringVar(&c.trace, "trace", "", "write an execution trace of the first round of each Mijn werk measurement to PREFIX-DATABASE-cN.trace (go tool trace)")
	flag.BoolVar(&c.keep, "keep", false, "keep the SQLite folder and the PostgreSQL schema")
	flag.StringVar(&c.dir, "dir", "", "folder for the SQLite database (default: a new temporary folder)")
	flag.Parse()
	for _, f := range strings.Split(*concs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			c.concs = nil
			break
		}
		c.concs = append(c.concs, n)
	}
	if c.n < 0 || len(c.concs) == 0 || c.dur <= 0 || c.rounds < 1 {
		fmt.Fprintln(os.Stderr, "benchmijnwerk: -n >= 0, -c >= 1 (of 16,64,128), -duration > 0, -rounds >= 1")
		os.Exit(2)
	}
	if *pg != "" {
		if err := checkLoopbackURL(*pg); err != nil {
			fmt.Fprintln(os.Stderr, "benchmijnwerk:", err)
			os.Exit(2)
		}
	}

	host, _ := os.Hostname()
	fmt.Printf("benchmijnwerk %s  host %s  %s/%s  %d CPUs  GOMAXPROCS %d  %s\n", time.Now().Format("2006-01-02 15:04 MST"), host,
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Printf("%d synthetic trajectories, %s concurrent clients, %s per side in %d alternating rounds after %s warm-up, loopback only\n\n", c.n, *concs, c.dur, c.rounds, c.warmup)

	var results []result
	if *only == "" || *only == "sqlite" {
		results = append(results, runSQLite(c)...)
	}
	if *only == "" || *only == "postgres" {
		if *pg == "" {
			results = append(results, result{name: "postgres", skipped: "overgeslagen: zet JEUGDHULP_BENCH_POSTGRES (of -postgres URL) om ook PostgreSQL te meten"})
		} else {
			results = append(results, runPostgres(c, *pg)...)
		}
	}

	fmt.Println()
	fmt.Printf("%-9s %7s %8s %8s %6s %12s %10s %7s %9s %9s %9s %9s %7s %8s %14s %10s\n", "database", "clients", "rows", "load", "bytes", "mijnwerk/s", "bare/s", "ratio",
		"mw_p50", "mw_p95", "bare_p50", "bare_p95", "errors", "log/req", "cpu_µs/req", "idle")
	exit := 0
	for _, r := range results {
		switch {
		case r.skipped != "":
			fmt.Printf("%-9s %s\n", r.name, r.skipped)
			continue
		case r.failed != "":
			fmt.Printf("%-9s MISLUKT: %s\n", r.name, r.failed)
			exit = 1
			continue
		}
		ratio := r.ratio
		cpu, idle := "-", "-"
		if r.mw.cpu.known() && r.bare.cpu.known() {
			cpu = fmt.Sprintf("%.0f / %.0f", r.mw.cpu.perRequest(r.mw.afterWarmup), r.bare.cpu.perRequest(r.bare.afterWarmup))
			idle = fmt.Sprintf("%.0f%% / %.0f%%", r.mw.cpu.idlePct(), r.bare.cpu.idlePct())
		}
		fmt.Printf("%-9s %7d %8d %8s %6d %12.0f %10.0f %6.1f%% %9s %9s %9s %9s %7d %8.1f %14s %10s\n", r.name, r.conc, r.rows, r.load.Round(100*time.Millisecond), r.pageBytes,
			r.mw.rate, r.bare.rate, ratio, rd(r.mw.p50), rd(r.mw.p95), rd(r.bare.p50), rd(r.bare.p95), r.mw.errors+r.bare.errors, r.logPerReq, cpu, idle)
		fmt.Printf("%-9s Mijn werk toont %d acties; bij %d clients %.1f%% van de kale handler\n", "", r.items, r.conc, ratio)
		rs := make([]string, len(r.rounds))
		for i, x := range r.rounds {
			rs[i] = fmt.Sprintf("%.1f%%", x)
		}
		fmt.Printf("%-9s verhouding per ronde: %s (mediaan %.1f%%)\n", "", strings.Join(rs, " "), ratio)
		for _, m := range []measurement{r.mw, r.bare} {
			if m.firstErr != nil {
				fmt.Printf("%-9s eerste fout: %v\n", "", m.firstErr)
				exit = 1
			}
		}
	}
	fmt.Println()
	for _, p := range peaks(results) {
		verdict := "gehaald"
		if p.ratio < 40 {
			verdict = "NIET gehaald"
		}
		fmt.Printf("%-9s hoogste rate: Mijn werk %.0f/s (%d clients), kale handler %.0f/s (%d clients): %.1f%%; doel >= 40%%: %s\n",
			p.name, p.mw, p.mwConc, p.bare, p.bareConc, p.ratio, verdict)
	}
	os.Exit(exit)
}

// peak is a database's highest Mijn werk rate against the bare handler's
// highest rate, each at the client count where it was reached.
type peak struct {
	name             string
	mw, bare         float64
	mwConc, bareConc int
	ratio            float64
}

// peaks compares each database's request rates where they are highest:
// the rate a server sustains is measured with enough clients to keep it
// busy, and the two sides need different numbers of clients for that
// (a view waits for its access-log entry to reach the disk, the bare
// handler waits for nothing). A count that saturates neither side measures
// the clients' latency more than the server's rate.
func peaks(results []result) []peak {
	var out []peak
	for _, r := range results {
		if r.skipped != "" || r.failed != "" || r.mw.rate == 0 || r.bare.rate == 0 {
			continue
		}
		i := slices.IndexFunc(out, func(p peak) bool { return p.name == r.name })
		if i < 0 {
			out = append(out, peak{name: r.name})
			i = len(out) - 1
		}
		p := &out[i]
		if r.mw.rate > p.mw {
			p.mw, p.mwConc = r.mw.rate, r.conc
		}
		if r.bare.rate > p.bare {
			p.bare, p.bareConc = r.bare.rate, r.conc
		}
		p.ratio = 100 * p.mw / p.bare
	}
	return out
}

func rd(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond).String()
	case d >= 100*time.Microsecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

func checkLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("PostgreSQL-URL: %w", err)
	}
	if !isLoopback(u.Hostname()) {
		return fmt.Errorf("PostgreSQL-URL %s: alleen een database op deze machine (127.0.0.0/8, ::1, localhost)", u.Redacted())
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func runSQLite(c config) []result {
	r := result{name: "sqlite"}
	dir := c.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "benchmijnwerk-")
		if err != nil {
			r.failed = err.Error()
			return []result{r}
		}
		dir = d
	}
	if !c.keep && c.dir == "" {
		defer os.RemoveAll(dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	path := filepath.Join(dir, "bench.db")
	if _, err := os.Stat(path); err == nil {
		r.failed = path + " bestaat al; kies een lege map met -dir"
		return []result{r}
	}
	return bench(c, r, "sqlite:"+path)
}

func runPostgres(c config, base string) []result {
	r := result{name: "postgres"}
	ctx := context.Background()
	b := make([]byte, 5)
	rand.Read(b)
	schema := "bench_mijnwerk_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		r.failed = "schema aanmaken: " + err.Error()
		return []result{r}
	}
	if c.keep {
		fmt.Fprintf(os.Stderr, "postgres: schema %s blijft bestaan (-keep)\n", schema)
	} else {
		defer func() {
			if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
				fmt.Fprintf(os.Stderr, "postgres: schema %s opruimen: %v\n", schema, err)
			}
		}()
	}
	u, err := url.Parse(base)
	if err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return bench(c, r, u.String())
}

// bench loads the database at dbURL and measures both handlers at each
// client count.
func bench(c config, r result, dbURL string) []result {
	ctx := context.Background()
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	t0 := time.Now()
	if _, err := demo.Seed(ctx, db, time.Now()); err != nil {
		r.failed = "seed: " + err.Error()
		return []result{r}
	}
	fmt.Fprintf(os.Stderr, "%s: demoregio aangemaakt in %s\n", r.name, time.Since(t0).Round(time.Millisecond))
	t1 := time.Now()
	if _, err := demo.Synthetic(ctx, db, c.n, time.Now(), demo.SyntheticOptions{Progress: prefixWriter{r.name + ": ", os.Stderr}}); err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	r.load = time.Since(t1)
	if db.Dialect == database.Postgres {
		// Fresh statistics, as autovacuum has them shortly after a bulk
		// load. (SQLite gathers none by itself, so it gets none here.)
		if _, err := db.W.ExecContext(ctx, "ANALYZE"); err != nil {
			r.failed = "analyze: " + err.Error()
			return []result{r}
		}
	}
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM trajectories").Scan(&r.rows); err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	fmt.Fprintf(os.Stderr, "%s: %d trajecten, synthetisch laden %s\n", r.name, r.rows, r.load.Round(time.Millisecond))

	// The application as `jeugdhulp serve` assembles it, request log included.
	logf, err := os.CreateTemp("", "benchmijnwerk-log-")
	if err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	defer os.Remove(logf.Name())
	defer logf.Close()
	app := server.New(db, server.Config{SecureCookies: false, LoginsPerMinute: 600, Log: slog.New(slog.NewJSONHandler(logf, nil))})
	appURL, stopApp, err := serve(app.Handler)
	if err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	defer stopApp()

	most := slices.Max(c.concs)
	tr := &http.Transport{MaxIdleConns: 2 * most, MaxIdleConnsPerHost: 2 * most, DisableCompression: true}
	defer tr.CloseIdleConnections()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(appURL+"/login", url.Values{"email": {"toegang@demo.jeugdhulp.nl"}, "password": {demo.Password}})
	if err != nil {
		r.failed = "inloggen: " + err.Error()
		return []result{r}
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(jar.Cookies(mustURL(appURL))) == 0 {
		r.failed = fmt.Sprintf("inloggen: status %d zonder sessie", resp.StatusCode)
		return []result{r}
	}
	page, status, err := get(hc, appURL+"/")
	if err != nil || status != http.StatusOK || !bytes.Contains(page, []byte("Openstaande acties")) {
		r.failed = fmt.Sprintf("Mijn werk: status %d, %v", status, err)
		return []result{r}
	}
	r.pageBytes = len(page)
	r.items = bytes.Count(page, []byte(`<td class="utrecht-table__cell"><a class="utrecht-link" href="/trajecten/`))
	if r.items == 0 {
		r.failed = "Mijn werk toont geen acties"
		return []result{r}
	}

	// The bare handler writes a page of the same size: the same bytes.
	bareURL, stopBare, err := serve(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	if err != nil {
		r.failed = err.Error()
		return []result{r}
	}
	defer stopBare()

	bareClient := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var out []result
	for _, n := range c.concs {
		c.conc = n
		out = append(out, measure(ctx, c, r, db, hc, appURL, bareClient, bareURL))
	}
	return out
}

// measure alternates the two sides at c.conc clients.
func measure(ctx context.Context, c config, r result, db *database.DB, hc *http.Client, appURL string, bareClient *http.Client, bareURL string) result {
	r.conc = c.conc
	logBefore, _ := access.CountEntries(ctx, db)
	fmt.Fprintf(os.Stderr, "%s: meten bij %d clients (%d bytes, %d acties), %d rondes\n", r.name, c.conc, r.pageBytes, r.items, c.rounds)
	check := func(body []byte) bool {
		return len(body) > r.pageBytes/2 && bytes.Contains(body, []byte("Openstaande acties"))
	}
	var stops []func() // of the recordings of the first round
	var mws, bares []measurement
	var warm int64
	round := c
	round.dur = c.dur / time.Duration(c.rounds)
	for i := range c.rounds {
		if i > 0 {
			round.warmup = min(c.warmup, 300*time.Millisecond)
		}
		if c.cpuprofile != "" && i == 0 {
			if stop := startProfile(fmt.Sprintf("%s-%s-c%d.pprof", c.cpuprofile, r.name, c.conc)); stop != nil {
				stops = append(stops, stop)
			}
		}
		if c.trace != "" && i == 0 {
			if stop := startTrace(fmt.Sprintf("%s-%s-c%d.trace", c.trace, r.name, c.conc)); stop != nil {
				stops = append(stops, stop)
			}
		}
		m := load(hc, appURL+"/", round, check)
		for _, stop := range stops {
			stop()
		}
		stops = nil
		warm += m.warm
		mws = append(mws, m)
		b := load(bareClient, bareURL+"/", round, func(body []byte) bool { return len(body) == r.pageBytes })
		bares = append(bares, b)
		if b.rate > 0 {
			r.rounds = append(r.rounds, 100*m.rate/b.rate)
		}
	}
	r.mw, r.bare = median(mws), median(bares)
	if len(r.rounds) > 0 {
		rs := slices.Sorted(slices.Values(r.rounds))
		r.ratio = rs[len(rs)/2]
	}
	logAfter, _ := access.CountEntries(ctx, db)
	var n int64
	for _, m := range mws {
		n += m.requests
	}
	if n > 0 {
		// Requests outside the windows logged too: divide by all of them.
		r.logPerReq = float64(logAfter-logBefore) / float64(n+warm)
	}
	return r
}

// median returns the measurement with the median rate, its errors replaced
// by those of all rounds.
func median(ms []measurement) measurement {
	sorted := slices.SortedFunc(slices.Values(ms), func(a, b measurement) int { return cmp.Compare(a.rate, b.rate) })
	m := sorted[len(sorted)/2]
	m.errors = 0
	for _, x := range ms {
		m.errors += x.errors
		if m.firstErr == nil {
			m.firstErr = x.firstErr
		}
	}
	return m
}

func mustURL(s string) *url.URL {
	u, _ := url.Parse(s)
	return u
}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

func get(c *http.Client, u string) ([]byte, int, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return b, resp.StatusCode, err
}

// load runs c.conc clients against u: c.warmup unmeasured, then c.dur
// measured. check judges a 200 response's body.
func load(hc *http.Client, u string, c config, check func([]byte) bool) measurement {
	var m measurement
	var warm, overrun atomic.Int64
	var errs atomic.Int64
	var firstErr atomic.Value
	var mu sync.Mutex
	var lat []time.Duration
	start := time.Now()
	measureFrom := start.Add(c.warmup)
	end := measureFrom.Add(c.dur)
	cpuFrom := make(chan cpuTimes, 1)
	cpuTimer := time.AfterFunc(c.warmup, func() { cpuFrom <- readCPU() })
	var wg sync.WaitGroup
	for range c.conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			buf := bytes.NewBuffer(make([]byte, 0, 256<<10))
			for {
				t0 := time.Now()
				if !t0.Before(end) {
					break
				}
				measured := !t0.Before(measureFrom)
				resp, err := hc.Get(u)
				if err == nil {
					buf.Reset()
					_, err = buf.ReadFrom(resp.Body)
					resp.Body.Close()
					if err == nil && (resp.StatusCode != http.StatusOK || !check(buf.Bytes())) {
						err = fmt.Errorf("status %d, %d bytes", resp.StatusCode, buf.Len())
					}
				}
				d := time.Since(t0)
				if !measured {
					warm.Add(1)
					continue
				}
				if t0.Add(d).After(end) {
					// Finished after the window: not counted, but its log
					// rows were written, so it counts as a warm-up extra.
					warm.Add(1)
					overrun.Add(1)
					continue
				}
				local = append(local, d)
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	// From the end of the warm-up to the last request: the measured ones
	// and the overrun, which m.afterWarmup counts.
	cpuTimer.Stop()
	select {
	case from := <-cpuFrom:
		m.cpu = readCPU().since(from)
	default:
	}
	slices.Sort(lat)
	m.requests = int64(len(lat))
	m.errors = errs.Load()
	m.rate = float64(m.requests) / c.dur.Seconds()
	m.warm = warm.Load()
	m.afterWarmup = int64(len(lat)) + overrun.Load()
	if len(lat) > 0 {
		m.p50 = lat[(len(lat)-1)*50/100]
		m.p95 = lat[(len(lat)-1)*95/100]
	}
	if e, ok := firstErr.Load().(error); ok {
		m.firstErr = e
	}
	return m
}

// record starts a recording of the run into a new file at path and returns
// the function that ends it, or nil when it could not start; what names it
// in the messages, done is the message when it is written.
func record(path, what string, start func(io.Writer) error, stop func(), done string) func() {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
		return nil
	}
	if err := start(f); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", what, err)
		f.Close()
		return nil
	}
	return func() {
		stop()
		f.Close()
		fmt.Fprintf(os.Stderr, done+"\n", path, path)
	}
}

func startProfile(path string) func() {
	return record(path, "cpuprofile", pprof.StartCPUProfile, pprof.StopCPUProfile, "CPU-profiel geschreven naar %s (go tool pprof -top %s)")
}

func startTrace(path string) func() {
	return record(path, "trace", trace.Start, trace.Stop, "uitvoeringstrace geschreven naar %s (go tool trace %s)")
}

type prefixWriter struct {
	prefix string
	w      io.Writer
}

func (p prefixWriter) Write(b []byte) (int, error) {
	_, err := io.WriteString(p.w, p.prefix+strings.TrimRight(string(b), "\n")+"\n")
	return len(b), err
}
