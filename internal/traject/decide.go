package traject

import (
	"context"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Akkoord decisions of the Toegang on a beknopt plan (step 6).
const (
	AkkoordJa          = "akkoord"
	AkkoordVerscherpen = "verscherpen" // ask the provider for a sharper result
	AkkoordVerschil    = "verschil"    // a difference of opinion, talked through
)

// ReviewInput is the Toegang's reaction to a beknopt plan.
type ReviewInput struct {
	Decision    string `json:"besluit"`
	Note        string `json:"toelichting"`
	Geldkwestie bool   `json:"geldkwestie"` // the difference is really about money: to the purchasing team
}

// Review records the akkoord, a request for a sharper plan (back to the
// provider) or a difference of opinion (stays here; a money question is
// flagged for the purchasing team).
func (s *Service) Review(ctx context.Context, p access.Principal, id int64, in ReviewInput) error {
	in.Note = strings.TrimSpace(in.Note)
	switch in.Decision {
	case AkkoordJa:
	case AkkoordVerscherpen, AkkoordVerschil:
		if in.Note == "" {
			return refuse("Licht toe wat scherper moet of waarover u van mening verschilt.")
		}
	default:
		return refuse("Kies: akkoord, verscherpen of verschil van mening.")
	}
	if len([]rune(in.Note)) > 2000 {
		return refuse("De toelichting mag hoogstens 2.000 tekens lang zijn.")
	}
	return s.change(ctx, p, id, "traject.akkoord", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepAkkoord); err != nil {
			return err
		}
		switch in.Decision {
		case AkkoordJa:
			return s.setStep(ctx, tx, id, StepAanvraag, "akkoord = ?, akkoord_note = ?, geldkwestie = ?", in.Decision, in.Note, false)
		case AkkoordVerscherpen:
			return s.setStep(ctx, tx, id, StepBeknoptPlan, "akkoord = ?, akkoord_note = ?, plan_submitted_at = NULL", in.Decision, in.Note)
		}
		return s.setStep(ctx, tx, id, StepAkkoord, "akkoord = ?, akkoord_note = ?, geldkwestie = ?", in.Decision, in.Note, in.Geldkwestie)
	})
}

// SubmitAanvraag sends the request to the back office of the responsible
// municipality, which from then on is involved in the trajectory.
func (s *Service) SubmitAanvraag(ctx context.Context, p access.Principal, id int64) error {
	return s.change(ctx, p, id, "traject.aanvraag", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepAanvraag); err != nil {
			return err
		}
		if err := access.Link(ctx, tx, t.ClientID, t.MunicipalityID, "aanvraag jeugdhulp", s.now()); err != nil {
			return err
		}
		return s.setStep(ctx, tx, id, StepBesluit, "aanvraag_at = ?", s.now())
	})
}

// Decision is the back office's decision on a request.
type Decision struct {
	Toegekend    bool      `json:"toegekend"`
	Ingangsdatum time.Time `json:"ingangsdatum"`
	Einddatum    time.Time `json:"einddatum"`
	Motivering   string    `json:"motivering"`
}

// Decide records the municipality's decision. When granted, in the same
// transaction the allocator makes the beschikking (unless the municipality
// is beschikkingsvrij for this route), the toewijzing and its JW301: all of
// it is stored, or none of it.
func (s *Service) Decide(ctx context.Context, p access.Principal, id int64, d Decision) (*Toewijzing, error) {
	d.Motivering = strings.TrimSpace(d.Motivering)
	if d.Motivering == "" {
		return nil, refuse("Motiveer het besluit.")
	}
	if d.Toegekend {
		if d.Ingangsdatum.IsZero() {
			return nil, refuse("Vul de ingangsdatum van de toewijzing in.")
		}
		if !d.Einddatum.IsZero() && d.Einddatum.Before(d.Ingangsdatum) {
			return nil, refuse("De einddatum ligt voor de ingangsdatum.")
		}
	}
	var tw *Toewijzing
	err := s.change(ctx, p, id, "traject.besluit", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepBesluit); err != nil {
			return err
		}
		if !d.Toegekend {
			return s.setStep(ctx, tx, id, StepAfgewezen, "besluit = 'afgewezen', besluit_at = ?", s.now())
		}
		if err := s.setStep(ctx, tx, id, StepToegewezen, "besluit = 'toegekend', besluit_at = ?", s.now()); err != nil {
			return err
		}
		t.Step = StepToegewezen
		got, err := s.allocator.Allocate(ctx, tx, t, d, s.now())
		if err != nil {
			return err
		}
		tw = &got
		return nil
	})
	return tw, err
}
