// Package xsdgen reads the iJw XSD files and generates the Go message types
// and the schema tables that package ijw validates against.
//
// It understands exactly the XSD profile the iJw 3.2 schemas use: global
// complex types made of one xs:sequence of local xs:element declarations
// (minOccurs/maxOccurs), named and anonymous simple types restricting
// xs:string, xs:integer, xs:date, xs:time or another simple type, with the
// facets pattern, enumeration, length, minLength, maxLength, minInclusive,
// maxInclusive and totalDigits, and xs:import. Anything else (choices,
// attributes, groups, extensions, ...) is an error, so that a future schema
// using it fails generation instead of being validated wrongly.
package xsdgen

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	nsXS   = "http://www.w3.org/2001/XMLSchema"
	nsBase = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
)

// node is a generic XML element of a schema document.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr        `xml:",any,attr"`
	Children []*node           `xml:",any"`
	Text     string            `xml:",chardata"`
	ns       map[string]string // prefix -> namespace in scope (root declarations only)
}

func (n *node) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func (n *node) kids(local string) []*node {
	var out []*node
	for _, c := range n.Children {
		if c.XMLName.Space == nsXS && c.XMLName.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// SimpleType is a simple type: a builtin, or a restriction of another simple type.
type SimpleType struct {
	Name     string // XSD name, "" for anonymous types
	NS       string
	GoID     string // name of the generated table variable
	Builtin  string // "string", "integer", "date", "time" (of the whole chain)
	Base     *SimpleType
	Patterns []string // ORed (one restriction step)
	Enums    []string
	Length   int // -1 when absent
	MinLen   int
	MaxLen   int
	MinIncl  string
	MaxIncl  string
	TotalDig int // 0 when absent
}

// Elem is one element particle of a sequence.
type Elem struct {
	Name    string
	NS      string
	Min     int
	Max     int // -1 = unbounded
	Simple  *SimpleType
	Complex *ComplexType
	Doc     string
}

// ComplexType is a complex type with element-only content: one sequence.
type ComplexType struct {
	Name  string
	NS    string
	GoID  string // table variable
	GoTyp string // Go struct type
	Elems []*Elem
	Doc   string
}

// Message is one message schema.
type Message struct {
	Code        string // "JW301"
	NS          string
	Root        *ComplexType
	BerichtCode string
	XsdVersie   string // BerichtXsdVersie from appinfo
	BasisVersie string // BasisschemaXsdVersie from appinfo
	Doc         string
}

// Schema is everything read from an XSD directory.
type Schema struct {
	Messages []*Message
	Simple   []*SimpleType  // in dependency order
	Complex  []*ComplexType // in a stable order
}

type loader struct {
	docs    map[string]*node // namespace -> schema root
	simple  map[string]*SimpleType
	complex map[string]*ComplexType
	s       *Schema
	anon    int
}

// Load reads basisschema.xsd and JW*.xsd from dir.
func Load(dir string) (*Schema, error) {
	l := &loader{docs: map[string]*node{}, simple: map[string]*SimpleType{}, complex: map[string]*ComplexType{}, s: &Schema{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.xsd"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	type msgFile struct {
		code string
		root *node
	}
	var msgs []msgFile
	for _, f := range files {
		root, err := parseFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		tns, _ := root.attr("targetNamespace")
		if v, _ := root.attr("elementFormDefault"); v != "qualified" {
			return nil, fmt.Errorf("%s: elementFormDefault %q not supported", f, v)
		}
		l.docs[tns] = root
		base := strings.TrimSuffix(filepath.Base(f), ".xsd")
		if strings.HasPrefix(base, "JW") {
			msgs = append(msgs, msgFile{base, root})
		}
	}
	if l.docs[nsBase] == nil {
		return nil, fmt.Errorf("basisschema (%s) not found in %s", nsBase, dir)
	}
	for _, mf := range msgs {
		m, err := l.message(mf.code, mf.root)
		if err != nil {
			return nil, fmt.Errorf("%s.xsd: %w", mf.code, err)
		}
		l.s.Messages = append(l.s.Messages, m)
	}
	return l.s, nil
}

func parseFile(path string) (*node, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	var root node
	// Capture the namespace declarations of the root element.
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			root.ns = map[string]string{}
			for _, a := range se.Attr {
				if a.Name.Space == "xmlns" {
					root.ns[a.Name.Local] = a.Value
				}
			}
			break
		}
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, err
	}
	ns := root.ns
	if err := xml.NewDecoder(f).Decode(&root); err != nil {
		return nil, err
	}
	root.ns = ns
	if root.XMLName.Space != nsXS || root.XMLName.Local != "schema" {
		return nil, fmt.Errorf("root is not xs:schema")
	}
	for _, c := range root.Children {
		if c.XMLName.Space != nsXS {
			return nil, fmt.Errorf("unexpected top-level element %s", c.XMLName.Local)
		}
		switch c.XMLName.Local {
		case "import", "annotation", "element", "complexType", "simpleType":
		default:
			return nil, fmt.Errorf("unsupported top-level xs:%s", c.XMLName.Local)
		}
	}
	return &root, nil
}

func (l *loader) resolve(doc *node, qname string) (ns, local string, err error) {
	prefix, local, ok := strings.Cut(qname, ":")
	if !ok {
		prefix, local = "", qname
	}
	ns, found := doc.ns[prefix]
	if !found {
		return "", "", fmt.Errorf("undeclared prefix in %q", qname)
	}
	return ns, local, nil
}

func appinfo(root *node, name string) string {
	for _, a := range root.kids("annotation") {
		for _, ai := range a.kids("appinfo") {
			for _, c := range ai.Children {
				if c.XMLName.Local == name {
					return strings.TrimSpace(c.Text)
				}
			}
		}
	}
	return ""
}

func documentation(n *node) string {
	var parts []string
	for _, a := range n.kids("annotation") {
		for _, d := range a.kids("documentation") {
			if t := strings.Join(strings.Fields(d.Text), " "); t != "" {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, " ")
}

func (l *loader) message(code string, root *node) (*Message, error) {
	tns, _ := root.attr("targetNamespace")
	m := &Message{Code: code, NS: tns, XsdVersie: appinfo(root, "BerichtXsdVersie"), BasisVersie: appinfo(root, "BasisschemaXsdVersie")}
	els := root.kids("element")
	if len(els) != 1 {
		return nil, fmt.Errorf("want exactly one global element, have %d", len(els))
	}
	if n, _ := els[0].attr("name"); n != "Bericht" {
		return nil, fmt.Errorf("global element %q, want Bericht", n)
	}
	typ, _ := els[0].attr("type")
	ns, local, err := l.resolve(root, typ)
	if err != nil {
		return nil, err
	}
	ct, err := l.complexType(ns, local)
	if err != nil {
		return nil, err
	}
	m.Root = ct
	m.Doc = ct.Doc
	// BerichtCode: the pattern of the Header's BerichtCode element.
	for _, e := range ct.Elems {
		if e.Name == "Header" && e.Complex != nil {
			for _, he := range e.Complex.Elems {
				if he.Name == "BerichtCode" && he.Simple != nil && len(he.Simple.Patterns) == 1 {
					m.BerichtCode = he.Simple.Patterns[0]
				}
			}
		}
	}
	if m.BerichtCode == "" {
		return nil, fmt.Errorf("no fixed BerichtCode pattern in Header")
	}
	return m, nil
}

func (l *loader) complexType(ns, name string) (*ComplexType, error) {
	key := ns + " " + name
	if ct, ok := l.complex[key]; ok {
		if ct.Elems == nil && ct.GoTyp == "" {
			return nil, fmt.Errorf("recursive complex type %s not supported", name)
		}
		return ct, nil
	}
	doc := l.docs[ns]
	if doc == nil {
		return nil, fmt.Errorf("no schema for namespace %s", ns)
	}
	var def *node
	for _, c := range doc.kids("complexType") {
		if n, _ := c.attr("name"); n == name {
			def = c
		}
	}
	if def == nil {
		return nil, fmt.Errorf("complex type %s not found in %s", name, ns)
	}
	ct := &ComplexType{Name: name, NS: ns, Doc: documentation(def)}
	l.complex[key] = ct
	for _, a := range def.Attrs {
		if a.Name.Space == "" && a.Name.Local != "name" {
			return nil, fmt.Errorf("complex type %s: attribute %s not supported", name, a.Name.Local)
		}
	}
	var seq *node
	for _, c := range def.Children {
		switch c.XMLName.Local {
		case "annotation":
		case "sequence":
			if seq != nil {
				return nil, fmt.Errorf("complex type %s: more than one sequence", name)
			}
			seq = c
		default:
			return nil, fmt.Errorf("complex type %s: xs:%s not supported", name, c.XMLName.Local)
		}
	}
	if seq == nil {
		return nil, fmt.Errorf("complex type %s: no sequence", name)
	}
	if len(seq.Attrs) != 0 {
		return nil, fmt.Errorf("complex type %s: occurrence attributes on sequence not supported", name)
	}
	seen := map[string]bool{}
	for _, c := range seq.Children {
		switch c.XMLName.Local {
		case "annotation":
			continue
		case "element":
		default:
			return nil, fmt.Errorf("complex type %s: xs:%s in sequence not supported", name, c.XMLName.Local)
		}
		e, err := l.element(doc, ns, c)
		if err != nil {
			return nil, fmt.Errorf("complex type %s: %w", name, err)
		}
		if seen[e.Name] {
			return nil, fmt.Errorf("complex type %s: element %s twice in the sequence", name, e.Name)
		}
		seen[e.Name] = true
		ct.Elems = append(ct.Elems, e)
	}
	prefix := ""
	if ns != nsBase {
		prefix = "jw" + nsMsg(ns)
	}
	ct.GoID = "ct" + exported(prefix) + strings.TrimPrefix(name, "CDT_")
	ct.GoTyp = goTypeName(ns, name)
	l.s.Complex = append(l.s.Complex, ct)
	return ct, nil
}

// nsMsg returns "301" for the jw301 namespace.
func nsMsg(ns string) string {
	i := strings.Index(ns, "/jw")
	if i < 0 {
		return ""
	}
	rest := ns[i+3:]
	j := strings.IndexByte(rest, '/')
	if j < 0 {
		return rest
	}
	return rest[:j]
}

func exported(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func goTypeName(ns, name string) string {
	if ns == nsBase {
		return strings.TrimPrefix(name, "CDT_")
	}
	code := "JW" + nsMsg(ns)
	if name == "Root" {
		return code
	}
	return code + name
}

func (l *loader) element(doc *node, ns string, n *node) (*Elem, error) {
	e := &Elem{NS: ns, Min: 1, Max: 1, Doc: documentation(n)}
	for _, a := range n.Attrs {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "name":
			e.Name = a.Value
		case "type":
		case "minOccurs":
			v, err := strconv.Atoi(a.Value)
			if err != nil || v < 0 {
				return nil, fmt.Errorf("bad minOccurs %q", a.Value)
			}
			e.Min = v
		case "maxOccurs":
			if a.Value == "unbounded" {
				e.Max = -1
			} else {
				v, err := strconv.Atoi(a.Value)
				if err != nil || v < 1 {
					return nil, fmt.Errorf("bad maxOccurs %q", a.Value)
				}
				e.Max = v
			}
		default:
			return nil, fmt.Errorf("element attribute %s not supported", a.Name.Local)
		}
	}
	if e.Name == "" {
		return nil, fmt.Errorf("element without name (refs are not supported)")
	}
	if e.Max != -1 && e.Max < e.Min {
		return nil, fmt.Errorf("element %s: maxOccurs < minOccurs", e.Name)
	}
	if typ, ok := n.attr("type"); ok {
		tns, local, err := l.resolve(doc, typ)
		if err != nil {
			return nil, err
		}
		if tns == nsXS {
			st, err := l.builtin(local)
			if err != nil {
				return nil, fmt.Errorf("element %s: %w", e.Name, err)
			}
			e.Simple = st
			return e, nil
		}
		if l.isComplex(tns, local) {
			ct, err := l.complexType(tns, local)
			if err != nil {
				return nil, err
			}
			e.Complex = ct
			return e, nil
		}
		st, err := l.simpleType(tns, local)
		if err != nil {
			return nil, fmt.Errorf("element %s: %w", e.Name, err)
		}
		e.Simple = st
		return e, nil
	}
	for _, c := range n.Children {
		switch c.XMLName.Local {
		case "annotation":
		case "simpleType":
			st, err := l.simpleDef(doc, "", ns, c)
			if err != nil {
				return nil, fmt.Errorf("element %s: %w", e.Name, err)
			}
			e.Simple = st
		default:
			return nil, fmt.Errorf("element %s: xs:%s not supported", e.Name, c.XMLName.Local)
		}
	}
	if e.Simple == nil {
		return nil, fmt.Errorf("element %s has no type", e.Name)
	}
	return e, nil
}

func (l *loader) isComplex(ns, name string) bool {
	doc := l.docs[ns]
	if doc == nil {
		return false
	}
	for _, c := range doc.kids("complexType") {
		if n, _ := c.attr("name"); n == name {
			return true
		}
	}
	return false
}

func (l *loader) builtin(name string) (*SimpleType, error) {
	switch name {
	case "string", "integer", "date", "time":
	default:
		return nil, fmt.Errorf("builtin type xs:%s not supported", name)
	}
	key := nsXS + " " + name
	if st, ok := l.simple[key]; ok {
		return st, nil
	}
	st := &SimpleType{Name: name, NS: nsXS, GoID: "stXs" + exported(name), Builtin: name, Length: -1, MinLen: -1, MaxLen: -1}
	l.simple[key] = st
	l.s.Simple = append(l.s.Simple, st)
	return st, nil
}

func (l *loader) simpleType(ns, name string) (*SimpleType, error) {
	key := ns + " " + name
	if st, ok := l.simple[key]; ok {
		return st, nil
	}
	doc := l.docs[ns]
	if doc == nil {
		return nil, fmt.Errorf("no schema for namespace %s", ns)
	}
	for _, c := range doc.kids("simpleType") {
		if n, _ := c.attr("name"); n == name {
			return l.simpleDef(doc, name, ns, c)
		}
	}
	return nil, fmt.Errorf("simple type %s not found", name)
}

func (l *loader) simpleDef(doc *node, name, ns string, def *node) (*SimpleType, error) {
	st := &SimpleType{Name: name, NS: ns, Length: -1, MinLen: -1, MaxLen: -1}
	var restr *node
	for _, c := range def.Children {
		switch c.XMLName.Local {
		case "annotation":
		case "restriction":
			restr = c
		default:
			return nil, fmt.Errorf("simple type %s: xs:%s not supported", name, c.XMLName.Local)
		}
	}
	if restr == nil {
		return nil, fmt.Errorf("simple type %s: only restrictions are supported", name)
	}
	baseQ, _ := restr.attr("base")
	bns, blocal, err := l.resolve(doc, baseQ)
	if err != nil {
		return nil, err
	}
	if bns == nsXS {
		st.Base, err = l.builtin(blocal)
	} else {
		st.Base, err = l.simpleType(bns, blocal)
	}
	if err != nil {
		return nil, err
	}
	st.Builtin = st.Base.Builtin
	for _, f := range restr.Children {
		if f.XMLName.Local == "annotation" {
			continue
		}
		v, ok := f.attr("value")
		if !ok {
			return nil, fmt.Errorf("simple type %s: facet %s without value", name, f.XMLName.Local)
		}
		atoi := func() (int, error) {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return 0, fmt.Errorf("simple type %s: bad %s %q", name, f.XMLName.Local, v)
			}
			return n, nil
		}
		switch f.XMLName.Local {
		case "pattern":
			if _, err := TranslatePattern(v); err != nil {
				return nil, fmt.Errorf("simple type %s: %w", name, err)
			}
			st.Patterns = append(st.Patterns, v)
		case "enumeration":
			st.Enums = append(st.Enums, v)
		case "length":
			st.Length, err = atoi()
		case "minLength":
			st.MinLen, err = atoi()
		case "maxLength":
			st.MaxLen, err = atoi()
		case "totalDigits":
			st.TotalDig, err = atoi()
			if err == nil && st.TotalDig == 0 {
				err = fmt.Errorf("simple type %s: totalDigits 0", name)
			}
		case "minInclusive", "maxInclusive":
			if st.Builtin != "integer" {
				return nil, fmt.Errorf("simple type %s: %s only supported on integers", name, f.XMLName.Local)
			}
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				return nil, fmt.Errorf("simple type %s: %s %q out of int64 range", name, f.XMLName.Local, v)
			}
			if f.XMLName.Local == "minInclusive" {
				st.MinIncl = v
			} else {
				st.MaxIncl = v
			}
		default:
			return nil, fmt.Errorf("simple type %s: facet xs:%s not supported", name, f.XMLName.Local)
		}
		if err != nil {
			return nil, err
		}
	}
	if (st.Length >= 0 || st.MinLen >= 0 || st.MaxLen >= 0) && st.Builtin != "string" {
		return nil, fmt.Errorf("simple type %s: length facets only supported on strings", name)
	}
	if st.TotalDig > 0 && st.Builtin != "integer" {
		return nil, fmt.Errorf("simple type %s: totalDigits only supported on integers", name)
	}
	if name != "" {
		st.GoID = "st" + strings.TrimPrefix(name, "LDT_")
		l.simple[ns+" "+name] = st
	} else {
		l.anon++
		st.GoID = fmt.Sprintf("stAnon%d", l.anon)
	}
	l.s.Simple = append(l.s.Simple, st)
	return st, nil
}
