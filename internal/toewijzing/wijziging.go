package toewijzing

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// A verzoek om wijziging (VOW, JW317; SPEC.md §3.3) is the provider's
// request, while care runs, to change the toewijzing: here its end date,
// the change an output-based arrangement knows (one piece for the whole
// period, so the volume does not change). The JW317 lists every current
// product of the toewijzing as TeWijzigenProduct with the new end date
// and, since the Frequentie is 6 (for the whole period), its original
// Ingangsdatum (TR373). The municipality's receipt records it
// (HandleJW317) and puts the decision on the back office's Mijn werk, due
// in 5 working days (OP346). It honours the request as a whole (Wijzig: a
// JW301 with the VOW's reference on every product and RedenWijziging 12
// on the changed ones, and a new beschikking where the first had one) or
// refuses it with a JW319 (WeigerWijziging); it may not alter what was
// asked (OP348).
//
// A toewijzing whose end date has passed is no longer current and cannot be
// changed (TR351): the provider is told so before anything is sent.
// Assumptions where the sources are silent: a new end date before today is
// refused at the provider (care that ended is stopped with a JW307, not
// shortened); a JW317 whose toewijzing is not this platform's is answered
// by the exchange's retour but opens nothing.

// Statuses of a Wijzigingsverzoek.
const (
	WijzigingOpen      = "open"
	WijzigingToegekend = "toegekend"
	WijzigingAfgewezen = "afgewezen"
)

// RedenWijzigingVOW is JZ002 code 12: a change initiated by the provider
// (VOW).
const RedenWijzigingVOW = "12"

// KindWijziging prefixes the back office's obligation to decide a VOW
// ("wijziging:<referentie>").
const KindWijziging = "wijziging:"

// TermWijziging is the municipality's term to honour or refuse a VOW
// (OP346).
var TermWijziging = kalender.WorkingDays(5)

// RedenenVerzoek are the codes of LDT_RedenVerzoek (WJ758) with their
// Dutch labels.
var RedenenVerzoek = []struct{ Code, Label string }{
	{"1", "De situatie van de jeugdige is veranderd"},
	{"2", "Het zorgplan is gewijzigd"},
}

// Wijzigingsverzoek is a VOW as the municipality received it.
type Wijzigingsverzoek struct {
	ID             int64     `json:"id"`
	ToewijzingID   int64     `json:"toewijzing_id"`
	TrajectoryID   int64     `json:"-"`
	BerichtID      int64     `json:"bericht_id"`
	Referentie     string    `json:"referentie"`
	Reden          string    `json:"reden"`
	EinddatumOud   time.Time `json:"einddatum_oud,omitzero"`
	EinddatumNieuw time.Time `json:"einddatum_nieuw,omitzero"`
	OntvangenAt    time.Time `json:"ontvangen_op"`
	UiterlijkAt    time.Time `json:"uiterlijk_besluit"`
	Status         string    `json:"status"`
	RedenAfwijzing string    `json:"reden_afwijzing,omitempty"`
	Motivering     string    `json:"motivering,omitempty"`
	BeslistAt      time.Time `json:"beslist_op,omitzero"`
}

// RedenLabel is the Dutch label of the request's reason.
func (w Wijzigingsverzoek) RedenLabel() string {
	for _, r := range RedenenVerzoek {
		if r.Code == w.Reden {
			return r.Label
		}
	}
	return w.Reden
}

// Open reports whether the municipality still has to decide.
func (w Wijzigingsverzoek) Open() bool { return w.Status == WijzigingOpen }

// WijzigingInput is what the provider asks: the new end date of the
// toewijzing and the reason (WJ758).
type WijzigingInput struct {
	Einddatum time.Time `json:"einddatum"`
	Reden     string    `json:"reden"`
}

// Refusal is a request the standard or the case does not allow, with the
// reason in Dutch for the user.
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error { return &Refusal{Reason: fmt.Sprintf(format, args...)} }

// Current returns the products of a JW301 that are still assigned: all
// but those deleted (RedenWijziging 13).
func Current(m *ijw.JW301) []ijw.JW301ToegewezenProduct {
	var out []ijw.JW301ToegewezenProduct
	for _, p := range m.Client.ToegewezenProducten.ToegewezenProduct {
		if p.RedenWijziging != "13" {
			out = append(out, p)
		}
	}
	return out
}

