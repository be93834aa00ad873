package ipva

import (
	"reflect"
	"testing"
	"time"
)

// complete returns an IPVA for a 13-year-old that is complete on the
// Toegang route: both the youth and a parent signed.
func complete() IPVA {
	p := New(nil)
	p.Geboortedatum = d(2013, time.May, 10)
	p.Aanleiding = "Moeder belde de Toegang omdat Daan niet meer naar school wil."
	p.Voorzieningen = Voorzieningen{
		Jeugdhulp:    Gebruik{Antwoord: Nee},
		Wmo:          Gebruik{Antwoord: Ja, Toelichting: "Huishoudelijke hulp voor moeder."},
		Participatie: Gebruik{Antwoord: Nee},
	}
	for i := range p.IVA {
		p.IVA[i].Problemen = "Geen problemen."
		p.IVA[i].GaatGoed = "Er is een goede band."
	}
	p.InschattingZorgbehoefte = "School en moeder schatten de behoefte hoog in."
	p.EerdereHulp = "Schoolmaatschappelijk werk, 2025."
	p.WatWerkte = "De gesprekken hielpen kort."
	p.Resultaten = []Resultaat{{
		Leefgebied:       "school",
		GewensteSituatie: "Daan gaat elke schooldag naar school.",
		Streefdatum:      d(2026, time.December, 1),
		Afspraken:        []Afspraak{{Wie: PartijGezin, Wat: "Moeder brengt Daan naar school.", Wanneer: "Elke schooldag"}},
	}}
	p.EersteStap = "Daan gaat weer twee ochtenden per week naar school."
	p.Regisseur = "Toegangsmedewerker gemeente Tilburg"
	p.VolgenEnEvalueren = "Evaluatie na drie maanden."
	p.Besluit = Toekenning
	p.Motivering = "Lichte ondersteuning is onvoldoende gebleken."
	p.Toestemmingen = []Toestemming{{Vorm: Mondeling, GegevenDoor: "Moeder", Datum: d(2026, time.March, 1), VastgelegdDoor: "T. Medewerker"}}
	p.Handtekeningen = []Handtekening{
		{Rol: SignerAuteur, Naam: "T. Medewerker", Datum: d(2026, time.March, 2)},
		{Rol: SignerJeugdige, Naam: "Daan", Datum: d(2026, time.March, 2)},
		{Rol: SignerGezaghebbende, Naam: "Moeder", Datum: d(2026, time.March, 2)},
	}
	return p
}

func TestMissingComplete(t *testing.T) {
	for _, r := range []Route{RouteToegang, RouteGI, RouteMedisch} {
		if g := complete().Missing(r); len(g) != 0 {
			t.Errorf("%s: %v", r, g)
		}
		if err := CanSubmitIPVA(complete(), r); err != nil {
			t.Errorf("%s: %v", r, err)
		}
	}
}

func TestMissingEmpty(t *testing.T) {
	want := []Gap{
		{"aanleiding", "Vul de aanleiding in."},
		{"voorzieningen.jeugdhulp", "Geef aan of de jeugdige of het gezin al jeugdhulp gebruikt."},
		{"voorzieningen.wmo", "Geef aan of de jeugdige of het gezin al voorzieningen uit de Wmo gebruikt."},
		{"voorzieningen.participatie", "Geef aan of de jeugdige of het gezin al voorzieningen op het gebied van Participatie gebruikt."},
	}
	for _, g := range DefaultLeefgebieden() {
		want = append(want,
			Gap{"iva." + g.Key + ".problemen", "Leefgebied " + g.Naam + ": beschrijf de problemen, de zorgen en wat de jeugdige of het gezin wil veranderen (of schrijf dat er geen zijn)."},
			Gap{"iva." + g.Key + ".gaat_goed", "Leefgebied " + g.Naam + ": beschrijf wat goed gaat."})
	}
	want = append(want,
		Gap{"inschatting_zorgbehoefte", "Beschrijf hoe het netwerk, de hulpverlener en andere betrokkenen de behoefte aan zorg inschatten."},
		Gap{"eerdere_hulp", "Beschrijf welke hulpverlening en diagnostiek al eerder zijn ingezet, of geef aan dat er nog niets is ingezet."},
		Gap{"wat_werkte", "Beschrijf wat van de eerdere hulp wel en niet werkte."},
		Gap{"resultaten", "Beschrijf ten minste één resultaat."},
		Gap{"eerste_stap", "Beschrijf met welke eerste stap de jeugdige of het gezin wil beginnen."},
		Gap{"regisseur", "Vul in wie coördineert (de regisseur)."},
		Gap{"volgen_en_evalueren", "Leg de afspraken vast over het volgen van de voortgang en de evaluatie."},
		Gap{"besluit", "Kies of de jeugdhulp wordt toegekend of afgewezen."},
		Gap{"motivering", "Motiveer de toekenning of afwijzing."},
		Gap{"ondertekening.auteur", "Het IPVA moet nog worden ondertekend door de opsteller."},
		Gap{"geboortedatum", "Vul de geboortedatum van de jeugdige in; die bepaalt wie het IPVA ondertekent."},
	)
	if got := New(nil).Missing(RouteToegang); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
	if got := (IPVA{}).Missing(RouteGI); got[4] != (Gap{"iva", "Beschrijf de uitkomst van de vraaganalyse per leefgebied."}) {
		t.Errorf("no IVA: %v", got[4])
	}
}

