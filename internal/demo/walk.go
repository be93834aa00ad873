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
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Walker carries trajectories along their route through the real
// traject.Service transitions, acting as whoever the route's table names
// for each step: every step is checked by the route's rules and leaves its
// entries in the access log and the history, exactly as when a person
// clicks through it. The demo seeds with it; the tests walk with it.
type Walker struct {
	Svc  *traject.Service
	DB   *database.DB
	Orgs map[string]int64 // organisation name → id
	Now  time.Time
	// Provider is the provider the Toegang and GI routes choose (default:
	// the first demo provider).
	Provider int64
	// DecideOn sets the decision a walk to StepToegewezen takes; nil takes
	// a positive decision starting today.
	DecideOn *traject.Decision
	// Arrangement sets the arrangement a walk through StepArrangement
	// chooses; nil chooses arrangement 2, intensity 2.
	Arrangement *traject.ArrangementInput

	users map[int64][]account.User
}

// NewWalker returns a walker on db at now, with the demo's organisations
// and accounts.
func NewWalker(ctx context.Context, db *database.DB, now time.Time) (*Walker, error) {
	now = now.UTC()
	w := &Walker{DB: db, Orgs: map[string]int64{}, Now: now, users: map[int64][]account.User{}}
	gate := access.NewGate(db)
	// The services follow the walker's clock, which a walk through the
	// past (the demo's history) moves.
	gate.Now = func() time.Time { return w.Now }
	clients := client.NewStore(gate)
	clients.Now = gate.Now
	svc := traject.New(gate, clients, &toewijzing.Allocator{})
	svc.Now = gate.Now
	w.Svc = svc
	orgs, err := (&organisation.Store{DB: db}).List(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		w.Orgs[o.Name] = o.ID
	}
	w.Provider = w.Orgs[providers[0].name]
	us, err := account.NewService(db).List(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range us {
		w.users[u.OrgID] = append(w.users[u.OrgID], u)
	}
	return w, nil
}

// As returns the principal that acts for organisation orgID in role: the
// organisation's demo account with that role, or a demo account made for it
// on first use (the back office of Dongen, say), so that every step is
// recorded against a real account.
func (w *Walker) As(orgID int64, role access.Role) access.Principal {
	for _, u := range w.users[orgID] {
		for _, r := range u.Roles {
			if r == role {
				return u.Principal("cli", "demo")
			}
		}
	}
	name := ""
	for n, id := range w.Orgs {
		if id == orgID {
			name = n
		}
	}
	ctx := context.Background()
	accounts := account.NewService(w.DB)
	email := fmt.Sprintf("%s.%d@demo.jeugdhulp.nl", strings.ReplaceAll(string(role), "_", "-"), orgID)
	if _, err := accounts.Create(ctx, account.NewUser{Email: email, Name: role.Label() + " (demo)", OrgID: orgID, Roles: []access.Role{role}}); err != nil {
		return access.Principal{Email: email, Name: role.Label() + " (demo)", OrgID: orgID, OrgName: name, Roles: []access.Role{role}, Channel: "cli", Source: "demo"}
	}
	u, err := accounts.ByEmail(ctx, email)
	if err != nil {
		return access.Principal{Email: email, OrgID: orgID, OrgName: name, Roles: []access.Role{role}, Channel: "cli", Source: "demo"}
	}
	w.users[orgID] = append(w.users[orgID], u)
	return u.Principal("cli", "demo")
}

// Youth is a fictional youth and the request for help about them.
type Youth struct {
	BSN, Given, Family string
	Age                int // years on the walk's day
	Street, House      string
	Postcode, City     string
	Municipality       string // e.g. "Tilburg"
	// Tussenvoegsel and Geslacht (COD046) of the youth; without a
	// tussenvoegsel the family name is split at its leading lower-case
	// words ("van Dijk").
	Tussenvoegsel, Geslacht string
	// Parent is the one parent with gezag, named whole; Parents, when
	// set, are the parents and custodians instead.
	Parent         string
	Parents        []traject.Relation
	MeldingDaysAgo int
}

// relations are y's parents and custodians as the walker registers them.
func (y Youth) relations() []traject.Relation {
	if len(y.Parents) > 0 {
		return y.Parents
	}
	given, family, _ := strings.Cut(y.Parent, " ")
	vv, an := client.SplitFamilyName(family)
	return []traject.Relation{{Voornamen: given, Tussenvoegsel: vv, Achternaam: an, Relation: "ouder", Gezag: true, Phone: "013 000 0000"}}
}

// Start registers y on route r, as the route's demo referrer: the Toegang
// of the youth's municipality, the GI (JBB) on a court order, or the GP
// referring to the walker's provider.
func (w *Walker) Start(ctx context.Context, r traject.Route, y Youth) (traject.Started, error) {
	birth := w.Now.AddDate(-y.Age, 0, -45)
	tv, family := y.Tussenvoegsel, y.Family
	if tv == "" {
		tv, family = client.SplitFamilyName(y.Family)
	}
	in := traject.StartInput{
		Client: client.Input{BSN: y.BSN, GivenName: y.Given, Tussenvoegsel: tv, FamilyName: family, Geslacht: y.Geslacht, BirthDate: birth.Format("2006-01-02"),
			Street: y.Street, HouseNumber: y.House, Postcode: y.Postcode, City: y.City, MunicipalityID: w.Orgs[gemeente(y.Municipality)]},
		EersteMelding: w.Now.AddDate(0, 0, -y.MeldingDaysAgo).Format("2006-01-02"),
		Relations:     y.relations(),
	}
	var p access.Principal
	switch r {
	case traject.RouteToegang:
		p = w.As(w.Orgs[toegang(y.Municipality)], access.Toegangsmedewerker)
	case traject.RouteGI:
		p = w.As(w.Orgs[OrgGI], access.GIMedewerker)
		in.Maatregel = &traject.Maatregel{Soort: "ots", UitspraakDatum: w.Now.AddDate(0, 0, -y.MeldingDaysAgo-3), Kenmerk: "C/02/" + y.BSN[:6] + " JE RK 26-101",
			RaadRapport: "Raadsrapport " + y.BSN[:4] + ", " + w.Now.AddDate(0, -1, 0).Format("02-01-2006")}
	case traject.RouteMedisch:
		p = w.As(w.Orgs[OrgHuisarts], access.VerwijzerMedisch)
		in.Verwijzer = &traject.Verwijzer{Type: toewijzing.VerwijzerHuisarts, Code: "01012345", Naam: "Huisartsenpraktijk De Linde"}
		in.AanbiederID = w.Provider
	}
	return w.Svc.Start(ctx, p, in)
}

// To takes trajectory id step by step until it is at step until (or has
// ended), each step as the organisation and role the route names.
func (w *Walker) To(ctx context.Context, id int64, until traject.Step) error {
	for range 20 {
		var step string
		if err := w.DB.QueryRow(ctx, "SELECT step FROM trajectories WHERE id = ?", id).Scan(&step); err != nil {
			return err
		}
		if s := traject.Step(step); s == until || s == traject.StepToegewezen || s == traject.StepAfgewezen {
			return nil
		}
		// The owner of the open action reads the case and acts.
		var owner int64
		var role string
		if err := w.DB.QueryRow(ctx, "SELECT owner_org_id, owner_role FROM obligations WHERE trajectory_id = ? AND done_at IS NULL ORDER BY id LIMIT 1", id).Scan(&owner, &role); err != nil {
			return fmt.Errorf("trajectory %d has no open action: %w", id, err)
		}
		actor := w.As(owner, access.Role(role))
		v, err := w.Svc.Get(ctx, actor, id, access.DefaultPurpose(actor))
		if err != nil {
			return err
		}
		if err := w.step(ctx, v); err != nil {
			return fmt.Errorf("trajectory %d at %s: %w", id, v.Step, err)
		}
	}
	return fmt.Errorf("trajectory %d did not reach %s", id, until)
}

func (w *Walker) step(ctx context.Context, v traject.View) error {
	t := v.Trajectory
	a := v.Next
	p := w.As(a.OwnerOrgID, a.Role)
	id := t.ID
	svc := w.Svc
	switch t.Step {
	case traject.StepIPVA:
		if _, err := svc.SaveIPVA(ctx, p, id, t.IPVAVersion, CompleteIPVA(v.Client.GivenName, w.Now)); err != nil {
			return err
		}
		age := client.AgeOn(v.Client.BirthDate, w.Now)
		signers := []traject.Signature{{Signer: traject.SignerAuteur, Name: p.Name}}
		if t.Route != traject.RouteGI {
			if age >= 12 {
				signers = append(signers, traject.Signature{Signer: traject.SignerJeugdige, Name: v.Client.Name()})
			}
			if age < 16 {
				signers = append(signers, traject.Signature{Signer: traject.SignerGezaghebbende, Name: v.Relations[0].Name})
			}
		}
		for _, sg := range signers {
			sg.SignedOn = w.Now
			if err := svc.Sign(ctx, p, id, sg); err != nil {
				return err
			}
		}
		if t.Route != traject.RouteGI {
			if err := svc.RecordConsent(ctx, p, id, traject.ConsentInput{ProviderID: w.Provider, Form: "schriftelijk", GivenBy: v.Relations[0].Name, GivenOn: w.Now}); err != nil {
				return err
			}
		}
		late := ipva.LateReason{}
		if w.Now.After(v.Next.Due) {
			late = ipva.LateReason{Reden: ipva.RedenGezinAfgezegd}
		}
		return svc.FinishIPVA(ctx, p, id, late)
	case traject.StepArrangement:
		in := traject.ArrangementInput{Arrangement: 2, Intensiteit: 2}
		if w.Arrangement != nil {
			in = *w.Arrangement
		}
		return svc.ChooseArrangement(ctx, p, id, in)
	case traject.StepAanbieder:
		return svc.ChooseProvider(ctx, p, id, w.Provider)
	case traject.StepAcceptatie:
		return svc.Respond(ctx, p, id, true, "")
	case traject.StepBeknoptPlan:
		return svc.SubmitPlan(ctx, p, id, ipva.BeknoptPlan{GeadviseerdeIntensiteit: 2,
			Activiteiten:       []ipva.Activiteit{{Omschrijving: "Gezinsbegeleiding thuis", Frequentie: "1x per week, 1,5 uur"}, {Omschrijving: "Overleg met school", Frequentie: "1x per maand"}},
			VerwachteEinddatum: w.Now.AddDate(0, 6, 0),
			Tekst: "Wekelijkse begeleiding thuis, gericht op een vast ochtendritme en rust rond het naar school gaan. " +
				"Na zes weken evalueren we met " + v.Client.GivenName + ", de ouders en school of de resultaten uit het IPVA dichterbij komen."})
	case traject.StepAkkoord:
		return svc.Review(ctx, p, id, traject.ReviewInput{Decision: traject.AkkoordJa})
	case traject.StepAanvraag:
		return svc.SubmitAanvraag(ctx, p, id)
	case traject.StepBepaling:
		return svc.Bepaling(ctx, p, id, traject.BepalingInput{ZorgStart: w.Now})
	case traject.StepVerzoek:
		start := w.Now
		if start.Before(t.ZorgStart) {
			start = t.ZorgStart
		}
		return svc.SendVerzoek(ctx, p, id, traject.VerzoekInput{Ingangsdatum: start})
	case traject.StepBesluit:
		d := traject.Decision{Toegekend: true, Ingangsdatum: w.Now, Einddatum: w.Now.AddDate(0, 6, 0),
			Motivering: "Ambulante gezinsbegeleiding past bij de resultaten in het plan."}
		if w.DecideOn != nil {
			d = *w.DecideOn
		}
		_, err := svc.Decide(ctx, p, id, d)
		return err
	}
	return fmt.Errorf("no walk for step %s", t.Step)
}

// CompleteIPVA is IPVA as the stored JSON document.
func CompleteIPVA(given string, now time.Time) json.RawMessage {
	b, _ := json.Marshal(IPVA(given, now))
	return b
}

// IPVA is a complete IPVA for a youth called given: every section of
// R-IPVA-1 filled in, with a SMART result. The demo and every test that
// needs a complete IPVA use it.
func IPVA(given string, now time.Time) ipva.IPVA {
	doc := ipva.New(ipva.DefaultLeefgebieden())
	doc.Aanleiding = "School en ouders maken zich zorgen over verzuim en spanningen thuis rond " + given + "."
	no := ipva.Gebruik{Antwoord: ipva.Nee}
	doc.Voorzieningen = ipva.Voorzieningen{Jeugdhulp: no, Wmo: no, Participatie: no}
	for i := range doc.IVA {
		doc.IVA[i].Problemen = "Ruzie over schoolgaan en laat naar bed."
		doc.IVA[i].Zorgen = given + " trekt zich terug op de eigen kamer."
		doc.IVA[i].Veranderwens = "Weer elke dag naar school en rust in huis."
		doc.IVA[i].EigenKracht = "Opa en oma helpen met de ochtenden."
		doc.IVA[i].GaatGoed = "Sport twee keer per week bij de voetbalclub."
	}
	doc.InschattingZorgbehoefte = "Gezin, netwerk en verwijzer zien ambulante gezinsbegeleiding als passend."
	doc.GeenEerdereHulp = true
	doc.Resultaten = []ipva.Resultaat{{Leefgebied: doc.IVA[0].Leefgebied.Key, GewensteSituatie: given + " gaat vijf dagen per week naar school.",
		Streefdatum: now.AddDate(0, 4, 0), Afspraken: []ipva.Afspraak{{Wie: ipva.PartijJeugdige, Wat: given + " zet zelf de wekker om 7 uur.", Wanneer: "elke schooldag"}}}}
	doc.EersteStap = "Samen met het gezin een ochtendritme afspreken."
	doc.Regisseur = "De verwijzer"
	doc.VolgenEnEvalueren = "Na zes weken evalueren met school en gezin."
	doc.Besluit = ipva.Toekenning
	doc.Motivering = "Ambulante gezinsbegeleiding past bij de vraag en de kracht van het gezin."
	return doc
}
