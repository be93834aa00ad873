package kpi_test

// The benchmark of issue 16: every KPI and deadline figure of a region of
// N trajectories with their history (kpi.Alles) against one bare scan of
// the history table (events) on the same database, in the same process.
// The target is KPI time at most 5 × scan time; scripts/bench-kpi.sh runs
// both at N = 1,000,000 on SQLite and PostgreSQL and prints the ratio.
//
//	JEUGDHULP_BENCH_KPI_N   trajectories to generate (default 20,000)
//	JEUGDHULP_BENCH_KPI_DB  keep the generated database for later runs: on
//	                        SQLite the file, on PostgreSQL
//	                        (JEUGDHULP_TEST_DIALECT=postgres) a schema in
//	                        JEUGDHULP_TEST_POSTGRES. Built when missing,
//	                        reused when it holds N trajectories.
//
// Without JEUGDHULP_BENCH_KPI_DB the database lives in a temporary file or
// schema, built once per process and removed when the process ends
// (TestMain): both benchmarks read the same database, which a benchmark's
// own Cleanup (run after every round of b.N) could not give them.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/kpi"
)

const benchRegio = "Benchregio"

// benchNu is the day the figures are computed on: the end of 2026, the
// year the benchmark computes.
var benchNu = time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC)

var bench struct {
	once    sync.Once
	err     error
	db      *database.DB
	region  int64
	n       int
	events  int
	cleanup []func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(bench.cleanup) - 1; i >= 0; i-- {
		bench.cleanup[i]()
	}
	os.Exit(code)
}

// benchDB returns the shared benchmark database, its region and its number
// of trajectories, building it on first use.
func benchDB(b *testing.B) (*database.DB, int64, int) {
	b.Helper()
	bench.once.Do(func() { bench.err = openBench(context.Background()) })
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.db, bench.region, bench.n
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func openBench(ctx context.Context) error {
	n := 20_000
	if s := os.Getenv("JEUGDHULP_BENCH_KPI_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			return fmt.Errorf("JEUGDHULP_BENCH_KPI_N=%q: want a number of at least 100", s)
		}
		n = v
	}
	keep := os.Getenv("JEUGDHULP_BENCH_KPI_DB")
	var dbURL string
	if os.Getenv("JEUGDHULP_TEST_DIALECT") == "postgres" {
		base := os.Getenv("JEUGDHULP_TEST_POSTGRES")
		if base == "" {
			return errors.New("JEUGDHULP_TEST_DIALECT=postgres needs JEUGDHULP_TEST_POSTGRES")
		}
		schema := keep
		if schema == "" {
			b := make([]byte, 6)
			rand.Read(b)
			schema = "bench_kpi_" + hex.EncodeToString(b)
		}
		if !schemaName.MatchString(schema) {
			return fmt.Errorf("JEUGDHULP_BENCH_KPI_DB=%q: on PostgreSQL a schema name (a-z, 0-9, _)", schema)
		}
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
		if keep == "" {
			bench.cleanup = append(bench.cleanup, func() {
				if a, err := sql.Open("pgx", base); err == nil {
					a.Exec("DROP SCHEMA " + schema + " CASCADE")
					a.Close()
				}
			})
		}
		u, err := url.Parse(base)
		if err != nil {
			return err
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dbURL = u.String()
	} else {
		path := keep
		if path == "" {
			dir, err := os.MkdirTemp("", "kpi-bench-")
			if err != nil {
				return err
			}
			bench.cleanup = append(bench.cleanup, func() { os.RemoveAll(dir) })
			path = filepath.Join(dir, "bench.db")
		}
		dbURL = "sqlite:" + path
	}
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	bench.cleanup = append(bench.cleanup, func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	bench.db, bench.n = db, n

	err = db.QueryRow(ctx, "SELECT id FROM regions WHERE naam = ?", benchRegio).Scan(&bench.region)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		start := time.Now()
		rows, err := generate(ctx, db, n)
		if err != nil {
			return fmt.Errorf("generate: %w", err)
		}
		fmt.Printf("kpi-bench: %s: generated %d trajectories, %d rows in %.1f s\n", db.Dialect, n, rows, time.Since(start).Seconds())
		if db.Dialect == database.Postgres {
			// What autovacuum does after a bulk load, done now so that
			// the timings do not depend on when it wakes.
			start = time.Now()
			if _, err := db.W.ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
				return err
			}
			fmt.Printf("kpi-bench: %s: VACUUM ANALYZE in %.1f s\n", db.Dialect, time.Since(start).Seconds())
		}
		if err := db.QueryRow(ctx, "SELECT id FROM regions WHERE naam = ?", benchRegio).Scan(&bench.region); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	var got int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM trajectories").Scan(&got); err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("database %s holds %d trajectories, not JEUGDHULP_BENCH_KPI_N=%d: remove it or set N to match", db.URL, got, n)
	}
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM events").Scan(&bench.events); err != nil {
		return err
	}
	size := ""
	if db.Dialect == database.Postgres {
		db.QueryRow(ctx, "SELECT pg_size_pretty(pg_database_size(current_database()))").Scan(&size)
	} else if fi, err := os.Stat(strings.TrimPrefix(db.URL, "sqlite:")); err == nil {
		size = fmt.Sprintf("%d MB", fi.Size()>>20)
	}
	fmt.Printf("kpi-bench: %s: %d trajectories, %d events, database %s\n", db.Dialect, n, bench.events, size)
	return nil
}

