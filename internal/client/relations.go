package client

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
)

// Relation is a parent or custodian of a youth. Its name is recorded in
// parts as iJw asks (IV007); Name is the display name made of them. A
// relation recorded before the parts were asked has only Name.
type Relation struct {
	// ID is the row's number: the JW301's Relatie Nummer, unique per
	// youth and never changed (OP071).
	ID            int64  `json:"-"`
	Voornamen     string `json:"voornamen"`
	Voorletters   string `json:"voorletters,omitempty"`
	Tussenvoegsel string `json:"tussenvoegsel,omitempty"`
	Achternaam    string `json:"achternaam"`
	Geslacht      string `json:"geslacht"` // COD046: 0 onbekend, 1 man, 2 vrouw
	// Relation is the relation in a word (ouder, voogd, pleegouder); on
	// input also the COD472 code. Soort is its COD472 code.
	Relation string `json:"relatie"`
	Soort    string `json:"soort_relatie"`
	Gezag    bool   `json:"gezag"`
	Phone    string `json:"telefoon,omitempty"`
	Email    string `json:"email,omitempty"`
	// Name is the display name, "Voornamen tussenvoegsel Achternaam",
	// made from the parts; it is not read from input.
	Name string `json:"naam"`
}

// DisplayName is the name as Dutch practice writes it.
func (r Relation) DisplayName() string {
	if r.Achternaam == "" {
		return r.Name
	}
	return FullName(r.Voornamen, r.Tussenvoegsel, r.Achternaam)
}

// Geslachtsnaam is the family name as iJw records it; for a relation
// recorded as one name the last words from the first lower-case one
// (SplitFamilyName of all but the first word).
func (r Relation) Geslachtsnaam() (voorvoegsel, achternaam string) {
	if r.Achternaam != "" {
		return r.Tussenvoegsel, r.Achternaam
	}
	given, family := r.legacySplit()
	if family == "" {
		return "", given
	}
	return SplitFamilyName(family)
}

// GivenNames are the voornamen, for a relation recorded as one name its
// first word.
func (r Relation) GivenNames() string {
	if r.Achternaam != "" {
		return r.Voornamen
	}
	given, family := r.legacySplit()
	if family == "" {
		return ""
	}
	return given
}

// Initials are the voorletters: as typed, or from the voornamen.
func (r Relation) Initials() string {
	if r.Voorletters != "" {
		return r.Voorletters
	}
	return Initials(r.GivenNames())
}

func (r Relation) legacySplit() (string, string) {
	first, rest, _ := strings.Cut(strings.TrimSpace(r.Name), " ")
	return first, strings.TrimSpace(rest)
}

// RelationLabel is the word for a COD472 code.
func RelationLabel(code string) string {
	for _, s := range SoortenRelatie {
		if s.Code == code {
			return s.Label
		}
	}
	return "anders"
}

// SoortenRelatie are the codes of COD472 (LDT_SoortRelatie) a parent or
// custodian of a youth can have, in the order a form offers them.
var SoortenRelatie = []Code{
	{"10", "ouder"}, {"11", "voogd"}, {"13", "pleegouder"}, {"17", "familielid"}, {"18", "gezinslid"},
	{"15", "mentor"}, {"14", "bewindvoerder"}, {"03", "curator"}, {"09", "anders"},
}

// soort reads the relation typed as a COD472 code or its word.
func soort(v string) (string, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	switch v {
	case "moeder", "vader":
		return "10", true
	case "pleegmoeder", "pleegvader":
		return "13", true
	}
	for _, s := range SoortenRelatie {
		if v == s.Code || v == s.Label {
			return s.Code, true
		}
	}
	return "", false
}

