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
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Afwijzing writes the beschikking of a refused request in the caller's
// transaction: the same decision letter with the refusal, its motivation
// and the bezwaar clause, to the family at the youth's address. A refusal
// is a decision under the Jeugdwet, so it is written also where the
// municipality grants beschikkingsvrij: only granted care can go without a
// beschikking. It returns the stored document's id.
func Afwijzing(ctx context.Context, tx *database.Tx, r Request, now time.Time) (int64, error) {
	mun, err := organisation.Get(ctx, tx, r.MunicipalityID)
	if err != nil {
		return 0, err
	}
	c := r.Client
	to := r.Parent
	if to == "" || client.AgeOn(c.BirthDate, now) >= 16 {
		to = c.Name()
	}
	asked := ""
	if a, err := arrangement.Get(r.Arrangement); err == nil {
		if code, err := arrangement.Code(r.Arrangement, r.Intensiteit); err == nil {
			asked = fmt.Sprintf("Arrangement %d (%s), %s", a.Nummer, a.Naam, code)
		}
	}
	provider := ""
	if r.ProviderID != 0 {
		if o, err := organisation.Get(ctx, tx, r.ProviderID); err == nil {
			provider = o.Name
		}
	}
	var buf bytes.Buffer
	err = document.RenderBeschikking(&buf, document.Beschikking{
		Afzender: document.Afzender{Gemeente: mun.Name, Afdeling: "Team Jeugd"},
		Datum:    now, Kenmerk: fmt.Sprintf("JW-%d-A%06d", now.Year(), r.TrajectoryID),
		Aan:          document.Adres{Naam: to, Adres: c.Street + " " + c.HouseNumber, Postcode: c.Postcode, Plaats: c.City},
		JeugdigeNaam: c.Name(), JeugdigeGeboortedatum: c.BirthDate,
		Besluit: document.Afgewezen, Product: asked, Aanbieder: provider, Motivering: r.Motivering,
	})
	if err != nil {
		return 0, fmt.Errorf("beschikking of refusal for trajectory %d: %w", r.TrajectoryID, err)
	}
	return document.Save(ctx, tx, document.Stored{TrajectoryID: r.TrajectoryID, Kind: document.KindBeschikking, Title: document.TitelBeschikking, PDF: buf.Bytes(), CreatedAt: now})
}
