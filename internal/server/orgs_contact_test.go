package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The administrator sees every organisation's address and phone, and
// changes them with a Dutch form that keeps what was typed when a field is
// wrong; only a municipality has a bezwaar address. Nobody else may.
func TestAdminOrganisationContact(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	admin := h.login("beheer@demo.jeugdhulp.nl")
	list := admin.get("/beheer/organisaties", http.StatusOK)
	for _, want := range []string{"Adres en telefoon", "Stadhuisplein 130, 5038 TC Tilburg", "Tel. 14 013", fmt.Sprintf(`href="/beheer/organisaties?wijzig=%d"`, h.orgID("Gemeente Tilburg")), "Postadres en telefoon"} {
		if !strings.Contains(list, want) {
			t.Errorf("organisations page lacks %q", want)
		}
	}

	heusden := h.orgID("Gemeente Heusden")
	form := admin.get(fmt.Sprintf("/beheer/organisaties?wijzig=%d", heusden), http.StatusOK)
	for _, want := range []string{"Adres en telefoon van Gemeente Heusden", `value="Vliedberg 1"`, `value="5251 AN"`, `value="14 073"`, "Adres voor bezwaarschriften", `value="Postbus 41"`} {
		if !strings.Contains(form, want) {
			t.Errorf("edit form lacks %q", want)
		}
	}
	post := func(id int64, v url.Values, want int) string {
		v.Set("csrf", admin.csrf)
		v.Set("id", fmt.Sprint(id))
		return admin.post("/beheer/organisaties", v, want)
	}
	bad := post(heusden, url.Values{"address": {"Vliedberg 1"}, "postcode": {"52510"}, "city": {"Vlijmen"}, "phone": {"bel ons"}}, http.StatusUnprocessableEntity)
	for _, want := range []string{"Vul een postcode in van vier cijfers en twee letters", "Vul een telefoonnummer in", `value="bel ons"`, `href="#f-postcode"`} {
		if !strings.Contains(bad, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	post(heusden, url.Values{"address": {"Vliedberg 1"}, "postcode": {"5251an"}, "city": {"Vlijmen"}, "phone": {"073 513 17 17"},
		"bezwaar_address": {"Postbus 50"}, "bezwaar_postcode": {"5250 AB"}, "bezwaar_city": {"Vlijmen"}}, http.StatusOK)
	o, err := h.app.Orgs.Get(ctx, heusden)
	if err != nil || o.Adres.Postcode != "5251 AN" || o.Telefoon != "073 513 17 17" || o.BezwaarAdres().String() != "Postbus 50, 5250 AB Vlijmen" {
		t.Fatalf("after saving: %+v %v", o.Contact, err)
	}

	// A Toegang team has no bezwaar address of its own.
	team := h.orgID("Toegang Heusden")
	if f := admin.get(fmt.Sprintf("/beheer/organisaties?wijzig=%d", team), http.StatusOK); strings.Contains(f, "bezwaarschriften") {
		t.Error("a Toegang team is offered a bezwaar address")
	}
	post(team, url.Values{"address": {"Julianastraat 8"}, "postcode": {"5251 EC"}, "city": {"Vlijmen"}, "bezwaar_address": {"Postbus 1"},
		"bezwaar_postcode": {"5250 AA"}, "bezwaar_city": {"Vlijmen"}}, http.StatusUnprocessableEntity)
	// An empty phone is allowed: letters then leave the number out.
	post(team, url.Values{"address": {"Julianastraat 8"}, "postcode": {"5251 EC"}, "city": {"Vlijmen"}}, http.StatusOK)
	if o, _ := h.app.Orgs.Get(ctx, team); o.Telefoon != "" || o.Adres.Straat != "Julianastraat 8" {
		t.Errorf("team after saving: %+v", o.Contact)
	}
	admin.get("/beheer/organisaties?wijzig=999999", http.StatusNotFound)
	admin.get("/beheer/organisaties?wijzig=x", http.StatusNotFound)
	post(999999, url.Values{}, http.StatusNotFound)

	// A new organisation comes with its address.
	admin.post("/beheer/organisaties", url.Values{"csrf": {admin.csrf}, "name": {"Jeugdhulp Noord"}, "kind": {"aanbieder"}, "agb_code": {"98000098"},
		"address": {"Noordstraat 1"}, "postcode": {"5038 AA"}, "city": {"Tilburg"}, "phone": {"013 000 00 01"}}, http.StatusOK)
	if o, err := h.app.Orgs.Get(ctx, h.orgID("Jeugdhulp Noord")); err != nil || o.Adres.String() != "Noordstraat 1, 5038 AA Tilburg" {
		t.Errorf("new organisation: %+v %v", o.Contact, err)
	}

	// Only the administrator.
	other := h.login("toegang@demo.jeugdhulp.nl")
	other.get(fmt.Sprintf("/beheer/organisaties?wijzig=%d", team), http.StatusNotFound)
	other.post("/beheer/organisaties", url.Values{"csrf": {other.csrf}, "id": {fmt.Sprint(team)}, "phone": {"013 000 00 00"}}, http.StatusNotFound)
}
