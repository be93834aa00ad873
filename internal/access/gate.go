// Package access decides who may see which client data and keeps the
// NEN 7513 access log (DOMAIN.md R-ROLE-1, R-ROLE-2).
//
// Every read and write of client data passes through the Gate: the client
// store's functions need a transaction handed out by the Gate, so there is
// no path to client data that skips the need-to-know check. The Gate allows
// an access only when
//
//   - one of the principal's roles grants the action (roles.go), and
//   - the principal's organisation is linked to the client's trajectory
//     (table client_links),
//
// and writes exactly one access-log entry per client for every attempt,
// allowed or refused. An allowed access and its log entry commit in the same
// transaction: data is never shown or changed without its trace.
//
// A list that only reads (ListRead) is the exception in form, not in effect:
// its entry names the set of youths shown, stored once and referred to by
// every later view of the same list, and the entries of concurrent lists are
// committed together (group commit); the caller shows the list only after
// its entry is durable. Reading the log expands a set into one entry per
// youth again.
package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Action is what was done with client data, as written in the log.
type Action string

const (
	Lezen      Action = "lezen"
	Aanmaken   Action = "aanmaken"
	Wijzigen   Action = "wijzigen"
	Lijst      Action = "lijst"
	Exporteren Action = "exporteren"
)

// Purpose is why client data was accessed (the "waarom" of NEN 7513).
type Purpose string

const (
	Hulpverlening    Purpose = "hulpverlening"
	Toewijzing       Purpose = "toewijzing"
	Declaratie       Purpose = "declaratie"
	Crisis           Purpose = "crisisinterventie"
	PrivacyOnderzoek Purpose = "privacy-onderzoek"
	Beheer           Purpose = "beheer"
)

// PurposeInfo is a purpose with its Dutch label, for the purpose chooser.
type PurposeInfo struct {
	Purpose Purpose
	Label   string
}

// Purposes lists the purposes a user can choose from.
func Purposes() []PurposeInfo {
	return []PurposeInfo{
		{Hulpverlening, "Hulpverlening aan de jeugdige"},
		{Toewijzing, "Toewijzing en beschikking"},
		{Declaratie, "Declaratie en controle"},
		{Crisis, "Crisisinterventie"},
		{PrivacyOnderzoek, "Onderzoek door de functionaris gegevensbescherming"},
		{Beheer, "Beheer"},
	}
}

// purposesOf is what each role may give as the reason of an access: a
// fixed list per role, refused outside it. Exporting the log is for the
// privacy officer and the administrator only.
var purposesOf = map[Role][]Purpose{
	Toegangsmedewerker:   {Hulpverlening, Toewijzing},
	GIMedewerker:         {Hulpverlening, Toewijzing},
	VerwijzerMedisch:     {Hulpverlening},
	Gedragswetenschapper: {Hulpverlening},
	Jeugdhulpaanbieder:   {Hulpverlening, Toewijzing, Declaratie},
	Aanmeldpunt:          {Hulpverlening},
	Backoffice:           {Toewijzing, Declaratie},
	Expertteam:           {Hulpverlening},
	Crisisdienst:         {Crisis, Hulpverlening},
	Beheerder:            {Beheer},
	Privacy:              {PrivacyOnderzoek},
}

// PurposesFor lists the purposes p may give, in the order of Purposes.
func PurposesFor(p Principal) []PurposeInfo {
	var out []PurposeInfo
	for _, pi := range Purposes() {
		if AllowedPurpose(p, Lezen, pi.Purpose) {
			out = append(out, pi)
		}
	}
	return out
}

// AllowedPurpose reports whether one of p's roles may access for purpose
// with action.
func AllowedPurpose(p Principal, a Action, purpose Purpose) bool {
	if a == Exporteren && purpose != PrivacyOnderzoek && purpose != Beheer {
		return false
	}
	for _, r := range p.Roles {
		if slices.Contains(purposesOf[r], purpose) {
			return true
		}
	}
	return false
}

// DefaultPurpose is the purpose of an access when the user did not choose
// one: the usual reason of the principal's roles.
func DefaultPurpose(p Principal) Purpose {
	for _, r := range p.Roles {
		if ps := purposesOf[r]; len(ps) > 0 {
			return ps[0]
		}
	}
	return Hulpverlening
}

// ErrPurpose: the purpose given is not one the principal's roles may give.
// The attempt is logged as refused.
// It wraps ErrRefused, so that a face answers it like any refusal.
var ErrPurpose = fmt.Errorf("%w: purpose not allowed for this role", ErrRefused)

