package segment1

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Closing (seed 003 §3): the regievoerder closes the help after the final
// evaluation, with an FOA when stepping down to another segment; the
// coordinator agrees the end date, arranges the route into the other
// segment, and closes the coordination — heavy coordination only after six
// months of structural safety.

// Ways out of segment 1.
const (
	UitstroomAnderSegment = "ander_segment" // with an FOA
	UitstroomGeenVervolg  = "geen_vervolg"
)

// LopendeHulpInput is help started during segment 1 that continues.
type LopendeHulpInput struct {
	Omschrijving string `json:"omschrijving"`
	Tot          string `json:"tot"` // JJJJ-MM-DD of dd-mm-jjjj
	InFOA        bool   `json:"in_foa"`
}

// AfrondingInput closes the help: the way out, the proposed end date of
// segment 1, and with a step down the FOA (the segment, the hand-over, the
// help that runs on).
type AfrondingInput struct {
	Uitstroom   string             `json:"uitstroom"`
	NaarSegment string             `json:"naar_segment"` // with ander_segment: 2, 3 of 4
	Einddatum   string             `json:"einddatum"`
	Overdracht  string             `json:"overdracht"` // the FOA's hand-over, with ander_segment
	LopendeHulp []LopendeHulpInput `json:"lopende_hulp"`
}

func (st *state) mayAfronden(p access.Principal, evs []Evaluatie) error {
	if err := st.mayRegievoerder(p, "rondt de hulp af"); err != nil {
		return err
	}
	if !slices.ContainsFunc(evs, func(e Evaluatie) bool { return e.Soort == EvaluatieEind }) {
		return refuse("Leg eerst de eindevaluatie vast, gehouden met de jeugdige en de verwijzer.")
	}
	return nil
}

// Afronden closes the help in segment 1: after the final evaluation, with
// an FOA when stepping down to another segment. Light help started during
// segment 1 may run on for 3 months after the end date; help needed longer
// must be in the FOA (refused otherwise). The coordinator then agrees the
// end date.
func (s *Service) Afronden(ctx context.Context, p access.Principal, id int64, in AfrondingInput) error {
	return s.change(ctx, p, id, "afronding", access.PartRegie, func(tx *database.Tx, st *state) error {
		evs, err := evaluaties(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		if err := st.mayAfronden(p, evs); err != nil {
			return err
		}
		if err := st.mayCoordinatorBekend(); err != nil {
			return err
		}
		fe := FieldErrors{}
		foa := in.Uitstroom == UitstroomAnderSegment
		switch {
		case in.Uitstroom != UitstroomAnderSegment && in.Uitstroom != UitstroomGeenVervolg:
			fe["uitstroom"] = "Kies of de jeugdige overgaat naar een ander segment (met een FOA) of geen vervolg nodig heeft."
		case foa && segmentLabel(in.NaarSegment) == "segment "+in.NaarSegment:
			fe["naar_segment"] = "Kies het segment waarnaar de jeugdige overgaat: 2, 3 of 4."
		}
		einde := st.day(fe, "einddatum", in.Einddatum, true, true, "de einddatum van de hulp in segment 1")
		overdracht := text(fe, "overdracht", in.Overdracht, foa, maxTekst, "de overdracht in het FOA")
		var hulp []LopendeHulp
		for i, h := range in.LopendeHulp {
			if h == (LopendeHulpInput{}) {
				continue
			}
			f := "lopende_hulp." + strconv.Itoa(i) + "."
			hulp = append(hulp, LopendeHulp{Omschrijving: text(fe, f+"omschrijving", h.Omschrijving, true, maxKort, "de omschrijving van de hulp"),
				Tot: st.day(fe, f+"tot", h.Tot, true, true, "tot wanneer de hulp doorloopt"), InFOA: h.InFOA})
		}
		if err := errOf(fe); err != nil {
			return err
		}
		if err := CheckLopendeHulp(einde, hulp, foa); err != nil {
			return err
		}
		if !foa {
			in.NaarSegment, overdracht = "", ""
		}
		raw, _ := json.Marshal(append([]LopendeHulp{}, hulp...))
		if err := update(ctx, tx, st.t.ID, st.now, `fase = ?, uitstroom = ?, einddatum = ?, naar_segment = ?, overdracht = ?, lopende_hulp_json = ?, afronding_at = ?`,
			string(FaseAfronding), in.Uitstroom, dateStr(einde), in.NaarSegment, overdracht, string(raw), st.now); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "evaluatie"); err != nil {
			return err
		}
		if err := open(ctx, tx, st, "einde", st.c.CoordinatorOrgID, coordinatorRole(ctx, tx, st.c.CoordinatorOrgID),
			"Einddatum segment 1 afstemmen met de regievoerder"+map[bool]string{true: " en het FOA bevestigen", false: ""}[foa], st.cal.Due(st.now, TermEinde)); err != nil {
			return err
		}
		what := "Hulp in segment 1 afgerond door de regievoerder; voorgestelde einddatum " + kalender.Datum(einde)
		if foa {
			what += "; FOA naar " + segmentLabel(in.NaarSegment)
		}
		return s.record(ctx, tx, p, st, what)
	})
}

