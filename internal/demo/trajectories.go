package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// A demo trajectory: a fictional youth in Tilburg, registered by the demo
// toegangsmedewerker, carried along the referral route up to step Until.
type demoTrajectory struct {
	bsn, given, family string
	age                int // years on the seed day
	street, house      string
	postcode           string
	parent             string
	meldingDaysAgo     int
	until              traject.Step
}

// demoTrajectories are the clickable trajectories of the demo region, one
// at each step of the referral route. The BSNs pass the 11-proof and are
// used nowhere else in the seed.
func demoTrajectories() []demoTrajectory {
	return []demoTrajectory{
		// Registered 35 days ago: the IPVA was due a week ago.
		{"451182303", "Lotte", "Hendriks", 10, "Korvelseweg", "88", "5025 JM", "Marieke Hendriks", 35, traject.StepIPVA},
		{"451260016", "Milan", "van Dijk", 14, "Bredaseweg", "301", "5037 LD", "Peter van Dijk", 12, traject.StepArrangement},
		{"451337724", "Fleur", "Willems", 8, "Goirkestraat", "17", "5046 GB", "Sandra Willems", 16, traject.StepAanbieder},
		{"451415437", "Sem", "Peeters", 13, "Hasseltstraat", "62", "5046 LL", "Ilse Peeters", 18, traject.StepAcceptatie},
		{"451570856", "Tess", "van der Heijden", 16, "Reitseplein", "4", "5037 AA", "Ruud van der Heijden", 20, traject.StepBeknoptPlan},
		{"451648560", "Luuk", "Verhoeven", 11, "Dr. Deelenlaan", "23", "5042 AB", "Yvonne Verhoeven", 22, traject.StepAkkoord},
		{"451726273", "Evi", "Maas", 15, "Oisterwijksebaan", "140", "5018 HX", "Bram Maas", 24, traject.StepBesluit},
		{"451881692", "Jesse", "de Bruijn", 9, "Ringbaan-Oost", "9", "5013 CA", "Nicole de Bruijn", 26, traject.StepToegewezen},
	}
}

// routeOrder is the order in which seedTrajectories passes the steps.
var routeOrder = []traject.Step{
	traject.StepIPVA, traject.StepArrangement, traject.StepAanbieder, traject.StepAcceptatie,
	traject.StepBeknoptPlan, traject.StepAkkoord, traject.StepAanvraag, traject.StepBesluit, traject.StepToegewezen,
}

func stepIndex(s traject.Step) int {
	for i, r := range routeOrder {
		if r == s {
			return i
		}
	}
	return -1
}

// seedTrajectories carries the demo trajectories along the referral route
// through the real traject.Service transitions, acting as the demo
// accounts: every step is checked by the route's rules and leaves its
// entries in the access log, exactly as when a person clicks through it.
func seedTrajectories(ctx context.Context, db *database.DB, now time.Time) error {
	now = now.UTC()
	gate := access.NewGate(db)
	gate.Now = func() time.Time { return now }
	clients := client.NewStore(gate)
	clients.Now = gate.Now
	svc := traject.New(gate, clients, &toewijzing.Allocator{})
	svc.Now = gate.Now

	accounts := account.NewService(db)
	who := map[string]access.Principal{}
	for _, email := range []string{"toegang@demo.jeugdhulp.nl", "aanbieder@demo.jeugdhulp.nl", "backoffice@demo.jeugdhulp.nl"} {
		u, err := accounts.ByEmail(ctx, email)
		if err != nil {
			return fmt.Errorf("demo trajectories: account %s: %w", email, err)
		}
		who[email] = u.Principal("cli", "demo")
	}
	toegang, aanbieder, backoffice := who["toegang@demo.jeugdhulp.nl"], who["aanbieder@demo.jeugdhulp.nl"], who["backoffice@demo.jeugdhulp.nl"]
	var tilburg, hoeve int64
	if err := db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = ?", gemeente("Tilburg")).Scan(&tilburg); err != nil {
		return fmt.Errorf("demo trajectories: Gemeente Tilburg: %w", err)
	}
	if err := db.QueryRow(ctx, "SELECT id FROM organisations WHERE name = ?", providers[0].name).Scan(&hoeve); err != nil {
		return fmt.Errorf("demo trajectories: %s: %w", providers[0].name, err)
	}

	for _, d := range demoTrajectories() {
		if err := d.walk(ctx, svc, toegang, aanbieder, backoffice, tilburg, hoeve, now); err != nil {
			return fmt.Errorf("demo trajectory %s %s (to %s): %w", d.given, d.family, d.until, err)
		}
	}
	return nil
}

