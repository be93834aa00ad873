package access_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
)

type fixture struct {
	db                    *database.DB
	gate                  *access.Gate
	linked, other, client int64
}

func setup(t testing.TB) fixture {
	db := dbtest.New(t)
	ctx := context.Background()
	f := fixture{db: db, gate: access.NewGate(db)}
	now := time.Now().UTC()
	err := db.Do(ctx, func(tx *database.Tx) error {
		var err error
		if f.linked, err = tx.InsertID(ctx, "INSERT INTO organisations (name, kind, cbs_code, created_at) VALUES ('Gemeente Tilburg', 'gemeente', '0855', ?)", now); err != nil {
			return err
		}
		if f.other, err = tx.InsertID(ctx, "INSERT INTO organisations (name, kind, created_at) VALUES ('Andere aanbieder', 'aanbieder', ?)", now); err != nil {
			return err
		}
		if f.client, err = tx.InsertID(ctx, `INSERT INTO clients (bsn, given_name, family_name, birth_date, street, house_number, postcode, city, municipality_id, created_at, updated_at)
			VALUES ('111222333', 'Sanne', 'de Vries', '2013-04-25', 'Straat', '1', '5038 AB', 'Tilburg', ?, ?, ?)`, f.linked, now, now); err != nil {
			return err
		}
		return linkClient(ctx, tx, f.client, f.linked, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func principal(org int64, roles ...access.Role) access.Principal {
	return access.Principal{UserID: 7, Email: "a@example.nl", OrgID: org, OrgName: "Org", Roles: roles, Channel: "test", Source: "127.0.0.1"}
}

func entries(t *testing.T, f fixture) []access.Entry {
	t.Helper()
	var es []access.Entry
	err := f.db.Do(context.Background(), func(tx *database.Tx) error {
		var err error
		es, err = access.Entries(context.Background(), tx, access.Filter{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestGateAllowsLinkedAndLogsOnce(t *testing.T) {
	f := setup(t)
	ran := 0
	op := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Toewijzing}
	err := f.gate.Client(context.Background(), principal(f.linked, access.Backoffice), f.client, op, func(*database.Tx, access.View) error { ran++; return nil })
	if err != nil || ran != 1 {
		t.Fatalf("err %v, ran %d", err, ran)
	}
	es := entries(t, f)
	if len(es) != 1 {
		t.Fatalf("%d log entries, want 1", len(es))
	}
	e := es[0]
	if e.Outcome != access.Allowed || e.ClientID != f.client || e.UserID != 7 || e.OrgID != f.linked || e.Action != access.Lezen ||
		e.Object != "client" || e.Purpose != access.Toewijzing || e.OnBehalfOf != "Org" || e.Channel != "test" || e.Source != "127.0.0.1" || e.At.IsZero() {
		t.Fatalf("entry incomplete: %+v", e)
	}
}

func TestGateRefusesAndLogs(t *testing.T) {
	f := setup(t)
	op := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Hulpverlening}
	for name, p := range map[string]access.Principal{
		"unlinked organisation":    principal(f.other, access.Jeugdhulpaanbieder),
		"role without client data": principal(f.linked, access.Inkoop),
		"edit by read-only role":   principal(f.linked, access.Jeugdhulpaanbieder),
	} {
		t.Run(name, func(t *testing.T) {
			o := op
			if name == "edit by read-only role" {
				o.Action = access.Wijzigen
			}
			before := len(entries(t, f))
			err := f.gate.Client(context.Background(), p, f.client, o, func(*database.Tx, access.View) error {
				t.Fatal("fn ran on a refused access")
				return nil
			})
			if !errors.Is(err, access.ErrRefused) {
				t.Fatalf("err = %v, want ErrRefused", err)
			}
			es := entries(t, f)
			if len(es) != before+1 || es[0].Outcome != access.Refused || es[0].ClientID != f.client {
				t.Fatalf("refusal not logged: %+v", es)
			}
		})
	}
}

func TestGateRollsBackFailedChange(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	op := access.Op{Action: access.Wijzigen, Object: "client.adres", Purpose: access.Toewijzing}
	err := f.gate.Client(ctx, principal(f.linked, access.Backoffice), f.client, op, func(tx *database.Tx, _ access.View) error {
		if _, err := tx.Exec(ctx, "UPDATE clients SET city = 'Elders' WHERE id = ?", f.client); err != nil {
			return err
		}
		return errors.New("halfway")
	})
	if err == nil {
		t.Fatal("want error")
	}
	var city string
	f.db.QueryRow(ctx, "SELECT city FROM clients WHERE id = ?", f.client).Scan(&city)
	if city != "Tilburg" {
		t.Fatalf("half-written change survived: city %q", city)
	}
	es := entries(t, f)
	if len(es) != 1 || es[0].Outcome != access.Failed {
		t.Fatalf("want exactly one 'mislukt' entry, got %+v", es)
	}
}

func TestListLogsEachClientShown(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	var shown []int64
	err := f.gate.List(ctx, principal(f.linked, access.Toegangsmedewerker), access.Op{Action: access.Lijst, Object: "client", Purpose: access.Hulpverlening},
		func(tx *database.Tx, s access.Scope, _ access.View) ([]int64, error) {
			cond, arg := s.Where("c")
			rows, err := tx.Query(ctx, "SELECT c.id FROM clients c WHERE "+cond, arg)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				shown = append(shown, id)
			}
			return shown, rows.Err()
		})
	if err != nil || len(shown) != 1 {
		t.Fatalf("err %v shown %v", err, shown)
	}
	if es := entries(t, f); len(es) != 1 || es[0].Action != access.Lijst {
		t.Fatalf("entries %+v", es)
	}
	// The unlinked organisation sees no one.
	shown = nil
	f.gate.List(ctx, principal(f.other, access.Jeugdhulpaanbieder), access.Op{Action: access.Lijst, Object: "client", Purpose: access.Hulpverlening},
		func(tx *database.Tx, s access.Scope, _ access.View) ([]int64, error) {
			cond, arg := s.Where("c")
			var n int
			tx.QueryRow(ctx, "SELECT COUNT(*) FROM clients c WHERE "+cond, arg).Scan(&n)
			if n != 0 {
				t.Errorf("unlinked organisation's scope matches %d clients", n)
			}
			return nil, nil
		})
}

func TestViewByRole(t *testing.T) {
	if v := principal(1, access.Expertteam).View(); v.BSN || v.Address {
		t.Errorf("expert team sees identifiers: %+v", v)
	}
	if v := principal(1, access.Backoffice).View(); !v.BSN || !v.Address {
		t.Errorf("back office misses what it needs: %+v", v)
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	var b strings.Builder
	access.WriteCSV(&b, []access.Entry{{ID: 1, OrgName: "=HYPERLINK(\"x\")", UserEmail: "a@b.nl"}})
	if !strings.Contains(b.String(), "'=HYPERLINK") {
		t.Fatalf("formula not neutralised: %s", b.String())
	}
}

// Concurrent list reads share their commits (group commit), yet each one
// returns only after its own entries are stored, and none is lost.
func TestListReadCommitsEveryEntryBeforeReturning(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := principal(f.linked, access.Toegangsmedewerker)
	op := access.Op{Action: access.Lijst, Object: "traject", Purpose: access.Hulpverlening}
	const readers = 40
	errs := make(chan error, readers)
	for range readers {
		go func() {
			errs <- f.gate.ListRead(ctx, p, op, func(q database.Querier, s access.Scope, _ access.View) ([]int64, error) {
				return []int64{f.client}, nil
			})
		}()
	}
	for k := 1; k <= readers; k++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		// Returned: its entry is committed, so the log holds at least as
		// many entries as readers have returned.
		if n, err := access.CountEntries(ctx, f.db); err != nil || n < k {
			t.Fatalf("%d readers returned, %d entries stored (%v)", k, n, err)
		}
	}
	es := entries(t, f)
	if len(es) != readers {
		t.Fatalf("%d entries, want %d", len(es), readers)
	}
	for _, e := range es {
		if e.ClientID != f.client || e.Action != access.Lijst || e.Outcome != access.Allowed {
			t.Fatalf("entry %+v", e)
		}
	}
	// A failing log write reaches every waiting reader as an error, so none
	// of them shows its list.
	f.db.Close()
	err := f.gate.ListRead(ctx, p, op, func(q database.Querier, s access.Scope, _ access.View) ([]int64, error) {
		return []int64{f.client}, nil
	})
	if err == nil {
		t.Fatal("ListRead on a closed database returned nil")
	}
}

// A list of several youths is one log row naming a stored set; reading the
// log gives one entry per youth again, a youth's trail finds the list, and
// the same list viewed again reuses the set.
func TestListEntryNamesAClientSet(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	ids := append([]int64{f.client}, moreClients(t, f, "123456782", "111222334")...)
	p := principal(f.linked, access.Toegangsmedewerker)
	op := access.Op{Action: access.Lijst, Object: "traject", Purpose: access.Hulpverlening}
	show := func(shown []int64) {
		t.Helper()
		if err := f.gate.ListRead(ctx, p, op, func(database.Querier, access.Scope, access.View) ([]int64, error) { return shown, nil }); err != nil {
			t.Fatal(err)
		}
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := f.db.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	show([]int64{ids[2], ids[0], ids[1], ids[0]}) // order and a repeat do not matter
	if rows, sets := count("SELECT COUNT(*) FROM access_log"), count("SELECT COUNT(*) FROM access_client_sets"); rows != 1 || sets != 1 {
		t.Fatalf("%d log rows and %d sets for one list, want 1 and 1", rows, sets)
	}
	es := entries(t, f)
	if len(es) != 3 || es[0].ID != es[1].ID || es[0].ClientID != ids[0] || es[1].ClientID != ids[1] || es[2].ClientID != ids[2] {
		t.Fatalf("expanded entries %+v", es)
	}
	show(ids)             // the same set again
	show(ids[:2])         // another set
	show([]int64{ids[2]}) // one youth: an entry naming the youth itself
	if n := count("SELECT COUNT(*) FROM access_client_sets"); n != 2 {
		t.Fatalf("%d sets, want 2", n)
	}
	if n, err := access.CountEntries(ctx, f.db); err != nil || n != 3+3+2+1 {
		t.Fatalf("CountEntries %d (%v), want 9", n, err)
	}
	var trail []access.Entry
	err := f.db.Do(ctx, func(tx *database.Tx) error {
		var err error
		trail, err = access.Entries(ctx, tx, access.Filter{ClientID: ids[2]})
		return err
	})
	if err != nil || len(trail) != 3 {
		t.Fatalf("trail of the third youth: %d entries (%v), want 3", len(trail), err)
	}
	for i, e := range trail {
		if e.ClientID != ids[2] || i > 0 && e.ID >= trail[i-1].ID {
			t.Fatalf("trail %+v", trail)
		}
	}
	// A limited trail is the newest entries across the youth's own and its sets'.
	err = f.db.Do(ctx, func(tx *database.Tx) error {
		limited, err := access.Entries(ctx, tx, access.Filter{ClientID: ids[2], Limit: 2})
		if err != nil {
			return err
		}
		if len(limited) != 2 || limited[0].ID != trail[0].ID || limited[1].ID != trail[1].ID {
			t.Errorf("limited trail %+v, want the first two of %+v", limited, trail)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Sets are as unchangeable as the log.
	for _, q := range []string{"UPDATE access_client_sets SET size = 1", "DELETE FROM access_client_set_members"} {
		if err := f.db.Do(ctx, func(tx *database.Tx) error { _, err := tx.Exec(ctx, q); return err }); err == nil {
			t.Errorf("%s succeeded", q)
		}
	}
}

// Two requests that store the same new set of youths at the same moment
// (on PostgreSQL in two open transactions) both succeed with one set.
func TestSameNewClientSetAtOnce(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	ids := append([]int64{f.client}, moreClients(t, f, "123456782")...)
	p := principal(f.linked, access.Toegangsmedewerker)
	op := access.Op{Action: access.Lijst, Object: "client", Purpose: access.Hulpverlening}
	const n = 8
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		go func() {
			<-start
			errs <- f.gate.List(ctx, p, op, func(*database.Tx, access.Scope, access.View) ([]int64, error) {
				time.Sleep(20 * time.Millisecond) // keep the transactions open together
				return ids, nil
			})
		}()
	}
	close(start)
	for range n {
		if err := <-errs; err != nil {
			t.Fatalf("a concurrent list failed: %v", err)
		}
	}
	var sets int
	if err := f.db.QueryRow(ctx, "SELECT COUNT(*) FROM access_client_sets").Scan(&sets); err != nil || sets != 1 {
		t.Fatalf("%d sets (%v), want 1", sets, err)
	}
	if c, err := access.CountEntries(ctx, f.db); err != nil || c != 2*n {
		t.Fatalf("%d entries (%v), want %d", c, err, 2*n)
	}
}

// moreClients adds youths with these BSNs, linked to f.linked, and returns
// their ids.
func moreClients(t *testing.T, f fixture, bsns ...string) []int64 {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	var ids []int64
	err := f.db.Do(ctx, func(tx *database.Tx) error {
		for _, bsn := range bsns {
			id, err := tx.InsertID(ctx, `INSERT INTO clients (bsn, given_name, family_name, birth_date, street, house_number, postcode, city, municipality_id, created_at, updated_at)
				VALUES (?, 'Kind', 'Lijst', '2014-01-01', 'Straat', '1', '5038 AB', 'Tilburg', ?, ?, ?)`, bsn, f.linked, now, now)
			if err != nil {
				return err
			}
			if err := linkClient(ctx, tx, id, f.linked, now); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// linkClient opens a trajectory for the client and links org to it: links
// are per trajectory.
func linkClient(ctx context.Context, tx *database.Tx, clientID, org int64, now time.Time) error {
	tid, err := tx.InsertID(ctx, `INSERT INTO trajectories (client_id, route, municipality_id, referrer_org_id, eerste_melding, step, created_at, updated_at)
		VALUES (?, 'toegang', (SELECT municipality_id FROM clients WHERE id = ?), ?, '2026-11-01', 'ipva', ?, ?)`, clientID, clientID, org, now, now)
	if err != nil {
		return err
	}
	return access.Link(ctx, tx, access.Case{ClientID: clientID, TrajectoryID: tid}, org, "test", now)
}

// TestPurposeOutsideTheRoleIsRefusedAndLogged: each role gives only the
// purposes of its list; another is refused before anything is read, and
// the refusal is logged once.
func TestPurposeOutsideTheRoleIsRefusedAndLogged(t *testing.T) {
	cases := []struct {
		role    access.Role
		purpose access.Purpose
		ok      bool
	}{
		{access.Toegangsmedewerker, access.Hulpverlening, true},
		{access.Toegangsmedewerker, access.PrivacyOnderzoek, false},
		{access.Crisisdienst, access.Crisis, true},
		{access.Crisisdienst, access.Declaratie, false},
		{access.Backoffice, access.Toewijzing, true},
		{access.Backoffice, access.Hulpverlening, false},
		{access.Privacy, access.PrivacyOnderzoek, true},
		{access.Privacy, access.Hulpverlening, false},
		{access.Inkoop, access.Hulpverlening, false},
	}
	for _, c := range cases {
		if got := access.AllowedPurpose(principal(1, c.role), access.Lezen, c.purpose); got != c.ok {
			t.Errorf("%s with %s: %v, want %v", c.role, c.purpose, got, c.ok)
		}
	}
	if access.AllowedPurpose(principal(1, access.Toegangsmedewerker), access.Exporteren, access.Hulpverlening) {
		t.Error("a Toegang worker exports the log")
	}
	f := setup(t)
	ran := false
	err := f.gate.Client(context.Background(), principal(f.linked, access.Toegangsmedewerker), f.client,
		access.Op{Action: access.Lezen, Object: "client", Purpose: access.PrivacyOnderzoek}, func(*database.Tx, access.View) error { ran = true; return nil })
	if !errors.Is(err, access.ErrPurpose) || !errors.Is(err, access.ErrRefused) || ran {
		t.Fatalf("err %v, ran %v", err, ran)
	}
	if es := entries(t, f); len(es) != 1 || es[0].Outcome != access.Refused || es[0].Purpose != access.PrivacyOnderzoek {
		t.Fatalf("entries %+v", es)
	}
}

// TestEntriesAfter: Filter.AfterID keeps what was logged after a known
// entry, newest first, alone or with a user.
func TestEntriesAfter(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	op := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Toewijzing}
	for _, uid := range []int64{7, 8, 7} {
		p := principal(f.linked, access.Backoffice)
		p.UserID = uid
		if err := f.gate.Client(ctx, p, f.client, op, func(*database.Tx, access.View) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	all := entries(t, f)
	if len(all) != 3 {
		t.Fatalf("%d entries", len(all))
	}
	first := all[2].ID
	read := func(fl access.Filter) []access.Entry {
		var es []access.Entry
		if err := f.db.Do(ctx, func(tx *database.Tx) error {
			var err error
			es, err = access.Entries(ctx, tx, fl)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return es
	}
	if es := read(access.Filter{AfterID: first}); len(es) != 2 || es[0].ID != all[0].ID || es[1].ID != all[1].ID {
		t.Errorf("after the first: %+v", es)
	}
	if es := read(access.Filter{AfterID: first, UserID: 7}); len(es) != 1 || es[0].ID != all[0].ID {
		t.Errorf("after the first, user 7: %+v", es)
	}
	if es := read(access.Filter{AfterID: all[0].ID}); len(es) != 0 {
		t.Errorf("after the last: %+v", es)
	}
}
