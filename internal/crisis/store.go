package crisis

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// record is a crisis as stored: one row of crises and its care.
type record struct {
	// regio is the region of the case's municipality, whose calendar and
	// terms the deadlines follow (read with the record, not stored in it).
	regio organisation.Region

	ID                int64
	GemeldOm          time.Time
	Melder            string
	MelderNaam        string
	MelderTelefoon    string
	AndersDanGisteren string
	HulpGestartOp     time.Time

	ProcesregisseurOrg     int64
	ProcesregisseurRol     string
	ProcesregisseurTraject int64

	Triage, Problematiek, Deskundige, DeskundigeNaam, TriageToelichting string
	TriageAt                                                            time.Time
	Advies                                                              string

	TerPlaatseOm           time.Time
	Crisismedewerker       string
	DeskundigeMee          bool
	IsCrisis               sql.NullBool
	InschattingToelichting string
	InschattingAt          time.Time

	RTOOp          time.Time
	RTODeelnemers  []Deelnemer
	RTOPerspectief string
	RTOAt          time.Time

	PlanTekst       string
	PlanDeelnemers  []Deelnemer
	PlanToelichting string
	PlanAt          time.Time

	AfgeslotenAt time.Time
	Inzet        []inzetRow
}

// inzetRow is one form of crisis care deployed.
type inzetRow struct {
	Inzet                                              int
	Vorm                                               string
	Begindatum, Einddatum                              time.Time
	WaaromNietAmbulant, WaaromNietNetwerk, Toelichting string
	RecordedAt                                         time.Time
}

// Crisis is confirmed: the assessment found a crisis.
func (k record) crisis() bool  { return k.IsCrisis.Valid && k.IsCrisis.Bool }
func (k record) closed() bool  { return !k.AfgeslotenAt.IsZero() }
func (k record) rtoDone() bool { return !k.RTOAt.IsZero() }
func (k record) planDone() bool {
	return !k.PlanAt.IsZero()
}
func (k record) inzetDone() bool { return len(k.Inzet) > 0 }

const selectCrisis = `SELECT id, gemeld_om, melder, melder_naam, melder_telefoon, anders_dan_gisteren, hulp_gestart_op,
COALESCE(procesregisseur_org_id, 0), procesregisseur_rol, COALESCE(procesregisseur_traject_id, 0),
triage, problematiek, deskundige, deskundige_naam, triage_toelichting, triage_at, advies,
ter_plaatse_om, crisismedewerker, deskundige_mee, is_crisis, inschatting_toelichting, inschatting_at,
rto_op, rto_deelnemers, rto_perspectief, rto_at, plan_tekst, plan_deelnemers, plan_toelichting, plan_at, afgesloten_at
FROM crises WHERE id = ?`

