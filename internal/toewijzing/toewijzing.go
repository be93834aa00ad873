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
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// XSD versions of the iJw 3.2 schemas in use (appinfo of JW301.xsd and
// basisschema.xsd).
const (
	berichtXsdVersie     = "0.1.0"
	basisschemaXsdVersie = "0.1.0"
)

// Toewijzing is the allocation that ends the referral route.
type Toewijzing struct {
	ID              int64     `json:"id"`
	Nummer          int64     `json:"toewijzingnummer"`
	ProviderID      int64     `json:"aanbieder_id"`
	ProductCategory string    `json:"productcategorie"`
	ProductCode     string    `json:"productcode"`
	Ingangsdatum    time.Time `json:"ingangsdatum"`
	Einddatum       time.Time `json:"einddatum,omitzero"`
	Beschikking     bool      `json:"beschikking"`
}

// maxProducten is how many products one toewijzing can carry: the
// ToewijzingNummer of product i > 0 is Nummer + i×10⁸, which stays within
// iJw's nine digits (LDT_Nummer, at most 999999999) for i ≤ 9.
const maxProducten = 10

// ProductNummer returns the ToewijzingNummer the JW301 carries for the
// toewijzing's product i (0-based). The first product carries the
// toewijzing's own Nummer, so the page, the API and the message show one
// number; a further product i carries Nummer + i×10⁸. Nummer is
// 1000000 + the row id, so these never meet another toewijzing's number
// while fewer than 99 million toewijzingen exist (an assumption, written
// here because the numbers are derived, not stored).
func (t Toewijzing) ProductNummer(i int) int64 {
	return t.Nummer + int64(i)*100_000_000
}

// Request is a positive decision to carry out: the trajectory's facts the
// documents and messages need, gathered by the caller inside its gate
// transaction.
type Request struct {
	TrajectoryID   int64
	Route          string // traject.Route
	MunicipalityID int64
	ProviderID     int64
	Client         client.Client // with BSN and address
	Parent         string        // the first parent with gezag, "" when none
	Arrangement    int
	Intensiteit    int
	Step5a         *arrangement.Step5a
	Products       []arrangement.Product
	Ingangsdatum   time.Time
	Einddatum      time.Time // zero: none
	Motivering     string
	// Referentie is the provider's ReferentieAanbieder when the decision
	// answers its verzoek om toewijzing (JW315); the JW301 carries it.
	Referentie string
	// Besluiter is the name of the municipality's worker who took the
	// decision; the beschikking is signed in their name.
	Besluiter string
	// Contact is the organisation that talks a refusal through with the
	// family (the referrer; on the medical route the provider).
	Contact string
	// Wijziging: the decision grants the provider's verzoek om wijziging;
	// the beschikking says it replaces the earlier one.
	Wijziging bool
	// ProductReferenties maps a product code to the ReferentieAanbieder
	// of the requested product it grants, when a verzoek asked for
	// several; a product not in it carries Referentie.
	ProductReferenties map[string]string
	// Omvang is the volume assigned per product of segment 3; a product
	// without one is assigned output-based, as one piece for the whole
	// toewijzing.
	Omvang []ProductOmvang
}

// referentieOf is the ReferentieAanbieder a granted product carries.
func referentieOf(r Request, code string) string {
	if ref, ok := r.ProductReferenties[code]; ok && r.Referentie != "" {
		return ref
	}
	return r.Referentie
}

// Frequencies of an assigned volume (WJ757) the decision offers.
const (
	FrequentiePerMaand = "4"
	FrequentieTotaal   = "6"
)

// ProductOmvang is the volume the municipality assigns one product of
// segment 3: Volume units of the product's unit (WJ756) per month
// (Frequentie 4) or for the whole toewijzing (6). Billing checks each
// declared month against it (TR321, TR322).
type ProductOmvang struct {
	Code       string `json:"productcode"`
	Volume     int64  `json:"volume"`
	Frequentie string `json:"frequentie"`
}

// omvangOf returns the JW301 Omvang of product code: the assigned volume
// in the product's unit, or one piece for the whole toewijzing.
func omvangOf(r Request, code string) *ijw.Omvang {
	for _, o := range r.Omvang {
		if o.Code != code {
			continue
		}
		for _, p := range r.Products {
			if p.Code == code {
				return &ijw.Omvang{Volume: o.Volume, Eenheid: p.Eenheid, Frequentie: o.Frequentie}
			}
		}
	}
	return &ijw.Omvang{Volume: 1, Eenheid: "82", Frequentie: FrequentieTotaal}
}

