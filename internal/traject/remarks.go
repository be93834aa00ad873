package traject

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// Kinds of remark on a trajectory's thread between referrer and provider.
const (
	RemarkOpmerking   = "opmerking"   // a remark, no answer needed
	RemarkVraag       = "vraag"       // a question: the other side has to answer
	RemarkVerscherpen = "verscherpen" // the referrer asks to sharpen the beknopt plan
	RemarkVerschil    = "verschil"    // the referrer records a difference of opinion
)

// termVraag is the term to answer a question on the thread: two working
// days. No source fixes one; it is what a Toegang and a provider in the
// region can keep and short enough for the plan's two-week term.
var termVraag = kalender.WorkingDays(2)

// maxRemark bounds a remark: a message on a case, not a report.
const maxRemark = 2000

// Remark is one entry of the thread.
type Remark struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"tijdstip"`
	Kind         string    `json:"soort"`
	Text         string    `json:"tekst"`
	Organisation string    `json:"organisatie"`
	User         string    `json:"medewerker"`
}

// RemarkInput is a remark or a question posted on the thread.
type RemarkInput struct {
	Text  string `json:"tekst"`
	Vraag bool   `json:"vraag"` // a question: the other side gets it on its work list
}

// counterpart is the organisation and role at the other end of the thread
// from p on t: the provider for the referrer, the referrer for the provider.
// ok is false when there is no provider yet, or p is neither side.
func counterpart(t Trajectory, p access.Principal) (org int64, role access.Role, ok bool) {
	if t.ProviderID == 0 {
		return 0, "", false
	}
	switch {
	case p.OrgID == t.ProviderID && p.Has(access.Jeugdhulpaanbieder):
		return t.ReferrerOrgID, referrerRole(t.Route), true
	case p.OrgID == t.ReferrerOrgID && p.Has(referrerRole(t.Route)):
		return t.ProviderID, access.Jeugdhulpaanbieder, true
	}
	return 0, "", false
}

// CanRemark reports whether p may write on t's thread now.
func CanRemark(t Trajectory, p access.Principal) bool {
	_, _, ok := counterpart(t, p)
	return ok && p.Changes(access.PartOverleg) && t.Step != StepGesloten
}

// AddRemark posts a remark or a question on trajectory id's thread, in one
// transaction with its history entry and, for a question, the other side's
// obligation to answer it. Posting on the thread answers the questions that
// were open for p's organisation.
func (s *Service) AddRemark(ctx context.Context, p access.Principal, id int64, in RemarkInput) error {
	in.Text = strings.TrimSpace(in.Text)
	switch n := len([]rune(in.Text)); {
	case n == 0:
		return invalidInput(client.FieldErrors{"tekst": "Schrijf uw opmerking of vraag."})
	case n > maxRemark:
		return invalidInput(client.FieldErrors{"tekst": fmt.Sprintf("Een opmerking is hoogstens %d tekens; deze is %d tekens.", maxRemark, n)})
	}
	kind := RemarkOpmerking
	if in.Vraag {
		kind = RemarkVraag
	}
	return s.change(ctx, p, id, "traject.overleg", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if t.ProviderID == 0 {
			return refuse("Er is nog geen aanbieder bij dit traject: overleg begint als het IPVA met een aanbieder is gedeeld.")
		}
		if !CanRemark(t, p) {
			return refuse("Alleen de verwijzer en de aanbieder van dit traject schrijven in het overleg.")
		}
		return s.addRemark(ctx, tx, p, t, kind, in.Text)
	})
}

// addRemark writes a remark of the given kind inside tx; see AddRemark.
func (s *Service) addRemark(ctx context.Context, tx *database.Tx, p access.Principal, t Trajectory, kind, text string) error {
	now := s.now()
	if _, err := tx.Exec(ctx, "INSERT INTO remarks (trajectory_id, organisation_id, user_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		t.ID, p.OrgID, p.UserID, kind, text, now); err != nil {
		return fmt.Errorf("remark on trajectory %d: %w", t.ID, err)
	}
	if err := werk.FulfilKind(ctx, tx, t.ID, werk.KindVraag+strconv.FormatInt(p.OrgID, 10), p.UserID, now); err != nil {
		return err
	}
	other, role, ok := counterpart(t, p)
	what := "Opmerking in het overleg"
	switch kind {
	case RemarkVraag:
		if !ok {
			return refuse("Er is niemand om deze vraag aan te stellen.")
		}
		what = "Vraag gesteld aan " + orgName(ctx, tx, other)
		cal, err := s.calOf(ctx, tx, t)
		if err != nil {
			return err
		}
		if _, err := werk.Open(ctx, tx, werk.Obligation{Kind: werk.KindVraag + strconv.FormatInt(other, 10), TrajectoryID: t.ID, OwnerOrgID: other, OwnerRole: role,
			Label: "Vraag van " + p.OrgName + " beantwoorden", DueAt: cal.Due(now, termVraag)}, now); err != nil {
			return err
		}
	case RemarkVerscherpen, RemarkVerschil:
		// The review records its own history entry.
		return nil
	}
	return s.record(ctx, tx, p, t.ID, EventOverleg, what)
}

// remarks reads trajectory id's thread in order.
func remarks(ctx context.Context, q database.Querier, id int64) ([]Remark, error) {
	rows, err := q.Query(ctx, `SELECT r.id, r.created_at, r.kind, r.body, o.name, u.name
		FROM remarks r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.user_id
		WHERE r.trajectory_id = ? ORDER BY r.id`, id)
	if err != nil {
		return nil, fmt.Errorf("remarks of trajectory %d: %w", id, err)
	}
	defer rows.Close()
	var out []Remark
	for rows.Next() {
		var r Remark
		if err := rows.Scan(&r.ID, &r.At, &r.Kind, &r.Text, &r.Organisation, &r.User); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RemarkKindLabel is the Dutch label of a remark's kind.
func RemarkKindLabel(kind string) string {
	switch kind {
	case RemarkVraag:
		return "Vraag"
	case RemarkVerscherpen:
		return "Verzoek om het plan aan te scherpen"
	case RemarkVerschil:
		return "Verschil van inzicht"
	}
	return "Opmerking"
}