// EindeInput is the coordinator's answer to the proposed end date.
type EindeInput struct {
	Akkoord     bool   `json:"akkoord"`
	Toelichting string `json:"toelichting"`
}

func (st *state) mayEinde(p access.Principal) error {
	switch {
	case !st.is(p, PartyCoordinator):
		return refuse("De coördinator stemt de einddatum af met de regievoerder.")
	case st.c.Fase != FaseAfronding:
		return refuse("Er is geen einddatum af te stemmen: " + st.c.Fase.Label() + ".")
	}
	return nil
}

// EindeAfstemmen records the coordinator's agreement with the end date (and
// the FOA): the help in segment 1 ends on it, and the coordinator arranges
// the route into the other segment by then. Without agreement the case
// goes back to the regievoerder.
func (s *Service) EindeAfstemmen(ctx context.Context, p access.Principal, id int64, in EindeInput) error {
	return s.change(ctx, p, id, "einde", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		if err := st.mayEinde(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		toel := text(fe, "toelichting", in.Toelichting, !in.Akkoord, maxTekst, "waarom u het niet eens bent met de einddatum")
		if err := errOf(fe); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "einde"); err != nil {
			return err
		}
		if !in.Akkoord {
			if err := update(ctx, tx, st.t.ID, st.now, "fase = ?, afronding_at = NULL, einde_toelichting = ?", string(FaseRegie), toel); err != nil {
				return err
			}
			return s.record(ctx, tx, p, st, "Einddatum niet afgestemd: de hulp loopt door bij de regievoerder")
		}
		if err := update(ctx, tx, st.t.ID, st.now, "fase = ?, einde_akkoord_at = ?, einde_akkoord_door = ?", string(FaseAfgerond), st.now, nullID(p.UserID)); err != nil {
			return err
		}
		what := "Einddatum segment 1 afgestemd met de coördinator: " + kalender.Datum(st.c.Einddatum)
		if st.c.Uitstroom == UitstroomAnderSegment {
			if err := open(ctx, tx, st, "toeleiding", p.OrgID, coordinatorRole(ctx, tx, p.OrgID), "Toeleiding regelen naar "+segmentLabel(st.c.NaarSegment)+" (FOA)",
				st.cal.Due(st.c.Einddatum, kalender.Days(0))); err != nil {
				return err
			}
			what += "; de coördinator regelt de toeleiding naar " + segmentLabel(st.c.NaarSegment)
		}
		return s.record(ctx, tx, p, st, what)
	})
}

// SluitingInput closes the coordination.
type SluitingInput struct {
	Toelichting string `json:"toelichting"`
}

// maySluiten checks closing the coordination: after the end date is agreed,
// and heavy coordination only after six months of structural safety.
func (st *state) maySluiten(p access.Principal, ts []Taxatie) error {
	switch {
	case !st.is(p, PartyCoordinator):
		return refuse("De coördinator sluit de coördinatie af.")
	case st.c.Fase != FaseAfgerond:
		return refuse("De coördinatie sluit u af nadat de einddatum van de hulp in segment 1 is afgestemd.")
	case st.c.Niveau == Zwaar && !ZesMaandenVeilig(ts, st.now):
		van, tot, ok := VeiligePeriode(ts, st.now)
		now := "er is nog geen veilige periode vastgelegd"
		if ok {
			now = fmt.Sprintf("de taxaties laten structurele veiligheid zien van %s tot %s", kalender.Datum(van), kalender.Datum(tot))
		}
		return refuse("Coördinatie zwaar sluit u pas af na 6 maanden aaneengesloten structurele veiligheid; " + now + ". Leg verdere veiligheidstaxaties vast of schaal eerst af.")
	}
	return nil
}

// CoordinatieAfsluiten closes the coordination and the segment-1 case:
// every open segment-1 duty is done.
func (s *Service) CoordinatieAfsluiten(ctx context.Context, p access.Principal, id int64, in SluitingInput) error {
	return s.change(ctx, p, id, "sluiting", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		ts, err := taxaties(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		if err := st.maySluiten(p, taxatiesOf(ts)); err != nil {
			return err
		}
		fe := FieldErrors{}
		toel := text(fe, "toelichting", in.Toelichting, false, maxTekst, "de toelichting")
		if err := errOf(fe); err != nil {
			return err
		}
		if err := update(ctx, tx, st.t.ID, st.now, "fase = ?, gesloten_at = ?, gesloten_toelichting = ?", string(FaseGesloten), st.now, toel); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "%"); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Coördinatie segment 1 afgesloten ("+st.c.Niveau.Label()+")")
	})
}
