package ijw

import (
	"fmt"
	"io"
	"reflect"
	"strings"
)

// declState is what the message-wide JW323 rules need; it grows with the
// number of prestaties by a few dozen bytes each, not with their size.
type declState struct {
	sum       int64             // Σ debit − Σ credit
	refs      map[string]string // ReferentieNummer -> path of its first prestatie
	dupRefs   []refUse
	vorig     map[string]string // VorigReferentieNummer -> path
	dupVorig  []refUse
	vorigUses []refUse
}

type refUse struct {
	ref, path, first string
	line             int
}

// declChecker runs the JW323 rules client by client.
type declChecker struct {
	decl     *JW323Declaratie
	st       declState
	rules    []inRule
	reps     []reporter
	nClients int
	// line, when set, returns the input line of a path in the current
	// client (streaming) so that findings can name it.
	line func(path string) int
}

func newDeclChecker(m *JW323) *declChecker {
	c := &declChecker{decl: &m.Declaratie, st: declState{refs: map[string]string{}, vorig: map[string]string{}}}
	for _, r := range inMessageRules {
		if appliesTo(r.RuleInfo, TypeJW323) {
			c.rules = append(c.rules, r)
			c.reps = append(c.reps, reporter{info: r.RuleInfo})
		}
	}
	return c
}

// client checks one client's prestaties and records what the final rules need.
func (c *declChecker) client(cl *JW323Client) {
	c.nClients++
	cpath := fmt.Sprintf("Declaratie/Clienten/Client[%d]", c.nClients)
	for i, r := range c.rules {
		if r.RuleInfo.Code == "CS002" && !ValidBSN(cl.Bsn) {
			c.reps[i].add(cl, cpath+"/Bsn", "BSN %s voldoet niet aan de elfproef", cl.Bsn)
		}
	}
	for pi := range cl.Prestaties.Prestatie {
		p := &cl.Prestaties.Prestatie[pi]
		path := fmt.Sprintf("%s/Prestaties/Prestatie[%d]", cpath, pi+1)
		for i, r := range c.rules {
			if r.prestatie != nil {
				r.prestatie(c.decl, p, path, &c.reps[i])
			}
		}
		c.st.sum += signed(p.IngediendBedrag.Bedrag, p.IngediendBedrag.DebetCredit)
		ref := p.ProductReferentie.ReferentieNummer
		refPath := path + "/ProductReferentie/ReferentieNummer"
		if first, ok := c.st.refs[ref]; ok {
			c.st.dupRefs = append(c.st.dupRefs, refUse{ref, refPath, first, c.lineOf(refPath)})
		} else {
			c.st.refs[ref] = path
		}
		if v := p.ProductReferentie.VorigReferentieNummer; v != "" {
			vpath := path + "/ProductReferentie/VorigReferentieNummer"
			if first, ok := c.st.vorig[v]; ok {
				c.st.dupVorig = append(c.st.dupVorig, refUse{v, vpath, first, c.lineOf(vpath)})
			} else {
				c.st.vorig[v] = path
			}
			c.st.vorigUses = append(c.st.vorigUses, refUse{ref: v, path: vpath, line: c.lineOf(vpath)})
		}
	}
	// Findings of this client get their lines now, while they are known.
	for i := range c.reps {
		for k := range c.reps[i].findings {
			if f := &c.reps[i].findings[k]; f.Line == 0 {
				f.Line = c.lineOf(f.Path)
			}
		}
	}
}

func (c *declChecker) lineOf(path string) int {
	if c.line == nil {
		return 0
	}
	return c.line(path)
}

func (c *declChecker) finish() []Finding {
	var out []Finding
	for i, r := range c.rules {
		if r.final != nil {
			r.final(c.decl, &c.st, &c.reps[i])
		}
		out = append(out, c.reps[i].findings...)
	}
	return out
}

func ruleCS340(d *JW323Declaratie, _ *declState, r *reporter) {
	y1, m1, d1, ok1 := ymd(d.DeclaratiePeriode.Begindatum)
	y2, m2, d2, ok2 := ymd(d.DeclaratiePeriode.Einddatum)
	if !ok1 || !ok2 {
		r.add(d, "Declaratie/DeclaratiePeriode", "DeclaratiePeriode is geen kalendermaand")
		return
	}
	if d1 != 1 || y1 != y2 || m1 != m2 || d2 != lastDayOfMonth(y2, m2) {
		r.add(d, "Declaratie/DeclaratiePeriode", "DeclaratiePeriode %s t/m %s is niet precies één kalendermaand", d.DeclaratiePeriode.Begindatum, d.DeclaratiePeriode.Einddatum)
	}
}

