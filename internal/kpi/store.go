package kpi

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// The queries below read other packages' tables (trajectories, clients,
// seg1_cases, seg1_verblijven, obligations, consortium_members,
// provider_waiting) read-only and whole: reporting is the one reader that
// needs every row of a region at once, and one scan per table is what
// keeps a region of a million trajectories within a few scans' time
// (scripts/bench-kpi.sh). No other package reads through here, and
// nothing is written.

// Laad reads the facts of region regionID.
func Laad(ctx context.Context, q database.Querier, regionID int64) (*Feiten, error) {
	f := &Feiten{Namen: map[int64]string{}, Opgegeven: map[int64]int{}}
	if err := f.organisaties(ctx, q, regionID); err != nil {
		return nil, err
	}
	consortium, err := consortia(ctx, q, regionID)
	if err != nil {
		return nil, err
	}
	index, err := f.casussen(ctx, q, regionID, consortium)
	if err != nil {
		return nil, err
	}
	if err := f.verblijven(ctx, q, regionID, index); err != nil {
		return nil, err
	}
	if err := f.termijnen(ctx, q, regionID); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Feiten) organisaties(ctx context.Context, q database.Querier, regionID int64) error {
	rows, err := q.Query(ctx, `SELECT o.id, o.name, o.kind, COALESCE(w.weeks, -1) FROM organisations o
		LEFT JOIN provider_waiting w ON w.organisation_id = o.id WHERE o.region_id = ? ORDER BY o.name, o.id`, regionID)
	if err != nil {
		return fmt.Errorf("organisations of region %d: %w", regionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, kind string
		var weeks int
		if err := rows.Scan(&id, &name, &kind, &weeks); err != nil {
			return err
		}
		f.Namen[id] = name
		switch kind {
		case "gemeente":
			f.Gemeenten = append(f.Gemeenten, id)
		case "consortium":
			f.Consortia = append(f.Consortia, id)
		}
		if weeks >= 0 {
			f.Opgegeven[id] = weeks
		}
	}
	return rows.Err()
}

// consortia maps each member provider to its consortium.
func consortia(ctx context.Context, q database.Querier, regionID int64) (map[int64]int64, error) {
	rows, err := q.Query(ctx, `SELECT m.member_id, m.consortium_id FROM consortium_members m JOIN organisations o ON o.id = m.consortium_id
		WHERE o.region_id = ? ORDER BY m.consortium_id`, regionID)
	if err != nil {
		return nil, fmt.Errorf("consortia of region %d: %w", regionID, err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var member, c int64
		if err := rows.Scan(&member, &c); err != nil {
			return nil, err
		}
		if _, ok := out[member]; !ok {
			out[member] = c
		}
		out[c] = c
	}
	return out, rows.Err()
}

const inRegion = `t.municipality_id IN (SELECT id FROM organisations WHERE region_id = ?)`

func (f *Feiten) casussen(ctx context.Context, q database.Querier, regionID int64, consortium map[int64]int64) (map[int64]int, error) {
	rows, err := q.Query(ctx, `SELECT t.id, t.client_id, t.route, t.municipality_id, COALESCE(t.provider_id, 0), COALESCE(t.arrangement, 0), c.birth_date,
			t.ipva_shared_on, t.plan_submitted_at, t.zorg_start, t.provider_status,
			COALESCE(s.desk_org_id, 0), COALESCE(s.regievoerder_id, 0), s.aangemeld_at, s.aanmeldgesprek_op, s.hulp_gestart, s.einddatum
		FROM trajectories t JOIN clients c ON c.id = t.client_id LEFT JOIN seg1_cases s ON s.trajectory_id = t.id
		WHERE `+inRegion, regionID)
	if err != nil {
		return nil, fmt.Errorf("cases of region %d: %w", regionID, err)
	}
	defer rows.Close()
	index := map[int64]int{}
	for rows.Next() {
		var c Casus
		var status string
		var regie int64
		var shared, plan, zorg, aangemeld, intake, start, eind sql.NullTime
		if err := rows.Scan(&c.TrajectID, &c.ClientID, &c.Route, &c.Gemeente, &c.Aanbieder, &c.Arrangement, &c.Geboren,
			&shared, &plan, &zorg, &status, &c.Aanmeldpunt, &regie, &aangemeld, &intake, &start, &eind); err != nil {
			return nil, err
		}
		c.BijAanbieder, c.PlanOp, c.ZorgStart = day(shared.Time), day(plan.Time), day(zorg.Time)
		c.Wachtend = !c.BijAanbieder.IsZero() && c.ZorgStart.IsZero() && (status == "gevraagd" || status == "geaccepteerd")
		if aangemeld.Valid {
			c.Segment1 = true
			c.Aangemeld, c.Intake, c.Start, c.Eind = day(aangemeld.Time.In(kalender.Amsterdam())), day(intake.Time), day(start.Time), day(eind.Time)
			if regie != 0 {
				c.Aanbieder = regie
			}
		}
		c.Geboren = day(c.Geboren)
		c.Consortium = consortium[c.Aanbieder]
		index[c.TrajectID] = len(f.Casussen)
		f.Casussen = append(f.Casussen, c)
	}
	return index, rows.Err()
}

func (f *Feiten) verblijven(ctx context.Context, q database.Querier, regionID int64, index map[int64]int) error {
	rows, err := q.Query(ctx, `SELECT v.trajectory_id, v.soort, v.met_ouder, v.begin_op, v.eind_op FROM seg1_verblijven v
		JOIN trajectories t ON t.id = v.trajectory_id WHERE `+inRegion+` ORDER BY v.trajectory_id, v.begin_op, v.id`, regionID)
	if err != nil {
		return fmt.Errorf("stays of region %d: %w", regionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v Verblijf
		var eind sql.NullTime
		if err := rows.Scan(&id, &v.Soort, &v.MetOuder, &v.Begin, &eind); err != nil {
			return err
		}
		v.Begin, v.Eind = day(v.Begin), day(eind.Time)
		if i, ok := index[id]; ok {
			f.Casussen[i].Verblijven = append(f.Casussen[i].Verblijven, v)
		}
	}
	return rows.Err()
}

func (f *Feiten) termijnen(ctx context.Context, q database.Querier, regionID int64) error {
	var kinds []any
	marks := ""
	for _, d := range TermijnDefinities {
		kinds = append(kinds, d.Soort)
		if marks != "" {
			marks += ", "
		}
		marks += "?"
	}
	rows, err := q.Query(ctx, `SELECT o.kind, t.route, o.owner_org_id, o.trajectory_id, o.created_at, o.due_at, o.done_at
		FROM obligations o JOIN trajectories t ON t.id = o.trajectory_id
		WHERE o.kind IN (`+marks+`) AND `+inRegion, append(kinds, regionID)...)
	if err != nil {
		return fmt.Errorf("deadlines of region %d: %w", regionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Termijn
		var done sql.NullTime
		if err := rows.Scan(&t.Soort, &t.Route, &t.Org, &t.TrajectID, &t.Aangemaakt, &t.Uiterlijk, &done); err != nil {
			return err
		}
		t.Gedaan = done.Time
		f.Termijnen = append(f.Termijnen, t)
	}
	// No order: Termijnen groups and sorts the times itself.
	return rows.Err()
}
