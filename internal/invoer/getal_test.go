package invoer

import (
	"math"
	"testing"
)

func TestBereik(t *testing.T) {
	for _, tc := range []struct {
		n, min, max int
		ok          bool
	}{
		{1, 1, 9, true}, {9, 1, 9, true}, {0, 1, 9, false}, {10, 1, 9, false}, {-1, 1, 9, false},
		{math.MaxInt, 1, 5, false}, {math.MinInt, 1, 5, false}, {5, 1, 5, true},
	} {
		if got := Bereik("het arrangement", tc.n, tc.min, tc.max); (got == "") != tc.ok {
			t.Errorf("Bereik(%d, %d, %d) = %q", tc.n, tc.min, tc.max, got)
		}
	}
	if got := Bereik("het arrangement", 0, 1, 9); got != "Kies het arrangement: een nummer van 1 tot en met 9." {
		t.Errorf("message %q", got)
	}
}

func TestIDAndVersie(t *testing.T) {
	for id, ok := range map[int64]bool{1: true, math.MaxInt64: true, 0: false, -1: false, math.MinInt64: false} {
		if got := ID("de aanbieder", id); (got == "") != ok {
			t.Errorf("ID(%d) = %q", id, got)
		}
	}
	for v, ok := range map[int]bool{0: true, 7: true, -1: false, math.MinInt: false} {
		if got := Versie(v); (got == "") != ok {
			t.Errorf("Versie(%d) = %q", v, got)
		}
	}
}

func TestKeuze(t *testing.T) {
	for v, ok := range map[string]bool{"mondeling": true, "schriftelijk": true, "": false, "Mondeling": false, "mondeling\x00": false} {
		if got := Keuze(v, "Kies.", "mondeling", "schriftelijk"); (got == "") != ok {
			t.Errorf("Keuze(%q) = %q", v, got)
		}
	}
}
