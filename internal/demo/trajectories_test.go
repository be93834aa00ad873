package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func init() { account.DefaultParams = account.Argon2Params{Memory: 1024, Time: 1, Threads: 1} }

func seeded(t *testing.T) (*database.DB, time.Time) {
	t.Helper()
	db := dbtest.New(t)
	now := time.Now().UTC()
	ok, err := demo.Seed(context.Background(), db, now)
	if err != nil || !ok {
		t.Fatalf("seed: %v %v", ok, err)
	}
	return db, now
}

func principal(t *testing.T, db *database.DB, email string) access.Principal {
	t.Helper()
	u, err := account.NewService(db).ByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.Principal("test", "127.0.0.1")
}

func orgID(t *testing.T, db *database.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE name = ?", name).Scan(&id); err != nil {
		t.Fatalf("organisation %s: %v", name, err)
	}
	return id
}

func TestSeedHasTrajectoryAtEachStep(t *testing.T) {
	db, now := seeded(t)
	ctx := context.Background()
	hoeve, tilburg := orgID(t, db, "De Hoeve Jeugdhulp"), orgID(t, db, "Gemeente Tilburg")
	type row struct {
		id, client, provider, municipality, owner int64
		bsn                                       string
		melding                                   time.Time
	}
	byStep := map[traject.Step]row{}
	rows, err := db.Query(ctx, `SELECT t.step, t.id, t.client_id, COALESCE(t.provider_id, 0), t.municipality_id,
		COALESCE((SELECT MIN(o.owner_org_id) FROM obligations o WHERE o.trajectory_id = t.id AND o.done_at IS NULL), 0), c.bsn, t.eerste_melding
		FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE t.route = 'toegang' AND c.city = 'Tilburg' AND c.bsn LIKE '451%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		var r row
		if err := rows.Scan(&s, &r.id, &r.client, &r.provider, &r.municipality, &r.owner, &r.bsn, &r.melding); err != nil {
			t.Fatal(err)
		}
		if !client.ValidBSN(r.bsn) {
			t.Errorf("BSN %s fails the 11-proof", r.bsn)
		}
		byStep[traject.Step(s)] = r
	}
	rows.Close()
	for _, s := range []traject.Step{traject.StepIPVA, traject.StepArrangement, traject.StepAanbieder, traject.StepAcceptatie,
		traject.StepBeknoptPlan, traject.StepAkkoord, traject.StepBesluit, traject.StepToegewezen} {
		if _, ok := byStep[s]; !ok {
			t.Errorf("no demo trajectory at step %s", s)
		}
	}
	if r := byStep[traject.StepBeknoptPlan]; r.provider != hoeve || r.owner != hoeve {
		t.Errorf("beknopt plan: provider %d owner %d, want De Hoeve %d", r.provider, r.owner, hoeve)
	}
	if r := byStep[traject.StepAcceptatie]; r.owner != hoeve {
		t.Errorf("acceptatie: owner %d, want De Hoeve %d", r.owner, hoeve)
	}
	if r := byStep[traject.StepBesluit]; r.municipality != tilburg || r.owner != tilburg {
		t.Errorf("besluit: municipality %d owner %d, want Gemeente Tilburg %d", r.municipality, r.owner, tilburg)
	}
	if d := now.Sub(byStep[traject.StepIPVA].melding); d < 34*24*time.Hour {
		t.Errorf("the IPVA trajectory's eerste melding is %s ago, want 35 days", d)
	}
	var jw301 int
	db.QueryRow(ctx, `SELECT COUNT(*) FROM ijw_messages m JOIN toewijzingen tw ON tw.id = m.toewijzing_id WHERE tw.trajectory_id = ? AND m.type = 'JW301'`,
		byStep[traject.StepToegewezen].id).Scan(&jw301)
	if jw301 != 1 {
		t.Errorf("toegewezen trajectory has %d JW301 messages, want 1", jw301)
	}
	// The transitions were real: each left its trail in the access log.
	for s, r := range byStep {
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM access_log WHERE client_id = ? AND action = 'wijzigen' AND outcome = 'toegestaan'", r.client).Scan(&n)
		if n == 0 {
			t.Errorf("step %s: no logged changes for its youth", s)
		}
	}
	// The BSNs the brief keeps for other tests stay free.
	for _, b := range []string{"725763863", "162275869", "192285142", "691682483", "987825707", "688136138"} {
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM clients WHERE bsn = ?", b).Scan(&n)
		if n != 1 {
			t.Errorf("seed youth %s: %d rows", b, n)
		}
	}
	for _, b := range []string{"321146487", "864623112", "111222333"} {
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM clients WHERE bsn = ?", b).Scan(&n)
		if n != 0 {
			t.Errorf("BSN %s is used by the seed; tests register it", b)
		}
	}

	// Mijn werk of the demo toegangsmedewerker: the overdue IPVA first.
	gate := access.NewGate(db)
	svc := traject.New(gate, client.NewStore(gate), &toewijzing.Allocator{})
	work, err := svc.MyWork(ctx, principal(t, db, "toegang@demo.jeugdhulp.nl"), 100)
	if err != nil || len(work) == 0 {
		t.Fatalf("toegang's Mijn werk: %d items, %v", len(work), err)
	}
	if w := work[0]; w.TrajectoryID != byStep[traject.StepIPVA].id || !w.Overdue || w.Action.Step != traject.StepIPVA {
		t.Fatalf("first item: %+v", w)
	}
	for _, w := range work[1:] {
		if w.Overdue {
			t.Errorf("only the IPVA is overdue, also: %+v", w)
		}
	}
	// The provider and the back office have work too: the provider the
	// acceptatie and the beknopt plan on the Toegang route, the plan of a
	// GP's referral on the medical route, the Toegang's question, and the
	// start of care on the allocated case.
	work, err = svc.MyWork(ctx, principal(t, db, "aanbieder@demo.jeugdhulp.nl"), 100)
	questions := 0
	for _, w := range work {
		if w.Action.Question {
			questions++
		}
	}
	if err != nil || len(work) != 5 || questions != 1 {
		t.Errorf("provider's Mijn werk: %d items (%d questions), %v; want acceptatie, beknopt plan, a medical-route IPVA, a question and a start of care", len(work), questions, err)
	}
	if work, err := svc.MyWork(ctx, principal(t, db, "backoffice@demo.jeugdhulp.nl"), 100); err != nil || len(work) != 1 || work[0].Action.Step != traject.StepBesluit {
		t.Errorf("back office's Mijn werk: %+v, %v", work, err)
	}
}

// A second Seed on the same database changes nothing.
func TestSeedTwice(t *testing.T) {
	db, now := seeded(t)
	var before int
	db.QueryRow(context.Background(), "SELECT COUNT(*) FROM trajectories").Scan(&before)
	if ok, err := demo.Seed(context.Background(), db, now); ok || err != nil {
		t.Fatalf("second seed: %v %v", ok, err)
	}
	var after int
	db.QueryRow(context.Background(), "SELECT COUNT(*) FROM trajectories").Scan(&after)
	if before != after || before == 0 {
		t.Fatalf("trajectories %d then %d", before, after)
	}
}
