package kpi

import (
	"sort"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

func amsterdamLoc() *time.Location { return kalender.Amsterdam() }

// Periode is a span of days [Van, Tot).
type Periode struct {
	Label    string
	Van, Tot time.Time
}

// Maanden returns the twelve months of year and the year itself (index 12).
func Maanden(jaar int) []Periode {
	namen := []string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}
	var out []Periode
	for m := range 12 {
		van := time.Date(jaar, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
		out = append(out, Periode{Label: namen[m] + " " + itoa(jaar), Van: van, Tot: van.AddDate(0, 1, 0)})
	}
	return append(out, Periode{Label: itoa(jaar), Van: time.Date(jaar, 1, 1, 0, 0, 0, 0, time.UTC), Tot: time.Date(jaar+1, 1, 1, 0, 0, 0, 0, time.UTC)})
}

func itoa(n int) string {
	return time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")
}

func (p Periode) bevat(d time.Time) bool { return !d.IsZero() && !d.Before(p.Van) && d.Before(p.Tot) }

// overlapt reports whether the days [begin, eind] (eind zero: still
// running) meet the period.
func (p Periode) overlapt(begin, eind time.Time) bool {
	return begin.Before(p.Tot) && (eind.IsZero() || !eind.Before(p.Van))
}

// Herinstroom indexes the segment-1 registrations per youth.
type Herinstroom map[int64][]time.Time

// NieuweHerinstroom builds the index of cs.
func NieuweHerinstroom(cs []Casus) Herinstroom {
	h := Herinstroom{}
	for i := range cs {
		if cs[i].Segment1 {
			h[cs[i].ClientID] = append(h[cs[i].ClientID], cs[i].Aangemeld)
		}
	}
	for _, ds := range h {
		sort.Slice(ds, func(i, j int) bool { return ds[i].Before(ds[j]) })
	}
	return h
}

// binnenTweeJaar reports whether youth client was registered again after
// eind, within two years.
func (h Herinstroom) binnenTweeJaar(client int64, eind time.Time) bool {
	grens := eind.AddDate(2, 0, 0)
	for _, d := range h[client] {
		if d.After(eind) && !d.After(grens) {
			return true
		}
	}
	return false
}

func behandeling(soort string) bool { return soort == "behandelverblijf" || soort == "hybride" }

// inZorg reports whether the segment-1 case is in care in p: registered
// before its end and not ended before its start.
func inZorg(c *Casus, p Periode) bool {
	return c.Segment1 && c.Aangemeld.Before(p.Tot) && (c.Eind.IsZero() || !c.Eind.Before(p.Van))
}

// Bijdrage is what case c adds to KPI k in period p: to the numerator and
// to the denominator (for a count, the numerator only). nu bounds running
// stays. A case adds nothing when both are zero.
func Bijdrage(k Key, c *Casus, p Periode, nu time.Time, h Herinstroom) (teller, noemer float64) {
	if !c.Segment1 {
		return 0, 0
	}
	switch k {
	case Onder12MetOuder:
		for _, v := range c.Verblijven {
			if behandeling(v.Soort) && p.overlapt(v.Begin, v.Eind) && leeftijd(c.Geboren, v.Begin) < 12 {
				noemer++
				if v.MetOuder {
					teller++
				}
			}
		}
	case Aanmeldingen12:
		if p.bevat(c.Aangemeld) && leeftijd(c.Geboren, c.Aangemeld) >= 12 {
			teller = 1
		}
	case Opnamedagen:
		if inZorg(c, p) {
			noemer = 1
			eindeTelling := p.Tot
			if morgen := day(nu).AddDate(0, 0, 1); morgen.Before(eindeTelling) {
				eindeTelling = morgen
			}
			for _, v := range c.Verblijven {
				if v.Soort != "behandelverblijf" || !p.overlapt(v.Begin, v.Eind) {
					continue
				}
				van, tot := later(v.Begin, p.Van), eindeTelling
				if !v.Eind.IsZero() && v.Eind.AddDate(0, 0, 1).Before(tot) {
					tot = v.Eind.AddDate(0, 0, 1)
				}
				if tot.After(van) {
					teller += dagen(van, tot)
				}
			}
		}
	case Hybride:
		for _, v := range c.Verblijven {
			if v.Soort == "hybride" && p.overlapt(v.Begin, v.Eind) {
				teller = 1
			}
		}
	case Verhuisbewegingen:
		if inZorg(c, p) {
			noemer = 1
			teller = float64(verhuizingen(c.Verblijven, p))
		}
	case GeenHerinstroom:
		if p.bevat(c.Eind) {
			noemer = 1
			if !h.binnenTweeJaar(c.ClientID, c.Eind) {
				teller = 1
			}
		}
	case TreeknormAanmeld:
		if p.bevat(c.Intake) && !c.Aangemeld.IsZero() {
			noemer = 1
			if dagen(c.Aangemeld, c.Intake) <= AanmeldNorm {
				teller = 1
			}
		}
	case TreeknormBehandel:
		if p.bevat(c.Start) && !c.Intake.IsZero() {
			noemer = 1
			if dagen(c.Intake, c.Start) <= BehandelNorm {
				teller = 1
			}
		}
	}
	return teller, noemer
}

// verhuizingen counts the moves in p: each stay started, and each stay
// ended that the next does not follow on the same or the next day.
func verhuizingen(vs []Verblijf, p Periode) int {
	n := 0
	for i, v := range vs {
		if p.bevat(v.Begin) {
			n++
		}
		if v.Eind.IsZero() || !p.bevat(v.Eind) {
			continue
		}
		overgang := false
		for j, w := range vs {
			if j != i && !w.Begin.Before(v.Eind) && !w.Begin.After(v.Eind.AddDate(0, 0, 1)) {
				overgang = true
			}
		}
		if !overgang {
			n++
		}
	}
	return n
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// leeftijd is the age in whole years on day on.
func leeftijd(geboren, op time.Time) int {
	age := op.Year() - geboren.Year()
	if op.Before(time.Date(op.Year(), geboren.Month(), geboren.Day(), 0, 0, 0, 0, time.UTC)) {
		age--
	}
	return age
}

// Meting is the sum of the cases' contributions to one KPI, group and
// period.
type Meting struct {
	Teller, Noemer float64
	Telt           bool // some case added to it
}

// Maat is the measure: a share in % (Aandeel), a count, or a count per
// youth in care; nil when there is nothing to measure.
func (m Meting) Maat(d Definitie) *float64 {
	switch {
	case d.Soort == Aandeel || d.PerJeugdige:
		if m.Noemer == 0 {
			return nil
		}
		v := m.Teller / m.Noemer
		if d.Soort == Aandeel {
			v *= 100
		}
		return &v
	}
	v := m.Teller
	return &v
}

// Figuur is the KPI's figure from its measure and the baseline's: the
// share itself, or the fall or rise against the baseline in %.
func Figuur(d Definitie, maat, basis *float64) *float64 {
	if maat == nil {
		return nil
	}
	switch d.Soort {
	case Aandeel:
		return maat
	case Afname, Toename:
		if basis == nil || *basis == 0 {
			return nil
		}
		v := (*basis - *maat) / *basis * 100
		if d.Soort == Toename {
			v = -v
		}
		return &v
	}
	return nil
}
