package traject

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// MaxIPVABytes caps a stored IPVA document.
const MaxIPVABytes = 256 << 10

// SaveIPVA stores a draft of the IPVA. version is the version the editor
// loaded; when someone saved in between, ErrConflict is returned and nothing
// is overwritten, so no keystroke is silently lost: the editor keeps its text
// and shows the conflict. It returns the new version.
func (s *Service) SaveIPVA(ctx context.Context, p access.Principal, id int64, version int, doc json.RawMessage) (int, error) {
	if err := checkIPVA(version, doc); err != nil {
		return 0, err
	}
	if len(doc) > MaxIPVABytes || !json.Valid(doc) {
		return 0, refuse("Het IPVA is te groot of geen geldig document; er is niets opgeslagen.")
	}
	var next int
	err := s.change(ctx, p, id, "traject.ipva", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepIPVA); err != nil {
			return err
		}
		if t.IPVAVersion != version {
			return ErrConflict
		}
		next = version + 1
		_, err := tx.Exec(ctx, "UPDATE trajectories SET ipva_json = ?, ipva_version = ?, updated_at = ? WHERE id = ? AND ipva_version = ?",
			string(doc), next, s.now(), id, version)
		return err
	})
	return next, err
}

// Signers that may sign an IPVA: the ipva package's roles.
const (
	SignerAuteur        = string(ipva.SignerAuteur)
	SignerJeugdige      = string(ipva.SignerJeugdige)
	SignerGezaghebbende = string(ipva.SignerGezaghebbende)
)

// Sign records a signature on the IPVA.
func (s *Service) Sign(ctx context.Context, p access.Principal, id int64, sg Signature) error {
	if err := s.checkSignature(ctx, p, id, &sg); err != nil {
		return err
	}
	switch sg.Signer {
	case SignerAuteur, SignerJeugdige, SignerGezaghebbende:
	default:
		return refuse("Kies wie ondertekent: auteur, jeugdige of ouder/gezaghebbende.")
	}
	if strings.TrimSpace(sg.Name) == "" || len([]rune(sg.Name)) > 200 {
		return refuse("Vul de naam van de ondertekenaar in.")
	}
	if sg.SignedOn.IsZero() || sg.SignedOn.After(s.now()) {
		return refuse("Vul de datum van ondertekening in; die ligt niet in de toekomst.")
	}
	return s.change(ctx, p, id, "traject.ondertekening", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepIPVA); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO signatures (trajectory_id, signer, name, signed_on, recorded_by) VALUES (?, ?, ?, ?, ?)",
			id, sg.Signer, strings.TrimSpace(sg.Name), dateStr(sg.SignedOn), p.UserID); err != nil {
			return err
		}
		return s.record(ctx, tx, p, id, EventOndertekening, "IPVA ondertekend door "+ipva.Signer(sg.Signer).Label()+" op "+kalender.Datum(sg.SignedOn))
	})
}

// ConsentInput records the family's consent to share with one provider.
type ConsentInput struct {
	ProviderID int64     `json:"aanbieder_id"`
	Form       string    `json:"vorm"` // mondeling of schriftelijk
	GivenBy    string    `json:"gegeven_door"`
	GivenOn    time.Time `json:"gegeven_op"`
}

// RecordConsent records consent (oral or written, by whom, when) to share
// the IPVA with a named provider.
func (s *Service) RecordConsent(ctx context.Context, p access.Principal, id int64, in ConsentInput) error {
	if err := s.checkConsent(ctx, p, id, &in); err != nil {
		return err
	}
	if in.Form != "mondeling" && in.Form != "schriftelijk" {
		return refuse("Kies of de toestemming mondeling of schriftelijk is gegeven.")
	}
	if strings.TrimSpace(in.GivenBy) == "" {
		return refuse("Vul in wie de toestemming heeft gegeven.")
	}
	if in.GivenOn.IsZero() || in.GivenOn.After(s.now()) {
		return refuse("Vul de datum van de toestemming in; die ligt niet in de toekomst.")
	}
	return s.change(ctx, p, id, "traject.toestemming", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		return s.insertConsent(ctx, tx, p, t, in)
	})
}

// insertConsent records the family's consent in the caller's transaction.
func (s *Service) insertConsent(ctx context.Context, tx *database.Tx, p access.Principal, t Trajectory, in ConsentInput) error {
	if err := mayRecordConsent(t, p); err != nil {
		return err
	}
	if err := isProvider(ctx, tx, in.ProviderID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "INSERT INTO consents (trajectory_id, provider_id, form, given_by, given_on, recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
		t.ID, in.ProviderID, in.Form, strings.TrimSpace(in.GivenBy), dateStr(in.GivenOn), p.UserID); err != nil {
		return err
	}
	return s.record(ctx, tx, p, t.ID, EventToestemming, "Toestemming ("+in.Form+") vastgelegd om het IPVA te delen met "+orgName(ctx, tx, in.ProviderID))
}

