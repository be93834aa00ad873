package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// pdfText is the text of a PDF through pdftotext, whitespace collapsed. It
// skips the test with a notice when pdftotext is absent, and fails on CI.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI: pdftotext ontbreekt")
		}
		t.Skip("pdftotext ontbreekt: tekstcontrole van de brieven overgeslagen")
	}
	if !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("not a PDF: %.200q", pdf)
	}
	cmd := exec.Command(bin, "-", "-")
	cmd.Stdin = bytes.NewReader([]byte(pdf))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func wantText(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, text)
		}
	}
}

func wantNoText(t *testing.T, what, text string, bad ...string) {
	t.Helper()
	for _, w := range bad {
		if strings.Contains(text, w) {
			t.Errorf("%s says %q:\n%s", what, w, text)
		}
	}
}

// letterCase walks the Toegang route for a youth of the given age in a
// municipality and returns the trajectory and the back office's client.
func letterCase(t *testing.T, h *harness, bsn string, age int, municipality string, signers map[string]string) (int64, *apiClient) {
	toegang, aanbieder := h.apiAs("toegang@demo.jeugdhulp.nl"), h.apiAs("aanbieder@demo.jeugdhulp.nl")
	bo := h.apiAs("backoffice@demo.jeugdhulp.nl")
	if municipality != "Tilburg" {
		email := "backoffice@" + strings.ToLower(municipality) + ".nl"
		if _, err := h.app.Accounts.Create(context.Background(), account.NewUser{Email: email, Name: "Backoffice " + municipality,
			OrgID: h.orgID("Gemeente " + municipality), Roles: []access.Role{access.Backoffice}, Password: "lang genoeg wachtwoord"}); err != nil {
			t.Fatal(err)
		}
		bo = h.apiAs(email)
	}
	return walkRoute(t, h, toegang, aanbieder, bo, bsn, age, municipality, signers), bo
}

// The IPVA and the DAT-brief of a Heusden case (beschikkingsvrij) and the
// three letters of a Tilburg case say who wrote them, print the recorded
// signatures, and promise only what the municipality does.
func TestLettersHeusdenAndTilburg(t *testing.T) {
	h := newHarness(t)
	b := h.login("toegang@demo.jeugdhulp.nl")
	signers := map[string]string{"auteur": "T. Medewerker", "jeugdige": "Sam de Jong", "gezaghebbende": "Kim de Jong"}

	heusden, _ := letterCase(t, h, "111222333", 13, "Heusden", signers)
	ipvaText := pdfText(t, b.get(fmt.Sprintf("/trajecten/%d/documenten/ipva.pdf", heusden), 200))
	wantText(t, "IPVA Heusden", ipvaText, "Opgesteld door T. Medewerker, Toegang Tilburg", "Voorzieningen",
		"Opsteller · Toegang Tilburg", "Jeugdige", "Ouder/gezaghebbende", "Sam de Jong", "Kim de Jong", "Besluit en motivering")
	if n := strings.Count(ipvaText, "Eerste stap"); n != 1 {
		t.Errorf("IPVA prints the first step %d times, want once:\n%s", n, ipvaText)
	}
	dat := pdfText(t, b.get(fmt.Sprintf("/trajecten/%d/documenten/dat-brief.pdf", heusden), 200))
	wantText(t, "DAT-brief Heusden", dat, "gemeente Heusden", "geen aparte brief", "T. Medewerker van Toegang Tilburg")
	wantNoText(t, "DAT-brief Heusden", dat, "Zo’n brief heet een beschikking", "Dat besluit krijgt u per post", "Bel ons")

	tilburg, bo := letterCase(t, h, "864623112", 13, "Tilburg", signers)
	dat = pdfText(t, b.get(fmt.Sprintf("/trajecten/%d/documenten/dat-brief.pdf", tilburg), 200))
	wantText(t, "DAT-brief Tilburg", dat, "Zo’n brief heet een beschikking", "T. Medewerker")
	wantNoText(t, "DAT-brief Tilburg", dat, "Bel ons")
	ipvaText = pdfText(t, b.get(fmt.Sprintf("/trajecten/%d/documenten/ipva.pdf", tilburg), 200))
	wantText(t, "IPVA Tilburg", ipvaText, "Opgesteld door T. Medewerker, Toegang Tilburg", "Sam de Jong", "Kim de Jong")

	resp, pdf := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/beschikking", tilburg), bo.token, "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("beschikking: %d", resp.StatusCode)
	}
	besch := pdfText(t, pdf)
	wantText(t, "beschikking Tilburg (13)", besch, "Geachte Sam de Jong en Kim de Jong,",
		"Stuur uw bezwaarschrift naar het college van burgemeester en wethouders van de gemeente Tilburg",
		"het college van burgemeester en wethouders van de gemeente Tilburg, namens dezen,")
	wantNoText(t, "beschikking Tilburg (13)", besch, ").)")

	// One number: the page's toewijzing is the JW301's.
	tr := bo.call("GET", fmt.Sprintf("/api/v1/trajecten/%d", tilburg), nil, 200)
	nummer := int64(tr["toewijzing"].(map[string]any)["toewijzingnummer"].(float64))
	_, xml := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/jw301", tilburg), bo.token, "", "")
	m, err := ijw.Decode(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.(*ijw.JW301).Client.ToegewezenProducten.ToegewezenProduct[0].ToewijzingNummer; got != nummer {
		t.Errorf("JW301 ToewijzingNummer %d, the toewijzing shows %d", got, nummer)
	}

	// Addressees by age: under 12 the parent, from 16 the youth.
	for _, c := range []struct {
		bsn  string
		age  int
		aan  string
		sign map[string]string
	}{
		{"123456782", 9, "Geachte Kim de Jong,", map[string]string{"auteur": "T. Medewerker", "gezaghebbende": "Kim de Jong"}},
		{"111111110", 17, "Geachte Sam de Jong,", map[string]string{"auteur": "T. Medewerker", "jeugdige": "Sam de Jong"}},
	} {
		id, bo := letterCase(t, h, c.bsn, c.age, "Tilburg", c.sign)
		resp, pdf := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/beschikking", id), bo.token, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("beschikking (%d): %d", c.age, resp.StatusCode)
		}
		wantText(t, fmt.Sprintf("beschikking Tilburg (%d)", c.age), pdfText(t, pdf), c.aan)
	}
}

