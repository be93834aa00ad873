package crisis

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// Service runs the crisis service's cases on the one case model of
// traject: its gate, clock and calendar.
type Service struct {
	Traject *traject.Service
}

// New returns a Service on the trajectories of t.
func New(t *traject.Service) *Service { return &Service{Traject: t} }

func (s *Service) now() time.Time { return s.Traject.Now().UTC() }

func refuse(reason string) error { return &traject.Refusal{Reason: reason} }

// step is the crisis table's definition of step.
func step(st traject.Step) traject.StepDef {
	d, _ := traject.RouteOf(traject.RouteCrisis)
	sd, _ := d.StepOf(st)
	return sd
}

// due is when step is due when its term runs from from, on the calendar
// and with the terms of region r (the case's).
func (s *Service) due(r organisation.Region, st traject.Step, from time.Time) time.Time {
	return r.Kalender(s.Traject.Cal).Due(from, r.Termijn(traject.TermKey(traject.RouteCrisis, st), step(st).Term))
}

// purpose is why p works on a crisis: crisis intervention when p's roles
// may give it, else p's usual purpose (the process director's help).
func purpose(p access.Principal) access.Purpose {
	if access.AllowedPurpose(p, access.Wijzigen, access.Crisis) {
		return access.Crisis
	}
	return access.DefaultPurpose(p)
}

// MayAct reports whether p records the steps of a crisis of t: the crisis
// service that took the report.
func MayAct(t traject.Trajectory, p access.Principal) bool {
	return t.Route == traject.RouteCrisis && t.ReferrerOrgID == p.OrgID && p.Has(access.Crisisdienst)
}

func mayAct(t traject.Trajectory, p access.Principal) error {
	if !MayAct(t, p) {
		return refuse("Alleen de crisisdienst die de melding aannam, legt de stappen van deze crisis vast.")
	}
	return nil
}

// open opens the obligation of crisis step st for owner in role, due at due.
func (s *Service) open(ctx context.Context, c *traject.CaseTx, st traject.Step, owner int64, role access.Role, label string, due time.Time) error {
	_, err := werk.Open(ctx, c.Tx, werk.Obligation{Kind: "stap:" + string(st), TrajectoryID: c.ID, OwnerOrgID: owner, OwnerRole: role,
		Label: label, DueAt: due}, s.now())
	return err
}

// fulfil closes the open obligations of crisis step st (every owner's).
func (s *Service) fulfil(ctx context.Context, c *traject.CaseTx, p access.Principal, st traject.Step) error {
	return werk.FulfilKind(ctx, c.Tx, c.ID, "stap:"+string(st), p.UserID, s.now())
}

// change runs fn on crisis id as one logged change of the case.
func (s *Service) change(ctx context.Context, p access.Principal, id int64, object string, fn func(c *traject.CaseTx, k record) error) error {
	return s.Traject.ChangeCase(ctx, p, id, traject.RouteCrisis, object, purpose(p), func(c *traject.CaseTx) error {
		k, err := load(ctx, c.Tx, id)
		if err != nil {
			return err
		}
		if k.regio, err = organisation.RegionOf(ctx, c.Tx, c.MunicipalityID); err != nil {
			return err
		}
		if err := mayAct(c.Trajectory, p); err != nil {
			return err
		}
		if k.closed() {
			return refuse("Deze crisiszaak is afgesloten.")
		}
		return fn(c, k)
	})
}

// nextStep is where a confirmed crisis is: the care, then the RTO, then
// the plan.
func nextStep(k record) traject.Step {
	switch {
	case !k.inzetDone():
		return traject.StepInzet
	case !k.rtoDone():
		return traject.StepRTO
	}
	return traject.StepPerspectiefplan
}

var (
	tekstRegel = func(label string, max int) invoer.Tekst {
		return invoer.Tekst{Label: label, Max: max, Verplicht: true, Regels: true}
	}
	kortRegel = func(label string, max int, verplicht bool) invoer.Tekst {
		return invoer.Tekst{Label: label, Max: max, Verplicht: verplicht, Verboden: "<>"}
	}
)

// isoDate reads a YYYY-MM-DD field into fe; empty gives the zero time.
func isoDate(fe invoer.Fouten, field, label, v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		fe.Zet(field, "Vul "+label+" in als JJJJ-MM-DD, bijvoorbeeld 2026-05-14.")
	}
	return t
}

