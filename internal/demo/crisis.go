package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/crisis"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// CrisisBSN is the youth of the demo's open crisis.
const CrisisBSN = "345621219"

// seedCrisis reports one crisis to the crisis service through package
// crisis, as a user would: a 15-year-old in Venlo, new to the system,
// reported by the police 90 minutes before the seed's moment; the triage
// (youth and parenting, with a gedragswetenschapper), the assessment on
// site 50 minutes after the report (a crisis) and ambulant crisis help for
// 4 weeks. The RTO with the Toegang of Venlo, the process director, is
// open on both organisations' Mijn werk.
func seedCrisis(ctx context.Context, w *Walker) error {
	svc := crisis.New(w.Svc)
	p := w.As(w.Orgs[OrgCrisis], access.Crisisdienst)
	gemeld := w.Now.Add(-90 * time.Minute)
	st, err := svc.Meld(ctx, p, crisis.MeldingInput{GemeldOm: gemeld, Melder: "politie", MelderNaam: "Wijkagent R. Hendrix", MelderTelefoon: "077 000 0000",
		AndersDanGisteren: "Gisteren nog rustig; vanavond een hevige ruzie tussen moeder en Daan, waarbij Daan met een mes dreigde. Moeder durft hem niet meer in huis.",
		Jeugdige: client.Input{BSN: CrisisBSN, GivenName: "Daan", FamilyName: "Hermans", Geslacht: client.GeslachtMan, BirthDate: w.Now.AddDate(-15, 0, -100).Format("2006-01-02"),
			Street: "Kaldenkerkerweg", HouseNumber: "20", Postcode: "5913 AE", City: "Venlo", MunicipalityID: w.Orgs[gemeente("Venlo")]}})
	if err != nil {
		return fmt.Errorf("demo crisis: report: %w", err)
	}
	id := st.TrajectoryID
	if err := svc.Triage(ctx, p, id, crisis.TriageInput{Uitkomst: crisis.UitkomstCrisis, Problematiek: "jeugd_en_opvoeden", DeskundigeNaam: "Drs. M. Peeters",
		Toelichting: "Acute onveiligheid thuis; moeder kan de situatie vannacht niet aan."}); err != nil {
		return fmt.Errorf("demo crisis: triage: %w", err)
	}
	if err := svc.Inschatting(ctx, p, id, crisis.InschattingInput{TerPlaatseOm: gemeld.Add(50 * time.Minute), Crisismedewerker: "Sanne Janssen", Crisis: true,
		Toelichting: "De rust is teruggekeerd; Daan blijft thuis. Moeder en Daan willen samen verder, met dagelijks hulp thuis."}); err != nil {
		return fmt.Errorf("demo crisis: assessment: %w", err)
	}
	begin := kalender.Day(w.Now)
	if err := svc.Inzet(ctx, p, id, crisis.InzetInput{Vormen: []crisis.VormInput{{Vorm: "ash", Begindatum: begin.Format("2006-01-02"),
		Einddatum: begin.AddDate(0, 0, 27).Format("2006-01-02")}}, Toelichting: "Dagelijks een gesprek thuis in de eerste week."}); err != nil {
		return fmt.Errorf("demo crisis: care: %w", err)
	}
	return nil
}
