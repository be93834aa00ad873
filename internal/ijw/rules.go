package ijw

import (
	"fmt"
	"strconv"
)

// Level is the check level of a rule (IV032): what fails decides what the
// retour looks like.
type Level int

const (
	// LevelXSD: the message does not match its schema; no retour, the
	// sender gets a transport error.
	LevelXSD Level = 1
	// LevelXSLT: an in-message rule (CS/CD/RS, XSLT TR); the retour is a
	// header only, with retourcode 0001.
	LevelXSLT Level = 2
	// LevelCross: a rule against earlier messages (berichtoverstijgend).
	LevelCross Level = 3
	// LevelExternal: a rule against an external source (date, code lists).
	LevelExternal Level = 4
)

// RuleInfo describes one rule of the standard.
type RuleInfo struct {
	Code   string // e.g. "TR302", "CS002", "CD041"
	Retour string // retourcode the standard attaches; "0001" at LevelXSLT
	Level  Level
	Types  []MessageType // the messages the rule applies to
	Desc   string        // Dutch
}

// Finding is a rule violation in a decoded message.
type Finding struct {
	Rule RuleInfo
	Path string // where, e.g. "Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum"
	Line int    // line in the input, when the message was read with ValidateReader; else 0
	Msg  string // Dutch
	// Target points at the part of the heen message the finding is about
	// (e.g. a *JW305StartProduct or a *JW305Client); nil means the header.
	// Retour builders put the retourcode there.
	Target any
}

// Error returns the finding as an *Error, in the shape the CLI prints.
func (f Finding) Error() *Error {
	return &Error{Line: f.Line, Element: f.Path, Rule: f.Rule.Code, Code: f.Rule.Retour, Msg: f.Msg}
}

type reporter struct {
	info     RuleInfo
	findings []Finding
}

func (r *reporter) add(target any, path, format string, args ...any) {
	r.findings = append(r.findings, Finding{Rule: r.info, Path: path, Msg: fmt.Sprintf(format, args...), Target: target})
}

// addAt reports a finding whose line is already known.
func (r *reporter) addAt(line int, path, format string, args ...any) {
	r.add(nil, path, format, args...)
	r.findings[len(r.findings)-1].Line = line
}

// inRule is an in-message rule: a named check function with its code.
type inRule struct {
	RuleInfo
	check func(m Message, r *reporter)
	// JW323 rules are written per prestatie and per declaratie so that a
	// 25 MB declaratie can be checked while it streams by.
	prestatie func(d *JW323Declaratie, p *JW323Prestatie, path string, r *reporter)
	final     func(d *JW323Declaratie, st *declState, r *reporter)
}

func x(code, desc string, types ...MessageType) RuleInfo {
	return RuleInfo{Code: code, Retour: "0001", Level: LevelXSLT, Types: types, Desc: desc}
}

