package levering

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

var (
	_ Handler = HandleJW306
	_ Handler = HandleJW308
)

// HandleJW306 is the provider's side taking in the retour on its start
// (an uitwisseling.Handler, run after the exchange recorded the verdict).
// A start the municipality rejected counts as not sent (OP286): its row
// becomes Afgekeurd, which frees its key, the case history says why, and
// "Start van de zorg melden" is back on the provider's Mijn werk. An
// accepted start changes nothing.
func HandleJW306(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	return afgekeurd(ctx, tx, b, m, ijw.TypeJW305)
}

// HandleJW308 is HandleJW306 for a stop: a rejected stop is undone, the
// levering back in the state before it (running, or temporarily stopped
// when a definitive stop was rejected), with the reason on the case.
func HandleJW308(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	return afgekeurd(ctx, tx, b, m, ijw.TypeJW307)
}

func afgekeurd(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message, heen ijw.MessageType) error {
	h := ijw.Header(m)
	orig, err := berichten.Find(ctx, tx, h.Afzender, heen, h.BerichtIdentificatie.Identificatie)
	if errors.Is(err, berichten.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if orig.State != berichten.Afgekeurd {
		return nil
	}
	codes := orig.RetourCodes
	if codes == "" {
		codes = b.RetourCodes
	}
	col := "start_bericht_id"
	if heen == ijw.TypeJW307 {
		col = "stop_bericht_id"
	}
	ls, err := list(ctx, tx, col+" = ?", orig.ID)
	if err != nil {
		return err
	}
	at := receivedAt(b)
	why := "retourcode " + strings.ReplaceAll(codes, ",", ", ")
	for _, l := range ls {
		if l.Bron != BronAanbieder {
			continue
		}
		switch {
		case heen == ijw.TypeJW305 && l.Status == Gestart:
			warn := "De gemeente keurde deze start af (" + why + "); meld de start opnieuw."
			if _, err := tx.Exec(ctx, "UPDATE leveringen SET status = ?, start_waarschuwing = ?, updated_at = ? WHERE id = ?", string(Afgekeurd), warn, at, l.ID); err != nil {
				return fmt.Errorf("reject levering %d: %w", l.ID, err)
			}
			if err := record(ctx, tx, l.TrajectoryID, "levering_afgekeurd", "De gemeente keurde de start van de zorg op "+kalender.Datum(l.Begindatum)+" af (JW306, "+why+")", 0, 0, at); err != nil {
				return err
			}
			var provider, municipality int64
			if err := tx.QueryRow(ctx, "SELECT provider_id, municipality_id FROM toewijzingen WHERE id = ?", l.ToewijzingID).Scan(&provider, &municipality); err != nil {
				return err
			}
			region, err := organisation.RegionOf(ctx, tx, municipality)
			if err != nil {
				return err
			}
			if err := werk.FulfilKind(ctx, tx, l.TrajectoryID, KindStart, 0, at); err != nil {
				return err
			}
			if _, err := werk.Open(ctx, tx, werk.Obligation{Kind: KindStart, TrajectoryID: l.TrajectoryID, OwnerOrgID: provider, OwnerRole: access.Jeugdhulpaanbieder,
				Label: "Start van de zorg opnieuw melden (JW305): de gemeente keurde de melding af", DueAt: region.Kalender(kalender.Default).Due(kalender.Day(at), Term)}, at); err != nil {
				return err
			}
		case heen == ijw.TypeJW307 && (l.Status == Beeindigd || l.Status == TijdelijkGestopt):
			was := l.Einddatum
			back := applyStop(l, line{status: verwijderen}, 0, "")
			back.StopWaarschuwing = "De gemeente keurde de stop op " + kalender.Datum(was) + " af (" + why + "); meld de stop opnieuw."
			// When care started again since, the stop stays (a product
			// has one current start), with the reason on the case.
			var running int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM leveringen WHERE toewijzing_nummer = ? AND product_categorie = ? AND product_code = ? AND status = ?",
				l.ToewijzingNummer, l.ProductCategorie, l.ProductCode, string(Gestart)).Scan(&running); err != nil {
				return err
			}
			if back.Status != Gestart || running == 0 {
				if err := save(ctx, tx, back, at); err != nil {
					return err
				}
			}
			if err := record(ctx, tx, l.TrajectoryID, "levering_afgekeurd", "De gemeente keurde de stop van de zorg op "+kalender.Datum(was)+" af (JW308, "+why+")", 0, 0, at); err != nil {
				return err
			}
		}
	}
	return nil
}
