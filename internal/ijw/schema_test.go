package ijw

import "testing"

func TestFacets(t *testing.T) {
	code := &simpleType{name: "Code", kind: kindString, base: stXsString, length: 2, minLen: -1, maxLen: -1}
	getal := &simpleType{name: "Getal", kind: kindInteger, base: stXsInteger, length: -1, minLen: -1, maxLen: -1, totalDigits: 3, hasMin: true, min: -5, hasMax: true, max: 999}
	tests := []struct {
		st    *simpleType
		value string
		facet string // "" = valid
	}{
		{code, "ab", ""},
		{code, "é€", ""}, // length counts characters, not bytes
		{code, "a", "length"},
		{code, " ab", "length"}, // xs:string keeps whitespace
		{getal, "123", ""},
		{getal, " 0012 ", ""}, // collapse, leading zeros do not count as digits
		{getal, "+7", ""},
		{getal, "-5", ""},
		{getal, "-6", "minInclusive"},
		{getal, "1000", "maxInclusive"},
		{getal, "99999999999999999999999", "maxInclusive"},
		{getal, "-99999999999999999999999", "minInclusive"},
		{getal, "1 2", "xs:integer"},
		{getal, "1.0", "xs:integer"},
		{getal, "", "xs:integer"},
		{getal, "+-1", "xs:integer"},
		{stDatum, "2024-02-29", ""},
		{stDatum, "2023-02-29", "xs:date"},
		{stDatum, "2023-04-31", "xs:date"},
		{stDatum, "\n 2023-07-15\t", ""},
		{stDatum, "2023-07-15Z", "pattern"},
		{stDatum, "2023-07-15+01:00", "pattern"},
		{stDatum, "2023-07-15+15:00", "xs:date"},
		{stDatum, "0000-01-01", "xs:date"},
		{stDatum, "12023-01-01", ""},
		{stDatum, "02023-01-01", "xs:date"},
		{stDatum, "-2023-01-01", ""}, // negative years are xs:date; the pattern forbids only ':' and 'Z'
		{stDatum, "-0004-02-29", ""}, // leap years as libxml2 counts them
		{stDatum, "-0001-02-29", "xs:date"},
		{stDatum, "1900-02-29", "xs:date"},
		{stTijd, "12:34:56", ""},
		{stTijd, "24:00:00", ""},
		{stTijd, "24:00:01", "xs:time"},
		{stTijd, "12:34:56.789", ""},
		{stTijd, "12:34", "xs:time"},
		{stTijd, "12:34:56Z", "pattern"},
	}
	for _, tt := range tests {
		err := tt.st.check(tt.value)
		got := ""
		if err != nil {
			got = err.facet
		}
		if got != tt.facet {
			t.Errorf("%s %q: facet %q (%v), verwacht %q", tt.st.typeName(), tt.value, got, err, tt.facet)
		}
	}
}
