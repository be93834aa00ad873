package ipva

import (
	"reflect"
	"testing"
	"time"
)

func d(y int, m time.Month, dd int) time.Time { return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC) }

func TestRequiredSigners(t *testing.T) {
	birth := d(2010, time.June, 15)
	ouder := []Signer{SignerGezaghebbende}
	beide := []Signer{SignerJeugdige, SignerGezaghebbende}
	jeugdige := []Signer{SignerJeugdige}
	tests := []struct {
		name string
		on   time.Time
		age  int
		want []Signer
	}{
		{"11 op verjaardag", d(2021, time.June, 15), 11, ouder},
		{"dag voor 12", d(2022, time.June, 14), 11, ouder},
		{"12 op verjaardag", d(2022, time.June, 15), 12, beide},
		{"15 op verjaardag", d(2025, time.June, 15), 15, beide},
		{"dag voor 16", d(2026, time.June, 14), 15, beide},
		{"16 op verjaardag", d(2026, time.June, 15), 16, jeugdige},
		{"dag voor 11", d(2021, time.June, 14), 10, ouder},
		{"dag voor 15", d(2025, time.June, 14), 14, beide},
		{"17", d(2027, time.September, 1), 17, jeugdige},
		{"baby", d(2010, time.June, 15), 0, ouder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := Age(birth, tt.on); a != tt.age {
				t.Fatalf("Age = %d, want %d", a, tt.age)
			}
			if got := RequiredSigners(birth, tt.on); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("RequiredSigners = %v, want %v", got, tt.want)
			}
		})
	}
}

// Born on 29 February: in a non-leap year the birthday is 1 March.
func TestRequiredSignersLeapDay(t *testing.T) {
	birth := d(2012, time.February, 29)
	tests := []struct {
		on   time.Time
		age  int
		want []Signer
	}{
		{d(2024, time.February, 28), 11, []Signer{SignerGezaghebbende}},
		{d(2024, time.February, 29), 12, []Signer{SignerJeugdige, SignerGezaghebbende}}, // leap year: the day itself
		{d(2028, time.February, 28), 15, []Signer{SignerJeugdige, SignerGezaghebbende}},
		{d(2028, time.February, 29), 16, []Signer{SignerJeugdige}},
		{d(2027, time.February, 28), 14, []Signer{SignerJeugdige, SignerGezaghebbende}},
		{d(2027, time.March, 1), 15, []Signer{SignerJeugdige, SignerGezaghebbende}},
		{d(2023, time.February, 28), 10, []Signer{SignerGezaghebbende}},
		{d(2023, time.March, 1), 11, []Signer{SignerGezaghebbende}},
	}
	for _, tt := range tests {
		if a := Age(birth, tt.on); a != tt.age {
			t.Errorf("Age on %s = %d, want %d", tt.on.Format(time.DateOnly), a, tt.age)
		}
		if got := RequiredSigners(birth, tt.on); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("RequiredSigners on %s = %v, want %v", tt.on.Format(time.DateOnly), got, tt.want)
		}
	}
	// Non-leap-year birthday on 1 March for ages 12 and 16.
	b := d(2008, time.February, 29)
	if Age(b, d(2021, time.February, 28)) != 12 || Age(b, d(2020, time.February, 28)) != 11 || Age(b, d(2020, time.February, 29)) != 12 {
		t.Error("leap-year birthday")
	}
	b = d(2004, time.February, 29)
	if Age(b, d(2021, time.February, 28)) != 16 || Age(b, d(2021, time.March, 1)) != 17 {
		t.Error("1 March birthday in 2021")
	}
	if Age(d(2011, time.February, 28), d(2023, time.February, 28)) != 12 {
		t.Error("28 February birthday")
	}
}

// Only the calendar date counts, not the time of day or zone.
func TestAgeCalendarDate(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip(err)
	}
	birth := time.Date(2010, time.June, 15, 23, 30, 0, 0, ams)
	if Age(birth, time.Date(2022, time.June, 15, 0, 10, 0, 0, ams)) != 12 {
		t.Error("birthday at 00:10 local time")
	}
}
