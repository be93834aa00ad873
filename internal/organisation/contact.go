package organisation

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Postadres is a Dutch postal address: street and house number (or a
// postbus), postcode and place.
type Postadres struct {
	Straat   string // e.g. "Stadhuisplein 130" or "Postbus 90155"
	Postcode string // e.g. "5038 TC"
	Plaats   string
}

// Leeg reports whether no part of a is filled in.
func (a Postadres) Leeg() bool { return a.Straat == "" && a.Postcode == "" && a.Plaats == "" }

// Regels are the address's lines as printed on an envelope, without empty
// ones: "Stadhuisplein 130", "5038 TC  Tilburg".
func (a Postadres) Regels() []string {
	var out []string
	if a.Straat != "" {
		out = append(out, a.Straat)
	}
	if pp := strings.TrimSpace(a.Postcode + "  " + a.Plaats); pp != "" {
		out = append(out, pp)
	}
	return out
}

// String is the address on one line: "Stadhuisplein 130, 5038 TC Tilburg".
func (a Postadres) String() string {
	pp := strings.TrimSpace(a.Postcode + " " + a.Plaats)
	if a.Straat == "" || pp == "" {
		return a.Straat + pp
	}
	return a.Straat + ", " + pp
}

// Contact is how an organisation is reached by post and phone. It is data
// on the organisation, kept by the administrator, and printed on the
// letters the organisation sends (issue 13).
type Contact struct {
	Adres    Postadres
	Telefoon string // e.g. "14 013" or "013 - 542 00 00"
	// Bezwaar is where a municipality receives objections to its
	// decisions (bezwaarschriften); empty means Adres. Only a municipality
	// has one.
	Bezwaar Postadres
}

// BezwaarAdres is where objections to the municipality's decisions go: the
// bezwaar address when it is set, otherwise the postal address.
func (c Contact) BezwaarAdres() Postadres {
	if !c.Bezwaar.Leeg() {
		return c.Bezwaar
	}
	return c.Adres
}

var (
	postcodeRe = regexp.MustCompile(`^([1-9][0-9]{3}) ?([A-Za-z]{2})$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9][0-9 ()-]*[0-9]$`)
)

// normalise trims every field and writes a postcode as "1234 AB".
func (a *Postadres) normalise() {
	a.Straat = strings.Join(strings.Fields(a.Straat), " ")
	a.Plaats = strings.Join(strings.Fields(a.Plaats), " ")
	a.Postcode = strings.TrimSpace(a.Postcode)
	if m := postcodeRe.FindStringSubmatch(a.Postcode); m != nil {
		a.Postcode = m[1] + " " + strings.ToUpper(m[2])
	}
}

// validate checks one address; the form fields are prefix+"_address",
// prefix+"_postcode" and prefix+"_city" (prefix "" for the postal address).
func (a *Postadres) validate(prefix string, fe FieldErrors) {
	a.normalise()
	if a.Leeg() {
		return
	}
	f := func(name string) string { return strings.TrimPrefix(prefix+"_"+name, "_") }
	if a.Straat == "" {
		fe[f("address")] = "Vul de straat en het huisnummer in, of een postbus."
	} else if len([]rune(a.Straat)) > 100 {
		fe[f("address")] = "De straat mag hoogstens 100 tekens lang zijn."
	}
	if !postcodeRe.MatchString(a.Postcode) {
		fe[f("postcode")] = "Vul een postcode in van vier cijfers en twee letters, bijvoorbeeld 5038 TC."
	}
	if a.Plaats == "" {
		fe[f("city")] = "Vul de plaats in."
	} else if len([]rune(a.Plaats)) > 80 {
		fe[f("city")] = "De plaats mag hoogstens 80 tekens lang zijn."
	}
}

// validate checks c for an organisation of kind k and normalises it.
func (c *Contact) validate(k Kind, fe FieldErrors) {
	c.Adres.validate("", fe)
	c.Bezwaar.validate("bezwaar", fe)
	c.Telefoon = strings.Join(strings.Fields(c.Telefoon), " ")
	if c.Telefoon != "" {
		digits := 0
		for _, r := range c.Telefoon {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		// 14 + area code (e.g. "14 013") has five digits; a full number ten
		// or, with a country code, up to fifteen.
		if !phoneRe.MatchString(c.Telefoon) || digits < 5 || digits > 15 {
			fe["phone"] = "Vul een telefoonnummer in met alleen cijfers, spaties en streepjes, bijvoorbeeld 013 - 542 00 00 of 14 013."
		}
	}
	if k != Gemeente && !c.Bezwaar.Leeg() {
		fe["bezwaar_address"] = "Alleen een gemeente heeft een adres voor bezwaarschriften."
	}
}

// Validate checks c for an organisation of kind k, normalises it (a
// postcode as "1234 AB") and returns the problems per form field, or nil.
func (c *Contact) Validate(k Kind) FieldErrors {
	fe := FieldErrors{}
	c.validate(k, fe)
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// SetContact validates and records the postal address, phone number and
// (for a municipality) bezwaar address of organisation id.
func (s *Store) SetContact(ctx context.Context, id int64, c Contact) error {
	o, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if fe := c.Validate(o.Kind); fe != nil {
		return fe
	}
	err = s.DB.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE organisations SET address = ?, postcode = ?, city = ?, phone = ?,
			bezwaar_address = ?, bezwaar_postcode = ?, bezwaar_city = ? WHERE id = ?`,
			c.Adres.Straat, c.Adres.Postcode, c.Adres.Plaats, c.Telefoon, c.Bezwaar.Straat, c.Bezwaar.Postcode, c.Bezwaar.Plaats, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("set contact of organisation %d: %w", id, err)
	}
	return nil
}
