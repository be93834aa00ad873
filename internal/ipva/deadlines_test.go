package ipva

import (
	"testing"
	"time"
)

func TestCheckLate(t *testing.T) {
	due := d(2026, time.February, 28)
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
