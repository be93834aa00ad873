package levering

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// Result tells what a start, stop or correction did: the leveringen it
// wrote, and a warning (not a refusal) when the message went out later
// than its term.
type Result struct {
	Leveringen   []Levering
	Waarschuwing string
}

// change runs fn for the provider of toewijzing id as one logged gate
// transaction. Only the toewijzing's provider, as a jeugdhulpaanbieder,
// passes; any other organisation linked to the case is refused with a
// reason, one that is not linked does not find it.
func (s *Service) change(ctx context.Context, p access.Principal, id int64, fn func(tx *database.Tx, t toegewezen, now time.Time) error) error {
	c, err := s.caseOf(ctx, id)
	if err != nil {
		return err
	}
	return mapErr(s.Gate.Trajectory(ctx, p, c, access.Op{Action: access.Wijzigen, Object: "levering", Purpose: purpose(p, access.Hulpverlening)},
		func(tx *database.Tx, _ access.View) error {
			t, err := loadToewijzing(ctx, tx, id)
			if err != nil {
				return err
			}
			if t.tw.ProviderID != p.OrgID || !p.Has(access.Jeugdhulpaanbieder) {
				return refuse("Alleen de aanbieder van deze toewijzing meldt de start en de stop van de zorg.")
			}
			return fn(tx, t, s.now())
		}))
}

// checkBegin checks a begin date against the day it is reported and the
// product's period; the field errors name field.
func checkBegin(fe FieldErrors, field string, begin, today time.Time, pr product) {
	switch {
	case begin.IsZero():
		fe[field] = "Vul de datum in waarop de zorg begon."
	case begin.After(today):
		// OP011: a start is reported only after care began.
		fe[field] = "De zorg is nog niet begonnen. Meld de start pas als de zorg begonnen is."
	case begin.Before(pr.ingangsdatum):
		fe[field] = "De zorg kan niet beginnen voor de ingangsdatum van de toewijzing, " + kalender.Datum(pr.ingangsdatum) + "."
	case !pr.einddatum.IsZero() && begin.After(pr.einddatum):
		fe[field] = "De zorg kan niet beginnen na de einddatum van de toewijzing, " + kalender.Datum(pr.einddatum) + "."
	}
}

// startWarning is the warning for a JW305 sent at now for care that began
// on begin: later than 5 working days after the start, or, when the
// JW301 came after the start (a toewijzing with terugwerkende kracht),
// after receiving it (OP271).
func (s *Service) startWarning(begin, received, now time.Time) string {
	from := amsterdamDate(begin)
	if !received.IsZero() && kalender.Day(received).After(from) {
		from = kalender.Day(received)
	}
	due := s.Cal.Due(from, Term)
	if s.Cal.Overdue(due, now) {
		return fmt.Sprintf("Let op: de start is later gemeld dan 5 werkdagen na de start van de zorg (uiterlijk %s, OP271).", kalender.Datum(due))
	}
	return ""
}

// stopWarning is the warning for a JW307 sent at now for care that ended
// on end (OP272).
func (s *Service) stopWarning(end, now time.Time) string {
	due := s.Cal.Due(amsterdamDate(end), Term)
	if s.Cal.Overdue(due, now) {
		return fmt.Sprintf("Let op: de stop is later gemeld dan 5 werkdagen na het einde van de zorg (uiterlijk %s, OP272).", kalender.Datum(due))
	}
	return ""
}

// amsterdamDate is midnight Amsterdam of the calendar day date d names
// (dates are kept as midnight UTC).
func amsterdamDate(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, kalender.Amsterdam())
}

