package declaratie_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/database/dbtest"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/server"
)

// TestThroughTheExchange: the demo provider's JW323 for the month its care
// on an arrangement started goes through the loopback exchange to the
// municipality, which answers it with exactly one JW325 built from its own
// check; the provider records the answer. Both messages pass xmllint.
func TestThroughTheExchange(t *testing.T) {
	ctx := context.Background()
	db := dbtest.New(t)
	if _, err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	app := server.New(db, server.Config{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if _, err := app.Exchange.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// The demo's own billing (lump-sum finance) is in the exchange
	// already; this test's messages come after it.
	var before int64
	if err := db.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM ijw_messages").Scan(&before); err != nil {
		t.Fatal(err)
	}
	var twID int64
	var agb, cbs string
	var start time.Time
	err := db.QueryRow(ctx, `SELECT t.id, a.agb_code, g.cbs_code, t.ingangsdatum FROM toewijzingen t JOIN organisations a ON a.id = t.provider_id
		JOIN organisations g ON g.id = t.municipality_id WHERE t.product_category = '50' AND a.agb_code <> '' ORDER BY t.id LIMIT 1`).Scan(&twID, &agb, &cbs, &start)
	if err != nil {
		t.Fatalf("no arrangement toewijzing in the demo: %v", err)
	}
	err = db.Do(ctx, func(tx *database.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO leveringen (toewijzing_id, trajectory_id, toewijzing_nummer, product_categorie, product_code, toewijzing_ingangsdatum, begindatum, status, bron, created_at, updated_at)
			SELECT id, trajectory_id, nummer, product_category, product_code, ingangsdatum, ingangsdatum, 'gestart', 'aanbieder', created_at, created_at FROM toewijzingen WHERE id = ?`, twID)
		if err != nil {
			return err
		}
		c, err := declaratie.Default.Build(ctx, tx, agb, cbs, start)
		if err != nil {
			return err
		}
		_, _, err = declaratie.Default.Indienen(ctx, tx, c, berichten.Bericht{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Exchange.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	var jw323, jw325 string
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM ijw_messages WHERE type = 'JW325' AND id > ?", before).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d JW325s (%v), want exactly one", n, err)
	}
	db.QueryRow(ctx, "SELECT xml FROM ijw_messages WHERE type = 'JW323' AND id > ?", before).Scan(&jw323)
	db.QueryRow(ctx, "SELECT xml FROM ijw_messages WHERE type = 'JW325' AND id > ?", before).Scan(&jw325)
	xmllint(t, "JW323", jw323)
	xmllint(t, "JW325", jw325)
	a, err := ijw.Decode(bytes.NewReader([]byte(jw325)))
	if err != nil {
		t.Fatal(err)
	}
	if c := a.(*ijw.JW325).DeclaratieAntwoord.RetourCodes.RetourCode[0]; c != ijw.CodeVolledigToegekend {
		t.Fatalf("JW325 %s, want 8001", c)
	}
	for _, side := range []struct{ kant, want string }{{declaratie.KantAanbieder, declaratie.Goedgekeurd}, {declaratie.KantGemeente, declaratie.Goedgekeurd}} {
		var status string
		if err := db.QueryRow(ctx, "SELECT status FROM declaratieregels WHERE kant = ?", side.kant).Scan(&status); err != nil || status != side.want {
			t.Errorf("%s side: line %q (%v), want %s", side.kant, status, err, side.want)
		}
	}
}

func xmllint(t *testing.T, typ, xml string) {
	t.Helper()
	xsd, _ := filepath.Abs("../ijw/testdata/xsd/" + typ + ".xsd")
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Logf("xmllint-controle overgeslagen: xmllint ontbreekt")
		return
	}
	f := filepath.Join(t.TempDir(), typ+".xml")
	os.WriteFile(f, []byte(xml), 0o644)
	if out, err := exec.Command(bin, "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
		t.Fatalf("xmllint rejects the %s: %s", typ, out)
	}
}
