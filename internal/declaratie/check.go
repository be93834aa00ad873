package declaratie

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
)

// Rules of the contract that package ijw leaves to the system's catalogue
// (its doc, "Rules left out"): checked here against the tariffs, the
// toewijzing's Omvang and the lines approved before.
var (
	ruleTR418 = ijw.RuleInfo{Code: "TR418", Retour: "0611", Level: ijw.LevelExternal, Types: []ijw.MessageType{ijw.TypeJW323}, Desc: "ProductTarief is het contracttarief"}
	ruleTR341 = ijw.RuleInfo{Code: "TR341", Retour: "9341", Level: ijw.LevelExternal, Types: []ijw.MessageType{ijw.TypeJW323}, Desc: "Eenheid past bij de toewijzing en het contract"}
	ruleTR321 = ijw.RuleInfo{Code: "TR321", Retour: "9321", Level: ijw.LevelCross, Types: []ijw.MessageType{ijw.TypeJW323}, Desc: "Volume per periode binnen de toewijzing"}
	ruleTR322 = ijw.RuleInfo{Code: "TR322", Retour: "9322", Level: ijw.LevelCross, Types: []ijw.MessageType{ijw.TypeJW323}, Desc: "Totaal volume binnen de toewijzing"}
	// Garantie (seed 001, step 12) has no code of its own in WJ001: care
	// under the garantie lies within the closed arrangement, whose volume
	// is used up, so it takes TR322's code.
	ruleGarantie = ijw.RuleInfo{Code: "GARANTIE", Retour: "9322", Level: ijw.LevelCross, Types: []ijw.MessageType{ijw.TypeJW323}, Desc: "Geen declaratie voor zorg binnen de garantie na het einde van de zorg"}
)

// Reden is the Dutch reason of a retourcode for the billing overview
// (WJ001, shortened).
func Reden(code string) string {
	if r, ok := redenen[code]; ok {
		return r
	}
	return "Afgewezen met retourcode " + code + "."
}

var redenen = map[string]string{
	"0001": "Technisch afgekeurd: het bericht breekt een regel van de standaard.",
	"0233": "Niet beoordeeld: een fout elders in de declaratie.",
	"0611": "Het tarief is niet het contracttarief.",
	"8017": "Er is geen goedgekeurde debetregel om te crediteren.",
	"8021": "Het referentienummer is al eerder gebruikt.",
	"8187": "De toewijzing hoort niet bij deze jeugdige.",
	"8214": "De declaratieperiode ligt voor de vorige.",
	"9056": "De berichtidentificatie is al eerder gebruikt.",
	"9307": "De productperiode begint voor de toewijzing.",
	"9308": "De productperiode eindigt na de toewijzing.",
	"9321": "Het volume is meer dan per periode is toegewezen.",
	"9322": "Het totaal is meer dan is toegewezen: het arrangement is al voor 100 % gedeclareerd.",
	"9333": "Het declaratienummer is al eerder gebruikt.",
	"9338": "Er is geen toewijzing met dit nummer.",
	"9339": "De productcategorie is niet die van de toewijzing.",
	"9340": "De productcode is niet die van de toewijzing.",
	"9341": "De eenheid past niet bij de toewijzing of het contract.",
	"9346": "Het bedrag is niet volume maal tarief.",
	"9384": "De toewijzing is verwijderd.",
	"9387": "De productperiode begint niet op de eerste van de maand of de ingangsdatum.",
	"9388": "De productperiode eindigt niet op de laatste van de maand of de einddatum.",
	"9389": "Voor deze periode is al een debetregel ingediend die niet gecrediteerd is.",
	"9390": "Deze regel is al gecrediteerd.",
}

const redenGarantie = "Garantie na einde zorg (stap 12): zorg binnen 3 maanden na het einde valt binnen het afgesloten arrangement en wordt niet gedeclareerd."

// HandleJW323 is the municipality's handler of a received JW323 (the
// exchange's handler signature): every line is checked and its outcome
// stored, all in tx. When the exchange already answered the message
// (b.AnswerID set; it should have built that JW325 from Findings), no
// second JW325 is written; otherwise the JW325 is written here.
func HandleJW323(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	return Default.HandleJW323(ctx, tx, b, m)
}

