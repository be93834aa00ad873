// Package organisation holds the organisations of a region: municipalities
// (with the host municipality), Toegang teams, certified institutions (GI),
// medical practices, providers, the segment-1 intake desk, the crisis
// service and the region itself. Every user belongs to exactly one.
package organisation

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Kind is the type of an organisation.
type Kind string

const (
	Gemeente     Kind = "gemeente"
	Toegang      Kind = "toegang"
	GI           Kind = "gi"
	Medisch      Kind = "medisch"
	Aanbieder    Kind = "aanbieder"
	Aanmeldpunt  Kind = "aanmeldpunt"
	Crisisdienst Kind = "crisisdienst"
	Regio        Kind = "regio"
	// Consortium is a segment-1 samenwerkingsverband (seed 004): the
	// contract partner whose members (Members) deliver the care.
	Consortium Kind = "consortium"
)

// Kinds lists every kind with its Dutch label.
func Kinds() []struct {
	Kind  Kind
	Label string
} {
	return []struct {
		Kind  Kind
		Label string
	}{
		{Gemeente, "Gemeente"}, {Toegang, "Toegang (wijkteam)"}, {GI, "Gecertificeerde instelling"},
		{Medisch, "Medisch domein"}, {Aanbieder, "Jeugdhulpaanbieder"}, {Aanmeldpunt, "Aanmeldpunt segment 1"},
		{Crisisdienst, "Crisisdienst"}, {Regio, "Regio"}, {Consortium, "Samenwerkingsverband segment 1"},
	}
}

// Label is the Dutch name of k.
func (k Kind) Label() string {
	for _, x := range Kinds() {
		if x.Kind == k {
			return x.Label
		}
	}
	return string(k)
}

// Organisation is one organisation.
type Organisation struct {
	ID   int64
	Name string
	Kind Kind
	// CBSCode is the four-digit CBS code of a municipality.
	CBSCode string
	// AGBCode is the eight-digit AGB code of a provider.
	AGBCode string
	// MunicipalityID: the municipality a Toegang team works for.
	MunicipalityID int64
	// Host: the region's host municipality, which sends allocation
	// messages for all municipalities (R-ROUTE-2).
	Host bool
	// GIKind is which certified institution a GI is (JBB, WSG, LDH): after
	// a bepaling of JBB the provider always sends a verzoek om toewijzing;
	// after one of WSG or LDH only for care starting on or after
	// 1 September 2019 (seed 001, step 7).
	GIKind string
	// RegionID is the region the organisation works in (Regions).
	RegionID int64
	// Contact is the postal address and phone number printed on the
	// organisation's letters; Bezwaar is, for a municipality, where
	// objections go (see Contact.BezwaarAdres).
	Contact
	CreatedAt time.Time
}

// FieldErrors maps a form field to a Dutch message.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	var parts []string
	for k, v := range fe {
		parts = append(parts, k+": "+v)
	}
	return strings.Join(parts, "; ")
}

var (
	cbsRe = regexp.MustCompile(`^[0-9]{4}$`)
	agbRe = regexp.MustCompile(`^[0-9]{8}$`)
)

// Validate checks o and returns the problems per field, or nil.
func (o *Organisation) Validate() FieldErrors {
	fe := FieldErrors{}
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" {
		fe["name"] = "Vul de naam van de organisatie in."
	} else if len([]rune(o.Name)) > 200 {
		fe["name"] = "De naam mag hoogstens 200 tekens lang zijn."
	}
	if o.Kind.Label() == string(o.Kind) {
		fe["kind"] = "Kies een soort organisatie."
	}
	if o.Kind == Gemeente && !cbsRe.MatchString(o.CBSCode) {
		fe["cbs_code"] = "Een gemeente heeft een CBS-code van vier cijfers, bijvoorbeeld 0855."
	}
	if o.Kind != Gemeente && o.CBSCode != "" {
		fe["cbs_code"] = "Alleen een gemeente heeft een CBS-code."
	}
	if o.Kind == Aanbieder && !agbRe.MatchString(o.AGBCode) {
		fe["agb_code"] = "Een jeugdhulpaanbieder heeft een AGB-code van acht cijfers."
	}
	switch {
	case o.Kind == GI && o.GIKind != "JBB" && o.GIKind != "WSG" && o.GIKind != "LDH":
		fe["gi_kind"] = "Kies welke gecertificeerde instelling dit is: JBB, WSG of LDH."
	case o.Kind != GI && o.GIKind != "":
		fe["gi_kind"] = "Alleen een gecertificeerde instelling heeft een GI-soort."
	}
	if o.Host && o.Kind != Gemeente {
		fe["host"] = "Alleen een gemeente kan gastheergemeente zijn."
	}
	o.Contact.validate(o.Kind, fe)
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// ErrNotFound: no organisation with that id.
var ErrNotFound = errors.New("organisation: not found")

