package server_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kpi"
)

// withHistory is the demo with its history walked: the monitor's world.
func withHistory(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	if err := demo.Geschiedenis(context.Background(), h.db, time.Now()); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestMonitorPages: the purchasing team of Noord- en Midden-Limburg sees
// every KPI with its definition, verdict, chart and table, the deadlines
// with median and p90, the waiting times, and downloads them as CSV and
// PDF; it cannot open a figure to the youths; a provider opens it to its
// own cases only, logged; the administrator sets a target, with Dutch
// messages on bad input; other roles and regions see their own or nothing.
func TestMonitorPages(t *testing.T) {
	h := withHistory(t)
	jaar := strconv.Itoa(time.Now().In(time.UTC).Year())
	inkoop := h.login("inkoop.nml@demo.jeugdhulp.nl")
	page := inkoop.get("/monitor?jaar="+jaar, http.StatusOK)
	for _, d := range kpi.Definities {
		if !strings.Contains(page, d.Naam) {
			t.Errorf("the overview lacks %q", d.Naam)
		}
		// Each KPI opened: its definition beside its chart and tables.
		open := inkoop.get("/monitor?jaar="+jaar+"&kpi="+string(d.Key), http.StatusOK)
		if !strings.Contains(open, `<h2 class="utrecht-heading-2">`+d.Naam) || !strings.Contains(open, d.Uitleg[:40]) || strings.Count(open, "data-grafiek=") != 1 {
			t.Errorf("KPI %s opened lacks its heading, definition or chart", d.Key)
		}
	}
	for _, want := range []string{"Regio Noord- en Midden-Limburg", "data-grafiek=", "Doel 2026", "Doel 2028", "gehaald", "Samenwerkingsverband Vigo, Pactum en Koraalgroep", "Gemeente Venlo", "Basisjaar"} {
		if !strings.Contains(page, want) {
			t.Errorf("the KPI page lacks %q", want)
		}
	}
	// A year of the region's history fills every KPI: each has a
	// regional figure in the overview.
	overview := page[strings.Index(page, "Alle KPI's van de regio"):strings.Index(page, `<section id="kpi">`)]
	if n := len(regexp.MustCompile(`numeric-column">\d+,\d %</td>`).FindAllString(overview, -1)); n != len(kpi.Definities) {
		t.Errorf("%d of %d KPIs have a regional figure:\n%s", n, len(kpi.Definities), overview)
	}
	if strings.Contains(page, "Hart van Brabant") {
		t.Error("the other region shows")
	}
	if !strings.Contains(page, "minder dan 5") {
		t.Error("no figure of a small group is left out for the purchasing team")
	}

	csv := inkoop.get("/monitor/kpi.csv?jaar="+jaar, http.StatusOK)
	if !strings.HasPrefix(csv, "\ufeffonderdeel;reeks;periode;waarde;eenheid\r\n") || !strings.Contains(csv, kpi.Definities[0].Naam+";Regio;jan "+jaar+";") {
		t.Errorf("CSV: %.300s", csv)
	}
	pdf := inkoop.get("/monitor/kpi.pdf?jaar="+jaar, http.StatusOK)
	if dir := os.Getenv("JEUGDHULP_DOCS_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "monitor-kpi.pdf"), []byte(pdf), 0o644)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"KPI's segment 1 " + jaar, kpi.Definities[1].Naam, "Doel 2028", "Cijfers op regioniveau, zonder persoonsgegevens"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}

	termijnen := inkoop.get("/monitor/termijnen?jaar="+jaar, http.StatusOK) + inkoop.get("/monitor/termijnen?jaar="+jaar+"&termijn=termijn-2", http.StatusOK)
	for _, want := range []string{"Aanmeldgesprek binnen 2 weken", "IPVA binnen 4 weken", "Treeknorm: van aanmelding tot intake binnen 4 weken", "90e percentiel", "Aanmeldpunt segment 1 Noord- en Midden-Limburg", "op tijd"} {
		if !strings.Contains(termijnen, want) {
			t.Errorf("the deadlines page lacks %q", want)
		}
	}
	// Per organisation and month: the page for a month, and every line in
	// the CSV.
	if body := inkoop.get("/monitor/termijnen?jaar="+jaar+"&termijn=termijn-2&maand=3", http.StatusOK); !strings.Contains(body, "Aanmeldgesprek binnen 2 weken per organisatie, mrt "+jaar) {
		t.Error("the deadlines page does not show an organisation's month")
	}
	csvT := inkoop.get("/monitor/termijnen.csv?jaar="+jaar, http.StatusOK)
	if !strings.HasPrefix(csvT, "\ufefftermijn;organisatie;periode;aantal;op_tijd;aandeel_procent;mediaan;p90;eenheid\r\n") ||
		!regexp.MustCompile(`\nAanmeldgesprek binnen 2 weken;Aanmeldpunt segment 1 Noord- en Midden-Limburg;heel jaar;\d+;\d+;[\d,]+;[\d,]+;[\d,]+;dagen\r\n`).MatchString(csvT) ||
		!strings.Contains(csvT, "\nActieve inschatting crisis binnen 2 uur;Regio;jan "+jaar+";") {
		t.Errorf("deadlines CSV: %.600s", csvT)
	}
	wacht := inkoop.get("/monitor/wachttijden", http.StatusOK)
	if !strings.Contains(wacht, "Segment 1 (hoogspecialistisch)") || !strings.Contains(wacht, "weken") {
		t.Errorf("the waiting times page: %.500s", wacht)
	}

	// Opening a figure: the purchasing team sees the count only.
	inzoom := "/monitor/kpi/onder12_met_ouder?groep=regio&jaar=" + jaar + "&periode=12"
	body := inkoop.get(inzoom, http.StatusOK)
	if !strings.Contains(body, "U ziet alleen de aantallen") || strings.Contains(body, "/trajecten/") {
		t.Errorf("the purchasing team opens a figure to youths: %.600s", body)
	}
	inkoop.get("/monitor/kpi/bestaat_niet?groep=regio&jaar="+jaar+"&periode=12", http.StatusNotFound)
	inkoop.get("/monitor/kpi/onder12_met_ouder?groep=gemeente-999999&jaar="+jaar+"&periode=12", http.StatusNotFound)

	// A regievoerder opens it to its own cases, each listed read logged.
	// (the busiest regievoerder of the region)
	var vigo int64
	if err := h.db.QueryRow(context.Background(), `SELECT s.regievoerder_id FROM seg1_cases s JOIN organisations o ON o.id = s.regievoerder_id
		WHERE o.region_id = (SELECT region_id FROM organisations WHERE name = ?) GROUP BY s.regievoerder_id ORDER BY COUNT(*) DESC, s.regievoerder_id LIMIT 1`, demo.OrgRegioNML).Scan(&vigo); err != nil {
		t.Fatal(err)
	}
	if _, err := h.app.Accounts.Create(context.Background(), account.NewUser{Email: "regie.vigo@demo.jeugdhulp.nl", Name: "Regievoerder Vigo", OrgID: vigo,
		Roles: []access.Role{access.Jeugdhulpaanbieder}, Password: demo.Password}); err != nil {
		t.Fatal(err)
	}
	regie := h.login("regie.vigo@demo.jeugdhulp.nl")
	since := h.lastID()
	body = regie.get("/monitor/kpi/treeknorm_aanmeld?groep=regio&jaar="+jaar+"&periode=12", http.StatusOK)
	shown := strings.Count(body, `href="/trajecten/`)
	if shown == 0 || !strings.Contains(body, "horen bij andere organisaties") {
		i := strings.Index(body, "<main")
		t.Fatalf("the regievoerder's own cases: %d shown\n%.1500s", shown, body[i:])
	}
	logged := 0
	for _, e := range h.entriesSince(since) {
		if e.Object == "kpi.casussen" && e.Action == access.Lijst {
			logged++
			if !h.linked(vigo, e.ClientID) {
				t.Errorf("a youth not of Vigo listed: %d", e.ClientID)
			}
		}
	}
	if logged != shown {
		t.Errorf("%d youths shown, %d logged", shown, logged)
	}

	// The region's administrator sets a target; bad input is told in Dutch.
	beheer := h.login("beheer.nml@demo.jeugdhulp.nl")
	form := url.Values{"csrf": {beheer.csrf}, "kpi": {"opnamedagen"}, "basisjaar": {"twintig"}, "basiswaarde": {""}, "doel_2026": {"35,5"}, "doel_2028": {"120"}}
	bad := beheer.post("/monitor/instellingen", form, http.StatusUnprocessableEntity)
	for _, want := range []string{"Vul een basisjaar in, zoals 2025.", "Een doel is een percentage van hoogstens 100."} {
		if !strings.Contains(bad, want) {
			t.Errorf("the settings form lacks %q", want)
		}
	}
	form.Set("basisjaar", strconv.Itoa(time.Now().Year()-1))
	form.Set("doel_2028", "60")
	beheer.post("/monitor/instellingen", form, http.StatusSeeOther)
	if page := beheer.get("/monitor?jaar="+jaar+"&kpi=opnamedagen", http.StatusOK); !strings.Contains(page, "doel 2026 (35,5 %)") || !strings.Contains(page, "doel 2028 (60,0 %)") {
		t.Error("the new targets do not show")
	}
	bestuur := h.login("bestuur@demo.jeugdhulp.nl")
	if page := bestuur.get("/monitor/instellingen", http.StatusOK); strings.Contains(page, `name="doel_2026"`) {
		t.Error("the board may change the targets")
	}
	bestuur.post("/monitor/instellingen", url.Values{"csrf": {bestuur.csrf}, "kpi": {"opnamedagen"}, "basisjaar": {"2025"}, "doel_2026": {"1"}, "doel_2028": {"1"}}, http.StatusForbidden)

	// The other region's purchasing team sees its own region; the privacy
	// officer sees no monitor.
	if page := h.login("inkoop@demo.jeugdhulp.nl").get("/monitor?jaar="+jaar, http.StatusOK); !strings.Contains(page, "Regio Hart van Brabant") || strings.Contains(page, "Koraalgroep") {
		t.Error("Hart van Brabant's monitor shows the other region")
	}
	h.login("privacy@demo.jeugdhulp.nl").get("/monitor", http.StatusNotFound)
}
