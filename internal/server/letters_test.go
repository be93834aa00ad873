package server_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
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
