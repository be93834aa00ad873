package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// logCmd is "jeugdhulp log verify": it walks the hash chain of the access
// log and says whether it holds, or names the first entry where it breaks
// (exit status 1). It only reads: it neither migrates nor creates a
// database.
func (e *env) logCmd(args []string) error {
	const use = "log verify [--database-url URL | --data MAP]"
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(e.stderr, "Gebruik: jeugdhulp "+use)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return errUsage
	}
	fs := e.flags("log verify", use)
	d := addDBFlags(fs)
	if err := e.parse(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return errUsage
	}
	// As d.resolve, without creating the data folder.
	u := *d.url
	if u == "" {
		u = os.Getenv("JEUGDHULP_DATABASE_URL")
	}
	if u == "" {
		u = "sqlite:" + filepath.Join(*d.data, "jeugdhulp.db")
	}
	if path, ok := strings.CutPrefix(u, "sqlite:"); ok {
		if _, err := os.Stat(strings.TrimPrefix(path, "//")); err != nil {
			return fmt.Errorf("geen database gevonden: %w", err)
		}
	}
	ctx := context.Background()
	db, err := database.Open(ctx, u)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := access.VerifyChain(ctx, db)
	if err != nil {
		return fmt.Errorf("toegangslog niet te controleren (is het schema bijgewerkt met jeugdhulp migrate?): %w", err)
	}
	if !v.Intact() {
		return errors.New("toegangslog NIET intact: de keten breekt bij regel " + fmt.Sprint(v.Broken) + ": " + v.Reason)
	}
	regels := "regels"
	if v.Entries == 1 {
		regels = "regel"
	}
	fmt.Fprintf(e.stdout, "Toegangslog intact: %d %s, keten klopt.\n", v.Entries, regels)
	if v.Entries > 0 {
		fmt.Fprintf(e.stdout, "Laatste regel: %d, hash %s\n", v.LastID, v.LastHash)
	}
	return nil
}
