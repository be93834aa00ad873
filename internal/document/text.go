package document

import (
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// Datum formats t as dd-mm-jjjj, e.g. "23-11-2026", the way every page
// and letter of the system writes a date (kalender.Datum). A letter's date
// is the day in Europe/Amsterdam; a calendar date stored as midnight UTC or
// Amsterdam is the same day there. The zero time gives "".
func Datum(t time.Time) string {
	return kalender.Datum(t)
}

// datumOf returns Datum(t), or alt when t is the zero time.
func datumOf(t time.Time, alt string) string {
	if t.IsZero() {
		return alt
	}
	return Datum(t)
}

// replacement is printed for a character the font has no glyph for.
const replacement = '\uFFFD'

// glyphs tells which runes all three embedded fonts can draw. The Go fonts
// share one character set, but checking all three costs nothing and keeps the
// sanitiser honest if a font is ever swapped. The answer is a bit set over
// the Basic Multilingual Plane, built once (a few milliseconds) and read
// without locks.
var glyphs = sync.OnceValue(func() func(rune) bool {
	var set [0x10000 / 64]uint64
	var buf sfnt.Buffer
	var fonts []*sfnt.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			// The fonts are compiled in; this cannot happen with a sound build.
			panic("document: ingebouwd lettertype onleesbaar: " + err.Error())
		}
		fonts = append(fonts, f)
	}
	for r := rune(0x21); r <= 0xFFFF; r++ {
		ok := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			set[r/64] |= 1 << (r % 64)
		}
	}
	set[' '/64] |= 1 << (' ' % 64)
	// fpdf indexes its width table with the rune and that table holds only
	// the Basic Multilingual Plane: anything above must never reach it.
	return func(r rune) bool {
		return r >= 0 && r <= 0xFFFF && set[r/64]&(1<<(r%64)) != 0
	}
})

// clean makes arbitrary user text safe to typeset: it composes accents (NFC,
// so an "e" followed by a combining diaeresis prints as "ë"), turns tabs and
// carriage returns into spaces and newlines, drops control and format
// characters (soft hyphen, zero-width joiner, variation selectors), and
// replaces every run of characters the font cannot draw (emoji) with a single
// "�". Newlines are kept; the caller decides what they mean.
func clean(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ToValidUTF8(s, string(replacement))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = norm.NFC.String(s)
	has := glyphs()
	var b strings.Builder
	b.Grow(len(s))
	lastBad := false
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
			lastBad = false
			continue
		case r == '\r' || r == '\v' || r == '\f':
			b.WriteByte('\n')
			lastBad = false
			continue
		case r == '\t' || (unicode.IsSpace(r) && r != '\u00a0'):
			// Odd spaces (en space, ideographic space, line separator) print
			// as a plain space.
			b.WriteByte(' ')
			lastBad = false
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r),
			unicode.Is(unicode.Variation_Selector, r):
			continue
		}
		if has(r) {
			b.WriteRune(r)
			lastBad = false
			continue
		}
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			// A combining mark without a precomposed form: the base letter
			// alone reads better than a replacement sign.
			continue
		}
		if !lastBad {
			b.WriteRune(replacement)
		}
		lastBad = true
	}
	return b.String()
}

// line cleans s for a single line: newlines become spaces and surrounding
// space is trimmed.
func line(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(clean(s), "\n", " "))
}

// gemeenteNaam turns "Gemeente Tilburg" into "gemeente Tilburg" for use inside
// a sentence, and "Tilburg" into "gemeente Tilburg".
func gemeenteNaam(g string) string {
	g = strings.TrimSpace(g)
	if rest, ok := cutPrefixFold(g, "gemeente "); ok {
		return "gemeente " + strings.TrimSpace(rest)
	}
	return "gemeente " + g
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
