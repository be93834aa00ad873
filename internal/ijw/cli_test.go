package ijw

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func runCommand(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Command(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	f := filepath.Join(dir, name)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"onzin"}, 2},
		{[]string{"validate"}, 2},
		{[]string{"validate", "--xsd-only"}, 2},
		{[]string{"validate", "--onbekend", "x.xml"}, 2},
		{[]string{"retour"}, 2},
		{[]string{"retour", "a.xml", "b.xml"}, 2},
		{[]string{"help"}, 0},
	}
	for _, tt := range tests {
		code, _, _ := runCommand(tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, verwacht %d", tt.args, code, tt.code)
		}
	}
}

func TestCommandValidateExamples(t *testing.T) {
	var files []string
	for _, typ := range allTypes() {
		files = append(files, filepath.Join("testdata", "berichten", string(typ)+".xml"))
	}
	code, out, _ := runCommand(append([]string{"validate", "--xsd-only"}, files...)...)
	if code != 0 {
		t.Errorf("--xsd-only: exit %d\n%s", code, out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d regels voor %d bestanden", len(lines), len(files))
	}
	for i, l := range lines {
		if l != files[i]+"\tok" {
			t.Errorf("regel %d: %q", i, l)
		}
	}
	// Without --xsd-only the in-message rules apply: the examples JW317 and
	// JW323 break CS003 and TR101 (SPEC.md §12).
	code, out, _ = runCommand(append([]string{"validate"}, files...)...)
	if code != 1 {
		t.Errorf("zonder --xsd-only: exit %d, verwacht 1", code)
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		f, rest, _ := strings.Cut(l, "\t")
		switch filepath.Base(f) {
		case "JW317.xml":
			if !strings.HasPrefix(rest, "fout\tregel 35: ") || !strings.Contains(rest, "CS003") {
				t.Errorf("JW317: %q", l)
			}
		case "JW323.xml":
			if !strings.HasPrefix(rest, "fout\tregel 116: ") || !strings.Contains(rest, "TR101") {
				t.Errorf("JW323: %q", l)
			}
		default:
			if rest != "ok" {
				t.Errorf("%q", l)
			}
		}
	}
}

func TestCommandValidateReasons(t *testing.T) {
	dir := t.TempDir()
	ex := string(readExample(t, TypeJW301))
	tests := []struct {
		name, content string
		want          []string // substrings of the reason
	}{
		{"bsn", strings.Replace(ex, "<jw301:Bsn>999900006<", "<jw301:Bsn>99990000A<", 1), []string{"regel ", "jw301:Bsn", "pattern"}},
		{"datum", strings.Replace(ex, "2026-04-01", "2026-02-30", 1), []string{"regel ", "ijw:Dagtekening", "xs:date"}},
		{"ontbreekt", strings.Replace(ex, "<jw301:Geslacht>1</jw301:Geslacht>", "", 1), []string{"regel ", "jw301:Naam", "minOccurs"}},
		{"enum", strings.Replace(ex, "<jw301:Geslacht>1<", "<jw301:Geslacht>7<", 1), []string{"jw301:Geslacht", "enumeration"}},
		{"lengte", strings.Replace(ex, "<ijw:Identificatie>", "<ijw:Identificatie>1234567890123", 1), []string{"ijw:Identificatie", "maxLength"}},
		{"namespace", strings.Replace(ex, "<ijw:Identificatie>", "<jw301:Identificatie>", 1), []string{"jw301:Identificatie"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := tt.content
			if tt.name == "namespace" {
				content = strings.Replace(content, "</ijw:Identificatie>", "</jw301:Identificatie>", 1)
			}
			f := writeFile(t, dir, tt.name+".xml", []byte(content))
			code, out, _ := runCommand("validate", "--xsd-only", f)
			if code != 1 || !strings.HasPrefix(out, f+"\tfout\t") || strings.Count(out, "\n") != 1 {
				t.Fatalf("exit %d, uitvoer %q", code, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("reden %q mist %q", out, w)
				}
			}
		})
	}
}

func TestCommandReadError(t *testing.T) {
	ok := filepath.Join("testdata", "berichten", "JW301.xml")
	code, out, _ := runCommand("validate", ok, "bestaat-niet.xml")
	if code != 2 {
		t.Errorf("exit %d, verwacht 2", code)
	}
	if !strings.Contains(out, ok+"\tok\n") || !strings.Contains(out, "bestaat-niet.xml\tfout\tbestand niet leesbaar") {
		t.Errorf("uitvoer %q", out)
	}
}

// hostile returns inputs that must give a clear fout, quickly.
func hostile() map[string][]byte {
	m := map[string][]byte{}
	m["billion-laughs"] = []byte(`<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<jw301:Bericht xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema">&lol3;</jw301:Bericht>`)
	m["external-entity"] = []byte(`<?xml version="1.0"?>
<!DOCTYPE b [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<jw301:Bericht xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema">&xxe;</jw301:Bericht>`)
	m["entity-no-dtd"] = []byte(`<jw301:Bericht xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema">&xxe;</jw301:Bericht>`)
	m["deep"] = []byte(`<jw301:Bericht xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema">` +
		strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000) + `</jw301:Bericht>`)
	m["invalid-utf8"] = []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<jw301:Bericht xmlns:jw301=\"http://www.istandaarden.nl/ijw/3_2/jw301/schema\">\xff\xfe</jw301:Bericht>")
	m["bom"] = append([]byte{0xEF, 0xBB, 0xBF}, []byte("<?xml version=\"1.0\"?><a/>")...)
	m["latin1"] = []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a/>")
	m["truncated"] = []byte("<?xml version=\"1.0\"?>\n<jw301:Bericht xmlns:jw301=\"http://www.istandaarden.nl/ijw/3_2/jw301/schema\"><jw301:Header><jw301:Berich")
	m["empty"] = nil
	m["not-xml"] = []byte("%PDF-1.4 dit is geen XML")
	return m
}

