package ijw

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// toewijzing301 returns a JW301 from gemeente gem to the provider for bsn
// with toewijzingen numbered nums (copies of the example's first product).
func toewijzing301(t testing.TB, gem, agb, bsn, id string, nums ...int64) *JW301 {
	m := cleanExample(t, TypeJW301).(*JW301)
	m.Header.Afzender, m.Header.Ontvanger, m.Header.BerichtIdentificatie.Identificatie = gem, agb, id
	m.Client.Bsn = bsn
	base := m.Client.ToegewezenProducten.ToegewezenProduct[0]
	base.ReferentieAanbieder = ""
	var tp []JW301ToegewezenProduct
	for i, n := range nums {
		p := base
		p.ToewijzingNummer = n
		p.Product = &Product{Categorie: "45", Code: []string{"45A03", "45A04", "45A05"}[i%3]}
		tp = append(tp, p)
	}
	m.Client.ToegewezenProducten.ToegewezenProduct = tp
	return m
}

func withID[T Message](m T, id string) T {
	switch m := any(m).(type) {
	case *JW305:
		m.Header.BerichtIdentificatie.Identificatie = id
	case *JW307:
		m.Header.BerichtIdentificatie.Identificatie = id
	case *JW315:
		m.Header.BerichtIdentificatie.Identificatie = id
	case *JW317:
		m.Header.BerichtIdentificatie.Identificatie = id
	case *JW319:
		m.Header.BerichtIdentificatie.Identificatie = id
	case *JW323:
		m.Header.BerichtIdentificatie.Identificatie = id
	}
	return m
}

