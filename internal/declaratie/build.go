package declaratie

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
)

// XSD versions of the iJw 3.2 schemas in use (appinfo of JW323.xsd and
// basisschema.xsd), as package toewijzing writes them.
const (
	berichtXsdVersie     = "0.1.0"
	basisschemaXsdVersie = "0.1.0"
)

// Service builds, checks and answers declaraties. Bron gives the
// toewijzingen and the start and stop of care; Now the clock.
type Service struct {
	Bron Bron
	Now  func() time.Time

	mu           sync.Mutex
	lastMsg      *ijw.JW323 // see remember
	lastUitkomst Uitkomst
}

// Default reads the database and the wall clock.
var Default = &Service{Bron: DBBron{}, Now: time.Now}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// vandaag is today's calendar date in the Netherlands.
func vandaag(now time.Time) time.Time {
	n := now.In(kalender.Amsterdam())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// ErrNiets: there is nothing to declare for the month.
var ErrNiets = errors.New("declaratie: er is deze maand niets te declareren")

// Concept is a JW323 built and not yet sent, with its lines.
type Concept struct {
	Bericht   *ijw.JW323
	Regels    []Regel
	Aanbieder string
	Gemeente  string
	Maand     time.Time
	// Overgeslagen says in Dutch what could not be declared and why (no
	// tariff, garantie), without client data.
	Overgeslagen []string
}

// Totaal is the concept's total in eurocent, credit negative.
func (c *Concept) Totaal() int64 {
	var t int64
	for _, r := range c.Regels {
		t += r.Signed()
	}
	return t
}

// Build returns the month's JW323 of provider aanbieder (AGB code) to
// gemeente (CBS code) from the care delivered: the halves of arrangements
// that are due, the recorded units of other products, and a credit for
// every approved line the provider marked for crediting. It returns
// ErrNiets when nothing is due.
func (s *Service) Build(ctx context.Context, q database.Querier, aanbieder, gemeente string, maand time.Time) (*Concept, error) {
	m := eersteVan(maand)
	c := &Concept{Aanbieder: aanbieder, Gemeente: gemeente, Maand: m}
	tws, err := s.Bron.VanAanbieder(ctx, q, aanbieder, gemeente)
	if err != nil {
		return nil, err
	}
	nummers := make([]int64, 0, len(tws))
	for _, t := range tws {
		nummers = append(nummers, t.Nummer)
	}
	lev, err := s.Bron.Leveringen(ctx, q, nummers)
	if err != nil {
		return nil, err
	}
	tarieven, err := TarievenVan(ctx, q, aanbieder)
	if err != nil {
		return nil, err
	}
	units, err := eenhedenVan(ctx, q, aanbieder)
	if err != nil {
		return nil, err
	}
	prev, err := regelsVan(ctx, q, KantAanbieder, aanbieder, gemeente)
	if err != nil {
		return nil, err
	}

	// What is declared: debits sent or approved that no credit cancels
	// (a credit on its way counts as cancelling; a marked one is credited
	// in this message).
	cancelled := map[string]bool{}
	for _, r := range prev {
		if r.DebetCredit == "C" && r.Status != Afgewezen {
			cancelled[r.VorigeReferentie] = true
		}
	}
	type key struct {
		nummer int64
		begin  string
		deel   int
	}
	declared := map[key]bool{}
	for _, r := range prev {
		if r.DebetCredit != "D" || cancelled[r.Referentie] || (r.Status != Ingediend && r.Status != Goedgekeurd) {
			continue
		}
		if r.Crediteren && r.Status == Goedgekeurd {
			cr := r
			cr.ID, cr.VorigeReferentie, cr.DebetCredit, cr.Status, cr.Crediteren, cr.Retourcode, cr.Reden = 0, r.Referentie, "C", Ingediend, false, "", ""
			c.Regels = append(c.Regels, cr)
			continue
		}
		if r.Aandeel > 0 {
			declared[key{r.ToewijzingNummer, "", r.Aandeel}] = true
		} else {
			declared[key{r.ToewijzingNummer, r.Begindatum.Format(time.DateOnly), 0}] = true
		}
	}

	sort.Slice(tws, func(i, j int) bool { return tws[i].Nummer < tws[j].Nummer })
	for _, t := range tws {
		if t.Verwijderd {
			continue
		}
		starts := lev[t.Nummer]
		end := definitiefEinde(starts)
		if t.Arrangement() {
			if len(starts) == 0 {
				continue
			}
			first := starts[0].Begindatum
			for _, l := range starts {
				if l.Begindatum.Before(first) {
					first = l.Begindatum
				}
			}
			var halves []int
			if !declared[key{t.Nummer, "", 1}] && !eersteVan(first).After(m) {
				halves = append(halves, 1)
			}
			haveFirst := declared[key{t.Nummer, "", 1}] || len(halves) > 0
			if haveFirst && !end.IsZero() && eersteVan(end).Before(m) && !declared[key{t.Nummer, "", 2}] {
				halves = append(halves, 2)
			}
			for _, deel := range halves {
				in := first
				if deel == 2 {
					in = end
				}
				begin, einde, ok := periode(t, in)
				if !ok {
					c.Overgeslagen = append(c.Overgeslagen, fmt.Sprintf("Toewijzing %d: de maand %s valt buiten de toewijzing.", t.Nummer, in.Format("01-2006")))
					continue
				}
				tf, ok := tariefOp(tarieven, t.Categorie, t.Code, begin)
				if !ok {
					c.Overgeslagen = append(c.Overgeslagen, fmt.Sprintf("Toewijzing %d: geen tarief voor %s/%s op %s.", t.Nummer, t.Categorie, t.Code, begin.Format("02-01-2006")))
					continue
				}
				eerste, tweede := Helften(tf.Bedrag)
				bedrag := eerste
				if deel == 2 {
					bedrag = tweede
				}
				c.Regels = append(c.Regels, Regel{Bsn: t.Bsn, ToewijzingNummer: t.Nummer, Categorie: t.Categorie, Code: t.Code,
					Begindatum: begin, Einddatum: einde, Volume: 1, Eenheid: "82", Tarief: &bedrag, Bedrag: bedrag, DebetCredit: "D", Aandeel: deel})
			}
			continue
		}
		months := make([]string, 0, len(units[t.Nummer]))
		for mo := range units[t.Nummer] {
			months = append(months, mo)
		}
		sort.Strings(months)
		for _, mo := range months {
			n := units[t.Nummer][mo]
			d, _ := time.Parse(time.DateOnly, mo)
			if n == 0 || d.After(m) {
				continue
			}
			begin, einde, ok := periode(t, d)
			if !ok || declared[key{t.Nummer, begin.Format(time.DateOnly), 0}] {
				continue
			}
			if levering.InGarantie(end, begin) {
				c.Overgeslagen = append(c.Overgeslagen, fmt.Sprintf("Toewijzing %d, %s: zorg binnen de garantie na het einde van de zorg wordt niet gedeclareerd (stap 12).", t.Nummer, d.Format("01-2006")))
				continue
			}
			tf, ok := tariefOp(tarieven, t.Categorie, t.Code, begin)
			if !ok {
				c.Overgeslagen = append(c.Overgeslagen, fmt.Sprintf("Toewijzing %d: geen tarief voor %s/%s op %s.", t.Nummer, t.Categorie, t.Code, begin.Format("02-01-2006")))
				continue
			}
			tarief := tf.Bedrag
			c.Regels = append(c.Regels, Regel{Bsn: t.Bsn, ToewijzingNummer: t.Nummer, Categorie: t.Categorie, Code: t.Code,
				Begindatum: begin, Einddatum: einde, Volume: n, Eenheid: tf.Eenheid, Tarief: &tarief, Bedrag: n * tarief, DebetCredit: "D"})
		}
	}
	if len(c.Regels) == 0 {
		return c, ErrNiets
	}
	seq, err := volgnummer(ctx, q, aanbieder, gemeente, m)
	if err != nil {
		return nil, err
	}
	c.Bericht = s.bericht(c, fmt.Sprintf("D%s%s%d", m.Format("0601"), gemeente, seq))
	return c, nil
}

// definitiefEinde is the end date of a definitive stop of the latest start,
// zero when care runs or stopped only temporarily.
func definitiefEinde(starts []Levering) time.Time {
	var last *Levering
	for i := range starts {
		if last == nil || starts[i].Begindatum.After(last.Begindatum) {
			last = &starts[i]
		}
	}
	if last == nil || !last.Definitief() {
		return time.Time{}
	}
	return last.Einddatum
}

// periode is the ProductPeriode of toewijzing t for the month of day d:
// the month, cut to the toewijzing (IV089, TR387, TR388); false when the
// month lies outside it.
func periode(t Toewijzing, d time.Time) (time.Time, time.Time, bool) {
	begin, end := eersteVan(d), laatsteVan(d)
	if t.Ingangsdatum.After(begin) {
		begin = t.Ingangsdatum
	}
	if !t.Einddatum.IsZero() && t.Einddatum.Before(end) {
		end = t.Einddatum
	}
	return begin, end, !end.Before(begin)
}

// volgnummer is one more than the number of declaraties the provider made
// to the municipality for the month.
func volgnummer(ctx context.Context, q database.Querier, aanbieder, gemeente string, m time.Time) (int, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM declaraties WHERE kant = ? AND aanbieder = ? AND gemeente = ? AND maand = ?", KantAanbieder, aanbieder, gemeente, m.Format(time.DateOnly)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count declaraties of %s: %w", aanbieder, err)
	}
	return n + 1, nil
}

