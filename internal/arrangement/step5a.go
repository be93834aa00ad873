package arrangement

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Step5a holds the answers to step 5a of the 7-step plan: does the care
// fall under hoog-specialistische jeugdhulp (segment 3)? It is asked only
// for the intensities zwaar and chronisch (R-ARR-2). Each field is one
// yes/no question; see Vragen for the Dutch texts.
//
// In the source the 75-hour and 110-hour criteria are printed as
// sub-points under the highly intensive ambulant help; DOMAIN R-ARR-2 lists
// them as criteria of their own, and so does this struct: any yes makes the
// care hoog-specialistisch.
type Step5a struct {
	Intramuraal             bool `json:"intramuraal"`
	HoogIntensiefAmbulant   bool `json:"hoog_intensief_ambulant"`
	BehandelingMeerDan75Uur bool `json:"behandeling_meer_dan_75_uur"`
	BegeleidingMeerDan110   bool `json:"begeleiding_meer_dan_110"`
	TariefBuitenSegment2    bool `json:"tarief_buiten_segment_2"`
}

// HoogSpecialistisch reports whether any answer is yes: then product codes
// are used instead of the arrangement code.
func (s Step5a) HoogSpecialistisch() bool {
	return s.Intramuraal || s.HoogIntensiefAmbulant || s.BehandelingMeerDan75Uur ||
		s.BegeleidingMeerDan110 || s.TariefBuitenSegment2
}

// Antwoorden returns the answers in the order of Vragen.
func (s Step5a) Antwoorden() []bool {
	return []bool{s.Intramuraal, s.HoogIntensiefAmbulant, s.BehandelingMeerDan75Uur,
		s.BegeleidingMeerDan110, s.TariefBuitenSegment2}
}

// Vraag is one step-5a question: Key is the JSON name of its Step5a field.
type Vraag struct {
	Key   string
	Tekst string
}

// Texts of step 5a, after seed 002.
const (
	Step5aKop   = "Bepaal of de gewenste jeugdhulp onder hoog specialistische jeugdhulp (segment 3) valt."
	Step5aIntro = "Je hebt de intensiteit Zwaar of Chronisch gekozen. Er is een kans dat de gewenste jeugdhulp in hoog specialistische jeugdhulp (segment 3) valt. De hoog specialistische jeugdhulp in segment 3 heeft ten minste één van de volgende kenmerken:"
	// Step5aNee is shown when every answer is no.
	Step5aNee = "Valt de gewenste jeugdhulp niet in hoog specialistische jeugdhulp, voer dan de arrangementscode uit het schema in."
	// Step5aJa is shown when any answer is yes. The source points to the
	// 2017 product codes on www.jeugdhulphvb.nl; here the codes come from
	// the region's product catalogue in the system.
	Step5aJa = "Valt de gewenste jeugdhulp wel onder hoog specialistische jeugdhulp (segment 3), gebruik dan de productcode(s) uit de productcatalogus van de regio."
)

// Vragen returns the step-5a questions in the order of the source, as
// yes/no questions in Dutch.
func Vragen() []Vraag {
	return []Vraag{
		{"intramuraal", "Gaat het om intramurale jeugdhulp (dag of 24/7)?"},
		{"hoog_intensief_ambulant", "Gaat het om hoog intensieve ambulante hulp die wordt ingezet om uithuisplaatsing te voorkomen? Deze is (bijna) altijd meervoudig van aard, dat wil zeggen vanuit meerdere domeinen binnen de jeugdhulp."},
		{"behandeling_meer_dan_75_uur", "Is er meer dan 75 uur (ambulante) behandeling nodig voor het realiseren van het resultaat?"},
		{"begeleiding_meer_dan_110", "Is er meer dan 110 uur (ambulante) begeleiding (individuele begeleiding) of meer dan 110 dagdelen (groepsbegeleiding) nodig voor het realiseren van het resultaat?"},
		{"tarief_buiten_segment_2", "Gaat het om een vorm van jeugdhulp die qua tariefstelling niet past binnen segment 2? Raadpleeg bij twijfel de contractmanagers."},
	}
}

// Product is a segment-3 product that is allocated instead of the
// arrangement code when step 5a finds the care hoog-specialistisch.
//
// The product codes per region come from the region's contracts; the
// administrator (beheerder) maintains the catalogue in the database
// (table products). DefaultCatalogus is only a starting point for a demo.
type Product struct {
	Categorie    string `json:"categorie"`    // JZ020 product category, two digits
	Code         string `json:"code"`         // LDT_ProductCode; 5 characters in the region's codes
	Omschrijving string `json:"omschrijving"` // Dutch description shown to users
	Eenheid      string `json:"eenheid"`      // WJ756 unit code
}

// IJw returns the product as it travels in iJw messages.
func (p Product) IJw() IJwProduct { return IJwProduct{Categorie: p.Categorie, Code: p.Code} }

// ProductcategorieOmschrijving returns the description of a JZ020 product
// category, and whether the code exists.
func ProductcategorieOmschrijving(code string) (string, bool) {
	s, ok := productcategorieen[code]
	return s, ok
}

