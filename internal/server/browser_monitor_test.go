package server_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserMonitor walks the monitor of Noord- en Midden-Limburg over the
// demo's history: the purchasing team's KPI overview with the first KPI's
// chart drawn, another KPI opened, a figure opened to the cases it counts
// (the count only), the deadlines and Treeknorm, the waiting times; the
// administrator's settings before and after a wrong number. Every page is
// photographed and checked at 1280 and 320 px.
func TestBrowserMonitor(t *testing.T) {
	ctx := newBrowser(t)
	h := withHistory(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	jaar := strconv.Itoa(time.Now().Year())
	// run runs script in the page, which returns true when it did its part.
	run := func(what, script string) {
		t.Helper()
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script)); err != nil || !ok {
			t.Fatalf("%s: %v", what, err)
		}
	}
	drawn := func(sel string) {
		t.Helper()
		w.waitFor(sel + ` canvas`)
	}

	w.login("inkoop.nml@demo.jeugdhulp.nl")
	w.do("menu", chromedp.Click(`nav a[href="/monitor"]`))
	drawn("#kpi-0")
	w.expect("Alle KPI's van de regio in " + jaar)
	w.expect("Jeugdigen onder 12 in behandelverblijf alleen samen met een ouder")
	w.snap("monitor-01-kpi")

	w.do("open a KPI", chromedp.Click(`a[href*="kpi=opnamedagen"]`))
	drawn("#kpi-2")
	w.expect("Afname van het aantal dagen in behandelverblijf")
	w.snap("monitor-02-opnamedagen")

	w.do("open a figure", chromedp.Click(`#kpi a[href^="/monitor/kpi/opnamedagen?groep=regio"]`))
	w.waitFor(`a[href^="/monitor?jaar="]`)
	w.expect("U ziet alleen de aantallen")
	w.snap("monitor-03-inzoomen")

	w.do("deadlines", chromedp.Navigate(h.srv.URL+"/monitor/termijnen?jaar="+jaar))
	drawn("#termijn-0")
	w.expect("IPVA binnen 4 weken na de eerste melding")
	w.snap("monitor-04-termijnen")
	w.do("Treeknorm", chromedp.Click(`a[href*="termijn=treeknorm-0"]`))
	drawn("#treeknorm-0")
	w.expect("Aanmeldpunt segment 1 Noord- en Midden-Limburg")
	w.snap("monitor-05-treeknorm")

	w.do("waiting times", chromedp.Click(`nav a[href^="/monitor/wachttijden"]`))
	w.waitFor(`table`)
	w.expect("Segment 1 (hoogspecialistisch)")
	w.snap("monitor-06-wachttijden")
	w.logout()

	w.login("beheer.nml@demo.jeugdhulp.nl")
	w.do("settings", chromedp.Navigate(h.srv.URL+"/monitor/instellingen"))
	w.waitFor(`#kpi-opnamedagen form`)
	w.snap("monitor-07-instellingen")
	run("wrong target", `(() => { const f = document.querySelector('#kpi-opnamedagen form'); f.closest('details').open = true;
		f.querySelector('input[name="doel_2026"]').value = 'veel'; f.submit(); return true })()`)
	w.waitFor(`.utrecht-form-field-error-message`)
	w.expect("Vul het doel voor 2026 in als getal, zoals 30 of 95,5.")
	w.snap("monitor-08-instellingen-fout")
	run("right target", `(() => { const f = document.querySelector('#kpi-opnamedagen form');
		f.querySelector('input[name="doel_2026"]').value = '35'; f.submit(); return true })()`)
	w.waitFor(`.utrecht-alert, .jh-flash, [role="status"]`)
	w.expect("De instelling is opgeslagen.")
	w.snap("monitor-09-instellingen-opgeslagen")
}