// walk registers d's youth and takes its trajectory up to d.until.
func (d demoTrajectory) walk(ctx context.Context, svc *traject.Service, toegang, aanbieder, backoffice access.Principal, tilburg, provider int64, now time.Time) error {
	birth := now.AddDate(-d.age, 0, -45)
	st, err := svc.Start(ctx, toegang, traject.StartInput{
		Client: client.Input{BSN: d.bsn, GivenName: d.given, FamilyName: d.family, BirthDate: birth.Format("2006-01-02"),
			Street: d.street, HouseNumber: d.house, Postcode: d.postcode, City: "Tilburg", MunicipalityID: tilburg},
		EersteMelding: now.AddDate(0, 0, -d.meldingDaysAgo).Format("2006-01-02"),
		Relations:     []traject.Relation{{Name: d.parent, Relation: "ouder", Gezag: true, Phone: "013 000 0000"}},
	})
	if err != nil {
		return fmt.Errorf("start: %w", err)
	}
	id := st.TrajectoryID
	upto := stepIndex(d.until)
	// Step 1–2: the IPVA is written with the family. The overdue one has a
	// complete draft that is not signed yet.
	if _, err := svc.SaveIPVA(ctx, toegang, id, 0, demoIPVA(d, now)); err != nil {
		return fmt.Errorf("save IPVA: %w", err)
	}
	if upto < stepIndex(traject.StepArrangement) {
		return nil
	}
	for _, sg := range signersFor(d, client.AgeOn(birth, now)) {
		sg.SignedOn = now
		if err := svc.Sign(ctx, toegang, id, sg); err != nil {
			return fmt.Errorf("sign as %s: %w", sg.Signer, err)
		}
	}
	if err := svc.RecordConsent(ctx, toegang, id, traject.ConsentInput{ProviderID: provider, Form: "schriftelijk", GivenBy: d.parent, GivenOn: now}); err != nil {
		return fmt.Errorf("consent: %w", err)
	}
	if err := svc.FinishIPVA(ctx, toegang, id, ipva.LateReason{}); err != nil {
		return fmt.Errorf("finish IPVA: %w", err)
	}
	if upto < stepIndex(traject.StepAanbieder) {
		return nil
	}
	// Step 3: ambulante gezinsbegeleiding (arrangement 2), licht.
	if err := svc.ChooseArrangement(ctx, toegang, id, traject.ArrangementInput{Arrangement: 2, Intensiteit: 2}); err != nil {
		return fmt.Errorf("arrangement: %w", err)
	}
	if upto < stepIndex(traject.StepAcceptatie) {
		return nil
	}
	// Step 4: De Hoeve Jeugdhulp, the demo provider account's organisation.
	if err := svc.ChooseProvider(ctx, toegang, id, provider); err != nil {
		return fmt.Errorf("provider: %w", err)
	}
	if upto < stepIndex(traject.StepBeknoptPlan) {
		return nil
	}
	if err := svc.Respond(ctx, aanbieder, id, true, ""); err != nil {
		return fmt.Errorf("accept: %w", err)
	}
	if upto < stepIndex(traject.StepAkkoord) {
		return nil
	}
	// Step 5: the beknopt plan.
	plan := ipva.BeknoptPlan{GeadviseerdeIntensiteit: 2,
		Activiteiten:       []ipva.Activiteit{{Omschrijving: "Gezinsbegeleiding thuis", Frequentie: "1x per week, 1,5 uur"}, {Omschrijving: "Overleg met school", Frequentie: "1x per maand"}},
		VerwachteEinddatum: now.AddDate(0, 6, 0),
		Tekst: "Wekelijkse begeleiding thuis, gericht op een vast ochtendritme en rust rond het naar school gaan. " +
			"Na zes weken evalueren we met " + d.given + ", de ouders en school of de resultaten uit het IPVA dichterbij komen.",
	}
	if err := svc.SubmitPlan(ctx, aanbieder, id, plan); err != nil {
		return fmt.Errorf("beknopt plan: %w", err)
	}
	if upto < stepIndex(traject.StepAanvraag) {
		return nil
	}
	// Step 6: akkoord, step 7: the request to Gemeente Tilburg.
	if err := svc.Review(ctx, toegang, id, traject.ReviewInput{Decision: traject.AkkoordJa}); err != nil {
		return fmt.Errorf("akkoord: %w", err)
	}
	if upto < stepIndex(traject.StepBesluit) {
		return nil
	}
	if err := svc.SubmitAanvraag(ctx, toegang, id); err != nil {
		return fmt.Errorf("aanvraag: %w", err)
	}
	if upto < stepIndex(traject.StepToegewezen) {
		return nil
	}
	// The decision: the beschikking, the toewijzing and its JW301.
	if _, err := svc.Decide(ctx, backoffice, id, traject.Decision{Toegekend: true, Ingangsdatum: now, Einddatum: now.AddDate(0, 6, 0),
		Motivering: "Ambulante gezinsbegeleiding past bij de resultaten in het IPVA."}); err != nil {
		return fmt.Errorf("decision: %w", err)
	}
	return nil
}

