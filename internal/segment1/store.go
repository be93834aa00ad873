package segment1

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Toestemming is consent as recorded: oral or written, by whom, when.
type Toestemming struct {
	Vorm        string
	GegevenDoor string
	GegevenOp   time.Time
}

// Advies is the aanmeldtafel's three-part advice (seed 003 §1.2): is
// segment 1 needed or another segment better, which provider becomes
// regievoerder, which form of help.
type Advies struct {
	Segment1       bool
	RegievoerderID int64
	Hulpvorm       string
	AnderSegment   string
	Toelichting    string
	At             time.Time
}

// Case is the segment-1 state of one trajectory.
type Case struct {
	TrajectoryID           int64
	DeskOrgID              int64
	Fase                   Fase
	Overgangsclient        bool
	Aanmeldreden           string
	Toestemming            Toestemming
	AangemeldAt            time.Time
	Urgentie               Urgentie
	StartUiterlijk         time.Time
	BeoordelingToelichting string
	BeoordeeldAt           time.Time
	AanmeldgesprekOp       time.Time
	AanmeldgesprekVerslag  string
	Advies                 *Advies
	TeruggelegdToelichting string
	RegievoerderID         int64
	BijRegievoerderAt      time.Time
	CoordinatorOrgID       int64
	CoordinatieGevraagdAt  time.Time
	CoordinatieToestemming Toestemming
	Niveau                 Niveau
	NiveauSinds            time.Time
	HulpGestart            time.Time
	Uitstroom              string
	Einddatum              time.Time
	NaarSegment            string
	Overdracht             string
	LopendeHulp            []LopendeHulp
	AfrondingAt            time.Time
	EindeAkkoordAt         time.Time
	EindeToelichting       string // why the coordinator did not agree an end date
	GeslotenAt             time.Time
	GeslotenToelichting    string
}

// Aangemeld reports whether the case was registered with the desk.
func (c Case) Aangemeld() bool { return !c.AangemeldAt.IsZero() }

// Open reports whether the case still runs.
func (c Case) Open() bool { return c.Fase != FaseGesloten && c.Fase != FaseTeruggelegd }

const caseCols = `trajectory_id, desk_org_id, fase, overgangsclient, aanmeldreden, toestemming_vorm, toestemming_door, toestemming_op,
aangemeld_at, urgentie, start_uiterlijk, beoordeling_toelichting, beoordeeld_at, aanmeldgesprek_op, aanmeldgesprek_verslag,
advies_segment1, COALESCE(advies_regievoerder_id, 0), advies_hulpvorm, advies_ander_segment, advies_toelichting, advies_at, teruggelegd_toelichting,
COALESCE(regievoerder_id, 0), aangemeld_bij_regievoerder_at, COALESCE(coordinator_org_id, 0), coordinatie_gevraagd_at,
coordinatie_toestemming_vorm, coordinatie_toestemming_door, coordinatie_toestemming_op, niveau, niveau_sinds, hulp_gestart,
uitstroom, einddatum, naar_segment, overdracht, lopende_hulp_json, afronding_at, einde_akkoord_at, einde_toelichting, gesloten_at, gesloten_toelichting`

