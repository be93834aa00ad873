package kpi

import (
	"math"
	"slices"
	"sort"
	"time"
)

// TermijnDefinitie is a deadline of R-KPI-1 as an obligation kind.
type TermijnDefinitie struct {
	Soort string // the obligation kind
	Naam  string
	// Uren: measured in hours (the crisis assessment), else in days.
	Uren bool
}

// TermijnDefinities are the deadlines of R-KPI-1 that the work list
// carries; the Treeknorm waits are measured from the cases (Wachttijden).
var TermijnDefinities = []TermijnDefinitie{
	{"stap:ipva", "IPVA binnen 4 weken na de eerste melding", false},
	{"stap:beknopt_plan", "Beknopt plan binnen 2 weken", false},
	{"segment1:aanmeldgesprek", "Aanmeldgesprek binnen 2 weken", false},
	{"segment1:start", "Start van de hulp binnen 6 weken (of eerder bij urgentie)", false},
	{"stap:inschatting", "Actieve inschatting crisis binnen 2 uur", true},
	{"stap:rto", "Rondetafeloverleg op de eerstvolgende werkdag", false},
}

// Spreiding is how one set of deadlines or waits went: how many counted,
// how many met their term, and the median and 90th percentile of the time
// taken (days, or hours for a deadline in hours).
type Spreiding struct {
	N, OpTijd int
	Mediaan   float64
	P90       float64
	// Onderdrukt: only N is shown, as it rests on too few cases for the
	// viewer.
	Onderdrukt bool
}

// Aandeel is the share met in %, nil when nothing counted.
func (s Spreiding) Aandeel() *float64 {
	if s.N == 0 || s.Onderdrukt {
		return nil
	}
	v := float64(s.OpTijd) * 100 / float64(s.N)
	return &v
}

// spreiding computes a Spreiding from the times taken and whether each met
// its term.
func spreiding(duur []float64, opTijd int) Spreiding {
	s := Spreiding{N: len(duur), OpTijd: opTijd}
	if len(duur) == 0 {
		return s
	}
	d := slices.Clone(duur)
	sort.Float64s(d)
	s.Mediaan = percentiel(d, 50)
	s.P90 = percentiel(d, 90)
	return s
}

// percentiel is the p-th percentile of sorted d by the nearest-rank
// method: the smallest value with at least p % of the values at or below
// it (so the median of 1, 2, 3, 4 is 2, and the p90 of ten values is the
// ninth).
func percentiel(d []float64, p float64) float64 {
	rank := int(math.Ceil(p / 100 * float64(len(d))))
	if rank < 1 {
		rank = 1
	}
	return d[rank-1]
}

// TermijnRegel is how one deadline went for one organisation in one month
// (the month of its due moment), or in the whole span (Maand zero).
type TermijnRegel struct {
	Definitie TermijnDefinitie
	Org       int64 // 0: the whole region
	Maand     time.Time
	Spreiding
}

// Termijnen counts the deadlines due in [van, tot) per definition,
// organisation and month, with a region line (Org 0) per definition and
// month. A deadline met is one done at or before its due moment; one
// still open past it is missed, with its time so far; one open and not
// yet due is not counted.
func Termijnen(ts []Termijn, van, tot, nu time.Time) []TermijnRegel {
	type sleutel struct {
		soort string
		org   int64
		maand time.Time
	}
	duur := map[sleutel][]float64{}
	op := map[sleutel]int{}
	defs := map[string]TermijnDefinitie{}
	for _, d := range TermijnDefinities {
		defs[d.Soort] = d
	}
	for _, t := range ts {
		d, ok := defs[t.Soort]
		if !ok || t.Uiterlijk.Before(van) || !t.Uiterlijk.Before(tot) {
			continue
		}
		eind := t.Gedaan
		if eind.IsZero() {
			if !nu.After(t.Uiterlijk) {
				continue
			}
			eind = nu
		}
		x := eind.Sub(t.Aangemaakt).Hours()
		if !d.Uren {
			x /= 24
		}
		gehaald := !t.Gedaan.IsZero() && !t.Gedaan.After(t.Uiterlijk)
		for _, m := range []time.Time{maandVan(t.Uiterlijk), {}} {
			for _, org := range orgEnRegio(t.Org) {
				k := sleutel{t.Soort, org, m}
				duur[k] = append(duur[k], x)
				if gehaald {
					op[k]++
				}
			}
		}
	}
	var out []TermijnRegel
	for k, d := range duur {
		out = append(out, TermijnRegel{Definitie: defs[k.soort], Org: k.org, Maand: k.maand, Spreiding: spreiding(d, op[k])})
	}
	volgorde := map[string]int{}
	for i, d := range TermijnDefinities {
		volgorde[d.Soort] = i
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if volgorde[a.Definitie.Soort] != volgorde[b.Definitie.Soort] {
			return volgorde[a.Definitie.Soort] < volgorde[b.Definitie.Soort]
		}
		if a.Org != b.Org {
			return a.Org < b.Org
		}
		return a.Maand.Before(b.Maand)
	})
	return out
}

