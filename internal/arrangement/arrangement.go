package arrangement

import (
	"fmt"
	"slices"
)

// Arrangement is one of the nine arrangementen of the 7-step plan (stap 2,
// "Kies het arrangement"; R-ARR-1).
type Arrangement struct {
	// Nummer is 1–9, the first digit after "50H" in the arrangement code.
	Nummer int
	// Naam is the arrangement's title as in the code scheme of seed 002
	// (column "Arrangement").
	Naam string
	// Omschrijving is the heading of the arrangement's description block in
	// seed 002. It equals Naam except for arrangement 6, where the block
	// says "multi problem gezin" and the scheme "multi probleem gezin".
	Omschrijving string
	// Kenmerken are the bullet points of the description block, in order.
	Kenmerken []string
	// Behoefte is the one-line need the 12-step plan (seed 001, stap 3)
	// gives for this arrangement ("Behoefte aan ...").
	Behoefte string
}

// Tekst renders the full description as shown when choosing: the heading
// followed by one "- " line per kenmerk.
func (a Arrangement) Tekst() string {
	s := a.Omschrijving
	for _, k := range a.Kenmerken {
		s += "\n- " + k
	}
	return s
}

// Intensiteit is one of the five intensities of the 7-step plan (stap 4,
// "Kies de intensiteit"; R-ARR-1), the second digit of the code.
type Intensiteit struct {
	// Nummer is 1–5.
	Nummer int
	// Naam is the lower-case name used in running text: licht, midden,
	// zwaar, doorlopend, chronisch.
	Naam string
	// Titel is the name as a heading: Licht, Midden, Zwaar, Doorlopend,
	// Chronisch (the source prints it in capitals).
	Titel string
	// Richtlijnen are the guideline points for this intensity: the
	// perspective, the supporting and risk factors and the distance to the
	// result. They are guidelines: a case need not match all of them.
	Richtlijnen []string
}

// Questions and headings shown when choosing, as in seed 002.
const (
	// ArrangementVraag is the question of stap 2.
	ArrangementVraag = "Wat is er aan de hand?"
	// IntensiteitVraag is the question of stap 4.
	IntensiteitVraag = "Wat is de afstand tot het resultaat?"
	// RichtlijnenKop heads the intensity guidelines. The source prints the
	// first part in capitals; it is given here in sentence case.
	RichtlijnenKop = "Richtlijnen voor het bepalen van de afstand tot het te behalen resultaat (hoeft niet aan alles te voldoen, het zijn richtlijnen):"
)

// Intensity numbers.
const (
	Licht      = 1
	Midden     = 2
	Zwaar      = 3
	Doorlopend = 4
	Chronisch  = 5
)

