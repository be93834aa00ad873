package financiering

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// EersteJaar is the first year figures can be entered for: the Jeugdwet
// and its municipal funding began in 2015.
const EersteJaar = 2015

// Service reads and records the money of segment 1 for a region.
type Service struct {
	DB   *database.DB
	Orgs *organisation.Store
	Now  func() time.Time
}

// New returns the service on db with the wall clock.
func New(db *database.DB) *Service {
	return &Service{DB: db, Orgs: &organisation.Store{DB: db}, Now: time.Now}
}

// vandaag is today in the Netherlands, as a date.
func (s *Service) vandaag() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	n := now().In(kalender.Amsterdam())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// Vandaag is the service's today, for the faces' default year.
func (s *Service) Vandaag() time.Time { return s.vandaag() }

// MagInvullen reports whether p may enter a region's lump sums and
// historical use: the purchasing team or the administrator of a region.
func MagInvullen(p access.Principal) bool {
	return p.RegionID != 0 && (p.Has(access.Inkoop) || p.Has(access.Beheerder))
}

// MagZien reports whether p sees the money of a region (its own).
func MagZien(p access.Principal) bool {
	return p.RegionID != 0 && p.SeesMonitor()
}

// Jaren are the years a face offers: from EersteJaar through next year.
func (s *Service) Jaren() []int {
	var out []int
	for j := s.vandaag().Year() + 1; j >= EersteJaar; j-- {
		out = append(out, j)
	}
	return out
}

// GeldigJaar reports whether jaar is one the service accepts.
func (s *Service) GeldigJaar(jaar int) bool {
	return jaar >= EersteJaar && jaar <= s.vandaag().Year()+1
}

// JaarFout is the message for a year out of range.
func (s *Service) JaarFout() string {
	return fmt.Sprintf("Kies een jaar van %d tot en met %d.", EersteJaar, s.vandaag().Year()+1)
}

// Overzicht computes year jaar's money in p's region. A principal that does
// not see the region's figures gets access.ErrRefused; a year out of range
// invoer.Fouten on "jaar".
func (s *Service) Overzicht(ctx context.Context, p access.Principal, jaar int) (Overzicht, error) {
	if !MagZien(p) {
		return Overzicht{}, access.ErrRefused
	}
	if !s.GeldigJaar(jaar) {
		return Overzicht{}, invoer.Fouten{"jaar": s.JaarFout()}
	}
	reg, err := s.Orgs.RegionOf(ctx, p.OrgID)
	if err != nil {
		return Overzicht{}, err
	}
	in, err := s.invoer(ctx, reg.ID, jaar)
	if err != nil {
		return Overzicht{}, fmt.Errorf("money of region %d in %d: %w", reg.ID, jaar, err)
	}
	o := Bereken(in)
	o.Regio = reg.Naam
	return o, nil
}

// invoer reads what Bereken needs for region regionID and year jaar.
func (s *Service) invoer(ctx context.Context, regionID int64, jaar int) (Invoer, error) {
	in := Invoer{Jaar: jaar, Peil: s.vandaag(), Gebruik: map[Sleutel]int64{}}
	gemeenten, err := s.Orgs.ListIn(ctx, regionID, organisation.Gemeente)
	if err != nil {
		return in, err
	}
	perCBS := map[string]int64{}
	for _, g := range gemeenten {
		in.Gemeenten = append(in.Gemeenten, Gemeente{ID: g.ID, Naam: g.Name, CBS: g.CBSCode})
		if g.CBSCode != "" {
			perCBS[g.CBSCode] = g.ID
		}
	}
	consortia, err := s.Orgs.ListIn(ctx, regionID, organisation.Consortium)
	if err != nil {
		return in, err
	}
	ls, err := lumpsums(ctx, s.DB, jaar)
	if err != nil {
		return in, err
	}
	perAGB := map[string]int64{}
	for _, c := range consortia {
		l, ok := ls[c.ID]
		in.Consortia = append(in.Consortia, Consortium{ID: c.ID, Naam: c.Name, Lumpsum: l, HeeftLumpsum: ok})
		if c.AGBCode != "" {
			perAGB[c.AGBCode] = c.ID
		}
		leden, err := s.Orgs.Members(ctx, c.ID)
		if err != nil {
			return in, err
		}
		for _, m := range leden {
			if _, dubbel := perAGB[m.AGBCode]; m.AGBCode != "" && !dubbel {
				perAGB[m.AGBCode] = c.ID
			}
		}
	}
	if in.Historisch, err = historisch(ctx, s.DB, jaar); err != nil {
		return in, err
	}
	gebruik, err := declaratie.GoedgekeurdIn(ctx, s.DB, jaar)
	if err != nil {
		return in, err
	}
	for _, g := range gebruik {
		c, okc := perAGB[g.Aanbieder]
		m, okm := perCBS[g.Gemeente]
		if okc && okm {
			in.Gebruik[Sleutel{c, m, int(g.Maand.Month())}] += g.Bedrag
		}
	}
	rijen, err := lopendNGA(ctx, s.DB, regionID)
	if err != nil {
		return in, err
	}
	nummers := make([]int64, len(rijen))
	for i, r := range rijen {
		nummers[i] = r.Toewijzing
	}
	gefactureerd, err := declaratie.GoedgekeurdOp(ctx, s.DB, nummers)
	if err != nil {
		return in, err
	}
	tarieven := map[string][]declaratie.Tarief{}
	for _, r := range rijen {
		ts, ok := tarieven[r.agb]
		if !ok && r.agb != "" {
			if ts, err = declaratie.TarievenVan(ctx, s.DB, r.agb); err != nil {
				return in, err
			}
			tarieven[r.agb] = ts
		}
		z := r.LopendeZorg
		for _, t := range ts {
			if t.Categorie == r.categorie && t.Code == r.code && t.Geldig(in.Peil) {
				z.Tarief, z.HeeftTarief = t.Bedrag, true
			}
		}
		z.Gefactureerd = gefactureerd[r.Toewijzing]
		in.Lopend = append(in.Lopend, z)
	}
	return in, nil
}

