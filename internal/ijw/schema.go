package ijw

//go:generate go run ./internal/xsdgen/cmd/xsdgen -xsd ../../../shared/ijw/xsd -out .

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// builtinKind is the XSD builtin type a simple type is derived from.
type builtinKind uint8

const (
	kindString builtinKind = iota
	kindInteger
	kindDate
	kindTime
)

// simpleType is one step of a restriction chain; a value must satisfy the
// facets of every step (XSD facets narrow the value space at each step).
type simpleType struct {
	name        string
	kind        builtinKind
	base        *simpleType
	patterns    []*pattern // ORed within one step
	enums       map[string]struct{}
	length      int // -1 when absent, in characters
	minLen      int
	maxLen      int
	hasMin      bool
	min         int64
	hasMax      bool
	max         int64
	totalDigits int
}

// elemDecl is an element particle of a sequence.
type elemDecl struct {
	space, local string
	min, max     int // max -1 = unbounded
	simple       *simpleType
	complex      *complexType
}

// complexType has element-only content: a single sequence.
type complexType struct {
	name   string
	goType reflect.Type
	elems  []elemDecl
}

// messageInfo ties a message type to its schema and Go type.
type messageInfo struct {
	typ         MessageType
	space       string
	root        *complexType
	berichtCode string
	xsdVersie   string
	basisVersie string
	newValue    func() Message
}

func newEnum(values ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(values))
	for _, v := range values {
		m[v] = struct{}{}
	}
	return m
}

// pattern is a compiled XSD pattern facet. Frequent simple shapes get a
// hand-written matcher; TestPatternFastPaths checks them against the regexp.
type pattern struct {
	src   string // as written in the XSD
	re    *regexp.Regexp
	match func(string) bool
}

func newPattern(src, goRE string) *pattern {
	p := &pattern{src: src, re: regexp.MustCompile(goRE)}
	p.match = fastMatcher(src)
	if p.match == nil {
		p.match = p.re.MatchString
	}
	return p
}

// fastMatcher returns a matcher equivalent to the XSD pattern src for a few
// shapes the schemas use often, or nil.
func fastMatcher(src string) func(string) bool {
	isDigits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	if src != "" && isDigits(src) { // a literal such as "436"
		return func(s string) bool { return s == src }
	}
	switch src {
	case "[0-9]*":
		return isDigits
	case "[0-9]{4}", "[0-9]{8}", "[0-9]{9}":
		n := int(src[6] - '0')
		return func(s string) bool { return len(s) == n && isDigits(s) }
	case ".*[^\\s].*":
		// Some character that is not XML whitespace, and no CR or LF anywhere.
		return func(s string) bool {
			nonSpace := false
			for i := 0; i < len(s); i++ {
				switch s[i] {
				case '\n', '\r':
					return false
				case ' ', '\t':
				default:
					nonSpace = true
				}
			}
			return nonSpace
		}
	case "([.\\s]*\\S+[.\\s]*)+":
		// '.' is literal inside the classes and \S+ takes dots too: any
		// value with a character that is not XML whitespace.
		return func(s string) bool {
			for i := 0; i < len(s); i++ {
				if !isXMLSpace(s[i]) {
					return true
				}
			}
			return false
		}
	case "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)":
		return func(s string) bool {
			for part := 0; part < 3; part++ {
				j := 0
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				if j == 0 || (j > 1 && s[0] == '0') {
					return false
				}
				s = s[j:]
				if part < 2 {
					if s == "" || s[0] != '.' {
						return false
					}
					s = s[1:]
				}
			}
			return s == ""
		}
	case "([a-zA-ZÀ-ỳ])+":
		return func(s string) bool {
			if s == "" {
				return false
			}
			for _, r := range s {
				if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || 'À' <= r && r <= 'ỳ') {
					return false
				}
			}
			return true
		}
	case "[^:Z]*":
		return func(s string) bool { return !strings.ContainsAny(s, ":Z") }
	case "[^Z+-]+":
		return func(s string) bool { return s != "" && !strings.ContainsAny(s, "Z+-") }
	case "([a-zA-Z0-9])+":
		return func(s string) bool {
			if s == "" {
				return false
			}
			for i := 0; i < len(s); i++ {
				c := s[i]
				if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
					return false
				}
			}
			return true
		}
	}
	return nil
}

// facetError describes a value that fails a simple type.
type facetError struct {
	facet string // e.g. "pattern", "maxLength", "xs:date"
	msg   string // Dutch
}

func (e *facetError) Error() string { return e.msg }

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// collapse applies the whiteSpace="collapse" facet of the non-string
// builtins; for the values that can be valid it amounts to trimming.
func collapse(s string) string {
	i, j := 0, len(s)
	for i < j && isXMLSpace(s[i]) {
		i++
	}
	for j > i && isXMLSpace(s[j-1]) {
		j--
	}
	s = s[i:j]
	for k := 0; k < len(s); k++ {
		if isXMLSpace(s[k]) {
			// Internal whitespace: collapse to single spaces (the value is
			// invalid for every builtin we support, but the message should
			// show the collapsed form as a validator would see it).
			return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x80 && isXMLSpace(byte(r)) }), " ")
		}
	}
	return s
}

