package ipva

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func validPlan(tekst string) BeknoptPlan {
	return BeknoptPlan{
		GeadviseerdeIntensiteit: 2,
		Activiteiten:            []Activiteit{{Omschrijving: "Gezinsgesprekken thuis", Frequentie: "1x per week"}, {Omschrijving: "Overbrugging: telefonisch contact", Frequentie: "2x per week", Overbrugging: true}},
		VerwachteEinddatum:      d(2026, 9, 1),
		Tekst:                   tekst,
	}
}

// text builds a string of exactly n characters mixing accented letters,
// an emoji and line breaks (each CR LF counts as one).
func text(n int) string {
	unit := "é ë ï 😀\r\n" // 8 characters after CR LF → LF; 15 bytes
	var b strings.Builder
	for Tekens(b.String())+8 <= n {
		b.WriteString(unit)
	}
	for Tekens(b.String()) < n {
		b.WriteString("ë")
	}
	return b.String()
}

func TestTekens(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"één", 3},
		{"naïef, geëvalueerd", 18},
		{"😀", 1},
		{"a\r\nb", 3},
		{"a\rb", 3},
		{"a\nb", 3},
		{"é ë ï 😀\r\n", 8},
	}
	for _, tt := range tests {
		if got := Tekens(tt.s); got != tt.want {
			t.Errorf("Tekens(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestBeknoptPlanLimit(t *testing.T) {
	t1000, t1001, t1100 := text(1000), text(1001), text(1100)
	if Tekens(t1000) != 1000 || Tekens(t1001) != 1001 || len(t1000) <= 1000 || utf8.RuneCountInString(t1000) <= 1000 {
		t.Fatalf("test texts: %d and %d characters, %d bytes, %d runes before normalising", Tekens(t1000), Tekens(t1001), len(t1000), utf8.RuneCountInString(t1000))
	}
	tests := []struct {
		name  string
		tekst string
		code  string
		msg   string
	}{
		{"1.000 tekens", t1000, "", ""},
		{"1.000 tekens zonder CR", strings.ReplaceAll(t1000, "\r\n", "\n"), "", ""},
		{"1.001 tekens", t1001, "beknopt_plan_te_lang", "Het beknopt plan telt 1.001 tekens; het mag er ten hoogste 1.000 hebben. Maak de tekst 1 teken korter."},
		{"1.100 tekens", t1100, "beknopt_plan_te_lang", "Het beknopt plan telt 1.100 tekens; het mag er ten hoogste 1.000 hebben. Maak de tekst 100 tekens korter."},
		{"1.000 emoji", strings.Repeat("😀", 1000), "", ""},
		{"1.001 emoji", strings.Repeat("😀", 1001), "beknopt_plan_te_lang", "Het beknopt plan telt 1.001 tekens; het mag er ten hoogste 1.000 hebben. Maak de tekst 1 teken korter."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkReason(t, validPlan(tt.tekst).Validate(), tt.code, tt.msg)
			checkReason(t, CanSubmitBeknoptPlan(validPlan(tt.tekst)), tt.code, tt.msg)
		})
	}
}

func TestBeknoptPlanIncomplete(t *testing.T) {
	checkReason(t, BeknoptPlan{}.Validate(), "beknopt_plan_onvolledig",
		"Kies de geadviseerde intensiteit (licht, midden, zwaar, doorlopend of chronisch). Beschrijf ten minste één activiteit met de frequentie. Vul de verwachte einddatum in. Beschrijf hoe het resultaat wordt behaald.")
	p := validPlan("Plan")
	p.GeadviseerdeIntensiteit = 6
	p.Activiteiten[1] = Activiteit{}
	checkReason(t, p.Validate(), "beknopt_plan_onvolledig",
		"Kies de geadviseerde intensiteit (licht, midden, zwaar, doorlopend of chronisch). Activiteit 2: beschrijf de activiteit. Activiteit 2: vul de frequentie in.")
	// Too long and incomplete: the code says too long, the message lists all.
	p = validPlan(text(1001))
	p.VerwachteEinddatum = time.Time{}
	err := p.Validate()
	checkReason(t, err, "beknopt_plan_te_lang", "Vul de verwachte einddatum in. Het beknopt plan telt 1.001 tekens; het mag er ten hoogste 1.000 hebben. Maak de tekst 1 teken korter.")
	if g := err.(*Reason).Gaps; len(g) != 2 || g[0].Key != "verwachte_einddatum" || g[1].Key != "tekst" {
		t.Errorf("gaps %v", g)
	}
}

func TestGetal(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 1001: "1.001", 1234567: "1.234.567", -1000: "-1.000"} {
		if got := getal(n); got != want {
			t.Errorf("getal(%d) = %q, want %q", n, got, want)
		}
	}
}
