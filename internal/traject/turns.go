package traject

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/werk"
)

// StepGesloten: the referrer closed the case before care was allocated.
const StepGesloten Step = "gesloten"

// referrerRole is the role in which the referrer's organisation acts on a
// route's case as a whole (closing it, hearing of a refusal).
func referrerRole(r Route) access.Role {
	switch r {
	case RouteGI:
		return access.GIMedewerker
	case RouteMedisch:
		return access.VerwijzerMedisch
	}
	return access.Toegangsmedewerker
}

// changeableFrom lists, per route, the steps at which the arrangement may
// still be changed: after it was chosen and until the request, bepaling or
// verzoek went to the municipality.
var changeableFrom = map[Route][]Step{
	RouteToegang: {StepAanbieder, StepAcceptatie, StepBeknoptPlan, StepAkkoord, StepAanvraag},
	RouteGI:      {StepAanbieder, StepAcceptatie, StepBeknoptPlan, StepAkkoord, StepBepaling},
	RouteMedisch: {StepVerzoek},
}

// ChangeArrangement changes a chosen arrangement before the municipality
// has the request: by whoever chooses it on the route. A provider already
// chosen must deliver the new arrangement; when its beknopt plan was
// already handed in, the plan goes back to it, as the plan rests on the
// arrangement.
func (s *Service) ChangeArrangement(ctx context.Context, p access.Principal, id int64, in ArrangementInput) error {
	if err := checkArrangement(in); err != nil {
		return err
	}
	if _, err := arrangement.IJwProducten(in.Arrangement, in.Intensiteit, in.Step5a, in.Products); err != nil {
		return refuse(err.Error())
	}
	s5, _ := json.Marshal(in.Step5a)
	prods, _ := json.Marshal(in.Products)
	return s.change(ctx, p, id, "traject.arrangement", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if !choosesArrangement(t, p) {
			return refuse("Alleen wie het arrangement kiest, kan het wijzigen.")
		}
		if !CanChangeArrangement(t, p) {
			return refuse("Het arrangement kan nu niet meer worden gewijzigd: de gemeente heeft de aanvraag al, of het arrangement is nog niet gekozen.")
		}
		if t.ProviderID != 0 {
			delivers, err := organisation.Delivers(ctx, tx, t.ProviderID, in.Arrangement)
			if err != nil {
				return err
			}
			if !delivers {
				return refuse("De gekozen aanbieder levert dit arrangement niet; kies eerst een andere aanbieder of een ander arrangement.")
			}
		}
		what := "Arrangement gewijzigd: " + arrangementText(in.Arrangement, in.Intensiteit, in.Step5a, in.Products)
		set := "arrangement = ?, intensiteit = ?, step5a_json = ?, products_json = ?"
		args := []any{in.Arrangement, in.Intensiteit, string(s5), string(prods)}
		if t.Step == StepAkkoord || t.Step == StepAanvraag || t.Step == StepBepaling {
			return s.moveTo(ctx, tx, p, id, StepBeknoptPlan, what+"; het beknopt plan gaat terug naar de aanbieder",
				set+", plan_submitted_at = NULL, akkoord = ''", args...)
		}
		if _, err := tx.Exec(ctx, "UPDATE trajectories SET "+set+", updated_at = ? WHERE id = ?", append(args, s.now(), id)...); err != nil {
			return err
		}
		return s.record(ctx, tx, p, id, EventStap, what)
	})
}

// CloseInput is why a referrer closes a case.
type CloseInput struct {
	Reden string `json:"reden"`
}