func TestCrossRules(t *testing.T) {
	ex := func(typ MessageType) Message { return cleanExample(t, typ) }
	start := func() *JW305 { return ex(TypeJW305).(*JW305) }
	stop := func() *JW307 { return ex(TypeJW307).(*JW307) }
	toew := func() *JW301 { return toewijzing301(t, "0363", "65656055", "999900006", "T1", 300201, 300202) }
	decl := func() *JW323 { return ex(TypeJW323).(*JW323) }
	toewDecl := func(k *Memory) {
		k.Record(toewijzing301(t, "0384", "65656055", "999900006", "T2", 10072, 10073))
		k.Record(toewijzing301(t, "0384", "65656055", "999900018", "T3", 10074, 10075))
	}
	tests := []struct {
		code  string
		setup func(k *Memory)         // what the system knew before; common to both cases
		pass  func(k *Memory) Message // a message that must not raise code
		fail  func(k *Memory) Message // one that must
	}{
		{"TR056", func(k *Memory) { k.Record(toew()) },
			func(*Memory) Message { m := toew(); m.Header.BerichtIdentificatie.Identificatie = "T9"; return m },
			func(*Memory) Message { return toew() }},
		{"TR332", func(k *Memory) { k.Record(toew()) },
			func(*Memory) Message { m := toew(); m.Header.BerichtIdentificatie.Identificatie = "T9"; return m },
			func(*Memory) Message {
				m := toewijzing301(t, "0363", "65656055", "999900018", "T9", 300201)
				return m
			}},
		{"TR379", func(k *Memory) {
			v := ex(TypeJW315).(*JW315)
			v.Header.Afzender = "65656055"
			k.Record(v)
		},
			func(*Memory) Message {
				m := toew()
				m.Client.ToegewezenProducten.ToegewezenProduct[0].ReferentieAanbieder = "40A12341234"
				return m
			},
			func(*Memory) Message {
				m := toew()
				m.Client.ToegewezenProducten.ToegewezenProduct[0].ReferentieAanbieder = "ONBEKEND"
				return m
			}},
		{"TR385", func(k *Memory) { toewDecl(k); k.Record(decl()) },
			func(*Memory) Message { return deleteToewijzing(t, 10072) }, // not yet approved
			func(k *Memory) Message { k.Record(approve(t, decl())); return deleteToewijzing(t, 10072) }},
		{"TR359", func(k *Memory) { k.Record(ex(TypeJW317)) },
			func(*Memory) Message { return ex(TypeJW319) },
			func(k *Memory) Message {
				m := toewijzing301(t, "0384", "65656055", "999900006", "T5", 10071)
				m.Client.ToegewezenProducten.ToegewezenProduct[0].ReferentieAanbieder = "9003"
				k.Record(m)
				return ex(TypeJW319)
			}},
		{"TR365", func(k *Memory) { k.Record(ex(TypeJW317)) },
			func(k *Memory) Message {
				m := ex(TypeJW319).(*JW319)
				m.Antwoord = JW319Antwoord{ReferentieAanbieder: "9003", VerzoekAntwoord: "2"}
				k.Record(m)
				return withID(ex(TypeJW319).(*JW319), "A2")
			},
			func(k *Memory) Message {
				k.Record(ex(TypeJW319))
				return withID(ex(TypeJW319).(*JW319), "A2")
			}},
		{"TR413", func(k *Memory) { k.Record(toew()); k.Record(start()); k.Record(stopWith("20", "2026-06-01", "P1")) },
			func(*Memory) Message { return stopWith("31", "2026-07-17", "P2") },
			func(*Memory) Message { return stopWith("20", "2026-07-17", "P2") }},
		{"TR414", func(k *Memory) { k.Record(toew()); k.Record(start()); k.Record(stopWith("20", "2026-06-01", "P1")) },
			func(*Memory) Message { return stopWith("31", "2026-07-17", "P2") },
			func(*Memory) Message { return stopWith("31", "2026-05-01", "P2") }},
		{"TR415", func(k *Memory) { k.Record(toew()); k.Record(start()) },
			func(k *Memory) Message {
				k.Record(stopWith("20", "2026-06-01", "P1"))
				return stopWith("31", "2026-07-17", "P2")
			},
			func(k *Memory) Message {
				k.Record(stopWith("31", "2026-06-01", "P1"))
				return stopWith("33", "2026-07-17", "P2")
			}},
		{"TR349", nil,
			func(k *Memory) Message { k.Record(vowToew(t, nil)); return vowWith() },
			func(k *Memory) Message { k.Record(vowToew(t, nil, 10072)); return vowWith() }},
		{"TR350", nil,
			func(k *Memory) Message { k.Record(vowToew(t, nil)); return vowWith() },
			func(*Memory) Message { return vowWith() }},
		{"TR351", nil,
			func(k *Memory) Message {
				k.Record(vowToew(t, nil, 10072))
				return vowWith(teWijzig(10072, "2026-04-01", true))
			},
			func(k *Memory) Message {
				k.Record(vowToew(t, nil))
				return vowWith(teWijzig(10072, "2026-04-01", true))
			}},
		{"TR357", func(k *Memory) { k.Record(vowToew(t, nil, 10072)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-04-01", true)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-01-01", true)) }},
		{"TR373", func(k *Memory) { k.Record(vowToew(t, nil, 10072)) },
			func(*Memory) Message {
				w := teWijzig(10072, "2026-04-01", false)
				w.Budget = ptr[int64](100000)
				return vowWith(w)
			},
			func(*Memory) Message {
				w := teWijzig(10072, "2026-06-01", false)
				w.Budget = ptr[int64](100000)
				return vowWith(w)
			}},
		{"TR411", func(k *Memory) { k.Record(vowToew(t, nil, 10072)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-06-01", true)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-06-01", false)) }},
		{"TR412", func(k *Memory) { k.Record(vowToew(t, &Product{Categorie: "45"}, 10072)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-06-01", false)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-06-01", true)) }},
		{"TR375", func(k *Memory) { k.Record(vowToew(t, generiek, 10072)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-06-01", false)) },
			func(*Memory) Message { return vowWith(teWijzig(10072, "2026-06-01", true)) }},
		{"TR361", func(k *Memory) { k.Record(vowToew(t, nil)) },
			func(*Memory) Message { return vowNieuw(t, "45A09") },
			func(*Memory) Message { return vowNieuw(t, "45A03") }}, // 10071 is 45A03 too
		{"TR318", toewDecl,
			func(k *Memory) Message { k.Record(declApril(t)); return declMay(t) },
			func(k *Memory) Message { k.Record(declMay(t)); return declApril(t) }},
		{"TR307", nil,
			func(k *Memory) Message { toewDecl(k); return declApril(t) },
			func(k *Memory) Message { toewDeclWith(t, k, "2026-04-10", ""); return declApril(t) }},
		{"TR308", nil,
			func(k *Memory) Message { toewDecl(k); return declApril(t) },
			func(k *Memory) Message { toewDeclWith(t, k, "2026-04-01", "2026-04-20"); return declApril(t) }},
		{"TR387", toewDecl,
			func(*Memory) Message { return declApril(t) },
			func(*Memory) Message {
				d := declApril(t)
				d.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductPeriode.Begindatum = "2026-04-02"
				return d
			}},
		{"TR388", toewDecl,
			func(*Memory) Message { return declApril(t) },
			func(*Memory) Message {
				d := declApril(t)
				d.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductPeriode.Einddatum = "2026-04-29"
				return d
			}},
		{"TR339", toewDecl,
			func(*Memory) Message { return declApril(t) },
			func(*Memory) Message {
				d := declApril(t)
				d.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductCategorie = "54"
				return d
			}},
		{"TR340", toewDecl,
			func(*Memory) Message { return declApril(t) },
			func(*Memory) Message {
				d := declApril(t)
				d.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductCode = "45A09"
				return d
			}},
		{"TR389", func(k *Memory) { toewDecl(k); k.Record(declApril(t)); k.Record(approve(t, declApril(t))) },
			func(*Memory) Message { return declMay(t) },
			func(*Memory) Message { return renumber(declApril(t), "X") }},
		{"TR366", nil,
			func(k *Memory) Message { k.Record(declFor325(t, nil)); return ex(TypeJW325) },
			func(*Memory) Message { return ex(TypeJW325) }},
		{"TR367", nil,
			func(k *Memory) Message { k.Record(declFor325(t, nil)); return ex(TypeJW325) },
			func(k *Memory) Message {
				k.Record(declFor325(t, func(p *JW323Prestatie) { p.GeleverdVolume++ }))
				return ex(TypeJW325)
			}},
		{"TR019", nil,
			func(k *Memory) Message { k.Record(toew()); return start() },
			func(*Memory) Message { return start() }},
		{"TR074", func(k *Memory) { k.Record(toew()) },
			func(*Memory) Message { return start() },
			func(k *Memory) Message { k.Record(start()); return withID(start(), "S2") }},
		{"TR063", func(k *Memory) { k.Record(toew()) },
			func(k *Memory) Message {
				k.Record(start())
				m := withID(start(), "S2")
				m.Client.StartProducten.StartProduct[0].StatusAanlevering = "3"
				return m
			},
			func(*Memory) Message {
				m := start()
				m.Client.StartProducten.StartProduct[0].StatusAanlevering = "3"
				return m
			}},
		{"TR326", func(k *Memory) { k.Record(toew()); k.Record(start()) },
			func(k *Memory) Message {
				k.Record(stop())
				m := withID(start(), "S2")
				m.Client.StartProducten.StartProduct[0].Begindatum = "2026-08-01"
				return m
			},
			func(*Memory) Message {
				m := withID(start(), "S2")
				m.Client.StartProducten.StartProduct[0].Begindatum = "2026-08-01"
				return m
			}},
		// A temporary stop (reden 20) ends the start too: care may resume
		// with a new start (OP379); without any stop it may not.
		{"TR326", func(k *Memory) { k.Record(toew()); k.Record(start()) },
			func(k *Memory) Message {
				st := stop()
				st.Client.StopProducten.StopProduct[0].RedenBeeindiging = "20"
				k.Record(st)
				m := withID(start(), "S2")
				m.Client.StartProducten.StartProduct[0].Begindatum = "2026-08-01"
				return m
			},
			func(*Memory) Message {
				m := withID(start(), "S2")
				m.Client.StartProducten.StartProduct[0].Begindatum = "2026-08-01"
				return m
			}},
		{"TR071", func(k *Memory) { k.Record(toew()); k.Record(start()) },
			func(*Memory) Message {
				m := withID(start(), "S2")
				m.Client.StartProducten.StartProduct[0].StatusAanlevering = "3"
				return m
			},
			func(k *Memory) Message {
				k.Record(stop())
				m := withID(start(), "S2")
				m.Client.StartProducten.StartProduct[0].StatusAanlevering = "3"
				return m
			}},
		{"TR382", func(k *Memory) { k.Record(toew()) },
			func(k *Memory) Message { k.Record(start()); return stop() },
			func(*Memory) Message { return stop() }},
		{"TR347", nil,
			func(*Memory) Message { return ex(TypeJW315) },
			func(k *Memory) Message { k.Record(ex(TypeJW315)); return withID(ex(TypeJW315).(*JW315), "V2") }},
		{"TR374", nil,
			func(*Memory) Message { return ex(TypeJW317) },
			func(k *Memory) Message {
				v := ex(TypeJW315).(*JW315)
				v.Header.Afzender = "65656055"
				k.Record(v)
				return ex(TypeJW317)
			}},
		{"TR355", nil,
			func(k *Memory) Message { k.Record(ex(TypeJW317)); return ex(TypeJW319) },
			func(*Memory) Message { return ex(TypeJW319) }},
		{"TR360", func(k *Memory) { k.Record(ex(TypeJW317)) },
			func(*Memory) Message {
				m := ex(TypeJW319).(*JW319)
				m.Antwoord = JW319Antwoord{ReferentieAanbieder: "9003", VerzoekAntwoord: "2"}
				return m
			},
			func(k *Memory) Message {
				m := ex(TypeJW319).(*JW319)
				m.Antwoord = JW319Antwoord{ReferentieAanbieder: "9003", VerzoekAntwoord: "2"}
				k.Record(m)
				m2 := withID(ex(TypeJW319).(*JW319), "A2")
				m2.Antwoord = JW319Antwoord{ReferentieAanbieder: "9003", VerzoekAntwoord: "2"}
				return m2
			}},
		{"TR333", toewDecl,
			func(*Memory) Message { return decl() },
			func(k *Memory) Message {
				k.Record(decl())
				return withID(decl(), "D2")
			}},
		{"TR338", nil,
			func(k *Memory) Message { toewDecl(k); return decl() },
			func(*Memory) Message { return decl() }},
		{"TR304", toewDecl,
			func(*Memory) Message {
				m := decl()
				m.Declaratie.Clienten.Client[1].Prestaties.Prestatie = m.Declaratie.Clienten.Client[1].Prestaties.Prestatie[:1]
				return m
			},
			func(*Memory) Message { return decl() }}, // the example claims 10073 for two BSNs (SPEC.md §12)
		{"TR384", nil,
			func(k *Memory) Message { toewDecl(k); return decl() },
			func(k *Memory) Message {
				toewDecl(k)
				m := toewijzing301(t, "0384", "65656055", "999900006", "T4", 10072)
				p := &m.Client.ToegewezenProducten.ToegewezenProduct[0]
				p.RedenWijziging, p.Einddatum, p.Toewijzingstijd = "13", p.Ingangsdatum, "13:00:00"
				k.Record(m)
				return decl()
			}},
		{"TR314", toewDecl,
			func(*Memory) Message { return decl() },
			func(k *Memory) Message {
				k.Record(decl())
				m := withID(decl(), "D2")
				m.Declaratie.DeclaratieNummer = "DN002"
				return m
			}},
		{"TR323", toewDecl,
			func(k *Memory) Message {
				k.Record(decl())
				k.Record(approve(t, decl()))
				return credit(decl())
			},
			func(k *Memory) Message { k.Record(decl()); return credit(decl()) }}, // debit not approved yet
		{"TR390", toewDecl,
			func(k *Memory) Message {
				k.Record(decl())
				k.Record(approve(t, decl()))
				return credit(decl())
			},
			func(k *Memory) Message {
				k.Record(decl())
				k.Record(approve(t, decl()))
				c := credit(decl())
				k.Record(c)
				k.Record(approve(t, c))
				c2 := credit(decl())
				c2.Header.BerichtIdentificatie.Identificatie = "C2"
				c2.Declaratie.DeclaratieNummer = "CN2"
				c2.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0].ProductReferentie.ReferentieNummer = "CR2"
				return c2
			}},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.code] = true
		t.Run(tt.code, func(t *testing.T) {
			for _, fail := range []bool{false, true} {
				k := NewMemory()
				if tt.setup != nil {
					tt.setup(k)
				}
				mk := tt.pass
				if fail {
					mk = tt.fail
				}
				m := mk(k)
				fs := CheckCross(m, k)
				if hasRule(fs, tt.code) != fail {
					t.Errorf("fail=%v: bevindingen %v", fail, fs)
				}
				if fail && RetourType(m.MessageType()) != "" {
					r, err := Retour(m, RetourOptions{Findings: fs})
					if err != nil {
						t.Fatal(err)
					}
					if _, err := Marshal(r); err != nil {
						t.Errorf("retour: %v", err)
					}
				}
			}
		})
	}
	for _, r := range crossRules {
		if !covered[r.Code] {
			t.Errorf("regel %s heeft geen test", r.Code)
		}
	}
}