// checkPurpose logs a refusal and returns ErrPurpose when op's purpose is
// outside p's list.
func (g *Gate) checkPurpose(ctx context.Context, p Principal, clientID *int64, op Op) error {
	if AllowedPurpose(p, op.Action, op.Purpose) {
		return nil
	}
	if err := g.refuse(ctx, p, clientID, op); !errors.Is(err, ErrRefused) {
		return err
	}
	return ErrPurpose
}

// ValidPurpose reports whether p is one of Purposes.
func ValidPurpose(p Purpose) bool {
	for _, pi := range Purposes() {
		if pi.Purpose == p {
			return true
		}
	}
	return false
}

// Op describes one access: the action, the object ("client",
// "client.adres", "toegangslog", …) and the purpose.
type Op struct {
	Action  Action
	Object  string
	Purpose Purpose
	// Trajectory is the trajectory concerned, 0 when none (set by the Gate).
	Trajectory int64
}

// Outcomes as written in the log.
const (
	Allowed = "toegestaan"
	Refused = "geweigerd"
	Failed  = "mislukt"
)

// ErrRefused means the principal may not do this with this client. Callers
// show it exactly like "not found", so that a refusal does not tell whether
// the client exists.
var ErrRefused = errors.New("access: refused")

// Gate is the single door to client data.
type Gate struct {
	DB  *database.DB
	Now func() time.Time

	lists groupLog // the entries of list reads, committed together
	sets  setIDs   // ids of stored client sets by digest
}

// NewGate returns a Gate on db.
func NewGate(db *database.DB) *Gate {
	g := &Gate{DB: db, Now: time.Now}
	g.lists.g = g
	return g
}

func (g *Gate) now() time.Time { return g.Now().UTC() }

// Client runs fn for one client when p may perform op on it, in one
// transaction together with the access-log entry. A refusal is logged and
// returns ErrRefused; when fn fails, its changes are rolled back and the
// attempt is logged as failed.
func (g *Gate) Client(ctx context.Context, p Principal, clientID int64, op Op, fn func(tx *database.Tx, v View) error) error {
	allowedByRole := p.CanReadClient()
	if op.Action == Wijzigen && (op.Object == "client" || strings.HasPrefix(op.Object, "client.")) {
		// Changing the youth's record itself needs the edit right. Changes to
		// the trajectory (IPVA, beknopt plan, …) are governed by the
		// trajectory's own rules on who owns the next step.
		allowedByRole = p.CanEditClient()
	}
	return g.one(ctx, p, clientID, op, allowedByRole, func(tx *database.Tx) (bool, error) {
		return linkedClient(ctx, tx, p.OrgID, clientID)
	}, fn)
}

// Trajectory runs fn for one trajectory of a youth when p's organisation is
// linked to that trajectory (not merely to another one of the same youth)
// and p's roles read client data, in one transaction together with the
// access-log entry, which names the youth and the trajectory. Refusals and
// failures are logged as with Client.
func (g *Gate) Trajectory(ctx context.Context, p Principal, c Case, op Op, fn func(tx *database.Tx, v View) error) error {
	op.Trajectory = c.TrajectoryID
	return g.one(ctx, p, c.ClientID, op, p.CanReadClient(), func(tx *database.Tx) (bool, error) {
		return Linked(ctx, tx, p.OrgID, c.TrajectoryID)
	}, fn)
}

// one is the body of Client and Trajectory: the role's right, then the
// link, then one log entry and fn, all in one transaction.
func (g *Gate) one(ctx context.Context, p Principal, clientID int64, op Op, allowedByRole bool, linked func(tx *database.Tx) (bool, error), fn func(tx *database.Tx, v View) error) error {
	if err := g.checkPurpose(ctx, p, &clientID, op); err != nil {
		return err
	}
	refused, ran := false, false
	err := g.DB.Do(ctx, func(tx *database.Tx) error {
		ok := allowedByRole
		if ok {
			var err error
			if ok, err = linked(tx); err != nil {
				return err
			}
		}
		if !ok {
			refused = true
			return g.write(ctx, tx, p, &clientID, op, Refused)
		}
		ran = true
		if err := fn(tx, p.View()); err != nil {
			return err
		}
		// The entry is written last, in the same transaction: on PostgreSQL
		// the log's hash chain is taken in turn (chain.go), and taking it at
		// the end keeps that turn short.
		return g.write(ctx, tx, p, &clientID, op, Allowed)
	})
	switch {
	case err != nil && ran:
		g.logFailure(ctx, p, &clientID, op)
		return err
	case err != nil:
		return err
	case refused:
		return ErrRefused
	}
	return nil
}

