package traject

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
)

// A verzoek om toewijzing (JW315) can reach the municipality without a case
// on this platform: from a provider that does not work here, through the
// folder drop or the hub. HandleJW315 opens the case for it on the
// municipality's side, at the back office's decision (StepBesluit), so that
// the verzoek is answered with the usual decision (Decide: a JW301 with the
// verzoek's ReferentieAanbieder, or a JW319) within the 5 working days of
// the iJw process description (§2.5.3).
//
// Assumptions where the sources are silent:
//
//   - The provider is the organisation registered with the sender's AGB
//     code. Without one (or when the code is not a provider's) no case is
//     opened: the message stays in the municipality's inbox, answered with
//     its JW316 and shown as sent by the bare AGB code, since nobody could
//     receive a JW301 or JW319 under a provider the platform does not know.
//     The administrator registers the provider; the provider then sends the
//     verzoek again (the standard's way to correct a verzoek, §2.5.2).
//   - The youth is found by BSN (the record is then left as it is, as for a
//     registration) or registered from the message: BSN, birth date,
//     geslacht and name, with the Voornamen, or the Voorletters when the
//     message has no Voornamen. A JW315 carries no address: the record is
//     kept without one and under the receiving municipality, and the back
//     office fills in the address from the BRP when it checks the
//     woonplaatsbeginsel; the decision asks for it first, as the JW301 and
//     the beschikking need it (TR061, TR006).
//   - The route is the GI route when the first product's Verwijzer is a GI
//     (COD327 04) or the justice domain (08, the court, the public
//     prosecutor or a youth institution), else the medical route. The
//     referrer recorded is the provider: the referring doctor or GI does
//     not act on the platform and is kept as the case's basis (Grondslag),
//     and what a referrer does after a refusal lies with the provider, as
//     everything the provider does next goes through the exchange.
//   - What is asked is kept as the platform's choice: one arrangement code
//     (product category 50, 50Hxy) as arrangement and intensity, with step
//     5a answered "not hoog-specialistisch" for zwaar and chronisch, since
//     that is when the arrangement code is used (R-ARR-2); any other product
//     is kept as asked, and such a verzoek can be refused or put in
//     onderzoek here (a JW319 on each product), not granted: the platform
//     derives a toewijzing from an arrangement the case chose, and a
//     verzoek from outside names none.
//     The requested dates and the referrer are in the history event and the
//     message, which is linked to the case.
//   - The receipt is not a person's access to the youth's data: it writes
//     no access-log entry. The organisations linked to the case (the
//     municipality and the provider) see it from then on, and every read is
//     logged as always.
//   - The event's time and the start of the 5 working days are the moment
//     the municipality processed the message.

// verwijzerSoorten are the referrers of COD327 with their Dutch names.
var verwijzerSoorten = map[string]string{
	"01": "gemeente", toewijzing.VerwijzerHuisarts: "huisarts", toewijzing.VerwijzerJeugdarts: "jeugdarts",
	toewijzing.VerwijzerGI: "gecertificeerde instelling", toewijzing.VerwijzerMedischSpecialist: "medisch specialist",
	"06": "zelfverwijzer of geen verwijzer", "08": "rechter, officier van justitie of justitiële jeugdinrichting",
}

// routeOfVerwijzer is the route a verzoek from outside the platform opens,
// by its referrer's COD327 type.
func routeOfVerwijzer(typ string) Route {
	switch typ {
	case toewijzing.VerwijzerGI, "08":
		return RouteGI
	}
	return RouteMedisch
}

// asked is what a JW315 asks, as the platform keeps it.
type asked struct {
	arrangement, intensiteit int
	step5a                   *arrangement.Step5a
	products                 []arrangement.Product
	text                     string // Dutch, for the history
}

