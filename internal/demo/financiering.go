package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/financiering"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Lump sums of this year in Noord- en Midden-Limburg (made up, in whole
// euros; the seed gives none), and each municipality's historical use as
// the basis of the advances, roughly by population.
var (
	lumpsumsNML   = []int64{5_400_000, 4_450_000}
	historischNML = map[string]int64{
		"Beesel": 305_000, "Bergen (L.)": 270_000, "Gennep": 360_000, "Horst aan de Maas": 820_000, "Peel en Maas": 795_000,
		"Venlo": 2_475_000, "Venray": 990_000, "Echt-Susteren": 610_000, "Leudal": 655_000, "Maasgouw": 445_000,
		"Nederweert": 330_000, "Roerdalen": 385_000, "Roermond": 1_435_000, "Weert": 1_165_000,
	}
)

// segment1Arrangements are what each consortium's members deliver in the
// demo billing (arrangement, intensity) with a made-up price of the whole
// arrangement in whole euros: treatment with residence, intensive.
var segment1Arrangements = []struct {
	arrangement, intensiteit int
	prijs                    int64
}{
	{9, 3, 236_000},
	{8, 4, 193_000},
}

// Financiering gives the seeded demo (Seed) Noord- en Midden-Limburg's
// year of segment-1 money; Geschiedenis does it for the demo command. It is
// not part of Seed, which every server test runs: a year of billing would
// slow each of them.
func Financiering(ctx context.Context, db *database.DB, now time.Time) error {
	return seedFinanciering(ctx, db, now, nil)
}

// seedFinanciering gives Noord- en Midden-Limburg a year of segment-1
// money through the services, unless err (of the seeding before it) is
// set: the lump sums and historical use as its purchasing team enters them
// (financiering), a year of approved billing by the consortia's members
// (declaratie: units recorded, a JW323 built and checked by the
// municipality), and non-contracted care still running at XONAR (two
// youths walked to a toewijzing and started), for which a reserve is held
// back.
func seedFinanciering(ctx context.Context, db *database.DB, now time.Time, err error) error {
	if err != nil {
		return err
	}
	w, err := NewWalker(ctx, db, now)
	if err != nil {
		return err
	}
	orgs := &organisation.Store{DB: db}
	reg, err := orgs.RegionOf(ctx, w.Orgs[OrgRegioNML])
	if err != nil {
		return err
	}
	p := w.As(w.Orgs[OrgRegioNML], access.Beheerder)
	p.RegionID = reg.ID
	svc := &financiering.Service{DB: db, Orgs: orgs, Now: func() time.Time { return now }}
	jaar := now.Year()
	ls := financiering.Invoerbedragen{Jaar: jaar}
	for i, c := range consortia {
		b := lumpsumsNML[i] * 100
		ls.Bedragen = append(ls.Bedragen, financiering.Bedrag{ID: w.Orgs[c.name], Bedrag: &b})
	}
	if err := svc.ZetLumpsums(ctx, p, ls); err != nil {
		return fmt.Errorf("demo: lump sums: %w", err)
	}
	hs := financiering.Invoerbedragen{Jaar: jaar}
	for _, m := range MunicipalitiesNML {
		b := historischNML[m.Name] * 100
		hs.Bedragen = append(hs.Bedragen, financiering.Bedrag{ID: w.Orgs[gemeente(m.Name)], Bedrag: &b})
	}
	if err := svc.ZetHistorisch(ctx, p, hs); err != nil {
		return fmt.Errorf("demo: historical use: %w", err)
	}
	if err := seedBillingNML(ctx, w, now); err != nil {
		return fmt.Errorf("demo: segment-1 billing: %w", err)
	}
	return seedNGA(ctx, w, now)
}

// demoBron is the billing source of the demo's segment-1 care: the care
// was allocated and started before the region worked on this platform, so
// its toewijzingen and starts are not in the database and billing reads
// them here.
type demoBron struct {
	tws []declaratie.Toewijzing
	lev map[int64][]declaratie.Levering
}

