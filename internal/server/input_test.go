package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
)

// The input rules of package invoer (issue 12, item 9) through both faces:
// each rule is broken once through a form post and once through the API,
// and each time the answer is Dutch (the page's message, or problem+json
// 422 with the field in "fouten") and nothing is written: the rows of
// every table a step writes to, and the trajectory's own state, are the
// same before and after.

// written is what the steps write: the number of rows of each table, and
// per trajectory its step and its last change.
func (h *harness) written(ids ...int64) string {
	h.t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, table := range []string{"clients", "client_relations", "trajectories", "trajectory_links", "signatures", "consents",
		"events", "obligations", "documents", "ijw_messages", "toewijzingen"} {
		var n int
		if err := h.db.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			h.t.Fatalf("count %s: %v", table, err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	for _, id := range ids {
		var step, street, city string
		var version int
		var at time.Time
		if err := h.db.QueryRow(ctx, "SELECT t.step, t.ipva_version, t.updated_at, c.street, c.city FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE t.id = ?", id).
			Scan(&step, &version, &at, &street, &city); err != nil {
			h.t.Fatalf("trajectory %d: %v", id, err)
		}
		fmt.Fprintf(&b, "t%d=%s/v%d/%s/%s/%s ", id, step, version, at.UTC().Format(time.RFC3339Nano), street, city)
	}
	return b.String()
}

// caseDays reads the youth's birth date and the eerste melding of a
// trajectory, the days the date rules are checked against.
func (h *harness) caseDays(id int64) (birth, melding time.Time) {
	h.t.Helper()
	if err := h.db.QueryRow(context.Background(), "SELECT c.birth_date, t.eerste_melding FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE t.id = ?", id).
		Scan(&birth, &melding); err != nil {
		h.t.Fatal(err)
	}
	return birth, melding
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// uiCase is a form post that breaks a rule: the page answers status with
// a Dutch text.
type uiCase struct {
	name   string
	as     *browser
	path   string
	form   url.Values
	status int
	text   string
}

// apiCase is an API call that breaks a rule: 422 problem+json naming field.
type apiCase struct {
	name   string
	token  string
	method string
	path   string
	body   string
	field  string
	text   string
}

func (h *harness) runUI(t *testing.T, ids []int64, cases []uiCase) {
	for _, tc := range cases {
		t.Run("UI "+tc.name, func(t *testing.T) {
			before := h.written(ids...)
			form := url.Values{"csrf": {tc.as.csrf}}
			for k, v := range tc.form {
				form[k] = v
			}
			body := html.UnescapeString(tc.as.post(tc.path, form, tc.status))
			if !strings.Contains(body, tc.text) {
				t.Fatalf("page does not say %q:\n%.3000s", tc.text, pageText(body))
			}
			if after := h.written(ids...); after != before {
				t.Fatalf("something was written:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func (h *harness) runAPI(t *testing.T, ids []int64, cases []apiCase) {
	for _, tc := range cases {
		t.Run("API "+tc.name, func(t *testing.T) {
			before := h.written(ids...)
			resp, body := h.api(tc.method, tc.path, tc.token, "application/json", tc.body)
			var p struct {
				Type   string
				Status int
				Fouten map[string]string
			}
			if resp.StatusCode != http.StatusUnprocessableEntity || resp.Header.Get("Content-Type") != "application/problem+json" ||
				json.Unmarshal([]byte(body), &p) != nil || p.Status != http.StatusUnprocessableEntity || p.Type != "https://jeugdhulp.nl/problemen/validatie" {
				t.Fatalf("%s %s: %d %s %s, want 422 problem+json", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			if !strings.Contains(p.Fouten[tc.field], tc.text) {
				t.Fatalf("fouten[%q] = %q, want it to contain %q (all: %v)", tc.field, p.Fouten[tc.field], tc.text, p.Fouten)
			}
			if after := h.written(ids...); after != before {
				t.Fatalf("something was written:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// pageText is the page without its markup, for a failure message.
func pageText(body string) string {
	var b strings.Builder
	in := false
	for _, r := range body {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func jsonBody(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestInputRulesRegistration(t *testing.T) {
	h := newHarness(t)
	b := h.login("toegang@demo.jeugdhulp.nl")
	tok := h.token("toegang@demo.jeugdhulp.nl")
	var tilburg int64
	h.db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE cbs_code = '0855'").Scan(&tilburg)
	today := time.Now().UTC()
	form := func(kv ...string) url.Values {
		f := url.Values{"bsn": {"321146487"}, "voornaam": {"Mila"}, "achternaam": {"Peters"}, "geboortedatum": {day(today.AddDate(-12, 0, 0))},
			"straat": {"Korvelseweg"}, "huisnummer": {"8"}, "postcode": {"5025 JA"}, "woonplaats": {"Tilburg"}, "gemeente_id": {fmt.Sprint(tilburg)},
			"eerste_melding": {day(today)}, "gezaghebbenden.0.voornamen": {"Anouk"}, "gezaghebbenden.0.achternaam": {"Peters"},
			"gezaghebbenden.0.relatie": {"10"}, "gezaghebbenden.0.gezag": {"ja"}}
		for i := 0; i < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	reg := func(name string, status int, text string, kv ...string) uiCase {
		return uiCase{name: name, as: b, path: "/trajecten", form: form(kv...), status: status, text: text}
	}
	h.runUI(t, nil, []uiCase{
		reg("parent name of only U+200B", 422, "Vul de achternaam van de ouder of gezaghebbende in.", "gezaghebbenden.0.achternaam", "\u200b"),
		reg("parent name of zero-width characters and NBSP", 422, "Vul de achternaam van de ouder of gezaghebbende in.", "gezaghebbenden.0.achternaam", "\u200b\u200d\u00a0\u2060"),
		reg("parent name of only U+FEFF", 422, "Vul de achternaam van de ouder of gezaghebbende in.", "gezaghebbenden.0.achternaam", "\ufeff"),
		reg("given name of only NBSP", 422, "Vul de voornaam in.", "voornaam", "\u00a0\u00a0"),
		reg("family name with an escape character", 422, "De achternaam bevat een stuurteken (U+001B)", "achternaam", "Pet\x1bers"),
		reg("street over two lines", 422, "De straat moet op één regel staan", "straat", "Korvelseweg\r\n8"),
		reg("given name with NUL: the whole form", 400, "nul-teken", "voornaam", "Mi\x00la"),
		reg("family name with invalid UTF-8: the whole form", 400, "geen geldige UTF-8", "achternaam", "Pet\xffers"),
		reg("parent name with NUL: the whole form", 400, "nul-teken", "gezaghebbenden.0.achternaam", "\x00"),
		reg("birth date 1900", 422, "meer dan 30 jaar", "geboortedatum", "1900-01-01"),
		reg("birth date 9999-12-31", 422, "De geboortedatum ligt in de toekomst.", "geboortedatum", "9999-12-31"),
		reg("first request before the birth date", 422, "De eerste melding ligt vóór de geboortedatum",
			"geboortedatum", day(today.AddDate(0, -2, 0)), "eerste_melding", day(today.AddDate(0, -3, 0))),
		reg("first request three years back", 422, "meer dan 2 jaar terug", "eerste_melding", day(today.AddDate(-3, 0, 0))),
		reg("first request 9999-12-31", 422, "De eerste melding ligt in de toekomst.", "eerste_melding", "9999-12-31"),
		reg("youth 23 on the first request", 422, "23 jaar of ouder", "geboortedatum", day(today.AddDate(-24, 0, 0))),
		// Dates are typed dd-mm-jjjj on the form.
		reg("birth date 31-02", 422, "Vul de geboortedatum in als dag-maand-jaar", "geboortedatum", "31-02-2013"),
		reg("first request in words", 422, "Vul de datum van de eerste melding in als dag-maand-jaar", "eerste_melding", "gisteren"),
		reg("birth date 31-12-9999", 422, "De geboortedatum ligt in de toekomst.", "geboortedatum", "31-12-9999"),
	})

	start := func(mut func(j, m map[string]any)) string {
		j := map[string]any{"bsn": "864623112", "voornaam": "Finn", "achternaam": "Hendriks", "geboortedatum": day(today.AddDate(-14, 0, 0)),
			"straat": "Heuvel", "huisnummer": "1", "postcode": "5038CS", "woonplaats": "Tilburg", "gemeente_id": tilburg}
		m := map[string]any{"jeugdige": j, "eerste_melding": day(today),
			"gezaghebbenden": []map[string]any{{"voornamen": "Els", "achternaam": "Hendriks", "relatie": "ouder", "gezag": true}}}
		mut(j, m)
		return jsonBody(m)
	}
	api := func(name, field, text string, mut func(j, m map[string]any)) apiCase {
		return apiCase{name: name, token: tok, method: "POST", path: "/api/v1/trajecten", body: start(mut), field: field, text: text}
	}
	parent := func(name string) func(j, m map[string]any) {
		return func(j, m map[string]any) {
			m["gezaghebbenden"] = []map[string]any{{"voornamen": "Els", "achternaam": name, "relatie": "ouder", "gezag": true}}
		}
	}
	cases := []apiCase{
		api("parent name of only U+200B", "gezaghebbenden.0.achternaam", "Vul de achternaam van de ouder of gezaghebbende in.", parent("\u200b")),
		api("parent name of NBSP and U+FEFF", "gezaghebbenden.0.achternaam", "Vul de achternaam van de ouder of gezaghebbende in.", parent("\u00a0\ufeff")),
		api("parent name of a combining mark", "gezaghebbenden.0.achternaam", "Vul de achternaam van de ouder of gezaghebbende in.", parent("\u0301")),
		api("parent name with an escape", "gezaghebbenden.0.achternaam", "U+001B", parent("Els\x1b")),
		api("given name with NUL", "jeugdige.voornaam", "nul-teken", func(j, m map[string]any) { j["voornaam"] = "Fi\x00nn" }),
		api("given name of only U+200B", "voornaam", "Vul de voornaam in.", func(j, m map[string]any) { j["voornaam"] = "\u200b" }),
		api("city with a newline", "woonplaats", "één regel", func(j, m map[string]any) { j["woonplaats"] = "Til\nburg" }),
		api("birth date 1900", "geboortedatum", "meer dan 30 jaar", func(j, m map[string]any) { j["geboortedatum"] = "1900-01-01" }),
		api("birth date 9999-12-31", "geboortedatum", "toekomst", func(j, m map[string]any) { j["geboortedatum"] = "9999-12-31" }),
		api("first request before the birth date", "eerste_melding", "vóór de geboortedatum", func(j, m map[string]any) {
			j["geboortedatum"] = day(today.AddDate(0, -1, 0))
			m["eerste_melding"] = day(today.AddDate(0, -2, 0))
		}),
		api("first request 1900", "eerste_melding", "meer dan 2 jaar", func(j, m map[string]any) { m["eerste_melding"] = "1900-01-01" }),
		api("youth 23 on the first request", "eerste_melding", "23 jaar of ouder", func(j, m map[string]any) { j["geboortedatum"] = day(today.AddDate(-23, 0, 0)) }),
		api("municipality id negative", "gemeente_id", "Kies de gemeente", func(j, m map[string]any) { j["gemeente_id"] = -3 }),
		api("provider id negative", "aanbieder_id", "Kies de jeugdhulpaanbieder", func(j, m map[string]any) { m["aanbieder_id"] = -1 }),
	}
	// Bytes that are no UTF-8, and a lone surrogate escape: encoding/json
	// would store both as U+FFFD.
	raw := start(func(j, m map[string]any) { j["achternaam"] = "HENDRIKS" })
	cases = append(cases,
		apiCase{"family name with invalid UTF-8", tok, "POST", "/api/v1/trajecten", strings.Replace(raw, "HENDRIKS", "Hend\xffriks", 1), "jeugdige.achternaam", "geen geldige UTF-8"},
		apiCase{"family name with a lone surrogate", tok, "POST", "/api/v1/trajecten", strings.Replace(raw, "HENDRIKS", `Hend\udc00riks`, 1), "jeugdige.achternaam", "surrogaat"},
	)
	h.runAPI(t, nil, cases)

	// The same request without the broken field is stored: the rules
	// refuse what they should and no more.
	resp, body := h.api("POST", "/api/v1/trajecten", tok, "application/json", start(func(j, m map[string]any) { j["voornaam"] = "Zoe\u0308 " }))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("good request: %d %s", resp.StatusCode, body)
	}
	var given string
	h.db.QueryRow(context.Background(), "SELECT given_name FROM clients WHERE bsn = '864623112'").Scan(&given)
	if given != "Zoë" {
		t.Fatalf("given name stored as %q, want NFC and trimmed %q", given, "Zoë")
	}
	// The form takes its dates the Dutch way.
	good := form("voornaam", "\ufeffMila\u200b", "geboortedatum", today.AddDate(-12, 0, 0).Format("02-01-2006"), "eerste_melding", today.Format("2-1-2006"))
	good.Set("csrf", b.csrf)
	b.post("/trajecten", good, http.StatusSeeOther)
	h.db.QueryRow(context.Background(), "SELECT given_name FROM clients WHERE bsn = '321146487'").Scan(&given)
	if given != "Mila" {
		t.Fatalf("given name stored as %q, want %q", given, "Mila")
	}
}

func TestInputRulesSteps(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	toegang, aanbieder, backoffice, gi := h.login("toegang@demo.jeugdhulp.nl"), h.login("aanbieder@demo.jeugdhulp.nl"),
		h.login("backoffice@demo.jeugdhulp.nl"), h.login("gi@demo.jeugdhulp.nl")
	tToegang, tAanbieder, tBackoffice, tGI := h.token("toegang@demo.jeugdhulp.nl"), h.token("aanbieder@demo.jeugdhulp.nl"),
		h.token("backoffice@demo.jeugdhulp.nl"), h.token("gi@demo.jeugdhulp.nl")
	// The demo region's Toegang trajectories, one at each step.
	ipvaID, arrID, provID := trajectoryOfBSN(t, h, "725763863"), trajectoryOfBSN(t, h, "451260016"), trajectoryOfBSN(t, h, "451337724")
	planID, akkoordID, besluitID, giID := trajectoryOfBSN(t, h, "451570856"), trajectoryOfBSN(t, h, "451648560"), trajectoryOfBSN(t, h, "451726273"),
		trajectoryOfBSN(t, h, "691682483")
	ids := []int64{ipvaID, arrID, provID, planID, akkoordID, besluitID, giID}
	path := func(id int64, action string) string { return fmt.Sprintf("/trajecten/%d/%s", id, action) }
	apiPath := func(id int64, sub string) string { return fmt.Sprintf("/api/v1/trajecten/%d/%s", id, sub) }
	today := time.Now().UTC()
	birth, melding := h.caseDays(ipvaID)
	var hoeve int64
	h.db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = ?", "De Hoeve Jeugdhulp").Scan(&hoeve)
	// The youth at the decision is made 21 (and a half): her 23rd birthday
	// comes before the 5-year horizon.
	evi := today.AddDate(-21, -6, 0)
	setBirth(t, h, besluitID, evi)
	horizon := evi.AddDate(23, 0, -1) // the last day she is 22

	f := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	ui := func(name string, as *browser, p string, form url.Values, status int, text string) uiCase {
		return uiCase{name: name, as: as, path: p, form: form, status: status, text: text}
	}
	sign := func(kv ...string) url.Values {
		return f(append([]string{"ondertekenaar", "auteur", "naam", "Jan de Boer", "datum", day(today)}, kv...)...)
	}
	consent := func(kv ...string) url.Values {
		return f(append([]string{"aanbieder_id", fmt.Sprint(hoeve), "vorm", "mondeling", "gegeven_door", "Karin de Vries", "gegeven_op", day(today)}, kv...)...)
	}
	decide := func(kv ...string) url.Values {
		return f(append([]string{"toegekend", "ja", "ingangsdatum", day(today), "einddatum", day(today.AddDate(0, 6, 0)), "motivering", "Passend."}, kv...)...)
	}
	var ipvaClient, tilburg int64
	h.db.QueryRow(ctx, "SELECT client_id FROM trajectories WHERE id = ?", ipvaID).Scan(&ipvaClient)
	h.db.QueryRow(ctx, "SELECT id FROM organisations WHERE cbs_code = '0855'").Scan(&tilburg)
	address := func(kv ...string) url.Values {
		return f(append([]string{"straat", "Piusstraat", "huisnummer", "12", "postcode", "5038 AB", "woonplaats", "Tilburg", "gemeente_id", fmt.Sprint(tilburg)}, kv...)...)
	}
	plan := func(kv ...string) url.Values {
		return f(append([]string{"geadviseerde_intensiteit", "2", "verwachte_einddatum", day(today.AddDate(0, 6, 0)),
			"tekst", "Wekelijkse begeleiding thuis.", "activiteiten", "Begeleiding | 1x per week"}, kv...)...)
	}
	h.runUI(t, ids, []uiCase{
		ui("signature: name of only U+200B", toegang, path(ipvaID, "ondertekenen"), sign("naam", "\u200b"), 422, "Vul de naam van de ondertekenaar in."),
		ui("signature: name of NBSP", toegang, path(ipvaID, "ondertekenen"), sign("naam", "\u00a0"), 422, "Vul de naam van de ondertekenaar in."),
		ui("signature: name with an escape", toegang, path(ipvaID, "ondertekenen"), sign("naam", "Jan\x1b[31m"), 422, "stuurteken (U+001B)"),
		ui("signature: name with NUL", toegang, path(ipvaID, "ondertekenen"), sign("naam", "Jan\x00"), 400, "nul-teken"),
		ui("signature: name with invalid UTF-8", toegang, path(ipvaID, "ondertekenen"), sign("naam", "Jan\xc3"), 400, "geen geldige UTF-8"),
		ui("signature dated 1900", toegang, path(ipvaID, "ondertekenen"), sign("datum", "1900-01-01"), 422, "De datum van ondertekening ligt vóór de geboortedatum"),
		ui("signature dated the day before the birth", toegang, path(ipvaID, "ondertekenen"), sign("datum", day(birth.AddDate(0, 0, -1))), 422, "vóór de geboortedatum"),
		ui("signature long before the first request", toegang, path(ipvaID, "ondertekenen"), sign("datum", day(melding.AddDate(0, -4, 0))), 422, "3 maanden vóór de eerste melding"),
		ui("signature dated 9999-12-31", toegang, path(ipvaID, "ondertekenen"), sign("datum", "9999-12-31"), 422, "De datum van ondertekening ligt in de toekomst."),
		ui("signature by an unknown signer", toegang, path(ipvaID, "ondertekenen"), sign("ondertekenaar", "koning"), 422, "Kies wie ondertekent"),
		ui("consent given by U+FEFF", toegang, path(ipvaID, "toestemming"), consent("gegeven_door", "\ufeff"), 422, "Vul wie de toestemming heeft gegeven in."),
		ui("consent dated 1900", toegang, path(ipvaID, "toestemming"), consent("gegeven_op", "1900-01-01"), 422, "De datum van de toestemming ligt vóór de geboortedatum"),
		ui("consent dated tomorrow", toegang, path(ipvaID, "toestemming"), consent("gegeven_op", day(today.AddDate(0, 0, 2))), 422, "in de toekomst"),
		ui("consent for provider 0", toegang, path(ipvaID, "toestemming"), consent("aanbieder_id", "0"), 422, "Kies de jeugdhulpaanbieder"),
		ui("IPVA version -1", toegang, fmt.Sprintf("/trajecten/%d/ipva", ipvaID), f("versie", "-1", "aanleiding", "Zorgen over school."), 422, "De versie is 0 of hoger"),
		ui("IPVA text with an escape", toegang, fmt.Sprintf("/trajecten/%d/ipva", ipvaID), f("versie", "1", "aanleiding", "Zorgen\x1b"), 422, "stuurteken (U+001B)"),
		ui("arrangement 0", toegang, path(arrID, "arrangement"), f("arrangement", "0", "intensiteit", "1"), 422, "Kies het arrangement: een nummer van 1 tot en met 9."),
		ui("arrangement 10", toegang, path(arrID, "arrangement"), f("arrangement", "10", "intensiteit", "1"), 422, "van 1 tot en met 9"),
		ui("intensity 6", toegang, path(arrID, "arrangement"), f("arrangement", "2", "intensiteit", "6"), 422, "Kies de intensiteit: een nummer van 1 tot en met 5."),
		ui("provider -5", toegang, path(provID, "aanbieder"), f("aanbieder_id", "-5"), 422, "Kies de jeugdhulpaanbieder."),
		ui("plan: intensity 9", aanbieder, path(planID, "beknopt-plan"), plan("geadviseerde_intensiteit", "9"), 422, "Kies de geadviseerde intensiteit"),
		ui("plan: expected end 9999-12-31", aanbieder, path(planID, "beknopt-plan"), plan("verwachte_einddatum", "9999-12-31"), 422, "meer dan 5 jaar vooruit"),
		ui("plan: expected end in the past", aanbieder, path(planID, "beknopt-plan"), plan("verwachte_einddatum", "2020-01-01"), 422, "in het verleden"),
		ui("plan: text with an escape", aanbieder, path(planID, "beknopt-plan"), plan("tekst", "Begeleiding\x1b thuis."), 422, "Het beknopt plan bevat een stuurteken"),
		ui("review: unknown decision", toegang, path(akkoordID, "akkoord"), f("besluit", "misschien"), 422, "Kies: akkoord, verscherpen of verschil van mening."),
		ui("review: sharper without a visible note", toegang, path(akkoordID, "akkoord"), f("besluit", "verscherpen", "toelichting", "\u200b\u00a0"), 422, "Licht toe wat scherper moet"),
		ui("review: note too long", toegang, path(akkoordID, "akkoord"), f("besluit", "verschil", "toelichting", strings.Repeat("é", 2001)), 422, "hoogstens 2.000 tekens"),
		ui("decision: motivation of NBSP", backoffice, path(besluitID, "besluit"), decide("motivering", "\u00a0"), 422, "Vul de motivering van het besluit in."),
		ui("decision: motivation with NUL", backoffice, path(besluitID, "besluit"), decide("motivering", "Passend.\x00"), 400, "nul-teken"),
		ui("decision: start 1900", backoffice, path(besluitID, "besluit"), decide("ingangsdatum", "1900-01-01"), 422, "vóór 1 januari 2015"),
		ui("decision: start 9999-12-31", backoffice, path(besluitID, "besluit"), decide("ingangsdatum", "9999-12-31", "einddatum", ""), 422, "meer dan een jaar vooruit"),
		ui("decision: end 9999-12-31", backoffice, path(besluitID, "besluit"), decide("einddatum", "9999-12-31"), 422, "De einddatum ligt na"),
		ui("decision: end before the start", backoffice, path(besluitID, "besluit"), decide("einddatum", day(today.AddDate(0, 0, -1))), 422, "De einddatum ligt vóór de ingangsdatum."),
		ui("decision: end on the 23rd birthday", backoffice, path(besluitID, "besluit"), decide("einddatum", day(horizon.AddDate(0, 0, 1))), 422, "De einddatum ligt na "+invoer.Datum(horizon)),
		ui("bepaling: care starting 1900", gi, path(giID, "bepaling"), f("zorg_start", "1900-01-01"), 422, "De start van de zorg ligt vóór 1 januari 2015"),
		ui("bepaling: care starting 9999-12-31", gi, path(giID, "bepaling"), f("zorg_start", "9999-12-31"), 422, "meer dan een jaar vooruit"),
		ui("address: street of only U+200B", toegang, fmt.Sprintf("/clienten/%d/adres", ipvaClient), address("straat", "\u200b"), 422, "Vul de straat in."),
		ui("address: city with an escape", toegang, fmt.Sprintf("/clienten/%d/adres", ipvaClient), address("woonplaats", "Tilburg\x1b"), 422, "De woonplaats bevat een stuurteken"),
		ui("address: city with NUL", toegang, fmt.Sprintf("/clienten/%d/adres", ipvaClient), address("woonplaats", "Tilburg\x00"), 400, "nul-teken"),
		ui("a query with NUL", toegang, "/trajecten?doel=%00", f(), 400, "nul-teken"),
	})

	sj := func(kv ...any) string {
		m := map[string]any{"ondertekenaar": "auteur", "naam": "Jan de Boer", "datum": day(today)}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return jsonBody(m)
	}
	cj := func(kv ...any) string {
		m := map[string]any{"aanbieder_id": hoeve, "vorm": "schriftelijk", "gegeven_door": "Karin de Vries", "gegeven_op": day(today)}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return jsonBody(m)
	}
	dj := func(kv ...any) string {
		m := map[string]any{"toegekend": true, "ingangsdatum": day(today), "einddatum": day(today.AddDate(0, 6, 0)), "motivering": "Passend."}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return jsonBody(m)
	}
	pj := func(kv ...any) string {
		m := map[string]any{"geadviseerde_intensiteit": 2, "verwachte_einddatum": today.AddDate(0, 6, 0),
			"activiteiten": []map[string]any{{"omschrijving": "Begeleiding", "frequentie": "1x per week"}}, "tekst": "Wekelijkse begeleiding thuis."}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return jsonBody(m)
	}
	a := func(name, token, method, p, body, field, text string) apiCase {
		return apiCase{name: name, token: token, method: method, path: p, body: body, field: field, text: text}
	}
	h.runAPI(t, ids, []apiCase{
		a("signature: name of only U+200B", tToegang, "POST", apiPath(ipvaID, "ondertekeningen"), sj("naam", "\u200b"), "naam", "Vul de naam van de ondertekenaar in."),
		a("signature: name with NUL", tToegang, "POST", apiPath(ipvaID, "ondertekeningen"), sj("naam", "Jan\x00"), "naam", "nul-teken"),
		a("signature: name with an escape", tToegang, "POST", apiPath(ipvaID, "ondertekeningen"), sj("naam", "Jan\x1b"), "naam", "U+001B"),
		a("signature dated 1900", tToegang, "POST", apiPath(ipvaID, "ondertekeningen"), sj("datum", "1900-01-01"), "datum", "vóór de geboortedatum"),
		a("signature long before the first request", tToegang, "POST", apiPath(ipvaID, "ondertekeningen"), sj("datum", day(melding.AddDate(-1, 0, 0))), "datum", "vóór de eerste melding"),
		a("signature dated 9999-12-31", tToegang, "POST", apiPath(ipvaID, "ondertekeningen"), sj("datum", "9999-12-31"), "datum", "toekomst"),
		a("signature by an unknown signer", tToegang, "POST", apiPath(ipvaID, "ondertekeningen"), sj("ondertekenaar", "koning"), "ondertekenaar", "Kies wie ondertekent"),
		a("consent given by NBSP", tToegang, "POST", apiPath(ipvaID, "toestemmingen"), cj("gegeven_door", "\u00a0"), "gegeven_door", "Vul wie de toestemming heeft gegeven in."),
		a("consent dated 1900", tToegang, "POST", apiPath(ipvaID, "toestemmingen"), cj("gegeven_op", "1900-01-01"), "gegeven_op", "vóór de geboortedatum"),
		a("consent in an unknown form", tToegang, "POST", apiPath(ipvaID, "toestemmingen"), cj("vorm", "per duif"), "vorm", "mondeling of schriftelijk"),
		a("consent for provider -1", tToegang, "POST", apiPath(ipvaID, "toestemmingen"), cj("aanbieder_id", -1), "aanbieder_id", "Kies de jeugdhulpaanbieder"),
		a("IPVA version -1", tToegang, "PUT", apiPath(ipvaID, "ipva"), `{"versie":-1,"ipva":{}}`, "versie", "De versie is 0 of hoger"),
		a("IPVA text with an escape", tToegang, "PUT", apiPath(ipvaID, "ipva"), `{"versie":1,"ipva":{"aanleiding":"Zorgen\u001b"}}`, "ipva.aanleiding", "U+001B"),
		a("IPVA text with invalid UTF-8", tToegang, "PUT", apiPath(ipvaID, "ipva"), "{\"versie\":1,\"ipva\":{\"aanleiding\":\"Zorgen\xfe\"}}", "ipva.aanleiding", "geen geldige UTF-8"),
		a("arrangement 0", tToegang, "PUT", apiPath(arrID, "arrangement"), `{"arrangement":0,"intensiteit":1}`, "arrangement", "van 1 tot en met 9"),
		a("arrangement 10", tToegang, "PUT", apiPath(arrID, "arrangement"), `{"arrangement":10,"intensiteit":1}`, "arrangement", "van 1 tot en met 9"),
		a("intensity -1", tToegang, "PUT", apiPath(arrID, "arrangement"), `{"arrangement":2,"intensiteit":-1}`, "intensiteit", "van 1 tot en met 5"),
		a("intensity 6", tToegang, "PUT", apiPath(arrID, "arrangement"), `{"arrangement":2,"intensiteit":6}`, "intensiteit", "van 1 tot en met 5"),
		a("provider 0", tToegang, "PUT", apiPath(provID, "aanbieder"), `{"aanbieder_id":0}`, "aanbieder_id", "Kies de jeugdhulpaanbieder"),
		a("provider -9", tToegang, "PUT", apiPath(provID, "aanbieder"), `{"aanbieder_id":-9}`, "aanbieder_id", "Kies de jeugdhulpaanbieder"),
		a("plan: intensity 0", tAanbieder, "PUT", apiPath(planID, "beknopt-plan"), pj("geadviseerde_intensiteit", 0), "geadviseerde_intensiteit", "van 1 tot en met 5"),
		a("plan: expected end 9999-12-31", tAanbieder, "PUT", apiPath(planID, "beknopt-plan"), pj("verwachte_einddatum", "9999-12-31T00:00:00Z"), "verwachte_einddatum", "meer dan 5 jaar"),
		a("plan: activity over two lines", tAanbieder, "PUT", apiPath(planID, "beknopt-plan"), pj("activiteiten", []map[string]any{{"omschrijving": "Begeleiding\nthuis", "frequentie": "1x"}}),
			"activiteiten.0.omschrijving", "één regel"),
		a("plan: text with a control character", tAanbieder, "PUT", apiPath(planID, "beknopt-plan"), pj("tekst", "Begeleiding\x07"), "tekst", "U+0007"),
		a("review: unknown decision", tToegang, "POST", apiPath(akkoordID, "akkoord"), `{"besluit":"misschien"}`, "besluit", "Kies: akkoord"),
		a("review: verschil with a note of U+200B", tToegang, "POST", apiPath(akkoordID, "akkoord"), `{"besluit":"verschil","toelichting":"\u200b"}`, "toelichting", "Licht toe"),
		a("review: note too long", tToegang, "POST", apiPath(akkoordID, "akkoord"), jsonBody(map[string]any{"besluit": "akkoord", "toelichting": strings.Repeat("😀", 2001)}), "toelichting", "hoogstens 2.000 tekens"),
		a("decision: motivation of U+200B", tBackoffice, "POST", apiPath(besluitID, "besluit"), dj("motivering", "\u200b"), "motivering", "Vul de motivering van het besluit in."),
		a("decision: start 1900", tBackoffice, "POST", apiPath(besluitID, "besluit"), dj("ingangsdatum", "1900-01-01"), "ingangsdatum", "vóór 1 januari 2015"),
		a("decision: end 9999-12-31", tBackoffice, "POST", apiPath(besluitID, "besluit"), dj("einddatum", "9999-12-31"), "einddatum", "De einddatum ligt na"),
		a("decision: end the day after the horizon", tBackoffice, "POST", apiPath(besluitID, "besluit"), dj("einddatum", day(horizon.AddDate(0, 0, 1))), "einddatum", "na "+invoer.Datum(horizon)),
		a("decision: end before the start", tBackoffice, "POST", apiPath(besluitID, "besluit"), dj("einddatum", day(today.AddDate(-1, 0, 0))), "einddatum", "vóór de ingangsdatum"),
		a("decision: refusal with an unknown reason", tBackoffice, "POST", apiPath(besluitID, "besluit"), `{"toegekend":false,"motivering":"Nee.","reden_afwijzing":"42"}`, "reden_afwijzing", "WJ759"),
		a("decision: refusal naming a CBS code of letters", tBackoffice, "POST", apiPath(besluitID, "besluit"), `{"toegekend":false,"motivering":"Nee.","reden_afwijzing":"8","gemeente":"TBG"}`, "gemeente", "vier cijfers"),
		a("address: city of NBSP", tToegang, "PUT", fmt.Sprintf("/api/v1/jeugdigen/%d/adres", ipvaClient),
			jsonBody(map[string]any{"straat": "Piusstraat", "huisnummer": "12", "postcode": "5038AB", "woonplaats": "\u00a0", "gemeente_id": tilburg}), "woonplaats", "Vul de woonplaats in."),
		a("address: street with NUL", tToegang, "PUT", fmt.Sprintf("/api/v1/jeugdigen/%d/adres", ipvaClient),
			jsonBody(map[string]any{"straat": "Pius\x00straat", "huisnummer": "12", "postcode": "5038AB", "woonplaats": "Tilburg", "gemeente_id": tilburg}), "straat", "nul-teken"),
		a("bepaling: care starting 1900", tGI, "POST", apiPath(giID, "bepaling"), `{"zorg_start":"1900-01-01"}`, "zorg_start", "vóór 1 januari 2015"),
		a("bepaling: care starting 9999-12-31", tGI, "POST", apiPath(giID, "bepaling"), `{"zorg_start":"9999-12-31"}`, "zorg_start", "meer dan een jaar vooruit"),
	})

	// A youth born two years ago: a decision cannot start three years ago.
	setBirth(t, h, besluitID, today.AddDate(-2, 0, 0))
	h.runAPI(t, ids, []apiCase{
		a("decision: start before the birth", tBackoffice, "POST", apiPath(besluitID, "besluit"), dj("ingangsdatum", day(today.AddDate(-3, 0, 0)), "einddatum", ""), "ingangsdatum", "vóór de geboortedatum"),
	})
	setBirth(t, h, besluitID, evi)

	// The decision's horizon itself is allowed: the day before the 23rd
	// birthday.
	before := h.written(ids...)
	resp, body := h.api("POST", apiPath(besluitID, "besluit"), tBackoffice, "application/json", dj("einddatum", day(horizon)))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("decision up to the horizon: %d %s", resp.StatusCode, body)
	}
	if h.written(ids...) == before {
		t.Fatal("a good decision wrote nothing")
	}

	// After a good bepaling the provider asks for the toewijzing: the
	// verzoek's start in the same window.
	if resp, body := h.api("POST", apiPath(giID, "bepaling"), tGI, "application/json", fmt.Sprintf(`{"zorg_start":%q}`, day(today))); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("bepaling: %d %s", resp.StatusCode, body)
	}
	h.runUI(t, ids, []uiCase{
		ui("verzoek: start 1900", aanbieder, path(giID, "verzoek"), f("ingangsdatum", "1900-01-01"), 422, "De gewenste ingangsdatum ligt vóór 1 januari 2015"),
		ui("verzoek: start 9999-12-31", aanbieder, path(giID, "verzoek"), f("ingangsdatum", "9999-12-31"), 422, "meer dan een jaar vooruit"),
	})
	h.runAPI(t, ids, []apiCase{
		a("verzoek: start 1900", tAanbieder, "POST", apiPath(giID, "verzoek"), `{"ingangsdatum":"1900-01-01"}`, "ingangsdatum", "vóór 1 januari 2015"),
		a("verzoek: start 9999-12-31", tAanbieder, "POST", apiPath(giID, "verzoek"), `{"ingangsdatum":"9999-12-31"}`, "ingangsdatum", "meer dan een jaar vooruit"),
	})
}

// setBirth changes the birth date of the youth of trajectory id, as a
// fixture.
func setBirth(t *testing.T, h *harness, id int64, birth time.Time) {
	t.Helper()
	err := h.db.Do(context.Background(), func(tx *database.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE clients SET birth_date = ? WHERE id = (SELECT client_id FROM trajectories WHERE id = ?)", day(birth), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDateRulesTellNothingAcrossTheGate: a date checked against the
// youth's birth date or eerste melding is answered only to whom the gate
// lets act on the trajectory. An organisation that is not linked gets "not
// found", as for any date, and its attempt is logged once as refused; the
// linked author's attempt is logged once, as failed.
func TestDateRulesTellNothingAcrossTheGate(t *testing.T) {
	h := newHarness(t)
	id := trajectoryOfBSN(t, h, "725763863") // at the IPVA, of Toegang Tilburg
	body := `{"ondertekenaar":"auteur","naam":"Jan de Boer","datum":"1900-01-01"}`
	path := fmt.Sprintf("/api/v1/trajecten/%d/ondertekeningen", id)
	for _, tc := range []struct {
		email   string
		status  int
		outcome string
	}{
		{"aanbieder@demo.jeugdhulp.nl", http.StatusNotFound, access.Refused},
		{"gi@demo.jeugdhulp.nl", http.StatusNotFound, access.Refused},
		{"toegang@demo.jeugdhulp.nl", http.StatusUnprocessableEntity, access.Failed},
	} {
		before := h.written(id)
		mark := h.lastID()
		resp, out := h.api("POST", path, h.token(tc.email), "application/json", body)
		if resp.StatusCode != tc.status {
			t.Fatalf("%s: %d %s, want %d", tc.email, resp.StatusCode, out, tc.status)
		}
		if tc.status == http.StatusNotFound && strings.Contains(out, "geboortedatum") {
			t.Fatalf("%s learns about the birth date: %s", tc.email, out)
		}
		es := h.entriesSince(mark)
		if len(es) != 1 || es[0].Outcome != tc.outcome || es[0].Action != access.Wijzigen {
			t.Fatalf("%s: entries %+v, want one %s change", tc.email, es, tc.outcome)
		}
		if after := h.written(id); after != before {
			t.Fatalf("%s: something was written:\nbefore %s\nafter  %s", tc.email, before, after)
		}
	}
	// A good date costs no extra entry: the signature is one logged change.
	mark := h.lastID()
	ok := fmt.Sprintf(`{"ondertekenaar":"auteur","naam":"Jan de Boer","datum":%q}`, day(time.Now().UTC()))
	if resp, out := h.api("POST", path, h.token("toegang@demo.jeugdhulp.nl"), "application/json", ok); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("good signature: %d %s", resp.StatusCode, out)
	}
	if es := h.entriesSince(mark); len(es) != 1 || es[0].Outcome != access.Allowed {
		t.Fatalf("good signature logged as %+v, want one allowed change", es)
	}
}
