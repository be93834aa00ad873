package ijw

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir is the standard's material next to the repository; tests that
// need it skip when it is absent.
const sharedDir = "../../../shared/ijw"

func needShared(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedDir, "xsd", "basisschema.xsd")); err != nil {
		t.Skipf("%s ontbreekt; test overgeslagen", sharedDir)
	}
	return sharedDir
}

// xsdDir is the committed copy of the schemas, used by xmllint.
const xsdDir = "testdata/xsd"

// needXmllint returns the path of xmllint. Without it the test is skipped,
// unless CI is set: then xmllint is required and the test fails.
func needXmllint(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("xmllint ontbreekt maar CI is gezet: installeer libxml2-utils")
		}
		t.Skip("xmllint niet gevonden (installeer libxml2-utils); test overgeslagen")
	}
	return p
}

// xmllintVerdicts validates files against the XSD of type typ in one
// xmllint process and returns which files it accepted.
func xmllintVerdicts(t testing.TB, xmllint string, typ MessageType, files []string) map[string]bool {
	t.Helper()
	args := append([]string{"--noout", "--nonet", "--schema", filepath.Join(xsdDir, string(typ)+".xsd")}, files...)
	cmd := exec.Command(xmllint, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	_ = cmd.Run() // exit status is non-zero as soon as one file fails
	ok := map[string]bool{}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if f, found := strings.CutSuffix(line, " validates"); found {
			ok[f] = true
		}
	}
	return ok
}

func readExample(t testing.TB, typ MessageType) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "berichten", string(typ)+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func allTypes() []MessageType {
	var out []MessageType
	for _, m := range messageTable {
		out = append(out, m.typ)
	}
	return out
}

func decodeExample(t testing.TB, typ MessageType) Message {
	t.Helper()
	m, err := Decode(bytes.NewReader(readExample(t, typ)))
	if err != nil {
		t.Fatalf("%s: %v", typ, err)
	}
	return m
}

func readFileT(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
