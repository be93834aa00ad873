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
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// The GI and medical-domain routes walked end to end through the JSON API,
// each step as the user of that route who takes it: the GI, the GP, the
// provider and the back office of the responsible municipality. Every iJw
// message a walk writes is downloaded and checked against the XSD (the
// decoder and xmllint) and the standard's in-message rules.

const (
	gmGI        = "gi@demo.jeugdhulp.nl"
	gmHuisarts  = "huisarts@demo.jeugdhulp.nl"
	gmAanbieder = "aanbieder@demo.jeugdhulp.nl"
	gmTilburgBO = "backoffice@demo.jeugdhulp.nl"
	gmProvider  = "De Hoeve Jeugdhulp"
	gmAGB       = "98000001" // De Hoeve's AGB code in the demo
	gmGPCode    = "01234567" // the GP's AGB code in these tests
)

// gmAccount creates an account in organisation org (for one without a
// demo account) and returns its API client.
func gmAccount(h *harness, email, org string, role access.Role) *apiClient {
	h.t.Helper()
	if _, err := h.app.Accounts.Create(context.Background(), account.NewUser{Email: email, Name: role.Label() + " " + org, OrgID: h.orgID(org),
		Roles: []access.Role{role}, Password: "lang genoeg wachtwoord"}); err != nil {
		h.t.Fatal(err)
	}
	return h.apiAs(email)
}

// gmToday is the day the tests act on, as the server sees it.
func gmToday() time.Time { return time.Now().UTC() }

func gmDay(t time.Time) string { return t.Format("2006-01-02") }

// gmRequest is a request for help about a youth of age living in
// municipality.
func gmRequest(h *harness, bsn, municipality string, age int) map[string]any {
	today := gmToday()
	return map[string]any{
		"jeugdige": map[string]any{"bsn": bsn, "voornaam": "Mees", "achternaam": "van den Berg", "geboortedatum": gmDay(today.AddDate(-age, 0, -20)),
			"straat": "Kerkstraat", "huisnummer": "12", "postcode": "5000AB", "woonplaats": municipality, "gemeente_id": h.orgID("Gemeente " + municipality)},
		"eerste_melding": gmDay(today.AddDate(0, 0, -2)),
		"gezaghebbenden": []map[string]any{{"voornamen": "Anouk", "tussenvoegsel": "van den", "achternaam": "Berg", "relatie": "ouder", "gezag": true}},
	}
}

func gmMaatregel() map[string]any {
	return map[string]any{"soort": "ots", "uitspraak_datum": gmDay(gmToday().AddDate(0, 0, -5)), "kenmerk": "C/02/400123 JE RK 26-17",
		"raad_rapport": "Raadsrapport 2026-0417 van 10 maart"}
}

func gmBase(id int64) string { return fmt.Sprintf("/api/v1/trajecten/%d", id) }

func gmID(m map[string]any) int64 { return int64(m["id"].(float64)) }

// gmView reads the trajectory as c.
func gmView(c *apiClient, id int64) map[string]any {
	c.t.Helper()
	return c.call("GET", gmBase(id), nil, http.StatusOK)
}

// gmAt checks the trajectory's step and, when party is not "", that its
// next action belongs to that party in that role.
func gmAt(t *testing.T, c *apiClient, id int64, step, party, role string) map[string]any {
	t.Helper()
	v := gmView(c, id)
	if v["stap"] != step {
		t.Fatalf("trajectory %d at %v (%v), want %s", id, v["stap"], v["stap_naam"], step)
	}
	if party == "" && step == "toegewezen" {
		// The route is done; the provider owes the report of the start of
		// care (JW305), a duty beside the route.
		if a := v["acties"].([]any); len(a) != 1 || !strings.Contains(fmt.Sprint(a[0]), "Start van de zorg melden") || a[0].(map[string]any)["stap"] != "" {
			t.Fatalf("trajectory %d at %s: actions %v, want the start of care only", id, step, v["acties"])
		}
		return v
	}
	if party == "" {
		if v["volgende_actie"] != nil || len(v["acties"].([]any)) != 0 {
			t.Fatalf("trajectory %d at %s still has actions: %v", id, step, v["acties"])
		}
		return v
	}
	na, _ := v["volgende_actie"].(map[string]any)
	if na == nil || na["stap"] != step || na["eigenaar"] != party || na["rol"] != role {
		t.Fatalf("trajectory %d at %s: next action %v, want %s as %s", id, step, na, party, role)
	}
	if acties := v["acties"].([]any); len(acties) == 0 || fmt.Sprint(acties[0]) != fmt.Sprint(na) {
		t.Fatalf("acties %v do not start with volgende_actie %v", acties, na)
	}
	// uiterlijk is the Amsterdam day of uiterlijk_tijdstip.
	due, err := time.Parse(time.RFC3339, na["uiterlijk_tijdstip"].(string))
	if err != nil || kalender.Day(due).Format("2006-01-02") != na["uiterlijk"] {
		t.Fatalf("uiterlijk %v does not match uiterlijk_tijdstip %v", na["uiterlijk"], na["uiterlijk_tijdstip"])
	}
	return v
}

