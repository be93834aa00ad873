package segment1_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/segment1"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// world is a seeded demo region with a clock the test moves.
type world struct {
	t     *testing.T
	ctx   context.Context
	w     *demo.Walker
	svc   *segment1.Service
	clock time.Time
	// The parties, as the demo's accounts.
	toegang, gw, desk, hoeve, ret access.Principal
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	db := dbtest.New(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, kalender.Amsterdam())
	if _, err := demo.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	w, err := demo.NewWalker(ctx, db, now)
	if err != nil {
		t.Fatal(err)
	}
	x := &world{t: t, ctx: ctx, w: w, clock: now}
	x.svc = &segment1.Service{Gate: w.Svc.Gate, Now: func() time.Time { return x.clock }, Cal: kalender.Default}
	tilburg := w.Orgs["Toegang Tilburg"]
	x.toegang, x.gw = w.As(tilburg, access.Toegangsmedewerker), w.As(tilburg, access.Gedragswetenschapper)
	x.desk, x.hoeve = w.As(w.Orgs[demo.OrgAanmeldpunt], access.Aanmeldpunt), w.As(w.Orgs["De Hoeve Jeugdhulp"], access.Jeugdhulpaanbieder)
	x.ret = w.As(w.Orgs[demo.OrgRET], access.Expertteam)
	return x
}

// registered starts a Toegang-route case for a new youth with a finished
// segment-1 IPVA, records the phone consultation and registers it with the
// desk.
func (x *world) registered(bsn string) int64 {
	x.t.Helper()
	y := demo.Youth{BSN: bsn, Given: "Noor", Family: "Bos", Age: 13, Street: "Markt", House: "1", Postcode: "5038 AB", City: "Udenhout",
		Municipality: "Tilburg", Parent: "Els Bos", MeldingDaysAgo: 5}
	st, err := x.w.Start(x.ctx, traject.RouteToegang, y)
	if err != nil {
		x.t.Fatal(err)
	}
	if err := x.w.Segment1IPVA(x.ctx, x.toegang, st.TrajectoryID, y); err != nil {
		x.t.Fatal(err)
	}
	x.ok("phone", x.svc.TelefonischOverleg(x.ctx, x.toegang, st.TrajectoryID, segment1.TelefonischOverlegInput{AanmeldpuntID: x.w.Orgs[demo.OrgAanmeldpunt],
		Datum: day(x.clock), Met: "Anja", Samenvatting: "Casus besproken."}))
	x.ok("registration", x.svc.Aanmelden(x.ctx, x.toegang, st.TrajectoryID, segment1.AanmeldingInput{Aanmeldreden: "Vastgelopen.",
		Toestemming: segment1.ToestemmingInput{Vorm: "mondeling", GegevenDoor: "Els Bos", Datum: day(x.clock)}}))
	return st.TrajectoryID
}

func day(t time.Time) string { return t.In(kalender.Amsterdam()).Format("2006-01-02") }

func (x *world) ok(what string, err error) {
	x.t.Helper()
	if err != nil {
		x.t.Fatalf("%s: %v", what, err)
	}
}

// refused checks err is a Dutch refusal containing want.
func (x *world) refused(what string, err error, want string) {
	x.t.Helper()
	if !segment1.IsRefusal(err) || !strings.Contains(err.Error(), want) {
		x.t.Fatalf("%s: %v, want a refusal saying %q", what, err, want)
	}
}

func (x *world) view(p access.Principal, id int64) segment1.View {
	x.t.Helper()
	v, err := x.svc.Get(x.ctx, p, id)
	if err != nil {
		x.t.Fatal(err)
	}
	return v
}

// inRegie takes a registered case through judgement, intake talk, advice
// and registration with De Hoeve as regievoerder.
func (x *world) inRegie(id int64) {
	x.t.Helper()
	x.ok("judge", x.svc.Beoordelen(x.ctx, x.desk, id, segment1.BeoordelingInput{Urgentie: segment1.Regulier}))
	x.ok("intake", x.svc.Aanmeldgesprek(x.ctx, x.desk, id, segment1.AanmeldgesprekInput{Datum: day(x.clock), JeugdigeAanwezig: true, VerwijzerAanwezig: true, Verslag: "Gesprek."}))
	x.ok("advice", x.svc.Adviseren(x.ctx, x.desk, id, segment1.AdviesInput{Segment1: true, RegievoerderID: x.hoeve.OrgID, Hulpvorm: "Intensieve ambulante gezinsbehandeling"}))
	x.ok("register", x.svc.AanmeldenBijRegievoerder(x.ctx, x.desk, id))
}

