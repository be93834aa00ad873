package ijw

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Limits on input. MaxFileSize is OP179's 25 MB, read as 25 MiB.
const (
	MaxFileSize  = 25 << 20
	maxDepth     = 64      // the deepest iJw message nests 7 levels
	maxTokenSize = 1 << 20 // one tag, text run, comment or PI; also the text of one element
	maxAttrs     = 32      // per element; iJw messages have none but namespace declarations
	minBufSize   = 64 << 10
)

const nsXMLURI = "http://www.w3.org/XML/1998/namespace"
const nsXMLNSURI = "http://www.w3.org/2000/xmlns/"

// tokKind is the kind of a scanner token.
type tokKind uint8

const (
	tokNone tokKind = iota
	tokStart
	tokEnd
	tokText
	tokEOF
)

type attr struct {
	space, local string
	value        string
}

// SyntaxError reports input that is not acceptable XML for this package:
// not well-formed, not UTF-8, a DTD, too large or too deep.
type SyntaxError struct {
	Line int
	Msg  string // Dutch
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("regel %d: %s", e.Line, e.Msg)
}

var errMore = errors.New("need more input")

// scanner is a streaming, non-validating XML 1.0 + Namespaces tokenizer for
// UTF-8 input without DTD. It reads r through a bounded buffer, so memory
// does not grow with the input; it rejects instead of expanding anything
// beyond the five predefined entities and character references.
type scanner struct {
	r     io.Reader
	buf   []byte
	pos   int
	end   int
	eof   bool
	rerr  error
	read  int64
	limit int64
	line  int

	// Namespace bindings in scope; nsMark[d] is len(bindings) before depth d.
	nsPrefix []string
	nsURI    []string
	nsMark   []int
	// Open element qnames, concatenated.
	names   []byte
	nameEnd []int

	started    bool // root element seen
	done       bool // root element closed
	pendingEnd bool // the last start tag was an empty-element tag
	atStart    bool

	// Current token.
	kind  tokKind
	space string
	local []byte
	text  []byte
	tline int
	attrs []attr
	tbuf  []byte
	fast  bool // s.text points into buf (no copy was needed)
	// textCR: s.text is raw whitespace that still contains CR; value()
	// normalizes it.
	textCR bool

	// scratch for attribute values
	abuf     []byte
	rawAttrs []rawAttr

	// borrowed: buf is the caller's data (resetBytes); own keeps the
	// scanner's own buffer meanwhile.
	borrowed bool
	own      []byte
}

// internedNS maps the namespaces of the messages to shared strings, so
// that their declarations allocate nothing.
var internedNS = func() map[string]string {
	m := map[string]string{nsBasis: nsBasis, nsXSI: nsXSI}
	for _, info := range messageTable {
		m[info.space] = info.space
	}
	return m
}()

func internPrefix(p []byte) string {
	switch string(p) {
	case "ijw":
		return "ijw"
	case "xsi":
		return "xsi"
	}
	if len(p) == 5 && string(p[:2]) == "jw" {
		if info := internedPrefixes[string(p)]; info != "" {
			return info
		}
	}
	return string(p)
}

var internedPrefixes = func() map[string]string {
	m := map[string]string{}
	for _, info := range messageTable {
		p := prefixFor(info.space)
		m[p] = p
	}
	return m
}()

// initialBufSize is the scanner's first buffer size; tests make it tiny to
// exercise refills at every possible position.
var initialBufSize = minBufSize

func newScanner(r io.Reader, limit int64) *scanner {
	s := &scanner{}
	s.reset(r, limit)
	return s
}

// resetBytes prepares s to scan data, which it reads in place.
func (s *scanner) resetBytes(data []byte, limit int64) {
	if !s.borrowed {
		s.own = s.buf
	}
	s.reset(nil, limit)
	s.buf, s.end, s.eof, s.rerr, s.read, s.borrowed = data, len(data), true, io.EOF, int64(len(data)), true
}

// reset prepares s for a new input, keeping its buffers.
func (s *scanner) reset(r io.Reader, limit int64) {
	buf := s.buf
	if s.borrowed {
		buf = s.own
	}
	if len(buf) != initialBufSize {
		buf = make([]byte, initialBufSize)
	}
	own := s.own
	*s = scanner{
		own: own,
		r:   r, limit: limit, line: 1, atStart: true, buf: buf,
		nsPrefix: append(s.nsPrefix[:0], "xml"),
		nsURI:    append(s.nsURI[:0], nsXMLURI),
		nsMark:   s.nsMark[:0],
		names:    s.names[:0],
		nameEnd:  s.nameEnd[:0],
		attrs:    s.attrs[:0],
		tbuf:     s.tbuf[:0],
		abuf:     s.abuf[:0],
		rawAttrs: s.rawAttrs[:0],
	}
}

