package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
)

// Demo tariffs (made up, in eurocent) from 1 January of the seed's year:
// every arrangement code a provider delivers, priced by arrangement and
// intensity (the whole arrangement, declared half at the start and half
// after the end), and the segment-3 catalogue per unit for every provider.
var (
	arrangementBasis  = [10]int64{0, 180_000, 240_000, 320_000, 280_000, 360_000, 300_000, 420_000, 520_000, 650_000}
	intensiteitFactor = [6]int64{0, 50, 100, 175, 250, 300} // percent of the basis
	productTarief     = map[string]int64{"43A01": 31_500, "44A01": 19_800, "41A01": 9_450, "45A01": 11_200, "45A02": 10_450, "45A03": 7_600, "45A04": 4_950, "54A01": 185}
)

// seedTarieven stores the demo tariffs through package declaratie.
func seedTarieven(ctx context.Context, db *database.DB, now time.Time) error {
	start := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	catalogus := arrangement.DefaultCatalogus()
	return db.Do(ctx, func(tx *database.Tx) error {
		for _, p := range providers {
			var id int64
			if err := tx.QueryRow(ctx, "SELECT id FROM organisations WHERE agb_code = ?", p.agb).Scan(&id); err != nil {
				return fmt.Errorf("demo: provider %s: %w", p.name, err)
			}
			for _, a := range p.arrangements {
				for in := 1; in <= 5; in++ {
					code, err := arrangement.Code(a, in)
					if err != nil {
						return err
					}
					t := declaratie.Tarief{AanbiederID: id, Categorie: arrangement.IJwArrangementCategorie, Code: code, Ingangsdatum: start,
						Bedrag: arrangementBasis[a] * intensiteitFactor[in] / 100, Eenheid: "82"}
					if _, err := declaratie.ZetTarief(ctx, tx, t, now); err != nil {
						return fmt.Errorf("demo: tarief %s of %s: %w", code, p.name, err)
					}
				}
			}
			for _, pr := range catalogus {
				t := declaratie.Tarief{AanbiederID: id, Categorie: pr.Categorie, Code: pr.Code, Ingangsdatum: start, Bedrag: productTarief[pr.Code], Eenheid: pr.Eenheid}
				if _, err := declaratie.ZetTarief(ctx, tx, t, now); err != nil {
					return fmt.Errorf("demo: tarief %s of %s: %w", pr.Code, p.name, err)
				}
			}
		}
		return nil
	})
}
