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
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
)

const cols = `id, toewijzing_id, trajectory_id, toewijzing_nummer, product_categorie, product_code, toewijzing_ingangsdatum, begindatum, einddatum,
reden_beeindiging, tijdelijk_einddatum, status, bron, COALESCE(start_bericht_id, 0), COALESCE(stop_bericht_id, 0), start_waarschuwing, stop_waarschuwing,
gemeente_start_at, gemeente_stop_at, created_at, updated_at`

func scan(sc interface{ Scan(...any) error }) (Levering, error) {
	var l Levering
	var status string
	var eind, tijdelijk, gStart, gStop sql.NullTime
	err := sc.Scan(&l.ID, &l.ToewijzingID, &l.TrajectoryID, &l.ToewijzingNummer, &l.ProductCategorie, &l.ProductCode, &l.ToewijzingIngangsdatum, &l.Begindatum, &eind,
		&l.RedenBeeindiging, &tijdelijk, &status, &l.Bron, &l.StartBerichtID, &l.StopBerichtID, &l.StartWaarschuwing, &l.StopWaarschuwing,
		&gStart, &gStop, &l.CreatedAt, &l.UpdatedAt)
	l.Status = Status(status)
	l.Einddatum, l.TijdelijkEinddatum, l.GemeenteStartAt, l.GemeenteStopAt = eind.Time, tijdelijk.Time, gStart.Time, gStop.Time
	l.ToewijzingIngangsdatum, l.Begindatum = dateOnly(l.ToewijzingIngangsdatum), dateOnly(l.Begindatum)
	if !l.Einddatum.IsZero() {
		l.Einddatum = dateOnly(l.Einddatum)
	}
	if !l.TijdelijkEinddatum.IsZero() {
		l.TijdelijkEinddatum = dateOnly(l.TijdelijkEinddatum)
	}
	return l, err
}

// Of lists the leveringen of a toewijzing, deleted ones included, oldest
// first.
func Of(ctx context.Context, q database.Querier, toewijzingID int64) ([]Levering, error) {
	return list(ctx, q, "toewijzing_id = ?", toewijzingID)
}

// OfTrajectory lists the leveringen of a trajectory's toewijzing, oldest
// first; the case page shows them.
func OfTrajectory(ctx context.Context, q database.Querier, trajectoryID int64) ([]Levering, error) {
	return list(ctx, q, "trajectory_id = ?", trajectoryID)
}