func (s *scanner) errf(line int, format string, args ...any) error {
	return &SyntaxError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// fill makes more input available after s.end, keeping buf[s.pos:].
func (s *scanner) fill() error {
	if s.eof {
		if s.rerr != nil && s.rerr != io.EOF {
			return s.rerr
		}
		return s.errf(s.line, "onverwacht einde van het bestand (afgekapt?)")
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTokenSize+1 {
			return s.errf(s.line, "XML-onderdeel (tag, tekst of commentaar) groter dan %d bytes", maxTokenSize)
		}
		nb := make([]byte, min(2*len(s.buf), maxTokenSize+1))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	s.read += int64(n)
	if s.read > s.limit {
		return s.errf(s.line, "bestand groter dan %d bytes (25 MB, OP179)", s.limit)
	}
	if err != nil {
		s.eof = true
		s.rerr = err
		if err != io.EOF {
			return fmt.Errorf("lezen: %w", err)
		}
	}
	return nil
}

// advance commits n bytes of input, counting lines.
func (s *scanner) advance(n int) {
	s.line += bytes.Count(s.buf[s.pos:s.pos+n], []byte{'\n'})
	s.pos += n
}

// checkChars verifies that b is UTF-8 and holds only XML 1.0 characters.
func (s *scanner) checkChars(b []byte, line int) error {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return s.errf(line+bytes.Count(b[:i], []byte{'\n'}), "teken U+%04X is niet toegestaan in XML", c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return s.errf(line+bytes.Count(b[:i], []byte{'\n'}), "ongeldige UTF-8 (byte 0x%02X); alleen UTF-8 is toegestaan", c)
		}
		if r == 0xFFFE || r == 0xFFFF {
			return s.errf(line+bytes.Count(b[:i], []byte{'\n'}), "teken U+%04X is niet toegestaan in XML", r)
		}
		i += n
	}
	return nil
}

// asciiName classifies ASCII bytes: 1 = may start a name, 2 = may occur in one.
var asciiName = func() (t [128]uint8) {
	for c := 0; c < 128; c++ {
		r := rune(c)
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_' || r == ':' {
			t[c] = 3
		} else if '0' <= r && r <= '9' || r == '-' || r == '.' {
			t[c] = 2
		}
	}
	return t
}()

func isNameStart(r rune) bool {
	switch {
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '_' || r == ':'
	case 0xC0 <= r && r <= 0xD6, 0xD8 <= r && r <= 0xF6, 0xF8 <= r && r <= 0x2FF,
		0x370 <= r && r <= 0x37D, 0x37F <= r && r <= 0x1FFF, 0x200C <= r && r <= 0x200D,
		0x2070 <= r && r <= 0x218F, 0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF,
		0xF900 <= r && r <= 0xFDCF, 0xFDF0 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0xEFFFF:
		return true
	}
	return false
}

func isNameChar(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
			r == '_' || r == ':' || r == '-' || r == '.'
	}
	return isNameStart(r) || r == 0xB7 || 0x300 <= r && r <= 0x36F || 0x203F <= r && r <= 0x2040
}

// scanName returns the length of the XML Name at b[i:], 0 if none, or
// errMore when the buffer ends inside it.
func (s *scanner) scanName(b []byte, i int) (int, error) {
	start := i
	if i < len(b) && b[i] < utf8.RuneSelf {
		if asciiName[b[i]]&1 == 0 {
			return 0, nil
		}
		i++
		for i < len(b) && b[i] < utf8.RuneSelf && asciiName[b[i]] != 0 {
			i++
		}
		if i < len(b) && b[i] < utf8.RuneSelf {
			return i - start, nil
		}
	}
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			ok := false
			if i == start {
				ok = isNameStart(rune(c))
			} else {
				ok = isNameChar(rune(c))
			}
			if !ok {
				return i - start, nil
			}
			i++
			continue
		}
		if !utf8.FullRune(b[i:]) {
			if s.eof {
				return i - start, nil
			}
			return 0, errMore
		}
		r, n := utf8.DecodeRune(b[i:])
		ok := false
		switch {
		case r == utf8.RuneError && n == 1: // invalid UTF-8 is never part of a name
		case i == start:
			ok = isNameStart(r)
		default:
			ok = isNameChar(r)
		}
		if !ok {
			return i - start, nil
		}
		i += n
	}
	if s.eof {
		return i - start, nil
	}
	return 0, errMore
}

