package levering_test

import (
	"context"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
)

// receive runs a handler as the exchange does: in a transaction of its
// own, with the stored message and its decoded form.
func (wd *world) receive(t *testing.T, h levering.Handler, b berichten.Bericht, m ijw.Message) {
	t.Helper()
	if b.ProcessedAt.IsZero() {
		b.ProcessedAt = wd.now
	}
	if err := wd.db.Do(context.Background(), func(tx *database.Tx) error { return h(context.Background(), tx, b, m) }); err != nil {
		t.Fatal(err)
	}
}

func (wd *world) step(t *testing.T) string {
	t.Helper()
	var s string
	if err := wd.db.QueryRow(context.Background(), "SELECT step FROM trajectories WHERE id = ?", wd.traject).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestReceiveFromProviderOnPlatform: the provider's own JW305 and JW307
// arrive at the municipality; the levering the provider wrote is marked
// processed, the case history says so once, however often they arrive.
func TestReceiveFromProviderOnPlatform(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	if _, err := wd.svc.Start(ctx, wd.provider, wd.tw.ID, day(2026, 12, 4)); err != nil {
		t.Fatal(err)
	}
	if _, err := wd.svc.Stop(ctx, wd.provider, wd.tw.ID, levering.StopInput{Einddatum: day(2026, 12, 7), Reden: "31"}); err != nil {
		t.Fatal(err)
	}
	step := wd.step(t)
	start := wd.messages(t, ijw.TypeJW305)[0]
	stop := wd.messages(t, ijw.TypeJW307)[0]
	for range 2 {
		wd.receive(t, levering.HandleJW305, start, wd.checkMessage(t, start))
		wd.receive(t, levering.HandleJW307, stop, wd.checkMessage(t, stop))
	}
	if got := wd.events(t, levering.EventGestart); len(got) != 1 || got[0] != "Zorg gestart op 04-12-2026" {
		t.Errorf("zorg gestart: %q", got)
	}
	if got := wd.events(t, levering.EventBeeindigd); len(got) != 1 || got[0] != "Zorg beëindigd op 07-12-2026 (Levering is volgens plan beëindigd)" {
		t.Errorf("zorg beëindigd: %q", got)
	}
	ls, _ := levering.Of(ctx, wd.db, wd.tw.ID)
	if len(ls) != 1 || ls[0].Bron != levering.BronAanbieder || ls[0].Status != levering.Beeindigd || ls[0].GemeenteStartAt.IsZero() || ls[0].GemeenteStopAt.IsZero() {
		t.Fatalf("leveringen: %+v", ls)
	}
	if s := wd.step(t); s != step {
		t.Errorf("the route moved from %s to %s", step, s)
	}
}

// TestReceiveFromProviderOutside: a provider outside the platform sends
// its messages through the folder drop; the municipality's receipt writes
// the levering and keeps it up to date, stop after stop.
func TestReceiveFromProviderOutside(t *testing.T) {
	wd := newWorld(t)
	b, err := berichten.Latest(context.Background(), wd.db, wd.traject, ijw.TypeJW301)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := b.Decode()
	jw301 := m.(*ijw.JW301)
	tp := jw301.Client.ToegewezenProducten.ToegewezenProduct[0]
	nr := tp.ToewijzingNummer
	c := jw301.Client
	naam := ijw.VerkorteNaam{Geslachtsnaam: c.Naam.Geslachtsnaam, Voornamen: c.Naam.Voornamen, Voorletters: c.Naam.Voorletters}
	bi := func(id string) ijw.BerichtIdentificatie {
		return ijw.BerichtIdentificatie{Identificatie: id, Dagtekening: "2026-12-08"}
	}
	xv := ijw.XsdVersie{BasisschemaXsdVersie: "0.1.0", BerichtXsdVersie: "0.1.0"}
	start := &ijw.JW305{
		Header: ijw.JW305Header{BerichtCode: "438", BerichtVersie: 3, BerichtSubversie: 2, Afzender: jw301.Header.Ontvanger, Ontvanger: jw301.Header.Afzender,
			BerichtIdentificatie: bi("EXT-1"), XsdVersie: xv},
		Client: ijw.JW305Client{Bsn: c.Bsn, Geboortedatum: c.Geboortedatum, Geslacht: c.Geslacht, Naam: naam,
			StartProducten: ijw.JW305StartProducten{StartProduct: []ijw.JW305StartProduct{{ToewijzingNummer: &nr, Product: tp.Product,
				ToewijzingIngangsdatum: tp.Ingangsdatum, Begindatum: "2026-12-04", StatusAanlevering: "1"}}}},
	}
	stop := func(id, reden, eind, status string) *ijw.JW307 {
		return &ijw.JW307{
			Header: ijw.JW307Header{BerichtCode: "440", BerichtVersie: 3, BerichtSubversie: 2, Afzender: jw301.Header.Ontvanger, Ontvanger: jw301.Header.Afzender,
				BerichtIdentificatie: bi(id), XsdVersie: xv},
			Client: ijw.JW307Client{Bsn: c.Bsn, Geboortedatum: c.Geboortedatum, Geslacht: c.Geslacht, Naam: naam,
				StopProducten: ijw.JW307StopProducten{StopProduct: []ijw.JW307StopProduct{{ToewijzingNummer: &nr, Product: tp.Product,
					ToewijzingIngangsdatum: tp.Ingangsdatum, Begindatum: "2026-12-04", RedenBeeindiging: reden, Einddatum: ijw.Date(eind), StatusAanlevering: status}}}},
		}
	}
	at := berichten.Bericht{ProcessedAt: time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC)}
	wd.receive(t, levering.HandleJW305, at, start)
	wd.receive(t, levering.HandleJW305, at, start) // delivered twice
	ls, _ := levering.Of(context.Background(), wd.db, wd.tw.ID)
	if len(ls) != 1 || ls[0].Bron != levering.BronGemeente || ls[0].Status != levering.Gestart || !ls[0].Begindatum.Equal(day(2026, 12, 4)) {
		t.Fatalf("after the JW305: %+v", ls)
	}
	// A provider on the platform cannot start the same key again (TR074).
	_, err = wd.svc.Start(context.Background(), wd.provider, wd.tw.ID, day(2026, 12, 4))
	refused(t, err, "al gestart")

	wd.receive(t, levering.HandleJW307, at, stop("EXT-2", "20", "2026-12-05", "1"))
	wd.receive(t, levering.HandleJW307, at, stop("EXT-3", "31", "2026-12-07", "1"))
	ls, _ = levering.Of(context.Background(), wd.db, wd.tw.ID)
	if l := ls[0]; l.Status != levering.Beeindigd || !l.TijdelijkEinddatum.Equal(day(2026, 12, 5)) || !l.Einddatum.Equal(day(2026, 12, 7)) {
		t.Fatalf("after the stops: %+v", l)
	}
	// The definitive stop deleted: the temporary one is back.
	wd.receive(t, levering.HandleJW307, at, stop("EXT-4", "31", "2026-12-07", "3"))
	ls, _ = levering.Of(context.Background(), wd.db, wd.tw.ID)
	if l := ls[0]; l.Status != levering.TijdelijkGestopt || l.RedenBeeindiging != "20" || !l.Einddatum.Equal(day(2026, 12, 5)) {
		t.Fatalf("after deleting the definitive stop: %+v", l)
	}
	want := []string{"Zorg beëindigd op 05-12-2026 (Levering is tijdelijk beëindigd)", "Zorg beëindigd op 07-12-2026 (Levering is volgens plan beëindigd)"}
	if got := wd.events(t, levering.EventBeeindigd); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("history: %q", got)
	}
	if got := wd.events(t, levering.EventGecorrigeerd); len(got) != 1 {
		t.Errorf("correction history: %q", got)
	}
}