var arrangementen = [...]Arrangement{
	{
		Nummer:       1,
		Naam:         "Psychosociale problematiek jeugdige, als gevolg van problematische relatie tussen ouders.",
		Omschrijving: "Psychosociale problematiek jeugdige, als gevolg van problematische relatie tussen ouders.",
		Kenmerken: []string{
			"Zowel problemen bij invulling ouderschap als psychosociale problemen jeugdige, die met elkaar samenhangen en elkaar beïnvloeden.",
			"Relatieproblemen ouders, vaak gescheiden of niet eens over opvoeding.",
			"Ouders ontoereikende opvoedingsvaardigheden",
			"(Risico op) Psychosociale problemen jeugdige ten gevolge van spanningen thuis (op gebied van loyaliteit, gedrag, school, emoties). Geen psychiatrische problematiek!",
			"Inzet op verbeteren gezinscommunicatie/-relatie en vergroten opvoedvaardigheden ouders",
		},
		// Seed 001 repeats the need of arrangement 2 after this sentence
		// (an editing slip in the source); only the first sentence is kept.
		Behoefte: "Behoefte aan het verbeteren van het psychosociaal functioneren ontstaan door problematische relatie ouders.",
	},
	{
		Nummer:       2,
		Naam:         "Problemen jeugdige, ontstaan/versterkt door ontoereikende opvoedvaardigheden ouder(s).",
		Omschrijving: "Problemen jeugdige, ontstaan/versterkt door ontoereikende opvoedvaardigheden ouder(s).",
		Kenmerken: []string{
			"Zowel jeugdigen met ontwikkelings- en/of gedrags-/psychische problemen als ouders die over onvoldoende opvoedvaardigheden beschikken die nodig zijn (ouders soms niet op één lijn opvoedings- en probleemaanpak).",
			"Bovenstaande kan tot spanningen in de relatie tussen jeugdige en ouders/broers/zussen leiden.",
			"Problemen jeugdige zijn gemakkelijk te beïnvloeden door pedagogisch handelen ouders. Inzet hulp met name gericht op ouders.",
			"Ook bij één ouder gezin in verband met ouder uit beeld/overlijden andere ouder.",
		},
		Behoefte: "Behoefte aan het vergroten van specifieke opvoedingsvaardigheden ouders vanwege problemen jeugdige.",
	},
	{
		Nummer:       3,
		Naam:         "Ouder(s) met ziekte, lichamelijke of verstandelijke beperking. Problemen jeugdige gerelateerd aan beperking ouder(s).",
		Omschrijving: "Ouder(s) met ziekte, lichamelijke of verstandelijke beperking. Problemen jeugdige gerelateerd aan beperking ouder(s).",
		Kenmerken: []string{
			"Ouder(s) met een ziekte, lichamelijke of verstandelijke beperking, als gevolg hiervan problemen met bieden van voldoende ondersteuning, bescherming (veiligheid), verzorging van/aan hun kind(eren) en stimulering van hun ontwikkeling. Ouders hebben vaak ontoereikende opvoedvaardigheden.",
			"Weinig steunfiguren in netwerk.",
			"Ten gevolge van beperking ouders, kunnen kinderen ontwikkelings- en gedragsproblemen ontwikkelen (geen verstandelijke beperking jeugdige).",
		},
		Behoefte: "Behoefte aan vergroten van specifieke opvoedingsvaardigheden van ouders met een ziekte, lichamelijke- of verstandelijke beperking.",
	},
	{
		Nummer:       4,
		Naam:         "(Kind eigen) problemen jeugdigen, met ouder(s) met psychi(atri)sche problematiek (soms dubbele diagnose). Vaak problematische relatie ouders.",
		Omschrijving: "(Kind eigen) problemen jeugdigen, met ouder(s) met psychi(atri)sche problematiek (soms dubbele diagnose). Vaak problematische relatie ouders.",
		Kenmerken: []string{
			"Ouder(s) met psychische problemen of psychiatrische grondslag, soms gecombineerd met verslaving/ middelengebruik/verstandelijke beperking, als gevolg hiervan problemen met bieden van voldoende ondersteuning, bescherming (veiligheid), verzorging van/aan hun kind(eren) en stimulering van hun ontwikkeling.",
			"Vaak problematische relatie tussen ouders.",
			"Jeugdigen met ontwikkelings- en/of gedrags-/emotionele of psychi(atri)sche problemen, die zowel kind eigen als contextueel bepaald kunnen zijn.",
			"Weinig steunfiguren netwerk.",
		},
		Behoefte: "Behoefte aan verbeteren van functioneren jeugdige met psychi(atri)sche en/of ontwikkelingsstoornis, en het vergroten van specifieke opvoedvaardigheden voor ouders met psychi(atri)sche problematiek.",
	},
	{
		Nummer:       5,
		Naam:         "Kind eigen problematiek jeugdige (psychiatrische en/of ontwikkelingsstoornis, eventueel in combinatie met somatische stoornis).",
		Omschrijving: "Kind eigen problematiek jeugdige (psychiatrische en/of ontwikkelingsstoornis, eventueel in combinatie met somatische stoornis).",
		Kenmerken: []string{
			"Jeugdigen met kind eigen problematiek (psychiatrische en/of ontwikkelingsstoornis, eventueel i.c.m. somatische stoornis), ten gevolge hiervan disfunctioneren op meerdere levensgebieden.",
			"Ouders kunnen de specifieke opvoedvaardigheden die nodig zijn niet volledig bieden omdat problematiek jeugdige grote invloed heeft op onmacht, draaglast en gezinsfunctioneren.",
			"Inzet met name op behandeling/begeleiding jeugdige, vergroten draagkracht ouders en versterken gezinssituatie.",
		},
		Behoefte: "Behoefte aan verbeteren van functioneren jeugdige met psychiatrische en/of ontwikkelingsstoornis, eventueel in combinatie met somatische stoornis.",
	},
	{
		Nummer:       6,
		Naam:         "Jeugdige met (kind eigen) problemen die opgroeit in multi probleem gezin (inzet op multi problem staat voorop).",
		Omschrijving: "Jeugdige met (kind eigen) problemen die opgroeit in multi problem gezin (inzet op multi problem staat voorop).",
		Kenmerken: []string{
			"Multi problemgezin: ouder(s) met ontoereikende opvoedvaardigheden, i.c.m. financiële, huisvestings-, dagbestedings-, sociale en relatieproblemen, als gevolg hiervan problemen met bieden van voldoende ondersteuning, bescherming, verzorging van/aan hun kind(eren) en stimulering van hun ontwikkeling. Vaak sprake van psychiatrische problematiek en/of verstandelijke beperking bij ouder(s), of andere gezinsleden.",
			"In het gezin sprake van grote (fysieke) onveiligheid.",
			"Diverse instanties betrokken bij het gezin (bv: politie, leerplicht, VT, hulpverlening). Zorgcoördinatie belangrijk.",
			"Weinig steunfiguren in netwerk.",
			"Jeugdigen met ontwikkelings- en/of gedrags-/emotionele-/psychi(atri)sche problemen (trauma, hechting, stemmingen, cognitie), die zowel kind eigen als contextueel bepaald kunnen zijn.",
		},
		Behoefte: "Behoefte aan verbeteren functioneren van jeugdige en ouders, in een gezinssituatie met multi-problem kenmerken en zorgdragen voor de veiligheid van de jeugdige(n).",
	},
	{
		Nummer:       7,
		Naam:         "Jeugdigen met een beneden gemiddelde intelligentie, soms in combinatie met somatische problematiek.",
		Omschrijving: "Jeugdigen met een beneden gemiddelde intelligentie, soms in combinatie met somatische problematiek.",
		Kenmerken: []string{
			"Jeugdigen met een beneden gemiddelde intelligentie, soms i.c.m. somatische problematiek.",
			"Door beperking jeugdige vragen zij extra zorg, ondersteuning en bescherming van ouders en hun omgeving.",
			"Inzet op vergroten opvoedvaardigheden, acceptatie en draagkracht ouders/systeem.",
			"Vaak sprake van verstandelijke beperking ouder(s).",
		},
		Behoefte: "Behoefte aan verbeteren van functioneren jeugdige met een verstandelijke beperking en/of ondersteuning van ouders hierbij.",
	},
	{
		Nummer:       8,
		Naam:         "Jeugdigen met een beneden gemiddelde intelligentie, soms in combinatie met somatische en/of psychiatrische problematiek, ten gevolge hiervan ontwikkelings- en gedragsproblemen.",
		Omschrijving: "Jeugdigen met een beneden gemiddelde intelligentie, soms in combinatie met somatische en/of psychiatrische problematiek, ten gevolge hiervan ontwikkelings- en gedragsproblemen.",
		Kenmerken: []string{
			"Jeugdigen met een beneden gemiddelde intelligentie, soms i.c.m. somatische en/of psychiatrische problematiek, ten gevolge hiervan ontwikkelings- en gedragsproblemen en disfunctioneren op meerdere levensgebieden.",
			"Door combinatie van bovenstaande vragen zij extra zorg, ondersteuning en specialistische behandeling/begeleiding.",
			"Inzet op behandeling/begeleiding jeugdige en vergroten opvoedvaardigheden, acceptatie en draagkracht ouders/systeem.",
			"Vaak sprake van verstandelijke beperking ouder(s).",
		},
		Behoefte: "Behoefte aan verbeteren van functioneren jeugdige met een verstandelijke beperking i.c.m. ontwikkelings- en gedragsproblematiek en/of ondersteuning van ouders hierbij.",
	},
	{
		Nummer:       9,
		Naam:         "Jeugdigen met lichamelijke beperking (gehoor/zicht/somatisch) en/of niet aangeboren hersenletsel, ten gevolge hiervan ontwikkelingsproblemen.",
		Omschrijving: "Jeugdigen met lichamelijke beperking (gehoor/zicht/somatisch) en/of niet aangeboren hersenletsel, ten gevolge hiervan ontwikkelingsproblemen.",
		Kenmerken: []string{
			"Jeugdigen met lichamelijke beperking (gehoor/zicht/somatisch) en/of niet aangeboren hersenletsel, ten gevolge hiervan ontwikkelingsproblemen.",
			"Door beperking jeugdige vragen zij extra zorg, ondersteuning en zo nodig specialistische behandeling of begeleiding.",
			"Beperking kan hoge eisen stellen aan ouderschap en ouderrelatie.",
			"Inzet op behandeling/begeleiding jeugdige (indien nodig) en vergroten opvoedvaardigheden, acceptatie en draagkracht ouders/systeem.",
		},
		Behoefte: "Behoefte aan verbeteren van functioneren jeugdige met een lichamelijke beperking en/of niet aangeboren hersenletsel en/of ondersteuning van ouders hierbij.",
	},
}

