package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Synthetic trajectories are bulk fixture data for scale tests (issue 5,
// item 11): fictional youths with valid but made-up BSNs, spread over the
// nine municipalities and the steps of the referral route.
//
// They are loaded with plain SQL in large transactions, not through the
// traject.Service: no person reads or writes them — a program generates
// them — so they leave no access-log entries. Every read or change a user
// makes of them later goes through the access gate and is logged like any
// other. The rows are consistent with what the Service would have stored:
// owner_org_id and due_on are exactly what traject's refreshNext derives
// from Trajectory.Next, client_links holds every organisation that the
// transitions would have linked (the Toegang, the provider once the IPVA was
// shared with consent, the municipality once the request was submitted), and
// each trajectory past the IPVA has its signatures and consent. Left out, to
// keep the load fast and the database small: the IPVA and plan text, and the
// toewijzing, beschikking and JW301 of trajectories at step toegewezen.

// SyntheticBatch is how many trajectories go into one transaction.
const SyntheticBatch = 5000

// syntheticBSNBase is the first 8-digit prefix of synthetic BSNs: they
// start with 2, away from the seed's own youths.
const syntheticBSNBase = 20000000

// BSN returns the 9-digit BSN with 8-digit prefix p and the check digit of
// the 11-proof, or false when no digit completes p (the remainder is 10).
func BSN(p int) (string, bool) {
	if p < 0 || p > 99999999 {
		return "", false
	}
	s, x := 0, p
	for w := 2; w <= 9; w++ {
		s += w * (x % 10)
		x /= 10
	}
	d := s % 11
	if d == 10 || s == 0 {
		return "", false
	}
	return fmt.Sprintf("%08d%d", p, d), true
}

// SyntheticOptions tune Synthetic.
type SyntheticOptions struct {
	// Batch is the number of trajectories per transaction; 0 means
	// SyntheticBatch.
	Batch int
	// Progress, when set, gets a line per committed batch.
	Progress io.Writer
}

// synthOrgs are the organisation ids the generator needs.
type synthOrgs struct {
	gemeente, toegang [9]int64
	// providersOf lists the providers delivering each arrangement 1–9.
	providersOf [10][]int64
	recorder    int64 // the user recorded as having taken signatures and consent
}

func loadSynthOrgs(ctx context.Context, db *database.DB) (synthOrgs, error) {
	var o synthOrgs
	id := func(name string) (int64, error) {
		var v int64
		err := db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = ?", name).Scan(&v)
		if errors.Is(err, database.ErrNoRows) {
			return 0, fmt.Errorf("organisation %q is missing: run the demo seed first", name)
		}
		return v, err
	}
	for i, m := range Municipalities {
		var err error
		if o.gemeente[i], err = id(gemeente(m.Name)); err != nil {
			return o, err
		}
		if o.toegang[i], err = id(toegang(m.Name)); err != nil {
			return o, err
		}
	}
	for _, p := range providers {
		pid, err := id(p.name)
		if err != nil {
			return o, err
		}
		for _, a := range p.arrangements {
			o.providersOf[a] = append(o.providersOf[a], pid)
		}
	}
	err := db.QueryRow(ctx, "SELECT id FROM users WHERE email = ?", Logins()[0].Email).Scan(&o.recorder)
	if errors.Is(err, database.ErrNoRows) {
		return o, fmt.Errorf("account %s is missing: run the demo seed first", Logins()[0].Email)
	}
	return o, err
}

// stepMix spreads the synthetic trajectories over the steps: per 100, how
// many are at each step. Most work waits at the IPVA, many are done.
var stepMix = []struct {
	step traject.Step
	per  int
}{
	{traject.StepIPVA, 28}, {traject.StepArrangement, 7}, {traject.StepAanbieder, 7}, {traject.StepAcceptatie, 7},
	{traject.StepBeknoptPlan, 10}, {traject.StepAkkoord, 7}, {traject.StepAanvraag, 5}, {traject.StepBesluit, 8},
	{traject.StepToegewezen, 19}, {traject.StepAfgewezen, 2},
}

func stepFor(i int) traject.Step {
	// A multiplicative scramble keeps neighbouring rows on different steps.
	k := (i * 37) % 100
	for _, s := range stepMix {
		if k < s.per {
			return s.step
		}
		k -= s.per
	}
	return traject.StepIPVA
}

var (
	synthGiven  = []string{"Anna", "Bram", "Cas", "Daan", "Eva", "Finn", "Guus", "Hanna", "Isa", "Jens", "Kiki", "Lars", "Mees", "Nina", "Olivier", "Puck", "Quinten", "Roos", "Sara", "Thijs", "Usha", "Vera", "Wout", "Yara", "Zoë", "Mohammed", "Aylin", "Noor", "Sven", "Lieke"}
	synthFamily = []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kaya", "Yilmaz", "El Amrani", "Claes", "Verbeek"}
	synthStreet = []string{"Kerkstraat", "Schoolstraat", "Molenstraat", "Dorpsstraat", "Stationsstraat", "Julianastraat", "Beatrixlaan", "Eikenlaan", "Lindenlaan", "Parallelweg"}
	synthPC     = [9]string{"5101", "5121", "5051", "5256", "5081", "5171", "5061", "5038", "5141"}
	synthCity   = [9]string{"Dongen", "Rijen", "Goirle", "Drunen", "Hilvarenbeek", "Kaatsheuvel", "Oisterwijk", "Tilburg", "Waalwijk"}
)

// synthRow is one generated youth with its trajectory.
type synthRow struct {
	bsn, given, family, birth, street, house, postcode, city string
	mun                                                      int // index into Municipalities
	t                                                        traject.Trajectory
	ownerOrg                                                 any
	dueOn                                                    any
	age                                                      int
}

// gen makes synthetic row i (0-based over all synthetic rows ever made, so
// a second run continues the pattern) for BSN bsn, as of today.
func gen(i int, bsn string, o synthOrgs, now time.Time) synthRow {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	mun := i % len(Municipalities)
	r := synthRow{bsn: bsn, mun: mun,
		given: synthGiven[(i/9)%len(synthGiven)], family: synthFamily[(i/7+i)%len(synthFamily)],
		street: synthStreet[(i/3)%len(synthStreet)], house: strconv.Itoa(1 + i%197),
		postcode: synthPC[mun] + " " + string(rune('A'+i%26)) + string(rune('A'+(i/26)%26)), city: synthCity[mun]}
	r.age = i % 18
	r.birth = today.AddDate(-r.age, 0, -(i%360)-1).Format("2006-01-02")
	step := stepFor(i)
	si := stepIndex(step)
	if step == traject.StepAfgewezen {
		si = stepIndex(traject.StepBesluit) + 1
	}
	// Days since the eerste melding: older for trajectories further along,
	// and a spread so that some IPVAs are overdue.
	age := 3 + (i*13)%38 + 6*si
	em := today.AddDate(0, 0, -age)
	t := traject.Trajectory{Route: traject.RouteToegang, MunicipalityID: o.gemeente[mun], ReferrerOrgID: o.toegang[mun],
		EersteMelding: em, Step: step}
	at := func(d time.Time, hour int) time.Time {
		t := d.Add(time.Duration(9+hour%8)*time.Hour + time.Duration(i%60)*time.Minute)
		if t.After(now) {
			return now
		}
		return t
	}
	last := at(em, i)
	if si >= stepIndex(traject.StepArrangement) {
		// The IPVA was finished within its term (or up to a few days late).
		done := em.AddDate(0, 0, 10+(i%22))
		if done.After(today) {
			done = today
		}
		t.IPVADoneOn = done
		if done.After(em.AddDate(0, 0, 28)) {
			t.IPVALateReason = "Het gezin heeft de afspraak afgezegd of verzet"
		}
		last = at(done, i)
	}
	if si >= stepIndex(traject.StepAanbieder) {
		t.Arrangement, t.Intensiteit = 1+i%9, 1+(i/9)%3
	}
	if si >= stepIndex(traject.StepAcceptatie) {
		ps := o.providersOf[t.Arrangement]
		t.ProviderID = ps[(i/9)%len(ps)]
		t.ProviderStatus = "gevraagd"
		shared := t.IPVADoneOn.AddDate(0, 0, 1+i%4)
		if shared.After(today) {
			shared = today
		}
		t.IPVASharedOn = shared
		last = at(shared, i)
	}
	if si >= stepIndex(traject.StepBeknoptPlan) {
		t.ProviderStatus = "geaccepteerd"
		last = at(minDay(t.IPVASharedOn.AddDate(0, 0, 1+i%3), today), i)
	}
	if si >= stepIndex(traject.StepAkkoord) {
		t.PlanSubmittedAt = at(minDay(t.IPVASharedOn.AddDate(0, 0, 4+i%9), today), i)
		last = t.PlanSubmittedAt
	}
	if si >= stepIndex(traject.StepAanvraag) {
		t.Akkoord = traject.AkkoordJa
		last = at(minDay(t.PlanSubmittedAt.AddDate(0, 0, 1+i%4), today), i+1)
	}
	if si >= stepIndex(traject.StepBesluit) {
		t.AanvraagAt = at(minDay(last.AddDate(0, 0, i%2), today), i+2)
		last = t.AanvraagAt
	}
	if si > stepIndex(traject.StepBesluit) {
		t.BesluitAt = at(minDay(t.AanvraagAt.AddDate(0, 0, 2+i%10), today), i+3)
		t.Besluit = "toegekend"
		if step == traject.StepAfgewezen {
			t.Besluit = "afgewezen"
		}
		last = t.BesluitAt
	}
	t.CreatedAt, t.UpdatedAt = at(em, i), last
	if t.UpdatedAt.Before(t.CreatedAt) {
		t.UpdatedAt = t.CreatedAt
	}
	r.t = t
	// Exactly what traject's refreshNext stores.
	if a, ok := t.Next(); ok {
		r.ownerOrg, r.dueOn = a.OwnerOrgID, a.Due.Format("2006-01-02")
	}
	return r
}

func minDay(t, today time.Time) time.Time {
	if t.After(today) {
		return today
	}
	return t
}

func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func nullInt(v int) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullID(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// Synthetic adds n synthetic trajectories to a database that holds the
// demo region (Seed), in transactions of opts.Batch trajectories, and
// returns how many it added. It may run again on the same database: the
// BSNs continue after the highest synthetic one.
func Synthetic(ctx context.Context, db *database.DB, n int, now time.Time, opts SyntheticOptions) (int, error) {
	if n <= 0 {
		return 0, nil
	}
	batch := opts.Batch
	if batch <= 0 {
		batch = SyntheticBatch
	}
	o, err := loadSynthOrgs(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("synthetic: %w", err)
	}
	// Continue after the highest BSN in the synthetic range.
	var maxBSN sql.NullString
	if err := db.QueryRow(ctx, "SELECT MAX(bsn) FROM clients WHERE bsn >= ? AND bsn < ?",
		strconv.Itoa(syntheticBSNBase*10), strconv.Itoa((syntheticBSNBase+10000000)*10)).Scan(&maxBSN); err != nil {
		return 0, fmt.Errorf("synthetic: highest BSN: %w", err)
	}
	prefix, start := syntheticBSNBase, 0
	if maxBSN.Valid {
		p, _ := strconv.Atoi(maxBSN.String[:8])
		prefix = p + 1
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM clients WHERE bsn >= ? AND bsn < ?",
			strconv.Itoa(syntheticBSNBase*10), strconv.Itoa((syntheticBSNBase+10000000)*10)).Scan(&start); err != nil {
			return 0, err
		}
	}
	now = now.UTC()
	began := time.Now()
	done := 0
	for done < n {
		k := min(batch, n-done)
		rows := make([]synthRow, 0, k)
		for len(rows) < k {
			if prefix >= syntheticBSNBase+10000000 {
				return done, errors.New("synthetic: the synthetic BSN range is full")
			}
			b, ok := BSN(prefix)
			prefix++
			if !ok {
				continue
			}
			rows = append(rows, gen(start+done+len(rows), b, o, now))
		}
		if err := insertBatch(ctx, db, rows, o, now); err != nil {
			return done, fmt.Errorf("synthetic: batch at %d: %w", done, err)
		}
		done += k
		if opts.Progress != nil {
			el := time.Since(began)
			fmt.Fprintf(opts.Progress, "synthetisch: %d/%d trajecten (%.0f per seconde)\n", done, n, float64(done)/el.Seconds())
		}
	}
	return done, nil
}

// multiInsert runs INSERT statements of up to per rows each, with one
// prepared statement for the full-size chunks.
type multiInsert struct {
	ctx     context.Context
	tx      *sql.Tx
	dialect database.Dialect
	head    string // "INSERT INTO t (a, b) VALUES "
	cols    int
	tail    string // " RETURNING …" or ""
	per     int
	full    *sql.Stmt
}

func (m *multiInsert) query(rows int) string {
	var b strings.Builder
	b.WriteString(m.head)
	ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", m.cols), ", ") + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(ph)
	}
	b.WriteString(m.tail)
	q := b.String()
	if m.dialect == database.Postgres {
		n := 0
		var out strings.Builder
		for _, c := range q {
			if c == '?' {
				n++
				out.WriteString("$" + strconv.Itoa(n))
				continue
			}
			out.WriteRune(c)
		}
		q = out.String()
	}
	return q
}