// Register opens a new trajectory: fn inserts it (and the youth's record
// when the youth is new) and returns both ids; the Gate links the
// trajectory to p's organisation and logs the creation, all in one
// transaction. A principal whose roles may not register is refused and
// logged.
func (g *Gate) Register(ctx context.Context, p Principal, op Op, reason string, fn func(tx *database.Tx) (Case, error)) (Case, error) {
	if err := g.checkPurpose(ctx, p, nil, op); err != nil {
		return Case{}, err
	}
	if !p.CanCreateClient() {
		return Case{}, g.refuse(ctx, p, nil, op)
	}
	var c Case
	err := g.DB.Do(ctx, func(tx *database.Tx) error {
		var err error
		if c, err = fn(tx); err != nil {
			return err
		}
		if err := Link(ctx, tx, c, p.OrgID, reason, g.now()); err != nil {
			return err
		}
		op.Trajectory = c.TrajectoryID
		return g.write(ctx, tx, p, &c.ClientID, op, Allowed)
	})
	return c, err
}

// readOnly reports whether an action only reads client data.
func readOnly(a Action) bool { return a == Lezen || a == Lijst || a == Exporteren }

// List runs fn, which selects clients within scope and returns the ids it
// shows, and logs one entry per client shown. A principal whose roles do not
// read clients gets ErrRefused (logged without a client).
func (g *Gate) List(ctx context.Context, p Principal, op Op, fn func(tx *database.Tx, s Scope, v View) ([]int64, error)) error {
	if err := g.checkPurpose(ctx, p, nil, op); err != nil {
		return err
	}
	if !p.CanReadClient() {
		return g.refuse(ctx, p, nil, op)
	}
	return g.DB.Do(ctx, func(tx *database.Tx) error {
		ids, err := fn(tx, Scope{orgID: p.OrgID}, p.View())
		if err != nil {
			return err
		}
		return g.writeMany(ctx, tx, p, ids, op)
	})
}

// ListRead is List for pages that only read: fn runs on the read pool,
// concurrently with other readers, and the entries for the clients it shows
// are then committed, together with those of other list reads at the same
// moment (group commit). The caller may show the list only when ListRead
// returns nil, so nothing is shown unlogged.
func (g *Gate) ListRead(ctx context.Context, p Principal, op Op, fn func(q database.Querier, s Scope, v View) ([]int64, error)) error {
	if err := g.checkPurpose(ctx, p, nil, op); err != nil {
		return err
	}
	if !p.CanReadClient() {
		return g.refuse(ctx, p, nil, op)
	}
	ids, err := fn(g.DB, Scope{orgID: p.OrgID}, p.View())
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	return g.lists.write(p, ids, op)
}

// Count runs fn, which counts the clients within p's scope. A count is not
// data about any one client, so it is not logged; a principal whose roles
// do not read clients gets 0.
func (g *Gate) Count(ctx context.Context, p Principal, fn func(s Scope) (int, error)) (int, error) {
	if !p.CanReadClient() {
		return 0, nil
	}
	return fn(Scope{orgID: p.OrgID})
}

// TrailByBSN finds a client by BSN for a privacy officer or administrator
// and returns the client's id. Every look-up is logged, found or not,
// allowed or refused, as one entry "toegangslog.zoeken" (naming the client
// when one matched); opening the trail is logged again when it is read.
func (g *Gate) TrailByBSN(ctx context.Context, p Principal, bsn string, purpose Purpose) (int64, error) {
	op := Op{Action: Lezen, Object: "toegangslog.zoeken", Purpose: purpose}
	if !p.CanViewAccessLog() || !AllowedPurpose(p, op.Action, purpose) {
		return 0, g.refuse(ctx, p, nil, op)
	}
	var id int64
	err := g.DB.Do(ctx, func(tx *database.Tx) error {
		err := tx.QueryRow(ctx, "SELECT id FROM clients WHERE bsn = ?", bsn).Scan(&id)
		if errors.Is(err, database.ErrNoRows) {
			return g.write(ctx, tx, p, nil, op, Allowed)
		}
		if err != nil {
			return err
		}
		return g.write(ctx, tx, p, &id, op, Allowed)
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Refuse logs that p was refused op on a case, for refusals decided outside
// the Gate's own checks (a document holding a part p may not see, a
// registration on no route), and returns ErrRefused.
func (g *Gate) Refuse(ctx context.Context, p Principal, c Case, op Op) error {
	op.Trajectory = c.TrajectoryID
	var cid *int64
	if c.ClientID != 0 {
		cid = &c.ClientID
	}
	return g.refuse(ctx, p, cid, op)
}

// refuse writes a refused entry for op in a transaction of its own and
// returns ErrRefused, or the error of the write.
func (g *Gate) refuse(ctx context.Context, p Principal, clientID *int64, op Op) error {
	if err := g.DB.Do(ctx, func(tx *database.Tx) error { return g.write(ctx, tx, p, clientID, op, Refused) }); err != nil {
		return err
	}
	return ErrRefused
}
