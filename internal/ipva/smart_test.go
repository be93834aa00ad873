package ipva

import (
	"reflect"
	"testing"
)

func codes(h []Hint) []string {
	var c []string
	for _, x := range h {
		c = append(c, x.Code)
	}
	return c
}

func TestGoodExamplesPass(t *testing.T) {
	ex := GoodExamples()
	if len(ex) != 10 {
		t.Fatalf("%d examples", len(ex))
	}
	for _, e := range ex {
		if h := CheckResult(Resultaat{GewensteSituatie: e, Streefdatum: d(2026, 12, 1)}); len(h) != 0 {
			t.Errorf("%q: %v", e, h)
		}
	}
}

func TestCheckResult(t *testing.T) {
	date := d(2026, 12, 1)
	tests := []struct {
		text  string
		datum bool
		want  []string
	}{
		{"", true, []string{"leeg"}},
		{"", false, []string{"leeg", "streefdatum"}},
		{"Het kind kan zelfstandig het bed-ritueel uitvoeren.", false, []string{"streefdatum"}},
		{"Jan krijgt hulp bij zijn woedeaanvallen.", true, []string{"geen_gedrag"}},
		{"Het gezin gaat naar de psycholoog voor gesprekken.", true, []string{"geen_gedrag"}},
		{"Moeder en kind krijgen gezinsbegeleiding van de aanbieder.", true, []string{"geen_gedrag"}},
		{"Speltherapie voor Tim.", true, []string{"geen_gedrag", "vaag"}},
		{"Het traject bij de aanbieder is afgerond.", true, []string{"geen_gedrag"}},
		{"Sara wordt begeleid bij het maken van huiswerk.", true, []string{"geen_gedrag"}},
		{"Ouders volgen een oudercursus over grenzen stellen.", true, []string{"geen_gedrag"}},
		{"De jeugdige start met behandeling bij de ggz.", false, []string{"streefdatum", "geen_gedrag"}},
		{"Verschillende trajecten zijn goed op elkaar afgestemd.", true, []string{"geen_gedrag"}},
		{"Het gaat beter.", true, []string{"vaag"}},
		{"Rust in huis", true, []string{"vaag"}},
		{"Thuis is er meer rust en het gaat goed met Sanne.", true, []string{"vaag"}},
		{"Het kind gaat elke dag naar school.", true, nil},
		{"Moeder kan de emoties van haar zoon opvangen en benoemen.", true, nil},
		{"Vader vraagt zelf hulp aan zijn broer als het hem te veel wordt.", true, nil},
	}
	for _, tt := range tests {
		r := Resultaat{GewensteSituatie: tt.text}
		if tt.datum {
			r.Streefdatum = date
		}
		h := CheckResult(r)
		if got := codes(h); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: hints %v, want %v", tt.text, got, tt.want)
		}
		for _, x := range h {
			if x.Message == "" {
				t.Errorf("%q: hint %s without message", tt.text, x.Code)
			}
		}
	}
	h := CheckResult(Resultaat{GewensteSituatie: "Jan krijgt hulp.", Streefdatum: date})
	want := `Het resultaat lijkt hulp of een voorziening te beschrijven ("krijgt hulp") in plaats van gedrag. Beschrijf wat de jeugdige of het gezin kan of doet als het resultaat bereikt is.`
	if len(h) == 0 || h[0].Message != want {
		t.Errorf("message: %v", h)
	}
}
