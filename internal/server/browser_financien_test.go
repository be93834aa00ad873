package server_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// TestFinancienWeb: the money page as its readers and writers see it
// over HTTP: Noord- en Midden-Limburg's administrator sees the demo's
// year, enters a lump sum (a wrong amount is refused with a Dutch message
// at its field, a right one changes the advances), downloads CSV and PDF;
// Hart van Brabant's purchasing team sees its own region without
// consortia; a Toegang worker and a wrong year get no figures.
func TestFinancienWeb(t *testing.T) {
	h := withMoney(t)
	jaar := strconv.Itoa(time.Now().Year())
	b := h.login("beheer.nml@demo.jeugdhulp.nl")
	page := b.get("/financien", http.StatusOK)
	for _, want := range []string{"Financiën segment 1 · " + jaar, "Vigo, Pactum en Koraalgroep", "€ 5.400.000,00", "€ 9.850.000,00",
		"Gemeente Venlo", "Besteding tegen voorschot " + jaar + ": regio Noord- en Midden-Limburg", "Uitname voor nog lopend niet-gecontracteerd aanbod", `href="/financien/invullen?jaar=` + jaar + `"`, `href="/financien.csv?jaar=` + jaar + `"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The form as shown: every consortium's field filled with its lump sum.
	page = b.get("/financien/invullen?jaar="+jaar, http.StatusOK)
	form := url.Values{"csrf": {b.csrf}, "jaar": {jaar}}
	var vigo string
	for _, m := range regexp.MustCompile(`name="(c\d+)" type="text" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		form.Set(m[1], m[2])
		if m[2] == "5.400.000,00" {
			vigo = m[1]
		}
	}
	if vigo == "" || len(form) != 4 {
		t.Fatalf("lump-sum fields: %v", form)
	}
	form.Set(vigo, "5,400,000")
	bad := b.post("/financien/lumpsums", form, http.StatusUnprocessableEntity)
	if !strings.Contains(bad, "Vigo, Pactum en Koraalgroep: Vul een bedrag in euro&#39;s in, zoals 1.250.000,00") || !strings.Contains(bad, `id="f-`+vigo+`-fout"`) ||
		!strings.Contains(bad, `value="5,400,000"`) {
		t.Errorf("a wrong amount: no message at the field, or the typed value lost\n%.2000s", bad)
	}
	// The other form on the page still holds the stored historical use.
	if !strings.Contains(bad, `type="text" value="2.475.000,00"`) {
		t.Error("after a refused lump sum, Venlo's historical use field is empty")
	}
	form.Set(vigo, "6.000.000,00")
	ok := b.post("/financien/lumpsums", form, http.StatusOK)
	if !strings.Contains(ok, "De lumpsums voor "+jaar+" zijn opgeslagen") || !strings.Contains(ok, "€ 10.450.000,00") {
		t.Errorf("after saving the lump sum:\n%.1500s", ok)
	}
	csv := b.get("/financien.csv?jaar="+jaar, http.StatusOK)
	if !strings.HasPrefix(csv, "\ufeffGemeente;CBS-code;Historisch gebruik") || !strings.Contains(csv, "Gemeente Venlo;0983;") || !strings.Contains(csv, "Totaal regio Noord- en Midden-Limburg") {
		t.Errorf("CSV:\n%.600s", csv)
	}
	pdf := b.get("/financien.pdf?jaar="+jaar, http.StatusOK)
	if !strings.HasPrefix(pdf, "%PDF") {
		t.Errorf("PDF starts %q", pdf[:min(20, len(pdf))])
	}
	if dir := os.Getenv("JEUGDHULP_SCREENSHOTS"); dir != "" {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "financien.pdf"), []byte(pdf), 0o644)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		f := filepath.Join(t.TempDir(), "f.pdf")
		os.WriteFile(f, []byte(pdf), 0o644)
		if txt, err := exec.Command("pdftotext", "-layout", f, "-").Output(); err == nil {
			for _, want := range []string{"Besteding tegen voorschot " + jaar + ": Gemeente Venlo", "Voorlopige afrekening", "Uitname", "€"} {
				if !strings.Contains(string(txt), want) {
					t.Errorf("PDF text lacks %q", want)
				}
			}
		}
	}
	b.get("/financien?jaar=1999", http.StatusBadRequest)

	hvb := h.login("inkoop@demo.jeugdhulp.nl")
	if p := hvb.get("/financien", http.StatusOK); !strings.Contains(p, "geen samenwerkingsverbanden") || strings.Contains(p, "Gemeente Venlo") {
		t.Error("Hart van Brabant's purchasing team: not its own region without consortia")
	}
	toegang := h.login("toegang.venlo@demo.jeugdhulp.nl")
	toegang.get("/financien", http.StatusNotFound)
	toegang.get("/financien.csv", http.StatusNotFound)
	toegang.get("/financien/invullen", http.StatusNotFound)
	if p := h.login("bestuur@demo.jeugdhulp.nl").get("/financien", http.StatusOK); !strings.Contains(p, "Gemeente Venlo") || strings.Contains(p, "/financien/invullen") {
		t.Error("the board: not the figures, or the entry forms offered")
	}
	toegang.post("/financien/lumpsums", url.Values{"csrf": {toegang.csrf}, "jaar": {jaar}, vigo: {"1"}}, http.StatusNotFound)
}

