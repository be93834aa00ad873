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
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestProductVolume: the municipality assigns a segment-3 product 10 hours
// a month. The JW301 carries that volume in the product's unit, the
// beschikking says it in words, and a month declared with 12 hours is
// rejected in the JW325 with retourcode 9321 while a month with 10 is
// approved.
func TestProductVolume(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	first := func(back int) time.Time {
		y, m, _ := now.In(kalender.Amsterdam()).Date()
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, 0)
	}
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	product := arrangement.DefaultCatalogus()[3] // 45A01, per hour
	walk.Arrangement = &traject.ArrangementInput{Arrangement: 2, Intensiteit: arrangement.Zwaar, Step5a: &arrangement.Step5a{HoogIntensiefAmbulant: true},
		Products: []arrangement.Product{product}}
	st, err := walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Lieke", Family: "Smits", Age: 9, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Anna Smits", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(ctx, st.TrajectoryID, traject.StepBesluit); err != nil {
		t.Fatal(err)
	}
	// The back office decides on the case page: the form asks the volume
	// of the product; one that is not a number is refused in Dutch.
	bo := h.login("backoffice@demo.jeugdhulp.nl")
	casePath := fmt.Sprintf("/trajecten/%d", st.TrajectoryID)
	if page := bo.get(casePath, http.StatusOK); !strings.Contains(page, `name="omvang_45A01"`) || !strings.Contains(page, "Aantal uur") {
		t.Fatal("the decision form does not ask the product's volume")
	}
	form := url.Values{"csrf": {bo.csrf}, "toegekend": {"ja"}, "ingangsdatum": {first(3).Format("02-01-2006")}, "einddatum": {first(-6).Format("02-01-2006")},
		"motivering": {"Intensieve hulp thuis is nodig."}, "omvang_45A01": {"tien"}, "frequentie_45A01": {"4"}}
	if page := bo.post(casePath+"/besluit", form, http.StatusUnprocessableEntity); !strings.Contains(page, "Vul de omvang van product 45A01 in als een heel getal") {
		t.Fatal("a volume that is not a number is not refused in Dutch")
	}
	form.Set("omvang_45A01", "10")
	bo.post(casePath+"/besluit", form, http.StatusSeeOther)
	b, err := berichten.Latest(ctx, h.db, st.TrajectoryID, ijw.TypeJW301)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := b.Decode()
	if o := m.(*ijw.JW301).Client.ToegewezenProducten.ToegewezenProduct[0].Omvang; o == nil || *o != (ijw.Omvang{Volume: 10, Eenheid: "04", Frequentie: "4"}) {
		t.Fatalf("the JW301's Omvang: %+v", o)
	}
	xmllintCheck(t, "JW301", string(b.XML))
	letter := pdfText(t, bo.get(fmt.Sprintf("/trajecten/%d/documenten/beschikking.pdf", st.TrajectoryID), http.StatusOK))
	if !strings.Contains(letter, "Hoog intensieve ambulante hulp ter voorkoming van uithuisplaatsing (productcode 45A01), 10 uur per maand") {
		t.Errorf("the beschikking does not say the product and its volume in words:\n%s", letter)
	}

	// Care runs; two months are declared: 12 hours, then 10.
	var twID, nummer, hoeveID int64
	h.db.QueryRow(ctx, "SELECT id, nummer, provider_id FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&twID, &nummer, &hoeveID)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}
	if _, err := svc.Start(ctx, walk.As(hoeveID, access.Jeugdhulpaanbieder), twID, first(3).AddDate(0, 0, 3)); err != nil {
		t.Fatal(err)
	}
	var agb, cbs string
	h.db.QueryRow(ctx, "SELECT agb_code FROM organisations WHERE id = ?", hoeveID).Scan(&agb)
	h.db.QueryRow(ctx, "SELECT cbs_code FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&cbs)
	for back, hours := range map[int]int64{2: 12, 1: 10} {
		if err := h.db.Do(ctx, func(tx *database.Tx) error {
			return declaratie.LegEenhedenVast(ctx, tx, hoeveID, nummer, first(back), hours, now)
		}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := declaratie.Default.Build(ctx, h.db, agb, cbs, first(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.db.Do(ctx, func(tx *database.Tx) error {
		_, _, err := declaratie.Default.Indienen(ctx, tx, c, berichten.Bericht{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		h.app.Exchange.Flush(ctx)
	}
	rows, err := h.db.Query(ctx, "SELECT volume, status, retourcode FROM declaratieregels WHERE kant = 'gemeente' AND toewijzing_nummer = ? ORDER BY begindatum", nummer)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var v int64
		var st, code string
		rows.Scan(&v, &st, &code)
		got = append(got, fmt.Sprintf("%d %s %s", v, st, code))
	}
	rows.Close()
	if strings.Join(got, "; ") != "12 afgewezen 9321; 10 goedgekeurd " {
		t.Errorf("the municipality's verdicts: %q", got)
	}
}

// TestTwoProductVerzoekGranted: on the medical route the provider asks for
// two segment-3 products in one JW315; the JW301 granting them carries,
// per product, the reference of the product it grants (TR379), the
// provider's side accepts it, and no verzoek stays open: a later verzoek
// om wijziging is accepted (TR374).
func TestTwoProductVerzoekGranted(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	cat := arrangement.DefaultCatalogus()
	walk.Arrangement = &traject.ArrangementInput{Arrangement: 2, Intensiteit: arrangement.Zwaar, Step5a: &arrangement.Step5a{HoogIntensiefAmbulant: true},
		Products: []arrangement.Product{cat[3], cat[4]}}
	ingang := kalender.Day(now).AddDate(0, 0, -3)
	walk.DecideOn = &traject.Decision{Toegekend: true, Ingangsdatum: ingang, Einddatum: ingang.AddDate(0, 6, 0), Motivering: "Passend."}
	st, err := walk.Start(ctx, traject.RouteMedisch, demo.Youth{BSN: "321146487", Given: "Lieke", Family: "Smits", Age: 9, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Anna Smits", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(ctx, st.TrajectoryID, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		h.app.Exchange.Flush(ctx)
	}
	b315, _ := berichten.Latest(ctx, h.db, st.TrajectoryID, ijw.TypeJW315)
	m315, _ := b315.Decode()
	want := map[string]string{}
	for _, p := range m315.(*ijw.JW315).Client.AangevraagdeProducten.AangevraagdProduct {
		want[p.Product.Code] = p.ReferentieAanbieder
	}
	b301, _ := berichten.Latest(ctx, h.db, st.TrajectoryID, ijw.TypeJW301)
	if b301.State == berichten.Afgekeurd || b301.RetourCodes != "" {
		t.Fatalf("the provider's side does not accept the JW301: %s", b301)
	}
	m301, _ := b301.Decode()
	ps := m301.(*ijw.JW301).Client.ToegewezenProducten.ToegewezenProduct
	if len(ps) != 2 || len(want) != 2 {
		t.Fatalf("%d products granted, %d asked", len(ps), len(want))
	}
	for _, p := range ps {
		if p.ReferentieAanbieder != want[p.Product.Code] {
			t.Errorf("product %s carries reference %q, asked as %q", p.Product.Code, p.ReferentieAanbieder, want[p.Product.Code])
		}
	}
	var twID, provider int64
	h.db.QueryRow(ctx, "SELECT id, provider_id FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&twID, &provider)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}
	hoeve := walk.As(provider, access.Jeugdhulpaanbieder)
	if _, err := svc.Start(ctx, hoeve, twID, ingang); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.VraagWijziging(ctx, hoeve, twID, toewijzing.WijzigingInput{Einddatum: ingang.AddDate(0, 9, 0), Reden: "2"}); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		h.app.Exchange.Flush(ctx)
	}
	if b, _ := berichten.Latest(ctx, h.db, st.TrajectoryID, ijw.TypeJW317); b.State != berichten.Verwerkt {
		t.Fatalf("the VOW after a two-product grant: %s", b)
	}
}
