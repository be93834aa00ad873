package kalender

import (
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on a machine without zoneinfo
)

// Calendar holds the region's configuration of public holidays. The zero
// Calendar is the usual collective-agreement calendar (no Goede Vrijdag,
// 5 May in lustrum years only); legal terms use Default.
type Calendar struct {
	// GoedeVrijdag: Good Friday counts as a public holiday. The Atw
	// equates it with one (art. 3 lid 2), so Default sets it.
	GoedeVrijdag bool
	// BevrijdingsdagElkJaar: 5 May is a holiday every year, as in Atw
	// art. 3 lid 1 (Default). False: only in lustrum years (year%5 == 0),
	// the day off of many collective agreements.
	BevrijdingsdagElkJaar bool
	// Extra are further days off, each counted on its Amsterdam day: the
	// days equated with public holidays by decision under Atw art. 3 lid 3
	// (published in the Staatscourant for three years at a time), or a
	// region's own. An empty Name reads "Met feestdag gelijkgestelde dag".
	Extra []Holiday
}

// Default is the calendar of the Algemene termijnenwet art. 3 lid 1 and 2:
// Goede Vrijdag and Bevrijdingsdag every year. Days equated under lid 3
// are not in it; add them to Extra.
var Default = Calendar{GoedeVrijdag: true, BevrijdingsdagElkJaar: true}

// Holiday is a public holiday.
type Holiday struct {
	Date time.Time // midnight Europe/Amsterdam
	Name string    // Dutch, e.g. "Tweede Paasdag"
}

var amsterdam = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic("kalender: " + err.Error()) // cannot happen: time/tzdata is embedded
	}
	return loc
})

// Amsterdam returns the Europe/Amsterdam location, loaded once.
func Amsterdam() *time.Location { return amsterdam() }

// Day returns the calendar day of instant t in Europe/Amsterdam, as
// midnight Amsterdam.
func Day(t time.Time) time.Time {
	y, m, d := t.In(Amsterdam()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Amsterdam())
}

// Day returns the calendar day of instant t in Europe/Amsterdam, as
// midnight Amsterdam; it is the same for every Calendar (see Day).
func (Calendar) Day(t time.Time) time.Time { return Day(t) }

// addDays returns the midnight Amsterdam n days after the Amsterdam day d.
func addDays(d time.Time, n int) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd+n, 0, 0, 0, 0, Amsterdam())
}

// endOfDay returns 23:59:59 Amsterdam on the Amsterdam day d.
func endOfDay(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 23, 59, 59, 0, Amsterdam())
}

// easter returns the date of Easter Sunday in the Gregorian calendar (the
// anonymous Gregorian algorithm, as given by Meeus).
func easter(year int) (time.Month, int) {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	return time.Month((h + l - 7*m + 114) / 31), (h+l-7*m+114)%31 + 1
}

// holidays returns the holidays of year in the order of definition: the
// fixed list first, Extra last.
func (c Calendar) holidays(year int) []Holiday {
	loc := Amsterdam()
	date := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, loc) }
	em, ed := easter(year)
	pasen := func(days int) time.Time { return date(em, ed+days) }
	koningsdag := date(time.April, 27)
	if koningsdag.Weekday() == time.Sunday {
		koningsdag = date(time.April, 26)
	}

	hs := make([]Holiday, 0, 11+len(c.Extra))
	add := func(d time.Time, name string) { hs = append(hs, Holiday{Date: d, Name: name}) }
	add(date(time.January, 1), "Nieuwjaarsdag")
	if c.GoedeVrijdag {
		add(pasen(-2), "Goede Vrijdag")
	}
	add(pasen(0), "Eerste Paasdag")
	add(pasen(1), "Tweede Paasdag")
	add(koningsdag, "Koningsdag")
	if c.BevrijdingsdagElkJaar || year%5 == 0 {
		add(date(time.May, 5), "Bevrijdingsdag")
	}
	add(pasen(39), "Hemelvaartsdag")
	add(pasen(49), "Eerste Pinksterdag")
	add(pasen(50), "Tweede Pinksterdag")
	add(date(time.December, 25), "Eerste Kerstdag")
	add(date(time.December, 26), "Tweede Kerstdag")
	for _, h := range c.Extra {
		if d := Day(h.Date); d.Year() == year {
			name := h.Name
			if name == "" {
				name = "Met feestdag gelijkgestelde dag"
			}
			add(d, name)
		}
	}
	return hs
}

// Holidays returns the public holidays of year, sorted by date. Two
// holidays on one day (Hemelvaartsdag on 5 May, as in 2005 and 2016) are
// both listed.
func (c Calendar) Holidays(year int) []Holiday {
	hs := c.holidays(year)
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// IsHoliday reports whether the Amsterdam day of d is a public holiday and
// its name; two holidays on one day are named together ("Bevrijdingsdag
// en Hemelvaartsdag").
func (c Calendar) IsHoliday(d time.Time) (string, bool) {
	day := Day(d)
	var names []string
	for _, h := range c.holidays(day.Year()) {
		if h.Date.Equal(day) && !slices.Contains(names, h.Name) {
			names = append(names, h.Name)
		}
	}
	return strings.Join(names, " en "), len(names) > 0
}

// IsWorkingDay reports whether the Amsterdam day of d is a working day:
// Monday to Friday and not a public holiday.
func (c Calendar) IsWorkingDay(d time.Time) bool {
	day := Day(d)
	if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.IsHoliday(day)
	return !holiday
}

// Datum formats the Amsterdam day of t as dd-mm-jjjj; the zero time is "".
func Datum(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Amsterdam()).Format("02-01-2006")
}

// DatumTijd formats t in Amsterdam as "dd-mm-jjjj hh:mm"; the zero time
// is "".
func DatumTijd(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Amsterdam()).Format("02-01-2006 15:04")
}
