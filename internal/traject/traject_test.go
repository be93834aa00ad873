package traject_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/testkit"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// world is a seeded demo region with a walker that acts as each route's
// users.
type world struct {
	db  *database.DB
	w   *demo.Walker
	now time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	// A fixed Thursday, so that the working-day terms below are known.
	kit := testkit.New(t, time.Date(2026, time.December, 3, 10, 0, 0, 0, time.UTC))
	return &world{db: kit.DB, w: kit.Walk, now: kit.Now}
}

var bsns = []string{"321146487", "864623112", "111222333", "123456782", "234567891", "345678907"}

func (wd *world) youth(i int, municipality string, age int) demo.Youth {
	return demo.Youth{BSN: bsns[i], Given: "Mila", Family: "van den Berg", Age: age, Street: "Korvelseweg", House: "8a", Postcode: "5025 JA",
		City: municipality, Municipality: municipality, Parent: "Anouk van den Berg", MeldingDaysAgo: 3}
}

func (wd *world) start(t *testing.T, r traject.Route, y demo.Youth) traject.Started {
	t.Helper()
	st, err := wd.w.Start(context.Background(), r, y)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func (wd *world) to(t *testing.T, id int64, s traject.Step) {
	t.Helper()
	if err := wd.w.To(context.Background(), id, s); err != nil {
		t.Fatal(err)
	}
}

func (wd *world) step(t *testing.T, id int64) traject.Step {
	t.Helper()
	var s string
	if err := wd.db.QueryRow(context.Background(), "SELECT step FROM trajectories WHERE id = ?", id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return traject.Step(s)
}

func (wd *world) as(org string, r access.Role) access.Principal { return wd.w.As(wd.w.Orgs[org], r) }

func refusal(t *testing.T, err error, want string) {
	t.Helper()
	if !traject.IsRefusal(err) || !strings.Contains(err.Error(), want) {
		t.Fatalf("want a refusal containing %q, got %v", want, err)
	}
}

// TestRouteTables checks each route's steps, owners and terms against
// DOMAIN.md §3 and that every step a route lacks has a Dutch reason.
func TestRouteTables(t *testing.T) {
	want := map[traject.Route][]string{
		traject.RouteToegang: {"ipva verwijzer toegangsmedewerker 4 weken", "arrangement verwijzer toegangsmedewerker 2 werkdagen",
			"aanbieder verwijzer toegangsmedewerker 5 werkdagen", "acceptatie aanbieder jeugdhulpaanbieder 5 werkdagen",
			"beknopt_plan aanbieder jeugdhulpaanbieder 2 weken", "akkoord verwijzer toegangsmedewerker 5 werkdagen",
			"aanvraag verwijzer toegangsmedewerker 2 werkdagen", "besluit gemeente backoffice 2 weken"},
		traject.RouteGI: {"ipva verwijzer gi_medewerker 4 weken", "arrangement verwijzer gi_medewerker 2 werkdagen",
			"aanbieder verwijzer gi_medewerker 5 werkdagen", "acceptatie aanbieder jeugdhulpaanbieder 5 werkdagen",
			"beknopt_plan aanbieder jeugdhulpaanbieder 2 weken", "akkoord verwijzer gi_medewerker 5 werkdagen",
			"bepaling verwijzer gi_medewerker 2 werkdagen", "verzoek aanbieder jeugdhulpaanbieder 5 werkdagen", "besluit gemeente backoffice 5 werkdagen"},
		traject.RouteMedisch: {"ipva aanbieder jeugdhulpaanbieder 4 weken", "arrangement aanbieder jeugdhulpaanbieder 2 werkdagen",
			"verzoek aanbieder jeugdhulpaanbieder 5 werkdagen", "besluit gemeente backoffice 5 werkdagen"},
		traject.RouteCrisis: {"triage verwijzer crisisdienst 1 uur", "inschatting verwijzer crisisdienst 2 uur", "inzet verwijzer crisisdienst 4 uur",
			"rto verwijzer crisisdienst 1 werkdag", "perspectiefplan verwijzer crisisdienst 5 werkdagen"},
	}
	all := []traject.Step{traject.StepIPVA, traject.StepArrangement, traject.StepAanbieder, traject.StepAcceptatie, traject.StepBeknoptPlan,
		traject.StepAkkoord, traject.StepAanvraag, traject.StepBepaling, traject.StepVerzoek, traject.StepBesluit}
	for _, d := range traject.Routes() {
		var got []string
		for _, sd := range d.Steps {
			got = append(got, string(sd.Step)+" "+string(sd.Party)+" "+string(sd.Role)+" "+sd.Term.String())
			if sd.Label == "" || sd.Action == "" || sd.Nr == "" {
				t.Errorf("%s %s: label, action or number missing", d.Route, sd.Step)
			}
		}
		if strings.Join(got, "; ") != strings.Join(want[d.Route], "; ") {
			t.Errorf("route %s:\n got %v\nwant %v", d.Route, got, want[d.Route])
		}
		for _, s := range all {
			_, has := d.StepOf(s)
			why, skipped := d.Skipped[s]
			if has == skipped || (skipped && why == "") {
				t.Errorf("route %s step %s: on the route %v, skipped %v %q", d.Route, s, has, skipped, why)
			}
		}
	}
}

// TestToegangRoute walks the Toegang route and checks the obligations, the
// history and the messages it leaves, and the 4-week term in the calendar.
func TestToegangRoute(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	st := wd.start(t, traject.RouteToegang, wd.youth(0, "Tilburg", 13))
	toegang := wd.as("Toegang Tilburg", access.Toegangsmedewerker)
	v, err := wd.w.Svc.Get(ctx, toegang, st.TrajectoryID, access.Hulpverlening)
	if err != nil {
		t.Fatal(err)
	}
	// Eerste melding Monday 30 November 2026 + 4 weeks = Monday 28 December 2026.
	if got := kalender.Datum(v.Next.Due); got != "28-12-2026" || v.Next.Role != access.Toegangsmedewerker {
		t.Fatalf("IPVA due %s for %s, want 28-12-2026 for the Toegang", got, v.Next.Role)
	}
	// The provider sees nothing before consent and the choice of provider.
	if _, err := wd.w.Svc.Get(ctx, wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder), st.TrajectoryID, access.Hulpverlening); !errors.Is(err, traject.ErrNotFound) {
		t.Fatalf("provider reads the case early: %v", err)
	}
	// A step this route does not have is refused with the table's reason.
	refusal(t, wd.w.Svc.Bepaling(ctx, toegang, st.TrajectoryID, traject.BepalingInput{ZorgStart: wd.now}), "geen bepaling jeugdhulp")
	wd.to(t, st.TrajectoryID, traject.StepToegewezen)

	v, err = wd.w.Svc.Get(ctx, wd.as("Gemeente Tilburg", access.Backoffice), st.TrajectoryID, access.Toewijzing)
	if err != nil {
		t.Fatal(err)
	}
	// The route is done; what is due now is the provider's report of the
	// start of care (JW305).
	if !v.HasNext || v.Next.OwnerOrgID != wd.w.Orgs["De Hoeve Jeugdhulp"] || !strings.Contains(v.Next.Label, "Start van de zorg") ||
		v.Toewijzing == nil || !v.Toewijzing.Beschikking {
		t.Fatalf("after the decision: next %+v, toewijzing %+v", v.Next, v.Toewijzing)
	}
	var kinds []string
	for _, e := range v.History {
		kinds = append(kinds, string(e.Kind))
	}
	if got := strings.Join(kinds, " "); !strings.HasPrefix(got, "registratie ondertekening") || !strings.Contains(got, "toestemming stap stap") || !strings.HasSuffix(got, "besluit document") {
		t.Errorf("history kinds: %s", got)
	}
	var open, done int
	wd.db.QueryRow(ctx, "SELECT COUNT(*) FROM obligations WHERE trajectory_id = ? AND done_at IS NULL", st.TrajectoryID).Scan(&open)
	wd.db.QueryRow(ctx, "SELECT COUNT(*) FROM obligations WHERE trajectory_id = ? AND done_at IS NOT NULL", st.TrajectoryID).Scan(&done)
	if open != 1 || done != 8 {
		t.Errorf("obligations: %d open, %d done; want the start of care open and one per step (8) done", open, done)
	}
}

// TestGIRoute walks a bepaling of JBB (always a JW315) and of WSG before
// and after 1 September 2019.
func TestGIRoute(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	orgs := &organisation.Store{DB: wd.db}
	wsg, err := orgs.Create(ctx, organisation.Organisation{Name: "William Schrikker Stichting", Kind: organisation.GI, GIKind: "WSG"})
	if err != nil {
		t.Fatal(err)
	}
	wd.w.Orgs["William Schrikker Stichting"] = wsg

	// JBB: the provider sends a JW315, the back office allocates; Waalwijk
	// issues a beschikking on the GI route.
	st := wd.start(t, traject.RouteGI, wd.youth(1, "Waalwijk", 10))
	gi := wd.as(demo.OrgGI, access.GIMedewerker)
	refusal(t, wd.w.Svc.SubmitAanvraag(ctx, gi, st.TrajectoryID), "bepaling jeugdhulp")
	wd.to(t, st.TrajectoryID, traject.StepVerzoek)
	prov := wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder)
	letter, err := wd.w.Svc.Document(ctx, prov, st.TrajectoryID, "bepaling-jeugdhulp")
	if err != nil || !strings.HasPrefix(string(letter), "%PDF") {
		t.Fatalf("bepaling letter for the provider: %d bytes, %v", len(letter), err)
	}
	wd.to(t, st.TrajectoryID, traject.StepToegewezen)
	jw301 := message(t, wd, st.TrajectoryID, ijw.TypeJW301)
	if !strings.Contains(jw301, "<jw301:ReferentieAanbieder>VOT") {
		t.Errorf("JW301 does not answer the verzoek's reference")
	}
	var n int
	wd.db.QueryRow(ctx, "SELECT COUNT(*) FROM documents WHERE trajectory_id = ? AND kind = 'beschikking'", st.TrajectoryID).Scan(&n)
	if n != 1 {
		t.Errorf("Waalwijk on the GI route: %d beschikkingen, want 1", n)
	}

	// WSG. The first youth already has a Toegang trajectory: the WSG's
	// registration opens a new trajectory on the existing record.
	base := wd.start(t, traject.RouteToegang, wd.youth(2, "Tilburg", 9))
	giWSG := wd.w.As(wsg, access.GIMedewerker)
	for i, c := range []struct {
		start time.Time
		want  traject.Step
	}{
		{time.Date(2019, time.August, 15, 0, 0, 0, 0, time.UTC), traject.StepBesluit},
		{time.Date(2019, time.September, 1, 0, 0, 0, 0, time.UTC), traject.StepVerzoek},
	} {
		y := wd.youth(2+i, "Tilburg", 9)
		stGI, err := wd.w.Svc.Start(ctx, giWSG, traject.StartInput{
			Client: client.Input{BSN: y.BSN, GivenName: y.Given, FamilyName: y.Family, BirthDate: wd.now.AddDate(-9, 0, -45).Format("2006-01-02"),
				Street: y.Street, HouseNumber: y.House, Postcode: y.Postcode, City: y.City, MunicipalityID: wd.w.Orgs["Gemeente Tilburg"]},
			EersteMelding: wd.now.AddDate(0, 0, -3).Format("2006-01-02"),
			Relations:     []traject.Relation{{Voornamen: "Anouk", Tussenvoegsel: "van den", Achternaam: "Berg", Relation: "ouder", Gezag: true}},
			Maatregel:     &traject.Maatregel{Soort: "voogdij", UitspraakDatum: wd.now.AddDate(0, 0, -5), Kenmerk: "C/02/1 JE", RaadRapport: "Raad 12-11-2026"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && (!stGI.Known || !stGI.Running || stGI.ClientID != base.ClientID || stGI.TrajectoryID == base.TrajectoryID) {
			t.Fatalf("known BSN: %+v, first trajectory %+v", stGI, base)
		}
		wd.to(t, stGI.TrajectoryID, traject.StepBepaling)
		if err := wd.w.Svc.Bepaling(ctx, giWSG, stGI.TrajectoryID, traject.BepalingInput{ZorgStart: c.start}); err != nil {
			t.Fatal(err)
		}
		if got := wd.step(t, stGI.TrajectoryID); got != c.want {
			t.Errorf("WSG bepaling for care from %s: step %s, want %s", c.start.Format("2006-01-02"), got, c.want)
		}
	}
}

func message(t *testing.T, wd *world, id int64, typ ijw.MessageType) string {
	t.Helper()
	b, err := berichten.Latest(context.Background(), wd.db, id, typ)
	if err != nil {
		t.Fatalf("%s of trajectory %d: %v", typ, id, err)
	}
	if _, err := ijw.ValidateXSDBytes(b.XML, typ); err != nil {
		t.Fatalf("%s fails its XSD: %v", typ, err)
	}
	return string(b.XML)
}

// TestMedischRoute: Tilburg is beschikkingsvrij on the medical route,
// Dongen is not, and its JW301 carries 0766; the provider works the steps
// itself and the steps it does not have are refused.
func TestMedischRoute(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	prov := wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder)
	for i, c := range []struct {
		municipality string
		beschikking  int
	}{{"Tilburg", 0}, {"Dongen", 1}} {
		st := wd.start(t, traject.RouteMedisch, wd.youth(i, c.municipality, 8))
		// The provider, not the GP, owns the IPVA on this route.
		v, err := wd.w.Svc.Get(ctx, prov, st.TrajectoryID, access.Hulpverlening)
		if err != nil || v.Next.OwnerOrgID != wd.w.Orgs["De Hoeve Jeugdhulp"] || v.Grondslag.Verwijzer == nil {
			t.Fatalf("medical referral: next %+v, verwijzer %v, %v", v.Next, v.Grondslag.Verwijzer, err)
		}
		wd.to(t, st.TrajectoryID, traject.StepVerzoek)
		refusal(t, wd.w.Svc.SubmitPlan(ctx, prov, st.TrajectoryID, ipvaPlan()), "geen beknopt plan")
		wd.to(t, st.TrajectoryID, traject.StepToegewezen)
		jw315 := message(t, wd, st.TrajectoryID, ijw.TypeJW315)
		jw301 := message(t, wd, st.TrajectoryID, ijw.TypeJW301)
		cbs := map[string]string{"Tilburg": "0855", "Dongen": "0766"}[c.municipality]
		if !strings.Contains(jw315, "<jw315:Ontvanger>"+cbs+"</jw315:Ontvanger>") || !strings.Contains(jw315, "<ijw:Type>02</ijw:Type>") ||
			!strings.Contains(jw301, "<jw301:Afzender>"+cbs+"</jw301:Afzender>") {
			t.Errorf("%s: JW315 or JW301 names the wrong municipality or referrer", c.municipality)
		}
		var n int
		wd.db.QueryRow(ctx, "SELECT COUNT(*) FROM documents WHERE trajectory_id = ? AND kind = 'beschikking'", st.TrajectoryID).Scan(&n)
		if n != c.beschikking {
			t.Errorf("%s: %d beschikkingen, want %d", c.municipality, n, c.beschikking)
		}
	}
}

func ipvaPlan() ipva.BeknoptPlan {
	return ipva.BeknoptPlan{GeadviseerdeIntensiteit: 2, Tekst: "Wekelijkse begeleiding thuis.", VerwachteEinddatum: time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC),
		Activiteiten: []ipva.Activiteit{{Omschrijving: "Gezinsbegeleiding", Frequentie: "1x per week"}}}
}

// TestVerzoekRefusedWithJW319: "in onderzoek" once (8 weeks from the
// verzoek on the obligation), then a refusal with its reason.
func TestVerzoekRefusedWithJW319(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	st := wd.start(t, traject.RouteMedisch, wd.youth(0, "Tilburg", 8))
	wd.to(t, st.TrajectoryID, traject.StepBesluit)
	bo := wd.as("Gemeente Tilburg", access.Backoffice)
	if _, err := wd.w.Svc.Decide(ctx, bo, st.TrajectoryID, traject.Decision{InOnderzoek: true, Motivering: "Wij vragen informatie op bij de huisarts."}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(message(t, wd, st.TrajectoryID, ijw.TypeJW319), "<jw319:VerzoekAntwoord>2</jw319:VerzoekAntwoord>") {
		t.Fatal("JW319 does not say in onderzoek")
	}
	v, _ := wd.w.Svc.Get(ctx, bo, st.TrajectoryID, access.Toewijzing)
	// Verzoek Thursday 3 December 2026 + 8 weeks = Thursday 28 January 2027.
	if v.Step != traject.StepBesluit || kalender.Datum(v.Next.Due) != "28-01-2027" {
		t.Fatalf("in onderzoek: step %s, due %s", v.Step, kalender.Datum(v.Next.Due))
	}
	_, err := wd.w.Svc.Decide(ctx, bo, st.TrajectoryID, traject.Decision{InOnderzoek: true, Motivering: "Nog eens."})
	refusal(t, err, "al in onderzoek")
	_, err = wd.w.Svc.Decide(ctx, bo, st.TrajectoryID, traject.Decision{Motivering: "Geen afspraak met deze aanbieder."})
	refusal(t, err, "reden van afwijzing")
	if _, err := wd.w.Svc.Decide(ctx, bo, st.TrajectoryID, traject.Decision{RedenAfwijzing: "7", Motivering: "Zorginhoudelijk past dit niet."}); err != nil {
		t.Fatal(err)
	}
	jw319 := message(t, wd, st.TrajectoryID, ijw.TypeJW319)
	if !strings.Contains(jw319, "<jw319:VerzoekAntwoord>1</jw319:VerzoekAntwoord>") || !strings.Contains(jw319, "<jw319:RedenAfwijzingVerzoek>7</jw319:RedenAfwijzingVerzoek>") {
		t.Fatalf("refusal JW319:\n%s", jw319)
	}
	if got := wd.step(t, st.TrajectoryID); got != traject.StepAfgewezen {
		t.Fatalf("step %s after the refusal", got)
	}
}

// TestNeedToKnowPerTrajectory: a provider linked to one trajectory of a
// youth gets not-found on the other, logged as a refusal; withdrawing
// consent unlinks only that trajectory.
func TestNeedToKnowPerTrajectory(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	first := wd.start(t, traject.RouteToegang, wd.youth(0, "Tilburg", 13))
	wd.to(t, first.TrajectoryID, traject.StepBeknoptPlan)
	second := wd.start(t, traject.RouteToegang, wd.youth(0, "Tilburg", 13))
	if !second.Known || second.ClientID != first.ClientID {
		t.Fatalf("second request: %+v", second)
	}
	prov := wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder)
	if _, err := wd.w.Svc.Get(ctx, prov, first.TrajectoryID, access.Hulpverlening); err != nil {
		t.Fatalf("provider on its own trajectory: %v", err)
	}
	if _, err := wd.w.Svc.Get(ctx, prov, second.TrajectoryID, access.Hulpverlening); !errors.Is(err, traject.ErrNotFound) {
		t.Fatalf("provider on the other trajectory: %v", err)
	}
	var refused int
	wd.db.QueryRow(ctx, "SELECT COUNT(*) FROM access_log WHERE trajectory_id = ? AND organisation_id = ? AND outcome = 'geweigerd'",
		second.TrajectoryID, wd.w.Orgs["De Hoeve Jeugdhulp"]).Scan(&refused)
	if refused != 1 {
		t.Fatalf("refusal entries on the other trajectory: %d, want 1", refused)
	}
	// Consent on the second trajectory, then withdrawn there: the first
	// trajectory's link stays.
	toegang := wd.as("Toegang Tilburg", access.Toegangsmedewerker)
	hoeve := wd.w.Orgs["De Hoeve Jeugdhulp"]
	if err := wd.w.Svc.RecordConsent(ctx, toegang, second.TrajectoryID, traject.ConsentInput{ProviderID: hoeve, Form: "mondeling", GivenBy: "Anouk", GivenOn: wd.now}); err != nil {
		t.Fatal(err)
	}
	if err := wd.w.Svc.WithdrawConsent(ctx, toegang, second.TrajectoryID, hoeve); err != nil {
		t.Fatal(err)
	}
	if _, err := wd.w.Svc.Get(ctx, prov, first.TrajectoryID, access.Hulpverlening); err != nil {
		t.Fatalf("withdrawal on the second trajectory removed the first's link: %v", err)
	}
	// A provider sees its own consent only, not the one for another provider.
	other := wd.w.Orgs["GGZ Jeugd Midden-Brabant"]
	if err := wd.w.Svc.RecordConsent(ctx, toegang, first.TrajectoryID, traject.ConsentInput{ProviderID: other, Form: "mondeling", GivenBy: "Anouk", GivenOn: wd.now}); err != nil {
		t.Fatal(err)
	}
	v, err := wd.w.Svc.Get(ctx, prov, first.TrajectoryID, access.Hulpverlening)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range v.Consents {
		if c.ProviderID != hoeve {
			t.Errorf("the provider sees the consent for provider %d", c.ProviderID)
		}
	}
	if len(v.Consents) == 0 {
		t.Error("the provider does not see its own consent")
	}
	// The gedragswetenschapper of the Toegang may not record consent: the
	// route's table names the Toegang worker.
	err = wd.w.Svc.RecordConsent(ctx, wd.as("Toegang Tilburg", access.Gedragswetenschapper), second.TrajectoryID,
		traject.ConsentInput{ProviderID: hoeve, Form: "mondeling", GivenBy: "Anouk", GivenOn: wd.now})
	if err == nil {
		t.Fatal("gedragswetenschapper recorded consent")
	}
}

// TestTurns: a refusal writes a beschikking of refusal and tells the
// referrer, who closes the case; an arrangement can be changed until the
// request, and a handed-in plan then goes back to the provider.
func TestTurns(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	toegang := wd.as("Toegang Heusden", access.Toegangsmedewerker)

	st := wd.start(t, traject.RouteToegang, wd.youth(0, "Heusden", 13))
	wd.to(t, st.TrajectoryID, traject.StepAkkoord)
	refusal(t, wd.w.Svc.ChangeArrangement(ctx, wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder), st.TrajectoryID,
		traject.ArrangementInput{Arrangement: 1, Intensiteit: 2}), "Alleen wie het arrangement kiest")
	refusal(t, wd.w.Svc.ChooseArrangement(ctx, toegang, st.TrajectoryID, traject.ArrangementInput{Arrangement: 4, Intensiteit: 2}), "levert dit arrangement niet")
	if err := wd.w.Svc.ChooseArrangement(ctx, toegang, st.TrajectoryID, traject.ArrangementInput{Arrangement: 1, Intensiteit: 2}); err != nil {
		t.Fatal(err)
	}
	if got := wd.step(t, st.TrajectoryID); got != traject.StepBeknoptPlan {
		t.Fatalf("after changing the arrangement at the akkoord: step %s, want the plan back at the provider", got)
	}
	wd.to(t, st.TrajectoryID, traject.StepBesluit)
	refusal(t, wd.w.Svc.ChooseArrangement(ctx, toegang, st.TrajectoryID, traject.ArrangementInput{Arrangement: 2, Intensiteit: 2}), "kan nu niet meer")

	// Heusden never issues a beschikking for care it grants, but a refusal
	// is a decision the family can object to: it gets the letter.
	bo := wd.w.As(wd.w.Orgs["Gemeente Heusden"], access.Backoffice)
	if _, err := wd.w.Svc.Decide(ctx, bo, st.TrajectoryID, traject.Decision{Motivering: "Er is passende hulp in het voorliggend veld."}); err != nil {
		t.Fatal(err)
	}
	var n int
	wd.db.QueryRow(ctx, "SELECT COUNT(*) FROM documents WHERE trajectory_id = ? AND kind = 'beschikking'", st.TrajectoryID).Scan(&n)
	if n != 1 {
		t.Fatalf("refusal: %d beschikkingen, want 1", n)
	}
	v, err := wd.w.Svc.Get(ctx, toegang, st.TrajectoryID, access.Hulpverlening)
	if err != nil || !v.HasNext || !strings.Contains(v.Next.Label, "Afwijzing bespreken") || v.Next.OwnerOrgID != wd.w.Orgs["Toegang Heusden"] {
		t.Fatalf("the referrer is not told: %+v %v", v.Next, err)
	}
	refusal(t, wd.w.Svc.Close(ctx, toegang, st.TrajectoryID, traject.CloseInput{}), "Geef een reden")
	refusal(t, wd.w.Svc.Close(ctx, wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder), st.TrajectoryID, traject.CloseInput{Reden: "x"}), "Alleen de verwijzer")
	if err := wd.w.Svc.Close(ctx, toegang, st.TrajectoryID, traject.CloseInput{Reden: "Besproken met het gezin; zij gaan naar het wijkteam."}); err != nil {
		t.Fatal(err)
	}
	v, _ = wd.w.Svc.Get(ctx, toegang, st.TrajectoryID, access.Hulpverlening)
	if v.Step != traject.StepGesloten || v.HasNext || !strings.Contains(v.History[len(v.History)-1].What, "Traject afgesloten: Besproken") {
		t.Fatalf("after closing: step %s, next %v, last event %+v", v.Step, v.HasNext, v.History[len(v.History)-1])
	}
	refusal(t, wd.w.Svc.Close(ctx, toegang, st.TrajectoryID, traject.CloseInput{Reden: "nog eens"}), "al afgesloten")
}

