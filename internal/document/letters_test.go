package document

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

var (
	orgTilburg = organisation.Organisation{ID: 1, Name: "Gemeente Tilburg", Kind: organisation.Gemeente, Contact: organisation.Contact{
		Adres: organisation.Postadres{Straat: "Stadhuisplein 130", Postcode: "5038 TC", Plaats: "Tilburg"}, Telefoon: "14 013",
		Bezwaar: organisation.Postadres{Straat: "Postbus 90155", Postcode: "5000 LH", Plaats: "Tilburg"}}}
	orgToegang = organisation.Organisation{ID: 2, Name: "Toegang Tilburg", Kind: organisation.Toegang, Contact: organisation.Contact{
		Adres: organisation.Postadres{Straat: "Wilhelminapark 33", Postcode: "5041 EC", Plaats: "Tilburg"}, Telefoon: "013 - 542 50 00"}}
)

func TestAfzenderVan(t *testing.T) {
	a := AfzenderVan(orgTilburg, orgToegang)
	want := Afzender{Gemeente: "Gemeente Tilburg", Afdeling: "Toegang Tilburg", Adres: "Wilhelminapark 33", Postcode: "5041 EC",
		Plaats: "Tilburg", Telefoon: "013 - 542 50 00", BezwaarAdres: "Postbus 90155, 5000 LH Tilburg"}
	if a != want {
		t.Errorf("AfzenderVan(gemeente, team) = %+v, want %+v", a, want)
	}
	// The municipality writing itself: no department; no bezwaar address
	// set means its own address.
	m := orgTilburg
	m.Bezwaar = organisation.Postadres{}
	a = AfzenderVan(m, m)
	if a.Afdeling != "" || a.BezwaarAdres != "Stadhuisplein 130, 5038 TC Tilburg" || a.Telefoon != "14 013" {
		t.Errorf("AfzenderVan(gemeente, gemeente) = %+v", a)
	}
	// A GI or a provider writes in its own name: no municipality at the
	// top, no bezwaar address.
	gi := organisation.Organisation{ID: 3, Name: "Jeugdbescherming Brabant", Kind: organisation.GI}
	if a := AfzenderVan(orgTilburg, gi); a.BezwaarAdres != "" || a.Gemeente != gi.Name || a.Afdeling != "" {
		t.Errorf("AfzenderVan(gemeente, gi) = %+v", a)
	}
}

// Each route's DAT-brief says who does what next, and promises a
// beschikking only where the municipality issues one.
func TestDATBriefPerRoute(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		route     string
		vrij      bool
		want, not []string
	}{
		{route: RouteToegang, want: []string{"Wij sturen het plan naar Crossroads", "Zo’n brief heet een beschikking", "Crossroads (De Ïjsvogel) spreekt met u af wanneer de hulp begint"}},
		{route: RouteToegang, vrij: true, want: []string{"geen beschikking", "De hulp kan beginnen zodra de gemeente akkoord heeft gegeven"}, not: []string{"per post"}},
		{route: RouteGI, want: []string{"Wij sturen Crossroads (De Ïjsvogel) een brief", "Zo’n brief heet een beschikking"}, not: []string{"Wij sturen het plan naar"}},
		{route: RouteGI, vrij: true, want: []string{"geen beschikking"}, not: []string{"per post"}},
		{route: RouteMedisch, want: []string{"krijgt hulp van ons, Crossroads", "Wij vragen de gemeente Tilburg om toestemming voor deze hulp", "Wij spreken met u af wanneer de hulp begint", "per post"}},
		{route: RouteMedisch, vrij: true, want: []string{"geen beschikking"}, not: []string{"per post", "Wij sturen het plan naar Crossroads"}},
	} {
		d := sampleDAT()
		d.Route, d.Beschikkingsvrij = c.route, c.vrij
		d.Afzender = AfzenderVan(orgTilburg, orgToegang)
		d.Telefoon = ""
		var buf bytes.Buffer
		if err := RenderDATBrief(&buf, d); err != nil {
			t.Fatal(err)
		}
		text := flat(pdfText(t, buf.Bytes()))
		mustContain(t, text, append(c.want, "Bel dan Noël de Wít op 013 - 542 50 00", "Wilhelminapark 33", "5041 EC",
			"Een brief kunt u sturen naar Toegang Tilburg, Wilhelminapark 33, 5041 EC Tilburg.")...)
		for _, bad := range c.not {
			if strings.Contains(text, bad) {
				t.Errorf("%s (vrij %v) says %q:\n%s", c.route, c.vrij, bad, text)
			}
		}
	}
}

