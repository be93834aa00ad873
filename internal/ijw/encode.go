package ijw

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strconv"
)

// Marshal writes m as an iJw XML document: UTF-8 without BOM, CR LF line
// ends (OP192), prefixes jwNNN and ijw as in the standard's examples. The
// result is checked against the message's XSD before it is returned, so the
// package never hands out a message that the receiver would reject at the
// XSD level.
func Marshal(m Message) ([]byte, error) {
	info := messageInfoFor(m.MessageType())
	if info == nil {
		return nil, fmt.Errorf("ijw: onbekend berichttype %q", m.MessageType())
	}
	v := reflect.ValueOf(m)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil, fmt.Errorf("ijw: Marshal verwacht een niet-nil pointer naar een bericht")
	}
	e := &encoder{}
	e.b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n")
	p := prefixFor(info.space)
	fmt.Fprintf(&e.b, "<%s:Bericht xmlns:%s=\"%s\" xmlns:ijw=\"%s\">\r\n", p, p, info.space, nsBasis)
	e.complex(info.root, v.Elem(), 1)
	fmt.Fprintf(&e.b, "</%s:Bericht>\r\n", p)
	out := e.b.Bytes()
	if _, err := ValidateXSD(bytes.NewReader(out), info.typ); err != nil {
		return nil, fmt.Errorf("ijw: %s voldoet niet aan de XSD: %w", info.typ, err)
	}
	return out, nil
}

// Encode writes Marshal(m) to w.
func Encode(w io.Writer, m Message) error {
	b, err := Marshal(m)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

type encoder struct {
	b bytes.Buffer
}

func (e *encoder) indent(n int) {
	for i := 0; i < n; i++ {
		e.b.WriteByte('\t')
	}
}

func (e *encoder) complex(ct *complexType, v reflect.Value, depth int) {
	for i := range ct.elems {
		d := &ct.elems[i]
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Slice:
			for k := 0; k < f.Len(); k++ {
				e.element(d, f.Index(k), depth)
			}
		case reflect.Pointer:
			if !f.IsNil() {
				e.element(d, f.Elem(), depth)
			}
		case reflect.String:
			if f.Len() == 0 && d.min == 0 {
				continue
			}
			e.element(d, f, depth)
		default:
			e.element(d, f, depth)
		}
	}
}

func (e *encoder) element(d *elemDecl, v reflect.Value, depth int) {
	name := qualified(d.space, d.local)
	e.indent(depth)
	e.b.WriteByte('<')
	e.b.WriteString(name)
	e.b.WriteByte('>')
	if d.complex != nil {
		e.b.WriteString("\r\n")
		e.complex(d.complex, v, depth+1)
		e.indent(depth)
	} else {
		switch v.Kind() {
		case reflect.Int64:
			e.b.WriteString(strconv.FormatInt(v.Int(), 10))
		default:
			escapeText(&e.b, v.String())
		}
	}
	e.b.WriteString("</")
	e.b.WriteString(name)
	e.b.WriteString(">\r\n")
}

// escapeText writes s as XML character data; CR is written as a reference
// so that it survives line-end normalization.
func escapeText(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#13;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
