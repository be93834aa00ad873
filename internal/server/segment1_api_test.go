package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// s1api is a segment-1 walk through the JSON API, as the demo's accounts.
type s1api struct {
	t    *testing.T
	h    *harness
	base string
	tok  map[string]string
}

func (a *s1api) call(who, method, path string, body any) (int, map[string]any) {
	a.t.Helper()
	tok, ok := a.tok[who]
	if !ok {
		tok = a.h.token(who + "@demo.jeugdhulp.nl")
		a.tok[who] = tok
	}
	b, _ := json.Marshal(body)
	ctype := "application/json"
	if body == nil {
		b, ctype = nil, ""
	}
	resp, text := a.h.api(method, path, tok, ctype, string(b))
	var out map[string]any
	if strings.HasPrefix(text, "{") {
		json.Unmarshal([]byte(text), &out)
	}
	return resp.StatusCode, out
}

// do posts a change that must succeed.
func (a *s1api) do(who, what string, body any) {
	a.t.Helper()
	if status, p := a.call(who, "POST", a.base+"/"+what, body); status != http.StatusNoContent {
		a.t.Fatalf("%s: POST %s as %s: %d %v", what, a.base+"/"+what, who, status, p)
	}
}

// refused posts a change that must be refused with status and a Dutch
// detail containing want.
func (a *s1api) refused(who, what string, body any, status int, want string) {
	a.t.Helper()
	got, p := a.call(who, "POST", a.base+"/"+what, body)
	detail := fmt.Sprint(p["detail"], p["fouten"])
	if got != status || !strings.Contains(detail, want) {
		a.t.Fatalf("%s as %s: %d %v, want %d with %q", what, who, got, p, status, want)
	}
}

func (a *s1api) view(who string) map[string]any {
	a.t.Helper()
	status, v := a.call(who, "GET", a.base, nil)
	if status != http.StatusOK {
		a.t.Fatalf("GET %s as %s: %d %v", a.base, who, status, v)
	}
	return v
}

// lastVoorstel is the id of the newest proposal.
func (a *s1api) lastVoorstel() string {
	vs := a.view("toegang")["voorstellen"].([]any)
	return fmt.Sprint(int64(vs[len(vs)-1].(map[string]any)["id"].(float64)))
}