// bericht writes the lines of c as a JW323 with DeclaratieNummer (and
// BerichtIdentificatie) nummer, one Client per BSN in order of first
// appearance, each line with ReferentieNummer nummer-i.
func (s *Service) bericht(c *Concept, nummer string) *ijw.JW323 {
	today := ijw.NewDate(vandaag(s.now()))
	m := &ijw.JW323{
		Header: ijw.JW323Header{BerichtCode: "490", BerichtVersie: 3, BerichtSubversie: 2, Afzender: c.Aanbieder, Ontvanger: c.Gemeente,
			BerichtIdentificatie: ijw.BerichtIdentificatie{Identificatie: nummer, Dagtekening: today},
			XsdVersie:            ijw.XsdVersie{BasisschemaXsdVersie: basisschemaXsdVersie, BerichtXsdVersie: berichtXsdVersie}},
		Declaratie: ijw.JW323Declaratie{DeclaratieNummer: nummer,
			DeclaratiePeriode:     ijw.GeslotenPeriode{Begindatum: ijw.NewDate(c.Maand), Einddatum: ijw.NewDate(laatsteVan(c.Maand))},
			DeclaratieDagtekening: today},
	}
	index := map[string]int{}
	var total int64
	for i := range c.Regels {
		r := &c.Regels[i]
		r.Referentie = fmt.Sprintf("%s-%d", nummer, i+1)
		r.Aanbieder, r.Gemeente, r.Kant, r.Status = c.Aanbieder, c.Gemeente, KantAanbieder, Ingediend
		ci, ok := index[r.Bsn]
		if !ok {
			ci = len(m.Declaratie.Clienten.Client)
			index[r.Bsn] = ci
			m.Declaratie.Clienten.Client = append(m.Declaratie.Clienten.Client, ijw.JW323Client{Bsn: r.Bsn})
		}
		cl := &m.Declaratie.Clienten.Client[ci]
		cl.Prestaties.Prestatie = append(cl.Prestaties.Prestatie, r.Prestatie())
		total += r.Signed()
	}
	m.Declaratie.TotaalIngediendBedrag = totaal(total)
	return m
}

