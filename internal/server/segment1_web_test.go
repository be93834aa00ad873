package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// segment1Case is the demo's segment-1 case: its trajectory, its youth and
// the values that identify the youth or say where they live.
func segment1Case(t *testing.T, h *harness) (id, client int64, identifiers []string) {
	t.Helper()
	var bsn, street, house, postcode, city string
	if err := h.db.QueryRow(context.Background(), `SELECT t.id, c.id, c.bsn, c.street, c.house_number, c.postcode, c.city FROM trajectories t
		JOIN clients c ON c.id = t.client_id WHERE c.bsn = ?`, demo.Segment1BSN).Scan(&id, &client, &bsn, &street, &house, &postcode, &city); err != nil {
		t.Fatal(err)
	}
	return id, client, []string{bsn, street + " " + house, street, postcode, strings.ReplaceAll(postcode, " ", ""), city}
}

// TestSegment1ExpertTeamSeesNoIdentifiers: every view and document the
// expert team opens of a case it is consulted on — Mijn werk, its list of
// consultations, the youths, the youth's record, the case page with its
// segment-1 section, the case summary PDF, and the same through the API —
// shows the story and the question but no BSN, address or woonplaats; the
// documents that hold them are refused. The Toegang, which sees the
// address, does see them on the same record (the markers are real).
func TestSegment1ExpertTeamSeesNoIdentifiers(t *testing.T) {
	h := newHarness(t)
	id, client, identifiers := segment1Case(t, h)
	toegang := h.login("toegang@demo.jeugdhulp.nl")
	if page := toegang.get(fmt.Sprintf("/clienten/%d", client), http.StatusOK); !strings.Contains(page, "Berkel-Enschot") || !strings.Contains(page, demo.Segment1BSN) {
		t.Fatal("the Toegang does not see the youth's address and BSN: the markers test nothing")
	}

	ret := h.login("ret@demo.jeugdhulp.nl")
	tok := h.token("ret@demo.jeugdhulp.nl")
	get := func(path string, api bool) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		c := ret.c
		if api {
			req.Header.Set("Authorization", "Bearer "+tok)
			c = http.DefaultClient
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), textOf(t, resp.Header.Get("Content-Type"), body)
	}
	clean := func(path, text string) {
		t.Helper()
		for _, m := range identifiers {
			if m != "" && strings.Contains(text, m) {
				t.Errorf("%s shows %q to the expert team", path, m)
			}
		}
	}
	for _, c := range []struct {
		path string
		api  bool
		want string // "" for a refusal (404)
	}{
		{"/", false, "Casus bespreken en advies geven"},
		{"/consultaties", false, "Yara Koster"},
		{"/clienten", false, "Yara Koster"},
		{fmt.Sprintf("/clienten/%d", client), false, "Yara Koster"},
		{fmt.Sprintf("/trajecten/%d", id), false, "Welke domeinoverstijgende inzet adviseert het RET"},
		{fmt.Sprintf("/trajecten/%d/segment1/casusoverzicht.pdf", id), false, "Welke domeinoverstijgende inzet adviseert het RET"},
		{fmt.Sprintf("/trajecten/%d/documenten/ipva.pdf", id), false, ""},
		{fmt.Sprintf("/trajecten/%d/documenten/dat-brief.pdf", id), false, ""},
		{fmt.Sprintf("/trajecten/%d/ipva", id), false, ""},
		{"/api/v1/mijn-werk", true, "Casus bespreken en advies geven"},
		{"/api/v1/consultaties", true, "Yara Koster"},
		{"/api/v1/jeugdigen", true, "Yara"},
		{fmt.Sprintf("/api/v1/jeugdigen/%d", client), true, "Koster"},
		{fmt.Sprintf("/api/v1/trajecten/%d", id), true, "School en ouders"},
		{fmt.Sprintf("/api/v1/trajecten/%d/segment1", id), true, "Welke domeinoverstijgende inzet"},
		{fmt.Sprintf("/api/v1/trajecten/%d/geschiedenis", id), true, "Consultatie gevraagd"},
		{fmt.Sprintf("/api/v1/trajecten/%d/segment1/casusoverzicht", id), true, "Casusoverzicht voor de consultatie"},
	} {
		status, ctype, text := get(c.path, c.api)
		switch {
		case c.want == "" && status != http.StatusNotFound && status != http.StatusOK:
			t.Errorf("%s: %d", c.path, status)
		case c.want == "" && status == http.StatusOK && ctype == "application/pdf":
			t.Errorf("%s: the expert team gets a document that holds the identifiers", c.path)
		case c.want != "" && (status != http.StatusOK || !strings.Contains(text, c.want)):
			t.Errorf("%s: %d, lacks %q\n%.300s", c.path, status, c.want, text)
		}
		clean(c.path, text)
	}

	// The team records its advice on the case page; the advice shows as
	// non-binding, and still nothing identifies the youth.
	page := ret.get(fmt.Sprintf("/trajecten/%d", id), http.StatusOK)
	m := regexp.MustCompile(`name="consultatie" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no advice form for the team on the case page")
	}
	ret.post(fmt.Sprintf("/trajecten/%d/segment1/consultatie-advies", id), url.Values{"csrf": {ret.csrf}, "consultatie": {m[1]}, "advies": {""}}, http.StatusUnprocessableEntity)
	ret.post(fmt.Sprintf("/trajecten/%d/segment1/consultatie-advies", id), url.Values{"csrf": {ret.csrf}, "consultatie": {m[1]}, "advies": {"Betrek schuldhulpverlening."}}, http.StatusSeeOther)
	page = ret.get(fmt.Sprintf("/trajecten/%d?gelukt=segment1-consultatie-advies", id), http.StatusOK)
	if !strings.Contains(page, "Advies (niet bindend)") || !strings.Contains(page, "Betrek schuldhulpverlening.") {
		t.Error("the recorded advice is not on the case page as non-binding")
	}
	clean("the case page after the advice", page)
}

// TestSegment1IntakeDeskPages: the intake desk finds the registration on
// its list and menu, and a refused judgement comes back on its form with
// the Dutch reason and what was typed.
func TestSegment1IntakeDeskPages(t *testing.T) {
	h := newHarness(t)
	id, _, _ := segment1Case(t, h)
	desk := h.login("aanmeldpunt@demo.jeugdhulp.nl")
	list := desk.get("/aanmeldingen", http.StatusOK)
	if !strings.Contains(list, `href="/aanmeldingen"`) || !strings.Contains(list, "Yara Koster") || !strings.Contains(list, "Uiterlijk") {
		t.Fatalf("the desk's list:\n%s", pageText(list))
	}
	page := desk.get(fmt.Sprintf("/trajecten/%d", id), http.StatusOK)
	if !strings.Contains(page, "Beoordelen in de tijd") || !strings.Contains(page, "Aanmeldgesprek uiterlijk") {
		t.Fatalf("the case page lacks the desk's judgement:\n%s", pageText(page))
	}
	page = desk.post(fmt.Sprintf("/trajecten/%d/segment1/beoordeling", id), url.Values{"csrf": {desk.csrf}, "urgentie": {"eerder"},
		"start_uiterlijk": {""}, "toelichting": {"Zorgen over de veiligheid."}}, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "Kies de dag waarop de hulp uiterlijk moet starten.") || !strings.Contains(page, "Zorgen over de veiligheid.") {
		t.Fatalf("the refusal is not on the form:\n%s", pageText(page))
	}
	desk.post(fmt.Sprintf("/trajecten/%d/segment1/beoordeling", id), url.Values{"csrf": {desk.csrf}, "urgentie": {"regulier"}}, http.StatusSeeOther)
	if page := desk.get(fmt.Sprintf("/trajecten/%d", id), http.StatusOK); !strings.Contains(page, "Aanmeldgesprek vastleggen") {
		t.Fatalf("after the judgement the intake talk form is missing:\n%s", pageText(page))
	}
	// Other roles get neither list.
	toegang := h.login("toegang@demo.jeugdhulp.nl")
	toegang.get("/aanmeldingen", http.StatusNotFound)
	toegang.get("/consultaties", http.StatusNotFound)
}
