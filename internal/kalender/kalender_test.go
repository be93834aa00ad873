package kalender

import (
	"testing"
	"time"
)

// ams returns a wall-clock time in Europe/Amsterdam.
func ams(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, Amsterdam())
}

// date returns midnight Amsterdam.
func date(y int, m time.Month, d int) time.Time { return ams(y, m, d, 0, 0, 0) }

// end returns 23:59:59 Amsterdam, the end of a day term.
func end(y int, m time.Month, d int) time.Time { return ams(y, m, d, 23, 59, 59) }

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// lustrum is the zero Calendar: no Goede Vrijdag, 5 May only when year%5 == 0.
var lustrum = Calendar{}

func TestEaster(t *testing.T) {
	tests := []struct {
		year int
		want time.Time
	}{
		{1818, date(1818, time.March, 22)}, // earliest possible
		{2005, date(2005, time.March, 27)},
		{2008, date(2008, time.March, 23)},
		{2016, date(2016, time.March, 27)},
		{2024, date(2024, time.March, 31)},
		{2025, date(2025, time.April, 20)},
		{2026, date(2026, time.April, 5)},
		{2027, date(2027, time.March, 28)},
		{2028, date(2028, time.April, 16)},
		{2038, date(2038, time.April, 25)}, // latest possible
	}
	for _, tt := range tests {
		m, d := easter(tt.year)
		if got := date(tt.year, m, d); !got.Equal(tt.want) {
			t.Errorf("easter(%d) = %s, want %s", tt.year, Datum(got), Datum(tt.want))
		}
		if name, ok := Default.IsHoliday(tt.want); !ok || name != "Eerste Paasdag" {
			t.Errorf("IsHoliday(%s) = %q, %v, want Eerste Paasdag", Datum(tt.want), name, ok)
		}
	}
}

func TestHolidays2026(t *testing.T) {
	want := []Holiday{
		{date(2026, time.January, 1), "Nieuwjaarsdag"},
		{date(2026, time.April, 3), "Goede Vrijdag"},
		{date(2026, time.April, 5), "Eerste Paasdag"},
		{date(2026, time.April, 6), "Tweede Paasdag"},
		{date(2026, time.April, 27), "Koningsdag"},
		{date(2026, time.May, 5), "Bevrijdingsdag"},
		{date(2026, time.May, 14), "Hemelvaartsdag"},
		{date(2026, time.May, 24), "Eerste Pinksterdag"},
		{date(2026, time.May, 25), "Tweede Pinksterdag"},
		{date(2026, time.December, 25), "Eerste Kerstdag"},
		{date(2026, time.December, 26), "Tweede Kerstdag"},
	}
	got := Default.Holidays(2026)
	if len(got) != len(want) {
		t.Fatalf("Default.Holidays(2026) has %d days, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if !got[i].Date.Equal(want[i].Date) || got[i].Date.Location() != Amsterdam() || got[i].Name != want[i].Name {
			t.Errorf("Default.Holidays(2026)[%d] = %s %s %q, want %s %q", i, got[i].Date, got[i].Date.Location(), got[i].Name, Datum(want[i].Date), want[i].Name)
		}
	}
	// The zero Calendar lacks Goede Vrijdag and, 2026 not being a lustrum, Bevrijdingsdag.
	if n := len(lustrum.Holidays(2026)); n != 9 {
		t.Errorf("Calendar{}.Holidays(2026) has %d days, want 9", n)
	}
}