// inMessageRules lists the implemented in-message (XSLT-level) rules.
var inMessageRules = []inRule{
	{RuleInfo: x("CS002", "BSN voldoet aan de elfproef", TypeJW301, TypeJW305, TypeJW307, TypeJW315, TypeJW317, TypeJW323, TypeJW325), check: ruleCS002},
	{RuleInfo: x("TR002", "Geboortedatum ligt niet meer dan 120 jaar voor de Dagtekening, tenzij onbekend", TypeJW301, TypeJW305, TypeJW307, TypeJW315), check: ruleTR002},
	{RuleInfo: x("CS139", "DatumGebruik 3 (geheel onbekend) alleen met datum 1900-01-01", TypeJW301, TypeJW305, TypeJW307, TypeJW315), check: ruleCS139},
	{RuleInfo: x("TR101", "Geen dubbele logische sleutels binnen het bericht", TypeJW301, TypeJW305, TypeJW307, TypeJW317), check: ruleTR101},
	{RuleInfo: x("CS003", "Einddatum ligt niet voor de Ingangsdatum", TypeJW301, TypeJW315, TypeJW317), check: ruleCS003},
	{RuleInfo: x("TR302", "Geen overlappende toewijzingen voor hetzelfde product", TypeJW301), check: ruleTR302},
	{RuleInfo: x("CS335", "RedenWijziging 13 (verwijderd) alleen als Einddatum gelijk is aan Ingangsdatum", TypeJW301), check: ruleCS335},
	{RuleInfo: x("CS336", "RedenWijziging 01 is vervallen", TypeJW301), check: ruleCS336},
	{RuleInfo: x("CD041", "Omvang verplicht als een productcode gevuld is", TypeJW301, TypeJW315, TypeJW317), check: ruleCD041},
	{RuleInfo: x("CD077", "Omvang en Budget niet allebei gevuld", TypeJW301, TypeJW315, TypeJW317), check: ruleCD077},
	{RuleInfo: x("CD079", "Product verplicht als Budget leeg is", TypeJW301, TypeJW315, TypeJW317), check: ruleCD079},
	{RuleInfo: x("CD080", "Omvang leeg als geen productcode en Einddatum na 2020 of open", TypeJW301, TypeJW315, TypeJW317), check: ruleCD080},
	{RuleInfo: x("CD075", "Einddatum verplicht als Budget gevuld is", TypeJW301, TypeJW315, TypeJW317), check: ruleCD075},
	{RuleInfo: x("CD076", "Einddatum verplicht bij Frequentie 2 (per week)", TypeJW301, TypeJW315, TypeJW317), check: ruleCD076},
	{RuleInfo: x("CS338", "Eenheid 14, 16, 83 of 84 alleen met Frequentie 2, 4 of 6", TypeJW301, TypeJW315, TypeJW317), check: ruleCS338},
	{RuleInfo: x("TR061", "De client heeft een adres van soort 01, 02 of 03", TypeJW301), check: ruleTR061},
	{RuleInfo: x("TR006", "Contact bevat Telefoon en/of Huis met Postcode", TypeJW301), check: ruleTR006},
	{RuleInfo: x("CS058", "StatusAanlevering is 1 of 3", TypeJW305, TypeJW307), check: ruleCS058},
	{RuleInfo: x("TR018", "Einddatum ligt niet voor de Begindatum", TypeJW307), check: ruleTR018},
	{RuleInfo: x("TR383", "ReferentieAanbieder uniek per AangevraagdProduct in het bericht", TypeJW315), check: ruleTR383},
	{RuleInfo: x("TR386", "Geen overlappende aangevraagde producten", TypeJW315), check: ruleTR386},
	{RuleInfo: x("CD043", "BeschikkingIngangsdatum alleen en verplicht bij BeschikkingNummer", TypeJW315), check: ruleCD043},
	{RuleInfo: x("CD068", "ZorgverlenerCode alleen bij verwijzer 02, 03, 04 of 05", TypeJW315), check: ruleCD068},
	{RuleInfo: x("CD066", "Bij verwijzer 02-05 ZorgverlenerCode of Naam gevuld", TypeJW315), check: ruleCD066},
	{RuleInfo: x("TR352", "Verzoek bevat minstens één OngewijzigdProduct of TeWijzigenProduct", TypeJW317), check: ruleTR352},
	{RuleInfo: x("TR353", "Verzoek bevat minstens één TeWijzigenProduct of NieuwProduct", TypeJW317), check: ruleTR353},
	{RuleInfo: x("TR410", "Geen overlappende nieuwe producten in het verzoek", TypeJW317), check: ruleTR410},
	{RuleInfo: x("CD085", "RedenAfwijzingVerzoek verplicht bij VerzoekAntwoord 1, leeg bij 2", TypeJW319), check: ruleCD085},
	{RuleInfo: x("TR377", "Woonplaatsbeginsel alleen en verplicht bij RedenAfwijzingVerzoek 8", TypeJW319), check: ruleTR377},
	{RuleInfo: x("CS340", "DeclaratiePeriode is precies één kalendermaand", TypeJW323), final: ruleCS340},
	{RuleInfo: x("CS100", "DeclaratiePeriode begint op of na 2021-01-01", TypeJW323), final: ruleCS100},
	{RuleInfo: x("CS325", "Een bedrag van 0 heeft DebetCredit D", TypeJW323), prestatie: ruleCS325, final: ruleCS325Totaal},
	{RuleInfo: x("TR358", "TotaalIngediendBedrag is de som van debet min credit van de prestaties", TypeJW323), final: ruleTR358},
	{RuleInfo: x("TR101-323", "ReferentieNummer uniek binnen de declaratie", TypeJW323), final: ruleTR101Declaratie},
	{RuleInfo: x("TR315", "VorigReferentieNummer uniek binnen het bericht", TypeJW323), final: ruleTR315},
	{RuleInfo: x("TR316", "Een debetprestatie wordt niet in hetzelfde bericht gecrediteerd", TypeJW323), final: ruleTR316},
	{RuleInfo: x("CD060", "VorigReferentieNummer alleen en verplicht bij credit", TypeJW323), prestatie: ruleCD060},
	{RuleInfo: x("CS337", "ProductPeriode ligt binnen één kalendermaand", TypeJW323), prestatie: ruleCS337},
	{RuleInfo: x("TR319", "ProductPeriode ligt niet na de DeclaratiePeriode", TypeJW323), prestatie: ruleTR319},
	{RuleInfo: x("TR335", "Einddatum van de ProductPeriode ligt niet meer dan 5 jaar voor de DeclaratieDagtekening", TypeJW323), prestatie: ruleTR335},
	{RuleInfo: x("CD087", "ProductTarief gevuld tenzij Eenheid 83", TypeJW323), prestatie: ruleCD087},
	{RuleInfo: x("CS339", "Bij Eenheid 83 is Bedrag gelijk aan GeleverdVolume", TypeJW323), prestatie: ruleCS339},
	{RuleInfo: x("TR346", "Bedrag is GeleverdVolume maal ProductTarief", TypeJW323), prestatie: ruleTR346},
	{RuleInfo: x("TR342", "Som van afgewezen bedragen is ingediend min toegekend", TypeJW325), check: ruleTR342},
}