// Start reports that care on toewijzing id began on begindatum: a
// levering per toegewezen product that has no current start, and one
// JW305 (StatusAanlevering 1) carrying them, in one transaction; the
// provider's obligation to report the start is fulfilled. Only the
// toewijzing's provider starts, only once care began (OP011: not in the
// future), within the toewijzing's period, and one current start per
// product (TR326).
func (s *Service) Start(ctx context.Context, p access.Principal, id int64, begindatum time.Time) (Result, error) {
	var res Result
	err := s.change(ctx, p, id, func(tx *database.Tx, t toegewezen, now time.Time) error {
		begin := dateOnly(begindatum)
		if begindatum.IsZero() {
			begin = time.Time{}
		}
		prs, err := t.products()
		if err != nil {
			return err
		}
		fe := FieldErrors{}
		for _, pr := range prs {
			checkBegin(fe, "begindatum", begin, day(now), pr)
		}
		if len(fe) > 0 {
			return fe
		}
		var lines []line
		for _, pr := range prs {
			if cur, ok, err := current(ctx, tx, pr); err != nil {
				return err
			} else if ok {
				if len(prs) == 1 {
					return refuse("De zorg is al gestart op %s. Meld eerst de stop, of corrigeer de begindatum.", kalender.Datum(cur.Begindatum))
				}
				continue
			}
			if old, ok, err := byKey(ctx, tx, pr.nummer, pr.categorie, pr.code, begin); err != nil {
				return err
			} else if ok {
				return refuse("Er is al een start van de zorg op %s gemeld (%s); kies een andere begindatum.", kalender.Datum(old.Begindatum), old.Status.Label())
			}
			lines = append(lines, line{l: Levering{ToewijzingID: t.tw.ID, TrajectoryID: t.trajectoryID, ToewijzingNummer: pr.nummer,
				ProductCategorie: pr.categorie, ProductCode: pr.code, ToewijzingIngangsdatum: pr.ingangsdatum, Begindatum: begin,
				Status: Gestart, Bron: BronAanbieder}, status: eersteAanlevering})
		}
		if len(lines) == 0 {
			return refuse("De zorg is voor elk product van deze toewijzing al gestart. Meld eerst de stop.")
		}
		warn := s.startWarning(begin, s.received(ctx, tx, t), now)
		ls, err := s.writeStart(ctx, tx, t, lines, warn, now)
		if err != nil {
			return err
		}
		if err := werk.FulfilKind(ctx, tx, t.trajectoryID, KindStart, p.UserID, now); err != nil {
			return err
		}
		if err := record(ctx, tx, t.trajectoryID, "levering_gemeld", "Start van de zorg op "+kalender.Datum(begin)+" gemeld aan de gemeente (JW305)", p.UserID, p.OrgID, now); err != nil {
			return err
		}
		res = Result{Leveringen: ls, Waarschuwing: warn}
		return nil
	})
	return res, err
}

// received is when the provider received the toewijzing (its JW301 was
// written), the start of the term for a toewijzing with terugwerkende
// kracht (OP271).
func (s *Service) received(ctx context.Context, tx *database.Tx, t toegewezen) time.Time {
	var at time.Time
	if err := tx.QueryRow(ctx, "SELECT created_at FROM toewijzingen WHERE id = ?", t.tw.ID).Scan(&at); err != nil {
		return time.Time{}
	}
	return at
}

// current returns the product's current start (no stop yet).
func current(ctx context.Context, tx *database.Tx, pr product) (Levering, bool, error) {
	l, err := scan(tx.QueryRow(ctx, "SELECT "+cols+" FROM leveringen WHERE toewijzing_nummer = ? AND product_categorie = ? AND product_code = ? AND status = ?",
		pr.nummer, pr.categorie, pr.code, string(Gestart)))
	if err == database.ErrNoRows {
		return l, false, nil
	}
	return l, err == nil, err
}

