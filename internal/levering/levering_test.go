package levering_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/testkit"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// world is a demo region with one Toegang case allocated on Thursday 3
// December 2026 (toewijzing from that day for six months) and the
// levering service at a moment the test sets.
type world struct {
	db       *database.DB
	w        *demo.Walker
	svc      *levering.Service
	now      time.Time
	tw       toewijzing.Toewijzing
	traject  int64
	provider access.Principal
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newWorld(t *testing.T) *world {
	t.Helper()
	kit := testkit.New(t, time.Date(2026, time.December, 3, 10, 0, 0, 0, time.UTC))
	ctx := context.Background()
	st, err := kit.Walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: "321146487", Given: "Mila", Family: "van den Berg", Age: 13, Street: "Korvelseweg",
		House: "8a", Postcode: "5025 JA", City: "Tilburg", Municipality: "Tilburg", Parent: "Anouk van den Berg", MeldingDaysAgo: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := kit.Walk.To(ctx, st.TrajectoryID, traject.StepToegewezen); err != nil {
		t.Fatal(err)
	}
	tw, err := toewijzing.Of(ctx, kit.DB, st.TrajectoryID)
	if err != nil || tw == nil {
		t.Fatalf("toewijzing: %v %v", tw, err)
	}
	wd := &world{db: kit.DB, w: kit.Walk, tw: *tw, traject: st.TrajectoryID, now: time.Date(2026, time.December, 8, 9, 0, 0, 0, time.UTC)}
	gate := access.NewGate(kit.DB)
	gate.Now = func() time.Time { return wd.now }
	wd.svc = levering.New(gate)
	wd.svc.Now = gate.Now
	wd.provider = kit.Walk.As(tw.ProviderID, access.Jeugdhulpaanbieder)
	return wd
}

func refused(t *testing.T, err error, want string) {
	t.Helper()
	if !levering.IsRefusal(err) || !strings.Contains(err.Error(), want) {
		t.Fatalf("want a refusal containing %q, got %v", want, err)
	}
}

func fieldError(t *testing.T, err error, field, want string) {
	t.Helper()
	var fe levering.FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe[field], want) {
		t.Fatalf("want field %s: %q, got %v", field, want, err)
	}
}

// messages returns the stored messages of type typ of the case, oldest
// first.
func (wd *world) messages(t *testing.T, typ ijw.MessageType) []berichten.Bericht {
	t.Helper()
	all, err := berichten.Of(context.Background(), wd.db, wd.traject)
	if err != nil {
		t.Fatal(err)
	}
	var out []berichten.Bericht
	for _, b := range all {
		if b.Type == typ {
			out = append(out, b)
		}
	}
	return out
}

// checkMessage holds a stored JW305 or JW307 to what the municipality
// applies on receipt: the XSD (our decoder and xmllint), the in-message
// rules and the cross-message rules against everything exchanged before.
func (wd *world) checkMessage(t *testing.T, b berichten.Bericht) ijw.Message {
	t.Helper()
	m, err := b.Decode()
	if err != nil {
		t.Fatalf("%s %s: %v", b.Type, b.Identificatie, err)
	}
	// What the municipality knew when it arrived: every message before it.
	all, err := berichten.Of(context.Background(), wd.db, wd.traject)
	if err != nil {
		t.Fatal(err)
	}
	k := ijw.NewMemory()
	for _, o := range all {
		if o.ID < b.ID {
			om, err := o.Decode()
			if err != nil {
				t.Fatal(err)
			}
			k.Record(om)
		}
	}
	for _, f := range append(ijw.Validate(m), ijw.CheckCross(m, k)...) {
		t.Errorf("%s %s breaks %s: %s", b.Type, b.Identificatie, f.Rule.Code, f.Msg)
	}
	xmllintCheck(t, string(b.Type), string(b.XML))
	return m
}

func xmllintCheck(t *testing.T, typ, xml string) {
	t.Helper()
	xsd, _ := filepath.Abs("../ijw/testdata/xsd/" + typ + ".xsd")
	bin, err := exec.LookPath("xmllint")
	if _, serr := os.Stat(xsd); err != nil || serr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: xmllint or %s missing", xsd)
		}
		t.Logf("xmllint-controle overgeslagen: xmllint of de XSD ontbreekt")
		return
	}
	f := filepath.Join(t.TempDir(), typ+".xml")
	os.WriteFile(f, []byte(xml), 0o644)
	if out, err := exec.Command(bin, "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
		t.Fatalf("xmllint rejects the %s: %s", typ, out)
	}
}

