package segment1

import (
	"context"
	"errors"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Consultations (R-L-1, seeds 000 and 004): a referrer or the regievoerder
// asks the Regionaal Expertise Team or the Bijzondere Toegang for advice;
// the case is planned on the team's next meeting day and the advice is
// recorded as non-binding.

// ConsultatieInput asks an expert team for advice on the case.
type ConsultatieInput struct {
	TeamID int64  `json:"team_id"`
	Vraag  string `json:"vraag"`
}

// mayVragen: the referrer, the coordinator or the regievoerder (on a
// trajectory without a segment-1 case: the provider) asks.
func (st *state) mayVragen(p access.Principal) error {
	switch {
	case st.t.Step == traject.StepGesloten || st.t.Step == traject.StepAfgewezen || (st.has && !st.c.Open()):
		return refuse("Dit traject is afgesloten.")
	case st.is(p, PartyVerwijzer), st.is(p, PartyCoordinator), st.is(p, PartyRegievoerder):
		return nil
	case p.OrgID == st.t.ProviderID && p.Has(access.Jeugdhulpaanbieder):
		return nil
	}
	return refuse("Een verwijzer, de coördinator of de regievoerder vraagt het expertteam om advies.")
}

// ConsultatieVragen asks an expert team for advice. The case is planned on
// the team's next meeting day after today (holidays skipped); the team is
// linked to the trajectory, so it reads the case — without the parts its
// role does not see — and gets the advice on its Mijn werk, due that day.
func (s *Service) ConsultatieVragen(ctx context.Context, p access.Principal, id int64, in ConsultatieInput) error {
	return s.change(ctx, p, id, "consultatie", access.PartConsultatie, func(tx *database.Tx, st *state) error {
		if err := st.mayVragen(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		vraag := text(fe, "vraag", in.Vraag, true, maxTekst, "uw vraag aan het expertteam")
		team, ok, err := teamOf(ctx, tx, in.TeamID)
		if err != nil {
			return err
		}
		if !ok {
			fe["team_id"] = "Kies het Regionaal Expertise Team of de Bijzondere Toegang."
		} else if r, err := organisation.RegionOf(ctx, tx, st.t.ReferrerOrgID); err == nil && r.ID != 0 && team.RegionID != 0 && r.ID != team.RegionID {
			fe["team_id"] = "Kies een expertteam van de regio van deze jeugdige."
		}
		if err := errOf(fe); err != nil {
			return err
		}
		dag := Bespreekdag(st.cal, team.Soort, st.now)
		cid, err := tx.InsertID(ctx, `INSERT INTO seg1_consultaties (trajectory_id, team_org_id, soort, vraag, user_id, organisation_id, gevraagd_at, bespreekdag)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, st.t.ID, team.OrgID, string(team.Soort), vraag, nullID(p.UserID), p.OrgID, st.now, dateStr(dag))
		if err != nil {
			return err
		}
		if err := access.Link(ctx, tx, st.t.Case(), team.OrgID, "consultatie "+team.Soort.Label(), st.now); err != nil {
			return err
		}
		if err := open(ctx, tx, st, "consultatie:"+itoa(cid), team.OrgID, access.Expertteam,
			"Casus bespreken en advies geven ("+team.Soort.Moment()+" "+kalender.Datum(dag)+")", st.cal.Due(dag, kalender.Days(0))); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Consultatie gevraagd aan "+team.Naam+"; besproken op "+kalender.Datum(dag))
	})
}

// TeamAdviesInput is the team's advice.
type TeamAdviesInput struct {
	Advies string `json:"advies"`
}

// ConsultatieAdviseren records the team's advice on consultation id. The
// advice is non-binding: the referrer and the regievoerder decide.
func (s *Service) ConsultatieAdviseren(ctx context.Context, p access.Principal, consultatie int64, in TeamAdviesInput) error {
	var id int64
	err := s.Gate.DB.QueryRow(ctx, "SELECT trajectory_id FROM seg1_consultaties WHERE id = ?", consultatie).Scan(&id)
	if errors.Is(err, database.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return s.change(ctx, p, id, "consultatie-advies", access.PartConsultatie, func(tx *database.Tx, st *state) error {
		cs, err := consultaties(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		var c *Consultatie
		for i := range cs {
			if cs[i].ID == consultatie {
				c = &cs[i]
			}
		}
		if err := mayAdviseren(p, c); err != nil {
			return err
		}
		fe := FieldErrors{}
		advies := text(fe, "advies", in.Advies, true, maxTekst, "het advies")
		if err := errOf(fe); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE seg1_consultaties SET advies = ?, advies_at = ?, advies_door = ? WHERE id = ?", advies, st.now, nullID(p.UserID), c.ID); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "consultatie:"+itoa(c.ID)); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Advies van "+c.Team+" vastgelegd (niet bindend)")
	})
}

func mayAdviseren(p access.Principal, c *Consultatie) error {
	switch {
	case c == nil:
		return ErrNotFound
	case !p.Has(access.Expertteam) || p.OrgID != c.TeamOrgID:
		return refuse("Alleen het gevraagde expertteam geeft advies.")
	case c.Gegeven():
		return refuse("Het advies is al gegeven.")
	}
	return nil
}
