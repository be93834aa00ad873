package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestIPVAPageReadOnlyOnceFinished: a finished IPVA is read, not edited;
// an IPVA in progress lists only what is really missing (the youth's birth
// date is on record and never asked for).
func TestIPVAPageReadOnlyOnceFinished(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	b := h.login("toegang@demo.jeugdhulp.nl")
	var finished, inProgress int64
	h.db.QueryRow(ctx, "SELECT t.id FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE c.bsn = '451260016'").Scan(&finished)
	h.db.QueryRow(ctx, "SELECT t.id FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE c.bsn = '451182303'").Scan(&inProgress)
	page := b.get(fmt.Sprintf("/trajecten/%d/ipva", finished), http.StatusOK)
	if !strings.Contains(page, "U leest dit IPVA") || strings.Contains(page, "IPVA opslaan") || !strings.Contains(page, "<fieldset class=\"jh-plain\" disabled>") {
		t.Fatal("a finished IPVA is still an editable form")
	}
	page = b.get(fmt.Sprintf("/trajecten/%d/ipva", inProgress), http.StatusOK)
	if !strings.Contains(page, "IPVA opslaan") || strings.Contains(page, "U leest dit IPVA") {
		t.Fatal("the IPVA in progress is not editable for its author")
	}
	if strings.Contains(page, "geboortedatum") {
		t.Fatal("the IPVA asks for the birth date, which is on record")
	}
	if !strings.Contains(page, "ondertekend") {
		t.Fatal("the unsigned IPVA does not ask for its signatures")
	}
}
