package ijw

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// MessageType names one of the 14 iJw 3.2 messages, e.g. JW301.
type MessageType string

// Message is implemented by the root types JW301 ... JW325.
type Message interface {
	MessageType() MessageType
}

const nsXSI = "http://www.w3.org/2001/XMLSchema-instance"

// Error is one finding about a message: an XSD violation (Rule is the facet
// or particle constraint, e.g. "pattern", "minOccurs"), an in-message rule
// or a cross-message rule (Rule is its code, e.g. "TR302", and Code the
// retourcode the standard attaches to it).
type Error struct {
	Line    int    // 0 when not known (rules on decoded messages)
	Element string // qualified name, e.g. "jw301:Bsn", or a path for rules
	Rule    string
	Code    string // retourcode (WJ001), "" for XSD findings
	Msg     string // Dutch
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "regel %d: ", e.Line)
	}
	if e.Element != "" {
		fmt.Fprintf(&b, "element %s: ", e.Element)
	}
	b.WriteString(e.Msg)
	if e.Rule != "" {
		fmt.Fprintf(&b, " [%s", e.Rule)
		if e.Code != "" {
			fmt.Fprintf(&b, ", retourcode %s", e.Code)
		}
		b.WriteString("]")
	}
	return b.String()
}

// prefixFor returns the conventional prefix of a namespace for messages.
func prefixFor(space string) string {
	switch {
	case space == nsBasis:
		return "ijw"
	case strings.HasPrefix(space, "http://www.istandaarden.nl/ijw/3_2/jw") && strings.HasSuffix(space, "/schema"):
		return strings.TrimSuffix(strings.TrimPrefix(space, "http://www.istandaarden.nl/ijw/3_2/"), "/schema")
	case space == "":
		return ""
	}
	return "{" + space + "}"
}

func qualified(space, local string) string {
	if p := prefixFor(space); p != "" {
		return p + ":" + local
	}
	return local
}

// vframe is an open element during validation.
type vframe struct {
	decl  *elemDecl // nil for the root
	ct    *complexType
	st    *simpleType
	idx   int // current particle of ct
	count int // occurrences of particle idx so far
	val   reflect.Value
	line  int
	text  string
	path  string // "Client/ToegewezenProducten/ToegewezenProduct[2]", when lines are kept
}

// validator checks a token stream against the generated schema tables and,
// when decode is set, fills the message's Go value in the same pass.
type validator struct {
	sc     *scanner
	info   *messageInfo
	want   MessageType // "" = any
	decode bool
	msg    Message
	stack  []vframe
	// onEnd, when set, is called after a complex element was completed and
	// decoded; returning discard=true removes it from its parent slice so
	// that long messages are processed in bounded memory.
	onEnd func(ct *complexType, v reflect.Value) (discard bool, err error)
	// lines, when not nil, maps the path of every element read so far
	// (the format of Finding.Path) to its line, so that rule findings on a
	// decoded message can name the line.
	lines map[string]int
	// textBuf holds the text of the innermost simple element when not
	// decoding: the scanner's slices are only valid until its next token.
	textBuf []byte
}

// name is the qualified name of the element of frame f.
func (v *validator) name(f *vframe) string {
	if f.decl == nil {
		return qualified(v.info.space, "Bericht")
	}
	return qualified(f.decl.space, f.decl.local)
}

func lookupMessage(space, local string) *messageInfo {
	if local != "Bericht" {
		return nil
	}
	for _, m := range messageTable {
		if m.space == space {
			return m
		}
	}
	return nil
}

// messageInfoFor returns the table entry for t.
func messageInfoFor(t MessageType) *messageInfo {
	for _, m := range messageTable {
		if m.typ == t {
			return m
		}
	}
	return nil
}

func (v *validator) xsdErr(line int, space, local, rule, format string, args ...any) *Error {
	return &Error{Line: line, Element: qualified(space, local), Rule: rule, Msg: fmt.Sprintf(format, args...)}
}

var validatorPool = sync.Pool{New: func() any { return &validator{} }}

// getValidator returns a reset validator from the pool; putValidator gives
// it back. Nothing a caller receives refers to the validator's buffers.
func getValidator(decode bool, want MessageType) *validator {
	v := validatorPool.Get().(*validator)
	v.decode, v.want = decode, want
	return v
}

func putValidator(v *validator) {
	if v.sc != nil && v.sc.borrowed {
		v.sc.reset(nil, 0) // drop the reference to the caller's data
	}
	if v.sc != nil && len(v.sc.buf) > minBufSize {
		v.sc = nil // do not keep a grown buffer around
	}
	v.info, v.msg, v.onEnd, v.lines = nil, nil, nil, nil
	clear(v.stack)
	v.stack = v.stack[:0]
	validatorPool.Put(v)
}

