package ijw

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"
)

// XsltVersie is the version this package reports as the version of its
// in-message rule set in retour messages (IV033).
const XsltVersie = "1.0.0"

// Retourcodes used by the builders (WJ001).
const (
	CodeTechnisch         = "0001" // rejected on an in-message (XSLT-level) rule
	CodeGeenOpmerking     = "0200" // no remark on this class
	CodeNietBeoordeeld    = "0233" // class not assessed
	CodeVolledigToegekend = "8001" // declaratie fully approved
)

// ErrNoRetour is returned for messages that have no retour message
// (the retours themselves and JW325).
var ErrNoRetour = errors.New("dit berichttype heeft geen retourbericht")

// RetourOptions fills the retour's own header fields. Zero values get
// defaults: a random 12-character IdentificatieRetour and today's date.
type RetourOptions struct {
	Identificatie string // IdentificatieRetour, or the JW325's own Identificatie
	Dagtekening   Date
	// Findings are level 3/4 (cross-message, external) findings about the
	// heen message, e.g. from CheckCross. In-message rules are applied by
	// RetourFor itself; Retour takes all findings from this field.
	Findings []Finding
}

func (o *RetourOptions) defaults() {
	if o.Identificatie == "" {
		o.Identificatie = newIdentificatie()
	}
	if o.Dagtekening == "" {
		o.Dagtekening = NewDate(time.Now())
	}
}

// newIdentificatie returns 12 random characters from [0-9A-Z]: unique
// enough per sender and type, and within LDT_IdentificatieBericht's 12.
func newIdentificatie() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	var b [12]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

// RetourType returns the retour message type of a heen message type
// (JW325 for JW323), or "" when it has none.
func RetourType(t MessageType) MessageType {
	switch t {
	case TypeJW301:
		return TypeJW302
	case TypeJW305:
		return TypeJW306
	case TypeJW307:
		return TypeJW308
	case TypeJW315:
		return TypeJW316
	case TypeJW317:
		return TypeJW318
	case TypeJW319:
		return TypeJW320
	case TypeJW323:
		return TypeJW325
	}
	return ""
}

// RetourFor reads a heen message, applies the XSD and the in-message rules
// and builds its retour (or, for a JW323, its JW325). An XSD failure gives
// an error and no retour: the standard answers it with a transport error
// (IV032).
func RetourFor(r io.Reader, opts RetourOptions) (Message, error) {
	heen, err := Decode(r)
	if err != nil {
		return nil, fmt.Errorf("bericht voldoet niet aan de XSD, dus geen retourbericht (transportfout, IV032): %w", err)
	}
	if RetourType(heen.MessageType()) == "" {
		return nil, fmt.Errorf("%s: %w", heen.MessageType(), ErrNoRetour)
	}
	opts.Findings = append(Validate(heen), opts.Findings...)
	return Retour(heen, opts)
}

