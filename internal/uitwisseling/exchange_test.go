package uitwisseling_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

// world is a database with two municipalities (0384, 0363) and two
// providers (42420001, 65656055), the codes of the standard's examples.
type world struct {
	db   *database.DB
	orgs map[string]int64
}

func newWorld(t *testing.T, codes ...string) *world {
	t.Helper()
	w := &world{db: dbtest.New(t), orgs: map[string]int64{}}
	st := &organisation.Store{DB: w.db}
	for i, c := range codes {
		o := organisation.Organisation{Name: fmt.Sprintf("Org %d", i), Kind: organisation.Aanbieder, AGBCode: c}
		if len(c) == 4 {
			o = organisation.Organisation{Name: fmt.Sprintf("Gemeente %d", i), Kind: organisation.Gemeente, CBSCode: c}
		}
		id, err := st.Create(context.Background(), o)
		if err != nil {
			t.Fatalf("create %s: %v", c, err)
		}
		w.orgs[c] = id
	}
	return w
}

func example(t *testing.T, typ string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "ijw", "testdata", "berichten", typ+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	// The example honours a verzoek nobody sent here (TR379): drop its reference.
	return refRe.ReplaceAll(b, nil)
}

var refRe = regexp.MustCompile(`\s*<jw301:ReferentieAanbieder>[^<]*</jw301:ReferentieAanbieder>`)

// withID gives an example message another Identificatie.
func withID(raw []byte, id string) []byte {
	return bytes.Replace(raw, []byte("<ijw:Identificatie>123456789012</ijw:Identificatie>"), []byte("<ijw:Identificatie>"+id+"</ijw:Identificatie>"), 1)
}

func fixedNow() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC) } // a Friday

func (w *world) exchange(t *testing.T) *uitwisseling.Exchange {
	x := uitwisseling.New(w.db, nil)
	x.Transport = &uitwisseling.Hub{Exchange: x}
	x.Now = fixedNow
	return x
}

