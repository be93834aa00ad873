package toewijzing

import (
	"bytes"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

func testRequest(birth time.Time) (Request, facts) {
	r := Request{TrajectoryID: 7, Route: "toegang", Arrangement: 5, Intensiteit: 1, Motivering: "Passend bij de vraag.",
		Ingangsdatum: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Parent: "Kim de Jong",
		Client: client.Client{BSN: "864623112", GivenName: "Sam", FamilyName: "de Jong", BirthDate: birth,
			Street: "Markt", HouseNumber: "1", Postcode: "5038 AA", City: "Tilburg"}}
	f := facts{municipality: organisation.Organisation{Name: "Gemeente Tilburg", CBSCode: "0855"},
		provider: organisation.Organisation{Name: "De Hoeve Jeugdhulp", AGBCode: "98765432"},
		parents:  []string{"Kim de Jong", "Ali de Jong"}}
	return r, f
}

// The JW301 carries the toewijzing's own number for its first product and
// the decision's moment as it is in Europe/Amsterdam.
func TestJW301NumberAndAmsterdamTime(t *testing.T) {
	r, f := testRequest(time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC))
	ps, err := arrangement.IJwProducten(r.Arrangement, r.Intensiteit, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	tw := Toewijzing{ID: 2, Nummer: 1_000_002, Ingangsdatum: r.Ingangsdatum}
	// 23:55 on 1 March in Amsterdam is 22:55 UTC the same day; 23:55 on
	// 30 June (summer time) is 21:55 UTC.
	for _, local := range []time.Time{
		time.Date(2026, 3, 1, 23, 55, 0, 0, kalender.Amsterdam()),
		time.Date(2026, 6, 30, 23, 55, 0, 0, kalender.Amsterdam()),
	} {
		m := buildJW301(r, f, tw, ps, local.UTC())
		p := m.Client.ToegewezenProducten.ToegewezenProduct[0]
		if p.ToewijzingNummer != tw.Nummer {
			t.Errorf("JW301 ToewijzingNummer %d, the toewijzing is %d", p.ToewijzingNummer, tw.Nummer)
		}
		day := local.Format("2006-01-02")
		if string(p.Toewijzingsdatum) != day || p.Toewijzingstijd != "23:55:00" || string(m.Header.BerichtIdentificatie.Dagtekening) != day {
			t.Errorf("decision at %v: Toewijzingsdatum %s Toewijzingstijd %s Dagtekening %s, want %s 23:55:00",
				local, p.Toewijzingsdatum, p.Toewijzingstijd, m.Header.BerichtIdentificatie.Dagtekening, day)
		}
	}
	if n := tw.ProductNummer(1); n == tw.Nummer || n > 999_999_999 {
		t.Errorf("second product's number %d", n)
	}
	if n := tw.ProductNummer(maxProducten - 1); n > 999_999_999 {
		t.Errorf("last product's number %d has more than nine digits", n)
	}
}

func TestAddressees(t *testing.T) {
	parents := []string{"Kim de Jong", "Ali de Jong"}
	for _, c := range []struct {
		age     int
		parents []string
		want    []string
	}{
		{6, parents, parents},
		{11, parents, parents},
		{12, parents, []string{"Sam", "Kim de Jong", "Ali de Jong"}},
		{15, parents, []string{"Sam", "Kim de Jong", "Ali de Jong"}},
		{16, parents, []string{"Sam"}},
		{9, nil, []string{"Sam"}},
	} {
		if got := Addressees("Sam", c.parents, c.age); !slices.Equal(got, c.want) {
			t.Errorf("age %d: %v, want %v", c.age, got, c.want)
		}
	}
}

// The beschikking names the arrangement without a garbled join, every
// addressee for a youth of 13, the bezwaar clause and the signatory.
func TestBeschikkingText(t *testing.T) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI: pdftotext ontbreekt")
		}
		t.Skip("pdftotext ontbreekt: tekstcontrole van de beschikking overgeslagen")
	}
	now := time.Date(2026, 3, 1, 23, 55, 0, 0, kalender.Amsterdam()).UTC()
	r, f := testRequest(time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC))
	ps, _ := arrangement.IJwProducten(r.Arrangement, r.Intensiteit, nil, nil)
	pdf, err := beschikking(r, f, Toewijzing{ID: 2, Nummer: 1_000_002}, ps, now)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{
		"somatische stoornis); intensiteit licht",
		"Geachte Sam de Jong, Kim de Jong en Ali de Jong,",
		"01-03-2026",
		"bezwaarschrift naar het college van burgemeester en wethouders van de gemeente Tilburg",
		"namens dezen,",
		"Team Jeugd, Gemeente Tilburg",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("beschikking lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, ").)") {
		t.Errorf("garbled arrangement text:\n%s", text)
	}
}