func (wd *world) events(t *testing.T, kind string) []string {
	t.Helper()
	rows, err := wd.db.Query(context.Background(), "SELECT what FROM events WHERE trajectory_id = ? AND kind = ? ORDER BY id", wd.traject, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func TestStartAndStop(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	p := wd.provider

	// A stop before any start is refused (TR382).
	_, err := wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 7), Reden: "31"})
	refused(t, err, "Meld eerst de start")

	res, err := wd.svc.Start(ctx, p, wd.tw.ID, day(2026, 12, 4))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Leveringen) != 1 || res.Leveringen[0].Status != levering.Gestart || res.Waarschuwing != "" {
		t.Fatalf("start: %+v", res)
	}
	l := res.Leveringen[0]
	if l.ToewijzingNummer != wd.tw.ProductNummer(0) || l.ProductCode != wd.tw.ProductCode || !l.ToewijzingIngangsdatum.Equal(day(2026, 12, 3)) {
		t.Errorf("levering key: %+v, toewijzing %+v", l, wd.tw)
	}
	starts := wd.messages(t, ijw.TypeJW305)
	if len(starts) != 1 {
		t.Fatalf("%d JW305s", len(starts))
	}
	m := wd.checkMessage(t, starts[0]).(*ijw.JW305)
	sp := m.Client.StartProducten.StartProduct[0]
	if m.Client.Bsn != "321146487" || sp.StatusAanlevering != "1" || sp.Begindatum != "2026-12-04" || *sp.ToewijzingNummer != wd.tw.Nummer {
		t.Errorf("JW305: %+v %+v", m.Client, sp)
	}

	// One current start per product (TR326).
	_, err = wd.svc.Start(ctx, p, wd.tw.ID, day(2026, 12, 5))
	refused(t, err, "al gestart op 04-12-2026")

	// A temporary stop, then a second temporary one is refused (TR413),
	// then a definitive stop without a new start (OP377).
	res, err = wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 6), Reden: levering.RedenTijdelijk})
	if err != nil {
		t.Fatal(err)
	}
	if res.Leveringen[0].Status != levering.TijdelijkGestopt {
		t.Fatalf("temporary stop: %+v", res.Leveringen[0])
	}
	_, err = wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 7), Reden: levering.RedenTijdelijk})
	refused(t, err, "TR413")
	_, err = wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 5), Reden: "31"})
	fieldError(t, err, "einddatum", "TR414")
	res, err = wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 7), Reden: "31"})
	if err != nil {
		t.Fatal(err)
	}
	l = res.Leveringen[0]
	if l.Status != levering.Beeindigd || l.RedenBeeindiging != "31" || !l.Einddatum.Equal(day(2026, 12, 7)) || !l.TijdelijkEinddatum.Equal(day(2026, 12, 6)) {
		t.Fatalf("definitive stop: %+v", l)
	}
	// Only one definitive stop per start (TR415): nothing runs any more.
	_, err = wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 8), Reden: "32"})
	refused(t, err, "geen gestarte zorg")

	stops := wd.messages(t, ijw.TypeJW307)
	if len(stops) != 2 {
		t.Fatalf("%d JW307s", len(stops))
	}
	for _, b := range stops {
		m := wd.checkMessage(t, b).(*ijw.JW307)
		if sp := m.Client.StopProducten.StopProduct[0]; sp.Begindatum != "2026-12-04" || sp.StatusAanlevering != "1" {
			t.Errorf("JW307 %s repeats the start's key: %+v", b.Identificatie, sp)
		}
	}
	if got := wd.events(t, "levering_gemeld"); len(got) != 3 || got[0] != "Start van de zorg op 04-12-2026 gemeld aan de gemeente (JW305)" {
		t.Errorf("provider's history: %q", got)
	}

	// After the stop care may start again (OP379).
	if _, err := wd.svc.Start(ctx, p, wd.tw.ID, day(2026, 12, 8)); err != nil {
		t.Fatalf("start after a definitive stop: %v", err)
	}
	wd.checkMessage(t, wd.messages(t, ijw.TypeJW305)[1])
}

func TestStartAfterTemporaryStop(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	if _, err := wd.svc.Start(ctx, wd.provider, wd.tw.ID, day(2026, 12, 3)); err != nil {
		t.Fatal(err)
	}
	if _, err := wd.svc.Stop(ctx, wd.provider, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 4), Reden: "20"}); err != nil {
		t.Fatal(err)
	}
	// OP289/OP379: after a temporary stop a new start is allowed.
	res, err := wd.svc.Start(ctx, wd.provider, wd.tw.ID, day(2026, 12, 7))
	if err != nil {
		t.Fatal(err)
	}
	if res.Leveringen[0].Status != levering.Gestart {
		t.Fatalf("%+v", res)
	}
	ls, _ := levering.Of(ctx, wd.db, wd.tw.ID)
	if len(ls) != 2 || ls[0].Status != levering.TijdelijkGestopt {
		t.Fatalf("leveringen: %+v", ls)
	}
}