// ChooseProviderWithConsent is ChooseProvider that first records, in the
// same transaction, the family's consent to share the IPVA with that
// provider, as asked when the provider is chosen (the family chooses with
// the referrer, step 4).
func (s *Service) ChooseProviderWithConsent(ctx context.Context, p access.Principal, id, providerID int64, in ConsentInput) error {
	in.ProviderID = providerID
	if err := s.checkConsent(ctx, p, id, &in); err != nil {
		return err
	}
	if in.Form != "mondeling" && in.Form != "schriftelijk" {
		return refuse("Kies of de toestemming mondeling of schriftelijk is gegeven.")
	}
	if strings.TrimSpace(in.GivenBy) == "" {
		return refuse("Vul in wie de toestemming heeft gegeven.")
	}
	if in.GivenOn.IsZero() || in.GivenOn.After(s.now()) {
		return refuse("Vul de datum van de toestemming in; die ligt niet in de toekomst.")
	}
	return s.chooseProvider(ctx, p, id, providerID, &in)
}

// WithdrawConsent withdraws consent for a provider: from then on that
// provider sees nothing of the case, and a referral to it stops.
func (s *Service) WithdrawConsent(ctx context.Context, p access.Principal, id, providerID int64) error {
	return s.change(ctx, p, id, "traject.toestemming", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayRecordConsent(t, p); err != nil {
			return err
		}
		return s.withdrawConsent(ctx, tx, p, t, providerID, "")
	})
}

// withdrawConsent withdraws consent for a provider in the caller's
// transaction, with its effects; by says who withdrew it in the history
// (" door het gezin …"), empty for the recording professional.
func (s *Service) withdrawConsent(ctx context.Context, tx *database.Tx, p access.Principal, t Trajectory, providerID int64, by string) error {
	id := t.ID
	res, err := tx.Exec(ctx, "UPDATE consents SET withdrawn_at = ? WHERE trajectory_id = ? AND provider_id = ? AND withdrawn_at IS NULL", s.now(), id, providerID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return refuse("Er is geen geldige toestemming voor deze aanbieder om in te trekken.")
	}
	if err := s.record(ctx, tx, p, id, EventToestemming, "Toestemming ingetrokken"+by+" voor "+orgName(ctx, tx, providerID)); err != nil {
		return err
	}
	if t.Route == RouteMedisch {
		// The provider is the one referred to: withdrawing its consent
		// does not undo the referral; it records the family's wish.
		return nil
	}
	if err := access.Unlink(ctx, tx, t.Case(), providerID); err != nil {
		return err
	}
	if t.ProviderID == providerID && (t.Step == StepAcceptatie || t.Step == StepBeknoptPlan || t.Step == StepAkkoord) {
		return s.moveTo(ctx, tx, p, id, StepAanbieder, "Terug naar het kiezen van een aanbieder: de toestemming is ingetrokken",
			"provider_id = NULL, provider_status = '', ipva_shared_on = NULL")
	}
	return nil
}

func hasConsent(ctx context.Context, tx *database.Tx, id, providerID int64) (bool, error) {
	var n int
	err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM consents WHERE trajectory_id = ? AND provider_id = ? AND withdrawn_at IS NULL", id, providerID).Scan(&n)
	return n > 0, err
}

// ArrangementInput chooses the arrangement (R-ARR-1/2).
type ArrangementInput struct {
	Arrangement int                   `json:"arrangement"`
	Intensiteit int                   `json:"intensiteit"`
	Step5a      *arrangement.Step5a   `json:"stap5a,omitempty"`
	Products    []arrangement.Product `json:"producten,omitempty"`
}

// ChooseArrangement records arrangement and intensity; for zwaar and
// chronisch, step 5a must be answered, and when the care is
// hoog-specialistisch, products replace the arrangement code.
func (s *Service) ChooseArrangement(ctx context.Context, p access.Principal, id int64, in ArrangementInput) error {
	// Past the arrangement step, the same choice is a change, allowed
	// until the municipality has the request (ChangeArrangement).
	var step string
	if err := s.Gate.DB.QueryRow(ctx, "SELECT step FROM trajectories WHERE id = ?", id).Scan(&step); err == nil && Step(step) != StepArrangement {
		return s.ChangeArrangement(ctx, p, id, in)
	}
	if err := checkArrangement(in); err != nil {
		return err
	}
	if _, err := arrangement.IJwProducten(in.Arrangement, in.Intensiteit, in.Step5a, in.Products); err != nil {
		return refuse(err.Error())
	}
	s5, _ := json.Marshal(in.Step5a)
	prods, _ := json.Marshal(in.Products)
	return s.change(ctx, p, id, "traject.arrangement", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepArrangement); err != nil {
			return err
		}
		next, _ := routeAfter(t, StepArrangement)
		return s.moveTo(ctx, tx, p, id, next, "Arrangement gekozen: "+arrangementText(in.Arrangement, in.Intensiteit, in.Step5a, in.Products),
			"arrangement = ?, intensiteit = ?, step5a_json = ?, products_json = ?", in.Arrangement, in.Intensiteit, string(s5), string(prods))
	})
}

