package declaratie

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
)

// Tarief is the contract tariff of a provider for a product in a period,
// in eurocent per unit; for an arrangement the price of the whole
// arrangement.
type Tarief struct {
	ID           int64     `json:"id"`
	AanbiederID  int64     `json:"aanbieder_id"`
	Aanbieder    string    `json:"aanbieder"`
	AGB          string    `json:"agb_code"`
	Categorie    string    `json:"productcategorie"`
	Code         string    `json:"productcode"`
	Ingangsdatum time.Time `json:"ingangsdatum"`
	Einddatum    time.Time `json:"einddatum,omitzero"`
	Bedrag       int64     `json:"bedrag_eurocent"`
	Eenheid      string    `json:"eenheid"`
}

// Geldig reports whether the tariff applies on day d.
func (t Tarief) Geldig(d time.Time) bool {
	return !d.Before(t.Ingangsdatum) && (t.Einddatum.IsZero() || !d.After(t.Einddatum))
}

// FieldErrors maps a form field to a Dutch message.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	for _, k := range []string{"aanbieder", "categorie", "code", "ingangsdatum", "einddatum", "bedrag", "eenheid"} {
		if m, ok := fe[k]; ok {
			return m
		}
	}
	return "ongeldige invoer"
}

var (
	reCategorie = regexp.MustCompile(`^[0-9]{2}$`)
	reCode      = regexp.MustCompile(`^[0-9A-Za-z]{1,5}$`)
	eenheden    = map[string]string{"01": "minuut", "04": "uur", "14": "etmaal", "16": "dagdeel", "82": "stuks (output)", "83": "euro's", "84": "stuks (inspanning)"}
)

// EenheidNaam is the Dutch name of a WJ756 unit.
func EenheidNaam(code string) string {
	if n, ok := eenheden[code]; ok {
		return n
	}
	return code
}