// TestRegistrationNeedsThePhoneCall: the referrer phones the desk first;
// the desk is linked only at the registration, which puts the judgement and
// the intake talk (2 weeks) on the desk's Mijn werk.
func TestRegistrationNeedsThePhoneCall(t *testing.T) {
	x := newWorld(t)
	y := demo.Youth{BSN: "450928159", Given: "Ties", Family: "Smit", Age: 15, Street: "Markt", House: "2", Postcode: "5038 AB", City: "Tilburg",
		Municipality: "Tilburg", Parent: "Ilse Smit", MeldingDaysAgo: 3}
	st, err := x.w.Start(x.ctx, traject.RouteToegang, y)
	x.ok("start", err)
	id := st.TrajectoryID
	reg := segment1.AanmeldingInput{Aanmeldreden: "Vastgelopen.", Toestemming: segment1.ToestemmingInput{Vorm: "mondeling", GegevenDoor: "Ilse Smit", Datum: day(x.clock)}}
	x.refused("registration before the call", x.svc.Aanmelden(x.ctx, x.toegang, id, reg), "Bel eerst")
	x.ok("phone", x.svc.TelefonischOverleg(x.ctx, x.toegang, id, segment1.TelefonischOverlegInput{AanmeldpuntID: x.desk.OrgID, Datum: day(x.clock), Met: "Anja", Samenvatting: "Besproken."}))
	x.refused("registration before the IPVA", x.svc.Aanmelden(x.ctx, x.toegang, id, reg), "IPVA")
	x.ok("IPVA", x.w.Segment1IPVA(x.ctx, x.toegang, id, y))
	if _, err := x.svc.Get(x.ctx, x.desk, id); err != segment1.ErrNotFound {
		t.Fatalf("the desk reads the case before the registration: %v", err)
	}
	noConsent := reg
	noConsent.Toestemming = segment1.ToestemmingInput{}
	if err := x.svc.Aanmelden(x.ctx, x.toegang, id, noConsent); err == nil || !strings.Contains(err.Error(), "toestemming") {
		t.Fatalf("registration without consent: %v", err)
	}
	x.ok("registration", x.svc.Aanmelden(x.ctx, x.toegang, id, reg))
	work, err := x.w.Svc.MyWork(x.ctx, x.desk, 100)
	x.ok("desk's work", err)
	due := map[string]string{}
	for _, it := range work {
		if it.TrajectoryID == id {
			if !it.Action.Segment1 {
				t.Errorf("a segment-1 duty without its mark: %+v", it.Action)
			}
			due[it.Action.Label] = kalender.Datum(it.Action.Due)
		}
	}
	if due["Aanmeldgesprek voeren met jeugdige en verwijzer"] != "16-03-2026" || due["Aanmelding beoordelen: start binnen 6 weken, eerder of met urgentie"] != "04-03-2026" {
		t.Errorf("desk's deadlines: %v", due)
	}
	// The route moving on leaves the segment-1 duties open.
	x.ok("arrangement", x.w.To(x.ctx, id, traject.StepAanbieder))
	if v := x.view(x.desk, id); len(v.Open) != 3 {
		t.Errorf("open segment-1 duties after the route moved on: %+v", v.Open)
	}
	tv, err := x.w.Svc.Get(x.ctx, x.desk, id, access.Hulpverlening)
	x.ok("case", err)
	if tv.Next.Segment1 || tv.Next.Step != traject.StepAanbieder {
		t.Errorf("the route's next action is %+v", tv.Next)
	}
}

