package traject_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func init() { account.DefaultParams = account.Argon2Params{Memory: 1024, Time: 1, Threads: 1} }

type world struct {
	db    *database.DB
	svc   *traject.Service
	alloc *toewijzing.Allocator
	users map[string]access.Principal
	orgs  map[string]int64
	today time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db := dbtest.New(t)
	ctx := context.Background()
	today := time.Now().UTC()
	if _, err := demo.Seed(ctx, db, today); err != nil {
		t.Fatal(err)
	}
	gate := access.NewGate(db)
	w := &world{db: db, alloc: &toewijzing.Allocator{}, users: map[string]access.Principal{}, orgs: map[string]int64{}, today: today}
	w.svc = traject.New(gate, client.NewStore(gate), w.alloc)
	accounts := account.NewService(db)
	us, _ := accounts.List(ctx)
	for _, u := range us {
		w.users[strings.SplitN(u.Email, "@", 2)[0]] = u.Principal("test", "127.0.0.1")
	}
	rows, _ := db.Query(ctx, "SELECT id, name FROM organisations")
	for rows.Next() {
		var id int64
		var n string
		rows.Scan(&id, &n)
		w.orgs[n] = id
	}
	rows.Close()
	return w
}

func (w *world) start(t *testing.T, bsn string, age int, municipality string) traject.Started {
	t.Helper()
	st, err := w.svc.Start(context.Background(), w.users["toegang"], traject.StartInput{
		Client: client.Input{BSN: bsn, GivenName: "Mila", FamilyName: "van den Berg", BirthDate: w.today.AddDate(-age, 0, -3).Format("2006-01-02"),
			Street: "Korvelseweg", HouseNumber: "8a", Postcode: "5025 JA", City: "Tilburg", MunicipalityID: w.orgs["Gemeente "+municipality]},
		EersteMelding: w.today.AddDate(0, 0, -10).Format("2006-01-02"),
		Relations:     []traject.Relation{{Name: "Anouk van den Berg", Relation: "ouder", Gezag: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func completeIPVA(today time.Time) json.RawMessage {
	doc := ipva.New(ipva.DefaultLeefgebieden())
	doc.Aanleiding = "School maakt zich zorgen over verzuim en boosheid thuis."
	doc.Voorzieningen = ipva.Voorzieningen{Jeugdhulp: ipva.Gebruik{Antwoord: ipva.Nee}, Wmo: ipva.Gebruik{Antwoord: ipva.Nee}, Participatie: ipva.Gebruik{Antwoord: ipva.Nee}}
	for i := range doc.IVA {
		doc.IVA[i].Problemen = "Ruzie over schoolgaan."
		doc.IVA[i].Zorgen = "Mila trekt zich terug."
		doc.IVA[i].Veranderwens = "Weer naar school."
		doc.IVA[i].EigenKracht = "Oma helpt met de ochtenden."
		doc.IVA[i].GaatGoed = "Goede band met oma."
	}
	doc.InschattingZorgbehoefte = "Netwerk en Toegang zien ambulante hulp als passend."
	doc.GeenEerdereHulp = true
	doc.Resultaten = []ipva.Resultaat{{Leefgebied: doc.IVA[0].Leefgebied.Key, GewensteSituatie: "Mila gaat vijf dagen per week naar school.",
		Streefdatum: today.AddDate(0, 4, 0), Afspraken: []ipva.Afspraak{{Wie: ipva.PartijJeugdige, Wat: "Mila staat om 7 uur op.", Wanneer: "elke schooldag"}}}}
	doc.EersteStap = "Samen een ochtendritme afspreken."
	doc.Regisseur = "Toegang Tilburg"
	doc.VolgenEnEvalueren = "Na zes weken evalueren met school en gezin."
	doc.Besluit = ipva.Toekenning
	doc.Motivering = "Ambulante gezinsbegeleiding past bij de vraag."
	b, _ := json.Marshal(doc)
	return b
}

func refusal(t *testing.T, err error, want string) {
	t.Helper()
	if !traject.IsRefusal(err) || !strings.Contains(err.Error(), want) {
		t.Fatalf("want a refusal containing %q, got %v", want, err)
	}
}

// TestToegangRoute13 walks steps 1–7 for a 13-year-old: two signatures,
// consent, arrangement, provider, beknopt plan, akkoord, aanvraag, decision
// with beschikking and JW301.
func TestToegangRoute13(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	toegang, aanbieder, backoffice := w.users["toegang"], w.users["aanbieder"], w.users["backoffice"]
	st := w.start(t, "321146487", 13, "Tilburg")
	id := st.TrajectoryID

	v, err := w.svc.Get(ctx, toegang, id, access.Hulpverlening)
	if err != nil || v.Step != traject.StepIPVA || !v.HasNext || v.Next.Owner != traject.OwnerVerwijzer {
		t.Fatalf("after start: %+v %v", v.Next, err)
	}
	if want := w.today.AddDate(0, 0, -10+28).Format("2006-01-02"); v.Next.Due.Format("2006-01-02") != want {
		t.Fatalf("IPVA due %s, want %s", v.Next.Due.Format("2006-01-02"), want)
	}
	// The provider sees nothing yet.
	if _, err := w.svc.Get(ctx, aanbieder, id, access.Hulpverlening); !errors.Is(err, traject.ErrNotFound) {
		t.Fatalf("provider reads the case before consent: %v", err)
	}

	ver, err := w.svc.SaveIPVA(ctx, toegang, id, 0, completeIPVA(w.today))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SaveIPVA(ctx, toegang, id, 0, completeIPVA(w.today)); !errors.Is(err, traject.ErrConflict) {
		t.Fatalf("stale save: %v, want ErrConflict", err)
	}
	refusal(t, w.svc.FinishIPVA(ctx, toegang, id, ipva.LateReason{}), "")
	gaps, _ := w.svc.Gaps(ctx, toegang, id)
	var keys []string
	for _, g := range gaps {
		keys = append(keys, g.Key)
	}
	if len(gaps) == 0 {
		t.Fatal("unsigned IPVA without consent reports no gaps")
	}
	for _, sg := range []traject.Signature{{Signer: "auteur", Name: "T. Medewerker"}, {Signer: "jeugdige", Name: "Mila"}} {
		sg.SignedOn = w.today
		if err := w.svc.Sign(ctx, toegang, id, sg); err != nil {
			t.Fatal(err)
		}
	}
	// 13 years old: the parent must sign too.
	err = w.svc.FinishIPVA(ctx, toegang, id, ipva.LateReason{})
	refusal(t, err, "")
	if err := w.svc.Sign(ctx, toegang, id, traject.Signature{Signer: "gezaghebbende", Name: "Anouk van den Berg", SignedOn: w.today}); err != nil {
		t.Fatal(err)
	}
	provider := w.orgs["De Hoeve Jeugdhulp"]
	if err := w.svc.RecordConsent(ctx, toegang, id, traject.ConsentInput{ProviderID: provider, Form: "schriftelijk", GivenBy: "Anouk van den Berg", GivenOn: w.today}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.FinishIPVA(ctx, toegang, id, ipva.LateReason{}); err != nil {
		t.Fatalf("finish IPVA: %v (version %d, gaps %v)", err, ver, keys)
	}

	refusal(t, w.svc.ChooseArrangement(ctx, toegang, id, traject.ArrangementInput{Arrangement: 2, Intensiteit: 3}), "")
	if err := w.svc.ChooseArrangement(ctx, toegang, id, traject.ArrangementInput{Arrangement: 2, Intensiteit: 2}); err != nil {
		t.Fatal(err)
	}
	refusal(t, w.svc.ChooseProvider(ctx, toegang, id, w.orgs["Amarant Jeugd"]), "toestemming")
	if err := w.svc.ChooseProvider(ctx, toegang, id, provider); err != nil {
		t.Fatal(err)
	}
	// Now the provider may read the case, and has the next action.
	if v, err = w.svc.Get(ctx, aanbieder, id, access.Hulpverlening); err != nil || v.Next.Owner != traject.OwnerAanbieder {
		t.Fatalf("provider after sharing: %v %+v", err, v.Next)
	}
	refusal(t, w.svc.Respond(ctx, toegang, id, true, ""), "andere organisatie")
	if err := w.svc.Respond(ctx, aanbieder, id, true, ""); err != nil {
		t.Fatal(err)
	}
	long := ipva.BeknoptPlan{GeadviseerdeIntensiteit: 2, Activiteiten: []ipva.Activiteit{{Omschrijving: "Gezinsbegeleiding", Frequentie: "1x per week, 1 uur"}},
		VerwachteEinddatum: w.today.AddDate(0, 6, 0), Tekst: strings.Repeat("é", 1001)}
	refusal(t, w.svc.SubmitPlan(ctx, aanbieder, id, long), "1.001")
	long.Tekst = strings.Repeat("é", 1000)
	if err := w.svc.SubmitPlan(ctx, aanbieder, id, long); err != nil {
		t.Fatal(err)
	}
	refusal(t, w.svc.Review(ctx, toegang, id, traject.ReviewInput{Decision: traject.AkkoordVerschil}), "Licht toe")
	if err := w.svc.Review(ctx, toegang, id, traject.ReviewInput{Decision: traject.AkkoordJa}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SubmitAanvraag(ctx, toegang, id); err != nil {
		t.Fatal(err)
	}
	refusal(t, mustErr(w.svc.Decide(ctx, backoffice, id, traject.Decision{Toegekend: true, Ingangsdatum: w.today})), "Motiveer")

	// A failure in the middle of the decision leaves nothing behind.
	w.alloc.FailAfterToewijzing = true
	if _, err := w.svc.Decide(ctx, backoffice, id, traject.Decision{Toegekend: true, Ingangsdatum: w.today, Motivering: "Passend."}); !errors.Is(err, toewijzing.ErrInjected) {
		t.Fatalf("injected failure: %v", err)
	}
	for table, q := range map[string]string{
		"toewijzingen": "SELECT COUNT(*) FROM toewijzingen WHERE trajectory_id = ?",
		"ijw_messages": "SELECT COUNT(*) FROM ijw_messages m JOIN toewijzingen tw ON tw.id = m.toewijzing_id WHERE tw.trajectory_id = ?",
		"documents":    "SELECT COUNT(*) FROM documents WHERE trajectory_id = ?",
	} {
		if n := count(t, w.db, q, id); n != 0 {
			t.Fatalf("half-written decision: %d rows in %s", n, table)
		}
	}
	if v, _ = w.svc.Get(ctx, toegang, id, access.Hulpverlening); v.Step != traject.StepBesluit {
		t.Fatalf("step after failed decision: %s", v.Step)
	}
	w.alloc.FailAfterToewijzing = false

	tw, err := w.svc.Decide(ctx, backoffice, id, traject.Decision{Toegekend: true, Ingangsdatum: w.today, Einddatum: w.today.AddDate(0, 6, 0), Motivering: "Passend bij de resultaten."})
	if err != nil {
		t.Fatal(err)
	}
	if !tw.Beschikking || tw.ProductCategory != "50" || tw.ProductCode != "50H22" {
		t.Fatalf("toewijzing: %+v", tw)
	}
	// Deciding again is refused: the trajectory moved on; no second JW301.
	if _, err := w.svc.Decide(ctx, backoffice, id, traject.Decision{Toegekend: true, Ingangsdatum: w.today, Motivering: "x"}); !traject.IsRefusal(err) {
		t.Fatalf("second decision: %v", err)
	}
	if n := count(t, w.db, "SELECT COUNT(*) FROM ijw_messages m JOIN toewijzingen tw ON tw.id = m.toewijzing_id WHERE tw.trajectory_id = ? AND m.type = 'JW301'", id); n != 1 {
		t.Fatalf("%d JW301 messages, want 1", n)
	}
	if n := count(t, w.db, "SELECT COUNT(*) FROM documents WHERE kind = 'beschikking' AND trajectory_id = ?", id); n != 1 {
		t.Fatalf("%d beschikkingen, want 1", n)
	}
	var xml string
	w.db.QueryRow(ctx, "SELECT m.xml FROM ijw_messages m JOIN toewijzingen tw ON tw.id = m.toewijzing_id WHERE tw.trajectory_id = ?", id).Scan(&xml)
	m, err := ijw.Decode(strings.NewReader(xml))
	if err != nil {
		t.Fatalf("stored JW301 fails the XSD: %v", err)
	}
	if f := ijw.Validate(m); len(f) > 0 {
		t.Fatalf("stored JW301 breaks rules: %+v", f)
	}
	j := m.(*ijw.JW301)
	if j.Header.Afzender != "0855" || j.Header.Ontvanger != "98000001" || j.Client.Bsn != "321146487" ||
		j.Client.ToegewezenProducten.ToegewezenProduct[0].Product.Code != "50H22" {
		t.Fatalf("JW301 content: %+v", j.Header)
	}
}

func mustErr[T any](_ T, err error) error { return err }

func count(t *testing.T, db *database.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMyWorkOrderAndOwnership(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	toegang := w.users["toegang"]
	var ids []int64
	for i, c := range []struct {
		bsn  string
		days int
	}{{"321146487", 5}, {"864623112", 40}, {"111222333", 20}} {
		st, err := w.svc.Start(ctx, toegang, traject.StartInput{
			Client: client.Input{BSN: c.bsn, GivenName: "Kind", FamilyName: fmt.Sprint("Nummer", i), BirthDate: "2015-01-01",
				Street: "Markt", HouseNumber: "1", Postcode: "5000 AA", City: "Tilburg", MunicipalityID: w.orgs["Gemeente Tilburg"]},
			EersteMelding: w.today.AddDate(0, 0, -c.days).Format("2006-01-02"),
			Relations:     []traject.Relation{{Name: "Ouder", Relation: "ouder", Gezag: true}},
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, st.TrajectoryID)
	}
	before := countLog(t, w)
	all, err := w.svc.MyWork(ctx, toegang, 200)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Overdue != all[i].Overdue && !all[i-1].Overdue || all[i-1].Overdue == all[i].Overdue && all[i].Action.Due.Before(all[i-1].Action.Due) {
			t.Fatalf("not overdue first, then by due date: %+v", all)
		}
	}
	// Our three, registered 40, 20 and 5 days ago: due in -12, 8 and 23 days.
	var items []traject.WorkItem
	for _, it := range all {
		if it.TrajectoryID == ids[0] || it.TrajectoryID == ids[1] || it.TrajectoryID == ids[2] {
			items = append(items, it)
		}
	}
	if len(items) != 3 || items[0].TrajectoryID != ids[1] || !items[0].Overdue || items[1].TrajectoryID != ids[2] || items[2].TrajectoryID != ids[0] || items[1].Overdue {
		t.Fatalf("order: %+v", items)
	}
	if after := countLog(t, w); after-before != len(all) {
		t.Fatalf("%d log entries for %d youths shown", after-before, len(all))
	}
	// The provider owns none of these actions and sees none of these youths.
	theirs, err := w.svc.MyWork(ctx, w.users["aanbieder"], 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range theirs {
		if it.TrajectoryID == ids[0] || it.TrajectoryID == ids[1] || it.TrajectoryID == ids[2] {
			t.Fatalf("provider sees %+v", it)
		}
	}
}

func TestMyWorkPageLogsOnlyWhatIsShown(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	all, err := w.svc.MyWork(ctx, w.users["toegang"], 200)
	if err != nil || len(all) < 3 {
		t.Fatalf("need at least 3 actions in the demo, have %d (%v)", len(all), err)
	}
	before := countLog(t, w)
	items, more, err := w.svc.MyWorkPage(ctx, w.users["toegang"], 2)
	after := countLog(t, w)
	if err != nil || len(items) != 2 || !more || after-before != 2 {
		t.Fatalf("page of 2: %d items, more %v, %d entries, %v", len(items), more, after-before, err)
	}
	if items[0].TrajectoryID != all[0].TrajectoryID || items[1].TrajectoryID != all[1].TrajectoryID {
		t.Fatal("the page is not the most urgent actions")
	}
	if _, more, _ := w.svc.MyWorkPage(ctx, w.users["toegang"], len(all)); more {
		t.Fatal("more reported with every action shown")
	}
}

// Mijn werk is served from a cache between writes: it must still show a
// change at once, log every youth on every view, and show the same actions
// as the trajectories' own Next.
func TestMyWorkCachedYetCurrentAndLogged(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	toegang := w.users["toegang"]
	first, err := w.svc.MyWork(ctx, toegang, 200)
	if err != nil || len(first) == 0 {
		t.Fatalf("%d items, %v", len(first), err)
	}
	for _, it := range first {
		v, err := w.svc.Get(ctx, toegang, it.TrajectoryID, access.Hulpverlening)
		if err != nil {
			t.Fatal(err)
		}
		if !v.HasNext || it.Action != v.Next {
			t.Fatalf("trajectory %d: Mijn werk shows %+v, the trajectory's next action is %+v", it.TrajectoryID, it.Action, v.Next)
		}
	}
	for range 2 {
		before := countLog(t, w)
		again, err := w.svc.MyWork(ctx, toegang, 200)
		if err != nil || len(again) != len(first) {
			t.Fatalf("%d items, %v", len(again), err)
		}
		if d := countLog(t, w) - before; d != len(again) {
			t.Fatalf("a repeated view logged %d entries for %d youths", d, len(again))
		}
	}
	st, err := w.svc.Start(ctx, toegang, traject.StartInput{
		Client: client.Input{BSN: "321146487", GivenName: "Nieuw", FamilyName: "Kind", BirthDate: "2015-01-01",
			Street: "Markt", HouseNumber: "1", Postcode: "5000 AA", City: "Tilburg", MunicipalityID: w.orgs["Gemeente Tilburg"]},
		EersteMelding: w.today.AddDate(0, 0, -60).Format("2006-01-02"),
		Relations:     []traject.Relation{{Name: "Ouder", Relation: "ouder", Gezag: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	now, err := w.svc.MyWork(ctx, toegang, 200)
	if err != nil || len(now) != len(first)+1 || now[0].TrajectoryID != st.TrajectoryID || !now[0].Overdue {
		t.Fatalf("right after a new, overdue trajectory: %d items (was %d), first %+v, %v", len(now), len(first), now[0], err)
	}
}

func countLog(t *testing.T, w *world) int {
	t.Helper()
	n, err := access.CountEntries(context.Background(), w.db)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
