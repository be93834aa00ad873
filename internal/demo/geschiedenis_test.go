package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/kpi"
)

// TestHistoryFillsTheMonitor: the demo's history gives every KPI of
// Noord- en Midden-Limburg a figure for the year, and the deadlines, the
// Treeknorm waits and the waiting times lines to show.
func TestHistoryFillsTheMonitor(t *testing.T) {
	db, now := seeded(t)
	ctx := context.Background()
	start := time.Now()
	if err := demo.Geschiedenis(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	t.Logf("history walked in %v", time.Since(start))
	var region int64
	if err := db.QueryRow(ctx, "SELECT id FROM regions WHERE naam = ?", demo.RegioNML).Scan(&region); err != nil {
		t.Fatal(err)
	}
	jaar := now.Year()
	in := map[kpi.Key]kpi.Instelling{}
	for k, v := range kpi.Standaard(jaar - 1) {
		in[k] = v
	}
	m, err := kpi.Alles(ctx, db, region, jaar, in, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range m.KPIs {
		c := r.Rijen[0].Jaarcel()
		if c.Figuur == nil {
			t.Errorf("%s: no figure for %d (measure %v, baseline %v)", r.Key, jaar, c.Maat, c.Basis)
			continue
		}
		t.Logf("%-22s %6.1f%% (measure %.2f against %.2f)", r.Key, *c.Figuur, deref(c.Maat), deref(c.Basis))
	}
	kinds := map[string]bool{}
	for _, tr := range m.Termijnen {
		kinds[tr.Definitie.Soort] = true
	}
	for _, k := range []string{"stap:ipva", "segment1:aanmeldgesprek", "segment1:start", "stap:inschatting", "stap:rto"} {
		if !kinds[k] {
			t.Errorf("no deadline figures for %s", k)
		}
	}
	if len(m.Treeknorm) == 0 || len(m.Wachtrijen) == 0 {
		t.Errorf("Treeknorm %d lines, waiting times %d lines", len(m.Treeknorm), len(m.Wachtrijen))
	}
}

func deref(v *float64) float64 {
	if v == nil {
		return -1
	}
	return *v
}
