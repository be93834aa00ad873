package document

import (
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// AfzenderVan is the sender of a letter that org writes for gemeente: the
// municipality's name heads the letter, org (a Toegang team, a GI, a
// provider, or the municipality itself) is the department, and the address
// and phone number printed are org's. A municipality's bezwaar address goes
// into the objection clause of its beschikking. Pass the same organisation
// twice for a letter an organisation writes in its own name (a GI's).
func AfzenderVan(gemeente, org organisation.Organisation) Afzender {
	a := Afzender{
		Gemeente: gemeente.Name,
		Adres:    org.Adres.Straat,
		Postcode: org.Adres.Postcode,
		Plaats:   org.Adres.Plaats,
		Telefoon: org.Telefoon,
	}
	if org.ID != gemeente.ID {
		a.Afdeling = org.Name
	}
	if gemeente.Kind == organisation.Gemeente {
		a.BezwaarAdres = gemeente.BezwaarAdres().String()
	}
	return a
}

// adresRegel is the sender's postal address on one line, "" when it has
// none: "Stadhuisplein 130, 5038 TC Tilburg".
func (a Afzender) adresRegel() string {
	return joinNonEmpty(", ", line(a.Adres), strings.TrimSpace(line(a.Postcode)+" "+line(a.Plaats)))
}
