package levering

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Handler is the shape of the municipality's processing of a received
// message: called by the exchange inside its receive transaction, after
// the message passed its XSD, the in-message and the cross-message rules.
type Handler = func(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error

var (
	_ Handler = HandleJW305
	_ Handler = HandleJW307
)

// Event kinds of the case history the municipality's processing writes.
const (
	EventGestart      = "zorg_gestart"
	EventBeeindigd    = "zorg_beeindigd"
	EventGecorrigeerd = "zorg_gecorrigeerd"
)

// receivedAt is the moment of a receipt: when the exchange processed the
// message, else when it arrived or was stored.
func receivedAt(b berichten.Bericht) time.Time {
	for _, t := range []time.Time{b.ProcessedAt, b.ReceivedAt, b.CreatedAt} {
		if !t.IsZero() {
			return t.UTC()
		}
	}
	return time.Now().UTC()
}

// firstReceipt records that the municipality processes message (sender,
// type, identificatie) and reports whether it had not done so before.
func firstReceipt(ctx context.Context, tx *database.Tx, h ijw.HeaderInfo, at time.Time) (bool, error) {
	res, err := tx.Exec(ctx, `INSERT INTO leveringen_verwerkt (afzender, soort, identificatie, verwerkt_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (afzender, soort, identificatie) DO NOTHING`, h.Afzender, string(h.Type), h.BerichtIdentificatie.Identificatie, at)
	if err != nil {
		return false, fmt.Errorf("record receipt of %s %s of %s: %w", h.Type, h.BerichtIdentificatie.Identificatie, h.Afzender, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// target is the toewijzing a received start or stop names.
type target struct {
	toewijzingID, trajectoryID, municipalityID int64
}

// toewijzingOf finds the toewijzing of ToewijzingNummer n: the number of
// the toewijzing's first product, or of its product i as n + i×10⁸
// (toewijzing.Toewijzing.ProductNummer).
func toewijzingOf(ctx context.Context, tx *database.Tx, n int64) (target, error) {
	var t target
	err := tx.QueryRow(ctx, "SELECT id, trajectory_id, municipality_id FROM toewijzingen WHERE nummer = ?", n%100_000_000).
		Scan(&t.toewijzingID, &t.trajectoryID, &t.municipalityID)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("toewijzing %d is not known here", n)
	}
	return t, err
}

// keyOf is a start or stop line's key fields.
type keyOf struct {
	nummer          int64
	categorie, code string
	ingangsdatum    time.Time
	begin           time.Time
}

func lineKey(nr *int64, p *ijw.Product, ingang, begin ijw.Date) (keyOf, bool, error) {
	if nr == nil {
		return keyOf{}, false, nil // taakgericht: no toewijzing to follow here
	}
	k := keyOf{nummer: *nr}
	if p != nil {
		k.categorie, k.code = p.Categorie, p.Code
	}
	var err error
	if k.begin, err = begin.Time(); err != nil {
		return k, false, err
	}
	if !ingang.IsZero() {
		if k.ingangsdatum, err = ingang.Time(); err != nil {
			return k, false, err
		}
	}
	return k, true, nil
}

// HandleJW305 processes a received JW305 for the municipality: each start
// (StatusAanlevering 1) becomes the municipality's view of the levering —
// the provider's own row when the provider works on this platform, else a
// new one — and the case history says "Zorg gestart op dd-mm-jjjj"; each
// deletion (3) withdraws the start. The route does not move. A second call
// with the same message changes nothing.
func HandleJW305(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	msg, ok := m.(*ijw.JW305)
	if !ok {
		return fmt.Errorf("levering: HandleJW305 got a %s", m.MessageType())
	}
	at := receivedAt(b)
	if first, err := firstReceipt(ctx, tx, ijw.Header(m), at); err != nil || !first {
		return err
	}
	for _, p := range msg.Client.StartProducten.StartProduct {
		k, ok, err := lineKey(p.ToewijzingNummer, p.Product, p.ToewijzingIngangsdatum, p.Begindatum)
		if err != nil || !ok {
			if err != nil {
				return fmt.Errorf("JW305 %s: %w", msg.Header.BerichtIdentificatie.Identificatie, err)
			}
			continue
		}
		tw, err := toewijzingOf(ctx, tx, k.nummer)
		if err != nil {
			return err
		}
		row, found, err := byKey(ctx, tx, k.nummer, k.categorie, k.code, k.begin)
		if err != nil {
			return err
		}
		switch p.StatusAanlevering {
		case verwijderen:
			if found && row.Bron == BronGemeente {
				if _, err := tx.Exec(ctx, "UPDATE leveringen SET status = ?, updated_at = ? WHERE id = ?", string(Verwijderd), at, row.ID); err != nil {
					return fmt.Errorf("delete levering %d: %w", row.ID, err)
				}
			}
			if err := record(ctx, tx, tw.trajectoryID, EventGecorrigeerd, "Start van de zorg op "+kalender.Datum(k.begin)+" ingetrokken door de aanbieder (correctie)", 0, tw.municipalityID, at); err != nil {
				return err
			}
			continue
		}
		if found {
			if _, err := tx.Exec(ctx, "UPDATE leveringen SET gemeente_start_at = ?, updated_at = ? WHERE id = ?", at, at, row.ID); err != nil {
				return fmt.Errorf("levering %d processed: %w", row.ID, err)
			}
		} else {
			ingang := k.ingangsdatum
			if ingang.IsZero() {
				ingang = k.begin
			}
			l := Levering{ToewijzingID: tw.toewijzingID, TrajectoryID: tw.trajectoryID, ToewijzingNummer: k.nummer, ProductCategorie: k.categorie, ProductCode: k.code,
				ToewijzingIngangsdatum: ingang, Begindatum: k.begin, Status: Gestart, Bron: BronGemeente, StartBerichtID: b.ID, GemeenteStartAt: at}
			if _, err := insert(ctx, tx, l, at); err != nil {
				return err
			}
		}
		if err := record(ctx, tx, tw.trajectoryID, EventGestart, "Zorg gestart op "+kalender.Datum(k.begin), 0, tw.municipalityID, at); err != nil {
			return err
		}
	}
	return nil
}

// HandleJW307 processes a received JW307 for the municipality: each stop
// (1) ends the levering with the same start key, for a while (20) or for
// good, and the case history says "Zorg beëindigd op dd-mm-jjjj (reden)";
// each deletion (3) brings back the state before that stop. On a row the
// provider on this platform wrote, only the receipt is marked: its state
// is the provider's. The route does not move; a second call with the same
// message changes nothing.
func HandleJW307(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	msg, ok := m.(*ijw.JW307)
	if !ok {
		return fmt.Errorf("levering: HandleJW307 got a %s", m.MessageType())
	}
	at := receivedAt(b)
	if first, err := firstReceipt(ctx, tx, ijw.Header(m), at); err != nil || !first {
		return err
	}
	for _, p := range msg.Client.StopProducten.StopProduct {
		k, ok, err := lineKey(p.ToewijzingNummer, p.Product, p.ToewijzingIngangsdatum, p.Begindatum)
		if err != nil || !ok {
			if err != nil {
				return fmt.Errorf("JW307 %s: %w", msg.Header.BerichtIdentificatie.Identificatie, err)
			}
			continue
		}
		end, err := p.Einddatum.Time()
		if err != nil {
			return fmt.Errorf("JW307 %s: %w", msg.Header.BerichtIdentificatie.Identificatie, err)
		}
		tw, err := toewijzingOf(ctx, tx, k.nummer)
		if err != nil {
			return err
		}
		row, found, err := byKey(ctx, tx, k.nummer, k.categorie, k.code, k.begin)
		if err != nil {
			return err
		}
		if !found {
			// TR382 lets no stop through without its start.
			return fmt.Errorf("JW307 %s: no start of toewijzing %d on %s", msg.Header.BerichtIdentificatie.Identificatie, k.nummer, dateStr(k.begin))
		}
		ln := line{l: Levering{Einddatum: end, RedenBeeindiging: p.RedenBeeindiging}, status: p.StatusAanlevering}
		what := "Zorg beëindigd op " + kalender.Datum(end) + " (" + RedenLabel(p.RedenBeeindiging) + ")"
		kind := EventBeeindigd
		if ln.status == verwijderen {
			what, kind = "Stop van de zorg op "+kalender.Datum(end)+" ingetrokken door de aanbieder (correctie)", EventGecorrigeerd
		}
		if row.Bron == BronGemeente {
			row = applyStop(row, ln, b.ID, "")
		}
		row.GemeenteStopAt = at
		if err := save(ctx, tx, row, at); err != nil {
			return err
		}
		if err := record(ctx, tx, tw.trajectoryID, kind, what, 0, tw.municipalityID, at); err != nil {
			return err
		}
	}
	return nil
}
