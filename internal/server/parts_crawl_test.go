package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// marker is a piece of a case that belongs to one part: if it shows in a
// response, the reader must see that part.
type marker struct {
	part access.Part
	text string
}

// caseMarkers are the sensitive values of one trajectory of the demo.
type caseMarkers struct {
	trajectory, client int64
	markers            []marker
}

// textOf is the text of a response body: a PDF through pdftotext (the
// words in a PDF are compressed), anything else as it is.
func textOf(t *testing.T, ctype string, body []byte) string {
	if !strings.HasPrefix(ctype, "application/pdf") {
		return string(body)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI: pdftotext ontbreekt")
		}
		return ""
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var municipalityNames = func() []string {
	var out []string
	for _, m := range demo.Municipalities {
		out = append(out, m.Name)
	}
	return out
}()

// TestNoPartWithoutTheRight reads every case page, document and message of
// every demo trajectory through the UI and the API as every demo role, and
// checks each response part by part against the rights table: the BSN,
// the address, the parents' phone number, the IPVA's text and the beknopt
// plan show only to a role that sees that part, and nothing at all to an
// organisation not linked to the trajectory.
func TestNoPartWithoutTheRight(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var cases []caseMarkers
	rows, err := h.db.Query(ctx, `SELECT t.id, c.id, c.bsn, c.street, c.postcode, c.city, t.plan_json FROM trajectories t JOIN clients c ON c.id = t.client_id ORDER BY t.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var cm caseMarkers
		var bsn, street, postcode, city, plan string
		if err := rows.Scan(&cm.trajectory, &cm.client, &bsn, &street, &postcode, &city, &plan); err != nil {
			t.Fatal(err)
		}
		cm.markers = []marker{{access.PartIdentiteit, bsn}, {access.PartAdres, street}, {access.PartAdres, postcode},
			{access.PartContact, "013 000 0000"}, {access.PartIPVAAanleid, "maken zich zorgen over verzuim"}, {access.PartIPVAIVA, "trekt zich terug op de eigen kamer"}}
		// A woonplaats that is not also a municipality's name (which every
		// page may show) is a marker of the address too.
		if !strings.Contains(strings.Join(municipalityNames, " "), city) {
			cm.markers = append(cm.markers, marker{access.PartAdres, city})
		}
		cm.markers = append(cm.markers, marker{access.PartOverleg, demo.DemoVraag})
		if strings.Contains(plan, "Wekelijkse begeleiding thuis") {
			cm.markers = append(cm.markers, marker{access.PartBeknoptPlan, "Wekelijkse begeleiding thuis"})
		}
		cases = append(cases, cm)
	}
	rows.Close()
	if len(cases) < 10 {
		t.Fatalf("the demo has %d trajectories", len(cases))
	}
	ui := []string{"/trajecten/%d", "/trajecten/%d/ipva", "/trajecten/%d/documenten/ipva.pdf", "/trajecten/%d/documenten/dat-brief.pdf",
		"/trajecten/%d/documenten/beschikking.pdf", "/trajecten/%d/documenten/bepaling-jeugdhulp.pdf",
		"/trajecten/%d/documenten/jw301.xml", "/trajecten/%d/documenten/jw315.xml", "/trajecten/%d/documenten/jw319.xml"}
	api := []string{"/api/v1/trajecten/%d", "/api/v1/trajecten/%d/ipva/ontbrekend", "/api/v1/trajecten/%d/geschiedenis",
		"/api/v1/trajecten/%d/beschikking", "/api/v1/trajecten/%d/bepaling-brief", "/api/v1/trajecten/%d/jw301",
		"/api/v1/trajecten/%d/berichten/jw301", "/api/v1/trajecten/%d/berichten/jw315", "/api/v1/trajecten/%d/berichten/jw319"}
	checked := 0
	for _, l := range demo.Logins() {
		t.Run(string(l.Role), func(t *testing.T) {
			b := h.login(l.Email)
			tok := h.token(l.Email)
			p := b.user.Principal("", "")
			get := func(path string, token bool) (int, string) {
				req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
				c := b.c
				if token {
					req.Header.Set("Authorization", "Bearer "+tok)
					c = http.DefaultClient
				}
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, textOf(t, resp.Header.Get("Content-Type"), body)
			}
			look := func(cm caseMarkers, path string, status int, text string) {
				linked := p.CanReadClient() && h.linkedTrajectory(b.user.OrgID, cm.trajectory)
				if !linked && status != http.StatusNotFound {
					t.Errorf("%s: status %d for an organisation not linked to trajectory %d", path, status, cm.trajectory)
				}
				for _, m := range cm.markers {
					if !p.Sees(m.part) && strings.Contains(text, m.text) {
						t.Errorf("%s shows %s (%q) to a %s", path, m.part, m.text, l.Role)
					}
				}
				checked++
			}
			for _, cm := range cases {
				for _, u := range ui {
					path := fmt.Sprintf(u, cm.trajectory)
					status, text := get(path, false)
					look(cm, path, status, text)
				}
				for _, u := range api {
					path := fmt.Sprintf(u, cm.trajectory)
					status, text := get(path, true)
					look(cm, path, status, text)
				}
				// The youth's record, and the lists.
				path := fmt.Sprintf("/clienten/%d", cm.client)
				status, text := get(path, false)
				if status == http.StatusOK && strings.Contains(text, "Toegangslog") && !p.Sees(access.PartToegangslog) {
					t.Errorf("%s shows the youth's access log to a %s", path, l.Role)
				}
				for _, m := range cm.markers {
					if (m.part == access.PartIdentiteit || m.part == access.PartAdres) && !p.Sees(m.part) && strings.Contains(text, m.text) {
						t.Errorf("%s shows %s to a %s", path, m.part, l.Role)
					}
				}
				_, text = get(fmt.Sprintf("/api/v1/jeugdigen/%d", cm.client), true)
				for _, m := range cm.markers {
					if (m.part == access.PartIdentiteit || m.part == access.PartAdres) && !p.Sees(m.part) && strings.Contains(text, m.text) {
						t.Errorf("API youth %d shows %s to a %s", cm.client, m.part, l.Role)
					}
				}
			}
			for _, list := range []struct {
				path string
				api  bool
			}{{"/", false}, {"/clienten", false}, {"/api/v1/mijn-werk", true}, {"/api/v1/jeugdigen", true}} {
				path := list.path
				_, text := get(path, list.api)
				for _, cm := range cases {
					if !p.Sees(access.PartIdentiteit) && strings.Contains(text, cm.markers[0].text) {
						t.Errorf("%s shows a BSN to a %s", path, l.Role)
					}
				}
			}
		})
	}
	t.Logf("%d responses checked part by part", checked)
}
