package ijw

import (
	"slices"
	"strings"
	"testing"
)

// cleanExample returns the decoded example of typ with the defects the
// standard's examples are known to have (SPEC.md §12) repaired, so that it
// passes every in-message rule.
func cleanExample(t testing.TB, typ MessageType) Message {
	t.Helper()
	m := decodeExample(t, typ)
	switch m := m.(type) {
	case *JW317:
		m.Client.Verzoek.NieuweProducten.NieuwProduct[0].Einddatum = "2027-02-28"
	case *JW323:
		ps := m.Declaratie.Clienten.Client[1].Prestaties.Prestatie
		ps[2].ProductReferentie.ReferentieNummer = "RN005"
	}
	return m
}

func ptr[T any](v T) *T { return &v }

func hasRule(fs []Finding, code string) bool {
	return slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule.Code == code })
}

func TestCleanExamplesPassRules(t *testing.T) {
	for _, typ := range allTypes() {
		if fs := Validate(cleanExample(t, typ)); len(fs) > 0 {
			t.Errorf("%s: %v", typ, fs)
		}
	}
}

// ruleCases breaks each in-message rule on a clean example. The clean
// example is the passing case; the broken one must report the rule.
var ruleCases = []struct {
	code   string
	typ    MessageType
	break_ func(m Message)
}{
	{"CS002", TypeJW301, func(m Message) { m.(*JW301).Client.Bsn = "999900007" }},
	{"CS002", TypeJW323, func(m Message) { m.(*JW323).Declaratie.Clienten.Client[1].Bsn = "123456789" }},
	{"CS002", TypeJW325, func(m Message) { m.(*JW325).DeclaratieAntwoord.Clienten.Client[0].Bsn = "123456789" }},
	{"TR002", TypeJW305, func(m Message) { m.(*JW305).Client.Geboortedatum.Datum = "1906-04-14" }},
	{"CS139", TypeJW307, func(m Message) { m.(*JW307).Client.Geboortedatum.DatumGebruik = "3" }},
	{"TR101", TypeJW301, func(m Message) {
		tp := m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct
		tp[1].ToewijzingNummer = tp[0].ToewijzingNummer
	}},
	{"TR101", TypeJW305, func(m Message) {
		sp := &m.(*JW305).Client.StartProducten
		sp.StartProduct = append(sp.StartProduct, sp.StartProduct[0])
	}},
	{"TR101", TypeJW317, func(m Message) {
		o := &m.(*JW317).Client.Verzoek.OngewijzigdeProducten.OngewijzigdProduct
		*o = append(*o, (*o)[0])
	}},
	{"CS003", TypeJW301, func(m Message) {
		p := &m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct[0]
		p.Einddatum = p.Ingangsdatum.AddDays(-1)
	}},
	{"CS003", TypeJW315, func(m Message) {
		m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[0].ToewijzingEinddatum = "2026-03-31"
	}},
	{"TR302", TypeJW301, func(m Message) {
		tp := m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct
		tp[1].Product = &Product{Categorie: tp[0].Product.Categorie}
	}},
	{"CS335", TypeJW301, func(m Message) {
		m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct[0].RedenWijziging = "13"
	}},
	{"CS336", TypeJW301, func(m Message) {
		m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct[0].RedenWijziging = "01"
	}},
	{"CD041", TypeJW315, func(m Message) { m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[0].Omvang = nil }},
	{"CD077", TypeJW301, func(m Message) {
		m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct[0].Budget = ptr[int64](1000)
	}},
	{"CD079", TypeJW317, func(m Message) { m.(*JW317).Client.Verzoek.NieuweProducten.NieuwProduct[0].Product = nil }},
	{"CD080", TypeJW315, func(m Message) {
		m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[0].Product.Code = ""
	}},
	{"CD075", TypeJW315, func(m Message) {
		p := &m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[0]
		p.Omvang, p.Product, p.Budget, p.ToewijzingEinddatum = nil, nil, ptr[int64](50000), ""
	}},
	{"CD076", TypeJW317, func(m Message) {
		p := &m.(*JW317).Client.Verzoek.NieuweProducten.NieuwProduct[0]
		p.Omvang.Frequentie, p.Einddatum = "2", ""
	}},
	{"CS338", TypeJW301, func(m Message) {
		p := &m.(*JW301).Client.ToegewezenProducten.ToegewezenProduct[0]
		p.Omvang = &Omvang{Volume: 1, Eenheid: "14", Frequentie: "1"}
		p.Budget = nil
	}},
	{"TR061", TypeJW301, func(m Message) {
		for i := range m.(*JW301).Client.Contactgegevens.Contact {
			m.(*JW301).Client.Contactgegevens.Contact[i].Soort = "04"
		}
	}},
	{"TR006", TypeJW301, func(m Message) {
		k := &m.(*JW301).Client.Contactgegevens.Contact[0]
		k.Telefoon, k.Adres.Postcode = nil, ""
	}},
	{"CS058", TypeJW305, func(m Message) { m.(*JW305).Client.StartProducten.StartProduct[0].StatusAanlevering = "2" }},
	{"CS058", TypeJW307, func(m Message) { m.(*JW307).Client.StopProducten.StopProduct[1].StatusAanlevering = "9" }},
	{"TR018", TypeJW307, func(m Message) { m.(*JW307).Client.StopProducten.StopProduct[0].Einddatum = "2026-04-02" }},
	{"TR383", TypeJW315, func(m Message) {
		ps := m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct
		ps[1].ReferentieAanbieder = ps[0].ReferentieAanbieder
	}},
	{"TR386", TypeJW315, func(m Message) {
		ps := m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct
		ps[1].Product = &Product{Categorie: ps[0].Product.Categorie, Code: ps[0].Product.Code}
	}},
	{"CD043", TypeJW315, func(m Message) {
		m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[0].BeschikkingIngangsdatum = ""
	}},
	{"CD068", TypeJW315, func(m Message) {
		m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[0].Verwijzer.ZorgverlenerCode = "12345678"
	}},
	{"CD066", TypeJW315, func(m Message) {
		m.(*JW315).Client.AangevraagdeProducten.AangevraagdProduct[1].Verwijzer.ZorgverlenerCode = ""
	}},
	{"TR352", TypeJW317, func(m Message) { m.(*JW317).Client.Verzoek.OngewijzigdeProducten = nil }},
	{"TR353", TypeJW317, func(m Message) { m.(*JW317).Client.Verzoek.NieuweProducten = nil }},
	{"TR410", TypeJW317, func(m Message) {
		n := &m.(*JW317).Client.Verzoek.NieuweProducten.NieuwProduct
		*n = append(*n, (*n)[0])
	}},
	{"CD085", TypeJW319, func(m Message) {
		a := &m.(*JW319).Antwoord
		a.RedenAfwijzingVerzoek, a.Woonplaatsbeginsel = "", nil
	}},
	{"TR377", TypeJW319, func(m Message) { m.(*JW319).Antwoord.RedenAfwijzingVerzoek = "5" }},
	{"CS340", TypeJW323, func(m Message) { m.(*JW323).Declaratie.DeclaratiePeriode.Einddatum = "2026-04-29" }},
	{"CS100", TypeJW323, func(m Message) {
		d := &m.(*JW323).Declaratie
		d.DeclaratiePeriode = GeslotenPeriode{Begindatum: "2020-12-01", Einddatum: "2020-12-31"}
	}},
	{"CS325", TypeJW323, func(m Message) {
		p := &m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0]
		p.IngediendBedrag = BedragMetDC{Bedrag: 0, DebetCredit: "C"}
	}},
	{"TR358", TypeJW323, func(m Message) { m.(*JW323).Declaratie.TotaalIngediendBedrag.TotaalBedrag++ }},
	{"TR101-323", TypeJW323, func(m Message) {
		ps := m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie
		ps[1].ProductReferentie.ReferentieNummer = ps[0].ProductReferentie.ReferentieNummer
	}},
	{"TR315", TypeJW323, func(m Message) {
		for _, c := range m.(*JW323).Declaratie.Clienten.Client {
			for i := range c.Prestaties.Prestatie {
				c.Prestaties.Prestatie[i].ProductReferentie.VorigReferentieNummer = "OUD1"
			}
		}
	}},
	{"TR316", TypeJW323, func(m Message) {
		ps := m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie
		ps[1].ProductReferentie.VorigReferentieNummer = ps[0].ProductReferentie.ReferentieNummer
		ps[1].IngediendBedrag.DebetCredit = "C"
	}},
	{"CD060", TypeJW323, func(m Message) {
		m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].IngediendBedrag.DebetCredit = "C"
	}},
	{"CS337", TypeJW323, func(m Message) {
		m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductPeriode.Begindatum = "2026-03-31"
	}},
	{"TR319", TypeJW323, func(m Message) {
		m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductPeriode = GeslotenPeriode{"2026-05-01", "2026-05-31"}
	}},
	{"TR335", TypeJW323, func(m Message) {
		m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductPeriode = GeslotenPeriode{"2021-04-01", "2021-04-30"}
	}},
	{"CD087", TypeJW323, func(m Message) {
		m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductTarief = nil
	}},
	{"CS339", TypeJW323, func(m Message) {
		p := &m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0]
		p.Eenheid, p.ProductTarief = "83", nil
	}},
	{"TR346", TypeJW323, func(m Message) {
		m.(*JW323).Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].GeleverdVolume = 5
	}},
	{"TR342", TypeJW325, func(m Message) { m.(*JW325).DeclaratieAntwoord.TotaalToegekendBedrag.TotaalBedrag = 1 }},
	{"TR342", TypeJW325, func(m Message) {
		a := m.(*JW325).DeclaratieAntwoord
		a.RetourCodes.RetourCode = []string{"9333"}
		a.Clienten = nil
	}},
}

