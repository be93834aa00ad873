// Package toewijzing turns a municipality's positive decision into what the
// law and the iJw standard require: the beschikking to the family (unless
// the municipality works beschikkingsvrij for the route, R-ROUTE-3), the
// toewijzing, and the JW301 that the host municipality sends to the provider
// with the responsible municipality's code (R-ROUTE-2). All of it is written
// in the decision's transaction: stored whole or not at all, and at most one
// JW301 per toewijzing (a unique key in the database).
package toewijzing

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// XSD versions of the iJw 3.2 schemas in use (appinfo of JW301.xsd and
// basisschema.xsd).
const (
	berichtXsdVersie     = "0.1.0"
	basisschemaXsdVersie = "0.1.0"
)

// Allocator implements traject.Allocator.
type Allocator struct {
	// FailAfterToewijzing makes Allocate fail after the toewijzing row is
	// written; tests use it to prove the decision is all-or-nothing.
	FailAfterToewijzing bool
}

// ErrInjected is returned when FailAfterToewijzing is set.
var ErrInjected = errors.New("toewijzing: injected failure")

type facts struct {
	bsn, given, family, street, house, postcode, city string
	birth                                             time.Time
	municipality, cbs, providerName, agb              string
	beschikkingsvrij                                  bool
	step5a, products                                  string
	parent                                            string
}

func load(ctx context.Context, tx *database.Tx, t traject.Trajectory) (facts, error) {
	var f facts
	err := tx.QueryRow(ctx, `SELECT c.bsn, c.given_name, c.family_name, c.street, c.house_number, c.postcode, c.city, c.birth_date,
		m.name, COALESCE(m.cbs_code, ''), p.name, COALESCE(p.agb_code, ''), tr.step5a_json, tr.products_json
		FROM trajectories tr JOIN clients c ON c.id = tr.client_id JOIN organisations m ON m.id = tr.municipality_id
		JOIN organisations p ON p.id = tr.provider_id WHERE tr.id = ?`, t.ID).
		Scan(&f.bsn, &f.given, &f.family, &f.street, &f.house, &f.postcode, &f.city, &f.birth, &f.municipality, &f.cbs, &f.providerName, &f.agb, &f.step5a, &f.products)
	if err != nil {
		return f, fmt.Errorf("load facts of trajectory %d: %w", t.ID, err)
	}
	err = tx.QueryRow(ctx, "SELECT beschikkingsvrij FROM route_rules WHERE municipality_id = ? AND route = ?", t.MunicipalityID, string(t.Route)).Scan(&f.beschikkingsvrij)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("route rule of municipality %d: %w", t.MunicipalityID, err)
	}
	err = tx.QueryRow(ctx, "SELECT name FROM client_relations WHERE client_id = ? AND gezag = ? ORDER BY id LIMIT 1", t.ClientID, true).Scan(&f.parent)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, err
	}
	return f, nil
}

