package traject

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/levering"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// Akkoord decisions of the Toegang on a beknopt plan (step 6).
const (
	AkkoordJa          = "akkoord"
	AkkoordVerscherpen = "verscherpen" // ask the provider for a sharper result
	AkkoordVerschil    = "verschil"    // a difference of opinion, talked through
)

// ReviewInput is the Toegang's reaction to a beknopt plan.
type ReviewInput struct {
	Decision    string `json:"besluit"`
	Note        string `json:"toelichting"`
	Geldkwestie bool   `json:"geldkwestie"` // the difference is really about money: to the purchasing team
}

// Review records the akkoord, a request for a sharper plan (back to the
// provider) or a difference of opinion (stays here; a money question is
// flagged for the purchasing team).
func (s *Service) Review(ctx context.Context, p access.Principal, id int64, in ReviewInput) error {
	if err := checkReview(&in); err != nil {
		return err
	}
	in.Note = strings.TrimSpace(in.Note)
	switch in.Decision {
	case AkkoordJa:
	case AkkoordVerscherpen, AkkoordVerschil:
		if in.Note == "" {
			return refuse("Licht toe wat scherper moet of waarover u van mening verschilt.")
		}
	default:
		return refuse("Kies: akkoord, verscherpen of verschil van mening.")
	}
	if len([]rune(in.Note)) > 2000 {
		return refuse("De toelichting mag hoogstens 2.000 tekens lang zijn.")
	}
	return s.change(ctx, p, id, "traject.akkoord", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepAkkoord); err != nil {
			return err
		}
		// What the referrer asks or disagrees about goes on the thread, so
		// the provider reads it where the talk about the case is.
		switch in.Decision {
		case AkkoordVerscherpen, AkkoordVerschil:
			if err := s.addRemark(ctx, tx, p, t, in.Decision, in.Note); err != nil {
				return err
			}
		}
		switch in.Decision {
		case AkkoordJa:
			next, _ := routeAfter(t, StepAkkoord)
			return s.moveTo(ctx, tx, p, id, next, "Akkoord op het beknopt plan", "akkoord = ?, akkoord_note = ?, geldkwestie = ?", in.Decision, in.Note, false)
		case AkkoordVerscherpen:
			return s.moveTo(ctx, tx, p, id, StepBeknoptPlan, "Gevraagd het beknopt plan aan te scherpen", "akkoord = ?, akkoord_note = ?, plan_submitted_at = NULL", in.Decision, in.Note)
		}
		what := "Verschil van inzicht over het beknopt plan"
		if in.Geldkwestie {
			what += "; voorgelegd aan het inkoopteam als geldkwestie"
		}
		if in.Geldkwestie {
			// A new money question: an earlier outcome no longer answers it.
			return s.moveTo(ctx, tx, p, id, StepAkkoord, what, "akkoord = ?, akkoord_note = ?, geldkwestie = ?, geldkwestie_uitkomst = '', geldkwestie_toelichting = '', geldkwestie_at = NULL",
				in.Decision, in.Note, true)
		}
		return s.moveTo(ctx, tx, p, id, StepAkkoord, what, "akkoord = ?, akkoord_note = ?, geldkwestie = ?", in.Decision, in.Note, false)
	})
}

// SubmitAanvraag sends the request to the back office of the responsible
// municipality, which from then on is involved in the trajectory.
func (s *Service) SubmitAanvraag(ctx context.Context, p access.Principal, id int64) error {
	return s.change(ctx, p, id, "traject.aanvraag", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepAanvraag); err != nil {
			return err
		}
		if err := access.Link(ctx, tx, t.Case(), t.MunicipalityID, "aanvraag jeugdhulp", s.now()); err != nil {
			return err
		}
		return s.moveTo(ctx, tx, p, id, StepBesluit, "Aanvraag ingediend bij "+orgName(ctx, tx, t.MunicipalityID), "aanvraag_at = ?", s.now())
	})
}

