package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestRejectedStartAndStop: a start or stop the municipality rejects in
// its retour counts as not sent (OP286). The provider's start becomes
// "afgekeurd", the case says why, "Start van de zorg melden" is back on
// the provider's Mijn werk, and the same start can be reported again and
// is then accepted; a rejected stop is undone so care runs again.
func TestRejectedStartAndStop(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	ingang := kalender.Day(now).AddDate(0, 0, -10)
	walk.DecideOn = &traject.Decision{Toegekend: true, Ingangsdatum: ingang, Einddatum: ingang.AddDate(0, 6, 0), Motivering: "Past bij het plan."}
	st, err := walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Noor", Family: "Bakker", Age: 10, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Eva Bakker", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(ctx, st.TrajectoryID, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	h.flush(t, "exchange")
	var twID int64
	h.db.QueryRow(ctx, "SELECT id FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&twID)
	hoeve := walk.As(walk.Orgs["De Hoeve Jeugdhulp"], access.Jeugdhulpaanbieder)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}

	// The municipality's copy of the toewijzing is out of step: it rejects
	// the next start and stop with TR019 (toewijzing unknown).
	var tr019 ijw.RuleInfo
	for _, r := range ijw.Rules() {
		if r.Code == "TR019" {
			tr019 = r
		}
	}
	reject := true
	check := func(_ context.Context, _ database.Querier, m ijw.Message) ([]ijw.Finding, error) {
		if !reject {
			return nil, nil
		}
		switch m := m.(type) {
		case *ijw.JW305:
			return []ijw.Finding{{Rule: tr019, Path: "Client/StartProducten/StartProduct[1]/ToewijzingNummer", Msg: "onbekend", Target: &m.Client.StartProducten.StartProduct[0]}}, nil
		case *ijw.JW307:
			return []ijw.Finding{{Rule: tr019, Path: "Client/StopProducten/StopProduct[1]/ToewijzingNummer", Msg: "onbekend", Target: &m.Client.StopProducten.StopProduct[0]}}, nil
		}
		return nil, nil
	}
	h.app.Exchange.RegisterCheck(ijw.TypeJW305, check)
	h.app.Exchange.RegisterCheck(ijw.TypeJW307, check)

	begin := ingang.AddDate(0, 0, 1)
	if _, err := svc.Start(ctx, hoeve, twID, begin); err != nil {
		t.Fatal(err)
	}
	h.flush(t, "exchange")
	ls, err := svc.List(ctx, hoeve, twID, access.Hulpverlening)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 || ls[0].Status != levering.Afgekeurd || !strings.Contains(ls[0].Waarschuwing(), "retourcode 9019") {
		t.Fatalf("after the rejected JW305: %+v", ls)
	}
	provider := h.login("aanbieder@demo.jeugdhulp.nl")
	if home := provider.get("/", http.StatusOK); !strings.Contains(home, "Start van de zorg opnieuw melden (JW305)") {
		t.Fatal("the rejected start is not back on the provider's Mijn werk")
	}
	page := provider.get(fmt.Sprintf("/trajecten/%d", st.TrajectoryID), http.StatusOK)
	if !strings.Contains(page, "Afgekeurd door de gemeente") || !strings.Contains(page, "keurde de start van de zorg op "+kalender.Datum(begin)+" af") {
		t.Fatal("the case page does not say the start was rejected")
	}

	// Reported again, with the same begin date, it is accepted.
	reject = false
	if _, err := svc.Start(ctx, hoeve, twID, begin); err != nil {
		t.Fatalf("the same start again: %v", err)
	}
	h.flush(t, "exchange")
	if ls, _ = svc.List(ctx, hoeve, twID, access.Hulpverlening); len(ls) != 2 || ls[1].Status != levering.Gestart || !ls[1].VerwerktDoorGemeente() {
		t.Fatalf("after the second start: %+v", ls)
	}
	if home := provider.get("/", http.StatusOK); strings.Contains(home, "Start van de zorg opnieuw melden") {
		t.Fatal("the obligation stays after the accepted start")
	}

	// A rejected stop is undone: care runs again.
	reject = true
	if _, err := svc.Stop(ctx, hoeve, twID, levering.StopInput{Einddatum: kalender.Day(now), Reden: "31"}); err != nil {
		t.Fatal(err)
	}
	h.flush(t, "exchange")
	if ls, _ = svc.List(ctx, hoeve, twID, access.Hulpverlening); ls[1].Status != levering.Gestart || !ls[1].Einddatum.IsZero() || !strings.Contains(ls[1].Waarschuwing(), "keurde de stop") {
		t.Fatalf("after the rejected JW307: %+v", ls[1])
	}
	reject = false
	if _, err := svc.Stop(ctx, hoeve, twID, levering.StopInput{Einddatum: kalender.Day(now), Reden: "31"}); err != nil {
		t.Fatalf("the stop again: %v", err)
	}
	h.flush(t, "exchange")
	if ls, _ = svc.List(ctx, hoeve, twID, access.Hulpverlening); ls[1].Status != levering.Beeindigd {
		t.Fatalf("after the second stop: %+v", ls[1])
	}
}