// TestAkkoordWarnsOnMismatch: the referrer sees the provider's advice and
// is warned when it differs from the arrangement.
func TestAkkoordWarnsOnMismatch(t *testing.T) {
	tr := traject.Trajectory{Arrangement: 2, Intensiteit: 2}
	for _, c := range []struct {
		plan ipva.BeknoptPlan
		want string
	}{
		{ipva.BeknoptPlan{GeadviseerdeIntensiteit: 2}, ""},
		{ipva.BeknoptPlan{GeadviseerdeIntensiteit: 3}, "adviseert intensiteit zwaar"},
		{ipva.BeknoptPlan{GeadviseerdeIntensiteit: 2, Producten: []string{"45A48"}}, "horen bij zwaar of chronisch"},
	} {
		got := strings.Join(traject.PlanWarnings(tr, c.plan), " ")
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("plan %+v: %q, want %q", c.plan, got, c.want)
		}
	}
	wd := newWorld(t)
	ctx := context.Background()
	st := wd.start(t, traject.RouteToegang, wd.youth(0, "Tilburg", 13))
	wd.to(t, st.TrajectoryID, traject.StepBeknoptPlan)
	plan := ipvaPlan()
	plan.GeadviseerdeIntensiteit = 3
	if err := wd.w.Svc.SubmitPlan(ctx, wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder), st.TrajectoryID, plan); err != nil {
		t.Fatal(err)
	}
	v, err := wd.w.Svc.Get(ctx, wd.as("Toegang Tilburg", access.Toegangsmedewerker), st.TrajectoryID, access.Hulpverlening)
	if err != nil || len(v.Warnings) != 1 || !strings.Contains(v.Warnings[0], "zwaar") {
		t.Fatalf("akkoord warnings: %v %v", v.Warnings, err)
	}
}

