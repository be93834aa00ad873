package ipva

import (
	"fmt"
	"strings"
	"time"
)

// RedenTeLaat is why an IPVA was finished after its term. The source
// (seeds/000, "Termijn IPVA") names the family cancelling or moving the
// appointment and having to ask other professionals for information first;
// "anders" needs an explanation.
type RedenTeLaat string

const (
	RedenGezinAfgezegd     RedenTeLaat = "gezin_afgezegd"
	RedenWachtenInformatie RedenTeLaat = "wachten_op_informatie"
	RedenAnders            RedenTeLaat = "anders"
)

// Label returns the reason in Dutch.
func (r RedenTeLaat) Label() string {
	switch r {
	case RedenGezinAfgezegd:
		return "De jeugdige of het gezin heeft de afspraak afgezegd of verzet"
	case RedenWachtenInformatie:
		return "Wachten op informatie van andere professionals"
	case RedenAnders:
		return "Anders, met toelichting"
	}
	return string(r)
}

// RedenenTeLaat returns the reasons to choose from, in order.
func RedenenTeLaat() []RedenTeLaat {
	return []RedenTeLaat{RedenGezinAfgezegd, RedenWachtenInformatie, RedenAnders}
}

// LateReason is the recorded reason for a late IPVA.
type LateReason struct {
	Reden       RedenTeLaat `json:"reden"`
	Toelichting string      `json:"toelichting"`
}

// CheckLate checks an IPVA finished on the day finished against its due
// day. On or before the due day nothing is needed. Later, a reason from
// RedenenTeLaat must be recorded, and "anders" needs an explanation.
func CheckLate(due, finished time.Time, reason LateReason) error {
	d, f := day(due), day(finished)
	if !f.After(d) {
		return nil
	}
	dagen := int(f.Sub(d).Hours() / 24)
	eenheid := "dagen"
	if dagen == 1 {
		eenheid = "dag"
	}
	switch reason.Reden {
	case RedenGezinAfgezegd, RedenWachtenInformatie:
		return nil
	case RedenAnders:
		if strings.TrimSpace(reason.Toelichting) != "" {
			return nil
		}
		return &Reason{Code: "toelichting_te_laat", Message: "Licht toe waarom het IPVA later klaar is dan de termijn (reden: anders)."}
	case "":
		return &Reason{Code: "reden_te_laat", Message: fmt.Sprintf("Het IPVA is %d %s later klaar dan de termijn van %s. Kies een reden: het gezin heeft de afspraak afgezegd of verzet, wachten op informatie van andere professionals, of anders (met toelichting).", dagen, eenheid, Datum(d))}
	}
	return &Reason{Code: "reden_te_laat", Message: fmt.Sprintf("Onbekende reden %q; kies een reden uit de lijst.", string(reason.Reden))}
}