// splitQName splits a qualified name and checks it is a QName.
func splitQName(q []byte) (prefix, local []byte, ok bool) {
	i := bytes.IndexByte(q, ':')
	if i < 0 {
		return nil, q, true
	}
	prefix, local = q[:i], q[i+1:]
	if len(prefix) == 0 || len(local) == 0 || bytes.IndexByte(local, ':') >= 0 {
		return nil, nil, false
	}
	r, _ := utf8.DecodeRune(local)
	if !isNameStart(r) {
		return nil, nil, false
	}
	return prefix, local, true
}

func (s *scanner) lookupNS(prefix []byte) (string, bool) {
	for i := len(s.nsPrefix) - 1; i >= 0; i-- {
		if s.nsPrefix[i] == string(prefix) {
			return s.nsURI[i], true
		}
	}
	return "", false
}

// next reads the next token: tokStart (space, local, attrs), tokEnd (space,
// local), tokText (text: character data of one run, comments and processing
// instructions skipped, references expanded, line ends normalized) or tokEOF.
// Slices are valid until the following call.
func (s *scanner) next() (tokKind, error) {
	if s.pendingEnd {
		s.pendingEnd = false
		s.kind = tokEnd
		s.popElement()
		return tokEnd, nil
	}
	s.tbuf = s.tbuf[:0]
	haveText := false
	textLine := 0
	s.fast, s.textCR = false, false
	for {
		if s.pos >= s.end {
			if !s.eof {
				if err := s.fill(); err != nil {
					return tokNone, err
				}
				continue
			}
			if s.rerr != nil && s.rerr != io.EOF {
				return tokNone, s.rerr
			}
			if haveText {
				// Text after the root element was rejected below; inside the
				// root we would not reach EOF without an end tag.
				break
			}
			if !s.started {
				return tokNone, s.errf(s.line, "geen root-element: het bestand is leeg of bevat geen XML")
			}
			if !s.done {
				return tokNone, s.errf(s.line, "onverwacht einde van het bestand: element %s is niet afgesloten", s.topName())
			}
			s.kind = tokEOF
			return tokEOF, nil
		}
		if s.atStart {
			s.atStart = false
			if err := s.prolog(); err != nil {
				if err != errMore {
					return tokNone, err
				}
				s.atStart = true
				if err := s.fill(); err != nil {
					return tokNone, err
				}
			}
			continue
		}
		b := s.buf[s.pos:s.end]
		if b[0] != '<' {
			line := s.line
			err := s.charData(b, &haveText)
			if err == errMore {
				if err := s.fill(); err != nil {
					return tokNone, err
				}
				continue
			}
			if err != nil {
				return tokNone, err
			}
			if haveText && textLine == 0 {
				textLine = line
			}
			if s.fast {
				// fast path: s.text refers to the buffer and a tag follows
				s.kind = tokText
				s.tline = textLine
				return tokText, nil
			}
			continue
		}
		if len(b) < 2 {
			if err := s.fill(); err != nil {
				return tokNone, err
			}
			continue
		}
		switch b[1] {
		case '!':
			line := s.line
			isCDATA, err := s.bang(b)
			if err == errMore {
				if err := s.fill(); err != nil {
					return tokNone, err
				}
				continue
			}
			if err != nil {
				return tokNone, err
			}
			if isCDATA {
				if !haveText {
					haveText = true
					textLine = line
				}
			}
			continue
		case '?':
			err := s.pi(b)
			if err == errMore {
				if err := s.fill(); err != nil {
					return tokNone, err
				}
				continue
			}
			if err != nil {
				return tokNone, err
			}
			continue
		}
		// A start or end tag ends a text run.
		if haveText {
			break
		}
		var err error
		var k tokKind
		if b[1] == '/' {
			k, err = s.endTag(b)
		} else {
			k, err = s.startTag(b)
		}
		if err == errMore {
			if err := s.fill(); err != nil {
				return tokNone, err
			}
			continue
		}
		if err != nil {
			return tokNone, err
		}
		s.kind = k
		return k, nil
	}
	s.text = s.tbuf
	s.kind = tokText
	s.tline = textLine
	return tokText, nil
}