func ruleCS100(d *JW323Declaratie, _ *declState, r *reporter) {
	if cmpDate(d.DeclaratiePeriode.Begindatum, "2021-01-01") < 0 {
		r.add(d, "Declaratie/DeclaratiePeriode/Begindatum", "DeclaratiePeriode begint voor 2021-01-01")
	}
}

func ruleCS325(_ *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	if p.IngediendBedrag.Bedrag == 0 && p.IngediendBedrag.DebetCredit != "D" {
		r.add(p, path+"/IngediendBedrag/DebetCredit", "een bedrag van 0 heeft DebetCredit D")
	}
}

func ruleCS325Totaal(d *JW323Declaratie, _ *declState, r *reporter) {
	if d.TotaalIngediendBedrag.TotaalBedrag == 0 && d.TotaalIngediendBedrag.DebetCredit != "D" {
		r.add(d, "Declaratie/TotaalIngediendBedrag/DebetCredit", "een totaalbedrag van 0 heeft DebetCredit D")
	}
}

func ruleTR358(d *JW323Declaratie, st *declState, r *reporter) {
	got := signed(d.TotaalIngediendBedrag.TotaalBedrag, d.TotaalIngediendBedrag.DebetCredit)
	if got != st.sum {
		r.add(d, "Declaratie/TotaalIngediendBedrag", "TotaalIngediendBedrag is %s, de som van de prestaties (debet min credit) is %s", fmtCents(got), fmtCents(st.sum))
	}
}

func fmtCents(v int64) string {
	if v < 0 {
		return fmt.Sprintf("%d C", -v)
	}
	return fmt.Sprintf("%d D", v)
}

func ruleTR101Declaratie(_ *JW323Declaratie, st *declState, r *reporter) {
	for _, u := range st.dupRefs {
		r.addAt(u.line, u.path, "ReferentieNummer %q komt ook voor in %s", u.ref, u.first)
	}
}

func ruleTR315(_ *JW323Declaratie, st *declState, r *reporter) {
	for _, u := range st.dupVorig {
		r.addAt(u.line, u.path, "VorigReferentieNummer %q komt ook voor in %s", u.ref, u.first)
	}
}

func ruleTR316(_ *JW323Declaratie, st *declState, r *reporter) {
	for _, u := range st.vorigUses {
		if first, ok := st.refs[u.ref]; ok {
			r.addAt(u.line, u.path, "crediteert prestatie %q uit hetzelfde bericht (%s)", u.ref, first)
		}
	}
}

func ruleCD060(_ *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	credit := p.IngediendBedrag.DebetCredit == "C"
	has := p.ProductReferentie.VorigReferentieNummer != ""
	switch {
	case credit && !has:
		r.add(p, path+"/ProductReferentie", "VorigReferentieNummer is verplicht bij een creditprestatie")
	case !credit && has:
		r.add(p, path+"/ProductReferentie/VorigReferentieNummer", "VorigReferentieNummer moet leeg zijn bij een debetprestatie")
	}
}

func ruleCS337(_ *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	y1, m1, _, ok1 := ymd(p.ProductPeriode.Begindatum)
	y2, m2, _, ok2 := ymd(p.ProductPeriode.Einddatum)
	if !ok1 || !ok2 || y1 != y2 || m1 != m2 || cmpDate(p.ProductPeriode.Einddatum, p.ProductPeriode.Begindatum) < 0 {
		r.add(p, path+"/ProductPeriode", "ProductPeriode %s t/m %s ligt niet binnen één kalendermaand", p.ProductPeriode.Begindatum, p.ProductPeriode.Einddatum)
	}
}

func ruleTR319(d *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	if cmpDate(p.ProductPeriode.Einddatum, d.DeclaratiePeriode.Einddatum) > 0 {
		r.add(p, path+"/ProductPeriode/Einddatum", "ProductPeriode eindigt na de DeclaratiePeriode (%s)", d.DeclaratiePeriode.Einddatum)
	}
}