// Validate checks a tariff before it is stored.
func (t Tarief) Validate() FieldErrors {
	fe := FieldErrors{}
	if t.AanbiederID == 0 {
		fe["aanbieder"] = "Kies de aanbieder."
	}
	if !reCategorie.MatchString(t.Categorie) {
		fe["categorie"] = "Vul de productcategorie in: twee cijfers (JZ020), bijvoorbeeld 50 voor een arrangement."
	}
	if !reCode.MatchString(t.Code) {
		fe["code"] = "Vul de productcode in: één tot vijf letters of cijfers, bijvoorbeeld 50H42."
	}
	if t.Ingangsdatum.IsZero() {
		fe["ingangsdatum"] = "Vul de ingangsdatum in als dd-mm-jjjj."
	}
	if !t.Einddatum.IsZero() && t.Einddatum.Before(t.Ingangsdatum) {
		fe["einddatum"] = "De einddatum ligt voor de ingangsdatum."
	}
	if t.Bedrag < 0 || t.Bedrag > 99_999_999 {
		fe["bedrag"] = "Vul het tarief in euro's in, bijvoorbeeld 1.234,56 (hoogstens 999.999,99)."
	}
	if _, ok := eenheden[t.Eenheid]; !ok || t.Eenheid == "83" {
		fe["eenheid"] = "Kies de eenheid (WJ756): 01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82 stuks (output) of 84 stuks (inspanning)."
	}
	if t.Categorie == categorieArrangement && t.Eenheid != "82" {
		fe["eenheid"] = "Een arrangement (categorie 50) wordt per stuk (82) afgerekend."
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}

const selectTarief = `SELECT t.id, t.provider_id, o.name, COALESCE(o.agb_code, ''), t.categorie, t.code, t.ingangsdatum, t.einddatum, t.bedrag, t.eenheid
FROM tarieven t JOIN organisations o ON o.id = t.provider_id`

func scanTarieven(rows *sql.Rows) ([]Tarief, error) {
	defer rows.Close()
	var out []Tarief
	for rows.Next() {
		var t Tarief
		var end sql.NullTime
		if err := rows.Scan(&t.ID, &t.AanbiederID, &t.Aanbieder, &t.AGB, &t.Categorie, &t.Code, &t.Ingangsdatum, &end, &t.Bedrag, &t.Eenheid); err != nil {
			return nil, err
		}
		t.Einddatum = end.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tarieven lists every tariff, by provider, product and start.
func Tarieven(ctx context.Context, q database.Querier) ([]Tarief, error) {
	rows, err := q.Query(ctx, selectTarief+" ORDER BY o.name, t.categorie, t.code, t.ingangsdatum")
	if err != nil {
		return nil, fmt.Errorf("list tarieven: %w", err)
	}
	return scanTarieven(rows)
}

// TarievenVan lists the tariffs of the provider with this AGB code.
func TarievenVan(ctx context.Context, q database.Querier, agb string) ([]Tarief, error) {
	rows, err := q.Query(ctx, selectTarief+" WHERE o.agb_code = ? ORDER BY t.categorie, t.code, t.ingangsdatum", agb)
	if err != nil {
		return nil, fmt.Errorf("tarieven of %s: %w", agb, err)
	}
	return scanTarieven(rows)
}

// ZetTarief stores a tariff: a new one, or a change of the one with the same
// provider, product and ingangsdatum.
func ZetTarief(ctx context.Context, tx *database.Tx, t Tarief, now time.Time) (int64, error) {
	if fe := t.Validate(); fe != nil {
		return 0, fe
	}
	var kind string
	err := tx.QueryRow(ctx, "SELECT kind FROM organisations WHERE id = ?", t.AanbiederID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != "aanbieder") {
		return 0, FieldErrors{"aanbieder": "Kies een jeugdhulpaanbieder."}
	}
	if err != nil {
		return 0, err
	}
	var end any
	if !t.Einddatum.IsZero() {
		end = t.Einddatum.Format(time.DateOnly)
	}
	start := t.Ingangsdatum.Format(time.DateOnly)
	res, err := tx.Exec(ctx, "UPDATE tarieven SET einddatum = ?, bedrag = ?, eenheid = ? WHERE provider_id = ? AND categorie = ? AND code = ? AND ingangsdatum = ?",
		end, t.Bedrag, t.Eenheid, t.AanbiederID, t.Categorie, t.Code, start)
	if err != nil {
		return 0, fmt.Errorf("update tarief: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		var id int64
		err := tx.QueryRow(ctx, "SELECT id FROM tarieven WHERE provider_id = ? AND categorie = ? AND code = ? AND ingangsdatum = ?", t.AanbiederID, t.Categorie, t.Code, start).Scan(&id)
		return id, err
	}
	id, err := tx.InsertID(ctx, "INSERT INTO tarieven (provider_id, categorie, code, ingangsdatum, einddatum, bedrag, eenheid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		t.AanbiederID, t.Categorie, t.Code, start, end, t.Bedrag, t.Eenheid, now.UTC())
	if err != nil {
		return 0, fmt.Errorf("insert tarief: %w", err)
	}
	return id, nil
}

// VerwijderTarief removes a tariff. Declaraties already checked keep their
// outcome.
func VerwijderTarief(ctx context.Context, tx *database.Tx, id int64) error {
	_, err := tx.Exec(ctx, "DELETE FROM tarieven WHERE id = ?", id)
	return err
}

// tariefOp returns the tariff for a product on day d.
func tariefOp(ts []Tarief, categorie, code string, d time.Time) (Tarief, bool) {
	for _, t := range ts {
		if t.Categorie == categorie && t.Code == code && t.Geldig(d) {
			return t, true
		}
	}
	return Tarief{}, false
}

// Helften splits an arrangement tariff into its two instalments: the first
// half rounded down, the second the rest, so that both add up to the tariff.
func Helften(tarief int64) (eerste, tweede int64) {
	return tarief / 2, tarief - tarief/2
}

// ErrNietVanAanbieder: the toewijzing is not one of the provider's.
var ErrNietVanAanbieder = errors.New("declaratie: deze toewijzing is niet aan uw organisatie toegewezen")

// LegEenhedenVast records the units a provider delivered on toegewezen
// product nummer in the month of maand (replacing an earlier count). When
// the month was declared and approved with another count, that line is
// marked for crediting: the next declaratie credits it and declares the
// new count (iJw §3.6: a prestatie is corrected by a credit and a new
// debit, never edited).
func LegEenhedenVast(ctx context.Context, tx *database.Tx, providerID, nummer int64, maand time.Time, eenheden int64, now time.Time) error {
	if eenheden < 0 || eenheden > 99_999_999 {
		return FieldErrors{"eenheden": "Vul het aantal geleverde eenheden in: een heel getal van 0 of meer."}
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM toewijzingen WHERE nummer = ? AND provider_id = ?", nummer%productStap, providerID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrNietVanAanbieder
	}
	m := eersteVan(maand).Format(time.DateOnly)
	res, err := tx.Exec(ctx, "UPDATE geleverde_eenheden SET eenheden = ?, updated_at = ? WHERE provider_id = ? AND toewijzing_nummer = ? AND maand = ?", eenheden, now.UTC(), providerID, nummer, m)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.Exec(ctx, "INSERT INTO geleverde_eenheden (provider_id, toewijzing_nummer, maand, eenheden, updated_at) VALUES (?, ?, ?, ?, ?)", providerID, nummer, m, eenheden, now.UTC()); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `UPDATE declaratieregels SET crediteren = ? WHERE kant = ? AND aanbieder = (SELECT agb_code FROM organisations WHERE id = ?)
		AND toewijzing_nummer = ? AND debet_credit = 'D' AND status = ? AND aandeel = 0 AND begindatum >= ? AND begindatum <= ? AND volume <> ?`,
		true, KantAanbieder, providerID, nummer, Goedgekeurd, m, laatsteVan(maand).Format(time.DateOnly), eenheden)
	return err
}

// eenhedenVan returns a provider's recorded units per toewijzing number and
// month (first day, as "2006-01-02").
func eenhedenVan(ctx context.Context, q database.Querier, agb string) (map[int64]map[string]int64, error) {
	rows, err := q.Query(ctx, `SELECT e.toewijzing_nummer, e.maand, e.eenheden FROM geleverde_eenheden e JOIN organisations o ON o.id = e.provider_id WHERE o.agb_code = ?`, agb)
	if err != nil {
		return nil, fmt.Errorf("geleverde eenheden of %s: %w", agb, err)
	}
	defer rows.Close()
	out := map[int64]map[string]int64{}
	for rows.Next() {
		var n, e int64
		var m time.Time
		if err := rows.Scan(&n, &m, &e); err != nil {
			return nil, err
		}
		if out[n] == nil {
			out[n] = map[string]int64{}
		}
		out[n][m.Format(time.DateOnly)] = e
	}
	return out, rows.Err()
}

// eersteVan is the first day of t's month (a calendar date, UTC midnight).
func eersteVan(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// laatsteVan is the last day of t's month.
func laatsteVan(t time.Time) time.Time { return eersteVan(t).AddDate(0, 1, -1) }
