package levering_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
)

// TestGarantie: after the definitive end of care the provider resumes care
// under the garantie, up to 3 calendar months later: recorded with who came
// back, told in the case's history, and no message to the municipality.
// Before a definitive end, after the 3 months, with a date before the end
// or in the future, or by another organisation, it is refused in Dutch.
func TestGarantie(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	in := levering.GarantieInput{GemeldDoor: "gezin", Toelichting: "Weer veel ruzie in de ochtend, dezelfde klachten als eerder."}

	in.Begindatum = day(2026, time.December, 8)
	_, err := wd.svc.HervatOnderGarantie(ctx, wd.provider, wd.tw.ID, in)
	refused(t, err, "pas als de zorg op deze toewijzing definitief is beëindigd")

	if _, err := wd.svc.Start(ctx, wd.provider, wd.tw.ID, day(2026, time.December, 4)); err != nil {
		t.Fatal(err)
	}
	wd.now = time.Date(2027, time.January, 20, 9, 0, 0, 0, time.UTC)
	if _, err := wd.svc.Stop(ctx, wd.provider, wd.tw.ID, levering.StopInput{Einddatum: day(2027, time.January, 15), Reden: "20"}); err != nil {
		t.Fatal(err)
	}
	in.Begindatum = day(2027, time.January, 19)
	_, err = wd.svc.HervatOnderGarantie(ctx, wd.provider, wd.tw.ID, in)
	refused(t, err, "definitief is beëindigd")
	if _, err := wd.svc.Stop(ctx, wd.provider, wd.tw.ID, levering.StopInput{Einddatum: day(2027, time.January, 15), Reden: "31"}); err != nil {
		t.Fatal(err)
	}
	before := len(wd.messages(t, "JW305")) + len(wd.messages(t, "JW307"))

	wd.now = time.Date(2027, time.May, 3, 9, 0, 0, 0, time.UTC)
	in.Begindatum = day(2027, time.January, 15)
	_, err = wd.svc.HervatOnderGarantie(ctx, wd.provider, wd.tw.ID, in)
	fieldError(t, err, "begindatum", "eindigde op 15-01-2027")
	in.Begindatum = day(2027, time.May, 4)
	_, err = wd.svc.HervatOnderGarantie(ctx, wd.provider, wd.tw.ID, in)
	fieldError(t, err, "begindatum", "in de toekomst")
	in.Begindatum = day(2027, time.April, 16)
	_, err = wd.svc.HervatOnderGarantie(ctx, wd.provider, wd.tw.ID, in)
	refused(t, err, "de garantie liep tot en met 15-04-2027")
	_, err = wd.svc.HervatOnderGarantie(ctx, wd.provider, wd.tw.ID, levering.GarantieInput{Begindatum: day(2027, time.April, 1), GemeldDoor: "buurman"})
	fieldError(t, err, "gemeld_door", "Kies wie zich opnieuw meldde")

	toegang := wd.w.As(wd.w.Orgs["Toegang Tilburg"], access.Toegangsmedewerker)
	in.Begindatum = day(2027, time.April, 15)
	_, err = wd.svc.HervatOnderGarantie(ctx, toegang, wd.tw.ID, in)
	refused(t, err, "Alleen de aanbieder")

	g, err := wd.svc.HervatOnderGarantie(ctx, wd.provider, wd.tw.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if g.ID == 0 || !g.EindeZorg.Equal(day(2027, time.January, 15)) {
		t.Fatalf("garantie %+v", g)
	}
	gs, err := levering.Garanties(ctx, wd.db, wd.tw.ID)
	if err != nil || len(gs) != 1 || gs[0].GemeldDoorLabel() != "De jeugdige of het gezin" || !gs[0].Begindatum.Equal(day(2027, time.April, 15)) {
		t.Fatalf("garanties %+v %v", gs, err)
	}
	if after := len(wd.messages(t, "JW305")) + len(wd.messages(t, "JW307")); after != before {
		t.Fatalf("a resumption under the garantie sent %d messages", after-before)
	}
	var what string
	wd.db.QueryRow(ctx, "SELECT what FROM events WHERE trajectory_id = ? AND kind = 'garantie'", wd.traject).Scan(&what)
	if !strings.Contains(what, "Zorg hervat onder garantie op 15-04-2027") || !strings.Contains(what, "zonder declaratie") {
		t.Fatalf("history: %q", what)
	}
}
