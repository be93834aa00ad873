package segment1

import (
	"context"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// The intake phase (seed 003 §1): the referrer's phone consultation and
// registration, the desk's judgement in time, the intake talk, the
// aanmeldtafel's advice, and the registration with the regievoerder or the
// way back to the referrer.

// TelefonischOverlegInput is the referrer's phone consultation with the
// intake desk: which desk, when, with whom, what was discussed.
type TelefonischOverlegInput struct {
	AanmeldpuntID int64  `json:"aanmeldpunt_id"`
	Datum         string `json:"datum"` // JJJJ-MM-DD of dd-mm-jjjj
	Met           string `json:"met"`   // the desk worker spoken to
	Samenvatting  string `json:"samenvatting"`
}

func (st *state) mayTelefonisch(p access.Principal) error {
	switch {
	case !st.is(p, PartyVerwijzer):
		return refuse("Alleen de verwijzer legt het telefonisch vooroverleg met het aanmeldpunt vast.")
	case st.t.Step == traject.StepGesloten || st.t.Step == traject.StepAfgewezen:
		return refuse("Dit traject is afgesloten.")
	case st.has && st.c.Aangemeld():
		return refuse("De jeugdige is al aangemeld bij het aanmeldpunt; het vooroverleg is voorbij.")
	}
	return nil
}

// TelefonischOverleg records the referrer's phone consultation with the
// intake desk before the registration (seed 003 §1.1). The first one opens
// the segment-1 case; the desk is not linked to it yet.
func (s *Service) TelefonischOverleg(ctx context.Context, p access.Principal, id int64, in TelefonischOverlegInput) error {
	return s.change(ctx, p, id, "telefonisch-overleg", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayTelefonisch(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		op := st.day(fe, "datum", in.Datum, true, false, "de datum van het gesprek")
		met := text(fe, "met", in.Met, true, maxKort, "met wie van het aanmeldpunt u sprak")
		sam := text(fe, "samenvatting", in.Samenvatting, true, maxTekst, "een samenvatting van het overleg")
		desk := in.AanmeldpuntID
		if st.has {
			if desk != 0 && desk != st.c.DeskOrgID {
				fe["aanmeldpunt_id"] = "Het vooroverleg loopt al met " + orgName(ctx, tx, st.c.DeskOrgID) + "."
			}
			desk = st.c.DeskOrgID
		} else if o, err := organisation.Get(ctx, tx, desk); err != nil || o.Kind != organisation.Aanmeldpunt {
			fe["aanmeldpunt_id"] = "Kies het aanmeldpunt van segment 1."
		}
		if err := errOf(fe); err != nil {
			return err
		}
		if !st.has {
			if _, err := tx.Exec(ctx, `INSERT INTO seg1_cases (trajectory_id, desk_org_id, fase, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				st.t.ID, desk, string(FaseVooroverleg), st.now, st.now); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO seg1_contacten (trajectory_id, gesproken_op, met, samenvatting, user_id, organisation_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			st.t.ID, dateStr(op), met, sam, nullID(p.UserID), p.OrgID, st.now); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Telefonisch vooroverleg met "+orgName(ctx, tx, desk)+" vastgelegd ("+kalender.Datum(op)+")")
	})
}

// AanmeldingInput is the registration through the intake form: why the
// youth is registered, whether it is a transition client, and the family's
// consent to share the IPVA with Crossroads (not needed on the GI route).
type AanmeldingInput struct {
	Aanmeldreden    string           `json:"aanmeldreden"`
	Overgangsclient bool             `json:"overgangsclient"`
	Toestemming     ToestemmingInput `json:"toestemming"`
}

func (st *state) mayAanmelden(p access.Principal) error {
	switch {
	case !st.is(p, PartyVerwijzer):
		return refuse("Alleen de verwijzer meldt de jeugdige aan bij het aanmeldpunt.")
	case !st.has:
		return refuse("Bel eerst met het aanmeldpunt om de casus en uw overwegingen te bespreken, en leg dat telefonisch vooroverleg vast; daarna meldt u aan.")
	case st.c.Aangemeld():
		return refuse("De jeugdige is al aangemeld bij het aanmeldpunt.")
	case st.t.Route != traject.RouteMedisch && st.t.IPVADoneOn.IsZero():
		return refuse("Rond eerst het IPVA af: de aanmelding gaat met het IPVA mee.")
	}
	return nil
}

// Aanmelden registers the youth with the intake desk (seed 003 §1.1): the
// desk is linked to the trajectory and gets the judgement (2 working days)
// and the intake talk (2 weeks) on its Mijn werk; on the Toegang and GI
// routes the referrer coordinates and gets the coordination level to
// decide.
func (s *Service) Aanmelden(ctx context.Context, p access.Principal, id int64, in AanmeldingInput) error {
	return s.change(ctx, p, id, "aanmelding", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayAanmelden(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		reden := text(fe, "aanmeldreden", in.Aanmeldreden, true, maxTekst, "de reden van aanmelding")
		var ts Toestemming
		if st.t.Route != traject.RouteGI || in.Toestemming != (ToestemmingInput{}) {
			ts = st.toestemming(fe, "toestemming.", in.Toestemming)
		}
		if err := errOf(fe); err != nil {
			return err
		}
		coordinator := int64(0)
		if st.t.Route != traject.RouteMedisch {
			// Seed 003 note 5: with a Toegang referral the referrer is the
			// (light) coordinator; on the GI route the GI coordinates.
			coordinator = st.t.ReferrerOrgID
		}
		if err := update(ctx, tx, st.t.ID, st.now, `fase = ?, aanmeldreden = ?, overgangsclient = ?, toestemming_vorm = ?, toestemming_door = ?,
			toestemming_op = ?, aangemeld_at = ?, coordinator_org_id = ?`, string(FaseAanmelding), reden, in.Overgangsclient, ts.Vorm, ts.GegevenDoor,
			nullDate(ts.GegevenOp), st.now, nullID(coordinator)); err != nil {
			return err
		}
		st.c.AangemeldAt, st.c.CoordinatorOrgID = st.now, coordinator
		if err := access.Link(ctx, tx, st.t.Case(), st.c.DeskOrgID, "aangemeld bij het aanmeldpunt segment 1", st.now); err != nil {
			return err
		}
		if err := open(ctx, tx, st, "beoordeling", st.c.DeskOrgID, access.Aanmeldpunt,
			"Aanmelding beoordelen: start binnen 6 weken, eerder of met urgentie", st.cal.Due(st.now, TermBeoordeling)); err != nil {
			return err
		}
		gesprek := AanmeldgesprekUiterlijk(st.cal, st.now)
		if err := open(ctx, tx, st, "aanmeldgesprek", st.c.DeskOrgID, access.Aanmeldpunt, "Aanmeldgesprek voeren met jeugdige en verwijzer", gesprek); err != nil {
			return err
		}
		if coordinator != 0 {
			if err := open(ctx, tx, st, "niveau", coordinator, coordinatorRole(ctx, tx, coordinator),
				"Mate van coördinatie bepalen met de gedragswetenschapper en Crossroads", gesprek); err != nil {
				return err
			}
		}
		what := "Aangemeld bij " + orgName(ctx, tx, st.c.DeskOrgID) + " met het IPVA"
		if st.t.Route == traject.RouteMedisch {
			what = "Aangemeld bij " + orgName(ctx, tx, st.c.DeskOrgID) + " met de verwijzing"
		}
		return s.record(ctx, tx, p, st, what+"; aanmeldgesprek uiterlijk "+kalender.Datum(gesprek))
	})
}

// BeoordelingInput is the desk's judgement in time.
type BeoordelingInput struct {
	Urgentie       Urgentie `json:"urgentie"`
	StartUiterlijk string   `json:"start_uiterlijk"` // for "eerder" (and optional for "urgent"): JJJJ-MM-DD of dd-mm-jjjj
	Toelichting    string   `json:"toelichting"`
}

func (st *state) mayDesk(p access.Principal, what string) error {
	if !st.is(p, PartyAanmeldpunt) {
		return refuse("Alleen het aanmeldpunt " + what + ".")
	}
	return nil
}

func (st *state) mayBeoordelen(p access.Principal) error {
	if err := st.mayDesk(p, "beoordeelt de aanmelding"); err != nil {
		return err
	}
	if st.c.Fase != FaseAanmelding {
		return refuse("De aanmelding is al verder dan de beoordeling: " + st.c.Fase.Label() + ".")
	}
	return nil
}

// Beoordelen records the desk's judgement in time (seed 003 note 2): can
// help start within 6 weeks of the registration, or must it start sooner
// or with urgency. It sets the day the help must start by.
func (s *Service) Beoordelen(ctx context.Context, p access.Principal, id int64, in BeoordelingInput) error {
	return s.change(ctx, p, id, "beoordeling", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayBeoordelen(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		gewenst := st.day(fe, "start_uiterlijk", in.StartUiterlijk, false, true, "de uiterste startdatum")
		toel := text(fe, "toelichting", in.Toelichting, false, maxTekst, "de toelichting")
		if err := errOf(fe); err != nil {
			return err
		}
		start, err := StartUiterlijk(st.cal, st.c.AangemeldAt, st.now, in.Urgentie, gewenst)
		if err != nil {
			return err
		}
		if err := update(ctx, tx, st.t.ID, st.now, "urgentie = ?, start_uiterlijk = ?, beoordeling_toelichting = ?, beoordeeld_at = ?",
			string(in.Urgentie), start.UTC(), toel, st.now); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "beoordeling"); err != nil {
			return err
		}
		what := map[Urgentie]string{Regulier: "start binnen 6 weken", Eerder: "eerder starten", Urgent: "met urgentie starten"}[in.Urgentie]
		return s.record(ctx, tx, p, st, "Aanmelding beoordeeld: "+what+", hulp start uiterlijk "+kalender.Datum(start))
	})
}

// AanmeldgesprekInput is the intake talk: when, who was there, the notes.
type AanmeldgesprekInput struct {
	Datum             string `json:"datum"`
	JeugdigeAanwezig  bool   `json:"jeugdige_aanwezig"`
	VerwijzerAanwezig bool   `json:"verwijzer_aanwezig"`
	Verslag           string `json:"verslag"`
}

func (st *state) mayAanmeldgesprek(p access.Principal) error {
	if err := st.mayDesk(p, "voert het aanmeldgesprek"); err != nil {
		return err
	}
	switch {
	case st.c.Fase != FaseAanmelding || !st.c.AanmeldgesprekOp.IsZero():
		return refuse("Het aanmeldgesprek is al gevoerd.")
	case st.c.BeoordeeldAt.IsZero():
		return refuse("Beoordeel eerst de aanmelding in de tijd: kan de hulp binnen 6 weken starten, of eerder of met urgentie?")
	}
	return nil
}

// Aanmeldgesprek records the intake talk with the youth and the referrer
// (seed 003 §1.2); the aanmeldtafel's advice comes next.
func (s *Service) Aanmeldgesprek(ctx context.Context, p access.Principal, id int64, in AanmeldgesprekInput) error {
	return s.change(ctx, p, id, "aanmeldgesprek", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayAanmeldgesprek(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		op := st.day(fe, "datum", in.Datum, true, false, "de datum van het aanmeldgesprek")
		verslag := text(fe, "verslag", in.Verslag, true, maxTekst, "het verslag van het aanmeldgesprek")
		if !op.IsZero() && kalender.Day(op).Before(kalender.Day(st.c.AangemeldAt)) {
			fe["datum"] = "Het aanmeldgesprek kan niet vóór de aanmelding (" + kalender.Datum(st.c.AangemeldAt) + ") zijn."
		}
		if err := errOf(fe); err != nil {
			return err
		}
		if !in.JeugdigeAanwezig || !in.VerwijzerAanwezig {
			return refuse("Het aanmeldgesprek is met de jeugdige (of ouders) en de verwijzer samen: nodig beiden uit en leg het gesprek vast als beiden er waren.")
		}
		if err := update(ctx, tx, st.t.ID, st.now, "aanmeldgesprek_op = ?, aanmeldgesprek_verslag = ?", dateStr(op), verslag); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "aanmeldgesprek"); err != nil {
			return err
		}
		if err := open(ctx, tx, st, "advies", st.c.DeskOrgID, access.Aanmeldpunt, "Advies van de aanmeldtafel vastleggen", st.cal.Due(st.now, TermAdvies)); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Aanmeldgesprek gevoerd met jeugdige en verwijzer ("+kalender.Datum(op)+")")
	})
}

// AdviesInput is the aanmeldtafel's three-part advice.
type AdviesInput struct {
	Segment1       bool   `json:"segment1"`
	RegievoerderID int64  `json:"regievoerder_id"` // with segment 1
	Hulpvorm       string `json:"hulpvorm"`        // with segment 1
	AnderSegment   string `json:"ander_segment"`   // without: 2, 3 or 4
	Toelichting    string `json:"toelichting"`
}

// AndereSegmenten are the segments the desk can advise instead of 1.
var AndereSegmenten = []struct{ Code, Label string }{
	{"2", "Segment 2: specialistische jeugdhulp"},
	{"3", "Segment 3: ambulante hulp en begeleiding"},
	{"4", "Segment 4: lokale, vrij toegankelijke hulp"},
}

func segmentLabel(code string) string {
	for _, s := range AndereSegmenten {
		if s.Code == code {
			return s.Label
		}
	}
	return "segment " + code
}

func (st *state) mayAdviseren(p access.Principal) error {
	if err := st.mayDesk(p, "legt het advies van de aanmeldtafel vast"); err != nil {
		return err
	}
	switch {
	case st.c.Fase != FaseAanmelding:
		return refuse("Het advies van de aanmeldtafel is al vastgelegd.")
	case st.c.AanmeldgesprekOp.IsZero():
		return refuse("Voer eerst het aanmeldgesprek met de jeugdige en de verwijzer; daarna adviseert de aanmeldtafel.")
	}
	return nil
}

// Adviseren records the aanmeldtafel's advice after multidisciplinary
// alignment (seed 003 §1.2): segment 1 or another segment, which provider
// becomes regievoerder, which form of help.
func (s *Service) Adviseren(ctx context.Context, p access.Principal, id int64, in AdviesInput) error {
	return s.change(ctx, p, id, "advies", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayAdviseren(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		a := Advies{Segment1: in.Segment1, Toelichting: text(fe, "toelichting", in.Toelichting, !in.Segment1, maxTekst, "de toelichting bij het advies")}
		if in.Segment1 {
			a.Hulpvorm = text(fe, "hulpvorm", in.Hulpvorm, true, maxTekst, "de geadviseerde hulpvorm")
			if o, err := organisation.Get(ctx, tx, in.RegievoerderID); err != nil || o.Kind != organisation.Aanbieder {
				fe["regievoerder_id"] = "Kies de jeugdhulpaanbieder die regievoerder wordt."
			}
			a.RegievoerderID = in.RegievoerderID
		} else {
			if segmentLabel(in.AnderSegment) == "segment "+in.AnderSegment {
				fe["ander_segment"] = "Kies welk segment beter past: 2, 3 of 4."
			}
			a.AnderSegment = in.AnderSegment
		}
		if err := errOf(fe); err != nil {
			return err
		}
		if err := update(ctx, tx, st.t.ID, st.now, `fase = ?, advies_segment1 = ?, advies_regievoerder_id = ?, advies_hulpvorm = ?, advies_ander_segment = ?,
			advies_toelichting = ?, advies_at = ?`, string(FaseAdvies), a.Segment1, nullID(a.RegievoerderID), a.Hulpvorm, a.AnderSegment, a.Toelichting, st.now); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "advies"); err != nil {
			return err
		}
		label, what := "Jeugdige aanmelden bij de regievoerder", "Advies aanmeldtafel: hoog-specialistische jeugdhulp, regievoerder "+orgName(ctx, tx, a.RegievoerderID)
		if !a.Segment1 {
			label, what = "Overleggen met de verwijzer: segment 1 past niet", "Advies aanmeldtafel: segment 1 past niet; "+segmentLabel(a.AnderSegment)
		}
		if err := open(ctx, tx, st, "aanmelden", st.c.DeskOrgID, access.Aanmeldpunt, label, st.cal.Due(st.now, TermAanmelden)); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, what)
	})
}

func (st *state) mayBijRegievoerder(p access.Principal) error {
	if err := st.mayDesk(p, "meldt de jeugdige aan bij de regievoerder"); err != nil {
		return err
	}
	switch {
	case st.c.Fase != FaseAdvies:
		return refuse("Dit kan na het advies van de aanmeldtafel, en één keer.")
	case st.c.Advies == nil || !st.c.Advies.Segment1:
		return refuse("De aanmeldtafel adviseert een ander segment: overleg met de verwijzer in plaats van aan te melden bij een regievoerder.")
	}
	return nil
}

// AanmeldenBijRegievoerder registers the youth with the regievoerder the
// aanmeldtafel advised: that provider is linked to the case and gets the
// treatment plan and the start of help, due the day the desk's judgement
// set.
func (s *Service) AanmeldenBijRegievoerder(ctx context.Context, p access.Principal, id int64) error {
	return s.change(ctx, p, id, "regievoerder", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayBijRegievoerder(p); err != nil {
			return err
		}
		rv := st.c.Advies.RegievoerderID
		if err := update(ctx, tx, st.t.ID, st.now, "fase = ?, regievoerder_id = ?, aangemeld_bij_regievoerder_at = ?", string(FaseRegie), rv, st.now); err != nil {
			return err
		}
		st.c.RegievoerderID = rv
		if err := access.Link(ctx, tx, st.t.Case(), rv, "regievoerder segment 1 (advies aanmeldtafel)", st.now); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "aanmelden"); err != nil {
			return err
		}
		if err := open(ctx, tx, st, "start", rv, access.Jeugdhulpaanbieder, "Behandelplan opstellen met de jeugdige en de hulp starten", st.c.StartUiterlijk); err != nil {
			return err
		}
		// From now on the regievoerder answers for Crossroads on open
		// proposals about the coordination level.
		vs, err := voorstellen(ctx, tx, st.t.ID)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Open() && !answered(v, BeslisserCrossroads) {
				if err := done(ctx, tx, st, p, instemmingKind(v.ID, BeslisserCrossroads)); err != nil {
					return err
				}
				if err := open(ctx, tx, st, instemmingKind(v.ID, BeslisserCrossroads), rv, access.Jeugdhulpaanbieder, instemmingLabel(v.Soort, BeslisserCrossroads),
					st.cal.Due(st.now, TermInstemming)); err != nil {
					return err
				}
			}
		}
		return s.record(ctx, tx, p, st, "Aangemeld bij de regievoerder: "+orgName(ctx, tx, rv)+"; hulp start uiterlijk "+kalender.Datum(st.c.StartUiterlijk))
	})
}

// TerugInput is what the desk agreed with the referrer when segment 1
// does not fit.
type TerugInput struct {
	Toelichting string `json:"toelichting"`
}

func (st *state) mayTerug(p access.Principal) error {
	if err := st.mayDesk(p, "overlegt met de verwijzer"); err != nil {
		return err
	}
	if st.c.Fase != FaseAdvies || st.c.Advies == nil || st.c.Advies.Segment1 {
		return refuse("Dit kan alleen als de aanmeldtafel een ander segment adviseert.")
	}
	return nil
}

// Terugleggen closes the segment-1 case when segment 1 does not fit: the
// desk consulted the referrer (seed 003 §1.2); the referrer goes on with
// the advised segment on the trajectory.
func (s *Service) Terugleggen(ctx context.Context, p access.Principal, id int64, in TerugInput) error {
	return s.change(ctx, p, id, "terugleggen", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayTerug(p); err != nil {
			return err
		}
		fe := FieldErrors{}
		toel := text(fe, "toelichting", in.Toelichting, true, maxTekst, "wat u met de verwijzer heeft afgesproken")
		if err := errOf(fe); err != nil {
			return err
		}
		if err := update(ctx, tx, st.t.ID, st.now, "fase = ?, teruggelegd_toelichting = ?", string(FaseTeruggelegd), toel); err != nil {
			return err
		}
		if err := done(ctx, tx, st, p, "%"); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, "Teruggelegd bij de verwijzer na overleg: "+segmentLabel(st.c.Advies.AnderSegment))
	})
}

// CoordinatieVraagInput asks a local Toegang to coordinate, with the
// youth's (or parents') consent.
type CoordinatieVraagInput struct {
	ToegangID   int64            `json:"toegang_id"`
	Toestemming ToestemmingInput `json:"toestemming"`
}

func (st *state) mayCoordinatieVragen(p access.Principal) error {
	if err := st.mayDesk(p, "vraagt de lokale Toegang om te coördineren"); err != nil {
		return err
	}
	switch {
	case !st.c.Open() || !st.c.Aangemeld():
		return refuse("Dit kan zolang de aanmelding loopt.")
	case st.c.CoordinatorOrgID != 0:
		return refuse("De coördinatie ligt al bij de Toegang of GI die verwees.")
	case st.t.Route != traject.RouteMedisch && !st.c.Overgangsclient:
		return refuse("Alleen bij een verwijzing uit het medisch domein of een overgangscliënt vraagt het aanmeldpunt de lokale Toegang om te coördineren.")
	}
	return nil
}

// CoordinatieVragen asks the local Toegang to coordinate, for a
// medical-domain referral or a transition client, only with the youth's
// consent (seed 003 §1.2): without it the request is refused. The Toegang
// is linked to the case and decides the coordination level.
func (s *Service) CoordinatieVragen(ctx context.Context, p access.Principal, id int64, in CoordinatieVraagInput) error {
	return s.change(ctx, p, id, "coordinatie-vraag", access.PartAanmelding, func(tx *database.Tx, st *state) error {
		if err := st.mayCoordinatieVragen(p); err != nil {
			return err
		}
		if in.Toestemming == (ToestemmingInput{}) {
			return refuse("Zonder toestemming van de jeugdige (of de ouders) vraagt het aanmeldpunt de Toegang niet om te coördineren. Vraag eerst toestemming en leg die vast.")
		}
		fe := FieldErrors{}
		ts := st.toestemming(fe, "toestemming.", in.Toestemming)
		if o, err := organisation.Get(ctx, tx, in.ToegangID); err != nil || o.Kind != organisation.Toegang {
			fe["toegang_id"] = "Kies de lokale Toegang die de coördinatie oppakt."
		}
		if err := errOf(fe); err != nil {
			return err
		}
		if err := update(ctx, tx, st.t.ID, st.now, `coordinator_org_id = ?, coordinatie_gevraagd_at = ?, coordinatie_toestemming_vorm = ?,
			coordinatie_toestemming_door = ?, coordinatie_toestemming_op = ?`, in.ToegangID, st.now, ts.Vorm, ts.GegevenDoor, dateStr(ts.GegevenOp)); err != nil {
			return err
		}
		st.c.CoordinatorOrgID = in.ToegangID
		if err := access.Link(ctx, tx, st.t.Case(), in.ToegangID, "coördinatie segment 1 gevraagd door het aanmeldpunt, met toestemming", st.now); err != nil {
			return err
		}
		if err := open(ctx, tx, st, "niveau", in.ToegangID, access.Toegangsmedewerker,
			"Coördinatie oppakken en de mate van coördinatie bepalen", st.cal.Due(st.now, TermCoordinatie)); err != nil {
			return err
		}
		return s.record(ctx, tx, p, st, orgName(ctx, tx, in.ToegangID)+" gevraagd te coördineren, met toestemming ("+ts.Vorm+")")
	})
}
