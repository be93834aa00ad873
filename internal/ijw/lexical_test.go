package ijw

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// lexicalCases are values for the date, time, integer and string elements
// of a JW301 on the edges of the XSD lexical rules, whitespace handling
// and facets. TestLexicalAgainstXmllint puts each in place and requires
// xmllint's verdict.
var lexicalCases = []struct {
	element string // the start tag whose first occurrence gets the value
	values  []string
}{
	{"<ijw:Dagtekening>", []string{
		"2026-04-01", " 2026-04-01 ", "\t2026-04-01\r\n", "2026-4-01", "2026-04-1", "26-04-01", "2026-04-01Z", "2026-04-01+01:00",
		"2026-04-01-01:00", "2026-02-29", "2028-02-29", "1900-02-29", "2000-02-29", "2026-13-01", "2026-00-01", "2026-04-31",
		"2026-04-00", "0000-01-01", "0001-01-01", "-0001-01-01", "-0004-02-29", "-0001-02-29", "12026-04-01", "02026-04-01",
		"99999-12-31", "+2026-04-01", "2026-04-01T00:00:00", "2026 -04-01", "2026/04/01", "", "２０２６-04-01"}},
	{"<jw301:Toewijzingstijd>", []string{
		"12:34:56", "00:00:00", "23:59:59", "24:00:00", "24:00:00.000", "24:00:01", "23:60:00", "23:59:60", "12:34",
		"12:34:56.", "12:34:56.5", "12:34:56.123456789", " 12:34:56\n", "12:34:56Z", "12:34:56+01:00", "1:02:03", "12:34:5",
		"-12:34:56", ""}},
	{"<jw301:ToewijzingNummer>", []string{
		"300201", "0300201", " 300201 ", "+300201", "-0", "0", "-1", "999999999", "1000000000", "000000000999999999",
		"3002 01", "3e5", "300201.0", "", "+", "٣٠٠٢٠١"}},
	{"<jw301:Bsn>", []string{"999900006", " 999900006", "99990000", "9999000061", "99990000a", "٩٩٩٩٠٠٠٠٦"}},
	{"<jw301:Afzender>", []string{"0384", "384", "03840", " 0384", "038a"}},
	{"<jw301:Geslacht>", []string{"1", "0", "2", "3", " 1", "01", ""}},
	{"<ijw:Voorletters>", []string{"T", "TW", "ÀỳZ", "Ỵ", "T.", "T W", "ABCDEFG", ""}},
	{"<jw301:Commentaar>", []string{"x", " . ", "...", " ", "\t\n", "a\nb", strings.Repeat("x", 4000), ""}},
	{"<ijw:BasisschemaXsdVersie>", []string{"1.0.0", "0.1.0", "10.20.30", "01.0.0", "1.0", "1.0.0.0", "1..0", " 1.0.0", ""}},
}

func TestLexicalAgainstXmllint(t *testing.T) {
	xmllint := needXmllint(t)
	base := string(readExample(t, TypeJW301))
	dir := t.TempDir()
	type item struct{ file, desc string }
	var items []item
	var files []string
	for _, c := range lexicalCases {
		i := strings.Index(base, c.element)
		if i < 0 {
			t.Fatalf("%s niet in het voorbeeld", c.element)
		}
		j := strings.Index(base[i:], "</")
		for k, v := range c.values {
			doc := base[:i+len(c.element)] + escape(v) + base[i+j:]
			name := fmt.Sprintf("%s-%02d.xml", strings.Trim(strings.ReplaceAll(c.element, ":", "_"), "<>"), k)
			f := writeFile(t, dir, name, []byte(doc))
			items = append(items, item{f, fmt.Sprintf("%s %q", c.element, v)})
			files = append(files, f)
		}
	}
	ref := xmllintVerdicts(t, xmllint, TypeJW301, files)
	valid := 0
	for _, it := range items {
		b := readFileT(t, it.file)
		_, err := ValidateXSD(bytes.NewReader(b), TypeJW301)
		if (err == nil) != ref[it.file] {
			t.Errorf("%s: xmllint ok=%v, ijw: %v", it.desc, ref[it.file], err)
		}
		if ref[it.file] {
			valid++
		}
	}
	t.Logf("%d waarden, %d geldig volgens xmllint", len(items), valid)

}