var intensiteiten = [...]Intensiteit{
	{
		Nummer: Licht, Naam: "licht", Titel: "Licht",
		Richtlijnen: []string{
			"Perspectief is ontwikkelen.",
			"Snel leerbaar.",
			"Opfrissen van eerdere doelen/vaardigheden.",
			"Veel ondersteunende factoren (mate van leerbaarheid, eigen netwerk, school, voorliggende voorzieningen, eigen kracht en het voeren van regie enz.).",
			"De afstand tot het behalen van het doel is dichtbij/kort.",
		},
	},
	{
		Nummer: Midden, Naam: "midden", Titel: "Midden",
		Richtlijnen: []string{
			"Perspectief is gericht op ontwikkelen.",
			"Vaak meerdere resultaten te behalen, de te behalen resultaten zijn overzichtelijk.",
			"Gemiddelde ondersteunende factoren (mate van leerbaarheid, eigen netwerk, school, voorliggende voorzieningen, eigen kracht en het voeren van regie enz.).",
			"Motivatie is geen beschermende factor, maar tevens geen belemmerende factor.",
			"De afstand tot het resultaat is gemiddeld.",
		},
	},
	{
		Nummer: Zwaar, Naam: "zwaar", Titel: "Zwaar",
		Richtlijnen: []string{
			"Perspectief is gericht op ontwikkelen.",
			"Inzet is intensief.",
			"Er is al eerder inzet vanuit (diverse) ondersteuners geweest.",
			// "mb.t." is as printed in the source.
			"Beperkte ondersteunende factoren (lage leerbaarheid vanwege problematiek; lage motivatie, beperkte eigen kracht en beperkte mogelijkheden mb.t. het voeren van eigen regie, beperkt netwerk enz.).",
			"Risicofactoren en/of signalen m.b.t. onveiligheid.",
			"Ontwikkelmogelijkheden op verschillende leefdomeinen.",
			"Taal/cultuurbarrière.",
			"De afstand tot het resultaat is ver weg/lang.",
		},
	},
	{
		Nummer: Doorlopend, Naam: "doorlopend", Titel: "Doorlopend",
		Richtlijnen: []string{
			"Structurele ondersteuning in een lage frequentie.",
			"Lichte inzet van vinger aan de pols houden.",
			"Borgen.",
		},
	},
	{
		Nummer: Chronisch, Naam: "chronisch", Titel: "Chronisch",
		Richtlijnen: []string{
			"Perspectief is vasthouden van behaalde resultaten.",
			"Lang lopend.",
			"Te behalen resultaten zijn minimaal zichtbaar maar wel aanwezig.",
			"Voorzien in behoeften om daarmee bestendig en gedegen toekomstige vragen op te vangen.",
			"Verstevigen, verankeren.",
		},
	},
}