func list(ctx context.Context, q database.Querier, cond string, arg any) ([]Levering, error) {
	rows, err := q.Query(ctx, "SELECT "+cols+" FROM leveringen WHERE "+cond+" ORDER BY id", arg)
	if err != nil {
		return nil, fmt.Errorf("leveringen where %s %v: %w", cond, arg, err)
	}
	defer rows.Close()
	var out []Levering
	for rows.Next() {
		l, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("leveringen where %s %v: %w", cond, arg, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// byKey returns the levering with the logical key that is not deleted or
// rejected;
// false when there is none.
func byKey(ctx context.Context, q database.Querier, nummer int64, cat, code string, begin time.Time) (Levering, bool, error) {
	l, err := scan(q.QueryRow(ctx, "SELECT "+cols+` FROM leveringen WHERE toewijzing_nummer = ? AND product_categorie = ? AND product_code = ? AND begindatum = ?
		AND status NOT IN (?, ?) ORDER BY id DESC LIMIT 1`, nummer, cat, code, dateStr(begin), string(Verwijderd), string(Afgekeurd)))
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	}
	return l, err == nil, err
}

func get(ctx context.Context, q database.Querier, id int64) (Levering, error) {
	l, err := scan(q.QueryRow(ctx, "SELECT "+cols+" FROM leveringen WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	return l, err
}

func dateStr(t time.Time) string { return t.Format("2006-01-02") }

func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dateStr(t)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func insert(ctx context.Context, tx *database.Tx, l Levering, now time.Time) (int64, error) {
	id, err := tx.InsertID(ctx, `INSERT INTO leveringen (toewijzing_id, trajectory_id, toewijzing_nummer, product_categorie, product_code, toewijzing_ingangsdatum,
		begindatum, einddatum, reden_beeindiging, tijdelijk_einddatum, status, bron, start_bericht_id, stop_bericht_id, start_waarschuwing, stop_waarschuwing,
		gemeente_start_at, gemeente_stop_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		l.ToewijzingID, l.TrajectoryID, l.ToewijzingNummer, l.ProductCategorie, l.ProductCode, dateStr(l.ToewijzingIngangsdatum),
		dateStr(l.Begindatum), nullDate(l.Einddatum), l.RedenBeeindiging, nullDate(l.TijdelijkEinddatum), string(l.Status), l.Bron,
		nullID(l.StartBerichtID), nullID(l.StopBerichtID), l.StartWaarschuwing, l.StopWaarschuwing,
		nullTime(l.GemeenteStartAt), nullTime(l.GemeenteStopAt), now.UTC(), now.UTC())
	if err != nil {
		if database.IsUniqueViolation(err) {
			return 0, refuse("Er loopt al een start van de zorg voor dit product, of er is al een start met deze begindatum (TR326, TR074).")
		}
		return 0, fmt.Errorf("insert levering of toewijzing %d: %w", l.ToewijzingID, err)
	}
	return id, nil
}

// save writes the stop and status fields of l.
func save(ctx context.Context, tx *database.Tx, l Levering, now time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE leveringen SET einddatum = ?, reden_beeindiging = ?, tijdelijk_einddatum = ?, status = ?, stop_bericht_id = ?,
		stop_waarschuwing = ?, gemeente_start_at = ?, gemeente_stop_at = ?, updated_at = ? WHERE id = ?`,
		nullDate(l.Einddatum), l.RedenBeeindiging, nullDate(l.TijdelijkEinddatum), string(l.Status), nullID(l.StopBerichtID),
		l.StopWaarschuwing, nullTime(l.GemeenteStartAt), nullTime(l.GemeenteStopAt), now.UTC(), l.ID)
	if err != nil {
		if database.IsUniqueViolation(err) {
			return refuse("Er loopt al een start van de zorg voor dit product (TR326).")
		}
		return fmt.Errorf("update levering %d: %w", l.ID, err)
	}
	return nil
}

// toegewezen is a toewijzing with its products as its JW301 carries them.
type toegewezen struct {
	tw           toewijzing.Toewijzing
	trajectoryID int64
	municipality int64
	jw301        *ijw.JW301
}

// loadToewijzing reads toewijzing id, its trajectory and municipality and
// the JW301 that assigned it (the products, their numbers and dates, and
// the client as the municipality knows it).
func loadToewijzing(ctx context.Context, q database.Querier, id int64) (toegewezen, error) {
	var t toegewezen
	// The toewijzing package reads a toewijzing by its trajectory; this
	// finds the trajectory of the id.
	err := q.QueryRow(ctx, "SELECT trajectory_id, municipality_id FROM toewijzingen WHERE id = ?", id).Scan(&t.trajectoryID, &t.municipality)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("toewijzing %d: %w", id, err)
	}
	tw, err := toewijzing.Of(ctx, q, t.trajectoryID)
	if err != nil {
		return t, err
	}
	if tw == nil || tw.ID != id {
		return t, ErrNotFound
	}
	t.tw = *tw
	// A trajectory has one toewijzing, so its JW301 is the trajectory's.
	b, err := berichten.Latest(ctx, q, t.trajectoryID, ijw.TypeJW301)
	if err != nil {
		return t, fmt.Errorf("JW301 of toewijzing %d: %w", id, err)
	}
	m, err := b.Decode()
	if err != nil {
		return t, fmt.Errorf("JW301 of toewijzing %d: %w", id, err)
	}
	t.jw301, _ = m.(*ijw.JW301)
	if t.jw301 == nil {
		return t, fmt.Errorf("toewijzing %d: its JW301 could not be read", id)
	}
	return t, nil
}

// product is one toegewezen product of a JW301.
type product struct {
	nummer                  int64
	categorie, code         string
	ingangsdatum, einddatum time.Time
}

func (t toegewezen) products() ([]product, error) {
	var out []product
	for _, p := range t.jw301.Client.ToegewezenProducten.ToegewezenProduct {
		pr := product{nummer: p.ToewijzingNummer}
		if p.Product != nil {
			pr.categorie, pr.code = p.Product.Categorie, p.Product.Code
		}
		var err error
		if pr.ingangsdatum, err = p.Ingangsdatum.Time(); err != nil {
			return nil, err
		}
		if !p.Einddatum.IsZero() {
			if pr.einddatum, err = p.Einddatum.Time(); err != nil {
				return nil, err
			}
		}
		out = append(out, pr)
	}
	return out, nil
}

// record writes a case history event in the shape traject's history has.
func record(ctx context.Context, tx *database.Tx, trajectoryID int64, kind, what string, userID, orgID int64, at time.Time) error {
	_, err := tx.Exec(ctx, "INSERT INTO events (trajectory_id, at, kind, what, user_id, organisation_id) VALUES (?, ?, ?, ?, ?, ?)",
		trajectoryID, at.UTC(), kind, what, nullID(userID), nullID(orgID))
	if err != nil {
		return fmt.Errorf("record %s event on trajectory %d: %w", kind, trajectoryID, err)
	}
	return nil
}
