package uitwisseling

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// Inbox is what the faces call for an organisation's inbox and outbox: a
// list of messages (metadata only, no client data) and one message with its
// history and XML, whose every read is logged in the access log for each
// youth it is about.
type Inbox struct {
	Gate *access.Gate
	Now  func() time.Time
}

// ErrNotFound: no such message for this principal. A message of another
// organisation answers the same, so a refusal tells nothing.
var ErrNotFound = errors.New("uitwisseling: bericht niet gevonden")

// exchangeRoles are the roles whose organisations exchange iJw messages:
// the municipality's back office, the provider and the GI.
var exchangeRoles = []access.Role{access.Backoffice, access.Jeugdhulpaanbieder, access.GIMedewerker}

// MayExchange reports whether p works with its organisation's messages.
func MayExchange(p access.Principal) bool {
	return slices.ContainsFunc(exchangeRoles, p.Has) && p.Sees(access.PartBerichten)
}

// Item is one message as an organisation sees it.
type Item struct {
	berichten.Bericht
	Uit          bool   // the organisation sends it (its outbox), else its inbox
	SenderName   string // the organisation's name, or "" when not on the platform
	ReceiverName string
	Overdue      bool // waits for its answer past its deadline
}

// StateLabel is the Dutch label of the item's state.
func (i Item) StateLabel() string { return StateLabel(i.State) }

// Richting is "Uit" for the organisation's outbox, "In" for its inbox.
func (i Item) Richting() string {
	if i.Uit {
		return "Uit"
	}
	return "In"
}

// Event is one moment in a message's history.
type Event struct {
	At   time.Time
	What string
}

// Detail is one message with its history and answers.
type Detail struct {
	Item
	History  []Event
	Answer   *Item // its retour or JW325
	AnswerOf *Item // the message it answers, for a retour or JW325
}

func (s *Inbox) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Inbox) isHost(ctx context.Context, q database.Querier, orgID int64) (bool, error) {
	var host bool
	err := q.QueryRow(ctx, "SELECT host_municipality FROM organisations WHERE id = ?", orgID).Scan(&host)
	if errors.Is(err, database.ErrNoRows) {
		return false, nil
	}
	return host, err
}