// meervoud are the units of WJ756 as counted in a sentence.
var meervoud = map[string]string{"01": "minuten", "04": "uur", "14": "etmalen", "16": "dagdelen van 4 uur", "82": "stuks", "83": "euro"}

// Eenheden is a unit of WJ756 as counted in a sentence ("uur",
// "etmalen").
func Eenheden(code string) string {
	if e, ok := meervoud[code]; ok {
		return e
	}
	e, _ := arrangement.EenheidOmschrijving(code)
	return strings.ToLower(e)
}

// OmvangTekst says an assigned volume in plain Dutch ("20 uur per
// maand"), "" for one piece for the whole toewijzing.
func OmvangTekst(o ijw.Omvang) string {
	if o.Eenheid == "82" && o.Volume == 1 && o.Frequentie == FrequentieTotaal {
		return ""
	}
	eenheid := Eenheden(o.Eenheid)
	switch o.Frequentie {
	case FrequentiePerMaand:
		return fmt.Sprintf("%d %s per maand", o.Volume, eenheid)
	case FrequentieTotaal:
		return fmt.Sprintf("%d %s in totaal", o.Volume, eenheid)
	}
	return fmt.Sprintf("%d %s", o.Volume, eenheid)
}

// Allocator writes what a positive decision requires.
type Allocator struct {
	// FailAfterToewijzing makes Allocate fail after the toewijzing row is
	// written; tests use it to prove the decision is all-or-nothing.
	FailAfterToewijzing bool
}

// ErrInjected is returned when FailAfterToewijzing is set.
var ErrInjected = errors.New("toewijzing: injected failure")

type facts struct {
	municipality, provider organisation.Organisation
	beschikkingsvrij       bool
	parents                []string          // with gezag, the beschikking's addressees by age
	relations              []client.Relation // every parent and custodian, for the JW301
}

func load(ctx context.Context, tx *database.Tx, r Request) (facts, error) {
	var f facts
	var err error
	if f.municipality, err = organisation.Get(ctx, tx, r.MunicipalityID); err != nil {
		return f, err
	}
	if f.provider, err = organisation.Get(ctx, tx, r.ProviderID); err != nil {
		return f, err
	}
	if f.beschikkingsvrij, err = organisation.Beschikkingsvrij(ctx, tx, r.MunicipalityID, r.Route); err != nil {
		return f, err
	}
	if r.Client.ID != 0 {
		if f.relations, err = client.Relations(ctx, tx, r.Client.ID); err != nil {
			return f, err
		}
	}
	if !f.beschikkingsvrij {
		for _, rel := range f.relations {
			if n := strings.TrimSpace(rel.DisplayName()); rel.Gezag && n != "" {
				f.parents = append(f.parents, n)
			}
		}
	}
	return f, nil
}

