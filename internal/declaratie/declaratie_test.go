package declaratie

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

const (
	agb = "98000001"
	cbs = "0855"
	bsn = "999900006"
)

// fixtures is a Bron of toewijzingen and leveringen held in memory.
type fixtures struct {
	tw  []Toewijzing
	lev map[int64][]Levering
}

func (f *fixtures) Toewijzingen(_ context.Context, _ database.Querier, gemeente string, nummers []int64) (map[int64]Toewijzing, error) {
	want := make(map[int64]bool, len(nummers))
	for _, n := range nummers {
		want[n] = true
	}
	out := map[int64]Toewijzing{}
	for _, t := range f.tw {
		if t.Gemeente == gemeente && want[t.Nummer] {
			out[t.Nummer] = t
		}
	}
	return out, nil
}

func (f *fixtures) VanAanbieder(_ context.Context, _ database.Querier, aanbieder, gemeente string) ([]Toewijzing, error) {
	var out []Toewijzing
	for _, t := range f.tw {
		if t.Aanbieder == aanbieder && t.Gemeente == gemeente {
			out = append(out, t)
		}
	}
	return out, nil
}

func (f *fixtures) Leveringen(_ context.Context, _ database.Querier, nummers []int64) (map[int64][]Levering, error) {
	out := map[int64][]Levering{}
	for _, n := range nummers {
		out[n] = f.lev[n]
	}
	return out, nil
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

type world struct {
	t          *testing.T
	ctx        context.Context
	db         *database.DB
	f          *fixtures
	s          *Service
	now        time.Time
	providerID int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	db := dbtest.New(t)
	orgs := &organisation.Store{DB: db}
	pid, err := orgs.Create(ctx, organisation.Organisation{Name: "De Hoeve Jeugdhulp", Kind: organisation.Aanbieder, AGBCode: agb})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.Create(ctx, organisation.Organisation{Name: "Gemeente Tilburg", Kind: organisation.Gemeente, CBSCode: cbs}); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, ctx: ctx, db: db, f: &fixtures{lev: map[int64][]Levering{}}, providerID: pid}
	w.s = &Service{Bron: w.f, Now: func() time.Time { return w.now }}
	return w
}

