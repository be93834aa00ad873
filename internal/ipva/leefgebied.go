package ipva

import (
	"fmt"
	"strings"
)

// Leefgebied is one life domain of the IVA. Key is stable (used in field
// keys and storage), Naam is shown to users.
type Leefgebied struct {
	Key  string `json:"key"`
	Naam string `json:"naam"`
}

// DefaultLeefgebieden returns the demo default of five leefgebieden.
//
// The coordination work instruction (seeds/003, 27-12-2023) says the
// Toegang writes "een analyse ... op de 5 leefgebieden" but does not name
// them, and neither do the other sources. This list is an assumption: a
// common Dutch division of a youth's life domains. The list is
// configurable per region (see ValidateLeefgebieden); an IPVA keeps the
// list it was created with.
func DefaultLeefgebieden() []Leefgebied {
	return []Leefgebied{
		{Key: "gezin", Naam: "Gezin en opvoeding"},
		{Key: "ontwikkeling", Naam: "Ontwikkeling en gezondheid"},
		{Key: "school", Naam: "School en werk"},
		{Key: "sociaal", Naam: "Vrije tijd en sociale contacten"},
		{Key: "wonen", Naam: "Wonen en financiën"},
	}
}

// ValidateLeefgebieden checks a configured list: at least one leefgebied,
// each with a key of lower-case letters, digits or "_" and a name, and no
// key or name twice.
func ValidateLeefgebieden(l []Leefgebied) error {
	if len(l) == 0 {
		return &Reason{Code: "leefgebieden_leeg", Message: "Stel ten minste één leefgebied in."}
	}
	keys, names := map[string]bool{}, map[string]bool{}
	for i, g := range l {
		if g.Key == "" || strings.Trim(g.Key, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			return &Reason{Code: "leefgebied_sleutel", Message: fmt.Sprintf("Leefgebied %d: de sleutel %q mag alleen kleine letters, cijfers en _ bevatten.", i+1, g.Key)}
		}
		if strings.TrimSpace(g.Naam) == "" {
			return &Reason{Code: "leefgebied_naam", Message: fmt.Sprintf("Leefgebied %d: vul de naam in.", i+1)}
		}
		if keys[g.Key] || names[strings.ToLower(g.Naam)] {
			return &Reason{Code: "leefgebied_dubbel", Message: fmt.Sprintf("Leefgebied %q komt twee keer voor.", g.Naam)}
		}
		keys[g.Key], names[strings.ToLower(g.Naam)] = true, true
	}
	return nil
}
