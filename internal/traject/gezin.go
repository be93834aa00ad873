package traject

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// The family's own transitions (package portaal): the youth and the parents
// or custodians read their case, sign the IPVA and give or withdraw consent
// themselves. The Gate's family rule (access.GezinMag, R-IPVA-2) decides
// who may; each change is one Gate transaction with its history event, as
// when the Toegang records it. A row the family recorded has no staff
// member in recorded_by.

// GezinZaak is one trajectory of the youth as the family sees it: the
// trajectory, the youth and the parents, the IPVA, consents and
// signatures, the open actions and the letters. What passes between
// professionals (messages, remarks) is not part of it.
type GezinZaak struct {
	Trajectory
	Client     client.Client
	Relations  []Relation
	IPVA       ipva.IPVA
	Consents   []Consent
	Signatures []Signature
	Actions    []Action
	Documents  []document.Stored // without their contents
	// Signers are who of the family must sign (R-IPVA-2) today.
	Signers []ipva.Signer
	// Referrer is the name of the organisation that wrote the IPVA.
	Referrer string
}

// GezinZaken reads every trajectory of l's youth, as one logged read.
func (s *Service) GezinZaken(ctx context.Context, l access.Gezinslid) ([]GezinZaak, error) {
	var out []GezinZaak
	err := s.Gate.Gezin(ctx, l, access.Op{Action: access.Lezen, Object: "portaal.zaak"}, func(tx *database.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id FROM trajectories WHERE client_id = ? ORDER BY id DESC", l.ClientID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			z, err := s.gezinZaak(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, z)
		}
		return nil
	})
	return out, mapErr(err)
}

func (s *Service) gezinZaak(ctx context.Context, tx *database.Tx, id int64) (GezinZaak, error) {
	var z GezinZaak
	t, err := Read(ctx, tx, id)
	if err != nil {
		return z, err
	}
	z.Trajectory = t
	// The family sees its own identity: the whole record.
	if z.Client, err = client.Read(ctx, tx, t.ClientID, access.View{BSN: true, Address: true}); err != nil {
		return z, err
	}
	if z.Relations, err = client.Relations(ctx, tx, t.ClientID); err != nil {
		return z, err
	}
	var raw string
	if err := tx.QueryRow(ctx, "SELECT ipva_json FROM trajectories WHERE id = ?", id).Scan(&raw); err != nil {
		return z, err
	}
	if raw != "" {
		_ = json.Unmarshal([]byte(raw), &z.IPVA) // a broken draft shows as empty
	}
	if z.Consents, err = consents(ctx, tx, id); err != nil {
		return z, err
	}
	if z.Signatures, err = signatures(ctx, tx, id); err != nil {
		return z, err
	}
	if z.Actions, err = openActions(ctx, tx, id); err != nil {
		return z, err
	}
	if z.Documents, err = document.Kinds(ctx, tx, id); err != nil {
		return z, err
	}
	z.Signers = ipva.RequiredSigners(z.Client.BirthDate, kalender.Day(s.now()))
	z.Referrer = orgName(ctx, tx, t.ReferrerOrgID)
	return z, nil
}

// GezinDocument returns one stored letter of a trajectory of l's youth, as
// one logged read.
func (s *Service) GezinDocument(ctx context.Context, l access.Gezinslid, trajectoryID, docID int64) (document.Stored, error) {
	var d document.Stored
	err := s.Gate.Gezin(ctx, l, access.Op{Action: access.Lezen, Object: "portaal.brief", Trajectory: trajectoryID}, func(tx *database.Tx) error {
		ds, err := document.Kinds(ctx, tx, trajectoryID)
		if err != nil {
			return err
		}
		for _, k := range ds {
			if k.ID == docID {
				d, err = document.Latest(ctx, tx, trajectoryID, k.Kind)
				if err != nil {
					return err
				}
				if d.ID != docID {
					return ErrNotFound // an older version of a letter: not offered
				}
				return nil
			}
		}
		return ErrNotFound
	})
	return d, mapErr(err)
}

// gezinSigner is the signer a family member signs as.
func gezinSigner(l access.Gezinslid) ipva.Signer {
	if l.Jeugdige() {
		return ipva.SignerJeugdige
	}
	return ipva.SignerGezaghebbende
}