// maandVan is the first day of t's month in Amsterdam.
func maandVan(t time.Time) time.Time {
	y, m, _ := t.In(amsterdamLoc()).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

// Wacht is a Treeknorm wait of one case: which, at which organisation,
// ending on which day, how long.
type Wacht struct {
	Key       Key // TreeknormAanmeld or TreeknormBehandel
	Org       int64
	TrajectID int64
	Eind      time.Time
	Dagen     float64
}

// Wachttijden lists the Treeknorm waits of the cases: registration to
// intake (segment 1: at the intake desk; Toegang route: the provider's
// registration to its beknopt plan) and intake to the start of help (at
// the regievoerder or provider).
func Wachttijden(cs []Casus) []Wacht {
	var out []Wacht
	for _, c := range cs {
		reg, intake, start, org := c.BijAanbieder, c.PlanOp, c.ZorgStart, c.Aanbieder
		aanmeldOrg := org
		if c.Segment1 {
			reg, intake, start, aanmeldOrg = c.Aangemeld, c.Intake, c.Start, c.Aanmeldpunt
		}
		if !reg.IsZero() && !intake.IsZero() {
			out = append(out, Wacht{TreeknormAanmeld, aanmeldOrg, c.TrajectID, intake, dagen(reg, intake)})
		}
		if !intake.IsZero() && !start.IsZero() {
			out = append(out, Wacht{TreeknormBehandel, org, c.TrajectID, start, dagen(intake, start)})
		}
	}
	return out
}

// WachtRegel is how one Treeknorm wait went for one organisation in one
// month (of the wait's end), or in the whole span (Maand zero).
type WachtRegel struct {
	Key   Key
	Org   int64 // 0: the region
	Maand time.Time
	Spreiding
}

// Treeknorm counts the waits ending in [van, tot) per wait, organisation
// and month, with region lines (Org 0).
func Treeknorm(ws []Wacht, van, tot time.Time) []WachtRegel {
	type sleutel struct {
		key   Key
		org   int64
		maand time.Time
	}
	duur := map[sleutel][]float64{}
	op := map[sleutel]int{}
	for _, w := range ws {
		if w.Eind.Before(van) || !w.Eind.Before(tot) {
			continue
		}
		norm := float64(AanmeldNorm)
		if w.Key == TreeknormBehandel {
			norm = BehandelNorm
		}
		for _, m := range []time.Time{maandVan(w.Eind), {}} {
			for _, org := range orgEnRegio(w.Org) {
				k := sleutel{w.Key, org, m}
				duur[k] = append(duur[k], w.Dagen)
				if w.Dagen <= norm {
					op[k]++
				}
			}
		}
	}
	var out []WachtRegel
	for k, d := range duur {
		out = append(out, WachtRegel{Key: k.key, Org: k.org, Maand: k.maand, Spreiding: spreiding(d, op[k])})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		if a.Org != b.Org {
			return a.Org < b.Org
		}
		return a.Maand.Before(b.Maand)
	})
	return out
}

// orgEnRegio are the lines a figure of organisation org counts in: its
// own and the region's (0); once when the organisation is unknown.
func orgEnRegio(org int64) []int64 {
	if org == 0 {
		return []int64{0}
	}
	return []int64{org, 0}
}
