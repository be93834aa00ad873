package arrangement

import (
	"fmt"
	"strings"
	"testing"
)

// TestAllCodes covers the 45 codes of the scheme in seed 002 and exactly
// which are starred for step 5a.
func TestAllCodes(t *testing.T) {
	starred := map[string]bool{}
	for a := 1; a <= 9; a++ {
		starred[fmt.Sprintf("50H%d3", a)] = true
		starred[fmt.Sprintf("50H%d5", a)] = true
	}
	seen := map[string]bool{}
	for a := 1; a <= 9; a++ {
		for i := 1; i <= 5; i++ {
			t.Run(fmt.Sprintf("%d-%d", a, i), func(t *testing.T) {
				code, err := Code(a, i)
				if err != nil {
					t.Fatal(err)
				}
				want := "50H" + string(rune('0'+a)) + string(rune('0'+i))
				if code != want {
					t.Fatalf("Code(%d,%d) = %q, want %q", a, i, code, want)
				}
				ga, gi, err := ParseCode(code)
				if err != nil || ga != a || gi != i {
					t.Fatalf("ParseCode(%q) = %d, %d, %v", code, ga, gi, err)
				}
				if got := NeedsStep5a(code); got != starred[code] {
					t.Fatalf("NeedsStep5a(%q) = %v, want %v", code, got, starred[code])
				}
				p, err := IJwArrangement(code)
				if err != nil || p != (IJwProduct{Categorie: "50", Code: code}) {
					t.Fatalf("IJwArrangement(%q) = %+v, %v", code, p, err)
				}
				seen[code] = true
			})
		}
	}
	if len(seen) != 45 || len(starred) != 18 {
		t.Fatalf("%d codes, %d starred; want 45 and 18", len(seen), len(starred))
	}
}

func TestExampleCode(t *testing.T) {
	if c, _ := Code(4, 2); c != "50H42" {
		t.Fatalf("Code(4,2) = %q", c)
	}
}

func TestCodeInvalid(t *testing.T) {
	tests := []struct {
		a, i int
		msg  string
	}{
		{0, 1, "Arrangement 0 bestaat niet; kies een arrangement van 1 tot en met 9."},
		{10, 1, "Arrangement 10 bestaat niet; kies een arrangement van 1 tot en met 9."},
		{-1, 1, "Arrangement -1 bestaat niet; kies een arrangement van 1 tot en met 9."},
		{1, 0, "Intensiteit 0 bestaat niet; kies een intensiteit van 1 (licht) tot en met 5 (chronisch)."},
		{1, 6, "Intensiteit 6 bestaat niet; kies een intensiteit van 1 (licht) tot en met 5 (chronisch)."},
	}
	for _, tt := range tests {
		code, err := Code(tt.a, tt.i)
		if err == nil || err.Error() != tt.msg || code != "" {
			t.Errorf("Code(%d,%d) = %q, %v; want error %q", tt.a, tt.i, code, err, tt.msg)
		}
	}
}

func TestParseCodeInvalid(t *testing.T) {
	for _, code := range []string{"50H0x", "51H11", "50H01", "50H10", "50H16", "50H96", "50h42", " 50H42", "50H42 ", "50H4", "50H421", "", "50H٤٢"} {
		t.Run(code, func(t *testing.T) {
			a, i, err := ParseCode(code)
			want := fmt.Sprintf("%q is geen geldige arrangementscode. Een arrangementscode bestaat uit 50H, het nummer van het arrangement (1 tot en met 9) en de intensiteit (1 tot en met 5), bijvoorbeeld 50H42.", code)
			if err == nil || err.Error() != want || a != 0 || i != 0 {
				t.Fatalf("ParseCode(%q) = %d, %d, %v", code, a, i, err)
			}
			if NeedsStep5a(code) {
				t.Fatalf("NeedsStep5a(%q) = true for an invalid code", code)
			}
			if _, err := IJwArrangement(code); err == nil {
				t.Fatalf("IJwArrangement(%q) accepted", code)
			}
		})
	}
}

