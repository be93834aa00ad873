package financiering

import (
	"strconv"
	"strings"
)

// MaxBedrag is the largest amount accepted, € 10.000.000.000,00: a lump
// sum or a year's use above it is a typing error.
const MaxBedrag int64 = 1_000_000_000_000

// BedragFout is the message beside an amount field that could not be read.
const BedragFout = "Vul een bedrag in euro's in, zoals 1.250.000,00"

// LeesBedrag reads an amount in euros as a Dutch user types it: a decimal
// comma with at most two decimals, dots between groups of three digits
// (1.250.000,00), optionally a euro sign and spaces; "1250000" and
// "1250000,5" are fine too. A dot is never a decimal point: "1.25" is
// refused rather than read as € 1,25 or € 125. It returns eurocent and
// false for anything else, a negative amount or one above MaxBedrag.
func LeesBedrag(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "€"))
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	heel, dec, heeftKomma := strings.Cut(s, ",")
	if heel == "" || strings.Contains(dec, ",") {
		return 0, false
	}
	if heeftKomma && (len(dec) == 0 || len(dec) > 2 || !cijfers(dec)) {
		return 0, false
	}
	if strings.Contains(heel, ".") {
		groepen := strings.Split(heel, ".")
		if len(groepen[0]) == 0 || len(groepen[0]) > 3 {
			return 0, false
		}
		for _, g := range groepen[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		heel = strings.Join(groepen, "")
	}
	if !cijfers(heel) || len(heel) > 13 {
		return 0, false
	}
	euro, err := strconv.ParseInt(heel, 10, 64)
	if err != nil {
		return 0, false
	}
	cent := int64(0)
	if dec != "" {
		if len(dec) == 1 {
			dec += "0"
		}
		cent, _ = strconv.ParseInt(dec, 10, 64)
	}
	v := euro*100 + cent
	if v > MaxBedrag {
		return 0, false
	}
	return v, true
}

func cijfers(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Invulbedrag writes eurocent as a form shows it back: 1.250.000,00.
func Invulbedrag(cents int64) string {
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	c := cents % 100
	return b.String() + "," + string(rune('0'+c/10)) + string(rune('0'+c%10))
}