// TestBrowserFinancien photographs the money page at 1280 and 320 px as
// the administrator of Noord- en Midden-Limburg: the region's year with
// its charts drawn, one municipality's spending, and the lump-sum form
// refusing a wrong amount; each checked with axe-core and the layout
// probe.
func TestBrowserFinancien(t *testing.T) {
	ctx := newBrowser(t)
	h := withMoney(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	snap := w.snap
	// Both charts drawn by uPlot (a canvas each), not only their tables.
	drawn := func() {
		t.Helper()
		w.waitFor(`#besteding canvas`)
		w.waitFor(`#gebruik canvas`)
	}

	w.login("beheer.nml@demo.jeugdhulp.nl")
	w.do("menu", chromedp.Click(`nav a[href="/financien"]`))
	drawn()
	w.expect("Voorschot, gebruik en afrekening per gemeente")
	snap("financien-01-regio")

	w.js("choose Venlo", `(() => { const s = document.getElementById('f-gemeente-kies');
		for (const o of s.options) { if (o.text === 'Gemeente Venlo') s.value = o.value }
		s.form.submit(); return true })()`)
	w.waitFor(`#f-gemeente-kies option[selected]`)
	drawn()
	w.expect("Besteding tegen voorschot " + strconv.Itoa(time.Now().Year()) + ": Gemeente Venlo")
	snap("financien-02-venlo")

	w.do("entry forms", chromedp.Click(`a[href^="/financien/invullen"]`))
	w.waitFor(`form[action^="/financien/lumpsums"]`)
	snap("financien-03-invullen")
	w.js("wrong amount", `(() => { const f = document.querySelector('form[action^="/financien/lumpsums"]');
		const i = f.querySelector('input[type="text"]'); i.value = '5,400,000'; f.submit(); return true })()`)
	w.waitFor(`.utrecht-form-field-error-message`)
	w.expect("Vul een bedrag in euro's in, zoals 1.250.000,00")
	snap("financien-04-fout")
}

// js runs script, which returns true when it did its part.
func (w *walker) js(what, script string) {
	w.t.Helper()
	ok, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool](script))
	if err != nil || !ok {
		w.t.Fatalf("%s: %v", what, err)
	}
}

// withMoney is the demo with Noord- en Midden-Limburg's year of segment-1
// money (not part of every test's seed).
func withMoney(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	if err := demo.Financiering(context.Background(), h.db, time.Now()); err != nil {
		t.Fatal(err)
	}
	return h
}
