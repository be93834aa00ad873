package declaratie

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Gebruik is what municipalities approved of one provider's billing in one
// month: the approved lines, debit minus credit, in eurocent, as the
// municipality's side holds them. Package financiering reads it as the
// actual use of the lump sum (R-L-3).
type Gebruik struct {
	Maand     time.Time // the first day of the declaration's month
	Aanbieder string    // AGB code
	Gemeente  string    // CBS code
	Bedrag    int64
}

// GoedgekeurdIn returns per month, provider and municipality the approved
// amount of the declaraties of year jaar, on the municipality's side. A
// debit that a later credit cancelled (gecrediteerd) counts with the
// credit, so the two add up to nothing. It names no youth.
func GoedgekeurdIn(ctx context.Context, q database.Querier, jaar int) ([]Gebruik, error) {
	van := time.Date(jaar, time.January, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	tot := time.Date(jaar+1, time.January, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	rows, err := q.Query(ctx, `SELECT d.maand, r.aanbieder, r.gemeente, SUM(`+signed+`)
		FROM declaratieregels r JOIN declaraties d ON d.id = r.declaratie_id
		WHERE r.kant = ? AND r.status IN (?, ?) AND d.maand >= ? AND d.maand < ?
		GROUP BY d.maand, r.aanbieder, r.gemeente ORDER BY d.maand, r.aanbieder, r.gemeente`,
		KantGemeente, Goedgekeurd, Gecrediteerd, van, tot)
	if err != nil {
		return nil, fmt.Errorf("approved billing of %d: %w", jaar, err)
	}
	defer rows.Close()
	var out []Gebruik
	for rows.Next() {
		var g Gebruik
		var m *time.Time
		if err := rows.Scan(&nullTime{&m}, &g.Aanbieder, &g.Gemeente, &g.Bedrag); err != nil {
			return nil, err
		}
		if m != nil {
			g.Maand = eersteVan(*m)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// GoedgekeurdOp returns, per toewijzing number, the approved amount billed
// on it so far (debit minus credit, the municipality's side).
func GoedgekeurdOp(ctx context.Context, q database.Querier, nummers []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(nummers) == 0 {
		return out, nil
	}
	args := []any{KantGemeente, Goedgekeurd, Gecrediteerd}
	marks := make([]string, len(nummers))
	for i, n := range nummers {
		marks[i] = "?"
		args = append(args, n)
	}
	rows, err := q.Query(ctx, `SELECT r.toewijzing_nummer, SUM(`+signed+`) FROM declaratieregels r
		WHERE r.kant = ? AND r.status IN (?, ?) AND r.toewijzing_nummer IN (`+strings.Join(marks, ", ")+`)
		GROUP BY r.toewijzing_nummer`, args...)
	if err != nil {
		return nil, fmt.Errorf("approved billing of %d toewijzingen: %w", len(nummers), err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, b int64
		if err := rows.Scan(&n, &b); err != nil {
			return nil, err
		}
		out[n] = b
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("approved billing of toewijzing %s…: %w", strconv.FormatInt(nummers[0], 10), err)
	}
	return out, nil
}
