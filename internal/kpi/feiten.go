package kpi

import "time"

// Casus is what the KPIs need of one trajectory. Dates are calendar days
// (midnight UTC); the zero time means "not (yet) recorded".
type Casus struct {
	TrajectID, ClientID int64
	Route               string
	Gemeente            int64 // the municipality of the trajectory
	Aanbieder           int64 // the provider (Toegang route) or the regievoerder (segment 1)
	Consortium          int64 // the consortium Aanbieder belongs to (0: none)
	Arrangement         int
	Geboren             time.Time

	// Segment 1: registration with the intake desk, the intake talk, the
	// start and the end of help.
	Segment1                       bool
	Aanmeldpunt                    int64
	Aangemeld, Intake, Start, Eind time.Time

	// Toegang route at the provider: the IPVA shared with it
	// (registration), its beknopt plan (after its intake talk), the
	// reported start of care. Wachtend: shared and accepted or still being
	// asked, not started.
	BijAanbieder, PlanOp, ZorgStart time.Time
	Wachtend                        bool

	Verblijven []Verblijf
}

// Verblijf is a stay of a segment-1 youth.
type Verblijf struct {
	Soort    string // behandelverblijf, hybride, gezinshuis, pleegzorg
	MetOuder bool
	Begin    time.Time
	Eind     time.Time // zero while it lasts
}

// Termijn is one deadline: an obligation with its moments.
type Termijn struct {
	Soort      string // the obligation's kind, e.g. "stap:ipva"
	Route      string
	Org        int64 // the organisation that owned it
	TrajectID  int64
	Aangemaakt time.Time
	Uiterlijk  time.Time
	Gedaan     time.Time // zero while open
}

// Feiten are the records of one region the figures are counted from.
type Feiten struct {
	Casussen  []Casus
	Termijnen []Termijn
	// Namen names the organisations (municipalities, consortia,
	// providers) that appear.
	Namen map[int64]string
	// Gemeenten and Consortia are the region's, in name order.
	Gemeenten, Consortia []int64
	// Opgegeven is each provider's own stated waiting time in weeks (the
	// Wegwijzer).
	Opgegeven map[int64]int
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dagen is the number of days from a to b.
func dagen(a, b time.Time) float64 { return b.Sub(a).Hours() / 24 }
