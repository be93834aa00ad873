package kpi

import (
	"math"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

var nu = d("2028-06-30")

// world builds the facts of cases in municipality 1 (consortium 9).
func world(cs ...Casus) *Feiten {
	f := &Feiten{Namen: map[int64]string{1: "Venlo", 2: "Gennep", 9: "Consortium"}, Gemeenten: []int64{1, 2}, Consortia: []int64{9}}
	for i, c := range cs {
		c.TrajectID = int64(i + 1)
		if c.ClientID == 0 {
			c.ClientID = int64(i + 1)
		}
		if c.Gemeente == 0 {
			c.Gemeente = 1
		}
		c.Consortium = 9
		c.Segment1 = true
		if c.Aangemeld.IsZero() {
			c.Aangemeld = d("2025-01-10")
		}
		f.Casussen = append(f.Casussen, c)
	}
	return f
}

// yearFigure computes KPI k over year for the region with baseline year
// 2025.
func yearFigure(t *testing.T, f *Feiten, k Key, year int) (Resultaat, Cel) {
	t.Helper()
	for _, r := range Bereken(f, year, Standaard(2025), nu) {
		if r.Key == k {
			return r, r.Rijen[0].Jaarcel()
		}
	}
	t.Fatalf("no KPI %s", k)
	return Resultaat{}, Cel{}
}

func fig(c Cel) float64 {
	if c.Figuur == nil {
		return math.NaN()
	}
	return *c.Figuur
}

// meets checks the figure and whether it meets the 2026 and 2028 targets.
func meets(t *testing.T, name string, r Resultaat, c Cel, want float64, m26, m28 bool) {
	t.Helper()
	got := fig(c)
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s: figure %v, want %v", name, got, want)
		return
	}
	if h := Haalt(got, r.In.Doel2026); h != m26 {
		t.Errorf("%s: %v meets 2026 target %v: %v, want %v", name, got, r.In.Doel2026, h, m26)
	}
	if h := Haalt(got, r.In.Doel2028); h != m28 {
		t.Errorf("%s: %v meets 2028 target %v: %v, want %v", name, got, r.In.Doel2028, h, m28)
	}
}

func stays(n, withParent int, soort string, born time.Time) []Casus {
	var cs []Casus
	for i := range n {
		cs = append(cs, Casus{Geboren: born, Verblijven: []Verblijf{{Soort: soort, MetOuder: i < withParent, Begin: d("2026-03-01"), Eind: d("2026-04-01")}}})
	}
	return cs
}

func TestUnder12OnlyWithAParent(t *testing.T) {
	born := d("2017-06-01") // 8 in 2026
	for _, c := range []struct {
		name         string
		cases        []Casus
		want         float64
		meets26, m28 bool
	}{
		{"20 of 20", stays(20, 20, "behandelverblijf", born), 100, true, true},
		{"19 of 20", stays(20, 19, "behandelverblijf", born), 95, true, false},
		{"18 of 20", stays(20, 18, "hybride", born), 90, false, false},
		// A 12-year-old's stay does not count: 19 of 20 under 12 plus one
		// without a parent at 12.
		{"19 of 20 and a 12-year-old", append(stays(20, 19, "behandelverblijf", born), stays(1, 0, "behandelverblijf", d("2014-03-01"))...), 95, true, false},
		// Foster care is not treatment residence.
		{"19 of 20 and foster care", append(stays(20, 19, "behandelverblijf", born), stays(1, 0, "pleegzorg", born)...), 95, true, false},
	} {
		r, cel := yearFigure(t, world(c.cases...), Onder12MetOuder, 2026)
		meets(t, c.name, r, cel, c.want, c.meets26, c.m28)
	}
}

func registrations(n int, year string, born time.Time) []Casus {
	var cs []Casus
	for range n {
		cs = append(cs, Casus{Geboren: born, Aangemeld: d(year + "-05-01")})
	}
	return cs
}

