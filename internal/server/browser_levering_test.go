package server_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestBrowserStartStopGarantie: on the case page the provider sees the
// start and stop of care it reported and, within 3 months after the end,
// resumes care under the garantie through the form; photographed at 1280
// and 320 px before and after.
func TestBrowserStartStopGarantie(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	bg := context.Background()
	now := time.Now()
	y, m, _ := now.In(kalender.Amsterdam()).Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	walk, err := demo.NewWalker(bg, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	walk.DecideOn = &traject.Decision{Toegekend: true, Ingangsdatum: first.AddDate(0, -3, 0), Einddatum: first.AddDate(0, 9, 0), Motivering: "Past bij het plan."}
	st, err := walk.Start(bg, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Sem", Family: "de Graaf", Age: 12, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Iris de Graaf", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(bg, st.TrajectoryID, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	var twID int64
	h.db.QueryRow(bg, "SELECT id FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&twID)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}
	hoeve := walk.As(walk.Orgs["De Hoeve Jeugdhulp"], access.Jeugdhulpaanbieder)
	if _, err := svc.Start(bg, hoeve, twID, first.AddDate(0, -3, 2)); err != nil {
		t.Fatal(err)
	}
	end := first.AddDate(0, -1, 9)
	if _, err := svc.Stop(bg, hoeve, twID, levering.StopInput{Einddatum: end, Reden: "31"}); err != nil {
		t.Fatal(err)
	}

	w.login("aanbieder@demo.jeugdhulp.nl")
	w.do("case", chromedp.Navigate(fmt.Sprintf("%s/trajecten/%d#levering", h.srv.URL, st.TrajectoryID)))
	w.waitFor("#levering")
	w.expect("Start en stop van de zorg")
	w.expect("Zorg hervatten onder garantie")
	w.shot("levering-1-gestopt")
	w.narrow("levering-1-gestopt")
	openDetails := `(() => { document.querySelectorAll('details.jh-details').forEach(d => d.open = true); return true })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](openDetails)); err != nil {
		t.Fatal(err)
	}
	w.do("garantie", chromedp.SendKeys("#f-garantie-begin", end.AddDate(0, 0, 7).Format("02-01-2006")),
		chromedp.SendKeys("#f-garantie-toel", "Weer verzuim, dezelfde klachten als eerder."))
	w.post("/garantie", "gelukt=zorg-garantie")
	w.expect("De hervatting onder garantie is vastgelegd")
	w.expect("Zorg hervat onder garantie op " + end.AddDate(0, 0, 7).Format("02-01-2006"))
	w.shot("levering-2-garantie")
	w.narrow("levering-2-garantie")
}

// TestBrowserVerzoekOmWijziging: while care runs the provider asks for a
// later end date from the case page; the back office finds the decision
// as its action on the case and grants it; the provider then reads the new
// end date. Photographed at 1280 and 320 px before and after each post.
func TestBrowserVerzoekOmWijziging(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	bg := context.Background()
	now := time.Now()
	walk, err := demo.NewWalker(bg, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	ingang := kalender.Day(now).AddDate(0, 0, -30)
	walk.DecideOn = &traject.Decision{Toegekend: true, Ingangsdatum: ingang, Einddatum: ingang.AddDate(0, 3, 0), Motivering: "Past bij het plan."}
	st, err := walk.Start(bg, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Sem", Family: "de Graaf", Age: 12, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Iris de Graaf", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(bg, st.TrajectoryID, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	var twID int64
	h.db.QueryRow(bg, "SELECT id FROM toewijzingen WHERE trajectory_id = ?", st.TrajectoryID).Scan(&twID)
	svc := &levering.Service{Gate: h.app.Traject.Gate, Now: time.Now, Cal: kalender.Default}
	if _, err := svc.Start(bg, walk.As(walk.Orgs["De Hoeve Jeugdhulp"], access.Jeugdhulpaanbieder), twID, ingang.AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	flush := func() {
		for range 10 {
			if n, err := h.app.Exchange.Flush(bg); err != nil || n == 0 {
				return
			}
		}
	}
	flush()
	later := ingang.AddDate(0, 6, 0).Format("02-01-2006")
	caseURL := fmt.Sprintf("%s/trajecten/%d#wijziging", h.srv.URL, st.TrajectoryID)

	w.login("aanbieder@demo.jeugdhulp.nl")
	w.do("case", chromedp.Navigate(caseURL))
	w.waitFor("#wijziging")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelectorAll('details.jh-details').forEach(d => d.open = true); return true })()`)); err != nil {
		t.Fatal(err)
	}
	w.do("einddatum", chromedp.SendKeys("#f-wijz-eind", later))
	w.shot("wijziging-1-aanbieder")
	w.narrow("wijziging-1-aanbieder")
	w.post("/wijziging", "gelukt=wijziging-gevraagd")
	w.expect("Het verzoek om wijziging is verstuurd aan de gemeente (JW317)")
	flush()
	w.do("case again", chromedp.Navigate(caseURL))
	w.waitFor("#wijziging")
	w.expect("Wacht op het besluit van de gemeente")
	w.shot("wijziging-2-verstuurd")
	w.narrow("wijziging-2-verstuurd")
	w.logout()

	w.login("backoffice@demo.jeugdhulp.nl")
	w.do("case as back office", chromedp.Navigate(caseURL))
	w.waitFor("#wijziging")
	w.expect("Uw actie: Verzoek om wijziging beoordelen (JW317)")
	w.do("motivering", chromedp.SendKeys("#f-wijz-motivering", "Het plan loopt langer door; dat past."))
	w.shot("wijziging-3-backoffice")
	w.narrow("wijziging-3-backoffice")
	w.post("/wijziging", "gelukt=wijziging")
	w.expect("Het besluit over het verzoek om wijziging is vastgelegd")
	w.expect("tot en met " + later)
	w.shot("wijziging-4-toegekend")
	w.narrow("wijziging-4-toegekend")
}

// TestBrowserBesluitMetOmvang: the back office decides a segment-3 case
// on its page and gives the product a volume per month; photographed at
// 1280 and 320 px before and after.
func TestBrowserBesluitMetOmvang(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	bg := context.Background()
	walk, err := demo.NewWalker(bg, h.db, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	walk.Arrangement = &traject.ArrangementInput{Arrangement: 2, Intensiteit: arrangement.Zwaar, Step5a: &arrangement.Step5a{HoogIntensiefAmbulant: true},
		Products: []arrangement.Product{arrangement.DefaultCatalogus()[3]}}
	st, err := walk.Start(bg, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Lieke", Family: "Smits", Age: 9, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Anna Smits", MeldingDaysAgo: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(bg, st.TrajectoryID, traject.StepBesluit); err != nil {
		t.Fatal(err)
	}
	w.login("backoffice@demo.jeugdhulp.nl")
	w.do("case", chromedp.Navigate(fmt.Sprintf("%s/trajecten/%d#actie", h.srv.URL, st.TrajectoryID)))
	w.waitFor("#f-omvang-45A01")
	today := kalender.Day(time.Now())
	w.do("fill", chromedp.SendKeys("#f-in", today.Format("02-01-2006")), chromedp.SendKeys("#f-eind", today.AddDate(0, 6, 0).Format("02-01-2006")),
		chromedp.SendKeys("#f-omvang-45A01", "12"), chromedp.SendKeys("#f-mot", "Intensieve hulp thuis voorkomt een uithuisplaatsing."))
	w.shot("omvang-1-besluit")
	w.narrow("omvang-1-besluit")
	w.post("/besluit", "gelukt=besluit")
	w.expect("Het besluit is vastgelegd")
	w.shot("omvang-2-toegewezen")
	w.narrow("omvang-2-toegewezen")
}
