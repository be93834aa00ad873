package declaratie

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// ErrOnbekend: a JW325 answers no declaratie the provider sent.
var ErrOnbekend = errors.New("declaratie: het antwoord hoort bij geen verzonden declaratie")

// HandleJW325 is the provider's handler of a received JW325 (the exchange's
// handler signature): the declaratie it answers gets the approved total and
// each line its outcome, the rejected ones with their retourcode and
// reason; an approved credit marks the debit it cancels as credited. A
// JW325 of a declaratie not made on this platform changes nothing.
func HandleJW325(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	if err := Default.HandleJW325(ctx, tx, b, m); !errors.Is(err, ErrOnbekend) {
		return err
	}
	return nil
}

// HandleJW325 records a JW325; see the package function.
func (s *Service) HandleJW325(ctx context.Context, tx *database.Tx, _ berichten.Bericht, m ijw.Message) error {
	a, ok := m.(*ijw.JW325)
	if !ok {
		return fmt.Errorf("declaratie: HandleJW325 got a %s", m.MessageType())
	}
	aanbieder := a.Header.Ontvanger
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM declaraties WHERE kant = ? AND aanbieder = ? AND identificatie = ? ORDER BY id DESC LIMIT 1",
		KantAanbieder, aanbieder, a.Header.DeclaratieIdentificatie.Identificatie).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s van %s", ErrOnbekend, a.Header.DeclaratieIdentificatie.Identificatie, aanbieder)
	}
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, "SELECT "+regelCols+" FROM declaratieregels WHERE declaratie_id = ? ORDER BY id", id)
	if err != nil {
		return err
	}
	regels, err := scanRegels(rows)
	if err != nil {
		return err
	}
	rejected := map[string][]string{}
	var whole []string
	toegekend := int64(0)
	if da := a.DeclaratieAntwoord; da == nil {
		whole = a.Header.RetourCodes.RetourCode
	} else {
		toegekend = signedTotaal(da.TotaalToegekendBedrag)
		if c := da.RetourCodes.RetourCode; len(c) > 0 && c[0] != ijw.CodeVolledigToegekend && c[0] != ijw.CodeGeenOpmerking {
			whole = c
		}
		if da.Clienten != nil {
			for _, c := range da.Clienten.Client {
				for _, p := range c.Prestaties.Prestatie {
					rejected[p.ProductReferentie.ReferentieNummer] = p.RetourCodes.RetourCode
				}
			}
		}
	}
	status := Beantwoord
	if len(whole) > 0 {
		status = Afgewezen
	}
	for _, r := range regels {
		codes, no := rejected[r.Referentie]
		if len(whole) > 0 {
			codes, no = whole, true
		}
		if no {
			if len(codes) == 0 {
				codes = []string{ijw.CodeNietBeoordeeld}
			}
			_, err = tx.Exec(ctx, "UPDATE declaratieregels SET status = ?, retourcode = ?, reden = ? WHERE id = ?", Afgewezen, strings.Join(codes, ","), Reden(codes[0]), r.ID)
		} else {
			_, err = tx.Exec(ctx, "UPDATE declaratieregels SET status = ? WHERE id = ?", Goedgekeurd, r.ID)
			if err == nil && r.DebetCredit == "C" {
				_, err = tx.Exec(ctx, "UPDATE declaratieregels SET status = ? WHERE kant = ? AND aanbieder = ? AND referentie = ? AND debet_credit = 'D'",
					Gecrediteerd, KantAanbieder, aanbieder, r.VorigeReferentie)
			}
		}
		if err != nil {
			return fmt.Errorf("record outcome of line %s: %w", r.Referentie, err)
		}
	}
	codes := a.Header.RetourCodes.RetourCode
	if a.DeclaratieAntwoord != nil {
		codes = a.DeclaratieAntwoord.RetourCodes.RetourCode
	}
	_, err = tx.Exec(ctx, "UPDATE declaraties SET toegekend = ?, status = ?, retourcodes = ?, answered_at = ? WHERE id = ?", toegekend, status, strings.Join(codes, ","), s.now().UTC(), id)
	return err
}