// Without any phone number the letters never say "bel".
func TestNoPhoneNoBel(t *testing.T) {
	t.Parallel()
	d := sampleDAT()
	d.Telefoon, d.Afzender.Telefoon = "", ""
	var buf bytes.Buffer
	if err := RenderDATBrief(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := flat(pdfText(t, buf.Bytes()))
	if strings.Contains(text, "Bel ") || strings.Contains(text, " op .") || !strings.Contains(text, "Neem dan contact op met Noël de Wít") {
		t.Errorf("DAT-brief without a phone:\n%s", text)
	}
	b := sampleBeschikking()
	b.Afzender.Telefoon = ""
	buf.Reset()
	if err := RenderBeschikking(&buf, b); err != nil {
		t.Fatal(err)
	}
	if text := flat(pdfText(t, buf.Bytes())); strings.Contains(text, "Bel ") || !strings.Contains(text, "Neem dan contact met ons op") {
		t.Errorf("beschikking without a phone:\n%s", text)
	}
}

// The beschikking sends objections to the municipality's bezwaar address
// and is signed by the worker who decided.
func TestBeschikkingBezwaarEnOndertekenaar(t *testing.T) {
	t.Parallel()
	for _, besluit := range []Besluit{Toegekend, Afgewezen} {
		d := sampleBeschikking()
		d.Afzender = AfzenderVan(orgTilburg, orgTilburg)
		d.Afzender.Afdeling = "Team Jeugd"
		d.Ondertekenaar = "B. Besluiter"
		d.Besluit = besluit
		var buf bytes.Buffer
		if err := RenderBeschikking(&buf, d); err != nil {
			t.Fatal(err)
		}
		text := flat(pdfText(t, buf.Bytes()))
		if testing.Verbose() {
			t.Log(text)
		}
		mustContain(t, text, "binnen zes weken",
			"Stuur uw bezwaarschrift naar het college van burgemeester en wethouders van de gemeente Tilburg, Postbus 90155, 5000 LH Tilburg.",
			"namens dezen, B. Besluiter Team Jeugd, Gemeente Tilburg", "Bel ons dan op 14 013", "Stadhuisplein 130")
	}
}

func TestBepalingContact(t *testing.T) {
	t.Parallel()
	gi := organisation.Organisation{ID: 3, Name: "Jeugdbescherming Brabant", Kind: organisation.GI, Contact: organisation.Contact{
		Adres: organisation.Postadres{Straat: "Ringbaan-Oost 4", Postcode: "5013 CA", Plaats: "Tilburg"}, Telefoon: "088 - 800 20 00"}}
	a := AfzenderVan(gi, gi)
	a.Afdeling = "Jeugdbescherming"
	var buf bytes.Buffer
	err := RenderBepaling(&buf, Bepaling{Afzender: a, Datum: day(2026, time.November, 23), Kenmerk: "BJ-2026-000007",
		Aan: Adres{Naam: "De Hoeve Jeugdhulp", Adres: "Hoevenseweg 1", Postcode: "5017 AA", Plaats: "Tilburg"}, JeugdigeNaam: "Zoë",
		Jeugdhulp: "Arrangement 4", ZorgStart: day(2026, time.December, 1), Resultaten: []string{"Zoë gaat weer naar school."},
		Contactpersoon: "G. Voogd"})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, flat(pdfText(t, buf.Bytes())), "U bereikt G. Voogd op 088 - 800 20 00", "Ringbaan-Oost 4", "Hoevenseweg 1",
		"G. Voogd Jeugdbescherming Jeugdbescherming Brabant", "01-12-2026")
}

// A youth of 16 or older gets the letter and reads about themselves.
func TestDATBriefToTheYouth(t *testing.T) {
	t.Parallel()
	d := sampleDAT()
	d.Aan.Naam = d.JeugdigeNaam
	var buf bytes.Buffer
	if err := RenderDATBrief(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := flat(pdfText(t, buf.Bytes()))
	mustContain(t, text, "Beste Zoë Çelik-Ëlst,", "U heeft met ons gesproken over de hulp die u nodig heeft.",
		"U krijgt hulp van Crossroads (De Ïjsvogel).", "welke hulp u krijgt")
	if strings.Contains(text, "Zoë Çelik-Ëlst krijgt") {
		t.Errorf("the letter speaks about its reader by name:\n%s", text)
	}
}
