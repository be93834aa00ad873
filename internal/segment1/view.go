package segment1

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// View is the segment-1 coordination of one trajectory as one reader may
// see it: the parts of the access table the reader's roles do not see are
// left out, and Mag says what the reader may do now (the same checks the
// transitions make).
type View struct {
	TrajectoryID int64
	Route        traject.Route
	// Bestaat: the trajectory has a segment-1 case.
	Bestaat bool
	Case
	// Organisation names.
	Desk, Coordinator, Regievoerder, AdviesRegievoerder string
	Contacten                                           []Contact
	Voorstellen                                         []VoorstelView
	Taxaties                                            []TaxatieRegel
	// The unbroken run of safe assessments up to today, and whether it
	// spans six months (the de-escalation indicator).
	VeiligVan, VeiligTot time.Time
	VeiligeReeks         bool
	Veilig6              bool
	Plannen              []Plan
	Verblijven           []Verblijf
	Evaluaties           []Evaluatie
	Signalen             []SignaalView
	Meldingen            []MeldingView
	Consultaties         []ConsultatieView
	// Open are the open segment-1 duties, earliest due first.
	Open []Taak
	// AanmeldgesprekUiterlijk: the intake talk's deadline while it is due.
	AanmeldgesprekUiterlijk time.Time
	// NaloopTot: the last day help may run on outside the FOA, once an end
	// date is proposed.
	NaloopTot time.Time
	Mag       Mag
	Ziet      Ziet
}

// Ziet says which segment-1 parts the reader sees.
type Ziet struct {
	Aanmelding, Coordinatie, Regie, Consultatie bool
}

// Iets reports whether the reader sees any segment-1 part.
func (z Ziet) Iets() bool { return z.Aanmelding || z.Coordinatie || z.Regie || z.Consultatie }

// Mag says which changes the reader may make now.
type Mag struct {
	TelefonischOverleg, Aanmelden                                       bool
	Beoordelen, Aanmeldgesprek, Adviseren, BijRegievoerder, Terugleggen bool
	CoordinatieVragen                                                   bool
	Vaststellen, Opschalen, Afschalen                                   bool
	Taxeren                                                             bool
	Behandelplan, Evalueren, Signaleren, Meldcode, Melding              bool
	Afronden, EindeAfstemmen, Sluiten                                   bool
	Verblijf                                                            bool
	ConsultatieVragen                                                   bool
}

// VoorstelView is a proposal with whether the reader may answer it, and as
// which decider.
type VoorstelView struct {
	Voorstel
	MagInstemmen bool
	Als          Beslisser
}

// SignaalView is a signal or meldcode action with whether the reader may
// take it up.
type SignaalView struct {
	Signaal
	MagOppakken bool
}

// MeldingView is a draft zorgmelding or VTO with whether the reader may
// complete it.
type MeldingView struct {
	Melding
	MagAanvullen bool
}

// ConsultatieView is a consultation with whether the reader may advise.
type ConsultatieView struct {
	Consultatie
	MagAdviseren bool
}

// Taak is an open segment-1 duty.
type Taak struct {
	Label       string
	Organisatie string
	Uiterlijk   time.Time
	TeLaat      bool
}

// partOfKind is the part an obligation of kind (after the prefix) belongs
// to: its label tells that much.
func partOfKind(kind string) access.Part {
	k, _, _ := strings.Cut(kind, ":")
	switch k {
	case "beoordeling", "aanmeldgesprek", "advies", "aanmelden", "start":
		return access.PartAanmelding
	case "evaluatie":
		return access.PartRegie
	case "consultatie":
		return access.PartConsultatie
	}
	return access.PartCoordinatie
}

// ziet is what p sees of segment 1.
func ziet(p access.Principal) Ziet {
	return Ziet{Aanmelding: p.Sees(access.PartAanmelding), Coordinatie: p.Sees(access.PartCoordinatie),
		Regie: p.Sees(access.PartRegie), Consultatie: p.Sees(access.PartConsultatie)}
}