// openVOW returns the reference of the trajectory's VOW that has no
// JW301 or JW319 carrying its reference yet, "" when none is open. A
// rejected JW317 (afgekeurd) counts as not sent (OP286).
func openVOW(ctx context.Context, q database.Querier, trajectoryID int64) (string, error) {
	ms, err := berichten.Of(ctx, q, trajectoryID)
	if err != nil {
		return "", err
	}
	answered := map[string]bool{}
	for _, m := range ms {
		if m.Type == ijw.TypeJW301 || m.Type == ijw.TypeJW319 {
			answered[m.Referentie] = true
		}
	}
	for _, m := range ms {
		if m.Type == ijw.TypeJW317 && m.State != berichten.Afgekeurd && !answered[m.Referentie] {
			return m.Referentie, nil
		}
	}
	return "", nil
}

// VraagWijziging writes the provider's JW317 on toewijzing tw of
// trajectory trajectoryID, whose current state is the JW301 current, in
// the caller's transaction. It refuses, in Dutch, a date that does not
// change or fit the toewijzing and a second request while one is open
// (TR374).
func VraagWijziging(ctx context.Context, tx *database.Tx, tw Toewijzing, trajectoryID int64, current *ijw.JW301, in WijzigingInput, now time.Time) (berichten.Bericht, error) {
	today := kalender.Day(now)
	switch {
	case in.Einddatum.IsZero():
		return berichten.Bericht{}, refuse("Vul de nieuwe einddatum van de toewijzing in.")
	case in.Reden != "1" && in.Reden != "2":
		return berichten.Bericht{}, refuse("Kies de reden van het verzoek.")
	}
	end := time.Date(in.Einddatum.Year(), in.Einddatum.Month(), in.Einddatum.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case !tw.Einddatum.IsZero() && dateOf(tw.Einddatum).Before(today):
		// A VOW names current toewijzingen only (TR351).
		return berichten.Bericht{}, refuse("De toewijzing is afgelopen op %s. Een afgelopen toewijzing kan niet meer gewijzigd worden; is er nog hulp nodig, dan is een nieuwe toewijzing nodig.", kalender.Datum(tw.Einddatum))
	case end.Before(dateOf(tw.Ingangsdatum)):
		return berichten.Bericht{}, refuse("De nieuwe einddatum ligt voor de ingangsdatum van de toewijzing (%s).", kalender.Datum(tw.Ingangsdatum))
	case end.Before(today):
		return berichten.Bericht{}, refuse("De nieuwe einddatum ligt in het verleden. Is de zorg al afgelopen? Meld dan de stop van de zorg.")
	case !tw.Einddatum.IsZero() && end.Equal(dateOf(tw.Einddatum)):
		return berichten.Bericht{}, refuse("De toewijzing loopt al tot %s. Kies een andere einddatum.", kalender.Datum(tw.Einddatum))
	}
	if ref, err := openVOW(ctx, tx, trajectoryID); err != nil {
		return berichten.Bericht{}, err
	} else if ref != "" {
		return berichten.Bericht{}, refuse("Er loopt al een verzoek om wijziging (%s). Wacht op het antwoord van de gemeente.", ref)
	}
	ident, err := berichten.Next(ctx, tx, trajectoryID, ijw.TypeJW317, "VOW")
	if err != nil {
		return berichten.Bericht{}, err
	}
	m := &ijw.JW317{
		Header: ijw.JW317Header{
			BerichtCode: "486", BerichtVersie: 3, BerichtSubversie: 2,
			Afzender: current.Header.Ontvanger, Ontvanger: current.Header.Afzender,
			BerichtIdentificatie: ijw.BerichtIdentificatie{Identificatie: ident, Dagtekening: ijw.NewDate(now.In(kalender.Amsterdam()))},
			XsdVersie:            ijw.XsdVersie{BasisschemaXsdVersie: basisschemaXsdVersie, BerichtXsdVersie: berichtXsdVersie},
		},
		Client: ijw.JW317Client{Bsn: current.Client.Bsn, Verzoek: ijw.JW317Verzoek{ReferentieAanbieder: ident, RedenVerzoek: in.Reden,
			TeWijzigenProducten: &ijw.JW317TeWijzigenProducten{}}},
	}
	for _, p := range Current(current) {
		m.Client.Verzoek.TeWijzigenProducten.TeWijzigenProduct = append(m.Client.Verzoek.TeWijzigenProducten.TeWijzigenProduct, ijw.JW317TeWijzigenProduct{
			ToewijzingNummer: p.ToewijzingNummer, GewensteIngangsdatum: p.Ingangsdatum, Einddatum: ijw.NewDate(end), Omvang: p.Omvang, Budget: p.Budget})
	}
	return berichten.Write(ctx, tx, m, berichten.Bericht{TrajectoryID: trajectoryID, Referentie: ident, CreatedAt: now})
}

