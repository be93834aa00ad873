package server_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestYearOfARegion runs twelve months of the demo region's care through
// the loopback exchange: allocations on the three routes (JW301/JW302),
// starts and stops (JW305-JW308) including a temporary stop, a resumption
// under the garantie, a segment-3 product whose toewijzing is extended by
// a verzoek om wijziging (JW317/JW318 and a new JW301) and whose count of
// one month is corrected after approval (a credit and a new debit), and
// twelve monthly JW323s each answered by a JW325. Per toewijzing the
// municipality approves exactly 100 % of the arrangement's tariff and, for
// the product, exactly the units delivered times the tariff; every message
// passes xmllint against the official XSD. It runs on SQLite and, in the
// PostgreSQL suite, on PostgreSQL.
func TestYearOfARegion(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	month := func(back int) time.Time {
		y, m, _ := now.In(kalender.Amsterdam()).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, 0)
	}
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	hoeveID := walk.Orgs["De Hoeve Jeugdhulp"]
	hoeve := walk.As(hoeveID, access.Jeugdhulpaanbieder)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}

	// The contract's tariffs hold from before the year (the demo's start
	// on 1 January of this year): the same amounts a year earlier.
	if err := h.db.Do(ctx, func(tx *database.Tx) error {
		ts, err := declaratie.Tarieven(ctx, tx)
		if err != nil {
			return err
		}
		for _, tf := range ts {
			if tf.AanbiederID != hoeveID {
				continue
			}
			tf.ID, tf.Ingangsdatum = 0, month(13)
			if _, err := declaratie.ZetTarief(ctx, tx, tf, now); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	type plan struct {
		route       traject.Route
		bsn         string
		in          *traject.ArrangementInput
		from, until time.Time // the toewijzing
		start, stop time.Time // care; stop zero: care runs
		tijdelijk   bool      // a temporary stop and a second start in between
		garantie    bool
	}
	product := arrangement.DefaultCatalogus()[3] // 45A01, per hour
	plans := []plan{
		{route: traject.RouteToegang, bsn: "321146487", from: month(12), until: month(12).AddDate(1, 0, 0), start: month(12).AddDate(0, 0, 2), stop: month(9).AddDate(0, 0, 10), garantie: true},
		{route: traject.RouteGI, bsn: "864623112", from: month(10), until: month(10).AddDate(1, 0, 0), start: month(10).AddDate(0, 0, 4), stop: month(4).AddDate(0, 0, 20)},
		{route: traject.RouteMedisch, bsn: "111222333", from: month(8), until: month(8).AddDate(1, 0, 0), start: month(8).AddDate(0, 0, 1), stop: month(2).AddDate(0, 0, 14), tijdelijk: true},
		// Segment 3: a product per hour, allocated until later this month.
		{route: traject.RouteToegang, bsn: "123456782", in: &traject.ArrangementInput{Arrangement: 2, Intensiteit: arrangement.Zwaar,
			Step5a: &arrangement.Step5a{HoogIntensiefAmbulant: true}, Products: []arrangement.Product{product}},
			from: month(12), until: month(-1).AddDate(0, 0, -1), start: month(12).AddDate(0, 0, 5)},
	}
	tw := make([]int64, len(plans))
	nummer := make([]int64, len(plans))
	traj := make([]int64, len(plans))
	for i, pl := range plans {
		walk.Arrangement = pl.in
		walk.DecideOn = &traject.Decision{Toegekend: true, Ingangsdatum: pl.from, Einddatum: pl.until, Motivering: "Past bij de resultaten in het plan."}
		if pl.in != nil {
			// At most 25 hours a month; no month of the year has more.
			walk.DecideOn.Omvang = []toewijzing.ProductOmvang{{Code: product.Code, Volume: 25, Frequentie: toewijzing.FrequentiePerMaand}}
		}
		st, err := walk.Start(ctx, pl.route, demo.Youth{BSN: pl.bsn, Given: "Sem", Family: fmt.Sprintf("Jansen-%d", i), Age: 11,
			Street: "Markt", House: "3", Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Iris Jansen", MeldingDaysAgo: 2})
		if err != nil {
			t.Fatalf("plan %d: %v", i, err)
		}
		if err := walk.To(ctx, st.TrajectoryID, traject.StepToegewezen); err != nil {
			t.Fatalf("plan %d (%s): %v", i, pl.route, err)
		}
		traj[i] = st.TrajectoryID
		h.flush(t, "JW301")
		if err := h.db.QueryRow(ctx, "SELECT id, nummer FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&tw[i], &nummer[i]); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Start(ctx, hoeve, tw[i], pl.start); err != nil {
			t.Fatalf("plan %d: start: %v", i, err)
		}
		h.flush(t, "JW305")
		if pl.tijdelijk {
			pause := pl.start.AddDate(0, 1, 0)
			if _, err := svc.Stop(ctx, hoeve, tw[i], levering.StopInput{Einddatum: pause, Reden: "20"}); err != nil {
				t.Fatalf("plan %d: temporary stop: %v", i, err)
			}
			h.flush(t, "JW307 tijdelijk")
			if _, err := svc.Start(ctx, hoeve, tw[i], pause.AddDate(0, 0, 15)); err != nil {
				t.Fatalf("plan %d: second start: %v", i, err)
			}
			h.flush(t, "JW305 again")
		}
		if !pl.stop.IsZero() {
			if _, err := svc.Stop(ctx, hoeve, tw[i], levering.StopInput{Einddatum: pl.stop, Reden: "31"}); err != nil {
				t.Fatalf("plan %d: stop: %v", i, err)
			}
			h.flush(t, "JW307")
		}
		if pl.garantie {
			if _, err := svc.HervatOnderGarantie(ctx, hoeve, tw[i], levering.GarantieInput{Begindatum: pl.stop.AddDate(0, 1, 0), GemeldDoor: "gezin",
				Toelichting: "Dezelfde klachten als eerder."}); err != nil {
				t.Fatalf("plan %d: garantie: %v", i, err)
			}
		}
	}
	walk.Arrangement = nil

	// The product's toewijzing is about to run out; the provider asks to
	// extend it and the municipality grants it.
	p := len(plans) - 1
	if _, err := svc.VraagWijziging(ctx, hoeve, tw[p], toewijzing.WijzigingInput{Einddatum: month(-3), Reden: "2"}); err != nil {
		t.Fatalf("verzoek om wijziging: %v", err)
	}
	h.flush(t, "JW317")
	if b, err := berichten.Latest(ctx, h.db, traj[p], "JW317"); err != nil || b.State != berichten.Verwerkt {
		t.Fatalf("the JW317: %v %s", err, b)
	}
	if err := h.app.Traject.DecideWijziging(ctx, walk.As(walk.Orgs["Gemeente Tilburg"], access.Backoffice), traj[p], toewijzing.WijzigingBesluit{Toegekend: true,
		Motivering: "De hulp is nog nodig."}); err != nil {
		t.Fatalf("decision on the verzoek om wijziging: %v", err)
	}
	h.flush(t, "JW301 on the VOW")

	var agb, cbs string
	h.db.QueryRow(ctx, "SELECT agb_code FROM organisations WHERE id = ?", hoeveID).Scan(&agb)
	h.db.QueryRow(ctx, "SELECT cbs_code FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&cbs)

	// Twelve months: each month the provider records the hours of the
	// product and declares; the municipality answers. After month 9 the
	// count of month 10 turns out to have been 18, not 20.
	units := map[time.Time]int64{}
	declared := 0
	for back := 12; back >= 1; back-- {
		m := month(back)
		units[m] = int64(10 + back)
		if err := h.db.Do(ctx, func(tx *database.Tx) error {
			if back == 8 {
				units[month(10)] = 18
				if err := declaratie.LegEenhedenVast(ctx, tx, hoeveID, nummer[p], month(10), 18, now); err != nil {
					return err
				}
			}
			return declaratie.LegEenhedenVast(ctx, tx, hoeveID, nummer[p], m, units[m], now)
		}); err != nil {
			t.Fatal(err)
		}
		c, err := declaratie.Default.Build(ctx, h.db, agb, cbs, m)
		if errors.Is(err, declaratie.ErrNiets) {
			t.Fatalf("nothing to declare for %s", m.Format("01-2006"))
		}
		if err != nil {
			t.Fatalf("declaratie for %s: %v", m.Format("01-2006"), err)
		}
		if len(c.Overgeslagen) > 0 {
			t.Logf("%s: %v", m.Format("01-2006"), c.Overgeslagen)
		}
		if err := h.db.Do(ctx, func(tx *database.Tx) error {
			_, _, err := declaratie.Default.Indienen(ctx, tx, c, berichten.Bericht{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		h.flush(t, "JW323 "+m.Format("01-2006"))
		declared++
	}

	// Every JW323 was answered by a JW325 and nothing was rejected.
	var n323, n325, rejected int
	h.db.QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE type = 'JW323' AND sender = ? AND state = 'verwerkt'", agb).Scan(&n323)
	h.db.QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE type = 'JW325' AND receiver = ? AND state = 'verwerkt'", agb).Scan(&n325)
	h.db.QueryRow(ctx, "SELECT COUNT(*) FROM declaratieregels WHERE kant = 'gemeente' AND status = 'afgewezen'").Scan(&rejected)
	if n323 != 12 || n325 != 12 || rejected != 0 {
		t.Errorf("%d JW323s and %d JW325s processed, %d lines rejected; want 12, 12 and 0", n323, n325, rejected)
	}

	// Approved per toewijzing: each arrangement exactly its tariff, in two
	// halves; the product exactly the hours times the tariff.
	tariff := func(cat, code string) int64 {
		var b int64
		if err := h.db.QueryRow(ctx, `SELECT bedrag FROM tarieven WHERE provider_id = ? AND categorie = ? AND code = ? ORDER BY ingangsdatum DESC LIMIT 1`, hoeveID, cat, code).Scan(&b); err != nil {
			t.Fatalf("tariff %s/%s: %v", cat, code, err)
		}
		return b
	}
	// What the municipality paid on toewijzing n: every approved debit,
	// also one a later credit cancelled ("gecrediteerd"), less the
	// approved credits.
	approved := func(n int64) (net int64, debits int) {
		h.db.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN debet_credit = 'C' THEN -bedrag ELSE bedrag END), 0), COALESCE(SUM(CASE WHEN debet_credit = 'D' THEN 1 ELSE 0 END), 0)
			FROM declaratieregels WHERE kant = 'gemeente' AND status IN ('goedgekeurd', 'gecrediteerd') AND toewijzing_nummer = ?`, n).Scan(&net, &debits)
		return net, debits
	}
	for i := range plans[:p] {
		var cat, code string
		h.db.QueryRow(ctx, "SELECT product_category, product_code FROM toewijzingen WHERE id = ?", tw[i]).Scan(&cat, &code)
		if got, halves := approved(nummer[i]); got != tariff(cat, code) || halves != 2 {
			t.Errorf("plan %d (%s): approved %d cents in %d debits; want the tariff %d in two halves", i, plans[i].route, got, halves, tariff(cat, code))
		}
	}
	var hours int64
	for _, u := range units {
		hours += u
	}
	if got, _ := approved(nummer[p]); got != hours*tariff(product.Categorie, product.Code) {
		t.Errorf("product: approved %d cents; want %d hours × %d", got, hours, tariff(product.Categorie, product.Code))
	}
	if t.Failed() {
		rows, _ := h.db.Query(ctx, "SELECT kant, begindatum, volume, debet_credit, status, bedrag FROM declaratieregels WHERE toewijzing_nummer = ? ORDER BY id", nummer[p])
		for rows.Next() {
			var kant, dc, st string
			var b time.Time
			var v, bedrag int64
			rows.Scan(&kant, &b, &v, &dc, &st, &bedrag)
			t.Logf("%s %s %d %s %s %d", kant, b.Format("2006-01-02"), v, dc, st, bedrag)
		}
		rows.Close()
	}
	var credits int
	h.db.QueryRow(ctx, "SELECT COUNT(*) FROM declaratieregels WHERE kant = 'gemeente' AND status = 'goedgekeurd' AND debet_credit = 'C'").Scan(&credits)
	if credits != 1 {
		t.Errorf("%d credits approved; want 1 (the corrected month)", credits)
	}

	// Every message exchanged passes xmllint.
	rows, err := h.db.Query(ctx, "SELECT type, xml FROM ijw_messages WHERE sender = ? OR receiver = ?", agb, agb)
	if err != nil {
		t.Fatal(err)
	}
	type msg struct{ typ, xml string }
	var all []msg
	for rows.Next() {
		var m msg
		if err := rows.Scan(&m.typ, &m.xml); err != nil {
			t.Fatal(err)
		}
		all = append(all, m)
	}
	rows.Close()
	seen := map[string]int{}
	for _, m := range all {
		seen[m.typ]++
		xmllintCheck(t, m.typ, m.xml)
	}
	for _, typ := range []string{"JW301", "JW302", "JW305", "JW306", "JW307", "JW308", "JW315", "JW316", "JW317", "JW318", "JW323", "JW325"} {
		if seen[typ] == 0 {
			t.Errorf("no %s in the year: %v", typ, seen)
		}
	}
	t.Logf("messages in the year: %v", seen)
}
