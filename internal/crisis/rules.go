package crisis

import (
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Code is a value of a choice with its Dutch label.
type Code struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

func codes(cs []Code) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Code
	}
	return out
}

func labelOf(cs []Code, code string) string {
	for _, c := range cs {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// Melders are who may report a crisis by telephone.
var Melders = []Code{
	{"verwijzer", "Verwijzer (Toegang, GI of huisarts)"},
	{"ouder", "Ouder of verzorger"},
	{"jeugdige", "De jeugdige zelf"},
	{"politie", "Politie"},
	{"veilig_thuis", "Veilig Thuis"},
	{"aanbieder", "Jeugdhulpaanbieder"},
	{"school", "School"},
	{"anders", "Iemand anders"},
}

// MelderLabel is the Dutch name of who reported.
func MelderLabel(code string) string { return labelOf(Melders, code) }

// The outcomes of the telephone triage (R-CRISIS-1).
const (
	UitkomstCrisis     = "crisis"
	UitkomstAcuteHulp  = "acute_hulp"
	UitkomstGeenCrisis = "geen_crisis"
)

// Uitkomst is an outcome of the triage with what it means.
type Uitkomst struct {
	Code, Label, Uitleg string
	// Ends: the case ends with the advice given.
	Ends bool
}

// Uitkomsten is the triage table: the source's definitions.
var Uitkomsten = []Uitkomst{
	{UitkomstCrisis, "Crisis", "Plotselinge, ernstige ontregeling en directe onveiligheid: de situatie thuis of waar de jeugdige woont is acuut onhoudbaar. Bij niets doen kan een calamiteit ontstaan. Er volgt een actieve inschatting ter plaatse, binnen 2 uur na de melding.", false},
	{UitkomstAcuteHulp, "Acute hulp", "Kan wachten tot morgen: snelle inzet van reguliere zorg door een nieuwe of al betrokken aanbieder. De crisisdienst adviseert en coacht tijdens de melding; de crisiszaak sluit met dat advies.", true},
	{UitkomstGeenCrisis, "Geen crisis", "Advies en coaching tijdens de melding; de crisiszaak sluit met dat advies.", true},
}

func uitkomst(code string) (Uitkomst, bool) {
	for _, u := range Uitkomsten {
		if u.Code == code {
			return u, true
		}
	}
	return Uitkomst{}, false
}

// UitkomstLabel is the Dutch name of a triage outcome.
func UitkomstLabel(code string) string {
	if u, ok := uitkomst(code); ok {
		return u.Label
	}
	return code
}

// The experts who join a crisis triage.
const (
	Gedragswetenschapper = "gedragswetenschapper"
	Psychiater           = "psychiater"
)

// Problematiek is the kind of problem of a crisis and the expert it brings
// into the triage (seed 004: "Bij J&O casus denkt een gedragswetenschapper
// mee, bij GGZ casus denkt/gaat een psychiater mee").
type Problematiek struct {
	Code, Label string
	Deskundige  string
	// Gaat mee: the expert goes along to the assessment on site.
	GaatMee bool
}

// Problematieken is the table of problem kinds. LVB: see the package doc.
var Problematieken = []Problematiek{
	{"jeugd_en_opvoeden", "Jeugd- en opvoedproblematiek (J&O)", Gedragswetenschapper, false},
	{"lvb", "Licht verstandelijke beperking (LVB)", Gedragswetenschapper, false},
	{"ggz", "Psychische problematiek (GGZ)", Psychiater, true},
}

// Expert returns the problem kind of code with its expert, and false for
// an unknown code.
func Expert(code string) (Problematiek, bool) {
	for _, p := range Problematieken {
		if p.Code == code {
			return p, true
		}
	}
	return Problematiek{}, false
}

// DeskundigeLabel is the Dutch name of an expert.
func DeskundigeLabel(code string) string {
	switch code {
	case Gedragswetenschapper:
		return "gedragswetenschapper"
	case Psychiater:
		return "psychiater"
	}
	return code
}

// ProblematiekLabel is the Dutch name of a problem kind.
func ProblematiekLabel(code string) string {
	if p, ok := Expert(code); ok {
		return p.Label
	}
	return code
}

// Trede is a step on the preference ladder of crisis care (R-CRISIS-3):
// a higher step only when every lower one does not suffice.
type Trede int

const (
	Ambulant  Trede = 1 // ambulant crisis care, preferred
	Netwerk   Trede = 2 // a temporary placement in the own network, or an emergency bed
	Plaatsing Trede = 3 // crisis foster care, a crisis group, a GGZ admission
)

// Label is the Dutch name of a step on the ladder.
func (t Trede) Label() string {
	switch t {
	case Ambulant:
		return "ambulante crisishulp"
	case Netwerk:
		return "een plaatsing in het eigen netwerk of een noodbed"
	case Plaatsing:
		return "een plaatsing in een crisispleeggezin, een crisisgroep of een opname"
	}
	return ""
}

// Vorm is a form of crisis care with its maximum.
type Vorm struct {
	Code, Label string
	Trede       Trede
	// MaxDagen: the end date lies at most this many days after the begin
	// date. Max says it in Dutch.
	MaxDagen int
	Max      string
}

// Vormen is the table of crisis care of seed 004 (A ambulant, B verblijf;
// C, a combination, is several forms in one inzet).
var Vormen = []Vorm{
	{"ash", "Ambulante spoedhulp (ASH)", Ambulant, 28, "maximaal 4 weken"},
	{"multifocus", "Multifocus in crisissituaties", Ambulant, 28, "maximaal 4 weken"},
	{"psychiatrisch_ambulant", "Psychiatrische ambulante crisisbehandeling (bijvoorbeeld IHT)", Ambulant, 28, "maximaal 4 weken"},
	{"acuut_trauma", "Acuut trauma", Ambulant, 28, "maximaal 4 weken"},
	{"eigen_netwerk", "Tijdelijke plaatsing in het eigen netwerk", Netwerk, 28, "maximaal 4 weken"},
	{"noodbed", "Noodbed: crisisbed voor één nacht", Netwerk, 1, "één nacht"},
	{"crisispleegzorg", "Crisispleegzorg", Plaatsing, 7, "maximaal 1 week"},
	{"residentieel_jo", "Residentiële crisisopvang (J&O)", Plaatsing, 7, "maximaal 1 week"},
	{"residentieel_lvb", "Residentiële crisisopvang (LVB)", Plaatsing, 7, "maximaal 1 week"},
	{"residentieel_ggz", "Residentiële crisisopvang (GGZ)", Plaatsing, 7, "maximaal 1 week"},
	{"wvggz", "Crisisopname GGZ in het kader van de Wvggz", Plaatsing, 45, "maximaal 6 weken en 3 dagen"},
}

// VormOf returns the form of code, and false for an unknown code.
func VormOf(code string) (Vorm, bool) {
	for _, v := range Vormen {
		if v.Code == code {
			return v, true
		}
	}
	return Vorm{}, false
}

// VormLabel is the Dutch name of a form of crisis care.
func VormLabel(code string) string {
	if v, ok := VormOf(code); ok {
		return v.Label
	}
	return code
}

// Uiterlijk is the last end date the form allows for care beginning on
// begin.
func (v Vorm) Uiterlijk(begin time.Time) time.Time {
	return invoer.Dag(begin).AddDate(0, 0, v.MaxDagen)
}

// CheckPeriode returns a Dutch message when care in form v from begin to
// end breaks its maximum or ends before it begins; "" when it is allowed.
func (v Vorm) CheckPeriode(begin, end time.Time) string {
	switch {
	case invoer.Dag(end).Before(invoer.Dag(begin)):
		return "De einddatum ligt vóór de begindatum."
	case invoer.Dag(end).After(v.Uiterlijk(begin)):
		return v.Label + " duurt " + v.Max + ": de einddatum is uiterlijk " + invoer.Datum(v.Uiterlijk(begin)) + "."
	}
	return ""
}

// CheckVoorkeur checks the preference ladder for the forms chosen
// together: for the highest step among them, a written reason why each
// lower step does not suffice. The messages are by field.
func CheckVoorkeur(vormen []string, waaromNietAmbulant, waaromNietNetwerk string) invoer.Fouten {
	fe := invoer.Fouten{}
	top := Trede(0)
	for _, c := range vormen {
		if v, ok := VormOf(c); ok && v.Trede > top {
			top = v.Trede
		}
	}
	if top >= Netwerk && strings.TrimSpace(waaromNietAmbulant) == "" {
		fe["waarom_niet_ambulant"] = "U kiest " + top.Label() + ". Leg uit waarom ambulante crisishulp niet volstaat: die heeft de voorkeur."
	}
	if top >= Plaatsing && strings.TrimSpace(waaromNietNetwerk) == "" {
		fe["waarom_niet_netwerk"] = "U kiest " + top.Label() + ". Leg uit waarom een plaatsing in het eigen netwerk of een noodbed niet kan: plaatsen doen we alleen als het echt niet anders kan."
	}
	return fe
}

// MaxLeeftijd: the crisis service helps youths up to 23 (R-CRISIS-1).
const MaxLeeftijd = 23

// Eligible checks R-CRISIS-1 on the day of the report: a minor; or 18 to
// 22 when the help started before the 18th birthday (hulpStart, zero when
// not recorded); from 23 never. It returns nil, a refusal, or a field
// error on hulp_gestart_op.
func Eligible(birth, hulpStart, on time.Time) error {
	age := client.AgeOn(birth, kalender.Day(on))
	switch {
	case age < 18:
		return nil
	case age >= MaxLeeftijd:
		return &traject.Refusal{Reason: "De crisisdienst helpt jeugdigen tot " + strconv.Itoa(MaxLeeftijd) + " jaar; deze jeugdige is " + strconv.Itoa(age) +
			" jaar. Verwijs naar de crisisdienst voor volwassenen (GGZ-crisisdienst of huisartsenpost)."}
	}
	eighteen := invoer.Verjaardag(birth, 18)
	if hulpStart.IsZero() {
		return invoer.Fouten{"hulp_gestart_op": "De jeugdige is " + strconv.Itoa(age) + " jaar: de crisisdienst helpt alleen als de jeugdhulp vóór de 18e verjaardag (" +
			invoer.Datum(eighteen) + ") begon. Vul in wanneer de jeugdhulp begon."}
	}
	if !invoer.Dag(hulpStart).Before(eighteen) {
		return &traject.Refusal{Reason: "De jeugdhulp begon op " + invoer.Datum(hulpStart) + ", niet vóór de 18e verjaardag (" + invoer.Datum(eighteen) +
			"): de crisisdienst voor jeugd helpt deze jeugdige niet. Verwijs naar de crisisdienst voor volwassenen."}
	}
	return nil
}

// RTOUiterlijk is the end of the first working day after a report at
// melding (R-CRISIS-4): weekends and public holidays do not count.
func RTOUiterlijk(cal kalender.Calendar, melding time.Time) time.Time {
	return cal.Due(melding, traject.TermRTO)
}

// The roles of the people at the RTO and at the Perspectiefplan Crisis.
const (
	RolProcesregisseur = "procesregisseur"
	RolCoordinator     = "coordinator"
	RolCrisisteam      = "crisisteam"
	RolJeugdige        = "jeugdige"
	RolOuder           = "ouder"
	RolCrisisaanbieder = "crisisaanbieder"
	RolRegievoerder    = "regievoerder"
)

// Rollen is the table of participants' roles.
var Rollen = []Code{
	{RolProcesregisseur, "Procesregisseur"},
	{RolCoordinator, "Coördinator"},
	{RolCrisisteam, "Crisisteam"},
	{RolJeugdige, "Jeugdige"},
	{RolOuder, "Ouder of gezaghebbende"},
	{RolCrisisaanbieder, "Crisisaanbieder"},
	{RolRegievoerder, "Regievoerder"},
	{Gedragswetenschapper, "Gedragswetenschapper"},
	{Psychiater, "Psychiater"},
	{"overig", "Andere betrokkene"},
}

// RolLabel is the Dutch name of a participant's role.
func RolLabel(code string) string { return labelOf(Rollen, code) }

// Deelnemer is one person at a talk.
type Deelnemer struct {
	Naam        string `json:"naam"`
	Rol         string `json:"rol"`
	Organisatie string `json:"organisatie,omitempty"`
}

// Required participants: the RTO is with the process director and the
// crisis team (R-CRISIS-4); the Perspectiefplan Crisis is written by the
// coordinator with the crisis team, and with the youth, the crisis
// provider and the regievoerder unless the plan says why not (seed 003
// §4).
var (
	rtoVerplicht  = []string{RolProcesregisseur, RolCrisisteam}
	planVerplicht = []string{RolCoordinator, RolCrisisteam}
	planBetrokken = []string{RolJeugdige, RolCrisisaanbieder, RolRegievoerder}
)

var (
	naamRegel = invoer.Tekst{Label: "de naam", Max: 100, Verplicht: true, Verboden: "<>"}
	orgRegel  = invoer.Tekst{Label: "de organisatie", Max: 150, Verboden: "<>"}
)

// checkDeelnemers cleans ds and records problems under field; required
// roles missing are recorded under field too.
func checkDeelnemers(fe invoer.Fouten, field string, ds []Deelnemer, required []string) []Deelnemer {
	out := make([]Deelnemer, 0, len(ds))
	has := map[string]bool{}
	for i, d := range ds {
		at := field + "." + strconv.Itoa(i)
		d.Naam = fe.Tekst(at+".naam", naamRegel, d.Naam)
		d.Organisatie = fe.Tekst(at+".organisatie", orgRegel, d.Organisatie)
		fe.Zet(at+".rol", invoer.Keuze(d.Rol, "Kies de rol van "+d.Naam+".", codes(Rollen)...))
		has[d.Rol] = true
		out = append(out, d)
	}
	if len(ds) > 40 {
		fe.Zet(field, "Noem hoogstens 40 deelnemers.")
	}
	var missing []string
	for _, r := range required {
		if !has[r] {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		fe.Zet(field, "Noem "+rollenZin(missing)+" bij de deelnemers.")
	}
	return out
}

// rolNaam names a role in a sentence, with its article.
var rolNaam = map[string]string{RolProcesregisseur: "de procesregisseur", RolCoordinator: "de coördinator", RolCrisisteam: "het crisisteam",
	RolJeugdige: "de jeugdige", RolOuder: "de ouder", RolCrisisaanbieder: "de crisisaanbieder", RolRegievoerder: "de regievoerder"}

// rollenZin names roles in a sentence: "de jeugdige, de crisisaanbieder
// en de regievoerder".
func rollenZin(roles []string) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		if names[i] = rolNaam[r]; names[i] == "" {
			names[i] = lowerFirst(RolLabel(r))
		}
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
}

// missingRoles lists which of roles no participant has.
func missingRoles(ds []Deelnemer, roles []string) []string {
	var out []string
	for _, r := range roles {
		found := false
		for _, d := range ds {
			found = found || d.Rol == r
		}
		if !found {
			out = append(out, r)
		}
	}
	return out
}