// Allocate writes the toewijzing, its JW301 and, unless beschikkingsvrij,
// the beschikking, in the caller's transaction.
func (a *Allocator) Allocate(ctx context.Context, tx *database.Tx, r Request, now time.Time) (Toewijzing, error) {
	f, err := load(ctx, tx, r)
	if err != nil {
		return Toewijzing{}, err
	}
	ps, err := arrangement.IJwProducten(r.Arrangement, r.Intensiteit, r.Step5a, r.Products)
	if err != nil {
		return Toewijzing{}, fmt.Errorf("products of trajectory %d: %w", r.TrajectoryID, err)
	}
	if len(ps) > maxProducten {
		return Toewijzing{}, fmt.Errorf("trajectory %d: %d products, at most %d fit one toewijzing", r.TrajectoryID, len(ps), maxProducten)
	}
	tw := Toewijzing{ProviderID: r.ProviderID, ProductCategory: ps[0].Categorie, ProductCode: ps[0].Code,
		Ingangsdatum: r.Ingangsdatum, Einddatum: r.Einddatum, Beschikking: !f.beschikkingsvrij}
	var end any
	if !r.Einddatum.IsZero() {
		end = r.Einddatum.Format("2006-01-02")
	}
	om := omvangOf(r, ps[0].Code)
	tw.ID, err = tx.InsertID(ctx, `INSERT INTO toewijzingen (trajectory_id, nummer, provider_id, municipality_id, product_category, product_code, ingangsdatum, einddatum, beschikking, created_at,
		omvang_volume, omvang_eenheid, omvang_frequentie) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.TrajectoryID, -r.TrajectoryID, r.ProviderID, r.MunicipalityID, tw.ProductCategory, tw.ProductCode,
		r.Ingangsdatum.Format("2006-01-02"), end, tw.Beschikking, now, om.Volume, om.Eenheid, om.Frequentie)
	if err != nil {
		return tw, fmt.Errorf("insert toewijzing for trajectory %d: %w", r.TrajectoryID, err)
	}
	// The toewijzingnummer is derived from the row id: unique, never reused.
	tw.Nummer = 1_000_000 + tw.ID
	if _, err := tx.Exec(ctx, "UPDATE toewijzingen SET nummer = ? WHERE id = ?", tw.Nummer, tw.ID); err != nil {
		return tw, err
	}
	if a.FailAfterToewijzing {
		return tw, ErrInjected
	}
	msg := buildJW301(r, f, tw, ps, now)
	if _, err := berichten.Write(ctx, tx, msg, berichten.Bericht{TrajectoryID: r.TrajectoryID, ToewijzingID: tw.ID, Referentie: r.Referentie, CreatedAt: now}); err != nil {
		return tw, fmt.Errorf("JW301 for toewijzing %d: %w", tw.ID, err)
	}
	if tw.Beschikking {
		pdf, err := beschikking(r, f, tw, ps, now)
		if err != nil {
			return tw, err
		}
		if _, err := document.Save(ctx, tx, document.Stored{TrajectoryID: r.TrajectoryID, Kind: document.KindBeschikking, Title: document.TitelBeschikking, PDF: pdf, CreatedAt: now}); err != nil {
			return tw, err
		}
	}
	return tw, nil
}

// Of returns the toewijzing of a trajectory, nil when there is none.
func Of(ctx context.Context, q database.Querier, trajectoryID int64) (*Toewijzing, error) {
	var tw Toewijzing
	var end sql.NullTime
	err := q.QueryRow(ctx, "SELECT id, nummer, provider_id, product_category, product_code, ingangsdatum, einddatum, beschikking FROM toewijzingen WHERE trajectory_id = ?", trajectoryID).
		Scan(&tw.ID, &tw.Nummer, &tw.ProviderID, &tw.ProductCategory, &tw.ProductCode, &tw.Ingangsdatum, &end, &tw.Beschikking)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("toewijzing of trajectory %d: %w", trajectoryID, err)
	}
	tw.Einddatum = end.Time
	return &tw, nil
}

// initials are the voorletters of given names (client.Initials).
func initials(given string) string { return voorletters(client.Initials(given)) }

// voorletters keeps what LDT_Voorletters allows: a-z, A-Z and À to ỳ
// (an initial in another script is left out).
func voorletters(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= 'À' && r <= 'ỳ') {
			return r
		}
		return -1
	}, s)
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

func buildJW301(r Request, f facts, tw Toewijzing, ps []arrangement.IJwProduct, now time.Time) *ijw.JW301 {
	c := r.Client
	// iJw dates and times are local: the moment of the decision as it is
	// in Europe/Amsterdam, never UTC.
	now = now.In(kalender.Amsterdam())
	vv, an := c.Geslachtsnaam()
	nr, letter, add := houseNumber(c.HouseNumber)
	m := &ijw.JW301{
		Header: ijw.JW301Header{
			BerichtCode: "436", BerichtVersie: 3, BerichtSubversie: 2,
			Afzender:  f.municipality.CBSCode,
			Ontvanger: f.provider.AGBCode,
			BerichtIdentificatie: ijw.BerichtIdentificatie{
				Identificatie: "TW" + strconv.FormatInt(tw.ID, 10),
				Dagtekening:   ijw.NewDate(now),
			},
			XsdVersie: ijw.XsdVersie{BasisschemaXsdVersie: basisschemaXsdVersie, BerichtXsdVersie: berichtXsdVersie},
		},
		Client: ijw.JW301Client{
			Bsn:           c.BSN,
			Geboortedatum: ijw.Geboortedatum{Datum: ijw.NewDate(c.BirthDate)},
			Geslacht:      geslacht(c.Geslacht),
			Naam: ijw.VolledigeNaam{Geslachtsnaam: ijw.Achternaam{Achternaam: an, Voorvoegsel: vv},
				Voornamen: c.GivenName, Voorletters: initials(c.GivenName), NaamGebruik: "1"},
			Contactgegevens: ijw.JW301Contactgegevens{Contact: []ijw.JW301Contact{{
				Soort: "01", // BRP-adres
				Adres: &ijw.Adres{Huis: &ijw.Huis{Huisnummer: nr, Huisletter: letter, HuisnummerToevoeging: add},
					Postcode: strings.ReplaceAll(c.Postcode, " ", ""), Straatnaam: c.Street, Plaatsnaam: c.City, LandCode: "NL"},
			}}},
		},
	}
	m.Client.Relaties = relaties(f.relations)
	for i, p := range ps {
		tp := ijw.JW301ToegewezenProduct{
			ToewijzingNummer:    tw.ProductNummer(i),
			ReferentieAanbieder: referentieOf(r, p.Code),
			Product:             &ijw.Product{Categorie: p.Categorie, Code: p.Code},
			Toewijzingsdatum:    ijw.NewDate(now),
			Toewijzingstijd:     ijw.Time(now.Format("15:04:05")),
			Ingangsdatum:        ijw.NewDate(tw.Ingangsdatum),
			// Output-based: one arrangement (or product) for the whole
			// validity of the toewijzing (Toewijzingsvarianten,
			// outputgericht), unless the decision assigned a product a
			// volume.
			Omvang: omvangOf(r, p.Code),
		}
		if !tw.Einddatum.IsZero() {
			tp.Einddatum = ijw.NewDate(tw.Einddatum)
		}
		m.Client.ToegewezenProducten.ToegewezenProduct = append(m.Client.ToegewezenProducten.ToegewezenProduct, tp)
	}
	return m
}

// geslacht is a recorded COD046 code, 0 (onbekend) when none is.
func geslacht(code string) string {
	switch code {
	case client.GeslachtMan, client.GeslachtVrouw:
		return code
	}
	return client.GeslachtOnbekend
}

// relaties are the youth's parents and custodians as the JW301 carries
// them: Nummer the relation's own number, which never changes (OP071);
// Volgorde the order of registration; Soort COD472; the name in parts
// (IV007). OP130 asks for a full address and/or a phone number with every
// relation; jeugdhulp records a phone number, not a parent's address, so
// a relation without a Dutch phone number is left out of the message (it
// stays on the record and the case page). nil when none remains.
func relaties(rs []client.Relation) *ijw.JW301Relaties {
	var out []ijw.JW301Relatie
	for _, r := range rs {
		phone := client.PhoneDigits(r.Phone)
		vv, an := r.Geslachtsnaam()
		if phone == "" || an == "" {
			continue
		}
		volgorde := int64(len(out) + 1)
		soort := r.Soort
		if soort == "" {
			soort = "09"
		}
		rel := ijw.JW301Relatie{
			Nummer:   strconv.FormatInt(r.ID, 10),
			Volgorde: &volgorde,
			Soort:    soort,
			Geslacht: geslacht(r.Geslacht),
			Naam: ijw.VolledigeNaam{Geslachtsnaam: ijw.Achternaam{Achternaam: an, Voorvoegsel: vv},
				Voornamen: r.GivenNames(), Voorletters: voorletters(r.Initials()), NaamGebruik: "1"},
			Contact: ijw.JW301Contact{
				Soort:    "02", // correspondentie: how to reach the parent
				Telefoon: &ijw.Telefoonnummers{Telefoon01: ijw.Telefoon{Telefoonnummer: phone, Landnummer: "0031"}},
			},
		}
		if e := strings.TrimSpace(r.Email); e != "" && len(e) <= 80 {
			rel.Contact.Emailadres = e
		}
		out = append(out, rel)
	}
	if len(out) == 0 {
		return nil
	}
	return &ijw.JW301Relaties{Relatie: out}
}

// Addressees returns to whom a beschikking about a youth of the given age is
// addressed. The bands are R-IPVA-2's (ipva.RequiredSigners), used here for
// addressing because they follow the Jeugdwet's rules on who decides
// (art. 7.3.4 ff., with the WGBO's ages): under 12 the parents with gezag
// decide for the child, so the letter goes to them; from 12 up to and
// including 15 the youth and the parents with gezag must both agree, so
// both are addressees; from 16 the youth decides alone. Without a recorded
// parent with gezag a younger youth is addressed itself, so the letter
// always has an addressee.
func Addressees(youth string, parents []string, age int) []string {
	switch {
	case age >= 16 || len(parents) == 0:
		return []string{youth}
	case age >= 12:
		return append([]string{youth}, parents...)
	default:
		return parents
	}
}

// parents are the names of the youth's parents and custodians with gezag;
// r.Parent (the first of them) when the record could not be read.
func parents(r Request, f facts) []string {
	if len(f.parents) > 0 {
		return f.parents
	}
	if r.Parent != "" {
		return []string{r.Parent}
	}
	return nil
}

// productText names what a decision is about: the arrangement with its
// intensity and code, or the products.
func productText(r Request, ps []arrangement.IJwProduct) string {
	product := ps[0].Code
	if ps[0].Categorie == arrangement.IJwArrangementCategorie {
		if a, err := arrangement.Get(r.Arrangement); err == nil {
			if in, err := arrangement.GetIntensiteit(r.Intensiteit); err == nil {
				// The arrangement's name is a sentence with its own
				// parentheses and full stop ("… somatische stoornis)."):
				// wrapping it in parentheses printed "stoornis).),". Print
				// it as a clause of its own instead.
				naam := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(a.Naam), "."))
				product = fmt.Sprintf("Arrangement %d: %s; intensiteit %s; productcode %s", a.Nummer, naam, strings.ToLower(in.Naam), ps[0].Code)
			}
		}
	} else {
		// Each product by its name as the family can read it, its code
		// and the volume assigned.
		var lines []string
		for _, p := range ps {
			l := p.Categorie + "/" + p.Code
			for _, c := range r.Products {
				if c.Code == p.Code && strings.TrimSpace(c.Omschrijving) != "" {
					l = strings.TrimSpace(c.Omschrijving) + " (productcode " + p.Code + ")"
				}
			}
			if o := OmvangTekst(*omvangOf(r, p.Code)); o != "" {
				l += ", " + o
			}
			lines = append(lines, l)
		}
		product = strings.Join(lines, "; ")
	}
	return product
}

func beschikking(r Request, f facts, tw Toewijzing, ps []arrangement.IJwProduct, now time.Time) ([]byte, error) {
	c := r.Client
	product := productText(r, ps)
	now = now.In(kalender.Amsterdam())
	kenmerk := fmt.Sprintf("JW-%d-%06d", now.Year(), tw.ID)
	if r.Wijziging {
		// Each letter its own reference: the change carries the VOW's.
		kenmerk += "-" + r.Referentie
	}
	var buf bytes.Buffer
	err := document.RenderBeschikking(&buf, document.Beschikking{
		Afzender: afzender(f.municipality), Ondertekenaar: r.Besluiter,
		Datum: now, Kenmerk: kenmerk,
		Aan:            document.Adres{Naam: c.Name(), Adres: c.Street + " " + c.HouseNumber, Postcode: c.Postcode, Plaats: c.City},
		Geadresseerden: Addressees(c.Name(), parents(r, f), client.AgeOn(c.BirthDate, now)),
		JeugdigeNaam:   c.Name(), JeugdigeGeboortedatum: c.BirthDate,
		Besluit: document.Toegekend, Product: product, Aanbieder: f.provider.Name,
		Ingangsdatum: r.Ingangsdatum, Einddatum: r.Einddatum, Motivering: r.Motivering, Wijziging: r.Wijziging,
	})
	if err != nil {
		return nil, fmt.Errorf("beschikking for toewijzing %d: %w", tw.ID, err)
	}
	return buf.Bytes(), nil
}

// afzender is the municipality as the sender of its beschikking: its
// address and phone in the letterhead, its bezwaar address in the
// objection clause, signed for its Team Jeugd.
func afzender(m organisation.Organisation) document.Afzender {
	a := document.AfzenderVan(m, m)
	a.Afdeling = "Team Jeugd"
	return a
}
