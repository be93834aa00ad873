package ijw

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// mnode is a minimal DOM for building mutants.
type mnode struct {
	space, local string
	text         string
	kids         []*mnode
	parent       *mnode
	extra        string // raw markup added inside the start tag
	rawText      string // when set, written verbatim instead of text
}

func parseDOM(t testing.TB, b []byte) *mnode {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var root, cur *mnode
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return root
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &mnode{space: tok.Name.Space, local: tok.Name.Local, parent: cur}
			if cur == nil {
				root = n
			} else {
				cur.kids = append(cur.kids, n)
			}
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			if cur != nil && len(cur.kids) == 0 {
				cur.text += string(tok)
			}
		}
	}
}

func (n *mnode) clone(parent *mnode) *mnode {
	c := *n
	c.parent = parent
	c.kids = nil
	for _, k := range n.kids {
		c.kids = append(c.kids, k.clone(&c))
	}
	return &c
}

func (n *mnode) all(out []*mnode) []*mnode {
	out = append(out, n)
	for _, k := range n.kids {
		out = k.all(out)
	}
	return out
}

func (n *mnode) leaf() bool { return len(n.kids) == 0 }

func writeDOM(n *mnode, b *bytes.Buffer, depth int) {
	pfx := func(space string) (string, string) {
		switch {
		case space == nsBasis:
			return "ijw:", ""
		case strings.Contains(space, "/ijw/3_2/jw"):
			return prefixFor(space) + ":", ""
		case space == "":
			return "", ` xmlns=""`
		}
		return "x:", fmt.Sprintf(` xmlns:x="%s"`, space)
	}
	p, decl := pfx(n.space)
	b.WriteString(strings.Repeat("\t", depth))
	fmt.Fprintf(b, "<%s%s%s", p, n.local, decl)
	if depth == 0 {
		for _, ns := range namespaces() {
			q, _ := pfx(ns)
			fmt.Fprintf(b, ` xmlns:%s="%s"`, strings.TrimSuffix(q, ":"), ns)
		}
	}
	b.WriteString(n.extra)
	b.WriteString(">")
	if n.leaf() {
		if n.rawText != "" {
			b.WriteString(n.rawText)
		} else {
			xml.EscapeText(b, []byte(n.text))
		}
	} else {
		b.WriteString("\n")
		for _, k := range n.kids {
			writeDOM(k, b, depth+1)
		}
		b.WriteString(strings.Repeat("\t", depth))
	}
	fmt.Fprintf(b, "</%s%s>\n", p, n.local)
}

func namespaces() []string {
	out := []string{nsBasis}
	for _, m := range messageTable {
		out = append(out, m.space)
	}
	return out
}

// valuePool holds replacement texts: bad and good dates, times, integers,
// lengths, patterns and codes.
var valuePool = []string{
	"2023-02-28", "2024-02-29", "2023-02-29", "2023-13-01", "2023-04-31", "2023-00-10", "23-01-01", "2023-1-01",
	"2023-01-01Z", "2023-01-01+01:00", " 2023-01-01 ", "-0004-02-29", "-0001-02-29", "1900-02-29", "2000-02-29", "24:00:00.0", "23:59:60", "\n2023-07-15\t", "0000-01-01", "12023-01-01", "-2023-01-01", "02023-01-01", "1900-01-01",
	"12:00:00", "24:00:00", "23:59:59.999", "25:00:00", "12:00", "12:00:00Z", "12:60:00", " 08:30:00 ",
	"0", "1", "2", "3", "01", "02", "03", "13", "20", "31", "45", "83", "99", " 42 ", "+42", "0042", "-1", "-0", "1.5", "4 2",
	"99999999", "100000000", "999999999", "1000000000", "999999999999", "1000000000000", "99999999999999999999999",
	"", " ", "\t", "abc", "ABC123", "a b", "0384", "038", "03840", "42420001", "4242000", "999900006", "99990000", "9999000061",
	"1.0.0", "1.0", "01.0.0", "1.0.0.0", "D", "C", "X", "d", "JW301", "436", "437", "490", "Ë", "Zé", "a\u00a0b",
	"123456789012", "1234567890123", "RN001", "RN-001", strings.Repeat("x", 36), strings.Repeat("x", 37), strings.Repeat("y", 200), strings.Repeat("y", 201),
	"NL", "nl", "1234AB", "tekst met\nnieuwe regel", "&amp;", "<![CDATA[436]]>",
}

