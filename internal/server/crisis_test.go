package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// TestCrisisAPIFromReportToPlan walks a crisis through the API as the
// crisis service (on SQLite, and on PostgreSQL under .ci/run): a report
// for a youth the Toegang already helps, the triage, the assessment with
// its 2-hour term on Mijn werk, care refused without reasons and beyond
// its maximum, the RTO on the Toegang's Mijn werk until it is held, the
// Perspectiefplan Crisis and the closing; each refusal is a problem in
// Dutch, and the process director reads the case while another GI does
// not.
func TestCrisisAPIFromReportToPlan(t *testing.T) {
	h := newHarness(t)
	cr := h.apiAs("crisis@demo.jeugdhulp.nl")
	toegang := h.apiAs("toegang@demo.jeugdhulp.nl")
	gi := h.apiAs("gi@demo.jeugdhulp.nl")
	today := time.Now().In(kalender.Amsterdam())
	iso := today.Format("2006-01-02")

	toegang.call("POST", "/api/v1/trajecten", map[string]any{
		"jeugdige": map[string]any{"bsn": "321146487", "voornaam": "Mees", "achternaam": "Vos", "geboortedatum": today.AddDate(-16, 0, -3).Format("2006-01-02"),
			"straat": "Markt", "huisnummer": "1", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": h.orgID("Gemeente Tilburg")},
		"eerste_melding": iso, "gezaghebbenden": []map[string]any{{"voornamen": "Ilse", "achternaam": "Vos", "relatie": "ouder", "gezag": true}},
	}, http.StatusCreated)

	bad := cr.call("POST", "/api/v1/crises", map[string]any{"melder": "buurman", "jeugdige": map[string]any{"bsn": "321146487"}}, http.StatusUnprocessableEntity)
	if f := bad["fouten"].(map[string]any); f["melder"] == nil || f["anders_dan_gisteren"] == nil {
		t.Fatalf("report without its fields: %v", bad)
	}
	v := cr.call("POST", "/api/v1/crises", map[string]any{"melder": "ouder", "melder_naam": "Ilse Vos", "melder_telefoon": "06 12345678",
		"anders_dan_gisteren": "Mees heeft vandaag de deur ingetrapt en is weggelopen; gisteren was het nog rustig.",
		"jeugdige":            map[string]any{"bsn": "321146487"}}, http.StatusCreated)
	id := int64(v["id"].(float64))
	base := fmt.Sprintf("/api/v1/crises/%d", id)
	if v["stap"] != "triage" || v["procesregisseur"].(map[string]any)["naam"] != "Toegang Tilburg" || v["melding"].(map[string]any)["melder_telefoon"] != "06 12345678" {
		t.Fatalf("reported crisis: %v", v)
	}
	work := cr.call("GET", "/api/v1/mijn-werk", nil, 200)["raw"]
	if !strings.Contains(fmt.Sprint(work), fmt.Sprintf(`"traject_id":%d`, id)) || !strings.Contains(fmt.Sprint(work), `"stap":"triage"`) {
		t.Fatalf("the triage is not on the crisis service's Mijn werk: %v", work)
	}

	p := cr.call("POST", base+"/triage", map[string]any{"uitkomst": "crisis", "toelichting": "Acuut."}, http.StatusUnprocessableEntity)
	if p["fouten"].(map[string]any)["problematiek"] == nil {
		t.Fatalf("crisis triage without the problem kind: %v", p)
	}
	cr.call("POST", base+"/triage", map[string]any{"uitkomst": "crisis", "problematiek": "jeugd_en_opvoeden", "deskundige_naam": "Drs. Peeters",
		"toelichting": "Acuut onveilig thuis."}, http.StatusNoContent)
	v = cr.call("GET", base, nil, 200)
	acties := v["acties"].([]any)
	if len(acties) != 1 || acties[0].(map[string]any)["stap"] != "inschatting" || acties[0].(map[string]any)["in_uren"] != true {
		t.Fatalf("after the triage: %v", acties)
	}
	gemeld, _ := time.Parse(time.RFC3339, v["gemeld_om"].(string))
	due, _ := time.Parse(time.RFC3339, acties[0].(map[string]any)["uiterlijk"].(string))
	if !due.Equal(gemeld.Add(2 * time.Hour)) {
		t.Errorf("assessment due %s, report at %s", due, gemeld)
	}
	cr.call("POST", base+"/inschatting", map[string]any{"ter_plaatse_om": time.Now().UTC().Format(time.RFC3339), "crisismedewerker": "Joyce Smeets",
		"crisis": true, "toelichting": "Mees is terug; thuis blijft het gespannen."}, http.StatusNoContent)

	// The RTO is on the Toegang's Mijn werk; the process director reads the
	// crisis, a GI not involved does not.
	tw := fmt.Sprint(toegang.call("GET", "/api/v1/mijn-werk", nil, 200)["raw"])
	if !strings.Contains(tw, fmt.Sprintf(`"traject_id":%d`, id)) || !strings.Contains(tw, `"stap":"rto"`) {
		t.Fatalf("the RTO is not on the process director's Mijn werk: %s", tw)
	}
	if tv := toegang.call("GET", base, nil, 200); tv["inschatting"] == nil {
		t.Errorf("the process director does not see the assessment: %v", tv)
	}
	gi.call("GET", base, nil, http.StatusNotFound)

	noodbed := map[string]any{"vormen": []map[string]any{{"vorm": "noodbed", "begindatum": iso, "einddatum": today.AddDate(0, 0, 2).Format("2006-01-02")}}}
	p = cr.call("POST", base+"/inzet", noodbed, http.StatusUnprocessableEntity)
	if f := p["fouten"].(map[string]any); f["waarom_niet_ambulant"] == nil || !strings.Contains(fmt.Sprint(f["vormen.0.einddatum"]), "één nacht") {
		t.Fatalf("emergency bed for two nights without a reason: %v", p)
	}
	cr.call("POST", base+"/inzet", map[string]any{"vormen": []map[string]any{
		{"vorm": "noodbed", "begindatum": iso, "einddatum": today.AddDate(0, 0, 1).Format("2006-01-02")},
		{"vorm": "ash", "begindatum": iso, "einddatum": today.AddDate(0, 0, 28).Format("2006-01-02")}},
		"waarom_niet_ambulant": "Vannacht is thuis niet veilig genoeg, ook niet met ambulante spoedhulp."}, http.StatusNoContent)

	p = cr.call("POST", base+"/perspectiefplan", map[string]any{"tekst": "x", "toelichting": "Nog niemand anders.", "deelnemers": []map[string]any{{"naam": "A", "rol": "coordinator"},
		{"naam": "B", "rol": "crisisteam"}}}, http.StatusConflict)
	if p["type"] != "https://jeugdhulp.nl/problemen/stap-geweigerd" || !strings.Contains(p["detail"].(string), "RTO") {
		t.Fatalf("plan before the RTO: %v", p)
	}
	cr.call("POST", base+"/rto", map[string]any{"datum": iso, "perspectief": "Mees blijft thuis met ambulante spoedhulp; de Toegang start gezinsbehandeling.",
		"deelnemers": []map[string]any{{"naam": "Mark de Wit", "rol": "procesregisseur", "organisatie": "Toegang Tilburg"}, {"naam": "Joyce Smeets", "rol": "crisisteam"},
			{"naam": "Ilse Vos", "rol": "ouder"}, {"naam": "Mees Vos", "rol": "jeugdige"}}}, http.StatusNoContent)
	if tw := fmt.Sprint(toegang.call("GET", "/api/v1/mijn-werk", nil, 200)["raw"]); strings.Contains(tw, fmt.Sprintf(`"traject_id":%d`, id)) {
		t.Errorf("the RTO stays on the Toegang's Mijn werk after it was held: %s", tw)
	}
	cr.call("POST", base+"/perspectiefplan", map[string]any{"tekst": "Mees woont thuis; vier weken ambulante spoedhulp, daarna gezinsbehandeling via de Toegang.",
		"deelnemers": []map[string]any{{"naam": "Mark de Wit", "rol": "coordinator"}, {"naam": "Joyce Smeets", "rol": "crisisteam"}, {"naam": "Mees Vos", "rol": "jeugdige"},
			{"naam": "Spoedhulp Venlo", "rol": "crisisaanbieder"}},
		"toelichting": "Er is nog geen regievoerder: Mees zit niet in segment 1."}, http.StatusNoContent)
	cr.call("POST", base+"/afsluiting", map[string]any{}, http.StatusNoContent)
	v = cr.call("GET", base, nil, 200)
	if v["afgesloten"] != true || len(v["acties"].([]any)) != 0 || v["rto"].(map[string]any)["op_tijd"] != true || len(v["inzet"].([]any)) != 2 {
		t.Fatalf("closed crisis: %v", v)
	}
	// The same case through the trajectory routes: one case model.
	tr := cr.call("GET", fmt.Sprintf("/api/v1/trajecten/%d", id), nil, 200)
	if tr["route"] != "crisis" || tr["stap"] != "gesloten" {
		t.Errorf("the crisis as a trajectory: %v %v", tr["route"], tr["stap"])
	}
	if n := len(cr.call("GET", fmt.Sprintf("/api/v1/trajecten/%d/geschiedenis", id), nil, 200)["raw"].(string)); n < 100 {
		t.Errorf("history of the crisis: %d bytes", n)
	}
}

// TestCrisisPagesAsTheCrisisService fills the crisis forms as the crisis
// service through plain form posts with the session's CSRF token: a report
// with a field left empty comes back with its message beside the field, a
// heavier form without a reason too; Mijn werk shows the assessment's
// deadline with its time and links to the crisis page; a post without the
// token changes nothing.
func TestCrisisPagesAsTheCrisisService(t *testing.T) {
	h := newHarness(t)
	b := h.login("crisis@demo.jeugdhulp.nl")
	body := b.get("/crises", 200)
	if !strings.Contains(body, "Crisis melden") || !strings.Contains(body, "Daan Hermans") {
		t.Fatalf("the crisis list lacks the report button or the demo's crisis:\n%.2000s", body)
	}
	if home := b.get("/", 200); !strings.Contains(home, `href="/crises"`) {
		t.Fatal("no menu item Crisis for the crisis service")
	}
	b.get("/crises/nieuw", 200)
	form := url.Values{"csrf": {b.csrf}, "gemeld_om": {time.Now().In(kalender.Amsterdam()).Format("02-01-2006 15:04")}, "melder": {"school"},
		"bsn": {"111222333"}, "anders_dan_gisteren": {""}}
	body = b.post("/crises", form, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="f-anders_dan_gisteren-fout"`) || !strings.Contains(body, `href="#f-anders_dan_gisteren"`) {
		t.Fatalf("report with an empty field:\n%.3000s", body)
	}
	form.Set("anders_dan_gisteren", "Zij wil vandaag niet meer naar huis; thuis is geweld gebruikt.")
	form.Set("voornaam", "Fenna")
	form.Set("achternaam", "Smeets")
	form.Set("geboortedatum", time.Now().AddDate(-14, 0, 0).Format("02-01-2006"))
	form.Set("straat", "Markt")
	form.Set("huisnummer", "8")
	form.Set("postcode", "5911 AA")
	form.Set("woonplaats", "Venlo")
	form.Set("gemeente_id", fmt.Sprint(h.orgID("Gemeente Venlo")))
	b.post("/crises", cloneForm(form), http.StatusSeeOther)
	var id int64
	h.db.QueryRow(t.Context(), "SELECT t.id FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE c.bsn = ? AND t.route = 'crisis'", "111222333").Scan(&id)
	if id == 0 {
		t.Fatal("no crisis for the report")
	}
	page := fmt.Sprintf("/crises/%d", id)
	body = b.get(page+"?gelukt=melding", 200)
	for _, want := range []string{"De crisismelding is vastgelegd", "Telefonische triage", "Toegang Venlo", "Zij wil vandaag niet meer naar huis"} {
		if !strings.Contains(body, want) {
			t.Fatalf("crisis page lacks %q:\n%.3000s", want, body)
		}
	}
	// Without the token nothing is stored.
	b.post(page+"/triage", url.Values{"triage.uitkomst": {"geen_crisis"}, "triage.toelichting": {"x"}, "triage.advies": {"y"}}, http.StatusForbidden)
	b.post(page+"/triage", url.Values{"csrf": {b.csrf}, "triage.uitkomst": {"crisis"}, "triage.problematiek": {"lvb"}, "triage.deskundige_naam": {"Drs. Kuipers"},
		"triage.toelichting": {"Acuut."}}, http.StatusSeeOther)
	home := b.get("/", 200)
	link := fmt.Sprintf(`href="/crises/%d"`, id)
	if !strings.Contains(home, link) || !strings.Contains(home, "Actieve inschatting ter plaatse") {
		t.Fatalf("Mijn werk lacks the assessment linking to the crisis page:\n%.3000s", home)
	}
	row := home[strings.Index(home, link)-200 : strings.Index(home, link)]
	if !strings.Contains(row, ":") {
		t.Errorf("the assessment's deadline on Mijn werk has no time: %s", row)
	}
	b.post(page+"/inschatting", url.Values{"csrf": {b.csrf}, "inschatting.ter_plaatse_om": {time.Now().In(kalender.Amsterdam()).Format("02-01-2006 15:04")},
		"inschatting.crisismedewerker": {"Sanne Janssen"}, "inschatting.crisis": {"ja"}, "inschatting.toelichting": {"Onveilig thuis."}}, http.StatusSeeOther)
	day := time.Now().In(kalender.Amsterdam()).Format("02-01-2006")
	body = b.post(page+"/inzet", url.Values{"csrf": {b.csrf}, "inzet.vormen.0.vorm": {"crisispleegzorg"}, "inzet.vormen.0.begindatum": {day},
		"inzet.vormen.0.einddatum": {time.Now().AddDate(0, 0, 7).In(kalender.Amsterdam()).Format("02-01-2006")}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `id="f-inzet.waarom_niet_ambulant-fout"`) || !strings.Contains(body, `id="f-inzet.waarom_niet_netwerk-fout"`) {
		t.Fatalf("placement without reasons:\n%.3000s", body)
	}
	b.post(page+"/inzet", url.Values{"csrf": {b.csrf}, "inzet.vormen.0.vorm": {"crisispleegzorg"}, "inzet.vormen.0.begindatum": {day},
		"inzet.vormen.0.einddatum":   {time.Now().AddDate(0, 0, 7).In(kalender.Amsterdam()).Format("02-01-2006")},
		"inzet.waarom_niet_ambulant": {"Thuis is niet veilig."}, "inzet.waarom_niet_netwerk": {"Geen familie in de buurt."}}, http.StatusSeeOther)
	body = b.get(page, 200)
	if !strings.Contains(body, "Crisispleegzorg") || !strings.Contains(body, "Ronde tafel overleg (RTO)") {
		t.Fatalf("after the care:\n%.3000s", body)
	}
	// The trajectory page of the crisis is the crisis page, read and
	// logged once.
	mark := h.lastID()
	if body := b.get(fmt.Sprintf("/trajecten/%d", id), 200); !strings.Contains(body, "Crisis Fenna Smeets") || !strings.Contains(body, `action="/crises/`) {
		t.Errorf("/trajecten/%d is not the crisis page:\n%.2000s", id, body)
	}
	if es := h.entriesSince(mark); len(es) != 1 || es[0].Object != "crisis" {
		t.Errorf("the crisis page as /trajecten/%d logged %+v", id, es)
	}
	// Another organisation does not find the crisis.
	other := h.login("gi@demo.jeugdhulp.nl")
	mark = h.lastID()
	other.get(page, http.StatusNotFound)
	other.get(fmt.Sprintf("/trajecten/%d", id), http.StatusNotFound)
	if es := h.entriesSince(mark); len(es) != 2 || es[0].Outcome != access.Refused || es[1].Outcome != access.Refused {
		t.Errorf("an unlinked organisation's reads of the crisis logged %+v", es)
	}
}
