package segment1

import (
	"slices"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// at is 10:00 Amsterdam time on day s.
func at(s string) time.Time {
	t := d(s)
	return time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, kalender.Amsterdam())
}

// TestAanmeldgesprekUiterlijk: the intake talk is due 2 weeks after the
// registration; a last day on a weekend or public holiday runs on to the
// next working day.
func TestAanmeldgesprekUiterlijk(t *testing.T) {
	cal := kalender.Default
	for _, c := range []struct {
		aangemeld, want string
		why             string
	}{
		{"2026-03-02", "2026-03-16", "a Monday: two weeks later, a Monday"},
		{"2026-03-05", "2026-03-19", "a Thursday"},
		{"2026-03-07", "2026-03-23", "a Saturday: the 21st is a Saturday, on to Monday"},
		{"2026-04-13", "2026-04-28", "two weeks later is Koningsdag (Monday 27 April 2026)"},
		{"2026-12-11", "2026-12-28", "two weeks later is Kerstmis; Tweede Kerstdag and Sunday follow"},
		{"2026-05-01", "2026-05-15", "an ordinary Friday: 15 May is a working day"},
		{"2026-04-22", "2026-05-06", "two weeks later is 6 May, after Bevrijdingsdag"},
		{"2026-04-21", "2026-05-06", "two weeks later is Bevrijdingsdag (Tuesday 5 May)"},
	} {
		got := AanmeldgesprekUiterlijk(cal, at(c.aangemeld))
		if kalender.Day(got).Format("2006-01-02") != c.want {
			t.Errorf("registered %s (%s): intake talk by %s, want %s", c.aangemeld, c.why, kalender.Datum(got), c.want)
		}
		if h, m, _ := got.In(kalender.Amsterdam()).Clock(); h != 23 || m != 59 {
			t.Errorf("registered %s: the deadline ends at %02d:%02d, want the end of the day", c.aangemeld, h, m)
		}
	}
}

// TestStartUiterlijk: the desk's judgement in time: within 6 weeks of the
// registration, sooner on a chosen day before that, or urgent within 5
// working days of the judgement.
func TestStartUiterlijk(t *testing.T) {
	cal := kalender.Default
	for _, c := range []struct {
		name                  string
		aangemeld, beoordeeld string
		u                     Urgentie
		datum                 string
		want                  string // "" means refused
	}{
		{"regular: 6 weeks after the registration", "2026-03-02", "2026-03-03", Regulier, "", "2026-04-13"},
		{"regular over Tweede Paasdag: 6 weeks ends on 6 April 2026", "2026-02-23", "2026-02-24", Regulier, "", "2026-04-07"},
		{"regular, a chosen day is ignored", "2026-03-02", "2026-03-03", Regulier, "2026-03-20", "2026-04-13"},
		{"sooner, on a day before the 6 weeks", "2026-03-02", "2026-03-03", Eerder, "2026-03-20", "2026-03-20"},
		{"sooner, the day before the limit", "2026-03-02", "2026-03-03", Eerder, "2026-04-12", "2026-04-12"},
		{"sooner, on the 6-week day itself: that is not sooner", "2026-03-02", "2026-03-03", Eerder, "2026-04-13", ""},
		{"sooner, after the 6 weeks", "2026-03-02", "2026-03-03", Eerder, "2026-05-01", ""},
		{"sooner without a day", "2026-03-02", "2026-03-03", Eerder, "", ""},
		{"sooner, in the past", "2026-03-02", "2026-03-10", Eerder, "2026-03-09", ""},
		{"urgent: 5 working days after the judgement", "2026-03-02", "2026-03-03", Urgent, "", "2026-03-10"},
		{"urgent over Koningsdag: 5 working days after Thursday 23 April 2026", "2026-04-20", "2026-04-23", Urgent, "", "2026-05-01"},
		{"urgent on a chosen day within 5 working days", "2026-03-02", "2026-03-03", Urgent, "2026-03-05", "2026-03-05"},
		{"urgent, the same day", "2026-03-02", "2026-03-03", Urgent, "2026-03-03", "2026-03-03"},
		{"urgent, a day after 5 working days", "2026-03-02", "2026-03-03", Urgent, "2026-03-11", ""},
		{"no judgement", "2026-03-02", "2026-03-03", "", "", ""},
	} {
		var datum time.Time
		if c.datum != "" {
			datum = d(c.datum)
		}
		got, err := StartUiterlijk(cal, at(c.aangemeld), at(c.beoordeeld), c.u, datum)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%s: start by %s, want a refusal", c.name, kalender.Datum(got))
		case c.want == "" && !IsRefusal(err):
			t.Errorf("%s: %v, want a Dutch refusal", c.name, err)
		case c.want != "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.want != "" && kalender.Day(got).Format("2006-01-02") != c.want:
			t.Errorf("%s: start by %s, want %s", c.name, kalender.Datum(got), c.want)
		}
	}
}

