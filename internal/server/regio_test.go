package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestTwoRegions: the demo holds Hart van Brabant and Noord- en
// Midden-Limburg. Each user sees the region they work in (in the page
// header) and picks from its municipalities and providers only; each
// region's administrator manages its own organisations and accounts.
func TestTwoRegions(t *testing.T) {
	h := newHarness(t)
	venlo := h.login("toegang.venlo@demo.jeugdhulp.nl")
	form := venlo.get("/trajecten/nieuw?route=toegang", http.StatusOK)
	for _, want := range []string{"Noord- en Midden-Limburg", "Gemeente Venlo", "Gemeente Roermond", "Gemeente Weert"} {
		if !strings.Contains(form, want) {
			t.Errorf("Venlo's registration form lacks %q", want)
		}
	}
	if strings.Contains(form, "Gemeente Tilburg") {
		t.Error("Venlo's registration form offers Tilburg")
	}
	tilburg := h.login("toegang@demo.jeugdhulp.nl")
	form = tilburg.get("/trajecten/nieuw?route=toegang", http.StatusOK)
	if !strings.Contains(form, "Hart van Brabant") || !strings.Contains(form, "Gemeente Dongen") || strings.Contains(form, "Gemeente Venlo") {
		t.Error("Tilburg's registration form is not Hart van Brabant's")
	}

	nml := h.login("beheer.nml@demo.jeugdhulp.nl")
	orgs := nml.get("/beheer/organisaties", http.StatusOK)
	for _, want := range []string{"Samenwerkingsverband Vigo, Pactum en Koraalgroep", "Mondriaan", "Integrale Crisisdienst Jeugd Noord- en Midden-Limburg", "Bijzondere Toegang Noord- en Midden-Limburg"} {
		if !strings.Contains(orgs, want) {
			t.Errorf("NML's organisations lack %q", want)
		}
	}
	if strings.Contains(orgs, "Gemeente Tilburg") || strings.Contains(orgs, "De Hoeve Jeugdhulp") {
		t.Error("NML's administrator sees Hart van Brabant's organisations")
	}
	if users := nml.get("/beheer/gebruikers", http.StatusOK); !strings.Contains(users, "crisis@demo.jeugdhulp.nl") || strings.Contains(users, "toegang@demo.jeugdhulp.nl") {
		t.Error("NML's administrator does not see just NML's accounts")
	}
	// Another region's organisation is not there to edit.
	var tilburgID int64
	h.db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&tilburgID)
	nml.get(fmt.Sprintf("/beheer/organisaties?wijzig=%d", tilburgID), http.StatusNotFound)
	if orgs := h.login("beheer@demo.jeugdhulp.nl").get("/beheer/organisaties", http.StatusOK); strings.Contains(orgs, "Gemeente Venlo") || !strings.Contains(orgs, "Gemeente Tilburg") {
		t.Error("Hart van Brabant's administrator does not see just its own organisations")
	}
}

// TestRegionTerms: a region's administrator sets the term of the IPVA on
// the Toegang route to 2 weeks and drops Goede Vrijdag; a new case in that
// region is due on its terms, a case in the other region keeps the
// sources' 4 weeks. A number that is not one is refused in Dutch and
// nothing is saved.
func TestRegionTerms(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	nml := h.login("beheer.nml@demo.jeugdhulp.nl")
	page := nml.get("/beheer/regio", http.StatusOK)
	if !strings.Contains(page, "Regio Noord- en Midden-Limburg") || !strings.Contains(page, "Via de Toegang, stap 1–2: IPVA opstellen met het gezin en laten ondertekenen: 4 weken") {
		t.Fatal("the region page does not list the IPVA term with its default")
	}
	var field string
	for i, term := range traject.Termijnen() {
		if term.Key == traject.TermKey(traject.RouteToegang, traject.StepIPVA) {
			field = fmt.Sprintf("t%d", i)
		}
	}
	bad := url.Values{"csrf": {nml.csrf}, field: {"twee"}, field + "_eenheid": {"weken"}, "bevrijdingsdag": {"ja"}}
	if page := nml.post("/beheer/regio", bad, http.StatusUnprocessableEntity); !strings.Contains(page, "een heel getal") {
		t.Fatal("a term that is not a number is not refused in Dutch")
	}
	nml.post("/beheer/regio", url.Values{"csrf": {nml.csrf}, field: {"2"}, field + "_eenheid": {"weken"}, "bevrijdingsdag": {"ja"}}, http.StatusOK)
	if page := nml.get("/beheer/regio", http.StatusOK); !strings.Contains(page, "2 weken (eigen termijn)") || strings.Contains(page, `name="goede_vrijdag" value="ja" checked`) {
		t.Fatal("the region's own term or calendar choice is not kept")
	}

	now := time.Now()
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	due := func(municipality, bsn string) time.Time {
		t.Helper()
		st, err := walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: bsn, Given: "Sem", Family: "Peeters", Age: 9, Street: "Markt", House: "1",
			Postcode: "5911 AA", City: municipality, Municipality: municipality, Parent: "Anna Peeters", MeldingDaysAgo: 0})
		if err != nil {
			t.Fatal(err)
		}
		var d time.Time
		if err := h.db.QueryRow(ctx, "SELECT due_at FROM obligations WHERE trajectory_id = ? AND kind = 'stap:ipva'", st.TrajectoryID).Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	cal := kalender.Default
	melding := kalender.Day(now)
	if got, want := due("Venlo", "321146487"), cal.Due(melding, kalender.Weeks(2)); !got.Equal(want) {
		t.Errorf("IPVA in Venlo due %s, want %s (the region's 2 weeks)", got, want)
	}
	if got, want := due("Tilburg", "864623112"), cal.Due(melding, kalender.Weeks(4)); !got.Equal(want) {
		t.Errorf("IPVA in Tilburg due %s, want %s (the sources' 4 weeks)", got, want)
	}
	// The calendar choice: Goede Vrijdag is a working day in NML now.
	r, err := (&organisation.Store{DB: h.db}).RegionOf(ctx, walk.Orgs["Gemeente Venlo"])
	if err != nil {
		t.Fatal(err)
	}
	goedeVrijdag := time.Date(2027, time.March, 26, 12, 0, 0, 0, kalender.Amsterdam())
	if !r.Kalender(kalender.Default).IsWorkingDay(goedeVrijdag) || kalender.Default.IsWorkingDay(goedeVrijdag) {
		t.Error("Goede Vrijdag: not a working day in NML, or one in the default calendar")
	}
}