// TestLevelNeedsThreeDeciders: the coordination level is decided by the
// Toegang worker, the gedragswetenschapper and Crossroads together; with
// two it stays, the same person cannot answer twice, and only the third
// agreement changes it. An escalation the same way; one disagreement ends
// a proposal without a change.
func TestLevelNeedsThreeDeciders(t *testing.T) {
	x := newWorld(t)
	id := x.registered("450913909")
	// Someone with both roles in the Toegang team.
	both := x.w.As(x.toegang.OrgID, access.Toegangsmedewerker)
	x.ok("second role", x.addRole(both.UserID, access.Gedragswetenschapper))
	both.Roles = append(both.Roles, access.Gedragswetenschapper)

	x.refused("licht without its criteria", x.svc.Voorstellen(x.ctx, x.toegang, id, segment1.VoorstelInput{Soort: segment1.Vaststelling, Niveau: segment1.Licht,
		Toelichting: "Past."}), "Vink aan")
	if err := x.svc.Voorstellen(x.ctx, x.hoeve, id, segment1.VoorstelInput{Soort: segment1.Vaststelling, Niveau: segment1.Licht,
		Criteria: []string{"eigen_regie"}, Toelichting: "Past."}); err != segment1.ErrNotFound {
		t.Fatalf("a provider not involved: %v", err)
	}
	x.ok("propose licht", x.svc.Voorstellen(x.ctx, both, id, segment1.VoorstelInput{Soort: segment1.Vaststelling, Niveau: segment1.Licht,
		Criteria: []string{"eigen_regie", "motivatie"}, Toelichting: "Yara kan met hulp de regie houden."}))
	v := x.view(x.gw, id)
	vid := v.Voorstellen[0].ID
	x.refused("the same person as the other decider", x.svc.Instemmen(x.ctx, both, id, vid, segment1.InstemmingInput{Akkoord: true}), "drie verschillende mensen")
	x.refused("a second proposal", x.svc.Voorstellen(x.ctx, x.gw, id, segment1.VoorstelInput{Soort: segment1.Vaststelling, Niveau: segment1.Zwaar,
		Criteria: []string{"onveiligheid"}, Toelichting: "Zorgen."}), "Er ligt al een voorstel")
	x.ok("gw agrees", x.svc.Instemmen(x.ctx, x.gw, id, vid, segment1.InstemmingInput{Akkoord: true}))
	if v := x.view(x.toegang, id); v.Niveau != "" || v.Voorstellen[0].Status != segment1.StatusOpen {
		t.Fatalf("two deciders set the level: %q %s", v.Niveau, v.Voorstellen[0].Status)
	}
	x.refused("the Toegang side again", x.svc.Instemmen(x.ctx, x.toegang, id, vid, segment1.InstemmingInput{Akkoord: true}), "al geantwoord")
	x.ok("the desk agrees for Crossroads", x.svc.Instemmen(x.ctx, x.desk, id, vid, segment1.InstemmingInput{Akkoord: true}))
	if v := x.view(x.toegang, id); v.Niveau != segment1.Licht {
		t.Fatalf("after three agreements the level is %q", v.Niveau)
	}

	// Escalation, now with the regievoerder as the third decider.
	x.inRegie(id)
	x.refused("the desk is no longer a decider", x.svc.Voorstellen(x.ctx, x.desk, id, segment1.VoorstelInput{Soort: segment1.Opschaling,
		Criteria: []string{"toename_onveiligheid"}, Toelichting: "Onveilig."}), "beslissen")
	x.ok("the regievoerder proposes to escalate", x.svc.Voorstellen(x.ctx, x.hoeve, id, segment1.VoorstelInput{Soort: segment1.Opschaling,
		Criteria: []string{"toename_onveiligheid"}, Toelichting: "Geweld thuis."}))
	vid = x.view(x.toegang, id).Voorstellen[1].ID
	x.ok("toegang agrees", x.svc.Instemmen(x.ctx, x.toegang, id, vid, segment1.InstemmingInput{Akkoord: true}))
	if v := x.view(x.toegang, id); v.Niveau != segment1.Licht {
		t.Fatalf("escalated with two deciders: %q", v.Niveau)
	}
	x.refused("the desk answers for Crossroads", x.svc.Instemmen(x.ctx, x.desk, id, vid, segment1.InstemmingInput{Akkoord: true}), "")
	x.ok("gw agrees", x.svc.Instemmen(x.ctx, x.gw, id, vid, segment1.InstemmingInput{Akkoord: true}))
	if v := x.view(x.toegang, id); v.Niveau != segment1.Zwaar {
		t.Fatalf("after three agreements: %q", v.Niveau)
	}

	// A de-escalation without any indicator is refused; one disagreement
	// ends a proposal.
	x.refused("de-escalation without an indicator", x.svc.Voorstellen(x.ctx, x.toegang, id, segment1.VoorstelInput{Soort: segment1.Afschaling,
		Toelichting: "Beter."}), "Geen aanwijzing")
	x.ok("propose de-escalation", x.svc.Voorstellen(x.ctx, x.toegang, id, segment1.VoorstelInput{Soort: segment1.Afschaling,
		Criteria: []string{"positieve_ontwikkeling"}, Toelichting: "Gaat beter."}))
	vid = x.view(x.toegang, id).Voorstellen[2].ID
	if err := x.svc.Instemmen(x.ctx, x.hoeve, id, vid, segment1.InstemmingInput{Akkoord: false}); err == nil {
		t.Fatal("a disagreement without a reason")
	}
	x.ok("the regievoerder disagrees", x.svc.Instemmen(x.ctx, x.hoeve, id, vid, segment1.InstemmingInput{Akkoord: false, Toelichting: "Te vroeg."}))
	if v := x.view(x.toegang, id); v.Niveau != segment1.Zwaar || v.Voorstellen[2].Status != segment1.StatusAfgewezen {
		t.Fatalf("after a disagreement: %q %s", v.Niveau, v.Voorstellen[2].Status)
	}
	for _, tk := range x.view(x.toegang, id).Open {
		if strings.HasPrefix(tk.Label, "Instemmen") {
			t.Errorf("an answer is still asked after the proposal ended: %+v", tk)
		}
	}
}