type mutation struct {
	name string
	do   func(root *mnode, r *rand.Rand) bool
}

func pick(r *rand.Rand, ns []*mnode, pred func(*mnode) bool) *mnode {
	var c []*mnode
	for _, n := range ns {
		if pred(n) {
			c = append(c, n)
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c[r.IntN(len(c))]
}

func removeKid(p, k *mnode) {
	for i, x := range p.kids {
		if x == k {
			p.kids = append(p.kids[:i:i], p.kids[i+1:]...)
			return
		}
	}
}

var mutations = []mutation{
	{"drop", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return n.parent != nil })
		if n == nil {
			return false
		}
		removeKid(n.parent, n)
		return true
	}},
	{"duplicate", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return n.parent != nil })
		if n == nil {
			return false
		}
		p := n.parent
		for i, x := range p.kids {
			if x == n {
				p.kids = append(p.kids[:i+1], append([]*mnode{n.clone(p)}, p.kids[i+1:]...)...)
				break
			}
		}
		return true
	}},
	{"reorder", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return len(n.kids) > 1 })
		if n == nil {
			return false
		}
		if n == nil {
			return false
		}
		i := r.IntN(len(n.kids) - 1)
		n.kids[i], n.kids[i+1] = n.kids[i+1], n.kids[i]
		return true
	}},
	{"rename", func(root *mnode, r *rand.Rand) bool {
		all := root.all(nil)
		n := pick(r, all, func(n *mnode) bool { return true })
		other := all[r.IntN(len(all))]
		n.local = other.local
		return true
	}},
	{"renamespace", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return true })
		if n == nil {
			return false
		}
		switch r.IntN(4) {
		case 0:
			n.space = ""
		case 1:
			n.space = "urn:ander"
		case 2:
			n.space = nsBasis
		default:
			n.space = messageTable[r.IntN(len(messageTable))].space
		}
		return true
	}},
	{"value", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return n.leaf() })
		if n == nil {
			return false
		}
		v := valuePool[r.IntN(len(valuePool))]
		if strings.HasPrefix(v, "&") || strings.HasPrefix(v, "<!") {
			n.rawText = v
		} else {
			n.text = v
		}
		return true
	}},
	{"value-same-kind", func(root *mnode, r *rand.Rand) bool {
		// replace a value by the value of another leaf with the same name
		// in another example: mostly valid
		n := pick(r, root.all(nil), func(n *mnode) bool { return n.leaf() })
		if n == nil {
			return false
		}
		n.text = " " + n.text + "\n"
		return true
	}},
	{"drop-optional-or-repeat", func(root *mnode, r *rand.Rand) bool {
		// duplicate an element whose parent already has two of the same
		// name (unbounded) or drop a comment-neutral element: often valid
		n := pick(r, root.all(nil), func(n *mnode) bool {
			if n.parent == nil {
				return false
			}
			c := 0
			for _, k := range n.parent.kids {
				if k.local == n.local {
					c++
				}
			}
			return c > 1
		})
		if n == nil {
			return false
		}
		p := n.parent
		if r.IntN(2) == 0 {
			removeKid(p, n)
		} else {
			p.kids = append(p.kids, n.clone(p))
		}
		return true
	}},
	{"markup", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return true })
		if n == nil {
			return false
		}
		switch r.IntN(6) {
		case 0:
			n.extra = ` id="1"`
		case 1:
			n.extra = ` xmlns:q="urn:q"`
		case 2:
			if n.leaf() {
				n.rawText = "<!-- c -->" + escape(n.text) + "<?pi x?>"
			}
		case 3:
			if n.leaf() && !strings.Contains(n.text, "]]>") {
				n.rawText = "<![CDATA[" + n.text + "]]>"
			}
		case 4:
			if n.leaf() {
				n.rawText = escape(n.text) + "<ijw:Extra>1</ijw:Extra>"
			}
		case 5:
			if !n.leaf() {
				n.kids = append(n.kids, &mnode{space: n.space, local: "Onbekend", text: "x", parent: n})
			}
		}
		return true
	}},
}

