package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// trajectoryOfBSN is the newest trajectory of the youth with bsn.
func trajectoryOfBSN(t *testing.T, h *harness, bsn string) int64 {
	t.Helper()
	var id int64
	if err := h.db.QueryRow(context.Background(), "SELECT t.id FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE c.bsn = ? ORDER BY t.id DESC LIMIT 1", bsn).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// narrow keeps a screenshot of the current page at a phone's 320 px width.
func (w *walker) narrow(name string) {
	w.t.Helper()
	w.do("narrow", chromedp.EmulateViewport(320, 800))
	w.shot(name + "-320px")
	// Back to the browser's 1280 px: resetting the emulation alone leaves
	// the layout at 320 px.
	w.do("wide", chromedp.EmulateViewport(1280, 900))
}

// TestBrowserGIAndMedischRoutes walks the GI route (registration on a court
// order, the bepaling with its letter, the provider's verzoek, the decision)
// and the medical route (the GP's referral, the provider's verzoek, the
// municipality's "in onderzoek" and decision) in the browser as their users.
// The steps in between, shown on the Toegang route's browser test, are
// walked through the services.
func TestBrowserGIAndMedischRoutes(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	today := time.Now()
	iso := func(d time.Time) string { return d.Format("2006-01-02") }
	walk, err := demo.NewWalker(context.Background(), h.db, today)
	if err != nil {
		t.Fatal(err)
	}
	youth := func(bsn, given string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{
			chromedp.SetValue("#f-eerste_melding", iso(today.AddDate(0, 0, -2))),
			chromedp.SendKeys("#f-bsn", bsn), chromedp.SendKeys("#f-voornaam", given), chromedp.SendKeys("#f-achternaam", "de Wit"),
			chromedp.SetValue("#f-geboortedatum", iso(today.AddDate(-10, 0, -20))),
			chromedp.SendKeys("#f-straat", "Stationsstraat"), chromedp.SendKeys("#f-huisnummer", "3"), chromedp.SendKeys("#f-postcode", "5038 EA"),
			chromedp.SendKeys("#f-woonplaats", "Tilburg"), chromedp.SetValue("#f-gemeente_id", fmt.Sprint(h.orgID("Gemeente Tilburg"))),
			chromedp.SendKeys(`input[name="gezaghebbenden.0.voornamen"]`, "Ria"), chromedp.SendKeys(`input[name="gezaghebbenden.0.tussenvoegsel"]`, "de"),
			chromedp.SendKeys(`input[name="gezaghebbenden.0.achternaam"]`, "Wit")}
	}

	// GI: register on a court order.
	w.login("gi@demo.jeugdhulp.nl")
	w.do("GI registration form", chromedp.Navigate(h.srv.URL+"/trajecten/nieuw"), chromedp.WaitVisible("#f-bsn"))
	w.expect("Via een gecertificeerde instelling")
	w.shot("gi-1-registratie")
	w.narrow("gi-1-registratie")
	steps := append(youth("321146487", "Sara"),
		chromedp.SetValue(`select[name="maatregel.soort"]`, "ots"),
		chromedp.SetValue(`input[name="maatregel.uitspraak_datum"]`, iso(today.AddDate(0, 0, -5))),
		chromedp.SendKeys(`input[name="maatregel.kenmerk"]`, "C/02/412345 JE RK 26-88"),
		chromedp.SendKeys(`input[name="maatregel.raad_rapport"]`, "Raadsrapport 2026-1187, 20-11-2026"))
	w.do("GI registration", steps...)
	w.post("/trajecten", "opgeslagen=1")
	w.expect("Ondertoezichtstelling")
	w.expect("IPVA opstellen op basis van de opdracht van de rechter")
	w.shot("gi-2-traject")
	gi := trajectoryOfBSN(t, h, "321146487")
	if err := walk.To(context.Background(), gi, traject.StepBepaling); err != nil {
		t.Fatal(err)
	}
	w.do("open bepaling", chromedp.Navigate(fmt.Sprintf("%s/trajecten/%d", h.srv.URL, gi)))
	w.waitFor(`form[action$="/bepaling"]`)
	w.do("zorg start", chromedp.SetValue("#f-start", iso(today)))
	w.step("bepaling")
	w.expect("Brief bij de bepaling jeugdhulp")
	w.expect("Bepaling jeugdhulp verstuurd")
	w.shot("gi-3-bepaling")
	w.logout()

	// The provider sends the verzoek om toewijzing from Mijn werk.
	w.login("aanbieder@demo.jeugdhulp.nl")
	w.expect("Verzoek om toewijzing (JW315) sturen")
	path := fmt.Sprintf("/trajecten/%d", gi)
	w.waitFor(`main table a[href="` + path + `"]`)
	w.do("open from Mijn werk", chromedp.Click(`main table a[href="`+path+`"]`))
	w.waitFor(`form[action$="/verzoek"]`)
	w.do("ingangsdatum", chromedp.SetValue("#f-ingang", iso(today)))
	w.step("verzoek")
	w.expect("JW315 verzoek om toewijzing")
	w.shot("gi-4-verzoek")
	w.logout()

	// The back office of Tilburg allocates.
	w.login("backoffice@demo.jeugdhulp.nl")
	w.do("open", chromedp.Navigate(h.srv.URL+path))
	w.waitFor(`form[action$="/besluit"]`)
	w.do("besluit", chromedp.SetValue("#f-in", iso(today)), chromedp.SendKeys("#f-mot", "Passend bij de bepaling van de GI."))
	w.step("besluit")
	w.expect("JW301 toewijzingsbericht")
	w.expect("Geschiedenis")
	w.shot("gi-5-toegewezen")
	w.narrow("gi-5-toegewezen")
	w.logout()

	// Medical route: the GP refers to a provider.
	w.login("huisarts@demo.jeugdhulp.nl")
	w.do("GP registration form", chromedp.Navigate(h.srv.URL+"/trajecten/nieuw"), chromedp.WaitVisible("#f-bsn"))
	w.expect("Via het medisch domein")
	steps = append(youth("864623112", "Ties"),
		chromedp.SetValue(`select[name="verwijzer.type"]`, "02"),
		chromedp.SendKeys(`input[name="verwijzer.zorgverlenercode"]`, "01012345"),
		chromedp.SendKeys(`input[name="verwijzer.naam"]`, "Huisartsenpraktijk De Linde"),
		chromedp.SetValue("#f-aanbieder_id", fmt.Sprint(h.orgID("De Hoeve Jeugdhulp"))))
	w.do("GP registration", steps...)
	w.shot("medisch-1-verwijzing")
	w.post("/trajecten", "opgeslagen=1")
	w.expect("Huisartsenpraktijk De Linde (01012345)")
	w.shot("medisch-2-traject")
	w.logout()
	med := trajectoryOfBSN(t, h, "864623112")
	if err := walk.To(context.Background(), med, traject.StepVerzoek); err != nil {
		t.Fatal(err)
	}
	w.login("aanbieder@demo.jeugdhulp.nl")
	w.do("open medical", chromedp.Navigate(fmt.Sprintf("%s/trajecten/%d", h.srv.URL, med)))
	w.waitFor(`form[action$="/verzoek"]`)
	if text, _ := chromedp.Run(ctx, chromedp.Text("main")); strings.Contains(text, "Beknopt plan opstellen") {
		t.Fatal("the medical route shows a beknopt plan step")
	}
	w.do("ingangsdatum", chromedp.SetValue("#f-ingang", iso(today)))
	w.step("verzoek")
	w.logout()
	w.login("backoffice@demo.jeugdhulp.nl")
	w.do("open medical", chromedp.Navigate(fmt.Sprintf("%s/trajecten/%d", h.srv.URL, med)))
	w.waitFor(`input[name="toegekend"][value="onderzoek"]`)
	w.check(`input[name="toegekend"][value="onderzoek"]`)
	w.do("motivering", chromedp.SendKeys("#f-mot", "Wij vragen informatie op bij de huisarts."))
	w.step("besluit")
	w.expect("JW319 antwoord van de gemeente")
	w.expect("Verzoek in onderzoek")
	w.shot("medisch-3-in-onderzoek")
	w.narrow("medisch-3-in-onderzoek")
	// Open the page afresh: the next post redirects to the same
	// "gelukt=besluit" address, which post could otherwise take for done.
	w.do("reopen", chromedp.Navigate(fmt.Sprintf("%s/trajecten/%d", h.srv.URL, med)))
	w.waitFor(`form[action$="/besluit"]`)
	w.do("toekennen", chromedp.SetValue("#f-in", iso(today)), chromedp.SendKeys("#f-mot", "De informatie van de huisarts is binnen."))
	w.check(`input[name="toegekend"][value="ja"]`)
	w.step("besluit")
	w.expect("JW301 toewijzingsbericht")
	w.shot("medisch-4-toegewezen")
}