// Close ends a case before care was allocated, or after a refusal: by the
// referrer's organisation in its route role, with a reason. Every open
// obligation is fulfilled and the case shows as closed; its history stays.
func (s *Service) Close(ctx context.Context, p access.Principal, id int64, in CloseInput) error {
	in.Reden = strings.TrimSpace(in.Reden)
	if in.Reden == "" || len([]rune(in.Reden)) > 1000 {
		return invalidInput(client.FieldErrors{"reden": "Geef een reden waarom het traject wordt afgesloten (hoogstens 1.000 tekens)."})
	}
	return s.change(ctx, p, id, "traject.afsluiten", access.Hulpverlening, func(tx *database.Tx, t Trajectory) error {
		if !mayClose(t, p) {
			return refuse("Alleen de verwijzer sluit een traject af.")
		}
		switch t.Step {
		case StepToegewezen:
			return refuse("Dit traject is toegewezen: de zorg wordt beëindigd met een stopbericht, niet door het traject af te sluiten.")
		case StepGesloten:
			return refuse("Dit traject is al afgesloten.")
		}
		// A closed case has no open questions left.
		if err := werk.FulfilKind(ctx, tx, id, werk.KindVraag+"%", p.UserID, s.now()); err != nil {
			return err
		}
		return s.moveTo(ctx, tx, p, id, StepGesloten, "Traject afgesloten: "+in.Reden, "")
	})
}

// tellReferrer opens, after a refusal, the referrer's obligation to talk it
// through with the youth and the family and then close the case.
func (s *Service) tellReferrer(ctx context.Context, tx *database.Tx, t Trajectory) error {
	now := s.now()
	cal, err := s.calOf(ctx, tx, t)
	if err != nil {
		return err
	}
	_, err = werk.Open(ctx, tx, werk.Obligation{Kind: "afwijzing", TrajectoryID: t.ID, OwnerOrgID: t.ReferrerOrgID, OwnerRole: referrerRole(t.Route),
		Label: "Afwijzing bespreken met de jeugdige en het gezin, en het traject afsluiten", DueAt: cal.Due(now, termAanvraag)}, now)
	return err
}

// choosesArrangement reports whether p's organisation and role choose the
// arrangement on t's route.
func choosesArrangement(t Trajectory, p access.Principal) bool {
	d, _ := RouteOf(t.Route)
	sd, ok := d.StepOf(StepArrangement)
	return ok && t.owner(sd.Party) == p.OrgID && p.Has(sd.Role)
}

// CanChangeArrangement reports whether p may change t's arrangement now.
func CanChangeArrangement(t Trajectory, p access.Principal) bool {
	if !choosesArrangement(t, p) {
		return false
	}
	for _, st := range changeableFrom[t.Route] {
		if st == t.Step {
			return true
		}
	}
	return false
}

func mayClose(t Trajectory, p access.Principal) bool {
	return t.ReferrerOrgID == p.OrgID && p.Has(referrerRole(t.Route))
}

// CanClose reports whether p may close t now.
func CanClose(t Trajectory, p access.Principal) bool {
	return mayClose(t, p) && t.Step != StepToegewezen && t.Step != StepGesloten
}

// PlanWarnings compares the provider's beknopt plan with the chosen
// arrangement, for the referrer's akkoord (step 6): a different advised
// intensity, or advised products where the arrangement code is used (or the
// other way round), is said in Dutch so that it is talked through before
// the akkoord; it does not block it.
func PlanWarnings(t Trajectory, plan ipva.BeknoptPlan) []string {
	var out []string
	if plan.GeadviseerdeIntensiteit != 0 && t.Intensiteit != 0 && plan.GeadviseerdeIntensiteit != t.Intensiteit {
		advised, chosen := strconv.Itoa(plan.GeadviseerdeIntensiteit), strconv.Itoa(t.Intensiteit)
		if in, err := arrangement.GetIntensiteit(plan.GeadviseerdeIntensiteit); err == nil {
			advised = strings.ToLower(in.Naam)
		}
		if in, err := arrangement.GetIntensiteit(t.Intensiteit); err == nil {
			chosen = strings.ToLower(in.Naam)
		}
		out = append(out, "De aanbieder adviseert intensiteit "+advised+"; het gekozen arrangement heeft intensiteit "+chosen+
			". Bespreek het verschil, of wijzig het arrangement, voordat u akkoord geeft.")
	}
	if len(plan.Producten) > 0 && !arrangement.IntensiteitNeedsStep5a(t.Intensiteit) {
		out = append(out, "De aanbieder adviseert producten ("+strings.Join(plan.Producten, ", ")+"), maar bij deze intensiteit geldt de arrangementcode; producten horen bij zwaar of chronisch na stap 5a.")
	}
	return out
}
