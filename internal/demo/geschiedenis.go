package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/segment1"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Geschiedenis walks the demo regions' segment-1 work of the last year and
// of the year before (the baseline) through the services, with the clock
// set to each day a step happened: youths registered with the intake desk,
// their intake talk, the advice and the regievoerder, the start of help,
// stays in treatment residence (some with a parent, some hybrid, some
// moving on), and endings, some followed by a new registration. The
// monitor's KPIs, deadlines and waiting times then have a history to
// count. The figures are made up but move the way seed 004 hopes: fewer
// registrations of older youths, more hybrid residence, shorter stays.
//
// It also gives Noord- en Midden-Limburg its year of segment-1 money
// (Financiering). It is separate from Seed, which the tests call for every
// server: the demo command runs it once, on a fresh database.
func Geschiedenis(ctx context.Context, db *database.DB, now time.Time) error {
	if err := Financiering(ctx, db, now); err != nil {
		return err
	}
	w, err := NewWalker(ctx, db, now)
	if err != nil {
		return err
	}
	return seedHistory(ctx, w, now.UTC())
}

// history is one region's history to walk.
type history struct {
	desk          string
	municipality  []string
	regievoerders []string
	perMaand      [2]int // registrations per month in the baseline year and the last year
}

// seedHistory walks the history of each region from 1 January of the year
// before now's to a week before now.
func seedHistory(ctx context.Context, w *Walker, now time.Time) error {
	var nml []string
	for _, c := range consortia {
		for _, p := range append(append([]provider{}, c.partners...), c.onderaannemer...) {
			nml = append(nml, p.name)
		}
	}
	var hvb []string
	for _, p := range providers {
		hvb = append(hvb, p.name)
	}
	var nmlMun, hvbMun []string
	for _, m := range MunicipalitiesNML {
		nmlMun = append(nmlMun, m.Name)
	}
	for _, m := range Municipalities {
		hvbMun = append(hvbMun, m.Name)
	}
	regions := []history{
		{desk: OrgAanmeldpuntNML, municipality: nmlMun, regievoerders: nml, perMaand: [2]int{6, 4}},
		{desk: OrgAanmeldpunt, municipality: hvbMun, regievoerders: hvb, perMaand: [2]int{3, 2}},
	}
	r := rand.New(rand.NewPCG(2026, 16))
	bsn := 480000000
	nextBSN := func() string {
		for {
			bsn++
			if s := strconv.Itoa(bsn); ijw.ValidBSN(s) {
				return s
			}
		}
	}
	start := time.Date(now.Year()-1, 1, 1, 9, 0, 0, 0, time.UTC)
	einde := now.AddDate(0, 0, -7)
	saved := w.Now
	defer func() { w.Now = saved }()
	for _, h := range regions {
		var done []doneCase
		for m := start; m.Before(einde); m = m.AddDate(0, 1, 0) {
			n := h.perMaand[0]
			if m.Year() == now.Year() {
				n = h.perMaand[1]
			}
			for range n {
				day := m.AddDate(0, 0, 1+r.IntN(27))
				if !day.Before(einde) {
					continue
				}
				c := newHistoryCase(r, h, day, nextBSN(), now)
				// Some youths come back after an earlier ending.
				if len(done) > 0 && r.IntN(8) == 0 {
					prev := done[r.IntN(len(done))]
					if prev.eind.Before(day) {
						c.youth = prev.youth
						c.youth.BSN = prev.youth.BSN
					}
				}
				if err := w.walkHistory(ctx, h, c, einde); err != nil {
					return fmt.Errorf("demo history %s: %w", c.youth.Given, err)
				}
				if !c.eind.IsZero() && c.eind.Before(einde) {
					done = append(done, doneCase{c.youth, c.eind})
				}
			}
		}
	}
	return seedCrisisHistory(ctx, w, r, nextBSN, start, einde)
}