func (x *world) addRole(user int64, r access.Role) error {
	_, err := x.w.DB.W.ExecContext(x.ctx, x.w.DB.Rebind("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"), user, string(r))
	return err
}

// TestCoordinationAskedOnlyWithConsent: for a medical-domain referral the
// desk asks the local Toegang to coordinate, refused without consent.
func TestCoordinationAskedOnlyWithConsent(t *testing.T) {
	x := newWorld(t)
	y := demo.Youth{BSN: "451819093", Given: "Mats", Family: "Vos", Age: 11, Street: "Markt", House: "3", Postcode: "5038 AB", City: "Tilburg",
		Municipality: "Tilburg", Parent: "Kim Vos", MeldingDaysAgo: 2}
	st, err := x.w.Start(x.ctx, traject.RouteMedisch, y)
	x.ok("start", err)
	id := st.TrajectoryID
	gp := x.w.As(x.w.Orgs[demo.OrgHuisarts], access.VerwijzerMedisch)
	x.ok("phone", x.svc.TelefonischOverleg(x.ctx, gp, id, segment1.TelefonischOverlegInput{AanmeldpuntID: x.desk.OrgID, Datum: day(x.clock), Met: "Anja", Samenvatting: "Besproken."}))
	x.ok("registration", x.svc.Aanmelden(x.ctx, gp, id, segment1.AanmeldingInput{Aanmeldreden: "Verwijzing kinderpsychiater.",
		Toestemming: segment1.ToestemmingInput{Vorm: "schriftelijk", GegevenDoor: "Kim Vos", Datum: day(x.clock)}}))
	if v := x.view(x.desk, id); v.CoordinatorOrgID != 0 || !v.Mag.CoordinatieVragen {
		t.Fatalf("medical referral: coordinator %d, may ask %v", v.CoordinatorOrgID, v.Mag.CoordinatieVragen)
	}
	x.refused("no consent", x.svc.CoordinatieVragen(x.ctx, x.desk, id, segment1.CoordinatieVraagInput{ToegangID: x.toegang.OrgID}), "toestemming")
	if linked := x.linked(x.toegang.OrgID, id); linked {
		t.Fatal("the Toegang was linked without consent")
	}
	x.ok("with consent", x.svc.CoordinatieVragen(x.ctx, x.desk, id, segment1.CoordinatieVraagInput{ToegangID: x.toegang.OrgID,
		Toestemming: segment1.ToestemmingInput{Vorm: "mondeling", GegevenDoor: "Kim Vos", Datum: day(x.clock)}}))
	if v := x.view(x.toegang, id); v.CoordinatorOrgID != x.toegang.OrgID || !v.Mag.Vaststellen {
		t.Fatalf("the Toegang coordinates: %d, may propose %v", v.CoordinatorOrgID, v.Mag.Vaststellen)
	}
}

