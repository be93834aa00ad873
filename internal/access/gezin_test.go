package access

import (
	"testing"
	"time"
)

// TestPortaalGezinMag is R-IPVA-2 as the portal's rule: who signs sees.
func TestPortaalGezinMag(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	birth := day(2010, time.June, 15)
	for _, c := range []struct {
		name                        string
		on                          time.Time
		youth, parentGezag, parentZ bool // what the youth, a parent with gezag and one without may
	}{
		{"11", day(2021, time.December, 1), false, true, false},
		{"day before 12th birthday", day(2022, time.June, 14), false, true, false},
		{"12th birthday", day(2022, time.June, 15), true, true, false},
		{"15", day(2025, time.December, 1), true, true, false},
		{"day before 16th birthday", day(2026, time.June, 14), true, true, false},
		{"16th birthday", day(2026, time.June, 15), true, false, false},
		{"17", day(2027, time.July, 1), true, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := GezinMag(birth, c.on, true, false); got != c.youth {
				t.Errorf("youth: %v, want %v", got, c.youth)
			}
			if got := GezinMag(birth, c.on, false, true); got != c.parentGezag {
				t.Errorf("parent with gezag: %v, want %v", got, c.parentGezag)
			}
			if got := GezinMag(birth, c.on, false, false); got != c.parentZ {
				t.Errorf("parent without gezag: %v, want %v", got, c.parentZ)
			}
		})
	}
}
