package demo_test

import (
	"context"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Every demo organisation has a postal address and a phone number for its
// letters, valid as the administrator's form would demand; Tilburg and
// Heusden receive objections at a postbus.
func TestEveryOrganisationHasContact(t *testing.T) {
	db, _ := seeded(t)
	orgs, err := (&organisation.Store{DB: db}).List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		c := o.Contact
		if o.Adres.Straat == "" || o.Adres.Postcode == "" || o.Adres.Plaats == "" || o.Telefoon == "" {
			t.Errorf("%s has no full address and phone: %+v", o.Name, c)
		}
		if fe := c.Validate(o.Kind); fe != nil || c != o.Contact {
			t.Errorf("%s: contact does not pass the form's checks as stored: %v", o.Name, fe)
		}
		if o.Name == "Gemeente Tilburg" || o.Name == "Gemeente Heusden" {
			if b := o.BezwaarAdres().Straat; len(b) < 7 || b[:7] != "Postbus" {
				t.Errorf("%s: bezwaar address %q, want a postbus", o.Name, b)
			}
		}
	}
}
