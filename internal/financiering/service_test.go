package financiering_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/financiering"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/testkit"
)

// TestFinancieringDemo: a year of Noord- en Midden-Limburg in the demo
// fills every figure, and they hold together: advances add up to the lump
// sums to the cent, settlements to zero, every month up to last has use,
// the running care at XONAR has a reserve. Only the region's own monitor
// roles see it; only its purchasing team or administrator enters amounts.
func TestFinancieringDemo(t *testing.T) {
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	w := testkit.New(t, now)
	ctx := context.Background()
	if err := demo.Financiering(ctx, w.DB, now); err != nil {
		t.Fatal(err)
	}
	svc := &financiering.Service{DB: w.DB, Orgs: &organisation.Store{DB: w.DB}, Now: func() time.Time { return now }}
	p := w.Walk.As(w.Walk.Orgs[demo.OrgRegioNML], access.Beheerder)
	reg, _ := svc.Orgs.RegionOf(ctx, p.OrgID)
	p.RegionID = reg.ID
	o, err := svc.Overzicht(ctx, p, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if o.Regio != demo.RegioNML || len(o.Gemeenten) != 14 || len(o.Consortia) != 2 || o.Maanden != 11 {
		t.Fatalf("%s: %d municipalities, %d consortia, %d months", o.Regio, len(o.Gemeenten), len(o.Consortia), o.Maanden)
	}
	t.Logf("use per month %v, total %d of advance %d", o.Totaal.PerMaand, o.Totaal.Gebruik, o.Totaal.Voorschot)
	if o.Totaal.Lumpsum != (5_400_000+4_450_000)*100 || o.Totaal.Voorschot != o.Totaal.Lumpsum || o.Totaal.Afrekening != 0 {
		t.Errorf("totals %+v", o.Totaal)
	}
	for m := 1; m <= 11; m++ {
		if o.Totaal.PerMaand[m-1] <= 0 {
			t.Errorf("no use in month %d: %v", m, o.Totaal.PerMaand)
		}
	}
	if o.Totaal.PerMaand[11] != 0 {
		t.Errorf("December is billed already: %d", o.Totaal.PerMaand[11])
	}
	for _, g := range o.Gemeenten {
		if g.Voorschot <= 0 || g.Gebruik <= 0 {
			t.Errorf("%s: advance %d, use %d", g.Naam, g.Voorschot, g.Gebruik)
		}
	}
	// XONAR's two arrangements, nothing billed: the whole price each.
	if o.Totaal.LopendNGA != 2 || o.Totaal.Uitname != 2*2_640_000 || o.ZonderTarief != 0 {
		t.Errorf("reserve %d for %d running, %d without tariff", o.Totaal.Uitname, o.Totaal.LopendNGA, o.ZonderTarief)
	}

	// Hart van Brabant's purchasing team sees its own region: no consortia.
	inkoop := w.Walk.As(w.Walk.Orgs[demo.OrgInkoop], access.Inkoop)
	hreg, _ := svc.Orgs.RegionOf(ctx, inkoop.OrgID)
	inkoop.RegionID = hreg.ID
	if h, err := svc.Overzicht(ctx, inkoop, 2026); err != nil || h.Regio != demo.RegioHvB || len(h.Consortia) != 0 {
		t.Errorf("Hart van Brabant: %v, %+v", err, h.Consortia)
	}
	// It may not set Limburg's lump sums.
	b := int64(1)
	err = svc.ZetLumpsums(ctx, inkoop, financiering.Invoerbedragen{Jaar: 2026, Bedragen: []financiering.Bedrag{{ID: o.Consortia[0].ID, Bedrag: &b}}})
	var fe invoer.Fouten
	if !errors.As(err, &fe) || fe[itoa(o.Consortia[0].ID)] == "" {
		t.Errorf("another region's lump sum: %v", err)
	}
	// A Toegang worker sees no money; a board member may look, not enter.
	toegang := w.Walk.As(w.Walk.Orgs["Toegang Venlo"], access.Toegangsmedewerker)
	toegang.RegionID = reg.ID
	if _, err := svc.Overzicht(ctx, toegang, 2026); !errors.Is(err, access.ErrRefused) {
		t.Errorf("Toegang sees the money: %v", err)
	}
	bestuur := p
	bestuur.Roles = []access.Role{access.Bestuur}
	if _, err := svc.Overzicht(ctx, bestuur, 2026); err != nil {
		t.Errorf("board: %v", err)
	}
	if err := svc.ZetHistorisch(ctx, bestuur, financiering.Invoerbedragen{Jaar: 2026}); !errors.Is(err, access.ErrRefused) {
		t.Errorf("board enters amounts: %v", err)
	}
	if _, err := svc.Overzicht(ctx, p, 2014); err == nil {
		t.Error("year 2014 accepted")
	}

	// Entering: removing one municipality's historical use moves its
	// advance to the others, still to the cent.
	venlo := o.Gemeenten[0]
	for _, g := range o.Gemeenten {
		if g.Naam == "Gemeente Venlo" {
			venlo = g
		}
	}
	if err := svc.ZetHistorisch(ctx, p, financiering.Invoerbedragen{Jaar: 2026, Bedragen: []financiering.Bedrag{{ID: venlo.ID}}}); err != nil {
		t.Fatal(err)
	}
	o2, _ := svc.Overzicht(ctx, p, 2026)
	for _, g := range o2.Gemeenten {
		if g.ID == venlo.ID && (g.HeeftHistorisch || g.Voorschot != 0) {
			t.Errorf("Venlo after removal: %+v", g)
		}
	}
	if o2.Totaal.Voorschot != o.Totaal.Lumpsum || o2.Totaal.Afrekening != 0 {
		t.Errorf("after removal: advances %d of %d, settlement %d", o2.Totaal.Voorschot, o.Totaal.Lumpsum, o2.Totaal.Afrekening)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
