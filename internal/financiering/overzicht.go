package financiering

import (
	"strings"
	"time"
)

// Gemeente is a municipality of the region.
type Gemeente struct {
	ID   int64  `json:"id"`
	Naam string `json:"naam"`
	CBS  string `json:"cbs_code"`
}

// Kort is the municipality's name without "Gemeente ", for a table whose
// caption says it lists municipalities.
func (g Gemeente) Kort() string { return strings.TrimPrefix(g.Naam, "Gemeente ") }

// Consortium is a segment-1 consortium of the region with its lump sum for
// the year (HeeftLumpsum false: none entered yet).
type Consortium struct {
	ID           int64  `json:"id"`
	Naam         string `json:"naam"`
	Lumpsum      int64  `json:"lumpsum_eurocent"`
	HeeftLumpsum bool   `json:"lumpsum_ingevuld"`
}

// Kort is the consortium's name without "Samenwerkingsverband ", for a
// chart's legend and a table's column.
func (c Consortium) Kort() string { return strings.TrimPrefix(c.Naam, "Samenwerkingsverband ") }

// Sleutel picks the actual use of one consortium's care in one
// municipality in one month (1–12).
type Sleutel struct {
	ConsortiumID, GemeenteID int64
	Maand                    int
}

// Invoer is what a year's figures are computed from.
type Invoer struct {
	Jaar      int
	Peil      time.Time // the reference day (today)
	Gemeenten []Gemeente
	Consortia []Consortium
	// Historisch is each municipality's historical use by municipality
	// id; a municipality without an entry has none.
	Historisch map[int64]int64
	// Gebruik is the approved billing of the consortia's members.
	Gebruik map[Sleutel]int64
	// Lopend is the non-contracted care still running.
	Lopend []LopendeZorg
}

// Overzicht is the money of segment 1 in one region and year.
type Overzicht struct {
	Regio string    `json:"regio"`
	Jaar  int       `json:"jaar"`
	Peil  time.Time `json:"peildatum"`
	// Maanden is how many months have figures (see Maanden).
	Maanden   int                 `json:"maanden_met_cijfers"`
	Gemeenten []GemeenteCijfers   `json:"gemeenten"`
	Consortia []ConsortiumCijfers `json:"samenwerkingsverbanden"`
	Totaal    Totalen             `json:"totaal"`
	// HistorischCompleet is false when no municipality has a historical
	// use yet: then there is no basis for advances.
	HistorischCompleet bool `json:"historisch_gebruik_ingevuld"`
	// Lopend is the running non-contracted care the reserve is for.
	Lopend []LopendeZorg `json:"-"`
	// ZonderTarief counts the running non-contracted toewijzingen without
	// a tariff: the reserve counts nothing for them.
	ZonderTarief int `json:"lopend_zonder_tarief"`
}

// GemeenteCijfers are one municipality's figures, each summed over the
// consortia.
type GemeenteCijfers struct {
	Gemeente
	Historisch      int64 `json:"historisch_gebruik_eurocent"`
	HeeftHistorisch bool  `json:"historisch_gebruik_ingevuld"`
	// Aandeel is the share of the historical use in ten-thousandths
	// (1234 = 12,34 %), for display.
	Aandeel   int64     `json:"aandeel_historisch_gebruik_basispunten"`
	Voorschot int64     `json:"voorschot_eurocent"`
	PerMaand  [12]int64 `json:"gebruik_per_maand_eurocent"`
	// Gebruik is the actual use so far in the year.
	Gebruik int64 `json:"gebruik_eurocent"`
	// AandeelGebruik is its share of the lump sums by actual use; the
	// settlement is AandeelGebruik − Voorschot: positive the municipality
	// pays the others, negative it receives.
	AandeelGebruik int64 `json:"aandeel_naar_gebruik_eurocent"`
	Afrekening     int64 `json:"afrekening_eurocent"`
	Uitname        int64 `json:"uitname_eurocent"`
	LopendNGA      int   `json:"lopende_toewijzingen_niet_gecontracteerd"`
}

// Besteed is the cumulative actual use through month m (1–12).
func (g GemeenteCijfers) Besteed(m int) int64 {
	var s int64
	for i := 0; i < m && i < 12; i++ {
		s += g.PerMaand[i]
	}
	return s
}

// ConsortiumCijfers are one consortium's lump sum split over the
// municipalities, in the order of Overzicht.Gemeenten.
type ConsortiumCijfers struct {
	Consortium
	Voorschotten   []int64   `json:"voorschotten_eurocent"`
	Gebruik        []int64   `json:"gebruik_eurocent"`
	AandeelGebruik []int64   `json:"aandeel_naar_gebruik_eurocent"`
	Afrekening     []int64   `json:"afrekening_eurocent"`
	PerMaand       [12]int64 `json:"gebruik_per_maand_eurocent"`
	// perGemeente is the use per municipality (as Gemeenten) and month.
	perGemeente [][12]int64
}