// clockSkew is how far ahead of the server's clock a moment typed as now
// may lie.
const clockSkew = 5 * time.Minute

// MeldingInput is a telephone report of a crisis. A known youth may be
// named by the BSN alone; a new one with all of client.Input.
type MeldingInput struct {
	// GemeldOm is when the call came in; zero: now.
	GemeldOm          time.Time    `json:"gemeld_om,omitzero"`
	Melder            string       `json:"melder"`
	MelderNaam        string       `json:"melder_naam"`
	MelderTelefoon    string       `json:"melder_telefoon"`
	AndersDanGisteren string       `json:"anders_dan_gisteren"`
	Jeugdige          client.Input `json:"jeugdige"`
	// HulpGestartOp (YYYY-MM-DD): when the youth's help started, needed
	// from 18 (R-CRISIS-1).
	HulpGestartOp string `json:"hulp_gestart_op,omitempty"`
}

// onlyBSN reports whether the report names the youth by BSN alone.
func (in MeldingInput) onlyBSN() bool {
	j := in.Jeugdige
	j.BSN = ""
	return j == client.Input{}
}

// MaxMeldingTerug: a report is recorded within a week of the call.
const MaxMeldingTerug = 7 * 24 * time.Hour

// Meld records a telephone report as a new crisis case at the triage:
// the youth (found by BSN or registered), the youth's process director
// linked to the case, and the triage on the crisis service's Mijn werk
// due within the hour.
func (s *Service) Meld(ctx context.Context, p access.Principal, in MeldingInput) (traject.Started, error) {
	now := s.now()
	op := access.Op{Action: access.Aanmaken, Object: "traject.crisis", Purpose: access.Crisis}
	if !p.Has(access.Crisisdienst) {
		if err := s.Traject.Gate.Refuse(ctx, p, access.Case{}, op); !errors.Is(err, access.ErrRefused) {
			return traject.Started{}, err
		}
		return traject.Started{}, refuse("Alleen de crisisdienst legt een crisismelding vast.")
	}
	fe := invoer.Fouten{}
	gemeld := in.GemeldOm.UTC()
	switch {
	case in.GemeldOm.IsZero():
		gemeld = now
	case gemeld.After(now.Add(clockSkew)):
		fe["gemeld_om"] = "Het tijdstip van de melding ligt in de toekomst."
	case gemeld.Before(now.Add(-MaxMeldingTerug)):
		fe["gemeld_om"] = "Het tijdstip van de melding ligt meer dan een week terug; leg een crisis vast als hij gemeld wordt."
	}
	k := record{GemeldOm: gemeld}
	fe.Zet("melder", invoer.Keuze(in.Melder, "Kies wie de crisis meldt.", codes(Melders)...))
	k.Melder = in.Melder
	k.MelderNaam = fe.Tekst("melder_naam", kortRegel("de naam van de melder", 100, false), in.MelderNaam)
	k.MelderTelefoon = fe.Tekst("melder_telefoon", kortRegel("het telefoonnummer van de melder", 30, false), in.MelderTelefoon)
	k.AndersDanGisteren = fe.Tekst("anders_dan_gisteren", tekstRegel("wat er vandaag anders is dan gisteren", 2000), in.AndersDanGisteren)
	k.HulpGestartOp = isoDate(fe, "hulp_gestart_op", "de start van de jeugdhulp", in.HulpGestartOp)
	if invoer.Dag(k.HulpGestartOp).After(invoer.Vandaag(now)) {
		fe.Zet("hulp_gestart_op", "De start van de jeugdhulp ligt in de toekomst.")
	}
	var youth client.Client
	onlyBSN := in.onlyBSN()
	if onlyBSN {
		youth.BSN = strings.ReplaceAll(strings.TrimSpace(in.Jeugdige.BSN), ".", "")
		if !client.ValidBSN(youth.BSN) {
			fe.Zet("bsn", "Dit is geen geldig BSN: een BSN heeft negen cijfers en voldoet aan de elfproef.")
		}
	} else {
		var cfe client.FieldErrors
		youth, cfe = in.Jeugdige.Validate(now)
		for f, m := range cfe {
			fe.Zet(f, m)
		}
	}
	if len(fe) > 0 {
		return traject.Started{}, fe
	}
	// The Toegang teams, for a youth without a running trajectory: no data
	// about any youth, read before the case's transaction.
	teams, err := (&organisation.Store{DB: s.Traject.Gate.DB}).List(ctx, organisation.Toegang)
	if err != nil {
		return traject.Started{}, err
	}
	event := "Crisismelding door " + lowerFirst(MelderLabel(k.Melder)) + ", gemeld om " + kalender.DatumTijd(gemeld) + "."
	st, err := s.Traject.OpenCase(ctx, p, traject.OpenInput{Route: traject.RouteCrisis, Step: traject.StepTriage, Youth: youth, OnlyBSN: onlyBSN,
		Melding: gemeld, Purpose: access.Crisis, Why: "crisismelding", Event: event},
		func(c *traject.CaseTx, rec client.Client, known bool, running []traject.Running) error {
			if err := Eligible(rec.BirthDate, k.HulpGestartOp, gemeld); err != nil {
				return err
			}
			k.ID = c.ID
			why := ""
			if pr, ok := director(running); ok {
				k.ProcesregisseurOrg, k.ProcesregisseurRol, k.ProcesregisseurTraject = pr.OrgID, string(pr.Role), pr.TrajectoryID
				why = "lopend traject " + lowerFirst(traject.RouteLabel(pr.Route))
			} else {
				for _, o := range teams {
					if o.MunicipalityID == rec.MunicipalityID {
						k.ProcesregisseurOrg, k.ProcesregisseurRol = o.ID, string(access.Toegangsmedewerker)
						why = "Toegang van de woongemeente"
						break
					}
				}
			}
			if err := insert(ctx, c.Tx, k, s.now()); err != nil {
				return err
			}
			if k.ProcesregisseurOrg != 0 {
				if err := c.Link(k.ProcesregisseurOrg, "procesregisseur bij de crisis ("+why+")"); err != nil {
					return err
				}
				name := orgName(ctx, c.Tx, k.ProcesregisseurOrg)
				if err := c.Record(traject.EventStap, "Procesregisseur voor het RTO: "+name+" ("+why+")."); err != nil {
					return err
				}
			}
			sd := step(traject.StepTriage)
			r, err := organisation.RegionOf(ctx, c.Tx, c.MunicipalityID)
			if err != nil {
				return err
			}
			return s.open(ctx, c, traject.StepTriage, p.OrgID, access.Crisisdienst, sd.Action, s.due(r, traject.StepTriage, gemeld))
		})
	if errors.Is(err, traject.ErrUnknownBSN) {
		return traject.Started{}, invoer.Fouten{"bsn": "Er is geen jeugdige met dit BSN bekend. Vul ook de andere gegevens van de jeugdige in."}
	}
	return st, err
}

