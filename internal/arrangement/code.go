package arrangement

import (
	"fmt"
	"strings"
)

// CodePrefix starts every arrangement code.
const CodePrefix = "50H"

// Code returns the arrangement code for an arrangement (1–9) and an
// intensity (1–5): "50H" followed by both digits, e.g. (4, 2) → "50H42"
// (stap 5 of the 7-step plan, R-ARR-1).
func Code(arrangement, intensiteit int) (string, error) {
	if arrangement < 1 || arrangement > 9 {
		return "", errArrangement(arrangement)
	}
	if intensiteit < 1 || intensiteit > 5 {
		return "", errIntensiteit(intensiteit)
	}
	return fmt.Sprintf("%s%d%d", CodePrefix, arrangement, intensiteit), nil
}

// ParseCode splits an arrangement code into arrangement and intensity. It
// accepts exactly "50H" followed by a digit 1–9 and a digit 1–5; anything
// else, including lower case and surrounding spaces, is refused.
func ParseCode(code string) (arrangement, intensiteit int, err error) {
	if len(code) != 5 || !strings.HasPrefix(code, CodePrefix) {
		return 0, 0, errCode(code)
	}
	a, i := int(code[3])-'0', int(code[4])-'0'
	if a < 1 || a > 9 || i < 1 || i > 5 {
		return 0, 0, errCode(code)
	}
	return a, i, nil
}

func errCode(code string) error {
	return Error(fmt.Sprintf("%q is geen geldige arrangementscode. Een arrangementscode bestaat uit 50H, het nummer van het arrangement (1 tot en met 9) en de intensiteit (1 tot en met 5), bijvoorbeeld 50H42.", code))
}

// NeedsStep5a reports whether a code's intensity is zwaar (3) or chronisch
// (5): those codes are starred in the scheme of seed 002 ("Bij een * ga je
// naar stap 5a"), and step 5a must decide whether the care is
// hoog-specialistisch (R-ARR-2). An invalid code reports false.
func NeedsStep5a(code string) bool {
	_, i, err := ParseCode(code)
	return err == nil && IntensiteitNeedsStep5a(i)
}

// IntensiteitNeedsStep5a reports whether intensity i is zwaar or chronisch.
func IntensiteitNeedsStep5a(i int) bool {
	return i == Zwaar || i == Chronisch
}

// IJwProduct is a product as it travels in iJw messages (JW301, JW315,
// ...): a product category from code list JZ020 and a product code.
type IJwProduct struct {
	Categorie string // LDT_ProductCategorie, two digits (JZ020)
	Code      string // LDT_ProductCode, 1–5 characters
}

// IJwArrangementCategorie is the JZ020 product category an arrangement
// travels in: "Maatwerkarrangementen jeugd".
const IJwArrangementCategorie = "50"

// IJwArrangement maps an arrangement code to its iJw product: category 50
// with the arrangement code as product code (R-ARR-2), e.g. "50H42" →
// {50, 50H42}.
func IJwArrangement(code string) (IJwProduct, error) {
	if _, _, err := ParseCode(code); err != nil {
		return IJwProduct{}, err
	}
	return IJwProduct{Categorie: IJwArrangementCategorie, Code: code}, nil
}

// IJwProducten returns what is allocated in iJw messages for a chosen
// arrangement and intensity. For licht, midden and doorlopend it is the
// arrangement code. For zwaar and chronisch step 5a must have been answered
// (s non-nil): when the care is hoog-specialistisch the chosen segment-3
// products are allocated instead (at least one, each valid), otherwise the
// arrangement code.
func IJwProducten(arrangement, intensiteit int, s *Step5a, producten []Product) ([]IJwProduct, error) {
	code, err := Code(arrangement, intensiteit)
	if err != nil {
		return nil, err
	}
	if !IntensiteitNeedsStep5a(intensiteit) {
		if len(producten) > 0 {
			return nil, Error(fmt.Sprintf("Bij arrangementscode %s worden geen productcodes gebruikt; productcodes horen alleen bij hoog-specialistische jeugdhulp (stap 5a).", code))
		}
		p, _ := IJwArrangement(code)
		return []IJwProduct{p}, nil
	}
	if s == nil {
		return nil, Error(fmt.Sprintf("Arrangementscode %s vraagt om stap 5a: beantwoord eerst de vragen over hoog-specialistische jeugdhulp (segment 3).", code))
	}
	if !s.HoogSpecialistisch() {
		if len(producten) > 0 {
			return nil, Error("Volgens stap 5a is dit geen hoog-specialistische jeugdhulp; gebruik de arrangementscode en geen productcodes.")
		}
		p, _ := IJwArrangement(code)
		return []IJwProduct{p}, nil
	}
	if len(producten) == 0 {
		return nil, Error("Volgens stap 5a is dit hoog-specialistische jeugdhulp (segment 3); kies een of meer productcodes in plaats van de arrangementscode.")
	}
	out := make([]IJwProduct, 0, len(producten))
	for _, p := range producten {
		if err := p.Validate(); err != nil {
			return nil, err
		}
		out = append(out, p.IJw())
	}
	return out, nil
}
