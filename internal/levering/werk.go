package levering

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// OpenStartObligation puts "Start van de zorg melden (JW305)" on the
// provider's Mijn werk, in the allocation's transaction tx. The term
// counts from the toewijzing's Ingangsdatum, or from now when the
// toewijzing is retroactive (OP271: 5 working days after receiving the
// JW301); the care may start later, so the date is when the provider
// should at the latest look at it. Start fulfils it.
//
// Call it after the transition that closes the route's step obligations
// (werk.Fulfil closes every open obligation of the trajectory except
// questions), or it is closed with them.
func OpenStartObligation(ctx context.Context, tx *database.Tx, tw toewijzing.Toewijzing, now time.Time) error {
	return OpenStartObligationOn(ctx, tx, tw, kalender.Default, now)
}

// OpenStartObligationOn is OpenStartObligation on calendar cal.
func OpenStartObligationOn(ctx context.Context, tx *database.Tx, tw toewijzing.Toewijzing, cal kalender.Calendar, now time.Time) error {
	var trajectoryID int64
	if err := tx.QueryRow(ctx, "SELECT trajectory_id FROM toewijzingen WHERE id = ?", tw.ID).Scan(&trajectoryID); err != nil {
		return fmt.Errorf("trajectory of toewijzing %d: %w", tw.ID, err)
	}
	from := kalender.Day(now)
	if start := amsterdamDate(dateOnly(tw.Ingangsdatum)); start.After(from) {
		from = start
	}
	_, err := werk.Open(ctx, tx, werk.Obligation{Kind: KindStart, TrajectoryID: trajectoryID, OwnerOrgID: tw.ProviderID, OwnerRole: access.Jeugdhulpaanbieder,
		Label: "Start van de zorg melden (JW305)", DueAt: cal.Due(from, Term)}, now)
	return err
}