func TestIsHoliday(t *testing.T) {
	vijfMei := Calendar{BevrijdingsdagElkJaar: true}
	goedeVrijdag := Calendar{GoedeVrijdag: true}
	tests := []struct {
		name string
		cal  Calendar
		d    time.Time
		want string // "" means not a holiday
	}{
		{"Koningsdag 2025: 27 April is a Sunday", Default, date(2025, time.April, 26), "Koningsdag"},
		{"no Koningsdag on Sunday 27 April 2025", Default, date(2025, time.April, 27), ""},
		{"Koningsdag 2026 on Monday 27 April", Default, date(2026, time.April, 27), "Koningsdag"},
		{"no Koningsdag on 26 April 2026", Default, date(2026, time.April, 26), ""},
		{"Bevrijdingsdag 2025 lustrum", lustrum, date(2025, time.May, 5), "Bevrijdingsdag"},
		{"Bevrijdingsdag 2026 not a lustrum", lustrum, date(2026, time.May, 5), ""},
		{"Bevrijdingsdag 2026 every year", vijfMei, date(2026, time.May, 5), "Bevrijdingsdag"},
		{"Bevrijdingsdag 2026 in Default (Atw)", Default, date(2026, time.May, 5), "Bevrijdingsdag"},
		{"Goede Vrijdag 2026 not configured", lustrum, date(2026, time.April, 3), ""},
		{"Goede Vrijdag 2026 configured", goedeVrijdag, date(2026, time.April, 3), "Goede Vrijdag"},
		{"Goede Vrijdag 2026 in Default (Atw)", Default, date(2026, time.April, 3), "Goede Vrijdag"},
		{"Goede Vrijdag 2025 configured", goedeVrijdag, date(2025, time.April, 18), "Goede Vrijdag"},
		{"Hemelvaartsdag 2025", lustrum, date(2025, time.May, 29), "Hemelvaartsdag"},
		{"Tweede Pinksterdag 2025", lustrum, date(2025, time.June, 9), "Tweede Pinksterdag"},
		{"Hemelvaartsdag on 5 May 2005", Default, date(2005, time.May, 5), "Bevrijdingsdag en Hemelvaartsdag"},
		{"Hemelvaartsdag on 5 May 2016, not a lustrum", lustrum, date(2016, time.May, 5), "Hemelvaartsdag"},
		{"Tweede Kerstdag at 23:30 Amsterdam", Default, ams(2026, time.December, 26, 23, 30, 0), "Tweede Kerstdag"},
		{"27 December in Amsterdam, 26 December in UTC", Default, utc("2026-12-26T23:30:00Z"), ""},
		{"Nieuwjaarsdag in Amsterdam, 31 December in UTC", Default, utc("2026-12-31T23:30:00Z"), "Nieuwjaarsdag"},
		{"an ordinary Tuesday", Default, date(2026, time.June, 2), ""},
		{"an Extra day", Calendar{Extra: []Holiday{{Date: utc("2026-05-15T00:00:00Z"), Name: "Vrijdag na Hemelvaartsdag"}}}, date(2026, time.May, 15), "Vrijdag na Hemelvaartsdag"},
		{"an Extra day without a name", Calendar{Extra: []Holiday{{Date: date(2026, time.May, 15)}}}, date(2026, time.May, 15), "Met feestdag gelijkgestelde dag"},
		{"an Extra day in another year", Calendar{Extra: []Holiday{{Date: date(2027, time.May, 15)}}}, date(2026, time.May, 15), ""},
	}
	for _, tt := range tests {
		got, ok := tt.cal.IsHoliday(tt.d)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: IsHoliday(%s) = %q, %v, want %q", tt.name, tt.d, got, ok, tt.want)
		}
	}
}

// TestHolidayProperties checks every year of two centuries against facts
// that hold whatever the year: the weekdays of the Easter-based holidays,
// Easter between 22 March and 25 April, Koningsdag never on a Sunday, the
// list sorted, every date at midnight Amsterdam in its own year.
func TestHolidayProperties(t *testing.T) {
	weekday := map[string]time.Weekday{
		"Goede Vrijdag": time.Friday, "Eerste Paasdag": time.Sunday, "Tweede Paasdag": time.Monday,
		"Hemelvaartsdag": time.Thursday, "Eerste Pinksterdag": time.Sunday, "Tweede Pinksterdag": time.Monday,
	}
	for year := 1950; year <= 2150; year++ {
		hs := Default.Holidays(year)
		if len(hs) != 11 {
			t.Fatalf("Default.Holidays(%d) has %d days, want 11", year, len(hs))
		}
		for i, h := range hs {
			if want, ok := weekday[h.Name]; ok && h.Date.Weekday() != want {
				t.Errorf("%d: %s on %s, want %s", year, h.Name, h.Date.Weekday(), want)
			}
			if h.Name == "Koningsdag" && h.Date.Weekday() == time.Sunday {
				t.Errorf("%d: Koningsdag on a Sunday", year)
			}
			if h.Name == "Eerste Paasdag" && (h.Date.Before(date(year, time.March, 22)) || h.Date.After(date(year, time.April, 25))) {
				t.Errorf("%d: Easter on %s", year, Datum(h.Date))
			}
			if h.Date.Year() != year || !h.Date.Equal(Day(h.Date)) || h.Date.Location() != Amsterdam() {
				t.Errorf("%d: %s at %s", year, h.Name, h.Date)
			}
			if i > 0 && h.Date.Before(hs[i-1].Date) {
				t.Errorf("%d: %s before %s", year, h.Name, hs[i-1].Name)
			}
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		d    time.Time
		want bool
	}{
		{date(2026, time.June, 5), true},     // Friday
		{date(2026, time.June, 6), false},    // Saturday
		{date(2026, time.June, 7), false},    // Sunday
		{date(2026, time.April, 6), false},   // Tweede Paasdag
		{date(2026, time.April, 7), true},    // Tuesday after Easter
		{date(2026, time.April, 3), false},   // Goede Vrijdag (Default)
		{date(2026, time.May, 14), false},    // Hemelvaartsdag
		{date(2026, time.May, 15), true},     // Friday after Hemelvaartsdag: not built in
		{utc("2026-04-06T22:30:00Z"), true},  // Tuesday 7 April 00:30 in Amsterdam
		{utc("2026-06-05T22:30:00Z"), false}, // Saturday 6 June 00:30 in Amsterdam
		{utc("2026-04-06T00:00:00Z"), false}, // a date as midnight UTC stays Tweede Paasdag
	}
	for _, tt := range tests {
		if got := Default.IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.d, got, tt.want)
		}
	}
	if !lustrum.IsWorkingDay(date(2026, time.April, 3)) {
		t.Errorf("Calendar{}.IsWorkingDay(Goede Vrijdag 2026) = false, want true")
	}
}

