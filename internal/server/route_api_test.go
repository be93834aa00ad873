package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
)

type apiClient struct {
	t     testing.TB
	h     *harness
	token string
}

func (h *harness) apiAs(email string) *apiClient {
	return &apiClient{t: h.t, h: h, token: h.token(email)}
}

// call sends body (marshalled to JSON unless nil) and checks the status.
func (c *apiClient) call(method, path string, body any, want int) map[string]any {
	c.t.Helper()
	var s string
	ctype := ""
	if body != nil {
		b, _ := json.Marshal(body)
		s, ctype = string(b), "application/json"
	}
	resp, out := c.h.api(method, path, c.token, ctype, s)
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, want, out)
	}
	var m map[string]any
	json.Unmarshal([]byte(out), &m)
	if m == nil {
		m = map[string]any{"raw": out}
	}
	return m
}

func (h *harness) orgID(name string) int64 {
	var id int64
	h.db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE name = ?", name).Scan(&id)
	if id == 0 {
		h.t.Fatalf("no organisation %q", name)
	}
	return id
}

// ipvaDoc is the test kit's complete IPVA (demo.IPVA).
func ipvaDoc(today time.Time) ipva.IPVA { return demo.IPVA("Sam", today) }

// walkRoute drives steps 1–7 through the API and returns the trajectory id.
func walkRoute(t *testing.T, h *harness, toegang, aanbieder, backoffice *apiClient, bsn string, age int, municipality string, signers map[string]string) int64 {
	today := time.Now().UTC()
	start := map[string]any{
		"jeugdige": map[string]any{"bsn": bsn, "voornaam": "Sam", "achternaam": "de Jong", "geboortedatum": today.AddDate(-age, 0, -1).Format("2006-01-02"),
			"straat": "Markt", "huisnummer": "1", "postcode": "5000AA", "woonplaats": municipality, "gemeente_id": h.orgID("Gemeente " + municipality)},
		"eerste_melding": today.AddDate(0, 0, -3).Format("2006-01-02"),
		"gezaghebbenden": []map[string]any{{"voornamen": "Kim", "tussenvoegsel": "de", "achternaam": "Jong", "relatie": "ouder", "gezag": true}},
	}
	id := int64(toegang.call("POST", "/api/v1/trajecten", start, http.StatusCreated)["id"].(float64))
	base := fmt.Sprintf("/api/v1/trajecten/%d", id)
	tr := toegang.call("GET", base, nil, 200)
	if na := tr["volgende_actie"].(map[string]any); na["eigenaar"] != "verwijzer" || na["uiterlijk"] != today.AddDate(0, 0, 25).Format("2006-01-02") {
		t.Fatalf("next action after start: %v", na)
	}
	toegang.call("PUT", base+"/ipva", map[string]any{"versie": 0, "ipva": ipvaDoc(today)}, 200)
	for role, name := range signers {
		toegang.call("POST", base+"/ondertekeningen", map[string]any{"ondertekenaar": role, "naam": name, "datum": today.Format("2006-01-02")}, http.StatusNoContent)
	}
	provider := h.orgID("De Hoeve Jeugdhulp")
	toegang.call("POST", base+"/toestemmingen", map[string]any{"aanbieder_id": provider, "vorm": "mondeling", "gegeven_door": "Kim de Jong", "gegeven_op": today.Format("2006-01-02")}, http.StatusNoContent)
	gaps := toegang.call("GET", base+"/ipva/ontbrekend", nil, 200)
	if _, isList := gaps["raw"]; !isList || gaps["raw"] != "[]\n" {
		t.Fatalf("IPVA still has gaps: %v", gaps)
	}
	toegang.call("POST", base+"/ipva/afronding", nil, http.StatusNoContent)
	toegang.call("PUT", base+"/arrangement", map[string]any{"arrangement": 2, "intensiteit": 1}, http.StatusNoContent)
	toegang.call("PUT", base+"/aanbieder", map[string]any{"aanbieder_id": provider}, http.StatusNoContent)
	aanbieder.call("POST", base+"/acceptatie", map[string]any{"accepteren": true}, http.StatusNoContent)
	aanbieder.call("PUT", base+"/beknopt-plan", map[string]any{"geadviseerde_intensiteit": 1, "activiteiten": []map[string]any{{"omschrijving": "Begeleiding", "frequentie": "1x per week"}},
		"verwachte_einddatum": today.AddDate(0, 4, 0), "tekst": "Wekelijkse begeleiding thuis, gericht op het ochtendritme."}, http.StatusNoContent)
	toegang.call("POST", base+"/akkoord", map[string]any{"besluit": "akkoord"}, http.StatusNoContent)
	toegang.call("POST", base+"/aanvraag", nil, http.StatusNoContent)
	out := backoffice.call("POST", base+"/besluit", map[string]any{"toegekend": true, "ingangsdatum": today.Format("2006-01-02"), "motivering": "Passend."}, 200)
	if out["besluit"] != "toegekend" {
		t.Fatalf("decision: %v", out)
	}
	return id
}