// lowerFirst writes a label inside a sentence: its first letter small,
// abbreviations such as GGZ as they are.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// director picks the process director among the youth's running
// trajectories (newest first): a GI's before a Toegang's.
func director(running []traject.Running) (traject.Running, bool) {
	for _, r := range running {
		if r.Route == traject.RouteGI {
			return r, true
		}
	}
	if len(running) > 0 {
		return running[0], true
	}
	return traject.Running{}, false
}

func orgName(ctx context.Context, q database.Querier, id int64) string {
	o, err := organisation.Get(ctx, q, id)
	if err != nil {
		return ""
	}
	return o.Name
}

// TriageInput is the outcome of the telephone triage.
type TriageInput struct {
	Uitkomst     string `json:"uitkomst"`
	Problematiek string `json:"problematiek,omitempty"`
	// DeskundigeNaam: the gedragswetenschapper or psychiatrist who thinks
	// along (a crisis only).
	DeskundigeNaam string `json:"deskundige_naam,omitempty"`
	Toelichting    string `json:"toelichting"`
	// Advies: the advice given when the case ends at the triage.
	Advies string `json:"advies,omitempty"`
}

// Triage records the triage. A crisis brings in its expert and puts the
// active assessment on the crisis service's Mijn werk, due 2 hours after
// the report; acute help and no crisis end the case with the advice.
func (s *Service) Triage(ctx context.Context, p access.Principal, id int64, in TriageInput) error {
	fe := invoer.Fouten{}
	u, ok := uitkomst(in.Uitkomst)
	if !ok {
		fe["uitkomst"] = "Kies de uitkomst van de triage: crisis, acute hulp of geen crisis."
	}
	toel := fe.Tekst("toelichting", tekstRegel("de toelichting op de triage", 2000), in.Toelichting)
	var pr Problematiek
	var expert, advies string
	if ok && !u.Ends {
		if pr, ok = Expert(in.Problematiek); !ok {
			fe["problematiek"] = "Kies de problematiek: die bepaalt welke deskundige meedenkt."
		}
		expert = fe.Tekst("deskundige_naam", kortRegel("de naam van de deskundige die meedenkt", 100, true), in.DeskundigeNaam)
	}
	if ok && u.Ends {
		advies = fe.Tekst("advies", tekstRegel("het advies aan de melder", 2000), in.Advies)
	}
	if len(fe) > 0 {
		return fe
	}
	return s.change(ctx, p, id, "crisis.triage", func(c *traject.CaseTx, k record) error {
		if c.Step != traject.StepTriage {
			return refuse("De triage is al vastgelegd.")
		}
		now := s.now()
		if err := s.fulfil(ctx, c, p, traject.StepTriage); err != nil {
			return err
		}
		if u.Ends {
			if err := update(ctx, c.Tx, id, now, "triage = ?, triage_toelichting = ?, triage_at = ?, advies = ?, afgesloten_at = ?", u.Code, toel, now, advies, now); err != nil {
				return err
			}
			if err := c.MoveTo(traject.StepGesloten); err != nil {
				return err
			}
			return c.Record(traject.EventStap, "Triage: "+lowerFirst(u.Label)+". Advies: "+advies+" De crisiszaak is afgesloten.")
		}
		if err := update(ctx, c.Tx, id, now, "triage = ?, problematiek = ?, deskundige = ?, deskundige_naam = ?, triage_toelichting = ?, triage_at = ?",
			u.Code, pr.Code, pr.Deskundige, expert, toel, now); err != nil {
			return err
		}
		if err := c.MoveTo(traject.StepInschatting); err != nil {
			return err
		}
		due := s.due(k.regio, traject.StepInschatting, k.GemeldOm)
		if err := s.open(ctx, c, traject.StepInschatting, c.ReferrerOrgID, access.Crisisdienst, step(traject.StepInschatting).Action, due); err != nil {
			return err
		}
		mee := "denkt mee"
		if pr.GaatMee {
			mee = "denkt mee en gaat mee op inschatting"
		}
		return c.Record(traject.EventStap, "Triage: crisis bij "+lowerFirst(pr.Label)+"; "+DeskundigeLabel(pr.Deskundige)+" "+expert+" "+mee+
			". Actieve inschatting uiterlijk "+kalender.DatumTijd(due)+".")
	})
}