func (x *world) linked(org, id int64) bool {
	ok, err := access.Linked(x.ctx, x.w.DB, org, id)
	x.ok("linked", err)
	return ok
}

// TestRegieAndClosing: the meldcode informs the coordinator at once; a
// zorgmelding is written together; the final evaluation needs youth and
// referrer; light help longer than 3 months must be in the FOA; heavy
// coordination closes only after six months of structural safety.
func TestRegieAndClosing(t *testing.T) {
	x := newWorld(t)
	id := x.registered("455140261")
	for _, p := range []access.Principal{x.toegang, x.gw, x.desk} {
		v := x.view(p, id)
		if len(v.Voorstellen) == 0 {
			x.ok("propose zwaar", x.svc.Voorstellen(x.ctx, p, id, segment1.VoorstelInput{Soort: segment1.Vaststelling, Niveau: segment1.Zwaar,
				Criteria: []string{"onveiligheid"}, Toelichting: "Opdracht Veilig Thuis."}))
			continue
		}
		x.ok("agree", x.svc.Instemmen(x.ctx, p, id, v.Voorstellen[0].ID, segment1.InstemmingInput{Akkoord: true}))
	}
	x.inRegie(id)
	x.refused("plan without the youth", x.svc.Behandelplan(x.ctx, x.hoeve, id, segment1.PlanInput{Tekst: "Plan.", HulpGestart: day(x.clock)}), "samen met de jeugdige")
	x.ok("plan", x.svc.Behandelplan(x.ctx, x.hoeve, id, segment1.PlanInput{Tekst: "Plan.", SamenMetJeugdige: true, HulpGestart: day(x.clock)}))

	x.ok("meldcode", x.svc.Meldcode(x.ctx, x.hoeve, id, segment1.MeldcodeInput{Stap: "2", Tekst: "Veilig Thuis geraadpleegd."}))
	work, err := x.w.Svc.MyWork(x.ctx, x.toegang, 200)
	x.ok("toegang's work", err)
	found := false
	for _, it := range work {
		if it.TrajectoryID == id && strings.HasPrefix(it.Action.Label, "Direct afstemmen") {
			found = true
			if !it.Action.Due.Equal(x.clock) {
				t.Errorf("the meldcode is due %s, want now %s", it.Action.Due, x.clock)
			}
		}
	}
	if !found {
		t.Fatal("the meldcode action is not on the coordinator's Mijn werk")
	}
	x.ok("zorgmelding", x.svc.Melding(x.ctx, x.hoeve, id, segment1.MeldingInput{Soort: "zorgmelding", Tekst: "Concept."}))
	m := x.view(x.toegang, id).Meldingen[0]
	x.refused("the drafting side confirms itself", x.svc.Aanvullen(x.ctx, x.hoeve, id, m.ID, segment1.AanvullingInput{}), "andere kant")
	x.ok("the coordinator completes it", x.svc.Aanvullen(x.ctx, x.toegang, id, m.ID, segment1.AanvullingInput{Aanvulling: "Aangevuld."}))

	end := x.clock.AddDate(0, 1, 0)
	foa := segment1.AfrondingInput{Uitstroom: segment1.UitstroomAnderSegment, NaarSegment: "3", Einddatum: day(end), Overdracht: "Ambulante begeleiding."}
	x.refused("closing before the final evaluation", x.svc.Afronden(x.ctx, x.hoeve, id, foa), "eindevaluatie")
	x.refused("final evaluation without the referrer", x.svc.Evalueren(x.ctx, x.hoeve, id, segment1.EvaluatieInput{Soort: segment1.EvaluatieEind,
		Datum: day(x.clock), Tekst: "Goed.", MetJeugdige: true}), "verwijzer")
	x.ok("final evaluation", x.svc.Evalueren(x.ctx, x.hoeve, id, segment1.EvaluatieInput{Soort: segment1.EvaluatieEind, Datum: day(x.clock), Tekst: "Goed.",
		MetJeugdige: true, MetVerwijzer: true}))
	long := foa
	long.LopendeHulp = []segment1.LopendeHulpInput{{Omschrijving: "Maatjesproject", Tot: day(end.AddDate(0, 4, 0))}}
	x.refused("light help for 4 months outside the FOA", x.svc.Afronden(x.ctx, x.hoeve, id, long), "3 maanden")
	long.LopendeHulp[0].InFOA = true
	x.ok("closing with the FOA", x.svc.Afronden(x.ctx, x.hoeve, id, long))
	x.ok("end date agreed", x.svc.EindeAfstemmen(x.ctx, x.toegang, id, segment1.EindeInput{Akkoord: true}))

	// Heavy coordination: not closed after 5 months of safety, closed
	// after 6.
	start := x.clock
	for _, m := range []int{0, 2, 5} {
		x.clock = start.AddDate(0, m, 1)
		x.ok("safety", x.svc.Taxeren(x.ctx, x.gw, id, segment1.TaxatieInput{Datum: day(x.clock), Veilig: true, Toelichting: "Veilig."}))
	}
	x.refused("closing after 5 months", x.svc.CoordinatieAfsluiten(x.ctx, x.toegang, id, segment1.SluitingInput{}), "6 maanden")
	x.clock = start.AddDate(0, 6, 2)
	x.ok("safety at 6 months", x.svc.Taxeren(x.ctx, x.toegang, id, segment1.TaxatieInput{Datum: day(x.clock), Veilig: true, Toelichting: "Veilig."}))
	x.ok("close", x.svc.CoordinatieAfsluiten(x.ctx, x.toegang, id, segment1.SluitingInput{}))
	v := x.view(x.toegang, id)
	if v.Fase != segment1.FaseGesloten || len(v.Open) != 0 {
		t.Fatalf("after closing: %s, open %+v", v.Fase, v.Open)
	}
}