// Findings returns the municipality's findings on a JW323 (in-message,
// cross-message and contract rules), for an exchange that builds the JW325
// itself with ijw.Retour: they are the findings HandleJW323 records.
func Findings(ctx context.Context, q database.Querier, m ijw.Message) ([]ijw.Finding, error) {
	d, ok := m.(*ijw.JW323)
	if !ok {
		return nil, fmt.Errorf("declaratie: Findings got a %s", m.MessageType())
	}
	u, err := Default.Check(ctx, q, d)
	if err == nil {
		Default.remember(d, u)
	}
	return u.Findings, err
}

// remember keeps the verdict on the JW323 the exchange checked last, so
// that its handler, which runs next in the same transaction, records that
// verdict instead of checking the message a second time. One slot: a miss
// only costs a second check.
func (s *Service) remember(d *ijw.JW323, u Uitkomst) {
	s.mu.Lock()
	s.lastMsg, s.lastUitkomst = d, u
	s.mu.Unlock()
}

// recall returns the remembered verdict on d, once.
func (s *Service) recall(d *ijw.JW323) (Uitkomst, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastMsg != d {
		return Uitkomst{}, false
	}
	u := s.lastUitkomst
	s.lastMsg, s.lastUitkomst = nil, Uitkomst{}
	return u, true
}

// HandleJW323 checks and answers a JW323; see the package function.
func (s *Service) HandleJW323(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	d, ok := m.(*ijw.JW323)
	if !ok {
		return fmt.Errorf("declaratie: HandleJW323 got a %s", m.MessageType())
	}
	u, ok := s.recall(d)
	if !ok {
		var err error
		if u, err = s.Check(ctx, tx, d); err != nil {
			return err
		}
	}
	_, _, err := s.registreer(ctx, tx, d, u, b.AnswerID == 0)
	return err
}

// Uitkomst is the municipality's verdict on a JW323: the findings per
// prestatie (as Retour takes them) and the lines with their status.
type Uitkomst struct {
	Findings []ijw.Finding
	Regels   []Regel // in message order, Kant gemeente
}

// Verwerk checks d, stores the outcome on the municipality's side and
// writes the JW325. It returns the JW325 and the id of the stored
// declaratie.
func (s *Service) Verwerk(ctx context.Context, tx *database.Tx, d *ijw.JW323) (*ijw.JW325, int64, error) {
	u, err := s.Check(ctx, tx, d)
	if err != nil {
		return nil, 0, err
	}
	return s.registreer(ctx, tx, d, u, true)
}

// registreer stores the municipality's outcome u of d and, when write is
// set, writes its JW325 as an outgoing message.
func (s *Service) registreer(ctx context.Context, tx *database.Tx, d *ijw.JW323, u Uitkomst, write bool) (*ijw.JW325, int64, error) {
	now := s.now()
	dd := d.Declaratie
	maand, _ := dd.DeclaratiePeriode.Begindatum.Time()
	id, err := insertDeclaratie(ctx, tx, Declaratie{Kant: KantGemeente, Aanbieder: d.Header.Afzender, Gemeente: d.Header.Ontvanger, Nummer: dd.DeclaratieNummer,
		Identificatie: d.Header.BerichtIdentificatie.Identificatie, Maand: eersteVan(maand), Ingediend: signedTotaal(dd.TotaalIngediendBedrag), Status: Ingediend, CreatedAt: now})
	if err != nil {
		return nil, 0, fmt.Errorf("store received declaratie %s of %s: %w", dd.DeclaratieNummer, d.Header.Afzender, err)
	}
	out, err := ijw.Retour(d, ijw.RetourOptions{Identificatie: "DA" + strconv.FormatInt(id, 10), Dagtekening: ijw.NewDate(vandaag(now)), Findings: u.Findings})
	if err != nil {
		return nil, id, err
	}
	ans := out.(*ijw.JW325)
	toegekend, status, codes := int64(0), Beantwoord, ans.Header.RetourCodes.RetourCode
	whole := ans.DeclaratieAntwoord == nil
	if a := ans.DeclaratieAntwoord; a != nil {
		toegekend, codes = signedTotaal(a.TotaalToegekendBedrag), a.RetourCodes.RetourCode
		whole = codes[0] != ijw.CodeVolledigToegekend && codes[0] != ijw.CodeGeenOpmerking
	}
	if whole {
		status = Afgewezen
	}
	for i := range u.Regels {
		r := &u.Regels[i]
		if whole {
			r.Status, r.Retourcode, r.Reden = Afgewezen, strings.Join(codes, ","), Reden(codes[0])
		}
		r.DeclaratieID = id
	}
	if err := insertRegels(ctx, tx, u.Regels); err != nil {
		return ans, id, err
	}
	for _, r := range u.Regels {
		if r.Status == Goedgekeurd && r.DebetCredit == "C" {
			if _, err := tx.Exec(ctx, "UPDATE declaratieregels SET status = ? WHERE kant = ? AND aanbieder = ? AND referentie = ? AND debet_credit = 'D' AND status = ?",
				Gecrediteerd, KantGemeente, r.Aanbieder, r.VorigeReferentie, Goedgekeurd); err != nil {
				return ans, id, err
			}
		}
	}
	if _, err := tx.Exec(ctx, "UPDATE declaraties SET toegekend = ?, status = ?, retourcodes = ?, answered_at = ? WHERE id = ?", toegekend, status, strings.Join(codes, ","), now.UTC(), id); err != nil {
		return ans, id, err
	}
	if write {
		if _, err := berichten.Write(ctx, tx, ans, berichten.Bericht{CreatedAt: now}); err != nil {
			return ans, id, fmt.Errorf("JW325 for declaratie %s of %s: %w", dd.DeclaratieNummer, d.Header.Afzender, err)
		}
	}
	return ans, id, nil
}

