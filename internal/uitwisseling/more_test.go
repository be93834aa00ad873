package uitwisseling_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

// TestJW323AnsweredByJW325: a declaratie gets a JW325 due 10 working days
// after receipt; a registered check replaces the cross rules, and the
// provider's side takes the JW325 in with its handler.
func TestJW323AnsweredByJW325(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "0384", "65656055")
	x := w.exchange(t)
	checked := 0
	x.RegisterCheck(ijw.TypeJW323, func(ctx context.Context, q database.Querier, m ijw.Message) ([]ijw.Finding, error) {
		checked++
		return nil, nil // every line approved
	})
	got325 := 0
	x.Register(ijw.TypeJW325, func(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
		got325++
		return nil
	})
	// The standard's example repeats a ReferentieNummer (TR101): make it unique.
	raw := example(t, "JW323")
	i := bytes.LastIndex(raw, []byte(">RN004<"))
	raw = append(append(append([]byte{}, raw[:i]...), ">RN005<"...), raw[i+len(">RN004<"):]...)
	res, err := x.Receive(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if checked != 1 || !res.Accepted || res.Answer.Type != ijw.TypeJW325 || res.Message.State != berichten.Beantwoord {
		t.Fatalf("JW323: %v answer %v", res.Message, res.Answer)
	}
	if want := kalender.Default.Due(fixedNow(), kalender.WorkingDays(10)); !res.Message.DueAt.Equal(want) {
		t.Errorf("due %v, want %v", res.Message.DueAt, want)
	}
	if !bytes.Contains(res.Answer.XML, []byte(ijw.CodeVolledigToegekend)) {
		t.Error("JW325 does not approve the whole declaratie")
	}
	if n, err := x.Flush(ctx); n != 1 || err != nil {
		t.Fatalf("flush: %d %v", n, err)
	}
	if got325 != 1 || get(t, w.db, res.Answer.ID).State != berichten.Verwerkt {
		t.Errorf("JW325 not taken in by the provider: %d", got325)
	}
}

