package declaratie

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// Toewijzing is one toegewezen product as billing needs it: the number the
// JW301 carried for it (toewijzing.ProductNummer), who and what it is for,
// its period and its Omvang.
type Toewijzing struct {
	Nummer       int64
	TrajectoryID int64
	ClientID     int64
	Gemeente     string // CBS code
	Aanbieder    string // AGB code
	Bsn          string
	Categorie    string
	Code         string
	Ingangsdatum time.Time
	Einddatum    time.Time // zero: open
	Omvang       ijw.Omvang
	Verwijderd   bool
}

// Arrangement reports whether the product is an arrangement (category 50).
func (t Toewijzing) Arrangement() bool { return t.Categorie == categorieArrangement }

const categorieArrangement = "50"

// Levering is a start of care with its stop, as package levering records it
// (table leveringen, migration 0015).
type Levering struct {
	Nummer           int64
	Begindatum       time.Time
	Einddatum        time.Time // zero: not stopped
	RedenBeeindiging string
	Status           string // gestart, tijdelijk_gestopt, beeindigd
}

// Definitief reports whether the care ended definitively (a stop whose
// reason is not 20, "tijdelijk beëindigd").
func (l Levering) Definitief() bool {
	return !l.Einddatum.IsZero() && l.RedenBeeindiging != "20" && l.Status == "beeindigd"
}

// Bron is what billing reads from other packages' records: toewijzingen and
// the start and stop of care. DBBron reads the database; tests give
// fixtures.
type Bron interface {
	// Toewijzingen returns the toegewezen products of gemeente with these
	// numbers; unknown numbers are left out.
	Toewijzingen(ctx context.Context, q database.Querier, gemeente string, nummers []int64) (map[int64]Toewijzing, error)
	// VanAanbieder returns every toegewezen product of a gemeente to a provider.
	VanAanbieder(ctx context.Context, q database.Querier, aanbieder, gemeente string) ([]Toewijzing, error)
	// Leveringen returns the starts (not deleted) per toewijzing number.
	Leveringen(ctx context.Context, q database.Querier, nummers []int64) (map[int64][]Levering, error)
}

// DBBron reads toewijzingen from tables toewijzingen, trajectories, clients
// and organisations, a further product of a toewijzing from its JW301, and
// starts and stops from table leveringen. Reads only; package toewijzing and
// package levering write these tables.
type DBBron struct{}

// productStap is the step between the ToewijzingNummers of the products of
// one toewijzing (toewijzing.ProductNummer).
const productStap = 100_000_000

const selectToewijzing = `SELECT t.nummer, t.trajectory_id, tr.client_id, g.cbs_code, a.agb_code, c.bsn, t.product_category, t.product_code, t.ingangsdatum, t.einddatum,
t.omvang_volume, t.omvang_eenheid, t.omvang_frequentie
FROM toewijzingen t JOIN trajectories tr ON tr.id = t.trajectory_id JOIN clients c ON c.id = tr.client_id
JOIN organisations g ON g.id = t.municipality_id JOIN organisations a ON a.id = t.provider_id`

func scanToewijzing(rows *sql.Rows) (Toewijzing, error) {
	var t Toewijzing
	var cbs, agb sql.NullString
	var end sql.NullTime
	err := rows.Scan(&t.Nummer, &t.TrajectoryID, &t.ClientID, &cbs, &agb, &t.Bsn, &t.Categorie, &t.Code, &t.Ingangsdatum, &end,
		&t.Omvang.Volume, &t.Omvang.Eenheid, &t.Omvang.Frequentie)
	t.Gemeente, t.Aanbieder, t.Einddatum = cbs.String, agb.String, end.Time
	return t, err
}

