package kalender

import (
	"fmt"
	"strconv"
	"time"
)

// Unit is the unit a term is counted in.
type Unit string

const (
	Kalenderdagen Unit = "kalenderdagen"
	Werkdagen     Unit = "werkdagen"
	Weken         Unit = "weken"
	Uren          Unit = "uren"
)

// Term is a period of N units, such as 5 werkdagen or 4 weken.
type Term struct {
	N    int
	Unit Unit
}

// Days returns a term of n calendar days.
func Days(n int) Term { return Term{N: n, Unit: Kalenderdagen} }

// WorkingDays returns a term of n working days.
func WorkingDays(n int) Term { return Term{N: n, Unit: Werkdagen} }

// Weeks returns a term of n weeks (7n calendar days).
func Weeks(n int) Term { return Term{N: n, Unit: Weken} }

// Hours returns a term of n hours.
func Hours(n int) Term { return Term{N: n, Unit: Uren} }

// String returns the term in Dutch: "5 werkdagen", "1 werkdag", "4 weken",
// "2 uur", "14 dagen", "1 dag".
func (t Term) String() string {
	one := t.N == 1 || t.N == -1
	unit := string(t.Unit)
	switch t.Unit {
	case Kalenderdagen:
		unit = "dagen"
		if one {
			unit = "dag"
		}
	case Werkdagen:
		unit = "werkdagen"
		if one {
			unit = "werkdag"
		}
	case Weken:
		unit = "weken"
		if one {
			unit = "week"
		}
	case Uren:
		unit = "uur"
	}
	return strconv.Itoa(t.N) + " " + unit
}

// Due returns the instant term t, started at from, ends; the result is in
// Europe/Amsterdam.
//
//   - Uren: from plus N hours exactly.
//   - Kalenderdagen and Weken (7N days): the Amsterdam day of from plus N
//     days; a last day on a Saturday, Sunday or public holiday moves to
//     the next working day (Atw art. 1). N == 0 is the same day, and a
//     negative N counts back without moving (Atw art. 1 lid 2).
//   - Werkdagen: the N-th working day after the Amsterdam day of from,
//     which itself does not count; N == 0 is the same day, a negative N
//     the N-th working day before it.
//
// A term of days ends at the end of its last day, 23:59:59 Amsterdam time.
// A Unit not listed here is a programming error and panics.
func (c Calendar) Due(from time.Time, t Term) time.Time {
	switch t.Unit {
	case Uren:
		return from.Add(time.Duration(t.N) * time.Hour).In(Amsterdam())
	case Kalenderdagen:
		return c.dueDays(from, t.N)
	case Weken:
		return c.dueDays(from, 7*t.N)
	case Werkdagen:
		return c.dueWorkingDays(from, t.N)
	}
	panic(fmt.Sprintf("kalender: term %d with unknown unit %q", t.N, string(t.Unit)))
}

func (c Calendar) dueDays(from time.Time, n int) time.Time {
	d := addDays(Day(from), n)
	if n > 0 {
		for !c.IsWorkingDay(d) {
			d = addDays(d, 1)
		}
	}
	return endOfDay(d)
}

func (c Calendar) dueWorkingDays(from time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := Day(from)
	for n > 0 {
		d = addDays(d, step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return endOfDay(d)
}

// Overdue reports whether now is after due. A zero due is no deadline and
// never overdue.
func (c Calendar) Overdue(due, now time.Time) bool {
	return !due.IsZero() && now.After(due)
}
