package crisis_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestEligibleAt17To23: minors always; from 18 only with help recorded as
// started before the 18th birthday; from 23 never (R-CRISIS-1).
func TestEligibleAt17To23(t *testing.T) {
	melding := time.Date(2026, 5, 14, 10, 0, 0, 0, kalender.Amsterdam())
	born := func(age int) time.Time { return day("2026-05-14").AddDate(-age, 0, 0) }
	for _, tc := range []struct {
		name      string
		birth     time.Time
		hulpStart time.Time
		want      string // "" eligible, "veld" a field error, "weigering" a refusal
	}{
		{"17, no help recorded", born(17), time.Time{}, ""},
		{"17, the day before the 18th birthday", born(18).AddDate(0, 0, 1), time.Time{}, ""},
		{"18 today, no help recorded", born(18), time.Time{}, "veld"},
		{"18, help began at 16", born(18), born(18).AddDate(2, 0, 0), ""},
		{"18, help began on the 18th birthday", born(18), born(18).AddDate(18, 0, 0), "weigering"},
		{"18, help began the day before the 18th birthday", born(18), born(18).AddDate(18, 0, -1), ""},
		{"22, help began at 17", born(22), born(22).AddDate(17, 0, 0), ""},
		{"22, help began at 19", born(22), born(22).AddDate(19, 0, 0), "weigering"},
		{"22, no help recorded", born(22), time.Time{}, "veld"},
		{"22, the day before the 23rd birthday", born(23).AddDate(0, 0, 1), born(23).AddDate(10, 0, 0), ""},
		{"23 today, help began at 10", born(23), born(23).AddDate(10, 0, 0), "weigering"},
		{"23, no help recorded", born(23), time.Time{}, "weigering"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := crisis.Eligible(tc.birth, tc.hulpStart, melding)
			var fe invoer.Fouten
			got := ""
			switch {
			case err == nil:
			case errors.As(err, &fe) && fe["hulp_gestart_op"] != "":
				got = "veld"
			case traject.IsRefusal(err):
				got = "weigering"
			default:
				got = "?" + err.Error()
			}
			if got != tc.want {
				t.Errorf("age %d: got %q (%v), want %q", client.AgeOn(tc.birth, day("2026-05-14")), got, err, tc.want)
			}
		})
	}
}

// TestVormMaximaAtAndPastTheLimit: each form of crisis care up to its
// maximum, and one day past it refused with the maximum in Dutch.
func TestVormMaximaAtAndPastTheLimit(t *testing.T) {
	begin := day("2026-05-14")
	// Days from begin to the last end date allowed: ambulant 4 weeks; the
	// own network has no maximum in the source and gets the ambulant 4
	// weeks; an emergency bed one night; crisis foster care and residential
	// care 1 week; a Wvggz admission 6 weeks and 3 days.
	want := map[string]int{
		"ash": 28, "multifocus": 28, "psychiatrisch_ambulant": 28, "acuut_trauma": 28,
		"eigen_netwerk": 28, "noodbed": 1,
		"crisispleegzorg": 7, "residentieel_jo": 7, "residentieel_lvb": 7, "residentieel_ggz": 7,
		"wvggz": 45,
	}
	if len(want) != len(crisis.Vormen) {
		t.Fatalf("%d forms in the table, %d in the test", len(crisis.Vormen), len(want))
	}
	for _, v := range crisis.Vormen {
		days, ok := want[v.Code]
		if !ok {
			t.Errorf("form %s not in the test", v.Code)
			continue
		}
		at := begin.AddDate(0, 0, days)
		if msg := v.CheckPeriode(begin, at); msg != "" {
			t.Errorf("%s ending %s, at its limit: refused %q", v.Code, at.Format("2006-01-02"), msg)
		}
		if msg := v.CheckPeriode(begin, begin); msg != "" {
			t.Errorf("%s ending the day it begins: refused %q", v.Code, msg)
		}
		past := at.AddDate(0, 0, 1)
		msg := v.CheckPeriode(begin, past)
		if msg == "" || !strings.Contains(msg, v.Max) || !strings.Contains(msg, invoer.Datum(at)) {
			t.Errorf("%s ending %s, a day past its limit: %q, want a refusal naming %q and %s", v.Code, past.Format("2006-01-02"), msg, v.Max, invoer.Datum(at))
		}
		if msg := v.CheckPeriode(begin, begin.AddDate(0, 0, -1)); msg == "" {
			t.Errorf("%s ending before it begins: allowed", v.Code)
		}
	}
}

