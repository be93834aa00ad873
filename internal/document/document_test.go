package document

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var tilburg = Afzender{
	Gemeente: "Gemeente Tilburg",
	Afdeling: "Team Toegang Jeugd en Gezin",
	Adres:    "Postbus 90155",
	Postcode: "5000 LH",
	Plaats:   "Tilburg",
	Telefoon: "14 013",
	Website:  "www.tilburg.nl",
}

func sampleIPVA() IPVA {
	return IPVA{
		Afzender:    tilburg,
		Datum:       day(2026, time.November, 23),
		Jeugdige:    Jeugdige{Naam: "Zoë Çelik-Ëlst", Geboortedatum: day(2013, time.March, 4), BSN: "111222333"},
		Auteur:      "Noël de Wít",
		Organisatie: "Toegang Jeugd Tilburg",
		Secties: []Sectie{
			{Titel: "Aanleiding", Tekst: "Moeder meldde zich op 2 november 2026 bij de Toegang. Zoë gaat sinds de zomer niet meer naar school en heeft veel ruzie thuis."},
			{Titel: "Huidig gebruik van voorzieningen", Velden: []Veld{
				{Label: "Jeugdhulp", Waarde: "Geen"},
				{Label: "Wmo", Waarde: "Moeder: huishoudelijke hulp, € 1.234,56 per jaar eigen bijdrage"},
				{Label: "Participatie", Waarde: ""},
			}},
			{Titel: "Uitkomsten vraaganalyse: school en werk", Velden: []Veld{
				{Label: "Problemen en zorgen", Waarde: "Zoë is faalangstig en blijft thuis als er een toets is."},
				{Label: "Wat gaat goed", Waarde: "Ze heeft een goede band met haar mentor en tekent graag."},
			}},
			{Titel: "Eerder ingezette hulp"},
		},
		Resultaten: []Resultaat{{
			Leefgebied:       "School",
			GewensteSituatie: "Zoë kan zodanig met haar faalangst omgaan dat zij het leerjaar voldoende afrondt.",
			EersteStap:       "Zoë gaat weer twee ochtenden per week naar school.",
			WieDoetWat:       "Zoë en moeder: afspraken met de mentor. Aanbieder: training faalangst.",
			Streefdatum:      day(2027, time.July, 1),
		}},
		Toestemming:    "Moeder en Zoë gaven op 20 november 2026 mondeling toestemming om dit plan te delen met Crossroads.",
		Ondertekenaars: []string{"Jeugdige (13 jaar)", "Ouder/gezaghebbende"},
	}
}

func sampleDAT() DATBrief {
	return DATBrief{
		Afzender:        tilburg,
		Datum:           day(2026, time.November, 23),
		Aan:             Adres{Naam: "mevrouw A. Çelik-Ëlst", Adres: "Heuvelstraat 12", Postcode: "5038 AB", Plaats: "Tilburg"},
		JeugdigeNaam:    "Zoë Çelik-Ëlst",
		Aanbieder:       "Crossroads (De Ïjsvogel)",
		Arrangement:     "Arrangement 4, intensiteit midden (50H42)",
		VolgendeStappen: []string{"Over zes weken bellen wij u om te horen hoe het gaat."},
		Contactpersoon:  "Noël de Wít",
		Telefoon:        "013 464 32 62",
	}
}

func sampleBeschikking() Beschikking {
	return Beschikking{
		Afzender:              tilburg,
		Datum:                 day(2026, time.November, 23),
		Kenmerk:               "JW-2026-000042",
		Aan:                   Adres{Naam: "mevrouw A. Çelik-Ëlst", Adres: "Heuvelstraat 12", Postcode: "5038 AB", Plaats: "Tilburg"},
		JeugdigeNaam:          "Zoë Çelik-Ëlst",
		JeugdigeGeboortedatum: day(2013, time.March, 4),
		Besluit:               Toegekend,
		Product:               "Arrangement 4, intensiteit midden (50H42)",
		Aanbieder:             "Crossroads",
		Ingangsdatum:          day(2026, time.December, 1),
		Einddatum:             day(2027, time.November, 30),
		Motivering:            "Uit het Integraal Plan van Aanpak blijkt dat Zoë hulp nodig heeft die zij en haar ouders niet zelf kunnen organiseren. De kosten (€ 1.234,56 per maand) vallen binnen het arrangement.",
	}
}

// poppler finds a poppler-utils tool; without it the test skips, or fails
// when CI is set.
func poppler(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip(name + " not installed (apt-get install poppler-utils); set CI to make this a failure")
		}
		t.Fatalf("%s is required in CI: %v", name, err)
	}
	return bin
}

