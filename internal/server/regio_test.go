package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestTwoRegions: the demo holds Hart van Brabant and Noord- en
// Midden-Limburg. Each user sees the region they work in (in the page
// header) and picks from its municipalities and providers only; each
// region's administrator manages its own organisations and accounts.
func TestTwoRegions(t *testing.T) {
	h := newHarness(t)
	venlo := h.login("toegang.venlo@demo.jeugdhulp.nl")
	form := venlo.get("/trajecten/nieuw?route=toegang", http.StatusOK)
	for _, want := range []string{"Noord- en Midden-Limburg", "Gemeente Venlo", "Gemeente Roermond", "Gemeente Weert"} {
		if !strings.Contains(form, want) {
			t.Errorf("Venlo's registration form lacks %q", want)
		}
	}
	if strings.Contains(form, "Gemeente Tilburg") {
		t.Error("Venlo's registration form offers Tilburg")
	}
	tilburg := h.login("toegang@demo.jeugdhulp.nl")
	form = tilburg.get("/trajecten/nieuw?route=toegang", http.StatusOK)
	if !strings.Contains(form, "Hart van Brabant") || !strings.Contains(form, "Gemeente Dongen") || strings.Contains(form, "Gemeente Venlo") {
		t.Error("Tilburg's registration form is not Hart van Brabant's")
	}

	nml := h.login("beheer.nml@demo.jeugdhulp.nl")
	orgs := nml.get("/beheer/organisaties", http.StatusOK)
	for _, want := range []string{"Samenwerkingsverband Vigo, Pactum en Koraalgroep", "Mondriaan", "Integrale Crisisdienst Jeugd Noord- en Midden-Limburg", "Bijzondere Toegang Noord- en Midden-Limburg"} {
		if !strings.Contains(orgs, want) {
			t.Errorf("NML's organisations lack %q", want)
		}
	}
	if strings.Contains(orgs, "Gemeente Tilburg") || strings.Contains(orgs, "De Hoeve Jeugdhulp") {
		t.Error("NML's administrator sees Hart van Brabant's organisations")
	}
	if users := nml.get("/beheer/gebruikers", http.StatusOK); !strings.Contains(users, "crisis@demo.jeugdhulp.nl") || strings.Contains(users, "toegang@demo.jeugdhulp.nl") {
		t.Error("NML's administrator does not see just NML's accounts")
	}
	// Another region's organisation is not there to edit.
	var tilburgID int64
	h.db.QueryRow(context.Background(), "SELECT id FROM organisations WHERE name = 'Gemeente Tilburg'").Scan(&tilburgID)
	nml.get(fmt.Sprintf("/beheer/organisaties?wijzig=%d", tilburgID), http.StatusNotFound)
	if orgs := h.login("beheer@demo.jeugdhulp.nl").get("/beheer/organisaties", http.StatusOK); strings.Contains(orgs, "Gemeente Venlo") || !strings.Contains(orgs, "Gemeente Tilburg") {
		t.Error("Hart van Brabant's administrator does not see just its own organisations")
	}
}