func TestDue(t *testing.T) {
	withFriday := Calendar{GoedeVrijdag: true, BevrijdingsdagElkJaar: true, Extra: []Holiday{{Date: date(2026, time.May, 15), Name: "Vrijdag na Hemelvaartsdag"}}}
	tests := []struct {
		name string
		cal  Calendar
		from time.Time
		term Term
		want time.Time
	}{
		// Calendar days and weeks.
		{"ends on a working day", Default, ams(2026, time.June, 1, 10, 0, 0), Days(3), end(2026, time.June, 4)},
		{"ends on Saturday, moves to Monday", Default, ams(2026, time.June, 1, 10, 0, 0), Days(5), end(2026, time.June, 8)},
		{"ends on Sunday, moves to Monday", Default, ams(2026, time.June, 1, 10, 0, 0), Days(6), end(2026, time.June, 8)},
		{"0 days on a Saturday: same day, no shift", Default, ams(2026, time.June, 6, 10, 0, 0), Days(0), end(2026, time.June, 6)},
		{"ends on Tweede Paasdag, moves to Tuesday", Default, ams(2026, time.March, 30, 9, 0, 0), Days(7), end(2026, time.April, 7)},
		{"14 days ending on Tweede Paasdag", Default, ams(2026, time.March, 23, 16, 0, 0), Days(14), end(2026, time.April, 7)},
		{"ends on Goede Vrijdag (Default): past Easter to Tuesday", Default, ams(2026, time.March, 27, 9, 0, 0), Days(7), end(2026, time.April, 7)},
		{"ends on Goede Vrijdag, not configured", lustrum, ams(2026, time.March, 27, 9, 0, 0), Days(7), end(2026, time.April, 3)},
		{"ends on Bevrijdingsdag 2026 (Default)", Default, ams(2026, time.April, 28, 9, 0, 0), Days(7), end(2026, time.May, 6)},
		{"ends on 5 May 2026, lustrum only", lustrum, ams(2026, time.April, 28, 9, 0, 0), Days(7), end(2026, time.May, 5)},
		{"ends on Tweede Kerstdag, a Saturday", Default, ams(2026, time.December, 12, 9, 0, 0), Days(14), end(2026, time.December, 28)},
		{"ends on Eerste Kerstdag, a Friday", Default, ams(2026, time.December, 11, 9, 0, 0), Days(14), end(2026, time.December, 28)},
		{"4 weeks ending on Nieuwjaarsdag, a Friday", Default, ams(2026, time.December, 4, 9, 0, 0), Weeks(4), end(2027, time.January, 4)},
		{"1 week across the spring DST change", Default, ams(2026, time.March, 25, 12, 0, 0), Weeks(1), end(2026, time.April, 1)},
		{"2 weeks across the autumn DST change", Default, ams(2026, time.October, 20, 12, 0, 0), Weeks(2), end(2026, time.November, 3)},
		{"from 22:30 UTC, already 1 July in Amsterdam", Default, utc("2026-06-30T22:30:00Z"), Days(1), end(2026, time.July, 2)},
		{"7 days back to a Monday", Default, ams(2026, time.June, 8, 9, 0, 0), Days(-7), end(2026, time.June, 1)},
		{"2 days back to a Saturday: no shift", Default, ams(2026, time.June, 8, 9, 0, 0), Days(-2), end(2026, time.June, 6)},

		// Working days.
		{"5 werkdagen over a weekend", Default, ams(2026, time.June, 3, 9, 0, 0), WorkingDays(5), end(2026, time.June, 10)},
		{"5 werkdagen from a Friday", Default, ams(2026, time.June, 5, 17, 0, 0), WorkingDays(5), end(2026, time.June, 12)},
		{"1 werkdag from a Saturday", Default, ams(2026, time.June, 6, 9, 0, 0), WorkingDays(1), end(2026, time.June, 8)},
		{"0 werkdagen on a Saturday: same day", Default, ams(2026, time.June, 6, 9, 0, 0), WorkingDays(0), end(2026, time.June, 6)},
		{"3 werkdagen over Christmas", Default, ams(2026, time.December, 24, 9, 0, 0), WorkingDays(3), end(2026, time.December, 30)},
		{"5 werkdagen over Christmas and New Year", Default, ams(2026, time.December, 24, 9, 0, 0), WorkingDays(5), end(2027, time.January, 4)},
		{"3 werkdagen over Hemelvaartsdag", Default, ams(2026, time.May, 12, 9, 0, 0), WorkingDays(3), end(2026, time.May, 18)},
		{"3 werkdagen over Hemelvaartsdag and an Extra Friday", withFriday, ams(2026, time.May, 12, 9, 0, 0), WorkingDays(3), end(2026, time.May, 19)},
		{"3 werkdagen over Bevrijdingsdag (Default)", Default, ams(2026, time.May, 1, 9, 0, 0), WorkingDays(3), end(2026, time.May, 7)},
		{"3 werkdagen, 5 May 2026 a working day", lustrum, ams(2026, time.May, 1, 9, 0, 0), WorkingDays(3), end(2026, time.May, 6)},
		{"1 werkdag from 22:30 UTC, already Wednesday 1 July", Default, utc("2026-06-30T22:30:00Z"), WorkingDays(1), end(2026, time.July, 2)},
		{"1 werkdag back from Monday", Default, ams(2026, time.June, 8, 9, 0, 0), WorkingDays(-1), end(2026, time.June, 5)},
		{"3 werkdagen back over Easter (Default)", Default, ams(2026, time.April, 7, 9, 0, 0), WorkingDays(-3), end(2026, time.March, 31)},

		// Hours: exact instants.
		{"2 hours across the spring DST change", Default, utc("2026-03-29T00:30:00Z"), Hours(2), ams(2026, time.March, 29, 4, 30, 0)},
		{"24 hours across the spring DST change", Default, ams(2026, time.March, 28, 12, 0, 0), Hours(24), ams(2026, time.March, 29, 13, 0, 0)},
		{"1 hour across the autumn DST change", Default, utc("2026-10-25T00:30:00Z"), Hours(1), utc("2026-10-25T01:30:00Z")},
		{"24 hours across the autumn DST change", Default, ams(2026, time.October, 24, 12, 0, 0), Hours(24), ams(2026, time.October, 25, 11, 0, 0)},
		{"3 hours across midnight", Default, ams(2026, time.June, 30, 23, 0, 0), Hours(3), ams(2026, time.July, 1, 2, 0, 0)},
		{"hours ignore weekends and holidays", Default, ams(2026, time.December, 24, 22, 0, 0), Hours(48), ams(2026, time.December, 26, 22, 0, 0)},
	}
	for _, tt := range tests {
		got := tt.cal.Due(tt.from, tt.term)
		if !got.Equal(tt.want) {
			t.Errorf("%s: Due(%s, %s) = %s, want %s", tt.name, tt.from, tt.term, got.In(Amsterdam()), tt.want)
		}
		if got.Location() != Amsterdam() {
			t.Errorf("%s: Due in %s, want Europe/Amsterdam", tt.name, got.Location())
		}
	}
}