func (w *world) tarief(cat, code string, bedrag int64, eenheid string) {
	w.t.Helper()
	err := w.db.Do(w.ctx, func(tx *database.Tx) error {
		_, err := ZetTarief(w.ctx, tx, Tarief{AanbiederID: w.providerID, Categorie: cat, Code: code, Ingangsdatum: day("2026-01-01"), Bedrag: bedrag, Eenheid: eenheid}, w.now)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) eenheden(nummer int64, maand string, n int64) {
	w.t.Helper()
	err := w.db.Do(w.ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(w.ctx, "INSERT INTO geleverde_eenheden (provider_id, toewijzing_nummer, maand, eenheden, updated_at) VALUES (?, ?, ?, ?, ?)", w.providerID, nummer, maand, n, w.now)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
}

// declare builds the provider's JW323 for the month on day now and sends
// it; nil when nothing is due.
func (w *world) declare(now string) *Concept {
	w.t.Helper()
	w.now = day(now).Add(12 * time.Hour)
	c, err := w.s.Build(w.ctx, w.db, agb, cbs, day(now))
	if errors.Is(err, ErrNiets) {
		return nil
	}
	if err != nil {
		w.t.Fatal(err)
	}
	err = w.db.Do(w.ctx, func(tx *database.Tx) error {
		_, _, err := w.s.Indienen(w.ctx, tx, c, berichten.Bericht{})
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	xmllintCheck(w.t, "JW323", c.Bericht)
	return c
}

// answer has the municipality check m and the provider record the JW325,
// as the exchange would deliver them; it returns the JW325.
func (w *world) answer(m *ijw.JW323) *ijw.JW325 {
	w.t.Helper()
	// Through the wire: what the municipality checks is what was sent.
	raw, err := ijw.Marshal(m)
	if err != nil {
		w.t.Fatal(err)
	}
	dm, err := ijw.Decode(bytes.NewReader(raw))
	if err != nil {
		w.t.Fatal(err)
	}
	var ans *ijw.JW325
	err = w.db.Do(w.ctx, func(tx *database.Tx) error {
		var err error
		ans, _, err = w.s.Verwerk(w.ctx, tx, dm.(*ijw.JW323))
		if err != nil {
			return err
		}
		// A hand-made JW323 was not sent by the provider's side.
		if err := w.s.HandleJW325(w.ctx, tx, berichten.Bericht{}, ans); !errors.Is(err, ErrOnbekend) {
			return err
		}
		return nil
	})
	if err != nil {
		w.t.Fatal(err)
	}
	if fs := ijw.Validate(ans); len(fs) > 0 {
		w.t.Fatalf("JW325 breaks %s: %s", fs[0].Rule.Code, fs[0].Msg)
	}
	xmllintCheck(w.t, "JW325", ans)
	return ans
}

func (w *world) regels(kant string) []Regel {
	w.t.Helper()
	rs, err := regelsVan(w.ctx, w.db, kant, agb, cbs)
	if err != nil {
		w.t.Fatal(err)
	}
	return rs
}

func xmllintCheck(t *testing.T, typ string, m ijw.Message) {
	t.Helper()
	raw, err := ijw.Marshal(m)
	if err != nil {
		t.Fatalf("%s: %v", typ, err)
	}
	xsd, _ := filepath.Abs("../ijw/testdata/xsd/" + typ + ".xsd")
	bin, err := exec.LookPath("xmllint")
	if _, serr := os.Stat(xsd); err != nil || serr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: xmllint or %s missing", xsd)
		}
		t.Logf("xmllint-controle overgeslagen: xmllint of de XSD ontbreekt")
		return
	}
	f := filepath.Join(t.TempDir(), typ+".xml")
	os.WriteFile(f, raw, 0o644)
	if out, err := exec.Command(bin, "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
		t.Fatalf("xmllint rejects the %s: %s", typ, out)
	}
}

func arrangement(nummer int64) Toewijzing {
	return Toewijzing{Nummer: nummer, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "50", Code: "50H42",
		Ingangsdatum: day("2026-03-01"), Einddatum: day("2026-12-31"), Omvang: ijw.Omvang{Volume: 1, Eenheid: "82", Frequentie: "6"}}
}

// TestArrangementFiftyFifty: start in March → 50 % in March's
// declaration; a temporary stop and a restart declare nothing; the
// definitive stop in July → the other 50 % in August's; never more.
func TestArrangementFiftyFifty(t *testing.T) {
	w := newWorld(t)
	w.tarief("50", "50H42", 1_000_001, "82")
	w.f.tw = []Toewijzing{arrangement(1000001)}
	w.f.lev[1000001] = []Levering{{Nummer: 1000001, Begindatum: day("2026-03-10"), Status: "gestart"}}

	if c := w.declare("2026-02-27"); c != nil {
		t.Fatalf("February declares %d lines before care started", len(c.Regels))
	}
	march := w.declare("2026-03-31")
	if march == nil || len(march.Regels) != 1 {
		t.Fatalf("March: want the first half, got %+v", march)
	}
	p := march.Bericht.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0]
	if p.IngediendBedrag.Bedrag != 500_000 || p.ProductPeriode.Begindatum != "2026-03-01" || p.ProductPeriode.Einddatum != "2026-03-31" || *p.ProductTarief != 500_000 || p.GeleverdVolume != 1 {
		t.Fatalf("March line: %+v", p)
	}
	if tot := march.Bericht.Declaratie.TotaalIngediendBedrag; tot.TotaalBedrag != 500_000 || tot.DebetCredit != "D" {
		t.Fatalf("March total %+v", tot)
	}
	if a := w.answer(march.Bericht); a.DeclaratieAntwoord.RetourCodes.RetourCode[0] != ijw.CodeVolledigToegekend {
		t.Fatalf("March answer %+v", a.DeclaratieAntwoord)
	}
	if c := w.declare("2026-04-30"); c != nil {
		t.Fatal("April declares again")
	}
	// Temporary stop in May, restart in June: nothing new.
	w.f.lev[1000001] = []Levering{
		{Nummer: 1000001, Begindatum: day("2026-03-10"), Einddatum: day("2026-05-15"), RedenBeeindiging: "20", Status: "tijdelijk_gestopt"},
		{Nummer: 1000001, Begindatum: day("2026-06-01"), Status: "gestart"},
	}
	for _, d := range []string{"2026-05-31", "2026-06-30"} {
		if c := w.declare(d); c != nil {
			t.Fatalf("%s: a temporary stop and restart declared %d lines", d, len(c.Regels))
		}
	}
	// Definitive stop on 20 July: July's declaration has nothing, August's
	// the second half with July as its period.
	w.f.lev[1000001][1] = Levering{Nummer: 1000001, Begindatum: day("2026-06-01"), Einddatum: day("2026-07-20"), RedenBeeindiging: "31", Status: "beeindigd"}
	if c := w.declare("2026-07-31"); c != nil {
		t.Fatal("July declares the second half before the month after the stop")
	}
	aug := w.declare("2026-08-31")
	if aug == nil || len(aug.Regels) != 1 {
		t.Fatalf("August: want the second half, got %+v", aug)
	}
	p = aug.Bericht.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0]
	if p.IngediendBedrag.Bedrag != 500_001 || p.ProductPeriode.Begindatum != "2026-07-01" || aug.Bericht.Declaratie.DeclaratiePeriode.Begindatum != "2026-08-01" {
		t.Fatalf("August line: %+v", p)
	}
	w.answer(aug.Bericht)
	for _, d := range []string{"2026-09-30", "2026-12-31"} {
		if c := w.declare(d); c != nil {
			t.Fatalf("%s: declared after 100 %%", d)
		}
	}
	var paid int64
	for _, r := range w.regels(KantGemeente) {
		if r.Status == Goedgekeurd {
			paid += r.Signed()
		}
	}
	if paid != 1_000_001 {
		t.Fatalf("paid %d, want exactly the tariff 1000001", paid)
	}
	for _, r := range w.regels(KantAanbieder) {
		if r.Status != Goedgekeurd {
			t.Fatalf("provider's line %s is %s", r.Referentie, r.Status)
		}
	}
}

// TestProductsUnitsTimesTariff: a product is declared monthly as the
// recorded units × the contract tariff, each month once.
func TestProductsUnitsTimesTariff(t *testing.T) {
	w := newWorld(t)
	w.tarief("45", "45A01", 8_250, "04")
	w.f.tw = []Toewijzing{{Nummer: 1000002, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "45", Code: "45A01",
		Ingangsdatum: day("2026-03-15"), Einddatum: day("2026-12-31"), Omvang: ijw.Omvang{Volume: 10, Eenheid: "04", Frequentie: "4"}}}
	w.eenheden(1000002, "2026-03-01", 6)
	w.eenheden(1000002, "2026-04-01", 9)
	c := w.declare("2026-04-30")
	if c == nil || len(c.Regels) != 2 {
		t.Fatalf("want March and April, got %+v", c)
	}
	ps := c.Bericht.Declaratie.Clienten.Client[0].Prestaties.Prestatie
	if ps[0].ProductPeriode.Begindatum != "2026-03-15" || ps[0].IngediendBedrag.Bedrag != 6*8_250 || ps[1].IngediendBedrag.Bedrag != 9*8_250 || ps[1].Eenheid != "04" {
		t.Fatalf("lines %+v", ps)
	}
	if tot := c.Bericht.Declaratie.TotaalIngediendBedrag.TotaalBedrag; tot != 15*8_250 {
		t.Fatalf("total %d", tot)
	}
	w.answer(c.Bericht)
	w.eenheden(1000002, "2026-05-01", 11) // more than the 10 per month assigned
	may := w.declare("2026-05-31")
	if may == nil || len(may.Regels) != 1 {
		t.Fatalf("May: %+v", may)
	}
	a := w.answer(may.Bericht)
	if got := a.DeclaratieAntwoord.Clienten.Client[0].Prestaties.Prestatie[0].RetourCodes.RetourCode[0]; got != "9321" {
		t.Fatalf("11 hours where 10 a month are assigned: %s, want 9321", got)
	}
}

// TestCredit: a marked approved line is credited as iJw asks (identical,
// new ReferentieNummer, VorigReferentieNummer, C) together with a new
// debit for the corrected units; totals are debit minus credit.
func TestCredit(t *testing.T) {
	w := newWorld(t)
	w.tarief("45", "45A01", 8_250, "04")
	w.f.tw = []Toewijzing{{Nummer: 1000002, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "45", Code: "45A01",
		Ingangsdatum: day("2026-03-01"), Einddatum: day("2026-12-31"), Omvang: ijw.Omvang{Volume: 20, Eenheid: "04", Frequentie: "4"}}}
	w.eenheden(1000002, "2026-03-01", 6)
	march := w.declare("2026-03-31")
	w.answer(march.Bericht)
	ref := march.Regels[0].Referentie
	err := w.db.Do(w.ctx, func(tx *database.Tx) error {
		if err := Crediteer(w.ctx, tx, agb, ref); err != nil {
			return err
		}
		_, err := tx.Exec(w.ctx, "UPDATE geleverde_eenheden SET eenheden = 4")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	apr := w.declare("2026-04-30")
	if apr == nil || len(apr.Regels) != 2 {
		t.Fatalf("April: want a credit and a new debit, got %+v", apr)
	}
	cr, db := apr.Regels[0], apr.Regels[1]
	if cr.DebetCredit != "C" || cr.VorigeReferentie != ref || cr.Bedrag != 6*8_250 || cr.Referentie == ref || db.DebetCredit != "D" || db.Bedrag != 4*8_250 {
		t.Fatalf("credit %+v debit %+v", cr, db)
	}
	if tot := apr.Bericht.Declaratie.TotaalIngediendBedrag; tot.TotaalBedrag != 2*8_250 || tot.DebetCredit != "C" {
		t.Fatalf("total %+v, want C 16500", tot)
	}
	a := w.answer(apr.Bericht)
	if a.DeclaratieAntwoord.RetourCodes.RetourCode[0] != ijw.CodeVolledigToegekend {
		t.Fatalf("credit and new debit: %+v", a.DeclaratieAntwoord)
	}
	for _, r := range w.regels(KantGemeente) {
		if r.Referentie == ref && r.Status != Gecrediteerd {
			t.Fatalf("credited debit is %s", r.Status)
		}
	}
	for _, r := range w.regels(KantAanbieder) {
		if r.Referentie == ref && r.Status != Gecrediteerd {
			t.Fatalf("provider: credited debit is %s", r.Status)
		}
	}
}

// hand builds a JW323 by hand with the given prestaties for one client.
func hand(nummer, maand string, ps ...ijw.JW323Prestatie) *ijw.JW323 {
	m := eersteVan(day(maand))
	var total int64
	for _, p := range ps {
		if p.IngediendBedrag.DebetCredit == "C" {
			total -= p.IngediendBedrag.Bedrag
		} else {
			total += p.IngediendBedrag.Bedrag
		}
	}
	return &ijw.JW323{
		Header: ijw.JW323Header{BerichtCode: "490", BerichtVersie: 3, BerichtSubversie: 2, Afzender: agb, Ontvanger: cbs,
			BerichtIdentificatie: ijw.BerichtIdentificatie{Identificatie: nummer, Dagtekening: "2026-11-30"},
			XsdVersie:            ijw.XsdVersie{BasisschemaXsdVersie: "0.1.0", BerichtXsdVersie: "0.1.0"}},
		Declaratie: ijw.JW323Declaratie{DeclaratieNummer: nummer,
			DeclaratiePeriode:     ijw.GeslotenPeriode{Begindatum: ijw.NewDate(m), Einddatum: ijw.NewDate(laatsteVan(m))},
			DeclaratieDagtekening: "2026-11-30", TotaalIngediendBedrag: totaal(total),
			Clienten: ijw.JW323Clienten{Client: []ijw.JW323Client{{Bsn: bsn, Prestaties: ijw.JW323Prestaties{Prestatie: ps}}}}},
	}
}

func prestatie(ref string, nummer int64, cat, code, begin, end string, vol int64, eenheid string, tarief int64) ijw.JW323Prestatie {
	return ijw.JW323Prestatie{ProductReferentie: ijw.Referentie{ReferentieNummer: ref}, ToewijzingNummer: nummer, ProductCategorie: cat, ProductCode: code,
		ProductPeriode: ijw.GeslotenPeriode{Begindatum: ijw.Date(begin), Einddatum: ijw.Date(end)}, GeleverdVolume: vol, Eenheid: eenheid,
		ProductTarief: &tarief, IngediendBedrag: ijw.BedragMetDC{Bedrag: vol * tarief, DebetCredit: "D"}}
}

// credit turns p into a credit of the line with reference vorige.
func credit(p ijw.JW323Prestatie, vorige string) ijw.JW323Prestatie {
	p.ProductReferentie.VorigReferentieNummer, p.IngediendBedrag.DebetCredit = vorige, "C"
	return p
}

// TestCheckEachKindOfLine: the municipality approves good lines and
// rejects each kind of bad one with its retourcode, names only the
// rejected ones in the JW325, and records every line.
func TestCheckEachKindOfLine(t *testing.T) {
	w := newWorld(t)
	w.now = day("2026-11-30").Add(12 * time.Hour)
	w.tarief("50", "50H42", 1_000_000, "82")
	w.tarief("45", "45A01", 8_250, "04")
	prod := Toewijzing{Nummer: 1000002, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "45", Code: "45A01",
		Ingangsdatum: day("2026-03-01"), Einddatum: day("2026-12-31"), Omvang: ijw.Omvang{Volume: 10, Eenheid: "04", Frequentie: "4"}}
	closed := arrangement(1000003)
	w.f.tw = []Toewijzing{arrangement(1000001), prod, closed}
	w.f.lev[1000003] = []Levering{{Nummer: 1000003, Begindatum: day("2026-03-02"), Einddatum: day("2026-09-10"), RedenBeeindiging: "31", Status: "beeindigd"}}

	// First: both halves of 1000001 approved, March of the product approved.
	first := hand("DEERST1", "2026-10-01",
		prestatie("E1", 1000001, "50", "50H42", "2026-03-01", "2026-03-31", 1, "82", 500_000),
		prestatie("E2", 1000001, "50", "50H42", "2026-07-01", "2026-07-31", 1, "82", 500_000),
		prestatie("E3", 1000002, "45", "45A01", "2026-03-01", "2026-03-31", 5, "04", 8_250),
	)
	if a := w.answer(first); a.DeclaratieAntwoord.RetourCodes.RetourCode[0] != ijw.CodeVolledigToegekend {
		t.Fatalf("good lines: %+v", a.DeclaratieAntwoord)
	}

	cases := []struct {
		name string
		p    ijw.JW323Prestatie
		want string
	}{
		{"good product line", prestatie("G1", 1000002, "45", "45A01", "2026-04-01", "2026-04-30", 5, "04", 8_250), ""},
		{"unknown toewijzing", prestatie("B1", 1999999, "45", "45A01", "2026-04-01", "2026-04-30", 5, "04", 8_250), "9338"},
		{"before the toewijzing", prestatie("B2", 1000002, "45", "45A01", "2026-02-01", "2026-02-28", 5, "04", 8_250), "9307"},
		{"other product", prestatie("B3", 1000002, "45", "45A02", "2026-05-01", "2026-05-31", 5, "04", 8_250), "9340"},
		{"not the contract tariff", prestatie("B4", 1000002, "45", "45A01", "2026-06-01", "2026-06-30", 5, "04", 9_000), "0611"},
		{"more than assigned per month", prestatie("B5", 1000002, "45", "45A01", "2026-07-01", "2026-07-31", 12, "04", 8_250), "9321"},
		{"other unit", prestatie("B6", 1000002, "45", "45A01", "2026-08-01", "2026-08-31", 300, "01", 138), "9341"},
		{"double claim", prestatie("B7", 1000002, "45", "45A01", "2026-03-01", "2026-03-31", 5, "04", 8_250), "9389"},
		{"reference used before", prestatie("E3", 1000002, "45", "45A01", "2026-09-01", "2026-09-30", 5, "04", 8_250), "8021"},
		{"arrangement over 100 %", prestatie("B8", 1000001, "50", "50H42", "2026-10-01", "2026-10-31", 1, "82", 500_000), "9322"},
		{"credit of a debit never approved", credit(prestatie("C1", 1000002, "45", "45A01", "2026-03-01", "2026-03-31", 5, "04", 8_250), "ONBEKEND"), "8017"},
		{"garantie after the end of care", prestatie("B9", 1000003, "50", "50H42", "2026-10-01", "2026-10-31", 1, "82", 500_000), "9322"},
	}
	var ps []ijw.JW323Prestatie
	for _, c := range cases {
		ps = append(ps, c.p)
	}
	a := w.answer(hand("DTWEEDE1", "2026-10-01", ps...))
	got := map[string]string{}
	if a.DeclaratieAntwoord.Clienten != nil {
		for _, c := range a.DeclaratieAntwoord.Clienten.Client {
			for _, p := range c.Prestaties.Prestatie {
				got[p.ProductReferentie.ReferentieNummer] = strings.Join(p.RetourCodes.RetourCode, ",")
			}
		}
	}
	var lines []Regel
	for _, r := range w.regels(KantGemeente) {
		if r.DeclaratieID == 2 {
			lines = append(lines, r)
		}
	}
	if len(lines) != len(cases) {
		t.Fatalf("%d lines recorded, want %d", len(lines), len(cases))
	}
	for i, c := range cases {
		ref := c.p.ProductReferentie.ReferentieNummer
		if c.want == "" {
			if _, named := got[ref]; named || lines[i].Status != Goedgekeurd {
				t.Errorf("%s: named %q, recorded %s", c.name, got[ref], lines[i].Status)
			}
			continue
		}
		if !strings.HasPrefix(got[ref], c.want) {
			t.Errorf("%s: retourcode %q, want %s", c.name, got[ref], c.want)
		}
		if lines[i].Status != Afgewezen || !strings.HasPrefix(lines[i].Retourcode, c.want) || lines[i].Reden == "" {
			t.Errorf("%s: recorded %+v", c.name, lines[i])
		}
	}
	if !strings.Contains(lines[len(lines)-1].Reden, "Garantie") {
		t.Errorf("garantie line's reason: %q", lines[len(lines)-1].Reden)
	}
	da := a.DeclaratieAntwoord
	if da.TotaalToegekendBedrag.TotaalBedrag != 5*8_250 {
		t.Errorf("approved %d, want the one good line", da.TotaalToegekendBedrag.TotaalBedrag)
	}
}

// TestDeclaratieNumberOnce: a second JW323 with a used DeclaratieNummer is
// rejected as a whole (9333).
func TestDeclaratieNumberOnce(t *testing.T) {
	w := newWorld(t)
	w.now = day("2026-11-30")
	w.tarief("45", "45A01", 8_250, "04")
	w.f.tw = []Toewijzing{{Nummer: 1000002, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "45", Code: "45A01",
		Ingangsdatum: day("2026-03-01"), Omvang: ijw.Omvang{Volume: 10, Eenheid: "04", Frequentie: "4"}}}
	w.answer(hand("DX1", "2026-04-01", prestatie("X1", 1000002, "45", "45A01", "2026-04-01", "2026-04-30", 5, "04", 8_250)))
	m := hand("DX1", "2026-05-01", prestatie("X2", 1000002, "45", "45A01", "2026-05-01", "2026-05-31", 5, "04", 8_250))
	m.Header.BerichtIdentificatie.Identificatie = "DX2"
	a := w.answer(m)
	if a.DeclaratieAntwoord == nil || a.DeclaratieAntwoord.RetourCodes.RetourCode[0] != "9333" || a.DeclaratieAntwoord.TotaalToegekendBedrag.TotaalBedrag != 0 {
		t.Fatalf("answer %+v", a.DeclaratieAntwoord)
	}
}

func TestHelften(t *testing.T) {
	for _, tf := range []int64{0, 1, 2, 999, 1_000_001} {
		a, b := Helften(tf)
		if a+b != tf || b-a > 1 || a > b {
			t.Errorf("Helften(%d) = %d, %d", tf, a, b)
		}
	}
}

// TestUnitsCorrectedAreCredited: units recorded again for a month that was
// approved with another count are credited and declared anew in the next
// declaratie.
func TestUnitsCorrectedAreCredited(t *testing.T) {
	w := newWorld(t)
	w.tarief("45", "45A01", 8_250, "04")
	tw := Toewijzing{Nummer: 1000002, Gemeente: cbs, Aanbieder: agb, Bsn: bsn, Categorie: "45", Code: "45A01",
		Ingangsdatum: day("2026-01-01"), Omvang: ijw.Omvang{Volume: 20, Eenheid: "04", Frequentie: "4"}}
	w.f.tw = []Toewijzing{tw}
	units := func(n int64) {
		t.Helper()
		err := w.db.Do(w.ctx, func(tx *database.Tx) error {
			return LegEenhedenVast(w.ctx, tx, w.providerID, 1000002, day("2026-03-01"), n, w.now)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var gemeente int64
	if err := w.db.QueryRow(w.ctx, "SELECT id FROM organisations WHERE cbs_code = ?", cbs).Scan(&gemeente); err != nil {
		t.Fatal(err)
	}
	if err := w.db.Do(w.ctx, func(tx *database.Tx) error { return seedToewijzingen(w.ctx, tx, w.f.tw, gemeente, w.providerID) }); err != nil {
		t.Fatal(err)
	}
	err := w.db.Do(w.ctx, func(tx *database.Tx) error {
		return LegEenhedenVast(w.ctx, tx, w.providerID, 1999999, day("2026-03-01"), 1, w.now)
	})
	if !errors.Is(err, ErrNietVanAanbieder) {
		t.Fatalf("units on another provider's toewijzing: %v", err)
	}
	units(6)
	w.answer(w.declare("2026-03-31").Bericht)
	units(6) // the same count: nothing to correct
	if c := w.declare("2026-04-30"); c != nil {
		t.Fatalf("April declares %d lines for an unchanged count", len(c.Regels))
	}
	units(4)
	may := w.declare("2026-05-31")
	if may == nil || len(may.Regels) != 2 || may.Regels[0].DebetCredit != "C" || may.Regels[0].Volume != 6 || may.Regels[1].Volume != 4 {
		t.Fatalf("May: want the credit of 6 hours and a debit of 4, got %+v", may)
	}
	w.answer(may.Bericht)
	rs, err := Overzicht(w.ctx, w.db, organisation.Organisation{Kind: organisation.Gemeente, CBSCode: cbs}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var approved int64
	for _, r := range rs {
		approved += r.Goedgekeurd
	}
	if approved != 4*8_250 {
		t.Fatalf("approved over the months %d, want 4 hours", approved)
	}
}