// gezinNaam is the member's own name, from the youth's record or the
// relation.
func gezinNaam(ctx context.Context, tx *database.Tx, l access.Gezinslid) (string, error) {
	if l.Jeugdige() {
		c, err := client.Read(ctx, tx, l.ClientID, access.View{})
		if err != nil {
			return "", err
		}
		return c.Name(), nil
	}
	rs, err := client.Relations(ctx, tx, l.ClientID)
	if err != nil {
		return "", err
	}
	for _, r := range rs {
		if r.ID == l.RelationID {
			return r.DisplayName(), nil
		}
	}
	return "", fmt.Errorf("relation %d of client %d: %w", l.RelationID, l.ClientID, ErrNotFound)
}

// GezinOndertekenen records that family member l signs the IPVA of
// trajectory id today. It is possible while the trajectory is at its IPVA
// step, once per member.
func (s *Service) GezinOndertekenen(ctx context.Context, l access.Gezinslid, id int64) error {
	return mapErr(s.Gate.Gezin(ctx, l, access.Op{Action: access.Wijzigen, Object: "portaal.ondertekening", Trajectory: id}, func(tx *database.Tx) error {
		t, err := Read(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Step != StepIPVA {
			return refuse("Het plan kan nu niet meer worden ondertekend: het is al klaar.")
		}
		name, err := gezinNaam(ctx, tx, l)
		if err != nil {
			return err
		}
		signer := gezinSigner(l)
		sgs, err := signatures(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, sg := range sgs {
			if sg.Signer == string(signer) && strings.EqualFold(sg.Name, name) {
				return refuse("U heeft het plan al ondertekend.")
			}
		}
		today := kalender.Day(s.now())
		if _, err := tx.Exec(ctx, "INSERT INTO signatures (trajectory_id, signer, name, signed_on, recorded_by) VALUES (?, ?, ?, ?, NULL)",
			id, string(signer), name, dateStr(today)); err != nil {
			return err
		}
		return s.record(ctx, tx, access.Principal{}, id, EventOndertekening, "IPVA ondertekend door "+signer.Label()+" in het gezinsportaal op "+kalender.Datum(today))
	}))
}

// GezinToestemming gives (geven) or withdraws family member l's consent to
// share the IPVA of trajectory id with provider providerID. Consent can be
// given to the provider chosen for the trajectory or to one it was given
// to before; withdrawing has the effects of WithdrawConsent (the provider
// no longer sees the case, a referral to it stops).
func (s *Service) GezinToestemming(ctx context.Context, l access.Gezinslid, id, providerID int64, geven bool) error {
	return mapErr(s.Gate.Gezin(ctx, l, access.Op{Action: access.Wijzigen, Object: "portaal.toestemming", Trajectory: id}, func(tx *database.Tx) error {
		t, err := Read(ctx, tx, id)
		if err != nil {
			return err
		}
		if !t.Open() {
			return refuse("Dit traject is afgesloten; toestemming geven of intrekken kan niet meer.")
		}
		cs, err := consents(ctx, tx, id)
		if err != nil {
			return err
		}
		known, valid := providerID == t.ProviderID && providerID != 0, false
		for _, c := range cs {
			if c.ProviderID == providerID {
				known = true
				valid = valid || !c.Withdrawn
			}
		}
		if !known {
			return refuse("Voor deze zorgaanbieder kunt u hier geen toestemming geven.")
		}
		if !geven {
			if !valid {
				return refuse("Er is geen toestemming voor deze zorgaanbieder om in te trekken.")
			}
			return s.withdrawConsent(ctx, tx, access.Principal{}, t, providerID, " door het gezin in het gezinsportaal")
		}
		if valid {
			return refuse("U heeft al toestemming gegeven voor deze zorgaanbieder.")
		}
		name, err := gezinNaam(ctx, tx, l)
		if err != nil {
			return err
		}
		today := kalender.Day(s.now())
		if _, err := tx.Exec(ctx, "INSERT INTO consents (trajectory_id, provider_id, form, given_by, given_on, recorded_by) VALUES (?, ?, ?, ?, ?, NULL)",
			id, providerID, "schriftelijk", name, dateStr(today)); err != nil {
			return err
		}
		if t.Route != RouteMedisch && t.ProviderID == providerID {
			// Consent back for the chosen provider: it sees the case again.
			if err := access.Link(ctx, tx, t.Case(), providerID, "toestemming van het gezin", s.now()); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, access.Principal{}, id, EventToestemming, "Toestemming (schriftelijk) gegeven door "+gezinSigner(l).Label()+" in het gezinsportaal om het IPVA te delen met "+orgName(ctx, tx, providerID))
	}))
}

// HasSigner reports whether s must sign the plan today.
func (z GezinZaak) HasSigner(s ipva.Signer) bool { return slices.Contains(z.Signers, s) }
