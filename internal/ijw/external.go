package ijw

// externalRule is a rule against an external source (level 4). The only
// external source this package has is the calendar; code lists (CBS,
// AGB, product codes) and contracts belong to the system's catalogue.
type externalRule struct {
	RuleInfo
	check func(m Message, today Date, r *reporter)
}

var externalRules = []externalRule{
	{RuleInfo{Code: "TR135", Retour: "8848", Level: LevelExternal, Desc: "Dagtekening ligt niet in de toekomst",
		Types: []MessageType{TypeJW301, TypeJW305, TypeJW307, TypeJW315, TypeJW317, TypeJW319, TypeJW323, TypeJW325}}, extTR135},
}

// CheckExternal applies the external-source rules that need only today's
// date (in the receiver's time zone, as a Date).
func CheckExternal(m Message, today Date) []Finding {
	var out []Finding
	for _, r := range externalRules {
		if !appliesTo(r.RuleInfo, m.MessageType()) {
			continue
		}
		rep := reporter{info: r.RuleInfo}
		r.check(m, today, &rep)
		out = append(out, rep.findings...)
	}
	return out
}

func extTR135(m Message, today Date, r *reporter) {
	d := Header(m).BerichtIdentificatie.Dagtekening
	if cmpDate(d, today) > 0 {
		r.add(nil, "Header/BerichtIdentificatie/Dagtekening", "dagtekening %s ligt in de toekomst (vandaag is %s)", d, today)
	}
}