// gmIPVA writes the IPVA as c, signs it as signers (role → name), records
// the family's consent for the provider when consent is set, and finishes
// it: the gaps list must be empty first.
func gmIPVA(t *testing.T, h *harness, c *apiClient, id int64, signers [][2]string, consent bool) {
	t.Helper()
	today := gmToday()
	base := gmBase(id)
	c.call("PUT", base+"/ipva", map[string]any{"versie": 0, "ipva": ipvaDoc(today)}, http.StatusOK)
	for _, s := range signers {
		c.call("POST", base+"/ondertekeningen", map[string]any{"ondertekenaar": s[0], "naam": s[1], "datum": gmDay(today)}, http.StatusNoContent)
	}
	if consent {
		c.call("POST", base+"/toestemmingen", map[string]any{"aanbieder_id": h.orgID(gmProvider), "vorm": "schriftelijk",
			"gegeven_door": "Anouk van den Berg", "gegeven_op": gmDay(today)}, http.StatusNoContent)
	}
	if gaps := c.call("GET", base+"/ipva/ontbrekend", nil, http.StatusOK); gaps["raw"] != "[]\n" {
		t.Fatalf("IPVA of trajectory %d still has gaps: %v", id, gaps)
	}
	c.call("POST", base+"/ipva/afronding", nil, http.StatusNoContent)
}

// gmGIToBepaling registers a youth on a court order as the GI gi and walks
// the GI route up to the bepaling: IPVA signed by the author only, without
// consent, arrangement, provider (no consent needed), acceptance, beknopt
// plan and akkoord.
func gmGIToBepaling(t *testing.T, h *harness, gi, aanbieder *apiClient, bsn, municipality string, age int) int64 {
	t.Helper()
	req := gmRequest(h, bsn, municipality, age)
	req["maatregel"] = gmMaatregel()
	st := gi.call("POST", "/api/v1/trajecten", req, http.StatusCreated)
	if st["route"] != "gi" || st["bekend"] != false {
		t.Fatalf("GI registration: %v", st)
	}
	id := gmID(st)
	base := gmBase(id)
	v := gmAt(t, gi, id, "ipva", "verwijzer", "gi_medewerker")
	if v["route_naam"] != "Via een gecertificeerde instelling" || v["stap_naam"] != "1–2 IVA en IPVA" {
		t.Fatalf("GI route names: %v, %v", v["route_naam"], v["stap_naam"])
	}
	if m, _ := v["grondslag"].(map[string]any)["maatregel"].(map[string]any); m == nil || m["soort"] != "ots" || m["uitspraak_datum"] != gmMaatregel()["uitspraak_datum"] {
		t.Fatalf("grondslag: %v", v["grondslag"])
	}
	na := v["volgende_actie"].(map[string]any)
	if melding, _ := time.Parse("2006-01-02", v["eerste_melding"].(string)); na["uiterlijk"] != gmDay(melding.AddDate(0, 0, 28)) {
		t.Fatalf("IPVA due %v, want 4 weeks after the first request %v", na["uiterlijk"], v["eerste_melding"])
	}
	gmIPVA(t, h, gi, id, [][2]string{{"auteur", "G. Jeugdbeschermer"}}, false)
	gi.call("PUT", base+"/arrangement", map[string]any{"arrangement": 2, "intensiteit": 1}, http.StatusNoContent)
	gi.call("PUT", base+"/aanbieder", map[string]any{"aanbieder_id": h.orgID(gmProvider)}, http.StatusNoContent)
	gmAt(t, gi, id, "acceptatie", "aanbieder", "jeugdhulpaanbieder")
	aanbieder.call("POST", base+"/acceptatie", map[string]any{"accepteren": true}, http.StatusNoContent)
	aanbieder.call("PUT", base+"/beknopt-plan", map[string]any{"geadviseerde_intensiteit": 1,
		"activiteiten":        []map[string]any{{"omschrijving": "Gezinsbegeleiding", "frequentie": "1x per week"}},
		"verwachte_einddatum": gmToday().AddDate(0, 5, 0), "tekst": "Wekelijkse gezinsbegeleiding thuis, gericht op de resultaten uit het IPVA."}, http.StatusNoContent)
	gi.call("POST", base+"/akkoord", map[string]any{"besluit": "akkoord"}, http.StatusNoContent)
	if v := gmAt(t, gi, id, "bepaling", "verwijzer", "gi_medewerker"); v["stap_naam"] != "7 Bepaling jeugdhulp" {
		t.Fatalf("GI step name: %v", v["stap_naam"])
	}
	return id
}

