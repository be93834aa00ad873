package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/api"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

// TestResponsesMatchOpenAPI calls every JSON route of the API on the demo
// region, as the roles that use it, and checks each answer against the
// document: no key the schema does not name, every required key, the
// documented types. A stored IPVA is also sent back as it was read.
func TestResponsesMatchOpenAPI(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	if _, err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	app := server.New(db, server.Config{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	srv := httptest.NewServer(app.Handler)
	t.Cleanup(srv.Close)
	doc := loadOpenAPI(t)

	tokens := map[string]string{}
	seen := map[string]bool{}
	// call sends body as JSON and returns the status, the Location header
	// and the decoded answer, checked against the route's documented
	// response (pattern is the route as registered) or, for a problem,
	// against the Probleem schema.
	call := func(email, method, pattern, path string, body any) (int, string, any) {
		t.Helper()
		tok, ok := tokens[email]
		if !ok {
			var err error
			if tok, err = app.Accounts.NewToken(ctx, email); err != nil {
				t.Fatal(err)
			}
			tokens[email] = tok
		}
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, srv.URL+path, rd)
		req.Header.Set("Authorization", "Bearer "+tok)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		ctype := resp.Header.Get("Content-Type")
		if resp.StatusCode == http.StatusNoContent {
			seen[method+" "+pattern] = true
			return resp.StatusCode, "", nil
		}
		v := readJSON(t, resp.Body)
		var s *schema
		if resp.StatusCode >= 300 {
			if ctype != "application/problem+json" {
				t.Fatalf("%s %s: %d with %s", method, path, resp.StatusCode, ctype)
			}
			s = &schema{Ref: "#/components/schemas/Probleem"}
		} else {
			s = doc.responseSchema(t, method, pattern)
			seen[method+" "+pattern] = true
		}
		for _, e := range doc.checkValue(v, s, method+" "+path) {
			t.Error(e)
		}
		return resp.StatusCode, resp.Header.Get("Location"), v
	}
	get := func(email, pattern, path string) any {
		t.Helper()
		status, _, v := call(email, "GET", pattern, path, nil)
		if status != http.StatusOK {
			t.Fatalf("GET %s as %s: %d %v", path, email, status, v)
		}
		return v
	}

	const (
		toegang    = "toegang@demo.jeugdhulp.nl"
		gi         = "gi@demo.jeugdhulp.nl"
		huisarts   = "huisarts@demo.jeugdhulp.nl"
		aanbieder  = "aanbieder@demo.jeugdhulp.nl"
		backoffice = "backoffice@demo.jeugdhulp.nl"
		inkoop     = "inkoop@demo.jeugdhulp.nl"
		crisis     = "crisis@demo.jeugdhulp.nl"
	)
	for _, l := range demo.Logins() {
		get(l.Email, "/api/v1/account", "/api/v1/account")
		get(l.Email, "/api/v1/mijn-werk", "/api/v1/mijn-werk")
	}
	get(toegang, "/api/v1/organisaties", "/api/v1/organisaties")
	get(toegang, "/api/v1/wegwijzer", "/api/v1/wegwijzer?arrangement=2")
	get(toegang, "/api/v1/arrangementen", "/api/v1/arrangementen")
	if qs := get(inkoop, "/api/v1/geldkwesties", "/api/v1/geldkwesties").([]any); len(qs) == 0 {
		t.Error("the demo's money question is not on the purchasing team's list")
	}
	for _, c := range get(toegang, "/api/v1/jeugdigen", "/api/v1/jeugdigen").([]any) {
		id := int64(c.(map[string]any)["id"].(float64))
		get(toegang, "/api/v1/jeugdigen/{id}", "/api/v1/jeugdigen/"+strconv.FormatInt(id, 10))
	}

	type row struct {
		step, route, municipality string
	}
	rows, err := db.Query(ctx, `SELECT t.id, t.step, t.route, m.name FROM trajectories t JOIN organisations m ON m.id = t.municipality_id ORDER BY t.id`)
	if err != nil {
		t.Fatal(err)
	}
	trajectories := map[int64]row{}
	for rows.Next() {
		var id int64
		var r row
		rows.Scan(&id, &r.step, &r.route, &r.municipality)
		trajectories[id] = r
	}
	rows.Close()
	// writer is the demo account that writes the IPVA on a route, "" when
	// the demo has none for that Toegang team.
	writer := func(r row) string {
		switch {
		case r.route == "gi":
			return gi
		case r.route == "medisch":
			return aanbieder
		case r.municipality == "Gemeente Tilburg":
			return toegang
		}
		return ""
	}
	shown := 0
	for id, tr := range trajectories {
		base := "/api/v1/trajecten/" + strconv.FormatInt(id, 10)
		for _, who := range []string{toegang, gi, huisarts, aanbieder, backoffice, inkoop, crisis} {
			if status, _, _ := call(who, "GET", "/api/v1/trajecten/{id}", base, nil); status == http.StatusOK {
				shown++
				get(who, "/api/v1/trajecten/{id}/geschiedenis", base+"/geschiedenis")
			}
		}
		if who := writer(tr); tr.step == "ipva" && who != "" {
			get(who, "/api/v1/trajecten/{id}/ipva/ontbrekend", base+"/ipva/ontbrekend")
			// The IPVA as read is a valid IPVA to save.
			v := get(who, "/api/v1/trajecten/{id}", base).(map[string]any)
			status, _, out := call(who, "PUT", "/api/v1/trajecten/{id}/ipva", base+"/ipva", map[string]any{"versie": v["ipva_versie"], "ipva": v["ipva"]})
			if status != http.StatusOK {
				t.Errorf("saving the IPVA as read: %d %v", status, out)
			}
		}
		if tr.step == "besluit" && tr.municipality == "Gemeente Tilburg" {
			status, _, v := call(backoffice, "POST", "/api/v1/trajecten/{id}/besluit", base+"/besluit",
				map[string]any{"toegekend": true, "ingangsdatum": time.Now().Format("2006-01-02"), "motivering": "Passend."})
			if status != http.StatusOK {
				t.Errorf("decision: %d %v", status, v)
			}
			get(backoffice, "/api/v1/trajecten/{id}", base)
		}
	}
	if shown < len(trajectories) {
		t.Errorf("%d trajectory views for %d trajectories; the demo roles should see each at least once", shown, len(trajectories))
	}

	// A problem with field messages, and new trajectories on each route
	// with their Location.
	if status, _, v := call(toegang, "POST", "/api/v1/trajecten", "/api/v1/trajecten", map[string]any{"jeugdige": map[string]any{"bsn": "1"}}); status != http.StatusUnprocessableEntity ||
		v.(map[string]any)["fouten"] == nil {
		t.Errorf("invalid request for help: %d %v", status, v)
	}
	var tilburg, hoeve int64
	db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&tilburg)
	db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = 'De Hoeve Jeugdhulp'").Scan(&hoeve)
	today := time.Now().Format("2006-01-02")
	youth := func(bsn string) map[string]any {
		return map[string]any{
			"jeugdige": map[string]any{"bsn": bsn, "voornaam": "Noor", "achternaam": "Bos", "geboortedatum": time.Now().AddDate(-12, 0, 0).Format("2006-01-02"),
				"straat": "Markt", "huisnummer": "1", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": tilburg},
			"eerste_melding": today, "gezaghebbenden": []map[string]any{{"voornamen": "Els", "achternaam": "Bos", "relatie": "ouder", "gezag": true}},
		}
	}
	gir := youth("123456782")
	gir["maatregel"] = map[string]any{"soort": "ots", "uitspraak_datum": today, "kenmerk": "C/02/1 JE RK 26-1", "raad_rapport": "Raadsrapport 1"}
	med := youth("111222333")
	med["verwijzer"] = map[string]any{"type": "02", "zorgverlenercode": "01012345", "naam": "Huisarts"}
	med["aanbieder_id"] = hoeve
	for _, c := range []struct {
		who, route string
		body       map[string]any
	}{{toegang, "toegang", youth("321146487")}, {gi, "gi", gir}, {huisarts, "medisch", med}} {
		status, loc, v := call(c.who, "POST", "/api/v1/trajecten", "/api/v1/trajecten", c.body)
		if status != http.StatusCreated || !strings.HasPrefix(loc, "/api/v1/trajecten/") || v.(map[string]any)["route"] != c.route {
			t.Fatalf("start as %s: %d %q %v", c.who, status, loc, v)
		}
		get(c.who, "/api/v1/trajecten/{id}", loc)
	}

	// The exchange: the demo's messages go through the loopback hub, then
	// each side reads its inbox and outbox and a message of each.
	if _, err := app.Exchange.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{backoffice, aanbieder, gi} {
		list := get(who, "/api/v1/berichten", "/api/v1/berichten?richting=&soort=&status=").([]any)
		if who == backoffice && len(list) == 0 {
			t.Error("the host municipality's back office sees no messages")
		}
		for _, m := range list[:min(len(list), 2)] {
			get(who, "/api/v1/berichten/{id}", "/api/v1/berichten/"+strconv.FormatInt(int64(m.(map[string]any)["id"].(float64)), 10))
		}
	}
	get(aanbieder, "/api/v1/berichten", "/api/v1/berichten?richting=in&soort=JW301&status=beantwoord")
	if status, _, _ := call(aanbieder, "GET", "/api/v1/berichten", "/api/v1/berichten?soort=JW999", nil); status != http.StatusUnprocessableEntity {
		t.Errorf("unknown soort: %d", status)
	}

	// Start and stop of care on a toewijzing of the demo provider's.
	var twID int64
	if err := db.QueryRow(ctx, `SELECT tw.id FROM toewijzingen tw JOIN users u ON u.organisation_id = tw.provider_id
		WHERE u.email = ? AND tw.ingangsdatum <= ? ORDER BY tw.id LIMIT 1`, aanbieder, today).Scan(&twID); err != nil {
		t.Fatalf("no toewijzing of the demo provider: %v", err)
	}
	tw := "/api/v1/toewijzingen/" + strconv.FormatInt(twID, 10)
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/start", tw+"/start", map[string]any{"begindatum": "gisteren"}); status != http.StatusUnprocessableEntity {
		t.Errorf("start with a bad date: %d %v", status, v)
	}
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/start", tw+"/start", map[string]any{"begindatum": today}); status != http.StatusCreated {
		t.Errorf("start of care: %d %v", status, v)
	}
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/start", tw+"/start", map[string]any{"begindatum": today}); status != http.StatusConflict {
		t.Errorf("second start of care: %d %v", status, v)
	}
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/stop", tw+"/stop", map[string]any{"einddatum": today, "reden": "31"}); status != http.StatusOK {
		t.Errorf("stop of care: %d %v", status, v)
	}
	if ls := get(aanbieder, "/api/v1/toewijzingen/{id}/leveringen", tw+"/leveringen").([]any); len(ls) != 1 || ls[0].(map[string]any)["status"] != "beeindigd" {
		t.Errorf("leveringen: %v", ls)
	}
	// Garantie na einde zorg: the care ended today, so a resumption today
	// is refused; with the end moved to yesterday (a fixture: the demo's
	// care cannot have begun earlier) it is recorded.
	garantie := map[string]any{"begindatum": today, "gemeld_door": "gezin", "toelichting": "Dezelfde klachten als eerder."}
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/garantie", tw+"/garantie", garantie); status != http.StatusUnprocessableEntity {
		t.Errorf("garantie on the day care ended: %d %v", status, v)
	}
	if err := db.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE leveringen SET begindatum = ?, einddatum = ? WHERE toewijzing_id = ?",
			time.Now().AddDate(0, 0, -2).Format("2006-01-02"), time.Now().AddDate(0, 0, -1).Format("2006-01-02"), twID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/garantie", tw+"/garantie", garantie); status != http.StatusCreated {
		t.Errorf("garantie: %d %v", status, v)
	}
	// Corrections, on a toewijzing that began yesterday: the demo's
	// medical case awaiting its decision, decided by its municipality.
	var medisch, gemeente int64
	if err := db.QueryRow(ctx, `SELECT t.id, t.municipality_id FROM trajectories t JOIN users u ON u.organisation_id = t.provider_id
		WHERE u.email = ? AND t.step = 'besluit' AND t.route = 'medisch' ORDER BY t.id LIMIT 1`, aanbieder).Scan(&medisch, &gemeente); err != nil {
		t.Fatalf("no medical case awaiting a decision: %v", err)
	}
	if _, err := app.Accounts.Create(ctx, account.NewUser{Email: "besluit@levering.test", Name: "Backoffice", OrgID: gemeente, Roles: []access.Role{access.Backoffice}}); err != nil {
		t.Fatal(err)
	}
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	if status, _, v := call("besluit@levering.test", "POST", "/api/v1/trajecten/{id}/besluit", "/api/v1/trajecten/"+strconv.FormatInt(medisch, 10)+"/besluit",
		map[string]any{"toegekend": true, "ingangsdatum": yesterday, "motivering": "Passend."}); status != http.StatusOK {
		t.Fatalf("decision on the medical case: %d %v", status, v)
	}
	if err := db.QueryRow(ctx, "SELECT id FROM toewijzingen WHERE trajectory_id = ?", medisch).Scan(&twID); err != nil {
		t.Fatal(err)
	}
	tw = "/api/v1/toewijzingen/" + strconv.FormatInt(twID, 10)
	_, _, begun := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/start", tw+"/start", map[string]any{"begindatum": yesterday})
	lid := strconv.FormatInt(int64(begun.(map[string]any)["leveringen"].([]any)[0].(map[string]any)["id"].(float64)), 10)
	if status, _, v := call(aanbieder, "PUT", "/api/v1/toewijzingen/{id}/leveringen/{levering}/start", tw+"/leveringen/"+lid+"/start", map[string]any{"begindatum": today}); status != http.StatusOK {
		t.Errorf("correct the start: %d %v", status, v)
	} else {
		lid = strconv.FormatInt(int64(v.(map[string]any)["leveringen"].([]any)[0].(map[string]any)["id"].(float64)), 10)
	}
	// While care runs the provider asks for a later end date (JW317); a
	// second request waits for the first; the municipality grants it.
	later := time.Now().AddDate(0, 6, 0).Format("2006-01-02")
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/wijziging", tw+"/wijziging", map[string]any{"einddatum": later, "reden": "2"}); status != http.StatusCreated {
		t.Errorf("verzoek om wijziging: %d %v", status, v)
	}
	if status, _, v := call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/wijziging", tw+"/wijziging", map[string]any{"einddatum": later, "reden": "2"}); status != http.StatusConflict {
		t.Errorf("second verzoek om wijziging while one is open: %d %v", status, v)
	}
	if _, err := app.Exchange.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	medischPath := "/api/v1/trajecten/" + strconv.FormatInt(medisch, 10)
	if status, _, v := call("besluit@levering.test", "POST", "/api/v1/trajecten/{id}/wijziging", medischPath+"/wijziging", map[string]any{"toegekend": false, "motivering": "Geen reden gekozen."}); status != http.StatusConflict {
		t.Errorf("refusal without a reason: %d %v", status, v)
	}
	if status, _, v := call("besluit@levering.test", "POST", "/api/v1/trajecten/{id}/wijziging", medischPath+"/wijziging", map[string]any{"toegekend": true, "motivering": "Het plan loopt langer."}); status != http.StatusNoContent {
		t.Errorf("grant the verzoek om wijziging: %d %v", status, v)
	}
	if ws := get("besluit@levering.test", "/api/v1/trajecten/{id}", medischPath).(map[string]any)["wijzigingen"].([]any); len(ws) != 1 || ws[0].(map[string]any)["status"] != "toegekend" ||
		ws[0].(map[string]any)["einddatum_nieuw"] != later {
		t.Errorf("wijzigingen after the decision: %v", ws)
	}
	call(aanbieder, "POST", "/api/v1/toewijzingen/{id}/stop", tw+"/stop", map[string]any{"einddatum": today, "reden": "31"})
	if status, _, v := call(aanbieder, "PUT", "/api/v1/toewijzingen/{id}/leveringen/{levering}/stop", tw+"/leveringen/"+lid+"/stop", map[string]any{"einddatum": today, "reden": "34"}); status != http.StatusOK {
		t.Errorf("correct the stop: %d %v", status, v)
	}
	if status, _, v := call(aanbieder, "DELETE", "/api/v1/toewijzingen/{id}/leveringen/{levering}/stop", tw+"/leveringen/"+lid+"/stop", nil); status != http.StatusOK {
		t.Errorf("delete the stop: %d %v", status, v)
	}

	// The crisis service: its list (the demo's open crisis), a report of a
	// known youth by BSN alone, and the crisis as read.
	if cs := get(crisis, "/api/v1/crises", "/api/v1/crises").([]any); len(cs) == 0 {
		t.Error("the crisis service's list is empty; the demo has an open crisis")
	}
	if status, loc, v := call(crisis, "POST", "/api/v1/crises", "/api/v1/crises", map[string]any{"melder": "ouder",
		"anders_dan_gisteren": "Hij is vandaag niet meer te kalmeren.", "jeugdige": map[string]any{"bsn": "321146487"}}); status != http.StatusCreated ||
		!strings.HasPrefix(loc, "/api/v1/crises/") {
		t.Errorf("crisis report: %d %q %v", status, loc, v)
	} else {
		get(crisis, "/api/v1/crises/{id}", loc)
	}

	// Billing: the administrator's tariffs; the demo provider's units and
	// the JW323 of the month its care on an arrangement started; both
	// sides' overviews and the provider's lines.
	const beheer = "beheer@demo.jeugdhulp.nl"
	if ts := get(beheer, "/api/v1/tarieven", "/api/v1/tarieven").([]any); len(ts) == 0 {
		t.Error("the demo has no tariffs")
	}
	if status, _, v := call(beheer, "POST", "/api/v1/tarieven", "/api/v1/tarieven", map[string]any{"aanbieder_id": hoeve, "productcategorie": "45", "productcode": "45Z98",
		"ingangsdatum": today, "bedrag_eurocent": 9900, "eenheid": "04"}); status != http.StatusCreated {
		t.Errorf("tariff: %d %v", status, v)
	}
	var arrID, arrNummer int64
	var arrCBS string
	if err := db.QueryRow(ctx, `SELECT tw.id, tw.nummer, g.cbs_code FROM toewijzingen tw JOIN organisations g ON g.id = tw.municipality_id
		WHERE tw.provider_id = ? AND tw.product_category = '50' ORDER BY tw.id LIMIT 1`, hoeve).Scan(&arrID, &arrNummer, &arrCBS); err != nil {
		t.Fatalf("no arrangement toewijzing of the demo provider: %v", err)
	}
	if _, err := db.W.ExecContext(ctx, db.Rebind(`INSERT INTO leveringen (toewijzing_id, trajectory_id, toewijzing_nummer, product_categorie, product_code, toewijzing_ingangsdatum, begindatum, status, bron, created_at, updated_at)
		SELECT id, trajectory_id, nummer, product_category, product_code, ingangsdatum, ingangsdatum, 'gestart', 'aanbieder', created_at, created_at FROM toewijzingen
		WHERE id = ? AND NOT EXISTS (SELECT 1 FROM leveringen WHERE toewijzing_id = ?)`), arrID, arrID); err != nil {
		t.Fatal(err)
	}
	var billStart time.Time
	if err := db.QueryRow(ctx, "SELECT begindatum FROM leveringen WHERE toewijzing_id = ? ORDER BY begindatum LIMIT 1", arrID).Scan(&billStart); err != nil {
		t.Fatal(err)
	}
	if status, _, v := call(aanbieder, "POST", "/api/v1/declaraties/eenheden", "/api/v1/declaraties/eenheden", map[string]any{"toewijzingnummer": arrNummer, "maand": billStart.Format("2006-01"), "eenheden": 3}); status != http.StatusNoContent {
		t.Errorf("units: %d %v", status, v)
	}
	if status, _, v := call(aanbieder, "POST", "/api/v1/declaraties", "/api/v1/declaraties", map[string]any{"gemeente": arrCBS, "maand": billStart.Format("2006-01")}); status != http.StatusCreated {
		t.Errorf("declaratie: %d %v", status, v)
	}
	if ds := get(aanbieder, "/api/v1/declaraties", "/api/v1/declaraties").([]any); len(ds) == 0 {
		t.Error("the provider's overview is empty after declaring")
	}
	get(backoffice, "/api/v1/declaraties", "/api/v1/declaraties?maand="+billStart.Format("2006-01"))
	get(aanbieder, "/api/v1/declaraties/regels", "/api/v1/declaraties/regels")
	if status, _, _ := call(toegang, "GET", "/api/v1/declaraties", "/api/v1/declaraties", nil); status != http.StatusNotFound {
		t.Errorf("a Toegang worker reads billing: %d", status)
	}

	segment1Live(t, db, call)

	// The money of segment 1: Noord- en Midden-Limburg's administrator
	// reads the year and enters a lump sum and a historical use again;
	// a Toegang worker sees nothing.
	const beheerNML = "beheer.nml@demo.jeugdhulp.nl"
	jaar := time.Now().Year()
	fin := get(beheerNML, "/api/v1/financien", "/api/v1/financien?jaar="+strconv.Itoa(jaar)).(map[string]any)
	sv := fin["samenwerkingsverbanden"].([]any)[0].(map[string]any)
	gm := fin["gemeenten"].([]any)[0].(map[string]any)
	for path, body := range map[string]map[string]any{
		"/api/v1/financien/lumpsums":           {"jaar": jaar, "bedragen": []map[string]any{{"id": sv["id"], "bedrag_eurocent": sv["lumpsum_eurocent"]}}},
		"/api/v1/financien/historisch-gebruik": {"jaar": jaar, "bedragen": []map[string]any{{"id": gm["id"], "bedrag_eurocent": gm["historisch_gebruik_eurocent"]}}},
	} {
		if status, _, v := call(beheerNML, "PUT", path, path, body); status != http.StatusNoContent {
			t.Errorf("PUT %s: %d %v", path, status, v)
		}
	}
	if status, _, v := call(beheerNML, "PUT", "/api/v1/financien/lumpsums", "/api/v1/financien/lumpsums", map[string]any{"jaar": 1999, "bedragen": []any{}}); status != http.StatusUnprocessableEntity {
		t.Errorf("lump sums of 1999: %d %v", status, v)
	}
	if status, _, _ := call(toegang, "GET", "/api/v1/financien", "/api/v1/financien", nil); status != http.StatusNotFound {
		t.Errorf("a Toegang worker reads the money: %d", status)
	}

	for _, r := range api.Routes() {
		if r.Out != nil && !seen[r.Method+" "+r.Path] {
			t.Errorf("%s %s returns JSON but this test never called it", r.Method, r.Path)
		}
	}
}