// Decision is the back office's decision on a request, a bepaling or a
// verzoek om toewijzing. On a verzoek, a refusal carries its reason (WJ759)
// and goes to the provider as a JW319; so does "in onderzoek", once, which
// gives the municipality until 8 weeks after the verzoek.
type Decision struct {
	Toegekend    bool      `json:"toegekend"`
	Ingangsdatum time.Time `json:"ingangsdatum"`
	Einddatum    time.Time `json:"einddatum"`
	Motivering   string    `json:"motivering"`
	// RedenAfwijzing: the reason of a refused verzoek (WJ759, "1"–"9").
	RedenAfwijzing string `json:"reden_afwijzing,omitempty"`
	// Gemeente: with reason 8 (woonplaatsbeginsel), the CBS code of the
	// municipality that is responsible instead.
	Gemeente string `json:"gemeente,omitempty"`
	// InOnderzoek: not yet a decision; the verzoek is being looked into.
	InOnderzoek bool `json:"in_onderzoek,omitempty"`
	// Omvang: with a grant of segment-3 products, the volume assigned to
	// each (per month or in total, in the product's unit); a product
	// without one is assigned as one piece for the whole toewijzing.
	Omvang []toewijzing.ProductOmvang `json:"omvang,omitempty"`
}

// checkOmvang refuses a volume for a product the case does not have.
func checkOmvang(d Decision, products []arrangement.Product) error {
	for _, o := range d.Omvang {
		found := false
		for _, p := range products {
			found = found || p.Code == o.Code
		}
		if !found {
			return refuse("Product " + o.Code + " hoort niet bij dit traject; geef alleen een omvang voor de gekozen producten.")
		}
	}
	return nil
}

