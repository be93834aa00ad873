package toewijzing

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Afwijzing writes the beschikking of a refused request in the caller's
// transaction: the same decision letter with the refusal, its motivation
// and the bezwaar clause, to the family at the youth's address. A refusal
// is a decision under the Jeugdwet, so it is written also where the
// municipality grants beschikkingsvrij: only granted care can go without a
// beschikking. It returns the stored document's id.
func Afwijzing(ctx context.Context, tx *database.Tx, r Request, now time.Time) (int64, error) {
	f, err := load(ctx, tx, r)
	if err != nil {
		return 0, err
	}
	now = now.In(kalender.Amsterdam())
	c := r.Client
	asked := ""
	if ps, err := arrangement.IJwProducten(r.Arrangement, r.Intensiteit, r.Step5a, r.Products); err == nil {
		asked = productText(r, ps)
	}
	var buf bytes.Buffer
	err = document.RenderBeschikking(&buf, document.Beschikking{
		Afzender: afzender(f.municipality), Ondertekenaar: r.Besluiter,
		Datum: now, Kenmerk: fmt.Sprintf("JW-%d-A%06d", now.Year(), r.TrajectoryID),
		Aan:            document.Adres{Naam: c.Name(), Adres: c.Street + " " + c.HouseNumber, Postcode: c.Postcode, Plaats: c.City},
		Geadresseerden: Addressees(c.Name(), parents(r, f), client.AgeOn(c.BirthDate, now)),
		JeugdigeNaam:   c.Name(), JeugdigeGeboortedatum: c.BirthDate,
		Besluit: document.Afgewezen, Product: asked, Aanbieder: f.provider.Name, Motivering: r.Motivering, Contact: r.Contact,
	})
	if err != nil {
		return 0, fmt.Errorf("beschikking of refusal for trajectory %d: %w", r.TrajectoryID, err)
	}
	return document.Save(ctx, tx, document.Stored{TrajectoryID: r.TrajectoryID, Kind: document.KindBeschikking, Title: document.TitelBeschikking, PDF: buf.Bytes(), CreatedAt: now})
}
