package traject

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// ipvaOf reads the stored IPVA and fills in what the trajectory keeps in its
// own audited tables: the youth's birth date, the consents and the
// signatures. Those tables, not the draft, are what counts.
func ipvaOf(ctx context.Context, tx *database.Tx, t Trajectory) (ipva.IPVA, error) {
	var raw string
	if err := tx.QueryRow(ctx, "SELECT ipva_json FROM trajectories WHERE id = ?", t.ID).Scan(&raw); err != nil {
		return ipva.IPVA{}, err
	}
	youth, err := client.Read(ctx, tx, t.ClientID, access.View{})
	if err != nil {
		return ipva.IPVA{}, err
	}
	birth := youth.BirthDate
	var doc ipva.IPVA
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		return doc, refuse("Het opgeslagen IPVA is geen geldig document; sla het opnieuw op.")
	}
	doc.Geboortedatum = birth
	cs, err := consents(ctx, tx, t.ID)
	if err != nil {
		return doc, err
	}
	doc.Toestemmingen = nil
	for _, c := range cs {
		ts := ipva.Toestemming{Aanbieder: strconv.FormatInt(c.ProviderID, 10), Vorm: ipva.Vorm(c.Form), GegevenDoor: c.GivenBy, Datum: c.GivenOn, VastgelegdDoor: "verwijzer"}
		if c.Withdrawn {
			ts.IngetrokkenOp = c.WithdrawnAt
		}
		doc.Toestemmingen = append(doc.Toestemmingen, ts)
	}
	sgs, err := signatures(ctx, tx, t.ID)
	if err != nil {
		return doc, err
	}
	doc.Handtekeningen = nil
	for _, s := range sgs {
		doc.Handtekeningen = append(doc.Handtekeningen, ipva.Handtekening{Rol: ipva.Signer(s.Signer), Naam: s.Name, Datum: s.SignedOn})
	}
	return doc, nil
}

// reasonOf turns an ipva.Reason into a Refusal with the same Dutch text.
func reasonOf(err error) error {
	var r *ipva.Reason
	if errors.As(err, &r) {
		return refuse(r.Message)
	}
	return err
}

// Gaps lists what is still missing in the IPVA of trajectory id before it
// can be finished (content, signatures by age, consent), as one logged read.
func (s *Service) Gaps(ctx context.Context, p access.Principal, id int64) ([]ipva.Gap, error) {
	var gaps []ipva.Gap
	if err := s.MayRead(ctx, p, id, "traject.ipva", purposeFor(p, access.Hulpverlening), access.IPVAParts...); err != nil {
		return nil, err
	}
	err := s.read(ctx, p, id, "traject.ipva", purposeFor(p, access.Hulpverlening), func(tx *database.Tx, t Trajectory) error {
		doc, err := ipvaOf(ctx, tx, t)
		if err != nil {
			return err
		}
		gaps = doc.Missing(ipva.Route(t.Route))
		return nil
	})
	return gaps, err
}

// FinishIPVA closes step 2: the IPVA must be complete, signed as the youth's
// age requires, with consent (not on the GI route); finishing after the
// 4-week term needs a recorded reason (R-IPVA-3).
func (s *Service) FinishIPVA(ctx context.Context, p access.Principal, id int64, late ipva.LateReason) error {
	return s.change(ctx, p, id, "traject.ipva", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepIPVA); err != nil {
			return err
		}
		doc, err := ipvaOf(ctx, tx, t)
		if err != nil {
			return err
		}
		if err := ipva.CanSubmitIPVA(doc, ipva.Route(t.Route)); err != nil {
			return reasonOf(err)
		}
		today := kalender.Day(s.now())
		r, err := s.regionOf(ctx, tx, t)
		if err != nil {
			return err
		}
		due := kalender.Day(r.Kalender(s.Cal).Due(t.EersteMelding, r.Termijn(TermKey(t.Route, StepIPVA), termIPVA)))
		if err := ipva.CheckLate(due, today, late); err != nil {
			return reasonOf(err)
		}
		reason := ""
		if today.After(due) {
			reason = late.Reden.Label()
			if late.Toelichting != "" {
				reason += ": " + late.Toelichting
			}
		}
		what := "IPVA afgerond"
		if reason != "" {
			what += " na de termijn; reden: " + reason
		}
		return s.moveTo(ctx, tx, p, id, StepArrangement, what, "ipva_done_on = ?, ipva_late_reason = ?", dateStr(today), reason)
	})
}

// SubmitPlan stores the provider's beknopt plan (at most 1,000 characters,
// R-STEP-1) and hands it to the Toegang for akkoord.
func (s *Service) SubmitPlan(ctx context.Context, p access.Principal, id int64, plan ipva.BeknoptPlan) error {
	if err := checkPlan(&plan, s.now()); err != nil {
		return err
	}
	if err := ipva.CanSubmitBeknoptPlan(plan); err != nil {
		return reasonOf(err)
	}
	raw, _ := json.Marshal(plan)
	return s.change(ctx, p, id, "traject.beknopt_plan", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepBeknoptPlan); err != nil {
			return err
		}
		return s.moveTo(ctx, tx, p, id, StepAkkoord, "Beknopt plan ingediend door "+p.OrgName, "plan_json = ?, plan_submitted_at = ?, akkoord = ''", string(raw), s.now())
	})
}
