package server_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestProviderSeesOnlyItsTrajectory: a youth with two trajectories, the
// provider linked to the first; the second is not found for it in the UI
// and in the API, each refusal logged once with the trajectory it concerns.
func TestProviderSeesOnlyItsTrajectory(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	walk, err := demo.NewWalker(ctx, h.db, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	y := demo.Youth{BSN: "321146487", Given: "Noor", Family: "Bos", Age: 11, Street: "Markt", House: "1", Postcode: "5038 AB", City: "Tilburg",
		Municipality: "Tilburg", Parent: "Els Bos", MeldingDaysAgo: 2}
	first, err := walk.Start(ctx, traject.RouteToegang, y)
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(ctx, first.TrajectoryID, traject.StepBeknoptPlan); err != nil {
		t.Fatal(err)
	}
	second, err := walk.Start(ctx, traject.RouteToegang, y)
	if err != nil || !second.Known || second.ClientID != first.ClientID {
		t.Fatalf("second request for the same youth: %+v %v", second, err)
	}
	b := h.login("aanbieder@demo.jeugdhulp.nl")
	tok := h.token("aanbieder@demo.jeugdhulp.nl")
	b.get(fmt.Sprintf("/trajecten/%d", first.TrajectoryID), http.StatusOK)
	for _, ch := range []string{"web", "api"} {
		mark := h.lastID()
		if ch == "web" {
			b.get(fmt.Sprintf("/trajecten/%d", second.TrajectoryID), http.StatusNotFound)
		} else if resp, _ := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d", second.TrajectoryID), tok, "", ""); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("API: %d, want 404", resp.StatusCode)
		}
		checkEntry(t, h, mark, b.user, first.ClientID, ch, access.Refused, access.Lezen)
		var tid int64
		h.db.QueryRow(ctx, "SELECT COALESCE(trajectory_id, 0) FROM access_log WHERE id > ?", mark).Scan(&tid)
		if tid != second.TrajectoryID {
			t.Errorf("%s refusal names trajectory %d, want %d", ch, tid, second.TrajectoryID)
		}
	}
}