// BenchmarkHistoryScan is the reference: one bare scan of the whole
// history table, every column of every row scanned into Go values.
func BenchmarkHistoryScan(b *testing.B) {
	db, _, n := benchDB(b)
	ctx := context.Background()
	rows := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, err := scanEvents(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		if got != bench.events {
			b.Fatalf("scanned %d events, want %d", got, bench.events)
		}
		rows += got
	}
	b.StopTimer()
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/trajectory")
}

func scanEvents(ctx context.Context, q database.Querier) (int, error) {
	rows, err := q.Query(ctx, "SELECT id, trajectory_id, at, kind, what, user_id, organisation_id FROM events")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, trajectory int64
		var at time.Time
		var kind, what string
		var user, org sql.NullInt64
		if err := rows.Scan(&id, &trajectory, &at, &kind, &what, &user, &org); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// BenchmarkKPIAlles computes every figure of the region for 2026: the
// KPIs per region, municipality and consortium, the deadlines, the
// Treeknorm waits and the live waiting times.
func BenchmarkKPIAlles(b *testing.B) {
	db, region, n := benchDB(b)
	ctx := context.Background()
	var m *kpi.Monitor
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if m, err = kpi.Alles(ctx, db, region, 2026, nil, benchNu); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	checkMonitor(b, m, n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/trajectory")
}

// checkMonitor fails unless every figure exists: the region's year figure
// of each KPI, a year line of each deadline, both Treeknorm waits and
// waiting times.
func checkMonitor(b *testing.B, m *kpi.Monitor, n int) {
	b.Helper()
	if got := len(m.Feiten.Casussen); got != n {
		b.Fatalf("%d cases read, want %d", got, n)
	}
	if len(m.KPIs) != len(kpi.Definities) {
		b.Fatalf("%d KPIs, want %d", len(m.KPIs), len(kpi.Definities))
	}
	for _, r := range m.KPIs {
		if cel := r.Rijen[0].Jaarcel(); cel.Figuur == nil {
			b.Errorf("KPI %s: no figure for the region in 2026 (measure %v, baseline %v)", r.Key, cel.Maat, cel.Basis)
		}
		if len(r.Rijen) != 1+14+2 {
			b.Errorf("KPI %s: %d rows, want the region, 14 municipalities and 2 consortia", r.Key, len(r.Rijen))
		}
	}
	jaar := map[string]int{}
	for _, t := range m.Termijnen {
		if t.Org == 0 && t.Maand.IsZero() {
			jaar[t.Definitie.Soort] = t.N
		}
	}
	for _, d := range kpi.TermijnDefinities {
		if jaar[d.Soort] == 0 {
			b.Errorf("deadline %s: nothing counted in 2026", d.Soort)
		}
	}
	waits := map[kpi.Key]int{}
	for _, w := range m.Treeknorm {
		if w.Org == 0 && w.Maand.IsZero() {
			waits[w.Key] = w.N
		}
	}
	if waits[kpi.TreeknormAanmeld] == 0 || waits[kpi.TreeknormBehandel] == 0 {
		b.Errorf("Treeknorm waits in 2026: %v", waits)
	}
	if len(m.Wachtrijen) == 0 {
		b.Error("no waiting times")
	}
}

// The generator. A region in Noord- en Midden-Limburg's shape: 14
// municipalities with a Toegang team each, an intake desk, a crisis
// service, a GI, a medical practice, 40 providers of whom 22 are in one of
// two consortia. Each trajectory has its facts over 2024–2026, about 8
// history events and about 3 obligations; a third are segment-1 cases,
// two thirds of those that started help with stays.

var gemeenteNamen = []string{"Venlo", "Venray", "Horst aan de Maas", "Peel en Maas", "Roermond", "Leudal",
	"Echt-Susteren", "Maasgouw", "Roerdalen", "Nederweert", "Beesel", "Gennep", "Bergen", "Mook en Middelaar"}

// gemeenteGewicht: the share of youths per municipality, large to small.
var gemeenteGewicht = []int{20, 11, 10, 9, 12, 7, 7, 5, 4, 4, 3, 3, 3, 2}

type gen struct {
	r                     *mrand.Rand
	now                   time.Time
	gemeenten, toegang    []int64
	desk, crisis, gi, med int64
	providers, members    []int64
	users                 map[int64][]int64
	clientGem             []int // municipality index per client (0-based client)
	clientBorn            []time.Time

	tr, s1, vb, ob, ev, cl *tabel
}

// tabel gathers rows of one table and writes them as multi-row INSERTs.
type tabel struct {
	naam, kolommen string
	n              int
	args           []any
	stmts          map[int]string
	rows           int
}

func newTabel(naam string, kolommen ...string) *tabel {
	return &tabel{naam: naam, kolommen: strings.Join(kolommen, ", "), n: len(kolommen), stmts: map[int]string{}}
}

func (t *tabel) add(args ...any) {
	if len(args) != t.n {
		panic(fmt.Sprintf("%s: %d values for %d columns", t.naam, len(args), t.n))
	}
	t.args = append(t.args, args...)
}

func (t *tabel) flush(ctx context.Context, tx *database.Tx) error {
	per := min(1000, 30_000/t.n) // under SQLite's 32,766 and PostgreSQL's 65,535 parameters
	for len(t.args) > 0 {
		k := min(per, len(t.args)/t.n)
		q, ok := t.stmts[k]
		if !ok {
			row := "(" + strings.Repeat("?, ", t.n-1) + "?)"
			q = "INSERT INTO " + t.naam + " (" + t.kolommen + ") VALUES " + strings.Repeat(row+", ", k-1) + row
			t.stmts[k] = q
		}
		if _, err := tx.Exec(ctx, q, t.args[:k*t.n]...); err != nil {
			return fmt.Errorf("insert into %s: %w", t.naam, err)
		}
		t.args = t.args[k*t.n:]
		t.rows += k
	}
	t.args = t.args[:0]
	return nil
}

func dag(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

func moment(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func orNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// om is the moment at hh:mm Amsterdam time on day d.
func om(d time.Time, hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, kalender.Amsterdam())
}

func (g *gen) days(a, b int) int { return a + g.r.IntN(b-a+1) }

func (g *gen) user(org int64) any {
	us := g.users[org]
	if len(us) == 0 || g.r.IntN(10) == 0 { // a tenth by the system
		return nil
	}
	return us[g.r.IntN(len(us))]
}

// generate fills db with the region and n trajectories and returns the
// number of rows written.
func generate(ctx context.Context, db *database.DB, n int) (int, error) {
	g := &gen{r: mrand.New(mrand.NewPCG(16, 2026)), now: benchNu, users: map[int64][]int64{}}
	g.cl = newTabel("clients", "id", "bsn", "given_name", "family_name", "birth_date", "street", "house_number", "postcode", "city", "municipality_id", "created_at", "updated_at")
	g.tr = newTabel("trajectories", "id", "client_id", "route", "municipality_id", "referrer_org_id", "eerste_melding", "step", "ipva_done_on",
		"arrangement", "provider_id", "provider_status", "ipva_shared_on", "plan_submitted_at", "zorg_start", "created_at", "updated_at")
	g.s1 = newTabel("seg1_cases", "trajectory_id", "desk_org_id", "fase", "aangemeld_at", "aanmeldgesprek_op", "regievoerder_id",
		"aangemeld_bij_regievoerder_at", "hulp_gestart", "einddatum", "created_at", "updated_at")
	g.vb = newTabel("seg1_verblijven", "trajectory_id", "soort", "met_ouder", "begin_op", "eind_op", "user_id", "organisation_id", "at")
	g.ob = newTabel("obligations", "kind", "trajectory_id", "owner_org_id", "owner_role", "label", "due_at", "created_at", "done_at")
	g.ev = newTabel("events", "trajectory_id", "at", "kind", "what", "user_id", "organisation_id")

	if err := db.Do(ctx, g.organisations); err != nil {
		return 0, err
	}
	nClients := max(1, n-n/10) // a tenth of the trajectories are a youth's second
	const perTx = 50_000
	for lo := 0; lo < nClients; lo += perTx {
		err := db.Do(ctx, func(tx *database.Tx) error {
			for i := lo; i < min(lo+perTx, nClients); i++ {
				g.client(i)
				if len(g.cl.args) >= 1000*g.cl.n {
					if err := g.cl.flush(ctx, tx); err != nil {
						return err
					}
				}
			}
			return g.cl.flush(ctx, tx)
		})
		if err != nil {
			return 0, err
		}
	}
	for lo := 0; lo < n; lo += perTx {
		err := db.Do(ctx, func(tx *database.Tx) error {
			for i := lo; i < min(lo+perTx, n); i++ {
				g.trajectory(int64(i+1), i%nClients)
				if (i+1)%1000 == 0 {
					if err := g.flush(ctx, tx); err != nil {
						return err
					}
				}
			}
			return g.flush(ctx, tx)
		})
		if err != nil {
			return 0, err
		}
	}
	return g.cl.rows + g.tr.rows + g.s1.rows + g.vb.rows + g.ob.rows + g.ev.rows, nil
}

// flush writes the gathered rows, parents before children.
func (g *gen) flush(ctx context.Context, tx *database.Tx) error {
	for _, t := range []*tabel{g.tr, g.s1, g.vb, g.ob, g.ev} {
		if err := t.flush(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) organisations(tx *database.Tx) error {
	ctx := context.Background()
	created := time.Date(2023, 6, 1, 9, 0, 0, 0, time.UTC)
	region, err := tx.InsertID(ctx, "INSERT INTO regions (naam, created_at) VALUES (?, ?)", benchRegio, created)
	if err != nil {
		return err
	}
	org := func(name, kind string, cbs, agb any, municipality int64, host bool) (int64, error) {
		return tx.InsertID(ctx, `INSERT INTO organisations (name, kind, cbs_code, agb_code, municipality_id, host_municipality, region_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, name, kind, cbs, agb, orNull(municipality), host, region, created)
	}
	nUsers := 0
	users := func(id int64, k int) error {
		for range k {
			nUsers++
			uid, err := tx.InsertID(ctx, "INSERT INTO users (email, name, organisation_id, created_at) VALUES (?, ?, ?, ?)",
				fmt.Sprintf("medewerker%d@bench.example", nUsers), fmt.Sprintf("Medewerker %d", nUsers), id, created)
			if err != nil {
				return err
			}
			g.users[id] = append(g.users[id], uid)
		}
		return nil
	}
	for i, naam := range gemeenteNamen {
		id, err := org("Gemeente "+naam, "gemeente", fmt.Sprintf("%04d", 9001+i), nil, 0, i == 0)
		if err != nil {
			return err
		}
		g.gemeenten = append(g.gemeenten, id)
		t, err := org("Toegang "+naam, "toegang", nil, nil, id, false)
		if err != nil {
			return err
		}
		g.toegang = append(g.toegang, t)
		if err := users(t, 3); err != nil {
			return err
		}
	}
	for _, o := range []struct {
		p          *int64
		name, kind string
	}{{&g.desk, "Aanmeldpunt segment 1", "aanmeldpunt"}, {&g.crisis, "Crisisdienst Jeugd", "crisisdienst"},
		{&g.gi, "Gecertificeerde Instelling Limburg", "gi"}, {&g.med, "Huisartsenpraktijk De Maas", "medisch"}} {
		if *o.p, err = org(o.name, o.kind, nil, nil, 0, false); err != nil {
			return err
		}
		if err := users(*o.p, 3); err != nil {
			return err
		}
	}
	var consortia [2]int64
	for i, name := range []string{"Consortium Noord", "Consortium Midden"} {
		if consortia[i], err = org(name, "consortium", nil, nil, 0, false); err != nil {
			return err
		}
	}
	for i := range 40 {
		id, err := org(fmt.Sprintf("Jeugdhulpaanbieder %02d", i+1), "aanbieder", nil, fmt.Sprintf("9800%04d", 100+i), 0, false)
		if err != nil {
			return err
		}
		g.providers = append(g.providers, id)
		if err := users(id, 2); err != nil {
			return err
		}
		if i < 22 {
			c, rol := consortia[0], "partner"
			if i >= 12 {
				c = consortia[1]
			}
			if i%12 >= 4 {
				rol = "onderaannemer"
			}
			if _, err := tx.Exec(ctx, "INSERT INTO consortium_members (consortium_id, member_id, rol) VALUES (?, ?, ?)", c, id, rol); err != nil {
				return err
			}
			g.members = append(g.members, id)
		}
		if i%2 == 0 {
			if _, err := tx.Exec(ctx, "INSERT INTO provider_waiting (organisation_id, weeks, updated_at) VALUES (?, ?, ?)", id, 2+i%15, created); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *gen) gemeente() int {
	k := g.r.IntN(100)
	for i, w := range gemeenteGewicht {
		if k < w {
			return i
		}
		k -= w
	}
	return 0
}

// client writes youth i (0-based, id i+1), born between 2007 and 2025.
func (g *gen) client(i int) {
	gi := g.gemeente()
	born := time.Date(2007, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(19*365))
	g.clientGem = append(g.clientGem, gi)
	g.clientBorn = append(g.clientBorn, born)
	created := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	g.cl.add(int64(i+1), fmt.Sprintf("9%08d", i+1), "Jeugdige", fmt.Sprintf("Bench %d", i+1), born.Format("2006-01-02"),
		"Dorpsstraat", strconv.Itoa(1+i%180), "5900AA", gemeenteNamen[gi], g.gemeenten[gi], created, created)
}

type event struct {
	at   time.Time
	kind string
	what string
	org  int64
}

var fillers = []struct{ kind, what string }{
	{"overleg", "Overleg met de ouders vastgelegd"},
	{"document", "Brief aan de ouders verstuurd"},
	{"toestemming", "Toestemming om het IPVA te delen vastgelegd (schriftelijk, door de ouder)"},
	{"ondertekening", "IPVA ondertekend door de jeugdige"},
	{"bericht", "Bericht van de aanbieder ontvangen en verwerkt"},
	{"overleg", "Telefonisch contact met de school"},
	{"document", "Verslag van het huisbezoek toegevoegd"},
	{"stap", "Gegevens van de jeugdige bijgewerkt"},
}

// trajectory writes trajectory id of youth c with its facts, obligations
// and history.
func (g *gen) trajectory(id int64, c int) {
	r := g.r
	gi := g.clientGem[c]
	born := g.clientBorn[c]
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(1080)) // to mid-December 2026
	created := om(start, g.days(8, 16), r.IntN(60))
	seen := func(t time.Time) bool { return !t.IsZero() && !t.After(g.now) }
	toeg := g.toegang[gi]

	route, referrer := "toegang", toeg
	switch k := r.IntN(100); {
	case k < 3:
		route, referrer = "crisis", g.crisis
	case k < 18:
		route, referrer = "gi", g.gi
	case k < 30:
		route, referrer = "medisch", g.med
	}
	seg1 := route != "crisis" && r.IntN(3) == 0

	var evs []event
	last := created
	ev := func(at time.Time, kind, what string, org int64) {
		evs = append(evs, event{at, kind, what, org})
		if at.After(last) {
			last = at
		}
	}
	obl := func(kind string, org int64, role, label string, made, due, done time.Time) {
		if !seen(done) {
			done = time.Time{}
		}
		g.ob.add(kind, id, org, role, label, due.UTC(), made.UTC(), moment(done))
	}
	ev(created, "registratie", "Traject geregistreerd ("+route+")", referrer)

	step := "ipva"
	var ipva, shared, zorg time.Time
	var plan time.Time
	var provider int64
	var arrangement any
	status := ""

	if route == "crisis" {
		step = "inschatting"
		insch := created.Add(time.Duration(g.days(20, 200)) * time.Minute)
		if r.IntN(10) == 0 {
			insch = time.Time{}
		}
		obl("stap:inschatting", g.crisis, "crisismedewerker", "Actieve inschatting ter plaatse", created, created.Add(2*time.Hour), insch)
		if seen(insch) {
			ev(insch, "stap", "Actieve inschatting gedaan; crisiszorg ingezet", g.crisis)
			step = "rto"
			rtoDue := om(start.AddDate(0, 0, 1), 17, 0)
			rto := om(start.AddDate(0, 0, g.days(1, 3)), g.days(9, 16), 0)
			obl("stap:rto", g.crisis, "crisismedewerker", "Rondetafeloverleg houden", insch, rtoDue, rto)
			if seen(rto) {
				ev(rto, "overleg", "Rondetafeloverleg gehouden met gezin, school en wijkteam", g.crisis)
				step = "perspectiefplan"
				pp := om(start.AddDate(0, 0, g.days(5, 20)), 14, 0)
				obl("stap:perspectiefplan", g.crisis, "crisismedewerker", "Perspectiefplan crisis opstellen", rto, om(start.AddDate(0, 0, 14), 17, 0), pp)
				if seen(pp) {
					ev(pp, "document", "Perspectiefplan crisis vastgesteld", g.crisis)
					step = "gesloten"
				}
			}
		}
	} else {
		// The IPVA.
		if r.IntN(100) < 94 {
			ipva = start.AddDate(0, 0, g.days(5, 40))
		}
		obl("stap:ipva", toeg, "toegangsmedewerker", "IPVA opstellen met het gezin en laten ondertekenen", created, om(start.AddDate(0, 0, 28), 23, 59), om(ipva, 15, 0))
		if seen(ipva) {
			ev(om(ipva, 15, 0), "stap", "IPVA vastgesteld en ondertekend", toeg)
			step = "arrangement"
		} else {
			ipva = time.Time{}
		}
	}

	if seg1 {
		g.segment1(id, gi, born, start, ipva, ev, obl, &step)
	} else if !ipva.IsZero() && r.IntN(10) < 9 {
		provider = g.providers[r.IntN(len(g.providers))]
		arrangement = 1 + r.IntN(9)
		shared = ipva.AddDate(0, 0, g.days(1, 14))
		if seen(shared) {
			status, step = "gevraagd", "acceptatie"
			ev(om(shared, 11, 0), "stap", "Aanbieder gekozen met het gezin; IPVA gedeeld met "+fmt.Sprintf("aanbieder %d", provider), toeg)
			if r.IntN(10) < 9 {
				status, step = "geaccepteerd", "beknopt_plan"
				ev(om(shared.AddDate(0, 0, g.days(0, 3)), 10, 0), "stap", "Verwijzing geaccepteerd", provider)
				plan = om(shared.AddDate(0, 0, g.days(3, 24)), g.days(9, 17), r.IntN(60))
				if !seen(plan) {
					plan = time.Time{}
				}
				obl("stap:beknopt_plan", provider, "jeugdhulpaanbieder", "Beknopt plan opstellen", om(shared, 11, 0), om(shared.AddDate(0, 0, 14), 23, 59), plan)
				if !plan.IsZero() {
					step = "akkoord"
					ev(plan, "stap", "Beknopt plan ingediend", provider)
					akkoord := om(plan.AddDate(0, 0, g.days(1, 8)), 14, 0)
					obl("stap:akkoord", toeg, "toegangsmedewerker", "Beknopt plan beoordelen", plan, om(plan.AddDate(0, 0, 10), 23, 59), akkoord)
					if seen(akkoord) {
						step = "toegewezen"
						ev(akkoord, "besluit", "Beknopt plan akkoord; toewijzing verstuurd (JW301)", toeg)
						if r.IntN(100) < 85 {
							zorg = plan.AddDate(0, 0, g.days(7, 90))
							if seen(zorg) {
								ev(om(zorg, 9, 0), "bericht", "Start zorg ontvangen (JW305)", provider)
							} else {
								zorg = time.Time{}
							}
						}
					}
				}
			}
		} else {
			provider, arrangement, shared = 0, nil, time.Time{}
		}
	} else if !ipva.IsZero() {
		obl("stap:arrangement", toeg, "toegangsmedewerker", "Arrangement en intensiteit kiezen", om(ipva, 15, 0), om(ipva.AddDate(0, 0, 7), 23, 59), time.Time{})
	}

	// About eight events: the facts above and the rest of a case's work.
	want := g.days(5, 11)
	end := last.Add(30 * 24 * time.Hour)
	if end.After(g.now) {
		end = g.now
	}
	for len(evs) < want {
		f := fillers[r.IntN(len(fillers))]
		at := created.Add(time.Duration(r.Int64N(int64(end.Sub(created)) + 1)))
		org := referrer
		if provider != 0 && r.IntN(2) == 0 {
			org = provider
		}
		ev(at, f.kind, f.what, org)
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
	for _, e := range evs {
		g.ev.add(id, e.at.UTC(), e.kind, e.what, g.user(e.org), e.org)
	}
	g.tr.add(id, int64(c+1), route, g.gemeenten[gi], referrer, dag(start), step, dag(ipva), arrangement, orNull(provider), status,
		dag(shared), moment(plan), dag(zorg), created.UTC(), last.UTC())
}

var stayKinds = []struct {
	soort string
	pct   int
}{{"behandelverblijf", 45}, {"hybride", 25}, {"gezinshuis", 15}, {"pleegzorg", 15}}

// segment1 writes the segment-1 case of trajectory id: registration with
// the intake desk, the intake talk, the regievoerder, the start and end of
// help, its deadlines and stays.
func (g *gen) segment1(id int64, gi int, born, start, ipva time.Time, ev func(time.Time, string, string, int64),
	obl func(string, int64, string, string, time.Time, time.Time, time.Time), step *string) {
	r := g.r
	seen := func(t time.Time) bool { return !t.IsZero() && !t.After(g.now) }
	from := start
	if !ipva.IsZero() {
		from = ipva
	}
	aangemeld := om(from.AddDate(0, 0, g.days(0, 5)), g.days(9, 16), r.IntN(60))
	if !seen(aangemeld) {
		aangemeld = om(from, 9, 0)
	}
	*step = "segment1"
	fase := "aanmelding"
	ev(aangemeld, "segment1", "Aangemeld bij het aanmeldpunt segment 1", g.desk)
	var gesprek, hulp, eind, bijRegie time.Time
	var regie int64
	if r.IntN(100) < 92 {
		gesprek = aangemeld.AddDate(0, 0, g.days(3, 38))
		gesprek = time.Date(gesprek.Year(), gesprek.Month(), gesprek.Day(), 0, 0, 0, 0, time.UTC)
	}
	if !seen(gesprek) {
		gesprek = time.Time{}
	}
	obl("segment1:aanmeldgesprek", g.desk, "aanmeldpunt", "Aanmeldgesprek voeren", aangemeld, om(aangemeld.AddDate(0, 0, 14), 23, 59), om(gesprek, 16, 0))
	if !gesprek.IsZero() {
		fase = "advies"
		ev(om(gesprek, 16, 0), "segment1", "Aanmeldgesprek gevoerd met jeugdige en verwijzer", g.desk)
		if r.IntN(100) < 88 {
			regie = g.members[r.IntN(len(g.members))]
			bijRegie = om(gesprek.AddDate(0, 0, g.days(1, 7)), 11, 0)
			if seen(bijRegie) {
				fase = "regie"
				ev(bijRegie, "segment1", "Aangemeld bij de regievoerder", g.desk)
				hulp = gesprek.AddDate(0, 0, g.days(7, 95))
				if r.IntN(100) >= 90 || !seen(hulp) {
					hulp = time.Time{}
				}
			} else {
				regie, bijRegie = 0, time.Time{}
			}
		}
	}
	obl("segment1:start", g.desk, "aanmeldpunt", "Start van de hulp", aangemeld, om(aangemeld.AddDate(0, 0, 42), 23, 59), om(hulp, 12, 0))
	if !hulp.IsZero() {
		ev(om(hulp, 12, 0), "segment1", "Behandelplan versie 1 vastgesteld; hulp gestart", regie)
		if r.IntN(100) < 65 {
			eind = hulp.AddDate(0, 0, g.days(60, 420))
			if seen(eind) {
				fase = "afgerond"
				ev(om(eind, 15, 0), "segment1", "Hulp afgerond; uitstroom naar huis", regie)
			} else {
				eind = time.Time{}
			}
		}
		if r.IntN(100) < 65 {
			g.stays(id, regie, born, hulp, eind)
		}
	}
	g.s1.add(id, g.desk, fase, aangemeld.UTC(), dag(gesprek), orNull(regie), moment(bijRegie), dag(hulp), dag(eind), aangemeld.UTC(), aangemeld.UTC())
}

// stays writes one to three stays from the start of help on, each
// followed by the next the same or the next day or after weeks at home.
func (g *gen) stays(id, regie int64, born, hulp, eind time.Time) {
	r := g.r
	begin := hulp.AddDate(0, 0, r.IntN(30))
	for k := g.days(1, 3); k > 0; k-- {
		if begin.After(g.now) || (!eind.IsZero() && begin.After(eind)) {
			return
		}
		p := r.IntN(100)
		soort := stayKinds[0].soort
		for _, s := range stayKinds {
			if p < s.pct {
				soort = s.soort
				break
			}
			p -= s.pct
		}
		age := begin.Year() - born.Year()
		if begin.YearDay() < born.YearDay() {
			age--
		}
		metOuder := r.IntN(100) < 5
		if age < 12 {
			metOuder = r.IntN(100) < 93
		}
		end := begin.AddDate(0, 0, g.days(7, 220))
		if !eind.IsZero() && end.After(eind) {
			end = eind
		}
		if end.After(g.now) {
			end = time.Time{}
		}
		g.vb.add(id, soort, metOuder, dag(begin), dag(end), g.user(regie), regie, om(begin, 10, 0).UTC())
		if end.IsZero() {
			return
		}
		if r.IntN(2) == 0 {
			begin = end.AddDate(0, 0, r.IntN(2))
		} else {
			begin = end.AddDate(0, 0, g.days(20, 100))
		}
	}
}