// TestDueWallClock pins the DST cases to wall-clock and UTC values written
// out by hand, so they do not lean on the helpers above.
func TestDueWallClock(t *testing.T) {
	tests := []struct {
		from time.Time
		term Term
		want string // RFC 3339 in Amsterdam
	}{
		{utc("2026-03-29T00:30:00Z"), Hours(2), "2026-03-29T04:30:00+02:00"},       // 01:30 CET + 2h, clocks skip 02:00-03:00
		{utc("2026-10-25T00:30:00Z"), Hours(1), "2026-10-25T02:30:00+01:00"},       // 02:30 CEST + 1h is 02:30 CET
		{utc("2026-10-20T10:00:00Z"), Weeks(2), "2026-11-03T23:59:59+01:00"},       // ends in winter time
		{utc("2026-03-25T11:00:00Z"), Weeks(1), "2026-04-01T23:59:59+02:00"},       // ends in summer time
		{utc("2026-06-30T22:30:00Z"), Days(1), "2026-07-02T23:59:59+02:00"},        // not 1 July: the day is Amsterdam's
		{utc("2026-12-04T08:00:00Z"), Weeks(4), "2027-01-04T23:59:59+01:00"},       // past Nieuwjaarsdag and the weekend
		{utc("2026-12-24T08:00:00Z"), WorkingDays(3), "2026-12-30T23:59:59+01:00"}, // 28, 29, 30 December
	}
	for _, tt := range tests {
		if got := Default.Due(tt.from, tt.term).Format(time.RFC3339); got != tt.want {
			t.Errorf("Due(%s, %s) = %s, want %s", tt.from.Format(time.RFC3339), tt.term, got, tt.want)
		}
	}
}

