package financiering

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// The SQL on lumpsums and historisch_gebruik (migration 0027), which this
// package owns, and one read-only query over other packages' tables.

// lumpsums returns the lump sums of year jaar by consortium id.
func lumpsums(ctx context.Context, q database.Querier, jaar int) (map[int64]int64, error) {
	return bedragen(ctx, q, "SELECT consortium_id, bedrag FROM lumpsums WHERE jaar = ?", jaar)
}

// historisch returns the historical use that is the basis of year jaar's
// advances, by municipality id.
func historisch(ctx context.Context, q database.Querier, jaar int) (map[int64]int64, error) {
	return bedragen(ctx, q, "SELECT gemeente_id, bedrag FROM historisch_gebruik WHERE jaar = ?", jaar)
}

func bedragen(ctx context.Context, q database.Querier, query string, jaar int) (map[int64]int64, error) {
	rows, err := q.Query(ctx, query, jaar)
	if err != nil {
		return nil, fmt.Errorf("amounts of %d: %w", jaar, err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, b int64
		if err := rows.Scan(&id, &b); err != nil {
			return nil, err
		}
		out[id] = b
	}
	return out, rows.Err()
}

// zet replaces the amount of organisation id (a consortium in lumpsums, a
// municipality in historisch_gebruik) for year jaar; nil removes it.
func zet(ctx context.Context, tx *database.Tx, tabel, kolom string, id int64, jaar int, bedrag *int64, door int64, now time.Time) error {
	if _, err := tx.Exec(ctx, "DELETE FROM "+tabel+" WHERE "+kolom+" = ? AND jaar = ?", id, jaar); err != nil {
		return fmt.Errorf("%s of %d in %d: %w", tabel, id, jaar, err)
	}
	if bedrag == nil {
		return nil
	}
	var wie any
	if door != 0 {
		wie = door
	}
	if _, err := tx.Exec(ctx, "INSERT INTO "+tabel+" ("+kolom+", jaar, bedrag, gewijzigd_door, updated_at) VALUES (?, ?, ?, ?, ?)",
		id, jaar, *bedrag, wie, now.UTC()); err != nil {
		return fmt.Errorf("%s of %d in %d: %w", tabel, id, jaar, err)
	}
	return nil
}

// lopendNGA reads the toewijzingen of region regionID whose care is
// running (a current start, package levering's status 'gestart') at a
// provider of the region that is a member of no consortium: the
// non-contracted care the reserve is for. It is an aggregate read over
// the tables of packages toewijzing (toewijzingen), levering (leveringen)
// and organisation (organisations, consortium_members), which have no
// function for this question; it reads no client data.
func lopendNGA(ctx context.Context, q database.Querier, regionID int64) ([]ngaRij, error) {
	rows, err := q.Query(ctx, `SELECT t.nummer, t.municipality_id, a.name, COALESCE(a.agb_code, ''), t.product_category, t.product_code,
		t.omvang_volume, t.omvang_frequentie, t.einddatum
		FROM toewijzingen t
		JOIN organisations a ON a.id = t.provider_id
		JOIN organisations m ON m.id = t.municipality_id
		WHERE m.region_id = ? AND a.region_id = ? AND a.kind = 'aanbieder'
		AND NOT EXISTS (SELECT 1 FROM consortium_members cm WHERE cm.member_id = a.id)
		AND EXISTS (SELECT 1 FROM leveringen l WHERE l.toewijzing_id = t.id AND l.status = 'gestart')
		ORDER BY t.nummer`, regionID, regionID)
	if err != nil {
		return nil, fmt.Errorf("running non-contracted care in region %d: %w", regionID, err)
	}
	defer rows.Close()
	var out []ngaRij
	for rows.Next() {
		var r ngaRij
		var eind *time.Time
		if err := rows.Scan(&r.Toewijzing, &r.GemeenteID, &r.Aanbieder, &r.agb, &r.categorie, &r.code, &r.Volume, &r.Frequentie, &datum{&eind}); err != nil {
			return nil, err
		}
		r.Product = r.categorie + "/" + r.code
		if eind != nil {
			r.Einddatum = *eind
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ngaRij is a row of lopendNGA: the care and what finds its tariff.
type ngaRij struct {
	LopendeZorg
	agb, categorie, code string
}

// datum scans a nullable DATE as SQLite (text) and PostgreSQL (time)
// return it.
type datum struct{ t **time.Time }

func (d *datum) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d.t = nil
	case time.Time:
		*d.t = &x
	case string:
		return d.Scan([]byte(x))
	case []byte:
		s := string(x)
		if len(s) > 10 {
			s = s[:10]
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return err
		}
		*d.t = &t
	default:
		return fmt.Errorf("financiering: cannot scan %T as a date", v)
	}
	return nil
}