// InschattingInput is the active assessment on site.
type InschattingInput struct {
	TerPlaatseOm     time.Time `json:"ter_plaatse_om"`
	Crisismedewerker string    `json:"crisismedewerker"`
	// DeskundigeMee: the expert of the triage was there too.
	DeskundigeMee bool   `json:"deskundige_mee"`
	Crisis        bool   `json:"crisis"`
	Toelichting   string `json:"toelichting"`
	// Advies: the advice when the assessment finds no crisis.
	Advies string `json:"advies,omitempty"`
}

// Inschatting records the active assessment. A crisis puts the crisis
// care (within 4 hours) and the RTO (on the first working day after the
// report) on the crisis service's Mijn werk, and the RTO on the process
// director's; no crisis ends the case with the advice. Arriving later than
// 2 hours after the report is allowed and said in the history.
func (s *Service) Inschatting(ctx context.Context, p access.Principal, id int64, in InschattingInput) error {
	fe := invoer.Fouten{}
	now := s.now()
	at := in.TerPlaatseOm.UTC()
	switch {
	case in.TerPlaatseOm.IsZero():
		fe["ter_plaatse_om"] = "Vul in wanneer de crisismedewerker ter plaatse was."
	case at.After(now.Add(clockSkew)):
		fe["ter_plaatse_om"] = "Het tijdstip ter plaatse ligt in de toekomst."
	}
	worker := fe.Tekst("crisismedewerker", kortRegel("de naam van de crisismedewerker", 100, true), in.Crisismedewerker)
	toel := fe.Tekst("toelichting", tekstRegel("de toelichting op de inschatting", 2000), in.Toelichting)
	advies := ""
	if !in.Crisis {
		advies = fe.Tekst("advies", tekstRegel("het advies", 2000), in.Advies)
	}
	if len(fe) > 0 {
		return fe
	}
	return s.change(ctx, p, id, "crisis.inschatting", func(c *traject.CaseTx, k record) error {
		if c.Step != traject.StepInschatting {
			if c.Step == traject.StepTriage {
				return refuse("Leg eerst de triage vast: die bepaalt of de crisisdienst op inschatting gaat.")
			}
			return refuse("De inschatting is al vastgelegd.")
		}
		if at.Before(k.GemeldOm.Truncate(time.Minute)) {
			// A moment typed to the minute may be the report's own minute.
			return invoer.Fouten{"ter_plaatse_om": "Het tijdstip ter plaatse ligt vóór de melding (" + kalender.DatumTijd(k.GemeldOm) + ")."}
		}
		due := s.due(k.regio, traject.StepInschatting, k.GemeldOm)
		when := "binnen 2 uur na de melding"
		if at.After(due) {
			when = "later dan 2 uur na de melding (uiterlijk was " + kalender.DatumTijd(due) + ")"
		}
		if err := update(ctx, c.Tx, id, now, "ter_plaatse_om = ?, crisismedewerker = ?, deskundige_mee = ?, is_crisis = ?, inschatting_toelichting = ?, inschatting_at = ?, advies = ?",
			at, worker, in.DeskundigeMee, in.Crisis, toel, now, advies); err != nil {
			return err
		}
		if err := s.fulfil(ctx, c, p, traject.StepInschatting); err != nil {
			return err
		}
		what := "Actieve inschatting: " + worker + " ter plaatse om " + kalender.DatumTijd(at) + ", " + when + "."
		if !in.Crisis {
			if err := update(ctx, c.Tx, id, now, "afgesloten_at = ?", now); err != nil {
				return err
			}
			if err := c.MoveTo(traject.StepGesloten); err != nil {
				return err
			}
			return c.Record(traject.EventStap, what+" Geen crisis. Advies: "+advies+" De crisiszaak is afgesloten.")
		}
		if err := c.MoveTo(traject.StepInzet); err != nil {
			return err
		}
		if err := s.open(ctx, c, traject.StepInzet, c.ReferrerOrgID, access.Crisisdienst, step(traject.StepInzet).Action, s.due(k.regio, traject.StepInzet, now)); err != nil {
			return err
		}
		rto := s.due(k.regio, traject.StepRTO, k.GemeldOm)
		if err := s.open(ctx, c, traject.StepRTO, c.ReferrerOrgID, access.Crisisdienst, step(traject.StepRTO).Action, rto); err != nil {
			return err
		}
		if k.ProcesregisseurOrg != 0 {
			if err := s.open(ctx, c, traject.StepRTO, k.ProcesregisseurOrg, access.Role(k.ProcesregisseurRol),
				"Als procesregisseur deelnemen aan het ronde tafel overleg (RTO) over de crisis", rto); err != nil {
				return err
			}
		}
		return c.Record(traject.EventStap, what+" Het is een crisis. RTO uiterlijk "+kalender.Datum(rto)+".")
	})
}

