package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// TestExternalVerzoekThroughTheApp: as the application is wired, a JW315
// from a provider that has an AGB code here but no accounts opens a case
// on the back office's Mijn werk; the back office fills in the address,
// grants it on the case page, and the JW301 the exchange then delivers to
// the provider carries the verzoek's reference and is accepted there
// (JW302 without remarks, so TR379 holds).
func TestExternalVerzoekThroughTheApp(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	if _, err := h.app.Orgs.Create(ctx, organisation.Organisation{Name: "Jeugd-GGZ De Kempen", Kind: organisation.Aanbieder, AGBCode: "98000077"}); err != nil {
		t.Fatal(err)
	}
	start := now.AddDate(0, 0, 7)
	m := &ijw.JW315{
		Header: ijw.JW315Header{BerichtCode: "446", BerichtVersie: 3, BerichtSubversie: 2, Afzender: "98000077", Ontvanger: "0855",
			BerichtIdentificatie: ijw.BerichtIdentificatie{Identificatie: "KMP26-0001", Dagtekening: ijw.NewDate(now)},
			XsdVersie:            ijw.XsdVersie{BasisschemaXsdVersie: "1.0.0", BerichtXsdVersie: "1.0.0"}},
		Client: ijw.JW315Client{Bsn: "555000011", Geboortedatum: ijw.Geboortedatum{Datum: "2014-05-17"}, Geslacht: "2",
			Naam: ijw.VerkorteNaam{Geslachtsnaam: ijw.Achternaam{Achternaam: "Kempers"}, Voornamen: "Noor"},
			AangevraagdeProducten: ijw.JW315AangevraagdeProducten{AangevraagdProduct: []ijw.JW315AangevraagdProduct{{
				ReferentieAanbieder: "KEMPEN-VOT-88", Product: &ijw.Product{Categorie: "50", Code: "50H42"}, ToewijzingIngangsdatum: ijw.NewDate(start),
				Omvang: &ijw.Omvang{Volume: 1, Eenheid: "82", Frequentie: "6"}, Verwijzer: ijw.Verwijzer{Type: "02", ZorgverlenerCode: "01234567"}}}}},
	}
	raw, err := ijw.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.app.Exchange.Receive(ctx, raw)
	if err != nil || !res.Accepted {
		t.Fatalf("receive: %+v, %v", res, err)
	}
	stored, err := berichten.Get(ctx, h.db, res.Message.ID)
	if err != nil || stored.TrajectoryID == 0 {
		t.Fatalf("the verzoek opened no case: %s, %v", stored, err)
	}
	id := stored.TrajectoryID
	var clientID int64
	h.db.QueryRow(ctx, "SELECT client_id FROM trajectories WHERE id = ?", id).Scan(&clientID)

	bo := h.login("backoffice@demo.jeugdhulp.nl")
	if home := bo.get("/", http.StatusOK); !strings.Contains(home, "Noor Kempers") {
		t.Fatal("the verzoek is not on the back office's Mijn werk")
	}
	if page := bo.get(fmt.Sprintf("/trajecten/%d", id), http.StatusOK); !strings.Contains(page, "Verzoek om toewijzing (JW315) KMP26-0001 ontvangen van Jeugd-GGZ De Kempen") {
		t.Fatal("the case page does not say where the verzoek came from")
	}
	decide := url.Values{"csrf": {bo.csrf}, "toegekend": {"ja"}, "ingangsdatum": {start.Format("02-01-2006")}, "einddatum": {start.AddDate(1, 0, 0).Format("02-01-2006")},
		"motivering": {"De verwijzing van de huisarts en het arrangement passen."}}
	if page := bo.post(fmt.Sprintf("/trajecten/%d/besluit", id), decide, http.StatusUnprocessableEntity); !strings.Contains(page, "Het adres van de jeugdige ontbreekt") {
		t.Fatal("a grant without the youth's address was not refused with the reason")
	}
	var tilburg int64
	h.db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&tilburg)
	bo.post(fmt.Sprintf("/clienten/%d/adres", clientID), url.Values{"csrf": {bo.csrf}, "straat": {"Stationsstraat"}, "huisnummer": {"12"}, "postcode": {"5038 EC"},
		"woonplaats": {"Tilburg"}, "gemeente_id": {strconv.FormatInt(tilburg, 10)}, "doel": {"toewijzing"}}, http.StatusSeeOther)
	bo.post(fmt.Sprintf("/trajecten/%d/besluit", id), decide, http.StatusSeeOther)

	// The dispatcher delivers the JW301 to the provider, whose receipt
	// checks it against the verzoek.
	for range 5 {
		if n, err := h.app.Exchange.Flush(ctx); err != nil {
			t.Fatal(err)
		} else if n == 0 {
			break
		}
	}
	tw, err := berichten.Latest(ctx, h.db, id, ijw.TypeJW301)
	if err != nil {
		t.Fatal(err)
	}
	if tw.State != berichten.Beantwoord || tw.RetourCodes != "" || tw.Referentie != "KEMPEN-VOT-88" {
		t.Fatalf("JW301 at the provider: %s, reference %q", tw, tw.Referentie)
	}
	if !strings.Contains(string(tw.XML), "ReferentieAanbieder>KEMPEN-VOT-88<") {
		t.Fatal("the JW301 does not carry the verzoek's reference")
	}
}
