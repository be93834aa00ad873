package demo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/segment1"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Segment1BSN is the youth of the demo's segment-1 case: registered with
// the intake desk, in intake, with a question to the expert team.
const Segment1BSN = "458885393"

// Segment1Youth is the youth of the demo's segment-1 case. The woonplaats
// (Berkel-Enschot, municipality Tilburg) is not a municipality's name, so
// a page that shows it shows the address.
var Segment1Youth = Youth{BSN: Segment1BSN, Given: "Yara", Family: "Koster", Age: 14, Street: "Koningsoord", House: "12", Postcode: "5056 AB",
	City: "Berkel-Enschot", Municipality: "Tilburg", Parent: "Miriam Koster", MeldingDaysAgo: 12}

// Segment1Service is the segment-1 service on the walker's gate, clock and
// calendar.
func (w *Walker) Segment1Service() *segment1.Service {
	return &segment1.Service{Gate: w.Svc.Gate, Now: w.Svc.Now, Cal: w.Svc.Cal}
}

// Segment1IPVA finishes the IPVA of trajectory id on the Toegang route as
// its referrer p: complete, marked and motivated for segment 1, signed by
// whoever signs at the youth's age.
func (w *Walker) Segment1IPVA(ctx context.Context, p access.Principal, id int64, y Youth) error {
	doc := IPVA(y.Given, w.Now)
	doc.Segment1 = true
	doc.MotiveringSegment1 = "Eerdere ambulante hulp hielp niet genoeg; er spelen problemen op meer leefgebieden tegelijk en er zijn zorgen over de veiligheid thuis."
	raw, _ := json.Marshal(doc)
	if _, err := w.Svc.SaveIPVA(ctx, p, id, 0, raw); err != nil {
		return err
	}
	signers := []traject.Signature{{Signer: traject.SignerAuteur, Name: p.Name}, {Signer: traject.SignerJeugdige, Name: y.Given + " " + y.Family},
		{Signer: traject.SignerGezaghebbende, Name: y.Parent}}
	for _, sg := range signers {
		sg.SignedOn = w.Now
		if err := w.Svc.Sign(ctx, p, id, sg); err != nil {
			return err
		}
	}
	return w.Svc.FinishIPVA(ctx, p, id, ipva.LateReason{})
}

// seedSegment1 registers the RET (Hart van Brabant) and the Bijzondere
// Toegang (Noord- en Midden-Limburg) as expert teams and puts one youth in
// the intake of segment 1, through the services as the demo's Toegang
// worker: the phone consultation with the intake desk, the registration
// with the IPVA, and a question to the RET. The desk then has the
// judgement and the intake talk on its Mijn werk, the RET the case on its
// next Tuesday afternoon.
func seedSegment1(ctx context.Context, w *Walker) error {
	if err := segment1.SetTeam(ctx, w.DB, w.Orgs[OrgRET], segment1.TeamRET); err != nil {
		return err
	}
	if bt, ok := w.Orgs[OrgBijzondereToegang]; ok {
		if err := segment1.SetTeam(ctx, w.DB, bt, segment1.TeamBT); err != nil {
			return err
		}
	}
	y := Segment1Youth
	st, err := w.Start(ctx, traject.RouteToegang, y)
	if err != nil {
		return fmt.Errorf("demo segment 1: %w", err)
	}
	p := w.As(w.Orgs[toegang(y.Municipality)], access.Toegangsmedewerker)
	if err := w.Segment1IPVA(ctx, p, st.TrajectoryID, y); err != nil {
		return fmt.Errorf("demo segment 1: IPVA: %w", err)
	}
	svc := w.Segment1Service()
	today := w.Now.Format("2006-01-02")
	if err := svc.TelefonischOverleg(ctx, p, st.TrajectoryID, segment1.TelefonischOverlegInput{AanmeldpuntID: w.Orgs[OrgAanmeldpunt],
		Datum: w.Now.AddDate(0, 0, -1).Format("2006-01-02"), Met: "Medewerker aanmeldpunt (demo)",
		Samenvatting: "Casus besproken: hoog-specialistische hulp lijkt nodig; aanmelden met het IPVA, aanmeldgesprek met Yara en moeder."}); err != nil {
		return fmt.Errorf("demo segment 1: phone consultation: %w", err)
	}
	if err := svc.Aanmelden(ctx, p, st.TrajectoryID, segment1.AanmeldingInput{
		Aanmeldreden: "Vastgelopen thuis en op school, meerdere leefgebieden tegelijk; eerdere ambulante hulp was niet genoeg.",
		Toestemming:  segment1.ToestemmingInput{Vorm: "schriftelijk", GegevenDoor: y.Parent, Datum: today}}); err != nil {
		return fmt.Errorf("demo segment 1: registration: %w", err)
	}
	if err := svc.ConsultatieVragen(ctx, p, st.TrajectoryID, segment1.ConsultatieInput{TeamID: w.Orgs[OrgRET],
		Vraag: "Welke domeinoverstijgende inzet adviseert het RET naast de jeugdhulp, met het oog op de schulden van het gezin?"}); err != nil {
		return fmt.Errorf("demo segment 1: consultation: %w", err)
	}
	return nil
}