// check validates the raw text of an element against st.
func (st *simpleType) check(raw string) *facetError {
	v := raw
	if st.kind != kindString {
		v = collapse(raw)
	}
	return st.checkValue(v)
}

func (st *simpleType) checkValue(v string) *facetError {
	if st.base != nil {
		if err := st.base.checkValue(v); err != nil {
			return err
		}
	} else {
		// The builtin itself: lexical space.
		switch st.kind {
		case kindInteger:
			if !lexInteger(v) {
				return &facetError{"xs:integer", fmt.Sprintf("waarde %s is geen geheel getal (xs:integer)", quote(v))}
			}
		case kindDate:
			if msg := lexDate(v); msg != "" {
				return &facetError{"xs:date", fmt.Sprintf("waarde %s is geen geldige datum (xs:date): %s", quote(v), msg)}
			}
		case kindTime:
			if msg := lexTime(v); msg != "" {
				return &facetError{"xs:time", fmt.Sprintf("waarde %s is geen geldige tijd (xs:time): %s", quote(v), msg)}
			}
		}
		return nil
	}
	tn := st.typeName()
	if len(st.patterns) > 0 {
		ok := false
		for _, p := range st.patterns {
			if p.match(v) {
				ok = true
				break
			}
		}
		if !ok {
			return &facetError{"pattern", fmt.Sprintf("waarde %s voldoet niet aan facet pattern %s van %s", quote(v), quote(st.patterns[0].src), tn)}
		}
	}
	if st.enums != nil {
		if _, ok := st.enums[v]; !ok {
			return &facetError{"enumeration", fmt.Sprintf("waarde %s komt niet voor in facet enumeration van %s", quote(v), tn)}
		}
	}
	if st.length >= 0 || st.minLen >= 0 || st.maxLen >= 0 {
		n := utf8.RuneCountInString(v)
		switch {
		case st.length >= 0 && n != st.length:
			return &facetError{"length", fmt.Sprintf("waarde %s heeft %d tekens; facet length van %s is %d", quote(v), n, tn, st.length)}
		case st.minLen >= 0 && n < st.minLen:
			return &facetError{"minLength", fmt.Sprintf("waarde %s heeft %d tekens; facet minLength van %s is %d", quote(v), n, tn, st.minLen)}
		case st.maxLen >= 0 && n > st.maxLen:
			return &facetError{"maxLength", fmt.Sprintf("waarde %s heeft %d tekens; facet maxLength van %s is %d", quote(v), n, tn, st.maxLen)}
		}
	}
	if st.hasMin || st.hasMax || st.totalDigits > 0 {
		neg, digits := splitInteger(v)
		if st.hasMin && cmpInteger(neg, digits, st.min) < 0 {
			return &facetError{"minInclusive", fmt.Sprintf("waarde %s is kleiner dan facet minInclusive %d van %s", quote(v), st.min, tn)}
		}
		if st.hasMax && cmpInteger(neg, digits, st.max) > 0 {
			return &facetError{"maxInclusive", fmt.Sprintf("waarde %s is groter dan facet maxInclusive %d van %s", quote(v), st.max, tn)}
		}
		if st.totalDigits > 0 && len(digits) > st.totalDigits {
			return &facetError{"totalDigits", fmt.Sprintf("waarde %s heeft meer dan facet totalDigits %d cijfers (%s)", quote(v), st.totalDigits, tn)}
		}
	}
	return nil
}

// typeName is the name of the nearest named type in the chain.
func (st *simpleType) typeName() string {
	for t := st; t != nil; t = t.base {
		if t.name != "" {
			return t.name
		}
	}
	return "?"
}

func quote(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
		for !utf8.ValidString(s) {
			s = s[:len(s)-4] + "..."
		}
	}
	return strconv.Quote(s)
}