// Get reads the segment-1 coordination of trajectory id for p, as one
// logged read (object "segment1"). A reader whose roles see no segment-1
// part gets an empty view without any read.
func (s *Service) Get(ctx context.Context, p access.Principal, id int64) (View, error) {
	v := View{TrajectoryID: id, Ziet: ziet(p)}
	if !v.Ziet.Iets() {
		return v, nil
	}
	c, err := s.caseOf(ctx, id)
	if err != nil {
		return v, err
	}
	err = s.Gate.TrajectoryRead(ctx, p, c, access.Op{Action: access.Lezen, Object: "segment1", Purpose: purposeFor(p)}, func(tx *database.Tx, _ access.View) error {
		st, err := s.load(ctx, tx, id, false)
		if err != nil {
			return err
		}
		return s.fill(ctx, tx, p, st, &v)
	})
	return v, mapErr(err)
}

// OfCase reads the segment-1 coordination of the case tv that p has just
// read through traject.Service.Get: that read is the access-log entry of
// the page showing both (one page view, one entry), so this read adds none.
// The link of p's organisation to the trajectory is checked again.
func (s *Service) OfCase(ctx context.Context, p access.Principal, tv traject.View) (View, error) {
	v := View{TrajectoryID: tv.ID, Ziet: ziet(p)}
	if !v.Ziet.Iets() {
		return v, nil
	}
	err := s.Gate.DB.Read(ctx, func(tx *database.Tx) error {
		ok, err := access.Linked(ctx, tx, p.OrgID, tv.ID)
		if err != nil {
			return err
		}
		if !ok || !p.CanReadClient() {
			return ErrNotFound
		}
		st, err := s.load(ctx, tx, tv.ID, false)
		if err != nil {
			return err
		}
		return s.fill(ctx, tx, p, st, &v)
	})
	return v, mapErr(err)
}