func (w *world) count(t *testing.T, where string, args ...any) int {
	t.Helper()
	var n int
	if err := w.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM ijw_messages WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func get(t *testing.T, db *database.DB, id int64) berichten.Bericht {
	t.Helper()
	b, err := berichten.Get(context.Background(), db, id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLoopbackRoundTrip: a JW301 the municipality makes reaches the
// provider's inbox through the hub; the provider's JW302 comes back to the
// municipality, and both rows say where they are.
func TestLoopbackRoundTrip(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "0384", "42420001")
	x := w.exchange(t)
	var seen atomic.Int32
	x.Register(ijw.TypeJW301, func(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
		if b.ReceiverOrgID != w.orgs["42420001"] {
			t.Errorf("handler sees receiver %d", b.ReceiverOrgID)
		}
		seen.Add(1)
		return nil
	})
	m, err := ijw.Decode(bytes.NewReader(example(t, "JW301")))
	if err != nil {
		t.Fatal(err)
	}
	var heen berichten.Bericht
	if err := w.db.Do(ctx, func(tx *database.Tx) error {
		heen, err = berichten.Write(ctx, tx, m, berichten.Bericht{CreatedAt: fixedNow()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if heen.State != berichten.Gemaakt || heen.SenderOrgID != w.orgs["0384"] || heen.ReceiverOrgID != w.orgs["42420001"] {
		t.Fatalf("written: %v", heen)
	}
	// Before the flush the provider's inbox is empty, the municipality's outbox has it.
	in, err := berichten.List(ctx, w.db, berichten.Filter{OrgID: w.orgs["42420001"], Direction: berichten.In}, fixedNow())
	if err != nil || len(in) != 0 {
		t.Fatalf("inbox before flush: %d %v", len(in), err)
	}
	n, err := x.Flush(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("flushed %d, want 2 (JW301 and its JW302)", n)
	}
	heen = get(t, w.db, heen.ID)
	if heen.State != berichten.Verwerkt || heen.AnswerID == 0 || heen.SentAt.IsZero() || heen.ReceivedAt.IsZero() || heen.RetourCodes != "" {
		t.Fatalf("JW301 after flush: %v", heen)
	}
	if want := time.Date(2026, 12, 9, 23, 59, 59, 0, time.UTC); !heen.DueAt.Equal(x.Calendar.Due(fixedNow(), mustTerm(ijw.TypeJW301))) || heen.DueAt.Before(want.Add(-2*time.Hour)) {
		t.Errorf("JW301 due %v", heen.DueAt)
	}
	ans := get(t, w.db, heen.AnswerID)
	if ans.Type != ijw.TypeJW302 || ans.Sender != "42420001" || ans.Receiver != "0384" || ans.State != berichten.Verwerkt || ans.SenderOrgID != w.orgs["42420001"] {
		t.Fatalf("JW302: %v", ans)
	}
	if seen.Load() != 1 {
		t.Errorf("handler ran %d times", seen.Load())
	}
	in, _ = berichten.List(ctx, w.db, berichten.Filter{OrgID: w.orgs["42420001"], Direction: berichten.In}, fixedNow())
	if len(in) != 1 || in[0].ID != heen.ID {
		t.Errorf("provider inbox: %v", in)
	}
	out, _ := berichten.List(ctx, w.db, berichten.Filter{OrgID: w.orgs["42420001"], Direction: berichten.Uit}, fixedNow())
	if len(out) != 1 || out[0].ID != ans.ID {
		t.Errorf("provider outbox: %v", out)
	}
	in, _ = berichten.List(ctx, w.db, berichten.Filter{OrgID: w.orgs["0384"], Direction: berichten.In}, fixedNow())
	if len(in) != 1 || in[0].ID != ans.ID {
		t.Errorf("municipality inbox: %v", in)
	}
	// A second flush has nothing to do; a redelivery is absorbed.
	if n, err := x.Flush(ctx); n != 0 || err != nil {
		t.Errorf("second flush: %d %v", n, err)
	}
	res, err := x.Receive(ctx, heen.XML)
	if err != nil || !res.Duplicate || res.Answer.ID != ans.ID {
		t.Errorf("redelivery: %v %v", res, err)
	}
	if seen.Load() != 1 || w.count(t, "type = ?", "JW302") != 1 {
		t.Errorf("redelivery processed again")
	}
}

func mustTerm(t ijw.MessageType) (term kalender.Term) {
	term, _ = uitwisseling.Term(t)
	return term
}

// TestExternalReceiverRetour: a message to a provider outside the platform
// waits in verzonden with its deadline until the provider's retour
// arrives through the folder; a rejecting retour marks it afgekeurd.
func TestExternalReceiverRetour(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "0384")
	x := w.exchange(t)
	dir := t.TempDir()
	folder := &uitwisseling.Folder{Dir: dir}
	x.Transport = &uitwisseling.Hub{Exchange: x, Fallback: folder}
	m, _ := ijw.Decode(bytes.NewReader(example(t, "JW301")))
	var heen berichten.Bericht
	if err := w.db.Do(ctx, func(tx *database.Tx) (err error) {
		heen, err = berichten.Write(ctx, tx, m, berichten.Bericht{CreatedAt: fixedNow()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := x.Flush(ctx); n != 1 || err != nil {
		t.Fatalf("flush: %d %v", n, err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "uit", "0384", "*.xml"))
	if len(files) != 1 {
		t.Fatalf("uit/0384: %v", files)
	}
	sent, _ := os.ReadFile(files[0])
	if !bytes.Equal(sent, heen.XML) {
		t.Error("the file is not the message")
	}
	heen = get(t, w.db, heen.ID)
	if heen.State != berichten.Verzonden || heen.DueAt.IsZero() || heen.ReceiverOrgID != 0 {
		t.Fatalf("after send: %v", heen)
	}
	if !heen.Overdue(heen.DueAt.Add(time.Minute)) || heen.Overdue(heen.DueAt.Add(-time.Minute)) {
		t.Error("overdue")
	}
	// The provider's JW302 rejects it (TR332: 9332) and arrives in in/0384.
	retour, err := ijw.Retour(m, ijw.RetourOptions{Identificatie: "R1", Dagtekening: "2026-12-04",
		Findings: []ijw.Finding{{Rule: ijw.RuleInfo{Code: "TR056", Retour: "9056", Level: ijw.LevelCross}}}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := ijw.Marshal(retour)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "in", "0384"), 0o755)
	os.WriteFile(filepath.Join(dir, "in", "0384", "r1.xml"), raw, 0o644)
	got, err := folder.Import(ctx, x)
	if err != nil || got.Received != 1 {
		t.Fatalf("import: %v %v", got, err)
	}
	heen = get(t, w.db, heen.ID)
	if heen.State != berichten.Afgekeurd || heen.RetourCodes != "9056" || heen.AnswerID == 0 {
		t.Fatalf("after retour: %v", heen)
	}
	if _, err := os.Stat(filepath.Join(dir, "in", "0384", "verwerkt", "r1.xml")); err != nil {
		t.Errorf("not moved: %v", err)
	}
}

// TestRejectingRetour: a JW305 for a toewijzing the municipality never
// sent breaks TR019; the JW306 names 9019 and the start is afgekeurd and
// not handed to the domain.
func TestRejectingRetour(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "0363", "65656055")
	x := w.exchange(t)
	x.Register(ijw.TypeJW305, func(context.Context, *database.Tx, berichten.Bericht, ijw.Message) error {
		t.Error("handler ran on a rejected message")
		return nil
	})
	res, err := x.Receive(ctx, example(t, "JW305"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted || res.Message.State != berichten.Afgekeurd || !strings.Contains(res.Message.RetourCodes, "9019") {
		t.Fatalf("JW305: %v", res.Message)
	}
	if res.Answer.Type != ijw.TypeJW306 || res.Answer.State != berichten.Gemaakt || !bytes.Contains(res.Answer.XML, []byte("9019")) {
		t.Fatalf("JW306: %v %s", res.Answer, res.Answer.XML)
	}
	// A message breaking an in-message rule gets 0001 (header only).
	bad := bytes.Replace(withID(example(t, "JW305"), "BAD1"), []byte("<jw305:StatusAanlevering>1<"), []byte("<jw305:StatusAanlevering>2<"), 1)
	res, err = x.Receive(ctx, bad)
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted || res.Message.RetourCodes != "0001" {
		t.Errorf("in-message rule: %v", res.Message)
	}
	// Bytes that are no iJw message are a transport error: nothing stored.
	if _, err := x.Receive(ctx, []byte("<x/>")); err == nil {
		t.Error("garbage accepted")
	}
	if n := w.count(t, "1 = 1"); n != 4 {
		t.Errorf("%d rows, want 4", n)
	}
}

func dropFiles(t *testing.T, dir, code string, files map[string][]byte) {
	t.Helper()
	d := filepath.Join(dir, "in", code)
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(d, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFolderIdempotentAndCrashSafe: the same file twice gives one row and
// one answer; a crash between the commit and the move (simulated by
// receiving the file without moving it) answers nothing twice on re-import.
func TestFolderIdempotentAndCrashSafe(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "42420001")
	x := w.exchange(t)
	dir := t.TempDir()
	folder := &uitwisseling.Folder{Dir: dir}
	raw := example(t, "JW301")
	dropFiles(t, dir, "42420001", map[string][]byte{"a.xml": raw, "b.xml": raw})
	got, err := folder.Import(ctx, x)
	if err != nil {
		t.Fatal(err)
	}
	if got.Received != 1 || got.Duplicates != 1 {
		t.Errorf("import: %v", got)
	}
	if w.count(t, "type = 'JW301'") != 1 || w.count(t, "type = 'JW302'") != 1 {
		t.Error("not one row and one answer")
	}
	// The crash: the second message is committed, but its file stays.
	raw2 := withID(raw, "CRASH1")
	if _, err := x.Receive(ctx, raw2); err != nil {
		t.Fatal(err)
	}
	dropFiles(t, dir, "42420001", map[string][]byte{"c.xml": raw2, "junk.xml": []byte("geen xml")})
	got, err = folder.Import(ctx, x)
	if err != nil {
		t.Fatal(err)
	}
	if got.Received != 0 || got.Duplicates != 1 || got.Refused != 1 {
		t.Errorf("re-import: %v", got)
	}
	if w.count(t, "type = 'JW301'") != 2 || w.count(t, "type = 'JW302'") != 2 {
		t.Error("answered twice")
	}
	left, _ := filepath.Glob(filepath.Join(dir, "in", "42420001", "*.xml"))
	if len(left) != 0 {
		t.Errorf("left in the folder: %v", left)
	}
	if _, err := os.Stat(filepath.Join(dir, "in", "42420001", "fout", "junk.xml")); err != nil {
		t.Error("junk not in fout/")
	}
	// The answers leave through the folder: uit/<provider>/.
	x.Transport = folder
	if n, err := x.Flush(ctx); n != 2 || err != nil {
		t.Fatalf("flush: %d %v", n, err)
	}
	out, _ := filepath.Glob(filepath.Join(dir, "uit", "42420001", "*.xml"))
	if len(out) != 2 {
		t.Errorf("uit: %v", out)
	}
	for _, f := range out {
		data, _ := os.ReadFile(f)
		if m, err := ijw.Decode(bytes.NewReader(data)); err != nil || m.MessageType() != ijw.TypeJW302 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestConcurrentImport: two importers on the same folder and database at
// once process each message once (run with -race).
func TestConcurrentImport(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, "42420001")
	dir := t.TempDir()
	raw := example(t, "JW301")
	files := map[string][]byte{}
	const n = 20
	for i := range n {
		files[fmt.Sprintf("m%02d.xml", i)] = withID(raw, fmt.Sprintf("C%d", i))
	}
	dropFiles(t, dir, "42420001", files)
	var handled sync.Map
	var calls atomic.Int32
	var wg sync.WaitGroup
	results := make([]uitwisseling.Imported, 2)
	for i := range 2 {
		x := w.exchange(t)
		x.Register(ijw.TypeJW301, func(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
			calls.Add(1)
			if _, dup := handled.LoadOrStore(b.Identificatie, true); dup {
				t.Errorf("%s handled twice", b.Identificatie)
			}
			return nil
		})
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := (&uitwisseling.Folder{Dir: dir}).Import(ctx, x)
			if err != nil {
				t.Error(err)
			}
			results[i] = got
		}()
	}
	wg.Wait()
	if calls.Load() != n {
		t.Errorf("handled %d, want %d", calls.Load(), n)
	}
	if got := results[0].Received + results[1].Received; got != n {
		t.Errorf("received %d (%v)", got, results)
	}
	if w.count(t, "type = 'JW301'") != n || w.count(t, "type = 'JW302'") != n {
		t.Error("not one row and one answer per message")
	}
}