// seedCrisisHistory reports one or two crises a month to the crisis
// service of Noord- en Midden-Limburg, each assessed on site (mostly within
// the 2 hours), with ambulant crisis help and the RTO on the next working
// day or, now and then, a day later.
func seedCrisisHistory(ctx context.Context, w *Walker, r *rand.Rand, nextBSN func() string, start, einde time.Time) error {
	svc := crisis.New(w.Svc)
	p := w.As(w.Orgs[OrgCrisis], access.Crisisdienst)
	for m := start; m.Before(einde); m = m.AddDate(0, 1, 0) {
		for range 1 + r.IntN(2) {
			day := m.AddDate(0, 0, r.IntN(27))
			if !day.Before(einde.AddDate(0, 0, -3)) {
				continue
			}
			mun := MunicipalitiesNML[r.IntN(len(MunicipalitiesNML))].Name
			y, mo, d := day.Date()
			gemeld := time.Date(y, mo, d, 17+r.IntN(5), r.IntN(60), 0, 0, kalender.Amsterdam())
			w.Now = gemeld.Add(10 * time.Minute).UTC()
			family := historyFamily[r.IntN(len(historyFamily))]
			st, err := svc.Meld(ctx, p, crisis.MeldingInput{GemeldOm: gemeld, Melder: "politie", MelderNaam: "Wijkagent (demo)", MelderTelefoon: "077 000 0000",
				AndersDanGisteren: "Vandaag liep een ruzie thuis uit de hand; de ouder durft de jeugdige vannacht niet thuis te houden.",
				Jeugdige: client.Input{BSN: nextBSN(), GivenName: historyGiven[r.IntN(len(historyGiven))], FamilyName: family, Geslacht: client.GeslachtMan,
					BirthDate: day.AddDate(-(10 + r.IntN(8)), 0, -r.IntN(300)).Format("2006-01-02"), Street: "Markt", HouseNumber: strconv.Itoa(1 + r.IntN(80)),
					Postcode: "5911 AA", City: mun, MunicipalityID: w.Orgs[gemeente(mun)]}})
			if err != nil {
				return fmt.Errorf("demo crisis history: report: %w", err)
			}
			id := st.TrajectoryID
			if err := svc.Triage(ctx, p, id, crisis.TriageInput{Uitkomst: crisis.UitkomstCrisis, Problematiek: "jeugd_en_opvoeden", DeskundigeNaam: "Gedragsdeskundige (demo)",
				Toelichting: "Acute onveiligheid thuis."}); err != nil {
				return fmt.Errorf("demo crisis history: triage: %w", err)
			}
			minutes := 30 + r.IntN(80)
			if r.IntN(8) == 0 {
				minutes = 125 + r.IntN(60)
			}
			ter := gemeld.Add(time.Duration(minutes) * time.Minute)
			w.Now = ter.Add(20 * time.Minute).UTC()
			if err := svc.Inschatting(ctx, p, id, crisis.InschattingInput{TerPlaatseOm: ter, Crisismedewerker: "Crisismedewerker (demo)", Crisis: true,
				Toelichting: "Crisis vastgesteld; hulp thuis is mogelijk."}); err != nil {
				return fmt.Errorf("demo crisis history: assessment: %w", err)
			}
			begin := kalender.Day(w.Now)
			if err := svc.Inzet(ctx, p, id, crisis.InzetInput{Vormen: []crisis.VormInput{{Vorm: "ash", Begindatum: begin.Format("2006-01-02"),
				Einddatum: begin.AddDate(0, 0, 20).Format("2006-01-02")}}, Toelichting: "Ambulante spoedhulp thuis."}); err != nil {
				return fmt.Errorf("demo crisis history: care: %w", err)
			}
			rto := kalender.Day(kalender.Default.Due(gemeld, kalender.WorkingDays(1)))
			if r.IntN(6) == 0 {
				rto = kalender.Day(kalender.Default.Due(rto, kalender.WorkingDays(1)))
			}
			w.at(rto)
			if err := svc.RTO(ctx, p, id, crisis.RTOInput{Datum: rto.Format("2006-01-02"), Perspectief: "De jeugdige blijft thuis met ambulante hulp; de Toegang regisseert.",
				Deelnemers: []crisis.Deelnemer{{Naam: "Procesregisseur (demo)", Rol: crisis.RolProcesregisseur}, {Naam: "Crisisteam (demo)", Rol: crisis.RolCrisisteam}}}); err != nil {
				return fmt.Errorf("demo crisis history: RTO: %w", err)
			}
		}
	}
	return nil
}

type doneCase struct {
	youth Youth
	eind  time.Time
}

// historyCase is one youth's path through segment 1.
type historyCase struct {
	youth         Youth
	registered    time.Time
	intake, start time.Time
	regievoerder  string
	stays         []historyStay
	eind          time.Time
	urgent        bool
}