// letterText is the text of a letter through pdftotext, whitespace
// collapsed. With JEUGDHULP_LETTERS_DIR set, the laid-out text is also
// written there as name.txt, to read the letters as a family would.
func letterText(t *testing.T, name, pdf string) string {
	t.Helper()
	text := pdfText(t, pdf)
	if dir := os.Getenv("JEUGDHULP_LETTERS_DIR"); dir != "" {
		cmd := exec.Command("pdftotext", "-layout", "-", filepath.Join(dir, name+".txt"))
		cmd.Stdin = strings.NewReader(pdf)
		if err := cmd.Run(); err != nil {
			t.Fatalf("pdftotext %s: %v", name, err)
		}
	}
	return text
}

// letterWorker is a named account for the letters to print, with the demo
// password so the test can also log in as it.
func letterWorker(t *testing.T, h *harness, email, name, org string, role access.Role) {
	t.Helper()
	if _, err := h.app.Accounts.Create(context.Background(), account.NewUser{Email: email, Name: name, OrgID: h.orgID(org),
		Roles: []access.Role{role}, Password: demo.Password}); err != nil {
		t.Fatal(err)
	}
}

// senderLines are what a letter of org prints about it: its name, postal
// address and phone number, as the demo seeds them.
func senderLines(t *testing.T, h *harness, org string) []string {
	t.Helper()
	o, err := h.app.Orgs.Get(context.Background(), h.orgID(org))
	if err != nil {
		t.Fatal(err)
	}
	if o.Adres.Straat == "" || o.Telefoon == "" {
		t.Fatalf("%s has no address or phone in the demo", org)
	}
	return []string{o.Name, o.Adres.Straat, o.Adres.Postcode + " " + o.Adres.Plaats, o.Telefoon}
}