// askedOf reads the requested products of a JW315.
func askedOf(ps []ijw.JW315AangevraagdProduct) asked {
	if len(ps) == 1 && ps[0].Product != nil && ps[0].Product.Categorie == arrangement.IJwArrangementCategorie {
		if a, i, err := arrangement.ParseCode(ps[0].Product.Code); err == nil {
			out := asked{arrangement: a, intensiteit: i}
			if arrangement.IntensiteitNeedsStep5a(i) {
				out.step5a = &arrangement.Step5a{}
			}
			out.text = arrangementText(a, i, out.step5a, nil)
			return out
		}
	}
	var out asked
	var codes []string
	for _, p := range ps {
		switch {
		case p.Product == nil:
			codes = append(codes, "generiek product")
		case p.Product.Code == "":
			codes = append(codes, "productcategorie "+p.Product.Categorie)
		default:
			codes = append(codes, p.Product.Categorie+"/"+p.Product.Code)
			pr := arrangement.Product{Categorie: p.Product.Categorie, Code: p.Product.Code}
			pr.Omschrijving, _ = arrangement.ProductcategorieOmschrijving(pr.Categorie)
			if p.Omvang != nil {
				pr.Eenheid = p.Omvang.Eenheid
			}
			out.products = append(out.products, pr)
		}
	}
	out.text = "producten " + strings.Join(codes, ", ")
	return out
}