// TestNotOnPlatform: without a folder, a message for a code nobody on the
// platform has stays gemaakt and Flush says why; a received message for
// such a code is refused and not stored.
func TestNotOnPlatform(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "0384")
	x := w.exchange(t)
	m, _ := ijw.Decode(bytes.NewReader(example(t, "JW301")))
	var b berichten.Bericht
	if err := w.db.Do(ctx, func(tx *database.Tx) (err error) {
		b, err = berichten.Write(ctx, tx, m, berichten.Bericht{CreatedAt: fixedNow()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Flush(ctx); n != 0 || !errors.Is(err, uitwisseling.ErrNotOnPlatform) {
		t.Errorf("flush: %d %v", n, err)
	}
	if get(t, w.db, b.ID).State != berichten.Gemaakt {
		t.Error("state changed")
	}
	if _, err := x.Receive(ctx, example(t, "JW305")); !errors.Is(err, uitwisseling.ErrNotOnPlatform) {
		t.Errorf("receive for 0363: %v", err)
	}
	if w.count(t, "1 = 1") != 1 {
		t.Error("the refused message was stored")
	}
}

// TestTwoInstances: two app instances (two database handles, as two
// processes would have) import the same folder at once: each message is
// processed and answered once. On PostgreSQL (JEUGDHULP_TEST_DIALECT=postgres)
// both handles share one schema; on SQLite one file.
func TestTwoInstances(t *testing.T) {
	ctx := context.Background()
	var dbs [2]*database.DB
	if os.Getenv("JEUGDHULP_TEST_DIALECT") == "postgres" {
		var u string
		dbs[0], u = dbtest.NewPostgresSchema(t, dbtest.PostgresURL(t))
		var err error
		if dbs[1], err = database.Open(ctx, u); err != nil {
			t.Fatal(err)
		}
	} else {
		path := filepath.Join(t.TempDir(), "two.db")
		for i := range dbs {
			var err error
			if dbs[i], err = database.Open(ctx, "sqlite:"+path); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := dbs[0].Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { dbs[1].Close() })
	if _, err := (&organisation.Store{DB: dbs[0]}).Create(ctx, organisation.Organisation{Name: "Aanbieder", Kind: organisation.Aanbieder, AGBCode: "42420001"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	raw := example(t, "JW301")
	files := map[string][]byte{}
	const n = 30
	for i := range n {
		files[fmt.Sprintf("m%02d.xml", i)] = withID(raw, fmt.Sprintf("T%d", i))
	}
	dropFiles(t, dir, "42420001", files)
	var mu sync.Mutex
	handled := map[string]int{}
	var wg sync.WaitGroup
	for i := range dbs {
		x := uitwisseling.New(dbs[i], nil)
		x.Now = fixedNow
		x.Register(ijw.TypeJW301, func(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
			mu.Lock()
			defer mu.Unlock()
			handled[b.Identificatie]++
			return nil
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := (&uitwisseling.Folder{Dir: dir}).Import(ctx, x); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// A handler whose transaction lost the race was rolled back with it, so
	// count what committed: one row and one answer per message.
	var rows, answers int
	dbs[0].QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE type = 'JW301' AND state = ?", berichten.Verwerkt).Scan(&rows)
	dbs[0].QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE type = 'JW302'").Scan(&answers)
	if rows != n || answers != n {
		t.Errorf("%d processed rows and %d answers, want %d each", rows, answers, n)
	}
	if len(handled) != n {
		t.Errorf("handled %d messages, want %d", len(handled), n)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "in", "42420001", "*.xml"))
	if len(left) != 0 {
		t.Errorf("left: %v", left)
	}
}

// TestHandlerFailureLeavesFile: a handler that fails rolls the receipt back
// (nothing stored, no retour) and leaves the file for the next import; the
// other files go on, and once the handler works the message is processed.
func TestHandlerFailureLeavesFile(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "42420001")
	x := w.exchange(t)
	broken := true
	x.Register(ijw.TypeJW301, func(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
		if broken && b.Identificatie == "BAD" {
			return errors.New("database of the domain away")
		}
		return nil
	})
	dir := t.TempDir()
	raw := example(t, "JW301")
	dropFiles(t, dir, "42420001", map[string][]byte{"a.xml": withID(raw, "BAD"), "b.xml": withID(raw, "GOOD")})
	folder := &uitwisseling.Folder{Dir: dir}
	got, err := folder.Import(ctx, x)
	if err == nil || got.Failed != 1 || got.Received != 1 {
		t.Fatalf("import: %v %v", got, err)
	}
	if w.count(t, "identificatie = 'BAD'") != 0 || w.count(t, "type = 'JW302'") != 1 {
		t.Error("the failed receipt left rows")
	}
	broken = false
	if got, err = folder.Import(ctx, x); err != nil || got.Received != 1 {
		t.Fatalf("second import: %v %v", got, err)
	}
	if w.count(t, "type = 'JW302'") != 2 {
		t.Error("not answered after the retry")
	}
}

// TestCrossRulesAgainstDatabase: the cross-message rules see the stored
// messages about the same youth and toewijzing. A start of a toewijzing the
// municipality sent is accepted; the same start again (a new message,
// StatusAanlevering 1 with a known key) is rejected with 9074.
func TestCrossRulesAgainstDatabase(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "0384", "42420001")
	x := w.exchange(t)
	m, _ := ijw.Decode(bytes.NewReader(example(t, "JW301")))
	if err := w.db.Do(ctx, func(tx *database.Tx) error {
		_, err := berichten.Write(ctx, tx, m, berichten.Bericht{CreatedAt: fixedNow()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	start := []byte(strings.NewReplacer("<jw305:Afzender>65656055<", "<jw305:Afzender>42420001<", "<jw305:Ontvanger>0363<", "<jw305:Ontvanger>0384<").Replace(string(example(t, "JW305"))))
	res, err := x.Receive(ctx, start)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Accepted || res.Message.RetourCodes != "" {
		t.Fatalf("start of a known toewijzing: %v", res.Message)
	}
	res, err = x.Receive(ctx, withID(start, "AGAIN"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted || !strings.Contains(res.Message.RetourCodes, "9074") {
		t.Errorf("the same start again: %v", res.Message)
	}
}
