package ipva

import (
	"fmt"
	"strings"
	"time"
)

// Reason codes of the step preconditions.
const (
	CodeGeenAanbieder          = "geen_aanbieder"
	CodeGeenToestemming        = "geen_toestemming"
	CodeToestemmingIngetrokken = "toestemming_ingetrokken"
	CodeIPVAOnvolledig         = "ipva_onvolledig"
	CodeNietOndertekend        = "ipva_niet_ondertekend"
)

// CanShareWithProvider reports whether the IPVA (and anything else of the
// case) may be shared with the provider aanbieder on the day on: on the
// Toegang and medical-domain routes only with a valid consent that names
// that provider (R-IPVA-2, step 4: "Dit gebeurt altijd met toestemming van
// de jeugdige/het gezin"). On the GI route no formal consent is needed
// (seeds/001 stap 2), so it returns nil once a provider is named.
func CanShareWithProvider(route Route, consents []Toestemming, aanbieder string, on time.Time) error {
	if strings.TrimSpace(aanbieder) == "" {
		return &Reason{Code: CodeGeenAanbieder, Message: "Kies eerst de jeugdhulpaanbieder waarmee het IPVA wordt gedeeld."}
	}
	if route == RouteGI {
		return nil
	}
	var withdrawn time.Time
	for _, t := range consents {
		if t.Aanbieder != aanbieder {
			continue
		}
		if t.Geldig(on) {
			return nil
		}
		if !t.IngetrokkenOp.IsZero() && !day(t.IngetrokkenOp).After(day(on)) && day(t.IngetrokkenOp).After(withdrawn) {
			withdrawn = day(t.IngetrokkenOp)
		}
	}
	if !withdrawn.IsZero() {
		return &Reason{Code: CodeToestemmingIngetrokken, Message: fmt.Sprintf("De jeugdige of het gezin heeft de toestemming om het IPVA te delen met deze jeugdhulpaanbieder ingetrokken op %s.", Datum(withdrawn))}
	}
	return &Reason{Code: CodeGeenToestemming, Message: "Er is geen toestemming van de jeugdige of het gezin vastgelegd om het IPVA te delen met deze jeugdhulpaanbieder."}
}

// CanStartCare reports whether care by aanbieder may start on the day on as
// far as consent goes: consent (oral or written) must be recorded before
// care starts, except on the GI route (R-IPVA-2). It is the same check as
// CanShareWithProvider.
func CanStartCare(route Route, consents []Toestemming, aanbieder string, on time.Time) error {
	return CanShareWithProvider(route, consents, aanbieder, on)
}

// CanSubmitIPVA reports whether the IPVA can be finished and sent on: its
// content complete (R-IPVA-1), signed by the author and by the family as
// their age requires (R-IPVA-2; not the family on the GI route), and,
// except on the GI route, with the family's consent to share it recorded.
// The first failing condition is returned, with all its gaps.
func CanSubmitIPVA(p IPVA, route Route) error {
	if g := p.contentGaps(route); len(g) > 0 {
		return &Reason{Code: CodeIPVAOnvolledig, Message: fmt.Sprintf("Het IPVA is nog niet compleet: %s. %s", aantal(len(g)), joinGaps(g)), Gaps: g}
	}
	if g := p.signatureGaps(route); len(g) > 0 {
		return &Reason{Code: CodeNietOndertekend, Message: "Het IPVA is nog niet volledig ondertekend. " + joinGaps(g), Gaps: g}
	}
	if g := p.consentGaps(route); len(g) > 0 {
		return &Reason{Code: CodeGeenToestemming, Message: "Er is geen geldige toestemming vastgelegd om het IPVA te delen. " + joinGaps(g), Gaps: g}
	}
	return nil
}

func aantal(n int) string {
	if n == 1 {
		return "1 onderdeel ontbreekt"
	}
	return fmt.Sprintf("%d onderdelen ontbreken", n)
}

// CanSubmitBeknoptPlan reports whether the provider can send the beknopt
// plan: complete and at most 1,000 characters (R-STEP-1). It returns the
// *Reason of BeknoptPlan.Validate.
func CanSubmitBeknoptPlan(b BeknoptPlan) error {
	return b.Validate()
}