// TestBesloten: a change of coordination level takes all three deciders,
// three different people; fewer, the same person twice or one
// disagreement do not decide it.
func TestBesloten(t *testing.T) {
	yes := func(b Beslisser, user int64) Instemming { return Instemming{Beslisser: b, UserID: user, Akkoord: true} }
	for _, c := range []struct {
		name       string
		ins        []Instemming
		besloten   bool
		ontbrekend []Beslisser
		afgewezen  bool
	}{
		{"nobody", nil, false, Beslissers, false},
		{"only the proposer", []Instemming{yes(BeslisserToegang, 1)}, false, []Beslisser{BeslisserGedragswetenschapper, BeslisserCrossroads}, false},
		{"two of three", []Instemming{yes(BeslisserToegang, 1), yes(BeslisserCrossroads, 3)}, false, []Beslisser{BeslisserGedragswetenschapper}, false},
		{"two of three, other pair", []Instemming{yes(BeslisserGedragswetenschapper, 2), yes(BeslisserCrossroads, 3)}, false, []Beslisser{BeslisserToegang}, false},
		{"all three", []Instemming{yes(BeslisserToegang, 1), yes(BeslisserGedragswetenschapper, 2), yes(BeslisserCrossroads, 3)}, true, nil, false},
		{"all three roles but one person twice", []Instemming{yes(BeslisserToegang, 1), yes(BeslisserGedragswetenschapper, 1), yes(BeslisserCrossroads, 3)},
			false, []Beslisser{BeslisserGedragswetenschapper}, false},
		{"the same decider twice", []Instemming{yes(BeslisserToegang, 1), yes(BeslisserToegang, 2), yes(BeslisserCrossroads, 3)},
			false, []Beslisser{BeslisserGedragswetenschapper}, false},
		{"one disagrees", []Instemming{yes(BeslisserToegang, 1), {Beslisser: BeslisserGedragswetenschapper, UserID: 2}, yes(BeslisserCrossroads, 3)},
			false, []Beslisser{BeslisserGedragswetenschapper}, true},
		{"an unknown decider does not count", []Instemming{yes(BeslisserToegang, 1), yes("aanmeldpunt", 4), yes(BeslisserCrossroads, 3)},
			false, []Beslisser{BeslisserGedragswetenschapper}, false},
		{"a user without id does not count", []Instemming{yes(BeslisserToegang, 1), yes(BeslisserGedragswetenschapper, 0), yes(BeslisserCrossroads, 3)},
			false, []Beslisser{BeslisserGedragswetenschapper}, false},
	} {
		besloten, ontbrekend, afgewezen := Besloten(c.ins)
		if besloten != c.besloten || !slices.Equal(ontbrekend, c.ontbrekend) || afgewezen != c.afgewezen {
			t.Errorf("%s: besloten %v, ontbrekend %v, afgewezen %v; want %v, %v, %v", c.name, besloten, ontbrekend, afgewezen, c.besloten, c.ontbrekend, c.afgewezen)
		}
	}
}