// gmMedischToVerzoek registers a youth as the GP, referring to De Hoeve,
// and walks the medical route as the provider up to the verzoek: the IPVA
// signed by the author and the family as the youth's age asks, consent,
// and the arrangement.
func gmMedischToVerzoek(t *testing.T, h *harness, gp, aanbieder *apiClient, bsn, municipality string, age int) int64 {
	t.Helper()
	req := gmRequest(h, bsn, municipality, age)
	req["verwijzer"] = map[string]any{"type": "02", "zorgverlenercode": gmGPCode, "naam": "Huisartsenpraktijk De Linde"}
	req["aanbieder_id"] = h.orgID(gmProvider)
	st := gp.call("POST", "/api/v1/trajecten", req, http.StatusCreated)
	if st["route"] != "medisch" {
		t.Fatalf("medical registration: %v", st)
	}
	id := gmID(st)
	base := gmBase(id)
	v := gmAt(t, aanbieder, id, "ipva", "aanbieder", "jeugdhulpaanbieder")
	if v["route_naam"] != "Via het medisch domein" || v["stap_naam"] != "1–2 IVA en plan" || v["aanbieder_id"].(float64) != float64(h.orgID(gmProvider)) {
		t.Fatalf("medical route: %v, %v, provider %v", v["route_naam"], v["stap_naam"], v["aanbieder_id"])
	}
	if vw, _ := v["grondslag"].(map[string]any)["verwijzer"].(map[string]any); vw == nil || vw["type"] != "02" || vw["zorgverlenercode"] != gmGPCode {
		t.Fatalf("grondslag: %v", v["grondslag"])
	}
	signers := [][2]string{{"auteur", "A. Regievoerder"}}
	if age >= 12 {
		signers = append(signers, [2]string{"jeugdige", "Mees van den Berg"})
	}
	if age < 16 {
		signers = append(signers, [2]string{"gezaghebbende", "Anouk van den Berg"})
	}
	gmIPVA(t, h, aanbieder, id, signers, true)
	gmAt(t, aanbieder, id, "arrangement", "aanbieder", "jeugdhulpaanbieder")
	aanbieder.call("PUT", base+"/arrangement", map[string]any{"arrangement": 2, "intensiteit": 2}, http.StatusNoContent)
	if v := gmAt(t, aanbieder, id, "verzoek", "aanbieder", "jeugdhulpaanbieder"); v["stap_naam"] != "7 Verzoek om toewijzing" {
		t.Fatalf("medical step name: %v", v["stap_naam"])
	}
	return id
}

// gmMessage downloads the newest message soort of trajectory id as c and
// checks it: the XSD (decoder and xmllint) and the in-message rules.
func gmMessage(t *testing.T, h *harness, c *apiClient, id int64, soort string) ijw.Message {
	t.Helper()
	resp, xml := h.api("GET", gmBase(id)+"/berichten/"+soort, c.token, "", "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/xml" {
		t.Fatalf("%s of trajectory %d: %d %s %.300s", soort, id, resp.StatusCode, resp.Header.Get("Content-Type"), xml)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, soort) || strings.Contains(cd, "Berg") {
		t.Fatalf("%s file name: %s", soort, cd)
	}
	m, err := ijw.Decode(strings.NewReader(xml))
	if err != nil {
		t.Fatalf("%s fails the XSD: %v", soort, err)
	}
	if string(m.MessageType()) != strings.ToUpper(soort) {
		t.Fatalf("/berichten/%s gave a %s", soort, m.MessageType())
	}
	if f := ijw.Validate(m); len(f) > 0 {
		t.Fatalf("%s breaks %s: %s", soort, f[0].Rule.Code, f[0].Msg)
	}
	xmllintCheck(t, strings.ToUpper(soort), xml)
	return m
}

// gmNoMessage checks that trajectory id has no message soort.
func gmNoMessage(t *testing.T, h *harness, c *apiClient, id int64, soort string) {
	t.Helper()
	if resp, body := h.api("GET", gmBase(id)+"/berichten/"+soort, c.token, "", ""); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("trajectory %d has a %s: %d %.200s", id, soort, resp.StatusCode, body)
	}
}

