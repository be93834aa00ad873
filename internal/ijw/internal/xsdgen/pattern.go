package xsdgen

import (
	"fmt"
	"regexp"
	"strings"
)

// TranslatePattern turns an XML Schema regular expression into an anchored Go
// (RE2) expression with the same meaning. The two dialects differ:
//   - XSD patterns match the whole value (implicit anchors);
//   - XSD '.' excludes only CR and LF, Go's '.' excludes only LF;
//   - XSD '\s' is exactly space, tab, CR, LF (Go's also matches \f and \v);
//   - XSD '\d' is any Unicode decimal digit (Go's is ASCII only);
//   - '^' and '$' are ordinary characters in XSD.
//
// Constructs the iJw schemas do not use (character class subtraction, \i,
// \c, \w, \p{..} blocks) are rejected rather than guessed.
func TranslatePattern(xsd string) (string, error) {
	var b strings.Builder
	b.WriteString(`^(?:`)
	rs := []rune(xsd)
	inClass := false
	classStart := false
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '\\' {
			if i+1 >= len(rs) {
				return "", fmt.Errorf("pattern %q: trailing backslash", xsd)
			}
			i++
			e := rs[i]
			switch e {
			case 's':
				if inClass {
					b.WriteString(` \t\n\r`)
				} else {
					b.WriteString(`[ \t\n\r]`)
				}
			case 'S':
				if inClass {
					return "", fmt.Errorf("pattern %q: \\S inside a character class is not supported", xsd)
				}
				b.WriteString(`[^ \t\n\r]`)
			case 'd':
				b.WriteString(`\p{Nd}`)
			case 'D':
				if inClass {
					return "", fmt.Errorf("pattern %q: \\D inside a character class is not supported", xsd)
				}
				b.WriteString(`\P{Nd}`)
			case 'n':
				b.WriteString(`\n`)
			case 'r':
				b.WriteString(`\r`)
			case 't':
				b.WriteString(`\t`)
			case '\\', '|', '.', '-', '^', '?', '*', '+', '{', '}', '(', ')', '[', ']', '$':
				b.WriteString(regexp.QuoteMeta(string(e)))
			default:
				return "", fmt.Errorf("pattern %q: escape \\%c not supported", xsd, e)
			}
			classStart = false
			continue
		}
		if inClass {
			switch {
			case r == ']' && !classStart:
				inClass = false
				b.WriteRune(r)
			case r == '^' && classStart:
				b.WriteRune(r)
				continue // still at the start for the purpose of ']'
			case r == '[':
				return "", fmt.Errorf("pattern %q: character class subtraction or nesting is not supported", xsd)
			case r == '-' && i+1 < len(rs) && rs[i+1] == '[':
				return "", fmt.Errorf("pattern %q: character class subtraction is not supported", xsd)
			default:
				b.WriteRune(r)
			}
			classStart = false
			continue
		}
		switch r {
		case '[':
			inClass = true
			classStart = true
			b.WriteRune(r)
		case '.':
			b.WriteString(`[^\n\r]`)
		case '^', '$':
			b.WriteString(regexp.QuoteMeta(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	if inClass {
		return "", fmt.Errorf("pattern %q: unterminated character class", xsd)
	}
	b.WriteString(`)$`)
	out := b.String()
	if _, err := regexp.Compile(out); err != nil {
		return "", fmt.Errorf("pattern %q: translated to %q which does not compile: %w", xsd, out, err)
	}
	return out, nil
}