func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

const wijzigingCols = `id, toewijzing_id, trajectory_id, message_id, referentie, reden, einddatum_oud, einddatum_nieuw, ontvangen_at, uiterlijk_at,
	status, reden_afwijzing, motivering, beslist_at`

func scanWijziging(sc interface{ Scan(...any) error }) (Wijzigingsverzoek, error) {
	var w Wijzigingsverzoek
	var oud, nieuw, beslist sql.NullTime
	err := sc.Scan(&w.ID, &w.ToewijzingID, &w.TrajectoryID, &w.BerichtID, &w.Referentie, &w.Reden, &oud, &nieuw, &w.OntvangenAt, &w.UiterlijkAt,
		&w.Status, &w.RedenAfwijzing, &w.Motivering, &beslist)
	w.EinddatumOud, w.EinddatumNieuw, w.BeslistAt = oud.Time, nieuw.Time, beslist.Time
	return w, err
}

// Wijzigingen returns the VOWs received on trajectory id, newest first.
func Wijzigingen(ctx context.Context, q database.Querier, trajectoryID int64) ([]Wijzigingsverzoek, error) {
	rows, err := q.Query(ctx, "SELECT "+wijzigingCols+" FROM wijzigingsverzoeken WHERE trajectory_id = ? ORDER BY id DESC", trajectoryID)
	if err != nil {
		return nil, fmt.Errorf("wijzigingsverzoeken of trajectory %d: %w", trajectoryID, err)
	}
	defer rows.Close()
	var out []Wijzigingsverzoek
	for rows.Next() {
		w, err := scanWijziging(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// OpenWijziging returns the VOW on trajectory id the municipality has yet
// to decide; ok is false when there is none.
func OpenWijziging(ctx context.Context, q database.Querier, trajectoryID int64) (Wijzigingsverzoek, bool, error) {
	w, err := scanWijziging(q.QueryRow(ctx, "SELECT "+wijzigingCols+" FROM wijzigingsverzoeken WHERE trajectory_id = ? AND status = ? ORDER BY id LIMIT 1", trajectoryID, WijzigingOpen))
	if errors.Is(err, sql.ErrNoRows) {
		return w, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("open wijzigingsverzoek of trajectory %d: %w", trajectoryID, err)
	}
	return w, true, nil
}

// HandleJW317 is the municipality's processing of an accepted VOW (an
// uitwisseling.Handler): it records the request on the toewijzing's case,
// writes the history event and puts the decision on the back office's Mijn
// werk, due in 5 working days. A VOW on a toewijzing this platform did not
// make changes nothing: the exchange answered it with its retour.
func HandleJW317(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	vow, ok := m.(*ijw.JW317)
	if !ok {
		return fmt.Errorf("HandleJW317: a %s", m.MessageType())
	}
	var nummer int64
	var end ijw.Date
	if ps := vow.Client.Verzoek.TeWijzigenProducten; ps != nil && len(ps.TeWijzigenProduct) > 0 {
		nummer, end = ps.TeWijzigenProduct[0].ToewijzingNummer, ps.TeWijzigenProduct[0].Einddatum
	} else if ps := vow.Client.Verzoek.OngewijzigdeProducten; ps != nil && len(ps.OngewijzigdProduct) > 0 {
		nummer = ps.OngewijzigdProduct[0].ToewijzingNummer
	}
	var twID, trajectoryID, municipalityID int64
	var oud sql.NullTime
	err := tx.QueryRow(ctx, "SELECT id, trajectory_id, municipality_id, einddatum FROM toewijzingen WHERE nummer = ?", nummer%100_000_000).
		Scan(&twID, &trajectoryID, &municipalityID, &oud)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("toewijzing of VOW %s: %w", b.Identificatie, err)
	}
	at := b.ReceivedAt
	if at.IsZero() {
		at = b.CreatedAt
	}
	// On the calendar of the municipality's region.
	region, err := organisation.RegionOf(ctx, tx, municipalityID)
	if err != nil {
		return err
	}
	due := region.Kalender(kalender.Default).Due(at, TermWijziging)
	var nieuw any
	if t, err := end.Time(); err == nil && !end.IsZero() {
		nieuw = t.Format("2006-01-02")
	}
	var oudArg any
	if oud.Valid {
		oudArg = oud.Time.Format("2006-01-02")
	}
	if _, err := tx.Exec(ctx, `INSERT INTO wijzigingsverzoeken (toewijzing_id, trajectory_id, message_id, referentie, reden, einddatum_oud, einddatum_nieuw,
		ontvangen_at, uiterlijk_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, twID, trajectoryID, b.ID, vow.Client.Verzoek.ReferentieAanbieder,
		vow.Client.Verzoek.RedenVerzoek, oudArg, nieuw, at.UTC(), due.UTC(), WijzigingOpen); err != nil {
		return fmt.Errorf("record VOW %s: %w", b.Identificatie, err)
	}
	if _, err := werk.Open(ctx, tx, werk.Obligation{Kind: KindWijziging + vow.Client.Verzoek.ReferentieAanbieder, TrajectoryID: trajectoryID, OwnerOrgID: municipalityID,
		OwnerRole: access.Backoffice, Label: "Verzoek om wijziging beoordelen (JW317)", DueAt: due}, at); err != nil {
		return err
	}
	what := "Verzoek om wijziging (JW317) " + vow.Client.Verzoek.ReferentieAanbieder + " ontvangen"
	if t, err := end.Time(); err == nil && !end.IsZero() {
		what += ": einddatum naar " + kalender.Datum(t)
	}
	return event(ctx, tx, trajectoryID, "wijziging_ontvangen", what, 0, municipalityID, at)
}

// event writes a history event of the case (the table of package traject,
// written here as levering writes its events: inside the same
// transaction as the change it records).
func event(ctx context.Context, tx *database.Tx, trajectoryID int64, kind, what string, userID, orgID int64, at time.Time) error {
	var user any
	if userID != 0 {
		user = userID
	}
	_, err := tx.Exec(ctx, "INSERT INTO events (trajectory_id, at, kind, what, user_id, organisation_id) VALUES (?, ?, ?, ?, ?, ?)",
		trajectoryID, at.UTC(), kind, what, user, orgID)
	if err != nil {
		return fmt.Errorf("record %s event on trajectory %d: %w", kind, trajectoryID, err)
	}
	return nil
}

// WijzigingBesluit is the back office's decision on a VOW.
type WijzigingBesluit struct {
	Toegekend      bool   `json:"toegekend"`
	RedenAfwijzing string `json:"reden_afwijzing,omitempty"` // WJ759, with a refusal
	Motivering     string `json:"motivering"`
}

// Wijzig honours VOW w in the caller's transaction: the toewijzing gets the
// new end date, the provider a JW301 with every current product, each
// carrying the VOW's reference and the changed ones RedenWijziging 12, and
// the family a new beschikking where the toewijzing has one. r is the
// trajectory's facts as for Allocate (the client, the arrangement, the
// deciding worker); its dates are set here.
func Wijzig(ctx context.Context, tx *database.Tx, r Request, w Wijzigingsverzoek, by int64, now time.Time) error {
	tw, err := Of(ctx, tx, r.TrajectoryID)
	if err != nil {
		return err
	}
	if tw == nil || tw.ID != w.ToewijzingID {
		return fmt.Errorf("VOW %s: its toewijzing %d is not the trajectory's", w.Referentie, w.ToewijzingID)
	}
	b, err := berichten.Latest(ctx, tx, r.TrajectoryID, ijw.TypeJW301)
	if err != nil {
		return err
	}
	m, err := b.Decode()
	if err != nil {
		return err
	}
	prev, ok := m.(*ijw.JW301)
	if !ok {
		return fmt.Errorf("JW301 of toewijzing %d: a %s", tw.ID, m.MessageType())
	}
	f, err := load(ctx, tx, r)
	if err != nil {
		return err
	}
	var end any
	if !w.EinddatumNieuw.IsZero() {
		end = w.EinddatumNieuw.Format("2006-01-02")
	}
	if _, err := tx.Exec(ctx, "UPDATE toewijzingen SET einddatum = ? WHERE id = ?", end, tw.ID); err != nil {
		return fmt.Errorf("end date of toewijzing %d: %w", tw.ID, err)
	}
	tw.Einddatum = w.EinddatumNieuw
	now = now.In(kalender.Amsterdam())
	// The JW301 is the full current state (SPEC.md §5.4): the same
	// client and products, each with the VOW's reference, the changed
	// ones with their new end date, the date and time of this decision
	// (the newest version wins, OP080) and RedenWijziging 12.
	next := *prev
	ident, err := berichten.Next(ctx, tx, r.TrajectoryID, ijw.TypeJW301, "TW")
	if err != nil {
		return err
	}
	next.Header.BerichtIdentificatie = ijw.BerichtIdentificatie{Identificatie: ident, Dagtekening: ijw.NewDate(now)}
	next.Client.ToegewezenProducten.ToegewezenProduct = nil
	for _, p := range Current(prev) {
		p.ReferentieAanbieder = w.Referentie
		p.Toewijzingsdatum, p.Toewijzingstijd = ijw.NewDate(now), ijw.Time(now.Format("15:04:05"))
		p.RedenWijziging = RedenWijzigingVOW
		p.Einddatum = ijw.Date("")
		if !w.EinddatumNieuw.IsZero() {
			p.Einddatum = ijw.NewDate(w.EinddatumNieuw)
		}
		next.Client.ToegewezenProducten.ToegewezenProduct = append(next.Client.ToegewezenProducten.ToegewezenProduct, p)
	}
	if _, err := berichten.Write(ctx, tx, &next, berichten.Bericht{TrajectoryID: r.TrajectoryID, Referentie: w.Referentie, CreatedAt: now}); err != nil {
		return fmt.Errorf("JW301 on VOW %s: %w", w.Referentie, err)
	}
	if tw.Beschikking {
		ps, err := arrangement.IJwProducten(r.Arrangement, r.Intensiteit, r.Step5a, r.Products)
		if err != nil {
			return err
		}
		r.Ingangsdatum, r.Einddatum, r.Wijziging = tw.Ingangsdatum, tw.Einddatum, true
		pdf, err := beschikking(r, f, *tw, ps, now)
		if err != nil {
			return err
		}
		if _, err := document.Save(ctx, tx, document.Stored{TrajectoryID: r.TrajectoryID, Kind: document.KindBeschikking, Title: document.TitelBeschikking, PDF: pdf, CreatedAt: now}); err != nil {
			return err
		}
	}
	return decided(ctx, tx, w, WijzigingToegekend, "", r.Motivering, by, now)
}

// WeigerWijziging refuses VOW w with a JW319 (VerzoekAntwoord 1 and the
// reason, WJ759) in the caller's transaction; the toewijzing stays as it
// is.
func WeigerWijziging(ctx context.Context, tx *database.Tx, w Wijzigingsverzoek, municipalityID, providerID int64, d WijzigingBesluit, by int64, now time.Time) error {
	if _, err := Antwoord(ctx, tx, AntwoordRequest{TrajectoryID: w.TrajectoryID, MunicipalityID: municipalityID, ProviderID: providerID,
		Antwoord: AntwoordAfgewezen, Reden: d.RedenAfwijzing, Referentie: w.Referentie}, now); err != nil {
		return err
	}
	return decided(ctx, tx, w, WijzigingAfgewezen, d.RedenAfwijzing, d.Motivering, by, now)
}

func decided(ctx context.Context, tx *database.Tx, w Wijzigingsverzoek, status, reden, motivering string, by int64, now time.Time) error {
	res, err := tx.Exec(ctx, "UPDATE wijzigingsverzoeken SET status = ?, reden_afwijzing = ?, motivering = ?, beslist_door = ?, beslist_at = ? WHERE id = ? AND status = ?",
		status, reden, motivering, by, now.UTC(), w.ID, WijzigingOpen)
	if err != nil {
		return fmt.Errorf("decide VOW %s: %w", w.Referentie, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return refuse("Over dit verzoek om wijziging is al besloten.")
	}
	return werk.FulfilKind(ctx, tx, w.TrajectoryID, KindWijziging+w.Referentie, by, now)
}