type historyStay struct {
	soort      segment1.Verblijfsoort
	metOuder   bool
	begin, end time.Time
}

var historyGiven = []string{"Noah", "Emma", "Liam", "Julia", "Finn", "Mila", "Sem", "Tess", "Lucas", "Sara", "Daan", "Nina", "Levi", "Zoë", "Milan", "Lotte", "Jesse", "Evi", "Thijs", "Fenna"}
var historyFamily = []string{"Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits"}

func newHistoryCase(r *rand.Rand, h history, day time.Time, bsn string, now time.Time) *historyCase {
	lastYear := day.Year() == now.Year()
	age := 4 + r.IntN(14)
	if lastYear && age >= 12 && r.IntN(3) == 0 {
		age = 6 + r.IntN(6) // fewer older youths registered
	}
	mun := h.municipality[r.IntN(len(h.municipality))]
	given, family := historyGiven[r.IntN(len(historyGiven))], historyFamily[r.IntN(len(historyFamily))]
	c := &historyCase{
		youth: Youth{BSN: bsn, Given: given, Family: family, Age: age, Street: "Dorpsstraat", House: strconv.Itoa(1 + r.IntN(120)), Postcode: "5900 AA",
			City: mun, Municipality: mun, Parent: "Ouder " + family, MeldingDaysAgo: 8 + r.IntN(16)},
		registered:   day,
		regievoerder: h.regievoerders[r.IntN(len(h.regievoerders))],
		urgent:       r.IntN(10) == 0,
	}
	// The intake talk within 2 weeks mostly, a few past the Treeknorm's 4;
	// the start within 6 weeks of registration mostly.
	c.intake = day.AddDate(0, 0, 4+r.IntN(14))
	if r.IntN(10) == 0 {
		c.intake = day.AddDate(0, 0, 20+r.IntN(14))
	}
	c.start = c.intake.AddDate(0, 0, 7+r.IntN(30))
	if r.IntN(8) == 0 {
		c.start = c.intake.AddDate(0, 0, 40+r.IntN(45))
	}
	if r.IntN(2) == 0 {
		soort := segment1.Behandelverblijf
		if r.IntN(3) == 0 || (lastYear && r.IntN(2) == 0) {
			soort = segment1.Hybride
		}
		length := 20 + r.IntN(140)
		if lastYear {
			length = 15 + r.IntN(80)
		}
		b := c.start.AddDate(0, 0, 3+r.IntN(20))
		s := historyStay{soort: soort, metOuder: age < 12 && r.IntN(12) != 0, begin: b, end: b.AddDate(0, 0, length)}
		c.stays = append(c.stays, s)
		if r.IntN(4) == 0 {
			next := s.end.AddDate(0, 0, 1)
			c.stays = append(c.stays, historyStay{soort: segment1.Gezinshuis, begin: next, end: next.AddDate(0, 0, 30+r.IntN(90))})
		}
	}
	if r.IntN(3) != 0 {
		c.eind = c.start.AddDate(0, 4+r.IntN(7), 0)
		if n := len(c.stays); n > 0 && c.stays[n-1].end.After(c.eind) {
			c.eind = c.stays[n-1].end.AddDate(0, 0, 1)
		}
	}
	return c
}

// at sets the walker's clock to 10:00 on day (Amsterdam).
func (w *Walker) at(day time.Time) {
	y, m, d := day.Date()
	w.Now = time.Date(y, m, d, 10, 0, 0, 0, kalender.Amsterdam()).UTC()
}

