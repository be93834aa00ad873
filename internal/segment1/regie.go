package segment1

import (
	"context"
	"slices"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Regie (seed 003 §2.1): the regievoerder's treatment plan with its
// versions and evaluations, signals to the coordinator, meldcode actions
// that inform the other side at once, and a zorgmelding or VTO written
// together.

// PlanInput is a version of the treatment plan. The first version records
// the day the help started.
type PlanInput struct {
	Tekst            string `json:"tekst"`
	SamenMetJeugdige bool   `json:"samen_met_jeugdige"`
	HulpGestart      string `json:"hulp_gestart"` // version 1: JJJJ-MM-DD of dd-mm-jjjj
	EvaluatieOp      string `json:"evaluatie_op"` // optional: the next evaluation
}

func (st *state) mayRegievoerder(p access.Principal, what string) error {
	switch {
	case !st.is(p, PartyRegievoerder):
		return refuse("Alleen de regievoerder " + what + ".")
	case st.c.Fase != FaseRegie:
		return refuse("Dit kan zolang de regievoerder de hulp uitvoert; nu: " + st.c.Fase.Label() + ".")
	}
	return nil
}

// Behandelplan records a version of the treatment plan, written with the
// youth; the first starts the help (fulfilling the start deadline), a
// planned evaluation goes on the regievoerder's Mijn werk.
func (s *Service) Behandelplan(ctx context.Context, p access.Principal, id int64, in PlanInput) error {
	return s.change(ctx, p, id, "behandelplan", access.PartRegie, func(tx *database.Tx, st *state) error {
		if err := st.mayRegievoerder(p, "stelt het behandelplan op"); err != nil {
			return err
		}
		ps, err := plannen(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		fe := FieldErrors{}
		tekst := text(fe, "tekst", in.Tekst, true, maxTekst, "het behandelplan")
		gestart := st.day(fe, "hulp_gestart", in.HulpGestart, len(ps) == 0, false, "de dag waarop de hulp begon")
		eval := st.day(fe, "evaluatie_op", in.EvaluatieOp, false, true, "de datum van de evaluatie")
		if !eval.IsZero() && !kalender.Day(eval).After(kalender.Day(st.now)) {
			fe["evaluatie_op"] = "De evaluatie ligt na vandaag."
		}
		if len(ps) > 0 && !gestart.IsZero() {
			fe["hulp_gestart"] = "De start van de hulp staat al in versie 1 van het behandelplan."
		}
		if err := errOf(fe); err != nil {
			return err
		}
		if !in.SamenMetJeugdige {
			return refuse("Het behandelplan stelt u samen met de jeugdige (en de ouders) op. Leg het vast als u het samen heeft opgesteld.")
		}
		versie := len(ps) + 1
		if _, err := tx.Exec(ctx, `INSERT INTO seg1_plannen (trajectory_id, versie, tekst, evaluatie_op, user_id, organisation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			st.t.ID, versie, tekst, nullDate(eval), nullID(p.UserID), p.OrgID, st.now); err != nil {
			return err
		}
		what := "Behandelplan versie " + strconv.Itoa(versie) + " vastgesteld met de jeugdige"
		if versie == 1 {
			if err := update(ctx, tx, st.t.ID, st.now, "hulp_gestart = ?", dateStr(gestart)); err != nil {
				return err
			}
			if err := done(ctx, tx, st, p, "start"); err != nil {
				return err
			}
			what += "; hulp gestart op " + kalender.Datum(gestart)
			if !st.c.StartUiterlijk.IsZero() && kalender.Day(gestart).After(kalender.Day(st.c.StartUiterlijk)) {
				what += ", later dan de uiterste startdatum " + kalender.Datum(st.c.StartUiterlijk)
			}
		}
		if !eval.IsZero() {
			if err := done(ctx, tx, st, p, "evaluatie"); err != nil {
				return err
			}
			if err := open(ctx, tx, st, "evaluatie", p.OrgID, access.Jeugdhulpaanbieder, "Behandelplan evalueren met de jeugdige", st.cal.Due(eval, kalender.Days(0))); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, p, st, what)
	})
}

// EvaluatieInput is an evaluation of the treatment plan; the final one
// (soort "eind") is held with the youth and the referrer.
type EvaluatieInput struct {
	Soort        string `json:"soort"` // tussentijds of eind
	Datum        string `json:"datum"`
	Tekst        string `json:"tekst"`
	MetJeugdige  bool   `json:"met_jeugdige"`
	MetVerwijzer bool   `json:"met_verwijzer"`
}

// Evalueren records an evaluation of the current treatment plan. The
// final evaluation needs the youth and the referrer present (seed 003 §3);
// it is shared with everyone involved in the case.
func (s *Service) Evalueren(ctx context.Context, p access.Principal, id int64, in EvaluatieInput) error {
	return s.change(ctx, p, id, "evaluatie", access.PartRegie, func(tx *database.Tx, st *state) error {
		if err := st.mayRegievoerder(p, "evalueert het behandelplan"); err != nil {
			return err
		}
		ps, err := plannen(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return refuse("Stel eerst het behandelplan op; daarna evalueert u het.")
		}
		fe := FieldErrors{}
		if in.Soort != EvaluatieTussentijds && in.Soort != EvaluatieEind {
			fe["soort"] = "Kies een tussentijdse evaluatie of de eindevaluatie."
		}
		d := st.day(fe, "datum", in.Datum, true, false, "de datum van de evaluatie")
		tekst := text(fe, "tekst", in.Tekst, true, maxTekst, "het verslag van de evaluatie")
		if err := errOf(fe); err != nil {
			return err
		}
		if in.Soort == EvaluatieEind && (!in.MetJeugdige || !in.MetVerwijzer) {
			return refuse("De eindevaluatie organiseert u met de jeugdige en de verwijzer samen; leg haar vast als beiden erbij waren.")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seg1_evaluaties (trajectory_id, plan_versie, soort, datum, tekst, met_jeugdige, met_verwijzer, user_id, organisation_id, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, st.t.ID, len(ps), in.Soort, dateStr(d), tekst, in.MetJeugdige, in.MetVerwijzer, nullID(p.UserID), p.OrgID, st.now); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "evaluatie"); err != nil {
			return err
		}
		if in.Soort == EvaluatieEind {
			return s.record(ctx, tx, p, st, "Eindevaluatie van "+kalender.Datum(d)+" vastgelegd met de jeugdige en de verwijzer, en gedeeld met "+st.involved(ctx, tx))
		}
		return s.record(ctx, tx, p, st, "Tussentijdse evaluatie van behandelplan versie "+strconv.Itoa(len(ps))+" vastgelegd ("+kalender.Datum(d)+")")
	})
}

// involved names the organisations the final evaluation is shared with.
func (st *state) involved(ctx context.Context, q database.Querier) string {
	var names []string
	for _, id := range []int64{st.c.CoordinatorOrgID, st.t.ReferrerOrgID, st.c.DeskOrgID} {
		if n := orgName(ctx, q, id); id != 0 && n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "de betrokkenen"
	}
	out := names[0]
	for i, n := range names[1:] {
		if i == len(names)-2 {
			out += " en " + n
		} else {
			out += ", " + n
		}
	}
	return out
}

// Onderwerpen are what a signal to the coordinator is about: needs outside
// the provider's scope (seed 003 §2.1: "zoals ondersteuning vanuit de wmo
// of wonen").
var Onderwerpen = []struct{ Code, Label string }{
	{"wmo", "Ondersteuning vanuit de Wmo"},
	{"wonen", "Wonen"},
	{"schulden", "Schulden en geldzaken"},
	{"werk_inkomen", "Werk en inkomen (Participatiewet)"},
	{"onderwijs", "Onderwijs"},
	{"gezondheid_ouders", "Gezondheid van de ouders"},
	{"anders", "Iets anders buiten de jeugdhulp"},
}

func onderwerpLabel(code string) string {
	for _, o := range Onderwerpen {
		if o.Code == code {
			return o.Label
		}
	}
	return ""
}

// MeldcodeStappen are the five steps of the meldcode huiselijk geweld en
// kindermishandeling.
var MeldcodeStappen = []struct{ Code, Label string }{
	{"1", "Stap 1: signalen in kaart brengen"},
	{"2", "Stap 2: collegiale consultatie en zo nodig Veilig Thuis raadplegen"},
	{"3", "Stap 3: gesprek met de jeugdige en de ouders"},
	{"4", "Stap 4: wegen van het geweld of de kindermishandeling"},
	{"5", "Stap 5: beslissen: hulp organiseren of melden bij Veilig Thuis"},
}

func stapLabel(code string) string {
	for _, s := range MeldcodeStappen {
		if s.Code == code {
			return s.Label
		}
	}
	return ""
}

// SignaalInput is a signal to the coordinator about a need outside the
// provider's scope.
type SignaalInput struct {
	Onderwerp string `json:"onderwerp"`
	Tekst     string `json:"tekst"`
}

func (st *state) mayCoordinatorBekend() error {
	if st.c.CoordinatorOrgID == 0 {
		return refuse("Er is nog geen coördinator: het aanmeldpunt vraagt eerst de lokale Toegang om te coördineren.")
	}
	return nil
}

// Signaleren records a signal of the regievoerder to the coordinator; the
// coordinator takes it up within 5 working days.
func (s *Service) Signaleren(ctx context.Context, p access.Principal, id int64, in SignaalInput) error {
	return s.change(ctx, p, id, "signaal", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		if err := st.mayRegievoerder(p, "signaleert aan de coördinator"); err != nil {
			return err
		}
		if err := st.mayCoordinatorBekend(); err != nil {
			return err
		}
		fe := FieldErrors{}
		if onderwerpLabel(in.Onderwerp) == "" {
			fe["onderwerp"] = "Kies waar het signaal over gaat."
		}
		tekst := text(fe, "tekst", in.Tekst, true, maxTekst, "het signaal")
		if err := errOf(fe); err != nil {
			return err
		}
		sid, err := tx.InsertID(ctx, `INSERT INTO seg1_signalen (trajectory_id, soort, onderwerp, tekst, user_id, organisation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			st.t.ID, SoortSignaal, in.Onderwerp, tekst, nullID(p.UserID), p.OrgID, st.now)
		if err != nil {
			return err
		}
		if err := open(ctx, tx, st, "signaal:"+itoa(sid), st.c.CoordinatorOrgID, coordinatorRole(ctx, tx, st.c.CoordinatorOrgID),
			"Signaal van de regievoerder oppakken: "+onderwerpLabel(in.Onderwerp), st.cal.Due(st.now, TermSignaal)); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Signaal aan de coördinator: "+onderwerpLabel(in.Onderwerp))
	})
}

// MeldcodeInput is a meldcode action: which step, what was done.
type MeldcodeInput struct {
	Stap  string `json:"stap"`
	Tekst string `json:"tekst"`
}

// otherSide is the organisation and role on the other side of p between
// regievoerder and coordinator; ok is false when p is neither.
func (st *state) otherSide(ctx context.Context, q database.Querier, p access.Principal) (int64, access.Role, string, bool) {
	switch {
	case st.is(p, PartyRegievoerder):
		return st.c.CoordinatorOrgID, coordinatorRole(ctx, q, st.c.CoordinatorOrgID), "de coördinator", st.c.CoordinatorOrgID != 0
	case st.is(p, PartyCoordinator):
		return st.c.RegievoerderID, access.Jeugdhulpaanbieder, "de regievoerder", st.c.RegievoerderID != 0
	}
	return 0, "", "", false
}

func (st *state) mayBeideKanten(p access.Principal) error {
	switch {
	case !st.has || !st.c.Open() || st.c.RegievoerderID == 0:
		return refuse("Dit kan als er een regievoerder is en de coördinatie loopt.")
	case st.c.CoordinatorOrgID == 0:
		return st.mayCoordinatorBekend()
	case !st.is(p, PartyRegievoerder) && !st.is(p, PartyCoordinator):
		return refuse("De regievoerder en de coördinator doen dit samen.")
	}
	return nil
}

// Meldcode records a meldcode action on unsafety and informs the other
// side (the coordinator when the regievoerder acts) at once: the obligation
// is due now (seed 003 §2.1, §2.2.2).
func (s *Service) Meldcode(ctx context.Context, p access.Principal, id int64, in MeldcodeInput) error {
	return s.change(ctx, p, id, "meldcode", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		if err := st.mayBeideKanten(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		if stapLabel(in.Stap) == "" {
			fe["stap"] = "Kies de stap van de meldcode."
		}
		tekst := text(fe, "tekst", in.Tekst, true, maxTekst, "wat u doet")
		if err := errOf(fe); err != nil {
			return err
		}
		org, role, who, _ := st.otherSide(ctx, tx, p)
		sid, err := tx.InsertID(ctx, `INSERT INTO seg1_signalen (trajectory_id, soort, onderwerp, tekst, user_id, organisation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			st.t.ID, SoortMeldcode, in.Stap, tekst, nullID(p.UserID), p.OrgID, st.now)
		if err != nil {
			return err
		}
		from := "de regievoerder"
		if who == "de regievoerder" {
			from = "de coördinator"
		}
		if err := open(ctx, tx, st, "meldcode:"+itoa(sid), org, role, "Direct afstemmen: "+from+" handelt volgens de meldcode ("+stapLabel(in.Stap)+")", st.now); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Meldcode: "+stapLabel(in.Stap)+"; "+who+" is direct geïnformeerd")
	})
}

// ReactieInput answers a signal or a meldcode action.
type ReactieInput struct {
	Reactie string `json:"reactie"`
}

// Oppakken records that the coordinator took up a signal, or that the
// side informed of a meldcode action aligned with the other.
func (s *Service) Oppakken(ctx context.Context, p access.Principal, id, signaal int64, in ReactieInput) error {
	return s.change(ctx, p, id, "signaal-opgepakt", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		ss, err := signalen(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ss, func(x Signaal) bool { return x.ID == signaal })
		if i < 0 {
			return ErrNotFound
		}
		sg := ss[i]
		if err := st.mayOppakken(p, sg); err != nil {
			return err
		}
		fe := FieldErrors{}
		reactie := text(fe, "reactie", in.Reactie, true, maxTekst, "wat u ermee doet")
		if err := errOf(fe); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE seg1_signalen SET opgepakt_at = ?, opgepakt_door = ?, reactie = ? WHERE id = ?", st.now, nullID(p.UserID), reactie, sg.ID); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, sg.Soort+":"+itoa(sg.ID)); err != nil {
			return err
		}
		if sg.Soort == SoortMeldcode {
			return s.record(ctx, tx, p, st, "Meldcode afgestemd: "+stapLabel(sg.Onderwerp))
		}
		return s.record(ctx, tx, p, st, "Signaal opgepakt door de coördinator: "+onderwerpLabel(sg.Onderwerp))
	})
}

func (st *state) mayOppakken(p access.Principal, sg Signaal) error {
	if !sg.OpgepaktAt.IsZero() {
		return refuse("Dit is al opgepakt.")
	}
	if sg.Soort == SoortSignaal {
		if !st.is(p, PartyCoordinator) {
			return refuse("De coördinator pakt het signaal van de regievoerder op.")
		}
		return nil
	}
	if (!st.is(p, PartyRegievoerder) && !st.is(p, PartyCoordinator)) || sg.OrgID == p.OrgID {
		return refuse("De kant die geïnformeerd is over de meldcode legt de afstemming vast.")
	}
	return nil
}

// MeldingInput drafts a zorgmelding (to Veilig Thuis) or a VTO (verzoek tot
// onderzoek, to the Raad voor de Kinderbescherming).
type MeldingInput struct {
	Soort string `json:"soort"` // zorgmelding of vto
	Tekst string `json:"tekst"`
}

// MeldingSoorten are the kinds of report drafted together.
var MeldingSoorten = []struct{ Code, Label string }{
	{"zorgmelding", "Zorgmelding (Veilig Thuis)"},
	{"vto", "Verzoek tot onderzoek (VTO, Raad voor de Kinderbescherming)"},
}

func meldingLabel(code string) string {
	for _, m := range MeldingSoorten {
		if m.Code == code {
			return m.Label
		}
	}
	return ""
}

// Melding records a draft zorgmelding or VTO by the regievoerder or the
// coordinator; the other completes it within 1 working day, so they write
// it together (seed 003 §2.1, §2.2.2).
func (s *Service) Melding(ctx context.Context, p access.Principal, id int64, in MeldingInput) error {
	return s.change(ctx, p, id, "melding", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		if err := st.mayBeideKanten(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		if meldingLabel(in.Soort) == "" {
			fe["soort"] = "Kies zorgmelding of verzoek tot onderzoek (VTO)."
		}
		tekst := text(fe, "tekst", in.Tekst, true, maxTekst, "het concept")
		if err := errOf(fe); err != nil {
			return err
		}
		org, role, who, _ := st.otherSide(ctx, tx, p)
		mid, err := tx.InsertID(ctx, `INSERT INTO seg1_meldingen (trajectory_id, soort, tekst, user_id, organisation_id, at) VALUES (?, ?, ?, ?, ?, ?)`,
			st.t.ID, in.Soort, tekst, nullID(p.UserID), p.OrgID, st.now)
		if err != nil {
			return err
		}
		if err := open(ctx, tx, st, "melding:"+itoa(mid), org, role, meldingLabel(in.Soort)+" samen opstellen: concept aanvullen en bevestigen", st.cal.Due(st.now, TermSamen)); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Concept "+meldingLabel(in.Soort)+" opgesteld; "+who+" vult aan")
	})
}

// AanvullingInput completes and confirms a draft zorgmelding or VTO.
type AanvullingInput struct {
	Aanvulling string `json:"aanvulling"`
}

// Aanvullen records that the other side completed and confirmed the draft:
// the zorgmelding or VTO is written together.
func (s *Service) Aanvullen(ctx context.Context, p access.Principal, id, melding int64, in AanvullingInput) error {
	return s.change(ctx, p, id, "melding-samen", access.PartCoordinatie, func(tx *database.Tx, st *state) error {
		ms, err := meldingen(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ms, func(m Melding) bool { return m.ID == melding })
		if i < 0 {
			return ErrNotFound
		}
		m := ms[i]
		if err := st.mayAanvullen(p, m); err != nil {
			return err
		}
		fe := FieldErrors{}
		aanv := text(fe, "aanvulling", in.Aanvulling, false, maxTekst, "de aanvulling")
		if err := errOf(fe); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE seg1_meldingen SET akkoord_door = ?, akkoord_org = ?, akkoord_at = ?, aanvulling = ? WHERE id = ?",
			nullID(p.UserID), p.OrgID, st.now, aanv, m.ID); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "melding:"+itoa(m.ID)); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, meldingLabel(m.Soort)+" samen opgesteld door regievoerder en coördinator")
	})
}

func (st *state) mayAanvullen(p access.Principal, m Melding) error {
	switch {
	case !m.AkkoordAt.IsZero():
		return refuse("Dit concept is al samen vastgesteld.")
	case !st.is(p, PartyRegievoerder) && !st.is(p, PartyCoordinator):
		return refuse("De regievoerder en de coördinator stellen dit samen op.")
	case m.OrgID == p.OrgID:
		return refuse("De andere kant vult uw concept aan: " + map[bool]string{true: "de coördinator", false: "de regievoerder"}[st.is(p, PartyRegievoerder)] + ".")
	}
	return nil
}
