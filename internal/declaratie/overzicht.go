package declaratie

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Euro formats eurocents the Dutch way: € 1.234,56 (a credit € -1.234,56).
func Euro(cents int64) string {
	return "€ " + Bedrag(cents)
}

// Bedrag formats eurocents as 1.234,56 without the euro sign.
func Bedrag(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return fmt.Sprintf("%s%s,%02d", sign, b.String(), cents%100)
}

// Rij is one month of one provider to one municipality in the overview.
type Rij struct {
	Maand           time.Time `json:"maand"`
	Aanbieder       string    `json:"aanbieder"`
	AGB             string    `json:"agb_code"`
	Gemeente        string    `json:"gemeente"`
	CBS             string    `json:"cbs_code"`
	Gedeclareerd    int64     `json:"gedeclareerd_eurocent"`
	Goedgekeurd     int64     `json:"goedgekeurd_eurocent"`
	Afgewezen       int64     `json:"afgewezen_eurocent"`
	Open            int64     `json:"open_eurocent"`
	Regels          int       `json:"regels"`
	RegelsAfgewezen int       `json:"regels_afgewezen"`
}

// Kant is the side whose records an organisation reads: a provider its
// own declaraties as sent, a municipality those it received. ok is false
// for any other organisation.
func Kant(o organisation.Organisation) (kant, code string, ok bool) {
	switch {
	case o.Kind == organisation.Aanbieder && o.AGBCode != "":
		return KantAanbieder, o.AGBCode, true
	case o.Kind == organisation.Gemeente && o.CBSCode != "":
		return KantGemeente, o.CBSCode, true
	}
	return "", "", false
}

const signed = "CASE WHEN r.debet_credit = 'C' THEN -r.bedrag ELSE r.bedrag END"

