package segment1

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Verblijf (issue 16): where a segment-1 youth lives outside home while
// the regievoerder carries out the help. Seed 004's KPIs count from it:
// no youth under 12 in treatment residence other than together with a
// parent, fewer admission days, more hybrid forms, fewer moves.

// Verblijfsoort is the kind of a stay.
type Verblijfsoort string

const (
	// Behandelverblijf: residential treatment, day and night (an admission).
	Behandelverblijf Verblijfsoort = "behandelverblijf"
	// Hybride: a hybrid form of residence: part of the week in treatment
	// residence, the rest at home or in the network (seed 004).
	Hybride Verblijfsoort = "hybride"
	// Gezinshuis and Pleegzorg: living in a family setting.
	Gezinshuis Verblijfsoort = "gezinshuis"
	Pleegzorg  Verblijfsoort = "pleegzorg"
)

// Verblijfsoorten lists the kinds in the order of the form.
var Verblijfsoorten = []Verblijfsoort{Behandelverblijf, Hybride, Gezinshuis, Pleegzorg}

// Label is the kind in Dutch.
func (v Verblijfsoort) Label() string {
	switch v {
	case Behandelverblijf:
		return "Behandelverblijf (opname)"
	case Hybride:
		return "Hybride verblijf (deels thuis, deels in behandelverblijf)"
	case Gezinshuis:
		return "Gezinshuis"
	case Pleegzorg:
		return "Pleegzorg"
	}
	return string(v)
}

// Verblijf is a recorded stay.
type Verblijf struct {
	ID       int64
	Soort    Verblijfsoort
	MetOuder bool
	Begin    time.Time
	Eind     time.Time // zero while it lasts
	Door     string
}

// VerblijfInput starts a stay.
type VerblijfInput struct {
	Soort    string `json:"soort"`
	MetOuder bool   `json:"met_ouder"` // a parent stays too
	Begin    string `json:"begin"`     // JJJJ-MM-DD of dd-mm-jjjj
}

// VerblijfEindeInput ends a stay.
type VerblijfEindeInput struct {
	Eind string `json:"eind"`
}

// VerblijfBegin records that the youth started a stay. Only the
// regievoerder records it, while carrying out the help; one stay at a
// time, so a new stay needs the last one ended first (a move from one to
// the next is ending the one and starting the other on the same day).
func (s *Service) VerblijfBegin(ctx context.Context, p access.Principal, id int64, in VerblijfInput) error {
	return s.change(ctx, p, id, "verblijf", access.PartRegie, func(tx *database.Tx, st *state) error {
		if err := st.mayRegievoerder(p, "legt het verblijf vast"); err != nil {
			return err
		}
		fe := FieldErrors{}
		soort := Verblijfsoort(in.Soort)
		if !slices.Contains(Verblijfsoorten, soort) {
			fe["soort"] = "Kies de soort verblijf."
		}
		begin := st.day(fe, "begin", in.Begin, true, false, "de eerste dag van het verblijf")
		if err := errOf(fe); err != nil {
			return err
		}
		vs, err := verblijven(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Eind.IsZero() {
				return refuse("Er loopt al een verblijf (" + v.Soort.Label() + " sinds " + kalender.Datum(v.Begin) + "). Leg eerst het einde daarvan vast.")
			}
			if kalender.Day(begin).Before(kalender.Day(v.Eind)) {
				return refuse("Het verblijf begint vóór het einde van het vorige verblijf (" + kalender.Datum(v.Eind) + ").")
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seg1_verblijven (trajectory_id, soort, met_ouder, begin_op, user_id, organisation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			st.t.ID, string(soort), in.MetOuder, dateStr(begin), nullID(p.UserID), p.OrgID, st.now); err != nil {
			return err
		}
		what := "Verblijf begonnen op " + kalender.Datum(begin) + ": " + soort.Label()
		if in.MetOuder {
			what += ", samen met een ouder"
		}
		return s.record(ctx, tx, p, st, what)
	})
}

// VerblijfEinde records the last day of stay verblijf.
func (s *Service) VerblijfEinde(ctx context.Context, p access.Principal, id, verblijf int64, in VerblijfEindeInput) error {
	return s.change(ctx, p, id, "verblijf", access.PartRegie, func(tx *database.Tx, st *state) error {
		if !st.is(p, PartyRegievoerder) {
			return refuse("Alleen de regievoerder legt het verblijf vast.")
		}
		vs, err := verblijven(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		var v *Verblijf
		for i := range vs {
			if vs[i].ID == verblijf {
				v = &vs[i]
			}
		}
		switch {
		case v == nil:
			return ErrNotFound
		case !v.Eind.IsZero():
			return refuse("Dit verblijf is al beëindigd op " + kalender.Datum(v.Eind) + ".")
		}
		fe := FieldErrors{}
		eind := st.day(fe, "eind", in.Eind, true, false, "de laatste dag van het verblijf")
		if !eind.IsZero() && kalender.Day(eind).Before(kalender.Day(v.Begin)) {
			fe["eind"] = "De laatste dag ligt vóór de eerste dag van het verblijf (" + kalender.Datum(v.Begin) + ")."
		}
		if err := errOf(fe); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE seg1_verblijven SET eind_op = ? WHERE id = ? AND trajectory_id = ?`, dateStr(eind), v.ID, st.t.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Verblijf beëindigd op "+kalender.Datum(eind)+": "+v.Soort.Label())
	})
}

// verblijven reads the stays of trajectory id, first first.
func verblijven(ctx context.Context, q database.Querier, id int64) ([]Verblijf, error) {
	rows, err := q.Query(ctx, `SELECT v.id, v.soort, v.met_ouder, v.begin_op, v.eind_op, COALESCE(u.name, '')
		FROM seg1_verblijven v LEFT JOIN users u ON u.id = v.user_id WHERE v.trajectory_id = ? ORDER BY v.begin_op, v.id`, id)
	if err != nil {
		return nil, fmt.Errorf("stays of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Verblijf
	for rows.Next() {
		var v Verblijf
		var eind sql.NullTime
		if err := rows.Scan(&v.ID, &v.Soort, &v.MetOuder, &v.Begin, &eind, &v.Door); err != nil {
			return nil, err
		}
		v.Eind = eind.Time
		out = append(out, v)
	}
	return out, rows.Err()
}