// Totalen are the region's sums.
type Totalen struct {
	Lumpsum    int64     `json:"lumpsum_eurocent"`
	Historisch int64     `json:"historisch_gebruik_eurocent"`
	Voorschot  int64     `json:"voorschot_eurocent"`
	Gebruik    int64     `json:"gebruik_eurocent"`
	PerMaand   [12]int64 `json:"gebruik_per_maand_eurocent"`
	Afrekening int64     `json:"afrekening_eurocent"`
	Uitname    int64     `json:"uitname_eurocent"`
	LopendNGA  int       `json:"lopende_toewijzingen_niet_gecontracteerd"`
}

// Besteed is the region's cumulative actual use through month m.
func (t Totalen) Besteed(m int) int64 {
	var s int64
	for i := 0; i < m && i < 12; i++ {
		s += t.PerMaand[i]
	}
	return s
}

// Bereken computes a year's figures: per consortium its lump sum split
// into advances by historical use and, by actual use so far, into the
// shares the settlement compares them with; per municipality the sums of
// these, its actual use per month and the reserve for its running
// non-contracted care.
func Bereken(in Invoer) Overzicht {
	o := Overzicht{Jaar: in.Jaar, Peil: in.Peil, Maanden: Maanden(in.Jaar, in.Peil), Lopend: in.Lopend, Consortia: []ConsortiumCijfers{}}
	n := len(in.Gemeenten)
	hist := make([]int64, n)
	index := map[int64]int{}
	o.Gemeenten = make([]GemeenteCijfers, n)
	for i, g := range in.Gemeenten {
		index[g.ID] = i
		o.Gemeenten[i].Gemeente = g
		if h, ok := in.Historisch[g.ID]; ok {
			hist[i] = h
			o.Gemeenten[i].Historisch, o.Gemeenten[i].HeeftHistorisch = h, true
			o.Totaal.Historisch += h
		}
	}
	o.HistorischCompleet = o.Totaal.Historisch > 0
	// The share in basis points, for display only: the advances are
	// split in cents by Verdeel itself.
	if bp := Verdeel(10000, hist); bp != nil {
		for i := range o.Gemeenten {
			o.Gemeenten[i].Aandeel = bp[i]
		}
	}
	for _, c := range in.Consortia {
		cc := ConsortiumCijfers{Consortium: c, Gebruik: make([]int64, n), perGemeente: make([][12]int64, n)}
		for i, g := range in.Gemeenten {
			for m := 1; m <= o.Maanden; m++ {
				v := in.Gebruik[Sleutel{c.ID, g.ID, m}]
				cc.Gebruik[i] += v
				cc.perGemeente[i][m-1] += v
				cc.PerMaand[m-1] += v
				o.Gemeenten[i].PerMaand[m-1] += v
				o.Totaal.PerMaand[m-1] += v
			}
		}
		cc.Voorschotten = Verdeel(c.Lumpsum, hist)
		if cc.Voorschotten == nil {
			cc.Voorschotten = make([]int64, n)
		}
		// Shared by actual use; without any use yet, as the advances, so
		// that nothing is settled.
		cc.AandeelGebruik = Verdeel(c.Lumpsum, cc.Gebruik)
		if cc.AandeelGebruik == nil {
			cc.AandeelGebruik = append([]int64(nil), cc.Voorschotten...)
		}
		cc.Afrekening = make([]int64, n)
		for i := range in.Gemeenten {
			cc.Afrekening[i] = cc.AandeelGebruik[i] - cc.Voorschotten[i]
			g := &o.Gemeenten[i]
			g.Voorschot += cc.Voorschotten[i]
			g.Gebruik += cc.Gebruik[i]
			g.AandeelGebruik += cc.AandeelGebruik[i]
			g.Afrekening += cc.Afrekening[i]
		}
		o.Totaal.Lumpsum += c.Lumpsum
		o.Consortia = append(o.Consortia, cc)
	}
	for _, z := range in.Lopend {
		i, ok := index[z.GemeenteID]
		if !ok {
			continue
		}
		if !z.HeeftTarief {
			o.ZonderTarief++
		}
		o.Gemeenten[i].Uitname += Uitname(z, in.Jaar, in.Peil)
		o.Gemeenten[i].LopendNGA++
	}
	for _, g := range o.Gemeenten {
		o.Totaal.Voorschot += g.Voorschot
		o.Totaal.Gebruik += g.Gebruik
		o.Totaal.Afrekening += g.Afrekening
		o.Totaal.Uitname += g.Uitname
		o.Totaal.LopendNGA += g.LopendNGA
	}
	return o
}

// GebruikTotaal is the consortium's actual use so far in all
// municipalities together.
func (c ConsortiumCijfers) GebruikTotaal() int64 {
	var s int64
	for _, v := range c.Gebruik {
		s += v
	}
	return s
}

// Voorlopig reports whether the settlement is provisional: the year has
// not ended on the reference day.
func (o Overzicht) Voorlopig() bool { return o.Jaar >= o.Peil.Year() }
