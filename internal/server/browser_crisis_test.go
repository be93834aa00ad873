package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// TestBrowserCrisis walks a crisis in the browser as the crisis service:
// its list with the demo's open crisis, "Crisis melden" (first with a
// field left empty), the triage, the assessment, the care (a night in an
// emergency bed refused without a reason, then recorded with one), the
// process director of the Toegang Venlo finding the RTO on Mijn werk and
// reading the crisis, the RTO, the Perspectiefplan Crisis and the
// closing; photographed at 1280 and 320 px.
func TestBrowserCrisis(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	ams := kalender.Amsterdam()
	today := time.Now().In(ams)
	day := func(d time.Time) string { return d.Format("02-01-2006") }

	w.login("crisis@demo.jeugdhulp.nl")
	w.expect("Ronde tafel overleg")
	w.shot("crisis-01-mijn-werk")
	w.narrow("crisis-01-mijn-werk")
	w.do("menu", chromedp.Click(`nav a[href="/crises"]`))
	w.waitFor(`a[href="/crises/nieuw"]`)
	w.expect("Daan Hermans")
	w.shot("crisis-02-lijst")
	w.narrow("crisis-02-lijst")

	w.do("report form", chromedp.Click(`a[href="/crises/nieuw"]`))
	w.waitFor(`select[name="melder"]`)
	w.do("report", chromedp.SetValue(`select[name="melder"]`, "ouder"), chromedp.SendKeys(`input[name="melder_naam"]`, "Petra Wijnen"),
		chromedp.SendKeys(`input[name="melder_telefoon"]`, "06 12345678"), chromedp.SendKeys(`input[name="bsn"]`, "111222333"))
	w.post("/crises", "/crises")
	w.waitFor(`[id="f-anders_dan_gisteren-fout"]`)
	w.expect("Het formulier is niet opgeslagen")
	w.shot("crisis-03-melden-fout")
	w.narrow("crisis-03-melden-fout")
	open := `(() => { document.querySelectorAll('details.jh-details').forEach(d => d.open = true); return true })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](open)); err != nil {
		t.Fatal(err)
	}
	w.do("report again", chromedp.SendKeys(`textarea[name="anders_dan_gisteren"]`, "Lotte heeft zich vanmiddag opgesloten en dreigt zichzelf iets aan te doen; gisteren was ze nog op school."),
		chromedp.SendKeys(`input[name="voornaam"]`, "Lotte"), chromedp.SendKeys(`input[name="achternaam"]`, "Wijnen"),
		chromedp.SetValue(`select[name="geslacht"]`, "2"), chromedp.SendKeys(`input[name="geboortedatum"]`, day(today.AddDate(-16, -2, 0))),
		chromedp.SendKeys(`input[name="straat"]`, "Parade"), chromedp.SendKeys(`input[name="huisnummer"]`, "14"), chromedp.SendKeys(`input[name="postcode"]`, "5911 CE"),
		chromedp.SendKeys(`input[name="woonplaats"]`, "Venlo"), chromedp.SetValue(`select[name="gemeente_id"]`, fmt.Sprint(h.orgID("Gemeente Venlo"))))
	w.shot("crisis-04-melden")
	w.narrow("crisis-04-melden")
	w.post("/crises", "gelukt=melding")
	w.expect("De crisismelding is vastgelegd")
	w.expect("Toegang Venlo")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	page := loc[:strings.Index(loc, "?")]
	w.shot("crisis-05-triage")
	w.narrow("crisis-05-triage")

	w.check(`input[name="triage.uitkomst"][value="crisis"]`)
	w.do("triage", chromedp.SetValue(`select[name="triage.problematiek"]`, "ggz"), chromedp.SendKeys(`input[name="triage.deskundige_naam"]`, "Dr. S. Peters"),
		chromedp.SendKeys(`textarea[name="triage.toelichting"]`, "Suïcidale uitingen; moeder is bang dat Lotte zichzelf iets aandoet."))
	w.post("/triage", "gelukt=triage")
	w.expect("Actieve inschatting ter plaatse")
	w.expect("met de psychiater")
	w.shot("crisis-06-inschatting")
	w.narrow("crisis-06-inschatting")

	w.do("assessment", chromedp.SendKeys(`input[name="inschatting.crisismedewerker"]`, "Joyce Smeets"))
	w.check(`input[name="inschatting.deskundige_mee"]`)
	w.check(`input[name="inschatting.crisis"][value="ja"]`)
	w.do("assessment note", chromedp.SendKeys(`textarea[name="inschatting.toelichting"]`, "Lotte is rustiger; thuis is het vannacht niet veilig genoeg."))
	w.post("/inschatting", "gelukt=inschatting")
	w.expect("Ronde tafel overleg (RTO) houden met de procesregisseur")
	w.shot("crisis-07-crisishulp")
	w.narrow("crisis-07-crisishulp")

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](open)); err != nil { // the second form of a combination
		t.Fatal(err)
	}
	w.do("care", chromedp.SetValue(`select[name="inzet.vormen.0.vorm"]`, "noodbed"), chromedp.SendKeys(`input[name="inzet.vormen.0.einddatum"]`, day(today.AddDate(0, 0, 1))),
		chromedp.SetValue(`select[name="inzet.vormen.1.vorm"]`, "psychiatrisch_ambulant"), chromedp.SendKeys(`input[name="inzet.vormen.1.begindatum"]`, day(today)),
		chromedp.SendKeys(`input[name="inzet.vormen.1.einddatum"]`, day(today.AddDate(0, 0, 28))))
	w.post("/inzet", "/inzet")
	w.waitFor(`[id="f-inzet.waarom_niet_ambulant-fout"]`)
	w.expect("Leg uit waarom ambulante crisishulp niet volstaat")
	w.shot("crisis-08-inzet-fout")
	w.narrow("crisis-08-inzet-fout")
	w.do("reason", chromedp.SendKeys(`textarea[name="inzet.waarom_niet_ambulant"]`, "Vannacht is thuis niet veilig genoeg, ook niet met IHT erbij."))
	w.post("/inzet", "gelukt=inzet")
	w.expect("Noodbed: crisisbed voor één nacht")
	w.logout()

	// The process director finds the RTO on Mijn werk and reads the crisis.
	w.login("toegang.venlo@demo.jeugdhulp.nl")
	w.expect("Als procesregisseur deelnemen aan het ronde tafel overleg")
	w.shot("crisis-09-procesregisseur-mijn-werk")
	w.narrow("crisis-09-procesregisseur-mijn-werk")
	w.do("crisis as process director", chromedp.Navigate(page))
	w.waitFor("#termijnen")
	w.expect("Lotte heeft zich vanmiddag opgesloten")
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#actie') === null`)); !ok {
		t.Error("the process director gets the crisis service's forms")
	}
	w.shot("crisis-10-procesregisseur-crisis")
	w.narrow("crisis-10-procesregisseur-crisis")
	w.logout()

	w.login("crisis@demo.jeugdhulp.nl")
	w.do("crisis again", chromedp.Navigate(page))
	w.waitFor(`input[name="rto.procesregisseur"]`)
	w.do("rto", chromedp.SendKeys(`input[name="rto.procesregisseur"]`, "Mark de Wit"), chromedp.SendKeys(`input[name="rto.crisisteam"]`, "Joyce Smeets"),
		chromedp.SendKeys(`input[name="rto.jeugdige"]`, "Lotte Wijnen"), chromedp.SendKeys(`input[name="rto.ouder"]`, "Petra Wijnen"),
		chromedp.SendKeys(`textarea[name="rto.perspectief"]`, "Lotte gaat morgen terug naar huis met IHT; de Toegang Venlo start gezinsbehandeling."))
	w.post("/rto", "gelukt=rto")
	w.expect("Het ronde tafel overleg is vastgelegd")
	w.shot("crisis-11-perspectiefplan")
	w.narrow("crisis-11-perspectiefplan")
	w.do("plan", chromedp.SendKeys(`textarea[name="perspectiefplan.tekst"]`, "Lotte woont thuis. Vier weken IHT, daarna gezinsbehandeling via de Toegang Venlo; bij nieuwe onrust belt moeder de crisisdienst."),
		chromedp.SendKeys(`input[name="perspectiefplan.coordinator"]`, "Mark de Wit"), chromedp.SendKeys(`input[name="perspectiefplan.crisisteam"]`, "Joyce Smeets"),
		chromedp.SendKeys(`input[name="perspectiefplan.jeugdige"]`, "Lotte Wijnen"), chromedp.SendKeys(`input[name="perspectiefplan.crisisaanbieder"]`, "Metggz (IHT)"),
		chromedp.SendKeys(`textarea[name="perspectiefplan.toelichting"]`, "Er is geen regievoerder: Lotte krijgt geen hulp in segment 1."))
	w.post("/perspectiefplan", "gelukt=perspectiefplan")
	w.expect("U kunt de crisiszaak nu afsluiten")
	w.post("/afsluiten", "gelukt=afsluiten")
	w.expect("De crisiszaak is afgesloten")
	w.expect("Crisiszaak afgesloten na het Perspectiefplan Crisis")
	w.shot("crisis-12-afgesloten")
	w.narrow("crisis-12-afgesloten")
}