func ruleTR335(d *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	y, m, dd, ok := ymd(d.DeclaratieDagtekening)
	if !ok {
		return
	}
	limit := Date(fmt.Sprintf("%04d-%02d-%02d", y-5, m, min(dd, lastDayOfMonth(y-5, m))))
	if cmpDate(p.ProductPeriode.Einddatum, limit) < 0 {
		r.add(p, path+"/ProductPeriode/Einddatum", "einddatum %s ligt meer dan 5 jaar voor de DeclaratieDagtekening %s", p.ProductPeriode.Einddatum, d.DeclaratieDagtekening)
	}
}

func ruleCD087(_ *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	switch {
	case p.Eenheid != "83" && p.ProductTarief == nil:
		r.add(p, path+"/ProductTarief", "ProductTarief is verplicht bij Eenheid %s", p.Eenheid)
	case p.Eenheid == "83" && p.ProductTarief != nil:
		r.add(p, path+"/ProductTarief", "ProductTarief moet leeg zijn bij Eenheid 83 (euro's)")
	}
}

func ruleCS339(_ *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	if p.Eenheid == "83" && p.IngediendBedrag.Bedrag != p.GeleverdVolume {
		r.add(p, path+"/IngediendBedrag/Bedrag", "bij Eenheid 83 is Bedrag (%d) gelijk aan GeleverdVolume (%d)", p.IngediendBedrag.Bedrag, p.GeleverdVolume)
	}
}

// ruleTR346 checks Bedrag = GeleverdVolume × ProductTarief. For minutes
// (Eenheid 01) IV081 computes the amount from the unrounded hourly rate,
// so a difference of less than the volume (one cent per minute at most)
// is accepted there.
func ruleTR346(_ *JW323Declaratie, p *JW323Prestatie, path string, r *reporter) {
	if p.ProductTarief == nil || p.Eenheid == "83" {
		return
	}
	want := p.GeleverdVolume * *p.ProductTarief
	diff := p.IngediendBedrag.Bedrag - want
	if diff < 0 {
		diff = -diff
	}
	if diff == 0 || (p.Eenheid == "01" && diff*2 <= p.GeleverdVolume) {
		return
	}
	r.add(p, path+"/IngediendBedrag/Bedrag", "Bedrag %d is niet GeleverdVolume %d maal ProductTarief %d (%d)", p.IngediendBedrag.Bedrag, p.GeleverdVolume, *p.ProductTarief, want)
}

// ValidateReader checks r at the XSD level and, when that passes, against
// the in-message rules. A JW323 is checked while it streams, client by
// client, so memory stays bounded for the largest (25 MB) declaraties;
// other messages are decoded whole. err is the XSD-level or syntax error;
// findings are the rule violations.
func ValidateReader(r io.Reader) (MessageType, []*Error, error) {
	var dc *declChecker
	v := getValidator(true, "")
	defer putValidator(v)
	v.lines = map[string]int{}
	var fixed map[string]int // lines before the first client (header, declaratie)
	v.onEnd = func(ct *complexType, val reflect.Value) (bool, error) {
		if ct != ctJw323Client {
			return false, nil
		}
		if dc == nil {
			dc = newDeclChecker(v.msg.(*JW323))
			fixed = map[string]int{}
			for p, l := range v.lines {
				if !strings.Contains(p, "/Client[") {
					fixed[p] = l
				}
			}
			dc.line = func(path string) int { return lineOf(v.lines, path) }
		}
		dc.client(val.Addr().Interface().(*JW323Client))
		// Keep memory bounded: the client's lines are no longer needed.
		clear(v.lines)
		return true, nil
	}
	if err := v.run(r); err != nil {
		var t MessageType
		if v.info != nil {
			t = v.info.typ
		}
		return t, nil, err
	}
	var findings []Finding
	if d, ok := v.msg.(*JW323); ok {
		if dc == nil {
			dc = newDeclChecker(d)
		}
		findings = dc.finish()
		if fixed == nil {
			fixed = v.lines
		}
	} else {
		findings = Validate(v.msg)
		fixed = v.lines
	}
	for i := range findings {
		if findings[i].Line == 0 {
			findings[i].Line = lineOf(fixed, findings[i].Path)
		}
	}
	errs := make([]*Error, len(findings))
	for i, f := range findings {
		errs[i] = f.Error()
	}
	return v.info.typ, errs, nil
}
