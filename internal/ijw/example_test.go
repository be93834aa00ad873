package ijw_test

import (
	"fmt"
	"os"

	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// Decode a message, apply the in-message and cross-message rules and
// build the retour.
func Example() {
	f, err := os.Open("testdata/berichten/JW305.xml")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	heen, err := ijw.Decode(f) // XSD level
	if err != nil {
		fmt.Println("XSD-fout, geen retour:", err)
		return
	}
	findings := ijw.Validate(heen)                                        // in-message rules
	findings = append(findings, ijw.CheckCross(heen, ijw.NewMemory())...) // nothing known yet
	for _, f := range findings {
		fmt.Println(f.Rule.Code, f.Rule.Retour, f.Path)
	}
	retour, err := ijw.Retour(heen, ijw.RetourOptions{Identificatie: "R0001", Dagtekening: "2026-04-16", Findings: findings})
	if err != nil {
		panic(err)
	}
	r := retour.(*ijw.JW306)
	fmt.Println(r.Header.BerichtCode, r.Header.RetourCodes.RetourCode, r.Client.StartProducten.StartProduct[0].RetourCodes.RetourCode)
	// Output:
	// TR019 9019 Client/StartProducten/StartProduct[1]/ToewijzingNummer
	// TR019 9019 Client/StartProducten/StartProduct[2]/ToewijzingNummer
	// 439 [0200] [9019]
}
