package document

import (
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// AfzenderVan is the sender of a letter that org writes about a youth of
// municipality gemeente. A Toegang team writes for its municipality: the
// municipality's name heads the letter and the team is the department. The
// municipality itself heads its own letters (its beschikking). Any other
// organisation (a GI, a provider) writes in its own name, since it is no
// part of the municipality. The address and phone printed are always org's;
// a municipality's bezwaar address goes into the objection clause of its
// beschikking.
func AfzenderVan(gemeente, org organisation.Organisation) Afzender {
	a := Afzender{
		Gemeente: org.Name,
		Adres:    org.Adres.Straat,
		Postcode: org.Adres.Postcode,
		Plaats:   org.Adres.Plaats,
		Telefoon: org.Telefoon,
	}
	switch org.Kind {
	case organisation.Toegang:
		a.Gemeente, a.Afdeling = gemeente.Name, org.Name
		a.BezwaarAdres = gemeente.BezwaarAdres().String()
	case organisation.Gemeente:
		a.BezwaarAdres = org.BezwaarAdres().String()
	}
	return a
}

// adresRegel is the sender's postal address on one line, "" when it has
// none: "Stadhuisplein 130, 5038 TC Tilburg".
func (a Afzender) adresRegel() string {
	return joinNonEmpty(", ", line(a.Adres), strings.TrimSpace(line(a.Postcode)+" "+line(a.Plaats)))
}