// VormInput is one form of crisis care with its period (YYYY-MM-DD).
type VormInput struct {
	Vorm       string `json:"vorm"`
	Begindatum string `json:"begindatum"`
	Einddatum  string `json:"einddatum"`
}

// InzetInput is the crisis care deployed: one form, or several at once
// (a combination), with the reasons the preference ladder asks for.
type InzetInput struct {
	Vormen             []VormInput `json:"vormen"`
	WaaromNietAmbulant string      `json:"waarom_niet_ambulant,omitempty"`
	WaaromNietNetwerk  string      `json:"waarom_niet_netwerk,omitempty"`
	Toelichting        string      `json:"toelichting,omitempty"`
}

// maxVormen bounds the forms of one inzet.
const maxVormen = 6

// Inzet records crisis care once the assessment found a crisis: each
// form within its maximum, a heavier form only with a written reason for
// each lighter step (R-CRISIS-3). The first inzet fulfils the care on
// Mijn werk; care added later is recorded beside it.
func (s *Service) Inzet(ctx context.Context, p access.Principal, id int64, in InzetInput) error {
	fe := invoer.Fouten{}
	if len(in.Vormen) == 0 {
		fe["vormen"] = "Kies ten minste één vorm van crisishulp."
	}
	if len(in.Vormen) > maxVormen {
		fe["vormen"] = "Kies hoogstens " + strconv.Itoa(maxVormen) + " vormen tegelijk."
	}
	rows := make([]inzetRow, 0, len(in.Vormen))
	seen := map[string]bool{}
	var chosen []string
	for i, v := range in.Vormen {
		at := "vormen." + strconv.Itoa(i)
		vorm, ok := VormOf(v.Vorm)
		if !ok {
			fe.Zet(at+".vorm", "Kies een vorm van crisishulp.")
			continue
		}
		if seen[v.Vorm] {
			fe.Zet(at+".vorm", vorm.Label+" staat al in deze inzet.")
		}
		seen[v.Vorm] = true
		chosen = append(chosen, v.Vorm)
		begin := isoDate(fe, at+".begindatum", "de begindatum", v.Begindatum)
		end := isoDate(fe, at+".einddatum", "de einddatum", v.Einddatum)
		if begin.IsZero() {
			fe.Zet(at+".begindatum", "Vul de begindatum in.")
		}
		if end.IsZero() {
			fe.Zet(at+".einddatum", "Vul de einddatum in: elke vorm van crisishulp heeft een maximum.")
		}
		if !begin.IsZero() && !end.IsZero() {
			fe.Zet(at+".einddatum", vorm.CheckPeriode(begin, end))
		}
		rows = append(rows, inzetRow{Vorm: v.Vorm, Begindatum: begin, Einddatum: end})
	}
	for f, m := range CheckVoorkeur(chosen, in.WaaromNietAmbulant, in.WaaromNietNetwerk) {
		fe.Zet(f, m)
	}
	nietAmbulant := fe.Tekst("waarom_niet_ambulant", invoer.Tekst{Label: "de reden waarom ambulante hulp niet volstaat", Max: 2000, Regels: true}, in.WaaromNietAmbulant)
	nietNetwerk := fe.Tekst("waarom_niet_netwerk", invoer.Tekst{Label: "de reden waarom het netwerk of een noodbed niet kan", Max: 2000, Regels: true}, in.WaaromNietNetwerk)
	toel := fe.Tekst("toelichting", invoer.Tekst{Label: "de toelichting", Max: 2000, Regels: true}, in.Toelichting)
	if len(fe) > 0 {
		return fe
	}
	return s.change(ctx, p, id, "crisis.inzet", func(c *traject.CaseTx, k record) error {
		if !k.crisis() {
			return refuse("Crisishulp wordt ingezet als de actieve inschatting een crisis vaststelt; leg eerst de inschatting vast.")
		}
		melding := invoer.Vandaag(k.GemeldOm)
		nr := 1
		for _, r := range k.Inzet {
			nr = max(nr, r.Inzet+1)
		}
		var names []string
		for i := range rows {
			if invoer.Dag(rows[i].Begindatum).Before(melding) {
				return invoer.Fouten{"vormen." + strconv.Itoa(i) + ".begindatum": "De begindatum ligt vóór de melding (" + invoer.Datum(melding) + ")."}
			}
			rows[i].Inzet, rows[i].WaaromNietAmbulant, rows[i].WaaromNietNetwerk, rows[i].Toelichting = nr, nietAmbulant, nietNetwerk, toel
			names = append(names, VormLabel(rows[i].Vorm)+" van "+kalender.Datum(rows[i].Begindatum)+" tot en met "+kalender.Datum(rows[i].Einddatum))
		}
		now := s.now()
		if err := insertInzet(ctx, c.Tx, id, rows, p.UserID, now); err != nil {
			return err
		}
		what := "Crisishulp ingezet: "
		if nr > 1 {
			what = "Aanvullende crisishulp ingezet: "
		}
		what += strings.Join(names, "; ") + "."
		if nietAmbulant != "" {
			what += " Waarom ambulant niet volstaat: " + nietAmbulant
		}
		if nietNetwerk != "" {
			what += " Waarom netwerk of noodbed niet kan: " + nietNetwerk
		}
		if nr > 1 {
			return c.Record(traject.EventStap, what)
		}
		if err := s.fulfil(ctx, c, p, traject.StepInzet); err != nil {
			return err
		}
		k.Inzet = rows
		if err := c.MoveTo(nextStep(k)); err != nil {
			return err
		}
		return c.Record(traject.EventStap, what)
	})
}