// Check judges every prestatie of d: the in-message rules, the
// cross-message rules of package ijw against what the municipality holds,
// and the contract rules here (tariff, unit, volume, the arrangement's
// share, the garantie). It does not write.
func (s *Service) Check(ctx context.Context, q database.Querier, d *ijw.JW323) (Uitkomst, error) {
	var u Uitkomst
	aanbieder, gemeente := d.Header.Afzender, d.Header.Ontvanger
	line := func(bsn string, p *ijw.JW323Prestatie) Regel {
		r := regelVan(bsn, p)
		r.Kant, r.Aanbieder, r.Gemeente, r.Status = KantGemeente, aanbieder, gemeente, Goedgekeurd
		return r
	}
	if fs := ijw.Validate(d); len(fs) > 0 {
		u.Findings = fs
		for ci := range d.Declaratie.Clienten.Client {
			c := &d.Declaratie.Clienten.Client[ci]
			for pi := range c.Prestaties.Prestatie {
				r := line(c.Bsn, &c.Prestaties.Prestatie[pi])
				r.Status, r.Retourcode, r.Reden = Afgewezen, ijw.CodeTechnisch, Reden(ijw.CodeTechnisch)
				u.Regels = append(u.Regels, r)
			}
		}
		return u, nil
	}
	k, err := s.kennis(ctx, q, d)
	if err != nil {
		return u, err
	}
	u.Findings = ijw.CheckCross(d, k)
	byTarget := map[any][]ijw.Finding{}
	for _, f := range u.Findings {
		byTarget[f.Target] = append(byTarget[f.Target], f)
	}
	add := func(p *ijw.JW323Prestatie, rule ijw.RuleInfo, path, msg string) {
		f := ijw.Finding{Rule: rule, Path: path, Msg: msg, Target: p}
		u.Findings = append(u.Findings, f)
		byTarget[any(p)] = append(byTarget[any(p)], f)
	}

	// Credits first (iJw §3.6): an accepted credit frees its debit's share.
	freed := map[string]bool{}
	eachPrestatie(d, func(_ *ijw.JW323Client, p *ijw.JW323Prestatie, _ string) {
		if p.IngediendBedrag.DebetCredit == "C" && len(byTarget[any(p)]) == 0 {
			freed[p.ProductReferentie.VorigReferentieNummer] = true
		}
	})
	// What each toewijzing has approved: the arrangement's amount and
	// halves, a product's volume.
	type stand struct {
		bedrag, volume int64
		delen          int
	}
	standen := map[int64]*stand{}
	standVan := func(nummer int64) *stand {
		st := standen[nummer]
		if st == nil {
			st = &stand{}
			for _, r := range k.prestaties[nummer] {
				if r.DebetCredit != "D" || r.Status != Goedgekeurd || freed[r.Referentie] {
					continue
				}
				st.bedrag += r.Bedrag
				st.volume += r.Volume
				st.delen++
			}
			standen[nummer] = st
		}
		return st
	}
	eachPrestatie(d, func(c *ijw.JW323Client, p *ijw.JW323Prestatie, path string) {
		t, known := k.tw[p.ToewijzingNummer]
		if p.IngediendBedrag.DebetCredit == "D" && known && len(byTarget[any(p)]) == 0 {
			begin, _ := p.ProductPeriode.Begindatum.Time()
			st := standVan(p.ToewijzingNummer)
			tf, hasTarief := tariefOp(k.tarieven, p.ProductCategorie, p.ProductCode, begin)
			switch {
			case levering.InGarantie(definitiefEinde(k.leveringen[p.ToewijzingNummer]), begin):
				add(p, ruleGarantie, path+"/ProductPeriode", redenGarantie)
			case !hasTarief:
				add(p, ruleTR418, path+"/ProductTarief", "er is geen contracttarief voor dit product in deze periode")
			case t.Arrangement():
				eerste, tweede := Helften(tf.Bedrag)
				switch {
				case p.Eenheid != "82" || p.GeleverdVolume != 1:
					add(p, ruleTR341, path+"/Eenheid", "een helft van een arrangement is 1 stuk (82)")
				case p.ProductTarief == nil || (*p.ProductTarief != eerste && *p.ProductTarief != tweede):
					add(p, ruleTR418, path+"/ProductTarief", fmt.Sprintf("een helft van het arrangement is %d of %d eurocent", eerste, tweede))
				case st.delen >= 2 || st.bedrag+p.IngediendBedrag.Bedrag > tf.Bedrag:
					add(p, ruleTR322, path, "het arrangement is al voor 100 % gedeclareerd")
				default:
					st.delen++
					st.bedrag += p.IngediendBedrag.Bedrag
				}
			default:
				switch {
				case p.Eenheid != tf.Eenheid:
					add(p, ruleTR341, path+"/Eenheid", "de eenheid is niet die van het contract")
				case p.ProductTarief == nil || *p.ProductTarief != tf.Bedrag:
					add(p, ruleTR418, path+"/ProductTarief", "het tarief is niet het contracttarief")
				case t.Omvang.Eenheid == p.Eenheid && t.Omvang.Frequentie == "4" && p.GeleverdVolume > t.Omvang.Volume:
					add(p, ruleTR321, path+"/GeleverdVolume", "meer dan per maand is toegewezen")
				case t.Omvang.Eenheid == p.Eenheid && t.Omvang.Frequentie == "6" && st.volume+p.GeleverdVolume > t.Omvang.Volume:
					add(p, ruleTR322, path+"/GeleverdVolume", "meer dan in totaal is toegewezen")
				default:
					st.volume += p.GeleverdVolume
				}
			}
		}
		r := line(c.Bsn, p)
		fs := byTarget[any(p)]
		if cf := byTarget[any(c)]; len(cf) > 0 {
			fs = append(cf, ijw.Finding{Rule: ijw.RuleInfo{Retour: ijw.CodeNietBeoordeeld}})
		}
		if df := byTarget[any(&d.Declaratie)]; len(df) > 0 {
			fs = df
		}
		if hf := byTarget[nil]; len(hf) > 0 {
			fs = hf
		}
		if len(fs) > 0 {
			var codes []string
			for _, f := range fs {
				if !containsString(codes, f.Rule.Retour) {
					codes = append(codes, f.Rule.Retour)
				}
			}
			r.Status, r.Retourcode, r.Reden = Afgewezen, strings.Join(codes, ","), Reden(codes[0])
			if fs[0].Rule.Code == ruleGarantie.Code {
				r.Reden = redenGarantie
			}
		}
		u.Regels = append(u.Regels, r)
	})
	return u, nil
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func eachPrestatie(d *ijw.JW323, f func(c *ijw.JW323Client, p *ijw.JW323Prestatie, path string)) {
	for ci := range d.Declaratie.Clienten.Client {
		c := &d.Declaratie.Clienten.Client[ci]
		for pi := range c.Prestaties.Prestatie {
			f(c, &c.Prestaties.Prestatie[pi], fmt.Sprintf("Declaratie/Clienten/Client[%d]/Prestaties/Prestatie[%d]", ci+1, pi+1))
		}
	}
}

// kennis is what the municipality holds about one provider's JW323, read
// once before the check: the ijw.Knowledge the cross-message rules ask.
type kennis struct {
	aanbieder, gemeente string
	tw                  map[int64]Toewijzing
	ijwTw               map[int64]ijw.Toewijzing // tw as the ijw rules see it, filled on first use
	leveringen          map[int64][]Levering
	tarieven            []Tarief
	prestaties          map[int64][]Regel // by toewijzing number
	perRef              map[string]Regel
	seenID, seenNummer  bool
	laatste             *ijw.GeslotenPeriode
	credited            map[string]bool // debits credited by a credit in the message
}

func (s *Service) kennis(ctx context.Context, q database.Querier, d *ijw.JW323) (*kennis, error) {
	k := &kennis{aanbieder: d.Header.Afzender, gemeente: d.Header.Ontvanger, prestaties: map[int64][]Regel{}, perRef: map[string]Regel{}, credited: map[string]bool{}}
	var nummers []int64
	var refs []string
	seen := map[int64]bool{}
	eachPrestatie(d, func(_ *ijw.JW323Client, p *ijw.JW323Prestatie, _ string) {
		if !seen[p.ToewijzingNummer] {
			seen[p.ToewijzingNummer] = true
			nummers = append(nummers, p.ToewijzingNummer)
		}
		refs = append(refs, p.ProductReferentie.ReferentieNummer)
		if v := p.ProductReferentie.VorigReferentieNummer; v != "" {
			refs = append(refs, v)
			k.credited[v] = true
		}
	})
	var err error
	if k.tw, err = s.Bron.Toewijzingen(ctx, q, k.gemeente, nummers); err != nil {
		return nil, err
	}
	if k.leveringen, err = s.Bron.Leveringen(ctx, q, nummers); err != nil {
		return nil, err
	}
	if k.tarieven, err = TarievenVan(ctx, q, k.aanbieder); err != nil {
		return nil, err
	}
	const sel = "SELECT " + regelCols + " FROM declaratieregels WHERE kant = 'gemeente' AND aanbieder = ? AND "
	err = inChunks(nummers, func(chunk []any) error {
		rows, err := q.Query(ctx, sel+"toewijzing_nummer IN ("+marks(len(chunk))+")", append([]any{k.aanbieder}, chunk...)...)
		if err != nil {
			return err
		}
		rs, err := scanRegels(rows)
		for _, r := range rs {
			if r.Gemeente == k.gemeente {
				k.prestaties[r.ToewijzingNummer] = append(k.prestaties[r.ToewijzingNummer], r)
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("lines on the toewijzingen of %s: %w", k.aanbieder, err)
	}
	err = inChunks(refs, func(chunk []any) error {
		rows, err := q.Query(ctx, sel+"referentie IN ("+marks(len(chunk))+")", append([]any{k.aanbieder}, chunk...)...)
		if err != nil {
			return err
		}
		rs, err := scanRegels(rows)
		for _, r := range rs {
			k.perRef[r.Referentie] = r
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("lines by reference of %s: %w", k.aanbieder, err)
	}
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM declaraties WHERE kant = 'gemeente' AND aanbieder = ? AND identificatie = ?", k.aanbieder, d.Header.BerichtIdentificatie.Identificatie).Scan(&n); err != nil {
		return nil, err
	}
	k.seenID = n > 0
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM declaraties WHERE kant = 'gemeente' AND aanbieder = ? AND nummer = ? AND status <> ?", k.aanbieder, d.Declaratie.DeclaratieNummer, Afgewezen).Scan(&n); err != nil {
		return nil, err
	}
	k.seenNummer = n > 0
	var last *time.Time
	if err := q.QueryRow(ctx, "SELECT MAX(maand) FROM declaraties WHERE kant = 'gemeente' AND aanbieder = ? AND gemeente = ? AND status <> ?", k.aanbieder, k.gemeente, Afgewezen).Scan(&nullTime{&last}); err != nil {
		return nil, err
	}
	if last != nil {
		k.laatste = &ijw.GeslotenPeriode{Begindatum: ijw.NewDate(*last), Einddatum: ijw.NewDate(laatsteVan(*last))}
	}
	return k, nil
}

// nullTime scans a nullable date or timestamp, also when SQLite returns an
// aggregate's value as text.
type nullTime struct{ t **time.Time }

func (n *nullTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.t = nil
	case time.Time:
		*n.t = &x
	case string:
		return n.Scan([]byte(x))
	case []byte:
		s := string(x)
		if len(s) >= 10 {
			s = s[:10]
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return err
		}
		*n.t = &t
	default:
		return fmt.Errorf("declaratie: cannot scan %T as a date", v)
	}
	return nil
}

func status(r Regel) ijw.PrestatieStatus {
	switch r.Status {
	case Goedgekeurd:
		return ijw.PrestatieToegekend
	case Afgewezen:
		return ijw.PrestatieAfgewezen
	case Gecrediteerd:
		return ijw.PrestatieGecrediteerd
	}
	return ijw.PrestatieIngediend
}

func (k *kennis) info(r Regel) ijw.PrestatieInfo {
	return ijw.PrestatieInfo{Aanbieder: r.Aanbieder, Gemeente: r.Gemeente, Bsn: r.Bsn, Prestatie: r.Prestatie(), Status: status(r)}
}

func (k *kennis) SeenIdentificatie(sender string, t ijw.MessageType, id string) bool {
	return t == ijw.TypeJW323 && sender == k.aanbieder && k.seenID
}

func (k *kennis) Toewijzing(gemeente string, nummer int64) (ijw.Toewijzing, bool) {
	if gemeente != k.gemeente {
		return ijw.Toewijzing{}, false
	}
	// The cross rules ask for the same toewijzing once per rule: convert
	// it once.
	if t, ok := k.ijwTw[nummer]; ok {
		return t, true
	}
	t, ok := k.tw[nummer]
	if !ok {
		return ijw.Toewijzing{}, false
	}
	if k.ijwTw == nil {
		k.ijwTw = make(map[int64]ijw.Toewijzing, len(k.tw))
	}
	k.ijwTw[nummer] = toIJw(t)
	return k.ijwTw[nummer], true
}

func toIJw(t Toewijzing) ijw.Toewijzing {
	omvang := t.Omvang
	out := ijw.Toewijzing{Gemeente: t.Gemeente, Aanbieder: t.Aanbieder, Bsn: t.Bsn, Nummer: t.Nummer,
		Product: &ijw.Product{Categorie: t.Categorie, Code: t.Code}, Ingangsdatum: ijw.NewDate(t.Ingangsdatum), Omvang: &omvang}
	if !t.Einddatum.IsZero() {
		out.Einddatum = ijw.NewDate(t.Einddatum)
	}
	if t.Verwijderd {
		out.RedenWijziging = "13"
	}
	return out
}

func (k *kennis) Toewijzingen(string, string, string) []ijw.Toewijzing { return nil }
func (k *kennis) Verzoek(string, string) (ijw.Verzoek, bool)           { return ijw.Verzoek{}, false }
func (k *kennis) OpenVerzoek(string, string) (ijw.Verzoek, bool)       { return ijw.Verzoek{}, false }
func (k *kennis) Leveringen(string, int64) []ijw.Levering              { return nil }
func (k *kennis) DeclaratieNummerSeen(aanbieder, nummer string) bool {
	return aanbieder == k.aanbieder && k.seenNummer
}
func (k *kennis) LaatsteDeclaratiePeriode(a, g string) (ijw.GeslotenPeriode, bool) {
	if a != k.aanbieder || g != k.gemeente || k.laatste == nil {
		return ijw.GeslotenPeriode{}, false
	}
	return *k.laatste, true
}

func (k *kennis) Prestatie(aanbieder, ref string) (ijw.PrestatieInfo, bool) {
	r, ok := k.perRef[ref]
	if !ok || aanbieder != k.aanbieder {
		return ijw.PrestatieInfo{}, false
	}
	return k.info(r), true
}

// PrestatiesVoorToewijzing counts a debit that a credit in the same message
// cancels as credited, so that the new debit after it is not a second
// claim (TR389; iJw §3.6: credits are processed before debits).
func (k *kennis) PrestatiesVoorToewijzing(gemeente string, nummer int64) []ijw.PrestatieInfo {
	if gemeente != k.gemeente {
		return nil
	}
	var out []ijw.PrestatieInfo
	for _, r := range k.prestaties[nummer] {
		pi := k.info(r)
		if k.credited[r.Referentie] && pi.Status == ijw.PrestatieToegekend {
			pi.Status = ijw.PrestatieGecrediteerd
		}
		out = append(out, pi)
	}
	return out
}