func TestExternalRules(t *testing.T) {
	for _, typ := range []MessageType{TypeJW301, TypeJW323} {
		m := cleanExample(t, typ)
		d := Header(m).BerichtIdentificatie.Dagtekening
		if fs := CheckExternal(m, d); hasRule(fs, "TR135") {
			t.Errorf("%s: dagtekening vandaag gemeld: %v", typ, fs)
		}
		fs := CheckExternal(m, d.AddDays(-1))
		if !hasRule(fs, "TR135") {
			t.Fatalf("%s: dagtekening morgen niet gemeld", typ)
		}
		r, err := Retour(m, RetourOptions{Findings: fs})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Marshal(r); err != nil {
			t.Fatal(err)
		}
		var codes []string
		switch r := r.(type) {
		case *JW302:
			codes = r.Header.RetourCodes.RetourCode
		case *JW325:
			codes = r.Header.RetourCodes.RetourCode
		}
		if !equalStrings(codes, []string{"8848"}) {
			t.Errorf("%s: retour met %v, verwacht alleen een header met 8848", typ, codes)
		}
	}
}

// stopWith returns the example JW307 with both stops given reason and end.
func stopWith(reden string, eind Date, id string) *JW307 {
	m := cleanExampleNoT(TypeJW307).(*JW307)
	m.Header.BerichtIdentificatie.Identificatie = id
	for i := range m.Client.StopProducten.StopProduct {
		m.Client.StopProducten.StopProduct[i].RedenBeeindiging = reden
		m.Client.StopProducten.StopProduct[i].Einddatum = eind
	}
	return m
}