// Overzicht returns, per month (newest first), provider and municipality,
// what organisation o declared or received: declared, approved, rejected
// and still open, in eurocent. maand, when not zero, keeps one month. It
// names no youth.
func Overzicht(ctx context.Context, q database.Querier, o organisation.Organisation, maand time.Time) ([]Rij, error) {
	kant, code, ok := Kant(o)
	if !ok {
		return nil, nil
	}
	col := "aanbieder"
	if kant == KantGemeente {
		col = "gemeente"
	}
	where, args := "r.kant = ? AND r."+col+" = ?", []any{kant, code}
	if !maand.IsZero() {
		where += " AND d.maand = ?"
		args = append(args, eersteVan(maand).Format(time.DateOnly))
	}
	rows, err := q.Query(ctx, `SELECT d.maand, r.aanbieder, COALESCE(a.name, r.aanbieder), r.gemeente, COALESCE(g.name, r.gemeente),
		SUM(`+signed+`),
		SUM(CASE WHEN r.status IN ('goedgekeurd', 'gecrediteerd') THEN `+signed+` ELSE 0 END),
		SUM(CASE WHEN r.status = 'afgewezen' THEN `+signed+` ELSE 0 END),
		SUM(CASE WHEN r.status = 'ingediend' THEN `+signed+` ELSE 0 END),
		COUNT(*), SUM(CASE WHEN r.status = 'afgewezen' THEN 1 ELSE 0 END)
		FROM declaratieregels r JOIN declaraties d ON d.id = r.declaratie_id
		LEFT JOIN organisations a ON a.agb_code = r.aanbieder LEFT JOIN organisations g ON g.cbs_code = r.gemeente
		WHERE `+where+`
		GROUP BY d.maand, r.aanbieder, a.name, r.gemeente, g.name ORDER BY d.maand DESC, 3, 5`, args...)
	if err != nil {
		return nil, fmt.Errorf("billing overview of %s: %w", code, err)
	}
	defer rows.Close()
	var out []Rij
	for rows.Next() {
		var r Rij
		var m *time.Time
		if err := rows.Scan(&nullTime{&m}, &r.AGB, &r.Aanbieder, &r.CBS, &r.Gemeente, &r.Gedeclareerd, &r.Goedgekeurd, &r.Afgewezen, &r.Open, &r.Regels, &r.RegelsAfgewezen); err != nil {
			return nil, err
		}
		if m != nil {
			r.Maand = *m
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RegelRij is one line of the overview of lines: what was declared, its
// outcome and, for a rejected line, the retourcode and reason. Bsn is
// filled only when the reader may see it (Regels).
type RegelRij struct {
	Maand            time.Time `json:"maand"`
	Declaratie       string    `json:"declaratienummer"`
	Referentie       string    `json:"referentienummer"`
	VorigeReferentie string    `json:"vorig_referentienummer,omitempty"`
	AGB              string    `json:"agb_code"`
	CBS              string    `json:"cbs_code"`
	Bsn              string    `json:"bsn,omitempty"`
	ToewijzingNummer int64     `json:"toewijzingnummer"`
	Categorie        string    `json:"productcategorie"`
	Code             string    `json:"productcode"`
	Begindatum       time.Time `json:"begindatum"`
	Einddatum        time.Time `json:"einddatum"`
	Volume           int64     `json:"volume"`
	Eenheid          string    `json:"eenheid"`
	Tarief           *int64    `json:"tarief_eurocent,omitempty"`
	Bedrag           int64     `json:"bedrag_eurocent"`
	DebetCredit      string    `json:"debet_credit"`
	Status           string    `json:"status"`
	Retourcode       string    `json:"retourcode,omitempty"`
	Reden            string    `json:"reden,omitempty"`
}

// Signed is the amount with its sign.
func (r RegelRij) Signed() int64 {
	if r.DebetCredit == "C" {
		return -r.Bedrag
	}
	return r.Bedrag
}

// Regels returns organisation o's lines (only the rejected ones when
// afgewezen), newest month first, through the access gate: the list is
// logged as a read of the youths it names, for the purpose Declaratie, and
// a BSN is shown only of a youth linked to o and only when p's roles see
// identities. A principal that may not read for billing gets
// access.ErrRefused.
func Regels(ctx context.Context, g *access.Gate, p access.Principal, o organisation.Organisation, maand time.Time, afgewezen bool) ([]RegelRij, error) {
	kant, code, ok := Kant(o)
	if !ok || p.OrgID != o.ID {
		return nil, access.ErrRefused
	}
	var out []RegelRij
	err := g.ListRead(ctx, p, access.Op{Action: access.Lijst, Object: "declaratie.regels", Purpose: access.Declaratie}, func(q database.Querier, s access.Scope, v access.View) ([]int64, error) {
		var err error
		out, err = regelRijen(ctx, q, kant, code, maand, afgewezen)
		if err != nil {
			return nil, err
		}
		var bsns []string
		seen := map[string]bool{}
		for _, r := range out {
			if !seen[r.Bsn] {
				seen[r.Bsn] = true
				bsns = append(bsns, r.Bsn)
			}
		}
		ids := map[string]int64{}
		cond, arg := s.Where("c")
		err = inChunks(bsns, func(chunk []any) error {
			rows, err := q.Query(ctx, "SELECT c.id, c.bsn FROM clients c WHERE "+cond+" AND c.bsn IN ("+marks(len(chunk))+")", append([]any{arg}, chunk...)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var b string
				if err := rows.Scan(&id, &b); err != nil {
					return err
				}
				ids[b] = id
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
		var shown []int64
		logged := map[int64]bool{}
		for i := range out {
			id, linked := ids[out[i].Bsn]
			if !linked || !v.BSN {
				out[i].Bsn = ""
			}
			if linked && !logged[id] {
				logged[id] = true
				shown = append(shown, id)
			}
		}
		return shown, nil
	})
	return out, err
}

// regelRijen reads the lines of one side's organisation, BSN included.
func regelRijen(ctx context.Context, q database.Querier, kant, code string, maand time.Time, afgewezen bool) ([]RegelRij, error) {
	col := "aanbieder"
	if kant == KantGemeente {
		col = "gemeente"
	}
	where, args := "r.kant = ? AND r."+col+" = ?", []any{kant, code}
	if !maand.IsZero() {
		where += " AND d.maand = ?"
		args = append(args, eersteVan(maand).Format(time.DateOnly))
	}
	if afgewezen {
		where += " AND r.status = 'afgewezen'"
	}
	rows, err := q.Query(ctx, `SELECT d.maand, d.nummer, r.referentie, r.vorige_referentie, r.aanbieder, r.gemeente, r.bsn, r.toewijzing_nummer, r.categorie, r.code,
		r.begindatum, r.einddatum, r.volume, r.eenheid, r.tarief, r.bedrag, r.debet_credit, r.status, r.retourcode, r.reden
		FROM declaratieregels r JOIN declaraties d ON d.id = r.declaratie_id WHERE `+where+` ORDER BY d.maand DESC, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("billing lines of %s: %w", code, err)
	}
	defer rows.Close()
	var out []RegelRij
	for rows.Next() {
		var r RegelRij
		var m *time.Time
		var tarief *int64
		if err := rows.Scan(&nullTime{&m}, &r.Declaratie, &r.Referentie, &r.VorigeReferentie, &r.AGB, &r.CBS, &r.Bsn, &r.ToewijzingNummer, &r.Categorie, &r.Code,
			&r.Begindatum, &r.Einddatum, &r.Volume, &r.Eenheid, &tarief, &r.Bedrag, &r.DebetCredit, &r.Status, &r.Retourcode, &r.Reden); err != nil {
			return nil, err
		}
		if m != nil {
			r.Maand = *m
		}
		r.Tarief = tarief
		out = append(out, r)
	}
	return out, rows.Err()
}

// csvBedrag is an amount as Dutch Excel reads a number: 1234,56.
func csvBedrag(cents int64) string {
	return strings.ReplaceAll(Bedrag(cents), ".", "")
}

// newCSV writes semicolon-separated values with CR LF line ends, as Dutch
// Excel expects, after a UTF-8 byte order mark so that Excel reads ë and €.
func newCSV(w io.Writer) *csv.Writer {
	io.WriteString(w, "\ufeff")
	c := csv.NewWriter(w)
	c.Comma, c.UseCRLF = ';', true
	return c
}

// SchrijfOverzichtCSV writes the overview rows as CSV.
func SchrijfOverzichtCSV(w io.Writer, rs []Rij) error {
	c := newCSV(w)
	c.Write([]string{"Maand", "Aanbieder", "AGB-code", "Gemeente", "CBS-code", "Gedeclareerd", "Goedgekeurd", "Afgewezen", "Nog niet beoordeeld", "Regels", "Afgewezen regels"})
	for _, r := range rs {
		c.Write([]string{r.Maand.Format("01-2006"), r.Aanbieder, r.AGB, r.Gemeente, r.CBS, csvBedrag(r.Gedeclareerd), csvBedrag(r.Goedgekeurd),
			csvBedrag(r.Afgewezen), csvBedrag(r.Open), strconv.Itoa(r.Regels), strconv.Itoa(r.RegelsAfgewezen)})
	}
	c.Flush()
	return c.Error()
}

// SchrijfRegelsCSV writes lines as CSV, without BSN: an export names no
// youth.
func SchrijfRegelsCSV(w io.Writer, rs []RegelRij) error {
	c := newCSV(w)
	c.Write([]string{"Maand", "Declaratienummer", "Referentienummer", "Vorig referentienummer", "AGB-code", "CBS-code", "Toewijzingnummer", "Productcategorie", "Productcode",
		"Begindatum", "Einddatum", "Volume", "Eenheid", "Tarief", "Bedrag", "Debet/credit", "Status", "Retourcode", "Reden"})
	for _, r := range rs {
		tarief := ""
		if r.Tarief != nil {
			tarief = csvBedrag(*r.Tarief)
		}
		c.Write([]string{r.Maand.Format("01-2006"), r.Declaratie, r.Referentie, r.VorigeReferentie, r.AGB, r.CBS, strconv.FormatInt(r.ToewijzingNummer, 10), r.Categorie, r.Code,
			r.Begindatum.Format("02-01-2006"), r.Einddatum.Format("02-01-2006"), strconv.FormatInt(r.Volume, 10), r.Eenheid, tarief, csvBedrag(r.Bedrag), r.DebetCredit,
			r.Status, r.Retourcode, r.Reden})
	}
	c.Flush()
	return c.Error()
}

// RegelsZonderBSN reads organisation o's lines for an export: no BSN, so
// no youth is named and nothing needs the gate.
func RegelsZonderBSN(ctx context.Context, q database.Querier, o organisation.Organisation, maand time.Time) ([]RegelRij, error) {
	kant, code, ok := Kant(o)
	if !ok {
		return nil, nil
	}
	rs, err := regelRijen(ctx, q, kant, code, maand, false)
	for i := range rs {
		rs[i].Bsn = ""
	}
	return rs, err
}
