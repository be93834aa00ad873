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

// TestKnowledgeAboutByKey: the cross-message rules on a message see the
// stored messages that share a BSN, ToewijzingNummer or
// ReferentieAanbieder with it, through the key index, and nothing else;
// messages stored before the index existed are found once IndexKeys ran.
func TestKnowledgeAboutByKey(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	heen := example(t).(*ijw.JW301)
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	var stored berichten.Bericht
	if err := db.Do(ctx, func(tx *database.Tx) error {
		var err error
		stored, err = berichten.Write(ctx, tx, heen, berichten.Bericht{CreatedAt: now})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	raw, _ := ijw.Marshal(heen)
	other := bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte(">999900006<"), []byte(">123456782<")), []byte(">30020"), []byte(">40020"))
	knows := func(xml []byte) bool {
		t.Helper()
		k, err := berichten.KnowledgeAbout(ctx, db, "42420001", 0, ijw.TypeJW301, xml)
		if err != nil {
			t.Fatal(err)
		}
		_, ok := k.Toewijzing("0384", 300201)
		return ok
	}
	if !knows(raw) {
		t.Fatal("a message with the same BSN and toewijzingnummers does not see the stored one")
	}
	if knows(other) {
		t.Fatal("a message about another youth and other toewijzingen sees the stored one")
	}
	// As before migration 0018: no keys, not indexed. IndexKeys repairs it.
	if err := db.Do(ctx, func(tx *database.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM ijw_message_keys WHERE message_id = ?", stored.ID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE ijw_messages SET keys_indexed = ? WHERE id = ?", false, stored.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if knows(raw) {
		t.Fatal("found without keys: the test does not test the index")
	}
	if n, err := berichten.IndexKeys(ctx, db); err != nil || n != 1 {
		t.Fatalf("IndexKeys: %d %v", n, err)
	}
	if !knows(raw) {
		t.Fatal("not found after IndexKeys")
	}
	if n, _ := berichten.IndexKeys(ctx, db); n != 0 {
		t.Fatalf("IndexKeys again: %d", n)
	}
}

func decodeExample(t *testing.T, typ ijw.MessageType) ijw.Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "ijw", "testdata", "berichten", string(typ)+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ijw.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestKnowledgeAboutReadsAnswersAndReferences: two messages change what an
// earlier one says without sharing a key with the message checked, and
// KnowledgeAbout reads them too. A JW319 refusing a verzoek names only its
// ReferentieAanbieder: without it, the refused verzoek of the same youth
// looks open to a new one (TR374). A JW325 approving a whole declaratie
// names no BSN or toewijzing: without it, the declared prestaties look
// unjudged to a JW301 deleting their toewijzing (TR385).
func TestKnowledgeAboutReadsAnswersAndReferences(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	write := func(m ijw.Message) berichten.Bericht {
		t.Helper()
		var b berichten.Bericht
		if err := db.Do(ctx, func(tx *database.Tx) (err error) {
			b, err = berichten.Write(ctx, tx, m, berichten.Bericht{CreatedAt: now})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return b
	}
	about := func(m ijw.Message) ijw.Knowledge {
		t.Helper()
		xml, err := ijw.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		k, err := berichten.KnowledgeAbout(ctx, db, "65656055", 0, m.MessageType(), xml)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}

	// A VOT of 65656055 for 999900006, then its refusal; then a VOW 9003
	// for the same youth.
	vot := decodeExample(t, ijw.TypeJW315).(*ijw.JW315)
	vot.Header.Afzender = "65656055"
	vot.Client.AangevraagdeProducten.AangevraagdProduct = vot.Client.AangevraagdeProducten.AangevraagdProduct[:1]
	write(vot)
	vow := decodeExample(t, ijw.TypeJW317).(*ijw.JW317)
	vow.Client.Verzoek.NieuweProducten.NieuwProduct[0].Einddatum = "2027-02-28"
	if _, open := about(vow).OpenVerzoek("65656055", "999900006"); !open {
		t.Fatal("the VOT is not open before its refusal: the test does not test the refusal")
	}
	refusal := decodeExample(t, ijw.TypeJW319).(*ijw.JW319)
	refusal.Antwoord.ReferentieAanbieder = vot.Client.AangevraagdeProducten.AangevraagdProduct[0].ReferentieAanbieder
	write(refusal)
	if v, open := about(vow).OpenVerzoek("65656055", "999900006"); open {
		t.Errorf("the refused VOT %s still looks open", v.Referentie)
	}

	// A declaratie with RN001 on toewijzing 10072, then its JW325
	// approving all of it; then a JW301 deleting 10072.
	d := decodeExample(t, ijw.TypeJW323).(*ijw.JW323)
	d.Declaratie.Clienten.Client[1].Prestaties.Prestatie[2].ProductReferentie.ReferentieNummer = "RN005"
	stored := write(d)
	del := example(t).(*ijw.JW301)
	del.Header.Ontvanger = "65656055"
	del.Client.ToegewezenProducten.ToegewezenProduct = del.Client.ToegewezenProducten.ToegewezenProduct[:1]
	del.Client.ToegewezenProducten.ToegewezenProduct[0].ToewijzingNummer = 10072
	status := func() ijw.PrestatieStatus {
		t.Helper()
		for _, p := range about(del).PrestatiesVoorToewijzing("0384", 10072) {
			if p.Prestatie.ProductReferentie.ReferentieNummer == "RN001" {
				return p.Status
			}
		}
		t.Fatal("RN001 not known on toewijzing 10072")
		return 0
	}
	if status() != ijw.PrestatieIngediend {
		t.Fatal("RN001 judged before its answer: the test does not test the answer")
	}
	r, err := ijw.Retour(d, ijw.RetourOptions{Identificatie: "DA1", Dagtekening: "2026-12-04"})
	if err != nil {
		t.Fatal(err)
	}
	if a := r.(*ijw.JW325); a.DeclaratieAntwoord == nil || a.DeclaratieAntwoord.Clienten != nil {
		t.Fatal("the JW325 does not approve the whole declaratie without naming its clients")
	}
	ans := write(r)
	if err := db.Do(ctx, func(tx *database.Tx) error {
		return berichten.SetAnswer(ctx, tx, stored.ID, berichten.Beantwoord, ans.ID, ijw.CodeVolledigToegekend, time.Time{}, now)
	}); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != ijw.PrestatieToegekend {
		t.Errorf("RN001 after the approving JW325: status %d, want approved", got)
	}
}