// cleanExampleNoT is cleanExample for helpers without a testing.TB.
func cleanExampleNoT(typ MessageType) Message {
	b, err := os.ReadFile(filepath.Join("testdata", "berichten", string(typ)+".xml"))
	if err != nil {
		panic(err)
	}
	m, err := Decode(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	return m
}

var generiek = &Product{} // marker: a toewijzing without product

// vowToew returns a JW301 from 0384 to 65656055 for 999900006 with
// toewijzing 10071 and the given numbers; product, when set, replaces the
// product of the extra toewijzingen (generiek: none).
func vowToew(t testing.TB, product *Product, extra ...int64) *JW301 {
	m := toewijzing301(t, "0384", "65656055", "999900006", "W1", append([]int64{10071}, extra...)...)
	tp := m.Client.ToegewezenProducten.ToegewezenProduct
	for i := 1; i < len(tp); i++ {
		switch product {
		case nil:
		case generiek:
			tp[i].Product, tp[i].Omvang, tp[i].Budget = nil, nil, ptr[int64](100000)
		default:
			tp[i].Product, tp[i].Omvang, tp[i].Budget = product, nil, ptr[int64](100000)
		}
	}
	return m
}

// vowWith returns the example VOW (toewijzing 10071 unchanged) with the
// given TeWijzigenProducten and no new products.
func vowWith(te ...JW317TeWijzigenProduct) *JW317 {
	m := cleanExampleNoT(TypeJW317).(*JW317)
	m.Client.Verzoek.NieuweProducten = nil
	if len(te) > 0 {
		m.Client.Verzoek.TeWijzigenProducten = &JW317TeWijzigenProducten{TeWijzigenProduct: te}
	}
	return m
}

// vowNieuw is vowWith plus a new product with code in category 45 from
// 2026-05-01 to 2026-06-30.
func vowNieuw(t testing.TB, code string) *JW317 {
	m := vowWith()
	m.Client.Verzoek.NieuweProducten = &JW317NieuweProducten{NieuwProduct: []JW317NieuwProduct{{
		Product: &Product{Categorie: "45", Code: code}, GewensteIngangsdatum: "2026-05-01", Einddatum: "2026-06-30",
		Omvang: &Omvang{Volume: 2, Eenheid: "04", Frequentie: "2"},
	}}}
	return m
}

func teWijzig(nr int64, gewenst Date, omvang bool) JW317TeWijzigenProduct {
	p := JW317TeWijzigenProduct{ToewijzingNummer: nr, GewensteIngangsdatum: gewenst, Einddatum: "2027-01-31"}
	if omvang {
		p.Omvang = &Omvang{Volume: 2, Eenheid: "04", Frequentie: "2"}
	}
	return p
}

// toewDeclWith records the toewijzingen of the example declaratie with
// the given Ingangsdatum and Einddatum.
func toewDeclWith(t testing.TB, k *Memory, begin, end Date) {
	for _, m := range []*JW301{
		toewijzing301(t, "0384", "65656055", "999900006", "T2", 10072, 10073),
		toewijzing301(t, "0384", "65656055", "999900018", "T3", 10074, 10075),
	} {
		for i := range m.Client.ToegewezenProducten.ToegewezenProduct {
			p := &m.Client.ToegewezenProducten.ToegewezenProduct[i]
			p.Ingangsdatum, p.Einddatum = begin, end
		}
		k.Record(m)
	}
}

// declApril is the example declaratie without its March prestatie.
func declApril(t testing.TB) *JW323 {
	d := cleanExample(t, TypeJW323).(*JW323)
	c := &d.Declaratie.Clienten.Client[1]
	c.Prestaties.Prestatie = c.Prestaties.Prestatie[:2]
	d.Declaratie.TotaalIngediendBedrag.TotaalBedrag = 58000
	return d
}

// declMay is declApril for May, with its own numbers.
func declMay(t testing.TB) *JW323 {
	d := renumber(declApril(t), "M")
	d.Declaratie.DeclaratiePeriode = GeslotenPeriode{"2026-05-01", "2026-05-31"}
	d.Declaratie.DeclaratieDagtekening = "2026-06-05"
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, _ string) {
		p.ProductPeriode = GeslotenPeriode{"2026-05-01", "2026-05-31"}
	})
	return d
}

