package declaratie

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// benchBSN returns a BSN that passes the 11-proef, different for every
// i below 20 million.
func benchBSN(i int) string {
	for k := 0; ; k++ {
		s := strconv.Itoa(10_000_000 + i + k*20_000_000)
		sum := 0
		for j := 0; j < 8; j++ {
			sum += (9 - j) * int(s[j]-'0')
		}
		if d := sum % 11; d < 10 {
			return s + strconv.Itoa(d)
		}
	}
}

// benchMaand builds one provider's JW323 for March 2026 with n prestaties,
// one per toewijzing and client: product 45A01, 5 hours at the contract
// tariff, every 40th line at another tariff (rejected with 0611).
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
		tarief := int64(8_250)
		if i%40 == 39 {
			tarief = 8_000
		}
		p := prestatie(fmt.Sprintf("%s-%d", nummer, i+1), nr, "45", "45A01", "2026-03-01", "2026-03-31", 5, "04", tarief)
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
// Everything the check reads is in the database: 50,000 clients,
// trajectories and toewijzingen (seeded with plain INSERTs outside the
// timer), the tariffs and the lines before.
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
		gid, err := orgs.Create(ctx, organisation.Organisation{Name: "Gemeente Tilburg", Kind: organisation.Gemeente, CBSCode: cbs})
		if err != nil {
			b.Fatal(err)
		}
		for p := 0; p < providers; p++ {
			agb := fmt.Sprintf("9800%04d", 100+p)
			id, err := orgs.Create(ctx, organisation.Organisation{Name: "Aanbieder " + agb, Kind: organisation.Aanbieder, AGBCode: agb})
			if err != nil {
				b.Fatal(err)
			}
			err = db.Do(ctx, func(tx *database.Tx) error {
				if _, err := ZetTarief(ctx, tx, Tarief{AanbiederID: id, Categorie: "45", Code: "45A01", Ingangsdatum: day("2026-01-01"), Bedrag: 8_250, Eenheid: "04"}, time.Now()); err != nil {
					return err
				}
				return seedToewijzingen(ctx, tx, f.tw[p*lines:(p+1)*lines], gid, id)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		s := &Service{Bron: DBBron{}, Now: func() time.Time { return day("2026-04-03") }}
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

// seedToewijzingen writes a client, a trajectory and a toewijzing for each
// of tws, 100 rows to an INSERT.
func seedToewijzingen(ctx context.Context, tx *database.Tx, tws []Toewijzing, gemeente, aanbieder int64) error {
	now := time.Now().UTC()
	for i := 0; i < len(tws); i += 100 {
		batch := tws[i:min(i+100, len(tws))]
		var cs, ts, ws []string
		var ca, ta, wa []any
		for _, t := range batch {
			id := t.Nummer
			cs = append(cs, "(?, ?, 'Noor', 'Bos', '2014-05-01', 'Markt', '1', '5000AA', 'Tilburg', ?, ?, ?)")
			ca = append(ca, id, t.Bsn, gemeente, now, now)
			ts = append(ts, "(?, ?, 'toegang', ?, ?, '2026-01-01', 'toewijzing', ?, ?)")
			ta = append(ta, id, id, gemeente, gemeente, now, now)
			ws = append(ws, "(?, ?, ?, ?, ?, '45', '45A01', '2026-01-01', FALSE, ?)")
			wa = append(wa, id, id, t.Nummer, aanbieder, gemeente, now)
		}
		for _, q := range []struct {
			sql  string
			rows []string
			args []any
		}{
			{"INSERT INTO clients (id, bsn, given_name, family_name, birth_date, street, house_number, postcode, city, municipality_id, created_at, updated_at) VALUES ", cs, ca},
			{"INSERT INTO trajectories (id, client_id, route, municipality_id, referrer_org_id, eerste_melding, step, created_at, updated_at) VALUES ", ts, ta},
			{"INSERT INTO toewijzingen (id, trajectory_id, nummer, provider_id, municipality_id, product_category, product_code, ingangsdatum, beschikking, created_at) VALUES ", ws, wa},
		} {
			if _, err := tx.Exec(ctx, q.sql+strings.Join(q.rows, ", "), q.args...); err != nil {
				return err
			}
		}
	}
	return nil
}
