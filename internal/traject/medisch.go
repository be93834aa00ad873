package traject

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
)

// Verwijzer is the referrer of a medical-domain referral as iJw's Verwijzer
// needs it (COD327 type, AGB or UZI code), with the specialism.
type Verwijzer struct {
	Type        string `json:"type"`             // 02 huisarts, 03 jeugdarts, 05 medisch specialist
	Code        string `json:"zorgverlenercode"` // AGB code (8 digits) or UZI number
	Naam        string `json:"naam"`
	Specialisme string `json:"specialisme,omitempty"`
}

// VerwijzerTypes are the referrers of the medical route, with their Dutch
// names (COD327).
var VerwijzerTypes = []struct{ Type, Label string }{
	{toewijzing.VerwijzerHuisarts, "Huisarts"},
	{toewijzing.VerwijzerJeugdarts, "Jeugdarts"},
	{toewijzing.VerwijzerMedischSpecialist, "Medisch specialist"},
}

var (
	agbRe = regexp.MustCompile(`^[0-9]{8}$`)
	uziRe = regexp.MustCompile(`^[0-9]{9}$`)
)

func (v *Verwijzer) validate(fe client.FieldErrors) {
	verwijzerFields(fe, v)
	v.Code, v.Naam, v.Specialisme = strings.TrimSpace(v.Code), strings.TrimSpace(v.Naam), strings.TrimSpace(v.Specialisme)
	ok := false
	for _, t := range VerwijzerTypes {
		ok = ok || t.Type == v.Type
	}
	if !ok {
		fe["verwijzer.type"] = "Kies de soort verwijzer: huisarts, jeugdarts of medisch specialist."
	}
	if !agbRe.MatchString(v.Code) && !uziRe.MatchString(v.Code) {
		fe["verwijzer.zorgverlenercode"] = "Vul uw AGB-code (8 cijfers) of UZI-nummer (9 cijfers) in."
	}
	if v.Naam == "" || len([]rune(v.Naam)) > 200 {
		fe["verwijzer.naam"] = "Vul de naam van de verwijzer in."
	}
	if v.Type == toewijzing.VerwijzerMedischSpecialist && v.Specialisme == "" {
		fe["verwijzer.specialisme"] = "Vul het specialisme van de medisch specialist in."
	}
}

// VerzoekInput is the provider's verzoek om toewijzing.
type VerzoekInput struct {
	Ingangsdatum time.Time `json:"ingangsdatum"`
}

// SendVerzoek is the provider's verzoek om toewijzing (JW315) to the
// responsible municipality (medical route after the arrangement; GI route
// after the GI's bepaling). The message is built from the trajectory,
// checked against the standard and stored; the municipality is linked to
// the trajectory and must answer within 5 working days. On the medical
// route the municipality sees the message, not the case (R-ARR-3).
func (s *Service) SendVerzoek(ctx context.Context, p access.Principal, id int64, in VerzoekInput) error {
	if err := checkStart("ingangsdatum", "de gewenste ingangsdatum", in.Ingangsdatum, s.now()); err != nil {
		return err
	}
	if in.Ingangsdatum.IsZero() {
		return refuse("Vul de gewenste ingangsdatum van de toewijzing in.")
	}
	return s.change(ctx, p, id, "traject.verzoek", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepVerzoek); err != nil {
			return err
		}
		if t.Route == RouteGI && in.Ingangsdatum.Before(t.ZorgStart) {
			return refuse("De ingangsdatum ligt voor de start van de zorg in de bepaling jeugdhulp.")
		}
		now := s.now()
		r := toewijzing.VerzoekRequest{TrajectoryID: id, MunicipalityID: t.MunicipalityID, ProviderID: t.ProviderID,
			Arrangement: t.Arrangement, Intensiteit: t.Intensiteit, Ingangsdatum: in.Ingangsdatum}
		var err error
		if r.Client, err = s.Clients.InTx(ctx, tx, t.ClientID, access.View{BSN: true, Address: true}); err != nil {
			return err
		}
		if r.Step5a, r.Products, err = choice(ctx, tx, id); err != nil {
			return err
		}
		switch {
		case t.Route == RouteMedisch && t.Grondslag.Verwijzer != nil:
			r.VerwijzerType, r.VerwijzerCode = t.Grondslag.Verwijzer.Type, t.Grondslag.Verwijzer.Code
			if !agbRe.MatchString(r.VerwijzerCode) {
				// iJw carries an AGB code; a UZI number goes as the name.
				r.VerwijzerCode, r.VerwijzerNaam = "", t.Grondslag.Verwijzer.Naam
			}
		case t.Route == RouteGI:
			gi, err := organisation.Get(ctx, tx, t.ReferrerOrgID)
			if err != nil {
				return err
			}
			r.VerwijzerType, r.VerwijzerNaam = toewijzing.VerwijzerGI, gi.Name
		}
		b, err := toewijzing.Verzoek(ctx, tx, r, now)
		if err != nil {
			return err
		}
		if err := access.Link(ctx, tx, t.Case(), t.MunicipalityID, "verzoek om toewijzing", now); err != nil {
			return err
		}
		if err := s.record(ctx, tx, p, id, EventBericht, "Verzoek om toewijzing (JW315) "+b.Identificatie+" verstuurd aan "+orgName(ctx, tx, t.MunicipalityID)); err != nil {
			return err
		}
		return s.moveTo(ctx, tx, p, id, StepBesluit, "Verzoek om toewijzing ingediend; de gemeente antwoordt binnen 5 werkdagen", "verzoek_at = ?", now)
	})
}
