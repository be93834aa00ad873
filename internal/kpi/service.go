package kpi

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Service serves the region's figures to the people who watch them.
type Service struct {
	Gate *access.Gate
	Now  func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// ErrGeenToegang: the user may not see the region's figures.
var ErrGeenToegang = errors.New("kpi: no access to the region's figures")

// FieldErrors are the settings form's problems per field, in Dutch.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	var parts []string
	for k, v := range fe {
		parts = append(parts, k+": "+v)
	}
	slices.Sort(parts)
	return strings.Join(parts, "; ")
}

// MagZien reports whether p sees the region's figures: the purchasing
// team, the board and the administrator (the Monitor right), and everyone
// who works on cases (the referrers need the waiting times).
func MagZien(p access.Principal) bool { return p.SeesMonitor() || p.CanReadClient() }

// Kleinste is the smallest group a figure is shown for to a viewer who
// may not read youths' records: fewer cases could point at one youth.
const Kleinste = 5

// Monitor computes every figure of p's region for year jaar. Figures
// resting on fewer than Kleinste cases are left out for a viewer who may
// not read youths' records (Cel.Onderdrukt).
func (s *Service) Monitor(ctx context.Context, p access.Principal, jaar int) (*Monitor, error) {
	if !MagZien(p) || p.RegionID == 0 {
		return nil, ErrGeenToegang
	}
	if jaar < 2015 || jaar > 2100 {
		jaar = s.now().In(amsterdamLoc()).Year()
	}
	in, err := instellingen(ctx, s.Gate.DB, p.RegionID)
	if err != nil {
		return nil, err
	}
	m, err := Alles(ctx, s.Gate.DB, p.RegionID, jaar, in, s.now())
	if err != nil {
		return nil, err
	}
	if !p.CanReadClient() {
		onderdruk(m)
	}
	return m, nil
}

// onderdruk leaves out the figures of fewer than Kleinste cases.
func onderdruk(m *Monitor) {
	for i := range m.KPIs {
		r := &m.KPIs[i]
		for j := range r.Rijen {
			for k := range r.Rijen[j].Cellen {
				c := &r.Rijen[j].Cellen[k]
				n := c.Noemer
				if r.Soort != Aandeel && !r.PerJeugdige {
					n = c.Teller
				}
				if n > 0 && n < Kleinste {
					c.Maat, c.Basis, c.Figuur, c.Onderdrukt = nil, nil, nil, true
				}
			}
		}
	}
	small := func(s *Spreiding) {
		if s.N > 0 && s.N < Kleinste {
			*s = Spreiding{N: s.N}
			s.Onderdrukt = true
		}
	}
	for i := range m.Termijnen {
		small(&m.Termijnen[i].Spreiding)
	}
	for i := range m.Treeknorm {
		small(&m.Treeknorm[i].Spreiding)
	}
	for i := range m.Wachtrijen {
		small(&m.Wachtrijen[i].Gestart)
	}
}

// Instellingen returns p's region's KPI settings (the seed's for a KPI the
// region did not set, with the first recorded year as baseline).
func (s *Service) Instellingen(ctx context.Context, p access.Principal) ([]Instelling, error) {
	if !MagZien(p) || p.RegionID == 0 {
		return nil, ErrGeenToegang
	}
	in, err := instellingen(ctx, s.Gate.DB, p.RegionID)
	if err != nil {
		return nil, err
	}
	first := 0
	var minAt sql.NullTime
	// The first registration (ORDER BY, not MIN: SQLite's MIN of a
	// timestamp is text, not a time).
	err = s.Gate.DB.QueryRow(ctx, `SELECT s.aangemeld_at FROM seg1_cases s JOIN trajectories t ON t.id = s.trajectory_id
		WHERE s.aangemeld_at IS NOT NULL AND `+inRegion+` ORDER BY s.aangemeld_at LIMIT 1`, p.RegionID).Scan(&minAt)
	if err != nil && !errors.Is(err, database.ErrNoRows) {
		return nil, err
	}
	if minAt.Valid {
		first = minAt.Time.In(amsterdamLoc()).Year()
	}
	std := Standaard(first)
	var out []Instelling
	for _, d := range Definities {
		if v, ok := in[d.Key]; ok {
			out = append(out, v)
		} else {
			out = append(out, std[d.Key])
		}
	}
	return out, nil
}