// RTOInput is the round-table talk held.
type RTOInput struct {
	Datum       string      `json:"datum"` // YYYY-MM-DD
	Deelnemers  []Deelnemer `json:"deelnemers"`
	Perspectief string      `json:"perspectief"`
}

// RTO records the round-table talk: with the process director and the
// crisis team, the date and the lasting perspective agreed (R-CRISIS-4).
// It fulfils the RTO on every Mijn werk and puts the Perspectiefplan
// Crisis on the crisis service's, due 5 working days after the talk.
func (s *Service) RTO(ctx context.Context, p access.Principal, id int64, in RTOInput) error {
	fe := invoer.Fouten{}
	now := s.now()
	day := isoDate(fe, "datum", "de datum van het RTO", in.Datum)
	switch {
	case strings.TrimSpace(in.Datum) == "":
		fe["datum"] = "Vul de datum van het RTO in."
	case invoer.Dag(day).After(invoer.Vandaag(now)):
		fe.Zet("datum", "Leg het RTO vast als het gehouden is: de datum ligt in de toekomst.")
	}
	deelnemers := checkDeelnemers(fe, "deelnemers", in.Deelnemers, rtoVerplicht)
	perspectief := fe.Tekst("perspectief", tekstRegel("het afgesproken perspectief", 4000), in.Perspectief)
	if len(fe) > 0 {
		return fe
	}
	return s.change(ctx, p, id, "crisis.rto", func(c *traject.CaseTx, k record) error {
		switch {
		case !k.crisis():
			return refuse("Het RTO volgt op een crisis die de actieve inschatting heeft vastgesteld; leg eerst de inschatting vast.")
		case k.rtoDone():
			return refuse("Het RTO is al vastgelegd.")
		case invoer.Dag(day).Before(invoer.Vandaag(k.GemeldOm)):
			return invoer.Fouten{"datum": "Het RTO ligt vóór de melding (" + invoer.Datum(k.GemeldOm) + ")."}
		}
		due := s.due(k.regio, traject.StepRTO, k.GemeldOm)
		when := "op tijd"
		if kalender.Day(day).After(kalender.Day(due)) {
			when = "later dan de eerste werkdag na de melding (" + kalender.Datum(due) + ")"
		}
		if err := update(ctx, c.Tx, id, now, "rto_op = ?, rto_deelnemers = ?, rto_perspectief = ?, rto_at = ?", dateStr(day), jsonText(deelnemers), perspectief, now); err != nil {
			return err
		}
		if err := s.fulfil(ctx, c, p, traject.StepRTO); err != nil {
			return err
		}
		k.RTOAt = now
		if err := c.MoveTo(nextStep(k)); err != nil {
			return err
		}
		if err := s.open(ctx, c, traject.StepPerspectiefplan, c.ReferrerOrgID, access.Crisisdienst, step(traject.StepPerspectiefplan).Action,
			s.due(k.regio, traject.StepPerspectiefplan, kalender.Day(day))); err != nil {
			return err
		}
		var who []string
		for _, d := range deelnemers {
			who = append(who, d.Naam+" ("+lowerFirst(RolLabel(d.Rol))+")")
		}
		return c.Record(traject.EventOverleg, "Ronde tafel overleg gehouden op "+kalender.Datum(day)+", "+when+", met "+strings.Join(who, ", ")+
			". Afgesproken perspectief: "+perspectief)
	})
}

