package access_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// An allowed read runs fn on a connection that cannot write, and logs
// exactly one entry naming the youth, committed (and so, with
// synchronous=FULL, on disk) before ClientRead returns; concurrent reads
// share commits without losing an entry.
func TestClientReadLogsOneEntryBeforeReturning(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	p := principal(f.linked, access.Backoffice)
	op := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Toewijzing}
	var name string
	err := f.gate.ClientRead(ctx, p, f.client, op, func(q database.Querier, v access.View) error {
		if !v.BSN {
			t.Error("back office's view without the BSN")
		}
		if err := q.QueryRow(ctx, "SELECT given_name FROM clients WHERE id = ?", f.client).Scan(&name); err != nil {
			return err
		}
		// Last: on PostgreSQL a refused statement ends the transaction.
		if tx, ok := q.(*database.Tx); ok {
			if _, err := tx.Exec(ctx, "UPDATE clients SET city = 'Elders'"); err == nil {
				t.Error("fn could write")
			}
		}
		return nil
	})
	if err != nil || name != "Sanne" {
		t.Fatalf("err %v, name %q", err, name)
	}
	es := entries(t, f)
	if len(es) != 1 {
		t.Fatalf("%d log entries, want 1", len(es))
	}
	if e := es[0]; e.Outcome != access.Allowed || e.ClientID != f.client || e.UserID != 7 || e.OrgID != f.linked ||
		e.Action != access.Lezen || e.Object != "client" || e.Purpose != access.Toewijzing || e.Channel != "test" || e.At.IsZero() {
		t.Fatalf("entry incomplete: %+v", e)
	}

	const readers = 20
	errs := make(chan error, readers)
	for range readers {
		go func() {
			errs <- f.gate.ClientRead(ctx, p, f.client, op, func(database.Querier, access.View) error { return nil })
		}()
	}
	for k := 1; k <= readers; k++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		// Returned: its entry is committed, so the log holds at least as
		// many entries as readers have returned (and the first read's).
		if n, err := access.CountEntries(ctx, f.db); err != nil || n < k+1 {
			t.Fatalf("%d readers returned, %d entries stored (%v)", k, n, err)
		}
	}
	if es := entries(t, f); len(es) != readers+1 {
		t.Fatalf("%d entries, want %d", len(es), readers+1)
	}
}

// A refused read runs no fn, is logged once as refused and returns
// ErrRefused; an op that changes data is no read and logs nothing.
func TestClientReadRefusesAndLogs(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	op := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Hulpverlening}
	for name, p := range map[string]access.Principal{
		"unlinked organisation":    principal(f.other, access.Jeugdhulpaanbieder),
		"role without client data": principal(f.linked, access.Inkoop),
	} {
		t.Run(name, func(t *testing.T) {
			before := len(entries(t, f))
			err := f.gate.ClientRead(ctx, p, f.client, op, func(database.Querier, access.View) error {
				t.Fatal("fn ran on a refused read")
				return nil
			})
			if !errors.Is(err, access.ErrRefused) {
				t.Fatalf("err = %v, want ErrRefused", err)
			}
			es := entries(t, f)
			if len(es) != before+1 || es[0].Outcome != access.Refused || es[0].ClientID != f.client || es[0].Action != access.Lezen {
				t.Fatalf("refusal not logged once: %+v", es)
			}
		})
	}
	before := len(entries(t, f))
	change := access.Op{Action: access.Wijzigen, Object: "client.adres", Purpose: access.Toewijzing}
	err := f.gate.ClientRead(ctx, principal(f.linked, access.Backoffice), f.client, change, func(database.Querier, access.View) error {
		t.Fatal("fn ran for a change")
		return nil
	})
	if err == nil || errors.Is(err, access.ErrRefused) {
		t.Fatalf("ClientRead of a change: %v", err)
	}
	if n := len(entries(t, f)); n != before {
		t.Fatalf("a change through ClientRead logged %d entries", n-before)
	}
}

// When fn fails, the read is logged once as failed and fn's error returned.
func TestClientReadLogsFailedRead(t *testing.T) {
	f := setup(t)
	boom := errors.New("boom")
	op := access.Op{Action: access.Lezen, Object: "client", Purpose: access.Toewijzing}
	err := f.gate.ClientRead(context.Background(), principal(f.linked, access.Backoffice), f.client, op, func(database.Querier, access.View) error {
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want fn's error", err)
	}
	es := entries(t, f)
	if len(es) != 1 || es[0].Outcome != access.Failed || es[0].ClientID != f.client {
		t.Fatalf("want exactly one 'mislukt' entry, got %+v", es)
	}
}
