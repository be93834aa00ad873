package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// TestAdminKeepsTariffs: the demo has tariffs; the administrator adds one
// typed the Dutch way and is told in Dutch what is wrong with a bad one;
// nobody else reaches the page.
func TestAdminKeepsTariffs(t *testing.T) {
	h := newHarness(t)
	admin := h.login("beheer@demo.jeugdhulp.nl")
	page := admin.get("/beheer/tarieven", 200)
	if !strings.Contains(page, "50/50H12") || !strings.Contains(page, "€ 1.800,00") {
		t.Fatal("the demo tariffs are missing")
	}
	id := h.orgID("De Hoeve Jeugdhulp")
	form := url.Values{"csrf": {admin.csrf}, "aanbieder": {itoa(id)}, "categorie": {"45"}, "code": {"45Z99"}, "ingangsdatum": {"01-02-2026"}, "bedrag": {"1.234,56"}, "eenheid": {"04"}}
	if !strings.Contains(admin.post("/beheer/tarieven", form, 200), "€ 1.234,56") {
		t.Fatal("tariff not stored")
	}
	form.Set("bedrag", "twaalf")
	if !strings.Contains(admin.post("/beheer/tarieven", form, http.StatusUnprocessableEntity), "Vul het tarief in euro") {
		t.Fatal("no Dutch message for a bad amount")
	}
	h.login("aanbieder@demo.jeugdhulp.nl").get("/beheer/tarieven", http.StatusNotFound)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestBillingChain: a demo toewijzing of an arrangement whose care started
// is declared by the provider from its page (50 %), checked by the
// municipality, answered with a JW325 that passes the XSD, and both sides'
// overviews and CSV show it.
func TestBillingChain(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var twID, trID, nummer int64
	var cbs, agb string
	var ingang time.Time
	err := h.db.QueryRow(ctx, `SELECT t.id, t.trajectory_id, t.nummer, g.cbs_code, a.agb_code, t.ingangsdatum FROM toewijzingen t
		JOIN organisations g ON g.id = t.municipality_id JOIN organisations a ON a.id = t.provider_id
		WHERE t.product_category = '50' AND a.agb_code = '98000001' ORDER BY t.id LIMIT 1`).Scan(&twID, &trID, &nummer, &cbs, &agb, &ingang)
	if err == sql.ErrNoRows {
		t.Skip("the demo has no arrangement toewijzing of De Hoeve")
	}
	if err != nil {
		t.Fatal(err)
	}
	begin := ingang.AddDate(0, 0, 3)
	err = h.db.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO leveringen (toewijzing_id, trajectory_id, toewijzing_nummer, product_categorie, product_code, toewijzing_ingangsdatum, begindatum, status, bron, created_at, updated_at)
			SELECT id, trajectory_id, nummer, product_category, product_code, ingangsdatum, ?, 'gestart', 'aanbieder', ?, ? FROM toewijzingen WHERE id = ?`,
			begin.Format(time.DateOnly), time.Now().UTC(), time.Now().UTC(), twID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p := h.login("aanbieder@demo.jeugdhulp.nl")
	if !strings.Contains(p.get("/declaraties", 200), "Declaratie maken") {
		t.Fatal("provider's billing page")
	}
	out := p.post("/declaraties/indienen", url.Values{"csrf": {p.csrf}, "gemeente": {cbs}, "periode": {begin.Format("01-2006")}}, 200)
	if !strings.Contains(out, "is klaargezet voor verzending: 1 regels") {
		t.Fatalf("declaring: %s", flash(out))
	}
	// The municipality's side, as the exchange hands it the JW323.
	var raw string
	if err := h.db.QueryRow(ctx, "SELECT xml FROM ijw_messages WHERE type = 'JW323' AND sender = ? ORDER BY id DESC LIMIT 1", agb).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	m, err := ijw.Decode(bytes.NewReader([]byte(raw)))
	if err != nil {
		t.Fatal(err)
	}
	err = h.db.Do(ctx, func(tx *database.Tx) error {
		if err := declaratie.HandleJW323(ctx, tx, berichten.Bericht{}, m); err != nil {
			return err
		}
		var ans string
		if err := tx.QueryRow(ctx, "SELECT xml FROM ijw_messages WHERE type = 'JW325' ORDER BY id DESC LIMIT 1").Scan(&ans); err != nil {
			return err
		}
		xmllintCheck(t, "JW323", raw)
		xmllintCheck(t, "JW325", ans)
		a, err := ijw.Decode(bytes.NewReader([]byte(ans)))
		if err != nil {
			return err
		}
		if c := a.(*ijw.JW325).DeclaratieAntwoord.RetourCodes.RetourCode[0]; c != ijw.CodeVolledigToegekend {
			t.Errorf("the demo declaratie: %s, want 8001", c)
		}
		return declaratie.HandleJW325(ctx, tx, berichten.Bericht{}, a)
	})
	if err != nil {
		t.Fatal(err)
	}
	page := p.get("/declaraties", 200)
	if !strings.Contains(page, "Goedgekeurd") || strings.Count(page, "€ ") < 3 {
		t.Fatalf("provider's overview after the answer")
	}
	if !strings.Contains(p.post("/declaraties/crediteren", url.Values{"csrf": {p.csrf}, "referentienummer": {"ONBEKEND-1"}}, http.StatusUnprocessableEntity), "Alleen een goedgekeurde debetregel") {
		t.Error("crediting an unknown line: no Dutch reason")
	}
	var ref string
	if err := h.db.QueryRow(ctx, "SELECT referentie FROM declaratieregels WHERE kant = 'aanbieder' AND status = 'goedgekeurd'").Scan(&ref); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.post("/declaraties/crediteren", url.Values{"csrf": {p.csrf}, "referentienummer": {ref}}, 200), "wordt in de volgende declaratie gecrediteerd") {
		t.Error("crediting an approved line")
	}
	csv := p.get("/declaraties/overzicht.csv", 200)
	if !strings.Contains(csv, "Maand;Aanbieder;AGB-code") {
		t.Fatalf("CSV: %s", csv)
	}
	h.login("toegang@demo.jeugdhulp.nl").get("/declaraties", http.StatusNotFound)
}

func flash(page string) string {
	if i := strings.Index(page, "utrecht-alert"); i >= 0 {
		return page[i:min(len(page), i+600)]
	}
	return page[:min(len(page), 600)]
}