// renumber gives a declaratie new identification and reference numbers.
func renumber(d *JW323, prefix string) *JW323 {
	d.Header.BerichtIdentificatie.Identificatie = prefix + "1"
	d.Declaratie.DeclaratieNummer = prefix + "DN"
	eachPrestatie(d, func(_ *JW323Client, p *JW323Prestatie, _ string) {
		p.ProductReferentie.ReferentieNummer = prefix + p.ProductReferentie.ReferentieNummer
	})
	return d
}

// declFor325 is the JW323 the example JW325 answers: its prestaties as the
// provider sent them, changed by mod when given.
func declFor325(t testing.TB, mod func(*JW323Prestatie)) *JW323 {
	a := cleanExample(t, TypeJW325).(*JW325)
	d := cleanExample(t, TypeJW323).(*JW323)
	d.Header.Afzender, d.Header.Ontvanger = a.Header.Ontvanger, a.Header.Afzender
	d.Declaratie.Clienten.Client = nil
	for _, c := range a.DeclaratieAntwoord.Clienten.Client {
		nc := JW323Client{Bsn: c.Bsn}
		for _, p := range c.Prestaties.Prestatie {
			var q JW323Prestatie
			copyByName(reflect.ValueOf(&q).Elem(), reflect.ValueOf(&p).Elem(), nil)
			if mod != nil {
				mod(&q)
			}
			nc.Prestaties.Prestatie = append(nc.Prestaties.Prestatie, q)
		}
		d.Declaratie.Clienten.Client = append(d.Declaratie.Clienten.Client, nc)
	}
	return d
}

