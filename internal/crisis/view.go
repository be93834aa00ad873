package crisis

import (
	"context"
	"errors"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// View is a crisis case as a reader sees it, and as the API writes it:
// dates YYYY-MM-DD, moments RFC 3339. The crisis record (Melding …
// Perspectiefplan) is there only for a reader who sees access.PartCrisis,
// the caller's phone number only for one who sees access.PartContact, the
// history only for one who sees access.PartVerloop.
type View struct {
	ID         int64        `json:"id"`
	JeugdigeID int64        `json:"jeugdige_id"`
	Jeugdige   string       `json:"jeugdige"`
	BSN        string       `json:"bsn,omitempty"`
	Geboren    string       `json:"geboortedatum"`
	Leeftijd   int          `json:"leeftijd"`
	Gemeente   string       `json:"gemeente"`
	Stap       traject.Step `json:"stap"`
	StapNaam   string       `json:"stap_naam"`
	Afgesloten bool         `json:"afgesloten"`
	// Crisisdienst is the crisis service that took the report and records
	// the steps.
	CrisisdienstID int64  `json:"crisisdienst_id"`
	Crisisdienst   string `json:"crisisdienst"`
	// GemeldOm is the moment of the report: the crisis terms run from it.
	GemeldOm        time.Time        `json:"gemeld_om"`
	Procesregisseur *Procesregisseur `json:"procesregisseur,omitempty"`
	Melding         *Melding         `json:"melding,omitempty"`
	Triage          *Triage          `json:"triage,omitempty"`
	Inschatting     *Inschatting     `json:"inschatting,omitempty"`
	Inzet           []Inzet          `json:"inzet"`
	RTO             *RTO             `json:"rto,omitempty"`
	Perspectiefplan *Plan            `json:"perspectiefplan,omitempty"`
	AfgeslotenOm    time.Time        `json:"afgesloten_om,omitzero"`
	// Acties are the open obligations of the case, earliest due first.
	Acties       []Actie         `json:"acties"`
	Geschiedenis []traject.Event `json:"geschiedenis"`
}

// MayAct reports whether p records the next steps of the crisis: the
// crisis service that took the report, while the case is open.
func (v View) MayAct(p access.Principal) bool {
	return !v.Afgesloten && v.CrisisdienstID == p.OrgID && p.Has(access.Crisisdienst)
}

// Procesregisseur is the Toegang or GI whose process director joins the
// RTO; Grond says why it is that one.
type Procesregisseur struct {
	OrganisatieID int64       `json:"organisatie_id"`
	Naam          string      `json:"naam"`
	Rol           access.Role `json:"rol"`
	Grond         string      `json:"grond"`
}

// Melding is the telephone report.
type Melding struct {
	Melder            string `json:"melder"`
	MelderNaam        string `json:"melder_naam"`
	MelderTelefoon    string `json:"melder_telefoon,omitempty"`
	AndersDanGisteren string `json:"anders_dan_gisteren"`
	HulpGestartOp     string `json:"hulp_gestart_op,omitempty"`
}

// Triage is the triage's outcome.
type Triage struct {
	Uitkomst       string    `json:"uitkomst"`
	Problematiek   string    `json:"problematiek,omitempty"`
	Deskundige     string    `json:"deskundige,omitempty"`
	DeskundigeNaam string    `json:"deskundige_naam,omitempty"`
	Toelichting    string    `json:"toelichting"`
	Advies         string    `json:"advies,omitempty"`
	VastgelegdOm   time.Time `json:"vastgelegd_om"`
}

// Inschatting is the active assessment; OpTijd: within 2 hours of the
// report.
type Inschatting struct {
	TerPlaatseOm     time.Time `json:"ter_plaatse_om"`
	Uiterlijk        time.Time `json:"uiterlijk"`
	OpTijd           bool      `json:"op_tijd"`
	Crisismedewerker string    `json:"crisismedewerker"`
	DeskundigeMee    bool      `json:"deskundige_mee"`
	Crisis           bool      `json:"crisis"`
	Toelichting      string    `json:"toelichting"`
	Advies           string    `json:"advies,omitempty"`
}

// Inzet is one form of crisis care deployed; Nummer groups the forms
// chosen together.
type Inzet struct {
	Nummer             int       `json:"nummer"`
	Vorm               string    `json:"vorm"`
	VormNaam           string    `json:"vorm_naam"`
	Begindatum         string    `json:"begindatum"`
	Einddatum          string    `json:"einddatum"`
	WaaromNietAmbulant string    `json:"waarom_niet_ambulant,omitempty"`
	WaaromNietNetwerk  string    `json:"waarom_niet_netwerk,omitempty"`
	Toelichting        string    `json:"toelichting,omitempty"`
	VastgelegdOm       time.Time `json:"vastgelegd_om"`
}

// RTO is the round-table talk; Uiterlijk the first working day after the
// report, OpTijd whether it was held by then.
type RTO struct {
	Datum       string      `json:"datum"`
	Uiterlijk   string      `json:"uiterlijk"`
	OpTijd      bool        `json:"op_tijd"`
	Deelnemers  []Deelnemer `json:"deelnemers"`
	Perspectief string      `json:"perspectief"`
}

// Plan is the Perspectiefplan Crisis.
type Plan struct {
	Tekst        string      `json:"tekst"`
	Deelnemers   []Deelnemer `json:"deelnemers"`
	Toelichting  string      `json:"toelichting,omitempty"`
	VastgelegdOm time.Time   `json:"vastgelegd_om"`
}

// Actie is an open obligation of the case: what, whose, by when. InUren:
// the term counts in hours, so the time matters.
type Actie struct {
	Stap          traject.Step `json:"stap"`
	Actie         string       `json:"actie"`
	Rol           access.Role  `json:"rol"`
	OrganisatieID int64        `json:"organisatie_id"`
	Organisatie   string       `json:"organisatie"`
	Uiterlijk     time.Time    `json:"uiterlijk"`
	InUren        bool         `json:"in_uren"`
	TeLaat        bool         `json:"te_laat"`
}

// Get reads crisis id for p as one logged read of the case.
func (s *Service) Get(ctx context.Context, p access.Principal, id int64, purpose access.Purpose) (View, error) {
	var k record
	names := map[int64]string{}
	cv, err := s.Traject.ReadCase(ctx, p, id, traject.RouteCrisis, "crisis", purpose, func(tx *database.Tx, t traject.Trajectory) error {
		var err error
		if k, err = load(ctx, tx, id); err != nil {
			return err
		}
		if k.regio, err = organisation.RegionOf(ctx, tx, t.MunicipalityID); err != nil {
			return err
		}
		for _, oid := range []int64{k.ProcesregisseurOrg, t.ReferrerOrgID} {
			names[oid] = orgName(ctx, tx, oid)
		}
		obs, err := werk.Of(ctx, tx, id)
		for _, o := range obs {
			if _, ok := names[o.OwnerOrgID]; !ok && o.DoneAt.IsZero() {
				names[o.OwnerOrgID] = orgName(ctx, tx, o.OwnerOrgID)
			}
		}
		return err
	})
	if err != nil {
		return View{}, err
	}
	return s.view(cv, k, names, p), nil
}

// view puts a case and its crisis record together for p.
func (s *Service) view(cv traject.CaseView, k record, names map[int64]string, p access.Principal) View {
	now := s.now()
	v := View{ID: cv.ID, JeugdigeID: cv.ClientID, Jeugdige: cv.Client.Name(), BSN: cv.Client.BSN, Geboren: dateStr(cv.Client.BirthDate),
		Leeftijd: client.AgeOn(cv.Client.BirthDate, kalender.Day(now)), Gemeente: cv.Client.MunicipalityName,
		Stap: cv.Step, StapNaam: traject.RouteStepLabel(traject.RouteCrisis, cv.Step), Afgesloten: cv.Step == traject.StepGesloten,
		CrisisdienstID: cv.ReferrerOrgID, Crisisdienst: names[cv.ReferrerOrgID], GemeldOm: k.GemeldOm, AfgeslotenOm: k.AfgeslotenAt, Inzet: []Inzet{}, Acties: []Actie{}, Geschiedenis: cv.History}
	if v.Geschiedenis == nil {
		v.Geschiedenis = []traject.Event{}
	}
	for _, a := range cv.Actions {
		v.Acties = append(v.Acties, Actie{Stap: a.Step, Actie: a.Label, Rol: a.Role, OrganisatieID: a.OwnerOrgID, Organisatie: names[a.OwnerOrgID],
			Uiterlijk: a.Due.UTC(), InUren: a.InHours(), TeLaat: a.Overdue(now)})
	}
	if k.ProcesregisseurOrg != 0 {
		grond := "Toegang van de woongemeente van de jeugdige"
		if k.ProcesregisseurTraject != 0 {
			grond = "verwijzer van het lopende traject van de jeugdige"
		}
		v.Procesregisseur = &Procesregisseur{OrganisatieID: k.ProcesregisseurOrg, Naam: names[k.ProcesregisseurOrg], Rol: access.Role(k.ProcesregisseurRol), Grond: grond}
	}
	if !p.Sees(access.PartCrisis) {
		return v
	}
	v.Melding = &Melding{Melder: k.Melder, MelderNaam: k.MelderNaam, AndersDanGisteren: k.AndersDanGisteren}
	if p.Sees(access.PartContact) {
		v.Melding.MelderTelefoon = k.MelderTelefoon
	}
	if !k.HulpGestartOp.IsZero() {
		v.Melding.HulpGestartOp = dateStr(k.HulpGestartOp)
	}
	if k.Triage != "" {
		v.Triage = &Triage{Uitkomst: k.Triage, Problematiek: k.Problematiek, Deskundige: k.Deskundige, DeskundigeNaam: k.DeskundigeNaam,
			Toelichting: k.TriageToelichting, VastgelegdOm: k.TriageAt.UTC()}
		if k.Triage != UitkomstCrisis {
			v.Triage.Advies = k.Advies
		}
	}
	if k.IsCrisis.Valid {
		due := s.due(k.regio, traject.StepInschatting, k.GemeldOm)
		v.Inschatting = &Inschatting{TerPlaatseOm: k.TerPlaatseOm.UTC(), Uiterlijk: due.UTC(), OpTijd: !k.TerPlaatseOm.After(due),
			Crisismedewerker: k.Crisismedewerker, DeskundigeMee: k.DeskundigeMee, Crisis: k.IsCrisis.Bool, Toelichting: k.InschattingToelichting}
		if !k.IsCrisis.Bool {
			v.Inschatting.Advies = k.Advies
		}
	}
	for _, r := range k.Inzet {
		v.Inzet = append(v.Inzet, Inzet{Nummer: r.Inzet, Vorm: r.Vorm, VormNaam: VormLabel(r.Vorm), Begindatum: dateStr(r.Begindatum), Einddatum: dateStr(r.Einddatum),
			WaaromNietAmbulant: r.WaaromNietAmbulant, WaaromNietNetwerk: r.WaaromNietNetwerk, Toelichting: r.Toelichting, VastgelegdOm: r.RecordedAt.UTC()})
	}
	if k.rtoDone() {
		due := s.due(k.regio, traject.StepRTO, k.GemeldOm)
		v.RTO = &RTO{Datum: dateStr(k.RTOOp), Uiterlijk: kalender.Day(due).Format("2006-01-02"), OpTijd: !kalender.Day(k.RTOOp).After(kalender.Day(due)),
			Deelnemers: k.RTODeelnemers, Perspectief: k.RTOPerspectief}
	}
	if k.planDone() {
		v.Perspectiefplan = &Plan{Tekst: k.PlanTekst, Deelnemers: k.PlanDeelnemers, Toelichting: k.PlanToelichting, VastgelegdOm: k.PlanAt.UTC()}
	}
	return v
}

// ErrNotFound: no such crisis, or not one the reader may see.
var ErrNotFound = traject.ErrNotFound

// IsNotFound reports whether err says the crisis is not there for the
// reader.
func IsNotFound(err error) bool { return errors.Is(err, traject.ErrNotFound) }
