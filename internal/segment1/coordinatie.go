package segment1

import (
	"context"
	"slices"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// The coordination level (seed 003 §1.1, §2.2): decided during intake,
// escalated and de-escalated by the Toegang worker, the Toegang's
// gedragswetenschapper and the regievoerder together; and the safety
// assessments its de-escalation and closing count on.

func instemmingKind(voorstel int64, b Beslisser) string {
	return "instemming:" + itoa(voorstel) + ":" + string(b)
}

// instemmingLabel is the Mijn werk label of decider b's answer to a
// proposal of soort s.
func instemmingLabel(s Soort, b Beslisser) string {
	return "Instemmen als " + b.Kort() + ": " + strings.ToLower(s.Label()[:1]) + s.Label()[1:]
}

func answered(v Voorstel, b Beslisser) bool {
	return slices.ContainsFunc(v.Instemmingen, func(a Antwoord) bool { return a.Beslisser == b })
}

// VoorstelInput proposes to set (vaststelling), escalate (opschaling) or
// de-escalate (afschaling) the coordination level, with the checklist's
// criteria that hold and a motivation.
type VoorstelInput struct {
	Soort       Soort    `json:"soort"`
	Niveau      Niveau   `json:"niveau"` // vaststelling only: licht of zwaar
	Criteria    []string `json:"criteria"`
	Toelichting string   `json:"toelichting"`
}

// mayVoorstellen checks that p may propose soort now.
func (st *state) mayVoorstellen(p access.Principal, soort Soort, vs []Voorstel) error {
	switch {
	case !st.has || !st.c.Aangemeld() || !st.c.Open():
		return refuse("De mate van coördinatie wordt bepaald vanaf de aanmelding bij het aanmeldpunt.")
	case st.c.CoordinatorOrgID == 0:
		return refuse("Er is nog geen coördinator: het aanmeldpunt vraagt eerst de lokale Toegang om te coördineren.")
	case !st.decider(p):
		return refuse("Over de mate van coördinatie beslissen de Toegangsmedewerker, de gedragswetenschapper van de Toegang en de regievoerder samen.")
	case slices.ContainsFunc(vs, Voorstel.Open):
		return refuse("Er ligt al een voorstel over de mate van coördinatie: stem daar eerst over.")
	}
	switch soort {
	case Vaststelling:
		if st.c.Niveau != "" {
			return refuse("De mate van coördinatie is al vastgesteld (" + st.c.Niveau.Label() + "): stel opschaling of afschaling voor.")
		}
	case Opschaling:
		if st.c.Niveau != Licht {
			return refuse("Opschalen kan alleen vanuit coördinatie licht.")
		}
	case Afschaling:
		if st.c.Niveau != Zwaar {
			return refuse("Afschalen kan alleen vanuit coördinatie zwaar.")
		}
	default:
		return refuse("Kies vaststellen, opschalen of afschalen.")
	}
	return nil
}

// Voorstellen records a proposal about the coordination level by one of
// the three deciders, whose own agreement it carries; the two others get
// it on their Mijn werk. The level changes only when all three agreed.
func (s *Service) Voorstellen(ctx context.Context, p access.Principal, id int64, in VoorstelInput) error {
	return s.change(ctx, p, id, "voorstel", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		vs, err := voorstellen(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		if err := st.mayVoorstellen(p, in.Soort, vs); err != nil {
			return err
		}
		naar := in.Niveau
		switch in.Soort {
		case Opschaling:
			naar = Zwaar
		case Afschaling:
			naar = Licht
		default:
			if naar != Licht && naar != Zwaar {
				return FieldErrors{"niveau": "Kies coördinatie licht of zwaar."}
			}
		}
		fe := FieldErrors{}
		toel := text(fe, "toelichting", in.Toelichting, true, maxTekst, "de motivering")
		if err := errOf(fe); err != nil {
			return err
		}
		ts, err := taxaties(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		veilig6 := ZesMaandenVeilig(taxatiesOf(ts), st.now)
		criteria := slices.Compact(slices.Sorted(slices.Values(in.Criteria)))
		if err := CheckCriteria(in.Soort, naar, criteria, veilig6); err != nil {
			return err
		}
		b, _ := st.beslisserOf(p, Voorstel{})
		vid, err := tx.InsertID(ctx, `INSERT INTO seg1_voorstellen (trajectory_id, soort, van, naar, criteria, veilig_6_maanden, toelichting, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, st.t.ID, string(in.Soort), string(st.c.Niveau), string(naar), strings.Join(criteria, ","),
			veilig6 && in.Soort == Afschaling, toel, StatusOpen, st.now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seg1_instemmingen (voorstel_id, beslisser, user_id, organisation_id, akkoord, toelichting, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			vid, string(b), p.UserID, p.OrgID, true, "", st.now); err != nil {
			return err
		}
		for _, other := range Beslissers {
			if other == b {
				continue
			}
			org, role := st.ownerOf(ctx, tx, other)
			if err := open(ctx, tx, st, instemmingKind(vid, other), org, role, instemmingLabel(in.Soort, other), st.cal.Due(st.now, TermInstemming)); err != nil {
				return err
			}
		}
		what := in.Soort.Label()
		if in.Soort == Vaststelling {
			what += ": " + naar.Label()
		}
		return s.record(ctx, tx, p, st, "Voorstel "+strings.ToLower(what[:1])+what[1:]+" (door de "+b.Kort()+"); wacht op de andere twee beslissers")
	})
}

// ownerOf is the organisation and role that answer as decider b.
func (st *state) ownerOf(ctx context.Context, q database.Querier, b Beslisser) (int64, access.Role) {
	switch b {
	case BeslisserToegang:
		return st.c.CoordinatorOrgID, coordinatorRole(ctx, q, st.c.CoordinatorOrgID)
	case BeslisserGedragswetenschapper:
		return st.c.CoordinatorOrgID, access.Gedragswetenschapper
	}
	if st.c.RegievoerderID != 0 {
		return st.c.RegievoerderID, access.Jeugdhulpaanbieder
	}
	return st.c.DeskOrgID, access.Aanmeldpunt
}

// InstemmingInput is a decider's answer to a proposal.
type InstemmingInput struct {
	Akkoord     bool   `json:"akkoord"`
	Toelichting string `json:"toelichting"`
}

// mayInstemmen checks that p may answer proposal v now, and as which
// decider.
func (st *state) mayInstemmen(p access.Principal, v Voorstel) (Beslisser, error) {
	if !v.Open() {
		return "", refuse("Over dit voorstel is al besloten.")
	}
	if slices.ContainsFunc(v.Instemmingen, func(a Antwoord) bool { return a.UserID == p.UserID }) {
		return "", refuse("U heeft al geantwoord op dit voorstel. De drie beslissers zijn drie verschillende mensen: de Toegangsmedewerker, de gedragswetenschapper en de regievoerder.")
	}
	b, ok := st.beslisserOf(p, v)
	if !ok {
		if st.decider(p) {
			return "", refuse("Uw kant heeft al geantwoord op dit voorstel; de andere beslissers zijn nog aan de beurt.")
		}
		return "", refuse("Over de mate van coördinatie beslissen de Toegangsmedewerker, de gedragswetenschapper van de Toegang en de regievoerder samen.")
	}
	return b, nil
}

// Instemmen records one decider's answer to proposal voorstel. At the
// third agreement (three deciders, three people) the level changes; one
// disagreement ends the proposal without a change.
func (s *Service) Instemmen(ctx context.Context, p access.Principal, id, voorstel int64, in InstemmingInput) error {
	return s.change(ctx, p, id, "instemming", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		vs, err := voorstellen(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(vs, func(v Voorstel) bool { return v.ID == voorstel })
		if i < 0 {
			return ErrNotFound
		}
		v := vs[i]
		b, err := st.mayInstemmen(p, v)
		if err != nil {
			return err
		}
		fe := FieldErrors{}
		toel := text(fe, "toelichting", in.Toelichting, !in.Akkoord, maxTekst, "waarom u het er niet mee eens bent")
		if err := errOf(fe); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seg1_instemmingen (voorstel_id, beslisser, user_id, organisation_id, akkoord, toelichting, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			v.ID, string(b), p.UserID, p.OrgID, in.Akkoord, toel, st.now); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, instemmingKind(v.ID, b)); err != nil {
			return err
		}
		ins := []Instemming{{Beslisser: b, UserID: p.UserID, Akkoord: in.Akkoord}}
		for _, a := range v.Instemmingen {
			ins = append(ins, Instemming{Beslisser: a.Beslisser, UserID: a.UserID, Akkoord: a.Akkoord})
		}
		besloten, ontbrekend, afgewezen := Besloten(ins)
		switch {
		case afgewezen:
			if _, err := tx.Exec(ctx, "UPDATE seg1_voorstellen SET status = ?, besloten_at = ? WHERE id = ?", StatusAfgewezen, st.now, v.ID); err != nil {
				return err
			}
			if err := done(ctx, tx, st, p, "instemming:"+itoa(v.ID)+":%"); err != nil {
				return err
			}
			return s.record(ctx, tx, p, st, v.Soort.Label()+": niet besloten, de "+b.Kort()+" is het er niet mee eens")
		case besloten:
			if _, err := tx.Exec(ctx, "UPDATE seg1_voorstellen SET status = ?, besloten_at = ? WHERE id = ?", StatusBesloten, st.now, v.ID); err != nil {
				return err
			}
			if err := update(ctx, tx, st.t.ID, st.now, "niveau = ?, niveau_sinds = ?", string(v.Naar), st.now); err != nil {
				return err
			}
			if err := done(ctx, tx, st, p, "niveau"); err != nil {
				return err
			}
			return s.record(ctx, tx, p, st, v.Soort.Label()+" besloten door Toegangsmedewerker, gedragswetenschapper en regievoerder: nu "+v.Naar.Label())
		}
		var names []string
		for _, o := range ontbrekend {
			names = append(names, o.Kort())
		}
		return s.record(ctx, tx, p, st, v.Soort.Label()+": ingestemd door de "+b.Kort()+"; wacht nog op "+strings.Join(names, " en "))
	})
}

// TaxatieInput is a safety assessment: was the youth structurally safe.
type TaxatieInput struct {
	Datum       string `json:"datum"`
	Veilig      bool   `json:"veilig"`
	Toelichting string `json:"toelichting"`
}

func (st *state) mayTaxeren(p access.Principal) error {
	switch {
	case !st.has || !st.c.Aangemeld() || !st.c.Open():
		return refuse("Veiligheidstaxaties worden vastgelegd zolang de coördinatie loopt.")
	case !st.is(p, PartyCoordinator) && !st.is(p, PartyGedragswetenschapper) && !st.is(p, PartyRegievoerder):
		return refuse("De coördinator, de gedragswetenschapper of de regievoerder legt een veiligheidstaxatie vast.")
	}
	return nil
}

// Taxeren records a safety assessment; six consecutive months of
// structural safety are counted from these.
func (s *Service) Taxeren(ctx context.Context, p access.Principal, id int64, in TaxatieInput) error {
	return s.change(ctx, p, id, "taxatie", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		if err := st.mayTaxeren(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		d := st.day(fe, "datum", in.Datum, true, false, "de datum van de taxatie")
		toel := text(fe, "toelichting", in.Toelichting, true, maxTekst, "de toelichting bij de taxatie")
		if err := errOf(fe); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seg1_taxaties (trajectory_id, datum, veilig, toelichting, user_id, organisation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			st.t.ID, dateStr(d), in.Veilig, toel, nullID(p.UserID), p.OrgID, st.now); err != nil {
			return err
		}
		what := "niet structureel veilig"
		if in.Veilig {
			what = "structureel veilig"
		}
		return s.record(ctx, tx, p, st, "Veiligheidstaxatie van "+kalender.Datum(d)+": "+what)
	})
}