// deleteToewijzing returns a JW301 that deletes toewijzing nr (RedenWijziging 13).
func deleteToewijzing(t testing.TB, nr int64) *JW301 {
	m := toewijzing301(t, "0384", "65656055", "999900006", "T6", nr)
	p := &m.Client.ToegewezenProducten.ToegewezenProduct[0]
	p.RedenWijziging, p.Einddatum, p.Toewijzingstijd = "13", p.Ingangsdatum, "14:00:00"
	return m
}

// credit returns a JW323 that credits the first prestatie of d.
func credit(d *JW323) *JW323 {
	d.Header.BerichtIdentificatie.Identificatie = "C1"
	d.Declaratie.DeclaratieNummer = "CN1"
	c := d.Declaratie.Clienten.Client[0]
	p := c.Prestaties.Prestatie[0]
	p.ProductReferentie = Referentie{ReferentieNummer: "CR1", VorigReferentieNummer: p.ProductReferentie.ReferentieNummer}
	p.IngediendBedrag.DebetCredit = "C"
	c.Prestaties.Prestatie = []JW323Prestatie{p}
	d.Declaratie.Clienten.Client = []JW323Client{c}
	d.Declaratie.TotaalIngediendBedrag = TotaalBedragMetDC{TotaalBedrag: p.IngediendBedrag.Bedrag, DebetCredit: "C"}
	return d
}

