package levering

import (
	"context"
	"errors"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
)

// VraagWijziging is the provider's verzoek om wijziging (JW317) on
// toewijzing id while care runs: a new end date for every current product
// (toewijzing.VraagWijziging builds and checks it). It is written with its
// history event in one gate transaction; the municipality's receipt puts
// the decision on its back office's Mijn werk. Care that ended for good is
// not changed: a new request goes through the route again.
func (s *Service) VraagWijziging(ctx context.Context, p access.Principal, id int64, in toewijzing.WijzigingInput) (berichten.Bericht, error) {
	var b berichten.Bericht
	err := s.change(ctx, p, id, func(tx *database.Tx, t toegewezen, now time.Time) error {
		ls, err := OfTrajectory(ctx, tx, t.trajectoryID)
		if err != nil {
			return err
		}
		if _, _, ended := GarantieTot(ls); ended {
			return refuse("De zorg is beëindigd. Een nieuwe of veranderde hulpvraag gaat opnieuw via de verwijzer.")
		}
		b, err = toewijzing.VraagWijziging(ctx, tx, t.tw, t.trajectoryID, t.jw301, in, now)
		var r *toewijzing.Refusal
		if errors.As(err, &r) {
			return &Refusal{Reason: r.Reason}
		}
		if err != nil {
			return err
		}
		return record(ctx, tx, t.trajectoryID, "wijziging_gevraagd", "Verzoek om wijziging (JW317) "+b.Identificatie+" verstuurd: einddatum naar "+kalender.Datum(in.Einddatum), p.UserID, p.OrgID, now)
	})
	return b, err
}