func TestFewerRegistrationsOver12(t *testing.T) {
	born := d("2012-01-01") // 13 in 2025 and 14 in 2026
	base := registrations(10, "2025", born)
	young := registrations(5, "2026", d("2016-01-01")) // 10: not counted
	for _, c := range []struct {
		name         string
		now          int
		want         float64
		meets26, m28 bool
	}{
		{"5 of 10", 5, 50, true, true},
		{"6 of 10", 6, 40, true, false},
		{"7 of 10", 7, 30, true, false},
		{"8 of 10", 8, 20, false, false},
	} {
		cs := append(append(append([]Casus{}, base...), young...), registrations(c.now, "2026", born)...)
		r, cel := yearFigure(t, world(cs...), Aanmeldingen12, 2026)
		meets(t, c.name, r, cel, c.want, c.meets26, c.m28)
		if *cel.Maat != float64(c.now) || *cel.Basis != 10 {
			t.Errorf("%s: measure %v against %v", c.name, *cel.Maat, *cel.Basis)
		}
	}
}

func admitted(year string, days int) Casus {
	begin := d(year + "-02-01")
	return Casus{Aangemeld: d(year + "-01-05"), Eind: d(year + "-12-01"), Geboren: d("2010-01-01"),
		Verblijven: []Verblijf{{Soort: "behandelverblijf", Begin: begin, Eind: begin.AddDate(0, 0, days-1)}}}
}

func TestFewerAdmissionDaysPerYouth(t *testing.T) {
	// Baseline 2025: two youths, 60 and 40 days: 50 per youth.
	base := []Casus{admitted("2025", 60), admitted("2025", 40)}
	for _, c := range []struct {
		name         string
		a, b         int
		want         float64
		meets26, m28 bool
	}{
		{"25 per youth", 30, 20, 50, true, true},
		{"35 per youth", 40, 30, 30, true, false},
		{"36 per youth", 40, 32, 28, false, false},
	} {
		r, cel := yearFigure(t, world(append(append([]Casus{}, base...), admitted("2026", c.a), admitted("2026", c.b))...), Opnamedagen, 2026)
		meets(t, c.name, r, cel, c.want, c.meets26, c.m28)
	}
	// Admission days are clipped to the period: a stay from 20 December
	// 2025 to 10 January 2026 has 12 days in 2025 and 10 in 2026.
	over := Casus{Aangemeld: d("2025-12-01"), Geboren: d("2010-01-01"), Verblijven: []Verblijf{{Soort: "behandelverblijf", Begin: d("2025-12-20"), Eind: d("2026-01-10")}}}
	_, cel := yearFigure(t, world(over), Opnamedagen, 2026)
	if *cel.Maat != 10 || *cel.Basis != 12 {
		t.Errorf("clipped: %v in 2026 against %v in 2025", *cel.Maat, *cel.Basis)
	}
}

func TestMoreHybridResidence(t *testing.T) {
	base := stays(10, 0, "hybride", d("2010-01-01"))
	for i := range base {
		base[i].Verblijven[0].Begin, base[i].Verblijven[0].Eind = d("2025-03-01"), d("2025-04-01")
	}
	for _, c := range []struct {
		n            int
		want         float64
		meets26, m28 bool
	}{{15, 50, true, true}, {13, 30, true, false}, {12, 20, false, false}} {
		r, cel := yearFigure(t, world(append(append([]Casus{}, base...), stays(c.n, 0, "hybride", d("2010-01-01"))...)...), Hybride, 2026)
		meets(t, "hybrid", r, cel, c.want, c.meets26, c.m28)
	}
}

func TestFewerMovesPerYouth(t *testing.T) {
	// Baseline 2025: one youth moved 4 times: into a stay, to the next
	// (one move, not two), and home; then into a stay again that runs on.
	base := Casus{Aangemeld: d("2025-01-05"), Geboren: d("2010-01-01"), Verblijven: []Verblijf{
		{Soort: "behandelverblijf", Begin: d("2025-02-01"), Eind: d("2025-03-31")},
		{Soort: "gezinshuis", Begin: d("2025-04-01"), Eind: d("2025-06-30")},
		{Soort: "hybride", Begin: d("2025-09-01"), Eind: d("2026-06-30")},
	}}
	if n := verhuizingen(base.Verblijven, Maanden(2025)[12]); n != 4 {
		t.Fatalf("moves in 2025: %d, want 4", n)
	}
	// 2026: the same youth only goes home (1 move): a fall of 75 %.
	r, cel := yearFigure(t, world(base), Verhuisbewegingen, 2026)
	meets(t, "1 of 4", r, cel, 75, true, true)
	// Two moves in 2026 (home, and into foster care): 50 %.
	base.Verblijven = append(base.Verblijven, Verblijf{Soort: "pleegzorg", Begin: d("2026-09-01")})
	r, cel = yearFigure(t, world(base), Verhuisbewegingen, 2026)
	meets(t, "2 of 4", r, cel, 50, false, false)
}