// Store reads and writes organisations.
type Store struct{ DB *database.DB }

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Create validates and inserts o and returns its id.
func (s *Store) Create(ctx context.Context, o Organisation) (int64, error) {
	if fe := o.Validate(); fe != nil {
		return 0, fe
	}
	var id int64
	err := s.DB.Do(ctx, func(tx *database.Tx) error {
		var err error
		if o.RegionID == 0 {
			// An installation with one region needs no choice.
			if err := tx.QueryRow(ctx, "SELECT COALESCE(MIN(id), 0) FROM regions").Scan(&o.RegionID); err != nil {
				return err
			}
		}
		if o.Host {
			var other int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE host_municipality = ? AND region_id = ?", true, nullID(o.RegionID)).Scan(&other); err != nil {
				return err
			}
			if other > 0 {
				return FieldErrors{"host": "Deze regio heeft al een gastheergemeente."}
			}
		}
		id, err = tx.InsertID(ctx, `INSERT INTO organisations (name, kind, cbs_code, agb_code, municipality_id, host_municipality, gi_kind,
			address, postcode, city, phone, bezwaar_address, bezwaar_postcode, bezwaar_city, created_at, region_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.Name, string(o.Kind), nullStr(o.CBSCode), nullStr(o.AGBCode), nullID(o.MunicipalityID), o.Host, o.GIKind,
			o.Adres.Straat, o.Adres.Postcode, o.Adres.Plaats, o.Telefoon, o.Bezwaar.Straat, o.Bezwaar.Postcode, o.Bezwaar.Plaats, time.Now().UTC(), nullID(o.RegionID))
		return err
	})
	var fe FieldErrors
	if errors.As(err, &fe) {
		return 0, fe
	}
	if database.IsUniqueViolation(err) {
		return 0, FieldErrors{"name": "Er bestaat al een organisatie met deze naam of CBS-code."}
	}
	if err != nil {
		return 0, fmt.Errorf("create organisation %q: %w", o.Name, err)
	}
	return id, nil
}

const selectOrg = `SELECT id, name, kind, COALESCE(cbs_code, ''), COALESCE(agb_code, ''), COALESCE(municipality_id, 0), host_municipality, gi_kind,
	address, postcode, city, phone, bezwaar_address, bezwaar_postcode, bezwaar_city, created_at, COALESCE(region_id, 0) FROM organisations`

func scanOrg(sc interface{ Scan(...any) error }) (Organisation, error) {
	var o Organisation
	var kind string
	err := sc.Scan(&o.ID, &o.Name, &kind, &o.CBSCode, &o.AGBCode, &o.MunicipalityID, &o.Host, &o.GIKind,
		&o.Adres.Straat, &o.Adres.Postcode, &o.Adres.Plaats, &o.Telefoon, &o.Bezwaar.Straat, &o.Bezwaar.Postcode, &o.Bezwaar.Plaats, &o.CreatedAt, &o.RegionID)
	o.Kind = Kind(kind)
	return o, err
}

// List returns all organisations ordered by kind and name; kind "" means all.
func (s *Store) List(ctx context.Context, kind Kind) ([]Organisation, error) {
	return s.ListIn(ctx, 0, kind)
}

// ListIn returns the organisations of region regionID (0: every region)
// ordered by kind and name; kind "" means all kinds.
func (s *Store) ListIn(ctx context.Context, regionID int64, kind Kind) ([]Organisation, error) {
	q, args := selectOrg+" WHERE 1 = 1", []any{}
	if kind != "" {
		q += " AND kind = ?"
		args = append(args, string(kind))
	}
	if regionID != 0 {
		q += " AND region_id = ?"
		args = append(args, regionID)
	}
	rows, err := s.DB.Query(ctx, q+" ORDER BY kind, name", args...)
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	defer rows.Close()
	var out []Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Get returns the organisation with id.
func (s *Store) Get(ctx context.Context, id int64) (Organisation, error) { return Get(ctx, s.DB, id) }

// Get returns the organisation with id, read through q (a transaction
// of the caller's, or the database).
func Get(ctx context.Context, q database.Querier, id int64) (Organisation, error) {
	o, err := scanOrg(q.QueryRow(ctx, selectOrg+" WHERE id = ?", id))
	if errors.Is(err, database.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("get organisation %d: %w", id, err)
	}
	return o, nil
}

// Count returns the number of organisations.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM organisations").Scan(&n)
	return n, err
}

// Beschikkingsvrij reports whether municipality id issues no beschikking on
// the referral route (R-ROUTE-3); without a rule it issues one.
func Beschikkingsvrij(ctx context.Context, q database.Querier, municipalityID int64, route string) (bool, error) {
	var vrij bool
	err := q.QueryRow(ctx, "SELECT beschikkingsvrij FROM route_rules WHERE municipality_id = ? AND route = ?", municipalityID, route).Scan(&vrij)
	if errors.Is(err, database.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("route rule of municipality %d: %w", municipalityID, err)
	}
	return vrij, nil
}

// SetBeschikkingsvrij records whether municipality id issues a beschikking
// on the route.
func (s *Store) SetBeschikkingsvrij(ctx context.Context, municipalityID int64, route string, vrij bool) error {
	return s.DB.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM route_rules WHERE municipality_id = ? AND route = ?", municipalityID, route); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO route_rules (municipality_id, route, beschikkingsvrij) VALUES (?, ?, ?)", municipalityID, route, vrij)
		return err
	})
}