// loadCase reads the case of trajectory id; ok is false when there is none.
// In a write transaction on PostgreSQL the row is locked, so that two
// deciders agreeing at once are counted one after the other.
func loadCase(ctx context.Context, q database.Querier, id int64, lock bool) (Case, bool, error) {
	query := "SELECT " + caseCols + " FROM seg1_cases WHERE trajectory_id = ?"
	if tx, ok := q.(*database.Tx); ok && lock && tx.Dialect == database.Postgres {
		query += " FOR UPDATE"
	}
	var c Case
	var fase, urg, niveau, lopend string
	var tOp, aangemeld, start, beoordeeld, gesprek, adviesAt, bijRV, gevraagd, ctOp, sinds, gestart, einde, afronding, akkoord, gesloten sql.NullTime
	var seg1 sql.NullBool
	var a Advies
	err := q.QueryRow(ctx, query, id).Scan(&c.TrajectoryID, &c.DeskOrgID, &fase, &c.Overgangsclient, &c.Aanmeldreden,
		&c.Toestemming.Vorm, &c.Toestemming.GegevenDoor, &tOp, &aangemeld, &urg, &start, &c.BeoordelingToelichting, &beoordeeld,
		&gesprek, &c.AanmeldgesprekVerslag, &seg1, &a.RegievoerderID, &a.Hulpvorm, &a.AnderSegment, &a.Toelichting, &adviesAt,
		&c.TeruggelegdToelichting, &c.RegievoerderID, &bijRV, &c.CoordinatorOrgID, &gevraagd,
		&c.CoordinatieToestemming.Vorm, &c.CoordinatieToestemming.GegevenDoor, &ctOp, &niveau, &sinds, &gestart,
		&c.Uitstroom, &einde, &c.NaarSegment, &c.Overdracht, &lopend, &afronding, &akkoord, &c.EindeToelichting, &gesloten, &c.GeslotenToelichting)
	if errors.Is(err, database.ErrNoRows) {
		return Case{}, false, nil
	}
	if err != nil {
		return Case{}, false, fmt.Errorf("segment-1 case of trajectory %d: %w", id, err)
	}
	c.Fase, c.Urgentie, c.Niveau = Fase(fase), Urgentie(urg), Niveau(niveau)
	c.Toestemming.GegevenOp, c.AangemeldAt, c.StartUiterlijk, c.BeoordeeldAt = tOp.Time, aangemeld.Time, start.Time, beoordeeld.Time
	c.AanmeldgesprekOp, c.BijRegievoerderAt, c.CoordinatieGevraagdAt = gesprek.Time, bijRV.Time, gevraagd.Time
	c.CoordinatieToestemming.GegevenOp, c.NiveauSinds, c.HulpGestart, c.Einddatum = ctOp.Time, sinds.Time, gestart.Time, einde.Time
	c.AfrondingAt, c.EindeAkkoordAt, c.GeslotenAt = afronding.Time, akkoord.Time, gesloten.Time
	if seg1.Valid {
		a.Segment1, a.At = seg1.Bool, adviesAt.Time
		c.Advies = &a
	}
	if err := json.Unmarshal([]byte(lopend), &c.LopendeHulp); err != nil {
		return c, true, fmt.Errorf("running help of trajectory %d: %w", id, err)
	}
	return c, true, nil
}

// update sets columns of the case of trajectory id: set is "a = ?, b = ?".
func update(ctx context.Context, tx *database.Tx, id int64, now time.Time, set string, args ...any) error {
	all := append(args, now.UTC(), id)
	if _, err := tx.Exec(ctx, "UPDATE seg1_cases SET "+set+", updated_at = ? WHERE trajectory_id = ?", all...); err != nil {
		return fmt.Errorf("update segment-1 case of trajectory %d: %w", id, err)
	}
	return nil
}

// dateStr writes the Amsterdam day of t as a DATE value.
func dateStr(t time.Time) string { return kalender.Day(t).Format("2006-01-02") }

// nullDate is dateStr, or NULL for the zero time.
func nullDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dateStr(t)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Contact is a phone consultation of the referrer with the intake desk.
type Contact struct {
	ID           int64
	Op           time.Time
	Met          string
	Samenvatting string
	Door         string // the worker who recorded it
	Organisatie  string
}

