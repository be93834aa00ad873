package server_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/portaal"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

// TestBrowserPortaal walks the family portal as the demo's families log in
// through the nep-DigiD: Sanne (15) finds her plan, signs it, withdraws
// her consent and gives it again, and reads who saw her data; Daan's
// father (Daan is 17) sees nothing; Daan then finds his father's refused
// attempt in his own view. Every page is photographed and checked at 1280
// and 320 px as the layout test checks the menu's pages.
func TestBrowserPortaal(t *testing.T) {
	ctx := newBrowser(t)
	d, err := portaal.DemoDigiD(demo.Gezinnen(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *server.Config) { c.DigiD = d; c.Demo = true })
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	snap := w.snap
	digid := func(bsn string, first bool) {
		t.Helper()
		w.do("login page", chromedp.Navigate(h.srv.URL+"/login"))
		w.waitFor(`a[href="/portaal/digid"]`)
		if first {
			snap("portaal-01-inloggen")
		}
		w.do("DigiD", chromedp.Click(`a[href="/portaal/digid"]`))
		w.waitFor(`button[name="bsn"]`)
		if first {
			w.expect("Dit is geen echte DigiD")
			snap("portaal-02-nep-digid")
		}
		w.do("pick "+bsn, chromedp.Click(`button[value="`+bsn+`"]`))
		w.waitFor(`form[action="/portaal/uitloggen"]`)
	}
	uitloggen := func() {
		t.Helper()
		w.do("logout", chromedp.Click(`form[action="/portaal/uitloggen"] button`))
		w.waitFor("#email")
	}

	// Sanne, 15: her plan, her signature, her consent, her log.
	digid("777000106", true)
	w.expect("Mijn eigen dossier (Sanne)")
	snap("portaal-03-overzicht")
	w.do("case", chromedp.Click(`main a[href^="/portaal/jeugdige/"]`))
	w.waitFor(`form[action$="/ondertekenen"]`)
	w.expect("Dossier van Sanne Jansen")
	w.expect("Volgende stap: samen met u het plan maken en ondertekenen, uiterlijk op")
	w.expect("Wat u wilt bereiken")
	w.expect("de jeugdige en een ouder of gezaghebbende")
	snap("portaal-04-dossier")
	w.post("/ondertekenen", "klaar=getekend")
	w.expect("U heeft het plan ondertekend. Dank u wel.")
	w.expect("Sanne Jansen (de jeugdige)")
	snap("portaal-05-getekend")
	w.post("/toestemming", "klaar=ingetrokken")
	w.expect("toestemming ingetrokken op")
	snap("portaal-06-ingetrokken")
	w.post("/toestemming", "klaar=gegeven")
	w.expect("toestemming gegeven op")
	w.do("log", chromedp.Click(`a[href$="/inzage"]`))
	w.waitFor(".jh-portaal-log")
	w.expect("Toegang Tilburg · Toegangsmedewerker")
	w.expect("De jongere zelf")
	w.expect("Gewijzigd: uw toestemming, in dit portaal")
	snap("portaal-07-inzage")
	uitloggen()

	// Daan's father: Daan is 17, so he sees nothing.
	digid("777000143", false)
	w.expect("niet (meer) kunt bekijken")
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('main a[href^="/portaal/jeugdige/"]') === null`)); !ok {
		t.Error("the father of a 17-year-old gets a link to the case")
	}
	snap("portaal-08-ouder-van-17")
	uitloggen()

	// Daan finds the refusal in his own view.
	digid("777000131", false)
	w.do("case", chromedp.Click(`main a[href^="/portaal/jeugdige/"]`))
	w.waitFor(`a[href$="/inzage"]`)
	w.expect("Dossier van Daan de Wit")
	snap("portaal-09-dossier-17")
	w.do("log", chromedp.Click(`a[href$="/inzage"]`))
	w.waitFor(".jh-portaal-log")
	w.expect("Ouder of voogd")
	w.expect("(Geweigerd)")
	snap("portaal-10-inzage-17")
}