func (s *Inbox) names(ctx context.Context, q database.Querier) (map[int64]string, error) {
	rows, err := q.Query(ctx, "SELECT id, name FROM organisations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// sees reports whether the organisation (host or not) sees b, and whether
// in its outbox.
func sees(b berichten.Bericht, orgID int64, host bool, municipalitySender bool) (ok, uit bool) {
	switch {
	case b.SenderOrgID == orgID:
		return true, true
	case b.ReceiverOrgID == orgID && !b.ReceivedAt.IsZero():
		return true, false
	case host && b.Type == ijw.TypeJW301 && municipalitySender:
		return true, true
	}
	return false, false
}

func (s *Inbox) item(b berichten.Bericht, uit bool, names map[int64]string, now time.Time) Item {
	return Item{Bericht: b, Uit: uit, SenderName: names[b.SenderOrgID], ReceiverName: names[b.ReceiverOrgID], Overdue: b.Overdue(now)}
}

// List returns the messages of p's organisation selected by f (its OrgID
// and Host are set here), overdue first. The list holds no client data, so
// it is not logged; a principal whose roles do not exchange messages gets
// ErrNotFound.
func (s *Inbox) List(ctx context.Context, p access.Principal, f berichten.Filter) ([]Item, error) {
	if !MayExchange(p) {
		return nil, ErrNotFound
	}
	db := s.Gate.DB
	host, err := s.isHost(ctx, db, p.OrgID)
	if err != nil {
		return nil, err
	}
	f.OrgID, f.Host = p.OrgID, host
	now := s.now()
	list, err := berichten.List(ctx, db, f, now)
	if err != nil {
		return nil, err
	}
	names, err := s.names(ctx, db)
	if err != nil {
		return nil, err
	}
	out := make([]Item, 0, len(list))
	for _, b := range list {
		out = append(out, s.item(b, b.SenderOrgID == p.OrgID || (host && b.ReceiverOrgID != p.OrgID), names, now))
	}
	return out, nil
}

var bsnRe = regexp.MustCompile(`:Bsn>\s*([0-9]{9})\s*<`)

// Get returns message id with its history and answers for p, as one read
// logged for every youth it is about (the trajectory's youth, and every
// youth on this platform whose BSN it carries). A message p's organisation
// does not see answers ErrNotFound.
func (s *Inbox) Get(ctx context.Context, p access.Principal, id int64) (Detail, error) {
	if !MayExchange(p) {
		return Detail{}, ErrNotFound
	}
	purpose := access.Toewijzing
	if !access.AllowedPurpose(p, access.Lezen, purpose) {
		purpose = access.DefaultPurpose(p)
	}
	var d Detail
	found := false
	op := access.Op{Action: access.Lezen, Object: "bericht", Purpose: purpose}
	err := s.Gate.ListRead(ctx, p, op, func(q database.Querier, _ access.Scope, _ access.View) ([]int64, error) {
		b, err := berichten.Get(ctx, q, id)
		if errors.Is(err, berichten.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		host, err := s.isHost(ctx, q, p.OrgID)
		if err != nil {
			return nil, err
		}
		municipal := false
		if host && b.Type == ijw.TypeJW301 {
			if err := q.QueryRow(ctx, "SELECT COUNT(*) > 0 FROM organisations WHERE id = ? AND kind = 'gemeente' AND COALESCE(region_id, 0) = (SELECT COALESCE(region_id, 0) FROM organisations WHERE id = ?)",
				b.SenderOrgID, p.OrgID).Scan(&municipal); err != nil {
				return nil, err
			}
		}
		ok, uit := sees(b, p.OrgID, host, municipal)
		if !ok {
			return nil, nil
		}
		found = true
		names, err := s.names(ctx, q)
		if err != nil {
			return nil, err
		}
		now := s.now()
		d = Detail{Item: s.item(b, uit, names, now)}
		if b.AnswerID != 0 {
			a, err := berichten.Get(ctx, q, b.AnswerID)
			if err != nil {
				return nil, err
			}
			it := s.item(a, !uit, names, now)
			d.Answer = &it
		}
		if of, err := berichten.AnsweredBy(ctx, q, b.ID); err == nil {
			it := s.item(of, !uit, names, now)
			d.AnswerOf = &it
		} else if !errors.Is(err, berichten.ErrNotFound) {
			return nil, err
		}
		d.History = history(d)
		return s.youths(ctx, q, b)
	})
	if err != nil {
		return Detail{}, fmt.Errorf("message %d: %w", id, err)
	}
	if !found {
		return Detail{}, ErrNotFound
	}
	return d, nil
}

// youths returns the clients on this platform a message is about.
func (s *Inbox) youths(ctx context.Context, q database.Querier, b berichten.Bericht) ([]int64, error) {
	var ids []int64
	if b.TrajectoryID != 0 {
		var c int64
		if err := q.QueryRow(ctx, "SELECT client_id FROM trajectories WHERE id = ?", b.TrajectoryID).Scan(&c); err == nil {
			ids = append(ids, c)
		} else if !errors.Is(err, database.ErrNoRows) {
			return nil, err
		}
	}
	for _, m := range bsnRe.FindAllSubmatch(b.XML, -1) {
		var c int64
		err := q.QueryRow(ctx, "SELECT id FROM clients WHERE bsn = ?", string(m[1])).Scan(&c)
		if errors.Is(err, database.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ids, c) {
			ids = append(ids, c)
		}
	}
	return ids, nil
}

// history lists what happened to a message, oldest first.
func history(d Detail) []Event {
	b := d.Bericht
	var ev []Event
	add := func(t time.Time, what string) {
		if !t.IsZero() {
			ev = append(ev, Event{At: t, What: what})
		}
	}
	add(b.CreatedAt, "Gemaakt")
	add(b.SentAt, "Verzonden")
	add(b.ReceivedAt, "Ontvangen")
	if d.Answer != nil {
		what := "Beantwoord met " + string(d.Answer.Type) + ": geen opmerkingen"
		if b.State == berichten.Afgekeurd {
			what = "Afgekeurd in " + string(d.Answer.Type) + " (retourcodes " + b.RetourCodes + ")"
		} else if b.RetourCodes != "" {
			what = "Beantwoord met " + string(d.Answer.Type) + " (retourcodes " + b.RetourCodes + ")"
		}
		add(d.Answer.CreatedAt, what)
	}
	if b.State == berichten.Verwerkt {
		add(b.ProcessedAt, "Verwerkt")
	}
	slices.SortStableFunc(ev, func(a, c Event) int { return a.At.Compare(c.At) })
	return ev
}

// StateLabel is the Dutch label of a state.
func StateLabel(state string) string {
	for _, s := range berichten.States {
		if s.Code == state {
			return s.Label
		}
	}
	return state
}

// Types lists the 14 message types, for filters.
var Types = []ijw.MessageType{ijw.TypeJW301, ijw.TypeJW302, ijw.TypeJW305, ijw.TypeJW306, ijw.TypeJW307, ijw.TypeJW308,
	ijw.TypeJW315, ijw.TypeJW316, ijw.TypeJW317, ijw.TypeJW318, ijw.TypeJW319, ijw.TypeJW320, ijw.TypeJW323, ijw.TypeJW325}
