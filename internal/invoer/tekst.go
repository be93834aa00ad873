package invoer

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tekst is the rule for one text field.
type Tekst struct {
	// Label names the field inside a sentence: "de voornaam".
	Label string
	// Max is the most characters the field may hold, counted in Unicode
	// code points after NFC (so "é" typed as e + accent counts once) and
	// with a line break counted once; 0 means no limit of its own (the
	// request's size still bounds it).
	Max int
	// Verplicht: the field must hold at least one visible character; a
	// value of only spaces, zero-width or format characters is empty.
	Verplicht bool
	// Regels: a multi-line field (motivering, toelichting, beknopt plan)
	// that may hold line breaks and tabs. Every other field is one line.
	Regels bool
	// Verboden lists further characters the field may not hold, e.g. "<>"
	// in a name.
	Verboden string
}

// Check returns v cleaned and a Dutch message when v breaks the rule ("" when
// it does not). Cleaning: in a multi-line field every line break becomes
// "\n" (CR LF and CR as a browser may send them, and what Unicode counts
// as a mandatory break: vertical tab and form feed, which a text pasted
// from a word processor may hold, U+0085, U+2028 and U+2029), the text
// is normalised to NFC, and spaces and invisible format characters (such as
// U+200B and a byte-order mark) around it are trimmed. A value without any
// visible character is returned as "". When the message is not empty the
// value must not be stored.
//
// The checks, in order: valid UTF-8; no NUL; no other control character
// (C0 and C1, DEL), except tab and line break in a multi-line field; none
// of Verboden; something visible when Verplicht; at most Max characters.
func (t Tekst) Check(v string) (string, string) {
	if !utf8.ValidString(v) {
		return v, hoofdletter(t.Label) + " bevat tekens die niet zijn toegestaan: de tekst is geen geldige UTF-8. Typ de tekst opnieuw."
	}
	if strings.IndexByte(v, 0) >= 0 {
		return v, hoofdletter(t.Label) + " bevat een nul-teken (NUL); dat is niet toegestaan. Typ de tekst opnieuw."
	}
	if t.Regels {
		v = regeleinden.Replace(v)
	}
	v = strings.TrimFunc(norm.NFC.String(v), onzichtbaarRandteken)
	for _, r := range v {
		switch {
		case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			if !t.Regels {
				return v, hoofdletter(t.Label) + " moet op één regel staan, zonder regeleinde."
			}
		case r == '\t':
			if !t.Regels {
				return v, hoofdletter(t.Label) + " bevat een tab; dat is hier niet toegestaan."
			}
		case unicode.IsControl(r):
			return v, hoofdletter(t.Label) + " bevat een stuurteken (" + codepunt(r) + "); dat is niet toegestaan."
		case strings.ContainsRune(t.Verboden, r):
			return v, hoofdletter(t.Label) + " bevat tekens die niet zijn toegestaan (" + string(r) + ")."
		}
	}
	if !Zichtbaar(v) {
		v = ""
	}
	if v == "" {
		if t.Verplicht {
			return v, "Vul " + t.Label + " in."
		}
		return v, ""
	}
	if t.Max > 0 && utf8.RuneCountInString(v) > t.Max {
		return v, hoofdletter(t.Label) + " mag hoogstens " + Getal(t.Max) + " tekens lang zijn."
	}
	return v, ""
}

// regeleinden turns every mandatory line break (Unicode UAX #14, class BK,
// CR, NL) into "\n".
var regeleinden = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\v", "\n", "\f", "\n", "\u0085", "\n", "\u2028", "\n", "\u2029", "\n")

// Zichtbaar reports whether s holds at least one visible character: a
// letter, digit, punctuation mark or symbol (an emoji counts). Spaces (also
// U+00A0), control and format characters (U+200B, U+200D, U+FEFF, the
// soft hyphen), combining marks on their own, private-use and unassigned
// code points do not, and neither do the few "letters" that print as
// nothing (the Hangul fillers, the braille blank). A name that is not
// visible cannot be printed on a beschikking or sent in an iJw message.
func Zichtbaar(s string) bool {
	for _, r := range s {
		if leeg[r] {
			continue
		}
		if unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) {
			return true
		}
	}
	return false
}

// leeg are letters and symbols by their category that print as blank.
var leeg = map[rune]bool{
	'\u115F': true, // HANGUL CHOSEONG FILLER
	'\u1160': true, // HANGUL JUNGSEONG FILLER
	'\u3164': true, // HANGUL FILLER
	'\uFFA0': true, // HALFWIDTH HANGUL FILLER
	'\u2800': true, // BRAILLE PATTERN BLANK
}

// onzichtbaarRandteken: what is trimmed around a text: white space (also
// U+00A0 and the other Unicode spaces) and format characters (U+200B,
// U+FEFF, U+2060, directional marks), which at the edge of a value only
// hide that it is empty or differs from another.
func onzichtbaarRandteken(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || leeg[r]
}

// codepunt writes r as U+XXXX.
func codepunt(r rune) string {
	h := strings.ToUpper(strconv.FormatInt(int64(r), 16))
	for len(h) < 4 {
		h = "0" + h
	}
	return "U+" + h
}

// hoofdletter starts s with a capital: "de voornaam" → "De voornaam".
func hoofdletter(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Getal writes n the Dutch way, with a dot between thousands: 2.000.
func Getal(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