// Rules returns the in-message rules this package checks.
func Rules() []RuleInfo {
	out := make([]RuleInfo, 0, len(inMessageRules))
	for _, r := range inMessageRules {
		out = append(out, r.RuleInfo)
	}
	out = append(out, crossRuleInfos()...)
	for _, r := range externalRules {
		out = append(out, r.RuleInfo)
	}
	return out
}

func appliesTo(info RuleInfo, t MessageType) bool {
	for _, x := range info.Types {
		if x == t {
			return true
		}
	}
	return false
}

// Validate applies the in-message rules to a decoded message and returns
// the findings (nil when there are none). The message is assumed to be XSD
// valid (as Decode guarantees).
func Validate(m Message) []Finding {
	if d, ok := m.(*JW323); ok {
		c := newDeclChecker(d)
		for i := range d.Declaratie.Clienten.Client {
			c.client(&d.Declaratie.Clienten.Client[i])
		}
		return c.finish()
	}
	var out []Finding
	for _, r := range inMessageRules {
		if !appliesTo(r.RuleInfo, m.MessageType()) || r.check == nil {
			continue
		}
		rep := reporter{info: r.RuleInfo}
		r.check(m, &rep)
		out = append(out, rep.findings...)
	}
	return out
}

// ValidBSN reports whether s is nine digits passing the 11-proef (CS002).
func ValidBSN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(s[i]-'0')
	}
	return sum%11 == 0
}

// days returns the day number of a valid xs:date (any year), for
// comparisons and differences; ok is false for an empty or invalid date.
func (d Date) days() (int64, bool) {
	s := string(collapse(string(d)))
	if s == "" || lexDate(s) != "" {
		return 0, false
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	i := len(s) - 6
	y, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil || y > 1<<40 {
		return 0, false
	}
	if neg {
		y = 1 - y // XSD 1.0: -0001 is 1 BCE, astronomical year 0
	}
	m, _ := strconv.Atoi(s[i+1 : i+3])
	dd, _ := strconv.Atoi(s[i+4:])
	// days from civil (H. Hinnant)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(dd) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468, true
}

// cmpDate compares two valid dates; invalid or empty ones compare as equal
// so that rules do not fire on what the XSD level already reports.
func cmpDate(a, b Date) int {
	x, ok1 := a.days()
	y, ok2 := b.days()
	if !ok1 || !ok2 {
		return 0
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// ymd splits a valid four-digit-year date.
func ymd(d Date) (y, m, dd int, ok bool) {
	s := collapse(string(d))
	if len(s) != 10 || lexDate(s) != "" {
		return 0, 0, 0, false
	}
	y, _ = strconv.Atoi(s[:4])
	m, _ = strconv.Atoi(s[5:7])
	dd, _ = strconv.Atoi(s[8:])
	return y, m, dd, true
}

func lastDayOfMonth(y, m int) int {
	return daysIn(m, fmt.Sprintf("%04d", y))
}

// period is a closed or open date range; an empty end is open.
type period struct{ begin, end Date }

func (p period) overlaps(q period) bool {
	// p.begin <= q.end and q.begin <= p.end, open ends are +infinity
	if !q.end.IsZero() && cmpDate(p.begin, q.end) > 0 {
		return false
	}
	if !p.end.IsZero() && cmpDate(q.begin, p.end) > 0 {
		return false
	}
	return true
}

// productOverlap reports whether two (possibly absent) products are "the
// same product" for stacking: equal category and code; a category without
// code covers its whole category; no product (generiek) covers everything.
func productOverlap(a, b *Product) bool {
	if a == nil || b == nil {
		return true
	}
	if a.Categorie != b.Categorie {
		return false
	}
	if a.Code == "" || b.Code == "" {
		return true
	}
	return a.Code == b.Code
}

func productString(p *Product) string {
	switch {
	case p == nil:
		return "generiek (geen product)"
	case p.Code == "":
		return "categorie " + p.Categorie
	}
	return p.Categorie + "/" + p.Code
}