func (b *demoBron) Toewijzingen(_ context.Context, _ database.Querier, gemeente string, nummers []int64) (map[int64]declaratie.Toewijzing, error) {
	out := map[int64]declaratie.Toewijzing{}
	for _, t := range b.tws {
		for _, n := range nummers {
			if t.Nummer == n && t.Gemeente == gemeente {
				out[n] = t
			}
		}
	}
	return out, nil
}

func (b *demoBron) VanAanbieder(_ context.Context, _ database.Querier, aanbieder, gemeente string) ([]declaratie.Toewijzing, error) {
	var out []declaratie.Toewijzing
	for _, t := range b.tws {
		if t.Aanbieder == aanbieder && t.Gemeente == gemeente {
			out = append(out, t)
		}
	}
	return out, nil
}

func (b *demoBron) Leveringen(_ context.Context, _ database.Querier, nummers []int64) (map[int64][]declaratie.Levering, error) {
	out := map[int64][]declaratie.Levering{}
	for _, n := range nummers {
		if l, ok := b.lev[n]; ok {
			out[n] = l
		}
	}
	return out, nil
}

// bsnFrom returns the first BSN from n on that passes the 11-proof.
func bsnFrom(n int) string {
	for ; ; n++ {
		s := fmt.Sprintf("%09d", n)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(s[i]-'0') * (9 - i)
		}
		sum -= int(s[8] - '0')
		if sum%11 == 0 && s[0] != '0' {
			return s
		}
	}
}