// lexInteger reports whether v is in the lexical space of xs:integer.
func lexInteger(v string) bool {
	if v != "" && (v[0] == '+' || v[0] == '-') {
		v = v[1:]
	}
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// splitInteger returns the sign and the digits without leading zeros of a
// lexically valid integer.
func splitInteger(v string) (neg bool, digits string) {
	if v != "" && (v[0] == '+' || v[0] == '-') {
		neg = v[0] == '-'
		v = v[1:]
	}
	v = strings.TrimLeft(v, "0")
	if v == "" {
		neg = false
	}
	return neg, v
}

// cmpInteger compares an arbitrarily long integer with b.
func cmpInteger(neg bool, digits string, b int64) int {
	if len(digits) <= 18 {
		var a int64
		for i := 0; i < len(digits); i++ {
			a = a*10 + int64(digits[i]-'0')
		}
		if neg {
			a = -a
		}
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	bneg := b < 0
	ub := uint64(b)
	if bneg {
		ub = uint64(-b)
	}
	bd := strconv.FormatUint(ub, 10)
	if ub == 0 {
		bd = ""
	}
	mag := func() int { // compare magnitudes
		if len(digits) != len(bd) {
			if len(digits) < len(bd) {
				return -1
			}
			return 1
		}
		return strings.Compare(digits, bd)
	}
	switch {
	case neg && !bneg:
		return -1
	case !neg && bneg:
		return 1
	case neg:
		return -mag()
	}
	return mag()
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// lexTimezone checks an optional XSD timezone suffix and returns the rest.
func lexTimezone(v string) (rest, msg string) {
	if strings.HasSuffix(v, "Z") {
		return v[:len(v)-1], ""
	}
	if len(v) >= 6 && (v[len(v)-6] == '+' || v[len(v)-6] == '-') && v[len(v)-3] == ':' {
		hh, ok1 := twoDigits(v[len(v)-5 : len(v)-3])
		mm, ok2 := twoDigits(v[len(v)-2:])
		if !ok1 || !ok2 || hh > 14 || mm > 59 || (hh == 14 && mm != 0) {
			return "", "ongeldige tijdzone"
		}
		return v[:len(v)-6], ""
	}
	return v, ""
}

// lexDate checks the lexical space of xs:date (XSD 1.0): -?YYYY-MM-DD with
// an optional timezone; a year of more than four digits has no leading zero,
// year 0000 does not exist, the day must exist in the month.
func lexDate(v string) string {
	rest, msg := lexTimezone(v)
	if msg != "" {
		return msg
	}
	neg := strings.HasPrefix(rest, "-")
	if neg {
		rest = rest[1:]
	}
	i := strings.IndexByte(rest, '-')
	if i < 4 {
		return "jaar moet uit minstens vier cijfers bestaan"
	}
	year := rest[:i]
	for k := 0; k < len(year); k++ {
		if year[k] < '0' || year[k] > '9' {
			return "jaar bevat een teken dat geen cijfer is"
		}
	}
	if len(year) > 4 && year[0] == '0' {
		return "jaar van meer dan vier cijfers begint met 0"
	}
	if strings.Trim(year, "0") == "" {
		return "jaar 0000 bestaat niet"
	}
	md := rest[i+1:]
	if len(md) != 5 || md[2] != '-' {
		return "verwacht JJJJ-MM-DD"
	}
	month, ok1 := twoDigits(md[:2])
	day, ok2 := twoDigits(md[3:])
	if !ok1 || !ok2 {
		return "verwacht JJJJ-MM-DD"
	}
	if month < 1 || month > 12 {
		return "maand bestaat niet"
	}
	if day < 1 || day > daysIn(month, year) {
		return "dag bestaat niet in deze maand"
	}
	return ""
}

// daysIn returns the number of days of month in year (year as decimal digits).
func daysIn(month int, year string) int {
	switch month {
	case 4, 6, 9, 11:
		return 30
	case 2:
		// Leap year on the last digits: divisibility by 400 needs the last four.
		tail := year
		if len(tail) > 4 {
			tail = tail[len(tail)-4:]
		}
		y, _ := strconv.Atoi(tail)
		// A negative year is a leap year when its number is one, as
		// libxml2 (the referee) has it: -0004-02-29 exists, -0001-02-29 not.
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// lexTime checks the lexical space of xs:time: hh:mm:ss(.s+)? with an
// optional timezone; 24:00:00 is allowed.
func lexTime(v string) string {
	rest, msg := lexTimezone(v)
	if msg != "" {
		return msg
	}
	if len(rest) < 8 || rest[2] != ':' || rest[5] != ':' {
		return "verwacht uu:mm:ss"
	}
	hh, ok1 := twoDigits(rest[:2])
	mm, ok2 := twoDigits(rest[3:5])
	ss, ok3 := twoDigits(rest[6:8])
	if !ok1 || !ok2 || !ok3 {
		return "verwacht uu:mm:ss"
	}
	frac := rest[8:]
	if frac != "" {
		if frac[0] != '.' || len(frac) == 1 {
			return "verwacht uu:mm:ss of uu:mm:ss.fff"
		}
		for k := 1; k < len(frac); k++ {
			if frac[k] < '0' || frac[k] > '9' {
				return "verwacht uu:mm:ss.fff"
			}
		}
	}
	if hh == 24 {
		if mm != 0 || ss != 0 || strings.Trim(frac, ".0") != "" {
			return "na 24:00:00 bestaat geen tijd"
		}
		return ""
	}
	if hh > 23 || mm > 59 || ss > 59 {
		return "uur, minuut of seconde buiten bereik"
	}
	return ""
}