func TestCorrections(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	p := wd.provider
	res, err := wd.svc.Start(ctx, p, wd.tw.ID, day(2026, 12, 4))
	if err != nil {
		t.Fatal(err)
	}
	first := res.Leveringen[0]
	// The begin date: delete (3) and send again (1), in one JW305.
	res, err = wd.svc.CorrectStart(ctx, p, wd.tw.ID, first.ID, day(2026, 12, 3))
	if err != nil {
		t.Fatal(err)
	}
	second := res.Leveringen[0]
	starts := wd.messages(t, ijw.TypeJW305)
	if len(starts) != 3 {
		t.Fatalf("%d JW305s, want the start, its deletion and the new start", len(starts))
	}
	del := wd.checkMessage(t, starts[1]).(*ijw.JW305).Client.StartProducten.StartProduct
	nu := wd.checkMessage(t, starts[2]).(*ijw.JW305).Client.StartProducten.StartProduct
	if len(del) != 1 || del[0].StatusAanlevering != "3" || del[0].Begindatum != "2026-12-04" || len(nu) != 1 || nu[0].StatusAanlevering != "1" || nu[0].Begindatum != "2026-12-03" {
		t.Fatalf("correction JW305s: %+v then %+v", del, nu)
	}
	ls, _ := levering.Of(ctx, wd.db, wd.tw.ID)
	if len(ls) != 2 || ls[0].Status != levering.Verwijderd || ls[1].Status != levering.Gestart || !ls[1].Begindatum.Equal(day(2026, 12, 3)) {
		t.Fatalf("after the correction: %+v", ls)
	}
	// The deleted start can no longer be corrected.
	_, err = wd.svc.CorrectStart(ctx, p, wd.tw.ID, first.ID, day(2026, 12, 5))
	refused(t, err, "al verwijderd")

	// A stop; the start cannot be corrected under it (TR071).
	if _, err := wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 7), Reden: "31"}); err != nil {
		t.Fatal(err)
	}
	_, err = wd.svc.CorrectStart(ctx, p, wd.tw.ID, second.ID, day(2026, 12, 4))
	refused(t, err, "TR071")
	// Only the end date changes: not part of the stop's key, so the
	// deletion and the new stop go in two messages (IV008).
	res, err = wd.svc.CorrectStop(ctx, p, wd.tw.ID, second.ID, levering.StopInput{Einddatum: day(2026, 12, 8), Reden: "31"})
	if err != nil {
		t.Fatal(err)
	}
	if l := res.Leveringen[0]; l.Status != levering.Beeindigd || !l.Einddatum.Equal(day(2026, 12, 8)) {
		t.Fatalf("corrected stop: %+v", l)
	}
	// The reason changes.
	if _, err := wd.svc.CorrectStop(ctx, p, wd.tw.ID, second.ID, levering.StopInput{Einddatum: day(2026, 12, 8), Reden: "34"}); err != nil {
		t.Fatal(err)
	}
	stops := wd.messages(t, ijw.TypeJW307)
	if len(stops) != 5 {
		t.Fatalf("%d JW307s, want the stop and twice a deletion and a new stop", len(stops))
	}
	var shapes []string
	for _, b := range stops {
		m := wd.checkMessage(t, b).(*ijw.JW307)
		var s []string
		for _, sp := range m.Client.StopProducten.StopProduct {
			s = append(s, sp.StatusAanlevering+":"+sp.RedenBeeindiging+":"+string(sp.Einddatum))
		}
		shapes = append(shapes, strings.Join(s, "+"))
	}
	if got := strings.Join(shapes, " "); got != "1:31:2026-12-07 3:31:2026-12-07 1:31:2026-12-08 3:31:2026-12-08 1:34:2026-12-08" {
		t.Errorf("JW307s: %s", got)
	}
	// Deleting the stop only brings the start back.
	res, err = wd.svc.CorrectStop(ctx, p, wd.tw.ID, second.ID, levering.StopInput{})
	if err != nil {
		t.Fatal(err)
	}
	if l := res.Leveringen[0]; l.Status != levering.Gestart || !l.Einddatum.IsZero() {
		t.Fatalf("after deleting the stop: %+v", l)
	}
}

