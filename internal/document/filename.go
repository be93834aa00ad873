package document

import (
	"fmt"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Document kinds for FileName.
const (
	KindIPVA        = "ipva"
	KindDATBrief    = "dat-brief"
	KindBeschikking = "beschikking"
	KindBepaling    = "bepaling-jeugdhulp"
)

// FileName gives a file name for a document that holds no client data: the
// kind, the document date and a record id, e.g.
// "beschikking-2026-11-23-000042.pdf". Only the Kind constants are used as
// they are; any other kind becomes "document", so a caller can never leak a
// name through it. A negative id counts as 0.
func FileName(kind string, t time.Time, id int64) string {
	switch kind {
	case KindIPVA, KindDATBrief, KindBeschikking, KindBepaling:
	default:
		kind = "document"
	}
	id = max(id, 0)
	if t.IsZero() {
		return fmt.Sprintf("%s-%06d.pdf", kind, id)
	}
	return fmt.Sprintf("%s-%s-%06d.pdf", kind, t.In(kalender.Amsterdam()).Format(time.DateOnly), id)
}

func itoa(n int) string { return strconv.Itoa(n) }
