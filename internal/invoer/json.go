package invoer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxJSONFouten caps the fields JSON reports, so a document full of bad
// strings does not make an answer as large as itself.
const maxJSONFouten = 20

// JSON checks every string of the JSON document raw, names and values, as
// text: valid UTF-8 (encoding/json would silently turn invalid bytes and a
// lone surrogate escape such as \ud800 into U+FFFD), no NUL and no control
// character other than tab and line break (each field's own rule decides
// later whether it may hold those). It returns the problems by the path of
// the string, e.g. "jeugdige.voornaam" or "gezaghebbenden.0.naam" (the
// form of ipva.Gap's keys), or nil when there are none or raw is not
// well-formed JSON (the decoder that reads it next says so).
func JSON(raw []byte) Fouten {
	valid := utf8.Valid(raw)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	type frame struct {
		obj     bool
		wantKey bool
		key     string
		idx     int
	}
	var stack []*frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.obj {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(strconv.Itoa(f.idx))
			}
		}
		if b.Len() == 0 {
			return "(inhoud)"
		}
		return b.String()
	}
	next := func() {
		if len(stack) == 0 {
			return
		}
		if f := stack[len(stack)-1]; f.obj {
			f.wantKey = true
		} else {
			f.idx++
		}
	}
	var fe Fouten
	add := func(where, m string) {
		if m == "" || len(fe) >= maxJSONFouten {
			return
		}
		if fe == nil {
			fe = Fouten{}
		}
		fe.Zet(where, m)
	}
	prev := int64(0)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) && len(stack) == 0 {
			return fe
		}
		if err != nil {
			// A syntax error or an unfinished document: the decoder
			// that reads it next reports it in its own words.
			return nil
		}
		off := dec.InputOffset()
		seg := raw[prev:off]
		prev = off
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				stack = append(stack, &frame{obj: v == '{', wantKey: v == '{'})
			default:
				stack = stack[:len(stack)-1]
				next()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
				// A name: the path goes on with it only when it is sound
				// (a name with control characters is not echoed).
				top := stack[n-1]
				top.key, top.wantKey = v, false
				if m := jsonTekst(v, seg, valid); m != "" {
					top.key = "(veldnaam)"
					add(path(), m)
				}
				continue
			}
			add(path(), jsonTekst(v, seg, valid))
			next()
		default:
			next()
		}
	}
}

// jsonTekst checks one decoded string s, read from the raw bytes seg (the
// string and what precedes it since the previous token; valid tells that
// the whole document is valid UTF-8).
func jsonTekst(s string, seg []byte, valid bool) string {
	if !valid && !utf8.Valid(seg) {
		return "Bevat tekens die niet zijn toegestaan: de tekst is geen geldige UTF-8."
	}
	if strings.ContainsRune(s, utf8.RuneError) && !bytes.Contains(seg, []byte("\uFFFD")) && !bytes.Contains(bytes.ToLower(seg), []byte(`\ufffd`)) {
		// U+FFFD that was not sent: encoding/json made it of a lone
		// surrogate escape (\ud800 … \udfff without its pair).
		return "Bevat tekens die niet zijn toegestaan: een losse surrogaat (\\ud800–\\udfff) is geen teken."
	}
	for _, r := range s {
		switch {
		case r == 0:
			return "Bevat een nul-teken (NUL); dat is niet toegestaan."
		case r == '\t' || r == '\n' || r == '\r':
		case unicode.IsControl(r):
			return "Bevat een stuurteken (" + codepunt(r) + "); dat is niet toegestaan."
		}
	}
	return ""
}