// PerspectiefplanInput is the Perspectiefplan Crisis.
type PerspectiefplanInput struct {
	Tekst      string      `json:"tekst"`
	Deelnemers []Deelnemer `json:"deelnemers"`
	// Toelichting says why the youth, the crisis provider or the
	// regievoerder did not write along, when one of them is missing.
	Toelichting string `json:"toelichting,omitempty"`
}

// Perspectiefplan records the Perspectiefplan Crisis, written by the
// coordinator with the crisis team, the youth, the crisis provider and the
// regievoerder (seed 003 §4), after the RTO and the care. The case may be
// closed after it.
func (s *Service) Perspectiefplan(ctx context.Context, p access.Principal, id int64, in PerspectiefplanInput) error {
	fe := invoer.Fouten{}
	tekst := fe.Tekst("tekst", tekstRegel("het Perspectiefplan Crisis", 8000), in.Tekst)
	deelnemers := checkDeelnemers(fe, "deelnemers", in.Deelnemers, planVerplicht)
	toel := fe.Tekst("toelichting", invoer.Tekst{Label: "de toelichting", Max: 2000, Regels: true}, in.Toelichting)
	if missing := missingRoles(deelnemers, planBetrokken); len(missing) > 0 && toel == "" {
		verb := "niet meeschreef"
		if len(missing) > 1 {
			verb = "niet meeschreven"
		}
		fe.Zet("toelichting", "Het plan wordt geschreven met de jeugdige, de crisisaanbieder en de regievoerder. Leg uit waarom "+rollenZin(missing)+" "+verb+".")
	}
	if len(fe) > 0 {
		return fe
	}
	return s.change(ctx, p, id, "crisis.perspectiefplan", func(c *traject.CaseTx, k record) error {
		switch {
		case !k.crisis():
			return refuse("Er is geen crisis vastgesteld; een Perspectiefplan Crisis volgt op de inschatting, de crisishulp en het RTO.")
		case k.planDone():
			return refuse("Het Perspectiefplan Crisis is al vastgelegd.")
		case !k.rtoDone():
			return refuse("Leg eerst het RTO vast: het Perspectiefplan Crisis bouwt voort op het perspectief dat daar is afgesproken.")
		case !k.inzetDone():
			return refuse("Leg eerst de ingezette crisishulp vast.")
		}
		now := s.now()
		if err := update(ctx, c.Tx, id, now, "plan_tekst = ?, plan_deelnemers = ?, plan_toelichting = ?, plan_at = ?", tekst, jsonText(deelnemers), toel, now); err != nil {
			return err
		}
		if err := s.fulfil(ctx, c, p, traject.StepPerspectiefplan); err != nil {
			return err
		}
		var who []string
		for _, d := range deelnemers {
			who = append(who, d.Naam+" ("+lowerFirst(RolLabel(d.Rol))+")")
		}
		return c.Record(traject.EventDocument, "Perspectiefplan Crisis vastgelegd, opgesteld door "+strings.Join(who, ", ")+".")
	})
}

