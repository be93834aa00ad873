package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
)

// demoToewijzing is a toewijzing of the demo provider account's
// organisation that has begun, and its trajectory.
func demoToewijzing(t *testing.T, h *harness) (tw, trajectory int64) {
	t.Helper()
	today := time.Now().Format("2006-01-02")
	if err := h.db.QueryRow(context.Background(), `SELECT tw.id, tw.trajectory_id FROM toewijzingen tw JOIN users u ON u.organisation_id = tw.provider_id
		WHERE u.email = ? AND tw.ingangsdatum <= ? ORDER BY tw.id LIMIT 1`, "aanbieder@demo.jeugdhulp.nl", today).Scan(&tw, &trajectory); err != nil {
		t.Fatalf("no toewijzing of the demo provider: %v", err)
	}
	return tw, trajectory
}

// TestZorgStartStopWeb: the provider reports the start and the stop of
// care with the case page's forms (dates dd-mm-jjjj), is told in Dutch
// what is wrong, and nobody else reports for it.
func TestZorgStartStopWeb(t *testing.T) {
	h := newHarness(t)
	tw, trajectory := demoToewijzing(t, h)
	base := "/toewijzingen/" + strconv.FormatInt(tw, 10)
	today := kalender.Datum(time.Now())
	b := h.login("aanbieder@demo.jeugdhulp.nl")

	// Without the form's token nothing happens.
	if st := postStatus(b, base+"/start", url.Values{"begindatum": {today}}); st != http.StatusForbidden {
		t.Fatalf("start without csrf: %d", st)
	}
	body := b.post(base+"/start", url.Values{"csrf": {b.csrf}, "begindatum": {"morgen"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Vul de datum waarop de zorg begon in als dag-maand-jaar") {
		t.Errorf("bad date: %.300s", body)
	}
	req, _ := http.NewRequest("POST", h.srv.URL+base+"/start", strings.NewReader(url.Values{"csrf": {b.csrf}, "begindatum": {today}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := "/trajecten/" + strconv.FormatInt(trajectory, 10) + "?gelukt=zorg-gestart"; resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), want) {
		t.Fatalf("start: %d %s, want a redirect to %s", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	page := b.get(resp.Header.Get("Location"), http.StatusOK)
	if !strings.Contains(page, "De start van de zorg is gemeld aan de gemeente (JW305).") {
		t.Errorf("no confirmation on the case page")
	}
	body = b.post(base+"/start", url.Values{"csrf": {b.csrf}, "begindatum": {today}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "De zorg is al gestart op "+today) {
		t.Errorf("second start: %.300s", body)
	}
	body = b.post(base+"/stop", url.Values{"csrf": {b.csrf}, "einddatum": {today}, "reden": {""}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Kies de reden van de stop.") {
		t.Errorf("stop without reason: %.300s", body)
	}
	b.post(base+"/stop", url.Values{"csrf": {b.csrf}, "einddatum": {today}, "reden": {"31"}}, http.StatusSeeOther)

	// Corrections: the stop's reason, then the stop deleted.
	var lid int64
	h.db.QueryRow(context.Background(), "SELECT id FROM leveringen WHERE toewijzing_id = ?", tw).Scan(&lid)
	lbase := base + "/leveringen/" + strconv.FormatInt(lid, 10)
	b.post(lbase+"/stop", url.Values{"csrf": {b.csrf}, "einddatum": {today}, "reden": {"34"}}, http.StatusSeeOther)
	body = b.post(lbase+"/start", url.Values{"csrf": {b.csrf}, "begindatum": {today}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Verwijder eerst de stop") {
		t.Errorf("correcting a stopped start: %.300s", body)
	}
	b.post(lbase+"/stop", url.Values{"csrf": {b.csrf}, "verwijderen": {"ja"}}, http.StatusSeeOther)
	var status, reden string
	h.db.QueryRow(context.Background(), "SELECT status, reden_beeindiging FROM leveringen WHERE id = ?", lid).Scan(&status, &reden)
	if status != "gestart" || reden != "" {
		t.Errorf("after deleting the stop: %s %q", status, reden)
	}

	var history int
	h.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM events WHERE trajectory_id = ? AND kind = 'levering_gemeld'", trajectory).Scan(&history)
	if history != 4 {
		t.Errorf("%d history entries of the provider's reports, want 4", history)
	}

	// The municipality's back office does not report care; an unknown
	// toewijzing is not found.
	bo := h.login("backoffice@demo.jeugdhulp.nl")
	if st := postStatus(bo, base+"/start", url.Values{"csrf": {bo.csrf}, "begindatum": {today}}); st != http.StatusUnprocessableEntity && st != http.StatusNotFound {
		t.Errorf("back office starts care: %d", st)
	}
	b.post("/toewijzingen/999999/start", url.Values{"csrf": {b.csrf}, "begindatum": {today}}, http.StatusNotFound)
}

// TestZorgStartStopAPI: the same through the API, with Dutch problems.
func TestZorgStartStopAPI(t *testing.T) {
	h := newHarness(t)
	tw, _ := demoToewijzing(t, h)
	base := "/api/v1/toewijzingen/" + strconv.FormatInt(tw, 10)
	today := time.Now().Format("2006-01-02")
	prov := h.apiAs("aanbieder@demo.jeugdhulp.nl")

	if p := prov.call("POST", base+"/start", map[string]any{"begindatum": time.Now().AddDate(0, 0, 2).Format("2006-01-02")}, http.StatusUnprocessableEntity); !strings.Contains(p["fouten"].(map[string]any)["begindatum"].(string), "nog niet begonnen") {
		t.Errorf("start in the future: %v", p)
	}
	res := prov.call("POST", base+"/start", map[string]any{"begindatum": today}, http.StatusCreated)
	if ls := res["leveringen"].([]any); len(ls) == 0 || ls[0].(map[string]any)["status"] != "gestart" {
		t.Fatalf("start: %v", res)
	}
	if p := prov.call("POST", base+"/stop", map[string]any{"einddatum": today, "reden": "20"}, http.StatusOK); p["leveringen"].([]any)[0].(map[string]any)["status"] != "tijdelijk_gestopt" {
		t.Errorf("temporary stop: %v", p)
	}
	if p := prov.call("POST", base+"/stop", map[string]any{"einddatum": today, "reden": "20"}, http.StatusConflict); !strings.Contains(p["detail"].(string), "TR413") {
		t.Errorf("second temporary stop: %v", p)
	}
	prov.call("POST", base+"/stop", map[string]any{"einddatum": today, "reden": "34"}, http.StatusOK)
	if ls := prov.callList("GET", base+"/leveringen", http.StatusOK); len(ls) != 1 || ls[0].(map[string]any)["status"] != "beeindigd" || ls[0].(map[string]any)["reden_beeindiging"] != "34" {
		t.Errorf("leveringen: %v", ls)
	}
	prov.call("POST", "/api/v1/toewijzingen/999999/start", map[string]any{"begindatum": today}, http.StatusNotFound)
}

// TestZorgThroughExchange: the provider's JW305 and JW307 go through the
// loopback hub to the municipality, which accepts them and processes
// them into the case history: both ends of the chain on one platform.
func TestZorgThroughExchange(t *testing.T) {
	h := newHarness(t)
	h.app.Exchange.Register(ijw.TypeJW305, levering.HandleJW305)
	h.app.Exchange.Register(ijw.TypeJW307, levering.HandleJW307)
	ctx := context.Background()
	tw, trajectory := demoToewijzing(t, h)
	base := "/api/v1/toewijzingen/" + strconv.FormatInt(tw, 10)
	today := time.Now().Format("2006-01-02")
	prov := h.apiAs("aanbieder@demo.jeugdhulp.nl")
	flush := func() {
		t.Helper()
		if _, err := h.app.Exchange.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	flush() // what the demo left waiting
	prov.call("POST", base+"/start", map[string]any{"begindatum": today}, http.StatusCreated)
	flush()
	prov.call("POST", base+"/stop", map[string]any{"einddatum": today, "reden": "20"}, http.StatusOK)
	flush()
	prov.call("POST", base+"/stop", map[string]any{"einddatum": today, "reden": "31"}, http.StatusOK)
	flush()

	states := map[string]string{}
	rows, err := h.db.Query(ctx, "SELECT identificatie, state, retour_codes FROM ijw_messages WHERE trajectory_id = ? AND type IN ('JW305', 'JW307') ORDER BY id", trajectory)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, state, codes string
		rows.Scan(&id, &state, &codes)
		states[id] = state + " " + codes
	}
	rows.Close()
	if len(states) != 3 {
		t.Fatalf("messages: %v", states)
	}
	for id, s := range states {
		if !strings.HasPrefix(s, "verwerkt") {
			t.Errorf("%s: %s, want verwerkt", id, s)
		}
	}
	var what []string
	rows, _ = h.db.Query(ctx, "SELECT what FROM events WHERE trajectory_id = ? AND kind IN ('zorg_gestart', 'zorg_beeindigd') ORDER BY id", trajectory)
	for rows.Next() {
		var s string
		rows.Scan(&s)
		what = append(what, s)
	}
	rows.Close()
	d := kalender.Datum(time.Now())
	want := "Zorg gestart op " + d + " | Zorg beëindigd op " + d + " (Levering is tijdelijk beëindigd) | Zorg beëindigd op " + d + " (Levering is volgens plan beëindigd)"
	if got := strings.Join(what, " | "); got != want {
		t.Errorf("history:\n got %s\nwant %s", got, want)
	}
	if ls := prov.callList("GET", base+"/leveringen", http.StatusOK); len(ls) != 1 || ls[0].(map[string]any)["verwerkt_door_gemeente"] != true {
		t.Errorf("leveringen: %v", ls)
	}
}