// TestConsultation: the case goes to the RET's next Tuesday; the team reads
// it without BSN or address and records its non-binding advice.
func TestConsultation(t *testing.T) {
	x := newWorld(t)
	id := x.registered("454014193")
	var teamID int64 = x.ret.OrgID
	x.refused("the desk asks", x.svc.ConsultatieVragen(x.ctx, x.desk, id, segment1.ConsultatieInput{TeamID: teamID, Vraag: "?"}), "")
	if _, err := x.svc.Get(x.ctx, x.ret, id); err != segment1.ErrNotFound {
		t.Fatalf("the RET reads the case before it is asked: %v", err)
	}
	x.ok("ask", x.svc.ConsultatieVragen(x.ctx, x.toegang, id, segment1.ConsultatieInput{TeamID: teamID, Vraag: "Welke inzet?"}))
	list, err := x.svc.TeamConsultaties(x.ctx, x.ret)
	x.ok("list", err)
	var c segment1.ConsultatieItem
	for _, it := range list {
		if it.TrajectoryID == id {
			c = it
		}
	}
	// Asked on Monday 2 March 2026: Tuesday 3 March.
	if c.ID == 0 || c.Bespreekdag.Format("2006-01-02") != "2026-03-03" || c.ClientName != "Noor Bos" {
		t.Fatalf("the RET's list: %+v", c)
	}
	tv, err := x.w.Svc.Get(x.ctx, x.ret, id, access.Hulpverlening)
	x.ok("case as the RET", err)
	if tv.Client.BSN != "" || tv.Client.Street != "" || tv.Client.City != "" || tv.Client.Postcode != "" {
		t.Errorf("the RET reads identifiers: %+v", tv.Client)
	}
	x.refused("another role advises", x.svc.ConsultatieAdviseren(x.ctx, x.toegang, c.ID, segment1.TeamAdviesInput{Advies: "Zo."}), "expertteam")
	x.ok("advice", x.svc.ConsultatieAdviseren(x.ctx, x.ret, c.ID, segment1.TeamAdviesInput{Advies: "Schuldhulp erbij betrekken."}))
	v := x.view(x.toegang, id)
	if len(v.Consultaties) != 1 || !v.Consultaties[0].Gegeven() || v.Consultaties[0].Advies != "Schuldhulp erbij betrekken." {
		t.Fatalf("the advice: %+v", v.Consultaties)
	}
}