func TestMissing(t *testing.T) {
	gezin := DefaultLeefgebieden()[0].Naam
	tests := []struct {
		name  string
		route Route
		edit  func(*IPVA)
		want  []Gap
	}{
		{"aanleiding", RouteToegang, func(p *IPVA) { p.Aanleiding = "  " }, []Gap{{"aanleiding", "Vul de aanleiding in."}}},
		{"wmo zonder toelichting", RouteToegang, func(p *IPVA) { p.Voorzieningen.Wmo.Toelichting = "" },
			[]Gap{{"voorzieningen.wmo.toelichting", "Beschrijf welke voorzieningen uit de Wmo de jeugdige of het gezin gebruikt."}}},
		{"wat goed gaat", RouteToegang, func(p *IPVA) { p.IVA[0].GaatGoed = "" },
			[]Gap{{"iva.gezin.gaat_goed", "Leefgebied " + gezin + ": beschrijf wat goed gaat."}}},
		{"eigen kracht volstaat", RouteToegang, func(p *IPVA) { p.IVA[0].GaatGoed = ""; p.IVA[0].EigenKracht = "Oma helpt." }, nil},
		{"zorgen volstaan", RouteToegang, func(p *IPVA) { p.IVA[1].Problemen = ""; p.IVA[1].Zorgen = "Slaapt slecht." }, nil},
		{"geen eerdere hulp", RouteToegang, func(p *IPVA) { p.EerdereHulp, p.WatWerkte, p.GeenEerdereHulp = "", "", true }, nil},
		{"resultaat onvolledig", RouteToegang, func(p *IPVA) {
			p.Resultaten = append(p.Resultaten, Resultaat{Leefgebied: "onbekend", Afspraken: []Afspraak{{Wie: "buurman"}}})
		}, []Gap{
			{"resultaten.1.leefgebied", "Resultaat 2: kies het leefgebied."},
			{"resultaten.1.gewenste_situatie", "Resultaat 2: beschrijf de gewenste situatie."},
			{"resultaten.1.streefdatum", "Resultaat 2: vul de streefdatum in."},
			{"resultaten.1.afspraken.0.wie", "Resultaat 2, afspraak 1: kies wie het doet (jeugdige, gezin, netwerk, Toegang of jeugdhulpaanbieder)."},
			{"resultaten.1.afspraken.0.wat", "Resultaat 2, afspraak 1: beschrijf wat er gedaan wordt."},
			{"resultaten.1.afspraken.0.wanneer", "Resultaat 2, afspraak 1: vul in wanneer."},
		}},
		{"resultaat zonder afspraken", RouteToegang, func(p *IPVA) { p.Resultaten[0].Afspraken = nil },
			[]Gap{{"resultaten.0.afspraken", "Resultaat 1: leg vast wie wat doet en wanneer."}}},
		{"segment 1 zonder motivering", RouteToegang, func(p *IPVA) { p.Segment1 = true },
			[]Gap{{"motivering_segment1", "Motiveer waarom de jeugdige of het gezin wordt doorverwezen naar hoog-specialistische jeugdhulp (segment 1)."}}},
		{"medisch: geen besluit nodig", RouteMedisch, func(p *IPVA) { p.Besluit, p.Motivering = "", "" }, nil},
		// On the Toegang route consent is asked when the provider is chosen.
		{"geen toestemming, Toegang", RouteToegang, func(p *IPVA) { p.Toestemmingen = nil }, nil},
		{"geen toestemming, medisch", RouteMedisch, func(p *IPVA) { p.Toestemmingen = nil },
			[]Gap{{"toestemming", "Leg vast dat de jeugdige of het gezin toestemming geeft om het IPVA te delen met de jeugdhulpaanbieder (mondeling of schriftelijk, door wie, wanneer)."}}},
		{"GI: geen toestemming nodig", RouteGI, func(p *IPVA) { p.Toestemmingen = nil }, nil},
		{"toestemming ingetrokken", RouteMedisch, func(p *IPVA) { p.Toestemmingen[0].IngetrokkenOp = d(2026, time.March, 5) },
			[]Gap{{"toestemming", "De toestemming om het IPVA te delen is ingetrokken; leg opnieuw toestemming vast als de jeugdige of het gezin die geeft."}}},
		{"toestemming onvolledig", RouteMedisch, func(p *IPVA) { p.Toestemmingen[0] = Toestemming{} }, []Gap{
			{"toestemmingen.0.vorm", "Toestemming 1: kies of de toestemming mondeling of schriftelijk is gegeven."},
			{"toestemmingen.0.gegeven_door", "Toestemming 1: vul in wie de toestemming heeft gegeven."},
			{"toestemmingen.0.datum", "Toestemming 1: vul de datum van de toestemming in."},
		}},
		{"13 jaar: jeugdige tekent niet", RouteToegang, func(p *IPVA) {
			p.Handtekeningen = p.Handtekeningen[:2:2][:1]
			p.Handtekeningen = append(p.Handtekeningen, Handtekening{Rol: SignerGezaghebbende, Naam: "Moeder", Datum: d(2026, time.March, 2)})
		},
			[]Gap{{"ondertekening.jeugdige", "Het IPVA moet nog worden ondertekend door de jeugdige."}}},
		{"13 jaar: ouder tekent niet", RouteToegang, func(p *IPVA) { p.Handtekeningen = p.Handtekeningen[:2] },
			[]Gap{{"ondertekening.gezaghebbende", "Het IPVA moet nog worden ondertekend door een ouder of gezaghebbende."}}},
		{"geen opsteller", RouteToegang, func(p *IPVA) { p.Handtekeningen = p.Handtekeningen[1:] },
			[]Gap{{"ondertekening.auteur", "Het IPVA moet nog worden ondertekend door de opsteller."}}},
		{"alleen opsteller", RouteToegang, func(p *IPVA) { p.Handtekeningen = p.Handtekeningen[:1] }, []Gap{
			{"ondertekening.jeugdige", "Het IPVA moet nog worden ondertekend door de jeugdige."},
			{"ondertekening.gezaghebbende", "Het IPVA moet nog worden ondertekend door een ouder of gezaghebbende."},
		}},
		{"niemand tekende", RouteToegang, func(p *IPVA) { p.Handtekeningen = nil }, []Gap{
			{"ondertekening.auteur", "Het IPVA moet nog worden ondertekend door de opsteller."},
			{"ondertekening.gezin", "Het IPVA moet nog worden ondertekend door de jeugdige of het gezin."},
		}},
		{"GI: alleen opsteller volstaat", RouteGI, func(p *IPVA) { p.Handtekeningen = p.Handtekeningen[:1]; p.Geboortedatum = time.Time{} }, nil},
		{"16 op de tekendag: jeugdige alleen", RouteToegang, func(p *IPVA) {
			p.Geboortedatum = d(2010, time.March, 2)
			p.Handtekeningen = p.Handtekeningen[:2]
		}, nil},
		{"dag voor 16: ouder ook nodig", RouteToegang, func(p *IPVA) {
			p.Geboortedatum = d(2010, time.March, 3)
			p.Handtekeningen = p.Handtekeningen[:2]
		}, []Gap{{"ondertekening.gezaghebbende", "Het IPVA moet nog worden ondertekend door een ouder of gezaghebbende."}}},
		{"11 jaar: ouder alleen", RouteToegang, func(p *IPVA) {
			p.Geboortedatum = d(2014, time.March, 3)
			p.Handtekeningen = []Handtekening{p.Handtekeningen[0], p.Handtekeningen[2]}
		}, nil},
		{"handtekening zonder naam en datum", RouteToegang, func(p *IPVA) { p.Handtekeningen[1].Naam = ""; p.Handtekeningen[1].Datum = time.Time{} }, []Gap{
			{"handtekeningen.1.naam", "Handtekening 2: vul de naam in."},
			{"handtekeningen.1.datum", "Handtekening 2: vul de datum in."},
			{"ondertekening.jeugdige", "Het IPVA moet nog worden ondertekend door de jeugdige."},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := complete()
			tt.edit(&p)
			if got := p.Missing(tt.route); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestValidateLeefgebieden(t *testing.T) {
	tests := []struct {
		l    []Leefgebied
		code string
		msg  string
	}{
		{DefaultLeefgebieden(), "", ""},
		{nil, "leefgebieden_leeg", "Stel ten minste één leefgebied in."},
		{[]Leefgebied{{"Gezin", "Gezin"}}, "leefgebied_sleutel", `Leefgebied 1: de sleutel "Gezin" mag alleen kleine letters, cijfers en _ bevatten.`},
		{[]Leefgebied{{"gezin", " "}}, "leefgebied_naam", "Leefgebied 1: vul de naam in."},
		{[]Leefgebied{{"gezin", "Gezin"}, {"gezin2", "gezin"}}, "leefgebied_dubbel", `Leefgebied "gezin" komt twee keer voor.`},
	}
	for _, tt := range tests {
		checkReason(t, ValidateLeefgebieden(tt.l), tt.code, tt.msg)
	}
	if len(DefaultLeefgebieden()) != 5 {
		t.Error("five leefgebieden")
	}
	p := New([]Leefgebied{{"thuis", "Thuis"}})
	if len(p.IVA) != 1 || p.IVA[0].Leefgebied.Naam != "Thuis" {
		t.Errorf("New: %v", p.IVA)
	}
}