// InstellingInput sets one KPI's baseline year, baseline figure and
// targets; numbers as typed ("30", "95,5"), the baseline figure may be
// empty.
type InstellingInput struct {
	Key         Key    `json:"kpi"`
	Basisjaar   string `json:"basisjaar"`
	Basiswaarde string `json:"basiswaarde"`
	Doel2026    string `json:"doel_2026"`
	Doel2028    string `json:"doel_2028"`
}

// SetInstelling records p's region's setting of one KPI. Only the
// region's administrator or purchasing team sets it.
func (s *Service) SetInstelling(ctx context.Context, p access.Principal, in InstellingInput) error {
	if p.RegionID == 0 || !(p.IsAdmin() || p.Has(access.Inkoop)) {
		return ErrGeenToegang
	}
	fe := FieldErrors{}
	if _, ok := DefinitieVan(in.Key); !ok {
		fe["kpi"] = "Kies een KPI."
	}
	jaar, err := strconv.Atoi(strings.TrimSpace(in.Basisjaar))
	if err != nil || jaar < 2015 || jaar > 2100 {
		fe["basisjaar"] = "Vul een basisjaar in, zoals 2025."
	}
	getal := func(field, v string, required bool, what string) *float64 {
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%"))
		if v == "" {
			if required {
				fe[field] = "Vul " + what + " in."
			}
			return nil
		}
		x, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil || x < 0 {
			fe[field] = "Vul " + what + " in als getal, zoals 30 of 95,5."
			return nil
		}
		return &x
	}
	basis := getal("basiswaarde", in.Basiswaarde, false, "de basiswaarde")
	d26 := getal("doel_2026", in.Doel2026, true, "het doel voor 2026")
	d28 := getal("doel_2028", in.Doel2028, true, "het doel voor 2028")
	for field, d := range map[string]*float64{"doel_2026": d26, "doel_2028": d28} {
		if d != nil && *d > 100 {
			fe[field] = "Een doel is een percentage van hoogstens 100."
		}
	}
	if len(fe) > 0 {
		return fe
	}
	return s.Gate.DB.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM region_kpi WHERE region_id = ? AND kpi = ?`, p.RegionID, string(in.Key)); err != nil {
			return err
		}
		var b any
		if basis != nil {
			b = *basis
		}
		_, err := tx.Exec(ctx, `INSERT INTO region_kpi (region_id, kpi, basisjaar, basiswaarde, doel_2026, doel_2028) VALUES (?, ?, ?, ?, ?, ?)`,
			p.RegionID, string(in.Key), jaar, b, *d26, *d28)
		return err
	})
}

func instellingen(ctx context.Context, q database.Querier, regionID int64) (map[Key]Instelling, error) {
	rows, err := q.Query(ctx, `SELECT kpi, basisjaar, basiswaarde, doel_2026, doel_2028 FROM region_kpi WHERE region_id = ?`, regionID)
	if err != nil {
		return nil, fmt.Errorf("KPI settings of region %d: %w", regionID, err)
	}
	defer rows.Close()
	out := map[Key]Instelling{}
	for rows.Next() {
		var in Instelling
		var basis sql.NullFloat64
		if err := rows.Scan(&in.Key, &in.Basisjaar, &basis, &in.Doel2026, &in.Doel2028); err != nil {
			return nil, err
		}
		if basis.Valid {
			in.Basiswaarde = &basis.Float64
		}
		out[in.Key] = in
	}
	return out, rows.Err()
}

// ErrOnbekend: no such KPI, group or period.
var ErrOnbekend = errors.New("kpi: no such figure")