// benign mutations tend to keep the message valid: comments, processing
// instructions and CDATA around values, whitespace around non-string
// values, dropping optional and repeating unbounded elements, swapping an
// enumerated value for another one. Which ones really stay valid is for
// xmllint to say.
var benign = []mutation{
	{"comment", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return n.leaf() })
		if n == nil {
			return false
		}
		n.rawText = "<!-- opmerking -->" + escape(n.text)
		return true
	}},
	{"cdata", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool { return n.leaf() && !strings.Contains(n.text, "]]>") })
		if n == nil {
			return false
		}
		n.rawText = escape(n.text[:len(n.text)/2]) + "<![CDATA[" + n.text[len(n.text)/2:] + "]]>"
		return true
	}},
	{"pad-number", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool {
			return n.leaf() && n.text != "" && strings.Trim(n.text, "0123456789-:") == ""
		})
		if n == nil {
			return false
		}
		n.text = "\n\t " + n.text + " \r\n"
		return true
	}},
	{"drop-optional", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool {
			d := declFor(n)
			return d != nil && d.min == 0
		})
		if n == nil {
			return false
		}
		removeKid(n.parent, n)
		return true
	}},
	{"repeat-unbounded", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool {
			d := declFor(n)
			return d != nil && d.max < 0
		})
		if n == nil {
			return false
		}
		p := n.parent
		for i, x := range p.kids {
			if x == n {
				p.kids = append(p.kids[:i+1], append([]*mnode{n.clone(p)}, p.kids[i+1:]...)...)
				break
			}
		}
		return true
	}},
	{"other-enum", func(root *mnode, r *rand.Rand) bool {
		n := pick(r, root.all(nil), func(n *mnode) bool {
			d := declFor(n)
			return d != nil && d.simple != nil && d.simple.enums != nil
		})
		if n == nil {
			return false
		}
		var vals []string
		for v := range declFor(n).simple.enums {
			vals = append(vals, v)
		}
		slices.Sort(vals)
		n.text = vals[r.IntN(len(vals))]
		return true
	}},
}

// declFor finds the particle an element of the (unmutated) example matches.
func declFor(n *mnode) *elemDecl {
	if n.parent == nil {
		return nil
	}
	var ct *complexType
	if n.parent.parent == nil {
		if info := lookupMessage(n.parent.space, n.parent.local); info != nil {
			ct = info.root
		}
	} else if pd := declFor(n.parent); pd != nil {
		ct = pd.complex
	}
	if ct == nil {
		return nil
	}
	for i := range ct.elems {
		if ct.elems[i].local == n.local && ct.elems[i].space == n.space {
			return &ct.elems[i]
		}
	}
	return nil
}

func escape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

type mutant struct {
	typ  MessageType
	name string
	data []byte
}

// mutantCorpus derives perType mutants from each example: half with
// benign mutations (mostly still valid), half with arbitrary ones.
func mutantCorpus(t testing.TB, perType int, seed uint64) []mutant {
	r := rand.New(rand.NewPCG(4, seed))
	var out []mutant
	for _, typ := range allTypes() {
		base := readExample(t, typ)
		for i := 0; i < perType; i++ {
			root := parseDOM(t, base)
			var names []string
			set := mutations
			if i%2 == 0 {
				set = benign
			}
			for k := 0; k < 1+r.IntN(2); k++ {
				m := set[r.IntN(len(set))]
				if m.do(root, r) {
					names = append(names, m.name)
				}
			}
			var b bytes.Buffer
			b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
			writeDOM(root, &b, 0)
			out = append(out, mutant{typ, fmt.Sprintf("%s-%03d-%s", typ, i, strings.Join(names, "+")), b.Bytes()})
		}
	}
	return out
}

