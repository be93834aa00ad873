package client

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// ErrNotFound means: no such client, or not one the user may see. The two
// are deliberately the same to the user.
var ErrNotFound = errors.New("client: not found")

// Store reads and writes clients through the access gate. It is the only
// place with SQL on the clients table.
type Store struct {
	Gate *access.Gate
	Now  func() time.Time
}

// NewStore returns a Store behind gate.
func NewStore(gate *access.Gate) *Store { return &Store{Gate: gate, Now: time.Now} }

const selectClient = `SELECT c.id, c.bsn, c.given_name, c.tussenvoegsel, c.family_name, c.geslacht, c.birth_date, c.street, c.house_number, c.postcode, c.city,
c.municipality_id, m.name, c.created_at, c.updated_at FROM clients c JOIN organisations m ON m.id = c.municipality_id`

func scan(sc interface{ Scan(...any) error }) (Client, error) {
	var c Client
	var tv sql.NullString
	err := sc.Scan(&c.ID, &c.BSN, &c.GivenName, &tv, &c.FamilyName, &c.Geslacht, &c.BirthDate, &c.Street, &c.HouseNumber, &c.Postcode, &c.City,
		&c.MunicipalityID, &c.MunicipalityName, &c.CreatedAt, &c.UpdatedAt)
	c.Tussenvoegsel, c.TussenvoegselKnown = tv.String, tv.Valid
	return c, err
}

// apply hides the parts of c that the viewer's roles do not need.
func apply(c Client, v access.View) Client {
	if !v.BSN {
		c.BSN = ""
	}
	if !v.Address {
		c.Street, c.HouseNumber, c.Postcode, c.City = "", "", "", ""
	}
	return c
}

func mapErr(err error) error {
	if errors.Is(err, access.ErrRefused) {
		return ErrNotFound
	}
	return err
}

// Get reads one client for p, with the purpose p gave.
func (s *Store) Get(ctx context.Context, p access.Principal, id int64, purpose access.Purpose) (Client, error) {
	c, _, err := s.get(ctx, p, id, purpose, false, nil)
	return c, err
}

// Record is a youth's page: the record, the parents and custodians as far
// as the reader's roles see them, and the most recent entries of the access
// log.
type Record struct {
	Client
	Relations []Relation
	Trail     []access.Entry
}

// GetWithTrail reads one client together with its parents and custodians
// and the most recent entries of its access log (the client page shows who
// looked), as one logged read. The parents are left out for a reader whose
// roles do not see the family, their phone and e-mail for one who does not
// see contact details (access.PartGezin, access.PartContact).
func (s *Store) GetWithTrail(ctx context.Context, p access.Principal, id int64, purpose access.Purpose) (Record, error) {
	var rec Record
	var err error
	rec.Client, rec.Trail, err = s.get(ctx, p, id, purpose, true, &rec.Relations)
	return rec, err
}

// get reads client id for p; with trail its recent access log, and into
// rels (when not nil) the relations p's roles may see.
func (s *Store) get(ctx context.Context, p access.Principal, id int64, purpose access.Purpose, trail bool, rels *[]Relation) (Client, []access.Entry, error) {
	var c Client
	var entries []access.Entry
	err := s.Gate.ClientRead(ctx, p, id, access.Op{Action: access.Lezen, Object: "client", Purpose: purpose}, func(q database.Querier, v access.View) error {
		var err error
		c, err = scan(q.QueryRow(ctx, selectClient+" WHERE c.id = ?", id))
		if err != nil {
			return fmt.Errorf("read client %d: %w", id, err)
		}
		c = apply(c, v)
		if rels == nil || !p.Sees(access.PartGezin) {
			return nil
		}
		rs, err := Relations(ctx, q, id)
		if err != nil {
			return err
		}
		if !p.Sees(access.PartContact) {
			for i := range rs {
				rs[i].Phone, rs[i].Email = "", ""
			}
		}
		*rels = rs
		return nil
	})
	if err == nil && trail && p.Sees(access.PartToegangslog) {
		// The youth's access log is for the privacy officer and the
		// administrator only (issue 12).
		// The trail is log data, read only after the gate allowed and logged
		// this read; on the read pool, so that it never holds up the writer.
		entries, err = access.Entries(ctx, s.Gate.DB, access.Filter{ClientID: id, Limit: 50})
	}
	return c, entries, mapErr(err)
}

// List returns the clients p's organisation is involved with, ordered by
// name, at most limit; each client shown is logged.
func (s *Store) List(ctx context.Context, p access.Principal, purpose access.Purpose, limit int) ([]Client, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	var out []Client
	err := s.Gate.List(ctx, p, access.Op{Action: access.Lijst, Object: "client", Purpose: purpose}, func(tx *database.Tx, sc access.Scope, v access.View) ([]int64, error) {
		cond, arg := sc.Where("c")
		rows, err := tx.Query(ctx, selectClient+" WHERE "+cond+" ORDER BY c.family_name, c.given_name, c.id LIMIT ?", arg, limit)
		if err != nil {
			return nil, fmt.Errorf("list clients: %w", err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			c, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, apply(c, v))
			ids = append(ids, c.ID)
		}
		return ids, rows.Err()
	})
	return out, mapErr(err)
}

