package ipva

import (
	"fmt"
	"strings"
	"unicode"
)

// Hint is SMART help on a result: advice, not a refusal.
type Hint struct {
	Code    string `json:"code"` // leeg, streefdatum, geen_gedrag, vaag
	Message string `json:"message"`
}

// GoodExamples returns the good examples of results from the source
// (seeds/000, "Goede voorbeelden van resultaten"), verbatim.
func GoodExamples() []string {
	return []string{
		"Het kind kan zijn eigen (basis)emoties correct benoemen.",
		"Het kind kan zelfstandig het bed-ritueel uitvoeren.",
		"Moeder kan zelfstandig een (avond)maaltijd koken.",
		"De jeugdige neemt het initiatief in het afspreken met vrienden.",
		"Het kind heeft minder woedeaanvallen. Ze verminderen van 10x naar 5x per week.",
		"Het kind volgt dagelijks het gebruikelijke schoolprogramma.",
		"Binnen 9 maanden heeft vader passende vrijetijdsbesteding gevonden.",
		"Ouders spreken verwachtingen naar elkaar uit.",
		"De jeugdige kan zodanig met zijn faalangst omgaan dat het in staat is om het leerjaar voldoende af te ronden.",
		"De jeugdige plant haar uitgaven zodanig dat deze nooit hoger zijn dan haar inkomsten.",
	}
}

// The heuristic for "not about behaviour" (R-IPVA-4). A good result says
// what the youth or family can do or does in a situation; a common slip is
// to name the help instead ("krijgt hulp", "gaat naar de psycholoog",
// "gezinsbegeleiding", "het traject is afgerond"). The text is split into
// lower-case words and flagged when
//
//  1. a word is, or ends in, a name of help or a provision (meansStems:
//     begeleiding, behandeling, therapie, traject, training, cursus,
//     hulpverlening, ondersteuning, jeugdhulp, jeugdzorg, dagbesteding,
//     opvang, and plurals such as trajecten), so compounds such as
//     "gezinsbegeleiding" and "speltherapie" count too;
//  2. a verb of receiving or going (receiveVerbs: krijgt, ontvangt, gaat,
//     volgt, start and their plurals) is followed within three words by
//     help or a helper (meansObjects: hulp, advies, gesprekken,
//     psycholoog, ...), as in "krijgt hulp" and "gaat naar de psycholoog";
//     "gaat naar school" is not flagged;
//  3. "wordt" or "worden" is followed within two words by a passive of
//     helping (passives: begeleid, behandeld, geholpen, ...), as in "Sara
//     wordt begeleid".
//
// It is a hint only: it can miss slips and can flag a sound result (for
// instance one that names help the youth asks for by itself). None of the
// source's good examples is flagged (tested).
var (
	meansStems = []string{"begeleiding", "behandeling", "therapie", "traject", "training", "cursus",
		"hulpverlening", "ondersteuning", "jeugdhulp", "jeugdzorg", "dagbesteding", "opvang",
		"begeleidingen", "behandelingen", "therapieën", "trajecten", "trainingen", "cursussen"}
	receiveVerbs = set("krijgt", "krijgen", "ontvangt", "ontvangen", "gaat", "gaan", "volgt", "volgen", "start", "starten")
	meansObjects = set("hulp", "advies", "psycho-educatie", "psychoeducatie", "gesprekken", "psycholoog",
		"psychiater", "therapeut", "behandelaar", "begeleider", "hulpverlener", "jeugdhulpaanbieder",
		"aanbieder", "zorg", "indicatie", "medicatie")
	wordt    = set("wordt", "worden")
	passives = set("begeleid", "behandeld", "geholpen", "ondersteund", "aangemeld", "doorverwezen",
		"verwezen", "opgenomen", "geplaatst")
	// vaguePhrases are wordings too loose to tell later whether the result
	// was reached.
	vaguePhrases = []string{"gaat beter", "gaat goed", "beter functioneren", "beter in zijn vel",
		"beter in haar vel", "lekker in zijn vel", "lekker in haar vel", "meer rust", "stabiele situatie",
		"situatie is stabiel", "situatie is verbeterd"}
)

// minWords is the fewest words a result can have before it is flagged as
// too vague; the shortest good example has six words.
const minWords = 4

func set(w ...string) map[string]bool {
	m := make(map[string]bool, len(w))
	for _, s := range w {
		m[s] = true
	}
	return m
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
}

// meansPhrase returns the words that make the text read as help or a
// provision rather than behaviour, or "".
func meansPhrase(w []string) string {
	for i, x := range w {
		for _, s := range meansStems {
			if strings.HasSuffix(x, s) {
				return x
			}
		}
		if receiveVerbs[x] {
			for j := i + 1; j < len(w) && j <= i+3; j++ {
				if meansObjects[w[j]] {
					return strings.Join(w[i:j+1], " ")
				}
			}
		}
		if wordt[x] {
			for j := i + 1; j < len(w) && j <= i+2; j++ {
				if passives[w[j]] {
					return strings.Join(w[i:j+1], " ")
				}
			}
		}
	}
	return ""
}

// CheckResult gives SMART help on one result (R-IPVA-4): it flags an empty
// result, a result without a target date (streefdatum), a result that
// describes help or a provision instead of behaviour (see the heuristic
// above), and a result that is too vague (fewer than four words, or a
// loose wording such as "het gaat beter"). No hints means nothing to flag.
func CheckResult(r Resultaat) []Hint {
	var h []Hint
	text := strings.TrimSpace(r.GewensteSituatie)
	if text == "" {
		h = append(h, Hint{"leeg", "Beschrijf het resultaat, het liefst in de woorden van de jeugdige of het gezin."})
	}
	if r.Streefdatum.IsZero() {
		h = append(h, Hint{"streefdatum", "Vul in wanneer het resultaat bereikt moet zijn (streefdatum)."})
	}
	if text == "" {
		return h
	}
	w := words(text)
	if m := meansPhrase(w); m != "" {
		h = append(h, Hint{"geen_gedrag", fmt.Sprintf("Het resultaat lijkt hulp of een voorziening te beschrijven (%q) in plaats van gedrag. Beschrijf wat de jeugdige of het gezin kan of doet als het resultaat bereikt is.", m)})
	}
	joined := " " + strings.Join(w, " ") + " "
	vague := len(w) < minWords
	for _, v := range vaguePhrases {
		if strings.Contains(joined, " "+v+" ") {
			vague = true
		}
	}
	if vague {
		h = append(h, Hint{"vaag", "Het resultaat is te vaag om later vast te stellen of het bereikt is. Beschrijf concreet wat de jeugdige of het gezin dan kan of doet, en in welke situatie."})
	}
	return h
}