// TestSegment1ThroughTheAPI walks a segment-1 case through the API from
// the referrer's phone consultation to the FOA and the end of coordination,
// with an escalation and a de-escalation each decided by the three
// deciders (and refused with fewer), six months of safety assessments in
// between, and the deadlines on each side's Mijn werk. It runs on SQLite
// and, with JEUGDHULP_TEST_DIALECT=postgres, on PostgreSQL.
func TestSegment1ThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	clock := time.Now().UTC()
	h.app.Traject.Now = func() time.Time { return clock }
	walk, err := demo.NewWalker(ctx, h.db, clock)
	if err != nil {
		t.Fatal(err)
	}
	y := demo.Youth{BSN: "450913909", Given: "Lina", Family: "Dekker", Age: 15, Street: "Kerkstraat", House: "8", Postcode: "5071 AB",
		City: "Udenhout", Municipality: "Tilburg", Parent: "Ria Dekker", MeldingDaysAgo: 10}
	st, err := walk.Start(ctx, traject.RouteToegang, y)
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.Segment1IPVA(ctx, walk.As(walk.Orgs["Toegang Tilburg"], access.Toegangsmedewerker), st.TrajectoryID, y); err != nil {
		t.Fatal(err)
	}
	a := &s1api{t: t, h: h, base: fmt.Sprintf("/api/v1/trajecten/%d/segment1", st.TrajectoryID), tok: map[string]string{}}
	today := func() string { return clock.In(kalender.Amsterdam()).Format("2006-01-02") }
	desk, hoeve, ret := walk.Orgs[demo.OrgAanmeldpunt], walk.Orgs["De Hoeve Jeugdhulp"], walk.Orgs[demo.OrgRET]

	// Intake: the phone call first, then the registration.
	reg := map[string]any{"aanmeldreden": "Vastgelopen thuis en op school.", "overgangsclient": false,
		"toestemming": map[string]any{"vorm": "schriftelijk", "gegeven_door": "Ria Dekker", "datum": today()}}
	a.refused("toegang", "aanmelding", reg, http.StatusConflict, "Bel eerst")
	a.do("toegang", "telefonisch-overleg", map[string]any{"aanmeldpunt_id": desk, "datum": today(), "met": "Anja de Wit", "samenvatting": "Casus besproken."})
	a.refused("toegang", "aanmelding", map[string]any{"aanmeldreden": "", "toestemming": map[string]any{}}, http.StatusUnprocessableEntity, "reden van aanmelding")
	a.do("toegang", "aanmelding", reg)
	v := a.view("aanmeldpunt")
	if v["fase"] != "aanmelding" || v["aanmelding"].(map[string]any)["aanmeldgesprek_uiterlijk"] != kalender.Day(kalender.Default.Due(clock, kalender.Weeks(2))).Format("2006-01-02") {
		t.Fatalf("after the registration: %v", v)
	}
	if status, list := a.h.api("GET", "/api/v1/aanmeldingen", a.tok["aanmeldpunt"], "", ""); status.StatusCode != http.StatusOK || !strings.Contains(list, "Lina Dekker") {
		t.Fatalf("the desk's list: %d %s", status.StatusCode, list)
	}
	if _, work := a.h.api("GET", "/api/v1/mijn-werk", a.tok["aanmeldpunt"], "", ""); !strings.Contains(work, "Aanmeldgesprek voeren met jeugdige en verwijzer") {
		t.Fatalf("the intake talk is not on the desk's Mijn werk: %s", work)
	}
	a.refused("aanmeldpunt", "beoordeling", map[string]any{"urgentie": "eerder", "start_uiterlijk": "", "toelichting": ""}, http.StatusConflict, "Kies de dag")
	a.do("aanmeldpunt", "beoordeling", map[string]any{"urgentie": "regulier", "start_uiterlijk": "", "toelichting": "Geen acuut gevaar."})
	a.refused("aanmeldpunt", "aanmeldgesprek", map[string]any{"datum": today(), "jeugdige_aanwezig": true, "verwijzer_aanwezig": false, "verslag": "Gesprek."},
		http.StatusConflict, "de verwijzer samen")
	a.do("aanmeldpunt", "aanmeldgesprek", map[string]any{"datum": today(), "jeugdige_aanwezig": true, "verwijzer_aanwezig": true, "verslag": "Gesprek met Lina, moeder en verwijzer."})

	// The level during intake: licht, by the Toegang, its
	// gedragswetenschapper and the desk speaking for Crossroads.
	a.do("toegang", "voorstellen", map[string]any{"soort": "vaststelling", "niveau": "licht", "criteria": []string{"eigen_regie", "motivatie"}, "toelichting": "Lina houdt met hulp de regie."})
	id := a.lastVoorstel()
	a.do("gedragswetenschapper", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""})
	if n := a.view("toegang")["niveau"]; n != nil && n != "" {
		t.Fatalf("two deciders set the level: %v", n)
	}
	a.do("aanmeldpunt", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""})
	if n := a.view("toegang")["niveau"]; n != "licht" {
		t.Fatalf("after three: %v", n)
	}

	a.do("aanmeldpunt", "advies", map[string]any{"segment1": true, "regievoerder_id": hoeve, "hulpvorm": "Intensieve ambulante gezinsbehandeling", "ander_segment": "", "toelichting": ""})
	a.do("aanmeldpunt", "regievoerder", nil)
	if _, work := a.h.api("GET", "/api/v1/mijn-werk", a.token("aanbieder"), "", ""); !strings.Contains(work, "Behandelplan opstellen met de jeugdige en de hulp starten") {
		t.Fatalf("the start of help is not on the regievoerder's Mijn werk: %s", work)
	}
	a.do("aanbieder", "behandelplannen", map[string]any{"tekst": "Gezinsbehandeling twee keer per week.", "samen_met_jeugdige": true, "hulp_gestart": today(),
		"evaluatie_op": clock.AddDate(0, 2, 0).Format("2006-01-02")})

	// A stay (issue 16): one at a time, ended by the regievoerder; seed
	// 004's KPIs count from it.
	a.refused("aanbieder", "verblijven", map[string]any{"soort": "kamer", "begin": today()}, http.StatusUnprocessableEntity, "soort verblijf")
	a.do("aanbieder", "verblijven", map[string]any{"soort": "hybride", "met_ouder": true, "begin": today()})
	a.refused("aanbieder", "verblijven", map[string]any{"soort": "behandelverblijf", "begin": today()}, http.StatusConflict, "loopt al een verblijf")
	a.refused("toegang", "verblijven", map[string]any{"soort": "behandelverblijf", "begin": today()}, http.StatusConflict, "Uw rol legt dit niet vast")
	vb := a.view("aanbieder")["verblijven"].([]any)[0].(map[string]any)
	if vb["soort"] != "hybride" || vb["met_ouder"] != true || vb["eind"] != nil {
		t.Fatalf("stay: %v", vb)
	}
	a.do("aanbieder", "verblijven/"+fmt.Sprint(int64(vb["id"].(float64)))+"/einde", map[string]any{"eind": today()})
	if vb := a.view("aanbieder")["verblijven"].([]any)[0].(map[string]any); vb["eind"] != today() {
		t.Fatalf("stay not ended: %v", vb)
	}

	// Escalation licht → zwaar: refused with fewer than three.
	a.do("aanbieder", "voorstellen", map[string]any{"soort": "opschaling", "niveau": "", "criteria": []string{"toename_onveiligheid", "afstand_onvoldoende"}, "toelichting": "Geweld thuis gemeld."})
	id = a.lastVoorstel()
	a.refused("aanbieder", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""}, http.StatusConflict, "al geantwoord")
	a.refused("aanmeldpunt", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""}, http.StatusConflict, "beslissen")
	a.do("toegang", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""})
	if n := a.view("toegang")["niveau"]; n != "licht" {
		t.Fatalf("escalated with two: %v", n)
	}
	a.do("gedragswetenschapper", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""})
	if n := a.view("toegang")["niveau"]; n != "zwaar" {
		t.Fatalf("not escalated after three: %v", n)
	}

	// Regie: a signal, a meldcode action due at once, a zorgmelding
	// written together.
	a.do("aanbieder", "signalen", map[string]any{"onderwerp": "schulden", "tekst": "Het gezin heeft schulden; schuldhulp nodig."})
	sig := fmt.Sprint(int64(a.view("toegang")["signalen"].([]any)[0].(map[string]any)["id"].(float64)))
	a.do("toegang", "signalen/"+sig+"/reactie", map[string]any{"reactie": "Schuldhulp ingeschakeld."})
	a.do("aanbieder", "meldcode", map[string]any{"stap": "2", "tekst": "Veilig Thuis geraadpleegd."})
	status, work := a.h.api("GET", "/api/v1/mijn-werk", a.tok["toegang"], "", "")
	if status.StatusCode != http.StatusOK || !strings.Contains(work, "Direct afstemmen: de regievoerder handelt volgens de meldcode") {
		t.Fatalf("the meldcode is not on the coordinator's Mijn werk: %s", work)
	}
	a.do("aanbieder", "meldingen", map[string]any{"soort": "zorgmelding", "tekst": "Concept zorgmelding."})
	m := fmt.Sprint(int64(a.view("toegang")["meldingen"].([]any)[0].(map[string]any)["id"].(float64)))
	a.do("toegang", "meldingen/"+m+"/aanvulling", map[string]any{"aanvulling": "Aangevuld met de afspraken."})

	// A consultation of the RET, planned on its next Tuesday.
	a.do("aanbieder", "consultaties", map[string]any{"team_id": ret, "vraag": "Welke domeinoverstijgende inzet?"})
	cs := a.view("toegang")["consultaties"].([]any)
	c := cs[len(cs)-1].(map[string]any)
	if d, _ := time.Parse("2006-01-02", c["bespreekdag"].(string)); d.Weekday() != time.Tuesday || !d.After(kalender.Day(clock).Add(-time.Hour)) {
		t.Errorf("planned on %v", c["bespreekdag"])
	}
	if s, p := a.call("ret", "POST", fmt.Sprintf("/api/v1/consultaties/%d/advies", int64(c["id"].(float64))), map[string]any{"advies": "Betrek schuldhulp en school."}); s != http.StatusNoContent {
		t.Fatalf("advice: %d %v", s, p)
	}

	// Six months of safety, assessed as they pass; de-escalation with the
	// indicator, again by the three.
	start := clock
	for _, months := range []int{0, 3, 5} {
		clock = start.AddDate(0, months, 1)
		a.do("gedragswetenschapper", "veiligheidstaxaties", map[string]any{"datum": today(), "veilig": true, "toelichting": "Veilig thuis."})
	}
	if ind := a.view("toegang")["veiligheid"].(map[string]any); ind["zes_maanden_veilig"] != false {
		t.Fatalf("six months safe at five: %v", ind)
	}
	clock = start.AddDate(0, 6, 2)
	a.do("aanbieder", "veiligheidstaxaties", map[string]any{"datum": today(), "veilig": true, "toelichting": "Nog steeds veilig."})
	if ind := a.view("toegang")["veiligheid"].(map[string]any); ind["zes_maanden_veilig"] != true {
		t.Fatalf("six months safe at six: %v", ind)
	}
	a.do("toegang", "voorstellen", map[string]any{"soort": "afschaling", "niveau": "", "criteria": []string{"positieve_ontwikkeling"}, "toelichting": "Stabiel."})
	id = a.lastVoorstel()
	a.do("aanbieder", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""})
	if n := a.view("toegang")["niveau"]; n != "zwaar" {
		t.Fatalf("de-escalated with two: %v", n)
	}
	a.do("gedragswetenschapper", "voorstellen/"+id+"/instemmingen", map[string]any{"akkoord": true, "toelichting": ""})
	if v := a.view("toegang"); v["niveau"] != "licht" || v["voorstellen"].([]any)[2].(map[string]any)["zes_maanden_veilig"] != true {
		t.Fatalf("after de-escalation: %v", v["voorstellen"])
	}

	// Closing: the final evaluation with youth and referrer, the FOA with
	// its 3-month rule, the end date agreed, the coordination closed.
	end := clock.AddDate(0, 1, 0)
	afronding := map[string]any{"uitstroom": "ander_segment", "naar_segment": "3", "einddatum": end.Format("2006-01-02"), "overdracht": "Ambulante begeleiding door segment 3.",
		"lopende_hulp": []map[string]any{{"omschrijving": "Maatjesproject", "tot": end.AddDate(0, 4, 0).Format("2006-01-02"), "in_foa": false}}}
	a.refused("aanbieder", "afronding", afronding, http.StatusConflict, "eindevaluatie")
	a.do("aanbieder", "evaluaties", map[string]any{"soort": "eind", "datum": today(), "tekst": "Doelen grotendeels bereikt.", "met_jeugdige": true, "met_verwijzer": true})
	a.refused("aanbieder", "afronding", afronding, http.StatusConflict, "3 maanden")
	afronding["lopende_hulp"] = []map[string]any{{"omschrijving": "Maatjesproject", "tot": end.AddDate(0, 2, 0).Format("2006-01-02"), "in_foa": false},
		{"omschrijving": "Ambulante begeleiding", "tot": end.AddDate(0, 9, 0).Format("2006-01-02"), "in_foa": true}}
	a.do("aanbieder", "afronding", afronding)
	a.do("toegang", "einddatum", map[string]any{"akkoord": true, "toelichting": ""})
	a.do("toegang", "afsluiting", map[string]any{"toelichting": "Overgedragen aan segment 3."})
	v = a.view("toegang")
	af := v["afronding"].(map[string]any)
	if v["fase"] != "gesloten" || af["naar_segment"] != "3" || af["einde_afgestemd"] != true || len(v["open_acties"].([]any)) != 0 {
		t.Fatalf("at the end: %v", v)
	}
	// The history tells the story, without a text of the forms.
	status, hist := a.h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/geschiedenis", st.TrajectoryID), a.tok["toegang"], "", "")
	for _, want := range []string{"Telefonisch vooroverleg", "Opschaling naar coördinatie zwaar besloten", "Afschaling naar coördinatie licht besloten", "FOA naar Segment 3", "Coördinatie segment 1 afgesloten"} {
		if status.StatusCode != http.StatusOK || !strings.Contains(hist, want) {
			t.Errorf("history lacks %q", want)
		}
	}
}

func (a *s1api) token(who string) string {
	if _, ok := a.tok[who]; !ok {
		a.tok[who] = a.h.token(who + "@demo.jeugdhulp.nl")
	}
	return a.tok[who]
}
