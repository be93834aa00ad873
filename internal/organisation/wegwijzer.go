package organisation

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Provider is a provider as the Wegwijzer shows it: what it delivers, how
// to reach it and its current waiting time (entered by the provider).
type Provider struct {
	ID            int64
	Name          string
	AGBCode       string
	Arrangements  []int
	Contact       string
	WaitingWeeks  int // -1: not entered
	WaitingUpdate time.Time
}

// Wegwijzer lists the providers of region regionID (0: every region) that
// deliver arrangement (0: any), ordered by waiting time (unknown last) and
// name. All contracted providers of a region serve every municipality of
// the region.
func (s *Store) Wegwijzer(ctx context.Context, regionID int64, arrangement int) ([]Provider, error) {
	rows, err := s.DB.Query(ctx, `SELECT o.id, o.name, COALESCE(o.agb_code, ''), COALESCE(w.weeks, -1), COALESCE(w.contact, ''), w.updated_at
		FROM organisations o LEFT JOIN provider_waiting w ON w.organisation_id = o.id
		WHERE o.kind = 'aanbieder' AND (? = 0 OR o.region_id = ?)
		AND (? = 0 OR EXISTS (SELECT 1 FROM provider_arrangements pa WHERE pa.organisation_id = o.id AND pa.arrangement = ?))
		ORDER BY CASE WHEN w.weeks IS NULL THEN 1 ELSE 0 END, w.weeks, o.name`, regionID, regionID, arrangement, arrangement)
	if err != nil {
		return nil, fmt.Errorf("wegwijzer arrangement %d: %w", arrangement, err)
	}
	var out []Provider
	byID := map[int64]int{}
	for rows.Next() {
		var p Provider
		var upd sql.NullTime
		if err := rows.Scan(&p.ID, &p.Name, &p.AGBCode, &p.WaitingWeeks, &p.Contact, &upd); err != nil {
			rows.Close()
			return nil, err
		}
		p.WaitingUpdate = upd.Time
		byID[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ar, err := s.DB.Query(ctx, "SELECT organisation_id, arrangement FROM provider_arrangements ORDER BY organisation_id, arrangement")
	if err != nil {
		return nil, err
	}
	defer ar.Close()
	for ar.Next() {
		var id int64
		var a int
		if err := ar.Scan(&id, &a); err != nil {
			return nil, err
		}
		if i, ok := byID[id]; ok {
			out[i].Arrangements = append(out[i].Arrangements, a)
		}
	}
	return out, ar.Err()
}

// SetWaiting records a provider's current waiting time and contact line.
func (s *Store) SetWaiting(ctx context.Context, providerID int64, weeks int, contact string) error {
	if weeks < 0 || weeks > 104 {
		return FieldErrors{"wachttijd": "Vul een wachttijd in weken in, van 0 tot 104."}
	}
	if len([]rune(contact)) > 200 {
		return FieldErrors{"contact": "De contactregel mag hoogstens 200 tekens lang zijn."}
	}
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE provider_waiting SET weeks = ?, contact = ?, updated_at = ? WHERE organisation_id = ?", weeks, contact, time.Now().UTC(), providerID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		_, err = tx.Exec(ctx, "INSERT INTO provider_waiting (organisation_id, weeks, contact, updated_at) VALUES (?, ?, ?, ?)", providerID, weeks, contact, time.Now().UTC())
		return err
	})
}

// Delivers reports whether provider id delivers arrangement a (1–9).
func Delivers(ctx context.Context, q database.Querier, id int64, a int) (bool, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM provider_arrangements WHERE organisation_id = ? AND arrangement = ?", id, a).Scan(&n); err != nil {
		return false, fmt.Errorf("arrangements of provider %d: %w", id, err)
	}
	return n > 0, nil
}

// SetArrangements records the arrangements (1–9) provider id delivers.
func (s *Store) SetArrangements(ctx context.Context, id int64, arrangements []int) error {
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM provider_arrangements WHERE organisation_id = ?", id); err != nil {
			return err
		}
		for _, a := range arrangements {
			if a < 1 || a > 9 {
				return FieldErrors{"arrangementen": "Een arrangement heeft een nummer van 1 tot en met 9."}
			}
			if _, err := tx.Exec(ctx, "INSERT INTO provider_arrangements (organisation_id, arrangement) VALUES (?, ?)", id, a); err != nil {
				return fmt.Errorf("arrangements of provider %d: %w", id, err)
			}
		}
		return nil
	})
}
