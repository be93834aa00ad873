package ipva

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
)

// MaxTekensBeknoptPlan is the most characters the beknopt plan may have
// ("in maximaal 1.000 tekens", seeds/001 stap 5).
const MaxTekensBeknoptPlan = 1000

// Activiteit is one activity of the beknopt plan with its frequency.
// Overbrugging marks bridging care until the actual help starts.
type Activiteit struct {
	Omschrijving string `json:"omschrijving"`
	Frequentie   string `json:"frequentie"` // e.g. "1x per week, 1 uur"
	Overbrugging bool   `json:"overbrugging"`
}

// BeknoptPlan is the provider's beknopt plan jeugdhulp of step 5: how it
// will reach the IPVA's results, written within 2 weeks.
type BeknoptPlan struct {
	GeadviseerdeIntensiteit int          `json:"geadviseerde_intensiteit"` // 1–5, see arrangement.Intensities
	Producten               []string     `json:"producten"`                // advised product codes, if any (segment 3)
	Activiteiten            []Activiteit `json:"activiteiten"`
	VerwachteEinddatum      time.Time    `json:"verwachte_einddatum"`
	// Tekst is the plan itself. The 1,000-character limit applies to this
	// text; the structured fields above are short codes, dates and
	// activity lines that are not counted.
	Tekst string `json:"tekst"`
}

// Tekens counts characters as a person counts them: Unicode code points
// (runes), after normalising CR LF and lone CR to LF, so a line break
// counts once whatever the browser sent. Letters such as é, ë and ï and
// an emoji such as 😀 count as one each. Not handled: a letter typed as a
// base letter plus a combining accent (not NFC) and emoji built from
// several code points (flags, ZWJ sequences) count per code point.
func Tekens(s string) int {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return utf8.RuneCountInString(s)
}

// Gaps lists what is missing or wrong in the plan.
func (b BeknoptPlan) Gaps() []Gap {
	var g []Gap
	if _, err := arrangement.GetIntensiteit(b.GeadviseerdeIntensiteit); err != nil {
		g = append(g, Gap{"geadviseerde_intensiteit", "Kies de geadviseerde intensiteit (licht, midden, zwaar, doorlopend of chronisch)."})
	}
	if len(b.Activiteiten) == 0 {
		g = append(g, Gap{"activiteiten", "Beschrijf ten minste één activiteit met de frequentie."})
	}
	for i, a := range b.Activiteiten {
		k, n := fmt.Sprintf("activiteiten.%d", i), fmt.Sprintf("Activiteit %d", i+1)
		if blank(a.Omschrijving) {
			g = append(g, Gap{k + ".omschrijving", n + ": beschrijf de activiteit."})
		}
		if blank(a.Frequentie) {
			g = append(g, Gap{k + ".frequentie", n + ": vul de frequentie in."})
		}
	}
	if b.VerwachteEinddatum.IsZero() {
		g = append(g, Gap{"verwachte_einddatum", "Vul de verwachte einddatum in."})
	}
	if blank(b.Tekst) {
		g = append(g, Gap{"tekst", "Beschrijf hoe het resultaat wordt behaald."})
	} else if n := Tekens(b.Tekst); n > MaxTekensBeknoptPlan {
		over := n - MaxTekensBeknoptPlan
		eenheid := "tekens"
		if over == 1 {
			eenheid = "teken"
		}
		g = append(g, Gap{"tekst", fmt.Sprintf("Het beknopt plan telt %s tekens; het mag er ten hoogste %s hebben. Maak de tekst %s %s korter.", getal(n), getal(MaxTekensBeknoptPlan), getal(over), eenheid)})
	}
	return g
}

// Validate returns nil for a complete plan within the limit, or a *Reason
// listing every problem. Its Code is "beknopt_plan_te_lang" when the text
// is over 1,000 characters, else "beknopt_plan_onvolledig".
func (b BeknoptPlan) Validate() error {
	g := b.Gaps()
	if len(g) == 0 {
		return nil
	}
	code := "beknopt_plan_onvolledig"
	if Tekens(b.Tekst) > MaxTekensBeknoptPlan {
		code = "beknopt_plan_te_lang"
	}
	return &Reason{Code: code, Message: joinGaps(g), Gaps: g}
}

func joinGaps(g []Gap) string {
	m := make([]string, len(g))
	for i, x := range g {
		m[i] = x.Message
	}
	return strings.Join(m, " ")
}
