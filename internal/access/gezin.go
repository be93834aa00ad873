package access

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// The family's own view (package portaal): the youth and the parents or
// custodians see their own case. They are not users of an organisation, so
// they are a principal of their own kind, Gezinslid, with one rule instead of
// roles and links: the age rules of R-IPVA-2 decide who signs the IPVA, and
// whoever signs also sees the case and gives or withdraws consent. Under 12
// the parent or custodian with gezag; 12 up to 16 both; from 16 the youth
// alone, and the parent then sees nothing. A parent without gezag sees
// nothing. Every attempt, allowed or refused, is one entry in the same
// access log as the staff's, so the family finds its own reads in its
// client view.

// Gezinslid is a member of a youth's family logged in to the portal.
type Gezinslid struct {
	ClientID   int64 // the youth whose case it is
	RelationID int64 // the parent or custodian (client_relations.id); 0: the youth
	Source     string
}

// Jeugdige reports whether the member is the youth themself.
func (l Gezinslid) Jeugdige() bool { return l.RelationID == 0 }

// EigenInzage is the purpose of the family's own access.
const EigenInzage Purpose = "eigen-inzage"

// GezinOrganisatie is the organisation the access log names for the
// family's own access.
const GezinOrganisatie = "Gezin (eigen portaal)"

// Log user names of family members: no name and no BSN in the log, only
// which member it was.
const (
	gezinJeugdige = "portaal:jeugdige"
	gezinOuder    = "portaal:ouder:"
)

// principal is how the member is written in the access log.
func (l Gezinslid) principal() Principal {
	who := gezinJeugdige
	if !l.Jeugdige() {
		who = gezinOuder + strconv.FormatInt(l.RelationID, 10)
	}
	return Principal{Email: who, OrgName: GezinOrganisatie, OnBehalfOf: GezinOrganisatie, Channel: "portaal", Source: l.Source}
}

// GezinslidVan tells, for an access-log entry, whether a family member made
// it and then whether it was the youth ("jeugdige") or a parent or
// custodian ("ouder").
func GezinslidVan(e Entry) (string, bool) {
	switch {
	case e.UserEmail == gezinJeugdige:
		return "jeugdige", true
	case len(e.UserEmail) > len(gezinOuder) && e.UserEmail[:len(gezinOuder)] == gezinOuder:
		return "ouder", true
	}
	return "", false
}

// GezinMag is the rule (R-IPVA-2): whether a family member sees the case,
// signs the IPVA and gives consent, on day on, for a youth born on birth.
// jeugdige: the member is the youth; gezag: a parent or custodian has
// gezag. Dates are calendar days (the Netherlands' day of on).
func GezinMag(birth, on time.Time, jeugdige, gezag bool) bool {
	want := ipva.SignerJeugdige
	if !jeugdige {
		if !gezag {
			return false
		}
		want = ipva.SignerGezaghebbende
	}
	return slices.Contains(ipva.RequiredSigners(birth, on), want)
}

// Gezin runs fn for family member l on their youth's case when the age
// rules let l see it, in one transaction together with the access-log
// entry; op.Trajectory, when set, must be a trajectory of that youth. A
// refusal is logged and returns ErrRefused; when fn fails, the attempt is
// logged as failed. The same rule governs reading and acting: who sees
// the case signs and gives consent (GezinMag).
func (g *Gate) Gezin(ctx context.Context, l Gezinslid, op Op, fn func(tx *database.Tx) error) error {
	if op.Purpose == "" {
		op.Purpose = EigenInzage
	}
	p := l.principal()
	refused, ran := false, false
	err := g.DB.Do(ctx, func(tx *database.Tx) error {
		ok, err := g.gezinMag(ctx, tx, l, op.Trajectory)
		if err != nil {
			return err
		}
		if !ok {
			refused = true
			return g.write(ctx, tx, p, &l.ClientID, op, Refused)
		}
		ran = true
		if err := fn(tx); err != nil {
			return err
		}
		return g.write(ctx, tx, p, &l.ClientID, op, Allowed)
	})
	switch {
	case err != nil && ran:
		g.logFailure(ctx, p, &l.ClientID, op)
		return err
	case err != nil:
		return err
	case refused:
		return ErrRefused
	}
	return nil
}

// gezinMag reads what the rule needs: the youth's birth date, the
// relation's gezag (read again, never taken from the session) and that the
// trajectory is the youth's.
func (g *Gate) gezinMag(ctx context.Context, tx *database.Tx, l Gezinslid, trajectoryID int64) (bool, error) {
	var birth time.Time
	err := tx.QueryRow(ctx, "SELECT birth_date FROM clients WHERE id = ?", l.ClientID).Scan(&birth)
	if errors.Is(err, database.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("family check client %d: %w", l.ClientID, err)
	}
	gezag := false
	if !l.Jeugdige() {
		err := tx.QueryRow(ctx, "SELECT gezag FROM client_relations WHERE id = ? AND client_id = ?", l.RelationID, l.ClientID).Scan(&gezag)
		if errors.Is(err, database.ErrNoRows) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("family check relation %d: %w", l.RelationID, err)
		}
	}
	if trajectoryID != 0 {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM trajectories WHERE id = ? AND client_id = ?", trajectoryID, l.ClientID).Scan(&n); err != nil {
			return false, fmt.Errorf("family check trajectory %d: %w", trajectoryID, err)
		}
		if n == 0 {
			return false, nil
		}
	}
	return GezinMag(birth, kalender.Day(g.now()), l.Jeugdige(), gezag), nil
}

// Gezinsleden returns every way the person with bsn belongs to a family
// known here: as the youth of a client record, and as a parent or
// custodian whose BSN was recorded for the portal (RegistreerOuder). It
// says only who the person is, not what they may see: the Gate decides
// that on every access. Not logged: it is the login itself.
func Gezinsleden(ctx context.Context, q database.Querier, bsn, source string) ([]Gezinslid, error) {
	if bsn == "" {
		return nil, nil
	}
	var out []Gezinslid
	rows, err := q.Query(ctx, `SELECT id, 0 FROM clients WHERE bsn = ?
		UNION ALL SELECT r.client_id, r.id FROM portaal_ouders o JOIN client_relations r ON r.id = o.relation_id WHERE o.bsn = ?
		ORDER BY 1, 2`, bsn, bsn)
	if err != nil {
		return nil, fmt.Errorf("family members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		l := Gezinslid{Source: source}
		if err := rows.Scan(&l.ClientID, &l.RelationID); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// RegistreerOuder records the BSN with which parent or custodian
// relationID of client clientID logs in to the portal, inside a Gate
// transaction that changes the youth's record (object "client.gezin").
func RegistreerOuder(ctx context.Context, tx *database.Tx, clientID, relationID int64, bsn string) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM client_relations WHERE id = ? AND client_id = ?", relationID, clientID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("relation %d is not of client %d: %w", relationID, clientID, ErrRefused)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM portaal_ouders WHERE relation_id = ?", relationID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "INSERT INTO portaal_ouders (relation_id, bsn) VALUES (?, ?)", relationID, bsn)
	return err
}
