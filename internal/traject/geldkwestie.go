package traject

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// MoneyQuestion is a difference of opinion about money on a beknopt plan,
// for the region's purchasing team (step 6). It carries no data about the
// youth: the trajectory number, the provider, the arrangement and the
// Toegang's note about the money question.
type MoneyQuestion struct {
	TrajectoryID int64
	Municipality string
	Provider     string
	Arrangement  int
	Intensiteit  int
	Note         string
	Since        time.Time
}

// MoneyQuestions lists the open money questions for the purchasing team.
func (s *Service) MoneyQuestions(ctx context.Context, p access.Principal) ([]MoneyQuestion, error) {
	if !p.Has(access.Inkoop) {
		return nil, nil
	}
	rows, err := s.Gate.DB.Query(ctx, `SELECT t.id, m.name, COALESCE(pr.name, ''), COALESCE(t.arrangement, 0), COALESCE(t.intensiteit, 0), t.akkoord_note, t.updated_at
		FROM trajectories t JOIN organisations m ON m.id = t.municipality_id LEFT JOIN organisations pr ON pr.id = t.provider_id
		WHERE t.geldkwestie = ? AND t.step = 'akkoord' ORDER BY t.updated_at`, true)
	if err != nil {
		return nil, fmt.Errorf("money questions: %w", err)
	}
	defer rows.Close()
	var out []MoneyQuestion
	for rows.Next() {
		var q MoneyQuestion
		if err := rows.Scan(&q.TrajectoryID, &q.Municipality, &q.Provider, &q.Arrangement, &q.Intensiteit, &q.Note, &q.Since); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// Outcomes of a money question, as the purchasing team records them.
const (
	GeldBinnenArrangement = "binnen_arrangement" // the care fits the arrangement's tariff
	GeldAfspraak          = "afspraak"           // an additional agreement with the provider
	GeldAnderArrangement  = "ander_arrangement"  // the arrangement does not fit: the referrer chooses again
)

// GeldUitkomsten lists the outcomes with their Dutch labels.
var GeldUitkomsten = []struct{ Code, Label string }{
	{GeldBinnenArrangement, "Past binnen het arrangement: de aanbieder levert tegen het tarief van het arrangement"},
	{GeldAfspraak, "Aanvullende afspraak met de aanbieder gemaakt"},
	{GeldAnderArrangement, "Het arrangement past niet: de verwijzer kiest een ander arrangement of een andere aanbieder"},
}

// GeldUitkomstLabel is the Dutch label of an outcome.
func GeldUitkomstLabel(code string) string {
	for _, u := range GeldUitkomsten {
		if u.Code == code {
			return u.Label
		}
	}
	return code
}

// MoneyOutcome is the purchasing team's answer to a money question.
type MoneyOutcome struct {
	Uitkomst    string `json:"uitkomst"`
	Toelichting string `json:"toelichting"`
}

// SettleMoneyQuestion records the purchasing team's outcome of the open
// money question on trajectory id: the question leaves the team's list and
// the referrer, whose akkoord is still open, reads the outcome on the case
// page and in the history. The team is not linked to the trajectory and
// sees no data about the youth; what it writes is the outcome, so this runs
// outside the access gate, in one transaction with its history entry.
func (s *Service) SettleMoneyQuestion(ctx context.Context, p access.Principal, id int64, in MoneyOutcome) error {
	if !p.Has(access.Inkoop) {
		return refuse("Alleen het inkoopteam handelt een geldkwestie af.")
	}
	in.Toelichting = strings.TrimSpace(in.Toelichting)
	fe := client.FieldErrors{}
	if GeldUitkomstLabel(in.Uitkomst) == in.Uitkomst {
		fe["uitkomst"] = "Kies de uitkomst van de geldkwestie."
	}
	if n := len([]rune(in.Toelichting)); n == 0 || n > 2000 {
		fe["toelichting"] = "Licht de uitkomst toe voor de verwijzer (hoogstens 2.000 tekens)."
	}
	if len(fe) > 0 {
		return invalidInput(fe)
	}
	return s.Gate.DB.Do(ctx, func(tx *database.Tx) error {
		var open bool
		var step string
		err := tx.QueryRow(ctx, "SELECT geldkwestie, step FROM trajectories WHERE id = ?", id).Scan(&open, &step)
		if err != nil || !open || Step(step) != StepAkkoord {
			return refuse("Deze geldkwestie is al afgehandeld of bestaat niet.")
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE trajectories SET geldkwestie = ?, geldkwestie_uitkomst = ?, geldkwestie_toelichting = ?, geldkwestie_at = ?, updated_at = ? WHERE id = ?`,
			false, in.Uitkomst, in.Toelichting, now, now, id); err != nil {
			return fmt.Errorf("settle money question of trajectory %d: %w", id, err)
		}
		return s.record(ctx, tx, p, id, EventStap, "Geldkwestie afgehandeld door het inkoopteam: "+GeldUitkomstLabel(in.Uitkomst))
	})
}