// totaal is a signed amount as iJw writes it: never negative, with D or C
// (0 is D, CS325).
func totaal(v int64) ijw.TotaalBedragMetDC {
	if v < 0 {
		return ijw.TotaalBedragMetDC{TotaalBedrag: -v, DebetCredit: "C"}
	}
	return ijw.TotaalBedragMetDC{TotaalBedrag: v, DebetCredit: "D"}
}

func signedTotaal(t ijw.TotaalBedragMetDC) int64 {
	if t.DebetCredit == "C" {
		return -t.TotaalBedrag
	}
	return t.TotaalBedrag
}

// Indienen stores the concept's JW323 as an outgoing message (berichten.Write
// checks it against the XSD and the in-message rules) and records the
// declaratie and its lines on the provider's side, in the caller's
// transaction. A marked line that is credited now loses its mark.
func (s *Service) Indienen(ctx context.Context, tx *database.Tx, c *Concept, b berichten.Bericht) (berichten.Bericht, int64, error) {
	now := s.now()
	if b.CreatedAt.IsZero() {
		b.CreatedAt = now
	}
	stored, err := berichten.Write(ctx, tx, c.Bericht, b)
	if err != nil {
		return stored, 0, err
	}
	d := c.Bericht.Declaratie
	id, err := insertDeclaratie(ctx, tx, Declaratie{Kant: KantAanbieder, Aanbieder: c.Aanbieder, Gemeente: c.Gemeente, Nummer: d.DeclaratieNummer,
		Identificatie: c.Bericht.Header.BerichtIdentificatie.Identificatie, Maand: c.Maand, Ingediend: signedTotaal(d.TotaalIngediendBedrag), Status: Ingediend, CreatedAt: now})
	if err != nil {
		return stored, 0, fmt.Errorf("store declaratie %s: %w", d.DeclaratieNummer, err)
	}
	for i := range c.Regels {
		c.Regels[i].DeclaratieID = id
	}
	if err := insertRegels(ctx, tx, c.Regels); err != nil {
		return stored, id, err
	}
	for _, r := range c.Regels {
		if r.DebetCredit == "C" {
			if _, err := tx.Exec(ctx, "UPDATE declaratieregels SET crediteren = ? WHERE kant = ? AND aanbieder = ? AND referentie = ?", false, KantAanbieder, c.Aanbieder, r.VorigeReferentie); err != nil {
				return stored, id, err
			}
		}
	}
	return stored, id, nil
}

// Crediteer marks an approved line of the provider for crediting: the next
// declaratie carries its credit (iJw §3.6: identical, a new ReferentieNummer,
// VorigReferentieNummer, C) and, where the care is still due, a new debit.
func Crediteer(ctx context.Context, tx *database.Tx, aanbieder, referentie string) error {
	res, err := tx.Exec(ctx, "UPDATE declaratieregels SET crediteren = ? WHERE kant = ? AND aanbieder = ? AND referentie = ? AND debet_credit = 'D' AND status = ?",
		true, KantAanbieder, aanbieder, referentie, Goedgekeurd)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: %s", ErrNietTeCrediteren, referentie)
	}
	return nil
}

// ErrNietTeCrediteren: only an approved debit line of the provider's own
// can be credited (IV085).
var ErrNietTeCrediteren = errors.New("declaratie: alleen een goedgekeurde debetregel kan gecrediteerd worden")