// approve returns the JW325 approving all of d.
func approve(t testing.TB, d *JW323) *JW325 {
	r, err := Retour(d, RetourOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return r.(*JW325)
}

func TestDeclaratieAntwoord(t *testing.T) {
	d := cleanExample(t, TypeJW323).(*JW323)
	tests := []struct {
		name      string
		findings  func(d *JW323) []Finding
		header    []string
		antwoord  []string // nil: no DeclaratieAntwoord
		toegekend int64
		clients   int
	}{
		{"volledig", func(*JW323) []Finding { return nil }, []string{"0200"}, []string{"8001"}, 79000, 0},
		{"xslt", func(*JW323) []Finding {
			return []Finding{{Rule: RuleInfo{Code: "TR358", Retour: "0001", Level: LevelXSLT}}}
		}, []string{"0001"}, nil, 0, 0},
		{"declaratie", func(d *JW323) []Finding {
			return []Finding{{Rule: RuleInfo{Code: "TR333", Retour: "9333", Level: LevelCross}, Target: &d.Declaratie}}
		}, []string{"0200"}, []string{"9333"}, 0, 0},
		{"prestatie", func(d *JW323) []Finding {
			return []Finding{{Rule: RuleInfo{Code: "TR338", Retour: "9338", Level: LevelCross}, Target: &d.Declaratie.Clienten.Client[1].Prestaties.Prestatie[0]}}
		}, []string{"0200"}, []string{"0200"}, 79000 - 5000, 1},
		{"client", func(d *JW323) []Finding {
			return []Finding{{Rule: RuleInfo{Code: "TR304", Retour: "8187", Level: LevelCross}, Target: &d.Declaratie.Clienten.Client[0]}}
		}, []string{"0200"}, []string{"0200"}, 79000 - 29000, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Retour(d, RetourOptions{Identificatie: "A1", Dagtekening: "2026-05-10", Findings: tt.findings(d)})
			if err != nil {
				t.Fatal(err)
			}
			a := r.(*JW325)
			if _, err := Marshal(a); err != nil {
				t.Fatal(err)
			}
			if got := a.Header.RetourCodes.RetourCode; !equalStrings(got, tt.header) {
				t.Errorf("header %v", got)
			}
			if a.Header.DeclaratieIdentificatie != d.Header.BerichtIdentificatie || a.Header.XsdVersieDeclaratie != d.Header.XsdVersie {
				t.Error("DeclaratieIdentificatie of XsdVersieDeclaratie niet overgenomen (TR337/TR371)")
			}
			if a.Header.Afzender != d.Header.Ontvanger || a.Header.Ontvanger != d.Header.Afzender {
				t.Error("afzender en ontvanger horen omgedraaid te zijn in een JW325 (heenbericht)")
			}
			if tt.antwoord == nil {
				if a.DeclaratieAntwoord != nil {
					t.Error("verwacht geen DeclaratieAntwoord")
				}
				return
			}
			ant := a.DeclaratieAntwoord
			if !equalStrings(ant.RetourCodes.RetourCode, tt.antwoord) || ant.TotaalToegekendBedrag.TotaalBedrag != tt.toegekend {
				t.Errorf("antwoord %v toegekend %d", ant.RetourCodes.RetourCode, ant.TotaalToegekendBedrag.TotaalBedrag)
			}
			n := 0
			if ant.Clienten != nil {
				n = len(ant.Clienten.Client)
			}
			if n != tt.clients {
				t.Errorf("%d clienten", n)
			}
			if fs := Validate(a); len(fs) > 0 {
				t.Errorf("JW325 breekt eigen regels: %v", fs)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetourHeaderCopied(t *testing.T) {
	heen := cleanExample(t, TypeJW305).(*JW305)
	target := &heen.Client.StartProducten.StartProduct[1]
	r, err := Retour(heen, RetourOptions{Identificatie: "R1", Dagtekening: "2026-04-16",
		Findings: []Finding{{Rule: RuleInfo{Code: "TR019", Retour: "9019", Level: LevelCross}, Target: target}}})
	if err != nil {
		t.Fatal(err)
	}
	rt := r.(*JW306)
	h := rt.Header
	if h.BerichtCode != "439" || h.Afzender != heen.Header.Afzender || h.Ontvanger != heen.Header.Ontvanger ||
		h.BerichtIdentificatie != heen.Header.BerichtIdentificatie || h.XsdVersie != heen.Header.XsdVersie ||
		h.IdentificatieRetour != "R1" || h.DagtekeningRetour != "2026-04-16" {
		t.Errorf("header niet volgens IV028: %+v", h)
	}
	if got := h.RetourCodes.RetourCode; !equalStrings(got, []string{"0200"}) {
		t.Errorf("header codes %v", got)
	}
	c := rt.Client
	if c == nil || !equalStrings(c.RetourCodes.RetourCode, []string{"0200"}) ||
		!equalStrings(c.StartProducten.StartProduct[0].RetourCodes.RetourCode, []string{"0200"}) ||
		!equalStrings(c.StartProducten.StartProduct[1].RetourCodes.RetourCode, []string{"9019"}) {
		t.Errorf("client codes verkeerd: %+v", c)
	}
	// Fully approved: header only, without RetourCodes (like the JW308 example).
	r, _ = Retour(heen, RetourOptions{})
	if rt := r.(*JW306); rt.Header.RetourCodes != nil || rt.Client != nil {
		t.Errorf("goedgekeurd bericht: %+v", rt)
	}
}