// writeStart sends the JW305 of lines (deletions and new starts) and
// applies them to the table.
func (s *Service) writeStart(ctx context.Context, tx *database.Tx, t toegewezen, lines []line, warn string, now time.Time) ([]Levering, error) {
	// Deletions first: a corrected start takes the place of the old one.
	for _, ln := range lines {
		if ln.status == verwijderen {
			if _, err := tx.Exec(ctx, "UPDATE leveringen SET status = ?, updated_at = ? WHERE id = ?", string(Verwijderd), now.UTC(), ln.l.ID); err != nil {
				return nil, fmt.Errorf("delete levering %d: %w", ln.l.ID, err)
			}
		}
	}
	ident, err := nextIdent(ctx, tx, t, ijw.TypeJW305, "ST")
	if err != nil {
		return nil, err
	}
	b, err := send(ctx, tx, t, buildJW305(t, ident, lines, now), now)
	if err != nil {
		return nil, err
	}
	var out []Levering
	for _, ln := range lines {
		if ln.status != eersteAanlevering {
			continue
		}
		l := ln.l
		l.StartBerichtID, l.StartWaarschuwing = b.ID, warn
		if l.ID, err = insert(ctx, tx, l, now); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// nextIdent is the BerichtIdentificatie of the next message of type typ on
// the toewijzing's trajectory.
func nextIdent(ctx context.Context, tx *database.Tx, t toegewezen, typ ijw.MessageType, prefix string) (string, error) {
	return berichten.Next(ctx, tx, t.trajectoryID, typ, prefix)
}

// StopInput is a stop of care: the last day of care and the reason
// (JZ588; 20 is a temporary stop).
type StopInput struct {
	Einddatum time.Time
	Reden     string
}

func validReden(code string) bool {
	for _, r := range Redenen {
		if r.Code == code {
			return true
		}
	}
	return false
}

// Stop reports that care on toewijzing id ended on einddatum for reden: a
// JW307 for every product whose care runs (or, for a definitive reason,
// stopped for a while without a new start: OP377), in one transaction.
// A stop needs a start (TR382); after a temporary stop the next stop
// without a new start is definitive (TR413) and ends no earlier (TR414);
// a start is stopped definitively once (TR415). The end date is not in the
// future and not before the start (TR018).
func (s *Service) Stop(ctx context.Context, p access.Principal, id int64, in StopInput) (Result, error) {
	var res Result
	err := s.change(ctx, p, id, func(tx *database.Tx, t toegewezen, now time.Time) error {
		end := dateOnly(in.Einddatum)
		fe := FieldErrors{}
		switch {
		case in.Einddatum.IsZero():
			fe["einddatum"] = "Vul de laatste dag van de zorg in."
		case end.After(day(now)):
			fe["einddatum"] = "De zorg is nog niet gestopt. Meld de stop pas als de zorg gestopt is."
		}
		if !validReden(in.Reden) {
			fe["reden"] = "Kies de reden van de stop."
		}
		if len(fe) > 0 {
			return fe
		}
		ls, err := Of(ctx, tx, t.tw.ID)
		if err != nil {
			return err
		}
		var lines []line
		var temporary []Levering
		for _, l := range ls {
			switch l.Status {
			case Gestart:
				lines = append(lines, line{l: l, status: eersteAanlevering})
			case TijdelijkGestopt:
				temporary = append(temporary, l)
			}
		}
		if len(lines) == 0 && len(temporary) > 0 {
			if in.Reden == RedenTijdelijk {
				return refuse("De zorg is al tijdelijk gestopt. Meld een definitieve stop, of meld eerst dat de zorg weer gestart is (TR413).")
			}
			for _, l := range temporary {
				if end.Before(l.Einddatum) {
					return fieldErr("einddatum", "De definitieve stop ligt niet voor de tijdelijke stop van "+kalender.Datum(l.Einddatum)+" (TR414).")
				}
				lines = append(lines, line{l: l, status: eersteAanlevering})
			}
		}
		if len(lines) == 0 {
			return refuse("Er is geen gestarte zorg om te stoppen. Meld eerst de start van de zorg (TR382).")
		}
		for i := range lines {
			l := &lines[i].l
			if end.Before(l.Begindatum) {
				return fieldErr("einddatum", "De zorg kan niet stoppen voor de start van "+kalender.Datum(l.Begindatum)+".")
			}
			l.Einddatum, l.RedenBeeindiging = end, in.Reden
		}
		warn := ""
		if len(temporary) == 0 {
			warn = s.stopWarning(end, now)
		}
		out, err := s.writeStop(ctx, tx, t, lines, warn, now)
		if err != nil {
			return err
		}
		what := "Stop van de zorg op " + kalender.Datum(end) + " (" + RedenLabel(in.Reden) + ") gemeld aan de gemeente (JW307)"
		if err := record(ctx, tx, t.trajectoryID, "levering_gemeld", what, p.UserID, p.OrgID, now); err != nil {
			return err
		}
		res = Result{Leveringen: out, Waarschuwing: warn}
		return nil
	})
	return res, err
}

// fieldErr is one field's message as an error.
func fieldErr(field, msg string) error { return FieldErrors{field: msg} }

// writeStop sends the JW307 of lines and applies them: a new stop (1)
// sets the levering's end and status; a deletion (3) brings back the
// state before that stop.
func (s *Service) writeStop(ctx context.Context, tx *database.Tx, t toegewezen, lines []line, warn string, now time.Time) ([]Levering, error) {
	ident, err := nextIdent(ctx, tx, t, ijw.TypeJW307, "SP")
	if err != nil {
		return nil, err
	}
	b, err := send(ctx, tx, t, buildJW307(t, ident, lines, now), now)
	if err != nil {
		return nil, err
	}
	state := map[int64]Levering{}
	var order []int64
	for _, ln := range lines {
		l, seen := state[ln.l.ID]
		if !seen {
			if l, err = get(ctx, tx, ln.l.ID); err != nil {
				return nil, err
			}
			order = append(order, l.ID)
		}
		state[l.ID] = applyStop(l, ln, b.ID, warn)
	}
	var out []Levering
	for _, id := range order {
		l := state[id]
		if err := save(ctx, tx, l, now); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// applyStop is l after the stop line ln: a new stop (1) sets the end,
// the reason and the status, keeping a temporary stop that a definitive
// one follows (OP377); a deletion (3) brings back the state before the
// stop it deletes.
func applyStop(l Levering, ln line, msgID int64, warn string) Levering {
	if ln.status == verwijderen {
		if l.Status == Beeindigd && !l.TijdelijkEinddatum.IsZero() {
			l.Einddatum, l.RedenBeeindiging, l.TijdelijkEinddatum, l.Status = l.TijdelijkEinddatum, RedenTijdelijk, time.Time{}, TijdelijkGestopt
		} else {
			l.Einddatum, l.RedenBeeindiging, l.Status = time.Time{}, "", Gestart
		}
		l.StopBerichtID, l.StopWaarschuwing = msgID, ""
		return l
	}
	if l.Status == TijdelijkGestopt && ln.l.RedenBeeindiging != RedenTijdelijk {
		l.TijdelijkEinddatum = l.Einddatum
	}
	l.Einddatum, l.RedenBeeindiging = ln.l.Einddatum, ln.l.RedenBeeindiging
	l.Status = Beeindigd
	if l.RedenBeeindiging == RedenTijdelijk {
		l.Status = TijdelijkGestopt
	}
	l.StopBerichtID, l.StopWaarschuwing = msgID, warn
	l.GemeenteStopAt = time.Time{}
	return l
}

// leveringOf reads levering lid and checks that it belongs to the
// toewijzing.
func leveringOf(ctx context.Context, tx *database.Tx, t toegewezen, lid int64) (Levering, error) {
	l, err := get(ctx, tx, lid)
	if err != nil {
		return l, err
	}
	if l.ToewijzingID != t.tw.ID {
		return l, ErrNotFound
	}
	if l.Status == Verwijderd {
		return l, refuse("Deze start is al verwijderd; corrigeer de start die ervoor in de plaats kwam.")
	}
	return l, nil
}

// CorrectStart corrects the begin date of levering lid of toewijzing id:
// a JW305 deletes the old start (StatusAanlevering 3) and a second one
// sends the new start (1), in one transaction (IV008). A start with a stop is
// corrected after its stop is deleted (TR071): correct the stop first, or
// delete it with CorrectStop. (A change of only the
// ToewijzingIngangsdatum, which IV008 sends as two messages, does not
// occur: it is copied from the JW301.)
func (s *Service) CorrectStart(ctx context.Context, p access.Principal, id, lid int64, begindatum time.Time) (Result, error) {
	var res Result
	err := s.change(ctx, p, id, func(tx *database.Tx, t toegewezen, now time.Time) error {
		old, err := leveringOf(ctx, tx, t, lid)
		if err != nil {
			return err
		}
		if old.Status != Gestart {
			return refuse("Deze levering heeft al een stop. Verwijder eerst de stop; dan kan de start worden gecorrigeerd (TR071).")
		}
		begin := dateOnly(begindatum)
		if begindatum.IsZero() {
			begin = time.Time{}
		}
		prs, err := t.products()
		if err != nil {
			return err
		}
		fe := FieldErrors{}
		for _, pr := range prs {
			if pr.nummer == old.ToewijzingNummer {
				checkBegin(fe, "begindatum", begin, day(now), pr)
			}
		}
		if len(fe) > 0 {
			return fe
		}
		if begin.Equal(old.Begindatum) {
			return fieldErr("begindatum", "Dit is al de begindatum van deze start.")
		}
		nu := old
		nu.ID, nu.Begindatum, nu.Status, nu.Bron, nu.GemeenteStartAt = 0, begin, Gestart, BronAanbieder, time.Time{}
		warn := s.startWarning(begin, s.received(ctx, tx, t), now)
		// Deletion and new start go in two messages, the deletion first
		// (IV008 allows both forms). The municipality's cross-message
		// checks (package ijw, as this platform's receiver applies them)
		// judge each line against earlier messages only, so a new start
		// beside the deletion of the current one would be rejected there
		// (TR326).
		if _, err := s.writeStart(ctx, tx, t, []line{{l: old, status: verwijderen}}, "", now); err != nil {
			return err
		}
		ls, err := s.writeStart(ctx, tx, t, []line{{l: nu, status: eersteAanlevering}}, warn, now)
		if err != nil {
			return err
		}
		what := "Start van de zorg gecorrigeerd van " + kalender.Datum(old.Begindatum) + " naar " + kalender.Datum(begin) + " (JW305: verwijderen en opnieuw)"
		if err := record(ctx, tx, t.trajectoryID, "levering_gemeld", what, p.UserID, p.OrgID, now); err != nil {
			return err
		}
		res = Result{Leveringen: ls, Waarschuwing: warn}
		return nil
	})
	return res, err
}

// CorrectStop corrects the last stop of levering lid of toewijzing id: a
// JW307 deletes it (StatusAanlevering 3) and, unless in is zero (only
// delete), a second one sends the corrected stop (1). Deleting a definitive stop that
// followed a temporary one brings the temporary one back.
func (s *Service) CorrectStop(ctx context.Context, p access.Principal, id, lid int64, in StopInput) (Result, error) {
	var res Result
	err := s.change(ctx, p, id, func(tx *database.Tx, t toegewezen, now time.Time) error {
		old, err := leveringOf(ctx, tx, t, lid)
		if err != nil {
			return err
		}
		if old.Status != Beeindigd && old.Status != TijdelijkGestopt {
			return refuse("Deze levering heeft geen stop om te corrigeren.")
		}
		lines := []line{{l: old, status: verwijderen}}
		what := "Stop van de zorg op " + kalender.Datum(old.Einddatum) + " verwijderd (JW307)"
		warn := ""
		if !in.Einddatum.IsZero() || in.Reden != "" {
			end := dateOnly(in.Einddatum)
			fe := FieldErrors{}
			switch {
			case in.Einddatum.IsZero():
				fe["einddatum"] = "Vul de laatste dag van de zorg in."
			case end.After(day(now)):
				fe["einddatum"] = "De zorg is nog niet gestopt. Meld de stop pas als de zorg gestopt is."
			case end.Before(old.Begindatum):
				fe["einddatum"] = "De zorg kan niet stoppen voor de start van " + kalender.Datum(old.Begindatum) + "."
			}
			if !validReden(in.Reden) {
				fe["reden"] = "Kies de reden van de stop."
			}
			if len(fe) > 0 {
				return fe
			}
			prev := applyStop(old, line{l: old, status: verwijderen}, 0, "")
			if prev.Status == TijdelijkGestopt {
				if in.Reden == RedenTijdelijk {
					return refuse("Na de tijdelijke stop van %s volgt een definitieve stop (TR413).", kalender.Datum(prev.Einddatum))
				}
				if end.Before(prev.Einddatum) {
					return fieldErr("einddatum", "De definitieve stop ligt niet voor de tijdelijke stop van "+kalender.Datum(prev.Einddatum)+" (TR414).")
				}
			}
			if end.Equal(old.Einddatum) && in.Reden == old.RedenBeeindiging {
				return refuse("Dit is al de stop van deze levering.")
			}
			nu := old
			nu.Einddatum, nu.RedenBeeindiging = end, in.Reden
			lines = append(lines, line{l: nu, status: eersteAanlevering})
			what = "Stop van de zorg gecorrigeerd naar " + kalender.Datum(end) + " (" + RedenLabel(in.Reden) + ") (JW307: verwijderen en opnieuw)"
			warn = s.stopWarning(end, now)
		}
		if len(lines) == 2 {
			// The deletion and the new stop go in two messages, the
			// deletion first: IV008 asks it when only the Einddatum
			// changes (no part of the stop's key), and otherwise the
			// municipality's checks would judge the new stop against the
			// one being deleted (TR415, TR413), as with CorrectStart.
			if _, err := s.writeStop(ctx, tx, t, lines[:1], "", now); err != nil {
				return err
			}
			lines = lines[1:]
		}
		ls, err := s.writeStop(ctx, tx, t, lines, warn, now)
		if err != nil {
			return err
		}
		if err := record(ctx, tx, t.trajectoryID, "levering_gemeld", what, p.UserID, p.OrgID, now); err != nil {
			return err
		}
		res = Result{Leveringen: ls, Waarschuwing: warn}
		return nil
	})
	return res, err
}

// List returns the leveringen of toewijzing id to whoever may read the
// case (the provider, the municipality, the referrer), logged as a read.
func (s *Service) List(ctx context.Context, p access.Principal, id int64, purp access.Purpose) ([]Levering, error) {
	c, err := s.caseOf(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []Levering
	err = s.Gate.TrajectoryRead(ctx, p, c, access.Op{Action: access.Lezen, Object: "levering", Purpose: purp}, func(tx *database.Tx, _ access.View) error {
		var err error
		out, err = Of(ctx, tx, id)
		return err
	})
	return out, mapErr(err)
}
