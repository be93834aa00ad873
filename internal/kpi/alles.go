package kpi

import (
	"context"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Monitor is every figure of one region and year: the KPIs, the deadlines,
// the Treeknorm waits and the live waiting times.
type Monitor struct {
	Jaar       int
	Nu         time.Time
	Feiten     *Feiten
	KPIs       []Resultaat
	Termijnen  []TermijnRegel
	Treeknorm  []WachtRegel
	Wachtrijen []Wachtrij
}

// Alles reads the region's records and computes every figure of year
// jaar on day nu: the work behind the dashboards, and what
// scripts/bench-kpi.sh times against a bare scan of the history.
func Alles(ctx context.Context, q database.Querier, regionID int64, jaar int, in map[Key]Instelling, nu time.Time) (*Monitor, error) {
	f, err := Laad(ctx, q, regionID)
	if err != nil {
		return nil, err
	}
	van, tot := Maanden(jaar)[12].Van, Maanden(jaar)[12].Tot
	return &Monitor{Jaar: jaar, Nu: nu, Feiten: f,
		KPIs:       Bereken(f, jaar, in, nu),
		Termijnen:  Termijnen(f.Termijnen, van, tot, nu),
		Treeknorm:  Treeknorm(Wachttijden(f.Casussen), van, tot),
		Wachtrijen: Wachtrijen(f, nu),
	}, nil
}