// TestLettersEveryRoute renders every letter a Heusden case and a Tilburg
// case get on each route (Toegang, GI, medical) and reads them as the
// family or the provider would: the worker responsible for the case writes,
// signs and is the contact, with their organisation's address and phone;
// recorded signatures are printed with name and date; no letter promises a
// beschikking the municipality does not issue (Heusden never, Tilburg not
// on the GI and medical routes); every beschikking, granting or refusing,
// is addressed to everyone the youth's age requires, sends objections to
// the municipality's bezwaar address within six weeks, and is signed by
// the back-office worker who decided.
//
// JEUGDHULP_LETTERS_DIR=/tmp/brieven go test ./internal/server/ -run TestLettersEveryRoute
// leaves the letters' text there to read.
func TestLettersEveryRoute(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now()
	today := kalender.Datum(now)
	// Named workers for the Heusden cases and the Tilburg back office.
	letterWorker(t, h, "fleur@heusden.test", "Fleur Jansen", "Toegang Heusden", access.Toegangsmedewerker)
	letterWorker(t, h, "ruud@heusden.test", "Ruud Smits", "Gemeente Heusden", access.Backoffice)
	letterWorker(t, h, "iris@tilburg.test", "Iris de Wit", "Gemeente Tilburg", access.Backoffice)
	walk, err := demo.NewWalker(ctx, h.db, now)
	if err != nil {
		t.Fatal(err)
	}
	// The worker the walk acts as for an organisation in a role.
	name := func(org string, role access.Role) string { return walk.As(h.orgID(org), role).Name }
	bsns := []string{"628194821", "252760189", "507529170", "121547280", "385280841", "353799075", "805888718", "167868433"}
	for i, c := range []struct {
		route        traject.Route
		municipality string
		age          int
		refuse       bool
		referrer     string // the organisation writing the plan and the DAT-brief
		login        string // a worker there, reading the letters
		beschikking  bool   // a beschikking is issued
		aan          string // the beschikking's salutation
	}{
		{traject.RouteToegang, "Heusden", 9, false, "Toegang Heusden", "fleur@heusden.test", false, ""},
		{traject.RouteToegang, "Heusden", 9, true, "Toegang Heusden", "fleur@heusden.test", true, "Geachte Els Visser,"},
		{traject.RouteToegang, "Tilburg", 13, false, "Toegang Tilburg", "toegang@demo.jeugdhulp.nl", true, "Geachte Noor Visser en Els Visser,"},
		{traject.RouteToegang, "Tilburg", 17, true, "Toegang Tilburg", "toegang@demo.jeugdhulp.nl", true, "Geachte Noor Visser,"},
		{traject.RouteGI, "Heusden", 14, false, demo.OrgGI, "gi@demo.jeugdhulp.nl", false, ""},
		{traject.RouteGI, "Tilburg", 14, false, demo.OrgGI, "gi@demo.jeugdhulp.nl", false, ""},
		{traject.RouteMedisch, "Heusden", 13, false, "De Hoeve Jeugdhulp", "aanbieder@demo.jeugdhulp.nl", false, ""},
		{traject.RouteMedisch, "Tilburg", 13, false, "De Hoeve Jeugdhulp", "aanbieder@demo.jeugdhulp.nl", false, ""},
	} {
		what := fmt.Sprintf("%s-%s-%d", c.route, c.municipality, c.age)
		if c.refuse {
			what += "-afwijzing"
		}
		t.Run(what, func(t *testing.T) {
			walk.DecideOn = nil
			if c.refuse {
				walk.DecideOn = &traject.Decision{Toegekend: false, Motivering: "Er is passende hulp in het voorliggend veld: de schoolmaatschappelijk werker."}
			}
			st, err := walk.Start(ctx, c.route, demo.Youth{BSN: bsns[i], Given: "Noor", Family: "Visser", Age: c.age, Street: "Kerkstraat", House: "12",
				Postcode: "5251 AB", City: c.municipality, Municipality: c.municipality, Parent: "Els Visser", MeldingDaysAgo: 2})
			if err != nil {
				t.Fatal(err)
			}
			id := st.TrajectoryID
			if err := walk.To(ctx, id, traject.StepToegewezen); err != nil {
				t.Fatal(err)
			}
			b := h.login(c.login)
			author := name(c.referrer, map[traject.Route]access.Role{traject.RouteToegang: access.Toegangsmedewerker,
				traject.RouteGI: access.GIMedewerker, traject.RouteMedisch: access.Jeugdhulpaanbieder}[c.route])
			sender := senderLines(t, h, c.referrer)
			doc := func(kind string) string {
				t.Helper()
				return letterText(t, what+"-"+kind, b.get(fmt.Sprintf("/trajecten/%d/documenten/%s.pdf", id, kind), http.StatusOK))
			}

			// The plan: written and signed by the worker, the family's
			// signatures printed with name and date.
			ipvaText := doc("ipva")
			wantText(t, "IPVA", ipvaText, append(sender, "Opgesteld door "+author+", "+c.referrer, "Opsteller · "+c.referrer, author, today)...)
			signed := 1
			if c.route != traject.RouteGI {
				if c.age >= 12 {
					wantText(t, "IPVA", ipvaText, "Jeugdige", "Noor Visser")
					signed++
				}
				if c.age < 16 {
					wantText(t, "IPVA", ipvaText, "Ouder/gezaghebbende", "Els Visser")
					signed++
				}
			}
			_, signatures, _ := strings.Cut(ipvaText, "Ondertekening")
			if n := strings.Count(signatures, "Ondertekend (vastgelegd)"); n != signed || strings.Count(signatures, today) != signed {
				t.Errorf("IPVA prints %d recorded signatures (%d dates), want %d with the date:\n%s", n, strings.Count(signatures, today), signed, signatures)
			}
			wantNoText(t, "IPVA", ipvaText, `""`, "…")

			// The DAT-brief: the worker is the contact and signs, with the
			// organisation's address and phone; a beschikking is promised
			// only where one comes.
			dat := doc("dat-brief")
			wantText(t, "DAT-brief", dat, append(sender, "Contactpersoon", author, "Bel dan "+author+" van "+c.referrer+" op "+sender[3],
				"Met vriendelijke groet, "+author+" "+c.referrer, "gemeente "+c.municipality)...)
			wantNoText(t, "DAT-brief", dat, " op .", "Niet ingevuld", `""`)
			// To the parent, from 16 to the youth.
			if c.age >= 16 {
				wantText(t, "DAT-brief", dat, "Beste Noor Visser,", "U krijgt hulp van")
			} else {
				wantText(t, "DAT-brief", dat, "Beste Els Visser,")
			}
			if c.route != traject.RouteToegang {
				// A GI or a provider writes in its own name, not the municipality's.
				wantNoText(t, "DAT-brief", dat, "Gemeente "+c.municipality)
			}
			if vrij := c.municipality == "Heusden" || c.route != traject.RouteToegang; vrij {
				wantText(t, "DAT-brief", dat, "geen beschikking")
				wantNoText(t, "DAT-brief", dat, "Zo’n brief heet een beschikking", "per post")
			} else {
				wantText(t, "DAT-brief", dat, "Zo’n brief heet een beschikking")
			}

			// The GI's letter to the provider: the GI worker is the contact
			// and signs, with the GI's address and phone; the provider's
			// address on the envelope.
			if c.route == traject.RouteGI {
				bep := letterText(t, what+"-bepaling", b.get(fmt.Sprintf("/trajecten/%d/documenten/bepaling-jeugdhulp.pdf", id), http.StatusOK))
				wantText(t, "bepaling", bep, append(append(sender, senderLines(t, h, "De Hoeve Jeugdhulp")[1:3]...),
					"U bereikt "+author+" op "+sender[3], "Met vriendelijke groet, "+author+" Jeugdbescherming "+demo.OrgGI, "Gemeente "+c.municipality)...)
				wantNoText(t, "bepaling", bep, "Niet ingevuld", "gemeente gemeente")
			}

			// The beschikking, where one is issued.
			bo := h.apiAs(map[string]string{"Heusden": "ruud@heusden.test", "Tilburg": "iris@tilburg.test"}[c.municipality])
			resp, pdf := h.api("GET", fmt.Sprintf("/api/v1/trajecten/%d/beschikking", id), bo.token, "", "")
			if !c.beschikking {
				if resp.StatusCode != http.StatusNotFound {
					t.Fatalf("%s issues no beschikking on this route, yet it answers %d", c.municipality, resp.StatusCode)
				}
				return
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("beschikking: %d", resp.StatusCode)
			}
			besch := letterText(t, what+"-beschikking", pdf)
			gem := senderLines(t, h, "Gemeente "+c.municipality)
			bezwaar := map[string]string{"Heusden": "Postbus 41, 5250 AA Vlijmen", "Tilburg": "Postbus 90155, 5000 LH Tilburg"}[c.municipality]
			decider := name("Gemeente "+c.municipality, access.Backoffice)
			wantText(t, "beschikking", besch, append(gem, c.aan, "Bezwaar maken", "binnen zes weken",
				"Stuur uw bezwaarschrift naar het college van burgemeester en wethouders van de gemeente "+c.municipality+", "+bezwaar+".",
				"namens dezen, "+decider+" Team Jeugd, Gemeente "+c.municipality, "Bel ons dan op "+gem[3], today)...)
			if c.refuse {
				wantText(t, "beschikking", besch, "Wij wijzen de aanvraag", "voorliggend veld",
					c.referrer+" neemt contact met u op om dit besluit met u te bespreken")
			} else {
				wantText(t, "beschikking", besch, "Wij kennen Noor Visser de volgende jeugdhulp toe")
			}
			wantNoText(t, "beschikking", besch, "Niet ingevuld", `""`, ").)")
		})
	}
}