// EenheidOmschrijving returns the meaning of a WJ756 unit code, and whether
// the code exists.
func EenheidOmschrijving(code string) (string, bool) {
	s, ok := eenheden[code]
	return s, ok
}

// productcategorieen are the codes of iJw 3.2 code list JZ020 with their
// descriptions (shared/ijw/codelijsten/JZ020_Productcategorie).
var productcategorieen = map[string]string{
	"31": "(2015) Zonder verblijf: uitgevoerd door wijk- of buurtteam",
	"32": "(2015) Zonder verblijf: ambulante jeugdhulp op locatie van de aanbieder",
	"33": "(2015) Zonder verblijf: daghulp op locatie van de aanbieder",
	"34": "(2015) Zonder verblijf: jeugdhulp in het netwerk van de jeugdige",
	"35": "(2015) Met verblijf: pleegzorg",
	"36": "(2015) Met verblijf: gezinsgericht",
	"37": "(2015) Met verblijf: gesloten plaatsing",
	"38": "(2015) Met verblijf: overig residentieel",
	"40": "Persoonlijke verzorging",
	"41": "Dagbehandeling",
	"42": "Vervoerdiensten",
	"43": "Jeugdhulp verblijf (incl. behandeling)",
	"44": "Jeugdhulp verblijf (excl. behandeling)",
	"45": "Jeugdhulp ambulant",
	"46": "Jeugdhulp crisis",
	"47": "Jeugdreclassering",
	"48": "Jeugdbescherming",
	"49": "Activiteiten in het preventief justitieel kader",
	"50": "Maatwerkarrangementen jeugd",
	"51": "Generalistische basis-ggz",
	"52": "Specialistische ggz",
	"53": "Kindergeneeskunde",
	"54": "Jeugd-ggz",
	"55": "Landelijk ingekochte zorg",
}

// eenheden are the codes of iJw 3.2 code list WJ756 with their meaning
// (shared/ijw/codelijsten/WJ756_Eenheid.md).
var eenheden = map[string]string{
	"01": "Minuut",
	"04": "Uur",
	"14": "Etmaal",
	"16": "Dagdeel (4 uur)",
	"82": "Stuks (output)",
	"83": "Euro's",
	"84": "Stuks (inspanning)",
}

// Validate checks a catalogue entry: a JZ020 category other than 50 (that
// category is for arrangement codes), a product code of 1 to 5 characters
// without spaces (LDT_ProductCode), a description and a WJ756 unit.
func (p Product) Validate() error {
	if _, ok := productcategorieen[p.Categorie]; !ok {
		return Error(fmt.Sprintf("Productcategorie %q bestaat niet in codelijst JZ020.", p.Categorie))
	}
	if p.Categorie == IJwArrangementCategorie {
		return Error("Productcategorie 50 is voor arrangementscodes; kies voor een product een andere categorie.")
	}
	if n := utf8.RuneCountInString(p.Code); n < 1 || n > 5 || strings.ContainsFunc(p.Code, func(r rune) bool { return r <= ' ' }) {
		return Error(fmt.Sprintf("Productcode %q is ongeldig: een productcode heeft 1 tot en met 5 tekens, zonder spaties.", p.Code))
	}
	if strings.TrimSpace(p.Omschrijving) == "" {
		return Error(fmt.Sprintf("Product %s heeft geen omschrijving.", p.Code))
	}
	if _, ok := eenheden[p.Eenheid]; !ok {
		return Error(fmt.Sprintf("Eenheid %q bestaat niet in codelijst WJ756.", p.Eenheid))
	}
	return nil
}

// DefaultCatalogus returns a small, plausible catalogue of segment-3
// products for a fresh demo database. The codes are fictional: real
// product codes per region come from the region's contracts, and the
// administrator maintains the catalogue in the database.
func DefaultCatalogus() []Product {
	return []Product{
		{Categorie: "43", Code: "43A01", Omschrijving: "Verblijf met behandeling (24/7)", Eenheid: "14"},
		{Categorie: "44", Code: "44A01", Omschrijving: "Verblijf zonder behandeling (24/7)", Eenheid: "14"},
		{Categorie: "41", Code: "41A01", Omschrijving: "Dagbehandeling", Eenheid: "16"},
		{Categorie: "45", Code: "45A01", Omschrijving: "Hoog intensieve ambulante hulp ter voorkoming van uithuisplaatsing", Eenheid: "04"},
		{Categorie: "45", Code: "45A02", Omschrijving: "Specialistische ambulante behandeling", Eenheid: "04"},
		{Categorie: "45", Code: "45A03", Omschrijving: "Ambulante begeleiding individueel", Eenheid: "04"},
		{Categorie: "45", Code: "45A04", Omschrijving: "Begeleiding in een groep", Eenheid: "16"},
		{Categorie: "54", Code: "54A01", Omschrijving: "Specialistische jeugd-ggz behandeling", Eenheid: "01"},
	}
}
