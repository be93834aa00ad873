package ipva

import (
	"testing"
	"time"
)

func TestIPVADue(t *testing.T) {
	tests := []struct{ melding, want time.Time }{
		{d(2026, time.March, 2), d(2026, time.March, 30)},
		{d(2026, time.January, 31), d(2026, time.February, 28)},
		{d(2026, time.February, 1), d(2026, time.March, 1)},
		{d(2028, time.February, 1), d(2028, time.February, 29)},
		{d(2026, time.February, 28), d(2026, time.March, 28)},
		{d(2026, time.December, 15), d(2027, time.January, 12)},
		{d(2026, time.December, 31), d(2027, time.January, 28)},
		{d(2026, time.March, 20), d(2026, time.April, 17)}, // across the change to summer time
		{time.Date(2026, time.March, 2, 23, 59, 0, 0, time.FixedZone("CET", 3600)), d(2026, time.March, 30)},
	}
	for _, tt := range tests {
		if got := IPVADue(tt.melding); !got.Equal(tt.want) {
			t.Errorf("IPVADue(%s) = %s, want %s", tt.melding, got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestBeknoptPlanDue(t *testing.T) {
	tests := []struct{ ontvangen, want time.Time }{
		{d(2026, time.March, 2), d(2026, time.March, 16)},
		{d(2026, time.February, 20), d(2026, time.March, 6)},
		{d(2028, time.February, 20), d(2028, time.March, 5)},
		{d(2026, time.January, 31), d(2026, time.February, 14)},
		{d(2026, time.April, 30), d(2026, time.May, 14)},
		{d(2026, time.December, 25), d(2027, time.January, 8)},
	}
	for _, tt := range tests {
		if got := BeknoptPlanDue(tt.ontvangen); !got.Equal(tt.want) {
			t.Errorf("BeknoptPlanDue(%s) = %s, want %s", tt.ontvangen.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestCheckLate(t *testing.T) {
	due := IPVADue(d(2026, time.January, 31)) // 28 februari 2026
	tests := []struct {
		name     string
		finished time.Time
		reason   LateReason
		code     string
		msg      string
	}{
		{"ruim op tijd", d(2026, time.February, 10), LateReason{}, "", ""},
		{"op de laatste dag", d(2026, time.February, 28), LateReason{}, "", ""},
		{"laatste dag, late tijd", time.Date(2026, time.February, 28, 23, 59, 0, 0, time.UTC), LateReason{}, "", ""},
		{"1 dag te laat zonder reden", d(2026, time.March, 1), LateReason{}, "reden_te_laat",
			"Het IPVA is 1 dag later klaar dan de termijn van 28 februari 2026. Kies een reden: het gezin heeft de afspraak afgezegd of verzet, wachten op informatie van andere professionals, of anders (met toelichting)."},
		{"10 dagen te laat zonder reden", d(2026, time.March, 10), LateReason{}, "reden_te_laat",
			"Het IPVA is 10 dagen later klaar dan de termijn van 28 februari 2026. Kies een reden: het gezin heeft de afspraak afgezegd of verzet, wachten op informatie van andere professionals, of anders (met toelichting)."},
		{"te laat, gezin afgezegd", d(2026, time.March, 10), LateReason{Reden: RedenGezinAfgezegd}, "", ""},
		{"te laat, wachten op informatie", d(2026, time.April, 1), LateReason{Reden: RedenWachtenInformatie}, "", ""},
		{"te laat, anders met toelichting", d(2026, time.March, 2), LateReason{Reden: RedenAnders, Toelichting: "Tolk was twee weken niet beschikbaar."}, "", ""},
		{"te laat, anders zonder toelichting", d(2026, time.March, 2), LateReason{Reden: RedenAnders, Toelichting: "  "}, "toelichting_te_laat",
			"Licht toe waarom het IPVA later klaar is dan de termijn (reden: anders)."},
		{"te laat, onbekende reden", d(2026, time.March, 2), LateReason{Reden: "vakantie"}, "reden_te_laat",
			`Onbekende reden "vakantie"; kies een reden uit de lijst.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkReason(t, CheckLate(due, tt.finished, tt.reason), tt.code, tt.msg)
		})
	}
	if len(RedenenTeLaat()) != 3 || RedenAnders.Label() != "Anders, met toelichting" {
		t.Error("reasons")
	}
}

// checkReason checks err is nil when code is "", else a *Reason with code
// and message.
func checkReason(t *testing.T, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	r, ok := err.(*Reason)
	if !ok {
		t.Fatalf("got %v (%T), want *Reason %s", err, err, code)
	}
	if r.Code != code || r.Message != msg {
		t.Fatalf("got %s: %q\nwant %s: %q", r.Code, r.Message, code, msg)
	}
}
