package levering

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// GarantieMaanden is the garantie na einde zorg (seed 001, step 12): a
// youth or family that comes back with the same complaints within 3
// calendar months after care ended is helped again inside the closed
// arrangement, without a new toewijzing and without a declaratie. Package
// declaratie refuses a declaration line for that period (retourcode 9322).
const GarantieMaanden = 3

// Who came back to the provider: the family itself or, on a GI case, as a
// rule the GI on the family's behalf (seed 001, step 12).
var GemeldDoor = []struct{ Code, Label string }{
	{"gezin", "De jeugdige of het gezin"},
	{"gi", "De gecertificeerde instelling"},
	{"verwijzer", "De verwijzer"},
}

// InGarantie reports whether care on day d lies in the garantie after care
// ended definitively on end: after that day, up to and including
// GarantieMaanden calendar months later. Package declaratie rejects a
// declaration for such care with it; HervatOnderGarantie records it.
func InGarantie(end, d time.Time) bool {
	return !end.IsZero() && d.After(end) && !d.After(end.AddDate(0, GarantieMaanden, 0))
}

func gemeldDoorLabel(code string) (string, bool) {
	for _, g := range GemeldDoor {
		if g.Code == code {
			return g.Label, true
		}
	}
	return "", false
}

// GarantieInput is a resumption of care under the garantie.
type GarantieInput struct {
	Begindatum  time.Time `json:"-"`
	GemeldDoor  string    `json:"gemeld_door"`
	Toelichting string    `json:"toelichting"`
}

// Garantie is a recorded resumption.
type Garantie struct {
	ID          int64     `json:"id"`
	EindeZorg   time.Time `json:"-"`
	Begindatum  time.Time `json:"-"`
	GemeldDoor  string    `json:"gemeld_door"`
	Toelichting string    `json:"toelichting"`
}

// GarantieTot returns the last day care on toewijzing id can resume under
// the garantie: 3 calendar months after the definitive end of care. ok is
// false while care runs or never ended definitively.
func GarantieTot(ls []Levering) (einde, tot time.Time, ok bool) {
	for _, l := range ls {
		switch l.Status {
		case Gestart, TijdelijkGestopt:
			return time.Time{}, time.Time{}, false
		case Beeindigd:
			if l.Einddatum.After(einde) {
				einde = l.Einddatum
			}
		}
	}
	if einde.IsZero() {
		return einde, einde, false
	}
	return einde, einde.AddDate(0, GarantieMaanden, 0), true // the last day InGarantie holds
}

// HervatOnderGarantie records that the provider resumed care on toewijzing
// id under the garantie na einde zorg: only its provider, only after the
// definitive end of all care on it, from a day after that end up to 3
// calendar months later and not in the future. No message goes to the
// municipality (no new toewijzing, no start on a closed arrangement) and
// nothing is declared; the case's history tells the referrer and the
// municipality. Later than 3 months a new request is needed, via the
// route the case took.
func (s *Service) HervatOnderGarantie(ctx context.Context, p access.Principal, id int64, in GarantieInput) (Garantie, error) {
	var g Garantie
	in.Toelichting = strings.TrimSpace(in.Toelichting)
	door, ok := gemeldDoorLabel(in.GemeldDoor)
	fe := FieldErrors{}
	if !ok {
		fe["gemeld_door"] = "Kies wie zich opnieuw meldde."
	}
	if n := len([]rune(in.Toelichting)); n == 0 || n > 1000 {
		fe["toelichting"] = "Beschrijf kort waarmee de jeugdige of het gezin terugkwam (hoogstens 1.000 tekens)."
	}
	if in.Begindatum.IsZero() {
		fe["begindatum"] = "Vul de datum in waarop de zorg weer begon."
	}
	if len(fe) > 0 {
		return g, fe
	}
	err := s.change(ctx, p, id, func(tx *database.Tx, t toegewezen, now time.Time) error {
		ls, err := Of(ctx, tx, id)
		if err != nil {
			return err
		}
		einde, tot, ok := GarantieTot(ls)
		if !ok {
			return refuse("Garantie na einde zorg kan pas als de zorg op deze toewijzing definitief is beëindigd (stopbericht met een andere reden dan tijdelijk).")
		}
		begin := dateOnly(in.Begindatum)
		switch {
		case !begin.After(einde):
			return FieldErrors{"begindatum": fmt.Sprintf("De zorg eindigde op %s; de hervatte zorg begint daarna.", kalender.Datum(einde))}
		case begin.After(day(now)):
			return FieldErrors{"begindatum": "Meld de hervatting als de zorg weer begonnen is; de datum ligt in de toekomst."}
		case !InGarantie(einde, begin):
			return refuse("De zorg eindigde op %s; de garantie liep tot en met %s. Voor nieuwe zorg is een nieuwe hulpvraag nodig, via dezelfde route als dit traject.",
				kalender.Datum(einde), kalender.Datum(tot))
		}
		g = Garantie{EindeZorg: einde, Begindatum: begin, GemeldDoor: in.GemeldDoor, Toelichting: in.Toelichting}
		if g.ID, err = tx.InsertID(ctx, `INSERT INTO garanties (toewijzing_id, trajectory_id, einde_zorg, begindatum, gemeld_door, toelichting, recorded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, t.trajectoryID, dateStr(einde), dateStr(begin), in.GemeldDoor, in.Toelichting, p.UserID, now.UTC()); err != nil {
			return fmt.Errorf("garantie on toewijzing %d: %w", id, err)
		}
		return record(ctx, tx, t.trajectoryID, "garantie", fmt.Sprintf("Zorg hervat onder garantie op %s (%s meldde zich opnieuw, binnen 3 maanden na het einde op %s): binnen het afgesloten arrangement, zonder nieuwe toewijzing en zonder declaratie",
			kalender.Datum(begin), strings.ToLower(door[:1])+door[1:], kalender.Datum(einde)), p.UserID, p.OrgID, now)
	})
	return g, err
}

// Garanties lists the resumptions under the garantie on toewijzing id.
func Garanties(ctx context.Context, q database.Querier, id int64) ([]Garantie, error) {
	rows, err := q.Query(ctx, "SELECT id, einde_zorg, begindatum, gemeld_door, toelichting FROM garanties WHERE toewijzing_id = ? ORDER BY id", id)
	if err != nil {
		return nil, fmt.Errorf("garanties of toewijzing %d: %w", id, err)
	}
	defer rows.Close()
	var out []Garantie
	for rows.Next() {
		var g Garantie
		var einde, begin sql.NullTime
		if err := rows.Scan(&g.ID, &einde, &begin, &g.GemeldDoor, &g.Toelichting); err != nil {
			return nil, err
		}
		g.EindeZorg, g.Begindatum = dateOnly(einde.Time), dateOnly(begin.Time)
		out = append(out, g)
	}
	return out, rows.Err()
}

// GemeldDoorLabel is the Dutch label of who came back.
func (g Garantie) GemeldDoorLabel() string {
	l, _ := gemeldDoorLabel(g.GemeldDoor)
	return l
}
