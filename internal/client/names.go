package client

import (
	"strings"
	"unicode"

	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
)

// This file holds the rules for names and gender as iJw records them
// (IV007): the geslachtsnaam in two parts, voorvoegsel (tussenvoegsel) and
// achternaam; voornamen and voorletters; geslacht by COD046.

// Geslacht codes (COD046).
const (
	GeslachtOnbekend = "0"
	GeslachtMan      = "1"
	GeslachtVrouw    = "2"
)

// Code is a code of an iJw code list with its Dutch label.
type Code struct{ Code, Label string }

// Geslachten are the codes of COD046 in the order a form offers them.
var Geslachten = []Code{{GeslachtVrouw, "Vrouw"}, {GeslachtMan, "Man"}, {GeslachtOnbekend, "Onbekend"}}

// GeslachtLabel is the Dutch word for a COD046 code.
func GeslachtLabel(code string) string {
	for _, g := range Geslachten {
		if g.Code == code {
			return g.Label
		}
	}
	return "Onbekend"
}

var (
	// tekstTussenvoegsel: iJw's LDT_Voorvoegsel holds at most 10
	// characters ("van der", "in 't", "de la").
	tekstTussenvoegsel = invoer.Tekst{Label: "het tussenvoegsel", Max: 10, Verboden: "<>"}
	// tekstVoornamen: iJw's LDT_Naam holds at most 200 characters.
	tekstVoornamen = invoer.Tekst{Label: "de voornamen", Max: 200, Verboden: "<>"}
	// tekstVoorletters: letters only, at most 6 (LDT_Voorletters); dots
	// and spaces are dropped ("J.P." is JP).
	tekstVoorletters = invoer.Tekst{Label: "de voorletters", Max: 20, Verboden: "<>"}
)

// geslacht checks a COD046 code typed for field; "" is 0 (onbekend). The
// words man, vrouw and onbekend are accepted too.
func geslacht(fe FieldErrors, field, label, v string) string {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "0", "onbekend":
		return GeslachtOnbekend
	case "1", "man", "m":
		return GeslachtMan
	case "2", "vrouw", "v":
		return GeslachtVrouw
	}
	fe.Zet(field, "Kies "+label+": vrouw (2), man (1) of onbekend (0).")
	return GeslachtOnbekend
}

// enkel puts one space between the words of a name typed with more.
func enkel(s string) string { return strings.Join(strings.Fields(s), " ") }

// FullName writes a name the Dutch way: "Voornaam tussenvoegsel
// Achternaam", without double spaces when a part is empty.
func FullName(given, tussenvoegsel, family string) string {
	return strings.Join(strings.Fields(given+" "+tussenvoegsel+" "+family), " ")
}

// SplitFamilyName splits a family name typed whole ("de Vries", "van der
// Berg") into voorvoegsel and achternaam at the leading words that start
// with a lower-case letter. It is the guess for records made before the
// tussenvoegsel was asked; "el Amrani" becomes voorvoegsel "el", which is
// why a new record asks for the tussenvoegsel on its own.
func SplitFamilyName(family string) (voorvoegsel, achternaam string) {
	fields := strings.Fields(family)
	i := 0
	for i < len(fields)-1 && unicode.IsLower([]rune(fields[i])[0]) {
		i++
	}
	return strings.Join(fields[:i], " "), strings.Join(fields[i:], " ")
}

// Initials are the voorletters of the given names as iJw writes them:
// the first letter of each name in capitals, no dots or spaces, at most
// six (LDT_Voorletters).
func Initials(given string) string {
	var out []rune
	for _, w := range strings.FieldsFunc(given, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '.' }) {
		for _, r := range w {
			if unicode.IsLetter(r) {
				out = append(out, unicode.ToUpper(r))
				break
			}
		}
	}
	if len(out) > 6 {
		out = out[:6]
	}
	return string(out)
}

// cleanInitials keeps the letters of typed voorletters ("j.p." → "JP").
func cleanInitials(v string) string {
	var out []rune
	for _, r := range v {
		if unicode.IsLetter(r) {
			out = append(out, unicode.ToUpper(r))
		}
	}
	return string(out)
}

// GeslachtLabel is the youth's gender in a word.
func (c Client) GeslachtLabel() string { return GeslachtLabel(c.Geslacht) }

// GeslachtLabel is the relation's gender in a word.
func (r Relation) GeslachtLabel() string { return GeslachtLabel(r.Geslacht) }
