package kpi

import "time"

// Key names a KPI.
type Key string

const (
	Onder12MetOuder   Key = "onder12_met_ouder"
	Aanmeldingen12    Key = "aanmeldingen_12plus"
	Opnamedagen       Key = "opnamedagen"
	Hybride           Key = "hybride"
	Verhuisbewegingen Key = "verhuisbewegingen"
	GeenHerinstroom   Key = "geen_herinstroom"
	TreeknormAanmeld  Key = "treeknorm_aanmeld"
	TreeknormBehandel Key = "treeknorm_behandel"
)

// Soort is how a KPI's figure meets its target.
type Soort int

const (
	// Aandeel: the figure is a share; it meets a target at or above it.
	Aandeel Soort = iota
	// Afname: the figure is the fall against the baseline year, in %; it
	// meets a target at or above it.
	Afname
	// Toename: the rise against the baseline year, in %.
	Toename
)

// Definitie is one KPI of seed 004: what it counts, in words beside its
// figure, and its targets for 2026-01-01 and 2028-01-01 (the region may
// set others, RegionKPI).
type Definitie struct {
	Key    Key
	Naam   string
	Uitleg string // the definition, shown beside the figure
	Soort  Soort
	Maat   string // the unit of the underlying measure: "", "dagen per jeugdige"
	// PerJeugdige: the measure is divided by the youths in care; else it
	// is a count (Afname, Toename) or a share (Aandeel).
	PerJeugdige bool
	Doel2026    float64
	Doel2028    float64
}

// Definities is the table of seed 004's KPIs ("Ambities vertaald in
// KPI's"), with the Treeknorm line split into its two waits.
var Definities = []Definitie{
	{Onder12MetOuder, "Jeugdigen onder 12 in behandelverblijf alleen samen met een ouder", "Deel van de behandel- en hybride verblijven van jeugdigen jonger dan 12 (leeftijd op de eerste dag) in de periode waarbij een ouder meeverblijft.", Aandeel, "", false, 95, 100},
	{Aanmeldingen12, "Minder aangemelde jeugdigen van 12 jaar en ouder", "Afname van het aantal aanmeldingen bij het aanmeldpunt segment 1 van jeugdigen van 12 jaar en ouder, tegenover het basisjaar.", Afname, "aanmeldingen", false, 30, 50},
	{Opnamedagen, "Minder opnamedagen per jeugdige", "Afname van het aantal dagen in behandelverblijf in de periode per jeugdige in zorg in segment 1, tegenover het basisjaar.", Afname, "dagen per jeugdige", true, 30, 50},
	{Hybride, "Meer gebruik van hybride vormen van verblijf", "Toename van het aantal jeugdigen met een hybride verblijf (deels thuis, deels in behandelverblijf) in de periode, tegenover het basisjaar.", Toename, "jeugdigen", false, 30, 50},
	{Verhuisbewegingen, "Minder verhuisbewegingen per jeugdige", "Afname van het aantal verhuisbewegingen (naar een verblijf, van verblijf naar verblijf, of terug naar huis) per jeugdige in zorg in segment 1, tegenover het basisjaar.", Afname, "verhuisbewegingen per jeugdige", true, 75, 75},
	{GeenHerinstroom, "Geen herinstroom binnen twee jaar na afronding", "Deel van de in de periode afgeronde hulp in segment 1 waarna de jeugdige binnen twee jaar niet opnieuw is aangemeld. Voor afrondingen van minder dan twee jaar geleden is het cijfer voorlopig.", Aandeel, "", false, 80, 80},
	{TreeknormAanmeld, "Aanmeldwachttijd volgens de Treeknorm", "Deel van de intakes in de periode die binnen 4 weken na de aanmelding plaatsvonden.", Aandeel, "", false, 100, 100},
	{TreeknormBehandel, "Behandelwachttijd en start behandeling volgens de Treeknorm", "Deel van de starts van de hulp in de periode binnen 10 weken na de intake.", Aandeel, "", false, 100, 100},
}

// DefinitieVan returns the definition of k.
func DefinitieVan(k Key) (Definitie, bool) {
	for _, d := range Definities {
		if d.Key == k {
			return d, true
		}
	}
	return Definitie{}, false
}

// Instelling is a region's setting of one KPI (table region_kpi).
type Instelling struct {
	Key       Key
	Basisjaar int
	// Basiswaarde is the baseline year's measure entered by the region
	// (nil: counted from the records of the baseline year).
	Basiswaarde *float64
	Doel2026    float64
	Doel2028    float64
}

// Doel returns the target in force on day: the 2026 target from
// 2026-01-01, the 2028 target from 2028-01-01, none before 2026.
func (in Instelling) Doel(day time.Time) (float64, bool) {
	switch {
	case day.Year() >= 2028:
		return in.Doel2028, true
	case day.Year() >= 2026:
		return in.Doel2026, true
	}
	return 0, false
}

// Haalt reports whether figure v meets target doel.
func Haalt(v, doel float64) bool { return v >= doel-1e-9 }

// Treeknorm terms in days.
const (
	AanmeldNorm  = 28 // 4 weeks from registration to intake
	BehandelNorm = 70 // 10 weeks from intake to the start of treatment
)