// HandleJW315 is the municipality's processing of an accepted verzoek om
// toewijzing, run by the exchange in the receipt's transaction: a verzoek
// that belongs to no case opens one at the back office's decision, with
// the youth, the municipality and the provider linked, the message tied to
// it, its history and the back office's obligation to answer within 5
// working days (see the assumptions above). A verzoek of a case on this
// platform (sent with SendVerzoek), or one whose ReferentieAanbieder is
// already a case's, changes nothing; so does a second call.
func (s *Service) HandleJW315(ctx context.Context, tx *database.Tx, b berichten.Bericht, m ijw.Message) error {
	vot, ok := m.(*ijw.JW315)
	if !ok {
		return fmt.Errorf("traject: HandleJW315 got a %s", m.MessageType())
	}
	// The row as it is now: an earlier call may have tied it.
	cur, err := berichten.Get(ctx, tx, b.ID)
	if err != nil {
		return fmt.Errorf("verzoek %d: %w", b.ID, err)
	}
	ps := vot.Client.AangevraagdeProducten.AangevraagdProduct
	if cur.TrajectoryID != 0 || len(ps) == 0 {
		return nil
	}
	for _, p := range ps {
		id, err := berichten.ReferentieTrajectory(ctx, tx, cur.Sender, p.ReferentieAanbieder, cur.ID)
		if err != nil || id != 0 {
			return err
		}
	}
	prov, ok, err := orgOfKind(ctx, tx, cur.SenderOrgID, organisation.Aanbieder)
	if err != nil || !ok {
		return err
	}
	mun, ok, err := orgOfKind(ctx, tx, cur.ReceiverOrgID, organisation.Gemeente)
	if err != nil || !ok {
		return err
	}
	now := s.now()
	birth, err := vot.Client.Geboortedatum.Datum.Time()
	if err != nil {
		return fmt.Errorf("verzoek %d: birth date: %w", cur.ID, err)
	}
	given := strings.TrimSpace(vot.Client.Naam.Voornamen)
	if given == "" {
		given = strings.TrimSpace(vot.Client.Naam.Voorletters)
	}
	youth := client.Client{BSN: vot.Client.Bsn, GivenName: given, Tussenvoegsel: strings.TrimSpace(vot.Client.Naam.Geslachtsnaam.Voorvoegsel), TussenvoegselKnown: true,
		FamilyName: strings.TrimSpace(vot.Client.Naam.Geslachtsnaam.Achternaam), Geslacht: geslachtOf(vot.Client.Geslacht), BirthDate: birth, MunicipalityID: mun.ID}
	clientID, _, err := s.Clients.FindOrInsert(ctx, tx, youth, now)
	if err != nil {
		return fmt.Errorf("youth of verzoek %d: %w", cur.ID, err)
	}

	first := ps[0]
	v := Verwijzer{Type: first.Verwijzer.Type, Code: first.Verwijzer.ZorgverlenerCode, Naam: first.Verwijzer.Naam}
	route := routeOfVerwijzer(v.Type)
	a := askedOf(ps)
	var arr, in any
	if a.arrangement != 0 {
		arr, in = a.arrangement, a.intensiteit
	}
	s5, _ := json.Marshal(a.step5a)
	if a.step5a == nil {
		s5 = []byte("{}")
	}
	prods, _ := json.Marshal(a.products)
	if a.products == nil {
		prods = []byte("[]")
	}
	melding := dateStr(now.In(kalender.Amsterdam()))
	id, err := tx.InsertID(ctx, `INSERT INTO trajectories (client_id, route, municipality_id, referrer_org_id, eerste_melding, step, grondslag_json, provider_id, provider_status,
		arrangement, intensiteit, step5a_json, products_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		clientID, string(route), mun.ID, prov.ID, melding, string(StepVerzoek), Grondslag{Verwijzer: &v}.json(), prov.ID, providerStatus(route),
		arr, in, string(s5), string(prods), now, now)
	if err != nil {
		return fmt.Errorf("open trajectory for verzoek %d: %w", cur.ID, err)
	}
	c := access.Case{ClientID: clientID, TrajectoryID: id}
	if err := access.Link(ctx, tx, c, mun.ID, "verzoek om toewijzing ontvangen", now); err != nil {
		return err
	}
	if err := access.Link(ctx, tx, c, prov.ID, "verzoek om toewijzing (JW315) van de aanbieder", now); err != nil {
		return err
	}
	if err := berichten.SetTrajectory(ctx, tx, id, first.ReferentieAanbieder, cur.ID, b.AnswerID); err != nil {
		return err
	}
	// The municipality's system acts: no user.
	p := access.Principal{OrgID: mun.ID, OrgName: mun.Name}
	if err := s.record(ctx, tx, p, id, EventRegistratie, "Traject geopend bij een verzoek om toewijzing van "+prov.Name+" ("+RouteLabel(route)+")"); err != nil {
		return err
	}
	if err := s.record(ctx, tx, p, id, EventBericht, "Verzoek om toewijzing (JW315) "+cur.Identificatie+" ontvangen van "+prov.Name+": "+verzoekText(a, first, v)); err != nil {
		return err
	}
	return s.moveTo(ctx, tx, p, id, StepBesluit, "Verzoek om toewijzing ontvangen; de gemeente antwoordt binnen 5 werkdagen", "verzoek_at = ?", now)
}

// verzoekText says what a verzoek asks, from when, and who referred.
func verzoekText(a asked, first ijw.JW315AangevraagdProduct, v Verwijzer) string {
	var sb strings.Builder
	sb.WriteString(a.text)
	if d, err := first.ToewijzingIngangsdatum.Time(); err == nil {
		sb.WriteString(", gevraagd vanaf " + kalender.Datum(d))
	}
	if !first.ToewijzingEinddatum.IsZero() {
		if d, err := first.ToewijzingEinddatum.Time(); err == nil {
			sb.WriteString(" tot en met " + kalender.Datum(d))
		}
	}
	soort := verwijzerSoorten[v.Type]
	if soort == "" {
		soort = "soort " + v.Type
	}
	sb.WriteString("; verwijzer: " + soort)
	if v.Naam != "" {
		sb.WriteString(" " + v.Naam)
	}
	if v.Code != "" {
		sb.WriteString(" (AGB " + v.Code + ")")
	}
	return sb.String()
}

// orgOfKind reads organisation id and reports whether it is one of kind.
func orgOfKind(ctx context.Context, tx *database.Tx, id int64, kind organisation.Kind) (organisation.Organisation, bool, error) {
	if id == 0 {
		return organisation.Organisation{}, false, nil
	}
	o, err := organisation.Get(ctx, tx, id)
	if errors.Is(err, organisation.ErrNotFound) {
		return o, false, nil
	}
	return o, err == nil && o.Kind == kind, err
}

// geslachtOf is a COD046 code as the youth's record keeps it.
func geslachtOf(code string) string {
	switch code {
	case client.GeslachtMan, client.GeslachtVrouw:
		return code
	}
	return client.GeslachtOnbekend
}