// run inserts args (cols values per row) and calls scan for each returned
// row when tail has RETURNING.
func (m *multiInsert) run(args []any, scan func(*sql.Rows) error) error {
	rowsTotal := len(args) / m.cols
	for off := 0; off < rowsTotal; off += m.per {
		k := min(m.per, rowsTotal-off)
		chunk := args[off*m.cols : (off+k)*m.cols]
		var stmt *sql.Stmt
		if k == m.per {
			if m.full == nil {
				s, err := m.tx.PrepareContext(m.ctx, m.query(m.per))
				if err != nil {
					return err
				}
				m.full = s
			}
			stmt = m.full
		} else {
			s, err := m.tx.PrepareContext(m.ctx, m.query(k))
			if err != nil {
				return err
			}
			defer s.Close()
			stmt = s
		}
		if scan == nil {
			if _, err := stmt.ExecContext(m.ctx, chunk...); err != nil {
				return err
			}
			continue
		}
		rs, err := stmt.QueryContext(m.ctx, chunk...)
		if err != nil {
			return err
		}
		for rs.Next() {
			if err := scan(rs); err != nil {
				rs.Close()
				return err
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (m *multiInsert) close() {
	if m.full != nil {
		m.full.Close()
	}
}

// insertBatch writes rows, their clients, relations, links, signatures and
// consents in one transaction.
func insertBatch(ctx context.Context, db *database.DB, rows []synthRow, o synthOrgs, now time.Time) (err error) {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	ins := func(head string, cols int, tail string) *multiInsert {
		// Stay well below the engines' limit on bound parameters (SQLite
		// 32766, PostgreSQL 65535).
		return &multiInsert{ctx: ctx, tx: tx, dialect: db.Dialect, head: head, cols: cols, tail: tail, per: 8000 / cols}
	}

	// Clients, mapped back by BSN.
	ci := ins("INSERT INTO clients (bsn, given_name, family_name, birth_date, street, house_number, postcode, city, municipality_id, created_at, updated_at) VALUES ", 11, " RETURNING id, bsn")
	defer ci.close()
	args := make([]any, 0, len(rows)*11)
	for _, r := range rows {
		args = append(args, r.bsn, r.given, r.family, r.birth, r.street, r.house, r.postcode, r.city, o.gemeente[r.mun], r.t.CreatedAt, r.t.CreatedAt)
	}
	clientID := make(map[string]int64, len(rows))
	if err := ci.run(args, func(rs *sql.Rows) error {
		var id int64
		var bsn string
		if err := rs.Scan(&id, &bsn); err != nil {
			return err
		}
		clientID[bsn] = id
		return nil
	}); err != nil {
		return fmt.Errorf("clients: %w", err)
	}
	for i := range rows {
		id, ok := clientID[rows[i].bsn]
		if !ok {
			return fmt.Errorf("client %s: no id returned", rows[i].bsn)
		}
		rows[i].t.ClientID = id
	}

	// Trajectories, mapped back by client (one trajectory per client).
	ti := ins(`INSERT INTO trajectories (client_id, route, municipality_id, referrer_org_id, eerste_melding, step, ipva_version, ipva_done_on, ipva_late_reason,
		arrangement, intensiteit, provider_id, provider_status, ipva_shared_on, plan_submitted_at, akkoord, aanvraag_at, besluit, besluit_at,
		created_at, updated_at, owner_org_id, due_on) VALUES `, 23, " RETURNING id, client_id")
	defer ti.close()
	args = args[:0]
	for _, r := range rows {
		t := r.t
		version := 0
		if t.Step != traject.StepIPVA {
			version = 1
		}
		args = append(args, t.ClientID, string(t.Route), t.MunicipalityID, t.ReferrerOrgID, t.EersteMelding.Format("2006-01-02"), string(t.Step), version,
			nullDate(t.IPVADoneOn), t.IPVALateReason, nullInt(t.Arrangement), nullInt(t.Intensiteit), nullID(t.ProviderID), t.ProviderStatus,
			nullDate(t.IPVASharedOn), nullTime(t.PlanSubmittedAt), t.Akkoord, nullTime(t.AanvraagAt), t.Besluit, nullTime(t.BesluitAt),
			t.CreatedAt, t.UpdatedAt, r.ownerOrg, r.dueOn)
	}
	trajID := make(map[int64]int64, len(rows))
	if err := ti.run(args, func(rs *sql.Rows) error {
		var id, cid int64
		if err := rs.Scan(&id, &cid); err != nil {
			return err
		}
		trajID[cid] = id
		return nil
	}); err != nil {
		return fmt.Errorf("trajectories: %w", err)
	}

	// Parents, need-to-know links, signatures and consents.
	rel := ins("INSERT INTO client_relations (client_id, name, relation, gezag, phone, email) VALUES ", 6, "")
	defer rel.close()
	lnk := ins("INSERT INTO client_links (client_id, organisation_id, reason, since) VALUES ", 4, "")
	defer lnk.close()
	sig := ins("INSERT INTO signatures (trajectory_id, signer, name, signed_on, recorded_by) VALUES ", 5, "")
	defer sig.close()
	con := ins("INSERT INTO consents (trajectory_id, provider_id, form, given_by, given_on, recorded_by) VALUES ", 6, "")
	defer con.close()
	var relA, lnkA, sigA, conA []any
	for _, r := range rows {
		t := r.t
		tid := trajID[t.ClientID]
		parent := parentName(r)
		relA = append(relA, t.ClientID, parent, "ouder", true, "", "")
		lnkA = append(lnkA, t.ClientID, t.ReferrerOrgID, "geregistreerd door "+toegang(Municipalities[r.mun].Name), t.CreatedAt)
		si := stepIndex(t.Step)
		if t.Step == traject.StepAfgewezen {
			si = len(routeOrder)
		}
		if si >= stepIndex(traject.StepArrangement) {
			signed := t.IPVADoneOn.Format("2006-01-02")
			sigA = append(sigA, tid, traject.SignerAuteur, "Toegangsmedewerker", signed, o.recorder)
			if r.age >= 12 {
				sigA = append(sigA, tid, traject.SignerJeugdige, r.given+" "+r.family, signed, o.recorder)
			}
			if r.age < 16 {
				sigA = append(sigA, tid, traject.SignerGezaghebbende, parent, signed, o.recorder)
			}
		}
		if t.ProviderID != 0 {
			conA = append(conA, tid, t.ProviderID, "schriftelijk", parent, t.IPVADoneOn.Format("2006-01-02"), o.recorder)
			lnkA = append(lnkA, t.ClientID, t.ProviderID, "IPVA gedeeld met toestemming", t.IPVASharedOn)
		}
		if !t.AanvraagAt.IsZero() {
			lnkA = append(lnkA, t.ClientID, t.MunicipalityID, "aanvraag jeugdhulp", t.AanvraagAt)
		}
	}
	for _, s := range []struct {
		m    *multiInsert
		a    []any
		what string
	}{{rel, relA, "relations"}, {lnk, lnkA, "links"}, {sig, sigA, "signatures"}, {con, conA, "consents"}} {
		if err := s.m.run(s.a, nil); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func parentName(r synthRow) string {
	i := len(r.bsn) + int(r.bsn[3]-'0') + int(r.bsn[7]-'0')
	return synthGiven[(i*7)%len(synthGiven)] + " " + r.family
}