// pdfText returns the text of a PDF via pdftotext, or skips the test when
// the tool is missing outside CI.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := poppler(t, "pdftotext")
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pdfInfo(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := poppler(t, "pdfinfo")
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}

var wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)

// inMargins checks with pdftotext -bbox that every word lies inside the
// page's margins: wrapped text never runs off the text block.
func inMargins(t *testing.T, pdf []byte) {
	t.Helper()
	bin := poppler(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	const mm = 72 / 25.4
	ms := wordRe.FindAllStringSubmatch(string(out), -1)
	if len(ms) == 0 {
		t.Fatal("no words found")
	}
	for _, m := range ms {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		if v[0] < (marginL-0.5)*mm || v[2] > (pageW-marginR+0.5)*mm || v[1] < 8*mm || v[3] > (pageH-10)*mm {
			t.Errorf("word outside the margins: %s", m[0])
			return
		}
	}
}

// flat joins the lines pdftotext produces so a phrase wrapped over two lines
// still matches.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func mustContain(t *testing.T, text string, want ...string) {
	t.Helper()
	ft := flat(text)
	for _, w := range want {
		if !strings.Contains(ft, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

var pageRe = regexp.MustCompile(`Pagina (\d+) van (\d+)`)

// pages checks "Pagina n van N" on every page and returns N.
func pages(t *testing.T, text string) int {
	t.Helper()
	ms := pageRe.FindAllStringSubmatch(text, -1)
	if len(ms) == 0 {
		t.Fatal("no page numbers")
	}
	n := len(ms)
	for i, m := range ms {
		if m[1] != itoa(i+1) || m[2] != itoa(n) {
			t.Errorf("page %d says %q", i+1, m[0])
		}
	}
	if strings.Count(text, footerNotice) != n {
		t.Errorf("footer notice on %d of %d pages", strings.Count(text, footerNotice), n)
	}
	return n
}

func TestIPVA(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := RenderIPVA(&buf, sampleIPVA()); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	mustContain(t, text,
		"Gemeente Tilburg", "Team Toegang Jeugd en Gezin", "Integraal Plan van Aanpak",
		"23-11-2026", "Zoë Çelik-Ëlst", "04-03-2013", "111222333", "€ 1.234,56",
		"Noël de Wít", "Resultaat 1: School", "01-07-2027", "Niet ingevuld.",
		"Jeugdige (13 jaar)", "Ouder/gezaghebbende", "Handtekening", "Opsteller",
	)
	pages(t, text)
}

func TestDATBrief(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := RenderDATBrief(&buf, sampleDAT()); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	mustContain(t, text,
		"Gemeente Tilburg", "23-11-2026", "Beste mevrouw A. Çelik-Ëlst,",
		"Zoë Çelik-Ëlst krijgt hulp van Crossroads (De Ïjsvogel)", "50H42",
		"Binnen 2 weken", "beschikking", "Bel dan Noël de Wít op 013 464 32 62",
		"Over zes weken bellen wij u",
	)
	if n := pages(t, text); n != 1 {
		t.Errorf("letter has %d pages, want 1", n)
	}

	d := sampleDAT()
	d.Beschikkingsvrij = true
	buf.Reset()
	if err := RenderDATBrief(&buf, d); err != nil {
		t.Fatal(err)
	}
	text = flat(pdfText(t, buf.Bytes()))
	if !strings.Contains(text, "geen aparte brief over de hulp (geen beschikking)") || strings.Contains(text, "Dat besluit krijgt u per post") {
		t.Error("beschikkingsvrij letter still promises a beschikking")
	}
}

func TestBeschikking(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := RenderBeschikking(&buf, sampleBeschikking()); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	mustContain(t, text,
		"Gemeente Tilburg", "Beschikking Jeugdwet", "23-11-2026", "JW-2026-000042",
		"Geachte mevrouw A. Çelik-Ëlst,", "Zoë Çelik-Ëlst", "04-03-2013",
		"Wij kennen Zoë Çelik-Ëlst de volgende jeugdhulp toe", "50H42",
		"01-12-2026", "30-11-2027", "€ 1.234,56",
		"bezwaar maken", "binnen zes weken",
		"college van burgemeester en wethouders van de gemeente Tilburg",
	)
	pages(t, text)

	d := sampleBeschikking()
	d.Besluit = Afgewezen
	d.Ingangsdatum, d.Einddatum = time.Time{}, time.Time{}
	buf.Reset()
	if err := RenderBeschikking(&buf, d); err != nil {
		t.Fatal(err)
	}
	mustContain(t, pdfText(t, buf.Bytes()), "af.", "Wij wijzen de aanvraag", "bezwaar maken")
}

func TestMetadataHasNoClientData(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := RenderBeschikking(&buf, sampleBeschikking()); err != nil {
		t.Fatal(err)
	}
	info := pdfInfo(t, buf.Bytes())
	for _, re := range []string{
		`(?m)^Title:\s+Beschikking Jeugdwet$`,
		`(?m)^Author:\s+Gemeente Tilburg, Team Toegang Jeugd en Gezin$`,
		`(?m)^Page size:\s+595.28 x 841.89 pts \(A4\)$`,
	} {
		if !regexp.MustCompile(re).MatchString(info) {
			t.Errorf("metadata does not match %s:\n%s", re, info)
		}
	}
	for _, s := range []string{"Zoë", "Çelik", "111222333", "Heuvelstraat"} {
		if strings.Contains(info, s) {
			t.Errorf("metadata holds client data %q", s)
		}
	}
}

func TestLongIPVAIsSeveralPages(t *testing.T) {
	t.Parallel()
	d := sampleIPVA()
	long := strings.Repeat("Zoë vertelt dat het thuis onrustig is en dat zij ’s nachts slecht slaapt. ", 30)
	for i := range 6 {
		d.Secties = append(d.Secties, Sectie{
			Titel:  "Leefgebied " + itoa(i+1),
			Tekst:  long + "\n\nTweede alinea.",
			Velden: []Veld{{Label: "Wat gaat goed", Waarde: long}},
		})
	}
	for range 6 {
		d.Resultaten = append(d.Resultaten, d.Resultaten[0])
	}
	d.Ondertekenaars = append(d.Ondertekenaars, "Tweede ouder/gezaghebbende", "Voogd")
	var buf bytes.Buffer
	if err := RenderIPVA(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	if n := pages(t, text); n < 4 {
		t.Errorf("long IPVA has %d pages, want several", n)
	}
	mustContain(t, text, "Resultaat 7: School", "Voogd", "Tweede alinea.")
	inMargins(t, buf.Bytes())
}

func TestOddText(t *testing.T) {
	t.Parallel()
	odd := "Emoji 😀👍🏽 en een gezin 👨‍👩‍👧 — " + strings.Repeat("Kindermishandelingspreventieprogramma", 6) +
		"\ttab\r\nCRLF\x00nul\u00adzacht\u200bbreed e\u0308 \xff ongeldig " + strings.Repeat("x", 1500) + "\n\n\n"
	d := sampleIPVA()
	d.Jeugdige.Naam = odd
	d.Auteur = odd
	d.Secties = append(d.Secties, Sectie{Titel: odd, Tekst: odd, Velden: []Veld{{Label: odd, Waarde: odd}, {}}}, Sectie{})
	d.Resultaten = append(d.Resultaten, Resultaat{Leefgebied: odd, GewensteSituatie: odd}, Resultaat{})
	d.Ondertekenaars = append(d.Ondertekenaars, odd, "")
	d.Toestemming = "\n\n"
	var buf bytes.Buffer
	if err := RenderIPVA(&buf, d); err != nil {
		t.Fatal(err)
	}
	inMargins(t, buf.Bytes())
	b := sampleBeschikking()
	b.Aan.Naam, b.JeugdigeNaam, b.Motivering, b.Bezwaar, b.Afzender.Gemeente = odd, odd, odd, odd, odd
	buf.Reset()
	if err := RenderBeschikking(&buf, b); err != nil {
		t.Fatal(err)
	}
	inMargins(t, buf.Bytes())
	l := sampleDAT()
	l.Aan.Naam, l.Aanbieder, l.VolgendeStappen, l.Afzender.Afdeling = odd, odd, []string{odd, "", "\n"}, odd
	buf.Reset()
	if err := RenderDATBrief(&buf, l); err != nil {
		t.Fatal(err)
	}
	inMargins(t, buf.Bytes())
	text := flat(pdfText(t, buf.Bytes()))
	if !strings.Contains(text, "Emoji � en een gezin � —") {
		t.Errorf("emoji not replaced by one sign each: %.200q", text)
	}
	if !strings.Contains(text, "ë") || strings.ContainsRune(text, 0) {
		t.Error("combining diaeresis not composed or NUL leaked")
	}
}

func TestValidation(t *testing.T) {
	var buf bytes.Buffer
	err := RenderIPVA(&buf, IPVA{})
	var fout *InvoerFout
	if !errors.As(err, &fout) {
		t.Fatalf("got %v, want *InvoerFout", err)
	}
	for _, w := range []string{"gemeente ontbreekt", "datum ontbreekt", "jeugdige ontbreekt"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q lacks %q", err, w)
		}
	}
	if buf.Len() != 0 {
		t.Error("wrote output despite invalid input")
	}
	d := sampleDAT()
	d.Afzender.Gemeente = "  "
	if err := RenderDATBrief(&buf, d); err == nil || !strings.Contains(err.Error(), "gemeente ontbreekt") {
		t.Errorf("DAT-brief without municipality: %v", err)
	}
	b := sampleBeschikking()
	b.Datum = time.Time{}
	b.Besluit = "misschien"
	if err := RenderBeschikking(&buf, b); err == nil || !strings.Contains(err.Error(), "datum ontbreekt") || !strings.Contains(err.Error(), "besluit moet") {
		t.Errorf("beschikking without date: %v", err)
	}
	b = sampleBeschikking()
	b.Einddatum = b.Ingangsdatum.AddDate(0, 0, -1)
	if err := RenderBeschikking(&buf, b); err == nil || !strings.Contains(err.Error(), "einddatum ligt vóór de ingangsdatum") {
		t.Errorf("end before start: %v", err)
	}
}

func TestDatum(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{day(2026, time.November, 23), "23-11-2026"},
		{day(2027, time.January, 1), "01-01-2027"},
		{day(2024, time.March, 31), "31-03-2024"},
		{day(2025, time.May, 5), "05-05-2025"},
		{time.Time{}, ""},
	} {
		if got := Datum(c.t); got != c.want {
			t.Errorf("Datum(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

func TestFileName(t *testing.T) {
	ts := day(2026, time.November, 23)
	if got := FileName(KindBeschikking, ts, 42); got != "beschikking-2026-11-23-000042.pdf" {
		t.Errorf("got %q", got)
	}
	if got := FileName(KindIPVA, ts, 1234567); got != "ipva-2026-11-23-1234567.pdf" {
		t.Errorf("got %q", got)
	}
	for _, kind := range []string{"Zoë Çelik-Ëlst", "111222333", "../../etc/passwd", ""} {
		got := FileName(kind, ts, -5)
		if got != "document-2026-11-23-000000.pdf" {
			t.Errorf("FileName(%q) = %q", kind, got)
		}
	}
	if !regexp.MustCompile(`^[a-z-]+-\d{4}-\d{2}-\d{2}-\d{6,}\.pdf$`).MatchString(FileName(KindDATBrief, ts, 7)) {
		t.Error("DAT-brief name has unexpected characters")
	}
}

// TestWriteSamples writes one of each document to $JEUGDHULP_DOCS_DIR for a
// visual check (pdftoppm -png -r 60). Skipped when the variable is unset.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("JEUGDHULP_DOCS_DIR")
	if dir == "" {
		t.Skip("set JEUGDHULP_DOCS_DIR to write sample PDFs")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	long := sampleIPVA()
	for i := range 3 {
		long.Secties = append(long.Secties, Sectie{
			Titel: "Leefgebied " + itoa(i+1),
			Tekst: strings.Repeat("Zoë vertelt dat het thuis onrustig is en dat zij ’s nachts slecht slaapt. ", 12),
			Velden: []Veld{
				{Label: "Problemen en zorgen", Waarde: strings.Repeat("Er zijn zorgen over de nachtrust. ", 6)},
				{Label: "Wat gaat goed", Waarde: "Oma helpt twee middagen per week."},
			},
		})
	}
	long.Resultaten = append(long.Resultaten, long.Resultaten[0], long.Resultaten[0])
	ts := day(2026, time.November, 23)
	write := func(kind string, render func(*bytes.Buffer) error) {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, FileName(kind, ts, 42)), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(KindIPVA, func(b *bytes.Buffer) error { return RenderIPVA(b, long) })
	write(KindDATBrief, func(b *bytes.Buffer) error { return RenderDATBrief(b, sampleDAT()) })
	write(KindBeschikking, func(b *bytes.Buffer) error { return RenderBeschikking(b, sampleBeschikking()) })
	odd := sampleIPVA()
	odd.Jeugdige.Naam = "Zoë 😀👍🏽 " + strings.Repeat("Çelik", 30)
	odd.Secties = append(odd.Secties, Sectie{Titel: strings.Repeat("Lange titel zonder einde ", 8), Tekst: strings.Repeat("Kindermishandelingspreventieprogramma", 8) + " en emoji 👨‍👩‍👧 e\u0308n tab\there."})
	odd.Ondertekenaars = append(odd.Ondertekenaars, strings.Repeat("Gezaghebbende ", 10))
	var buf bytes.Buffer
	if err := RenderIPVA(&buf, odd); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "odd.pdf"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
