package ijw

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// canonical lists the elements (expanded names) and trimmed texts of an
// XML document: equal for documents that differ only in whitespace and
// prefixes.
func canonical(t testing.TB, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			out = append(out, "<{"+tok.Name.Space+"}"+tok.Name.Local)
		case xml.EndElement:
			out = append(out, ">")
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				out = append(out, "="+s)
			}
		}
	}
}

func TestRoundTripExamples(t *testing.T) {
	var xmllint string
	tmp := t.TempDir()
	var written []string
	for _, typ := range allTypes() {
		t.Run(string(typ), func(t *testing.T) {
			in := readExample(t, typ)
			m, err := Decode(bytes.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if m.MessageType() != typ {
				t.Fatalf("type %s, verwacht %s", m.MessageType(), typ)
			}
			out, err := Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) || !bytes.Contains(out, []byte("\r\n")) || bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
				t.Error("uitvoer moet UTF-8 zonder BOM met CR LF regeleinden zijn (OP192)")
			}
			a, b := canonical(t, in), canonical(t, out)
			if strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Errorf("round-trip verschilt:\nin:  %v\nuit: %v", a, b)
			}
			f := filepath.Join(tmp, string(typ)+".xml")
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			written = append(written, f)
		})
	}
	xmllint = needXmllint(t)
	for _, f := range written {
		typ := MessageType(strings.TrimSuffix(filepath.Base(f), ".xml"))
		if !xmllintVerdicts(t, xmllint, typ, []string{f})[f] {
			t.Errorf("%s: uitvoer van Marshal wordt door xmllint afgewezen", typ)
		}
	}
}

// TestExamplesXmllint: every example of the standard is accepted by both
// xmllint and this package (XSD level).
func TestExamplesXmllint(t *testing.T) {
	dir := filepath.Join("testdata", "berichten")
	if _, err := os.Stat(filepath.Join(sharedDir, "berichten")); err == nil {
		dir = filepath.Join(sharedDir, "berichten")
	}
	xmllint := needXmllint(t)
	for _, typ := range allTypes() {
		f := filepath.Join(dir, string(typ)+".xml")
		if !xmllintVerdicts(t, xmllint, typ, []string{f})[f] {
			t.Errorf("%s: xmllint wijst het voorbeeld af", f)
		}
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ValidateXSD(fh, typ)
		fh.Close()
		if err != nil || got != typ {
			t.Errorf("%s: %s %v", f, got, err)
		}
	}
}

// TestRetoursValidate builds the retour of every heen example, with and
// without findings, and has xmllint check them.
func TestRetoursValidate(t *testing.T) {
	tmp := t.TempDir()
	byType := map[MessageType][]string{}
	for _, typ := range []MessageType{TypeJW301, TypeJW305, TypeJW307, TypeJW315, TypeJW317, TypeJW319, TypeJW323} {
		heen := decodeExample(t, typ)
		variants := map[string][]Finding{"ok": nil}
		variants["xslt"] = []Finding{{Rule: RuleInfo{Code: "CS002", Retour: "0001", Level: LevelXSLT}}}
		variants["header"] = []Finding{{Rule: RuleInfo{Code: "TR056", Retour: "9056", Level: LevelCross}}}
		if target := firstClassTarget(heen); target != nil {
			variants["class"] = []Finding{{Rule: RuleInfo{Code: "TR019", Retour: "9019", Level: LevelCross}, Target: target}}
		}
		for name, fs := range variants {
			r, err := Retour(heen, RetourOptions{Identificatie: "R1", Dagtekening: "2026-01-02", Findings: fs})
			if err != nil {
				t.Fatalf("%s/%s: %v", typ, name, err)
			}
			out, err := Marshal(r)
			if err != nil {
				t.Fatalf("%s/%s: %v", typ, name, err)
			}
			f := filepath.Join(tmp, fmt.Sprintf("%s-%s.xml", typ, name))
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
			byType[r.MessageType()] = append(byType[r.MessageType()], f)
		}
	}
	xmllint := needXmllint(t)
	for typ, files := range byType {
		ok := xmllintVerdicts(t, xmllint, typ, files)
		for _, f := range files {
			if !ok[f] {
				b, _ := os.ReadFile(f)
				t.Errorf("%s wordt door xmllint afgewezen:\n%s", f, b)
			}
		}
	}
}

// firstClassTarget returns a pointer to a class inside the client (the
// first product), as a cross-message rule would report it.
func firstClassTarget(m Message) any {
	switch m := m.(type) {
	case *JW301:
		return &m.Client.ToegewezenProducten.ToegewezenProduct[0]
	case *JW305:
		return &m.Client.StartProducten.StartProduct[0]
	case *JW307:
		return &m.Client.StopProducten.StopProduct[0]
	case *JW315:
		return &m.Client.AangevraagdeProducten.AangevraagdProduct[0]
	case *JW317:
		return &m.Client
	case *JW319:
		return &m.Antwoord
	case *JW323:
		return &m.Declaratie.Clienten.Client[0].Prestaties.Prestatie[0]
	}
	return nil
}