// run validates the whole input; it returns the first error.
func (v *validator) run(r io.Reader) error {
	if v.sc == nil {
		v.sc = newScanner(r, MaxFileSize)
	} else {
		v.sc.reset(r, MaxFileSize)
	}
	return v.loop()
}

// runBytes validates data in place, without copying it.
func (v *validator) runBytes(data []byte) error {
	if v.sc == nil {
		v.sc = newScanner(nil, MaxFileSize)
	}
	if int64(len(data)) > MaxFileSize {
		return &SyntaxError{Line: 1, Msg: fmt.Sprintf("bestand groter dan %d bytes (25 MB, OP179)", MaxFileSize)}
	}
	v.sc.resetBytes(data, MaxFileSize)
	return v.loop()
}

func (v *validator) loop() error {
	for {
		k, err := v.sc.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			if err := v.start(); err != nil {
				return err
			}
		case tokText:
			if err := v.textTok(); err != nil {
				return err
			}
		case tokEnd:
			if err := v.end(); err != nil {
				return err
			}
		case tokEOF:
			return nil
		}
	}
}

func (v *validator) checkAttrs(space, local string, line int) error {
	for _, a := range v.sc.attrs {
		if a.space == nsXSI {
			switch a.local {
			case "schemaLocation", "noNamespaceSchemaLocation":
				continue
			case "type", "nil":
				return v.xsdErr(line, space, local, "xsi:"+a.local, "attribuut xsi:%s wordt niet ondersteund (het schema kent geen afgeleide typen of nillable elementen)", a.local)
			}
		}
		return v.xsdErr(line, space, local, "attribute", "attribuut %s is niet toegestaan: het schema declareert geen attributen", qualified(a.space, a.local))
	}
	return nil
}

func (v *validator) start() error {
	sc := v.sc
	line := sc.tline
	local := unsafeString(sc.local)
	space := sc.space
	if len(v.stack) == 0 {
		info := lookupMessage(space, local)
		if info == nil {
			if local == "Bericht" && space == "" {
				return v.xsdErr(line, space, local, "root", "root-element Bericht heeft geen namespace; verwacht de namespace van een iJw 3.2-bericht")
			}
			return v.xsdErr(line, space, local, "root", "root-element is geen iJw 3.2-bericht (verwacht Bericht in de namespace http://www.istandaarden.nl/ijw/3_2/jwNNN/schema)")
		}
		if v.want != "" && info.typ != v.want {
			return v.xsdErr(line, space, local, "root", "bericht is een %s, verwacht %s", info.typ, v.want)
		}
		v.info = info
		if err := v.checkAttrs(space, local, line); err != nil {
			return err
		}
		f := vframe{ct: info.root, line: line}
		if v.decode {
			v.msg = info.newValue()
			f.val = reflect.ValueOf(v.msg).Elem()
		}
		v.stack = append(v.stack, f)
		return nil
	}
	p := &v.stack[len(v.stack)-1]
	if p.ct == nil {
		return v.xsdErr(line, space, local, "simpleType", "element %s mag geen kindelementen hebben: %s heeft een enkelvoudige waarde", qualified(space, local), v.name(p))
	}
	elems := p.ct.elems
	for {
		if p.idx >= len(elems) {
			return v.xsdErr(line, space, local, "sequence", "element niet toegestaan in %s (niet verwacht op deze plaats)", v.name(p))
		}
		d := &elems[p.idx]
		if d.local == local && d.space == space {
			if d.max < 0 || p.count < d.max {
				p.count++
				break
			}
			if d.max == 1 {
				// Would only fit a later particle with the same name.
				p.idx++
				p.count = 0
				if p.idx < len(elems) && elems[p.idx].local == local && elems[p.idx].space == space {
					continue
				}
				return v.xsdErr(line, space, local, "maxOccurs", "element komt vaker voor dan toegestaan in %s (maxOccurs %d)", v.name(p), d.max)
			}
			return v.xsdErr(line, space, local, "maxOccurs", "element komt vaker voor dan toegestaan in %s (maxOccurs %d)", v.name(p), d.max)
		}
		if p.count < d.min {
			return v.xsdErr(line, space, local, "minOccurs", "element niet verwacht in %s: eerst moet %s komen", v.name(p), qualified(d.space, d.local))
		}
		p.idx++
		p.count = 0
	}
	if err := v.checkAttrs(space, local, line); err != nil {
		return err
	}
	d := &elems[p.idx]
	f := vframe{decl: d, ct: d.complex, st: d.simple, line: line}
	if v.lines != nil {
		f.path = d.local
		if p.path != "" {
			f.path = p.path + "/" + d.local
		}
		if d.max != 1 {
			f.path += "[" + strconv.Itoa(p.count) + "]"
		}
		v.lines[f.path] = line
	}
	if v.decode {
		f.val = childValue(p.val.Field(p.idx))
	}
	v.stack = append(v.stack, f)
	return nil
}