func TestData(t *testing.T) {
	all := All()
	if len(all) != 9 {
		t.Fatalf("%d arrangements", len(all))
	}
	for i, a := range all {
		if a.Nummer != i+1 || a.Naam == "" || a.Omschrijving == "" || len(a.Kenmerken) < 3 || !strings.HasPrefix(a.Behoefte, "Behoefte aan ") {
			t.Errorf("arrangement %d incomplete: %+v", i+1, a)
		}
		for _, s := range append([]string{a.Naam, a.Omschrijving, a.Behoefte}, a.Kenmerken...) {
			checkClean(t, s)
		}
		g, err := Get(a.Nummer)
		if err != nil || g.Naam != a.Naam {
			t.Errorf("Get(%d) = %+v, %v", a.Nummer, g, err)
		}
		if !strings.HasPrefix(a.Tekst(), a.Omschrijving+"\n- ") {
			t.Errorf("Tekst(%d) = %q", a.Nummer, a.Tekst())
		}
	}
	// Spot checks against seed 002.
	if all[3].Naam != "(Kind eigen) problemen jeugdigen, met ouder(s) met psychi(atri)sche problematiek (soms dubbele diagnose). Vaak problematische relatie ouders." {
		t.Errorf("arrangement 4: %q", all[3].Naam)
	}
	if all[5].Kenmerken[0][:20] != "Multi problemgezin: " {
		t.Errorf("arrangement 6: %q", all[5].Kenmerken[0])
	}
	// A copy: changing it does not change the package's data.
	all[0].Kenmerken[0] = "x"
	if All()[0].Kenmerken[0] == "x" {
		t.Error("All shares its slices")
	}
	for _, n := range []int{0, 10} {
		if _, err := Get(n); err == nil {
			t.Errorf("Get(%d) accepted", n)
		}
	}

	in := Intensities()
	names := []string{"licht", "midden", "zwaar", "doorlopend", "chronisch"}
	counts := []int{5, 5, 8, 3, 5}
	if len(in) != 5 {
		t.Fatalf("%d intensities", len(in))
	}
	for i, x := range in {
		if x.Nummer != i+1 || x.Naam != names[i] || !strings.EqualFold(x.Titel, names[i]) || len(x.Richtlijnen) != counts[i] {
			t.Errorf("intensity %d: %+v", i+1, x)
		}
		for _, s := range x.Richtlijnen {
			checkClean(t, s)
		}
		g, err := GetIntensiteit(x.Nummer)
		if err != nil || g.Naam != x.Naam {
			t.Errorf("GetIntensiteit(%d) = %+v, %v", x.Nummer, g, err)
		}
	}
	if in[2].Richtlijnen[7] != "De afstand tot het resultaat is ver weg/lang." {
		t.Errorf("zwaar: %q", in[2].Richtlijnen[7])
	}
	if _, err := GetIntensiteit(6); err == nil || err.Error() != "Intensiteit 6 bestaat niet; kies een intensiteit van 1 (licht) tot en met 5 (chronisch)." {
		t.Errorf("GetIntensiteit(6): %v", err)
	}
}

// checkClean fails on leftovers of the PDF extraction: double spaces,
// line breaks, words split by a hyphen at a line end.
func checkClean(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, "  ") || strings.ContainsAny(s, "\n\r\t") || s != strings.TrimSpace(s) {
		t.Errorf("not clean: %q", s)
	}
	for _, split := range []string{"onder-steuning", "ontoerei-kende", "opvoed-vaardigheden", "gedrags-problemen", "ontwikkelings-problemen", "ontwikke-lingsstoornis", "relatie-problemen"} {
		if strings.Contains(s, split) {
			t.Errorf("split word %q in %q", split, s)
		}
	}
}