// seedBillingNML bills, for every municipality of Noord- en
// Midden-Limburg, the segment-1 arrangements of its youths at a partner of
// each consortium that started this year before this month: the first
// half in the month care started, the second after a definitive stop (a
// third of them stopped four months later). One JW323 per provider and
// municipality, which the municipality checks and approves.
func seedBillingNML(ctx context.Context, w *Walker, now time.Time) error {
	jan := time.Date(now.Year(), time.January, 1, 0, 0, 0, 0, time.UTC)
	maand := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !maand.After(jan) {
		return nil // January: nothing billed yet this year
	}
	bron := &demoBron{lev: map[int64][]declaratie.Levering{}}
	svc := &declaratie.Service{Bron: bron, Now: func() time.Time { return now }}
	type paar struct{ agb, cbs string }
	var paren []paar
	nummer := int64(7_000_001)
	for i, m := range MunicipalitiesNML {
		for k, c := range consortia {
			// The partners take turns per municipality; the larger
			// municipalities have more youths.
			member := c.partners[(i+k)%len(c.partners)]
			ar := segment1Arrangements[k]
			code, err := arrangement.Code(ar.arrangement, ar.intensiteit)
			if err != nil {
				return err
			}
			youths := 1 + int(historischNML[m.Name]/350_000)
			for y := 0; y < youths; y++ {
				start := jan.AddDate(0, (i*5+y*3+k*7)%12, 3+y%20)
				if !start.Before(maand) {
					continue
				}
				t := declaratie.Toewijzing{Nummer: nummer, Gemeente: m.CBS, Aanbieder: member.agb, Bsn: bsnFrom(300_000_000 + int(nummer)*7),
					Categorie: arrangement.IJwArrangementCategorie, Code: code, Ingangsdatum: start,
					Omvang: ijw.Omvang{Volume: 1, Eenheid: "82", Frequentie: toewijzing.FrequentieTotaal}}
				l := declaratie.Levering{Nummer: nummer, Begindatum: start, Status: "gestart"}
				if stop := start.AddDate(0, 4, 0); y%3 == 2 && stop.Before(maand.AddDate(0, -1, 0)) {
					l.Einddatum, l.RedenBeeindiging, l.Status = stop, "31", "beeindigd"
					t.Einddatum = stop
				}
				bron.tws = append(bron.tws, t)
				bron.lev[nummer] = []declaratie.Levering{l}
				nummer++
			}
			paren = append(paren, paar{member.agb, m.CBS})
		}
	}
	// The partners' contract prices.
	err := w.DB.Do(ctx, func(tx *database.Tx) error {
		for _, c := range consortia {
			for _, member := range c.partners {
				for _, ar := range segment1Arrangements {
					code, _ := arrangement.Code(ar.arrangement, ar.intensiteit)
					if _, err := declaratie.ZetTarief(ctx, tx, declaratie.Tarief{AanbiederID: w.Orgs[member.name], Categorie: arrangement.IJwArrangementCategorie, Code: code,
						Ingangsdatum: jan.AddDate(-1, 0, 0), Bedrag: ar.prijs * 100, Eenheid: "82"}, now); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, pr := range paren {
		c, err := svc.Build(ctx, w.DB, pr.agb, pr.cbs, maand.AddDate(0, -1, 0))
		if errors.Is(err, declaratie.ErrNiets) {
			continue
		}
		if err != nil {
			return err
		}
		// The provider sent it from outside the platform: the municipality
		// receives and checks it (its JW325 finds no declaratie on the
		// provider's side here and changes nothing there).
		if err := w.DB.Do(ctx, func(tx *database.Tx) error {
			_, _, err := svc.Verwerk(ctx, tx, c.Bericht)
			return err
		}); err != nil {
			return fmt.Errorf("declaratie of %s to %s: %w", pr.agb, pr.cbs, err)
		}
	}
	return nil
}

// seedNGA walks two youths of Noord- en Midden-Limburg to care at XONAR,
// which is in no consortium, and starts it: non-contracted care still
// running, for which the municipalities hold a reserve back.
func seedNGA(ctx context.Context, w *Walker, now time.Time) error {
	xonar := w.Orgs["XONAR"]
	orgs := &organisation.Store{DB: w.DB}
	if err := orgs.SetArrangements(ctx, xonar, []int{2}); err != nil {
		return err
	}
	code, err := arrangement.Code(2, 2)
	if err != nil {
		return err
	}
	if err := w.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := declaratie.ZetTarief(ctx, tx, declaratie.Tarief{AanbiederID: xonar, Categorie: arrangement.IJwArrangementCategorie, Code: code,
			Ingangsdatum: time.Date(now.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC), Bedrag: 2_640_000, Eenheid: "82"}, now)
		return err
	}); err != nil {
		return err
	}
	saved := w.Provider
	w.Provider = xonar
	defer func() { w.Provider = saved }()
	lev := levering.New(w.Svc.Gate)
	lev.Now = func() time.Time { return now }
	for _, y := range []Youth{
		{BSN: bsnFrom(600_000_000), Given: "Sven", Family: "Janssen", Age: 15, Street: "Parade", House: "14", Postcode: "5911 CB", City: "Venlo", Municipality: "Venlo", Parent: "Ellen Janssen", MeldingDaysAgo: 20},
		{BSN: bsnFrom(600_000_100), Given: "Fenna", Family: "Gielen", Age: 13, Street: "Markt", House: "3", Postcode: "6041 EL", City: "Roermond", Municipality: "Roermond", Parent: "Rik Gielen", MeldingDaysAgo: 18},
	} {
		st, err := w.Start(ctx, traject.RouteToegang, y)
		if err != nil {
			return fmt.Errorf("NGA youth %s: %w", y.Given, err)
		}
		if err := w.To(ctx, st.TrajectoryID, traject.StepToegewezen); err != nil {
			return fmt.Errorf("NGA youth %s: %w", y.Given, err)
		}
		tw, err := toewijzing.Of(ctx, w.DB, st.TrajectoryID)
		if err != nil || tw == nil {
			return fmt.Errorf("NGA youth %s: no toewijzing: %v", y.Given, err)
		}
		if _, err := lev.Start(ctx, w.As(xonar, access.Jeugdhulpaanbieder), tw.ID, now); err != nil {
			return fmt.Errorf("NGA youth %s: start of care: %w", y.Given, err)
		}
	}
	return nil
}
