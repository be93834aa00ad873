package ijw

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, typ := range allTypes() {
		b, err := readExampleFile(typ)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, b := range hostile() {
		f.Add(b)
	}
}

func readExampleFile(typ MessageType) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", "berichten", string(typ)+".xml"))
}

// FuzzDecode: decoding never panics; ValidateXSD agrees with Decode; what
// decodes re-encodes into a message that decodes again.
func FuzzDecode(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(bytes.NewReader(data))
		_, xerr := ValidateXSD(bytes.NewReader(data), "")
		if (err == nil) != (xerr == nil) {
			t.Fatalf("Decode: %v, ValidateXSD: %v", err, xerr)
		}
		if _, berr := ValidateXSDBytes(data, ""); fmt.Sprint(berr) != fmt.Sprint(xerr) {
			t.Fatalf("ValidateXSDBytes: %v, ValidateXSD: %v", berr, xerr)
		}
		if err != nil {
			var se *SyntaxError
			var ve *Error
			if !errors.As(err, &se) && !errors.As(err, &ve) {
				t.Fatalf("onverwacht fouttype %T: %v", err, err)
			}
			return
		}
		out, err := Marshal(m)
		if err != nil {
			t.Fatalf("Marshal van een geldig bericht: %v", err)
		}
		if _, err := Decode(bytes.NewReader(out)); err != nil {
			t.Fatalf("uitvoer van Marshal niet leesbaar: %v", err)
		}
	})
}

// FuzzValidate: full validation (XSD + rules, streaming for JW323) and the
// retour builder never panic, and every retour they build is XSD valid.
func FuzzValidate(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _, err := ValidateReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		r, err := RetourFor(bytes.NewReader(data), RetourOptions{Identificatie: "F1", Dagtekening: "2026-01-01"})
		if err != nil {
			if errors.Is(err, ErrNoRetour) {
				return
			}
			t.Fatalf("RetourFor: %v", err)
		}
		if _, err := Marshal(r); err != nil {
			t.Fatalf("retour voldoet niet aan de XSD: %v", err)
		}
	})
}

func TestScannerDepthLimit(t *testing.T) {
	in := strings.Repeat("<a>", 10000) + strings.Repeat("</a>", 10000)
	s := newScanner(strings.NewReader(in), MaxFileSize)
	for {
		k, err := s.next()
		if err != nil {
			if !strings.Contains(err.Error(), "dieper genest") {
				t.Fatalf("fout %v", err)
			}
			return
		}
		if k == tokEOF {
			t.Fatal("geen fout bij 10.000 niveaus")
		}
	}
}

// TestScannerWellFormedness compares the scanner with encoding/xml on small
// documents: both must reject what is not well-formed.
func TestScannerWellFormedness(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{`<a/>`, true},
		{`<a></b>`, false},
		{`<a><b></a></b>`, false},
		{`<a x="1" x="2"/>`, false},
		{`<a x="1" y='2'/>`, true},
		{`<a x=1/>`, false},
		{`<a>&lt;&#65;&#x42;</a>`, true},
		{`<a>&#0;</a>`, false},
		{`<a>&#xD800;</a>`, false},
		{`<a><!-- a -- b --></a>`, false},
		{`<a><![CDATA[<x>]]></a>`, true},
		{`<a>]]></a>`, false},
		{`<a/><b/>`, false},
		{`<?xml version="1.0"?><a/>`, true},
		{` <?xml version="1.0"?><a/>`, false},
		{`<a><?xml x?></a>`, false},
		{`<p:a/>`, false},
		{`<p:a xmlns:p="u"/>`, true},
		{`<a xmlns:p=""/>`, false},
		{`<a xmlns:xml="u"/>`, false},
		{`<a>` + "\x01" + `</a>`, false},
		{`<1a/>`, false},
		{`<a b="<"/>`, false},
		{`<a></a>x`, false},
		{`<a></a><!-- c --><?pi?>` + "\n", true},
		{`<a`, false},
		{`<a>`, false},
		{"<?a\xff b?><a/>", false},
		{"<a\xff/>", false},
		{"<a b\xff='1'/>", false},
		{"<é/>", true},
	}
	for _, tt := range tests {
		s := newScanner(strings.NewReader(tt.in), MaxFileSize)
		var err error
		for {
			var k tokKind
			k, err = s.next()
			if err != nil || k == tokEOF {
				break
			}
		}
		if (err == nil) != tt.ok {
			t.Errorf("%q: fout %v, verwacht ok=%v", tt.in, err, tt.ok)
		}
	}
}
