package financiering

import (
	"math/rand"
	"reflect"
	"testing"
	"time"
)

func TestFinancieringVerdeel(t *testing.T) {
	for _, c := range []struct {
		name      string
		totaal    int64
		gewichten []int64
		want      []int64
	}{
		{"exact", 100_000_000, []int64{50, 30, 20}, []int64{50_000_000, 30_000_000, 20_000_000}},
		{"three equal: the first gets the cent", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		{"largest remainder wins", 10, []int64{3, 3, 1}, []int64{4, 4, 2}},
		{"zero weights get nothing", 5, []int64{0, 2, 0, 2}, []int64{0, 3, 0, 2}},
		{"a tie goes to the larger weight", 3, []int64{1, 2, 3}, []int64{0, 1, 2}},
		{"then to the earlier part", 1, []int64{2, 2}, []int64{1, 0}},
		{"negative weight counts as zero", 7, []int64{-5, 1}, []int64{0, 7}},
		{"nothing to split", 0, []int64{2, 1}, []int64{0, 0}},
		// 10^12 cents × 6.7·10^11 overflows int64.
		{"no overflow", 1_000_000_000_000, []int64{333_333_333_333, 666_666_666_667}, []int64{333_333_333_333, 666_666_666_667}},
		{"no weight at all", 100, []int64{0, 0}, nil},
		{"no parts", 100, nil, nil},
	} {
		if got := Verdeel(c.totaal, c.gewichten); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Verdeel(%d, %v) = %v, want %v", c.name, c.totaal, c.gewichten, got, c.want)
		}
	}
	// Whatever the numbers, the parts add up to the whole exactly and
	// each is within a cent of its exact share.
	r := rand.New(rand.NewSource(16))
	for range 2000 {
		n := 1 + r.Intn(20)
		w := make([]int64, n)
		var som int64
		for i := range w {
			w[i] = r.Int63n(5_000_000_000)
			som += w[i]
		}
		totaal := r.Int63n(MaxBedrag)
		got := Verdeel(totaal, w)
		if som == 0 {
			continue
		}
		var s int64
		for i, v := range got {
			s += v
			exact := float64(totaal) * float64(w[i]) / float64(som)
			if float64(v) < exact-1.001 || float64(v) > exact+1.001 {
				t.Fatalf("part %d of %d by %v: %d, exact %.2f", i, totaal, w, v, exact)
			}
		}
		if s != totaal {
			t.Fatalf("Verdeel(%d, %v) adds up to %d", totaal, w, s)
		}
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFinancieringUitname(t *testing.T) {
	peil := day("2026-03-15")
	maand := LopendeZorg{Frequentie: PerMaand, Volume: 8, Tarief: 10_000, HeeftTarief: true}
	totaal := LopendeZorg{Frequentie: Totaal, Volume: 1, Tarief: 500_000, HeeftTarief: true}
	with := func(z LopendeZorg, f func(*LopendeZorg)) LopendeZorg { f(&z); return z }
	for _, c := range []struct {
		name string
		z    LopendeZorg
		jaar int
		want int64
	}{
		{"per month, open-ended: March through December", maand, 2026, 8 * 10_000 * 10},
		{"per month, ends in June", with(maand, func(z *LopendeZorg) { z.Einddatum = day("2026-06-30") }), 2026, 8 * 10_000 * 4},
		{"per month, ends in March", with(maand, func(z *LopendeZorg) { z.Einddatum = day("2026-03-31") }), 2026, 8 * 10_000},
		{"per month, ended last year", with(maand, func(z *LopendeZorg) { z.Einddatum = day("2025-12-31") }), 2026, 0},
		{"per month, ends next year", with(maand, func(z *LopendeZorg) { z.Einddatum = day("2027-05-01") }), 2026, 8 * 10_000 * 10},
		{"per month, next year: twelve months", maand, 2027, 8 * 10_000 * 12},
		{"per month, next year, ends in May then", with(maand, func(z *LopendeZorg) { z.Einddatum = day("2027-05-01") }), 2027, 8 * 10_000 * 5},
		{"per month, next year, ends this year", with(maand, func(z *LopendeZorg) { z.Einddatum = day("2026-12-31") }), 2027, 0},
		{"a past year holds nothing back", maand, 2025, 0},
		{"whole toewijzing, half billed", with(totaal, func(z *LopendeZorg) { z.Gefactureerd = 250_000 }), 2026, 250_000},
		{"whole toewijzing, nothing billed", totaal, 2026, 500_000},
		{"whole toewijzing, more billed than the tariff", with(totaal, func(z *LopendeZorg) { z.Gefactureerd = 600_000 }), 2026, 0},
		{"whole toewijzing, ended before the year", with(totaal, func(z *LopendeZorg) { z.Einddatum = day("2026-12-31") }), 2027, 0},
		{"no tariff", with(maand, func(z *LopendeZorg) { z.HeeftTarief = false }), 2026, 0},
		{"unknown frequency", with(maand, func(z *LopendeZorg) { z.Frequentie = "2" }), 2026, 0},
	} {
		if got := Uitname(c.z, c.jaar, peil); got != c.want {
			t.Errorf("%s: Uitname = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestFinancieringNaarRatoEnMaanden(t *testing.T) {
	for _, c := range []struct {
		voorschot int64
		m         int
		want      int64
	}{
		{60_020_000, 3, 15_005_000},
		{10_003_333, 1, 833_611}, // 833.611,08
		{7, 6, 4},                // 3,5 rounds up
		{1, 1, 0},
		{11, 1, 1},
		{12, 12, 12},
		{0, 12, 0},
	} {
		if got := NaarRato(c.voorschot, c.m); got != c.want {
			t.Errorf("NaarRato(%d, %d) = %d, want %d", c.voorschot, c.m, got, c.want)
		}
	}
	peil := day("2026-03-15")
	for jaar, want := range map[int]int{2025: 12, 2026: 2, 2027: 0} {
		if got := Maanden(jaar, peil); got != want {
			t.Errorf("Maanden(%d) on %s = %d, want %d", jaar, peil.Format(time.DateOnly), got, want)
		}
	}
}

// TestFinancieringBereken builds a small world with known answers: three
// municipalities, two consortia (one lump sum splits evenly, the other
// leaves cents to place), use in three months and one after the reference
// day that must not count, and running non-contracted care.
func TestFinancieringBereken(t *testing.T) {
	const a, b, c, x, y = 1, 2, 3, 10, 20
	in := Invoer{
		Jaar: 2026, Peil: day("2026-04-15"),
		Gemeenten:  []Gemeente{{a, "Gemeente A", "0001"}, {b, "Gemeente B", "0002"}, {c, "Gemeente C", "0003"}},
		Consortia:  []Consortium{{x, "SV X", 100_000_000, true}, {y, "SV Y", 33_333, true}},
		Historisch: map[int64]int64{a: 60_000, b: 30_000, c: 10_000},
		Gebruik: map[Sleutel]int64{
			{x, a, 1}: 1_000_000, {x, a, 2}: 1_000_000, {x, b, 3}: 2_000_000,
			{x, a, 4}: 9_999_999, // April: the current month, not billed yet
			{y, c, 2}: 100,
		},
		Lopend: []LopendeZorg{
			{Toewijzing: 1, GemeenteID: a, Frequentie: PerMaand, Volume: 8, Tarief: 10_000, HeeftTarief: true},
			{Toewijzing: 2, GemeenteID: a, Frequentie: Totaal, Volume: 1},
			{Toewijzing: 3, GemeenteID: c, Frequentie: Totaal, Volume: 1, Tarief: 500_000, HeeftTarief: true, Gefactureerd: 250_000},
			{Toewijzing: 4, GemeenteID: 99, Frequentie: Totaal, Volume: 1, Tarief: 1, HeeftTarief: true}, // not of the region
		},
	}
	o := Bereken(in)
	if o.Maanden != 3 || !o.HistorischCompleet {
		t.Fatalf("maanden %d, compleet %v", o.Maanden, o.HistorischCompleet)
	}
	type want struct {
		aandeel, voorschot, gebruik, naarGebruik, afrekening, uitname int64
		lopend                                                        int
		perMaand                                                      [12]int64
	}
	wants := []want{
		// X: 60 % of 1.000.000,00; Y: 33.333 cents split 19.999,8 / 9.999,9 /
		// 3.333,3: B and A get the two cents left. By use X goes half to A
		// and B; all of Y to C.
		{6000, 60_000_000 + 20_000, 2_000_000, 50_000_000, 50_000_000 - 60_020_000, 720_000, 2, [12]int64{1_000_000, 1_000_000}},
		{3000, 30_000_000 + 10_000, 2_000_000, 50_000_000, 50_000_000 - 30_010_000, 0, 0, [12]int64{0, 0, 2_000_000}},
		{1000, 10_000_000 + 3_333, 100, 33_333, 33_333 - 10_003_333, 250_000, 1, [12]int64{0, 100}},
	}
	for i, w := range wants {
		g := o.Gemeenten[i]
		got := want{g.Aandeel, g.Voorschot, g.Gebruik, g.AandeelGebruik, g.Afrekening, g.Uitname, g.LopendNGA, g.PerMaand}
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", g.Naam, got, w)
		}
	}
	if got := o.Consortia[1].Voorschotten; !reflect.DeepEqual(got, []int64{20_000, 10_000, 3_333}) {
		t.Errorf("advances of Y: %v", got)
	}
	if got := o.Consortia[0].Afrekening; !reflect.DeepEqual(got, []int64{-10_000_000, 20_000_000, -10_000_000}) {
		t.Errorf("settlement of X: %v", got)
	}
	tot := o.Totaal
	if tot.Lumpsum != 100_033_333 || tot.Voorschot != tot.Lumpsum || tot.Afrekening != 0 || tot.Gebruik != 4_000_100 ||
		tot.Uitname != 970_000 || tot.LopendNGA != 3 || o.ZonderTarief != 1 || tot.Historisch != 100_000 {
		t.Errorf("totals %+v, zonder tarief %d", tot, o.ZonderTarief)
	}
	for _, cc := range o.Consortia {
		var v, s int64
		for i := range cc.Voorschotten {
			v += cc.Voorschotten[i]
			s += cc.Afrekening[i]
		}
		if v != cc.Lumpsum || s != 0 {
			t.Errorf("%s: advances add up to %d of %d, settlements to %d", cc.Naam, v, cc.Lumpsum, s)
		}
	}
	if got := o.Gemeenten[0].Besteed(2); got != 2_000_000 {
		t.Errorf("A spent %d through February", got)
	}
	if got := tot.Besteed(3); got != 4_000_100 {
		t.Errorf("region spent %d through March", got)
	}

	// Without any use a consortium settles nothing; without historical
	// use there are no advances and the page must say so.
	in.Gebruik = nil
	in.Historisch = nil
	o = Bereken(in)
	if o.HistorischCompleet || o.Totaal.Voorschot != 0 || o.Totaal.Afrekening != 0 {
		t.Errorf("without figures: %+v", o.Totaal)
	}
	for _, g := range o.Gemeenten {
		if g.Afrekening != 0 || g.AandeelGebruik != 0 {
			t.Errorf("%s settles %d without use or advance", g.Naam, g.Afrekening)
		}
	}
}

func TestFinancieringLeesBedrag(t *testing.T) {
	for in, want := range map[string]int64{
		"1.250.000,00": 125_000_000, "1250000": 125_000_000, "1250000,5": 125_000_050, "€ 1.250.000,00": 125_000_000,
		" 12,3 ": 1_230, "0": 0, "0,01": 1, "1 250 000": 125_000_000, "999": 99_900, "10.000.000.000,00": MaxBedrag,
	} {
		if got, ok := LeesBedrag(in); !ok || got != want {
			t.Errorf("LeesBedrag(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "1.25", "1.2500", "12,345", "-5", "abc", "1,,0", ",50", "12.", "1,", "10.000.000.000,01", "1.000.000.000.000,00", "1e6", "12,3a"} {
		if got, ok := LeesBedrag(in); ok {
			t.Errorf("LeesBedrag(%q) = %d, want a refusal", in, got)
		}
	}
	for cents, want := range map[int64]string{125_000_000: "1.250.000,00", 5: "0,05", 0: "0,00", 123_456: "1.234,56"} {
		if got := Invulbedrag(cents); got != want {
			t.Errorf("Invulbedrag(%d) = %q, want %q", cents, got, want)
		}
	}
}
