package main

import "testing"

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