func TestOnlyTheProviderStarts(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	// The municipality sees the case but does not report care.
	backoffice := wd.w.As(wd.w.Orgs["Gemeente Tilburg"], access.Backoffice)
	_, err := wd.svc.Start(ctx, backoffice, wd.tw.ID, day(2026, 12, 4))
	refused(t, err, "Alleen de aanbieder van deze toewijzing")
	// Another provider does not even find it.
	var other int64
	for name, id := range wd.w.Orgs {
		if id != wd.tw.ProviderID && strings.Contains(name, "Jeugdhulp") && name != "Toegang Tilburg" {
			other = id
		}
	}
	if other != 0 {
		_, err = wd.svc.Start(ctx, wd.w.As(other, access.Jeugdhulpaanbieder), wd.tw.ID, day(2026, 12, 4))
		if !errors.Is(err, levering.ErrNotFound) {
			t.Fatalf("another provider: %v", err)
		}
	}
	if _, err := wd.svc.Start(ctx, wd.provider, 999999, day(2026, 12, 4)); !errors.Is(err, levering.ErrNotFound) {
		t.Fatalf("unknown toewijzing: %v", err)
	}
	if ls, err := wd.svc.List(ctx, backoffice, wd.tw.ID, access.Toewijzing); err != nil || len(ls) != 0 {
		t.Fatalf("the municipality's list: %v %v", ls, err)
	}
}

func TestDates(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	p := wd.provider
	_, err := wd.svc.Start(ctx, p, wd.tw.ID, time.Time{})
	fieldError(t, err, "begindatum", "Vul de datum in")
	_, err = wd.svc.Start(ctx, p, wd.tw.ID, day(2026, 12, 9))
	fieldError(t, err, "begindatum", "nog niet begonnen")
	_, err = wd.svc.Start(ctx, p, wd.tw.ID, day(2026, 12, 2))
	fieldError(t, err, "begindatum", "voor de ingangsdatum van de toewijzing, 03-12-2026")
	_, err = wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 7), Reden: "99"})
	fieldError(t, err, "reden", "Kies de reden")
	if n := len(wd.messages(t, ijw.TypeJW305)); n != 0 {
		t.Fatalf("%d JW305s after refusals", n)
	}

	// Late: care began on Thursday 3 December; five working days end on
	// Thursday 10 December. Reported on Monday 14 December: a warning.
	wd.now = time.Date(2026, time.December, 14, 9, 0, 0, 0, time.UTC)
	res, err := wd.svc.Start(ctx, p, wd.tw.ID, day(2026, 12, 3))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Waarschuwing, "uiterlijk 10-12-2026, OP271") {
		t.Errorf("late start warning: %q", res.Waarschuwing)
	}
	if ls, _ := levering.Of(ctx, wd.db, wd.tw.ID); ls[0].Waarschuwing() != res.Waarschuwing {
		t.Errorf("stored warning: %q", ls[0].Waarschuwing())
	}
	// A stop on Friday 4 December, reported on the 14th: late too.
	res, err = wd.svc.Stop(ctx, p, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 4), Reden: "31"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Waarschuwing, "uiterlijk 11-12-2026, OP272") {
		t.Errorf("late stop warning: %q", res.Waarschuwing)
	}
}

func TestStartObligation(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	err := wd.db.Do(ctx, func(tx *database.Tx) error {
		return levering.OpenStartObligation(ctx, tx, wd.tw, wd.w.Now)
	})
	if err != nil {
		t.Fatal(err)
	}
	var label string
	var due time.Time
	if err := wd.db.QueryRow(ctx, "SELECT label, due_at FROM obligations WHERE trajectory_id = ? AND kind = ? AND done_at IS NULL", wd.traject, levering.KindStart).Scan(&label, &due); err != nil {
		t.Fatal(err)
	}
	// From Thursday 3 December, five working days: Thursday 10 December.
	if label != "Start van de zorg melden (JW305)" || due.In(time.UTC).Format("2006-01-02") != "2026-12-10" {
		t.Errorf("obligation %q due %s", label, due)
	}
	if _, err := wd.svc.Start(ctx, wd.provider, wd.tw.ID, day(2026, 12, 4)); err != nil {
		t.Fatal(err)
	}
	var open int
	wd.db.QueryRow(ctx, "SELECT COUNT(*) FROM obligations WHERE trajectory_id = ? AND kind = ? AND done_at IS NULL", wd.traject, levering.KindStart).Scan(&open)
	if open != 0 {
		t.Errorf("the start obligation stays open after the start")
	}
}
