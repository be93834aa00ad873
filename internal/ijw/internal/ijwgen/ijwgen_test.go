package ijwgen

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestBSNsPassElfproef(t *testing.T) {
	if len(bsns) != 8000 || BSN(0) != "999900006" || BSN(1) != "999900018" {
		t.Fatalf("%d %s %s", len(bsns), BSN(0), BSN(1))
	}
}

func TestWriteJW323Size(t *testing.T) {
	for _, size := range []int64{0, 100 << 10, 3 << 20} {
		var b bytes.Buffer
		n, err := WriteJW323(&b, size)
		if err != nil || n != int64(b.Len()) {
			t.Fatal(err)
		}
		if size > 0 && (n > size || n < size*9/10) {
			t.Errorf("grootte %d voor doel %d", n, size)
		}
		if !strings.HasSuffix(b.String(), "</jw323:Bericht>\r\n") {
			t.Error("niet afgesloten")
		}
	}
}

// TestGeneratedXmllint has xmllint check a generated JW323 and a corpus.
func TestGeneratedXmllint(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint niet gevonden; test overgeslagen")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	if _, err := WriteJW323(&b, 200<<10); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "groot.xml")
	if err := writeFile(big, b.Bytes()); err != nil {
		t.Fatal(err)
	}
	files, err := Corpus("../../testdata/berichten", filepath.Join(dir, "corpus"), 56)
	if err != nil {
		t.Fatal(err)
	}
	files["JW323"] = append(files["JW323"], big)
	for typ, fs := range files {
		args := append([]string{"--noout", "--nonet", "--schema", "../../testdata/xsd/" + typ + ".xsd"}, fs...)
		out, err := exec.Command(xmllint, args...).CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", typ, err, out)
		}
	}
}
