package server_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

type walker struct {
	t   *testing.T
	ctx context.Context
	h   *harness
	dir string
	n   int
}

func (w *walker) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	if err := chromedp.Do(w.ctx, steps...); err != nil {
		text, _ := chromedp.Run(w.ctx, chromedp.Text("main"))
		w.t.Fatalf("%s: %v\npage: %.600s", what, err, text)
	}
}

// shot keeps a numbered screenshot of the current page.
func (w *walker) shot(name string) {
	w.t.Helper()
	png, err := chromedp.Run(w.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		w.t.Fatalf("screenshot %s: %v", name, err)
	}
	w.n++
	os.WriteFile(filepath.Join(w.dir, fmt.Sprintf("route-%02d-%s.png", w.n, name)), png, 0o644)
}

// expect checks the page's main text contains want (a Dutch confirmation).
func (w *walker) expect(want string) {
	w.t.Helper()
	text, err := chromedp.Run(w.ctx, chromedp.Text("main"))
	if err != nil || !strings.Contains(text, want) {
		w.t.Fatalf("page lacks %q: %v\n%.800s", want, err, text)
	}
}

func (w *walker) login(email string) {
	w.do("login "+email,
		chromedp.Navigate(w.h.srv.URL+"/login"), chromedp.WaitVisible("#email"),
		chromedp.SendKeys("#email", email), chromedp.SendKeys("#password", demo.Password),
		chromedp.Click(`main button[type="submit"]`), chromedp.WaitVisible(`form[action="/logout"]`))
}

func (w *walker) logout() {
	w.do("logout", chromedp.Click(`form[action="/logout"] button`), chromedp.WaitVisible("#email"))
}