// ChooseProvider chooses the provider with the family and shares the IPVA
// with it. Without valid consent for that provider the step is refused and
// the provider sees nothing.
func (s *Service) ChooseProvider(ctx context.Context, p access.Principal, id, providerID int64) error {
	return s.chooseProvider(ctx, p, id, providerID, nil)
}

func (s *Service) chooseProvider(ctx context.Context, p access.Principal, id, providerID int64, consent *ConsentInput) error {
	if err := checkProvider(providerID); err != nil {
		return err
	}
	return s.change(ctx, p, id, "traject.aanbieder", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepAanbieder); err != nil {
			return err
		}
		if err := isProvider(ctx, tx, providerID); err != nil {
			return err
		}
		if consent != nil && t.Route != RouteGI {
			if err := s.insertConsent(ctx, tx, p, t, *consent); err != nil {
				return err
			}
		}
		ok, err := hasConsent(ctx, tx, id, providerID)
		if err != nil {
			return err
		}
		if !ok && t.Route != RouteGI {
			return refuse("Er is geen toestemming van het gezin om het IPVA met deze aanbieder te delen. Leg eerst de toestemming vast.")
		}
		delivers, err := organisation.Delivers(ctx, tx, providerID, t.Arrangement)
		if err != nil {
			return err
		}
		if !delivers {
			return refuse("Deze aanbieder levert het gekozen arrangement niet; kies een aanbieder uit de Wegwijzer.")
		}
		why := "IPVA gedeeld met toestemming"
		if t.Route == RouteGI {
			why = "IPVA gedeeld op grond van de maatregel"
		}
		if err := access.Link(ctx, tx, t.Case(), providerID, why, s.now()); err != nil {
			return err
		}
		return s.moveTo(ctx, tx, p, id, StepAcceptatie, "Aanbieder gekozen en IPVA gedeeld: "+orgName(ctx, tx, providerID),
			"provider_id = ?, provider_status = 'gevraagd', provider_reason = '', ipva_shared_on = ?", providerID, dateStr(s.now()))
	})
}

// Respond is the provider's answer to a referral: accept, or decline with a
// reason (the trajectory goes back to choosing a provider).
func (s *Service) Respond(ctx context.Context, p access.Principal, id int64, accept bool, reason string) error {
	reason = strings.TrimSpace(reason)
	if !accept && reason == "" {
		return refuse("Geef een reden waarom u de verwijzing afwijst.")
	}
	return s.change(ctx, p, id, "traject.acceptatie", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepAcceptatie); err != nil {
			return err
		}
		if accept {
			return s.moveTo(ctx, tx, p, id, StepBeknoptPlan, "Verwijzing geaccepteerd door "+p.OrgName, "provider_status = 'geaccepteerd'")
		}
		if err := access.Unlink(ctx, tx, t.Case(), t.ProviderID); err != nil {
			return err
		}
		return s.moveTo(ctx, tx, p, id, StepAanbieder, "Verwijzing afgewezen door "+p.OrgName+": "+reason,
			"provider_status = 'afgewezen', provider_reason = ?, provider_id = NULL, ipva_shared_on = NULL", reason)
	})
}

// mayRecordConsent: consent is the family's, recorded by the organisation
// that writes the IPVA with them on this route (the referrer on the Toegang
// and GI routes, the provider on the medical route), in the role the
// route's table names for the IPVA step.
func mayRecordConsent(t Trajectory, p access.Principal) error {
	d, _ := RouteOf(t.Route)
	sd, _ := d.StepOf(StepIPVA)
	if t.owner(sd.Party) != p.OrgID || !p.Has(sd.Role) {
		return refuse("Alleen wie het IPVA met het gezin opstelt legt de toestemming van het gezin vast.")
	}
	return nil
}

// routeAfter is the step after step on t's route.
func routeAfter(t Trajectory, step Step) (Step, bool) {
	d, _ := RouteOf(t.Route)
	return d.After(step)
}

// orgName is the name of an organisation, for history events; "" when it
// cannot be read (the event then names no organisation).
func orgName(ctx context.Context, tx *database.Tx, id int64) string {
	o, err := organisation.Get(ctx, tx, id)
	if err != nil {
		return ""
	}
	return o.Name
}

// arrangementText describes a choice of arrangement for the history.
func arrangementText(a, in int, s5 *arrangement.Step5a, ps []arrangement.Product) string {
	products, err := arrangement.IJwProducten(a, in, s5, ps)
	if err != nil || len(products) == 0 {
		return fmt.Sprintf("arrangement %d, intensiteit %d", a, in)
	}
	var codes []string
	for _, p := range products {
		codes = append(codes, p.Code)
	}
	return fmt.Sprintf("arrangement %d, intensiteit %d (%s)", a, in, strings.Join(codes, ", "))
}