func TestInMessageRules(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		covered[tc.code] = true
		t.Run(tc.code+"/"+string(tc.typ), func(t *testing.T) {
			m := cleanExample(t, tc.typ)
			if hasRule(Validate(m), tc.code) {
				t.Fatalf("schoon voorbeeld meldt al %s", tc.code)
			}
			tc.break_(m)
			fs := Validate(m)
			if !hasRule(fs, tc.code) {
				t.Fatalf("%s niet gemeld; wel: %v", tc.code, fs)
			}
			for _, f := range fs {
				if f.Rule.Code == tc.code {
					if f.Rule.Retour != "0001" || f.Rule.Level != LevelXSLT || f.Msg == "" || f.Path == "" {
						t.Errorf("bevinding onvolledig: %+v", f)
					}
				}
			}
			// The rule also makes the retour a header-only 0001 retour.
			if rt := RetourType(tc.typ); rt != "" {
				r, err := Retour(m, RetourOptions{Findings: fs})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := Marshal(r); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	for _, r := range inMessageRules {
		if !covered[r.Code] {
			t.Errorf("regel %s heeft geen test", r.Code)
		}
	}
}

func TestValidBSN(t *testing.T) {
	for _, tt := range []struct {
		bsn string
		ok  bool
	}{{"123456782", true}, {"999900006", true}, {"999900018", true}, {"999900007", false}, {"12345678", false}, {"12345678a", false}, {"000000000", true}} {
		if ValidBSN(tt.bsn) != tt.ok {
			t.Errorf("%s: %v", tt.bsn, !tt.ok)
		}
	}
}

func TestDateDays(t *testing.T) {
	tests := []struct {
		a, b Date
		diff int64
	}{
		{"2024-03-01", "2024-02-28", 2},
		{"2023-03-01", "2023-02-28", 1},
		{"2000-01-01", "1999-12-31", 1},
		{"1970-01-01", "1970-01-01", 0},
		{"0001-01-01", "-0001-12-31", 1},
		{"10000-01-01", "9999-12-31", 1},
	}
	for _, tt := range tests {
		a, ok1 := tt.a.days()
		b, ok2 := tt.b.days()
		if !ok1 || !ok2 || a-b != tt.diff {
			t.Errorf("%s - %s = %d (%v %v), verwacht %d", tt.a, tt.b, a-b, ok1, ok2, tt.diff)
		}
	}
	if _, ok := Date("2023-02-29").days(); ok {
		t.Error("2023-02-29 bestaat niet")
	}
}

func TestRulesListed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if r.Code == "" || r.Retour == "" || r.Desc == "" || len(r.Types) == 0 {
			t.Errorf("onvolledige regel %+v", r)
		}
		key := r.Code + "/" + strings.Join(strings.Fields(r.Retour), "")
		if seen[key] {
			t.Errorf("regel %s dubbel", r.Code)
		}
		seen[key] = true
	}
}
