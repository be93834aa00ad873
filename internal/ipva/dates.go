package ipva

import (
	"fmt"
	"strconv"
	"time"
)

// day returns the calendar date of t as midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var maanden = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// Datum formats a date in Dutch long form: "3 maart 2026".
func Datum(t time.Time) string {
	y, m, d := t.Date()
	return fmt.Sprintf("%d %s %d", d, maanden[m-1], y)
}

// getal formats an integer with Dutch thousands separators: 1.001.
func getal(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := ""
	for len(s) > 3 {
		out = "." + s[len(s)-3:] + out
		s = s[:len(s)-3]
	}
	out = s + out
	if neg {
		out = "-" + out
	}
	return out
}
