package server_test

import (
	"context"
	"encoding/json"
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

// TestRemarksAndMoneyThroughTheAPI: the remark thread and the money
// question, as their users through the API: a question from the Toegang
// reaches the provider's work list and is answered; the back office gets
// 409 writing on the thread and reads no thread; the purchasing team lists
// the money question without the youth and settles it; the Toegang reads
// the outcome.
func TestRemarksAndMoneyThroughTheAPI(t *testing.T) {
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
	toegang, aanbieder, bo, inkoop := h.apiAs("toegang@demo.jeugdhulp.nl"), h.apiAs("aanbieder@demo.jeugdhulp.nl"), h.apiAs("backoffice@demo.jeugdhulp.nl"), h.apiAs("inkoop@demo.jeugdhulp.nl")

	toegang.call("POST", base+"/opmerkingen", map[string]any{"tekst": ""}, http.StatusUnprocessableEntity)
	toegang.call("POST", base+"/opmerkingen", map[string]any{"tekst": "Kan het ook op woensdag?", "vraag": true}, http.StatusNoContent)
	work := aanbieder.callList("GET", "/api/v1/mijn-werk", http.StatusOK)
	found := false
	for _, it := range work {
		found = found || strings.Contains(fmt.Sprint(it), "Vraag van Toegang Tilburg beantwoorden")
	}
	if !found {
		t.Fatalf("the question is not on the provider's work list: %v", work)
	}
	aanbieder.call("POST", base+"/opmerkingen", map[string]any{"tekst": "Woensdag kan."}, http.StatusNoContent)
	v := toegang.call("GET", base, nil, http.StatusOK)
	ops, _ := v["opmerkingen"].([]any)
	if len(ops) != 2 || ops[0].(map[string]any)["soort"] != "vraag" || ops[1].(map[string]any)["tekst"] != "Woensdag kan." {
		t.Fatalf("the thread: %v", v["opmerkingen"])
	}
	for _, a := range v["acties"].([]any) {
		if a.(map[string]any)["vraag"] == true {
			t.Fatalf("an answered question is still open: %v", a)
		}
	}

	// The plan, a difference about money, the purchasing team.
	aanbieder.call("PUT", base+"/beknopt-plan", map[string]any{"geadviseerde_intensiteit": 2, "producten": []string{},
		"activiteiten":        []map[string]any{{"omschrijving": "Gezinsbegeleiding", "frequentie": "1x per week"}},
		"verwachte_einddatum": time.Now().AddDate(0, 6, 0), "tekst": "Begeleiding thuis."}, http.StatusNoContent)
	toegang.call("POST", base+"/akkoord", map[string]any{"besluit": "verschil", "toelichting": "Meer uren dan het tarief dekt.", "geldkwestie": true}, http.StatusNoContent)
	qs := inkoop.callList("GET", "/api/v1/geldkwesties", http.StatusOK)
	var mine map[string]any
	for _, q := range qs {
		if q.(map[string]any)["traject_id"] == float64(st.TrajectoryID) {
			mine = q.(map[string]any)
		}
	}
	if mine == nil || strings.Contains(fmt.Sprint(qs), "Noor") || strings.Contains(fmt.Sprint(qs), "321146487") {
		t.Fatalf("the team's list: %v", qs)
	}
	inkoop.call("GET", base, nil, http.StatusNotFound)
	toegang.call("GET", "/api/v1/geldkwesties", nil, http.StatusNotFound)
	inkoop.call("POST", fmt.Sprintf("/api/v1/geldkwesties/%d/uitkomst", st.TrajectoryID), map[string]any{"uitkomst": "misschien", "toelichting": ""}, http.StatusUnprocessableEntity)
	inkoop.call("POST", fmt.Sprintf("/api/v1/geldkwesties/%d/uitkomst", st.TrajectoryID), map[string]any{"uitkomst": "afspraak", "toelichting": "Twee extra uren per maand."}, http.StatusNoContent)
	inkoop.call("POST", fmt.Sprintf("/api/v1/geldkwesties/%d/uitkomst", st.TrajectoryID), map[string]any{"uitkomst": "afspraak", "toelichting": "Nog eens."}, http.StatusConflict)
	v = toegang.call("GET", base, nil, http.StatusOK)
	u, _ := v["geldkwestie_uitkomst"].(map[string]any)
	if v["geldkwestie"] != false || u["uitkomst"] != "afspraak" || u["toelichting"] != "Twee extra uren per maand." {
		t.Fatalf("the Toegang reads %v %v", v["geldkwestie"], u)
	}

	// The back office neither writes on nor reads the thread.
	toegang.call("POST", base+"/akkoord", map[string]any{"besluit": "akkoord"}, http.StatusNoContent)
	toegang.call("POST", base+"/aanvraag", nil, http.StatusNoContent)
	// The gate refuses the write (purpose hulpverlening is not the back
	// office's), as every refusal: 404, logged.
	bo.call("POST", base+"/opmerkingen", map[string]any{"tekst": "Hallo"}, http.StatusNotFound)
	if v := bo.call("GET", base, nil, http.StatusOK); len(v["opmerkingen"].([]any)) != 0 {
		t.Fatalf("the back office reads the thread: %v", v["opmerkingen"])
	}
}

// callList is call for a response that is a JSON array.
func (c *apiClient) callList(method, path string, want int) []any {
	c.t.Helper()
	raw := c.call(method, path, nil, want)["raw"]
	var out []any
	if err := json.Unmarshal([]byte(fmt.Sprint(raw)), &out); err != nil {
		c.t.Fatalf("%s %s: not a list: %v", method, path, err)
	}
	return out
}
