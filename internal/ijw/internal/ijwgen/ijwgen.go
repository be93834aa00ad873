// Package ijwgen writes valid iJw 3.2 test data for benchmarks and
// load tests: large JW323 declaraties and corpora of all 14 messages.
// It writes XML text directly and does not depend on package ijw, so that
// ijw's own tests and benchmarks can use it.
package ijwgen

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// BSN returns the i-th test BSN (modulo 8000) in 999900006..999999990
// that passes the 11-proef (SPEC.md §9).
func BSN(i int) string { return bsns[i%len(bsns)] }

var bsns []string

func init() {
	for b := 999900006; b <= 999999990 && len(bsns) < 8000; b++ {
		if elfproef(b) {
			bsns = append(bsns, fmt.Sprint(b))
		}
	}
}

func elfproef(b int) bool {
	s := fmt.Sprint(b)
	sum := 0
	for i := 0; i < 9; i++ {
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(s[i]-'0')
	}
	return sum%11 == 0
}

const prestatie = "\t\t\t\t\t<jw323:Prestatie>\r\n" +
	"\t\t\t\t\t\t<jw323:ProductReferentie>\r\n\t\t\t\t\t\t\t<ijw:ReferentieNummer>%s</ijw:ReferentieNummer>\r\n\t\t\t\t\t\t</jw323:ProductReferentie>\r\n" +
	"\t\t\t\t\t\t<jw323:ToewijzingNummer>%d</jw323:ToewijzingNummer>\r\n" +
	"\t\t\t\t\t\t<jw323:ProductCategorie>45</jw323:ProductCategorie>\r\n" +
	"\t\t\t\t\t\t<jw323:ProductCode>45A03</jw323:ProductCode>\r\n" +
	"\t\t\t\t\t\t<jw323:ProductPeriode>\r\n\t\t\t\t\t\t\t<ijw:Begindatum>2026-04-01</ijw:Begindatum>\r\n\t\t\t\t\t\t\t<ijw:Einddatum>2026-04-30</ijw:Einddatum>\r\n\t\t\t\t\t\t</jw323:ProductPeriode>\r\n" +
	"\t\t\t\t\t\t<jw323:GeleverdVolume>4</jw323:GeleverdVolume>\r\n" +
	"\t\t\t\t\t\t<jw323:Eenheid>04</jw323:Eenheid>\r\n" +
	"\t\t\t\t\t\t<jw323:ProductTarief>1250</jw323:ProductTarief>\r\n" +
	"\t\t\t\t\t\t<jw323:IngediendBedrag>\r\n\t\t\t\t\t\t\t<ijw:Bedrag>5000</ijw:Bedrag>\r\n\t\t\t\t\t\t\t<ijw:DebetCredit>D</ijw:DebetCredit>\r\n\t\t\t\t\t\t</jw323:IngediendBedrag>\r\n" +
	"\t\t\t\t\t</jw323:Prestatie>\r\n"

const (
	clientOpen  = "\t\t\t<jw323:Client>\r\n\t\t\t\t<jw323:Bsn>%s</jw323:Bsn>\r\n\t\t\t\t<jw323:Prestaties>\r\n"
	clientClose = "\t\t\t\t</jw323:Prestaties>\r\n\t\t\t</jw323:Client>\r\n"
)

// PrestatiesPerClient is the number of prestaties per client in WriteJW323.
const PrestatiesPerClient = 5