// Allocate writes the toewijzing, its JW301 and, unless beschikkingsvrij,
// the beschikking.
func (a *Allocator) Allocate(ctx context.Context, tx *database.Tx, t traject.Trajectory, d traject.Decision, now time.Time) (traject.Toewijzing, error) {
	f, err := load(ctx, tx, t)
	if err != nil {
		return traject.Toewijzing{}, err
	}
	var s5 *arrangement.Step5a
	if f.step5a != "" && f.step5a != "null" && f.step5a != "{}" {
		s5 = new(arrangement.Step5a)
		if err := json.Unmarshal([]byte(f.step5a), s5); err != nil {
			return traject.Toewijzing{}, fmt.Errorf("step 5a of trajectory %d: %w", t.ID, err)
		}
	}
	var prods []arrangement.Product
	if f.products != "" && f.products != "null" {
		if err := json.Unmarshal([]byte(f.products), &prods); err != nil {
			return traject.Toewijzing{}, fmt.Errorf("products of trajectory %d: %w", t.ID, err)
		}
	}
	ps, err := arrangement.IJwProducten(t.Arrangement, t.Intensiteit, s5, prods)
	if err != nil {
		return traject.Toewijzing{}, fmt.Errorf("products of trajectory %d: %w", t.ID, err)
	}
	tw := traject.Toewijzing{ProviderID: t.ProviderID, ProductCategory: ps[0].Categorie, ProductCode: ps[0].Code,
		Ingangsdatum: d.Ingangsdatum, Einddatum: d.Einddatum, Beschikking: !f.beschikkingsvrij}
	var end any
	if !d.Einddatum.IsZero() {
		end = d.Einddatum.Format("2006-01-02")
	}
	tw.ID, err = tx.InsertID(ctx, `INSERT INTO toewijzingen (trajectory_id, nummer, provider_id, municipality_id, product_category, product_code, ingangsdatum, einddatum, beschikking, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, -t.ID, t.ProviderID, t.MunicipalityID, tw.ProductCategory, tw.ProductCode,
		d.Ingangsdatum.Format("2006-01-02"), end, tw.Beschikking, now)
	if err != nil {
		return tw, fmt.Errorf("insert toewijzing for trajectory %d: %w", t.ID, err)
	}
	// The toewijzingnummer is derived from the row id: unique, never reused.
	tw.Nummer = 1_000_000 + tw.ID
	if _, err := tx.Exec(ctx, "UPDATE toewijzingen SET nummer = ? WHERE id = ?", tw.Nummer, tw.ID); err != nil {
		return tw, err
	}
	if a.FailAfterToewijzing {
		return tw, ErrInjected
	}
	msg, err := buildJW301(f, tw, ps, now)
	if err != nil {
		return tw, fmt.Errorf("JW301 for toewijzing %d: %w", tw.ID, err)
	}
	if findings := ijw.Validate(msg); len(findings) > 0 {
		return tw, fmt.Errorf("JW301 for toewijzing %d breaks rule %s: %s", tw.ID, findings[0].Rule.Code, findings[0].Msg)
	}
	xml, err := ijw.Marshal(msg)
	if err != nil {
		return tw, fmt.Errorf("JW301 for toewijzing %d: %w", tw.ID, err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO ijw_messages (direction, type, sender, receiver, identificatie, toewijzing_id, xml, created_at)
		VALUES ('uit', 'JW301', ?, ?, ?, ?, ?, ?)`, f.cbs, f.agb, msg.Header.BerichtIdentificatie.Identificatie, tw.ID, string(xml), now)
	if err != nil {
		return tw, fmt.Errorf("store JW301 for toewijzing %d: %w", tw.ID, err)
	}
	if tw.Beschikking {
		pdf, err := beschikking(f, t, d, tw, ps, now)
		if err != nil {
			return tw, err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO documents (trajectory_id, kind, pdf, created_at) VALUES (?, ?, ?, ?)", t.ID, document.KindBeschikking, pdf, now); err != nil {
			return tw, fmt.Errorf("store beschikking of trajectory %d: %w", t.ID, err)
		}
	}
	return tw, nil
}

// splitName splits "de Vries" into voorvoegsel "de" and achternaam "Vries".
func splitName(family string) (voorvoegsel, achternaam string) {
	fields := strings.Fields(family)
	i := 0
	for i < len(fields)-1 && fields[i] != "" && unicode.IsLower([]rune(fields[i])[0]) {
		i++
	}
	return strings.Join(fields[:i], " "), strings.Join(fields[i:], " ")
}

func initials(given string) string {
	var b strings.Builder
	for _, w := range strings.Fields(given) {
		b.WriteRune(unicode.ToUpper([]rune(w)[0]))
	}
	return b.String()
}

// houseNumber splits "12A" or "12 bis" into number, letter and addition.
func houseNumber(s string) (int64, string, string) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, _ := strconv.ParseInt(s[:i], 10, 64)
	rest := strings.TrimSpace(s[i:])
	if len(rest) == 1 && unicode.IsLetter(rune(rest[0])) {
		return n, strings.ToUpper(rest), ""
	}
	if len(rest) > 4 {
		rest = rest[:4]
	}
	return n, "", rest
}