// prolog handles the XML declaration and rejects byte order marks.
func (s *scanner) prolog() error {
	b := s.buf[s.pos:s.end]
	if len(b) < 6 && !s.eof {
		return errMore
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return s.errf(1, "bestand begint met een byte order mark (BOM); iJw-bestanden zijn UTF-8 zonder BOM (OP192)")
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return s.errf(1, "bestand is UTF-16; alleen UTF-8 is toegestaan (OP192)")
	}
	if !bytes.HasPrefix(b, []byte("<?xml")) || len(b) < 6 || !isXMLSpace(b[5]) {
		return nil
	}
	i := bytes.Index(b, []byte("?>"))
	if i < 0 {
		if s.eof {
			return s.errf(1, "XML-declaratie niet afgesloten")
		}
		return errMore
	}
	decl := b[5:i]
	if err := s.checkChars(decl, 1); err != nil {
		return err
	}
	if err := s.xmlDecl(decl); err != nil {
		return err
	}
	s.advance(i + 2)
	return nil
}

// xmlDecl checks version, encoding and standalone pseudo-attributes.
func (s *scanner) xmlDecl(d []byte) error {
	i, n, order := 0, 0, 0
	for {
		j := i
		for j < len(d) && isXMLSpace(d[j]) {
			j++
		}
		if j == len(d) {
			break
		}
		if j == i {
			return s.errf(1, "XML-declaratie: spatie ontbreekt")
		}
		i = j
		for j < len(d) && d[j] != '=' && !isXMLSpace(d[j]) {
			j++
		}
		name := d[i:j]
		for j < len(d) && isXMLSpace(d[j]) {
			j++
		}
		if j >= len(d) || d[j] != '=' {
			return s.errf(1, "XML-declaratie: '=' ontbreekt na %s", name)
		}
		j++
		for j < len(d) && isXMLSpace(d[j]) {
			j++
		}
		if j >= len(d) || (d[j] != '"' && d[j] != '\'') {
			return s.errf(1, "XML-declaratie: waarde van %s niet tussen aanhalingstekens", name)
		}
		q := d[j]
		k := bytes.IndexByte(d[j+1:], q)
		if k < 0 {
			return s.errf(1, "XML-declaratie: waarde van %s niet afgesloten", name)
		}
		value := d[j+1 : j+1+k]
		i = j + 1 + k + 1
		// version, then encoding, then standalone; version is required.
		pos := 0
		switch string(name) {
		case "version":
			pos = 1
			v := value
			if len(v) < 3 || string(v[:2]) != "1." || !lexInteger(string(v[2:])) || v[2] == '+' || v[2] == '-' {
				return s.errf(1, "XML-declaratie: versie %q wordt niet ondersteund", v)
			}
		case "encoding":
			pos = 2
			if !bytesEqualFold(string(value), "UTF-8") {
				return s.errf(1, "XML-declaratie: encoding %q; alleen UTF-8 is toegestaan (OP192)", value)
			}
		case "standalone":
			pos = 3
			if string(value) != "yes" && string(value) != "no" {
				return s.errf(1, "XML-declaratie: standalone %q moet yes of no zijn", value)
			}
		}
		if pos <= order || (n == 0 && pos != 1) {
			return s.errf(1, "XML-declaratie: onverwacht of misplaatst attribuut %q", name)
		}
		order = pos
		n++
	}
	if n == 0 {
		return s.errf(1, "XML-declaratie zonder version")
	}
	return nil
}

func bytesEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// charData consumes character data up to the next '<'. Inside the root
// element it sets s.text (fast path, no copy) or appends to s.tbuf; outside
// it only allows whitespace.
func (s *scanner) charData(b []byte, haveText *bool) error {
	i := 0
	amp, cr, nonSpace := false, false, false
	suspect := false // a byte that checkChars must look at
	for i < len(b) {
		c := b[i]
		if c > 0x20 && c < utf8.RuneSelf && c != '<' && c != '&' && c != ']' {
			nonSpace = true
			i++
			continue
		}
		switch {
		case c == ' ':
		case c == '<':
			goto done
		case c == '&':
			amp, nonSpace = true, true
		case c == '\r':
			cr = true
		case c == ']':
			if i+2 >= len(b) && !s.eof {
				return errMore
			}
			if i+2 < len(b) && b[i+1] == ']' && b[i+2] == '>' {
				return s.errf(s.line+bytes.Count(b[:i], []byte{'\n'}), "']]>' is niet toegestaan in tekst")
			}
			nonSpace = true
		case c == '\n', c == '\t':
		default:
			suspect, nonSpace = true, true
		}
		i++
	}
done:
	plain := !amp && !cr
	if i == len(b) && !s.eof {
		// The run may continue; make sure we see its end (bounded by maxTokenSize).
		return errMore
	}
	run := b[:i]
	if suspect {
		if err := s.checkChars(run, s.line); err != nil {
			return err
		}
	}
	if !s.started || s.done {
		for k, c := range run {
			if !isXMLSpace(c) {
				where := "voor"
				if s.done {
					where = "na"
				}
				if c == '&' {
					return s.errf(s.line+bytes.Count(run[:k], []byte{'\n'}), "verwijzing %s het root-element", where)
				}
				return s.errf(s.line+bytes.Count(run[:k], []byte{'\n'}), "tekst %s het root-element", where)
			}
		}
		s.advance(i)
		return nil
	}
	// Fast path: a run without references followed by a tag (not a comment,
	// PI or CDATA, which would continue the text), and no earlier pieces.
	// Line ends are normalized only when the text is asked for (value), so
	// whitespace between elements costs nothing.
	if !amp && (!cr || !nonSpace) && !*haveText && i+1 < len(b) && b[i+1] != '!' && b[i+1] != '?' {
		s.text = run
		s.textCR = cr
		s.fast = true
		*haveText = true
		s.advance(i)
		return nil
	}
	if len(s.tbuf)+len(run) > maxTokenSize {
		return s.errf(s.line, "tekst van één element groter dan %d bytes", maxTokenSize)
	}
	if plain {
		s.tbuf = append(s.tbuf, run...)
	} else {
		var err error
		s.tbuf, err = s.expand(s.tbuf, run, s.line, false)
		if err != nil {
			return err
		}
	}
	*haveText = true
	s.advance(i)
	return nil
}

