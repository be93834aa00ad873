package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestMoneyQuestionReachesPurchasingTeam(t *testing.T) {
	h := newHarness(t)
	var id int64
	h.db.QueryRow(context.Background(), "SELECT id FROM trajectories WHERE step = 'akkoord' ORDER BY id LIMIT 1").Scan(&id)
	if id == 0 {
		t.Fatal("the demo has no trajectory at akkoord")
	}
	inkoop := h.login("inkoop@demo.jeugdhulp.nl")
	if !strings.Contains(inkoop.get("/", 200), "twee dagdelen per week") {
		t.Fatal("the demo's money question is not on the purchasing team's page")
	}
	toegang := h.login("toegang@demo.jeugdhulp.nl")
	toegang.post(fmt.Sprintf("/trajecten/%d/akkoord", id), url.Values{"csrf": {toegang.csrf}, "besluit": {"verschil"}, "geldkwestie": {"ja"},
		"toelichting": {"Het tarief voor intensiteit midden dekt de gevraagde uren niet."}}, http.StatusSeeOther)
	page := inkoop.get("/", 200)
	if !strings.Contains(page, "Geldkwesties") || !strings.Contains(page, "dekt de gevraagde uren niet") || !strings.Contains(page, fmt.Sprintf("Traject %d:", id)) {
		t.Fatalf("purchasing team does not see the money question:\n%.2000s", page)
	}
	// It sees the question, not the youth.
	var given, family string
	h.db.QueryRow(context.Background(), "SELECT c.given_name, c.family_name FROM clients c JOIN trajectories t ON t.client_id = c.id WHERE t.id = ?", id).Scan(&given, &family)
	if strings.Contains(page, family) {
		t.Fatal("the purchasing team sees the youth's name")
	}
	// The team settles it: without CSRF refused, without a choice a Dutch
	// message, then recorded and off the list; the Toegang reads it.
	settle := fmt.Sprintf("/geldkwesties/%d", id)
	inkoop.post(settle, url.Values{"uitkomst": {"afspraak"}, "toelichting": {"x"}}, http.StatusForbidden)
	if body := inkoop.post(settle, url.Values{"csrf": {inkoop.csrf}, "toelichting": {"x"}}, http.StatusUnprocessableEntity); !strings.Contains(body, "Kies de uitkomst van de geldkwestie") {
		t.Fatalf("no choice: %.1500s", body)
	}
	toegang.post(settle, url.Values{"csrf": {toegang.csrf}, "uitkomst": {"afspraak"}, "toelichting": {"x"}}, http.StatusUnprocessableEntity)
	inkoop.post(settle, url.Values{"csrf": {inkoop.csrf}, "uitkomst": {"afspraak"}, "toelichting": {"Twee extra uren per maand afgesproken met de aanbieder."}}, http.StatusSeeOther)
	if page := inkoop.get("/", 200); strings.Contains(page, "dekt de gevraagde uren niet") {
		t.Fatal("the settled question is still listed")
	}
	if page := toegang.get(fmt.Sprintf("/trajecten/%d", id), 200); !strings.Contains(page, "Uitkomst inkoopteam") || !strings.Contains(page, "Twee extra uren per maand") {
		t.Fatalf("the Toegang does not read the outcome:\n%.3000s", page)
	}
}

func TestProviderUpdatesWaitingTime(t *testing.T) {
	h := newHarness(t)
	b := h.login("aanbieder@demo.jeugdhulp.nl")
	b.post("/aanbieder/wachttijd", url.Values{"csrf": {b.csrf}, "weken": {"11"}, "contact": {"Bel 013-1234567"}}, http.StatusSeeOther)
	_, body := h.api("GET", "/api/v1/wegwijzer?arrangement=2", h.token("toegang@demo.jeugdhulp.nl"), "", "")
	if !strings.Contains(body, `"wachttijd_weken":11`) || !strings.Contains(body, "Bel 013-1234567") {
		t.Fatalf("wegwijzer: %s", body)
	}
	b.post("/aanbieder/wachttijd", url.Values{"csrf": {b.csrf}, "weken": {"-3"}}, http.StatusUnprocessableEntity)
	h.login("toegang@demo.jeugdhulp.nl").post("/aanbieder/wachttijd", url.Values{"weken": {"1"}}, http.StatusForbidden)
}

func TestAdminEditsProductCatalogue(t *testing.T) {
	h := newHarness(t)
	admin := h.login("beheer@demo.jeugdhulp.nl")
	page := admin.get("/beheer/producten", 200)
	if !strings.Contains(page, "<td class=\"utrecht-table__cell\">") {
		t.Fatal("the demo catalogue is empty")
	}
	admin.post("/beheer/producten", url.Values{"csrf": {admin.csrf}, "categorie": {"43"}, "code": {"43Z99"}, "omschrijving": {"Testproduct"}, "eenheid": {"04"}}, http.StatusOK)
	if !strings.Contains(admin.get("/beheer/producten", 200), "43Z99") {
		t.Fatal("product not added")
	}
	admin.post("/beheer/producten", url.Values{"csrf": {admin.csrf}, "categorie": {"50"}, "code": {"50H11"}, "omschrijving": {"x"}, "eenheid": {"82"}}, http.StatusUnprocessableEntity)
	h.login("toegang@demo.jeugdhulp.nl").get("/beheer/producten", http.StatusNotFound)
}

// TestWithdrawnConsentShutsTheProviderOut: after the family withdraws
// consent, the provider sees nothing of the case any more and the referral
// goes back to choosing a provider.
func TestWithdrawnConsentShutsTheProviderOut(t *testing.T) {
	h := newHarness(t)
	var id, provider int64
	h.db.QueryRow(context.Background(), "SELECT id, provider_id FROM trajectories WHERE step = 'acceptatie' ORDER BY id LIMIT 1").Scan(&id, &provider)
	if id == 0 {
		t.Fatal("the demo has no trajectory waiting for a provider")
	}
	aanbieder := h.apiAs("aanbieder@demo.jeugdhulp.nl")
	aanbieder.call("GET", fmt.Sprintf("/api/v1/trajecten/%d", id), nil, http.StatusOK)
	toegang := h.apiAs("toegang@demo.jeugdhulp.nl")
	// Only the referrer records a withdrawal; the provider is told so.
	aanbieder.call("DELETE", fmt.Sprintf("/api/v1/trajecten/%d/toestemmingen/%d", id, provider), nil, http.StatusConflict)
	toegang.call("DELETE", fmt.Sprintf("/api/v1/trajecten/%d/toestemmingen/%d", id, provider), nil, http.StatusNoContent)
	aanbieder.call("GET", fmt.Sprintf("/api/v1/trajecten/%d", id), nil, http.StatusNotFound)
	tr := toegang.call("GET", fmt.Sprintf("/api/v1/trajecten/%d", id), nil, http.StatusOK)
	if tr["stap"] != "aanbieder" {
		t.Fatalf("after withdrawal the step is %v", tr["stap"])
	}
	p := toegang.call("DELETE", fmt.Sprintf("/api/v1/trajecten/%d/toestemmingen/%d", id, provider), nil, http.StatusConflict)
	if !strings.Contains(fmt.Sprint(p["detail"]), "geen geldige toestemming") {
		t.Fatalf("second withdrawal: %v", p)
	}
}
