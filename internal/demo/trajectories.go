package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// A demo trajectory: a fictional youth, referred on a route and carried
// along it up to step until; others are organisations involved besides the
// route's own (the intake desk, the crisis service, the expert team).
type demoTrajectory struct {
	route  traject.Route
	youth  Youth
	until  traject.Step
	others []string
}

// demoTrajectories are the clickable trajectories of the demo region: the
// Toegang route at each of its steps, and GI and medical-domain cases. The
// BSNs pass the 11-proof and are used nowhere else in the seed.
func demoTrajectories() []demoTrajectory {
	tb := func(bsn, given, family string, age int, street, house, postcode, parent string, days int) Youth {
		return Youth{BSN: bsn, Given: given, Family: family, Age: age, Street: street, House: house, Postcode: postcode, City: "Tilburg",
			Municipality: "Tilburg", Parent: parent, MeldingDaysAgo: days}
	}
	return []demoTrajectory{
		// Registered 35 days ago: the IPVA was due a week ago.
		{traject.RouteToegang, tb("451182303", "Lotte", "Hendriks", 10, "Korvelseweg", "88", "5025 JM", "Marieke Hendriks", 35), traject.StepIPVA, nil},
		{traject.RouteToegang, tb("451260016", "Milan", "van Dijk", 14, "Bredaseweg", "301", "5037 LD", "Peter van Dijk", 12), traject.StepArrangement, nil},
		{traject.RouteToegang, tb("451337724", "Fleur", "Willems", 8, "Goirkestraat", "17", "5046 GB", "Sandra Willems", 16), traject.StepAanbieder, nil},
		{traject.RouteToegang, tb("451415437", "Sem", "Peeters", 13, "Hasseltstraat", "62", "5046 LL", "Ilse Peeters", 18), traject.StepAcceptatie, nil},
		{traject.RouteToegang, tb("451570856", "Tess", "van der Heijden", 16, "Reitseplein", "4", "5037 AA", "Ruud van der Heijden", 20), traject.StepBeknoptPlan, nil},
		{traject.RouteToegang, tb("451648560", "Luuk", "Verhoeven", 11, "Dr. Deelenlaan", "23", "5042 AB", "Yvonne Verhoeven", 22), traject.StepAkkoord, nil},
		{traject.RouteToegang, tb("451726273", "Evi", "Maas", 15, "Oisterwijksebaan", "140", "5018 HX", "Bram Maas", 24), traject.StepBesluit, nil},
		// Two parents with gezag, one with a tussenvoegsel that is part of
		// the name ("el Amrani"): both go in the JW301 as Relatie.
		{traject.RouteToegang, jesse(tb("451881692", "Jesse", "de Bruijn", 9, "Ringbaan-Oost", "9", "5013 CA", "", 26)), traject.StepToegewezen, nil},
		{traject.RouteToegang, tb("725763863", "Sanne", "de Vries", 13, "Piusstraat", "12", "5038 AB", "Karin de Vries", 3), traject.StepIPVA, nil},
		{traject.RouteToegang, Youth{BSN: "688136138", Given: "Julia", Family: "Mulder", Age: 11, Street: "Hoge Ham", House: "45", Postcode: "5104 JC", City: "Dongen",
			Municipality: "Dongen", Parent: "Hans Mulder", MeldingDaysAgo: 6}, traject.StepIPVA, nil},
		{traject.RouteToegang, Youth{BSN: "192285142", Given: "Noah", Family: "Bakker", Age: 17, Street: "Wolput", House: "3A", Postcode: "5251 CG", City: "Vlijmen",
			Municipality: "Heusden", Parent: "Linda Bakker", MeldingDaysAgo: 9}, traject.StepIPVA, []string{OrgCrisis}},
		// GI route: a court order (OTS) in Waalwijk, at the bepaling; the
		// intake desk and the expert team are involved.
		{traject.RouteGI, Youth{BSN: "691682483", Given: "Emma", Family: "Visser", Age: 15, Street: "Grotestraat", House: "118", Postcode: "5141 JZ", City: "Waalwijk",
			Municipality: "Waalwijk", Parent: "Monique Visser", MeldingDaysAgo: 20}, traject.StepBepaling, []string{OrgAanmeldpunt, OrgRET}},
		// Medical route: a GP referral in Goirle, waiting for the municipality's answer to the JW315.
		{traject.RouteMedisch, Youth{BSN: "987825707", Given: "Liam", Family: "Smit", Age: 6, Street: "Tilburgseweg", House: "7", Postcode: "5051 AA", City: "Goirle",
			Municipality: "Goirle", Parent: "Sophie Smit", MeldingDaysAgo: 10}, traject.StepBesluit, nil},
		{traject.RouteMedisch, Youth{BSN: "162275869", Given: "Daan", Family: "Jansen", Age: 9, Street: "Ringbaan-West", House: "240", Postcode: "5037 KB", City: "Tilburg",
			Municipality: "Tilburg", Parent: "Eva Jansen", MeldingDaysAgo: 4}, traject.StepIPVA, nil},
	}
}

