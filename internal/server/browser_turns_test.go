package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestBrowserTurns walks, as their users in the browser, the turns a real
// case takes besides the straight route: a question on the thread between
// Toegang and provider, answered from the provider's Mijn werk; a beknopt
// plan that advises more than the arrangement, with the warning at the
// akkoord; a difference of opinion about money, settled by the purchasing
// team; changing the arrangement; closing the case. A second case is
// refused by the back office: the family gets a beschikking of refusal
// with the bezwaar clause and the referrer is told. Every page is
// photographed at 1280 and 320 px.
func TestBrowserTurns(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	today := time.Now()
	nl := func(d time.Time) string { return d.Format("02-01-2006") }
	walk, err := demo.NewWalker(context.Background(), h.db, today)
	if err != nil {
		t.Fatal(err)
	}
	st, err := walk.Start(context.Background(), traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Noor", Family: "el Amrani", Age: 14,
		Street: "Korvelseweg", House: "8", Postcode: "5025 JA", City: "Tilburg", Municipality: "Tilburg", Parent: "Samira el Amrani", MeldingDaysAgo: 5})
	if err != nil {
		t.Fatal(err)
	}
	id := st.TrajectoryID
	if err := walk.To(context.Background(), id, traject.StepBeknoptPlan); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s/trajecten/%d", h.srv.URL, id)
	path := fmt.Sprintf("/trajecten/%d", id)
	both := func(name string) { w.t.Helper(); w.shot(name); w.narrow(name) }
	openDetails := func() {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelectorAll('details.jh-details').forEach(d => d.open = true); return true })()`)); err != nil {
			t.Fatal(err)
		}
	}

	// Toegang asks the provider a question on the thread.
	w.login("toegang@demo.jeugdhulp.nl")
	w.do("open case", chromedp.Navigate(page))
	w.waitFor("#overleg")
	w.expect("Nu aan de beurt")
	w.expect("De Hoeve Jeugdhulp: Beknopt plan opstellen")
	both("beurt-1-casus-toegang")
	w.do("question", chromedp.SendKeys("#f-tekst-opmerking", "Kan de begeleiding ook op woensdagmiddag, na school?"))
	w.check(`input[name="vraag"]`)
	w.post("/opmerking", "gelukt=opmerking")
	w.expect("Uw bericht staat in het overleg")
	w.expect("Open vraag")
	both("beurt-2-vraag-gesteld")
	w.logout()

	// The provider finds the question on Mijn werk, answers it, and hands
	// in a plan that advises intensity 3 and a product.
	w.login("aanbieder@demo.jeugdhulp.nl")
	w.expect("Vraag van Toegang Tilburg beantwoorden")
	w.waitFor(`main table a[href="` + path + `#overleg"]`)
	w.do("open question from Mijn werk", chromedp.Click(`main table a[href="`+path+`#overleg"]`))
	w.waitFor("#f-tekst-opmerking")
	w.expect("Kan de begeleiding ook op woensdagmiddag")
	w.do("answer", chromedp.SendKeys("#f-tekst-opmerking", "Woensdagmiddag kan, vanaf de tweede week."))
	w.post("/opmerking", "gelukt=opmerking")
	if text, _ := chromedp.Run(ctx, chromedp.Text("main")); strings.Contains(text, "Open vraag") {
		t.Fatal("the question is still open after the answer")
	}
	w.do("beknopt plan", chromedp.WaitVisible("#f-tekst"), chromedp.SetValue("#f-int", "3"), chromedp.SendKeys("#f-act", "Gezinsbegeleiding | 2x per week"),
		chromedp.SendKeys("#f-eind", nl(today.AddDate(0, 6, 0))),
		chromedp.SendKeys("#f-tekst", "Twee keer per week begeleiding thuis, op woensdagmiddag en vrijdag; school sluit aan bij de evaluatie."))
	w.step("beknopt-plan")
	w.expect("Het beknopt plan is ingediend")
	both("beurt-3-plan-ingediend")
	w.logout()

	// Toegang: the warning at the akkoord; a difference about money.
	w.login("toegang@demo.jeugdhulp.nl")
	w.do("open akkoord", chromedp.Navigate(page))
	w.waitFor(`form[action$="/akkoord"]`)
	w.expect("adviseert intensiteit zwaar")
	w.expect("Woensdagmiddag kan, vanaf de tweede week.")
	both("beurt-4-akkoord-waarschuwing")
	w.check(`input[name="besluit"][value="verschil"]`)
	w.check(`input[name="geldkwestie"]`)
	w.do("note", chromedp.SendKeys("#f-toel", "De aanbieder wil twee keer per week; dat past niet in het tarief van 50H22."))
	w.step("akkoord")
	w.expect("Ligt bij het inkoopteam")
	w.logout()

	// The purchasing team sees no youth, only the question, and settles it.
	w.login("inkoop@demo.jeugdhulp.nl")
	w.expect("Geldkwesties bij beknopte plannen")
	if text, _ := chromedp.Run(ctx, chromedp.Text("main")); strings.Contains(text, "el Amrani") || strings.Contains(text, "Noor") {
		t.Fatal("the purchasing team sees the youth's name")
	}
	both("beurt-5-inkoop")
	w.check(fmt.Sprintf(`form[action="/geldkwesties/%d"] input[name="uitkomst"][value="ander_arrangement"]`, id))
	w.do("outcome", chromedp.SendKeys(fmt.Sprintf("#f-geld-%d", id), "Twee keer per week hoort bij intensiteit zwaar: kies 50H23."))
	w.post(fmt.Sprintf("/geldkwesties/%d", id), "geldkwestie=afgehandeld")
	w.expect("De uitkomst van de geldkwestie is vastgelegd")
	if still, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector('form[action="/geldkwesties/%d"]') !== null`, id))); still {
		t.Fatal("the settled question is still on the team's list")
	}
	w.logout()

	// Toegang reads the outcome, changes the arrangement (the plan goes
	// back to the provider) and, later, closes the case.
	w.login("toegang@demo.jeugdhulp.nl")
	w.do("open case", chromedp.Navigate(page))
	w.waitFor("#overleg")
	w.expect("Uitkomst inkoopteam")
	w.expect("kies 50H23")
	both("beurt-6-uitkomst")
	openDetails()
	w.check(`details.jh-details input[name="arrangement"][value="2"]`)
	w.check(`details.jh-details input[name="intensiteit"][value="3"]`)
	w.step("arrangement")
	w.expect("50H23")
	w.expect("De Hoeve Jeugdhulp: Beknopt plan opstellen")
	both("beurt-7-arrangement-gewijzigd")
	openDetails()
	w.post("/afsluiten", "/trajecten/")
	w.expect("Geef een reden")
	openDetails()
	w.do("reason", chromedp.SendKeys("#f-reden-afsluiten", "Het gezin kiest na overleg voor hulp van het wijkteam."))
	w.step("afsluiten")
	w.expect("Het traject is afgesloten")
	w.expect("Traject afgesloten: Het gezin kiest")
	both("beurt-8-afgesloten")
	w.logout()

	// A second case refused by the back office.
	st2, err := walk.Start(context.Background(), traject.RouteToegang, demo.Youth{BSN: "864623112", Given: "Daan", Family: "van der Linden", Age: 13,
		Street: "Kerkstraat", House: "4", Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Eva van der Linden", MeldingDaysAgo: 5})
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(context.Background(), st2.TrajectoryID, traject.StepBesluit); err != nil {
		t.Fatal(err)
	}
	page2 := fmt.Sprintf("%s/trajecten/%d", h.srv.URL, st2.TrajectoryID)
	w.login("backoffice@demo.jeugdhulp.nl")
	w.do("open besluit", chromedp.Navigate(page2))
	w.waitFor(`form[action$="/besluit"]`)
	w.check(`input[name="toegekend"][value="nee"]`)
	w.do("motivering", chromedp.SendKeys("#f-mot", "Er is passende hulp in het voorliggend veld: het schoolmaatschappelijk werk."))
	w.step("besluit")
	w.expect("Beschikking (PDF)")
	both("beurt-9-afgewezen")
	req, _ := http.NewRequest("GET", page2+"/documenten/beschikking.pdf", nil)
	w.logout()
	b := h.login("backoffice@demo.jeugdhulp.nl")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	letter := textOf(t, resp.Header.Get("Content-Type"), body)
	for _, want := range []string{"bezwaar", "zes weken", "voorliggend veld"} {
		if letter != "" && !strings.Contains(letter, want) {
			t.Errorf("the beschikking of refusal lacks %q:\n%s", want, letter)
		}
	}
	w.login("toegang@demo.jeugdhulp.nl")
	w.do("referrer told", chromedp.Navigate(page2))
	w.waitFor("#verloop")
	w.expect("Afwijzing bespreken met de jeugdige en het gezin")
	both("beurt-10-verwijzer-hoort-afwijzing")
}