// gmPDF downloads a PDF of trajectory id and checks its file name holds no
// client data.
func gmPDF(t *testing.T, h *harness, c *apiClient, id int64, what, bsn string) {
	t.Helper()
	resp, pdf := h.api("GET", gmBase(id)+"/"+what, c.token, "", "")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("%s of trajectory %d: %d %s %.40q", what, id, resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || strings.Contains(cd, "Berg") || strings.Contains(cd, "Mees") || strings.Contains(cd, bsn) {
		t.Fatalf("client data in the file name of the %s: %s", what, cd)
	}
}

func gmStatus(h *harness, c *apiClient, id int64, what string) int {
	resp, _ := h.api("GET", gmBase(id)+"/"+what, c.token, "", "")
	return resp.StatusCode
}

// gmRefused posts body as c and wants a 409 step refusal whose Dutch
// detail contains want.
func gmRefused(t *testing.T, c *apiClient, method, path string, body any, want string) {
	t.Helper()
	p := c.call(method, path, body, http.StatusConflict)
	if p["type"] != "https://jeugdhulp.nl/problemen/stap-geweigerd" || !strings.Contains(fmt.Sprint(p["detail"]), want) {
		t.Fatalf("%s %s: %v, want a refusal with %q", method, path, p, want)
	}
}

// gmInvalid posts body as c and wants a 422 naming field.
func gmInvalid(t *testing.T, c *apiClient, method, path string, body any, field string) {
	t.Helper()
	p := c.call(method, path, body, http.StatusUnprocessableEntity)
	if fe, _ := p["fouten"].(map[string]any); fe[field] == nil {
		t.Fatalf("%s %s: %v, want a message for %s", method, path, p, field)
	}
}

// gmHistory reads the history through /geschiedenis and checks it is the
// view's, in order, and that it runs as want: each entry's kind (one of
// the kinds separated by "|") and the start of its text.
func gmHistory(t *testing.T, c *apiClient, id int64, want [][2]string) []map[string]any {
	t.Helper()
	resp, body := c.h.api("GET", gmBase(id)+"/geschiedenis", c.token, "", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("geschiedenis: %d %s", resp.StatusCode, body)
	}
	var events []map[string]any
	if err := json.Unmarshal([]byte(body), &events); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(gmView(c, id)["geschiedenis"]) != fmt.Sprint(events) {
		t.Fatalf("/geschiedenis and the view's geschiedenis differ")
	}
	var lines []string
	for _, e := range events {
		lines = append(lines, fmt.Sprintf("%v: %v (%v)", e["soort"], e["wat"], e["organisatie"]))
	}
	all := strings.Join(lines, "\n")
	if len(events) != len(want) {
		t.Fatalf("history has %d events, want %d:\n%s", len(events), len(want), all)
	}
	var last time.Time
	for i, e := range events {
		at, err := time.Parse(time.RFC3339, e["tijdstip"].(string))
		if err != nil || at.Before(last) {
			t.Fatalf("event %d out of order or without tijdstip: %v\n%s", i, e, all)
		}
		last = at
		kinds := strings.Split(want[i][0], "|")
		if !contains(kinds, e["soort"].(string)) || !strings.HasPrefix(e["wat"].(string), want[i][1]) {
			t.Fatalf("event %d is %q, want %s %q…:\n%s", i, lines[i], want[i][0], want[i][1], all)
		}
	}
	return events
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// gmWorkHas reports whether c's Mijn werk lists trajectory id at step for
// party.
func gmWorkHas(c *apiClient, id int64, step, party string) bool {
	c.t.Helper()
	resp, body := c.h.api("GET", "/api/v1/mijn-werk", c.token, "", "")
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("mijn-werk: %d %s", resp.StatusCode, body)
	}
	var items []struct {
		TrajectID int64 `json:"traject_id"`
		Actie     struct {
			Stap, Eigenaar, Rol string
		} `json:"actie"`
	}
	if err := json.Unmarshal([]byte(body), &items); err != nil {
		c.t.Fatal(err)
	}
	for _, it := range items {
		if it.TrajectID == id && it.Actie.Stap == step && it.Actie.Eigenaar == party {
			return true
		}
	}
	return false
}

// TestGIRouteAPIJBB walks the GI route of JBB: after the bepaling the
// provider always sends a JW315; the back office of the youth's
// municipality grants it, and the JW301 carries the provider's reference.
// Waalwijk issues a beschikking on the GI route, Tilburg does not.
func TestGIRouteAPIJBB(t *testing.T) {
	h := newHarness(t)
	gi, aanbieder := h.apiAs(gmGI), h.apiAs(gmAanbieder)
	waalwijk := gmAccount(h, "backoffice@waalwijk.nl", "Gemeente Waalwijk", access.Backoffice)
	tilburg := h.apiAs(gmTilburgBO)

	// A GI must send the court order; a malformed date is a field error.
	noOrder := gmRequest(h, "180967927", "Waalwijk", 14)
	gmInvalid(t, gi, "POST", "/api/v1/trajecten", noOrder, "maatregel")
	badDate := gmRequest(h, "180967927", "Waalwijk", 14)
	badDate["maatregel"] = map[string]any{"soort": "ots", "uitspraak_datum": "vorige week", "kenmerk": "x", "raad_rapport": "y"}
	gmInvalid(t, gi, "POST", "/api/v1/trajecten", badDate, "maatregel.uitspraak_datum")

	for _, tc := range []struct {
		municipality, bsn, cbs string
		bo                     *apiClient
		beschikking            bool
	}{
		{"Waalwijk", "180967927", "0867", waalwijk, true},
		{"Tilburg", "908100334", "0855", tilburg, false},
	} {
		t.Run(tc.municipality, func(t *testing.T) {
			id := gmGIToBepaling(t, h, gi, aanbieder, tc.bsn, tc.municipality, 14)
			base := gmBase(id)
			// The GI route has no aanvraag, and the bepaling is the GI's.
			gmRefused(t, gi, "POST", base+"/aanvraag", nil, "Op de GI-route dient de GI geen aanvraag in")
			gmRefused(t, aanbieder, "POST", base+"/bepaling", map[string]any{"zorg_start": gmDay(gmToday())}, "andere organisatie")
			gmInvalid(t, gi, "POST", base+"/bepaling", map[string]any{"zorg_start": "morgen"}, "zorg_start")

			gi.call("POST", base+"/bepaling", map[string]any{"zorg_start": gmDay(gmToday())}, http.StatusNoContent)
			v := gmAt(t, aanbieder, id, "verzoek", "aanbieder", "jeugdhulpaanbieder")
			if v["zorg_start"] != gmDay(gmToday()) {
				t.Fatalf("zorg_start %v", v["zorg_start"])
			}
			if docs := fmt.Sprint(v["documenten"]); !strings.Contains(docs, "bepaling-jeugdhulp") {
				t.Fatalf("no bepaling letter among the documents: %s", docs)
			}
			if !gmWorkHas(aanbieder, id, "verzoek", "aanbieder") {
				t.Fatalf("the verzoek is not on the provider's Mijn werk")
			}
			// The provider downloads the GI's letter.
			gmPDF(t, h, aanbieder, id, "bepaling-brief", tc.bsn)
			gmNoMessage(t, h, aanbieder, id, "jw315")

			aanbieder.call("POST", base+"/verzoek", map[string]any{"ingangsdatum": gmDay(gmToday())}, http.StatusNoContent)
			gmAt(t, tc.bo, id, "besluit", "gemeente", "backoffice")
			if !gmWorkHas(tc.bo, id, "besluit", "gemeente") {
				t.Fatalf("the verzoek is not on the back office's Mijn werk")
			}
			jw315 := gmMessage(t, h, aanbieder, id, "jw315").(*ijw.JW315)
			ref := jw315.Client.AangevraagdeProducten.AangevraagdProduct[0].ReferentieAanbieder
			if jw315.Header.Afzender != gmAGB || jw315.Header.Ontvanger != tc.cbs || ref == "" {
				t.Fatalf("JW315 from %s to %s, reference %q", jw315.Header.Afzender, jw315.Header.Ontvanger, ref)
			}
			if vw := jw315.Client.AangevraagdeProducten.AangevraagdProduct[0].Verwijzer; vw.Type != "04" || vw.Naam != "Jeugdbescherming Brabant" {
				t.Fatalf("JW315 Verwijzer %+v, want the GI (04)", vw)
			}

			out := tc.bo.call("POST", base+"/besluit", map[string]any{"toegekend": true, "ingangsdatum": gmDay(gmToday()),
				"einddatum": gmDay(gmToday().AddDate(0, 6, 0)), "motivering": "Conform de bepaling jeugdhulp."}, http.StatusOK)
			if out["besluit"] != "toegekend" || out["toewijzing"].(map[string]any)["beschikking"] != tc.beschikking {
				t.Fatalf("decision: %v", out)
			}
			gmAt(t, tc.bo, id, "toegewezen", "", "")
			jw301 := gmMessage(t, h, tc.bo, id, "jw301").(*ijw.JW301)
			if got := jw301.Client.ToegewezenProducten.ToegewezenProduct[0].ReferentieAanbieder; got != ref {
				t.Fatalf("JW301 ReferentieAanbieder %q, want the JW315's %q", got, ref)
			}
			if jw301.Header.Afzender != tc.cbs || jw301.Header.Ontvanger != gmAGB {
				t.Fatalf("JW301 from %s to %s", jw301.Header.Afzender, jw301.Header.Ontvanger)
			}
			// The provider reads the JW301 it received.
			gmMessage(t, h, aanbieder, id, "jw301")
			if tc.beschikking {
				gmPDF(t, h, tc.bo, id, "beschikking", tc.bsn)
			} else if s := gmStatus(h, tc.bo, id, "beschikking"); s != http.StatusNotFound {
				t.Fatalf("%s is beschikkingsvrij on the GI route, yet the beschikking answers %d", tc.municipality, s)
			}
			if s := gmStatus(h, tc.bo, id, "berichten/jw999"); s != http.StatusNotFound {
				t.Fatalf("unknown message type: %d", s)
			}

			v = gmView(tc.bo, id)
			var types []string
			for _, b := range v["berichten"].([]any) {
				m := b.(map[string]any)
				types = append(types, m["type"].(string))
				if m["referentie"] != ref {
					t.Fatalf("message %v without the verzoek's reference %s", m, ref)
				}
			}
			if strings.Join(types, " ") != "JW315 JW301" {
				t.Fatalf("messages %v", types)
			}

			want := [][2]string{
				{"registratie", "Hulpvraag geregistreerd: Via een gecertificeerde instelling"},
				{"ondertekening", "IPVA ondertekend door"},
				{"stap", "IPVA afgerond"},
				{"stap", "Arrangement gekozen: arrangement 2, intensiteit 1 (50H21)"},
				{"stap", "Aanbieder gekozen en IPVA gedeeld: De Hoeve Jeugdhulp"},
				{"stap", "Verwijzing geaccepteerd"},
				{"stap", "Beknopt plan ingediend"},
				{"stap", "Akkoord op het beknopt plan"},
				{"document", "Brief bij de bepaling jeugdhulp verstuurd aan De Hoeve Jeugdhulp"},
				{"stap", "Bepaling jeugdhulp verstuurd aan gemeente en aanbieder; de aanbieder vraagt de toewijzing aan met een JW315"},
				{"bericht", "Verzoek om toewijzing (JW315)"},
				{"stap", "Verzoek om toewijzing ingediend"},
				{"stap|besluit", "Toegewezen"},
			}
			if tc.beschikking {
				want = append(want, [2]string{"document", "Beschikking verstuurd"})
			}
			events := gmHistory(t, tc.bo, id, want)
			for i, org := range map[int]string{0: "Jeugdbescherming Brabant", 8: "Jeugdbescherming Brabant", 10: gmProvider, 12: "Gemeente " + tc.municipality} {
				if events[i]["organisatie"] != org {
					t.Fatalf("event %d by %v, want %s", i, events[i]["organisatie"], org)
				}
			}
		})
	}
}

// TestGIRouteAPIWSG: after a bepaling of WSG the provider sends a JW315
// only for care starting on or after 1 September 2019; before that the
// municipality decides on the bepaling itself.
func TestGIRouteAPIWSG(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if _, err := h.app.Orgs.Create(ctx, organisation.Organisation{Name: "William Schrikker Jeugdbescherming", Kind: organisation.GI, GIKind: "WSG"}); err != nil {
		t.Fatal(err)
	}
	wsg := gmAccount(h, "jeugdbeschermer@wsg.nl", "William Schrikker Jeugdbescherming", access.GIMedewerker)
	aanbieder, bo := h.apiAs(gmAanbieder), h.apiAs(gmTilburgBO)

	t.Run("zorg vóór 1 september 2019", func(t *testing.T) {
		id := gmGIToBepaling(t, h, wsg, aanbieder, "907579383", "Tilburg", 16)
		base := gmBase(id)
		wsg.call("POST", base+"/bepaling", map[string]any{"zorg_start": "2019-08-15"}, http.StatusNoContent)
		v := gmAt(t, bo, id, "besluit", "gemeente", "backoffice")
		if v["zorg_start"] != "2019-08-15" {
			t.Fatalf("zorg_start %v", v["zorg_start"])
		}
		gmRefused(t, aanbieder, "POST", base+"/verzoek", map[string]any{"ingangsdatum": "2019-08-15"}, "Deze stap kan nu niet")
		gmNoMessage(t, h, aanbieder, id, "jw315")
		gmPDF(t, h, aanbieder, id, "bepaling-brief", "907579383")
		// Without a verzoek there is nothing to answer with a JW319.
		gmRefused(t, bo, "POST", base+"/besluit", map[string]any{"in_onderzoek": true, "motivering": "Even kijken."}, "Alleen een verzoek om toewijzing")
		out := bo.call("POST", base+"/besluit", map[string]any{"toegekend": true, "ingangsdatum": "2019-08-15", "motivering": "Conform de bepaling jeugdhulp."}, http.StatusOK)
		if out["besluit"] != "toegekend" {
			t.Fatalf("decision: %v", out)
		}
		jw301 := gmMessage(t, h, bo, id, "jw301").(*ijw.JW301)
		if p := jw301.Client.ToegewezenProducten.ToegewezenProduct[0]; p.ReferentieAanbieder != "" || jw301.Header.Afzender != "0855" {
			t.Fatalf("JW301 on a bepaling without verzoek: reference %q, from %s", p.ReferentieAanbieder, jw301.Header.Afzender)
		}
		if s := gmStatus(h, bo, id, "beschikking"); s != http.StatusNotFound {
			t.Fatalf("Tilburg is beschikkingsvrij on the GI route, yet the beschikking answers %d", s)
		}
		gmHistory(t, bo, id, [][2]string{
			{"registratie", "Hulpvraag geregistreerd"}, {"ondertekening", "IPVA ondertekend"}, {"stap", "IPVA afgerond"}, {"stap", "Arrangement gekozen"},
			{"stap", "Aanbieder gekozen"}, {"stap", "Verwijzing geaccepteerd"}, {"stap", "Beknopt plan ingediend"}, {"stap", "Akkoord"},
			{"document", "Brief bij de bepaling jeugdhulp"}, {"stap", "Bepaling jeugdhulp verstuurd aan gemeente en aanbieder; de gemeente wijst toe op de bepaling"},
			{"stap|besluit", "Toegewezen"},
		})
	})
	t.Run("zorg vanaf 1 september 2019", func(t *testing.T) {
		id := gmGIToBepaling(t, h, wsg, aanbieder, "347017460", "Tilburg", 16)
		base := gmBase(id)
		wsg.call("POST", base+"/bepaling", map[string]any{"zorg_start": "2019-09-01"}, http.StatusNoContent)
		gmAt(t, aanbieder, id, "verzoek", "aanbieder", "jeugdhulpaanbieder")
		gmRefused(t, aanbieder, "POST", base+"/verzoek", map[string]any{"ingangsdatum": "2019-08-31"}, "De ingangsdatum ligt voor de start van de zorg")
		gmInvalid(t, aanbieder, "POST", base+"/verzoek", map[string]any{"ingangsdatum": "1-9-2019"}, "ingangsdatum")
		aanbieder.call("POST", base+"/verzoek", map[string]any{"ingangsdatum": gmDay(gmToday())}, http.StatusNoContent)
		gmAt(t, bo, id, "besluit", "gemeente", "backoffice")
		jw315 := gmMessage(t, h, aanbieder, id, "jw315").(*ijw.JW315)
		if vw := jw315.Client.AangevraagdeProducten.AangevraagdProduct[0].Verwijzer; vw.Type != "04" || vw.Naam != "William Schrikker Jeugdbescherming" {
			t.Fatalf("JW315 Verwijzer %+v", vw)
		}
		bo.call("POST", base+"/besluit", map[string]any{"toegekend": true, "ingangsdatum": gmDay(gmToday()), "motivering": "Conform."}, http.StatusOK)
		jw301 := gmMessage(t, h, bo, id, "jw301").(*ijw.JW301)
		if got, want := jw301.Client.ToegewezenProducten.ToegewezenProduct[0].ReferentieAanbieder, jw315.Client.AangevraagdeProducten.AangevraagdProduct[0].ReferentieAanbieder; got != want {
			t.Fatalf("JW301 reference %q, want %q", got, want)
		}
	})
}

// TestMedischRouteAPI walks the medical route: the GP refers to a provider,
// which writes the IPVA with the family, chooses the arrangement and sends
// a JW315; the back office of the youth's municipality grants it. Tilburg
// issues no beschikking on the medical route; Dongen does, and its JW301
// carries Dongen's code.
func TestMedischRouteAPI(t *testing.T) {
	h := newHarness(t)
	gp, aanbieder := h.apiAs(gmHuisarts), h.apiAs(gmAanbieder)
	dongen := gmAccount(h, "backoffice@dongen.nl", "Gemeente Dongen", access.Backoffice)
	tilburg := h.apiAs(gmTilburgBO)

	// The GP must name the referrer and the provider.
	gmInvalid(t, gp, "POST", "/api/v1/trajecten", gmRequest(h, "191614610", "Tilburg", 13), "verwijzer")
	noProvider := gmRequest(h, "191614610", "Tilburg", 13)
	noProvider["verwijzer"] = map[string]any{"type": "02", "zorgverlenercode": "123", "naam": "Dokter"}
	p := gp.call("POST", "/api/v1/trajecten", noProvider, http.StatusUnprocessableEntity)
	if fe := p["fouten"].(map[string]any); fe["aanbieder_id"] == nil || fe["verwijzer.zorgverlenercode"] == nil {
		t.Fatalf("field errors: %v", fe)
	}

	for _, tc := range []struct {
		municipality, bsn, cbs string
		age                    int
		bo                     *apiClient
		beschikking            bool
	}{
		{"Tilburg", "191614610", "0855", 13, tilburg, false},
		{"Dongen", "619345147", "0766", 9, dongen, true},
	} {
		t.Run(tc.municipality, func(t *testing.T) {
			id := gmMedischToVerzoek(t, h, gp, aanbieder, tc.bsn, tc.municipality, tc.age)
			base := gmBase(id)
			// The medical route has no provider choice, plan or bepaling.
			gmRefused(t, aanbieder, "PUT", base+"/aanbieder", map[string]any{"aanbieder_id": h.orgID(gmProvider)}, "staat de aanbieder al in de verwijzing")
			gmRefused(t, aanbieder, "POST", base+"/bepaling", map[string]any{"zorg_start": gmDay(gmToday())}, "geen bepaling jeugdhulp")
			aanbieder.call("POST", base+"/verzoek", map[string]any{"ingangsdatum": gmDay(gmToday())}, http.StatusNoContent)
			gmAt(t, tc.bo, id, "besluit", "gemeente", "backoffice")
			jw315 := gmMessage(t, h, aanbieder, id, "jw315").(*ijw.JW315)
			ap := jw315.Client.AangevraagdeProducten.AangevraagdProduct[0]
			if ap.Verwijzer.Type != "02" || ap.Verwijzer.ZorgverlenerCode != gmGPCode || jw315.Header.Ontvanger != tc.cbs || ap.Product.Code != "50H22" {
				t.Fatalf("JW315: verwijzer %+v, to %s, product %+v", ap.Verwijzer, jw315.Header.Ontvanger, ap.Product)
			}
			out := tc.bo.call("POST", base+"/besluit", map[string]any{"toegekend": true, "ingangsdatum": gmDay(gmToday()), "motivering": "Verzoek voldoet."}, http.StatusOK)
			if out["besluit"] != "toegekend" || out["toewijzing"].(map[string]any)["beschikking"] != tc.beschikking {
				t.Fatalf("decision: %v", out)
			}
			gmAt(t, tc.bo, id, "toegewezen", "", "")
			jw301 := gmMessage(t, h, tc.bo, id, "jw301").(*ijw.JW301)
			if jw301.Header.Afzender != tc.cbs || jw301.Client.ToegewezenProducten.ToegewezenProduct[0].ReferentieAanbieder != ap.ReferentieAanbieder {
				t.Fatalf("JW301 from %s, reference %q; want %s, %q", jw301.Header.Afzender,
					jw301.Client.ToegewezenProducten.ToegewezenProduct[0].ReferentieAanbieder, tc.cbs, ap.ReferentieAanbieder)
			}
			if tc.beschikking {
				gmPDF(t, h, tc.bo, id, "beschikking", tc.bsn)
			} else if s := gmStatus(h, tc.bo, id, "beschikking"); s != http.StatusNotFound {
				t.Fatalf("Tilburg is beschikkingsvrij on the medical route, yet the beschikking answers %d", s)
			}
			want := [][2]string{{"registratie", "Hulpvraag geregistreerd: Via het medisch domein"}}
			signers := 1 // the author; the family as the youth's age asks
			if tc.age >= 12 {
				signers++
			}
			if tc.age < 16 {
				signers++
			}
			for range signers {
				want = append(want, [2]string{"ondertekening", "IPVA ondertekend"})
			}
			want = append(want, [][2]string{
				{"toestemming", "Toestemming (schriftelijk)"},
				{"stap", "IPVA afgerond"},
				{"stap", "Arrangement gekozen: arrangement 2, intensiteit 2 (50H22)"},
				{"bericht", "Verzoek om toewijzing (JW315)"},
				{"stap", "Verzoek om toewijzing ingediend"},
				{"stap|besluit", "Toegewezen"},
			}...)
			if tc.beschikking {
				want = append(want, [2]string{"document", "Beschikking verstuurd"})
			}
			gmHistory(t, aanbieder, id, want)
		})
	}

	// A known BSN: a new trajectory on the existing record.
	again := gmRequest(h, "191614610", "Tilburg", 13)
	again["verwijzer"] = map[string]any{"type": "02", "zorgverlenercode": gmGPCode, "naam": "Huisartsenpraktijk De Linde"}
	again["aanbieder_id"] = h.orgID(gmProvider)
	st := gp.call("POST", "/api/v1/trajecten", again, http.StatusCreated)
	var first int64
	h.db.QueryRow(context.Background(), "SELECT id FROM clients WHERE bsn = '191614610'").Scan(&first)
	if st["bekend"] != true || int64(st["jeugdige_id"].(float64)) != first || st["lopend_traject"] != false {
		t.Fatalf("second referral of a known youth: %v (youth %d)", st, first)
	}
}

// TestMedischRouteAPIJW319: the back office first answers a JW315 with "in
// onderzoek" (a JW319, once), then refuses it with a reason (a JW319 with
// RedenAfwijzingVerzoek).
func TestMedischRouteAPIJW319(t *testing.T) {
	h := newHarness(t)
	gp, aanbieder, bo := h.apiAs(gmHuisarts), h.apiAs(gmAanbieder), h.apiAs(gmTilburgBO)
	id := gmMedischToVerzoek(t, h, gp, aanbieder, "506123108", "Tilburg", 7)
	base := gmBase(id)
	aanbieder.call("POST", base+"/verzoek", map[string]any{"ingangsdatum": gmDay(gmToday())}, http.StatusNoContent)
	jw315 := gmMessage(t, h, bo, id, "jw315").(*ijw.JW315)
	ref := jw315.Client.AangevraagdeProducten.AangevraagdProduct[0].ReferentieAanbieder

	out := bo.call("POST", base+"/besluit", map[string]any{"in_onderzoek": true, "motivering": "We vragen nadere informatie op bij de huisarts."}, http.StatusOK)
	if out["besluit"] != "in_onderzoek" || out["toewijzing"] != nil {
		t.Fatalf("in onderzoek: %v", out)
	}
	jw319 := gmMessage(t, h, aanbieder, id, "jw319").(*ijw.JW319)
	if a := jw319.Antwoord; a.VerzoekAntwoord != "2" || a.RedenAfwijzingVerzoek != "" || a.ReferentieAanbieder != ref {
		t.Fatalf("JW319 in onderzoek: %+v", a)
	}
	if jw319.Header.Afzender != "0855" || jw319.Header.Ontvanger != gmAGB {
		t.Fatalf("JW319 from %s to %s", jw319.Header.Afzender, jw319.Header.Ontvanger)
	}
	v := gmAt(t, bo, id, "besluit", "gemeente", "backoffice")
	until, err := time.Parse("2006-01-02", fmt.Sprint(v["onderzoek_tot"]))
	if err != nil || until.Before(gmToday().AddDate(0, 0, 7*8-1)) || v["volgende_actie"].(map[string]any)["uiterlijk"] != v["onderzoek_tot"] {
		t.Fatalf("onderzoek_tot %v, next action %v; want 8 weeks after the verzoek", v["onderzoek_tot"], v["volgende_actie"])
	}
	gmRefused(t, bo, "POST", base+"/besluit", map[string]any{"in_onderzoek": true, "motivering": "Nog even."}, "al in onderzoek")
	gmRefused(t, bo, "POST", base+"/besluit", map[string]any{"reden_afwijzing": "8", "motivering": "Andere gemeente."}, "CBS-code")
	gmRefused(t, bo, "POST", base+"/besluit", map[string]any{"motivering": "Zonder reden."}, "reden van afwijzing")
	gmInvalid(t, bo, "POST", base+"/besluit", map[string]any{"toegekend": true, "ingangsdatum": "1 mei", "motivering": "x"}, "ingangsdatum")

	out = bo.call("POST", base+"/besluit", map[string]any{"reden_afwijzing": "7", "motivering": "De gevraagde hulp past niet bij de hulpvraag."}, http.StatusOK)
	if out["besluit"] != "afgewezen" {
		t.Fatalf("refusal: %v", out)
	}
	jw319 = gmMessage(t, h, aanbieder, id, "jw319").(*ijw.JW319)
	if a := jw319.Antwoord; a.VerzoekAntwoord != "1" || a.RedenAfwijzingVerzoek != "7" || a.ReferentieAanbieder != ref {
		t.Fatalf("JW319 afgewezen: %+v", a)
	}
	// After the refusal the referrer is told: its one open action is to talk
	// it through with the family and close the case.
	v = gmView(bo, id)
	na, _ := v["volgende_actie"].(map[string]any)
	if v["stap"] != "afgewezen" || na == nil || na["stap"] != "" || !strings.Contains(fmt.Sprint(na["actie"]), "Afwijzing bespreken") || na["eigenaar"] != "verwijzer" || na["rol"] != "verwijzer_medisch" {
		t.Fatalf("after the refusal: step %v, next action %v", v["stap"], na)
	}
	if v["besluit"] != "afgewezen" || v["toewijzing"] != nil {
		t.Fatalf("refused trajectory: besluit %v, toewijzing %v", v["besluit"], v["toewijzing"])
	}
	gmNoMessage(t, h, bo, id, "jw301")
	// A refusal is a decision the family can object to: it gets a
	// beschikking of refusal, also where granted care goes without one.
	if s := gmStatus(h, bo, id, "beschikking"); s != http.StatusOK {
		t.Fatalf("beschikking of refusal: %d", s)
	}
	var types []string
	for _, b := range v["berichten"].([]any) {
		types = append(types, b.(map[string]any)["type"].(string))
	}
	if strings.Join(types, " ") != "JW315 JW319 JW319" {
		t.Fatalf("messages %v", types)
	}
	gmHistory(t, aanbieder, id, [][2]string{
		{"registratie", "Hulpvraag geregistreerd: Via het medisch domein"},
		{"ondertekening", "IPVA ondertekend"}, {"ondertekening", "IPVA ondertekend"},
		{"toestemming", "Toestemming"}, {"stap", "IPVA afgerond"}, {"stap", "Arrangement gekozen"},
		{"bericht", "Verzoek om toewijzing (JW315)"}, {"stap", "Verzoek om toewijzing ingediend"},
		{"besluit", "Verzoek om toewijzing in onderzoek (JW319)"},
		{"stap|besluit", "Verzoek om toewijzing afgewezen (JW319, reden 7)"},
		{"document", "Beschikking van afwijzing verstuurd"},
	})
}