// Decide records the municipality's decision. When granted, in the same
// transaction the allocator makes the beschikking (unless the municipality
// is beschikkingsvrij for this route), the toewijzing and its JW301: all of
// it is stored, or none of it. On a verzoek om toewijzing the stored JW315
// is first checked against the standard; a refusal or "in onderzoek" is
// answered with a JW319 on each product it asks for.
func (s *Service) Decide(ctx context.Context, p access.Principal, id int64, d Decision) (*toewijzing.Toewijzing, error) {
	if err := s.checkDecision(ctx, p, id, &d); err != nil {
		return nil, err
	}
	d.Motivering = strings.TrimSpace(d.Motivering)
	if d.Motivering == "" {
		return nil, refuse("Motiveer het besluit.")
	}
	if d.Toegekend && d.InOnderzoek {
		return nil, refuse("Kies: toewijzen, afwijzen of in onderzoek.")
	}
	if d.Toegekend {
		if d.Ingangsdatum.IsZero() {
			return nil, refuse("Vul de ingangsdatum van de toewijzing in.")
		}
		if !d.Einddatum.IsZero() && d.Einddatum.Before(d.Ingangsdatum) {
			return nil, refuse("De einddatum ligt voor de ingangsdatum.")
		}
	}
	var tw *toewijzing.Toewijzing
	err := s.change(ctx, p, id, "traject.besluit", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepBesluit); err != nil {
			return err
		}
		now := s.now()
		verzoek := !t.VerzoekAt.IsZero()
		ref := ""
		var refs []string // a JW319 answers each requested product (OP274)
		var byProduct map[string]string
		if verzoek {
			b, err := berichten.Latest(ctx, tx, id, ijw.TypeJW315)
			if err != nil {
				return fmt.Errorf("verzoek of trajectory %d: %w", id, err)
			}
			// The answers carry the verzoek's own reference (TR379, TR355):
			// the platform's VOT, or the one a provider outside it chose.
			if ref = b.Referentie; ref == "" {
				ref = toewijzing.Referentie(t.ID)
			}
			refs = productRefs(b, ref)
			byProduct = productRefMap(b)
			findings, err := toewijzing.Check(ctx, tx, b)
			if err != nil {
				return err
			}
			if len(findings) > 0 && d.Toegekend {
				return refuse("Het verzoek om toewijzing voldoet niet aan de standaard; wijs het af. " + strings.Join(findings, " "))
			}
		} else if d.InOnderzoek || d.RedenAfwijzing != "" {
			return refuse("Alleen een verzoek om toewijzing van de aanbieder krijgt een antwoordbericht (in onderzoek of een reden van afwijzing).")
		}
		// A case opened on a verzoek from outside the platform (extern.go)
		// may lack what a decision needs.
		if d.Toegekend && t.Arrangement == 0 {
			return refuse("Dit verzoek om toewijzing vraagt geen arrangement van de regio (een arrangementscode 50H…) en kan hier niet worden toegewezen. Wijs het af, of zet het in onderzoek en overleg met de aanbieder.")
		}
		if !d.InOnderzoek {
			c, err := s.Clients.InTx(ctx, tx, t.ClientID, access.View{Address: true})
			if err != nil {
				return err
			}
			if c.Postcode == "" || c.HouseNumber == "" {
				return refuse("Het adres van de jeugdige ontbreekt: een verzoek om toewijzing bevat geen adres. Vul het adres uit de BRP in bij de jeugdige; het besluit en de toewijzing gaan naar dat adres.")
			}
		}
		switch {
		case d.InOnderzoek:
			if !t.OnderzoekTot.IsZero() {
				return refuse("Dit verzoek is al in onderzoek; besluit nu: toewijzen of afwijzen.")
			}
			for _, r := range refs {
				if err := s.answer(ctx, tx, t, toewijzing.AntwoordRequest{Antwoord: toewijzing.AntwoordInOnderzoek, Referentie: r}, now); err != nil {
					return err
				}
			}
			cal, err := s.calOf(ctx, tx, t)
			if err != nil {
				return err
			}
			until := cal.Due(t.VerzoekAt, TermOnderzoek)
			if _, err := tx.Exec(ctx, "UPDATE trajectories SET onderzoek_tot = ? WHERE id = ?", until.UTC(), id); err != nil {
				return err
			}
			if err := werk.Fulfil(ctx, tx, id, p.UserID, now); err != nil {
				return err
			}
			if _, err := werk.Open(ctx, tx, werk.Obligation{Kind: "stap:" + string(StepBesluit), TrajectoryID: id, OwnerOrgID: t.MunicipalityID,
				OwnerRole: access.Backoffice, Label: "Besluiten over het verzoek in onderzoek", DueAt: until}, now); err != nil {
				return err
			}
			return s.record(ctx, tx, p, id, EventBesluit, "Verzoek om toewijzing in onderzoek (JW319), uiterlijk besluit "+kalender.Datum(until)+": "+d.Motivering)
		case !d.Toegekend:
			what := "Aanvraag afgewezen: " + d.Motivering
			if verzoek {
				if !validReden(d.RedenAfwijzing) {
					return refuse("Kies de reden van afwijzing van het verzoek.")
				}
				if d.RedenAfwijzing == "8" && len(d.Gemeente) != 4 {
					return refuse("Vul bij afwijzing om het woonplaatsbeginsel de CBS-code van de verantwoordelijke gemeente in (vier cijfers).")
				}
				for _, r := range refs {
					if err := s.answer(ctx, tx, t, toewijzing.AntwoordRequest{Antwoord: toewijzing.AntwoordAfgewezen, Reden: d.RedenAfwijzing, Gemeente: d.Gemeente, Referentie: r}, now); err != nil {
						return err
					}
				}
				what = "Verzoek om toewijzing afgewezen (JW319, reden " + d.RedenAfwijzing + "): " + d.Motivering
			}
			if err := s.moveToAs(ctx, tx, p, id, StepAfgewezen, EventBesluit, what, "besluit = 'afgewezen', besluit_at = ?", now); err != nil {
				return err
			}
			// The family gets the decision with its motivation and the
			// bezwaar clause; the referrer is told and closes the case.
			r, err := s.allocation(ctx, tx, p, t, d, "")
			if err != nil {
				return err
			}
			if _, err := toewijzing.Afwijzing(ctx, tx, r, now); err != nil {
				return err
			}
			if err := s.record(ctx, tx, p, id, EventDocument, "Beschikking van afwijzing verstuurd aan de jeugdige of het gezin"); err != nil {
				return err
			}
			return s.tellReferrer(ctx, tx, t)
		}
		if err := s.moveToAs(ctx, tx, p, id, StepToegewezen, EventBesluit, "Toegewezen: toewijzing en JW301 verstuurd", "besluit = 'toegekend', besluit_at = ?", now); err != nil {
			return err
		}
		r, err := s.allocation(ctx, tx, p, t, d, ref)
		if err != nil {
			return err
		}
		if err := checkOmvang(d, r.Products); err != nil {
			return err
		}
		r.Omvang, r.ProductReferenties = d.Omvang, byProduct
		got, err := s.Allocator.Allocate(ctx, tx, r, now)
		if err != nil {
			return err
		}
		tw = &got
		// The provider now owes the start of care (JW305, OP271). After
		// any werk.Fulfil of this transaction, which would close it.
		cal, err := s.calOf(ctx, tx, t)
		if err != nil {
			return err
		}
		if err := levering.OpenStartObligationOn(ctx, tx, got, cal, now); err != nil {
			return err
		}
		if got.Beschikking {
			return s.record(ctx, tx, p, id, EventDocument, "Beschikking verstuurd aan de jeugdige of het gezin")
		}
		return nil
	})
	return tw, err
}