func checkJW301(t *testing.T, h *harness, c *apiClient, id int64, wantAfzender string) {
	t.Helper()
	resp, xml := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/jw301", id), c.token, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("jw301: %d %s", resp.StatusCode, xml)
	}
	m, err := ijw.Decode(strings.NewReader(xml))
	if err != nil {
		t.Fatalf("JW301 fails the XSD: %v", err)
	}
	if f := ijw.Validate(m); len(f) > 0 {
		t.Fatalf("JW301 breaks %s: %s", f[0].Rule.Code, f[0].Msg)
	}
	if got := m.(*ijw.JW301).Header.Afzender; got != wantAfzender {
		t.Fatalf("JW301 Afzender %s, want the responsible municipality %s", got, wantAfzender)
	}
	xmllintCheck(t, "JW301", xml)
}

// xmllintCheck validates a message with xmllint against the official XSD
// when both are available (CI installs xmllint; shared/ lies beside the repo).
func xmllintCheck(t *testing.T, typ, xml string) {
	t.Helper()
	// The repository's copy of the official XSDs (internal/ijw checks it
	// against ../shared/ijw when that is present).
	xsd, _ := filepath.Abs("../ijw/testdata/xsd/" + typ + ".xsd")
	bin, err := exec.LookPath("xmllint")
	if _, serr := os.Stat(xsd); err != nil || serr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: xmllint or %s missing", xsd)
		}
		t.Logf("xmllint-controle overgeslagen: xmllint of de XSD ontbreekt")
		return
	}
	f := filepath.Join(t.TempDir(), typ+".xml")
	os.WriteFile(f, []byte(xml), 0o644)
	if out, err := exec.Command(bin, "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
		t.Fatalf("xmllint rejects the %s: %s", typ, out)
	}
}

func TestRouteAPI17Heusden(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	// A back-office worker of Heusden, the responsible municipality.
	if _, err := h.app.Accounts.Create(ctx, account.NewUser{Email: "backoffice@heusden.nl", Name: "Backoffice Heusden", OrgID: h.orgID("Gemeente Heusden"),
		Roles: []access.Role{access.Backoffice}, Password: "lang genoeg wachtwoord"}); err != nil {
		t.Fatal(err)
	}
	toegang, aanbieder, bo := h.apiAs("toegang@demo.jeugdhulp.nl"), h.apiAs("aanbieder@demo.jeugdhulp.nl"), h.apiAs("backoffice@heusden.nl")
	// 17: the youth signs alone.
	id := walkRoute(t, h, toegang, aanbieder, bo, "111222333", 17, "Heusden", map[string]string{"auteur": "T. Medewerker", "jeugdige": "Sam de Jong"})
	if resp, _ := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/beschikking", id), bo.token, "", ""); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("Heusden is beschikkingsvrij, yet a beschikking: %d", resp.StatusCode)
	}
	checkJW301(t, h, bo, id, "0797")
	tr := bo.call("GET", fmt.Sprintf("/api/v1/trajecten/%d", id), nil, 200)
	if tw := tr["toewijzing"].(map[string]any); tw["beschikking"] != false || tw["productcode"] != "50H21" {
		t.Fatalf("toewijzing: %v", tw)
	}
}

