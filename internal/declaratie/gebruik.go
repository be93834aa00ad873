package declaratie

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Gebruik is what municipalities approved of one provider's billing for
// care in one month (the month of the line's begin date, whatever the
// declaration it came in): the approved lines, debit minus credit, in
// eurocent, as the municipality's side holds them. Package financiering reads it as the
// actual use of the lump sum (R-L-3).
type Gebruik struct {
	Maand     time.Time // the first day of the month of care
	Aanbieder string    // AGB code
	Gemeente  string    // CBS code
	Bedrag    int64
}

// GoedgekeurdIn returns per month of care in year jaar, provider and
// municipality the approved amount, on the municipality's side. A
// debit that a later credit cancelled (gecrediteerd) counts with the
// credit, so the two add up to nothing. It names no youth.
func GoedgekeurdIn(ctx context.Context, q database.Querier, jaar int) ([]Gebruik, error) {
	van := time.Date(jaar, time.January, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	tot := time.Date(jaar+1, time.January, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	// Grouped by day in SQL (a month of a DATE is spelled differently in
	// SQLite and PostgreSQL) and folded into months here.
	rows, err := q.Query(ctx, `SELECT r.begindatum, r.aanbieder, r.gemeente, SUM(`+signed+`)
		FROM declaratieregels r
		WHERE r.kant = ? AND r.status IN (?, ?) AND r.begindatum >= ? AND r.begindatum < ?
		GROUP BY r.begindatum, r.aanbieder, r.gemeente ORDER BY r.begindatum, r.aanbieder, r.gemeente`,
		KantGemeente, Goedgekeurd, Gecrediteerd, van, tot)
	if err != nil {
		return nil, fmt.Errorf("approved billing of %d: %w", jaar, err)
	}
	defer rows.Close()
	var out []Gebruik
	at := map[Gebruik]int{} // by month, provider and municipality, Bedrag 0
	for rows.Next() {
		var g Gebruik
		var m *time.Time
		if err := rows.Scan(&nullTime{&m}, &g.Aanbieder, &g.Gemeente, &g.Bedrag); err != nil {
			return nil, err
		}
		if m != nil {
			g.Maand = eersteVan(*m)
		}
		k := Gebruik{Maand: g.Maand, Aanbieder: g.Aanbieder, Gemeente: g.Gemeente}
		if i, ok := at[k]; ok {
			out[i].Bedrag += g.Bedrag
			continue
		}
		at[k] = len(out)
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