// TestZesMaandenVeilig: de-escalation's indicator and the condition to
// close heavy coordination, counted from the safety assessments: not at 5
// months, at 6; an unsafe assessment starts the count again; an unsafe
// latest assessment means no safe period at all.
func TestZesMaandenVeilig(t *testing.T) {
	safe := func(s string) Taxatie { return Taxatie{Datum: d(s), Veilig: true} }
	unsafe := func(s string) Taxatie { return Taxatie{Datum: d(s)} }
	for _, c := range []struct {
		name string
		ts   []Taxatie
		on   string
		want bool
		van  string // "" when there is no safe run
	}{
		{"none", nil, "2026-09-01", false, ""},
		{"one safe assessment", []Taxatie{safe("2026-01-15")}, "2026-09-01", false, "2026-01-15"},
		{"5 months", []Taxatie{safe("2026-01-15"), safe("2026-03-15"), safe("2026-06-15")}, "2026-06-20", false, "2026-01-15"},
		{"a day short of 6 months", []Taxatie{safe("2026-01-15"), safe("2026-07-14")}, "2026-07-20", false, "2026-01-15"},
		{"6 months", []Taxatie{safe("2026-01-15"), safe("2026-03-15"), safe("2026-07-15")}, "2026-07-20", true, "2026-01-15"},
		{"more than 6 months", []Taxatie{safe("2025-11-01"), safe("2026-07-15")}, "2026-08-01", true, "2025-11-01"},
		{"6 months, out of order", []Taxatie{safe("2026-07-15"), safe("2026-01-15")}, "2026-07-20", true, "2026-01-15"},
		{"an unsafe assessment in between restarts the count", []Taxatie{safe("2026-01-15"), unsafe("2026-03-01"), safe("2026-04-01"), safe("2026-07-15")},
			"2026-07-20", false, "2026-04-01"},
		{"6 months after the unsafe one", []Taxatie{safe("2026-01-15"), unsafe("2026-03-01"), safe("2026-04-01"), safe("2026-10-01")},
			"2026-10-02", true, "2026-04-01"},
		{"the latest is unsafe", []Taxatie{safe("2026-01-15"), safe("2026-07-15"), unsafe("2026-07-19")}, "2026-07-20", false, ""},
		{"assessments after the day do not count", []Taxatie{safe("2026-01-15"), safe("2026-07-15")}, "2026-07-01", false, "2026-01-15"},
		{"only up to the last assessment, not up to today", []Taxatie{safe("2026-01-15"), safe("2026-06-15")}, "2026-12-31", false, "2026-01-15"},
	} {
		if got := ZesMaandenVeilig(c.ts, at(c.on)); got != c.want {
			t.Errorf("%s: six months safe %v, want %v", c.name, got, c.want)
		}
		van, _, ok := VeiligePeriode(c.ts, at(c.on))
		if (c.van == "") == ok || (ok && kalender.Day(van).Format("2006-01-02") != c.van) {
			t.Errorf("%s: safe since %s (%v), want %q", c.name, kalender.Datum(van), ok, c.van)
		}
	}
}

// TestCheckLopendeHulp: light help may run on 3 months after the end of
// segment 1; longer only in the FOA.
func TestCheckLopendeHulp(t *testing.T) {
	end := d("2026-06-30")
	for _, c := range []struct {
		name   string
		hulp   []LopendeHulp
		metFOA bool
		ok     bool
	}{
		{"nothing runs on", nil, false, true},
		{"light help until exactly 3 months later", []LopendeHulp{{Omschrijving: "Maatje", Tot: d("2026-09-30")}}, false, true},
		{"light help a day longer", []LopendeHulp{{Omschrijving: "Maatje", Tot: d("2026-10-01")}}, false, false},
		{"longer help in the FOA", []LopendeHulp{{Omschrijving: "Ambulante begeleiding", Tot: d("2027-03-01"), InFOA: true}}, true, true},
		{"in the FOA without an FOA", []LopendeHulp{{Omschrijving: "Ambulante begeleiding", Tot: d("2027-03-01"), InFOA: true}}, false, false},
		{"longer help not in the FOA, while there is one", []LopendeHulp{{Omschrijving: "Ambulante begeleiding", Tot: d("2027-03-01")}}, true, false},
		{"without a description", []LopendeHulp{{Tot: d("2026-07-30")}}, false, false},
		{"without an end", []LopendeHulp{{Omschrijving: "Maatje"}}, false, false},
	} {
		err := CheckLopendeHulp(end, c.hulp, c.metFOA)
		if (err == nil) != c.ok || (err != nil && !IsRefusal(err)) {
			t.Errorf("%s: %v, want ok %v", c.name, err, c.ok)
		}
	}
}

