package declaratie

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

func TestEuro(t *testing.T) {
	for cents, want := range map[int64]string{0: "€ 0,00", 5: "€ 0,05", 123456: "€ 1.234,56", 100000000: "€ 1.000.000,00", -8250: "€ -82,50"} {
		if got := Euro(cents); got != want {
			t.Errorf("Euro(%d) = %q, want %q", cents, got, want)
		}
	}
}

// TestOverzicht: both sides see the month's declared, approved and
// rejected amounts; the CSV is semicolon-separated with Dutch headers and
// amounts, and names no youth.
func TestOverzicht(t *testing.T) {
	w := newWorld(t)
	w.now = day("2026-04-30")
	w.tarief("45", "45A01", 8_250, "04")
	w.f.tw = []Toewijzing{{Nummer: 1000002, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "45", Code: "45A01",
		Ingangsdatum: day("2026-03-01"), Omvang: ijw.Omvang{Volume: 10, Eenheid: "04", Frequentie: "4"}}}
	w.eenheden(1000002, "2026-03-01", 6)
	w.eenheden(1000002, "2026-04-01", 12) // over the 10 a month: rejected
	c := w.declare("2026-04-30")
	w.answer(c.Bericht)
	for _, o := range []organisation.Organisation{{Kind: organisation.Aanbieder, AGBCode: agb}, {Kind: organisation.Gemeente, CBSCode: cbs}} {
		rs, err := Overzicht(w.ctx, w.db, o, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 1 {
			t.Fatalf("%s: %d rows", o.Kind, len(rs))
		}
		r := rs[0]
		if r.Gedeclareerd != 18*8_250 || r.Goedgekeurd != 6*8_250 || r.Afgewezen != 12*8_250 || r.RegelsAfgewezen != 1 || r.Aanbieder != "De Hoeve Jeugdhulp" || r.Maand.Format("2006-01") != "2026-04" {
			t.Fatalf("%s: %+v", o.Kind, r)
		}
		var buf bytes.Buffer
		if err := SchrijfOverzichtCSV(&buf, rs); err != nil {
			t.Fatal(err)
		}
		if s := buf.String(); !strings.Contains(s, "Maand;Aanbieder;AGB-code") || !strings.Contains(s, "04-2026;De Hoeve Jeugdhulp;98000001;Gemeente Tilburg;0855;1485,00;495,00;990,00") {
			t.Fatalf("CSV:\n%s", s)
		}
		lines, err := RegelsZonderBSN(w.ctx, w.db, o, day("2026-04-01"))
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		SchrijfRegelsCSV(&buf, lines)
		if s := buf.String(); strings.Contains(s, bsn) || !strings.Contains(s, "afgewezen;9321;") {
			t.Fatalf("lines CSV:\n%s", s)
		}
	}
}