// WriteJW323 writes a valid JW323 of about size bytes (at least one client):
// every prestatie claims 4 hours at 12.50 for April 2026, each client has
// its own BSN and toewijzingen, the total is the sum. It passes the XSD and
// the in-message rules. It returns the number of bytes written.
func WriteJW323(w io.Writer, size int64) (int64, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	perPrestatie := int64(len(fmt.Sprintf(prestatie, "R000000001", 100000001)))
	perClient := perPrestatie*PrestatiesPerClient + int64(len(fmt.Sprintf(clientOpen, "999900006"))+len(clientClose))
	clients := max(1, (size-1400)/perClient)
	total := clients * PrestatiesPerClient * 5000
	var n int64
	write := func(format string, args ...any) {
		k, _ := fmt.Fprintf(bw, format, args...)
		n += int64(k)
	}
	write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"+
		"<jw323:Bericht xmlns:jw323=\"http://www.istandaarden.nl/ijw/3_2/jw323/schema\" xmlns:ijw=\"http://www.istandaarden.nl/ijw/3_2/basisschema/schema\">\r\n"+
		"\t<jw323:Header>\r\n\t\t<jw323:BerichtCode>490</jw323:BerichtCode>\r\n\t\t<jw323:BerichtVersie>3</jw323:BerichtVersie>\r\n\t\t<jw323:BerichtSubversie>2</jw323:BerichtSubversie>\r\n"+
		"\t\t<jw323:Afzender>65656055</jw323:Afzender>\r\n\t\t<jw323:Ontvanger>0384</jw323:Ontvanger>\r\n"+
		"\t\t<jw323:BerichtIdentificatie>\r\n\t\t\t<ijw:Identificatie>GROOT0000001</ijw:Identificatie>\r\n\t\t\t<ijw:Dagtekening>2026-05-06</ijw:Dagtekening>\r\n\t\t</jw323:BerichtIdentificatie>\r\n"+
		"\t\t<jw323:XsdVersie>\r\n\t\t\t<ijw:BasisschemaXsdVersie>0.1.0</ijw:BasisschemaXsdVersie>\r\n\t\t\t<ijw:BerichtXsdVersie>0.1.0</ijw:BerichtXsdVersie>\r\n\t\t</jw323:XsdVersie>\r\n"+
		"\t</jw323:Header>\r\n\t<jw323:Declaratie>\r\n\t\t<jw323:DeclaratieNummer>GROOT1</jw323:DeclaratieNummer>\r\n"+
		"\t\t<jw323:DeclaratiePeriode>\r\n\t\t\t<ijw:Begindatum>2026-04-01</ijw:Begindatum>\r\n\t\t\t<ijw:Einddatum>2026-04-30</ijw:Einddatum>\r\n\t\t</jw323:DeclaratiePeriode>\r\n"+
		"\t\t<jw323:DeclaratieDagtekening>2026-05-06</jw323:DeclaratieDagtekening>\r\n"+
		"\t\t<jw323:TotaalIngediendBedrag>\r\n\t\t\t<ijw:TotaalBedrag>%d</ijw:TotaalBedrag>\r\n\t\t\t<ijw:DebetCredit>D</ijw:DebetCredit>\r\n\t\t</jw323:TotaalIngediendBedrag>\r\n"+
		"\t\t<jw323:Clienten>\r\n", total)
	ref := 0
	for c := int64(0); c < clients; c++ {
		write(clientOpen, bsns[c%int64(len(bsns))])
		for p := 0; p < PrestatiesPerClient; p++ {
			ref++
			write(prestatie, fmt.Sprintf("R%09d", ref), 100000000+ref)
		}
		write(clientClose)
	}
	write("\t\t</jw323:Clienten>\r\n\t</jw323:Declaratie>\r\n</jw323:Bericht>\r\n")
	return n, bw.Flush()
}

// Corpus writes n valid messages spread over the 14 types into dir, as
// dir/JWnnn/NNNNNN.xml, made from the standard's examples in exampleDir by
// varying identifications, BSNs and numbers. The repaired examples (JW317,
// JW323) keep their rule defects: the corpus is for XSD-level benchmarks.
// It returns the files per type.
func Corpus(exampleDir, dir string, n int) (map[string][]string, error) {
	files, err := filepath.Glob(filepath.Join(exampleDir, "JW*.xml"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("geen voorbeelden in %s", exampleDir)
	}
	out := map[string][]string{}
	for i := 0; i < n; i++ {
		ex := files[i%len(files)]
		typ := strings.TrimSuffix(filepath.Base(ex), ".xml")
		b, err := os.ReadFile(ex)
		if err != nil {
			return nil, err
		}
		s := string(b)
		if a := strings.Index(s, "<ijw:Identificatie>"); a >= 0 {
			if b := strings.Index(s[a:], "</ijw:Identificatie>"); b >= 0 {
				s = s[:a] + fmt.Sprintf("<ijw:Identificatie>C%06d", i) + s[a+b:]
			}
		}
		s = strings.ReplaceAll(s, "999900006", BSN(i))
		sub := filepath.Join(dir, typ)
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return nil, err
		}
		f := filepath.Join(sub, fmt.Sprintf("%06d.xml", i))
		if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
			return nil, err
		}
		out[typ] = append(out[typ], f)
	}
	return out, nil
}

func writeFile(name string, b []byte) error { return os.WriteFile(name, b, 0o644) }