// TestBespreekdag: the RET meets on Tuesday afternoons, the Bijzondere
// Toegang on Tuesdays and Thursdays; a case goes to the first meeting day
// after the request, a public holiday skipped.
func TestBespreekdag(t *testing.T) {
	cal := kalender.Default
	for _, c := range []struct {
		team           Team
		gevraagd, want string
		why            string
	}{
		{TeamRET, "2026-03-09", "2026-03-10", "Monday: the next day"},
		{TeamRET, "2026-03-10", "2026-03-17", "asked on the Tuesday itself: the next Tuesday"},
		{TeamRET, "2026-03-11", "2026-03-17", "Wednesday"},
		{TeamRET, "2026-03-15", "2026-03-17", "Sunday"},
		{TeamRET, "2026-05-04", "2026-05-12", "Tuesday 5 May 2026 is Bevrijdingsdag"},
		{TeamRET, "2026-12-22", "2026-12-29", "Tuesday 22 December: next week"},
		{TeamBT, "2026-03-09", "2026-03-10", "Monday: Tuesday"},
		{TeamBT, "2026-03-10", "2026-03-12", "Tuesday: Thursday"},
		{TeamBT, "2026-03-12", "2026-03-17", "Thursday: next Tuesday"},
		{TeamBT, "2026-05-12", "2026-05-19", "Thursday 14 May 2026 is Hemelvaartsdag"},
		{TeamBT, "2026-05-04", "2026-05-07", "Bevrijdingsdag skipped, Thursday"},
		{TeamBT, "2026-04-22", "2026-04-23", "Wednesday: Thursday"},
	} {
		got := Bespreekdag(cal, c.team, at(c.gevraagd))
		if got.Format("2006-01-02") != c.want {
			t.Errorf("%s asked %s (%s): %s, want %s", c.team, c.gevraagd, c.why, got.Format("2006-01-02"), c.want)
		}
	}
}

// TestCheckCriteria: a proposal names at least one criterion of its own
// checklist; a de-escalation may rest on the computed safety indicator.
func TestCheckCriteria(t *testing.T) {
	for _, c := range []struct {
		name    string
		s       Soort
		n       Niveau
		keys    []string
		veilig6 bool
		ok      bool
	}{
		{"licht with its criterion", Vaststelling, Licht, []string{"eigen_regie"}, false, true},
		{"zwaar with its criterion", Vaststelling, Zwaar, []string{"onveiligheid", "disbalans"}, false, true},
		{"zwaar with a criterion of licht", Vaststelling, Zwaar, []string{"eigen_regie"}, false, false},
		{"zwaar without criteria", Vaststelling, Zwaar, nil, false, false},
		{"escalation with a reason", Opschaling, Zwaar, []string{"toename_onveiligheid"}, false, true},
		{"escalation without a reason", Opschaling, Zwaar, nil, false, false},
		{"de-escalation on six safe months alone", Afschaling, Licht, nil, true, true},
		{"de-escalation without any indicator", Afschaling, Licht, nil, false, false},
		{"de-escalation on a ticked indicator", Afschaling, Licht, []string{"positieve_ontwikkeling"}, false, true},
	} {
		err := CheckCriteria(c.s, c.n, c.keys, c.veilig6)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok %v", c.name, err, c.ok)
		}
	}
}

func TestSplitNaam(t *testing.T) {
	for _, c := range []struct{ in, head, tail string }{
		{"Regionaal Expertise Team Hart van Brabant", "Regionaal Expertise Team", "Hart van Brabant"},
		{"Toegang Tilburg", "Toegang Tilburg", ""},
		{"Bijzondere Toegang Noord- en Midden-Limburg", "Bijzondere Toegang", "Noord- en Midden-Limburg"},
		{"Eénwoordzondersprongennaamdielangis", "Eénwoordzondersprongennaamdielangis", ""},
	} {
		if h, tl := splitNaam(c.in, 24); h != c.head || tl != c.tail {
			t.Errorf("%q: %q + %q", c.in, h, tl)
		}
	}
}
