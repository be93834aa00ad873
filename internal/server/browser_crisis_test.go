package server_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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

	axeSrc, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	// snap photographs the page at 1280 and 320 px and checks it at both
	// widths as the layout test checks the menu's pages: axe-core's WCAG
	// 2.1 A and AA rules, no word cut in a label, legend, button or table
	// header, at most 6,000 px tall.
	snap := func(name string) {
		t.Helper()
		for _, width := range layoutWidths {
			w.do("viewport", chromedp.EmulateViewport(width, 900))
			if width == 1280 {
				w.shot(name)
			} else {
				w.shot(fmt.Sprintf("%s-%dpx", name, width))
			}
			var problems []string
			if height, _ := chromedp.Run(ctx, chromedp.Evaluate[float64]("document.documentElement.scrollHeight")); height > maxPageHeight {
				problems = append(problems, fmt.Sprintf("%.0f px tall", height))
			}
			for _, js := range []string{layoutProbe, string(axeSrc) + ";" + axeRun} {
				out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
				var found []string
				if err != nil || json.Unmarshal([]byte(out), &found) != nil {
					t.Fatalf("%s: check: %v %q", name, err, out)
				}
				problems = append(problems, found...)
			}
			if len(problems) > 0 {
				t.Errorf("%s at %d px:\n  %s", name, width, strings.Join(problems, "\n  "))
			}
		}
		w.do("wide", chromedp.EmulateViewport(1280, 900))
	}

	w.login("crisis@demo.jeugdhulp.nl")
	w.expect("Ronde tafel overleg")
	snap("crisis-01-mijn-werk")
	w.do("menu", chromedp.Click(`nav a[href="/crises"]`))
	w.waitFor(`a[href="/crises/nieuw"]`)
	w.expect("Daan Hermans")
	snap("crisis-02-lijst")

	w.do("report form", chromedp.Click(`a[href="/crises/nieuw"]`))
	w.waitFor(`select[name="melder"]`)
	snap("crisis-03-melden-leeg")
	w.do("report", chromedp.SetValue(`select[name="melder"]`, "ouder"), chromedp.SendKeys(`input[name="melder_naam"]`, "Petra Wijnen"),
		chromedp.SendKeys(`input[name="melder_telefoon"]`, "06 12345678"), chromedp.SendKeys(`input[name="bsn"]`, "111222333"))
	w.post("/crises", "/crises")
	w.waitFor(`[id="f-anders_dan_gisteren-fout"]`)
	w.expect("Het formulier is niet opgeslagen")
	snap("crisis-03-melden-fout")
	openDetails := `(() => { document.querySelectorAll('details.jh-details').forEach(d => d.open = true); return true })()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](openDetails)); err != nil {
		t.Fatal(err)
	}
	w.do("report again", chromedp.SendKeys(`textarea[name="anders_dan_gisteren"]`, "Lotte heeft zich vanmiddag opgesloten en dreigt zichzelf iets aan te doen; gisteren was ze nog op school."),
		chromedp.SendKeys(`input[name="voornaam"]`, "Lotte"), chromedp.SendKeys(`input[name="achternaam"]`, "Wijnen"),
		chromedp.SetValue(`select[name="geslacht"]`, "2"), chromedp.SendKeys(`input[name="geboortedatum"]`, day(today.AddDate(-16, -2, 0))),
		chromedp.SendKeys(`input[name="straat"]`, "Parade"), chromedp.SendKeys(`input[name="huisnummer"]`, "14"), chromedp.SendKeys(`input[name="postcode"]`, "5911 CE"),
		chromedp.SendKeys(`input[name="woonplaats"]`, "Venlo"), chromedp.SetValue(`select[name="gemeente_id"]`, fmt.Sprint(h.orgID("Gemeente Venlo"))))
	snap("crisis-04-melden")
	w.post("/crises", "gelukt=melding")
	w.expect("De crisismelding is vastgelegd")
	w.expect("Toegang Venlo")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	page := loc[:strings.Index(loc, "?")]
	snap("crisis-05-triage")

	w.check(`input[name="triage.uitkomst"][value="crisis"]`)
	w.do("triage", chromedp.SetValue(`select[name="triage.problematiek"]`, "ggz"), chromedp.SendKeys(`input[name="triage.deskundige_naam"]`, "Dr. S. Peters"),
		chromedp.SendKeys(`textarea[name="triage.toelichting"]`, "Suïcidale uitingen; moeder is bang dat Lotte zichzelf iets aandoet."))
	w.post("/triage", "gelukt=triage")
	w.expect("Actieve inschatting ter plaatse")
	w.expect("met de psychiater")
	snap("crisis-06-inschatting")

	w.do("assessment", chromedp.SendKeys(`input[name="inschatting.crisismedewerker"]`, "Joyce Smeets"))
	w.check(`input[name="inschatting.deskundige_mee"]`)
	w.check(`input[name="inschatting.crisis"][value="ja"]`)
	w.do("assessment note", chromedp.SendKeys(`textarea[name="inschatting.toelichting"]`, "Lotte is rustiger; thuis is het vannacht niet veilig genoeg."))
	w.post("/inschatting", "gelukt=inschatting")
	w.expect("Ronde tafel overleg (RTO) houden met de procesregisseur")
	snap("crisis-07-crisishulp")

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](openDetails)); err != nil { // the second form of a combination
		t.Fatal(err)
	}
	w.do("care", chromedp.SetValue(`select[name="inzet.vormen.0.vorm"]`, "noodbed"), chromedp.SendKeys(`input[name="inzet.vormen.0.einddatum"]`, day(today.AddDate(0, 0, 1))),
		chromedp.SetValue(`select[name="inzet.vormen.1.vorm"]`, "psychiatrisch_ambulant"), chromedp.SendKeys(`input[name="inzet.vormen.1.begindatum"]`, day(today)),
		chromedp.SendKeys(`input[name="inzet.vormen.1.einddatum"]`, day(today.AddDate(0, 0, 28))))
	w.post("/inzet", "/inzet")
	w.waitFor(`[id="f-inzet.waarom_niet_ambulant-fout"]`)
	w.expect("Leg uit waarom ambulante crisishulp niet volstaat")
	snap("crisis-08-inzet-fout")
	w.do("reason", chromedp.SendKeys(`textarea[name="inzet.waarom_niet_ambulant"]`, "Vannacht is thuis niet veilig genoeg, ook niet met IHT erbij."))
	w.post("/inzet", "gelukt=inzet")
	w.expect("Noodbed: crisisbed voor één nacht")
	w.logout()

	// The process director finds the RTO on Mijn werk and reads the crisis.
	w.login("toegang.venlo@demo.jeugdhulp.nl")
	w.expect("Als procesregisseur deelnemen aan het ronde tafel overleg")
	snap("crisis-09-procesregisseur-mijn-werk")
	w.do("crisis as process director", chromedp.Navigate(page))
	w.waitFor("#termijnen")
	w.expect("Lotte heeft zich vanmiddag opgesloten")
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#actie') === null`)); !ok {
		t.Error("the process director gets the crisis service's forms")
	}
	snap("crisis-10-procesregisseur-crisis")
	w.logout()

	w.login("crisis@demo.jeugdhulp.nl")
	w.do("crisis again", chromedp.Navigate(page))
	w.waitFor(`input[name="rto.procesregisseur"]`)
	w.do("rto", chromedp.SendKeys(`input[name="rto.procesregisseur"]`, "Mark de Wit"), chromedp.SendKeys(`input[name="rto.crisisteam"]`, "Joyce Smeets"),
		chromedp.SendKeys(`input[name="rto.jeugdige"]`, "Lotte Wijnen"), chromedp.SendKeys(`input[name="rto.ouder"]`, "Petra Wijnen"),
		chromedp.SendKeys(`textarea[name="rto.perspectief"]`, "Lotte gaat morgen terug naar huis met IHT; de Toegang Venlo start gezinsbehandeling."))
	w.post("/rto", "gelukt=rto")
	w.expect("Het ronde tafel overleg is vastgelegd")
	snap("crisis-11-perspectiefplan")
	w.do("plan", chromedp.SendKeys(`textarea[name="perspectiefplan.tekst"]`, "Lotte woont thuis. Vier weken IHT, daarna gezinsbehandeling via de Toegang Venlo; bij nieuwe onrust belt moeder de crisisdienst."),
		chromedp.SendKeys(`input[name="perspectiefplan.coordinator"]`, "Mark de Wit"), chromedp.SendKeys(`input[name="perspectiefplan.crisisteam"]`, "Joyce Smeets"),
		chromedp.SendKeys(`input[name="perspectiefplan.jeugdige"]`, "Lotte Wijnen"), chromedp.SendKeys(`input[name="perspectiefplan.crisisaanbieder"]`, "Metggz (IHT)"),
		chromedp.SendKeys(`textarea[name="perspectiefplan.toelichting"]`, "Er is geen regievoerder: Lotte krijgt geen hulp in segment 1."))
	w.post("/perspectiefplan", "gelukt=perspectiefplan")
	w.expect("U kunt de crisiszaak nu afsluiten")
	w.post("/afsluiten", "gelukt=afsluiten")
	w.expect("De crisiszaak is afgesloten")
	w.expect("Crisiszaak afgesloten na het Perspectiefplan Crisis")
	snap("crisis-12-afgesloten")
}
