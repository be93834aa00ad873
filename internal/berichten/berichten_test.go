package berichten_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

func example(t *testing.T) ijw.Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "ijw", "testdata", "berichten", "JW301.xml"))
	if err != nil {
		t.Fatal(err)
	}
	raw = regexp.MustCompile(`\s*<jw301:ReferentieAanbieder>[^<]*</jw301:ReferentieAanbieder>`).ReplaceAll(raw, nil)
	m, err := ijw.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestWriteRetourUnderItsSender: a retour copies the heen header, but is
// stored under who sends it, its IdentificatieRetour and the heen's sender
// as receiver, with both organisations resolved from their codes.
func TestWriteRetourUnderItsSender(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	st := &organisation.Store{DB: db}
	gem, err := st.Create(ctx, organisation.Organisation{Name: "Gemeente", Kind: organisation.Gemeente, CBSCode: "0384"})
	if err != nil {
		t.Fatal(err)
	}
	heen := example(t)
	retour, err := ijw.Retour(heen, ijw.RetourOptions{Identificatie: "RET1", Dagtekening: "2026-12-04"})
	if err != nil {
		t.Fatal(err)
	}
	var h, r berichten.Bericht
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	if err := db.Do(ctx, func(tx *database.Tx) error {
		if h, err = berichten.Write(ctx, tx, heen, berichten.Bericht{CreatedAt: now}); err != nil {
			return err
		}
		r, err = berichten.Write(ctx, tx, retour, berichten.Bericht{CreatedAt: now})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if h.Sender != "0384" || h.SenderOrgID != gem || h.ReceiverOrgID != 0 || h.State != berichten.Gemaakt {
		t.Errorf("heen: %v (org %d→%d)", h, h.SenderOrgID, h.ReceiverOrgID)
	}
	if r.Sender != "42420001" || r.Receiver != "0384" || r.Identificatie != "RET1" || r.ReceiverOrgID != gem || r.SenderOrgID != 0 {
		t.Errorf("retour: %v (org %d→%d)", r, r.SenderOrgID, r.ReceiverOrgID)
	}
	got, err := berichten.Find(ctx, db, "42420001", ijw.TypeJW302, "RET1")
	if err != nil || got.ID != r.ID || !bytes.Equal(got.XML, r.XML) {
		t.Errorf("find: %v %v", got, err)
	}

	// The retour is in the municipality's inbox once it arrived; overdue
	// first: a message past its deadline without an answer leads.
	if list, _ := berichten.List(ctx, db, berichten.Filter{OrgID: gem, Direction: berichten.In}, now); len(list) != 0 {
		t.Errorf("inbox before arrival: %v", list)
	}
	if err := db.Do(ctx, func(tx *database.Tx) error {
		if ok, err := berichten.MarkReceived(ctx, tx, r.ID, now); !ok || err != nil {
			t.Errorf("mark received: %v %v", ok, err)
		}
		if ok, _ := berichten.MarkReceived(ctx, tx, r.ID, now); ok {
			t.Error("received twice")
		}
		return berichten.MarkSent(ctx, tx, h.ID, now, now.Add(time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	list, err := berichten.List(ctx, db, berichten.Filter{OrgID: gem}, now.Add(2*time.Hour))
	if err != nil || len(list) != 2 || list[0].ID != h.ID || !list[0].Overdue(now.Add(2*time.Hour)) || list[0].State != berichten.Verzonden {
		t.Errorf("list: %v %v", list, err)
	}
	list, _ = berichten.List(ctx, db, berichten.Filter{OrgID: gem}, now)
	if list[0].ID != r.ID {
		t.Errorf("before the deadline the newest leads: %v", list)
	}
}
