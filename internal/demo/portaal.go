package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/portaal"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// The demo's families for the family portal (package portaal): each youth
// is registered on the Toegang route with a parent whose BSN is recorded
// for the portal, and the demo's nep-DigiD offers them as people to log in
// as. Sanne (15) and her mother both see the plan and sign it; Daan is 17,
// so his father sees nothing; Lotte is 9, so only her mother logs in.
type gezinDemo struct {
	youth     Youth
	youthBSN  string // "" : the youth has no login (under 12)
	parentBSN string
	until     traject.Step
}

var gezinnen = []gezinDemo{
	{Youth{BSN: "777000106", Given: "Sanne", Family: "Jansen", Age: 15, Geslacht: "2", Street: "Piushaven", House: "12", Postcode: "5017 AN", City: "Tilburg",
		Municipality: "Tilburg", Parents: []traject.Relation{{Voornamen: "Petra", Achternaam: "Jansen", Relation: "ouder", Gezag: true, Geslacht: "2", Phone: "013 000 0101"}}, MeldingDaysAgo: 6},
		"777000106", "777000118", traject.StepIPVA},
	{Youth{BSN: "777000131", Given: "Daan", Tussenvoegsel: "de", Family: "Wit", Age: 17, Geslacht: "1", Street: "Molenstraat", House: "3", Postcode: "5111 AA", City: "Baarle-Nassau",
		Municipality: "Goirle", Parents: []traject.Relation{{Voornamen: "Mark", Tussenvoegsel: "de", Achternaam: "Wit", Relation: "ouder", Gezag: true, Geslacht: "1", Phone: "013 000 0102"}}, MeldingDaysAgo: 20},
		"777000131", "777000143", traject.StepArrangement},
	{Youth{BSN: "777000155", Given: "Lotte", Tussenvoegsel: "van", Family: "Dam", Age: 9, Geslacht: "2", Street: "Kerkstraat", House: "8", Postcode: "5061 EG", City: "Oisterwijk",
		Municipality: "Oisterwijk", Parents: []traject.Relation{{Voornamen: "Anouk", Tussenvoegsel: "van", Achternaam: "Dam", Relation: "ouder", Gezag: true, Geslacht: "2", Phone: "013 000 0103"}}, MeldingDaysAgo: 4},
		"", "777000167", traject.StepIPVA},
}

// Gezinnen are the people the demo's nep-DigiD offers.
func Gezinnen() []portaal.NepPersoon {
	var out []portaal.NepPersoon
	for _, g := range gezinnen {
		y, p := g.youth, g.youth.Parents[0]
		if g.youthBSN != "" {
			out = append(out, portaal.NepPersoon{BSN: g.youthBSN, Naam: client.FullName(y.Given, y.Tussenvoegsel, y.Family),
				Toelichting: fmt.Sprintf("jongere, %d jaar", y.Age)})
		}
		out = append(out, portaal.NepPersoon{BSN: g.parentBSN, Naam: p.DisplayName(),
			Toelichting: fmt.Sprintf("ouder van %s (%d jaar)", y.Given, y.Age)})
	}
	return out
}

// seedPortaal registers the demo families (after the trajectories; err is
// theirs, returned as is).
func seedPortaal(ctx context.Context, db *database.DB, now time.Time, err error) error {
	if err != nil {
		return err
	}
	w, err := NewWalker(ctx, db, now)
	if err != nil {
		return err
	}
	svc := portaal.New(w.Svc, account.NewService(db))
	for _, g := range gezinnen {
		st, err := w.Start(ctx, traject.RouteToegang, g.youth)
		if err != nil {
			return fmt.Errorf("demo family %s: %w", g.youth.Given, err)
		}
		p := w.As(w.Orgs[toegang(g.youth.Municipality)], access.Toegangsmedewerker)
		if g.until == traject.StepIPVA {
			// A plan written with the family, the provider proposed with
			// oral consent, signed by its author: the family signs next.
			if _, err := w.Svc.SaveIPVA(ctx, p, st.TrajectoryID, 0, CompleteIPVA(g.youth.Given, now)); err != nil {
				return fmt.Errorf("demo family %s: %w", g.youth.Given, err)
			}
			if err := w.Svc.RecordConsent(ctx, p, st.TrajectoryID, traject.ConsentInput{ProviderID: w.Provider, Form: "mondeling",
				GivenBy: g.youth.Parents[0].DisplayName(), GivenOn: now}); err != nil {
				return fmt.Errorf("demo family %s: %w", g.youth.Given, err)
			}
			if err := w.Svc.Sign(ctx, p, st.TrajectoryID, traject.Signature{Signer: traject.SignerAuteur, Name: p.Name, SignedOn: now}); err != nil {
				return fmt.Errorf("demo family %s: %w", g.youth.Given, err)
			}
		} else if err := w.To(ctx, st.TrajectoryID, g.until); err != nil {
			return fmt.Errorf("demo family %s: %w", g.youth.Given, err)
		}
		v, err := w.Svc.Get(ctx, p, st.TrajectoryID, access.Hulpverlening)
		if err != nil {
			return err
		}
		if err := svc.KoppelOuder(ctx, p, st.ClientID, v.Relations[0].ID, g.parentBSN); err != nil {
			return fmt.Errorf("demo family %s: %w", g.youth.Given, err)
		}
	}
	return nil
}
