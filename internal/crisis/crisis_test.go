package crisis_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/testkit"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// world is the demo region at a Tuesday morning, with the crisis service.
type world struct {
	*testkit.World
	svc    *crisis.Service
	crisis access.Principal
}

// now is Tuesday 12 May 2026, 09:00 in the Netherlands.
var now = time.Date(2026, 5, 12, 9, 0, 0, 0, kalender.Amsterdam())

func newWorld(t *testing.T) *world {
	t.Helper()
	w := testkit.New(t, now)
	return &world{World: w, svc: crisis.New(w.Walk.Svc), crisis: w.Walk.As(w.Walk.Orgs[demo.OrgCrisis], access.Crisisdienst)}
}

func fieldErr(t *testing.T, err error, field string) {
	t.Helper()
	var fe invoer.Fouten
	if !errors.As(err, &fe) || fe[field] == "" {
		t.Fatalf("want a message for %s, got %v", field, err)
	}
}

func refused(t *testing.T, err error, want string) {
	t.Helper()
	if !traject.IsRefusal(err) || !strings.Contains(err.Error(), want) {
		t.Fatalf("want a refusal with %q, got %v", want, err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestCrisisFromReportToClosing walks a crisis of a 15-year-old with a
// running Toegang trajectory: the report by BSN alone, the triage (GGZ,
// psychiatrist), the assessment, a placement refused without reasons and
// recorded with them, the RTO with the Toegang's process director on both
// organisations' Mijn werk, the Perspectiefplan Crisis and the closing.
func TestCrisisFromReportToClosing(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	st, err := w.Walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Sara", Family: "Kok", Age: 15, Street: "Markt", House: "3",
		Postcode: "5038 AB", City: "Tilburg", Municipality: "Tilburg", Parent: "Ans Kok", MeldingDaysAgo: 10})
	must(t, err)
	toegang := w.Walk.As(w.Walk.Orgs["Toegang Tilburg"], access.Toegangsmedewerker)

	// Reported three hours ago: the triage (1 hour) is overdue on Mijn werk.
	gemeld := now.Add(-3 * time.Hour)
	started, err := w.svc.Meld(ctx, w.crisis, crisis.MeldingInput{GemeldOm: gemeld, Melder: "ouder", MelderNaam: "Ans Kok", MelderTelefoon: "06 11111111",
		AndersDanGisteren: "Sara heeft vannacht gedreigd zichzelf iets aan te doen; moeder krijgt haar niet meer rustig.", Jeugdige: client.Input{BSN: "321146487"}})
	must(t, err)
	if !started.Known || started.ClientID != st.ClientID || !started.Running {
		t.Fatalf("report for a known youth: %+v", started)
	}
	id := started.TrajectoryID
	v, err := w.svc.Get(ctx, w.crisis, id, access.Crisis)
	must(t, err)
	if v.Stap != traject.StepTriage || v.Procesregisseur == nil || v.Procesregisseur.OrganisatieID != w.Walk.Orgs["Toegang Tilburg"] ||
		v.Melding == nil || v.Melding.MelderTelefoon != "06 11111111" {
		t.Fatalf("after the report: %+v", v)
	}
	if len(v.Acties) != 1 || !v.Acties[0].InUren || !v.Acties[0].TeLaat || !v.Acties[0].Uiterlijk.Equal(gemeld.Add(time.Hour)) {
		t.Fatalf("triage action: %+v", v.Acties)
	}
	work, err := w.Walk.Svc.MyWork(ctx, w.crisis, 50)
	must(t, err)
	if len(work) == 0 || work[0].TrajectoryID != id || !work[0].Overdue || work[0].Action.Step != traject.StepTriage {
		t.Fatalf("crisis service's Mijn werk does not start with the overdue triage: %+v", work)
	}
	// The process director reads the case (linked) but not yet as a duty.
	if _, err := w.svc.Get(ctx, toegang, id, access.Hulpverlening); err != nil {
		t.Fatalf("process director reads the crisis: %v", err)
	}

	// Triage: GGZ brings a psychiatrist; the assessment is due 2 hours after the report.
	fieldErr(t, w.svc.Triage(ctx, w.crisis, id, crisis.TriageInput{Uitkomst: "crisis", Toelichting: "Acuut."}), "problematiek")
	refused(t, w.svc.Triage(ctx, toegang, id, crisis.TriageInput{Uitkomst: "crisis", Problematiek: "ggz", DeskundigeNaam: "Dr. Peters", Toelichting: "Acuut."}),
		"Alleen de crisisdienst")
	must(t, w.svc.Triage(ctx, w.crisis, id, crisis.TriageInput{Uitkomst: "crisis", Problematiek: "ggz", DeskundigeNaam: "Dr. Peters",
		Toelichting: "Suïcidale uitingen, moeder uitgeput."}))
	v, _ = w.svc.Get(ctx, w.crisis, id, access.Crisis)
	if v.Stap != traject.StepInschatting || len(v.Acties) != 1 || !v.Acties[0].Uiterlijk.Equal(gemeld.Add(2*time.Hour)) || v.Triage.Deskundige != crisis.Psychiater {
		t.Fatalf("after the triage: %+v %+v", v.Acties, v.Triage)
	}

	// The assessment: on site 40 minutes after the report.
	refused(t, w.svc.Inzet(ctx, w.crisis, id, crisis.InzetInput{Vormen: []crisis.VormInput{{Vorm: "ash", Begindatum: "2026-05-12", Einddatum: "2026-05-20"}}}),
		"eerst de inschatting")
	must(t, w.svc.Inschatting(ctx, w.crisis, id, crisis.InschattingInput{TerPlaatseOm: gemeld.Add(40 * time.Minute), Crisismedewerker: "Joyce Smeets",
		DeskundigeMee: true, Crisis: true, Toelichting: "Thuis niet veilig vannacht."}))
	v, _ = w.svc.Get(ctx, w.crisis, id, access.Crisis)
	if v.Stap != traject.StepInzet || !v.Inschatting.OpTijd || !v.Inschatting.Crisis {
		t.Fatalf("after the assessment: %+v", v.Inschatting)
	}
	steps := map[traject.Step]int{}
	for _, a := range v.Acties {
		steps[a.Stap]++
	}
	if steps[traject.StepInzet] != 1 || steps[traject.StepRTO] != 2 {
		t.Fatalf("open after the assessment: %+v", v.Acties)
	}
	// The RTO is due Wednesday 13 May, on the Toegang's Mijn werk too.
	tw, err := w.Walk.Svc.MyWork(ctx, toegang, 200)
	must(t, err)
	found := false
	for _, it := range tw {
		if it.TrajectoryID == id && it.Action.Step == traject.StepRTO && it.Action.Role == access.Toegangsmedewerker {
			found = kalender.Datum(it.Action.Due) == "13-05-2026"
		}
	}
	if !found {
		t.Fatalf("the process director's RTO is not on the Toegang's Mijn werk, due 13-05-2026: %+v", tw)
	}

	// A crisis foster family needs a reason for each lighter step.
	place := crisis.InzetInput{Vormen: []crisis.VormInput{{Vorm: "crisispleegzorg", Begindatum: "2026-05-12", Einddatum: "2026-05-19"},
		{Vorm: "psychiatrisch_ambulant", Begindatum: "2026-05-12", Einddatum: "2026-06-09"}}}
	err = w.svc.Inzet(ctx, w.crisis, id, place)
	fieldErr(t, err, "waarom_niet_ambulant")
	fieldErr(t, err, "waarom_niet_netwerk")
	place.WaaromNietAmbulant = "Thuis is het vannacht niet veilig genoeg, ook met IHT."
	place.WaaromNietNetwerk = "Oma kan niet; er is geen ander netwerk."
	place.Vormen[0].Einddatum = "2026-05-20"
	fieldErr(t, w.svc.Inzet(ctx, w.crisis, id, place), "vormen.0.einddatum")
	place.Vormen[0].Einddatum = "2026-05-19"
	must(t, w.svc.Inzet(ctx, w.crisis, id, place))

	// The RTO: without the process director refused; then held.
	refused(t, w.svc.Perspectiefplan(ctx, w.crisis, id, crisis.PerspectiefplanInput{Tekst: "x", Deelnemers: []crisis.Deelnemer{{Naam: "A", Rol: "coordinator"},
		{Naam: "B", Rol: "crisisteam"}, {Naam: "Sara", Rol: "jeugdige"}, {Naam: "C", Rol: "crisisaanbieder"}, {Naam: "D", Rol: "regievoerder"}}}), "eerst het RTO")
	rto := crisis.RTOInput{Datum: "2026-05-12", Perspectief: "Terug naar huis met IHT; de Toegang regelt een gezinsbehandeling.",
		Deelnemers: []crisis.Deelnemer{{Naam: "Joyce Smeets", Rol: "crisisteam"}, {Naam: "Ans Kok", Rol: "ouder"}}}
	fieldErr(t, w.svc.RTO(ctx, w.crisis, id, rto), "deelnemers")
	rto.Deelnemers = append(rto.Deelnemers, crisis.Deelnemer{Naam: "Mark de Wit", Rol: "procesregisseur", Organisatie: "Toegang Tilburg"})
	must(t, w.svc.RTO(ctx, w.crisis, id, rto))
	refused(t, w.svc.RTO(ctx, w.crisis, id, rto), "al vastgelegd")
	tw, _ = w.Walk.Svc.MyWork(ctx, toegang, 200)
	for _, it := range tw {
		if it.TrajectoryID == id {
			t.Fatalf("the RTO stays on the Toegang's Mijn werk after it was held: %+v", it)
		}
	}
	v, _ = w.svc.Get(ctx, w.crisis, id, access.Crisis)
	if v.Stap != traject.StepPerspectiefplan || v.RTO == nil || !v.RTO.OpTijd || len(v.Acties) != 1 || v.Acties[0].Stap != traject.StepPerspectiefplan {
		t.Fatalf("after the RTO: %s %+v %+v", v.Stap, v.RTO, v.Acties)
	}

	// The Perspectiefplan Crisis: without the youth only with a reason.
	plan := crisis.PerspectiefplanInput{Tekst: "Sara woont weer thuis; IHT vier weken, daarna gezinsbehandeling via de Toegang.",
		Deelnemers: []crisis.Deelnemer{{Naam: "Mark de Wit", Rol: "coordinator"}, {Naam: "Joyce Smeets", Rol: "crisisteam"},
			{Naam: "GGZ Jeugd", Rol: "crisisaanbieder"}, {Naam: "Kim Jansen", Rol: "regievoerder"}}}
	fieldErr(t, w.svc.Perspectiefplan(ctx, w.crisis, id, plan), "toelichting")
	refused(t, w.svc.Afsluiten(ctx, w.crisis, id, crisis.AfsluitenInput{}), "nadat het Perspectiefplan")
	plan.Toelichting = "Sara was te moe om mee te schrijven; zij heeft het plan gelezen."
	must(t, w.svc.Perspectiefplan(ctx, w.crisis, id, plan))
	must(t, w.svc.Afsluiten(ctx, w.crisis, id, crisis.AfsluitenInput{}))
	refused(t, w.svc.Triage(ctx, w.crisis, id, crisis.TriageInput{Uitkomst: "geen_crisis", Toelichting: "x", Advies: "y"}), "afgesloten")

	v, err = w.svc.Get(ctx, toegang, id, access.Hulpverlening)
	must(t, err)
	if !v.Afgesloten || len(v.Acties) != 0 || v.Perspectiefplan == nil || len(v.Inzet) != 2 {
		t.Fatalf("closed crisis as the process director reads it: %+v", v)
	}
	var kinds []string
	for _, e := range v.Geschiedenis {
		kinds = append(kinds, string(e.Kind))
	}
	if strings.Join(kinds, " ") != "registratie stap stap stap stap overleg document stap" {
		t.Errorf("history: %v", kinds)
	}
	// Every change and read went through the gate: entries name the case.
	var n int
	must(t, w.DB.QueryRow(ctx, "SELECT COUNT(*) FROM access_log WHERE trajectory_id = ? AND outcome = ?", id, access.Allowed).Scan(&n))
	if n < 12 {
		t.Errorf("%d access-log entries for the crisis", n)
	}
}

// TestCrisisNewYouthEndsWithAdvice: a new youth registered by the crisis
// service, without a running trajectory: the Toegang of the youth's
// municipality is the process director; acute help ends the case.
func TestCrisisNewYouthEndsWithAdvice(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	in := crisis.MeldingInput{Melder: "politie", AndersDanGisteren: "Vader is gisteren aangehouden; moeder is opgenomen.",
		Jeugdige: client.Input{BSN: "111222333", GivenName: "Tim", FamilyName: "Bos", BirthDate: "2011-03-02", Street: "Kerkstraat", HouseNumber: "4",
			Postcode: "5051 AB", City: "Goirle", MunicipalityID: w.Walk.Orgs["Gemeente Goirle"]}}
	st, err := w.svc.Meld(ctx, w.crisis, in)
	must(t, err)
	if st.Known || st.Running {
		t.Fatalf("new youth: %+v", st)
	}
	v, _ := w.svc.Get(ctx, w.crisis, st.TrajectoryID, access.Crisis)
	if v.Procesregisseur == nil || v.Procesregisseur.OrganisatieID != w.Walk.Orgs["Toegang Goirle"] || !strings.Contains(v.Procesregisseur.Grond, "woongemeente") {
		t.Fatalf("process director of a youth without a trajectory: %+v", v.Procesregisseur)
	}
	fieldErr(t, w.svc.Triage(ctx, w.crisis, st.TrajectoryID, crisis.TriageInput{Uitkomst: "acute_hulp", Toelichting: "Tante vangt op."}), "advies")
	must(t, w.svc.Triage(ctx, w.crisis, st.TrajectoryID, crisis.TriageInput{Uitkomst: "acute_hulp", Toelichting: "Tante vangt op.",
		Advies: "Morgen belt de Toegang Goirle voor reguliere hulp."}))
	v, _ = w.svc.Get(ctx, w.crisis, st.TrajectoryID, access.Crisis)
	if !v.Afgesloten || len(v.Acties) != 0 || v.Triage.Advies == "" {
		t.Fatalf("acute help: %+v", v)
	}
	// The same BSN with a new report opens a new case on the same record.
	st2, err := w.svc.Meld(ctx, w.crisis, crisis.MeldingInput{Melder: "jeugdige", AndersDanGisteren: "Weer ruzie.", Jeugdige: client.Input{BSN: "111222333"}})
	must(t, err)
	if !st2.Known || st2.ClientID != st.ClientID || st2.TrajectoryID == st.TrajectoryID {
		t.Fatalf("second report: %+v after %+v", st2, st)
	}
}

// TestCrisisRefusesWhoIsNotEligible: a role other than the crisis
// service, an unknown BSN given alone, a youth of 23, and one of 19
// without a start of help before 18; each refused and logged.
func TestCrisisRefusesWhoIsNotEligible(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	youth := func(bsn string, birth string) client.Input {
		return client.Input{BSN: bsn, GivenName: "Lisa", FamilyName: "Mol", BirthDate: birth, Street: "Markt", HouseNumber: "1", Postcode: "5038 AB",
			City: "Tilburg", MunicipalityID: w.Walk.Orgs["Gemeente Tilburg"]}
	}
	var before int
	must(t, w.DB.QueryRow(ctx, "SELECT COUNT(*) FROM access_log WHERE outcome = ?", access.Refused).Scan(&before))
	toegang := w.Walk.As(w.Walk.Orgs["Toegang Tilburg"], access.Toegangsmedewerker)
	in := crisis.MeldingInput{Melder: "ouder", AndersDanGisteren: "Ruzie.", Jeugdige: youth("111222333", "2011-03-02")}
	refused(t, func() error { _, err := w.svc.Meld(ctx, toegang, in); return err }(), "Alleen de crisisdienst")
	_, err := w.svc.Meld(ctx, w.crisis, crisis.MeldingInput{Melder: "ouder", AndersDanGisteren: "Ruzie.", Jeugdige: client.Input{BSN: "111222333"}})
	fieldErr(t, err, "bsn")
	in.Jeugdige = youth("111222333", "2003-05-11") // 23 on Monday 11 May 2026
	in.HulpGestartOp = "2015-01-01"
	_, err = w.svc.Meld(ctx, w.crisis, in)
	refused(t, err, "tot 23 jaar")
	in.Jeugdige, in.HulpGestartOp = youth("111222333", "2007-01-01"), "" // 19
	_, err = w.svc.Meld(ctx, w.crisis, in)
	fieldErr(t, err, "hulp_gestart_op")
	in.HulpGestartOp = "2024-06-01"
	st, err := w.svc.Meld(ctx, w.crisis, in)
	must(t, err)
	var after, youths int
	must(t, w.DB.QueryRow(ctx, "SELECT COUNT(*) FROM access_log WHERE outcome = ?", access.Refused).Scan(&after))
	if after-before != 4 {
		t.Errorf("%d refusals logged, want 4", after-before)
	}
	must(t, w.DB.QueryRow(ctx, "SELECT COUNT(*) FROM clients WHERE bsn = ?", "111222333").Scan(&youths))
	if youths != 1 || st.Known {
		t.Errorf("refused reports left %d records (known %v)", youths, st.Known)
	}
	// An organisation not linked to the crisis does not find it.
	other := w.Walk.As(w.Walk.Orgs["Toegang Dongen"], access.Toegangsmedewerker)
	if _, err := w.svc.Get(ctx, other, st.TrajectoryID, access.Hulpverlening); !crisis.IsNotFound(err) {
		t.Errorf("an unlinked Toegang reads the crisis: %v", err)
	}
}