// post submits the form whose action ends in action and waits until the
// browser has followed the redirect whose URL contains want; waiting for an
// element instead could match the old page while the new one loads.
func (w *walker) post(action, want string) {
	w.t.Helper()
	ok, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool](`(() => { const b = document.querySelector('form[action$="`+action+`"] button[type="submit"]'); if (!b) return false; b.click(); return true })()`))
	if err != nil || !ok {
		text, _ := chromedp.Run(w.ctx, chromedp.Text("main"))
		w.t.Fatalf("no form %s on the page: %v\n%.600s", action, err, text)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc, _ := chromedp.Run(w.ctx, chromedp.Location())
		state, _ := chromedp.Run(w.ctx, chromedp.Evaluate[string]("document.readyState"))
		if strings.Contains(loc, want) && state == "complete" {
			return
		}
		if time.Now().After(deadline) {
			text, _ := chromedp.Run(w.ctx, chromedp.Text("main"))
			w.t.Fatalf("after posting %s: at %s, want %s\n%.800s", action, loc, want, text)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitFor polls until sel is on the page, and reports the page if not.
func (w *walker) waitFor(sel string) {
	w.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ok, _ := chromedp.Run(w.ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && document.querySelector('`+sel+`') !== null`))
		if ok {
			return
		}
		if time.Now().After(deadline) {
			w.shot("fout")
			text, _ := chromedp.Run(w.ctx, chromedp.Text("main"))
			loc, _ := chromedp.Run(w.ctx, chromedp.Location())
			w.t.Fatalf("%s not on %s\n%.1500s", sel, loc, text)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// step posts a step form of the trajectory page.
func (w *walker) step(action string) { w.t.Helper(); w.post("/"+action, "gelukt="+action) }

// check clicks the radio or checkbox matching sel.
func (w *walker) check(sel string) {
	w.t.Helper()
	ok, err := chromedp.Run(w.ctx, chromedp.Evaluate[bool](`(() => { const e = document.querySelector('`+sel+`'); if (!e) return false; e.click(); return true })()`))
	if err != nil || !ok {
		w.t.Fatalf("no %s on the page: %v", sel, err)
	}
}

// TestBrowserRouteThreeUsers walks the Toegang route for a 13-year-old as a
// toegangsmedewerker, a provider and a back-office worker, ending in a JW301
// that passes the iJw validator and xmllint.
func TestBrowserRouteThreeUsers(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t, func(c *server.Config) {
		if os.Getenv("JEUGDHULP_TEST_LOG") != "" {
			c.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
		}
	})
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	today := time.Now()
	iso := func(d time.Time) string { return d.Format("2006-01-02") }

	// Toegang: register the request for help.
	w.login("toegang@demo.jeugdhulp.nl")
	w.do("new trajectory",
		chromedp.Navigate(h.srv.URL+"/trajecten/nieuw"), chromedp.WaitVisible("#f-bsn"),
		chromedp.SetValue("#f-eerste_melding", iso(today.AddDate(0, 0, -7))),
		chromedp.SendKeys("#f-bsn", "321146487"), chromedp.SendKeys("#f-voornaam", "Mila"), chromedp.SendKeys("#f-achternaam", "van Dijk"),
		chromedp.SetValue("#f-geboortedatum", iso(today.AddDate(-13, 0, -20))),
		chromedp.SendKeys("#f-straat", "Korvelseweg"), chromedp.SendKeys("#f-huisnummer", "8"), chromedp.SendKeys("#f-postcode", "5025 JA"),
		chromedp.SendKeys("#f-woonplaats", "Tilburg"), chromedp.SetValue("#f-gemeente_id", fmt.Sprint(h.orgID("Gemeente Tilburg"))),
		chromedp.SendKeys(`input[name="gezaghebbenden.0.voornamen"]`, "Anouk"), chromedp.SendKeys(`input[name="gezaghebbenden.0.tussenvoegsel"]`, "van"),
		chromedp.SendKeys(`input[name="gezaghebbenden.0.achternaam"]`, "Dijk"))
	w.post("/trajecten", "opgeslagen=1")
	w.expect("IPVA opstellen met het gezin")
	w.shot("1-hulpvraag")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	base := loc[:strings.Index(loc, "?")]

	// The IPVA with the family.
	w.do("open IPVA", chromedp.Navigate(base+"/ipva"), chromedp.WaitVisible("#f-aanleiding"))
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SendKeys("#f-aanleiding", "School meldt verzuim; thuis veel ruzie over de ochtend."),
		chromedp.SetValue("#f-v-jeugdhulp", "nee"), chromedp.SetValue("#f-v-wmo", "nee"), chromedp.SetValue("#f-v-participatie", "nee")}
	// Each leefgebied is folded: open them all, as a user clicks each one.
	keys, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { document.querySelectorAll('details.jh-leefgebied').forEach(d => d.open = true); return Array.from(document.querySelectorAll('textarea[name$="_problemen"]')).map(e => e.name.replace('iva_','').replace('_problemen','')) })()`))
	if err != nil || len(keys) == 0 {
		t.Fatalf("leefgebieden on the form: %v %v", keys, err)
	}
	for _, k := range keys {
		steps = append(steps, chromedp.SendKeys(`textarea[name="iva_`+k+`_problemen"]`, "Moeite met de ochtend."),
			chromedp.SendKeys(`textarea[name="iva_`+k+`_gaat_goed"]`, "Sport graag met vrienden."))
	}
	steps = append(steps,
		chromedp.SendKeys("#f-insch", "Netwerk en Toegang: ambulante begeleiding."),
		chromedp.SendKeys("#f-r0-s", "Mila gaat elke schooldag op tijd naar school."), chromedp.SetValue("#f-r0-d", iso(today.AddDate(0, 4, 0))),
		chromedp.SendKeys("#f-r0-a", "Zet zelf de wekker om 7 uur."), chromedp.SendKeys("#f-r0-n", "elke schooldag"),
		chromedp.SendKeys("#f-stap", "Ochtendritme afspreken."), chromedp.SendKeys("#f-reg", "Toegang Tilburg"),
		chromedp.SendKeys("#f-volg", "Evaluatie na zes weken."), chromedp.SetValue("#f-besl", "toekenning"), chromedp.SendKeys("#f-mot", "Past bij de vraag."))
	w.check(`input[name="geen_eerdere_hulp"]`)
	w.do("fill IPVA", steps...)
	w.post("/ipva", "ipva?opgeslagen=1")
	w.expect("Het IPVA is opgeslagen")
	w.shot("2-ipva")

	// Signatures: 13 years old, so author, youth and parent.
	for _, sg := range [][2]string{{"auteur", "T. Medewerker"}, {"jeugdige", "Mila van Dijk"}, {"gezaghebbende", "Anouk van Dijk"}} {
		w.do("sign "+sg[0], chromedp.Navigate(base), chromedp.WaitVisible("#f-ondertekenaar"),
			chromedp.SetValue("#f-ondertekenaar", sg[0]), chromedp.SendKeys("#f-naam", sg[1]), chromedp.SetValue("#f-datum", iso(today)))
		w.step("ondertekenen")
		w.expect("De ondertekening is vastgelegd")
	}
	w.do("consent", chromedp.SetValue("#f-prov", fmt.Sprint(h.orgID("De Hoeve Jeugdhulp"))), chromedp.SetValue("#f-vorm", "schriftelijk"),
		chromedp.SendKeys("#f-door", "Anouk van Dijk"), chromedp.SetValue("#f-op", iso(today)))
	w.step("toestemming")
	w.expect("De toestemming is vastgelegd")
	w.step("ipva-afronden")
	w.expect("Het IPVA is afgerond")
	w.check(`input[name="arrangement"][value="2"]`)
	w.check(`input[name="intensiteit"][value="2"]`)
	w.step("arrangement")
	w.expect("50H22")
	w.shot("3-arrangement")
	w.check(fmt.Sprintf(`input[name="aanbieder_id"][value="%d"]`, h.orgID("De Hoeve Jeugdhulp")))
	w.step("aanbieder")
	w.expect("Het IPVA is gedeeld met de aanbieder")
	w.logout()

	// Provider: accept and write the beknopt plan (from Mijn werk).
	w.login("aanbieder@demo.jeugdhulp.nl")
	w.expect("Verwijzing accepteren of afwijzen")
	w.shot("4-aanbieder-mijn-werk")
	path := base[strings.Index(base, "/trajecten/"):]
	w.waitFor(`main table a[href="` + path + `"]`)
	w.do("open from Mijn werk", chromedp.Click(`main table a[href="`+path+`"]`))
	w.waitFor(`form[action$="/reactie"]`)
	w.step("reactie")
	w.do("beknopt plan", chromedp.WaitVisible("#f-tekst"), chromedp.SetValue("#f-int", "2"), chromedp.SendKeys("#f-act", "Gezinsbegeleiding | 1x per week"),
		chromedp.SetValue("#f-eind", iso(today.AddDate(0, 6, 0))),
		chromedp.SendKeys("#f-tekst", "Wekelijkse gezinsbegeleiding gericht op het ochtendritme; school sluit aan bij de evaluatie."))
	w.step("beknopt-plan")
	w.expect("Het beknopt plan is ingediend")
	w.shot("5-beknopt-plan")
	w.logout()

	// Toegang: akkoord and aanvraag.
	w.login("toegang@demo.jeugdhulp.nl")
	w.do("open trajectory", chromedp.Navigate(base))
	w.waitFor(`form[action$="/akkoord"]`)
	w.step("akkoord")
	w.step("aanvraag")
	w.expect("De aanvraag is ingediend bij de gemeente")
	w.logout()

	// Back office: decide.
	w.login("backoffice@demo.jeugdhulp.nl")
	w.expect("Besluiten over de aanvraag")
	w.waitFor(`main table a[href="` + path + `"]`)
	w.do("besluit", chromedp.Click(`main table a[href="`+path+`"]`), chromedp.WaitVisible("#f-in"),
		chromedp.SetValue("#f-in", iso(today)), chromedp.SendKeys("#f-mot", "Passend bij de resultaten van het IPVA."))
	w.step("besluit")
	w.expect("JW301 toewijzingsbericht")
	w.expect("Beschikking (PDF)")
	w.shot("6-besluit-toegewezen")

	var xml string
	h.db.QueryRow(context.Background(), "SELECT xml FROM ijw_messages WHERE type = 'JW301'").Scan(&xml)
	m, err := ijw.Decode(strings.NewReader(xml))
	if err != nil {
		t.Fatalf("JW301 fails the XSD: %v", err)
	}
	if f := ijw.Validate(m); len(f) > 0 {
		t.Fatalf("JW301 breaks %s: %s", f[0].Rule.Code, f[0].Msg)
	}
	xmllintCheck(t, "JW301", xml)
	f := filepath.Join(t.TempDir(), "jw301.xml")
	os.WriteFile(f, []byte(xml), 0o644)
	if code := runIJW(t, "validate", f); code != 0 {
		t.Fatalf("jeugdhulp ijw validate: exit %d", code)
	}
}

// TestBrowserIPVAKeepsUnsavedText: text typed into the IPVA survives a
// reload without saving (a lost connection, an expired session) and can be
// put back with one click.
func TestBrowserIPVAKeepsUnsavedText(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	out := h.apiAs("toegang@demo.jeugdhulp.nl").call("POST", "/api/v1/trajecten", map[string]any{
		"jeugdige": map[string]any{"bsn": "111222333", "voornaam": "Jip", "achternaam": "Kuiper", "geboortedatum": "2014-06-01",
			"straat": "Markt", "huisnummer": "2", "postcode": "5000AA", "woonplaats": "Tilburg", "gemeente_id": h.orgID("Gemeente Tilburg")},
		"eerste_melding": time.Now().Format("2006-01-02"), "gezaghebbenden": []map[string]any{{"voornamen": "Lot", "achternaam": "Kuiper", "relatie": "ouder", "gezag": true}},
	}, 201)
	url := fmt.Sprintf("%s/trajecten/%d/ipva", h.srv.URL, int64(out["id"].(float64)))
	w.login("toegang@demo.jeugdhulp.nl")
	w.do("type", chromedp.Navigate(url), chromedp.WaitVisible("#f-aanleiding"), chromedp.SendKeys("#f-aanleiding", "Een zin die niet verloren mag gaan."),
		chromedp.Sleep(800*time.Millisecond), chromedp.Navigate(url))
	w.waitFor(`form[data-autosave] button[type="button"]`)
	if v, _ := chromedp.Run(ctx, chromedp.Value("#f-aanleiding")); v != "" {
		t.Fatalf("server copy should be empty, is %q", v)
	}
	w.check(`form[data-autosave] button[type="button"]`)
	if v, _ := chromedp.Run(ctx, chromedp.Value("#f-aanleiding")); v != "Een zin die niet verloren mag gaan." {
		t.Fatalf("restored %q", v)
	}
	w.shot("ipva-teruggezet")
}
