//go:build ijw_secondopinion

// This test needs github.com/jacoelho/xsd in go.mod (go get
// github.com/jacoelho/xsd@v0.3.0); run it with
// go test -tags ijw_secondopinion -run SecondOpinion ./internal/ijw

package ijw

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	xsd "github.com/jacoelho/xsd"
)

// secondOpinion compiles the 14 schemas with github.com/jacoelho/xsd, a
// pure-Go validator (STACK.md), as a second reference next to xmllint.
// xmllint stays the referee: disagreements of the second opinion are
// reported, not failed on, except on the standard's own examples.
func secondOpinion(t testing.TB) map[MessageType]*xsd.Engine {
	t.Helper()
	out := map[MessageType]*xsd.Engine{}
	for _, typ := range allTypes() {
		e, err := xsd.Compile(context.Background(), xsd.File(filepath.Join(xsdDir, string(typ)+".xsd")))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		out[typ] = e
	}
	return out
}

func TestSecondOpinion(t *testing.T) {
	engines := secondOpinion(t)
	for _, typ := range allTypes() {
		if err := engines[typ].Validate(context.Background(), bytes.NewReader(readExample(t, typ))); err != nil {
			t.Errorf("%s: jacoelho/xsd wijst het voorbeeld af: %v", typ, err)
		}
	}
	xmllint := needXmllint(t)
	dir := t.TempDir()
	corpus := mutantCorpus(t, 40, 7)
	files := map[MessageType][]string{}
	for _, m := range corpus {
		f := filepath.Join(dir, m.name+".xml")
		writeFile(t, dir, m.name+".xml", m.data)
		files[m.typ] = append(files[m.typ], f)
	}
	ref := map[string]bool{}
	for typ, fs := range files {
		for f, ok := range xmllintVerdicts(t, xmllint, typ, fs) {
			ref[f] = ok
		}
	}
	agreeOurs, agreeTheirs := 0, 0
	for _, m := range corpus {
		f := filepath.Join(dir, m.name+".xml")
		theirs := engines[m.typ].Validate(context.Background(), bytes.NewReader(m.data)) == nil
		_, err := ValidateXSD(bytes.NewReader(m.data), m.typ)
		if (err == nil) == ref[f] {
			agreeOurs++
		}
		if theirs == ref[f] {
			agreeTheirs++
		} else if testing.Verbose() {
			t.Logf("jacoelho/xsd wijkt af van xmllint (ok=%v): %s", ref[f], m.name)
		}
	}
	t.Logf("%d mutanten: ijw stemt %d keer overeen met xmllint, jacoelho/xsd %d keer", len(corpus), agreeOurs, agreeTheirs)
	if agreeOurs != len(corpus) {
		t.Errorf("ijw wijkt %d keer af van xmllint", len(corpus)-agreeOurs)
	}
}
