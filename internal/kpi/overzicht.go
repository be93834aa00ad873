package kpi

import (
	"slices"
	"time"
)

// Groep is what a figure is about: the region, one municipality or one
// consortium.
type Groep struct {
	Soort string // "regio", "gemeente" or "consortium"
	ID    int64  // 0 for the region
}

// Regio is the group of the whole region.
var Regio = Groep{Soort: "regio"}

// Cel is one figure: the measure, the baseline's measure for the same
// period of the baseline year, and the KPI's figure from them.
type Cel struct {
	Meting
	Maat, Basis, Figuur *float64
	// Onderdrukt: left out, as it rests on too few cases for the viewer.
	Onderdrukt bool
}

// Rij is one group's figures: the twelve months and the year (index 12).
type Rij struct {
	Groep
	Naam   string
	Cellen []Cel
}

// Jaarcel is the year's figure.
func (r Rij) Jaarcel() Cel { return r.Cellen[12] }

// Resultaat is one KPI over a year for every group.
type Resultaat struct {
	Definitie
	In    Instelling // the region's setting: baseline year and targets
	Jaar  int
	Rijen []Rij // the region first, then the municipalities, then the consortia
}

// Standaard returns the seed's setting of each KPI with basisjaar as the
// baseline year.
func Standaard(basisjaar int) map[Key]Instelling {
	out := map[Key]Instelling{}
	for _, d := range Definities {
		out[d.Key] = Instelling{Key: d.Key, Basisjaar: basisjaar, Doel2026: d.Doel2026, Doel2028: d.Doel2028}
	}
	return out
}

// EersteJaar is the year of the region's first segment-1 registration
// (0: none): the baseline year unless the region sets one.
func (f *Feiten) EersteJaar() int {
	first := 0
	for i := range f.Casussen {
		if c := &f.Casussen[i]; c.Segment1 && (first == 0 || c.Aangemeld.Year() < first) {
			first = c.Aangemeld.Year()
		}
	}
	return first
}

// Bereken computes every KPI of year jaar for the region, each
// municipality and each consortium, in one pass over the cases. in holds
// the region's settings (a KPI without one gets the seed's targets and
// the first recorded year as baseline).
func Bereken(f *Feiten, jaar int, in map[Key]Instelling, nu time.Time) []Resultaat {
	settings := Standaard(f.EersteJaar())
	for k, v := range in {
		settings[k] = v
	}
	groepen := []Groep{Regio}
	idx := map[Groep]int{Regio: 0}
	for _, id := range f.Gemeenten {
		idx[Groep{"gemeente", id}] = len(groepen)
		groepen = append(groepen, Groep{"gemeente", id})
	}
	for _, id := range f.Consortia {
		idx[Groep{"consortium", id}] = len(groepen)
		groepen = append(groepen, Groep{"consortium", id})
	}
	jaren := []int{jaar}
	for _, d := range Definities {
		if b := settings[d.Key].Basisjaar; b != 0 && !slices.Contains(jaren, b) {
			jaren = append(jaren, b)
		}
	}
	perioden := make([][]Periode, len(jaren))
	for i, y := range jaren {
		perioden[i] = Maanden(y)
	}
	nk, ng, np := len(Definities), len(groepen), 13
	acc := make([]Meting, nk*len(jaren)*ng*np)
	at := func(k, y, g, p int) *Meting { return &acc[((k*len(jaren)+y)*ng+g)*np+p] }
	h := NieuweHerinstroom(f.Casussen)
	gs := make([]int, 0, 3)
	for i := range f.Casussen {
		c := &f.Casussen[i]
		if !c.Segment1 {
			continue
		}
		gs = append(gs[:0], 0)
		if g, ok := idx[Groep{"gemeente", c.Gemeente}]; ok {
			gs = append(gs, g)
		}
		if g, ok := idx[Groep{"consortium", c.Consortium}]; ok && c.Consortium != 0 {
			gs = append(gs, g)
		}
		for y := range jaren {
			year := perioden[y][12]
			if !raakt(c, year) {
				continue
			}
			for k, d := range Definities {
				for p, per := range perioden[y] {
					t, n := Bijdrage(d.Key, c, per, nu, h)
					if t == 0 && n == 0 {
						continue
					}
					for _, g := range gs {
						m := at(k, y, g, p)
						m.Teller += t
						m.Noemer += n
						m.Telt = true
					}
				}
			}
		}
	}
	var out []Resultaat
	for k, d := range Definities {
		set := settings[d.Key]
		by := slices.Index(jaren, set.Basisjaar)
		r := Resultaat{Definitie: d, In: set, Jaar: jaar}
		for g, grp := range groepen {
			rij := Rij{Groep: grp, Naam: f.naam(grp), Cellen: make([]Cel, np)}
			for p := range np {
				cel := Cel{Meting: *at(k, 0, g, p)}
				cel.Maat = cel.Meting.Maat(d)
				if by >= 0 {
					cel.Basis = at(k, by, g, p).Maat(d)
				}
				if p == 12 && set.Basiswaarde != nil && grp == Regio {
					cel.Basis = set.Basiswaarde
				}
				cel.Figuur = Figuur(d, cel.Maat, cel.Basis)
				rij.Cellen[p] = cel
			}
			r.Rijen = append(r.Rijen, rij)
		}
		out = append(out, r)
	}
	return out
}

// raakt reports whether case c can add anything to period p: it is in
// care in p, or its intake, start or a stay falls in p.
func raakt(c *Casus, p Periode) bool {
	if c.Aangemeld.Before(p.Tot) && (c.Eind.IsZero() || !c.Eind.Before(p.Van)) {
		return true
	}
	if p.bevat(c.Intake) || p.bevat(c.Start) {
		return true
	}
	for _, v := range c.Verblijven {
		if p.overlapt(v.Begin, v.Eind) {
			return true
		}
	}
	return false
}

func (f *Feiten) naam(g Groep) string {
	if g == Regio {
		return "Regio"
	}
	if n, ok := f.Namen[g.ID]; ok {
		return n
	}
	return "Onbekend"
}
