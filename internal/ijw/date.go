package ijw

import (
	"fmt"
	"time"
)

// Date is an xs:date without time zone as it appears in a message,
// "2006-01-02". It is a string so that absent optional dates stay absent.
type Date string

// Time is an xs:time without time zone, "15:04:05".
type Time string

// NewDate returns the Date of t's calendar day.
func NewDate(t time.Time) Date { return Date(t.Format(time.DateOnly)) }

// Time parses d as a calendar day at midnight UTC. Dates with years outside
// 0001-9999 (valid XSD, never sensible here) give an error.
func (d Date) Time() (time.Time, error) {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return time.Time{}, fmt.Errorf("ongeldige datum %q", string(d))
	}
	return t, nil
}

// IsZero reports whether the date is absent.
func (d Date) IsZero() bool { return d == "" }

// Before reports whether d is before e; both must be valid yyyy-mm-dd dates
// with four-digit years, for which string order is date order.
func (d Date) Before(e Date) bool { return d < e }

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date {
	t, err := d.Time()
	if err != nil {
		return d
	}
	return NewDate(t.AddDate(0, 0, n))
}