func TestRouteAPI9Tilburg(t *testing.T) {
	h := newHarness(t)
	toegang, aanbieder, bo := h.apiAs("toegang@demo.jeugdhulp.nl"), h.apiAs("aanbieder@demo.jeugdhulp.nl"), h.apiAs("backoffice@demo.jeugdhulp.nl")
	// 9: the parent signs for the youth; the youth's signature is not asked.
	id := walkRoute(t, h, toegang, aanbieder, bo, "864623112", 9, "Tilburg", map[string]string{"auteur": "T. Medewerker", "gezaghebbende": "Kim de Jong"})
	resp, pdf := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/beschikking", id), bo.token, "", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(pdf, "%PDF-") || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("beschikking: %d %.20q", resp.StatusCode, pdf)
	}
	if cd := resp.Header.Get("Content-Disposition"); strings.Contains(cd, "Jong") || strings.Contains(cd, "864623112") {
		t.Fatalf("client data in file name: %s", cd)
	}
	checkJW301(t, h, bo, id, "0855")
	// Another provider, never given consent, sees nothing, and that is logged.
	other := h.orgID("Amarant Jeugd")
	if _, err := h.app.Accounts.Create(context.Background(), account.NewUser{Email: "zorg@amarant.nl", Name: "Amarant", OrgID: other, Roles: []access.Role{access.Jeugdhulpaanbieder}, Password: "lang genoeg wachtwoord"}); err != nil {
		t.Fatal(err)
	}
	amarant := h.apiAs("zorg@amarant.nl")
	mark := h.lastID()
	for _, path := range []string{"", "/jw301", "/beschikking", "/ipva/ontbrekend"} {
		amarant.call("GET", fmt.Sprintf("/api/v1/trajecten/%d%s", id, path), nil, http.StatusNotFound)
	}
	for _, e := range h.entriesSince(mark) {
		if e.Outcome != access.Refused || e.UserEmail != "zorg@amarant.nl" {
			t.Fatalf("provider without consent: entry %+v", e)
		}
	}
	if n := len(h.entriesSince(mark)); n != 4 {
		t.Fatalf("%d refusals logged, want 4", n)
	}
}

func TestRouteAPIRefusals(t *testing.T) {
	h := newHarness(t)
	toegang, aanbieder := h.apiAs("toegang@demo.jeugdhulp.nl"), h.apiAs("aanbieder@demo.jeugdhulp.nl")
	today := time.Now().UTC()
	start := map[string]any{
		"jeugdige":       map[string]any{"bsn": "123456789", "voornaam": "", "geboortedatum": "morgen"},
		"eerste_melding": "gisteren", "gezaghebbenden": []any{},
	}
	out := toegang.call("POST", "/api/v1/trajecten", start, http.StatusUnprocessableEntity)
	errs := out["fouten"].(map[string]any)
	for _, f := range []string{"bsn", "voornaam", "geboortedatum", "eerste_melding", "gezaghebbenden"} {
		if errs[f] == nil {
			t.Errorf("no Dutch message for %s: %v", f, errs)
		}
	}
	// A provider registers no request for help: refused before its input is read.
	aanbieder.call("POST", "/api/v1/trajecten", start, http.StatusConflict)
	good := map[string]any{
		"jeugdige": map[string]any{"bsn": "321146487", "voornaam": "Noor", "achternaam": "Bos", "geboortedatum": today.AddDate(-12, 0, 0).Format("2006-01-02"),
			"straat": "Markt", "huisnummer": "1", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": h.orgID("Gemeente Tilburg")},
		"eerste_melding": today.Format("2006-01-02"), "gezaghebbenden": []map[string]any{{"voornamen": "Els", "achternaam": "Bos", "relatie": "ouder", "gezag": true}},
	}
	id := int64(toegang.call("POST", "/api/v1/trajecten", good, http.StatusCreated)["id"].(float64))
	base := fmt.Sprintf("/api/v1/trajecten/%d", id)
	p := toegang.call("POST", base+"/ipva/afronding", nil, http.StatusConflict)
	if p["type"] != "https://jeugdhulp.nl/problemen/stap-geweigerd" || !strings.Contains(p["detail"].(string), "IPVA") {
		t.Fatalf("finishing an empty IPVA: %v", p)
	}
	toegang.call("PUT", base+"/arrangement", map[string]any{"arrangement": 1, "intensiteit": 1}, http.StatusConflict)
	toegang.call("PUT", base+"/ipva", map[string]any{"versie": 3, "ipva": map[string]any{}}, http.StatusConflict)
	toegang.call("PUT", base+"/ipva", map[string]any{"versie": 0, "ipva": "geen object"}, http.StatusBadRequest)
	aanbieder.call("PUT", base+"/ipva", map[string]any{"versie": 0, "ipva": map[string]any{}}, http.StatusNotFound)
}

// runIJW runs "jeugdhulp ijw ARGS" as the binary would.
func runIJW(t *testing.T, args ...string) int {
	t.Helper()
	var out, errb strings.Builder
	code := ijw.Command(args, &out, &errb)
	t.Logf("jeugdhulp ijw %s: %s%s", strings.Join(args, " "), out.String(), errb.String())
	return code
}
