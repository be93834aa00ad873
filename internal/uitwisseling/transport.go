package uitwisseling

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// Transport hands one message's bytes from the organisation with code from
// to the one with code to (AGB or CBS code), as GGk and VECOZO do. Sending
// the same bytes twice must be harmless: receivers are idempotent.
type Transport interface {
	Send(ctx context.Context, from, to string, data []byte) error
}

// Hub is the loopback transport: a message for an organisation on this
// platform is received by Exchange at once (in its own transaction); one
// for any other code goes to Fallback, or fails with ErrNotOnPlatform when
// there is none. Routing is by code only, as GGk (CBS gemeentecode) and
// VECOZO (AGB code) route. A JW301 of any municipality of the region
// reaches the provider the same way; the host municipality, which sends
// them for the region (seed 001), sees them in its outbox (berichten.Filter).
type Hub struct {
	Exchange *Exchange
	Fallback Transport
}

// Send delivers data to the organisation with code to.
func (h *Hub) Send(ctx context.Context, from, to string, data []byte) error {
	on, err := onPlatform(ctx, h.Exchange.DB, to)
	if err != nil {
		return err
	}
	if !on {
		if h.Fallback != nil {
			return h.Fallback.Send(ctx, from, to, data)
		}
		return fmt.Errorf("%w: %s", ErrNotOnPlatform, to)
	}
	_, err = h.Exchange.Receive(ctx, data)
	return err
}

func onPlatform(ctx context.Context, db *database.DB, code string) (bool, error) {
	var n int
	err := db.QueryRow(ctx, "SELECT COUNT(*) FROM organisations WHERE cbs_code = ? OR agb_code = ?", code, code).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("organisation of code %s: %w", code, err)
	}
	return n > 0, nil
}

// codeRe is an AGB code (8 digits) or a CBS gemeentecode (4 digits): the
// only names a folder of the drop may have.
var codeRe = regexp.MustCompile(`^(?:[0-9]{4}|[0-9]{8})$`)

// Folder is the folder drop (--exchange-dir) for an installation that hands
// files to a real GGk/VECOZO client: Send writes uit/<sender code>/<name>.xml
// (written to a temporary file and renamed, so the client never sees half a
// file; the name is a digest of the content, so a resend rewrites the same
// file), and Import reads in/<receiver code>/*.xml.
type Folder struct {
	Dir string
}

// Send writes data as a file in uit/<from>/.
func (f *Folder) Send(ctx context.Context, from, to string, data []byte) error {
	if !codeRe.MatchString(from) || !codeRe.MatchString(to) {
		return fmt.Errorf("uitwisseling: ongeldige code %q of %q", from, to)
	}
	dir := filepath.Join(f.Dir, "uit", from)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	return writeAtomic(dir, hex.EncodeToString(sum[:12])+".xml", data)
}

func writeAtomic(dir, name string, data []byte) error {
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(dir, ".tmp-"+hex.EncodeToString(rnd[:]))
	fh, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := fh.Write(data); err != nil {
		fh.Close()
		os.Remove(tmp)
		return err
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		os.Remove(tmp)
		return err
	}
	if err := fh.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Imported counts what one Import did.
type Imported struct {
	Received   int // stored and answered now
	Duplicates int // received before (a crash after the commit, or a second importer)
	Refused    int // not an iJw message passing its XSD, or not for this platform: moved to fout/
	Failed     int // not received now (see the error): left in place for the next import
}

// Import receives every in/<code>/*.xml through e. A file moves to
// in/<code>/verwerkt/ only after its receipt committed; a crash in between
// leaves it in place, and its next import is a duplicate that changes
// nothing. A file that is no valid message, or names a receiver not on the
// platform, moves to in/<code>/fout/; one whose receipt failed otherwise
// stays for the next import, and the first such error is returned after
// the other files were read. Several importers may run at once on one
// database: each message is processed once.
func (f *Folder) Import(ctx context.Context, e *Exchange) (Imported, error) {
	var n Imported
	var first error
	codes, err := os.ReadDir(filepath.Join(f.Dir, "in"))
	if errors.Is(err, os.ErrNotExist) {
		return n, nil
	}
	if err != nil {
		return n, err
	}
	for _, c := range codes {
		if !c.IsDir() || !codeRe.MatchString(c.Name()) {
			continue
		}
		dir := filepath.Join(f.Dir, "in", c.Name())
		files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
		if err != nil {
			return n, err
		}
		sort.Strings(files)
		for _, path := range files {
			if err := ctx.Err(); err != nil {
				return n, err
			}
			data, err := readLimited(path)
			if errors.Is(err, os.ErrNotExist) {
				continue // another importer took it
			}
			var res Result
			if err == nil {
				res, err = e.Receive(ctx, data)
			}
			switch {
			case errors.Is(err, ErrTransport) || errors.Is(err, ErrNotOnPlatform):
				n.Refused++
				e.Log.Warn("bericht geweigerd", "bestand", filepath.Base(path), "reden", reason(err))
				if err := move(path, filepath.Join(dir, "fout")); err != nil {
					return n, err
				}
				continue
			case err != nil:
				// Left in place and tried again at the next import (a
				// handler that failed, a database that was away); the
				// other files go on.
				n.Failed++
				if first == nil {
					first = fmt.Errorf("%s: %w", filepath.Base(path), err)
				}
				continue
			case res.Duplicate:
				n.Duplicates++
			default:
				n.Received++
			}
			if err := move(path, filepath.Join(dir, "verwerkt")); err != nil {
				return n, err
			}
		}
	}
	return n, first
}

// reason names why a file was refused without quoting its content.
func reason(err error) string {
	if errors.Is(err, ErrNotOnPlatform) {
		return "ontvanger niet op dit platform"
	}
	if errors.Is(err, ErrReused) {
		return "berichtidentificatie al gebruikt voor een ander bericht (TR056)"
	}
	return "voldoet niet aan het XSD"
}

func readLimited(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, ijw.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > ijw.MaxFileSize {
		return nil, fmt.Errorf("%w: %s is groter dan %d bytes (OP179)", ErrTransport, filepath.Base(path), ijw.MaxFileSize)
	}
	return data, nil
}

// move renames path into dir; a file another importer moved first is fine.
func move(path, dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	err := os.Rename(path, filepath.Join(dir, filepath.Base(path)))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