// Retour builds the retour of heen (JW302/306/308/316/318/320) or the JW325
// of a JW323 from the findings in opts:
//   - an in-message (level 2) finding: a header-only retour with 0001 and
//     XsltVersie;
//   - a finding on the header (Target nil): a header-only retour with its code;
//   - findings inside the client: the header with 0200 and the client with
//     all its classes copied, each with its own codes or 0200;
//   - no findings: just the header, without RetourCodes.
//
// The retour header is the heen header unchanged (IV028) plus the retour's
// own identification.
func Retour(heen Message, opts RetourOptions) (Message, error) {
	opts.defaults()
	if d, ok := heen.(*JW323); ok {
		return declaratieAntwoord(d, opts)
	}
	rt := RetourType(heen.MessageType())
	if rt == "" {
		return nil, fmt.Errorf("%s: %w", heen.MessageType(), ErrNoRetour)
	}
	info := messageInfoFor(rt)
	out := info.newValue()
	hv := reflect.ValueOf(heen).Elem()
	ov := reflect.ValueOf(out).Elem()
	oh := ov.Field(0)
	copyByName(oh, hv.Field(0), nil)
	// Everything is copied except the BerichtCode, which the retour's XSD
	// fixes to its own (437 for a JW302, ...), as in the standard's examples.
	oh.FieldByName("BerichtCode").SetString(info.berichtCode)
	oh.FieldByName("IdentificatieRetour").SetString(opts.Identificatie)
	oh.FieldByName("DagtekeningRetour").SetString(string(opts.Dagtekening))
	oh.FieldByName("XsdVersieRetour").Set(reflect.ValueOf(XsdVersie{BasisschemaXsdVersie: info.basisVersie, BerichtXsdVersie: info.xsdVersie}))

	level2, header, inside := splitFindings(opts.Findings)
	switch {
	case len(level2) > 0:
		oh.FieldByName("XsltVersie").SetString(XsltVersie)
		setCodes(oh.FieldByName("RetourCodes"), []string{CodeTechnisch})
	case len(header) > 0:
		setCodes(oh.FieldByName("RetourCodes"), codesOf(header))
	case len(inside) > 0:
		setCodes(oh.FieldByName("RetourCodes"), []string{CodeGeenOpmerking})
		byTarget := map[any][]string{}
		for _, f := range inside {
			byTarget[f.Target] = appendUnique(byTarget[f.Target], f.Rule.Retour)
		}
		codes := func(src reflect.Value) []string {
			if src.CanAddr() {
				if c, ok := byTarget[src.Addr().Interface()]; ok {
					return c
				}
			}
			return []string{CodeGeenOpmerking}
		}
		copyByName(ov.Field(1), hv.Field(1), codes)
	}
	return out, nil
}

func splitFindings(fs []Finding) (level2, header, inside []Finding) {
	for _, f := range fs {
		switch {
		case f.Rule.Level <= LevelXSLT:
			level2 = append(level2, f)
		case f.Target == nil:
			header = append(header, f)
		default:
			inside = append(inside, f)
		}
	}
	return
}

func codesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = appendUnique(out, f.Rule.Retour)
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// setCodes stores codes in a RetourCodes field (struct or pointer to struct
// with a RetourCode []string).
func setCodes(f reflect.Value, codes []string) {
	if f.Kind() == reflect.Pointer {
		f.Set(reflect.New(f.Type().Elem()))
		f = f.Elem()
	}
	f.FieldByName("RetourCode").Set(reflect.ValueOf(append([]string(nil), codes...)))
}

// copyByName copies src into dst field by field name, recursing into
// structs, pointers and slices whose types differ only by their message
// (JW301Client into JW302Client). A dst field RetourCodes that src lacks is
// filled with codes(src) when codes is not nil.
func copyByName(dst, src reflect.Value, codes func(src reflect.Value) []string) {
	switch dst.Kind() {
	case reflect.Pointer:
		if src.Kind() == reflect.Pointer {
			if src.IsNil() {
				return
			}
			src = src.Elem()
		}
		dst.Set(reflect.New(dst.Type().Elem()))
		copyByName(dst.Elem(), src, codes)
		return
	case reflect.Slice:
		n := src.Len()
		dst.Set(reflect.MakeSlice(dst.Type(), n, n))
		for i := 0; i < n; i++ {
			copyByName(dst.Index(i), src.Index(i), codes)
		}
		return
	case reflect.Struct:
		if src.Kind() == reflect.Pointer {
			if src.IsNil() {
				return
			}
			src = src.Elem()
		}
		if dst.Type() == src.Type() {
			dst.Set(src)
			return
		}
		t := dst.Type()
		for i := 0; i < t.NumField(); i++ {
			name := t.Field(i).Name
			sf := src.FieldByName(name)
			if !sf.IsValid() {
				if name == "RetourCodes" && codes != nil {
					setCodes(dst.Field(i), codes(src))
				}
				continue
			}
			copyByName(dst.Field(i), sf, codes)
		}
		return
	}
	if src.Kind() == reflect.Pointer {
		if src.IsNil() {
			return
		}
		src = src.Elem()
	}
	dst.Set(src.Convert(dst.Type()))
}