func TestNoReEntryWithinTwoYears(t *testing.T) {
	ended := func(client int64, eind string) Casus {
		return Casus{ClientID: client, Aangemeld: d("2025-06-01"), Eind: d(eind), Geboren: d("2010-01-01")}
	}
	again := func(client int64, reg string) Casus {
		return Casus{ClientID: client, Aangemeld: d(reg), Geboren: d("2010-01-01")}
	}
	cs := []Casus{ended(1, "2026-02-01"), ended(2, "2026-03-01"), ended(3, "2026-04-01"), ended(4, "2026-05-01"), ended(5, "2026-06-01"),
		again(1, "2027-06-01"),  // re-entry within two years
		again(2, "2028-03-02"),  // two years and a day: not a re-entry
		again(99, "2026-07-01"), // another youth
	}
	r, cel := yearFigure(t, world(cs...), GeenHerinstroom, 2026)
	meets(t, "4 of 5", r, cel, 80, true, true)
	cs = append(cs, again(3, "2028-04-01")) // exactly two years after 2026-04-01
	r, cel = yearFigure(t, world(cs...), GeenHerinstroom, 2026)
	meets(t, "3 of 5", r, cel, 60, false, false)
}

func TestTreeknorm(t *testing.T) {
	wait := func(reg, intake, start string) Casus {
		c := Casus{Aangemeld: d(reg), Intake: d(intake), Geboren: d("2010-01-01")}
		if start != "" {
			c.Start = d(start)
		}
		return c
	}
	// 28 days to intake is within the norm, 29 outside; 70 days from
	// intake to start within, 71 outside.
	cs := []Casus{wait("2026-03-01", "2026-03-29", "2026-06-07"), wait("2026-03-01", "2026-03-30", "2026-06-09")}
	r, cel := yearFigure(t, world(cs...), TreeknormAanmeld, 2026)
	meets(t, "registration wait 28 and 29 days", r, cel, 50, false, false)
	r, cel = yearFigure(t, world(cs...), TreeknormBehandel, 2026)
	meets(t, "treatment wait 70 and 71 days", r, cel, 50, false, false)
	r, cel = yearFigure(t, world(cs[0]), TreeknormBehandel, 2026)
	meets(t, "treatment wait 70 days", r, cel, 100, true, true)

	// The same waits per organisation and month, with median and p90.
	rows := Treeknorm(Wachttijden(world(cs...).Casussen), d("2026-01-01"), d("2027-01-01"))
	var region *WachtRegel
	for i := range rows {
		if rows[i].Key == TreeknormAanmeld && rows[i].Org == 0 && !rows[i].Maand.IsZero() {
			region = &rows[i]
		}
	}
	if region == nil || region.N != 2 || region.OpTijd != 1 || region.Mediaan != 28 || region.P90 != 29 {
		t.Errorf("registration waits of March: %+v", region)
	}
}