func TestDueUnknownUnit(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Due with an unknown unit did not panic")
		}
	}()
	Default.Due(date(2026, time.June, 1), Term{N: 1, Unit: "maanden"})
}

func TestOverdue(t *testing.T) {
	due := Default.Due(ams(2026, time.June, 1, 10, 0, 0), Days(3)) // Thursday 4 June 23:59:59
	tests := []struct {
		due, now time.Time
		want     bool
	}{
		{due, ams(2026, time.June, 4, 12, 0, 0), false},
		{due, due, false},
		{due, due.Add(time.Second), true},
		{due, utc("2026-06-04T22:00:00Z"), true}, // 5 June 00:00 Amsterdam
		{time.Time{}, due, false},
	}
	for _, tt := range tests {
		if got := Default.Overdue(tt.due, tt.now); got != tt.want {
			t.Errorf("Overdue(%s, %s) = %v, want %v", tt.due, tt.now, got, tt.want)
		}
	}
}

func TestTermString(t *testing.T) {
	tests := []struct {
		term Term
		want string
	}{
		{WorkingDays(5), "5 werkdagen"},
		{WorkingDays(1), "1 werkdag"},
		{Weeks(4), "4 weken"},
		{Weeks(1), "1 week"},
		{Hours(2), "2 uur"},
		{Hours(1), "1 uur"},
		{Days(14), "14 dagen"},
		{Days(1), "1 dag"},
		{Days(0), "0 dagen"},
	}
	for _, tt := range tests {
		if got := tt.term.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.term, got, tt.want)
		}
	}
}

func TestDayAndFormat(t *testing.T) {
	late := utc("2026-06-30T22:30:00Z")
	if got, want := Day(late), date(2026, time.July, 1); !got.Equal(want) || got.Location() != Amsterdam() {
		t.Errorf("Day(%s) = %s, want %s", late, got, want)
	}
	if got, want := Default.Day(late), date(2026, time.July, 1); !got.Equal(want) {
		t.Errorf("Calendar.Day(%s) = %s, want %s", late, got, want)
	}
	if got := Datum(late); got != "01-07-2026" {
		t.Errorf("Datum(%s) = %q, want 01-07-2026", late, got)
	}
	if got := DatumTijd(late); got != "01-07-2026 00:30" {
		t.Errorf("DatumTijd(%s) = %q, want 01-07-2026 00:30", late, got)
	}
	winter := utc("2026-01-09T08:05:00Z")
	if got := DatumTijd(winter); got != "09-01-2026 09:05" {
		t.Errorf("DatumTijd(%s) = %q, want 09-01-2026 09:05", winter, got)
	}
	if got := Datum(time.Time{}) + DatumTijd(time.Time{}); got != "" {
		t.Errorf("zero time formats as %q, want empty", got)
	}
	if a, b := Amsterdam(), Amsterdam(); a != b || a.String() != "Europe/Amsterdam" {
		t.Errorf("Amsterdam() = %v and %v, want one Europe/Amsterdam", a, b)
	}
}