// jesse gives y (Jesse de Bruijn) his two parents.
func jesse(y Youth) Youth {
	y.Tussenvoegsel, y.Family, y.Geslacht = "de", "Bruijn", "1"
	y.Parents = []traject.Relation{
		{Voornamen: "Nicole", Tussenvoegsel: "de", Achternaam: "Bruijn", Geslacht: "2", Relation: "ouder", Gezag: true, Phone: "013 000 0000", Email: "nicole.debruijn@example.nl"},
		{Voornamen: "Youssef", Tussenvoegsel: "el", Achternaam: "Amrani", Geslacht: "1", Relation: "ouder", Gezag: true, Phone: "06 00000000"},
	}
	return y
}

// seedTrajectories registers the demo trajectories and walks each to its
// step through the services, as the demo accounts.
func seedTrajectories(ctx context.Context, db *database.DB, now time.Time) error {
	w, err := NewWalker(ctx, db, now)
	if err != nil {
		return err
	}
	for _, d := range demoTrajectories() {
		st, err := w.Start(ctx, d.route, d.youth)
		if err != nil {
			return fmt.Errorf("demo trajectory %s %s: %w", d.youth.Given, d.youth.Family, err)
		}
		if d.until == traject.StepIPVA && d.route == traject.RouteToegang {
			// A draft written with the family, not yet signed.
			p := w.As(w.Orgs[toegang(d.youth.Municipality)], access.Toegangsmedewerker)
			if _, err := w.Svc.SaveIPVA(ctx, p, st.TrajectoryID, 0, CompleteIPVA(d.youth.Given, w.Now)); err != nil {
				return fmt.Errorf("demo trajectory %s %s: IPVA draft: %w", d.youth.Given, d.youth.Family, err)
			}
		}
		if err := w.To(ctx, st.TrajectoryID, d.until); err != nil {
			return fmt.Errorf("demo trajectory %s %s (to %s): %w", d.youth.Given, d.youth.Family, d.until, err)
		}
		if len(d.others) > 0 {
			if err := w.involve(ctx, st, d.others); err != nil {
				return err
			}
		}
		if turn := demoTurns[d.youth.BSN]; turn != nil {
			if err := turn(ctx, w, st.TrajectoryID); err != nil {
				return fmt.Errorf("demo trajectory %s %s: %w", d.youth.Given, d.youth.Family, err)
			}
		}
	}
	if err := seedSegment1(ctx, w); err != nil {
		return err
	}
	return seedCrisis(ctx, w)
}

// DemoVraag is the question on the remark thread of the demo trajectory at
// the beknopt plan: a marker of the thread in the tests.
const DemoVraag = "Kan de begeleiding na schooltijd, op woensdagmiddag?"

// demoTurns are what happened on some demo trajectories besides their
// steps: an open question on the thread, a difference about money for the
// purchasing team.
var demoTurns = map[string]func(ctx context.Context, w *Walker, id int64) error{
	// Tess, at the beknopt plan: the Toegang asked the provider a question.
	"451570856": func(ctx context.Context, w *Walker, id int64) error {
		return w.Svc.AddRemark(ctx, w.As(w.Orgs[toegang("Tilburg")], access.Toegangsmedewerker), id, traject.RemarkInput{Text: DemoVraag, Vraag: true})
	},
	// Luuk, at the akkoord: provider and Toegang disagree about money.
	"451648560": func(ctx context.Context, w *Walker, id int64) error {
		return w.Svc.Review(ctx, w.As(w.Orgs[toegang("Tilburg")], access.Toegangsmedewerker), id, traject.ReviewInput{Decision: traject.AkkoordVerschil,
			Note: "De aanbieder adviseert twee dagdelen per week; dat past niet in het tarief van het arrangement.", Geldkwestie: true})
	},
}

// involve links further organisations to a demo trajectory, as the
// referrer does when it involves them (a logged change of the case).
func (w *Walker) involve(ctx context.Context, st traject.Started, orgs []string) error {
	var referrer int64
	var route string
	if err := w.DB.QueryRow(ctx, "SELECT referrer_org_id, route FROM trajectories WHERE id = ?", st.TrajectoryID).Scan(&referrer, &route); err != nil {
		return err
	}
	role := map[traject.Route]access.Role{traject.RouteToegang: access.Toegangsmedewerker, traject.RouteGI: access.GIMedewerker,
		traject.RouteMedisch: access.VerwijzerMedisch}[traject.Route(route)]
	p := w.As(referrer, role)
	c := access.Case{ClientID: st.ClientID, TrajectoryID: st.TrajectoryID}
	return w.Svc.Gate.Trajectory(ctx, p, c, access.Op{Action: access.Wijzigen, Object: "traject.betrokkenen", Purpose: access.Hulpverlening}, func(tx *database.Tx, _ access.View) error {
		for _, o := range orgs {
			if err := access.Link(ctx, tx, c, w.Orgs[o], "demo: betrokken bij traject", w.Now); err != nil {
				return err
			}
		}
		return nil
	})
}
