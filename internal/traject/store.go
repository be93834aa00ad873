package traject

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
)

// Service runs the referral route. Every method that touches a trajectory
// goes through the access gate: one transaction with its log entry.
type Service struct {
	Gate    *access.Gate
	Clients *client.Store
	Now     func() time.Time
	// Decide's side effects: the beschikking and the JW301. Set by New.
	allocator Allocator
}

// Allocator makes the documents and messages of a positive decision inside
// the decision's transaction.
type Allocator interface {
	Allocate(ctx context.Context, tx *database.Tx, t Trajectory, d Decision, now time.Time) (Toewijzing, error)
}

// New returns a Service.
func New(gate *access.Gate, clients *client.Store, alloc Allocator) *Service {
	return &Service{Gate: gate, Clients: clients, Now: time.Now, allocator: alloc}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

const selectTrajectory = `SELECT id, client_id, route, municipality_id, referrer_org_id, eerste_melding, step, ipva_version,
ipva_done_on, ipva_late_reason, COALESCE(arrangement, 0), COALESCE(intensiteit, 0), COALESCE(provider_id, 0), provider_status, provider_reason,
ipva_shared_on, plan_submitted_at, akkoord, akkoord_note, geldkwestie, aanvraag_at, besluit, besluit_at, created_at, updated_at FROM trajectories`

type scanner interface{ Scan(...any) error }

func scanTrajectory(sc scanner) (Trajectory, error) {
	var t Trajectory
	var route, step string
	var done, shared, planAt, aanvraagAt, besluitAt sql.NullTime
	err := sc.Scan(&t.ID, &t.ClientID, &route, &t.MunicipalityID, &t.ReferrerOrgID, &t.EersteMelding, &step, &t.IPVAVersion,
		&done, &t.IPVALateReason, &t.Arrangement, &t.Intensiteit, &t.ProviderID, &t.ProviderStatus, &t.ProviderReason,
		&shared, &planAt, &t.Akkoord, &t.AkkoordNote, &t.Geldkwestie, &aanvraagAt, &t.Besluit, &besluitAt, &t.CreatedAt, &t.UpdatedAt)
	t.Route, t.Step = Route(route), Step(step)
	t.IPVADoneOn, t.IPVASharedOn, t.PlanSubmittedAt, t.AanvraagAt, t.BesluitAt = done.Time, shared.Time, planAt.Time, aanvraagAt.Time, besluitAt.Time
	return t, err
}

func dateStr(t time.Time) string { return t.Format("2006-01-02") }

// clientOf finds the client of a trajectory: the key the gate checks. The
// pair of ids is no personal data.
func (s *Service) clientOf(ctx context.Context, id int64) (int64, error) {
	var cid int64
	err := s.Gate.DB.QueryRow(ctx, "SELECT client_id FROM trajectories WHERE id = ?", id).Scan(&cid)
	if errors.Is(err, database.ErrNoRows) {
		return 0, ErrNotFound
	}
	return cid, err
}

func mapErr(err error) error {
	if errors.Is(err, access.ErrRefused) {
		return ErrNotFound
	}
	return err
}

// read loads trajectory id for p, logged as a read of object.
func (s *Service) read(ctx context.Context, p access.Principal, id int64, object string, purpose access.Purpose, fn func(tx *database.Tx, t Trajectory) error) error {
	cid, err := s.clientOf(ctx, id)
	if err != nil {
		return err
	}
	return mapErr(s.Gate.Client(ctx, p, cid, access.Op{Action: access.Lezen, Object: object, Purpose: purpose}, func(tx *database.Tx, _ access.View) error {
		t, err := scanTrajectory(tx.QueryRow(ctx, selectTrajectory+" WHERE id = ?", id))
		if err != nil {
			return fmt.Errorf("read trajectory %d: %w", id, err)
		}
		return fn(tx, t)
	}))
}

// change runs fn on trajectory id for p as one logged transaction; the
// trajectory is re-read inside the transaction, so checks see the current
// state.
func (s *Service) change(ctx context.Context, p access.Principal, id int64, object string, purpose access.Purpose, fn func(tx *database.Tx, t Trajectory) error) error {
	cid, err := s.clientOf(ctx, id)
	if err != nil {
		return err
	}
	return mapErr(s.Gate.Client(ctx, p, cid, access.Op{Action: access.Wijzigen, Object: object, Purpose: purpose}, func(tx *database.Tx, _ access.View) error {
		q := selectTrajectory + " WHERE id = ?"
		if tx.Dialect == database.Postgres {
			q += " FOR UPDATE"
		}
		t, err := scanTrajectory(tx.QueryRow(ctx, q, id))
		if err != nil {
			return fmt.Errorf("read trajectory %d: %w", id, err)
		}
		return fn(tx, t)
	}))
}

func (s *Service) setStep(ctx context.Context, tx *database.Tx, id int64, step Step, extra string, args ...any) error {
	q := "UPDATE trajectories SET step = ?, updated_at = ?"
	if extra != "" {
		q += ", " + extra
	}
	all := append([]any{string(step), s.now()}, args...)
	all = append(all, id)
	if _, err := tx.Exec(ctx, q+" WHERE id = ?", all...); err != nil {
		return fmt.Errorf("trajectory %d to step %s: %w", id, step, err)
	}
	return s.refreshNext(ctx, tx, id)
}

// refreshNext stores the owner and due date of the next action.
func (s *Service) refreshNext(ctx context.Context, tx *database.Tx, id int64) error {
	t, err := scanTrajectory(tx.QueryRow(ctx, selectTrajectory+" WHERE id = ?", id))
	if err != nil {
		return fmt.Errorf("read trajectory %d: %w", id, err)
	}
	var owner, due any
	if a, ok := t.Next(); ok {
		owner, due = a.OwnerOrgID, dateStr(a.Due)
	}
	if _, err := tx.Exec(ctx, "UPDATE trajectories SET owner_org_id = ?, due_on = ? WHERE id = ?", owner, due, id); err != nil {
		return fmt.Errorf("trajectory %d next action: %w", id, err)
	}
	return nil
}

// Relation is a parent or custodian.
type Relation struct {
	Name     string `json:"naam"`
	Relation string `json:"relatie"` // ouder, voogd, pleegouder, …
	Gezag    bool   `json:"gezag"`
	Phone    string `json:"telefoon,omitempty"`
	Email    string `json:"email,omitempty"`
}

// StartInput registers a request for help (hulpvraag).
type StartInput struct {
	Client        client.Input `json:"jeugdige"`
	EersteMelding string       `json:"eerste_melding"` // YYYY-MM-DD
	Relations     []Relation   `json:"gezaghebbenden"`
}

// Started tells what Start did.
type Started struct {
	TrajectoryID int64
	ClientID     int64
	// Running is set when the youth has another trajectory that is still
	// open (R-IPVA-5): a warning, not a refusal.
	Running bool
}

// Start registers a new youth with a request for help on the Toegang route
// and opens the trajectory at step IPVA, all in one transaction.
func (s *Service) Start(ctx context.Context, p access.Principal, in StartInput) (Started, error) {
	today := s.now()
	fe := client.FieldErrors{}
	em, err := time.Parse("2006-01-02", in.EersteMelding)
	switch {
	case err != nil:
		fe["eerste_melding"] = "Vul de datum van de eerste melding in als JJJJ-MM-DD."
	case em.After(today):
		fe["eerste_melding"] = "De eerste melding ligt in de toekomst."
	}
	if len(in.Relations) == 0 {
		fe["gezaghebbenden"] = "Vul minstens één ouder of gezaghebbende in."
	}
	for _, r := range in.Relations {
		if r.Name == "" || len([]rune(r.Name)) > 200 || r.Relation == "" {
			fe["gezaghebbenden"] = "Vul van elke ouder of gezaghebbende de naam en de relatie in."
		}
	}
	if _, cfe := in.Client.Validate(today); cfe != nil {
		for k, v := range cfe {
			fe[k] = v
		}
	}
	if len(fe) > 0 {
		return Started{}, fe
	}
	if !p.Has(access.Toegangsmedewerker) {
		return Started{}, refuse("Alleen een toegangsmedewerker registreert een hulpvraag via de Toegang.")
	}
	var out Started
	extra := func(tx *database.Tx, clientID int64) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM trajectories WHERE client_id = ? AND step NOT IN ('toegewezen', 'afgewezen')", clientID).Scan(&n); err != nil {
			return err
		}
		out.Running = n > 0
		var mid int64
		if err := tx.QueryRow(ctx, "SELECT municipality_id FROM clients WHERE id = ?", clientID).Scan(&mid); err != nil {
			return err
		}
		now := s.now()
		id, err := tx.InsertID(ctx, `INSERT INTO trajectories (client_id, route, municipality_id, referrer_org_id, eerste_melding, step, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, clientID, string(RouteToegang), mid, p.OrgID, dateStr(em), string(StepIPVA), now, now)
		if err != nil {
			return err
		}
		out.TrajectoryID = id
		if err := s.refreshNext(ctx, tx, id); err != nil {
			return err
		}
		for _, r := range in.Relations {
			if _, err := tx.Exec(ctx, "INSERT INTO client_relations (client_id, name, relation, gezag, phone, email) VALUES (?, ?, ?, ?, ?, ?)",
				clientID, r.Name, r.Relation, r.Gezag, r.Phone, r.Email); err != nil {
				return err
			}
		}
		return nil
	}
	cid, err := s.Clients.CreateWith(ctx, p, in.Client, access.Hulpverlening, extra)
	if err != nil {
		return Started{}, err
	}
	out.ClientID = cid
	return out, nil
}

// View is a trajectory as shown to a user: the trajectory, the youth, its
// relations, consents and signatures, and what is due next.
type View struct {
	Trajectory
	Client     client.Client
	Relations  []Relation
	IPVA       json.RawMessage
	Plan       json.RawMessage
	Consents   []Consent
	Signatures []Signature
	Next       Action
	HasNext    bool
	Toewijzing *Toewijzing
	// Gaps lists what the IPVA still lacks while the trajectory is at step
	// IPVA (content, signatures by age, consent).
	Gaps []ipva.Gap
}

// Consent to share the IPVA with one provider.
type Consent struct {
	ID          int64     `json:"id"`
	ProviderID  int64     `json:"aanbieder_id"`
	Form        string    `json:"vorm"`
	GivenBy     string    `json:"gegeven_door"`
	GivenOn     time.Time `json:"gegeven_op"`
	Withdrawn   bool      `json:"ingetrokken"`
	WithdrawnAt time.Time `json:"ingetrokken_op,omitzero"`
}

// Signature on the IPVA.
type Signature struct {
	Signer   string    `json:"ondertekenaar"` // auteur, jeugdige, gezaghebbende
	Name     string    `json:"naam"`
	SignedOn time.Time `json:"datum"`
}

// Toewijzing is the allocation that ends the referral route.
type Toewijzing struct {
	ID              int64     `json:"id"`
	Nummer          int64     `json:"toewijzingnummer"`
	ProviderID      int64     `json:"aanbieder_id"`
	ProductCategory string    `json:"productcategorie"`
	ProductCode     string    `json:"productcode"`
	Ingangsdatum    time.Time `json:"ingangsdatum"`
	Einddatum       time.Time `json:"einddatum"`
	Beschikking     bool      `json:"beschikking"`
}

// Get reads a trajectory with everything on its page, as one logged read.
func (s *Service) Get(ctx context.Context, p access.Principal, id int64, purpose access.Purpose) (View, error) {
	var v View
	err := s.read(ctx, p, id, "traject", purpose, func(tx *database.Tx, t Trajectory) error {
		v.Trajectory = t
		v.Next, v.HasNext = t.Next()
		var ipvaRaw, plan string
		if err := tx.QueryRow(ctx, "SELECT ipva_json, plan_json FROM trajectories WHERE id = ?", id).Scan(&ipvaRaw, &plan); err != nil {
			return err
		}
		v.IPVA, v.Plan = json.RawMessage(ipvaRaw), json.RawMessage(plan)
		var err error
		if v.Client, err = s.Clients.InTx(ctx, tx, t.ClientID, p.View()); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT name, relation, gezag, phone, email FROM client_relations WHERE client_id = ? ORDER BY id", t.ClientID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r Relation
			if err := rows.Scan(&r.Name, &r.Relation, &r.Gezag, &r.Phone, &r.Email); err != nil {
				rows.Close()
				return err
			}
			v.Relations = append(v.Relations, r)
		}
		rows.Close()
		if v.Consents, err = consents(ctx, tx, id); err != nil {
			return err
		}
		if v.Signatures, err = signatures(ctx, tx, id); err != nil {
			return err
		}
		tw, err := toewijzing(ctx, tx, id)
		if err != nil {
			return err
		}
		v.Toewijzing = tw
		if t.Step == StepIPVA {
			doc, err := ipvaOf(ctx, tx, t)
			if err == nil {
				v.Gaps = doc.Missing(ipva.Route(t.Route))
			} else if !IsRefusal(err) {
				return err
			}
		}
		return nil
	})
	return v, err
}

func consents(ctx context.Context, tx *database.Tx, id int64) ([]Consent, error) {
	rows, err := tx.Query(ctx, "SELECT id, provider_id, form, given_by, given_on, withdrawn_at FROM consents WHERE trajectory_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		var w sql.NullTime
		if err := rows.Scan(&c.ID, &c.ProviderID, &c.Form, &c.GivenBy, &c.GivenOn, &w); err != nil {
			return nil, err
		}
		c.Withdrawn, c.WithdrawnAt = w.Valid, w.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

func signatures(ctx context.Context, tx *database.Tx, id int64) ([]Signature, error) {
	rows, err := tx.Query(ctx, "SELECT signer, name, signed_on FROM signatures WHERE trajectory_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Signature
	for rows.Next() {
		var sg Signature
		if err := rows.Scan(&sg.Signer, &sg.Name, &sg.SignedOn); err != nil {
			return nil, err
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

func toewijzing(ctx context.Context, tx *database.Tx, id int64) (*Toewijzing, error) {
	var tw Toewijzing
	var end sql.NullTime
	err := tx.QueryRow(ctx, "SELECT id, nummer, provider_id, product_category, product_code, ingangsdatum, einddatum, beschikking FROM toewijzingen WHERE trajectory_id = ?", id).
		Scan(&tw.ID, &tw.Nummer, &tw.ProviderID, &tw.ProductCategory, &tw.ProductCode, &tw.Ingangsdatum, &end, &tw.Beschikking)
	if errors.Is(err, database.ErrNoRows) {
		return nil, nil
	}
	tw.Einddatum = end.Time
	return &tw, err
}

// WorkItem is one open action on a user's start page.
type WorkItem struct {
	TrajectoryID int64
	ClientID     int64
	ClientName   string
	Action       Action
	Overdue      bool
	Geldkwestie  bool
}

// MyWork lists the open actions owned by p's organisation, overdue first,
// then by due date. Each youth shown is logged.
func (s *Service) MyWork(ctx context.Context, p access.Principal, limit int) ([]WorkItem, error) {
	items, _, err := s.MyWorkPage(ctx, p, limit)
	return items, err
}

// MyWorkPage is MyWork that also tells whether there are more actions than
// limit. It reads one row more than it shows, and logs only those shown.
func (s *Service) MyWorkPage(ctx context.Context, p access.Principal, limit int) ([]WorkItem, bool, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	var out []WorkItem
	more := false
	today := s.now()
	err := s.Gate.ListRead(ctx, p, access.Op{Action: access.Lijst, Object: "traject", Purpose: access.Hulpverlening},
		func(q database.Querier, sc access.Scope, _ access.View) ([]int64, error) {
			page, err := s.readWork(ctx, q, sc, limit)
			if err != nil {
				return nil, err
			}
			out, more = page.items, page.more
			ids := make([]int64, len(out))
			for i := range out {
				out[i].Overdue = out[i].Action.Overdue(today)
				ids[i] = out[i].ClientID
			}
			sortWork(out)
			return ids, nil
		})
	return out, more, mapErr(err)
}

type workPage struct {
	items []WorkItem
	more  bool
}

// readWork reads the open actions owned by the scope's organisation: one
// range scan of the (owner, due date, id) index, with only the columns the
// list shows. The action itself follows from the step; its owner and due
// date are the stored ones (refreshNext keeps them current).
func (s *Service) readWork(ctx context.Context, q database.Querier, sc access.Scope, limit int) (workPage, error) {
	cond, arg := sc.Where("c")
	rows, err := q.Query(ctx, `SELECT t.id, t.client_id, t.step, t.due_on, t.geldkwestie, c.given_name, c.family_name
		FROM trajectories t JOIN clients c ON c.id = t.client_id
		WHERE t.owner_org_id = ? AND `+cond+` ORDER BY t.due_on, t.id LIMIT ?`, sc.OrgID(), arg, limit+1)
	if err != nil {
		return workPage{}, fmt.Errorf("my work for organisation %d: %w", sc.OrgID(), err)
	}
	defer rows.Close()
	var page workPage
	for rows.Next() {
		var w WorkItem
		var step, given, family string
		if err := rows.Scan(&w.TrajectoryID, &w.ClientID, &step, &w.Action.Due, &w.Geldkwestie, &given, &family); err != nil {
			return workPage{}, fmt.Errorf("my work for organisation %d: %w", sc.OrgID(), err)
		}
		w.Action = actionOf(Step(step), sc.OrgID(), w.Action.Due)
		w.ClientName = given + " " + family
		page.items = append(page.items, w)
	}
	if err := rows.Err(); err != nil {
		return workPage{}, fmt.Errorf("my work for organisation %d: %w", sc.OrgID(), err)
	}
	if page.more = len(page.items) > limit; page.more {
		page.items = page.items[:limit]
	}
	return page, nil
}

// sortWork puts overdue actions first, then the earliest due date.
func sortWork(ws []WorkItem) {
	sort.SliceStable(ws, func(i, j int) bool {
		if ws[i].Overdue != ws[j].Overdue {
			return ws[i].Overdue
		}
		return ws[i].Action.Due.Before(ws[j].Action.Due)
	})
}

// ErrNoDocument: the trajectory has no such document or message (yet).
var ErrNoDocument = errors.New("traject: no such document")

// Beschikking returns the stored beschikking PDF, as one logged read.
func (s *Service) Beschikking(ctx context.Context, p access.Principal, id int64) ([]byte, error) {
	var pdf []byte
	err := s.read(ctx, p, id, "traject.beschikking", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		err := tx.QueryRow(ctx, "SELECT pdf FROM documents WHERE trajectory_id = ? AND kind = 'beschikking' ORDER BY id DESC LIMIT 1", id).Scan(&pdf)
		if errors.Is(err, database.ErrNoRows) {
			return ErrNoDocument
		}
		return err
	})
	return pdf, err
}

// JW301 returns the JW301 sent for the trajectory's toewijzing, as one
// logged read.
func (s *Service) JW301(ctx context.Context, p access.Principal, id int64) ([]byte, error) {
	var xml string
	err := s.read(ctx, p, id, "traject.jw301", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		err := tx.QueryRow(ctx, `SELECT m.xml FROM ijw_messages m JOIN toewijzingen tw ON tw.id = m.toewijzing_id
			WHERE tw.trajectory_id = ? AND m.type = 'JW301'`, id).Scan(&xml)
		if errors.Is(err, database.ErrNoRows) {
			return ErrNoDocument
		}
		return err
	})
	return []byte(xml), err
}

// CountWork counts the open actions owned by p's organisation. A count is
// no data about any youth, so it is not logged.
func (s *Service) CountWork(ctx context.Context, p access.Principal) (int, error) {
	var n int
	err := s.Gate.DB.QueryRow(ctx, "SELECT COUNT(*) FROM trajectories WHERE owner_org_id = ?", p.OrgID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count work of organisation %d: %w", p.OrgID, err)
	}
	return n, nil
}

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