// declaratieAntwoord builds the JW325 for a JW323 (IV087/IV088).
func declaratieAntwoord(d *JW323, opts RetourOptions) (Message, error) {
	info := messageInfoFor(TypeJW325)
	a := &JW325{Header: JW325Header{
		BerichtCode:             info.berichtCode,
		BerichtVersie:           3,
		BerichtSubversie:        2,
		Afzender:                d.Header.Ontvanger,
		Ontvanger:               d.Header.Afzender,
		BerichtIdentificatie:    BerichtIdentificatie{Identificatie: opts.Identificatie, Dagtekening: opts.Dagtekening},
		XsdVersie:               XsdVersie{BasisschemaXsdVersie: info.basisVersie, BerichtXsdVersie: info.xsdVersie},
		DeclaratieIdentificatie: d.Header.BerichtIdentificatie,
		XsdVersieDeclaratie:     d.Header.XsdVersie,
	}}
	level2, header, inside := splitFindings(opts.Findings)
	switch {
	case len(level2) > 0:
		a.Header.XsltVersie = XsltVersie
		a.Header.RetourCodes.RetourCode = []string{CodeTechnisch}
		return a, nil
	case len(header) > 0:
		a.Header.RetourCodes.RetourCode = codesOf(header)
		return a, nil
	}
	a.Header.RetourCodes.RetourCode = []string{CodeGeenOpmerking}
	ant := &JW325DeclaratieAntwoord{
		DeclaratieNummer:      d.Declaratie.DeclaratieNummer,
		TotaalIngediendBedrag: d.Declaratie.TotaalIngediendBedrag,
	}
	a.DeclaratieAntwoord = ant
	var declCodes []string
	byTarget := map[any][]string{}
	for _, f := range inside {
		if f.Target == any(&d.Declaratie) {
			declCodes = appendUnique(declCodes, f.Rule.Retour)
			continue
		}
		byTarget[f.Target] = appendUnique(byTarget[f.Target], f.Rule.Retour)
	}
	if len(declCodes) > 0 {
		// The whole declaratie is rejected and counts as not sent.
		ant.TotaalToegekendBedrag = TotaalBedragMetDC{TotaalBedrag: 0, DebetCredit: "D"}
		ant.RetourCodes.RetourCode = declCodes
		return a, nil
	}
	if len(byTarget) == 0 {
		ant.TotaalToegekendBedrag = d.Declaratie.TotaalIngediendBedrag
		ant.RetourCodes.RetourCode = []string{CodeVolledigToegekend}
		return a, nil
	}
	ant.RetourCodes.RetourCode = []string{CodeGeenOpmerking}
	toegekend := signed(d.Declaratie.TotaalIngediendBedrag.TotaalBedrag, d.Declaratie.TotaalIngediendBedrag.DebetCredit)
	clienten := &JW325Clienten{}
	for ci := range d.Declaratie.Clienten.Client {
		c := &d.Declaratie.Clienten.Client[ci]
		clientCodes, clientRejected := byTarget[any(c)]
		var rejected []JW325Prestatie
		for pi := range c.Prestaties.Prestatie {
			p := &c.Prestaties.Prestatie[pi]
			pc, ok := byTarget[any(p)]
			if clientRejected {
				pc, ok = []string{CodeNietBeoordeeld}, true
			}
			if !ok {
				continue
			}
			var rp JW325Prestatie
			copyByName(reflect.ValueOf(&rp).Elem(), reflect.ValueOf(p).Elem(), nil)
			rp.RetourCodes.RetourCode = pc
			rejected = append(rejected, rp)
			toegekend -= signed(p.IngediendBedrag.Bedrag, p.IngediendBedrag.DebetCredit)
		}
		if len(rejected) == 0 {
			continue
		}
		rc := JW325Client{Bsn: c.Bsn, Prestaties: JW325Prestaties{Prestatie: rejected}}
		rc.RetourCodes.RetourCode = []string{CodeGeenOpmerking}
		if clientRejected {
			rc.RetourCodes.RetourCode = clientCodes
		}
		clienten.Client = append(clienten.Client, rc)
	}
	ant.Clienten = clienten
	ant.TotaalToegekendBedrag = TotaalBedragMetDC{TotaalBedrag: toegekend, DebetCredit: "D"}
	if toegekend < 0 {
		ant.TotaalToegekendBedrag = TotaalBedragMetDC{TotaalBedrag: -toegekend, DebetCredit: "C"}
	}
	return a, nil
}
