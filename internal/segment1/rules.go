package segment1

import (
	"fmt"
	"slices"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Fase is where a segment-1 case is (seed 003 §1–3).
type Fase string

const (
	// FaseVooroverleg: the referrer phoned the intake desk; not registered yet.
	FaseVooroverleg Fase = "vooroverleg"
	// FaseAanmelding: registered; the desk judges the case in time and
	// holds the intake talk.
	FaseAanmelding Fase = "aanmelding"
	// FaseAdvies: the aanmeldtafel advised; the desk registers the youth
	// with the regievoerder or consults the referrer.
	FaseAdvies Fase = "advies"
	// FaseRegie: the regievoerder helps, the coordinator coordinates.
	FaseRegie Fase = "regie"
	// FaseAfronding: the regievoerder closed the help (final evaluation,
	// FOA); the coordinator has to agree the end date.
	FaseAfronding Fase = "afronding"
	// FaseAfgerond: the end date is agreed; the coordination runs on until
	// the coordinator closes it.
	FaseAfgerond Fase = "afgerond"
	// FaseGesloten: the coordination is closed.
	FaseGesloten Fase = "gesloten"
	// FaseTeruggelegd: segment 1 does not fit; the desk went back to the
	// referrer with advice for another segment.
	FaseTeruggelegd Fase = "teruggelegd"
)

// Label is the phase in Dutch.
func (f Fase) Label() string {
	switch f {
	case FaseVooroverleg:
		return "Vooroverleg met het aanmeldpunt"
	case FaseAanmelding:
		return "Aangemeld: beoordeling en aanmeldgesprek"
	case FaseAdvies:
		return "Advies van de aanmeldtafel"
	case FaseRegie:
		return "Hulp en coördinatie"
	case FaseAfronding:
		return "Afronding: einddatum afstemmen"
	case FaseAfgerond:
		return "Hulp afgerond, coördinatie loopt"
	case FaseGesloten:
		return "Afgesloten"
	case FaseTeruggelegd:
		return "Teruggelegd bij de verwijzer"
	}
	return string(f)
}

// Terms. The 2 weeks to the intake talk and the 6 weeks to the start of
// help are seed 003's (§1.2, notes 2 and 3). The rest are assumptions
// where the source gives no number: the desk judges the case within 2
// working days (urgency must be known before the intake talk is planned),
// urgent help starts within 5 working days of that judgement, the
// aanmeldtafel advises within 5 working days of the intake talk, the desk
// registers the youth with the regievoerder (or calls the referrer) within
// 2 working days of the advice, each decider answers a proposal on the
// coordination level within 2 working days, the coordinator takes up a
// signal within 5 working days, the other side co-writes a zorgmelding or
// VTO within 1 working day, a Toegang asked to coordinate takes it up
// within 5 working days, and the coordinator answers the proposed end date
// within 5 working days. A meldcode action is due at once.
var (
	TermBeoordeling    = kalender.WorkingDays(2)
	TermAanmeldgesprek = kalender.Weeks(2)
	TermStart          = kalender.Weeks(6)
	TermUrgent         = kalender.WorkingDays(5)
	TermAdvies         = kalender.WorkingDays(5)
	TermAanmelden      = kalender.WorkingDays(2)
	TermInstemming     = kalender.WorkingDays(2)
	TermSignaal        = kalender.WorkingDays(5)
	TermSamen          = kalender.WorkingDays(1)
	TermCoordinatie    = kalender.WorkingDays(5)
	TermEinde          = kalender.WorkingDays(5)
)

// AanmeldgesprekUiterlijk is the deadline of the intake talk: 2 weeks after
// the registration (seed 003 note 3), run on to the next working day when
// it ends on a weekend or public holiday (kalender, Atw art. 1).
func AanmeldgesprekUiterlijk(cal kalender.Calendar, aangemeld time.Time) time.Time {
	return cal.Due(aangemeld, TermAanmeldgesprek)
}

// Urgentie is the desk's judgement in time (seed 003 note 2): can the help
// start within six weeks, or must it start sooner, or with urgency.
type Urgentie string

const (
	Regulier Urgentie = "regulier" // start uiterlijk binnen 6 weken na aanmelding
	Eerder   Urgentie = "eerder"   // start eerder dan 6 weken, op een gekozen dag
	Urgent   Urgentie = "urgent"   // start met urgentie, binnen 5 werkdagen na het oordeel
)

// Urgenties lists the judgements with their Dutch labels.
var Urgenties = []struct {
	Code  Urgentie
	Label string
}{
	{Regulier, "De hulp kan starten binnen 6 weken na de aanmelding"},
	{Eerder, "De hulp moet eerder starten (kies de uiterste startdatum)"},
	{Urgent, "De hulp moet met urgentie starten (binnen 5 werkdagen)"},
}

// Kort is the judgement in a few Dutch words, for a summary.
func (u Urgentie) Kort() string {
	switch u {
	case Regulier:
		return "binnen 6 weken"
	case Eerder:
		return "eerder dan 6 weken"
	case Urgent:
		return "met urgentie"
	}
	return string(u)
}

// Label is the judgement in Dutch.
func (u Urgentie) Label() string {
	for _, x := range Urgenties {
		if x.Code == u {
			return x.Label
		}
	}
	return string(u)
}

// StartUiterlijk is the day the help must start by, from the desk's
// judgement u made at beoordeeld on a registration of aangemeld; datum is
// the day the desk chose (needed for Eerder, optional for Urgent). It
// returns a Dutch refusal when the chosen day does not fit the judgement.
// The result is the end of the last day (as kalender.Calendar.Due).
func StartUiterlijk(cal kalender.Calendar, aangemeld, beoordeeld time.Time, u Urgentie, datum time.Time) (time.Time, error) {
	zes := cal.Due(aangemeld, TermStart)
	today := kalender.Day(beoordeeld)
	switch u {
	case Regulier:
		return zes, nil
	case Eerder:
		if datum.IsZero() {
			return time.Time{}, refuse("Kies de dag waarop de hulp uiterlijk moet starten.")
		}
		d := kalender.Day(datum)
		if d.Before(today) {
			return time.Time{}, refuse("De uiterste startdatum ligt in het verleden; kies een dag vanaf vandaag.")
		}
		if !d.Before(kalender.Day(zes)) {
			return time.Time{}, refuse(fmt.Sprintf("Een eerdere start ligt vóór de grens van 6 weken (%s); kies anders 'binnen 6 weken'.", kalender.Datum(zes)))
		}
		return cal.Due(d, kalender.Days(0)), nil
	case Urgent:
		uiterlijk := cal.Due(beoordeeld, TermUrgent)
		if datum.IsZero() {
			return uiterlijk, nil
		}
		d := kalender.Day(datum)
		if d.Before(today) || d.After(kalender.Day(uiterlijk)) {
			return time.Time{}, refuse(fmt.Sprintf("Urgente hulp start binnen 5 werkdagen: kies een dag van vandaag tot en met %s.", kalender.Datum(uiterlijk)))
		}
		return cal.Due(d, kalender.Days(0)), nil
	}
	return time.Time{}, refuse("Kies of de hulp binnen 6 weken kan starten, eerder moet starten of met urgentie.")
}

// Niveau is the level of coordination (seed 003 §2.2).
type Niveau string

const (
	Licht Niveau = "licht"
	Zwaar Niveau = "zwaar"
)

// Label is the level in Dutch.
func (n Niveau) Label() string {
	switch n {
	case Licht:
		return "coördinatie licht"
	case Zwaar:
		return "coördinatie zwaar"
	}
	return "nog niet bepaald"
}

// Soort is what a proposal about the level is.
type Soort string

const (
	Vaststelling Soort = "vaststelling" // the first decision, during intake
	Opschaling   Soort = "opschaling"   // licht → zwaar
	Afschaling   Soort = "afschaling"   // zwaar → licht
)

// Label is the kind of proposal in Dutch.
func (s Soort) Label() string {
	switch s {
	case Vaststelling:
		return "Vaststellen mate van coördinatie"
	case Opschaling:
		return "Opschaling naar coördinatie zwaar"
	case Afschaling:
		return "Afschaling naar coördinatie licht"
	}
	return string(s)
}

// Criterium is one line of a checklist.
type Criterium struct {
	Key   string
	Label string
}

// The checklists of seed 003: what coordination licht and zwaar are
// (§2.2.1, §2.2.2), when to escalate (opschaling) and the indicators of a
// de-escalation (afschaling). The indicator of six months of structural
// safety is counted from the safety assessments (ZesMaandenVeilig) and is
// not ticked by hand.
var (
	CriteriaLicht = []Criterium{
		{"eigen_regie", "De jeugdige kan, eventueel met hulp van de regievoerder, voldoende eigen regie voeren"},
		{"resultaten_duidelijk", "Het is duidelijk aan welke resultaten gewerkt wordt en er is een passend jeugdhulpaanbod"},
		{"motivatie", "Over het geheel genomen is er voldoende motivatie; de regievoerder heeft handvatten als die wankelt"},
	}
	CriteriaZwaar = []Criterium{
		{"geen_eigen_regie", "De jeugdige kan ondanks hulp van de regievoerder nauwelijks tot niet eigen regie voeren"},
		{"onveiligheid", "Aantoonbare risico's op (terugkerende) onveiligheid, of een opdracht van Veilig Thuis om te coördineren op veiligheidsvoorwaarden"},
		{"langdurig_intensief", "Langdurige intensieve jeugdhulp"},
		{"domeinoverstijgend", "Inzet van domeinoverstijgende interventies"},
		{"gedwongen_kader", "Risico op opschaling naar het gedwongen kader"},
		{"disbalans", "Forse disbalans in draagkracht en draaglast"},
		{"motivatie_instabiel", "Onvoldoende of zeer instabiele motivatie, of de jeugdige staat bekend als zorgmijder"},
	}
	CriteriaOpschaling = []Criterium{
		{"toename_onveiligheid", "Toename van aantoonbare risico's op (terugkerende) onveiligheid"},
		{"langdurig_intensief", "Langdurige intensieve jeugdhulp ligt in de lijn der verwachting"},
		{"domeinoverstijgend", "Domeinoverstijgende inzet ligt in de lijn der verwachting"},
		{"gedwongen_kader", "Een mogelijke opschaling naar het gedwongen kader"},
		{"afstand_onvoldoende", "De casus op afstand volgen is niet meer voldoende"},
	}
	CriteriaAfschaling = []Criterium{
		{"eigen_regie_balans", "De jeugdige kan voldoende de regie voeren over de eigen situatie en er is voldoende balans in draagkracht en draaglast"},
		{"positieve_ontwikkeling", "Er is een positieve ontwikkeling van de jeugdige, of aantoonbaar zicht op herstel"},
		{"grip_domeinoverstijgend", "Er is voldoende grip op de domeinoverstijgende problematiek; een brede aanpak is niet verder nodig"},
	}
)

// IndicatorVeilig is the computed de-escalation indicator: six
// consecutive months of structural safety in the safety assessments.
const IndicatorVeilig = "veilig_6_maanden"

// Checklist is the checklist of a proposal of soort s to level n.
func Checklist(s Soort, n Niveau) []Criterium {
	switch {
	case s == Opschaling:
		return CriteriaOpschaling
	case s == Afschaling:
		return CriteriaAfschaling
	case n == Zwaar:
		return CriteriaZwaar
	}
	return CriteriaLicht
}

// CheckCriteria refuses a proposal whose ticked criteria are not on its
// checklist, or that ticks none; veilig6 says whether the computed
// six-month indicator holds (it counts for a de-escalation).
func CheckCriteria(s Soort, n Niveau, keys []string, veilig6 bool) error {
	list := Checklist(s, n)
	for _, k := range keys {
		if !slices.ContainsFunc(list, func(c Criterium) bool { return c.Key == k }) {
			return refuse("Dit criterium hoort niet bij deze beslissing: " + k + ".")
		}
	}
	if len(keys) > 0 || (s == Afschaling && veilig6) {
		return nil
	}
	switch s {
	case Opschaling:
		return refuse("Vink aan waarom de coördinatie wordt opgeschaald: welke criteria van coördinatie zwaar nu gelden.")
	case Afschaling:
		return refuse("Geen aanwijzing voor afschaling: er is nog geen 6 maanden structurele veiligheid en er is geen andere aanwijzing aangevinkt.")
	}
	return refuse("Vink aan welke kenmerken van " + n.Label() + " gelden.")
}

// Beslisser is one of the three who decide the coordination level
// together (seed 003 §1.1, §2.2.1 and §2.2.2).
type Beslisser string

const (
	// BeslisserToegang is the Toegang worker: the referrer on the Toegang
	// route, else the coordinator the desk asked.
	BeslisserToegang Beslisser = "toegang"
	// BeslisserGedragswetenschapper is the Toegang's gedragswetenschapper.
	BeslisserGedragswetenschapper Beslisser = "gedragswetenschapper"
	// BeslisserCrossroads is the segment-1 provider: the regievoerder, or,
	// during intake before there is one, the intake desk.
	BeslisserCrossroads Beslisser = "crossroads"
)

// Beslissers are the three deciders in the order they are listed.
var Beslissers = []Beslisser{BeslisserToegang, BeslisserGedragswetenschapper, BeslisserCrossroads}

// Kort names the decider in a word, inside a sentence.
func (b Beslisser) Kort() string {
	switch b {
	case BeslisserToegang:
		return "Toegangsmedewerker"
	case BeslisserGedragswetenschapper:
		return "gedragswetenschapper"
	case BeslisserCrossroads:
		return "Crossroads"
	}
	return string(b)
}

// Label is the decider in Dutch.
func (b Beslisser) Label() string {
	switch b {
	case BeslisserToegang:
		return "Toegangsmedewerker (coördinator)"
	case BeslisserGedragswetenschapper:
		return "Gedragswetenschapper van de Toegang"
	case BeslisserCrossroads:
		return "Crossroads (regievoerder of aanmeldpunt)"
	}
	return string(b)
}

// Instemming is one decider's answer to a proposal.
type Instemming struct {
	Beslisser Beslisser
	UserID    int64
	Akkoord   bool
}

// Besloten reports whether a proposal with these answers is decided: each
// of the three deciders agreed, each a different person. Ontbrekend lists
// the deciders whose agreement is still missing, in order; afgewezen is set
// when one of them disagreed.
func Besloten(ins []Instemming) (besloten bool, ontbrekend []Beslisser, afgewezen bool) {
	users := map[int64]bool{}
	agreed := map[Beslisser]bool{}
	for _, in := range ins {
		if !in.Akkoord {
			afgewezen = true
			continue
		}
		if in.UserID == 0 || users[in.UserID] || !slices.Contains(Beslissers, in.Beslisser) {
			// The same person twice counts once: three deciders are three people.
			continue
		}
		users[in.UserID] = true
		agreed[in.Beslisser] = true
	}
	for _, b := range Beslissers {
		if !agreed[b] {
			ontbrekend = append(ontbrekend, b)
		}
	}
	return len(ontbrekend) == 0 && !afgewezen, ontbrekend, afgewezen
}

// Taxatie is one recorded safety assessment.
type Taxatie struct {
	Datum  time.Time
	Veilig bool // structurally safe at that assessment
}

// VeiligePeriode is the unbroken run of safe assessments that ends with
// the latest assessment on or before on: from its first to its last
// assessment. ok is false when there is no assessment or the latest one
// is not safe. An unsafe assessment breaks the run.
func VeiligePeriode(ts []Taxatie, on time.Time) (van, tot time.Time, ok bool) {
	sorted := slices.Clone(ts)
	slices.SortStableFunc(sorted, func(a, b Taxatie) int { return kalender.Day(a.Datum).Compare(kalender.Day(b.Datum)) })
	last := kalender.Day(on)
	for i := len(sorted) - 1; i >= 0; i-- {
		t := sorted[i]
		d := kalender.Day(t.Datum)
		if d.After(last) {
			continue
		}
		if !t.Veilig {
			break
		}
		if tot.IsZero() {
			tot = d
		}
		van, ok = d, true
	}
	return van, tot, ok
}

// ZesMaanden is how long structural safety must last (seed 003 §2.2.2, §3).
const ZesMaanden = 6

// ZesMaandenVeilig reports whether the assessments on or before on show
// six consecutive months of structural safety: the unbroken run of safe
// assessments spans at least six calendar months from its first to its
// last assessment. The assessments are the evidence: a run counts up to
// the last assessment that found it safe, not up to today.
func ZesMaandenVeilig(ts []Taxatie, on time.Time) bool {
	van, tot, ok := VeiligePeriode(ts, on)
	return ok && !tot.Before(van.AddDate(0, ZesMaanden, 0))
}

// LopendeHulp is help started during segment 1 that continues after it
// ends (seed 003 §2.1 "Overdracht naar een ander segment").
type LopendeHulp struct {
	Omschrijving string    `json:"omschrijving"`
	Tot          time.Time `json:"tot"`
	// InFOA: the help is handed over in the FOA (needed when it runs
	// longer than 3 months after the end of segment 1).
	InFOA bool `json:"in_foa"`
}

// NaloopMaanden is how long light help started during segment 1 may run
// on after it ends.
const NaloopMaanden = 3

// NaloopTot is the last day light help may run on after segment 1 ends on
// einde.
func NaloopTot(einde time.Time) time.Time {
	return kalender.Day(einde).AddDate(0, NaloopMaanden, 0)
}

// CheckLopendeHulp refuses running help that ends too late outside the
// FOA, or that claims to be in an FOA when there is none.
func CheckLopendeHulp(einde time.Time, hulp []LopendeHulp, metFOA bool) error {
	limit := NaloopTot(einde)
	for _, h := range hulp {
		switch {
		case h.Omschrijving == "":
			return refuse("Beschrijf elke hulp die doorloopt.")
		case h.Tot.IsZero():
			return refuse("Vul bij '" + h.Omschrijving + "' in tot wanneer de hulp doorloopt.")
		case h.InFOA && !metFOA:
			return refuse("'" + h.Omschrijving + "' staat in het FOA, maar er is geen overdracht naar een ander segment. Kies overdracht naar een ander segment of haal de hulp uit het FOA.")
		case !h.InFOA && kalender.Day(h.Tot).After(limit):
			return refuse(fmt.Sprintf("'%s' loopt door tot %s: lichte hulp mag na de afronding hoogstens 3 maanden doorlopen, tot en met %s. Neem hulp die langer nodig is op in het FOA.",
				h.Omschrijving, kalender.Datum(h.Tot), kalender.Datum(limit)))
		}
	}
	return nil
}

// Team is a consultation team.
type Team string

const (
	// TeamRET is the Regionaal Expertise Team: Tuesday afternoons.
	TeamRET Team = "ret"
	// TeamBT is the Bijzondere Toegang: Tuesday and Thursday.
	TeamBT Team = "bijzondere_toegang"
)

// Label is the team kind in Dutch.
func (t Team) Label() string {
	switch t {
	case TeamRET:
		return "Regionaal Expertise Team"
	case TeamBT:
		return "Bijzondere Toegang"
	}
	return string(t)
}

// Moment is when the team discusses cases, in Dutch.
func (t Team) Moment() string {
	switch t {
	case TeamRET:
		return "dinsdagmiddag"
	case TeamBT:
		return "dinsdag en donderdag"
	}
	return ""
}

// weekdays are the days a team discusses cases.
func (t Team) weekdays() []time.Weekday {
	switch t {
	case TeamRET:
		return []time.Weekday{time.Tuesday}
	case TeamBT:
		return []time.Weekday{time.Tuesday, time.Thursday}
	}
	return nil
}

// Bespreekdag is the day a case asked for at gevraagd is discussed: the
// first of the team's days strictly after the day of the request (the
// team reads the case beforehand, so a request on a Tuesday goes to the
// next session), skipping public holidays (no session on Tweede Paasdag
// or Koningsdag; the next of the team's days takes it). It returns the
// Amsterdam day, midnight.
func Bespreekdag(cal kalender.Calendar, t Team, gevraagd time.Time) time.Time {
	days := t.weekdays()
	if len(days) == 0 {
		return time.Time{}
	}
	d := kalender.Day(gevraagd)
	for range 400 {
		y, m, dd := d.Date()
		d = time.Date(y, m, dd+1, 0, 0, 0, 0, kalender.Amsterdam())
		if slices.Contains(days, d.Weekday()) && cal.IsWorkingDay(d) {
			return d
		}
	}
	return time.Time{}
}
