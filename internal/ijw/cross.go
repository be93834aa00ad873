package ijw

// Knowledge is what the cross-message rules need to know about earlier
// messages. An in-memory implementation is Memory; the system's storage
// implements the same interface.
type Knowledge interface {
	// SeenIdentificatie reports whether sender already sent a message of
	// type t with this Identificatie (TR056).
	SeenIdentificatie(sender string, t MessageType, identificatie string) bool
	// Toewijzing returns the current version of toewijzing nummer of
	// gemeente (the one with the latest Toewijzingsdatum+Toewijzingstijd).
	Toewijzing(gemeente string, nummer int64) (Toewijzing, bool)
	// Toewijzingen returns the current versions of all toewijzingen of a
	// gemeente to a provider for a client, deleted ones included.
	Toewijzingen(gemeente, aanbieder, bsn string) []Toewijzing
	// Verzoek returns the VOT or VOW a provider sent with this
	// ReferentieAanbieder.
	Verzoek(aanbieder, referentie string) (Verzoek, bool)
	// OpenVerzoek returns an open verzoek of a provider for a client.
	OpenVerzoek(aanbieder, bsn string) (Verzoek, bool)
	// Leveringen returns the start and stop records for a toewijzing.
	Leveringen(gemeente string, toewijzing int64) []Levering
	// DeclaratieNummerSeen reports whether a provider used a DeclaratieNummer before (TR333).
	DeclaratieNummerSeen(aanbieder, nummer string) bool
	// Prestatie returns an earlier prestatie of a provider by ReferentieNummer.
	Prestatie(aanbieder, referentieNummer string) (PrestatieInfo, bool)
	// PrestatiesVoorToewijzing returns the prestaties a gemeente received
	// on one of its toewijzingen.
	PrestatiesVoorToewijzing(gemeente string, toewijzing int64) []PrestatieInfo
	// LaatsteDeclaratiePeriode returns the latest DeclaratiePeriode a
	// provider declared to a gemeente.
	LaatsteDeclaratiePeriode(aanbieder, gemeente string) (GeslotenPeriode, bool)
}

// Toewijzing is one toewijzing as the system knows it.
type Toewijzing struct {
	Gemeente, Aanbieder, Bsn string
	Nummer                   int64
	Product                  *Product
	Ingangsdatum, Einddatum  Date
	RedenWijziging           string
	Omvang                   *Omvang
	Budget                   *int64
	Toewijzingsmoment        string // Toewijzingsdatum + "T" + Toewijzingstijd
}

// Actueel reports whether the toewijzing is current on date d (TR349): not
// deleted, and valid on or after d.
func (t Toewijzing) Actueel(d Date) bool {
	return !t.Deleted() && (t.Einddatum.IsZero() || cmpDate(t.Einddatum, d) >= 0)
}

// Deleted reports whether the toewijzing was removed (RedenWijziging 13).
func (t Toewijzing) Deleted() bool {
	return t.RedenWijziging == "13" || (t.RedenWijziging == "01" && t.Einddatum == t.Ingangsdatum)
}

// VerzoekStatus is the state of a VOT or VOW.
type VerzoekStatus int

const (
	VerzoekOpen VerzoekStatus = iota
	VerzoekInOnderzoek
	VerzoekToegewezen
	VerzoekAfgewezen
)

// Verzoek is a VOT (JW315 product) or VOW (JW317).
type Verzoek struct {
	Aanbieder, Gemeente, Bsn, Referentie string
	Soort                                MessageType // TypeJW315 or TypeJW317
	Status                               VerzoekStatus
	InOnderzoekGehad                     bool
}

// Levering is a start (JW305) or stop (JW307) product as received.
type Levering struct {
	Stop             bool
	Bsn              string
	Toewijzing       int64
	Product          string // productString of the product
	Begindatum       Date
	RedenBeeindiging string
	Einddatum        Date
}