// fill reads everything of the case into v and decides what p may do.
func (s *Service) fill(ctx context.Context, q database.Querier, p access.Principal, st *state, v *View) error {
	v.Route, v.Bestaat, v.Case = st.t.Route, st.has, st.c
	m := &v.Mag
	chg := func(part access.Part, err error) bool { return err == nil && p.Changes(part) }
	m.TelefonischOverleg = chg(access.PartAanmelding, st.mayTelefonisch(p))
	m.ConsultatieVragen = chg(access.PartConsultatie, st.mayVragen(p))
	var err error
	if v.Consultaties, err = s.consultatieViews(ctx, q, p, st); err != nil {
		return err
	}
	if !st.has {
		return nil
	}
	v.Desk, v.Coordinator, v.Regievoerder = orgName(ctx, q, st.c.DeskOrgID), orgName(ctx, q, st.c.CoordinatorOrgID), orgName(ctx, q, st.c.RegievoerderID)
	if st.c.Advies != nil {
		v.AdviesRegievoerder = orgName(ctx, q, st.c.Advies.RegievoerderID)
	}
	if st.c.Aangemeld() && st.c.AanmeldgesprekOp.IsZero() && st.c.Fase == FaseAanmelding {
		v.AanmeldgesprekUiterlijk = AanmeldgesprekUiterlijk(st.cal, st.c.AangemeldAt)
	}
	if !st.c.Einddatum.IsZero() {
		v.NaloopTot = NaloopTot(st.c.Einddatum)
	}
	if v.Contacten, err = contacten(ctx, q, st.t.ID); err != nil {
		return err
	}
	vs, err := voorstellen(ctx, q, st.t.ID)
	if err != nil {
		return err
	}
	for _, x := range vs {
		vv := VoorstelView{Voorstel: x}
		if b, err := st.mayInstemmen(p, x); err == nil && p.Changes(access.PartCoordinatie) {
			vv.MagInstemmen, vv.Als = true, b
		}
		v.Voorstellen = append(v.Voorstellen, vv)
	}
	if v.Taxaties, err = taxaties(ctx, q, st.t.ID); err != nil {
		return err
	}
	ts := taxatiesOf(v.Taxaties)
	v.VeiligVan, v.VeiligTot, v.VeiligeReeks = VeiligePeriode(ts, st.now)
	v.Veilig6 = ZesMaandenVeilig(ts, st.now)
	if v.Plannen, err = plannen(ctx, q, st.t.ID); err != nil {
		return err
	}
	if v.Evaluaties, err = evaluaties(ctx, q, st.t.ID); err != nil {
		return err
	}
	if v.Verblijven, err = verblijven(ctx, q, st.t.ID); err != nil {
		return err
	}
	ss, err := signalen(ctx, q, st.t.ID)
	if err != nil {
		return err
	}
	for _, x := range ss {
		v.Signalen = append(v.Signalen, SignaalView{Signaal: x, MagOppakken: chg(access.PartCoordinatie, st.mayOppakken(p, x))})
	}
	ms, err := meldingen(ctx, q, st.t.ID)
	if err != nil {
		return err
	}
	for _, x := range ms {
		v.Meldingen = append(v.Meldingen, MeldingView{Melding: x, MagAanvullen: chg(access.PartCoordinatie, st.mayAanvullen(p, x))})
	}
	obs, err := werk.Of(ctx, q, st.t.ID)
	if err != nil {
		return err
	}
	for _, o := range obs {
		kind, ok := strings.CutPrefix(o.Kind, werk.KindSegment1)
		if !ok || !o.DoneAt.IsZero() || !p.Sees(partOfKind(kind)) {
			continue
		}
		v.Open = append(v.Open, Taak{Label: o.Label, Organisatie: orgName(ctx, q, o.OwnerOrgID), Uiterlijk: o.DueAt, TeLaat: o.Overdue(st.now)})
	}
	sort.SliceStable(v.Open, func(i, j int) bool { return v.Open[i].Uiterlijk.Before(v.Open[j].Uiterlijk) })

	m.Aanmelden = chg(access.PartAanmelding, st.mayAanmelden(p))
	m.Beoordelen = chg(access.PartAanmelding, st.mayBeoordelen(p))
	m.Aanmeldgesprek = chg(access.PartAanmelding, st.mayAanmeldgesprek(p))
	m.Adviseren = chg(access.PartAanmelding, st.mayAdviseren(p))
	m.BijRegievoerder = chg(access.PartAanmelding, st.mayBijRegievoerder(p))
	m.Terugleggen = chg(access.PartAanmelding, st.mayTerug(p))
	m.CoordinatieVragen = chg(access.PartAanmelding, st.mayCoordinatieVragen(p))
	m.Vaststellen = chg(access.PartCoordinatie, st.mayVoorstellen(p, Vaststelling, vs))
	m.Opschalen = chg(access.PartCoordinatie, st.mayVoorstellen(p, Opschaling, vs))
	m.Afschalen = chg(access.PartCoordinatie, st.mayVoorstellen(p, Afschaling, vs))
	m.Taxeren = chg(access.PartCoordinatie, st.mayTaxeren(p))
	m.Behandelplan = chg(access.PartRegie, st.mayRegievoerder(p, ""))
	m.Evalueren = m.Behandelplan && len(v.Plannen) > 0
	m.Verblijf = m.Behandelplan
	m.Signaleren = chg(access.PartCoordinatie, st.mayRegievoerder(p, "")) && st.c.CoordinatorOrgID != 0
	m.Meldcode = chg(access.PartCoordinatie, st.mayBeideKanten(p))
	m.Melding = m.Meldcode
	m.Afronden = chg(access.PartRegie, st.mayAfronden(p, v.Evaluaties)) && st.c.CoordinatorOrgID != 0
	m.EindeAfstemmen = chg(access.PartCoordinatie, st.mayEinde(p))
	m.Sluiten = chg(access.PartCoordinatie, st.maySluiten(p, ts))
	redact(v, p)
	return nil
}

