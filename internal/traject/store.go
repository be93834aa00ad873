package traject

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// Service runs the referral routes. Every method that touches a trajectory
// goes through the access gate: one transaction with its log entry.
type Service struct {
	Gate    *access.Gate
	Clients *client.Store
	Now     func() time.Time
	// Cal is the calendar every term is computed on.
	Cal kalender.Calendar
	// Allocator writes a positive decision's documents and messages.
	Allocator *toewijzing.Allocator
}

// New returns a Service.
func New(gate *access.Gate, clients *client.Store, alloc *toewijzing.Allocator) *Service {
	return &Service{Gate: gate, Clients: clients, Now: time.Now, Cal: kalender.Default, Allocator: alloc}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

const selectTrajectory = `SELECT id, client_id, route, municipality_id, referrer_org_id, eerste_melding, step, ipva_version,
ipva_done_on, ipva_late_reason, COALESCE(arrangement, 0), COALESCE(intensiteit, 0), COALESCE(provider_id, 0), provider_status, provider_reason,
ipva_shared_on, plan_submitted_at, akkoord, akkoord_note, geldkwestie, aanvraag_at, besluit, besluit_at,
grondslag_json, bepaling_at, zorg_start, verzoek_at, onderzoek_tot, geldkwestie_uitkomst, geldkwestie_toelichting, geldkwestie_at,
created_at, updated_at FROM trajectories`

type scanner interface{ Scan(...any) error }

func scanTrajectory(sc scanner) (Trajectory, error) {
	var t Trajectory
	var route, step, grondslag string
	var done, shared, planAt, aanvraagAt, besluitAt, bepalingAt, zorgStart, verzoekAt, onderzoekTot, geldAt sql.NullTime
	err := sc.Scan(&t.ID, &t.ClientID, &route, &t.MunicipalityID, &t.ReferrerOrgID, &t.EersteMelding, &step, &t.IPVAVersion,
		&done, &t.IPVALateReason, &t.Arrangement, &t.Intensiteit, &t.ProviderID, &t.ProviderStatus, &t.ProviderReason,
		&shared, &planAt, &t.Akkoord, &t.AkkoordNote, &t.Geldkwestie, &aanvraagAt, &t.Besluit, &besluitAt,
		&grondslag, &bepalingAt, &zorgStart, &verzoekAt, &onderzoekTot, &t.GeldkwestieUitkomst, &t.GeldkwestieToelichting, &geldAt,
		&t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return t, err
	}
	t.Route, t.Step = Route(route), Step(step)
	t.IPVADoneOn, t.IPVASharedOn, t.PlanSubmittedAt, t.AanvraagAt, t.BesluitAt = done.Time, shared.Time, planAt.Time, aanvraagAt.Time, besluitAt.Time
	t.BepalingAt, t.ZorgStart, t.VerzoekAt, t.OnderzoekTot = bepalingAt.Time, zorgStart.Time, verzoekAt.Time, onderzoekTot.Time
	t.GeldkwestieAt = geldAt.Time
	if err := json.Unmarshal([]byte(grondslag), &t.Grondslag); err != nil {
		return t, fmt.Errorf("grondslag of trajectory %d: %w", t.ID, err)
	}
	return t, nil
}

func dateStr(t time.Time) string { return t.Format("2006-01-02") }

// caseOf finds the youth of a trajectory: the key the gate checks. The pair
// of ids is no personal data.
func (s *Service) caseOf(ctx context.Context, id int64) (access.Case, error) {
	c := access.Case{TrajectoryID: id}
	err := s.Gate.DB.QueryRow(ctx, "SELECT client_id FROM trajectories WHERE id = ?", id).Scan(&c.ClientID)
	if errors.Is(err, database.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// MayRead refuses, logged as a refused read of object, a reader whose roles
// do not see every one of parts; the caller then answers "not found".
func (s *Service) MayRead(ctx context.Context, p access.Principal, id int64, object string, purpose access.Purpose, parts ...access.Part) error {
	if p.SeesAll(parts...) {
		return nil
	}
	c, err := s.caseOf(ctx, id)
	if err != nil {
		return err
	}
	return mapErr(s.Gate.Refuse(ctx, p, c, access.Op{Action: access.Lezen, Object: object, Purpose: purpose}))
}

// purposeFor is want when p's roles may give it, else p's usual purpose.
func purposeFor(p access.Principal, want access.Purpose) access.Purpose {
	if access.AllowedPurpose(p, access.Lezen, want) {
		return want
	}
	return access.DefaultPurpose(p)
}

func mapErr(err error) error {
	if errors.Is(err, access.ErrRefused) || errors.Is(err, access.ErrPurpose) {
		return ErrNotFound
	}
	return err
}

// read loads trajectory id for p, logged as a read of object. Only an
// organisation linked to this trajectory passes; a link to another
// trajectory of the same youth is not enough. It reads on the read pool;
// the log entry is durable before read returns.
func (s *Service) read(ctx context.Context, p access.Principal, id int64, object string, purpose access.Purpose, fn func(tx *database.Tx, t Trajectory) error) error {
	c, err := s.caseOf(ctx, id)
	if err != nil {
		return err
	}
	return mapErr(s.Gate.TrajectoryRead(ctx, p, c, access.Op{Action: access.Lezen, Object: object, Purpose: purpose}, func(tx *database.Tx, _ access.View) error {
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
	c, err := s.caseOf(ctx, id)
	if err != nil {
		return err
	}
	return mapErr(s.Gate.Trajectory(ctx, p, c, access.Op{Action: access.Wijzigen, Object: object, Purpose: purpose}, func(tx *database.Tx, _ access.View) error {
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

// Relation is a parent or custodian (client.Relation).
type Relation = client.Relation

// StartInput registers a request for help (hulpvraag) on the route of the
// registering user: a Toegang worker on the Toegang route, a GI worker on a
// court order, a GP, youth doctor or medical specialist on the medical
// route. The web form and the API fill the same input.
type StartInput struct {
	Client        client.Input `json:"jeugdige"`
	EersteMelding string       `json:"eerste_melding"` // YYYY-MM-DD; on the GI route the day the GI received the order
	Relations     []Relation   `json:"gezaghebbenden"`
	// Maatregel: the court order (GI route only).
	Maatregel *Maatregel `json:"maatregel,omitempty"`
	// Verwijzer and AanbiederID: the medical referral (medical route only).
	Verwijzer   *Verwijzer `json:"verwijzer,omitempty"`
	AanbiederID int64      `json:"aanbieder_id,omitempty"`
}

// Started tells what Start did.
type Started struct {
	TrajectoryID int64
	ClientID     int64
	Route        Route
	// Known is set when the youth was registered before: the new trajectory
	// opens on the existing record.
	Known bool
	// Running is set when the youth has another trajectory that is still
	// open (R-IPVA-5): a warning, not a refusal.
	Running bool
}

// RouteFor is the route a user with p's roles registers on, and false when
// p registers on none.
func RouteFor(p access.Principal) (Route, bool) {
	switch {
	case p.Has(access.Toegangsmedewerker):
		return RouteToegang, true
	case p.Has(access.GIMedewerker):
		return RouteGI, true
	case p.Has(access.VerwijzerMedisch):
		return RouteMedisch, true
	}
	return "", false
}

// Start registers a request for help and opens a trajectory at step IPVA on
// the user's route, all in one transaction: the youth's record (or the
// existing one for a known BSN), the parents, the trajectory with its
// basis, its first obligation, the links and the history event.
func (s *Service) Start(ctx context.Context, p access.Principal, in StartInput) (Started, error) {
	today := s.now()
	route, ok := RouteFor(p)
	if !ok {
		// Logged: a registration is also a probe whether a BSN is known.
		if err := s.Gate.Refuse(ctx, p, access.Case{}, access.Op{Action: access.Aanmaken, Object: "traject", Purpose: access.DefaultPurpose(p)}); !errors.Is(err, access.ErrRefused) {
			return Started{}, err
		}
		return Started{}, refuse("Uw rol registreert geen hulpvraag: dat doen de Toegang, een gecertificeerde instelling en een verwijzer uit het medisch domein.")
	}
	fe := client.FieldErrors{}
	em := startFields(fe, &in, today)
	c, cfe := in.Client.Validate(today)
	for k, v := range cfe {
		fe[k] = v
	}
	var g Grondslag
	switch route {
	case RouteGI:
		if in.Maatregel == nil {
			fe["maatregel"] = "Vul de maatregel van de rechter in: soort, datum en kenmerk van de uitspraak en het rapport van de Raad voor de Kinderbescherming."
		} else {
			m := *in.Maatregel
			m.validate(fe, today)
			g.Maatregel = &m
		}
	case RouteMedisch:
		if in.Verwijzer == nil {
			fe["verwijzer"] = "Vul de verwijzer in: soort, AGB- of UZI-code en naam."
		} else {
			v := *in.Verwijzer
			v.validate(fe)
			g.Verwijzer = &v
		}
		if in.AanbiederID == 0 {
			fe["aanbieder_id"] = "Kies de jeugdhulpaanbieder waarnaar u verwijst."
		}
	}
	if route != RouteGI && in.Maatregel != nil {
		fe["maatregel"] = "Alleen een gecertificeerde instelling registreert een maatregel van de rechter."
	}
	if route != RouteMedisch && (in.Verwijzer != nil || in.AanbiederID != 0) {
		fe["verwijzer"] = "Alleen een verwijzer uit het medisch domein verwijst rechtstreeks naar een aanbieder."
	}
	if len(fe) > 0 {
		return Started{}, fe
	}
	out := Started{Route: route}
	cs, err := s.Gate.Register(ctx, p, access.Op{Action: access.Aanmaken, Object: "traject", Purpose: access.Hulpverlening}, "hulpvraag geregistreerd ("+RouteLabel(route)+")",
		func(tx *database.Tx) (access.Case, error) {
			var cs access.Case
			var err error
			if cs.ClientID, out.Known, err = s.Clients.FindOrInsert(ctx, tx, c, today); err != nil {
				return cs, err
			}
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM trajectories WHERE client_id = ? AND step NOT IN ('toegewezen', 'afgewezen')", cs.ClientID).Scan(&n); err != nil {
				return cs, err
			}
			out.Running = n > 0
			rec, err := s.Clients.InTx(ctx, tx, cs.ClientID, access.View{Address: true})
			if err != nil {
				return cs, err
			}
			mid := rec.MunicipalityID
			var provider any
			if route == RouteMedisch {
				if err := isProvider(ctx, tx, in.AanbiederID); err != nil {
					return cs, err
				}
				provider = in.AanbiederID
			}
			cs.TrajectoryID, err = tx.InsertID(ctx, `INSERT INTO trajectories (client_id, route, municipality_id, referrer_org_id, eerste_melding, step, grondslag_json, provider_id, provider_status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, cs.ClientID, string(route), mid, p.OrgID, dateStr(em), string(StepIPVA), g.json(), provider, providerStatus(route), today, today)
			if err != nil {
				return cs, err
			}
			if route == RouteMedisch {
				if err := access.Link(ctx, tx, cs, in.AanbiederID, "verwijzing medisch domein", today); err != nil {
					return cs, err
				}
			}
			if err := client.AddRelations(ctx, tx, cs.ClientID, in.Relations); err != nil {
				return cs, err
			}
			t, err := scanTrajectory(tx.QueryRow(ctx, selectTrajectory+" WHERE id = ?", cs.TrajectoryID))
			if err != nil {
				return cs, err
			}
			if err := s.openNext(ctx, tx, t, today); err != nil {
				return cs, err
			}
			return cs, s.record(ctx, tx, p, cs.TrajectoryID, EventRegistratie, "Hulpvraag geregistreerd: "+RouteLabel(route)+"; eerste melding "+kalender.Datum(em))
		})
	if err != nil {
		return Started{}, mapErr(err)
	}
	out.TrajectoryID, out.ClientID = cs.TrajectoryID, cs.ClientID
	return out, nil
}

func providerStatus(r Route) string {
	if r == RouteMedisch {
		return "verwezen"
	}
	return ""
}

// isProvider refuses an id that is not a provider.
func isProvider(ctx context.Context, tx *database.Tx, id int64) error {
	o, err := organisation.Get(ctx, tx, id)
	if errors.Is(err, organisation.ErrNotFound) || (err == nil && o.Kind != organisation.Aanbieder) {
		return refuse("Kies een bestaande jeugdhulpaanbieder.")
	}
	return err
}

// View is a trajectory as shown to a user: the trajectory, the youth, its
// relations, consents and signatures, its open actions, its history, and
// the documents and messages it produced.
type View struct {
	Trajectory
	Client     client.Client
	Relations  []Relation
	IPVA       json.RawMessage
	Plan       json.RawMessage
	Consents   []Consent
	Signatures []Signature
	// Actions are the open obligations, earliest due first; Next is the
	// first of them.
	Actions    []Action
	Next       Action
	HasNext    bool
	Toewijzing *toewijzing.Toewijzing
	History    []Event
	Documents  []document.Stored // without their contents
	Messages   []berichten.Bericht
	// Gaps lists what the IPVA still lacks while the trajectory is at step
	// IPVA (content, signatures by age, consent).
	Gaps []ipva.Gap
	// Warnings are said at the akkoord when the beknopt plan and the
	// arrangement disagree (PlanWarnings).
	Warnings []string
	// Remarks is the thread between referrer and provider.
	Remarks []Remark
	// Leveringen are the starts and stops of care on the toewijzing;
	// Garanties the resumptions under the garantie na einde zorg.
	Leveringen []levering.Levering
	Garanties  []levering.Garantie
	// Wijzigingen are the provider's verzoeken om wijziging (JW317) the
	// municipality received, newest first.
	Wijzigingen []toewijzing.Wijzigingsverzoek
	// Products are the segment-3 products chosen with the arrangement
	// (step 5a), none for an arrangement code.
	Products []arrangement.Product
}

// Consent to share the IPVA with one provider.
type Consent struct {
	ID           int64     `json:"id"`
	ProviderID   int64     `json:"aanbieder_id"`
	ProviderName string    `json:"aanbieder"`
	Form         string    `json:"vorm"`
	GivenBy      string    `json:"gegeven_door"`
	GivenOn      time.Time `json:"gegeven_op"`
	Withdrawn    bool      `json:"ingetrokken"`
	WithdrawnAt  time.Time `json:"ingetrokken_op,omitzero"`
}

// Signature on the IPVA.
type Signature struct {
	Signer   string    `json:"ondertekenaar"` // auteur, jeugdige, gezaghebbende
	Name     string    `json:"naam"`
	SignedOn time.Time `json:"datum"`
}

// Get reads a trajectory with everything on its page, as one logged read.
func (s *Service) Get(ctx context.Context, p access.Principal, id int64, purpose access.Purpose) (View, error) {
	var v View
	err := s.read(ctx, p, id, "traject", purpose, func(tx *database.Tx, t Trajectory) error {
		v.Trajectory = t
		var ipvaRaw, plan string
		if err := tx.QueryRow(ctx, "SELECT ipva_json, plan_json FROM trajectories WHERE id = ?", id).Scan(&ipvaRaw, &plan); err != nil {
			return err
		}
		v.IPVA, v.Plan = json.RawMessage(ipvaRaw), json.RawMessage(plan)
		var err error
		if v.Client, err = s.Clients.InTx(ctx, tx, t.ClientID, p.View()); err != nil {
			return err
		}
		if v.Relations, err = client.Relations(ctx, tx, t.ClientID); err != nil {
			return err
		}
		if v.Consents, err = consents(ctx, tx, id); err != nil {
			return err
		}
		if v.Signatures, err = signatures(ctx, tx, id); err != nil {
			return err
		}
		if v.Actions, err = openActions(ctx, tx, id); err != nil {
			return err
		}
		for _, a := range v.Actions {
			if !a.Question && !a.Segment1 {
				v.Next, v.HasNext = a, true
				break
			}
		}
		if v.Toewijzing, err = toewijzing.Of(ctx, tx, id); err != nil {
			return err
		}
		if v.History, err = history(ctx, tx, id); err != nil {
			return err
		}
		if v.Documents, err = document.Kinds(ctx, tx, id); err != nil {
			return err
		}
		if v.Messages, err = berichten.Of(ctx, tx, id); err != nil {
			return err
		}
		if v.Remarks, err = remarks(ctx, tx, id); err != nil {
			return err
		}
		if _, v.Products, err = choice(ctx, tx, id); err != nil {
			return err
		}
		if v.Toewijzing != nil {
			if v.Leveringen, err = levering.OfTrajectory(ctx, tx, id); err != nil {
				return err
			}
			if v.Garanties, err = levering.Garanties(ctx, tx, v.Toewijzing.ID); err != nil {
				return err
			}
			if v.Wijzigingen, err = toewijzing.Wijzigingen(ctx, tx, id); err != nil {
				return err
			}
		}
		if t.Step == StepAkkoord {
			var plan ipva.BeknoptPlan
			if json.Unmarshal(v.Plan, &plan) == nil {
				v.Warnings = PlanWarnings(t, plan)
			}
		}
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
	return redact(v, p), err
}

// History reads the history of a trajectory, as one logged read.
func (s *Service) History(ctx context.Context, p access.Principal, id int64, purpose access.Purpose) ([]Event, error) {
	if err := s.MayRead(ctx, p, id, "traject.geschiedenis", purpose, access.PartVerloop); err != nil {
		return nil, err
	}
	var out []Event
	err := s.read(ctx, p, id, "traject.geschiedenis", purpose, func(tx *database.Tx, _ Trajectory) error {
		var err error
		out, err = history(ctx, tx, id)
		return err
	})
	return out, err
}

// openActions lists the open obligations of trajectory id as actions.
func openActions(ctx context.Context, q database.Querier, id int64) ([]Action, error) {
	obs, err := werk.Of(ctx, q, id)
	if err != nil {
		return nil, err
	}
	var out []Action
	for _, o := range obs {
		if !o.DoneAt.IsZero() {
			continue
		}
		out = append(out, actionOfObligation(o))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out, nil
}

func actionOfObligation(o werk.Obligation) Action {
	a := Action{Label: o.Label, Party: partyOf(o.OwnerRole), Role: o.OwnerRole, OwnerOrgID: o.OwnerOrgID, Due: o.DueAt}
	// Only a route's step has a Step; a question, the start of care or a
	// refusal to talk through are duties beside the route.
	if step, ok := strings.CutPrefix(o.Kind, "stap:"); ok {
		a.Step = Step(step)
	}
	a.Question = strings.HasPrefix(o.Kind, werk.KindVraag)
	a.Segment1 = strings.HasPrefix(o.Kind, werk.KindSegment1)
	return a
}

// partyOf is the party a role acts for on the routes' steps.
func partyOf(r access.Role) Party {
	switch r {
	case access.Jeugdhulpaanbieder:
		return PartyAanbieder
	case access.Backoffice:
		return PartyGemeente
	}
	return PartyVerwijzer
}

func consents(ctx context.Context, tx *database.Tx, id int64) ([]Consent, error) {
	rows, err := tx.Query(ctx, `SELECT c.id, c.provider_id, o.name, c.form, c.given_by, c.given_on, c.withdrawn_at
		FROM consents c JOIN organisations o ON o.id = c.provider_id WHERE c.trajectory_id = ? ORDER BY c.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Consent
	for rows.Next() {
		var c Consent
		var w sql.NullTime
		if err := rows.Scan(&c.ID, &c.ProviderID, &c.ProviderName, &c.Form, &c.GivenBy, &c.GivenOn, &w); err != nil {
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

// WorkItem is one open action on a user's start page.
type WorkItem struct {
	TrajectoryID int64
	ClientID     int64
	ClientName   string
	Action       Action
	Overdue      bool
}

// MyWork lists the open actions owned by p's organisation and roles,
// overdue first, then by due moment. Each youth shown is logged.
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
	now := s.now()
	err := s.Gate.ListRead(ctx, p, access.Op{Action: access.Lijst, Object: "traject", Purpose: access.DefaultPurpose(p)},
		func(q database.Querier, sc access.Scope, _ access.View) ([]int64, error) {
			items, m, err := werk.List(ctx, q, sc, p.Roles, limit)
			if err != nil {
				return nil, err
			}
			more = m
			ids := make([]int64, len(items))
			out = make([]WorkItem, len(items))
			for i, it := range items {
				out[i] = WorkItem{TrajectoryID: it.TrajectoryID, ClientID: it.ClientID, ClientName: it.ClientName,
					Action: actionOfObligation(it.Obligation), Overdue: it.Overdue(now)}
				ids[i] = it.ClientID
			}
			return ids, nil
		})
	return out, more, mapErr(err)
}

// ErrNoDocument: the trajectory has no such document or message (yet).
var ErrNoDocument = errors.New("traject: no such document")

// Document returns the newest stored document of kind (the beschikking,
// the GI's bepaling letter), as one logged read.
func (s *Service) Document(ctx context.Context, p access.Principal, id int64, kind string) ([]byte, error) {
	if err := s.MayRead(ctx, p, id, "traject.document."+kind, purposeFor(p, access.Toewijzing), DocumentParts(kind)...); err != nil {
		return nil, err
	}
	var pdf []byte
	err := s.read(ctx, p, id, "traject.document."+kind, purposeFor(p, access.Toewijzing), func(tx *database.Tx, t Trajectory) error {
		d, err := document.Latest(ctx, tx, id, kind)
		if errors.Is(err, document.ErrNotFound) {
			return ErrNoDocument
		}
		pdf = d.PDF
		return err
	})
	return pdf, err
}

// Beschikking returns the stored beschikking PDF, as one logged read.
func (s *Service) Beschikking(ctx context.Context, p access.Principal, id int64) ([]byte, error) {
	return s.Document(ctx, p, id, document.KindBeschikking)
}

// Message returns the newest stored iJw message of type typ of the
// trajectory, as one logged read.
func (s *Service) Message(ctx context.Context, p access.Principal, id int64, typ ijw.MessageType) ([]byte, error) {
	if err := s.MayRead(ctx, p, id, "traject."+strings.ToLower(string(typ)), purposeFor(p, access.Toewijzing), MessageParts(typ)...); err != nil {
		return nil, err
	}
	var xml []byte
	err := s.read(ctx, p, id, "traject."+strings.ToLower(string(typ)), purposeFor(p, access.Toewijzing), func(tx *database.Tx, t Trajectory) error {
		b, err := berichten.Latest(ctx, tx, id, typ)
		if errors.Is(err, berichten.ErrNotFound) {
			return ErrNoDocument
		}
		xml = b.XML
		return err
	})
	return xml, err
}

// JW301 returns the JW301 sent for the trajectory's toewijzing, as one
// logged read.
func (s *Service) JW301(ctx context.Context, p access.Principal, id int64) ([]byte, error) {
	return s.Message(ctx, p, id, ijw.TypeJW301)
}

// CountWork counts the open actions owned by p's organisation and roles. A
// count is no data about any youth, so it is not logged.
func (s *Service) CountWork(ctx context.Context, p access.Principal) (int, error) {
	return werk.Count(ctx, s.Gate.DB, p.OrgID, p.Roles)
}
