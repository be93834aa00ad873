package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestTurnsThroughTheAPI: changing the arrangement after it was chosen, the
// warning at the akkoord, a refusal with its letter, and closing the case,
// each as the user of that turn.
func TestTurnsThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	walk, err := demo.NewWalker(ctx, h.db, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	st, err := walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Noor", Family: "Bos", Age: 13, Street: "Markt", House: "1",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Els Bos", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(ctx, st.TrajectoryID, traject.StepBeknoptPlan); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/api/v1/trajecten/%d", st.TrajectoryID)
	toegang, aanbieder, bo := h.apiAs("toegang@demo.jeugdhulp.nl"), h.apiAs("aanbieder@demo.jeugdhulp.nl"), h.apiAs("backoffice@demo.jeugdhulp.nl")

	// The provider advises intensity zwaar on a midden arrangement.
	aanbieder.call("PUT", base+"/beknopt-plan", map[string]any{"geadviseerde_intensiteit": 3,
		"activiteiten":        []map[string]any{{"omschrijving": "Gezinsbegeleiding", "frequentie": "2x per week"}},
		"verwachte_einddatum": time.Now().AddDate(0, 6, 0), "tekst": "Intensieve begeleiding thuis."}, http.StatusNoContent)
	v := toegang.call("GET", base, nil, http.StatusOK)
	if w, _ := v["waarschuwingen"].([]any); len(w) != 1 || !strings.Contains(fmt.Sprint(w[0]), "zwaar") {
		t.Fatalf("warnings at the akkoord: %v", v["waarschuwingen"])
	}
	// The Toegang changes the arrangement to match: the plan goes back.
	toegang.call("PUT", base+"/arrangement", map[string]any{"arrangement": 2, "intensiteit": 1}, http.StatusNoContent)
	if v := toegang.call("GET", base, nil, http.StatusOK); v["stap"] != "beknopt_plan" || v["intensiteit"] != float64(1) {
		t.Fatalf("after the change: step %v intensity %v", v["stap"], v["intensiteit"])
	}
	if err := walk.To(ctx, st.TrajectoryID, traject.StepBesluit); err != nil {
		t.Fatal(err)
	}
	toegang.call("PUT", base+"/arrangement", map[string]any{"arrangement": 2, "intensiteit": 2}, http.StatusConflict)

	// The back office refuses: a beschikking of refusal; the Toegang closes.
	bo.call("POST", base+"/besluit", map[string]any{"toegekend": false, "motivering": "Er is passende hulp in het voorliggend veld."}, http.StatusOK)
	if s := gmStatus(h, bo, st.TrajectoryID, "beschikking"); s != http.StatusOK {
		t.Fatalf("beschikking of refusal: %d", s)
	}
	toegang.call("POST", base+"/afsluiting", map[string]any{}, http.StatusUnprocessableEntity)
	aanbieder.call("POST", base+"/afsluiting", map[string]any{"reden": "x"}, http.StatusConflict)
	toegang.call("POST", base+"/afsluiting", map[string]any{"reden": "Besproken met het gezin."}, http.StatusNoContent)
	v = toegang.call("GET", base, nil, http.StatusOK)
	if v["stap"] != "gesloten" || v["volgende_actie"] != nil {
		t.Fatalf("after closing: %v %v", v["stap"], v["volgende_actie"])
	}
}