func buildJW301(f facts, tw traject.Toewijzing, ps []arrangement.IJwProduct, now time.Time) (*ijw.JW301, error) {
	vv, an := splitName(f.family)
	nr, letter, add := houseNumber(f.house)
	m := &ijw.JW301{
		Header: ijw.JW301Header{
			BerichtCode: "436", BerichtVersie: 3, BerichtSubversie: 2,
			Afzender:  f.cbs,
			Ontvanger: f.agb,
			BerichtIdentificatie: ijw.BerichtIdentificatie{
				Identificatie: "TW" + strconv.FormatInt(tw.ID, 10),
				Dagtekening:   ijw.NewDate(now),
			},
			XsdVersie: ijw.XsdVersie{BasisschemaXsdVersie: basisschemaXsdVersie, BerichtXsdVersie: berichtXsdVersie},
		},
		Client: ijw.JW301Client{
			Bsn:           f.bsn,
			Geboortedatum: ijw.Geboortedatum{Datum: ijw.NewDate(f.birth)},
			Geslacht:      "0", // not recorded: COD046 0 = onbekend
			Naam: ijw.VolledigeNaam{Geslachtsnaam: ijw.Achternaam{Achternaam: an, Voorvoegsel: vv},
				Voornamen: f.given, Voorletters: initials(f.given), NaamGebruik: "1"},
			Contactgegevens: ijw.JW301Contactgegevens{Contact: []ijw.JW301Contact{{
				Soort: "01", // BRP-adres
				Adres: &ijw.Adres{Huis: &ijw.Huis{Huisnummer: nr, Huisletter: letter, HuisnummerToevoeging: add},
					Postcode: strings.ReplaceAll(f.postcode, " ", ""), Straatnaam: f.street, Plaatsnaam: f.city, LandCode: "NL"},
			}}},
		},
	}
	for i, p := range ps {
		tp := ijw.JW301ToegewezenProduct{
			ToewijzingNummer: tw.Nummer*100 + int64(i),
			Product:          &ijw.Product{Categorie: p.Categorie, Code: p.Code},
			Toewijzingsdatum: ijw.NewDate(now),
			Toewijzingstijd:  ijw.Time(now.Format("15:04:05")),
			Ingangsdatum:     ijw.NewDate(tw.Ingangsdatum),
			// Output-based: one arrangement (or product) for the whole
			// validity of the toewijzing (Toewijzingsvarianten, outputgericht).
			Omvang: &ijw.Omvang{Volume: 1, Eenheid: "82", Frequentie: "6"},
		}
		if !tw.Einddatum.IsZero() {
			tp.Einddatum = ijw.NewDate(tw.Einddatum)
		}
		m.Client.ToegewezenProducten.ToegewezenProduct = append(m.Client.ToegewezenProducten.ToegewezenProduct, tp)
	}
	return m, nil
}

func beschikking(f facts, t traject.Trajectory, d traject.Decision, tw traject.Toewijzing, ps []arrangement.IJwProduct, now time.Time) ([]byte, error) {
	product := ps[0].Code
	if ps[0].Categorie == arrangement.IJwArrangementCategorie {
		if a, err := arrangement.Get(t.Arrangement); err == nil {
			if in, err := arrangement.GetIntensiteit(t.Intensiteit); err == nil {
				product = fmt.Sprintf("Arrangement %d (%s), intensiteit %s (%s)", a.Nummer, a.Naam, strings.ToLower(in.Naam), ps[0].Code)
			}
		}
	} else {
		var codes []string
		for _, p := range ps {
			codes = append(codes, p.Categorie+"/"+p.Code)
		}
		product = "Producten " + strings.Join(codes, ", ")
	}
	to := f.parent
	if to == "" || client.AgeOn(f.birth, now) >= 16 {
		to = f.given + " " + f.family
	}
	var buf bytes.Buffer
	err := document.RenderBeschikking(&buf, document.Beschikking{
		Afzender: document.Afzender{Gemeente: f.municipality, Afdeling: "Team Jeugd"},
		Datum:    now, Kenmerk: fmt.Sprintf("JW-%d-%06d", now.Year(), tw.ID),
		Aan:          document.Adres{Naam: to, Adres: f.street + " " + f.house, Postcode: f.postcode, Plaats: f.city},
		JeugdigeNaam: f.given + " " + f.family, JeugdigeGeboortedatum: f.birth,
		Besluit: document.Toegekend, Product: product, Aanbieder: f.providerName,
		Ingangsdatum: d.Ingangsdatum, Einddatum: d.Einddatum, Motivering: d.Motivering,
	})
	if err != nil {
		return nil, fmt.Errorf("beschikking for toewijzing %d: %w", tw.ID, err)
	}
	return buf.Bytes(), nil
}
