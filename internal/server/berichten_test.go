package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
)

// TestBerichtenPagesAndAPI: after the demo's messages went through the
// loopback hub, the host municipality's back office and the provider each
// see their outbox and inbox (overdue first, dates dd-mm-jjjj), a message
// page shows its history and its XML escaped and logs the read per youth;
// a role that does not exchange messages, and an organisation that is not
// a party, get nothing.
func TestBerichtenPagesAndAPI(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	if _, err := h.app.Exchange.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := h.db.Query(ctx, "SELECT "+berichten.Cols+" FROM ijw_messages ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	var jw301 berichten.Bericht
	n := 0
	for rows.Next() {
		b, err := berichten.Scan(rows)
		if err != nil {
			t.Fatal(err)
		}
		n++
		t.Logf("%v", b)
		if b.State == berichten.Gemaakt {
			t.Errorf("not sent: %v", b)
		}
		if b.Type == "JW301" && jw301.ID == 0 {
			jw301 = b
		}
	}
	rows.Close()
	if jw301.ID == 0 || jw301.AnswerID == 0 {
		t.Fatalf("the demo's JW301 was not answered: %v", jw301)
	}

	office := h.login("backoffice@demo.jeugdhulp.nl")
	list := office.get("/berichten", http.StatusOK)
	if !strings.Contains(list, `href="/berichten"`) || !strings.Contains(list, `href="/berichten/`+strconv.FormatInt(jw301.ID, 10)+`"`) {
		t.Errorf("the host's outbox lacks the region's JW301 (or the nav item):\n%.2000s", list)
	}
	if !regexp.MustCompile(`\d{2}-\d{2}-\d{4} \d{2}:\d{2}`).MatchString(list) {
		t.Error("no dd-mm-jjjj date on the list")
	}
	office.get("/berichten?richting=uit&soort=JW301&status=onzin", http.StatusOK)

	mark := h.lastID()
	page := office.get("/berichten/"+strconv.FormatInt(jw301.ID, 10), http.StatusOK)
	if !strings.Contains(page, "Geschiedenis") || !strings.Contains(page, "&lt;jw301:Bericht") || strings.Contains(page, "<jw301:Bericht") {
		t.Errorf("message page:\n%.1500s", page)
	}
	logged := false
	for _, e := range h.entriesSince(mark) {
		if e.Object == "bericht" && e.ClientID != 0 && e.Outcome == "toegestaan" {
			logged = true
		}
	}
	if !logged {
		t.Error("reading the JW301 was not logged for its youth")
	}

	prov := h.login("aanbieder@demo.jeugdhulp.nl")
	in := prov.get("/berichten?richting=in", http.StatusOK)
	if jw301.ReceiverOrgID == prov.user.OrgID && !strings.Contains(in, "/berichten/"+strconv.FormatInt(jw301.ID, 10)) {
		t.Errorf("the provider's inbox lacks its JW301:\n%.2000s", in)
	}

	// Not a party, or not a role that exchanges messages: nothing.
	toegang := h.login("toegang@demo.jeugdhulp.nl")
	if home := toegang.get("/", http.StatusOK); strings.Contains(home, `href="/berichten"`) {
		t.Error("Toegang has the Berichten menu item")
	}
	toegang.get("/berichten", http.StatusNotFound)
	toegang.get("/berichten/"+strconv.FormatInt(jw301.ID, 10), http.StatusNotFound)
	gi := h.login("gi@demo.jeugdhulp.nl")
	if jw301.ReceiverOrgID != gi.user.OrgID {
		gi.get("/berichten/"+strconv.FormatInt(jw301.ID, 10), http.StatusNotFound)
	}

	// The API answers the same, with the XML as a string.
	tok := h.token("backoffice@demo.jeugdhulp.nl")
	resp, body := h.api("GET", "/api/v1/berichten/"+strconv.FormatInt(jw301.ID, 10), tok, "", "")
	var got struct {
		Soort, Status, XML string
		Geschiedenis       []any
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &got) != nil || got.Soort != "JW301" || !strings.HasPrefix(got.XML, "<?xml") || len(got.Geschiedenis) < 3 {
		t.Errorf("API message: %d %.300s", resp.StatusCode, body)
	}
	resp, _ = h.api("GET", "/api/v1/berichten/"+strconv.FormatInt(jw301.ID, 10), h.token("toegang@demo.jeugdhulp.nl"), "", "")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("Toegang reads a message through the API: %d", resp.StatusCode)
	}
	resp, body = h.api("GET", "/api/v1/berichten?richting=uit&soort=JW301", tok, "", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"soort":"JW301"`) {
		t.Errorf("API list: %d %.300s", resp.StatusCode, body)
	}
}
