package declaratie

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// benchBSN returns the i-th BSN that passes the 11-proef, from 100000000 up.
func benchBSN(i int) string {
	for n := 100_000_000 + i*11; ; n++ {
		s := strconv.Itoa(n)
		sum := 0
		for k := 0; k < 8; k++ {
			sum += (9 - k) * int(s[k]-'0')
		}
		if d := sum % 11; d < 10 {
			return s[:8] + strconv.Itoa(d)
		}
	}
}

// benchMaand builds one provider's JW323 for March 2026 with n prestaties,
// one per toewijzing and client: product 45A01, 5 hours at the contract
// tariff, every 40th line 11 hours where 10 a month are assigned (rejected
// with 9321).
func benchMaand(agb string, n, offset int) (*ijw.JW323, []Toewijzing) {
	nummer := "DB" + agb[4:]
	m := hand(nummer, "2026-03-01")
	m.Header.Afzender = agb
	m.Header.BerichtIdentificatie.Dagtekening, m.Declaratie.DeclaratieDagtekening = "2026-04-02", "2026-04-02"
	m.Declaratie.Clienten.Client = nil
	var total int64
	tws := make([]Toewijzing, 0, n)
	for i := 0; i < n; i++ {
		bsn := benchBSN(offset + i)
		nr := int64(2_000_000 + offset + i)
		tws = append(tws, Toewijzing{Nummer: nr, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "45", Code: "45A01",
			Ingangsdatum: day("2026-01-01"), Omvang: ijw.Omvang{Volume: 10, Eenheid: "04", Frequentie: "4"}})
		vol := int64(5)
		if i%40 == 39 {
			vol = 11
		}
		p := prestatie(fmt.Sprintf("%s-%d", nummer, i+1), nr, "45", "45A01", "2026-03-01", "2026-03-31", vol, "04", 8_250)
		total += p.IngediendBedrag.Bedrag
		m.Declaratie.Clienten.Client = append(m.Declaratie.Clienten.Client, ijw.JW323Client{Bsn: bsn, Prestaties: ijw.JW323Prestaties{Prestatie: []ijw.JW323Prestatie{p}}})
	}
	m.Declaratie.TotaalIngediendBedrag = totaal(total)
	return m, tws
}

// BenchmarkCheckJW323 processes a region's month of declaraties end to
// end on the municipality's side: 10 providers × 5,000 lines = 50,000
// lines against as many toewijzingen, each JW323 decoded from its XML
// (XSD), checked (in-message, cross-message and contract rules), its lines
// stored durably and its JW325 written, in one transaction per JW323.
// Toewijzingen come from a Bron in memory (see the report of issue 14: a
// database-backed run needs 50,000 seeded trajectories); tariffs, earlier
// lines and the stored outcome are in the database.
// JEUGDHULP_BENCH_DIR=dir writes the JW323 files there for
// scripts/bench-declaratie.sh, which times xmllint on the same files.
func BenchmarkCheckJW323(b *testing.B) {
	const providers, lines = 10, 5_000
	ctx := context.Background()
	var files [][]byte
	f := &fixtures{lev: map[int64][]Levering{}}
	for p := 0; p < providers; p++ {
		agb := fmt.Sprintf("9800%04d", 100+p)
		m, tws := benchMaand(agb, lines, p*lines)
		f.tw = append(f.tw, tws...)
		raw, err := ijw.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, raw)
	}
	if dir := os.Getenv("JEUGDHULP_BENCH_DIR"); dir != "" {
		for i, raw := range files {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("jw323-%02d.xml", i+1)), raw, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := dbtest.New(b)
		orgs := &organisation.Store{DB: db}
		if _, err := orgs.Create(ctx, organisation.Organisation{Name: "Gemeente Tilburg", Kind: organisation.Gemeente, CBSCode: cbs}); err != nil {
			b.Fatal(err)
		}
		for p := 0; p < providers; p++ {
			agb := fmt.Sprintf("9800%04d", 100+p)
			id, err := orgs.Create(ctx, organisation.Organisation{Name: "Aanbieder " + agb, Kind: organisation.Aanbieder, AGBCode: agb})
			if err != nil {
				b.Fatal(err)
			}
			err = db.Do(ctx, func(tx *database.Tx) error {
				_, err := ZetTarief(ctx, tx, Tarief{AanbiederID: id, Categorie: "45", Code: "45A01", Ingangsdatum: day("2026-01-01"), Bedrag: 8_250, Eenheid: "04"}, time.Now())
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		s := &Service{Bron: f, Now: func() time.Time { return day("2026-04-03") }}
		b.StartTimer()
		for _, raw := range files {
			m, err := ijw.Decode(bytes.NewReader(raw))
			if err != nil {
				b.Fatal(err)
			}
			err = db.Do(ctx, func(tx *database.Tx) error {
				ans, _, err := s.Verwerk(ctx, tx, m.(*ijw.JW323))
				if err == nil && ans.DeclaratieAntwoord.TotaalToegekendBedrag.TotaalBedrag != (lines-lines/40)*5*8_250 {
					err = fmt.Errorf("approved %d", ans.DeclaratieAntwoord.TotaalToegekendBedrag.TotaalBedrag)
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(providers*lines), "lines/op")
}