// load reads crisis id and its care.
func load(ctx context.Context, q database.Querier, id int64) (record, error) {
	var k record
	var hulp, triageAt, terPlaatse, inschAt, rtoOp, rtoAt, planAt, closed sql.NullTime
	var rtoDeel, planDeel string
	err := q.QueryRow(ctx, selectCrisis, id).Scan(&k.ID, &k.GemeldOm, &k.Melder, &k.MelderNaam, &k.MelderTelefoon, &k.AndersDanGisteren, &hulp,
		&k.ProcesregisseurOrg, &k.ProcesregisseurRol, &k.ProcesregisseurTraject,
		&k.Triage, &k.Problematiek, &k.Deskundige, &k.DeskundigeNaam, &k.TriageToelichting, &triageAt, &k.Advies,
		&terPlaatse, &k.Crisismedewerker, &k.DeskundigeMee, &k.IsCrisis, &k.InschattingToelichting, &inschAt,
		&rtoOp, &rtoDeel, &k.RTOPerspectief, &rtoAt, &k.PlanTekst, &planDeel, &k.PlanToelichting, &planAt, &closed)
	if errors.Is(err, database.ErrNoRows) {
		return k, traject.ErrNotFound
	}
	if err != nil {
		return k, fmt.Errorf("read crisis %d: %w", id, err)
	}
	k.HulpGestartOp, k.TriageAt, k.TerPlaatseOm, k.InschattingAt = hulp.Time, triageAt.Time, terPlaatse.Time, inschAt.Time
	k.RTOOp, k.RTOAt, k.PlanAt, k.AfgeslotenAt = rtoOp.Time, rtoAt.Time, planAt.Time, closed.Time
	if err := json.Unmarshal([]byte(rtoDeel), &k.RTODeelnemers); err != nil {
		return k, fmt.Errorf("RTO participants of crisis %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(planDeel), &k.PlanDeelnemers); err != nil {
		return k, fmt.Errorf("plan participants of crisis %d: %w", id, err)
	}
	rows, err := q.Query(ctx, `SELECT inzet, vorm, begindatum, einddatum, waarom_niet_ambulant, waarom_niet_netwerk, toelichting, recorded_at
		FROM crisis_inzet WHERE crisis_id = ? ORDER BY id`, id)
	if err != nil {
		return k, fmt.Errorf("care of crisis %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r inzetRow
		if err := rows.Scan(&r.Inzet, &r.Vorm, &r.Begindatum, &r.Einddatum, &r.WaaromNietAmbulant, &r.WaaromNietNetwerk, &r.Toelichting, &r.RecordedAt); err != nil {
			return k, fmt.Errorf("care of crisis %d: %w", id, err)
		}
		k.Inzet = append(k.Inzet, r)
	}
	return k, rows.Err()
}

func dateStr(t time.Time) string { return t.Format("2006-01-02") }

// nullDate is a date column's value: NULL for the zero time.
func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dateStr(t)
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// insert stores a new crisis report.
func insert(ctx context.Context, tx *database.Tx, k record, now time.Time) error {
	var org, traj any
	if k.ProcesregisseurOrg != 0 {
		org = k.ProcesregisseurOrg
	}
	if k.ProcesregisseurTraject != 0 {
		traj = k.ProcesregisseurTraject
	}
	_, err := tx.Exec(ctx, `INSERT INTO crises (id, gemeld_om, melder, melder_naam, melder_telefoon, anders_dan_gisteren, hulp_gestart_op,
		procesregisseur_org_id, procesregisseur_rol, procesregisseur_traject_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.ID, k.GemeldOm.UTC(), k.Melder, k.MelderNaam, k.MelderTelefoon, k.AndersDanGisteren,
		nullDate(k.HulpGestartOp), org, k.ProcesregisseurRol, traj, now, now)
	if err != nil {
		return fmt.Errorf("insert crisis %d: %w", k.ID, err)
	}
	return nil
}

// update sets columns of crisis id ("triage = ?, advies = ?") to args.
func update(ctx context.Context, tx *database.Tx, id int64, now time.Time, set string, args ...any) error {
	all := append(append([]any{}, args...), now, id)
	if _, err := tx.Exec(ctx, "UPDATE crises SET "+set+", updated_at = ? WHERE id = ?", all...); err != nil {
		return fmt.Errorf("update crisis %d: %w", id, err)
	}
	return nil
}

// insertInzet stores the forms of one inzet.
func insertInzet(ctx context.Context, tx *database.Tx, id int64, rows []inzetRow, by int64, now time.Time) error {
	var user any
	if by != 0 {
		user = by
	}
	for _, r := range rows {
		if _, err := tx.Exec(ctx, `INSERT INTO crisis_inzet (crisis_id, inzet, vorm, begindatum, einddatum, waarom_niet_ambulant, waarom_niet_netwerk, toelichting, recorded_by, recorded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, r.Inzet, r.Vorm, dateStr(r.Begindatum), dateStr(r.Einddatum), r.WaaromNietAmbulant, r.WaaromNietNetwerk,
			r.Toelichting, user, now); err != nil {
			return fmt.Errorf("care of crisis %d: %w", id, err)
		}
	}
	return nil
}
