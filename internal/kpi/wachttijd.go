package kpi

import (
	"sort"
	"time"
)

// Wachtrij is the live waiting time at one provider for one arrangement,
// measured from the cases: the days from registration at the provider to
// the start of care of the cases that started in the last 13 weeks, and
// how long the youths still waiting have waited so far; beside it the
// provider's own stated waiting time (Wegwijzer).
type Wachtrij struct {
	Aanbieder   int64
	Arrangement int // 0: segment 1 (no arrangement)
	Gestart     Spreiding
	Wachtend    int
	// LangstWachtend is the longest wait so far, in days.
	LangstWachtend float64
	// Opgegeven is the stated waiting time in weeks (nil: none stated).
	Opgegeven *int
}

// Wachtrijen computes the live waiting times on day nu.
func Wachtrijen(f *Feiten, nu time.Time) []Wachtrij {
	type sleutel struct {
		org int64
		arr int
	}
	vanaf := day(nu).AddDate(0, 0, -13*7)
	duur := map[sleutel][]float64{}
	op := map[sleutel]int{}
	rij := map[sleutel]*Wachtrij{}
	get := func(k sleutel) *Wachtrij {
		if r, ok := rij[k]; ok {
			return r
		}
		r := &Wachtrij{Aanbieder: k.org, Arrangement: k.arr}
		if w, ok := f.Opgegeven[k.org]; ok {
			r.Opgegeven = &w
		}
		rij[k] = r
		return r
	}
	for i := range f.Casussen {
		c := &f.Casussen[i]
		reg, start, wachtend := c.BijAanbieder, c.ZorgStart, c.Wachtend
		arr := c.Arrangement
		if c.Segment1 {
			reg, start, arr = c.Aangemeld, c.Start, 0
			wachtend = c.Start.IsZero() && c.Eind.IsZero() && c.Aanbieder != 0
		}
		if reg.IsZero() || c.Aanbieder == 0 {
			continue
		}
		k := sleutel{c.Aanbieder, arr}
		switch {
		case !start.IsZero() && !start.Before(vanaf) && !start.After(nu):
			x := dagen(reg, start)
			duur[k] = append(duur[k], x)
			if x <= AanmeldNorm+BehandelNorm {
				op[k]++
			}
			get(k)
		case start.IsZero() && wachtend:
			r := get(k)
			r.Wachtend++
			if x := dagen(reg, day(nu)); x > r.LangstWachtend {
				r.LangstWachtend = x
			}
		}
	}
	var out []Wachtrij
	for k, r := range rij {
		r.Gestart = spreiding(duur[k], op[k])
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if f.Namen[a.Aanbieder] != f.Namen[b.Aanbieder] {
			return f.Namen[a.Aanbieder] < f.Namen[b.Aanbieder]
		}
		return a.Arrangement < b.Arrangement
	})
	return out
}
