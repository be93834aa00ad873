package kpi

import (
	"context"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Inzoom is a figure opened to the cases it counts, as far as the
// viewer's rights allow: Totaal counts them all, Casussen lists those the
// viewer's organisation works on (each read logged as a list read), and
// nothing else names a youth.
type Inzoom struct {
	Definitie
	Groep    string
	Periode  string
	Totaal   int
	Casussen []InzoomCasus
	// MagLezen: the viewer may read youths' records at all.
	MagLezen bool
}

// InzoomCasus is one counted case the viewer may see.
type InzoomCasus struct {
	TrajectID int64
	Naam      string
	Teller    float64 // what the case adds to the numerator
	Noemer    float64 // and to the denominator
}

// Inzoomen opens KPI k's figure of group g in period p (0–11 a month, 12
// the year) of year jaar.
func (s *Service) Inzoomen(ctx context.Context, p access.Principal, k Key, g Groep, jaar, periode int) (*Inzoom, error) {
	d, ok := DefinitieVan(k)
	if !MagZien(p) || p.RegionID == 0 {
		return nil, ErrGeenToegang
	}
	if !ok || periode < 0 || periode > 12 {
		return nil, ErrOnbekend
	}
	f, err := Laad(ctx, s.Gate.DB, p.RegionID)
	if err != nil {
		return nil, err
	}
	if g != Regio {
		if _, ok := f.Namen[g.ID]; !ok {
			return nil, ErrOnbekend
		}
	}
	per := Maanden(jaar)[periode]
	h := NieuweHerinstroom(f.Casussen)
	nu := s.now()
	telt := map[int64][2]float64{}
	for i := range f.Casussen {
		c := &f.Casussen[i]
		if !(g == Regio || (g.Soort == "gemeente" && c.Gemeente == g.ID) || (g.Soort == "consortium" && c.Consortium == g.ID)) {
			continue
		}
		if t, n := Bijdrage(k, c, per, nu, h); t != 0 || n != 0 {
			telt[c.TrajectID] = [2]float64{t, n}
		}
	}
	out := &Inzoom{Definitie: d, Groep: f.naam(g), Periode: per.Label, Totaal: len(telt), MagLezen: p.CanReadClient()}
	if !p.CanReadClient() || len(telt) == 0 {
		return out, nil
	}
	err = s.Gate.ListRead(ctx, p, access.Op{Action: access.Lijst, Object: "kpi.casussen", Purpose: access.DefaultPurpose(p)},
		func(q database.Querier, sc access.Scope, _ access.View) ([]int64, error) {
			where, arg := sc.WhereTrajectory("t")
			rows, err := q.Query(ctx, `SELECT t.id, t.client_id, c.given_name, c.family_name FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE `+where+` ORDER BY c.family_name, c.given_name, t.id`, arg)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var ids []int64
			for rows.Next() {
				var id, client int64
				var given, family string
				if err := rows.Scan(&id, &client, &given, &family); err != nil {
					return nil, err
				}
				if x, ok := telt[id]; ok {
					out.Casussen = append(out.Casussen, InzoomCasus{TrajectID: id, Naam: strings.TrimSpace(given + " " + family), Teller: x[0], Noemer: x[1]})
					ids = append(ids, client)
				}
			}
			return ids, rows.Err()
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}