// TestConsentAskedWithTheProvider: choosing a provider without consent is
// refused; with the family's consent given at that moment, both are
// recorded in one step.
func TestConsentAskedWithTheProvider(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	st := wd.start(t, traject.RouteToegang, wd.youth(0, "Tilburg", 13))
	wd.to(t, st.TrajectoryID, traject.StepAanbieder)
	toegang := wd.as("Toegang Tilburg", access.Toegangsmedewerker)
	kompaan := wd.w.Orgs["Kompaan en De Bocht"]
	refusal(t, wd.w.Svc.ChooseProvider(ctx, toegang, st.TrajectoryID, kompaan), "geen toestemming")
	if err := wd.w.Svc.ChooseProviderWithConsent(ctx, toegang, st.TrajectoryID, kompaan,
		traject.ConsentInput{Form: "mondeling", GivenBy: "Anouk van den Berg", GivenOn: wd.now}); err != nil {
		t.Fatal(err)
	}
	v, err := wd.w.Svc.Get(ctx, toegang, st.TrajectoryID, access.Hulpverlening)
	if err != nil || v.Step != traject.StepAcceptatie || v.ProviderID != kompaan {
		t.Fatalf("after choosing with consent: step %s provider %d, %v", v.Step, v.ProviderID, err)
	}
	found := false
	for _, c := range v.Consents {
		found = found || (c.ProviderID == kompaan && !c.Withdrawn)
	}
	if !found {
		t.Fatal("the consent given with the choice is not recorded")
	}
}