// TestVoorkeurAsksAReasonForEachLighterStep: ambulant first, then the own
// network or an emergency bed, a placement only when nothing else can.
func TestVoorkeurAsksAReasonForEachLighterStep(t *testing.T) {
	for _, tc := range []struct {
		vormen          []string
		ambulant, netwk string
		want            []string // fields with a message
	}{
		{[]string{"ash"}, "", "", nil},
		{[]string{"ash", "multifocus"}, "", "", nil},
		{[]string{"eigen_netwerk"}, "", "", []string{"waarom_niet_ambulant"}},
		{[]string{"noodbed"}, "Te onveilig thuis vannacht.", "", nil},
		{[]string{"ash", "eigen_netwerk"}, "", "", []string{"waarom_niet_ambulant"}},
		{[]string{"crisispleegzorg"}, "", "", []string{"waarom_niet_ambulant", "waarom_niet_netwerk"}},
		{[]string{"crisispleegzorg"}, "Te onveilig thuis.", "", []string{"waarom_niet_netwerk"}},
		{[]string{"residentieel_ggz"}, "", "Geen netwerk beschikbaar.", []string{"waarom_niet_ambulant"}},
		{[]string{"wvggz", "ash"}, "Acuut gevaar.", "Opname nodig.", nil},
		{[]string{"onbekend"}, "", "", nil},
	} {
		fe := crisis.CheckVoorkeur(tc.vormen, tc.ambulant, tc.netwk)
		var got []string
		for _, f := range []string{"waarom_niet_ambulant", "waarom_niet_netwerk"} {
			if fe[f] != "" {
				got = append(got, f)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%v: messages for %v (%v), want %v", tc.vormen, got, fe, tc.want)
		}
	}
}

// TestRTOOnTheFirstWorkingDayAfterTheReport: weekends and public holidays
// (Goede Vrijdag and Easter Monday, Koningsdag, Christmas) do not count;
// the day of the report never does.
func TestRTOOnTheFirstWorkingDayAfterTheReport(t *testing.T) {
	ams := kalender.Amsterdam()
	at := func(s string, h, m int) time.Time {
		d := day(s)
		return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, ams)
	}
	for _, tc := range []struct {
		name    string
		melding time.Time
		want    string
	}{
		{"Tuesday morning", at("2026-05-12", 9, 0), "2026-05-13"},
		{"Monday just before midnight", at("2026-05-11", 23, 50), "2026-05-12"},
		{"Friday", at("2026-05-15", 14, 0), "2026-05-18"},
		{"Saturday", at("2026-05-16", 3, 0), "2026-05-18"},
		{"Sunday night", at("2026-05-17", 23, 30), "2026-05-18"},
		{"Thursday before Easter (Goede Vrijdag, Easter Monday)", at("2026-04-02", 16, 0), "2026-04-07"},
		{"Friday before Koningsdag (Monday 27 April)", at("2026-04-24", 22, 0), "2026-04-28"},
		{"Christmas Eve, a Thursday", at("2026-12-24", 20, 0), "2026-12-28"},
		{"Hemelvaartsdag itself", at("2026-05-14", 11, 0), "2026-05-15"},
		{"Wednesday before Hemelvaartsdag", at("2026-05-13", 11, 0), "2026-05-15"},
		{"New Year's Eve, a Thursday", at("2026-12-31", 23, 0), "2027-01-04"},
	} {
		due := crisis.RTOUiterlijk(kalender.Default, tc.melding)
		if got := due.Format("2006-01-02"); got != tc.want {
			t.Errorf("%s (%s): RTO due %s, want %s", tc.name, tc.melding.Format("Mon 2006-01-02 15:04"), got, tc.want)
		}
		if h, m, s := due.Clock(); h != 23 || m != 59 || s != 59 {
			t.Errorf("%s: due at %s, want the end of the day", tc.name, due.Format("15:04:05"))
		}
	}
}

// TestExpertPerProblem: J&O and LVB bring a gedragswetenschapper who thinks
// along; GGZ a psychiatrist who also goes along.
func TestExpertPerProblem(t *testing.T) {
	for code, want := range map[string]struct {
		expert  string
		gaatMee bool
	}{
		"jeugd_en_opvoeden": {crisis.Gedragswetenschapper, false},
		"lvb":               {crisis.Gedragswetenschapper, false},
		"ggz":               {crisis.Psychiater, true},
	} {
		p, ok := crisis.Expert(code)
		if !ok || p.Deskundige != want.expert || p.GaatMee != want.gaatMee {
			t.Errorf("%s: %+v %v, want %+v", code, p, ok, want)
		}
	}
	if _, ok := crisis.Expert("anders"); ok {
		t.Error("an unknown problem kind has an expert")
	}
}

// TestInschattingWithinTwoHours: the assessment's term is 2 hours from the
// report, exact to the minute, across midnight.
func TestInschattingWithinTwoHours(t *testing.T) {
	d, _ := traject.RouteOf(traject.RouteCrisis)
	sd, _ := d.StepOf(traject.StepInschatting)
	melding := time.Date(2026, 5, 15, 23, 10, 0, 0, kalender.Amsterdam())
	if got := kalender.Default.Due(melding, sd.Term); !got.Equal(melding.Add(2 * time.Hour)) {
		t.Errorf("assessment due %s, want %s", got, melding.Add(2*time.Hour))
	}
	if !(traject.Action{Step: traject.StepInschatting}).InHours() || (traject.Action{Step: traject.StepRTO}).InHours() {
		t.Error("the assessment counts in hours, the RTO in working days")
	}
}