// redact leaves out of v every part p's roles do not see, and every change
// of a part p does not see.
func redact(v *View, p access.Principal) {
	z := v.Ziet
	if !z.Aanmelding {
		v.Contacten, v.Aanmeldreden, v.Toestemming = nil, "", Toestemming{}
		v.Urgentie, v.StartUiterlijk, v.BeoordelingToelichting, v.AanmeldgesprekVerslag = "", time.Time{}, "", ""
		v.Advies, v.TeruggelegdToelichting, v.AdviesRegievoerder = nil, "", ""
		v.Overgangsclient, v.CoordinatieToestemming = false, Toestemming{}
	}
	if !z.Coordinatie {
		v.Voorstellen, v.Taxaties, v.Signalen, v.Meldingen = nil, nil, nil, nil
		v.VeiligVan, v.VeiligTot, v.VeiligeReeks, v.Veilig6 = time.Time{}, time.Time{}, false, false
		v.Niveau, v.NiveauSinds, v.EindeToelichting, v.GeslotenToelichting = "", time.Time{}, "", ""
	}
	if !z.Regie {
		v.Plannen, v.Evaluaties, v.Verblijven, v.HulpGestart = nil, nil, nil, time.Time{}
		v.Uitstroom, v.Einddatum, v.NaarSegment, v.Overdracht, v.LopendeHulp, v.NaloopTot = "", time.Time{}, "", "", nil, time.Time{}
	}
	if !z.Consultatie {
		v.Consultaties = nil
	}
}

// consultatieViews lists the trajectory's consultations with whether p
// may advise on each.
func (s *Service) consultatieViews(ctx context.Context, q database.Querier, p access.Principal, st *state) ([]ConsultatieView, error) {
	cs, err := consultaties(ctx, q, st.t.ID)
	if err != nil {
		return nil, err
	}
	var out []ConsultatieView
	for i := range cs {
		out = append(out, ConsultatieView{Consultatie: cs[i], MagAdviseren: mayAdviseren(p, &cs[i]) == nil && p.Changes(access.PartConsultatie)})
	}
	return out, nil
}

// Labels for the faces.
var (
	FaseLabel     = Fase.Label
	NiveauLabel   = Niveau.Label
	UrgentieLabel = Urgentie.Label
)

// OnderwerpLabel, StapLabel, MeldingLabel and SegmentLabel name the codes
// of a signal, a meldcode step, a report and a segment in Dutch.
func OnderwerpLabel(code string) string { return onderwerpLabel(code) }
func StapLabel(code string) string      { return stapLabel(code) }
func MeldingLabel(code string) string   { return meldingLabel(code) }
func SegmentLabel(code string) string   { return segmentLabel(code) }

// CriteriumLabel is the label of criterion key on any checklist.
func CriteriumLabel(key string) string {
	if key == IndicatorVeilig {
		return "Een aaneengesloten periode van 6 maanden structurele veiligheid (uit de veiligheidstaxaties)"
	}
	for _, list := range [][]Criterium{CriteriaLicht, CriteriaZwaar, CriteriaOpschaling, CriteriaAfschaling} {
		if i := slices.IndexFunc(list, func(c Criterium) bool { return c.Key == key }); i >= 0 {
			return list[i].Label
		}
	}
	return key
}

// AanmeldingItem is one registration on the intake desk's list.
type AanmeldingItem struct {
	TrajectoryID     int64
	ClientName       string
	Fase             Fase
	AangemeldAt      time.Time
	Urgentie         Urgentie
	StartUiterlijk   time.Time
	GesprekUiterlijk time.Time // while the intake talk is due
	GesprekOp        time.Time
	Regievoerder     string
	TeLaat           bool // the intake talk is overdue
}

