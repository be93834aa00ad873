package web

import (
	"reflect"
	"strings"
	"testing"
)

// The error summary lists the fields in the order a user meets them on the
// form, not by name: a youth's birth date before the postcode, the
// parent's name after both.
func TestOrderErrorsFollowsTheForm(t *testing.T) {
	html := []byte(`<input id="f-voornaam"><input id="f-geboortedatum"><input id="f-postcode"><input id="f-ouder_naam">`)
	errs := map[string]string{"postcode": "P", "ouder_naam": "O", "geboortedatum": "G", "zzz": "Z", "aaa": "A"}
	got := orderErrors(errs, html)
	want := []fieldError{{"geboortedatum", "G"}, {"postcode", "P"}, {"ouder_naam", "O"}, {"aaa", "A"}, {"zzz", "Z"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

// Dates are typed the Dutch way; what a browser's date field sends is
// taken too; what is no date is refused, never read as another day.
func TestParseDateDutch(t *testing.T) {
	for in, want := range map[string]string{"05-12-2026": "2026-12-05", "5-1-2027": "2027-01-05", "05/12/2026": "2026-12-05",
		"5.12.2026": "2026-12-05", " 2026-12-05 ": "2026-12-05", "31-02-2026": "", "12-2026": "", "": "", "2026-13-01": ""} {
		got, ok := parseDate(in)
		if want == "" {
			if ok {
				t.Errorf("%q read as %s", in, got.Format("2006-01-02"))
			}
			continue
		}
		if !ok || got.Format("2006-01-02") != want {
			t.Errorf("%q: %s %v, want %s", in, got.Format("2006-01-02"), ok, want)
		}
	}
	if err := badDate(map[string][]string{"ingangsdatum": {"31-02-2026"}}); err == nil || !strings.Contains(err.Error(), "de ingangsdatum in als dag-maand-jaar") {
		t.Errorf("bad date: %v", err)
	}
	if err := badDate(map[string][]string{"ingangsdatum": {"28-02-2026"}, "einddatum": {""}}); err != nil {
		t.Errorf("good date refused: %v", err)
	}
}
