package organisation

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	// Termijnen are the terms the region set itself, by key (see
	// traject.Termijnen); a key without one keeps the code's default.
	Termijnen map[string]kalender.Term
}

// Calendar is the region's working-day calendar.
func (r Region) Calendar() kalender.Calendar {
	return kalender.Calendar{GoedeVrijdag: r.GoedeVrijdag, BevrijdingsdagElkJaar: r.BevrijdingsdagElkJaar}
}

// Kalender is base with the region's choices applied: base itself for an
// organisation without a region (and base's extra days off kept).
func (r Region) Kalender(base kalender.Calendar) kalender.Calendar {
	if r.ID == 0 {
		return base
	}
	base.GoedeVrijdag, base.BevrijdingsdagElkJaar = r.GoedeVrijdag, r.BevrijdingsdagElkJaar
	return base
}

// Termijn is the region's term for key, def when it set none.
func (r Region) Termijn(key string, def kalender.Term) kalender.Term {
	if t, ok := r.Termijnen[key]; ok {
		return t
	}
	return def
}

// Eenheden are the units a region's term may be counted in.
var Eenheden = []kalender.Unit{kalender.Kalenderdagen, kalender.Werkdagen, kalender.Weken, kalender.Uren}

// termijnen reads the terms region id set.
func termijnen(ctx context.Context, q database.Querier, id int64) (map[string]kalender.Term, error) {
	rows, err := q.Query(ctx, "SELECT sleutel, aantal, eenheid FROM region_terms WHERE region_id = ?", id)
	if err != nil {
		return nil, fmt.Errorf("terms of region %d: %w", id, err)
	}
	defer rows.Close()
	out := map[string]kalender.Term{}
	for rows.Next() {
		var k, u string
		var n int
		if err := rows.Scan(&k, &n, &u); err != nil {
			return nil, err
		}
		out[k] = kalender.Term{N: n, Unit: kalender.Unit(u)}
	}
	return out, rows.Err()
}

// SetKalender records region id's calendar choices.
func (s *Store) SetKalender(ctx context.Context, id int64, goedeVrijdag, bevrijdingsdagElkJaar bool) error {
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE regions SET goede_vrijdag = ?, bevrijdingsdag_elk_jaar = ? WHERE id = ?", goedeVrijdag, bevrijdingsdagElkJaar, id)
		return err
	})
}

// SetTermijnen replaces the terms region id set by terms (key → term); a
// term of 0 units or less, or in another unit than Eenheden, is refused
// with the key as the field.
func (s *Store) SetTermijnen(ctx context.Context, id int64, terms map[string]kalender.Term) error {
	fe := FieldErrors{}
	for k, t := range terms {
		if t.N < 1 || t.N > 999 || !slices.Contains(Eenheden, t.Unit) {
			fe[k] = "Vul een termijn in van 1 tot en met 999 kalenderdagen, werkdagen, weken of uren."
		}
	}
	if len(fe) > 0 {
		return fe
	}
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM region_terms WHERE region_id = ?", id); err != nil {
			return err
		}
		for k, t := range terms {
			if _, err := tx.Exec(ctx, "INSERT INTO region_terms (region_id, sleutel, aantal, eenheid) VALUES (?, ?, ?, ?)", id, k, t.N, string(t.Unit)); err != nil {
				return err
			}
		}
		return nil
	})
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
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		if out[i].Termijnen, err = termijnen(ctx, s.DB, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
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
	r.Termijnen, err = termijnen(ctx, q, r.ID)
	return r, err
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
