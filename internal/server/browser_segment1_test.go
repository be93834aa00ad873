package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/segment1"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// newLongBrowser is newBrowser for a walk that takes longer than its 90
// seconds: many users, each logging in.
func newLongBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", "new"), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("lang", "nl-NL"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 6*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

// TestBrowserSegment1 walks a segment-1 case in the browser as its users:
// the referrer's phone call and registration, the coordination level set
// by the three deciders, the intake desk's list, a refused judgement shown
// at its form, the judgement, intake talk, advice and registration with
// the regievoerder, the treatment plan, an escalation, a meldcode action on
// the coordinator's Mijn werk, the RET's consultation and advice (without
// the youth's identifiers), six months later a de-escalation, the final
// evaluation and the FOA, the end date agreed and the coordination
// closed. The important screens are photographed at 1280 and 320 px.
func TestBrowserSegment1(t *testing.T) {
	ctx := newLongBrowser(t)
	h := newHarness(t)
	w := &walker{t: t, ctx: ctx, h: h, dir: screenshotDir(t)}
	bg := context.Background()
	clock := time.Now().UTC()
	h.app.Traject.Now = func() time.Time { return clock }
	walk, err := demo.NewWalker(bg, h.db, clock)
	if err != nil {
		t.Fatal(err)
	}
	y := demo.Youth{BSN: "450928159", Given: "Lina", Family: "Dekker", Age: 15, Street: "Kerkstraat", House: "8", Postcode: "5071 AB",
		City: "Udenhout", Municipality: "Tilburg", Parent: "Ria Dekker", MeldingDaysAgo: 10}
	st, err := walk.Start(bg, traject.RouteToegang, y)
	if err != nil {
		t.Fatal(err)
	}
	tilburg := walk.Orgs["Toegang Tilburg"]
	if err := walk.Segment1IPVA(bg, walk.As(tilburg, access.Toegangsmedewerker), st.TrajectoryID, y); err != nil {
		t.Fatal(err)
	}
	caseURL := fmt.Sprintf("%s/trajecten/%d", h.srv.URL, st.TrajectoryID)
	today := func() string { return clock.In(kalender.Amsterdam()).Format("02-01-2006") }
	open := func(what string) {
		w.t.Helper()
		w.do(what, chromedp.Navigate(caseURL+"#segment1"))
		w.waitFor("#segment1")
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelectorAll('#segment1 details.jh-details').forEach(d => d.open = true); return true })()`)); err != nil {
			t.Fatal(err)
		}
	}
	both := func(name string) { w.t.Helper(); w.shot(name); w.narrow(name) }
	// logout is walker.logout with a deadline of its own, reporting the
	// page it was on when it fails.
	logout := func() {
		w.t.Helper()
		lctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		// Submitted by script: a click can miss the button while the page
		// still scrolls to its #segment1 anchor.
		_, err := chromedp.Run(lctx, chromedp.Evaluate[bool](`(() => { document.querySelector('form[action="/logout"]').requestSubmit(); return true })()`))
		if err == nil {
			err = chromedp.Do(lctx, chromedp.WaitVisible("#email"))
		}
		if err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			text, _ := chromedp.Run(ctx, chromedp.Text("main"))
			w.shot("fout-uitloggen")
			t.Fatalf("logout at %s: %v\n%.800s", loc, err, text)
		}
	}
	agree := func(email, als string) {
		w.t.Helper()
		w.login(email)
		open("case as " + email)
		w.expect("Uw antwoord als " + als)
		w.post("/segment1/instemming", "gelukt=segment1-instemming")
		logout()
	}

	// The referrer phones the desk, registers and proposes coordination
	// licht.
	w.login("toegang@demo.jeugdhulp.nl")
	open("case")
	w.expect("Segment 1: hoog-specialistische jeugdhulp")
	w.do("phone call", chromedp.SendKeys("#f-s1-tel-datum", today()), chromedp.SendKeys("#f-s1-tel-met", "Anja de Wit"),
		chromedp.SendKeys("#f-s1-tel-sam", "Casus besproken: er spelen problemen op meer leefgebieden; aanmelden met het IPVA."))
	both("segment1-01-vooroverleg")
	w.post("/segment1/telefonisch-overleg", "gelukt=segment1-telefonisch-overleg")
	w.expect("Het telefonisch vooroverleg met het aanmeldpunt is vastgelegd")
	open("registration form")
	w.do("registration", chromedp.SendKeys("#f-s1-reden", "Vastgelopen thuis en op school; eerdere ambulante hulp was niet genoeg."),
		chromedp.SetValue("#f-s1-aanmelding-vorm", "schriftelijk"), chromedp.SendKeys("#f-s1-aanmelding-door", "Ria Dekker"),
		chromedp.SendKeys("#f-s1-aanmelding-op", today()))
	both("segment1-02-aanmelden")
	w.post("/segment1/aanmelding", "gelukt=segment1-aanmelding")
	open("case after registration")
	w.check(`input[name="criterium"][value="eigen_regie"]`)
	w.check(`input[name="criterium"][value="motivatie"]`)
	w.do("motivation", chromedp.SendKeys("#f-s1-voorstel-toel", "Lina kan met hulp van de regievoerder de regie houden."))
	w.post("/segment1/voorstel", "gelukt=segment1-voorstel")
	w.expect("Wacht nog op")
	logout()

	w.login("gedragswetenschapper@demo.jeugdhulp.nl")
	open("case as gedragswetenschapper")
	w.expect("Uw antwoord als Gedragswetenschapper van de Toegang")
	both("segment1-03-gedragswetenschapper-instemmen")
	w.post("/segment1/instemming", "gelukt=segment1-instemming")
	logout()

	// The intake desk: its list, a refused judgement, then the intake.
	w.login("aanmeldpunt@demo.jeugdhulp.nl")
	w.do("list", chromedp.Navigate(h.srv.URL+"/aanmeldingen"))
	w.waitFor("table")
	w.expect("Lina Dekker")
	both("segment1-04-aanmeldingen")
	open("case as desk")
	w.check(`input[name="urgentie"][value="eerder"]`)
	w.do("no date", chromedp.SendKeys("#f-s1-beo-toel", "Zorgen over de veiligheid thuis."))
	w.post("/segment1/beoordeling", "/segment1/beoordeling")
	w.expect("Kies de dag waarop de hulp uiterlijk moet starten.")
	both("segment1-05-beoordeling-geweigerd")
	w.do("a date within 6 weeks", chromedp.SendKeys("#f-s1-start", clock.AddDate(0, 0, 21).In(kalender.Amsterdam()).Format("02-01-2006")))
	w.post("/segment1/beoordeling", "gelukt=segment1-beoordeling")
	open("case after judgement")
	w.do("intake talk", chromedp.SendKeys("#f-s1-gesprek-datum", today()), chromedp.SendKeys("#f-s1-verslag", "Gesprek met Lina, haar moeder en de verwijzer."))
	w.check(`input[name="jeugdige_aanwezig"]`)
	w.check(`input[name="verwijzer_aanwezig"]`)
	w.post("/segment1/aanmeldgesprek", "gelukt=segment1-aanmeldgesprek")
	open("case after intake")
	w.expect("Uw antwoord als Crossroads (regievoerder of aanmeldpunt)")
	w.post("/segment1/instemming", "gelukt=segment1-instemming")
	w.expect("coördinatie licht")
	open("advice")
	w.do("advice", chromedp.SetValue("#f-s1-rv", fmt.Sprint(walk.Orgs["De Hoeve Jeugdhulp"])), chromedp.SendKeys("#f-s1-hulpvorm", "Intensieve ambulante gezinsbehandeling"))
	both("segment1-06-advies")
	w.post("/segment1/advies", "gelukt=segment1-advies")
	w.post("/segment1/regievoerder", "gelukt=segment1-regievoerder")
	w.expect("Regievoerder")
	logout()

	// The regievoerder: treatment plan, escalation, meldcode, consultation.
	w.login("aanbieder@demo.jeugdhulp.nl")
	open("case as regievoerder")
	w.do("plan", chromedp.SendKeys("#f-s1-plan", "Gezinsbehandeling twee keer per week; school en buurtteam sluiten aan."), chromedp.SendKeys("#f-s1-gestart", today()))
	w.check(`input[name="samen_met_jeugdige"]`)
	w.post("/segment1/behandelplan", "gelukt=segment1-behandelplan")
	open("escalation")
	w.check(`input[name="criterium"][value="toename_onveiligheid"]`)
	w.do("why", chromedp.SendKeys("#f-s1-voorstel-toel", "Er is geweld thuis gemeld; op afstand volgen is niet meer genoeg."))
	w.post("/segment1/voorstel", "gelukt=segment1-voorstel")
	open("meldcode")
	w.do("meldcode", chromedp.SetValue("#f-s1-stap", "2"), chromedp.SendKeys("#f-s1-meldcode", "Veilig Thuis geraadpleegd over de situatie thuis."))
	w.post("/segment1/meldcode", "gelukt=segment1-meldcode")
	open("consultation")
	w.do("question", chromedp.SendKeys("#f-s1-vraag", "Welke domeinoverstijgende inzet is nodig naast de behandeling?"))
	w.post("/segment1/consultatie", "gelukt=segment1-consultatie")
	open("regie")
	both("segment1-07-regievoerder")
	logout()

	// The coordinator finds the meldcode on Mijn werk at once.
	w.login("toegang@demo.jeugdhulp.nl")
	w.expect("Direct afstemmen: de regievoerder handelt volgens de meldcode")
	both("segment1-08-mijn-werk-coordinator")
	open("case as coordinator")
	w.post("/segment1/instemming", "gelukt=segment1-instemming")
	open("meldcode answer")
	w.do("answer", chromedp.SendKeys(`form[action$="/segment1/opgepakt"] textarea`, "Afgestemd met de regievoerder; veiligheidsplan opgesteld."))
	w.post("/segment1/opgepakt", "gelukt=segment1-opgepakt")
	logout()
	agree("gedragswetenschapper@demo.jeugdhulp.nl", "Gedragswetenschapper van de Toegang")
	w.login("toegang@demo.jeugdhulp.nl")
	open("case after escalation")
	w.expect("coördinatie zwaar")
	both("segment1-09-opgeschaald")
	logout()

	// The RET: its list, the case without identifiers, its advice.
	w.login("ret@demo.jeugdhulp.nl")
	w.do("consultations", chromedp.Navigate(h.srv.URL+"/consultaties"))
	w.waitFor("table")
	w.expect("Lina Dekker")
	both("segment1-10-consultaties")
	w.do("case as RET", chromedp.Navigate(caseURL+"#s1-consultatie"))
	w.waitFor("#s1-consultatie")
	text, err := chromedp.Run(ctx, chromedp.Text("main"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{y.BSN, y.Street, y.Postcode, y.City} {
		if strings.Contains(text, m) {
			t.Errorf("the RET's case page shows %q", m)
		}
	}
	w.do("advice", chromedp.SendKeys(`form[action$="/segment1/consultatie-advies"] textarea`, "Betrek schuldhulpverlening en school; een gezinscoach voor de ouders."))
	both("segment1-11-ret-advies")
	w.post("/segment1/consultatie-advies", "gelukt=segment1-consultatie-advies")
	w.expect("Advies (niet bindend)")
	logout()

	// Six months of safety pass, assessed as they go (through the
	// service); then the de-escalation with its indicator.
	svc := &segment1.Service{Gate: h.app.Traject.Gate, Now: func() time.Time { return clock }, Cal: kalender.Default}
	gw := walk.As(tilburg, access.Gedragswetenschapper)
	start := clock
	for _, months := range []int{0, 3, 6} {
		clock = start.AddDate(0, months, 1)
		if err := svc.Taxeren(bg, gw, st.TrajectoryID, segment1.TaxatieInput{Datum: clock.Format("2006-01-02"), Veilig: true, Toelichting: "Veilig thuis."}); err != nil {
			t.Fatal(err)
		}
	}
	clock = start.AddDate(0, 6, 2)
	w.login("toegang@demo.jeugdhulp.nl")
	open("de-escalation")
	w.expect("6 maanden aaneengesloten structurele veiligheid volgens de taxaties: ja")
	w.check(`input[name="criterium"][value="positieve_ontwikkeling"]`)
	w.do("why", chromedp.SendKeys("#f-s1-voorstel-toel", "Al een half jaar veilig; Lina gaat weer naar school."))
	both("segment1-12-afschaling")
	w.post("/segment1/voorstel", "gelukt=segment1-voorstel")
	logout()
	agree("aanbieder@demo.jeugdhulp.nl", "Crossroads (regievoerder of aanmeldpunt)")
	agree("gedragswetenschapper@demo.jeugdhulp.nl", "Gedragswetenschapper van de Toegang")

	// Closing: the final evaluation, the FOA, the end date, the end.
	w.login("aanbieder@demo.jeugdhulp.nl")
	open("final evaluation")
	w.expect("coördinatie licht")
	w.check(`input[name="soort"][value="eind"]`)
	w.check(`input[name="met_jeugdige"]`)
	w.check(`input[name="met_verwijzer"]`)
	w.do("evaluation", chromedp.SendKeys("#f-s1-ev-datum", today()), chromedp.SendKeys("#f-s1-ev-tekst", "De doelen zijn grotendeels bereikt; Lina en haar moeder zijn tevreden."))
	w.post("/segment1/evaluatie", "gelukt=segment1-evaluatie")
	open("FOA")
	end := clock.AddDate(0, 1, 0)
	dmy := func(t time.Time) string { return t.In(kalender.Amsterdam()).Format("02-01-2006") }
	w.do("FOA", chromedp.SetValue("#f-s1-naar", "3"), chromedp.SendKeys("#f-s1-einde", dmy(end)),
		chromedp.SendKeys("#f-s1-overdracht", "Ambulante begeleiding van Lina en gezinscoaching door segment 3."),
		chromedp.SendKeys("#f-s1-hulp-0", "Maatjesproject"), chromedp.SendKeys("#f-s1-hulp-tot-0", dmy(end.AddDate(0, 2, 0))),
		chromedp.SendKeys("#f-s1-hulp-1", "Ambulante begeleiding"), chromedp.SendKeys("#f-s1-hulp-tot-1", dmy(end.AddDate(0, 9, 0))))
	w.check(`input[name="hulp_foa_1"]`)
	both("segment1-13-foa")
	w.post("/segment1/afronding", "gelukt=segment1-afronding")
	logout()
	w.login("toegang@demo.jeugdhulp.nl")
	open("end date")
	w.post("/segment1/einde", "gelukt=segment1-einde")
	w.post("/segment1/sluiting", "gelukt=segment1-sluiting")
	w.expect("Afgesloten")
	open("closed")
	both("segment1-14-afgesloten")
}