// Aanmeldingen lists the registrations with p's intake desk: those in
// intake first, by the intake talk's deadline, then the others newest
// first. Each youth shown is logged. Only the intake desk has this list.
func (s *Service) Aanmeldingen(ctx context.Context, p access.Principal) ([]AanmeldingItem, error) {
	if !p.Has(access.Aanmeldpunt) {
		return nil, nil
	}
	var out []AanmeldingItem
	now := s.now()
	err := s.Gate.ListRead(ctx, p, access.Op{Action: access.Lijst, Object: "segment1.aanmeldingen", Purpose: purposeFor(p)},
		func(q database.Querier, sc access.Scope, _ access.View) ([]int64, error) {
			cond, arg := sc.WhereTrajectory("t")
			// The desk's region's calendar.
			r, err := organisation.RegionOf(ctx, q, sc.OrgID())
			if err != nil {
				return nil, err
			}
			cal := r.Kalender(s.Cal)
			rows, err := q.Query(ctx, `SELECT sc.trajectory_id, t.client_id, c.given_name, COALESCE(c.tussenvoegsel, ''), c.family_name, sc.fase, sc.aangemeld_at,
				sc.urgentie, sc.start_uiterlijk, sc.aanmeldgesprek_op, COALESCE(r.name, '')
				FROM seg1_cases sc JOIN trajectories t ON t.id = sc.trajectory_id JOIN clients c ON c.id = t.client_id
				LEFT JOIN organisations r ON r.id = sc.regievoerder_id
				WHERE sc.desk_org_id = ? AND sc.aangemeld_at IS NOT NULL AND `+cond+` ORDER BY sc.aangemeld_at DESC LIMIT 500`, sc.OrgID(), arg)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var ids []int64
			for rows.Next() {
				var it AanmeldingItem
				var client int64
				var given, tv, family, fase, urg string
				var start, gesprek sql.NullTime
				if err := rows.Scan(&it.TrajectoryID, &client, &given, &tv, &family, &fase, &it.AangemeldAt, &urg, &start, &gesprek, &it.Regievoerder); err != nil {
					return nil, err
				}
				it.ClientName = strings.Join(strings.Fields(given+" "+tv+" "+family), " ")
				it.Fase, it.Urgentie, it.StartUiterlijk, it.GesprekOp = Fase(fase), Urgentie(urg), start.Time, gesprek.Time
				if it.Fase == FaseAanmelding && it.GesprekOp.IsZero() {
					it.GesprekUiterlijk = AanmeldgesprekUiterlijk(cal, it.AangemeldAt)
					it.TeLaat = now.After(it.GesprekUiterlijk)
				}
				out = append(out, it)
				ids = append(ids, client)
			}
			return ids, rows.Err()
		})
	if err != nil {
		return nil, mapErr(err)
	}
	inIntake := func(it AanmeldingItem) bool { return it.Fase == FaseAanmelding || it.Fase == FaseAdvies }
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if inIntake(a) != inIntake(b) {
			return inIntake(a)
		}
		if inIntake(a) && !a.GesprekUiterlijk.Equal(b.GesprekUiterlijk) {
			return !a.GesprekUiterlijk.IsZero() && (b.GesprekUiterlijk.IsZero() || a.GesprekUiterlijk.Before(b.GesprekUiterlijk))
		}
		return a.AangemeldAt.After(b.AangemeldAt)
	})
	return out, nil
}

// ConsultatieItem is a consultation on an expert team's list.
type ConsultatieItem struct {
	Consultatie
	ClientName string
}

// TeamConsultaties lists the consultations asked of p's expert team: the
// open ones first by meeting day, then those advised, newest first. Each
// youth shown is logged. Only an expert team has this list.
func (s *Service) TeamConsultaties(ctx context.Context, p access.Principal) ([]ConsultatieItem, error) {
	if !p.Has(access.Expertteam) {
		return nil, nil
	}
	var out []ConsultatieItem
	err := s.Gate.ListRead(ctx, p, access.Op{Action: access.Lijst, Object: "segment1.consultaties", Purpose: purposeFor(p)},
		func(q database.Querier, sc access.Scope, _ access.View) ([]int64, error) {
			cond, arg := sc.WhereTrajectory("tr")
			rows, err := q.Query(ctx, "SELECT "+consultatieCols+`, tr.client_id, cl.given_name, COALESCE(cl.tussenvoegsel, ''), cl.family_name`+consultatieFrom+`
				JOIN trajectories tr ON tr.id = c.trajectory_id JOIN clients cl ON cl.id = tr.client_id
				WHERE c.team_org_id = ? AND `+cond+` ORDER BY c.bespreekdag, c.id LIMIT 500`, sc.OrgID(), arg)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var ids []int64
			for rows.Next() {
				var it ConsultatieItem
				var client int64
				var given, tv, family string
				if it.Consultatie, err = scanConsultatie(rows, &client, &given, &tv, &family); err != nil {
					return nil, err
				}
				it.ClientName = strings.Join(strings.Fields(given+" "+tv+" "+family), " ")
				out = append(out, it)
				ids = append(ids, client)
			}
			return ids, rows.Err()
		})
	if err != nil {
		return nil, mapErr(err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Gegeven() != b.Gegeven() {
			return !a.Gegeven()
		}
		if a.Gegeven() {
			return a.AdviesAt.After(b.AdviesAt)
		}
		return false
	})
	return out, nil
}
