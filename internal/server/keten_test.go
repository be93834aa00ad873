package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestChainThroughTheExchange runs a case on each route from allocation to payment
// through the loopback exchange, every message sent by the dispatcher and
// received, checked and answered by the other side: the JW301 and its
// JW302; the provider's start (JW305) and definitive stop (JW307) with
// their retours; then, month by month, the provider's JW323s and the
// municipality's JW325s. The arrangement is paid exactly 100 % of its
// tariff, half in the month care started and half in the month after it
// stopped, and every message exchanged passes xmllint against the official
// XSD.
func TestChainThroughTheExchange(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	month := func(back int) time.Time {
		y, m, _ := now.In(kalender.Amsterdam()).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, 0)
	}
	// Care runs from the 3rd of four months ago to the 11th of two months
	// ago; the second half is declared for last month.
	ingang := month(4)
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	walk.DecideOn = &traject.Decision{Toegekend: true, Ingangsdatum: ingang, Einddatum: ingang.AddDate(1, 0, 0),
		Motivering: "Ambulante gezinsbegeleiding past bij de resultaten in het plan."}
	hoeve := walk.As(walk.Orgs["De Hoeve Jeugdhulp"], access.Jeugdhulpaanbieder)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}
	var trajectories []int64
	for i, route := range []traject.Route{traject.RouteToegang, traject.RouteGI, traject.RouteMedisch} {
		st, err := walk.Start(ctx, route, demo.Youth{BSN: []string{"321146487", "864623112", "111222333"}[i], Given: "Sem", Family: "de Graaf", Age: 12,
			Street: "Markt", House: "3", Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Iris de Graaf", MeldingDaysAgo: 2})
		if err != nil {
			t.Fatal(err)
		}
		if err := walk.To(ctx, st.TrajectoryID, traject.StepToegewezen); err != nil {
			t.Fatalf("%s: %v", route, err)
		}
		trajectories = append(trajectories, st.TrajectoryID)
		h.flush(t, "JW301")
		var twID int64
		if err := h.db.QueryRow(ctx, "SELECT id FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&twID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Start(ctx, hoeve, twID, ingang.AddDate(0, 0, 2)); err != nil {
			t.Fatalf("%s: start: %v", route, err)
		}
		h.flush(t, "JW305")
		if _, err := svc.Stop(ctx, hoeve, twID, levering.StopInput{Einddatum: month(2).AddDate(0, 0, 10), Reden: "31"}); err != nil {
			t.Fatalf("%s: stop: %v", route, err)
		}
		h.flush(t, "JW307")
		if route == traject.RouteToegang {
			// The family comes back with the same complaints a month after
			// the end: the provider resumes care under the garantie, from its
			// case page. Nothing goes to the municipality.
			b := h.login("aanbieder@demo.jeugdhulp.nl")
			b.post(fmt.Sprintf("/toewijzingen/%d/garantie", twID), url.Values{"csrf": {b.csrf}, "begindatum": {month(1).AddDate(0, 0, 4).Format("02-01-2006")},
				"gemeld_door": {"gezin"}, "toelichting": {"Weer verzuim, dezelfde klachten als eerder."}}, http.StatusSeeOther)
			page := b.get(fmt.Sprintf("/trajecten/%d", st.TrajectoryID), http.StatusOK)
			if !strings.Contains(page, "Zorg hervat onder garantie op "+month(1).AddDate(0, 0, 4).Format("02-01-2006")) {
				t.Fatalf("the case page does not show the resumption under the garantie")
			}
			if n, _ := h.app.Exchange.Flush(ctx); n != 0 {
				t.Fatalf("the garantie sent %d messages", n)
			}
		}

		// Both reports reached the municipality and were answered.
		var processed int
		h.db.QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE trajectory_id = ? AND type IN ('JW305', 'JW307') AND state = 'verwerkt'", st.TrajectoryID).Scan(&processed)
		if processed != 2 {
			t.Fatalf("%s: %d of the start and stop processed by the municipality", route, processed)
		}
		v, err := h.app.Traject.Get(ctx, walk.As(walk.Orgs["Gemeente Tilburg"], access.Backoffice), st.TrajectoryID, access.Toewijzing)
		if err != nil {
			t.Fatal(err)
		}
		var events []string
		for _, e := range v.History {
			events = append(events, e.What)
		}
		if !containsPrefix(events, "Zorg gestart op") || !containsPrefix(events, "Zorg beëindigd op") {
			t.Fatalf("%s: the case's history lacks the start and stop: %q", route, events)
		}
	}
	var agb, cbs string
	h.db.QueryRow(ctx, "SELECT agb_code FROM organisations WHERE name = 'De Hoeve Jeugdhulp'").Scan(&agb)
	h.db.QueryRow(ctx, "SELECT cbs_code FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&cbs)

	// Four months of declaraties, each answered.
	for back := 4; back >= 1; back-- {
		c, err := declaratie.Default.Build(ctx, h.db, agb, cbs, month(back))
		if errors.Is(err, declaratie.ErrNiets) {
			continue
		}
		if err != nil {
			t.Fatalf("declaratie for %s: %v", month(back).Format("01-2006"), err)
		}
		if err := h.db.Do(ctx, func(tx *database.Tx) error {
			_, _, err := declaratie.Default.Indienen(ctx, tx, c, berichten.Bericht{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		h.flush(t, "JW323 "+month(back).Format("01-2006"))
	}

	// Per toewijzing the municipality approved exactly the arrangement's
	// tariff: two halves, in the month of the start and the month after
	// the stop.
	for _, id := range trajectories {
		var tarief, approved, halves int64
		if err := h.db.QueryRow(ctx, `SELECT t.bedrag FROM tarieven t JOIN toewijzingen w ON w.provider_id = t.provider_id AND w.product_category = t.categorie
			AND w.product_code = t.code WHERE w.trajectory_id = ? ORDER BY t.ingangsdatum DESC LIMIT 1`, id).Scan(&tarief); err != nil {
			t.Fatalf("tariff: %v", err)
		}
		h.db.QueryRow(ctx, `SELECT COALESCE(SUM(r.bedrag), 0), COUNT(*) FROM declaratieregels r JOIN toewijzingen w ON w.nummer = r.toewijzing_nummer
			WHERE w.trajectory_id = ? AND r.kant = 'gemeente' AND r.status = 'goedgekeurd'`, id).Scan(&approved, &halves)
		if approved != tarief || halves != 2 {
			t.Errorf("trajectory %d: approved %d cents in %d lines; want the tariff %d in two halves", id, approved, halves, tarief)
		}
	}

	// Every message of this chain passes xmllint.
	rows, err := h.db.Query(ctx, `SELECT type, xml FROM ijw_messages WHERE trajectory_id IN (?, ?, ?) OR (type IN ('JW323', 'JW325') AND (sender = ? OR receiver = ?))`,
		trajectories[0], trajectories[1], trajectories[2], agb, agb)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
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
	for _, m := range all {
		seen[m.typ]++
		xmllintCheck(t, m.typ, m.xml)
	}
	for _, typ := range []string{"JW301", "JW302", "JW305", "JW306", "JW307", "JW308", "JW323", "JW325"} {
		if seen[typ] == 0 {
			t.Errorf("no %s in the chain: %v", typ, seen)
		}
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
			return true
		}
	}
	return false
}
