package declaratie

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
)

// Sides of a declaratie.
const (
	KantAanbieder = "aanbieder"
	KantGemeente  = "gemeente"
)

// Line and declaratie states.
const (
	Ingediend    = "ingediend"
	Goedgekeurd  = "goedgekeurd"
	Afgewezen    = "afgewezen"
	Gecrediteerd = "gecrediteerd"
	Beantwoord   = "beantwoord"
)

// Regel is one prestatie of a declaratie as a side holds it.
type Regel struct {
	ID               int64
	DeclaratieID     int64
	Kant             string
	Aanbieder        string
	Gemeente         string
	Referentie       string
	VorigeReferentie string
	Bsn              string
	ToewijzingNummer int64
	Categorie        string
	Code             string
	Begindatum       time.Time
	Einddatum        time.Time
	Volume           int64
	Eenheid          string
	Tarief           *int64
	Bedrag           int64 // unsigned, as in the message
	DebetCredit      string
	Aandeel          int // 1 or 2 for the halves of an arrangement, 0 for a product
	Status           string
	Retourcode       string
	Reden            string
	Crediteren       bool
}

// Signed is the amount with its sign: a credit is negative.
func (r Regel) Signed() int64 {
	if r.DebetCredit == "C" {
		return -r.Bedrag
	}
	return r.Bedrag
}

// Prestatie is the line as a JW323 prestatie.
func (r Regel) Prestatie() ijw.JW323Prestatie {
	return ijw.JW323Prestatie{
		ProductReferentie: ijw.Referentie{ReferentieNummer: r.Referentie, VorigReferentieNummer: r.VorigeReferentie},
		ToewijzingNummer:  r.ToewijzingNummer,
		ProductCategorie:  r.Categorie,
		ProductCode:       r.Code,
		ProductPeriode:    ijw.GeslotenPeriode{Begindatum: ijw.NewDate(r.Begindatum), Einddatum: ijw.NewDate(r.Einddatum)},
		GeleverdVolume:    r.Volume,
		Eenheid:           r.Eenheid,
		ProductTarief:     r.Tarief,
		IngediendBedrag:   ijw.BedragMetDC{Bedrag: r.Bedrag, DebetCredit: r.DebetCredit},
	}
}

// regelVan is the line of prestatie p of client bsn.
func regelVan(bsn string, p *ijw.JW323Prestatie) Regel {
	r := Regel{
		Referentie: p.ProductReferentie.ReferentieNummer, VorigeReferentie: p.ProductReferentie.VorigReferentieNummer,
		Bsn: bsn, ToewijzingNummer: p.ToewijzingNummer, Categorie: p.ProductCategorie, Code: p.ProductCode,
		Volume: p.GeleverdVolume, Eenheid: p.Eenheid, Tarief: p.ProductTarief,
		Bedrag: p.IngediendBedrag.Bedrag, DebetCredit: p.IngediendBedrag.DebetCredit,
	}
	r.Begindatum, _ = p.ProductPeriode.Begindatum.Time()
	r.Einddatum, _ = p.ProductPeriode.Einddatum.Time()
	return r
}

const regelCols = `id, declaratie_id, kant, aanbieder, gemeente, referentie, vorige_referentie, bsn, toewijzing_nummer, categorie, code,
begindatum, einddatum, volume, eenheid, tarief, bedrag, debet_credit, aandeel, status, retourcode, reden, crediteren`

func scanRegels(rows *sql.Rows) ([]Regel, error) {
	defer rows.Close()
	var out []Regel
	for rows.Next() {
		var r Regel
		var tarief sql.NullInt64
		if err := rows.Scan(&r.ID, &r.DeclaratieID, &r.Kant, &r.Aanbieder, &r.Gemeente, &r.Referentie, &r.VorigeReferentie, &r.Bsn, &r.ToewijzingNummer,
			&r.Categorie, &r.Code, &r.Begindatum, &r.Einddatum, &r.Volume, &r.Eenheid, &tarief, &r.Bedrag, &r.DebetCredit, &r.Aandeel,
			&r.Status, &r.Retourcode, &r.Reden, &r.Crediteren); err != nil {
			return nil, err
		}
		if tarief.Valid {
			v := tarief.Int64
			r.Tarief = &v
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// insertRegels stores lines many rows to one INSERT: a month of a region
// holds tens of thousands.
func insertRegels(ctx context.Context, tx *database.Tx, rs []Regel) error {
	const perStmt = 100
	for i := 0; i < len(rs); i += perStmt {
		batch := rs[i:min(i+perStmt, len(rs))]
		var q strings.Builder
		q.WriteString(`INSERT INTO declaratieregels (declaratie_id, kant, aanbieder, gemeente, referentie, vorige_referentie, bsn, toewijzing_nummer, categorie, code,
		begindatum, einddatum, volume, eenheid, tarief, bedrag, debet_credit, aandeel, status, retourcode, reden, crediteren) VALUES `)
		args := make([]any, 0, len(batch)*22)
		for j, r := range batch {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			var tarief any
			if r.Tarief != nil {
				tarief = *r.Tarief
			}
			args = append(args, r.DeclaratieID, r.Kant, r.Aanbieder, r.Gemeente, r.Referentie, r.VorigeReferentie, r.Bsn, r.ToewijzingNummer, r.Categorie, r.Code,
				r.Begindatum.Format(time.DateOnly), r.Einddatum.Format(time.DateOnly), r.Volume, r.Eenheid, tarief, r.Bedrag, r.DebetCredit, r.Aandeel,
				r.Status, r.Retourcode, r.Reden, r.Crediteren)
		}
		if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("store %d lines of %s: %w", len(batch), batch[0].Aanbieder, err)
		}
	}
	return nil
}

// Declaratie is one JW323 as a side holds it.
type Declaratie struct {
	ID            int64      `json:"id"`
	Kant          string     `json:"kant"`
	Aanbieder     string     `json:"aanbieder"`
	Gemeente      string     `json:"gemeente"`
	Nummer        string     `json:"declaratienummer"`
	Identificatie string     `json:"identificatie"`
	Maand         time.Time  `json:"maand"`
	Ingediend     int64      `json:"ingediend_eurocent"`
	Toegekend     *int64     `json:"toegekend_eurocent"`
	Status        string     `json:"status"`
	Retourcodes   string     `json:"retourcodes"`
	CreatedAt     time.Time  `json:"aangemaakt"`
	AnsweredAt    *time.Time `json:"beantwoord,omitempty"`
}

func insertDeclaratie(ctx context.Context, tx *database.Tx, d Declaratie) (int64, error) {
	return tx.InsertID(ctx, `INSERT INTO declaraties (kant, aanbieder, gemeente, nummer, identificatie, maand, ingediend, status, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.Kant, d.Aanbieder, d.Gemeente, d.Nummer, d.Identificatie, d.Maand.Format(time.DateOnly), d.Ingediend, d.Status, d.CreatedAt.UTC())
}

// regelsVan returns the lines a side holds of one provider to one
// municipality.
func regelsVan(ctx context.Context, q database.Querier, kant, aanbieder, gemeente string) ([]Regel, error) {
	rows, err := q.Query(ctx, "SELECT "+regelCols+" FROM declaratieregels WHERE kant = ? AND aanbieder = ? AND gemeente = ? ORDER BY id", kant, aanbieder, gemeente)
	if err != nil {
		return nil, fmt.Errorf("lines of %s to %s: %w", aanbieder, gemeente, err)
	}
	return scanRegels(rows)
}