// Bedrag is one amount to record: a consortium's lump sum or a
// municipality's historical use, in eurocent; nil removes it.
type Bedrag struct {
	ID     int64  `json:"id"`
	Bedrag *int64 `json:"bedrag_eurocent"`
}

// Invoerbedragen is what the region's purchasing team enters for a year;
// the web form and the API fill it alike.
type Invoerbedragen struct {
	Jaar     int      `json:"jaar"`
	Bedragen []Bedrag `json:"bedragen"`
}

// ZetLumpsums records the lump sums of consortia of p's region for a
// year. Refusals are invoer.Fouten keyed "jaar" or by the consortium's
// id; a principal that may not enter figures gets access.ErrRefused.
func (s *Service) ZetLumpsums(ctx context.Context, p access.Principal, in Invoerbedragen) error {
	return s.zetAlle(ctx, p, in, organisation.Consortium, "lumpsums", "consortium_id")
}

// ZetHistorisch records the historical use of municipalities of p's region
// that is the basis of a year's advances, as ZetLumpsums does.
func (s *Service) ZetHistorisch(ctx context.Context, p access.Principal, in Invoerbedragen) error {
	return s.zetAlle(ctx, p, in, organisation.Gemeente, "historisch_gebruik", "gemeente_id")
}

func (s *Service) zetAlle(ctx context.Context, p access.Principal, in Invoerbedragen, kind organisation.Kind, tabel, kolom string) error {
	if !MagInvullen(p) {
		return access.ErrRefused
	}
	fe := invoer.Fouten{}
	if !s.GeldigJaar(in.Jaar) {
		fe["jaar"] = s.JaarFout()
	}
	orgs, err := s.Orgs.ListIn(ctx, p.RegionID, kind)
	if err != nil {
		return err
	}
	van := map[int64]bool{}
	for _, o := range orgs {
		van[o.ID] = true
	}
	gezien := map[int64]bool{}
	for _, b := range in.Bedragen {
		key := strconv.FormatInt(b.ID, 10)
		switch {
		case !van[b.ID] && kind == organisation.Consortium:
			fe[key] = "Dit is geen samenwerkingsverband van uw regio."
		case !van[b.ID]:
			fe[key] = "Dit is geen gemeente van uw regio."
		case gezien[b.ID]:
			fe[key] = "Vul per organisatie één bedrag in."
		case b.Bedrag != nil && (*b.Bedrag < 0 || *b.Bedrag > MaxBedrag):
			fe[key] = "Vul een bedrag in van € 0,00 tot en met € " + Invulbedrag(MaxBedrag) + "."
		}
		gezien[b.ID] = true
	}
	if len(fe) > 0 {
		return fe
	}
	now := time.Now()
	if s.Now != nil {
		now = s.Now()
	}
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		for _, b := range in.Bedragen {
			if err := zet(ctx, tx, tabel, kolom, b.ID, in.Jaar, b.Bedrag, p.UserID, now); err != nil {
				return err
			}
		}
		return nil
	})
}
