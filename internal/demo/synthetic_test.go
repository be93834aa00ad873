package demo_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func TestBSN(t *testing.T) {
	valid := 0
	for p := 20000000; p < 20002000; p++ {
		b, ok := demo.BSN(p)
		if !ok {
			// No check digit exists: none of the ten passes the proof.
			for d := 0; d <= 9; d++ {
				if client.ValidBSN(fmt.Sprintf("%08d%d", p, d)) {
					t.Fatalf("prefix %d refused, but %08d%d is valid", p, p, d)
				}
			}
			continue
		}
		valid++
		if !client.ValidBSN(b) || !strings.HasPrefix(b, fmt.Sprintf("%08d", p)) {
			t.Fatalf("BSN(%d) = %s", p, b)
		}
	}
	if valid < 1700 {
		t.Fatalf("only %d of 2000 prefixes give a BSN", valid)
	}
}

func TestSynthetic(t *testing.T) {
	db, now := seeded(t)
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	trajBefore, logBefore := count("SELECT COUNT(*) FROM trajectories"), count("SELECT COUNT(*) FROM access_log")

	var progress bytes.Buffer
	const n1, n2 = 1234, 321
	got, err := demo.Synthetic(ctx, db, n1, now, demo.SyntheticOptions{Batch: 500, Progress: &progress})
	if err != nil || got != n1 {
		t.Fatalf("synthetic: %d %v", got, err)
	}
	if lines := strings.Count(progress.String(), "\n"); lines != 3 {
		t.Errorf("progress: %d lines, want one per batch of 500:\n%s", lines, progress.String())
	}
	// A second run on the same database continues after the first.
	if got, err := demo.Synthetic(ctx, db, n2, now, demo.SyntheticOptions{}); err != nil || got != n2 {
		t.Fatalf("second synthetic run: %d %v", got, err)
	}
	if d := count("SELECT COUNT(*) FROM trajectories") - trajBefore; d != n1+n2 {
		t.Fatalf("%d trajectories added, want %d", d, n1+n2)
	}
	if d := count("SELECT COUNT(*) FROM access_log") - logBefore; d != 0 {
		t.Fatalf("generated rows wrote %d access-log entries", d)
	}

	// Every BSN valid and unique; every step and municipality used.
	rows, err := db.Query(ctx, "SELECT bsn FROM clients")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var b string
		rows.Scan(&b)
		if !client.ValidBSN(b) {
			t.Errorf("BSN %s fails the 11-proof", b)
		}
		if seen[b] {
			t.Errorf("BSN %s twice", b)
		}
		seen[b] = true
	}
	rows.Close()
	if steps := count("SELECT COUNT(DISTINCT step) FROM trajectories"); steps != 10 {
		t.Errorf("%d distinct steps, want all 10", steps)
	}
	if m := count("SELECT COUNT(DISTINCT municipality_id) FROM trajectories"); m != 9 {
		t.Errorf("%d municipalities, want 9", m)
	}

	// Owner and due date of every row are what Trajectory.Next says, and
	// need-to-know holds: the referrer, the provider (once shared) and the
	// municipality (once requested) are linked.
	rows, err = db.Query(ctx, `SELECT id, client_id, route, municipality_id, referrer_org_id, eerste_melding, step, ipva_version,
		ipva_done_on, ipva_late_reason, COALESCE(arrangement, 0), COALESCE(intensiteit, 0), COALESCE(provider_id, 0), provider_status, provider_reason,
		ipva_shared_on, plan_submitted_at, akkoord, akkoord_note, geldkwestie, aanvraag_at, besluit, besluit_at, created_at, updated_at,
		COALESCE(owner_org_id, 0), due_on FROM trajectories`)
	if err != nil {
		t.Fatal(err)
	}
	type check struct {
		tr    traject.Trajectory
		owner int64
		due   sql.NullTime
	}
	var all []check
	for rows.Next() {
		var c check
		var route, step string
		var done, shared, planAt, aanvraagAt, besluitAt sql.NullTime
		tr := &c.tr
		if err := rows.Scan(&tr.ID, &tr.ClientID, &route, &tr.MunicipalityID, &tr.ReferrerOrgID, &tr.EersteMelding, &step, &tr.IPVAVersion,
			&done, &tr.IPVALateReason, &tr.Arrangement, &tr.Intensiteit, &tr.ProviderID, &tr.ProviderStatus, &tr.ProviderReason,
			&shared, &planAt, &tr.Akkoord, &tr.AkkoordNote, &tr.Geldkwestie, &aanvraagAt, &tr.Besluit, &besluitAt, &tr.CreatedAt, &tr.UpdatedAt,
			&c.owner, &c.due); err != nil {
			t.Fatal(err)
		}
		tr.Route, tr.Step = traject.Route(route), traject.Step(step)
		tr.IPVADoneOn, tr.IPVASharedOn, tr.PlanSubmittedAt, tr.AanvraagAt, tr.BesluitAt = done.Time, shared.Time, planAt.Time, aanvraagAt.Time, besluitAt.Time
		all = append(all, c)
	}
	rows.Close()
	if len(all) != trajBefore+n1+n2 {
		t.Fatalf("read %d trajectories", len(all))
	}
	linked := func(clientID, org int64) bool {
		return count("SELECT COUNT(*) FROM client_links WHERE client_id = ? AND organisation_id = ?", clientID, org) == 1
	}
	for _, c := range all {
		a, ok := c.tr.Next()
		switch {
		case !ok && (c.owner != 0 || c.due.Valid):
			t.Fatalf("trajectory %d at %s has no next action but owner %d due %v", c.tr.ID, c.tr.Step, c.owner, c.due)
		case ok && (c.owner != a.OwnerOrgID || !c.due.Valid || !c.due.Time.Equal(a.Due)):
			t.Fatalf("trajectory %d at %s: stored owner %d due %v, Next says %d %s", c.tr.ID, c.tr.Step, c.owner, c.due.Time, a.OwnerOrgID, a.Due)
		}
		if !linked(c.tr.ClientID, c.tr.ReferrerOrgID) {
			t.Fatalf("trajectory %d: referrer not linked", c.tr.ID)
		}
		if c.tr.ProviderID != 0 && !linked(c.tr.ClientID, c.tr.ProviderID) {
			t.Fatalf("trajectory %d: provider not linked", c.tr.ID)
		}
		if !c.tr.AanvraagAt.IsZero() && !linked(c.tr.ClientID, c.tr.MunicipalityID) {
			t.Fatalf("trajectory %d: municipality not linked after the request", c.tr.ID)
		}
		if c.tr.Step == traject.StepBesluit && c.tr.AanvraagAt.IsZero() {
			t.Fatalf("trajectory %d at besluit without aanvraag", c.tr.ID)
		}
		if c.tr.ProviderID != 0 && count("SELECT COUNT(*) FROM consents WHERE trajectory_id = ? AND provider_id = ?", c.tr.ID, c.tr.ProviderID) != 1 {
			t.Fatalf("trajectory %d: shared with a provider without consent", c.tr.ID)
		}
	}

	// The synthetic work shows on the start pages, logged per youth shown.
	gate := access.NewGate(db)
	svc := traject.New(gate, client.NewStore(gate), &toewijzing.Allocator{})
	logBefore, err = access.CountEntries(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	toegang := principal(t, db, "toegang@demo.jeugdhulp.nl")
	want := min(50, count("SELECT COUNT(*) FROM trajectories WHERE owner_org_id = ?", toegang.OrgID))
	work, err := svc.MyWork(ctx, toegang, 50)
	if err != nil || len(work) != want || want < 50 {
		t.Fatalf("Mijn werk with synthetic rows: %d items, want %d, %v", len(work), want, err)
	}
	if n, err := access.CountEntries(ctx, db); err != nil || n-logBefore != len(work) {
		t.Fatalf("%d log entries for %d youths shown (%v)", n-logBefore, len(work), err)
	}
	for i := 1; i < len(work); i++ {
		if work[i].Overdue && !work[i-1].Overdue {
			t.Fatalf("an overdue action after one that is not: %d", i)
		}
	}
	if !work[0].Overdue {
		t.Fatal("no overdue action among the synthetic ones")
	}
}

func TestSyntheticNeedsSeed(t *testing.T) {
	db, now := seeded(t)
	ctx := context.Background()
	if _, err := db.W.ExecContext(ctx, "UPDATE users SET email = 'weg@demo.jeugdhulp.nl' WHERE email = 'toegang@demo.jeugdhulp.nl'"); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Synthetic(ctx, db, 10, now, demo.SyntheticOptions{}); err == nil || !strings.Contains(err.Error(), "seed") {
		t.Fatalf("synthetic without the demo accounts: %v", err)
	}
}