// TestMutantsAgreeWithXmllint generates a mutation corpus from the 14
// examples and requires the same ok/fout verdict as xmllint on every mutant.
func TestMutantsAgreeWithXmllint(t *testing.T) {
	xmllint := needXmllint(t)
	perType := 90
	if testing.Short() {
		perType = 20
	}
	seed := uint64(2026)
	if s := os.Getenv("IJW_MUTANT_SEED"); s != "" {
		fmt.Sscan(s, &seed)
	}
	dir := t.TempDir()
	files := map[MessageType][]string{}
	data := map[string][]byte{}
	for _, m := range mutantCorpus(t, perType, seed) {
		f := filepath.Join(dir, m.name+".xml")
		if err := os.WriteFile(f, m.data, 0o644); err != nil {
			t.Fatal(err)
		}
		files[m.typ] = append(files[m.typ], f)
		data[f] = m.data
	}
	total, valid, disagree := 0, 0, 0
	for _, typ := range allTypes() {
		ref := xmllintVerdicts(t, xmllint, typ, files[typ])
		for _, f := range files[typ] {
			total++
			_, verr := ValidateXSD(bytes.NewReader(data[f]), typ)
			if ref[f] {
				valid++
			}
			if (verr == nil) != ref[f] {
				disagree++
				if disagree <= 10 {
					t.Errorf("%s: xmllint ok=%v, ijw: %v\n%s", filepath.Base(f), ref[f], verr, data[f])
				}
			}
		}
	}
	t.Logf("%d mutanten, %d geldig volgens xmllint, %d verschillen", total, valid, disagree)
	if !testing.Short() && total < 1000 {
		t.Errorf("te weinig mutanten: %d", total)
	}
	if valid*4 < total || valid*4 > total*3 {
		t.Errorf("verhouding geldig/ongeldig scheef: %d van %d geldig", valid, total)
	}
}

// TestChunkedReadsAgree validates inputs through readers that return one
// byte or half a buffer at a time and with tiny scanner buffers, so that
// every token is split across refills somewhere; the outcome must not
// change.
func TestChunkedReadsAgree(t *testing.T) {
	inputs := map[string][]byte{}
	for _, typ := range allTypes() {
		inputs[string(typ)] = readExample(t, typ)
	}
	for name, h := range hostile() {
		inputs[name] = h
	}
	for _, m := range mutantCorpus(t, 4, 99) {
		inputs[m.name] = m.data
	}
	inputs["groot"] = largeJW323(t, 150<<10)
	defer func(n int) { initialBufSize = n }(initialBufSize)
	for name, in := range inputs {
		initialBufSize = minBufSize
		_, want := ValidateXSD(bytes.NewReader(in), "")
		_, wantFull, wantErr := ValidateReader(bytes.NewReader(in))
		if _, got := ValidateXSDBytes(in, ""); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s, in geheugen: %v; verwacht %v", name, got, want)
		}
		for _, size := range []int{1, 7, 64, 4096} {
			initialBufSize = size
			readers := map[string]io.Reader{
				"half": iotest.HalfReader(bytes.NewReader(in)),
				"all":  bytes.NewReader(in),
			}
			if len(in) < 64<<10 { // one byte at a time is slow under -race
				readers["one"] = iotest.OneByteReader(bytes.NewReader(in))
			}
			for rname, r := range readers {
				_, got := ValidateXSD(r, "")
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s, buffer %d, %s: %v; verwacht %v", name, size, rname, got, want)
				}
			}
			_, full, err := ValidateReader(iotest.HalfReader(bytes.NewReader(in)))
			if fmt.Sprint(full, err) != fmt.Sprint(wantFull, wantErr) {
				t.Errorf("%s, buffer %d, volledig: %v %v; verwacht %v %v", name, size, full, err, wantFull, wantErr)
			}
		}
	}
}