// Toewijzingen implements Bron.
func (DBBron) Toewijzingen(ctx context.Context, q database.Querier, gemeente string, nummers []int64) (map[int64]Toewijzing, error) {
	base := map[int64][]int64{} // toewijzing nummer → product numbers asked
	for _, n := range nummers {
		b := n % productStap
		base[b] = append(base[b], n)
	}
	keys := make([]int64, 0, len(base))
	for b := range base {
		keys = append(keys, b)
	}
	out := map[int64]Toewijzing{}
	var further []Toewijzing
	err := inChunks(keys, func(chunk []any) error {
		rows, err := q.Query(ctx, selectToewijzing+" WHERE g.cbs_code = ? AND t.nummer IN ("+marks(len(chunk))+")", append([]any{gemeente}, chunk...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToewijzing(rows)
			if err != nil {
				return err
			}
			for _, n := range base[t.Nummer] {
				if n == t.Nummer {
					out[n] = t
				} else {
					further = append(further, t)
				}
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("toewijzingen of %s: %w", gemeente, err)
	}
	for _, t := range further {
		ps, err := producten(ctx, q, t)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if _, asked := out[p.Nummer]; !asked && contains(base[t.Nummer], p.Nummer) {
				out[p.Nummer] = p
			}
		}
	}
	return out, nil
}

func contains(xs []int64, x int64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// producten returns every product of toewijzing t as its JW301 assigned it;
// just t when the JW301 cannot be read.
func producten(ctx context.Context, q database.Querier, t Toewijzing) ([]Toewijzing, error) {
	b, err := berichten.Latest(ctx, q, t.TrajectoryID, ijw.TypeJW301)
	if err != nil {
		return []Toewijzing{t}, nil
	}
	m, err := b.Decode()
	if err != nil {
		return nil, fmt.Errorf("JW301 of toewijzing %d: %w", t.Nummer, err)
	}
	jw, ok := m.(*ijw.JW301)
	if !ok {
		return []Toewijzing{t}, nil
	}
	var out []Toewijzing
	for _, p := range jw.Client.ToegewezenProducten.ToegewezenProduct {
		if p.ToewijzingNummer%productStap != t.Nummer || p.Product == nil {
			continue
		}
		c := t
		c.Nummer, c.Categorie, c.Code = p.ToewijzingNummer, p.Product.Categorie, p.Product.Code
		if p.Omvang != nil {
			c.Omvang = *p.Omvang
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return []Toewijzing{t}, nil
	}
	return out, nil
}

// VanAanbieder implements Bron.
func (DBBron) VanAanbieder(ctx context.Context, q database.Querier, aanbieder, gemeente string) ([]Toewijzing, error) {
	rows, err := q.Query(ctx, selectToewijzing+" WHERE a.agb_code = ? AND g.cbs_code = ? ORDER BY t.nummer", aanbieder, gemeente)
	if err != nil {
		return nil, fmt.Errorf("toewijzingen of %s to %s: %w", gemeente, aanbieder, err)
	}
	var ts []Toewijzing
	for rows.Next() {
		t, err := scanToewijzing(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ts = append(ts, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Toewijzing
	for _, t := range ts {
		if t.Arrangement() {
			out = append(out, t)
			continue
		}
		ps, err := producten(ctx, q, t)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// Leveringen implements Bron.
func (DBBron) Leveringen(ctx context.Context, q database.Querier, nummers []int64) (map[int64][]Levering, error) {
	out := map[int64][]Levering{}
	err := inChunks(nummers, func(chunk []any) error {
		rows, err := q.Query(ctx, `SELECT toewijzing_nummer, begindatum, einddatum, reden_beeindiging, status FROM leveringen
			WHERE status NOT IN ('verwijderd', 'afgekeurd') AND toewijzing_nummer IN (`+marks(len(chunk))+`) ORDER BY begindatum`, chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l Levering
			var end sql.NullTime
			if err := rows.Scan(&l.Nummer, &l.Begindatum, &end, &l.RedenBeeindiging, &l.Status); err != nil {
				return err
			}
			l.Einddatum = end.Time
			out[l.Nummer] = append(out[l.Nummer], l)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("leveringen: %w", err)
	}
	return out, nil
}

// chunk is how many values go in one IN list.
const chunk = 500

func inChunks[T any](xs []T, f func([]any) error) error {
	for i := 0; i < len(xs); i += chunk {
		end := min(i+chunk, len(xs))
		args := make([]any, 0, end-i)
		for _, x := range xs[i:end] {
			args = append(args, x)
		}
		if err := f(args); err != nil {
			return err
		}
	}
	return nil
}

func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