func TestCommandHostileInputs(t *testing.T) {
	dir := t.TempDir()
	inputs := hostile()
	// A 26 MB file: a valid start followed by a long comment.
	big := bytes.NewBuffer(nil)
	big.WriteString(`<?xml version="1.0"?><jw323:Bericht xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema"><!--`)
	big.Write(bytes.Repeat([]byte("x"), 26<<20))
	big.WriteString(`--></jw323:Bericht>`)
	inputs["26mb"] = big.Bytes()
	for name, content := range inputs {
		t.Run(name, func(t *testing.T) {
			f := writeFile(t, dir, name+".xml", content)
			start := time.Now()
			for _, mode := range [][]string{{"validate", "--xsd-only", f}, {"validate", f}} {
				code, out, _ := runCommand(mode...)
				if code != 1 || !strings.HasPrefix(out, f+"\tfout\t") || strings.Count(out, "\n") != 1 {
					t.Errorf("%v: exit %d, uitvoer %q", mode, code, out)
				}
				t.Logf("%s", strings.TrimPrefix(out, f+"\t"))
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("duurde %v", d)
			}
		})
	}
}

// TestHostileStreamBounded feeds an endless stream: the reader must stop at
// the size cap with bounded memory.
func TestHostileStreamBounded(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
	}{
		{"lange tekst", io.MultiReader(strings.NewReader(`<jw323:Bericht xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">`), endless('x'))},
		{"lang commentaar", io.MultiReader(strings.NewReader(`<a><!--`), endless('-'+1))},
		{"veel elementen", io.MultiReader(strings.NewReader(`<jw323:Bericht xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">`), repeatReader("<b></b>"))},
		{"veel witruimte", io.MultiReader(strings.NewReader(`<a>`), endless(' '))},
		{"tekst in stukken", io.MultiReader(strings.NewReader(`<a>`), repeatReader("xxxxxxxx<!---->"))},
		{"cdata in stukken", io.MultiReader(strings.NewReader(`<a>`), repeatReader("<![CDATA[xxxxxxxxxxxxxxxx]]>"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := ValidateXSD(tt.r, "")
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("geen fout")
			}
			if grow := after.HeapInuse - min(after.HeapInuse, before.HeapInuse); grow > 8<<20 {
				t.Errorf("heap groeide %d bytes", grow)
			}
			t.Log(err)
		})
	}
}

type byteReader byte

func endless(c byte) io.Reader { return io.LimitReader(byteReader(c), 40<<20) }

func (b byteReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func repeatReader(s string) io.Reader {
	return io.LimitReader(&cycle{s: s}, 40<<20)
}

type cycle struct {
	s string
	i int
}

func (c *cycle) Read(p []byte) (int, error) {
	for n := range p {
		p[n] = c.s[c.i%len(c.s)]
		c.i++
	}
	return len(p), nil
}

// TestManyAttributes: a start tag with very many attributes is refused
// quickly (the duplicate check would otherwise be quadratic).
func TestManyAttributes(t *testing.T) {
	var b strings.Builder
	b.WriteString("<a")
	for i := 0; i < 60000; i++ {
		fmt.Fprintf(&b, " a%d='1'", i)
	}
	b.WriteString("/>")
	start := time.Now()
	_, err := ValidateXSD(strings.NewReader(b.String()), "")
	if err == nil || !strings.Contains(err.Error(), "attributen") || time.Since(start) > time.Second {
		t.Errorf("%v na %v", err, time.Since(start))
	}
}

func TestCommandRetour(t *testing.T) {
	for _, typ := range []MessageType{TypeJW301, TypeJW305, TypeJW307, TypeJW315, TypeJW317, TypeJW319, TypeJW323} {
		f := filepath.Join("testdata", "berichten", string(typ)+".xml")
		code, out, errs := runCommand("retour", f)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", typ, code, errs)
		}
		m, err := Decode(strings.NewReader(out))
		if err != nil {
			t.Fatalf("%s: retour leesbaar? %v", typ, err)
		}
		if m.MessageType() != RetourType(typ) {
			t.Errorf("%s: retour is %s", typ, m.MessageType())
		}
	}
	// No retour for a retour, nor for an XSD-invalid message.
	for _, f := range []string{filepath.Join("testdata", "berichten", "JW302.xml"), writeFile(t, t.TempDir(), "x.xml", []byte("<a/>"))} {
		if code, _, errs := runCommand("retour", f); code != 1 || errs == "" {
			t.Errorf("%s: exit %d, verwacht 1 met melding", f, code)
		}
	}
	if code, _, _ := runCommand("retour", "bestaat-niet.xml"); code != 2 {
		t.Errorf("bestaat niet: exit %d", code)
	}
	_ = fmt.Sprint()
}
