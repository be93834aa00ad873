package main

import (
	"testing"
	"time"
)

func TestPeaksCompareEachSidesHighestRate(t *testing.T) {
	res := func(name string, conc int, mw, bare float64) result {
		return result{name: name, conc: conc, mw: measurement{rate: mw}, bare: measurement{rate: bare}}
	}
	got := peaks([]result{
		res("sqlite", 16, 4000, 17000), // bare at its best, Mijn werk waiting for the disk
		res("sqlite", 64, 6300, 14800),
		res("sqlite", 128, 7500, 14700),
		res("postgres", 16, 4100, 15700),
		{name: "postgres", conc: 64, failed: "kapot"},
		res("postgres", 128, 7000, 15000),
		{name: "mysql", skipped: "niet gemeten"},
	})
	want := []peak{
		{name: "sqlite", mw: 7500, mwConc: 128, bare: 17000, bareConc: 16, ratio: 100 * 7500.0 / 17000},
		{name: "postgres", mw: 7000, mwConc: 128, bare: 15700, bareConc: 16, ratio: 100 * 7000.0 / 15700},
	}
	if len(got) != len(want) {
		t.Fatalf("peaks = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("peak %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// The benchmark itself, small: it logs in, finds the actions on the page,
// measures both sides at each count, and the views it measures are
// access-logged, one entry per youth shown. A benchmark that stopped
// logging (or stopped reaching the page) would measure something else.
func TestBenchmarkRunsAndLogsEveryView(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a database and serves it")
	}
	c := config{n: 60, dur: 300 * time.Millisecond, warmup: 100 * time.Millisecond, rounds: 1, concs: []int{2, 4}, dir: t.TempDir()}
	rs := runSQLite(c)
	if len(rs) != len(c.concs) {
		t.Fatalf("%d results, want one per client count: %+v", len(rs), rs)
	}
	for i, r := range rs {
		if r.failed != "" {
			t.Fatalf("failed: %s", r.failed)
		}
		if r.conc != c.concs[i] || r.items == 0 || r.pageBytes == 0 {
			t.Errorf("result %d: %d clients, %d actions, %d bytes", i, r.conc, r.items, r.pageBytes)
		}
		if r.mw.rate <= 0 || r.bare.rate <= 0 || r.mw.errors+r.bare.errors != 0 {
			t.Errorf("%d clients: rates %.0f / %.0f, %d errors (%v %v)", r.conc, r.mw.rate, r.bare.rate, r.mw.errors+r.bare.errors, r.mw.firstErr, r.bare.firstErr)
		}
		// Every view logs one entry per youth shown.
		if r.logPerReq < float64(r.items)-0.5 || r.logPerReq > float64(r.items)+0.5 {
			t.Errorf("%d clients: %.1f access-log entries per view, want %d (one per youth shown)", r.conc, r.logPerReq, r.items)
		}
	}
	if ps := peaks(rs); len(ps) != 1 || ps[0].ratio <= 0 {
		t.Errorf("peaks = %+v", ps)
	}
}