var (
	tekstAchternaamOuder = invoer.Tekst{Label: "de achternaam", Max: 200, Verplicht: true, Verboden: "<>"}
	tekstTelefoon        = invoer.Tekst{Label: "het telefoonnummer", Max: 20}
	tekstEmail           = invoer.Tekst{Label: "het e-mailadres", Max: 80}
	telefoonTeken        = strings.NewReplacer(" ", "", "-", "", "(", "", ")", "", ".", "")
	nlTelefoon           = regexp.MustCompile(`^0[1-9][0-9]{8}$`)
	emailRe              = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// PhoneDigits is a Dutch phone number as iJw sends it: ten digits from
// the leading 0 (+31 and 0031 become 0); "" when p is not one.
func PhoneDigits(p string) string {
	d := telefoonTeken.Replace(strings.TrimSpace(p))
	switch {
	case strings.HasPrefix(d, "+31"):
		d = "0" + d[3:]
	case strings.HasPrefix(d, "0031"):
		d = "0" + d[4:]
	}
	if !nlTelefoon.MatchString(d) {
		return ""
	}
	return d
}

// CheckRelations checks the parents and custodians of a request for help
// and returns them cleaned: at least one; per relation an achternaam, a
// known relation (COD472) and geslacht (COD046), a Dutch phone number
// and an e-mail address when given. Problems are recorded in fe under
// "gezaghebbenden.I.field" (I from 0, as the API sends them), each
// message naming the parent by number when there are more.
func CheckRelations(fe FieldErrors, rs []Relation) []Relation {
	if len(rs) == 0 {
		fe.Zet("gezaghebbenden", "Vul minstens één ouder of gezaghebbende in.")
		return rs
	}
	out := make([]Relation, len(rs))
	for i, r := range rs {
		k := "gezaghebbenden." + strconv.Itoa(i) + "."
		wie := "van de ouder of gezaghebbende"
		if len(rs) > 1 {
			wie = "van ouder of gezaghebbende " + strconv.Itoa(i+1)
		}
		rfe := FieldErrors{}
		r.Voornamen = rfe.Tekst("voornamen", tekstVoornamen, r.Voornamen)
		r.Voorletters = cleanInitials(rfe.Tekst("voorletters", tekstVoorletters, r.Voorletters))
		if r.Voorletters == "" {
			r.Voorletters = Initials(r.Voornamen)
		} else if len([]rune(r.Voorletters)) > 6 {
			rfe.Zet("voorletters", "Vul hoogstens zes voorletters "+wie+" in.")
		}
		r.Tussenvoegsel = rfe.Tekst("tussenvoegsel", tekstTussenvoegsel, r.Tussenvoegsel)
		r.Achternaam = rfe.Tekst("achternaam", tekstAchternaamOuder, r.Achternaam)
		r.Voornamen, r.Tussenvoegsel, r.Achternaam = enkel(r.Voornamen), enkel(r.Tussenvoegsel), enkel(r.Achternaam)
		if r.Achternaam == "" && strings.TrimSpace(r.Name) != "" {
			// A client of the API from before the name was asked in parts.
			rfe["achternaam"] = "Vul de achternaam " + wie + " in: de naam gaat in delen (voornamen, tussenvoegsel, achternaam); het veld naam wordt bij invoer niet gelezen."
		}
		r.Geslacht = geslacht(rfe, "geslacht", "het geslacht "+wie, r.Geslacht)
		var ok bool
		if r.Soort, ok = soort(r.Relation); !ok {
			rfe.Zet("relatie", "Kies de relatie "+wie+" met de jeugdige: ouder, voogd, pleegouder, familielid, gezinslid, mentor, bewindvoerder, curator of anders.")
		} else {
			r.Relation = RelationLabel(r.Soort)
		}
		r.Phone = rfe.Tekst("telefoon", tekstTelefoon, r.Phone)
		if r.Phone != "" && PhoneDigits(r.Phone) == "" {
			rfe.Zet("telefoon", "Vul het telefoonnummer "+wie+" in als een Nederlands nummer van tien cijfers, bijvoorbeeld 013 123 45 67 of 06 12345678.")
		}
		r.Email = rfe.Tekst("email", tekstEmail, r.Email)
		if r.Email != "" && !emailRe.MatchString(r.Email) {
			rfe.Zet("email", "Vul het e-mailadres "+wie+" in als naam@voorbeeld.nl.")
		}
		for f, m := range rfe {
			// "Vul de achternaam in." → "Vul de achternaam van ouder of
			// gezaghebbende 2 in."
			switch rest, ok := strings.CutSuffix(m, " in."); {
			case strings.Contains(m, wie):
			case ok && strings.HasPrefix(m, "Vul "):
				m = rest + " " + wie + " in."
			default:
				m = strings.TrimSuffix(m, ".") + " (" + strings.TrimPrefix(wie, "van ") + ")."
			}
			fe.Zet(k+f, m)
		}
		r.ID = 0
		r.Name = r.DisplayName()
		out[i] = r
	}
	return out
}

// AddRelations adds the parents and custodians the youth's record does not
// have yet (by name), inside a transaction the gate handed out. rs are
// checked (CheckRelations).
func AddRelations(ctx context.Context, tx *database.Tx, clientID int64, rs []Relation) error {
	for _, r := range rs {
		name := r.DisplayName()
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM client_relations WHERE client_id = ? AND name = ?", clientID, name).Scan(&n); err != nil {
			return fmt.Errorf("relations of client %d: %w", clientID, err)
		}
		if n > 0 {
			continue
		}
		g := r.Geslacht
		if g == "" {
			g = GeslachtOnbekend
		}
		s := r.Soort
		if s == "" {
			s = "09"
		}
		if _, err := tx.Exec(ctx, `INSERT INTO client_relations (client_id, name, relation, gezag, phone, email, given_names, initials, tussenvoegsel, family_name, geslacht, soort)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			clientID, name, r.Relation, r.Gezag, r.Phone, r.Email, r.Voornamen, r.Voorletters, r.Tussenvoegsel, r.Achternaam, g, s); err != nil {
			return fmt.Errorf("add relation of client %d: %w", clientID, err)
		}
	}
	return nil
}

// Relations lists a youth's parents and custodians in the order they were
// registered, inside a transaction the gate handed out.
func Relations(ctx context.Context, q database.Querier, clientID int64) ([]Relation, error) {
	rows, err := q.Query(ctx, `SELECT id, name, relation, gezag, phone, email, given_names, initials, tussenvoegsel, family_name, geslacht, soort
		FROM client_relations WHERE client_id = ? ORDER BY id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("relations of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []Relation
	for rows.Next() {
		var r Relation
		if err := rows.Scan(&r.ID, &r.Name, &r.Relation, &r.Gezag, &r.Phone, &r.Email, &r.Voornamen, &r.Voorletters, &r.Tussenvoegsel, &r.Achternaam, &r.Geslacht, &r.Soort); err != nil {
			return nil, err
		}
		r.Name = r.DisplayName()
		out = append(out, r)
	}
	return out, rows.Err()
}

// TelNummer is the phone number for a tel: link, "+31131234567"; "" when
// it is not a Dutch number (then the number is shown without a link).
func (r Relation) TelNummer() string {
	d := PhoneDigits(r.Phone)
	if d == "" {
		return ""
	}
	return "+31" + d[1:]
}
