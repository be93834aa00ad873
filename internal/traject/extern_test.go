package traject_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

// extern is a world with a provider that has no accounts on the platform
// and the municipality's exchange with HandleJW315 registered, as the
// server wires it.
type extern struct {
	*world
	ex       *uitwisseling.Exchange
	provider int64
	agb      string
}

func newExtern(t *testing.T) *extern {
	t.Helper()
	wd := newWorld(t)
	id, err := (&organisation.Store{DB: wd.db}).Create(context.Background(), organisation.Organisation{Name: "Jeugd-GGZ De Kempen", Kind: organisation.Aanbieder, AGBCode: "98000077"})
	if err != nil {
		t.Fatal(err)
	}
	ex := uitwisseling.New(wd.db, nil)
	ex.Now = func() time.Time { return wd.now }
	ex.Register(ijw.TypeJW315, wd.w.Svc.HandleJW315)
	return &extern{world: wd, ex: ex, provider: id, agb: "98000077"}
}

// vot is a verzoek om toewijzing as a provider's own system writes it.
type vot struct {
	agb, cbs, ident, bsn string
	refs                 []string
	products             []*ijw.Product
	verwijzer            ijw.Verwijzer
	start, end           time.Time
}

func (v vot) xml(t *testing.T) []byte {
	t.Helper()
	m := &ijw.JW315{
		Header: ijw.JW315Header{BerichtCode: "446", BerichtVersie: 3, BerichtSubversie: 2, Afzender: v.agb, Ontvanger: v.cbs,
			BerichtIdentificatie: ijw.BerichtIdentificatie{Identificatie: v.ident, Dagtekening: ijw.NewDate(v.start.AddDate(0, 0, -2))},
			XsdVersie:            ijw.XsdVersie{BasisschemaXsdVersie: "1.0.0", BerichtXsdVersie: "1.0.0"}},
		Client: ijw.JW315Client{Bsn: v.bsn, Geboortedatum: ijw.Geboortedatum{Datum: "2014-05-17"}, Geslacht: "2",
			Naam: ijw.VerkorteNaam{Geslachtsnaam: ijw.Achternaam{Achternaam: "Jansen", Voorvoegsel: "de"}, Voornamen: "Noor", Voorletters: "N"}},
	}
	for i, p := range v.products {
		ap := ijw.JW315AangevraagdProduct{ReferentieAanbieder: v.refs[i], Product: p, ToewijzingIngangsdatum: ijw.NewDate(v.start),
			Omvang: &ijw.Omvang{Volume: 1, Eenheid: "82", Frequentie: "6"}, Verwijzer: v.verwijzer}
		if !v.end.IsZero() {
			ap.ToewijzingEinddatum = ijw.NewDate(v.end)
		}
		m.Client.AangevraagdeProducten.AangevraagdProduct = append(m.Client.AangevraagdeProducten.AangevraagdProduct, ap)
	}
	raw, err := ijw.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func (e *extern) vot(ident, bsn, ref string, p *ijw.Product, v ijw.Verwijzer) vot {
	return vot{agb: e.agb, cbs: "0855", ident: ident, bsn: bsn, refs: []string{ref}, products: []*ijw.Product{p}, verwijzer: v,
		start: e.now.AddDate(0, 0, 7), end: e.now.AddDate(1, 0, 0)}
}

var huisarts = ijw.Verwijzer{Type: "02", ZorgverlenerCode: "01234567"}

func (e *extern) receive(t *testing.T, raw []byte) uitwisseling.Result {
	t.Helper()
	res, err := e.ex.Receive(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Accepted {
		t.Fatalf("the verzoek was rejected: %s", res.Message)
	}
	return res
}

func (e *extern) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// caseOf returns the trajectory the received message is tied to.
func (e *extern) caseOf(t *testing.T, msgID int64) int64 {
	t.Helper()
	b, err := berichten.Get(context.Background(), e.db, msgID)
	if err != nil {
		t.Fatal(err)
	}
	return b.TrajectoryID
}

func (e *extern) backoffice() access.Principal { return e.as("Gemeente Tilburg", access.Backoffice) }

// checkAnswer decodes the newest message of type typ of the case, checks
// it against the standard's in-message rules and the cross-message rules
// against everything exchanged with the provider before it, and returns it.
func (e *extern) checkAnswer(t *testing.T, id int64, typ ijw.MessageType) ijw.Message {
	t.Helper()
	ctx := context.Background()
	b, err := berichten.Latest(ctx, e.db, id, typ)
	if err != nil {
		t.Fatalf("%s of the case: %v", typ, err)
	}
	m, err := b.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if fs := ijw.Validate(m); len(fs) > 0 {
		t.Fatalf("%s breaks %s: %s", typ, fs[0].Rule.Code, fs[0].Msg)
	}
	k, err := berichten.Knowledge(ctx, e.db, e.agb, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fs := ijw.CheckCross(m, k); len(fs) > 0 {
		t.Fatalf("%s breaks %s: %s", typ, fs[0].Rule.Code, fs[0].Msg)
	}
	return m
}

// TestExternalVerzoekOpensCase: a JW315 from a provider without accounts,
// received by the exchange, opens the case at the back office's decision
// on the medical route, once; the back office grants it with a JW301 that
// carries the verzoek's reference.
func TestExternalVerzoekOpensCase(t *testing.T) {
	e := newExtern(t)
	ctx := context.Background()
	trajectories := e.count(t, "SELECT COUNT(*) FROM trajectories")
	raw := e.vot("KMP26-0001", "555000011", "KEMPEN-VOT-88", &ijw.Product{Categorie: "50", Code: "50H42"}, huisarts).xml(t)
	res := e.receive(t, raw)
	id := e.caseOf(t, res.Message.ID)
	if id == 0 {
		t.Fatal("the verzoek opened no case")
	}
	if n := e.count(t, "SELECT COUNT(*) FROM trajectories"); n != trajectories+1 {
		t.Fatalf("%d cases opened, want 1", n-trajectories)
	}

	bo := e.backoffice()
	v, err := e.w.Svc.Get(ctx, bo, id, access.Toewijzing)
	if err != nil {
		t.Fatalf("the back office cannot read the case: %v", err)
	}
	switch {
	case v.Route != traject.RouteMedisch, v.Step != traject.StepBesluit:
		t.Fatalf("case on %s at %s, want medisch at besluit", v.Route, v.Step)
	case v.MunicipalityID != e.w.Orgs["Gemeente Tilburg"], v.ProviderID != e.provider:
		t.Fatalf("municipality %d, provider %d", v.MunicipalityID, v.ProviderID)
	case v.Client.BSN != "555000011", v.Client.Name() != "Noor de Jansen", v.Client.Geslacht != client.GeslachtVrouw,
		v.Client.BirthDate.Format("2006-01-02") != "2014-05-17":
		t.Fatalf("youth %q %q %q %s", v.Client.BSN, v.Client.Name(), v.Client.Geslacht, v.Client.BirthDate)
	case v.Arrangement != 4 || v.Intensiteit != 2:
		t.Fatalf("arrangement %d, intensiteit %d, want the 50H42 asked", v.Arrangement, v.Intensiteit)
	case v.VerzoekAt.IsZero():
		t.Fatal("the case has no verzoek moment: the decision would not answer the verzoek")
	}
	// The referrer is the case's basis, which the back office's role does
	// not see on the page.
	var grondslag string
	e.db.QueryRow(ctx, "SELECT grondslag_json FROM trajectories WHERE id = ?", id).Scan(&grondslag)
	if !strings.Contains(grondslag, `"type":"02","zorgverlenercode":"01234567"`) {
		t.Fatalf("basis %s", grondslag)
	}
	var events []string
	for _, ev := range v.History {
		events = append(events, ev.What)
	}
	if !containsPrefix(events, "Verzoek om toewijzing (JW315) KMP26-0001 ontvangen van Jeugd-GGZ De Kempen: arrangement 4, intensiteit 2 (50H42), gevraagd vanaf "+kalender.Datum(e.now.AddDate(0, 0, 7))) {
		t.Fatalf("history %q", events)
	}
	// The message and its retour are the case's, with the verzoek's reference.
	for _, m := range []int64{res.Message.ID, res.Answer.ID} {
		b, _ := berichten.Get(ctx, e.db, m)
		if b.TrajectoryID != id || b.Referentie != "KEMPEN-VOT-88" {
			t.Fatalf("%s tied to %d with %q", b, b.TrajectoryID, b.Referentie)
		}
	}
	// Both organisations are linked; the provider has no user to see it.
	for _, org := range []int64{v.MunicipalityID, e.provider} {
		if ok, _ := access.Linked(ctx, e.db, org, id); !ok {
			t.Fatalf("organisation %d is not linked to the case", org)
		}
	}
	// On the back office's Mijn werk, due in 5 working days.
	work, err := e.w.Svc.MyWork(ctx, bo, 200)
	if err != nil {
		t.Fatal(err)
	}
	var due time.Time
	for _, it := range work {
		if it.TrajectoryID == id && it.Action.Step == traject.StepBesluit {
			due = it.Action.Due
		}
	}
	if want := kalender.Default.Due(e.now, kalender.WorkingDays(5)); !due.Equal(want) {
		t.Fatalf("the decision is due %s on Mijn werk, want %s", due, want)
	}

	// A second delivery opens nothing; neither does running the handler
	// again on the stored message.
	again, err := e.ex.Receive(ctx, raw)
	if err != nil || !again.Duplicate {
		t.Fatalf("second delivery: %+v, %v", again, err)
	}
	stored, _ := berichten.Get(ctx, e.db, res.Message.ID)
	m, _ := stored.Decode()
	if err := e.db.Do(ctx, func(tx *database.Tx) error { return e.w.Svc.HandleJW315(ctx, tx, stored, m) }); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, "SELECT COUNT(*) FROM trajectories"); n != trajectories+1 {
		t.Fatalf("%d cases after the second delivery, want 1", n-trajectories)
	}
	if n := e.count(t, "SELECT COUNT(*) FROM obligations WHERE trajectory_id = ? AND done_at IS NULL", id); n != 1 {
		t.Fatalf("%d open obligations on the case, want the one decision", n)
	}

	// The decision asks for the address first: a JW315 has none.
	d := traject.Decision{Toegekend: true, Ingangsdatum: e.now.AddDate(0, 0, 7), Einddatum: e.now.AddDate(1, 0, 0), Motivering: "De verwijzing van de huisarts en het arrangement passen."}
	_, err = e.w.Svc.Decide(ctx, bo, id, d)
	refusal(t, err, "Het adres van de jeugdige ontbreekt")
	if err := e.w.Svc.Clients.UpdateAddress(ctx, bo, v.ClientID, client.AddressInput{Street: "Stationsstraat", HouseNumber: "12", Postcode: "5038 EC",
		City: "Tilburg", MunicipalityID: v.MunicipalityID}, access.Toewijzing); err != nil {
		t.Fatal(err)
	}
	if _, err := e.w.Svc.Decide(ctx, bo, id, d); err != nil {
		t.Fatal(err)
	}
	if s := e.step(t, id); s != traject.StepToegewezen {
		t.Fatalf("step %s after the grant", s)
	}
	jw301 := e.checkAnswer(t, id, ijw.TypeJW301).(*ijw.JW301)
	if jw301.Header.Ontvanger != e.agb {
		t.Fatalf("JW301 to %s", jw301.Header.Ontvanger)
	}
	for _, p := range jw301.Client.ToegewezenProducten.ToegewezenProduct {
		if p.ReferentieAanbieder != "KEMPEN-VOT-88" || p.Product.Code != "50H42" {
			t.Fatalf("JW301 product %s with reference %q", p.Product.Code, p.ReferentieAanbieder)
		}
	}
}

// TestExternalVerzoekGI: a verzoek after a GI's referral opens the case on
// the GI route, on the record of a youth already known by BSN; the back
// office refuses it with a JW319 on the verzoek's reference.
func TestExternalVerzoekGI(t *testing.T) {
	e := newExtern(t)
	ctx := context.Background()
	known := e.start(t, traject.RouteToegang, e.youth(3, "Tilburg", 11))
	var bsn string
	e.db.QueryRow(ctx, "SELECT bsn FROM clients WHERE id = ?", known.ClientID).Scan(&bsn)
	clients := e.count(t, "SELECT COUNT(*) FROM clients")
	res := e.receive(t, e.vot("KMP26-0002", bsn, "KEMPEN-VOT-89", &ijw.Product{Categorie: "50", Code: "50H43"},
		ijw.Verwijzer{Type: "04", Naam: "Jeugdbescherming Brabant"}).xml(t))
	id := e.caseOf(t, res.Message.ID)
	if id == 0 {
		t.Fatal("the verzoek opened no case")
	}
	if n := e.count(t, "SELECT COUNT(*) FROM clients"); n != clients {
		t.Fatalf("a known youth got a second record (%d new)", n-clients)
	}
	bo := e.backoffice()
	v, err := e.w.Svc.Get(ctx, bo, id, access.Toewijzing)
	if err != nil {
		t.Fatal(err)
	}
	if v.Route != traject.RouteGI || v.Step != traject.StepBesluit || v.ClientID != known.ClientID || v.ProviderID != e.provider {
		t.Fatalf("case on %s at %s for youth %d, provider %d", v.Route, v.Step, v.ClientID, v.ProviderID)
	}
	// Zwaar via the arrangement code: step 5a said no segment 3.
	if v.Arrangement != 4 || v.Intensiteit != 3 {
		t.Fatalf("arrangement %d/%d", v.Arrangement, v.Intensiteit)
	}
	_, err = e.w.Svc.Decide(ctx, bo, id, traject.Decision{Motivering: "Geen contract voor dit arrangement met deze aanbieder.", RedenAfwijzing: "3"})
	if err != nil {
		t.Fatal(err)
	}
	if s := e.step(t, id); s != traject.StepAfgewezen {
		t.Fatalf("step %s after the refusal", s)
	}
	jw319 := e.checkAnswer(t, id, ijw.TypeJW319).(*ijw.JW319)
	if jw319.Antwoord.ReferentieAanbieder != "KEMPEN-VOT-89" || jw319.Antwoord.VerzoekAntwoord != "1" || jw319.Header.Ontvanger != e.agb {
		t.Fatalf("JW319 %+v to %s", jw319.Antwoord, jw319.Header.Ontvanger)
	}
}

// TestExternalVerzoekProducts: a verzoek for segment-3 products is kept as
// asked; it cannot be granted as an arrangement, but it can be put in
// onderzoek and refused, each time with a JW319 on every product's
// reference.
func TestExternalVerzoekProducts(t *testing.T) {
	e := newExtern(t)
	ctx := context.Background()
	v := e.vot("KMP26-0003", "555000023", "KEMPEN-VOT-90", &ijw.Product{Categorie: "54", Code: "54A01"}, ijw.Verwijzer{Type: "05", Naam: "dr. Smits, kinderarts"})
	v.refs, v.products = append(v.refs, "KEMPEN-VOT-91"), append(v.products, &ijw.Product{Categorie: "45", Code: "45A02"})
	res := e.receive(t, v.xml(t))
	id := e.caseOf(t, res.Message.ID)
	if id == 0 {
		t.Fatal("the verzoek opened no case")
	}
	bo := e.backoffice()
	view, err := e.w.Svc.Get(ctx, bo, id, access.Toewijzing)
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, ev := range view.History {
		events = append(events, ev.What)
	}
	if view.Route != traject.RouteMedisch || view.Arrangement != 0 ||
		!containsPrefix(events, "Verzoek om toewijzing (JW315) KMP26-0003 ontvangen van Jeugd-GGZ De Kempen: producten 54/54A01, 45/45A02") {
		t.Fatalf("case on %s with arrangement %d; history %q", view.Route, view.Arrangement, events)
	}
	_, err = e.w.Svc.Decide(ctx, bo, id, traject.Decision{Toegekend: true, Ingangsdatum: e.now.AddDate(0, 0, 7), Motivering: "Past."})
	refusal(t, err, "vraagt geen arrangement van de regio")
	if _, err := e.w.Svc.Decide(ctx, bo, id, traject.Decision{InOnderzoek: true, Motivering: "We overleggen met de aanbieder."}); err != nil {
		t.Fatal(err)
	}
	e.checkAnswer(t, id, ijw.TypeJW319)
	if got := e.answers(t, id); got != "KEMPEN-VOT-90:2 KEMPEN-VOT-91:2" {
		t.Fatalf("JW319s %s, want each product in onderzoek", got)
	}
	// Then refused: again one JW319 per product, and nothing stays open
	// that would block the provider's next verzoek for the youth (TR374).
	if err := e.w.Svc.Clients.UpdateAddress(ctx, bo, view.ClientID, client.AddressInput{Street: "Stationsstraat", HouseNumber: "12", Postcode: "5038 EC",
		City: "Tilburg", MunicipalityID: view.MunicipalityID}, access.Toewijzing); err != nil {
		t.Fatal(err)
	}
	if _, err := e.w.Svc.Decide(ctx, bo, id, traject.Decision{Motivering: "Deze producten vallen buiten het contract.", RedenAfwijzing: "4"}); err != nil {
		t.Fatal(err)
	}
	e.checkAnswer(t, id, ijw.TypeJW319)
	if got := e.answers(t, id); got != "KEMPEN-VOT-90:2 KEMPEN-VOT-91:2 KEMPEN-VOT-90:1 KEMPEN-VOT-91:1" {
		t.Fatalf("JW319s %s", got)
	}
	k, err := berichten.Knowledge(ctx, e.db, e.agb, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v, open := k.OpenVerzoek(e.agb, "555000023"); open {
		t.Fatalf("verzoek %s still open after the refusal", v.Referentie)
	}
}

// answers lists the JW319s of a case as reference:answer, oldest first.
func (e *extern) answers(t *testing.T, id int64) string {
	t.Helper()
	ms, err := berichten.Of(context.Background(), e.db, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range ms {
		if b.Type != ijw.TypeJW319 {
			continue
		}
		m, err := b.Decode()
		if err != nil {
			t.Fatal(err)
		}
		a := m.(*ijw.JW319).Antwoord
		out = append(out, a.ReferentieAanbieder+":"+a.VerzoekAntwoord)
	}
	return strings.Join(out, " ")
}

// TestExternalVerzoekWithoutProvider: a verzoek from an AGB code no
// organisation here has is answered with its retour and opens no case.
func TestExternalVerzoekWithoutProvider(t *testing.T) {
	e := newExtern(t)
	trajectories := e.count(t, "SELECT COUNT(*) FROM trajectories")
	v := e.vot("ONBEKEND-1", "555000035", "ONB-1", &ijw.Product{Categorie: "50", Code: "50H12"}, huisarts)
	v.agb = "98000088"
	res := e.receive(t, v.xml(t))
	if res.Answer.ID == 0 || res.Message.SenderOrgID != 0 {
		t.Fatalf("answer %d, sender organisation %d", res.Answer.ID, res.Message.SenderOrgID)
	}
	if e.caseOf(t, res.Message.ID) != 0 || e.count(t, "SELECT COUNT(*) FROM trajectories") != trajectories {
		t.Fatal("a verzoek from an unknown provider opened a case")
	}
	// The back office finds it in its inbox under the bare AGB code.
	items, err := (&uitwisseling.Inbox{Gate: e.w.Svc.Gate}).List(context.Background(), e.backoffice(), berichten.Filter{Direction: berichten.In, Type: ijw.TypeJW315})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		found = found || (it.ID == res.Message.ID && it.SenderName == "" && it.Sender == "98000088")
	}
	if !found {
		t.Fatal("the verzoek is not in the municipality's inbox under its sender's code")
	}
}

// TestPlatformVerzoekOpensNoSecondCase: the JW315 a provider on the
// platform sends from its case reaches the municipality through the
// exchange and opens nothing more; nor does a message that names that
// case's reference.
func TestPlatformVerzoekOpensNoSecondCase(t *testing.T) {
	e := newExtern(t)
	ctx := context.Background()
	st := e.start(t, traject.RouteMedisch, e.youth(0, "Tilburg", 9))
	e.to(t, st.TrajectoryID, traject.StepBesluit) // the walker sends the verzoek (SendVerzoek)
	b, err := berichten.Latest(ctx, e.db, st.TrajectoryID, ijw.TypeJW315)
	if err != nil {
		t.Fatal(err)
	}
	trajectories := e.count(t, "SELECT COUNT(*) FROM trajectories")
	res := e.receive(t, b.XML)
	if res.Message.ID != b.ID || res.Message.State != berichten.Verwerkt || e.caseOf(t, b.ID) != st.TrajectoryID {
		t.Fatalf("the platform's verzoek was stored again or moved: %s", res.Message)
	}
	// The same reference in a message not tied to a case (as a provider's
	// system might resend it under a new identification).
	m, _ := b.Decode()
	vot := m.(*ijw.JW315)
	vot.Header.BerichtIdentificatie.Identificatie += "b"
	raw, err := ijw.Marshal(vot)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.Do(ctx, func(tx *database.Tx) error {
		again, err := berichten.Insert(ctx, tx, berichten.Bericht{Direction: berichten.In, Type: ijw.TypeJW315, Sender: b.Sender, Receiver: b.Receiver,
			Identificatie: vot.Header.BerichtIdentificatie.Identificatie, XML: raw, CreatedAt: e.now, State: berichten.Ontvangen, ReceivedAt: e.now})
		if err != nil {
			return err
		}
		return e.w.Svc.HandleJW315(ctx, tx, again, vot)
	}); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, "SELECT COUNT(*) FROM trajectories"); n != trajectories {
		t.Fatalf("%d second cases for the platform's verzoek", n-trajectories)
	}
	if s := e.step(t, st.TrajectoryID); s != traject.StepBesluit {
		t.Fatalf("the case moved to %s", s)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
