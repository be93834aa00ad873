package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestVerzoekOmWijziging runs the provider's verzoek om wijziging (JW317)
// through the loopback exchange from the case page: the municipality
// answers it with its retour (JW318), its back office finds the decision
// on the case and grants it, and the provider gets a JW301 that carries
// the request's reference on every product, RedenWijziging 12 and the new
// end date, which the provider's side accepts. A second request is refused
// with a JW319. Every message passes xmllint.
func TestVerzoekOmWijziging(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	ingang := kalender.Day(now).AddDate(0, 0, -20)
	walk.DecideOn = &traject.Decision{Toegekend: true, Ingangsdatum: ingang, Einddatum: ingang.AddDate(0, 3, 0), Motivering: "Past bij het plan."}
	st, err := walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Noor", Family: "Bakker", Age: 10, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Eva Bakker", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(ctx, st.TrajectoryID, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	h.flush(t, "exchange")
	var twID int64
	if err := h.db.QueryRow(ctx, "SELECT id FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&twID); err != nil {
		t.Fatal(err)
	}
	hoeve := walk.As(walk.Orgs["De Hoeve Jeugdhulp"], access.Jeugdhulpaanbieder)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}
	if _, err := svc.Start(ctx, hoeve, twID, ingang.AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	h.flush(t, "exchange")

	case_ := fmt.Sprintf("/trajecten/%d", st.TrajectoryID)
	provider := h.login("aanbieder@demo.jeugdhulp.nl")
	page := provider.get(case_, http.StatusOK)
	if !strings.Contains(page, "Wijziging van de toewijzing aanvragen (JW317)") {
		t.Fatal("the provider is not offered the verzoek om wijziging")
	}
	// A date that does not change anything is refused in Dutch, nothing
	// is sent.
	same := ingang.AddDate(0, 3, 0).Format("02-01-2006")
	page = provider.post(fmt.Sprintf("/toewijzingen/%d/wijziging", twID), url.Values{"csrf": {provider.csrf}, "einddatum": {same}, "reden": {"2"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "De toewijzing loopt al tot "+same) {
		t.Fatalf("same end date: no Dutch refusal")
	}
	later := ingang.AddDate(0, 6, 0)
	provider.post(fmt.Sprintf("/toewijzingen/%d/wijziging", twID), url.Values{"csrf": {provider.csrf}, "einddatum": {later.Format("02-01-2006")}, "reden": {"2"}}, http.StatusSeeOther)
	h.flush(t, "exchange")
	vow, err := berichten.Latest(ctx, h.db, st.TrajectoryID, ijw.TypeJW317)
	if err != nil {
		t.Fatal(err)
	}
	if vow.State != berichten.Verwerkt || vow.RetourCodes != "" {
		t.Fatalf("the JW317 at the municipality: %s", vow)
	}
	page = provider.get(case_, http.StatusOK)
	if !strings.Contains(page, "Wacht op het besluit van de gemeente") || strings.Contains(page, "Wijziging van de toewijzing aanvragen") {
		t.Fatal("the provider's case page does not show the open request, or offers a second one")
	}

	// The back office has the decision on its Mijn werk and on the case.
	bo := h.login("backoffice@demo.jeugdhulp.nl")
	if home := bo.get("/", http.StatusOK); !strings.Contains(home, "Verzoek om wijziging beoordelen (JW317)") {
		t.Fatal("the decision is not on the back office's Mijn werk")
	}
	page = bo.get(case_, http.StatusOK)
	if !strings.Contains(page, "Uw actie: Verzoek om wijziging beoordelen (JW317)") || !strings.Contains(page, `action="/trajecten/`+fmt.Sprint(st.TrajectoryID)+`/wijziging"`) {
		t.Fatal("the back office's case page does not offer the decision")
	}
	bo.post(case_+"/wijziging", url.Values{"csrf": {bo.csrf}, "toegekend": {"ja"}, "motivering": {"Het plan loopt langer door; passend."}}, http.StatusSeeOther)
	h.flush(t, "exchange")
	var einde time.Time
	h.db.QueryRow(ctx, "SELECT einddatum FROM toewijzingen WHERE id = ?", twID).Scan(&einde)
	if einde.Format("2006-01-02") != later.Format("2006-01-02") {
		t.Fatalf("the toewijzing ends on %s, want %s", einde.Format("2006-01-02"), later.Format("2006-01-02"))
	}
	b301, err := berichten.Latest(ctx, h.db, st.TrajectoryID, ijw.TypeJW301)
	if err != nil {
		t.Fatal(err)
	}
	if b301.State == berichten.Afgekeurd || b301.RetourCodes != "" {
		t.Fatalf("the provider's side does not accept the new JW301: %s", b301)
	}
	m, _ := b301.Decode()
	for _, p := range m.(*ijw.JW301).Client.ToegewezenProducten.ToegewezenProduct {
		if p.ReferentieAanbieder != vow.Referentie || p.RedenWijziging != "12" || p.Einddatum != ijw.NewDate(later) {
			t.Errorf("product %d of the JW301 on the VOW: reference %q, reason %q, end %s", p.ToewijzingNummer, p.ReferentieAanbieder, p.RedenWijziging, p.Einddatum)
		}
	}
	page = provider.get(case_, http.StatusOK)
	if !strings.Contains(page, "tot en met "+later.Format("02-01-2006")) || !strings.Contains(page, "Toegekend op") {
		t.Fatal("the provider's case page does not show the new end date")
	}
	// The family gets a new beschikking that says what changed and that
	// it replaces the earlier one.
	letter := pdfText(t, bo.get(case_+"/documenten/beschikking.pdf", http.StatusOK))
	for _, want := range []string{"Wijziging van de jeugdhulp voor Noor Bakker", "-" + vow.Referentie + " ", "heeft ons gevraagd die hulp te wijzigen", "Dit besluit vervangt ons eerdere besluit",
		"Einddatum " + later.Format("02-01-2006"), "Het plan loopt langer door; passend.", "U hoeft zelf niets te doen"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the new beschikking lacks %q:\n%s", want, letter)
		}
	}
	if work := bo.get("/", http.StatusOK); strings.Contains(work, "Verzoek om wijziging beoordelen") {
		t.Fatal("the decision stays on the back office's Mijn werk")
	}

	// A second request is refused with a JW319 and a reason; the
	// toewijzing stays as it is.
	provider.post(fmt.Sprintf("/toewijzingen/%d/wijziging", twID), url.Values{"csrf": {provider.csrf}, "einddatum": {later.AddDate(0, 6, 0).Format("02-01-2006")}, "reden": {"1"}}, http.StatusSeeOther)
	h.flush(t, "exchange")
	page = bo.post(case_+"/wijziging", url.Values{"csrf": {bo.csrf}, "toegekend": {"nee"}, "reden_afwijzing": {"4"}, "motivering": {""}}, http.StatusUnprocessableEntity)
	if !strings.Contains(page, "Motiveer het besluit over het verzoek om wijziging.") {
		t.Fatal("a decision without motivation is not refused in Dutch")
	}
	bo.post(case_+"/wijziging", url.Values{"csrf": {bo.csrf}, "toegekend": {"nee"}, "reden_afwijzing": {"4"}, "motivering": {"Langer past niet binnen het contract."}}, http.StatusSeeOther)
	h.flush(t, "exchange")
	b319, err := berichten.Latest(ctx, h.db, st.TrajectoryID, ijw.TypeJW319)
	if err != nil {
		t.Fatal(err)
	}
	if b319.State == berichten.Afgekeurd || !strings.Contains(string(b319.XML), "<RedenAfwijzingVerzoek>4</RedenAfwijzingVerzoek>") && !strings.Contains(string(b319.XML), ":RedenAfwijzingVerzoek>4<") {
		t.Fatalf("the refusal's JW319: %s\n%s", b319, b319.XML)
	}
	h.db.QueryRow(ctx, "SELECT einddatum FROM toewijzingen WHERE id = ?", twID).Scan(&einde)
	if einde.Format("2006-01-02") != later.Format("2006-01-02") {
		t.Fatalf("a refused request changed the end date to %s", einde.Format("2006-01-02"))
	}

	// A provider that hands its messages to the folder drop sends the
	// same request as a file: imported, it is recorded on the case and put
	// on the back office's Mijn werk the same way.
	raw := strings.ReplaceAll(string(vow.XML), vow.Referentie, "EXTERN-7")
	res, err := h.app.Exchange.Receive(ctx, []byte(raw))
	if err != nil || !res.Accepted {
		t.Fatalf("a JW317 from the folder: %v %+v", err, res)
	}
	if work := bo.get("/", http.StatusOK); !strings.Contains(work, "Verzoek om wijziging beoordelen (JW317)") {
		t.Fatal("the folder's JW317 is not on the back office's Mijn werk")
	}
	if page := bo.get(case_, http.StatusOK); !strings.Contains(page, "Verzoek EXTERN-7") {
		t.Fatal("the folder's JW317 is not on the case")
	}

	// Every message of the case passes xmllint.
	rows, err := h.db.Query(ctx, "SELECT type, xml FROM ijw_messages WHERE trajectory_id = ? OR (type = 'JW318')", st.TrajectoryID)
	if err != nil {
		t.Fatal(err)
	}
	type msg struct{ typ, xml string }
	var all []msg
	for rows.Next() {
		var m msg
		rows.Scan(&m.typ, &m.xml)
		all = append(all, m)
	}
	rows.Close()
	seen := map[string]int{}
	for _, m := range all {
		seen[m.typ]++
		xmllintCheck(t, m.typ, m.xml)
	}
	if seen["JW317"] != 2 || seen["JW318"] != 3 || seen["JW301"] != 2 || seen["JW319"] != 1 {
		t.Errorf("messages of the case: %v", seen)
	}
}