func TestPerMunicipalityAndMonth(t *testing.T) {
	born := d("2017-06-01")
	cs := stays(2, 1, "behandelverblijf", born) // Venlo, March
	g := stays(1, 1, "behandelverblijf", born)
	g[0].Gemeente = 2
	g[0].Verblijven[0].Begin, g[0].Verblijven[0].Eind = d("2026-05-10"), d("2026-05-20")
	res := Bereken(world(append(cs, g...)...), 2026, Standaard(2025), nu)[0]
	if res.Key != Onder12MetOuder || len(res.Rijen) != 4 {
		t.Fatalf("rows: %+v", res.Rijen)
	}
	venlo, gennep, cons := res.Rijen[1], res.Rijen[2], res.Rijen[3]
	if venlo.Naam != "Venlo" || fig(venlo.Jaarcel()) != 50 || fig(gennep.Jaarcel()) != 100 || math.Abs(fig(cons.Jaarcel())-200.0/3) > 1e-9 {
		t.Errorf("year: Venlo %v, Gennep %v, consortium %v", fig(venlo.Jaarcel()), fig(gennep.Jaarcel()), fig(cons.Jaarcel()))
	}
	// The March stay runs into April (to 1 April): counted in both months,
	// not in May; Gennep's only in May.
	if fig(venlo.Cellen[2]) != 50 || fig(venlo.Cellen[3]) != 50 || venlo.Cellen[4].Figuur != nil || fig(gennep.Cellen[4]) != 100 {
		t.Errorf("months: Venlo mar %v apr %v may %v, Gennep may %v", fig(venlo.Cellen[2]), fig(venlo.Cellen[3]), venlo.Cellen[4].Figuur, fig(gennep.Cellen[4]))
	}
}

func TestDeadlines(t *testing.T) {
	at := func(s string) time.Time { return d(s[:10]).Add(time.Duration(atoi(s[11:13])) * time.Hour) }
	ts := []Termijn{
		{Soort: "stap:ipva", Org: 5, Aangemaakt: at("2026-03-01T00"), Uiterlijk: at("2026-03-29T00"), Gedaan: at("2026-03-20T00")}, // 19 days, met
		{Soort: "stap:ipva", Org: 5, Aangemaakt: at("2026-03-02T00"), Uiterlijk: at("2026-03-30T00"), Gedaan: at("2026-03-30T00")}, // 28 days, met at the due moment
		{Soort: "stap:ipva", Org: 6, Aangemaakt: at("2026-03-03T00"), Uiterlijk: at("2026-03-31T00"), Gedaan: at("2026-04-05T00")}, // 33 days, late
		{Soort: "stap:ipva", Org: 6, Aangemaakt: at("2026-03-01T00"), Uiterlijk: at("2026-03-29T00")},                              // open past due: missed
		{Soort: "stap:ipva", Org: 6, Aangemaakt: at("2026-06-01T00"), Uiterlijk: at("2026-06-29T00")},                              // open, not yet due: not counted
		{Soort: "stap:inschatting", Org: 7, Aangemaakt: at("2026-03-01T10"), Uiterlijk: at("2026-03-01T12"), Gedaan: at("2026-03-01T13")},
		{Soort: "stap:overig", Org: 7, Aangemaakt: at("2026-03-01T10"), Uiterlijk: at("2026-03-01T12")},
	}
	rows := Termijnen(ts, d("2026-01-01"), d("2027-01-01"), at("2026-04-10T00"))
	got := map[[2]int64]Spreiding{}
	for _, r := range rows {
		kind := int64(0)
		if r.Definitie.Uren {
			kind = 1
		}
		if r.Maand.IsZero() {
			continue // the year's lines equal March's here
		}
		if r.Maand != d("2026-03-01") {
			t.Errorf("month %v", r.Maand)
		}
		got[[2]int64{kind, r.Org}] = r.Spreiding
	}
	if len(rows) != 10 { // five lines for March, the same five for the year
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	region := got[[2]int64{0, 0}]
	// Times: 19, 28, 33 and 40 (open since 1 March to 10 April).
	if region.N != 4 || region.OpTijd != 2 || *region.Aandeel() != 50 || region.Mediaan != 28 || region.P90 != 40 {
		t.Errorf("region IPVA: %+v", region)
	}
	if s := got[[2]int64{0, 5}]; s.N != 2 || s.OpTijd != 2 {
		t.Errorf("organisation 5: %+v", s)
	}
	if s := got[[2]int64{1, 7}]; s.N != 1 || s.OpTijd != 0 || s.Mediaan != 3 {
		t.Errorf("crisis assessment in hours: %+v", s)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestPercentile(t *testing.T) {
	for _, c := range []struct {
		d       []float64
		p, want float64
	}{
		{[]float64{1, 2, 3, 4}, 50, 2},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9},
		{[]float64{5}, 90, 5},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90, 10},
	} {
		if got := percentiel(c.d, c.p); got != c.want {
			t.Errorf("p%v of %v = %v, want %v", c.p, c.d, got, c.want)
		}
	}
}
