package organisation

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Region is a youth-care region (jeugdregio): its municipalities, one of
// them the host (R-ROUTE-2), and its organisations. Its calendar's
// choices are data: whether Goede Vrijdag is a day off and whether
// Bevrijdingsdag is one every year (kalender.Calendar).
type Region struct {
	ID                    int64
	Naam                  string
	GoedeVrijdag          bool
	BevrijdingsdagElkJaar bool
}

// Calendar is the region's working-day calendar.
func (r Region) Calendar() kalender.Calendar {
	return kalender.Calendar{GoedeVrijdag: r.GoedeVrijdag, BevrijdingsdagElkJaar: r.BevrijdingsdagElkJaar}
}

// CreateRegion stores a region and returns its id.
func (s *Store) CreateRegion(ctx context.Context, r Region) (int64, error) {
	r.Naam = strings.TrimSpace(r.Naam)
	if r.Naam == "" {
		return 0, FieldErrors{"naam": "Vul de naam van de regio in."}
	}
	var id int64
	err := s.DB.Do(ctx, func(tx *database.Tx) error {
		var err error
		id, err = tx.InsertID(ctx, "INSERT INTO regions (naam, goede_vrijdag, bevrijdingsdag_elk_jaar, created_at) VALUES (?, ?, ?, ?)",
			r.Naam, r.GoedeVrijdag, r.BevrijdingsdagElkJaar, time.Now().UTC())
		return err
	})
	if database.IsUniqueViolation(err) {
		return 0, FieldErrors{"naam": "Er bestaat al een regio met deze naam."}
	}
	if err != nil {
		return 0, fmt.Errorf("create region %q: %w", r.Naam, err)
	}
	return id, nil
}

// Regions returns every region by name.
func (s *Store) Regions(ctx context.Context) ([]Region, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, naam, goede_vrijdag, bevrijdingsdag_elk_jaar FROM regions ORDER BY naam")
	if err != nil {
		return nil, fmt.Errorf("regions: %w", err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.ID, &r.Naam, &r.GoedeVrijdag, &r.BevrijdingsdagElkJaar); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RegionOf returns the region organisation orgID works in; the zero
// Region when it has none.
func RegionOf(ctx context.Context, q database.Querier, orgID int64) (Region, error) {
	var r Region
	err := q.QueryRow(ctx, `SELECT r.id, r.naam, r.goede_vrijdag, r.bevrijdingsdag_elk_jaar FROM regions r JOIN organisations o ON o.region_id = r.id
		WHERE o.id = ?`, orgID).Scan(&r.ID, &r.Naam, &r.GoedeVrijdag, &r.BevrijdingsdagElkJaar)
	if errors.Is(err, database.ErrNoRows) {
		return Region{}, nil
	}
	if err != nil {
		return r, fmt.Errorf("region of organisation %d: %w", orgID, err)
	}
	return r, nil
}

// RegionOf returns the region organisation orgID works in.
func (s *Store) RegionOf(ctx context.Context, orgID int64) (Region, error) {
	return RegionOf(ctx, s.DB, orgID)
}

// Member roles in a consortium.
const (
	Partner       = "partner"
	Onderaannemer = "onderaannemer"
)

// Member is a provider in a consortium, as partner or subcontractor.
type Member struct {
	Organisation
	Rol string
}

// AddMember records provider memberID as a partner or subcontractor of
// consortium consortiumID.
func (s *Store) AddMember(ctx context.Context, consortiumID, memberID int64, rol string) error {
	if rol != Partner && rol != Onderaannemer {
		return FieldErrors{"rol": "Kies partner of onderaannemer."}
	}
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		c, err := Get(ctx, tx, consortiumID)
		if err != nil {
			return err
		}
		m, err := Get(ctx, tx, memberID)
		if err != nil {
			return err
		}
		if c.Kind != Consortium || m.Kind != Aanbieder {
			return FieldErrors{"rol": "Alleen een jeugdhulpaanbieder kan lid zijn van een samenwerkingsverband."}
		}
		_, err = tx.Exec(ctx, "INSERT INTO consortium_members (consortium_id, member_id, rol) VALUES (?, ?, ?)", consortiumID, memberID, rol)
		return err
	})
}

// Members returns the providers of consortium id, partners first.
func (s *Store) Members(ctx context.Context, id int64) ([]Member, error) {
	rows, err := s.DB.Query(ctx, "SELECT member_id, rol FROM consortium_members WHERE consortium_id = ? ORDER BY CASE WHEN rol = ? THEN 0 ELSE 1 END, member_id", id, Partner)
	if err != nil {
		return nil, fmt.Errorf("members of consortium %d: %w", id, err)
	}
	type mr struct {
		id  int64
		rol string
	}
	var ms []mr
	for rows.Next() {
		var m mr
		if err := rows.Scan(&m.id, &m.rol); err != nil {
			rows.Close()
			return nil, err
		}
		ms = append(ms, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Member, 0, len(ms))
	for _, m := range ms {
		o, err := s.Get(ctx, m.id)
		if err != nil {
			return nil, err
		}
		out = append(out, Member{Organisation: o, Rol: m.rol})
	}
	return out, nil
}