// expand appends raw with references expanded and line ends normalized; in
// attribute values whitespace characters become spaces.
func (s *scanner) expand(dst, raw []byte, line int, inAttr bool) ([]byte, error) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
			if inAttr {
				dst = append(dst, ' ')
			} else {
				dst = append(dst, '\n')
			}
			continue
		case '\n', '\t':
			if inAttr {
				dst = append(dst, ' ')
			} else {
				dst = append(dst, c)
			}
			continue
		case '&':
			j := bytes.IndexByte(raw[i:], ';')
			ln := line + bytes.Count(raw[:i], []byte{'\n'})
			if j < 0 {
				return nil, s.errf(ln, "'&' zonder afsluitende ';' (gebruik &amp;)")
			}
			ref := raw[i+1 : i+j]
			switch string(ref) {
			case "lt":
				dst = append(dst, '<')
			case "gt":
				dst = append(dst, '>')
			case "amp":
				dst = append(dst, '&')
			case "apos":
				dst = append(dst, '\'')
			case "quot":
				dst = append(dst, '"')
			default:
				if len(ref) > 1 && ref[0] == '#' {
					r, ok := charRef(ref[1:])
					if !ok {
						return nil, s.errf(ln, "ongeldige tekenverwijzing &%s;", ref)
					}
					dst = utf8.AppendRune(dst, r)
				} else {
					return nil, s.errf(ln, "entiteit &%s; is niet toegestaan: geen DTD of eigen entiteiten", truncate(ref))
				}
			}
			i += j
			continue
		}
		dst = append(dst, c)
	}
	return dst, nil
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// charRef decodes the digits of a character reference (after '#').
func charRef(d []byte) (rune, bool) {
	base := 10
	if d[0] == 'x' {
		base = 16
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 8 {
		return 0, false
	}
	var r rune
	for _, c := range d {
		var v rune
		switch {
		case '0' <= c && c <= '9':
			v = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			v = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			v = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*rune(base) + v
	}
	ok := r == 0x9 || r == 0xA || r == 0xD || 0x20 <= r && r <= 0xD7FF ||
		0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF
	return r, ok
}

// bang handles "<!": comments, CDATA sections; DTDs are rejected.
func (s *scanner) bang(b []byte) (isCDATA bool, err error) {
	switch {
	case bytes.HasPrefix(b, []byte("<!--")):
		j := bytes.Index(b[4:], []byte("--"))
		if j < 0 {
			if s.eof {
				return false, s.errf(s.line, "commentaar niet afgesloten")
			}
			return false, errMore
		}
		if len(b) < 4+j+3 {
			if s.eof {
				return false, s.errf(s.line, "commentaar niet afgesloten")
			}
			return false, errMore
		}
		if b[4+j+2] != '>' {
			return false, s.errf(s.line+bytes.Count(b[:4+j], []byte{'\n'}), "'--' is niet toegestaan in commentaar")
		}
		if err := s.checkChars(b[4:4+j], s.line); err != nil {
			return false, err
		}
		s.advance(4 + j + 3)
		return false, nil
	case bytes.HasPrefix(b, []byte("<![CDATA[")):
		if !s.started || s.done {
			return false, s.errf(s.line, "CDATA-sectie buiten het root-element")
		}
		j := bytes.Index(b[9:], []byte("]]>"))
		if j < 0 {
			if s.eof {
				return false, s.errf(s.line, "CDATA-sectie niet afgesloten")
			}
			return false, errMore
		}
		content := b[9 : 9+j]
		if err := s.checkChars(content, s.line); err != nil {
			return false, err
		}
		if len(s.tbuf)+len(content) > maxTokenSize {
			return false, s.errf(s.line, "tekst van één element groter dan %d bytes", maxTokenSize)
		}
		s.tbuf, _ = s.expandCR(s.tbuf, content)
		s.advance(9 + j + 3)
		return true, nil
	case len(b) < 9 && !s.eof:
		return false, errMore
	case bytes.HasPrefix(b, []byte("<!DOCTYPE")):
		return false, s.errf(s.line, "DTD (<!DOCTYPE) is niet toegestaan: geen DTD's of entiteiten in iJw-berichten")
	}
	return false, s.errf(s.line, "onbekende markup '<!'")
}

// value returns the current text token with line ends normalized.
func (s *scanner) value() []byte {
	if s.textCR {
		s.tbuf, _ = s.expandCR(s.tbuf[:0], s.text)
		s.text, s.textCR = s.tbuf, false
	}
	return s.text
}

// expandCR appends content with line ends normalized (CDATA sections).
func (s *scanner) expandCR(dst, content []byte) ([]byte, error) {
	if bytes.IndexByte(content, '\r') < 0 {
		return append(dst, content...), nil
	}
	for i := 0; i < len(content); i++ {
		c := content[i]
		if c == '\r' {
			if i+1 < len(content) && content[i+1] == '\n' {
				i++
			}
			c = '\n'
		}
		dst = append(dst, c)
	}
	return dst, nil
}

// pi skips a processing instruction.
func (s *scanner) pi(b []byte) error {
	n, err := s.scanName(b, 2)
	if err != nil {
		return err
	}
	if n == 0 {
		return s.errf(s.line, "processing instruction zonder naam")
	}
	target := b[2 : 2+n]
	if bytes.IndexByte(target, ':') >= 0 {
		return s.errf(s.line, "dubbele punt in naam van processing instruction")
	}
	if bytesEqualFold(string(target), "xml") {
		return s.errf(s.line, "XML-declaratie alleen aan het begin van het bestand")
	}
	j := bytes.Index(b[2+n:], []byte("?>"))
	if j < 0 {
		if s.eof {
			return s.errf(s.line, "processing instruction niet afgesloten")
		}
		return errMore
	}
	if j > 0 && !isXMLSpace(b[2+n]) {
		return s.errf(s.line, "spatie ontbreekt na naam van processing instruction")
	}
	if err := s.checkChars(b[2+n:2+n+j], s.line); err != nil {
		return err
	}
	s.advance(2 + n + j + 2)
	return nil
}

func (s *scanner) topName() string { return string(s.topNameBytes()) }

func (s *scanner) topNameBytes() []byte {
	if len(s.nameEnd) == 0 {
		return nil
	}
	start := 0
	if len(s.nameEnd) > 1 {
		start = s.nameEnd[len(s.nameEnd)-2]
	}
	return s.names[start:s.nameEnd[len(s.nameEnd)-1]]
}

func (s *scanner) popElement() {
	n := len(s.nameEnd)
	start := 0
	if n > 1 {
		start = s.nameEnd[n-2]
	}
	s.names = s.names[:start]
	s.nameEnd = s.nameEnd[:n-1]
	mark := s.nsMark[len(s.nsMark)-1]
	s.nsMark = s.nsMark[:len(s.nsMark)-1]
	s.nsPrefix = s.nsPrefix[:mark]
	s.nsURI = s.nsURI[:mark]
	if len(s.nameEnd) == 0 {
		s.done = true
	}
}

type rawAttr struct {
	qname []byte
	value []byte // expanded
	line  int
}

// startTag parses "<name attr='v' ...>" or "<name .../>".
func (s *scanner) startTag(b []byte) (tokKind, error) {
	line := s.line
	if s.done {
		return tokNone, s.errf(line, "tweede root-element; een bericht heeft één root-element")
	}
	n, err := s.scanName(b, 1)
	if err != nil {
		return tokNone, err
	}
	if n == 0 {
		return tokNone, s.errf(line, "ongeldige naam na '<'")
	}
	qname := b[1 : 1+n]
	i := 1 + n
	attrs := s.rawAttrs[:0]
	s.abuf = s.abuf[:0]
	empty := false
	for {
		// whitespace
		ws := i
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			if s.eof {
				return tokNone, s.errf(line, "start-tag %s niet afgesloten", qname)
			}
			return tokNone, errMore
		}
		if b[i] == '>' {
			i++
			break
		}
		if b[i] == '/' {
			if i+1 >= len(b) {
				if s.eof {
					return tokNone, s.errf(line, "start-tag %s niet afgesloten", qname)
				}
				return tokNone, errMore
			}
			if b[i+1] != '>' {
				return tokNone, s.errf(line, "'/' zonder '>' in start-tag %s", qname)
			}
			i += 2
			empty = true
			break
		}
		if i == ws {
			return tokNone, s.errf(line, "spatie ontbreekt tussen attributen in start-tag %s", qname)
		}
		an, err := s.scanName(b, i)
		if err != nil {
			return tokNone, err
		}
		if an == 0 {
			return tokNone, s.errf(line, "ongeldig teken in start-tag %s", qname)
		}
		aq := b[i : i+an]
		i += an
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			if s.eof {
				return tokNone, s.errf(line, "start-tag %s niet afgesloten", qname)
			}
			return tokNone, errMore
		}
		if b[i] != '=' {
			return tokNone, s.errf(line, "'=' ontbreekt na attribuut %s", aq)
		}
		i++
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			if s.eof {
				return tokNone, s.errf(line, "start-tag %s niet afgesloten", qname)
			}
			return tokNone, errMore
		}
		q := b[i]
		if q != '"' && q != '\'' {
			return tokNone, s.errf(line, "waarde van attribuut %s niet tussen aanhalingstekens", aq)
		}
		k := bytes.IndexByte(b[i+1:], q)
		if k < 0 {
			if s.eof {
				return tokNone, s.errf(line, "waarde van attribuut %s niet afgesloten", aq)
			}
			return tokNone, errMore
		}
		rawv := b[i+1 : i+1+k]
		aline := line + bytes.Count(b[:i], []byte{'\n'})
		if bytes.IndexByte(rawv, '<') >= 0 {
			return tokNone, s.errf(aline, "'<' in waarde van attribuut %s", aq)
		}
		if err := s.checkChars(rawv, aline); err != nil {
			return tokNone, err
		}
		start := len(s.abuf)
		s.abuf, err = s.expand(s.abuf, rawv, aline, true)
		if err != nil {
			return tokNone, err
		}
		if len(attrs) == maxAttrs {
			return tokNone, s.errf(line, "meer dan %d attributen in start-tag %s", maxAttrs, qname)
		}
		attrs = append(attrs, rawAttr{qname: aq, value: s.abuf[start:len(s.abuf):len(s.abuf)], line: aline})
		s.rawAttrs = attrs
		i += 1 + k + 1
	}
	if err := s.checkChars(qname, line); err != nil {
		return tokNone, err
	}
	if len(s.nameEnd) >= maxDepth {
		return tokNone, s.errf(line, "elementen dieper genest dan %d niveaus", maxDepth)
	}
	// Namespace declarations first.
	s.nsMark = append(s.nsMark, len(s.nsPrefix))
	s.names = append(s.names, qname...)
	s.nameEnd = append(s.nameEnd, len(s.names))
	s.started = true
	for ai, a := range attrs {
		for _, o := range attrs[:ai] {
			if bytes.Equal(o.qname, a.qname) {
				return tokNone, s.errf(a.line, "attribuut %s komt twee keer voor", a.qname)
			}
		}
		var prefix string
		switch {
		case string(a.qname) == "xmlns":
			prefix = ""
		case bytes.HasPrefix(a.qname, []byte("xmlns:")):
			_, _, ok := splitQName(a.qname)
			if !ok {
				return tokNone, s.errf(a.line, "ongeldige namespace-declaratie %s", a.qname)
			}
			prefix = internPrefix(a.qname[6:])
			if prefix == "xmlns" {
				return tokNone, s.errf(a.line, "prefix xmlns mag niet gedeclareerd worden")
			}
			if len(a.value) == 0 {
				return tokNone, s.errf(a.line, "namespace-prefix %s mag niet aan een lege namespace gebonden worden", prefix)
			}
		default:
			continue
		}
		uri, known := internedNS[string(a.value)]
		if !known {
			uri = string(a.value)
		}
		if (prefix == "xml") != (uri == nsXMLURI) || uri == nsXMLNSURI {
			return tokNone, s.errf(a.line, "ongeldige binding van namespace %q", uri)
		}
		s.nsPrefix = append(s.nsPrefix, prefix)
		s.nsURI = append(s.nsURI, uri)
	}
	prefix, local, ok := splitQName(qname)
	if !ok {
		return tokNone, s.errf(line, "elementnaam %s is geen geldige QName", qname)
	}
	space, found := s.lookupNS(prefix)
	if !found && prefix != nil {
		return tokNone, s.errf(line, "namespace-prefix %s van element %s is niet gedeclareerd", prefix, qname)
	}
	if string(prefix) == "xmlns" {
		return tokNone, s.errf(line, "prefix xmlns mag niet voor elementen gebruikt worden")
	}
	s.space = space
	s.local = local
	s.tline = line
	s.attrs = s.attrs[:0]
	for _, a := range attrs {
		if string(a.qname) == "xmlns" || bytes.HasPrefix(a.qname, []byte("xmlns:")) {
			continue
		}
		ap, al, ok := splitQName(a.qname)
		if !ok {
			return tokNone, s.errf(a.line, "attribuutnaam %s is geen geldige QName", a.qname)
		}
		var aspace string
		if ap != nil {
			aspace, found = s.lookupNS(ap)
			if !found {
				return tokNone, s.errf(a.line, "namespace-prefix %s van attribuut %s is niet gedeclareerd", ap, a.qname)
			}
		}
		for _, o := range s.attrs {
			if o.space == aspace && o.local == string(al) && aspace != "" {
				return tokNone, s.errf(a.line, "attribuut {%s}%s komt twee keer voor", aspace, al)
			}
		}
		s.attrs = append(s.attrs, attr{space: aspace, local: string(al), value: string(a.value)})
	}
	s.advance(i)
	if empty {
		s.pendingEnd = true
	}
	return tokStart, nil
}

// endTag parses "</name>".
func (s *scanner) endTag(b []byte) (tokKind, error) {
	line := s.line
	n, err := s.scanName(b, 2)
	if err != nil {
		return tokNone, err
	}
	i := 2 + n
	for i < len(b) && isXMLSpace(b[i]) {
		i++
	}
	if i >= len(b) {
		if s.eof {
			return tokNone, s.errf(line, "eind-tag niet afgesloten")
		}
		return tokNone, errMore
	}
	if b[i] != '>' || n == 0 {
		return tokNone, s.errf(line, "ongeldige eind-tag")
	}
	qname := b[2 : 2+n]
	if len(s.nameEnd) == 0 {
		return tokNone, s.errf(line, "eind-tag %s zonder start-tag", qname)
	}
	if !bytes.Equal(s.topNameBytes(), qname) {
		return tokNone, s.errf(line, "eind-tag %s past niet bij start-tag %s", qname, s.topName())
	}
	prefix, local, _ := splitQName(qname)
	s.space, _ = s.lookupNS(prefix)
	s.local = local
	s.tline = line
	s.advance(i + 1)
	s.popElement()
	return tokEnd, nil
}
