package financiering

import (
	"math/big"
	"sort"
	"time"
)

// Verdeel splits totaal eurocent over the weights in proportion, in whole
// cents, by the largest-remainder method: every part first gets the whole
// cents of its exact share, and the cents left over go one each to the
// parts with the largest remainders (on a tie the larger weight first, then
// the earlier part). The parts add up to totaal exactly. With no weight
// above zero there is nothing to split by: Verdeel returns nil.
func Verdeel(totaal int64, gewichten []int64) []int64 {
	var som int64
	for _, g := range gewichten {
		if g > 0 {
			som += g
		}
	}
	if som == 0 {
		return nil
	}
	// totaal × weight can exceed int64 (a lump sum of € 100 million times
	// a use of € 100 million in cents): big integers.
	bigSom, bigTotaal := big.NewInt(som), big.NewInt(totaal)
	delen := make([]int64, len(gewichten))
	rest := make([]*big.Int, len(gewichten))
	verdeeld := int64(0)
	for i, g := range gewichten {
		if g < 0 {
			g = 0
		}
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(bigTotaal, big.NewInt(g)), bigSom, new(big.Int))
		delen[i], rest[i] = q.Int64(), r
		verdeeld += delen[i]
	}
	volgorde := make([]int, len(gewichten))
	for i := range volgorde {
		volgorde[i] = i
	}
	sort.SliceStable(volgorde, func(a, b int) bool {
		i, j := volgorde[a], volgorde[b]
		if c := rest[i].Cmp(rest[j]); c != 0 {
			return c > 0
		}
		return gewichten[i] > gewichten[j]
	})
	for k := 0; verdeeld < totaal; k++ {
		delen[volgorde[k%len(volgorde)]]++
		verdeeld++
	}
	return delen
}

// Frequencies of an assigned volume (WJ757), as package toewijzing writes
// them.
const (
	PerMaand = "4"
	Totaal   = "6"
)

// LopendeZorg is one toewijzing of non-contracted care (Niet Gecontracteerd
// Aanbod) still running: care started and not stopped, at a provider of the
// region that is not a member of any consortium.
type LopendeZorg struct {
	Toewijzing int64  // the toewijzing number
	GemeenteID int64  // the municipality that pays it
	Aanbieder  string // the provider's name
	Product    string // "50/50H22"
	Volume     int64
	Frequentie string // PerMaand or Totaal
	// Tarief is the contract tariff per unit in eurocent; HeeftTarief is
	// false when the provider has none for the product on the reference
	// day (the reserve then counts nothing for it).
	Tarief      int64
	HeeftTarief bool
	Einddatum   time.Time // the toewijzing's end; zero when open-ended
	// Gefactureerd is what was approved of its billing so far.
	Gefactureerd int64
}

// Uitname is the reserve held back in year jaar for running care z, on
// reference day peil (the package doc gives the rule): for a volume per
// month the tariff × volume × the months of jaar from peil's month through
// December (or the toewijzing's last month, when earlier); for a volume
// for the whole toewijzing what is not billed of tariff × volume. A year
// that has ended holds nothing back.
func Uitname(z LopendeZorg, jaar int, peil time.Time) int64 {
	if !z.HeeftTarief || jaar < peil.Year() {
		return 0
	}
	switch z.Frequentie {
	case PerMaand:
		eerste := 1
		if jaar == peil.Year() {
			eerste = int(peil.Month())
		}
		laatste := 12
		if !z.Einddatum.IsZero() {
			switch {
			case z.Einddatum.Year() < jaar:
				return 0
			case z.Einddatum.Year() == jaar:
				laatste = int(z.Einddatum.Month())
			}
		}
		if laatste < eerste {
			return 0
		}
		return z.Tarief * z.Volume * int64(laatste-eerste+1)
	case Totaal:
		if !z.Einddatum.IsZero() && z.Einddatum.Year() < jaar {
			return 0
		}
		return max(0, z.Tarief*z.Volume-z.Gefactureerd)
	}
	return 0
}

// Maanden is how many months of year jaar have figures on reference day
// peil: all twelve of a past year, none of a future one, and of the
// current year the months before peil's: care is billed after its month,
// so the current month has no figure yet.
func Maanden(jaar int, peil time.Time) int {
	switch {
	case jaar < peil.Year():
		return 12
	case jaar > peil.Year():
		return 0
	}
	return int(peil.Month()) - 1
}

// NaarRato is the part of a year's advance due after m months: advance ×
// m / 12 in whole cents, rounded half away from zero.
func NaarRato(voorschot int64, m int) int64 {
	n := big.NewInt(voorschot)
	n.Mul(n, big.NewInt(int64(m)))
	q, r := new(big.Int).QuoRem(n, big.NewInt(12), new(big.Int))
	out := q.Int64()
	if r2 := new(big.Int).Abs(r); r2.Int64()*2 >= 12 {
		if voorschot < 0 {
			out--
		} else {
			out++
		}
	}
	return out
}