// All returns the nine arrangements in order 1–9. The result is a fresh
// copy; callers may change it.
func All() []Arrangement {
	out := make([]Arrangement, len(arrangementen))
	for i, a := range arrangementen {
		a.Kenmerken = slices.Clone(a.Kenmerken)
		out[i] = a
	}
	return out
}

// Get returns arrangement n (1–9).
func Get(n int) (Arrangement, error) {
	if n < 1 || n > len(arrangementen) {
		return Arrangement{}, errArrangement(n)
	}
	a := arrangementen[n-1]
	a.Kenmerken = slices.Clone(a.Kenmerken)
	return a, nil
}

// Intensities returns the five intensities in order 1–5 (licht, midden,
// zwaar, doorlopend, chronisch). The result is a fresh copy.
func Intensities() []Intensiteit {
	out := make([]Intensiteit, len(intensiteiten))
	for i, in := range intensiteiten {
		in.Richtlijnen = slices.Clone(in.Richtlijnen)
		out[i] = in
	}
	return out
}

// GetIntensiteit returns intensity n (1–5).
func GetIntensiteit(n int) (Intensiteit, error) {
	if n < 1 || n > len(intensiteiten) {
		return Intensiteit{}, errIntensiteit(n)
	}
	in := intensiteiten[n-1]
	in.Richtlijnen = slices.Clone(in.Richtlijnen)
	return in, nil
}

// Error is a refusal with a complete Dutch sentence meant to be shown to
// the user as it is.
type Error string

func (e Error) Error() string { return string(e) }

func errArrangement(n int) error {
	return Error(fmt.Sprintf("Arrangement %d bestaat niet; kies een arrangement van 1 tot en met 9.", n))
}

func errIntensiteit(n int) error {
	return Error(fmt.Sprintf("Intensiteit %d bestaat niet; kies een intensiteit van 1 (licht) tot en met 5 (chronisch).", n))
}