// PrestatieStatus is the state of a submitted prestatie.
type PrestatieStatus int

const (
	PrestatieIngediend PrestatieStatus = iota
	PrestatieToegekend
	PrestatieAfgewezen
	PrestatieGecrediteerd
)

// PrestatieInfo is a prestatie as the system knows it.
type PrestatieInfo struct {
	Aanbieder, Gemeente, Bsn string
	Prestatie                JW323Prestatie // as submitted
	Status                   PrestatieStatus
}

// Credit reports whether the prestatie is a credit.
func (p PrestatieInfo) Credit() bool { return p.Prestatie.IngediendBedrag.DebetCredit == "C" }

// crossRule is a cross-message (level 3) rule: a named function with its
// code and retourcode.
type crossRule struct {
	RuleInfo
	check func(m Message, k Knowledge, r *reporter)
}

func c(code, retour, desc string, types ...MessageType) RuleInfo {
	return RuleInfo{Code: code, Retour: retour, Level: LevelCross, Types: types, Desc: desc}
}

var crossRules = []crossRule{
	{c("TR056", "9056", "Identificatie is uniek per berichttype per afzender", TypeJW301, TypeJW305, TypeJW307, TypeJW315, TypeJW317, TypeJW319, TypeJW323, TypeJW325), crossTR056},
	{c("TR332", "9332", "ToewijzingNummer is uniek per gemeente", TypeJW301), crossTR332},
	{c("TR379", "9379", "ReferentieAanbieder alleen bij honoreren van een openstaande VOT of VOW", TypeJW301), crossTR379},
	{c("TR385", "9385", "Geen verwijdering van een toewijzing met goedgekeurde prestaties", TypeJW301), crossTR385},
	{c("TR413", "9413", "Na een tijdelijke stop (20) volgt geen tweede tijdelijke stop", TypeJW307), crossTR413},
	{c("TR414", "9414", "Einddatum van een volgende stop ligt niet voor die van de vorige", TypeJW307), crossTR414},
	{c("TR415", "9415", "Hooguit één definitieve stop per start", TypeJW307), crossTR415},
	{c("TR349", "9349", "Het verzoek om wijziging noemt alle actuele toewijzingen", TypeJW317), crossTR349},
	{c("TR350", "9350", "OngewijzigdProduct verwijst naar een actuele toewijzing", TypeJW317), crossTR350},
	{c("TR351", "9351", "TeWijzigenProduct verwijst naar een actuele toewijzing", TypeJW317), crossTR351},
	{c("TR361", "9361", "Producten in het verzoek om wijziging overlappen niet in tijd", TypeJW317), crossTR361},
	{c("TR357", "9357", "GewensteIngangsdatum niet na de dagtekening is de oorspronkelijke ingangsdatum", TypeJW317), crossTR357},
	{c("TR373", "9373", "Wijziging van budget of totaal geldt vanaf de oorspronkelijke ingangsdatum", TypeJW317), crossTR373},
	{c("TR411", "9411", "Omvang verplicht als de toewijzing een productcode heeft", TypeJW317), crossTR411},
	{c("TR412", "9412", "Omvang leeg als de toewijzing geen productcode heeft en na 2020 eindigt of open is", TypeJW317), crossTR412},
	{c("TR375", "9375", "Omvang leeg als de toewijzing geen product heeft en na 2020 eindigt of open is", TypeJW317), crossTR375},
	{c("TR019", "9019", "Start/stop verwijst naar een bestaande toewijzing", TypeJW305, TypeJW307), crossTR019},
	{c("TR074", "9074", "Bij StatusAanlevering 1 is de sleutel nieuw", TypeJW305, TypeJW307), crossTR074},
	{c("TR063", "9063", "Bij StatusAanlevering 3 bestaat de sleutel al", TypeJW305, TypeJW307), crossTR063},
	{c("TR326", "9326", "Geen nieuwe start zolang een start niet gestopt is", TypeJW305), crossTR326},
	{c("TR071", "9071", "Een gestopte start kan niet verwijderd worden", TypeJW305), crossTR071},
	{c("TR382", "9069", "Een stop heeft een actuele start met dezelfde sleutel", TypeJW307), crossTR382},
	{c("TR347", "9347", "ReferentieAanbieder is uniek per aanbieder", TypeJW315, TypeJW317), crossTR347},
	{c("TR374", "9374", "Maximaal één openstaand verzoek per client per aanbieder", TypeJW315, TypeJW317), crossTR374},
	{c("TR355", "9355", "Het antwoord verwijst naar een ontvangen VOT of VOW", TypeJW319), crossTR355},
	{c("TR360", "9360", "Hooguit één keer 'in onderzoek'", TypeJW319), crossTR360},
	{c("TR359", "9359", "Geen antwoordbericht na een toewijzing met dezelfde ReferentieAanbieder", TypeJW319), crossTR359},
	{c("TR365", "9365", "Een eerder antwoord op hetzelfde verzoek was 'in onderzoek'", TypeJW319), crossTR365},
	{c("TR333", "9333", "DeclaratieNummer is uniek per aanbieder", TypeJW323), crossTR333},
	{c("TR318", "8214", "DeclaratiePeriode ligt niet voor de vorige", TypeJW323), crossTR318},
	{c("TR307", "9307", "ProductPeriode begint niet voor de toewijzing", TypeJW323), crossTR307},
	{c("TR308", "9308", "ProductPeriode eindigt niet na de toewijzing", TypeJW323), crossTR308},
	{c("TR387", "9387", "ProductPeriode begint op de eerste van de maand of de ingangsdatum", TypeJW323), crossTR387},
	{c("TR388", "9388", "ProductPeriode eindigt op de laatste van de maand of de einddatum", TypeJW323), crossTR388},
	{c("TR339", "9339", "ProductCategorie gelijk aan die van de toewijzing", TypeJW323), crossTR339},
	{c("TR340", "9340", "ProductCode gelijk aan die van de toewijzing", TypeJW323), crossTR340},
	{c("TR389", "9389", "Geen tweede debet voor dezelfde periode, product en toewijzing zonder credit", TypeJW323), crossTR389},
	{c("TR338", "9338", "Een prestatie verwijst naar een bestaande toewijzing", TypeJW323), crossTR338},
	{c("TR304", "8187", "De toewijzing hoort bij de client van de prestatie", TypeJW323), crossTR304},
	{c("TR384", "9384", "Geen declaratie op een verwijderde toewijzing", TypeJW323), crossTR384},
	{c("TR314", "8021", "ReferentieNummer is niet eerder gebruikt", TypeJW323), crossTR314},
	{c("TR323", "8017", "Een credit verwijst naar een toegekende debetprestatie", TypeJW323), crossTR323},
	{c("TR390", "9390", "Een debetprestatie wordt maar één keer gecrediteerd", TypeJW323), crossTR390},
	{c("TR366", "9366", "Iedere prestatie in het antwoord hoort bij de declaratie", TypeJW325), crossTR366},
	{c("TR367", "9367", "Waarden van een prestatie in het antwoord zijn die uit de declaratie", TypeJW325), crossTR367},
}

func crossRuleInfos() []RuleInfo {
	out := make([]RuleInfo, len(crossRules))
	for i, r := range crossRules {
		out[i] = r.RuleInfo
	}
	return out
}

// CheckCross applies the cross-message rules to a decoded heen message
// against what the system knows. Findings carry the retourcode and a
// Target for the retour builder.
func CheckCross(m Message, k Knowledge) []Finding {
	var out []Finding
	for _, r := range crossRules {
		if !appliesTo(r.RuleInfo, m.MessageType()) {
			continue
		}
		rep := reporter{info: r.RuleInfo}
		r.check(m, k, &rep)
		out = append(out, rep.findings...)
	}
	return out
}