// ErrDuplicateBSN: a client with this BSN exists already.
var ErrDuplicateBSN = FieldErrors{"bsn": "Er is al een jeugdige met dit BSN geregistreerd. Vraag de organisatie die de jeugdige begeleidt om u te betrekken."}

func (s *Store) checkMunicipality(ctx context.Context, tx *database.Tx, id int64) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE id = ? AND kind = 'gemeente'", id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return FieldErrors{"gemeente_id": "Kies een bestaande gemeente."}
	}
	return nil
}

// FindOrInsert returns the id of the youth with c's BSN, or registers c
// and returns its new id; existing tells which. It runs inside the gate's
// Register transaction: a request for a known youth opens a new trajectory
// on the existing record (a returning youth, a second route) and leaves
// the record as it is.
func (s *Store) FindOrInsert(ctx context.Context, tx *database.Tx, c Client, now time.Time) (id int64, existing bool, err error) {
	err = tx.QueryRow(ctx, "SELECT id FROM clients WHERE bsn = ?", c.BSN).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, database.ErrNoRows) {
		return 0, false, fmt.Errorf("find client by BSN: %w", err)
	}
	id, err = s.insert(ctx, tx, c, now)
	return id, false, err
}

// Find returns the id of the youth with this BSN, inside the gate's
// Register transaction, or ErrNotFound: a report for a known youth (the
// crisis service's) may name only the BSN.
func (s *Store) Find(ctx context.Context, tx *database.Tx, bsn string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM clients WHERE bsn = ?", bsn).Scan(&id)
	if errors.Is(err, database.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("find client by BSN: %w", err)
	}
	return id, nil
}

func (s *Store) insert(ctx context.Context, tx *database.Tx, c Client, now time.Time) (int64, error) {
	if err := s.checkMunicipality(ctx, tx, c.MunicipalityID); err != nil {
		return 0, err
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM clients WHERE bsn = ?", c.BSN).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, ErrDuplicateBSN
	}
	if c.Geslacht == "" {
		c.Geslacht = GeslachtOnbekend
	}
	return tx.InsertID(ctx, `INSERT INTO clients (bsn, given_name, tussenvoegsel, family_name, geslacht, birth_date, street, house_number, postcode, city, municipality_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.BSN, c.GivenName, c.Tussenvoegsel, c.FamilyName, c.Geslacht, c.BirthDate.Format("2006-01-02"),
		c.Street, c.HouseNumber, c.Postcode, c.City, c.MunicipalityID, now, now)
}

// AddressInput is a change of address.
type AddressInput struct {
	Street         string `json:"straat"`
	HouseNumber    string `json:"huisnummer"`
	Postcode       string `json:"postcode"`
	City           string `json:"woonplaats"`
	MunicipalityID int64  `json:"gemeente_id"`
}

// UpdateAddress changes a client's address and responsible municipality.
func (s *Store) UpdateAddress(ctx context.Context, p access.Principal, id int64, in AddressInput, purpose access.Purpose) error {
	now := s.Now().UTC()
	var c Client
	fe := FieldErrors{}
	validateAddress(fe, &c, in.Street, in.HouseNumber, in.Postcode, in.City, in.MunicipalityID)
	if len(fe) > 0 {
		return fe
	}
	err := s.Gate.Client(ctx, p, id, access.Op{Action: access.Wijzigen, Object: "client.adres", Purpose: purpose}, func(tx *database.Tx, _ access.View) error {
		if err := s.checkMunicipality(ctx, tx, c.MunicipalityID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE clients SET street = ?, house_number = ?, postcode = ?, city = ?, municipality_id = ?, updated_at = ? WHERE id = ?",
			c.Street, c.HouseNumber, c.Postcode, c.City, c.MunicipalityID, now, id)
		return err
	})
	return mapErr(err)
}

// Count returns how many clients p's organisation is involved with.
func (s *Store) Count(ctx context.Context, p access.Principal) (int, error) {
	return s.Gate.Count(ctx, p, func(sc access.Scope) (int, error) {
		// The links' index on (organisation_id, client_id) answers this
		// without touching clients.
		var n int
		err := s.Gate.DB.QueryRow(ctx, "SELECT COUNT(DISTINCT client_id) FROM trajectory_links WHERE organisation_id = ?", sc.OrgID()).Scan(&n)
		if err != nil {
			return 0, fmt.Errorf("count clients for organisation %d: %w", p.OrgID, err)
		}
		return n, nil
	})
}

// InTx reads a client inside a transaction the Gate handed out for it,
// shaped by the viewer's view.
func (s *Store) InTx(ctx context.Context, tx *database.Tx, id int64, v access.View) (Client, error) {
	return Read(ctx, tx, id, v)
}

// Read reads a client through q, a transaction the Gate handed out for it,
// shaped by the view.
func Read(ctx context.Context, q database.Querier, id int64, v access.View) (Client, error) {
	c, err := scan(q.QueryRow(ctx, selectClient+" WHERE c.id = ?", id))
	if err != nil {
		return c, fmt.Errorf("read client %d: %w", id, err)
	}
	return apply(c, v), nil
}