// AfsluitenInput closes a crisis case.
type AfsluitenInput struct {
	Toelichting string `json:"toelichting,omitempty"`
}

// Afsluiten closes the crisis case after the Perspectiefplan Crisis; what
// is still open of it on Mijn werk is closed with it.
func (s *Service) Afsluiten(ctx context.Context, p access.Principal, id int64, in AfsluitenInput) error {
	fe := invoer.Fouten{}
	toel := fe.Tekst("toelichting", invoer.Tekst{Label: "de toelichting", Max: 2000, Regels: true}, in.Toelichting)
	if len(fe) > 0 {
		return fe
	}
	return s.change(ctx, p, id, "crisis.afsluiten", func(c *traject.CaseTx, k record) error {
		if !k.planDone() {
			return refuse("Sluit de crisiszaak af nadat het Perspectiefplan Crisis is vastgelegd.")
		}
		now := s.now()
		if err := update(ctx, c.Tx, id, now, "afgesloten_at = ?", now); err != nil {
			return err
		}
		if err := werk.FulfilKind(ctx, c.Tx, id, "stap:%", p.UserID, now); err != nil {
			return err
		}
		if err := c.MoveTo(traject.StepGesloten); err != nil {
			return err
		}
		what := "Crisiszaak afgesloten na het Perspectiefplan Crisis."
		if toel != "" {
			what += " " + toel
		}
		return c.Record(traject.EventStap, what)
	})
}

// Item is a crisis on the crisis service's list.
type Item = traject.CaseItem

// List lists the crises linked to p's organisation, open ones first, as
// one logged list read.
func (s *Service) List(ctx context.Context, p access.Principal) ([]Item, error) {
	items, err := s.Traject.ListCases(ctx, p, traject.RouteCrisis, 100)
	if errors.Is(err, traject.ErrNotFound) {
		return nil, nil
	}
	return items, err
}