// childValue returns the settable value a child element decodes into: the
// field itself, a newly allocated pointer target or a new slice element.
func childValue(field reflect.Value) reflect.Value {
	switch field.Kind() {
	case reflect.Pointer:
		if field.IsNil() {
			field.Set(reflect.New(field.Type().Elem()))
		}
		return field.Elem()
	case reflect.Slice:
		n := field.Len()
		if n < field.Cap() {
			field.SetLen(n + 1)
			e := field.Index(n)
			e.SetZero()
			return e
		}
		field.Set(reflect.Append(field, reflect.Zero(field.Type().Elem())))
		return field.Index(n)
	}
	return field
}

func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (v *validator) textTok() error {
	f := &v.stack[len(v.stack)-1]
	if f.st != nil {
		// The scanner merges a whole text run; a second run can only follow
		// a child element, which start() already rejected.
		if v.decode {
			f.text = string(v.sc.value())
		} else {
			v.textBuf = append(v.textBuf[:0], v.sc.value()...)
			f.text = unsafeString(v.textBuf)
		}
		return nil
	}
	for _, c := range v.sc.text {
		if !isXMLSpace(c) {
			return &Error{Line: v.sc.tline, Element: v.name(f), Rule: "complexType", Msg: "tekst is niet toegestaan in dit element; het bevat alleen kindelementen"}
		}
	}
	return nil
}

func (v *validator) end() error {
	n := len(v.stack) - 1
	f := &v.stack[n]
	if f.st != nil {
		if ferr := f.st.check(f.text); ferr != nil {
			return &Error{Line: f.line, Element: v.name(f), Rule: ferr.facet, Msg: ferr.msg}
		}
		if v.decode {
			setScalar(f.val, f.st, f.text)
		}
		f.text = ""
	} else {
		elems := f.ct.elems
		for i := f.idx; i < len(elems); i++ {
			cnt := 0
			if i == f.idx {
				cnt = f.count
			}
			if cnt < elems[i].min {
				return &Error{Line: v.sc.tline, Element: v.name(f), Rule: "minOccurs", Msg: fmt.Sprintf("verplicht element %s ontbreekt", qualified(elems[i].space, elems[i].local))}
			}
		}
		if v.decode && v.onEnd != nil {
			discard, err := v.onEnd(f.ct, f.val)
			if err != nil {
				return err
			}
			if discard && n > 0 {
				p := &v.stack[n-1]
				field := p.val.Field(p.idx)
				if field.Kind() == reflect.Slice {
					field.SetLen(field.Len() - 1)
				}
			}
		}
	}
	v.stack = v.stack[:n]
	return nil
}

// lineOf returns the line of path or of its nearest recorded ancestor (an
// element a rule misses has no line of its own), 0 if none.
func lineOf(lines map[string]int, path string) int {
	for path != "" {
		if l, ok := lines[path]; ok {
			return l
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// setScalar stores a validated value.
func setScalar(dst reflect.Value, st *simpleType, raw string) {
	val := raw
	if st.kind != kindString {
		val = collapse(raw)
	}
	switch dst.Kind() {
	case reflect.String:
		dst.SetString(val)
	case reflect.Int64:
		n, _ := strconv.ParseInt(val, 10, 64) // range checked by the facets
		dst.SetInt(n)
	}
}

// ValidateXSD checks r against the XSD of the message type found in its
// root element (want "" accepts any of the 14). It does not build the
// message, so it runs in bounded memory for inputs of any size up to
// MaxFileSize. The error is a *SyntaxError, an *Error or a read error.
func ValidateXSD(r io.Reader, want MessageType) (MessageType, error) {
	v := getValidator(false, want)
	defer putValidator(v)
	err := v.run(r)
	if v.info == nil {
		return "", err
	}
	return v.info.typ, err
}

// ValidateXSDBytes is ValidateXSD on a document in memory; it does not
// copy data.
func ValidateXSDBytes(data []byte, want MessageType) (MessageType, error) {
	v := getValidator(false, want)
	defer putValidator(v)
	err := v.runBytes(data)
	if v.info == nil {
		return "", err
	}
	return v.info.typ, err
}

// Decode reads one message, checking it against its XSD on the way; the
// result is one of *JW301 ... *JW325. It does not apply the in-message rules
// (see Validate).
func Decode(r io.Reader) (Message, error) {
	v := getValidator(true, "")
	defer putValidator(v)
	if err := v.run(r); err != nil {
		return nil, err
	}
	return v.msg, nil
}
