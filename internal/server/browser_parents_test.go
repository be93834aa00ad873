package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestBrowserTwoParents registers a youth with two parents through the
// form, as a Toegang worker: first without the second parent's achternaam
// (a Dutch message beside the field, the typed values kept), then
// complete; the youth's page then shows both parents with their relation,
// gezag, phone and e-mail. Screenshots: ouders-NN-*.png.
func TestBrowserTwoParents(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	n := 0
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		n++
		os.WriteFile(filepath.Join(w.dir, fmt.Sprintf("ouders-%02d-%s.png", n, name)), png, 0o644)
	}
	in := func(name string) string { return `input[name="` + name + `"]` }
	sel := func(name string) string { return `select[name="` + name + `"]` }
	today := time.Now()
	iso := func(d time.Time) string { return d.Format("2006-01-02") }

	w.login("toegang@demo.jeugdhulp.nl")
	w.do("registration form",
		chromedp.Navigate(h.srv.URL+"/trajecten/nieuw"), chromedp.WaitVisible("#f-bsn"),
		chromedp.SetValue("#f-eerste_melding", iso(today.AddDate(0, 0, -2))),
		chromedp.SendKeys("#f-bsn", "231415941"), chromedp.SendKeys("#f-voornaam", "Yasmin"),
		chromedp.SendKeys("#f-tussenvoegsel", "el"), chromedp.SendKeys("#f-achternaam", "Amrani"),
		chromedp.SetValue("#f-geslacht", "2"),
		chromedp.SetValue("#f-geboortedatum", iso(today.AddDate(-12, 0, -20))),
		chromedp.SendKeys("#f-straat", "Stationsstraat"), chromedp.SendKeys("#f-huisnummer", "5"), chromedp.SendKeys("#f-postcode", "5038 EA"),
		chromedp.SendKeys("#f-woonplaats", "Tilburg"), chromedp.SetValue("#f-gemeente_id", fmt.Sprint(h.orgID("Gemeente Tilburg"))),
		// The mother, with gezag (the form's default) and a "van der" name.
		chromedp.SendKeys(in("gezaghebbenden.0.voornamen"), "Anna Maria"), chromedp.SendKeys(in("gezaghebbenden.0.tussenvoegsel"), "van der"),
		chromedp.SendKeys(in("gezaghebbenden.0.achternaam"), "Berg"), chromedp.SetValue(sel("gezaghebbenden.0.geslacht"), "2"),
		chromedp.SendKeys(in("gezaghebbenden.0.telefoon"), "013 123 45 67"), chromedp.SendKeys(in("gezaghebbenden.0.email"), "anna@voorbeeld.nl"),
		// The father, without gezag; his achternaam forgotten at first.
		chromedp.SendKeys(in("gezaghebbenden.1.voornamen"), "Karim"), chromedp.SendKeys(in("gezaghebbenden.1.tussenvoegsel"), "el"),
		chromedp.SetValue(sel("gezaghebbenden.1.geslacht"), "1"), chromedp.SetValue(sel("gezaghebbenden.1.relatie"), "10"),
		chromedp.SendKeys(in("gezaghebbenden.1.telefoon"), "06 12345678"))
	w.check(`input[name="gezaghebbenden.1.gezag"][value="nee"]`)
	shot("formulier")
	w.post("/trajecten", "/trajecten")
	w.waitFor(`[id="f-gezaghebbenden.1.achternaam-fout"]`)
	w.expect("Vul de achternaam van ouder of gezaghebbende 2 in.")
	shot("fout-achternaam")
	// The typed values are kept, the choices too.
	if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('input[name="gezaghebbenden.0.tussenvoegsel"]').value + "|" +
		document.querySelector('input[name="gezaghebbenden.1.gezag"]:checked').value + "|" + document.querySelector('#f-geslacht').value`)); err != nil || v != "van der|nee|2" {
		t.Fatalf("form after the error: %q %v", v, err)
	}
	w.do("second parent's achternaam", chromedp.SendKeys(in("gezaghebbenden.1.achternaam"), "Amrani"))
	w.post("/trajecten", "opgeslagen=1")

	loc, _ := chromedp.Run(ctx, chromedp.Location())
	var trajectID, clientID int64
	fmt.Sscanf(loc[strings.Index(loc, "/trajecten/")+len("/trajecten/"):], "%d", &trajectID)
	if err := h.db.QueryRow(context.Background(), "SELECT client_id FROM trajectories WHERE id = ?", trajectID).Scan(&clientID); err != nil {
		t.Fatalf("trajectory from %s: %v", loc, err)
	}
	w.do("youth page", chromedp.Navigate(fmt.Sprintf("%s/clienten/%d", h.srv.URL, clientID)), chromedp.WaitVisible("#gezaghebbende-2"))
	text, err := chromedp.Run(ctx, chromedp.Text("main"))
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Yasmin el Amrani", "Geslacht Vrouw", "Ouders en gezaghebbenden",
		"Anna Maria van der Berg Relatie ouder Geslacht Vrouw Gezag Ja Telefoon 013 123 45 67 E-mail anna@voorbeeld.nl",
		"Karim el Amrani Relatie ouder Geslacht Man Gezag Nee Telefoon 06 12345678"} {
		if !strings.Contains(flat, want) {
			t.Errorf("youth page lacks %q:\n%.1500s", want, flat)
		}
	}
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('a[href="tel:+31131234567"]') !== null && document.querySelector('a[href="mailto:anna@voorbeeld.nl"]') !== null`)); err != nil || !ok {
		t.Errorf("the mother's phone and e-mail are no links: %v", err)
	}
	shot("jeugdige")

	// Walked to the allocation, the JW301 carries both parents as Relatie,
	// with their tussenvoegsel and gender, and passes xmllint.
	walk, err := demo.NewWalker(context.Background(), h.db, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := walk.To(context.Background(), trajectID, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	var xml string
	if err := h.db.QueryRow(context.Background(), "SELECT xml FROM ijw_messages WHERE trajectory_id = ? AND type = 'JW301'", trajectID).Scan(&xml); err != nil {
		t.Fatal(err)
	}
	xmllintCheck(t, "JW301", xml)
	m, err := ijw.Decode(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	c := m.(*ijw.JW301).Client
	if c.Relaties == nil || len(c.Relaties.Relatie) != 2 {
		t.Fatalf("JW301 Relaties: %+v", c.Relaties)
	}
	got := []string{}
	for _, r := range c.Relaties.Relatie {
		got = append(got, r.Naam.Geslachtsnaam.Voorvoegsel+" "+r.Naam.Geslachtsnaam.Achternaam+" "+r.Geslacht)
	}
	if strings.Join(got, ",") != "van der Berg 2,el Amrani 1" {
		t.Errorf("JW301 Relaties %v, want van der Berg (vrouw) and el Amrani (man)", got)
	}
}