// walkHistory takes one youth through segment 1, each step on its day,
// stopping at the last day of the history.
func (w *Walker) walkHistory(ctx context.Context, h history, c *historyCase, last time.Time) error {
	svc := w.Segment1Service()
	desk := w.As(w.Orgs[h.desk], access.Aanmeldpunt)
	// The case opens on the day of the first request; the IPVA is done
	// and the youth registered with the desk some days later.
	w.at(c.registered.AddDate(0, 0, -c.youth.MeldingDaysAgo))
	y := c.youth
	y.MeldingDaysAgo = 0
	st, err := w.Start(ctx, traject.RouteToegang, y)
	if err != nil {
		return err
	}
	w.at(c.registered)
	id := st.TrajectoryID
	referrer := w.As(w.Orgs[toegang(c.youth.Municipality)], access.Toegangsmedewerker)
	if err := w.Segment1IPVA(ctx, referrer, id, c.youth); err != nil {
		return fmt.Errorf("IPVA: %w", err)
	}
	today := func() string { return w.Now.In(kalender.Amsterdam()).Format("2006-01-02") }
	if err := svc.TelefonischOverleg(ctx, referrer, id, segment1.TelefonischOverlegInput{AanmeldpuntID: w.Orgs[h.desk], Datum: today(), Met: "Medewerker aanmeldpunt (demo)",
		Samenvatting: "Casus besproken; aanmelden met het IPVA."}); err != nil {
		return fmt.Errorf("phone: %w", err)
	}
	if err := svc.Aanmelden(ctx, referrer, id, segment1.AanmeldingInput{Aanmeldreden: "Vastgelopen op meerdere leefgebieden; eerdere hulp was niet genoeg.",
		Toestemming: segment1.ToestemmingInput{Vorm: "schriftelijk", GegevenDoor: c.youth.Parent, Datum: today()}}); err != nil {
		return fmt.Errorf("registration: %w", err)
	}
	urgentie := segment1.Urgentie("regulier")
	if c.urgent {
		urgentie = "urgent"
	}
	if err := svc.Beoordelen(ctx, desk, id, segment1.BeoordelingInput{Urgentie: urgentie, Toelichting: "Beoordeeld aan de hand van het IPVA."}); err != nil {
		return fmt.Errorf("judgement: %w", err)
	}
	if c.intake.After(last) {
		return nil
	}
	w.at(c.intake)
	if err := svc.Aanmeldgesprek(ctx, desk, id, segment1.AanmeldgesprekInput{Datum: today(), JeugdigeAanwezig: true, VerwijzerAanwezig: true, Verslag: "Aanmeldgesprek gevoerd."}); err != nil {
		return fmt.Errorf("intake: %w", err)
	}
	if err := svc.Adviseren(ctx, desk, id, segment1.AdviesInput{Segment1: true, RegievoerderID: w.Orgs[c.regievoerder], Hulpvorm: "Behandeling met regie", Toelichting: "Advies van de aanmeldtafel."}); err != nil {
		return fmt.Errorf("advice: %w", err)
	}
	if err := svc.AanmeldenBijRegievoerder(ctx, desk, id); err != nil {
		return fmt.Errorf("regievoerder: %w", err)
	}
	if c.start.After(last) {
		return nil
	}
	w.at(c.start)
	regie := w.As(w.Orgs[c.regievoerder], access.Jeugdhulpaanbieder)
	if err := svc.Behandelplan(ctx, regie, id, segment1.PlanInput{Tekst: "Behandeling en begeleiding van jeugdige en gezin.", SamenMetJeugdige: true, HulpGestart: today()}); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	for _, s := range c.stays {
		if s.begin.After(last) {
			return nil
		}
		w.at(s.begin)
		if err := svc.VerblijfBegin(ctx, regie, id, segment1.VerblijfInput{Soort: string(s.soort), MetOuder: s.metOuder, Begin: today()}); err != nil {
			return fmt.Errorf("stay: %w", err)
		}
		if s.end.After(last) {
			return nil
		}
		w.at(s.end)
		v, err := svc.Get(ctx, regie, id)
		if err != nil {
			return err
		}
		if err := svc.VerblijfEinde(ctx, regie, id, v.Verblijven[len(v.Verblijven)-1].ID, segment1.VerblijfEindeInput{Eind: today()}); err != nil {
			return fmt.Errorf("end of stay: %w", err)
		}
	}
	if c.eind.IsZero() || c.eind.After(last) {
		return nil
	}
	w.at(c.eind)
	if err := svc.Evalueren(ctx, regie, id, segment1.EvaluatieInput{Soort: "eind", Datum: today(), Tekst: "Doelen bereikt.", MetJeugdige: true, MetVerwijzer: true}); err != nil {
		return fmt.Errorf("final evaluation: %w", err)
	}
	if err := svc.Afronden(ctx, regie, id, segment1.AfrondingInput{Uitstroom: segment1.UitstroomGeenVervolg, Einddatum: today()}); err != nil {
		return fmt.Errorf("closing: %w", err)
	}
	return nil
}
