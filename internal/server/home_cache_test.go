package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// The start page is assembled from a kept page around freshly written rows.
// It must be byte for byte the page a fresh render gives, be each session's
// own (its CSRF token), log every view, and show a change at once.
func TestStartPageKeptYetCurrent(t *testing.T) {
	h := newHarness(t)
	a := h.login("toegang@demo.jeugdhulp.nl")
	b := h.login("toegang@demo.jeugdhulp.nl")
	before := h.lastID()
	first := a.get("/", http.StatusOK)
	logged := len(h.entriesSince(before))
	if !strings.Contains(first, "Openstaande acties") || !strings.Contains(first, `href="/trajecten/`) {
		t.Fatalf("start page without actions:\n%.600s", first)
	}
	before = h.lastID()
	second := a.get("/", http.StatusOK)
	if second != first {
		t.Fatal("the kept start page differs from the rendered one")
	}
	if es := h.entriesSince(before); logged == 0 || len(es) != logged {
		t.Fatalf("the first view logged %d entries, the repeated one %d", logged, len(es))
	}
	other := b.get("/", http.StatusOK)
	if !strings.Contains(other, `value="`+b.csrf+`"`) || strings.Contains(other, a.csrf) {
		t.Fatal("a second session got the first session's page")
	}
	// A change shows at once.
	p := a.user.Principal("test", "127.0.0.1")
	st, err := h.app.Traject.Start(context.Background(), p, traject.StartInput{
		Client: client.Input{BSN: "321146487", GivenName: "Zojuist", FamilyName: "Aangemeld", BirthDate: "2014-03-03",
			Street: "Markt", HouseNumber: "1", Postcode: "5000 AA", City: "Tilburg", MunicipalityID: h.orgID("Gemeente Tilburg")},
		EersteMelding: "2020-01-01", // long overdue: first on the list
		Relations:     []traject.Relation{{Name: "Ouder", Relation: "ouder", Gezag: true}},
	})
	if err != nil {
		t.Fatal(err)
	}
	now := a.get("/", http.StatusOK)
	if !strings.Contains(now, "Zojuist Aangemeld") || !strings.Contains(now, `href="/trajecten/`+itoa(st.TrajectoryID)+`"`) {
		t.Fatal("the new trajectory is not on the start page right after it was made")
	}
	// So does a change to what surrounds the rows (the user's name).
	err = h.db.Do(context.Background(), func(tx *database.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE users SET name = ? WHERE id = ?", "Hernoemde Medewerker", a.user.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if page := a.get("/", http.StatusOK); !strings.Contains(page, "Hernoemde Medewerker") {
		t.Fatal("the start page still shows the old name after a change")
	}
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			return string(b[i:])
		}
	}
}