// signersFor follows R-IPVA-2: under 12 the parent signs, 12–15 both the
// youth and the parent, from 16 the youth; the author always signs.
func signersFor(d demoTrajectory, age int) []traject.Signature {
	out := []traject.Signature{{Signer: traject.SignerAuteur, Name: "Toegangsmedewerker (demo)"}}
	if age >= 12 {
		out = append(out, traject.Signature{Signer: traject.SignerJeugdige, Name: d.given + " " + d.family})
	}
	if age < 16 {
		out = append(out, traject.Signature{Signer: traject.SignerGezaghebbende, Name: d.parent})
	}
	return out
}

// demoIPVA is a complete IPVA for d: every section of R-IPVA-1 filled in,
// with a SMART result.
func demoIPVA(d demoTrajectory, now time.Time) json.RawMessage {
	doc := ipva.New(ipva.DefaultLeefgebieden())
	doc.Aanleiding = "School en ouders maken zich zorgen over verzuim en spanningen thuis rond " + d.given + "."
	no := ipva.Gebruik{Antwoord: ipva.Nee}
	doc.Voorzieningen = ipva.Voorzieningen{Jeugdhulp: no, Wmo: no, Participatie: no}
	for i := range doc.IVA {
		doc.IVA[i].Problemen = "Ruzie over schoolgaan en laat naar bed."
		doc.IVA[i].Zorgen = strings.TrimSpace(d.given + " trekt zich terug op de eigen kamer.")
		doc.IVA[i].Veranderwens = "Weer elke dag naar school en rust in huis."
		doc.IVA[i].EigenKracht = "Opa en oma helpen met de ochtenden."
		doc.IVA[i].GaatGoed = "Sport twee keer per week bij de voetbalclub."
	}
	doc.InschattingZorgbehoefte = "Gezin, netwerk en Toegang zien ambulante gezinsbegeleiding als passend."
	doc.GeenEerdereHulp = true
	doc.Resultaten = []ipva.Resultaat{{Leefgebied: doc.IVA[0].Leefgebied.Key, GewensteSituatie: d.given + " gaat vijf dagen per week naar school.",
		Streefdatum: now.AddDate(0, 4, 0), Afspraken: []ipva.Afspraak{{Wie: ipva.PartijJeugdige, Wat: d.given + " zet zelf de wekker om 7 uur.", Wanneer: "elke schooldag"}}}}
	doc.EersteStap = "Samen met het gezin een ochtendritme afspreken."
	doc.Regisseur = "Toegang Tilburg"
	doc.VolgenEnEvalueren = "Na zes weken evalueren met school en gezin."
	doc.Besluit = ipva.Toekenning
	doc.Motivering = "Ambulante gezinsbegeleiding past bij de vraag en de kracht van het gezin."
	b, _ := json.Marshal(doc)
	return b
}