// productRefs are the ReferentieAanbieder of every product the stored
// verzoek b asks for, first the verzoek's own (ref); just ref when b cannot
// be read.
func productRefs(b berichten.Bericht, ref string) []string {
	refs := []string{ref}
	m, err := b.Decode()
	if err != nil {
		return refs
	}
	if vot, ok := m.(*ijw.JW315); ok {
		for _, p := range vot.Client.AangevraagdeProducten.AangevraagdProduct {
			if !slices.Contains(refs, p.ReferentieAanbieder) {
				refs = append(refs, p.ReferentieAanbieder)
			}
		}
	}
	return refs
}

// productRefMap maps each product code the stored verzoek b asks for to
// its ReferentieAanbieder: the JW301 answering it carries, per product,
// the reference of the product it grants (TR379), so no requested product
// stays open (TR374).
func productRefMap(b berichten.Bericht) map[string]string {
	m, err := b.Decode()
	if err != nil {
		return nil
	}
	vot, ok := m.(*ijw.JW315)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, p := range vot.Client.AangevraagdeProducten.AangevraagdProduct {
		if p.Product != nil && p.Product.Code != "" {
			out[p.Product.Code] = p.ReferentieAanbieder
		}
	}
	return out
}

func validReden(code string) bool {
	for _, r := range toewijzing.RedenenAfwijzing {
		if r.Code == code {
			return true
		}
	}
	return false
}

// answer writes a JW319 on t's verzoek and records it.
func (s *Service) answer(ctx context.Context, tx *database.Tx, t Trajectory, r toewijzing.AntwoordRequest, now time.Time) error {
	r.TrajectoryID, r.MunicipalityID, r.ProviderID = t.ID, t.MunicipalityID, t.ProviderID
	if _, err := toewijzing.Antwoord(ctx, tx, r, now); err != nil {
		return err
	}
	return nil
}

// allocation gathers what a positive decision on t needs.
func (s *Service) allocation(ctx context.Context, tx *database.Tx, p access.Principal, t Trajectory, d Decision, ref string) (toewijzing.Request, error) {
	r := toewijzing.Request{TrajectoryID: t.ID, Route: string(t.Route), MunicipalityID: t.MunicipalityID, ProviderID: t.ProviderID,
		Arrangement: t.Arrangement, Intensiteit: t.Intensiteit, Ingangsdatum: d.Ingangsdatum, Einddatum: d.Einddatum, Motivering: d.Motivering, Referentie: ref,
		Besluiter: p.Name}
	// Who talks a refusal through with the family: the referrer, on the
	// medical route the provider, who wrote the plan with them.
	contact := t.ReferrerOrgID
	if t.Route == RouteMedisch {
		contact = t.ProviderID
	}
	r.Contact = orgName(ctx, tx, contact)
	var err error
	if r.Client, err = s.Clients.InTx(ctx, tx, t.ClientID, access.View{BSN: true, Address: true}); err != nil {
		return r, err
	}
	if r.Step5a, r.Products, err = choice(ctx, tx, t.ID); err != nil {
		return r, err
	}
	rs, err := client.Relations(ctx, tx, t.ClientID)
	if err != nil {
		return r, err
	}
	for _, rel := range rs {
		if rel.Gezag {
			r.Parent = rel.Name
			break
		}
	}
	return r, nil
}

// choice reads the stored step 5a and products of trajectory id.
func choice(ctx context.Context, tx *database.Tx, id int64) (*arrangement.Step5a, []arrangement.Product, error) {
	var s5raw, prodRaw string
	if err := tx.QueryRow(ctx, "SELECT step5a_json, products_json FROM trajectories WHERE id = ?", id).Scan(&s5raw, &prodRaw); err != nil {
		return nil, nil, err
	}
	var s5 *arrangement.Step5a
	if s5raw != "" && s5raw != "null" && s5raw != "{}" {
		s5 = new(arrangement.Step5a)
		if err := json.Unmarshal([]byte(s5raw), s5); err != nil {
			return nil, nil, fmt.Errorf("step 5a of trajectory %d: %w", id, err)
		}
	}
	var prods []arrangement.Product
	if prodRaw != "" && prodRaw != "null" {
		if err := json.Unmarshal([]byte(prodRaw), &prods); err != nil {
			return nil, nil, fmt.Errorf("products of trajectory %d: %w", id, err)
		}
	}
	return s5, prods, nil
}