func contacten(ctx context.Context, q database.Querier, id int64) ([]Contact, error) {
	rows, err := q.Query(ctx, `SELECT c.id, c.gesproken_op, c.met, c.samenvatting, COALESCE(u.name, ''), COALESCE(o.name, '')
		FROM seg1_contacten c LEFT JOIN users u ON u.id = c.user_id LEFT JOIN organisations o ON o.id = c.organisation_id
		WHERE c.trajectory_id = ? ORDER BY c.id`, id)
	if err != nil {
		return nil, fmt.Errorf("phone consultations of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.Op, &c.Met, &c.Samenvatting, &c.Door, &c.Organisatie); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Voorstel is a proposal about the coordination level with its answers.
type Voorstel struct {
	ID           int64
	Soort        Soort
	Van, Naar    Niveau
	Criteria     []string
	Veilig6      bool // six months of safety held when proposed
	Toelichting  string
	Status       string // open, besloten, afgewezen
	CreatedAt    time.Time
	BeslotenAt   time.Time
	Instemmingen []Antwoord
	Ontbrekend   []Beslisser
}

// Answers of a proposal.
const (
	StatusOpen      = "open"
	StatusBesloten  = "besloten"
	StatusAfgewezen = "afgewezen"
)

// Open reports whether the proposal waits for answers.
func (v Voorstel) Open() bool { return v.Status == StatusOpen }

// Antwoord is one decider's recorded answer.
type Antwoord struct {
	Beslisser   Beslisser
	UserID      int64
	Naam        string
	Organisatie string
	Akkoord     bool
	Toelichting string
	At          time.Time
}

func voorstellen(ctx context.Context, q database.Querier, id int64) ([]Voorstel, error) {
	rows, err := q.Query(ctx, `SELECT id, soort, van, naar, criteria, veilig_6_maanden, toelichting, status, created_at, besloten_at
		FROM seg1_voorstellen WHERE trajectory_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("proposals of trajectory %d: %w", id, err)
	}
	var out []Voorstel
	for rows.Next() {
		var v Voorstel
		var soort, van, naar, criteria string
		var besloten sql.NullTime
		if err := rows.Scan(&v.ID, &soort, &van, &naar, &criteria, &v.Veilig6, &v.Toelichting, &v.Status, &v.CreatedAt, &besloten); err != nil {
			rows.Close()
			return nil, err
		}
		v.Soort, v.Van, v.Naar, v.BeslotenAt = Soort(soort), Niveau(van), Niveau(naar), besloten.Time
		if criteria != "" {
			v.Criteria = strings.Split(criteria, ",")
		}
		out = append(out, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Instemmingen, err = antwoorden(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
		var ins []Instemming
		for _, a := range out[i].Instemmingen {
			ins = append(ins, Instemming{Beslisser: a.Beslisser, UserID: a.UserID, Akkoord: a.Akkoord})
		}
		_, out[i].Ontbrekend, _ = Besloten(ins)
	}
	return out, nil
}

func antwoorden(ctx context.Context, q database.Querier, voorstel int64) ([]Antwoord, error) {
	rows, err := q.Query(ctx, `SELECT i.beslisser, i.user_id, COALESCE(u.name, ''), COALESCE(o.name, ''), i.akkoord, i.toelichting, i.at
		FROM seg1_instemmingen i LEFT JOIN users u ON u.id = i.user_id LEFT JOIN organisations o ON o.id = i.organisation_id
		WHERE i.voorstel_id = ? ORDER BY i.at`, voorstel)
	if err != nil {
		return nil, fmt.Errorf("answers of proposal %d: %w", voorstel, err)
	}
	defer rows.Close()
	var out []Antwoord
	for rows.Next() {
		var a Antwoord
		var b string
		if err := rows.Scan(&b, &a.UserID, &a.Naam, &a.Organisatie, &a.Akkoord, &a.Toelichting, &a.At); err != nil {
			return nil, err
		}
		a.Beslisser = Beslisser(b)
		out = append(out, a)
	}
	return out, rows.Err()
}

// TaxatieRegel is a recorded safety assessment.
type TaxatieRegel struct {
	Datum       time.Time
	Veilig      bool
	Toelichting string
	Door        string
	Organisatie string
}

func taxaties(ctx context.Context, q database.Querier, id int64) ([]TaxatieRegel, error) {
	rows, err := q.Query(ctx, `SELECT t.datum, t.veilig, t.toelichting, COALESCE(u.name, ''), COALESCE(o.name, '')
		FROM seg1_taxaties t LEFT JOIN users u ON u.id = t.user_id LEFT JOIN organisations o ON o.id = t.organisation_id
		WHERE t.trajectory_id = ? ORDER BY t.datum, t.id`, id)
	if err != nil {
		return nil, fmt.Errorf("safety assessments of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []TaxatieRegel
	for rows.Next() {
		var t TaxatieRegel
		if err := rows.Scan(&t.Datum, &t.Veilig, &t.Toelichting, &t.Door, &t.Organisatie); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func taxatiesOf(rs []TaxatieRegel) []Taxatie {
	out := make([]Taxatie, len(rs))
	for i, r := range rs {
		out[i] = Taxatie{Datum: r.Datum, Veilig: r.Veilig}
	}
	return out
}

// Plan is one version of the treatment plan.
type Plan struct {
	Versie      int
	Tekst       string
	EvaluatieOp time.Time
	Door        string
	At          time.Time
}

func plannen(ctx context.Context, q database.Querier, id int64) ([]Plan, error) {
	rows, err := q.Query(ctx, `SELECT p.versie, p.tekst, p.evaluatie_op, COALESCE(u.name, ''), p.at
		FROM seg1_plannen p LEFT JOIN users u ON u.id = p.user_id WHERE p.trajectory_id = ? ORDER BY p.versie`, id)
	if err != nil {
		return nil, fmt.Errorf("treatment plans of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		var p Plan
		var ev sql.NullTime
		if err := rows.Scan(&p.Versie, &p.Tekst, &ev, &p.Door, &p.At); err != nil {
			return nil, err
		}
		p.EvaluatieOp = ev.Time
		out = append(out, p)
	}
	return out, rows.Err()
}

// Evaluatie is an evaluation of the treatment plan; the final one
// (soort "eind") closes the help.
type Evaluatie struct {
	PlanVersie   int
	Soort        string
	Datum        time.Time
	Tekst        string
	MetJeugdige  bool
	MetVerwijzer bool
	Door         string
}

// Kinds of evaluation.
const (
	EvaluatieTussentijds = "tussentijds"
	EvaluatieEind        = "eind"
)

func evaluaties(ctx context.Context, q database.Querier, id int64) ([]Evaluatie, error) {
	rows, err := q.Query(ctx, `SELECT e.plan_versie, e.soort, e.datum, e.tekst, e.met_jeugdige, e.met_verwijzer, COALESCE(u.name, '')
		FROM seg1_evaluaties e LEFT JOIN users u ON u.id = e.user_id WHERE e.trajectory_id = ? ORDER BY e.id`, id)
	if err != nil {
		return nil, fmt.Errorf("evaluations of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Evaluatie
	for rows.Next() {
		var e Evaluatie
		if err := rows.Scan(&e.PlanVersie, &e.Soort, &e.Datum, &e.Tekst, &e.MetJeugdige, &e.MetVerwijzer, &e.Door); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Signaal is a signal to the coordinator or a meldcode action.
type Signaal struct {
	ID          int64
	Soort       string // signaal or meldcode
	Onderwerp   string
	Tekst       string
	Door        string
	OrgID       int64
	Organisatie string
	At          time.Time
	OpgepaktAt  time.Time
	Reactie     string
}

// Kinds of signal.
const (
	SoortSignaal  = "signaal"
	SoortMeldcode = "meldcode"
)

func signalen(ctx context.Context, q database.Querier, id int64) ([]Signaal, error) {
	rows, err := q.Query(ctx, `SELECT s.id, s.soort, s.onderwerp, s.tekst, COALESCE(u.name, ''), s.organisation_id, COALESCE(o.name, ''), s.at, s.opgepakt_at, s.reactie
		FROM seg1_signalen s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN organisations o ON o.id = s.organisation_id
		WHERE s.trajectory_id = ? ORDER BY s.id`, id)
	if err != nil {
		return nil, fmt.Errorf("signals of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Signaal
	for rows.Next() {
		var s Signaal
		var op sql.NullTime
		if err := rows.Scan(&s.ID, &s.Soort, &s.Onderwerp, &s.Tekst, &s.Door, &s.OrgID, &s.Organisatie, &s.At, &op, &s.Reactie); err != nil {
			return nil, err
		}
		s.OpgepaktAt = op.Time
		out = append(out, s)
	}
	return out, rows.Err()
}

// Melding is a zorgmelding or VTO written together.
type Melding struct {
	ID          int64
	Soort       string // zorgmelding or vto
	Tekst       string
	Door        string
	OrgID       int64
	Organisatie string
	At          time.Time
	AkkoordAt   time.Time
	AkkoordOrg  string
	Aanvulling  string
}

func meldingen(ctx context.Context, q database.Querier, id int64) ([]Melding, error) {
	rows, err := q.Query(ctx, `SELECT m.id, m.soort, m.tekst, COALESCE(u.name, ''), m.organisation_id, COALESCE(o.name, ''), m.at, m.akkoord_at, COALESCE(a.name, ''), m.aanvulling
		FROM seg1_meldingen m LEFT JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = m.organisation_id
		LEFT JOIN organisations a ON a.id = m.akkoord_org WHERE m.trajectory_id = ? ORDER BY m.id`, id)
	if err != nil {
		return nil, fmt.Errorf("zorgmeldingen of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Melding
	for rows.Next() {
		var m Melding
		var ak sql.NullTime
		if err := rows.Scan(&m.ID, &m.Soort, &m.Tekst, &m.Door, &m.OrgID, &m.Organisatie, &m.At, &ak, &m.AkkoordOrg, &m.Aanvulling); err != nil {
			return nil, err
		}
		m.AkkoordAt = ak.Time
		out = append(out, m)
	}
	return out, rows.Err()
}

// Consultatie is a request for advice to an expert team.
type Consultatie struct {
	ID           int64
	TrajectoryID int64
	TeamOrgID    int64
	Team         string // the team's organisation
	Soort        Team
	Vraag        string
	GevraagdDoor string
	GevraagdOrg  string
	GevraagdAt   time.Time
	Bespreekdag  time.Time
	Advies       string
	AdviesAt     time.Time
	AdviesDoor   string
}

// Gegeven reports whether the team gave its advice.
func (c Consultatie) Gegeven() bool { return !c.AdviesAt.IsZero() }

const consultatieCols = `c.id, c.trajectory_id, c.team_org_id, COALESCE(t.name, ''), c.soort, c.vraag, COALESCE(u.name, ''), COALESCE(o.name, ''),
c.gevraagd_at, c.bespreekdag, c.advies, c.advies_at, COALESCE(a.name, '')`

const consultatieFrom = ` FROM seg1_consultaties c LEFT JOIN organisations t ON t.id = c.team_org_id LEFT JOIN users u ON u.id = c.user_id
LEFT JOIN organisations o ON o.id = c.organisation_id LEFT JOIN users a ON a.id = c.advies_door`

func scanConsultatie(sc interface{ Scan(...any) error }, extra ...any) (Consultatie, error) {
	var c Consultatie
	var soort string
	var at sql.NullTime
	err := sc.Scan(append([]any{&c.ID, &c.TrajectoryID, &c.TeamOrgID, &c.Team, &soort, &c.Vraag, &c.GevraagdDoor, &c.GevraagdOrg,
		&c.GevraagdAt, &c.Bespreekdag, &c.Advies, &at, &c.AdviesDoor}, extra...)...)
	c.Soort, c.AdviesAt = Team(soort), at.Time
	return c, err
}

func consultaties(ctx context.Context, q database.Querier, id int64) ([]Consultatie, error) {
	rows, err := q.Query(ctx, "SELECT "+consultatieCols+consultatieFrom+" WHERE c.trajectory_id = ? ORDER BY c.id", id)
	if err != nil {
		return nil, fmt.Errorf("consultations of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Consultatie
	for rows.Next() {
		c, err := scanConsultatie(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TeamInfo is an expert team a case can be brought to.
type TeamInfo struct {
	OrgID    int64
	Naam     string
	Soort    Team
	RegionID int64 // the region the team works in
}

// Label names the team with its kind and its days, for a chooser.
func (t TeamInfo) Label() string {
	return t.Naam + " (" + t.Soort.Label() + ", " + t.Soort.Moment() + ")"
}

// Teams lists the registered expert teams by name; regionID not 0 keeps
// those of that region.
func Teams(ctx context.Context, q database.Querier, regionID int64) ([]TeamInfo, error) {
	rows, err := q.Query(ctx, `SELECT t.organisation_id, o.name, t.soort, COALESCE(o.region_id, 0) FROM seg1_teams t JOIN organisations o ON o.id = t.organisation_id ORDER BY o.name`)
	if err != nil {
		return nil, fmt.Errorf("expert teams: %w", err)
	}
	defer rows.Close()
	var out []TeamInfo
	for rows.Next() {
		var t TeamInfo
		var soort string
		if err := rows.Scan(&t.OrgID, &t.Naam, &soort, &t.RegionID); err != nil {
			return nil, err
		}
		t.Soort = Team(soort)
		if regionID == 0 || t.RegionID == regionID {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// SetTeam registers organisation orgID as an expert team of kind soort
// (configuration, not client data: the demo and an administrator set it).
func SetTeam(ctx context.Context, db *database.DB, orgID int64, soort Team) error {
	if soort != TeamRET && soort != TeamBT {
		return fmt.Errorf("segment1: unknown team kind %q", soort)
	}
	return db.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM seg1_teams WHERE organisation_id = ?", orgID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO seg1_teams (organisation_id, soort) VALUES (?, ?)", orgID, string(soort))
		return err
	})
}

func teamOf(ctx context.Context, q database.Querier, orgID int64) (TeamInfo, bool, error) {
	var t TeamInfo
	var soort string
	err := q.QueryRow(ctx, `SELECT t.organisation_id, o.name, t.soort, COALESCE(o.region_id, 0) FROM seg1_teams t JOIN organisations o ON o.id = t.organisation_id
		WHERE t.organisation_id = ?`, orgID).Scan(&t.OrgID, &t.Naam, &soort, &t.RegionID)
	if errors.Is(err, database.ErrNoRows) {
		return t, false, nil
	}
	t.Soort = Team(soort)
	return t, err == nil, err
}
