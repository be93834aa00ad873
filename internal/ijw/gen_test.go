package ijw

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw/internal/xsdgen"
)

// TestGeneratedCodeUpToDate regenerates the types and tables and fails when
// the committed files differ: from the committed schema copy always, and
// from ../shared/ijw/xsd when it is present.
func TestGeneratedCodeUpToDate(t *testing.T) {
	dirs := []string{xsdDir}
	if _, err := os.Stat(filepath.Join(sharedDir, "xsd")); err == nil {
		dirs = append(dirs, filepath.Join(sharedDir, "xsd"))
	} else {
		t.Logf("%s ontbreekt: alleen de kopie in testdata/xsd wordt gecontroleerd", sharedDir)
	}
	for _, dir := range dirs {
		files, err := xsdgen.Generate(dir)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for name, want := range files {
			have, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(have, want) {
				t.Errorf("%s is niet actueel ten opzichte van %s: draai go generate ./internal/ijw", name, dir)
			}
		}
	}
}

// TestTestdataMatchesShared keeps the committed copies of the schemas and
// examples equal to the standard's material.
func TestTestdataMatchesShared(t *testing.T) {
	dir := needShared(t)
	for _, sub := range []string{"xsd", "berichten"} {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
		if len(files) == 0 {
			t.Fatalf("geen bestanden in %s/%s", dir, sub)
		}
		for _, f := range files {
			want, _ := os.ReadFile(f)
			have, err := os.ReadFile(filepath.Join("testdata", sub, filepath.Base(f)))
			if err != nil || !bytes.Equal(have, want) {
				t.Errorf("testdata/%s/%s wijkt af van %s", sub, filepath.Base(f), f)
			}
		}
	}
}

func TestPatternTranslation(t *testing.T) {
	tests := []struct {
		xsd      string
		match    []string
		mismatch []string
	}{
		{`[0-9]{4}`, []string{"0384"}, []string{"384", "03845", "038a", "0384\n"}},
		{`.*[^\s].*`, []string{"a", " a ", "ä"}, []string{"", " ", "\t", "a\nb", "a\r", "\u00a0\n"}},
		{`[^:Z]*`, []string{"2023-01-01", ""}, []string{"2023-01-01Z", "12:00"}},
		{`([.\s]*\S+[.\s]*)+`, []string{"a", ". a .", "x\ny"}, []string{"", " ", "\n\t"}},
		{`([a-zA-ZÀ-ỳ])+`, []string{"Jé", "ỳ"}, []string{"", "J.", "Ỵ"}},
		{`a^b$`, []string{"a^b$"}, []string{"ab"}},
		{`\d+`, []string{"12", "١٢"}, []string{"a"}},
	}
	for _, tt := range tests {
		re, err := xsdgen.TranslatePattern(tt.xsd)
		if err != nil {
			t.Fatalf("%s: %v", tt.xsd, err)
		}
		p := newPattern(tt.xsd, re)
		for _, s := range tt.match {
			if !p.re.MatchString(s) || !p.match(s) {
				t.Errorf("pattern %q zou %q moeten accepteren", tt.xsd, s)
			}
		}
		for _, s := range tt.mismatch {
			if p.re.MatchString(s) || p.match(s) {
				t.Errorf("pattern %q zou %q moeten weigeren", tt.xsd, s)
			}
		}
	}
	for _, bad := range []string{`[a-z-[aeiou]]`, `\w+`, `\p{IsBasicLatin}`, `[\S]`} {
		if _, err := xsdgen.TranslatePattern(bad); err == nil {
			t.Errorf("%q: niet-ondersteunde constructie zou een fout moeten geven", bad)
		}
	}
}

// TestPatternFastPaths checks the hand-written matchers against the
// translated regular expressions on tricky inputs.
func TestPatternFastPaths(t *testing.T) {
	inputs := []string{"", " ", "a", "0384", "038", "12345678", "123456789", "436", "4366", "abc1", "a b",
		"\t", "x\n", "\rx", "2023-01-01", "2023-01-01Z", "12:00:00", "12:00:00+01:00", "-", "+", "Zx", "é", "1.0", "a:b",
		"1.0.0", "0.1.0", "01.0.0", "1.00.0", "1.0.0.", "1..0", "10.20.30", ".", "...", " . ", "Àb", "ỳ", "Ỵ", "a b", "a\tb", "\n", "x.y"}
	n := 0
	for _, st := range allSimpleTypes() {
		for _, p := range st.patterns {
			if fastMatcher(p.src) == nil {
				continue
			}
			n++
			for _, in := range inputs {
				if got, want := p.match(in), p.re.MatchString(in); got != want {
					t.Errorf("pattern %q, invoer %q: snelle matcher %v, regexp %v", p.src, in, got, want)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("geen snelle matchers gevonden")
	}
}

// allSimpleTypes walks the generated tables.
func allSimpleTypes() []*simpleType {
	seen := map[*simpleType]bool{}
	seenCT := map[*complexType]bool{}
	var out []*simpleType
	var walk func(ct *complexType)
	walk = func(ct *complexType) {
		if seenCT[ct] {
			return
		}
		seenCT[ct] = true
		for _, e := range ct.elems {
			if e.complex != nil {
				walk(e.complex)
			}
			for st := e.simple; st != nil; st = st.base {
				if !seen[st] {
					seen[st] = true
					out = append(out, st)
				}
			}
		}
	}
	for _, m := range messageTable {
		walk(m.root)
	}
	return out
}
