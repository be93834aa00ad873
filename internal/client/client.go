// Package client holds the youths (jeugdigen) whose care jeugdhulp carries:
// their identity (BSN, name, birth date), address and responsible
// municipality. A client's data is special-category personal data about a
// child: every function here that reads or writes it goes through the
// access.Gate, which checks need-to-know and writes the access log.
package client

import (
	"regexp"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
)

// Client is a youth.
type Client struct {
	ID            int64
	BSN           string
	GivenName     string
	Tussenvoegsel string // "van der" in Jan van der Berg; "" when none
	FamilyName    string // without the tussenvoegsel
	// TussenvoegselKnown is false for a record made before the
	// tussenvoegsel was asked: its FamilyName may still hold one.
	TussenvoegselKnown bool
	Geslacht           string // COD046: 0 onbekend, 1 man, 2 vrouw
	BirthDate          time.Time
	Street             string
	HouseNumber        string
	Postcode           string
	City               string
	MunicipalityID     int64
	MunicipalityName   string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Name is the full name as Dutch practice writes it: "Voornaam
// tussenvoegsel Achternaam".
func (c Client) Name() string { return FullName(c.GivenName, c.Tussenvoegsel, c.FamilyName) }

// Geslachtsnaam is the family name as iJw records it (IV007): the
// voorvoegsel and the rest. A recorded tussenvoegsel is used as it is;
// only a record from before the tussenvoegsel was asked has its family
// name split on the leading words in lower case (SplitFamilyName).
func (c Client) Geslachtsnaam() (voorvoegsel, achternaam string) {
	if c.TussenvoegselKnown {
		return c.Tussenvoegsel, c.FamilyName
	}
	return SplitFamilyName(c.FamilyName)
}

// AgeOn returns the age in whole years on day d: someone born on 29 February
// turns a year older on 1 March in a non-leap year.
func (c Client) AgeOn(d time.Time) int {
	return AgeOn(c.BirthDate, d)
}

// AgeOn returns the age in whole years of someone born on birth, on day d.
func AgeOn(birth, d time.Time) int {
	by, bm, bd := birth.Date()
	y, m, dd := d.Date()
	age := y - by
	if m < bm || (m == bm && dd < bd) {
		age--
	}
	return age
}

// ValidBSN reports whether s is a burgerservicenummer: nine digits that pass
// the 11-proof (9·d1 + 8·d2 + … + 2·d8 − 1·d9 is divisible by 11 and not 0).
func ValidBSN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(c-'0')
	}
	return sum != 0 && sum%11 == 0
}

// Input is a client as typed into a form or sent to the API.
type Input struct {
	BSN            string `json:"bsn"`
	GivenName      string `json:"voornaam"`
	Tussenvoegsel  string `json:"tussenvoegsel,omitempty"`
	FamilyName     string `json:"achternaam"`
	Geslacht       string `json:"geslacht,omitempty"` // COD046; "" is 0 onbekend
	BirthDate      string `json:"geboortedatum"`      // YYYY-MM-DD
	Street         string `json:"straat"`
	HouseNumber    string `json:"huisnummer"`
	Postcode       string `json:"postcode"`
	City           string `json:"woonplaats"`
	MunicipalityID int64  `json:"gemeente_id"`
}

// FieldErrors maps a field to a Dutch message: invoer.Fouten, the one type
// of field errors every face maps (422 with "fouten" on the API).
type FieldErrors = invoer.Fouten

var (
	postcodeRe = regexp.MustCompile(`^[1-9][0-9]{3} ?[A-Z]{2}$`)
	houseNrRe  = regexp.MustCompile(`^[1-9][0-9]{0,4}( ?[A-Za-z0-9-]{1,6})?$`)
)

// naam is the rule for a name, street or place: one line, something
// visible, at most 100 characters, and no angle brackets (a name is never
// markup).
func naam(label string) invoer.Tekst {
	return invoer.Tekst{Label: label, Max: 100, Verplicht: true, Verboden: "<>"}
}

func text(fe FieldErrors, field, label, v string) string {
	return fe.Tekst(field, naam(label), v)
}

// Validate checks in as of day today and returns the client, or the
// problems per field.
func (in Input) Validate(today time.Time) (Client, FieldErrors) {
	fe := FieldErrors{}
	c := Client{MunicipalityID: in.MunicipalityID}
	c.BSN = strings.ReplaceAll(strings.TrimSpace(in.BSN), ".", "")
	if !ValidBSN(c.BSN) {
		fe["bsn"] = "Dit is geen geldig BSN: een BSN heeft negen cijfers en voldoet aan de elfproef."
	}
	c.GivenName = text(fe, "voornaam", "de voornaam", in.GivenName)
	c.Tussenvoegsel = enkel(fe.Tekst("tussenvoegsel", tekstTussenvoegsel, in.Tussenvoegsel))
	c.TussenvoegselKnown = true
	c.FamilyName = text(fe, "achternaam", "de achternaam", in.FamilyName)
	c.Geslacht = geslacht(fe, "geslacht", "het geslacht van de jeugdige", in.Geslacht)
	bd, _ := time.Parse("2006-01-02", strings.TrimSpace(in.BirthDate))
	fe.Zet("geboortedatum", invoer.Geboortedatum(bd, today))
	c.BirthDate = bd
	validateAddress(fe, &c, in.Street, in.HouseNumber, in.Postcode, in.City, in.MunicipalityID)
	if len(fe) == 0 {
		return c, nil
	}
	return c, fe
}

// validateAddress checks the address fields into c and fe.
func validateAddress(fe FieldErrors, c *Client, street, houseNumber, postcode, city string, municipalityID int64) {
	c.MunicipalityID = municipalityID
	c.Street = text(fe, "straat", "de straat", street)
	c.HouseNumber = strings.TrimSpace(houseNumber)
	if !houseNrRe.MatchString(c.HouseNumber) {
		fe["huisnummer"] = "Vul een huisnummer in, eventueel met toevoeging, bijvoorbeeld 12 of 12A."
	}
	c.Postcode = strings.ToUpper(strings.TrimSpace(postcode))
	if !postcodeRe.MatchString(c.Postcode) {
		fe["postcode"] = "Vul een postcode in als 1234 AB."
	} else if len(c.Postcode) == 6 {
		c.Postcode = c.Postcode[:4] + " " + c.Postcode[4:]
	}
	c.City = text(fe, "woonplaats", "de woonplaats", city)
	if municipalityID <= 0 {
		fe["gemeente_id"] = "Kies de gemeente waar de jeugdige woont."
	}
}
