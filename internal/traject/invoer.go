package traject

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
)

// This file applies the input rules of package invoer to the inputs of the
// steps, before their transaction: each exported step calls one check at
// its top. A check cleans the input in place (NFC, trimmed) and returns
// the problems per field as invalid input, which the API answers with 422
// and its "fouten", and a page shows as the step's Dutch refusal.

// invalid is input refused field by field: it is a client.FieldErrors (the
// API's 422) and a Refusal whose reason is the fields' messages (the page).
type invalid struct {
	fields  client.FieldErrors
	refusal *Refusal
}

func (e *invalid) Error() string   { return e.refusal.Reason }
func (e *invalid) Unwrap() []error { return []error{e.fields, e.refusal} }

// invalidInput is fe as an error, nil when fe is empty.
func invalidInput(fe client.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	return &invalid{fields: fe, refusal: &Refusal{Reason: fe.Zinnen()}}
}

// caseDates are what a date typed for a trajectory is checked against.
type caseDates struct{ geboorte, melding time.Time }

// caseDatesOf reads the youth's birth date and the eerste melding of
// trajectory id through q.
func caseDatesOf(ctx context.Context, q database.Querier, id int64) (caseDates, error) {
	var d caseDates
	var clientID int64
	err := q.QueryRow(ctx, "SELECT client_id, eerste_melding FROM trajectories WHERE id = ?", id).Scan(&clientID, &d.melding)
	if errors.Is(err, database.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("dates of trajectory %d: %w", id, err)
	}
	c, err := client.Read(ctx, q, clientID, access.View{})
	if err != nil {
		return d, err
	}
	d.geboorte = c.BirthDate
	return d, nil
}

// againstCase checks input for trajectory id against the youth's birth
// date and the eerste melding: check records its problems in fe. The dates
// are read to decide, but a problem reaches the caller only through the
// gate: then the step's change is attempted as p (object, purpose and may,
// the step's own check of who acts, as the step uses them), the dates are
// read again inside it and the problems returned from it, so a caller not
// linked to the trajectory learns nothing about the youth's dates (the
// refusal is logged and answered as "not found") and a linked one's
// attempt is logged once, as failed. When nothing is wrong no extra entry
// is written.
func (s *Service) againstCase(ctx context.Context, p access.Principal, id int64, object string, purpose access.Purpose,
	may func(Trajectory) error, check func(fe client.FieldErrors, d caseDates)) error {
	d, err := caseDatesOf(ctx, s.Gate.DB, id)
	if errors.Is(err, ErrNotFound) {
		return nil // the step answers it
	}
	if err != nil {
		return err
	}
	fe := client.FieldErrors{}
	if check(fe, d); len(fe) == 0 {
		return nil
	}
	return s.change(ctx, p, id, object, purpose, func(tx *database.Tx, t Trajectory) error {
		if err := may(t); err != nil {
			return err
		}
		d, err := caseDatesOf(ctx, tx, id)
		if err != nil {
			return err
		}
		fe := client.FieldErrors{}
		check(fe, d)
		return invalidInput(fe)
	})
}

// Text rules of the steps' fields (lengths as the fields had them).
var (
	tekstKenmerk    = invoer.Tekst{Label: "het kenmerk (zaaknummer) van de uitspraak", Max: 100, Verplicht: true}
	tekstRaad       = invoer.Tekst{Label: "het rapport van de Raad voor de Kinderbescherming", Max: 200, Verplicht: true}
	tekstVerwijzer  = invoer.Tekst{Label: "de naam van de verwijzer", Max: 200, Verplicht: true}
	tekstCode       = invoer.Tekst{Label: "de AGB-code of het UZI-nummer", Verplicht: true}
	tekstSpecialism = invoer.Tekst{Label: "het specialisme"}
	tekstOndertek   = invoer.Tekst{Label: "de naam van de ondertekenaar", Max: 200, Verplicht: true}
	tekstGegevenBij = invoer.Tekst{Label: "wie de toestemming heeft gegeven", Verplicht: true}
	tekstMotivering = invoer.Tekst{Label: "de motivering van het besluit", Verplicht: true, Regels: true}
	tekstGemeente   = invoer.Tekst{Label: "de CBS-code van de gemeente"}
	tekstReden      = invoer.Tekst{Label: "de reden van afwijzing"}
	tekstToelicht   = invoer.Tekst{Label: "de toelichting", Max: 2000, Regels: true}
	// The beknopt plan's own limit of 1,000 characters is ipva's rule
	// (R-STEP-1), with its message that says how much shorter.
	tekstPlan         = invoer.Tekst{Label: "het beknopt plan", Regels: true}
	tekstActiviteit   = invoer.Tekst{Label: "de omschrijving van de activiteit"}
	tekstFrequentie   = invoer.Tekst{Label: "de frequentie van de activiteit"}
	tekstProductcode  = invoer.Tekst{Label: "de productcode"}
	cbsRe             = regexp.MustCompile(`^[0-9]{4}$`)
	ondertekenaars    = []string{SignerAuteur, SignerJeugdige, SignerGezaghebbende}
	toestemmingVormen = []string{"mondeling", "schriftelijk"}
)

// startFields checks the fields of a request for help besides the youth's
// record (client.Input.Validate): the eerste melding against the birth
// date typed with it, the parents, the provider of a medical referral and
// the court order's date against the birth date. It cleans in's texts in
// place and returns the eerste melding.
func startFields(fe client.FieldErrors, in *StartInput, now time.Time) time.Time {
	em, _ := time.Parse("2006-01-02", in.EersteMelding)
	birth, err := time.Parse("2006-01-02", in.Client.BirthDate)
	if err != nil || invoer.Geboortedatum(birth, now) != "" {
		birth = time.Time{} // its own message says what is wrong
	}
	fe.Zet("eerste_melding", invoer.EersteMelding(em, birth, now))
	in.Relations = client.CheckRelations(fe, in.Relations)
	if in.AanbiederID < 0 {
		fe.Zet("aanbieder_id", invoer.ID("de jeugdhulpaanbieder waarnaar u verwijst", in.AanbiederID))
	}
	if m := in.Maatregel; m != nil && !birth.IsZero() {
		fe.Zet("maatregel.uitspraak_datum", invoer.Uitspraak(m.UitspraakDatum, birth, now))
	}
	return em
}

// maatregelFields cleans the court order's texts and checks its date.
func maatregelFields(fe client.FieldErrors, m *Maatregel, now time.Time) {
	m.Kenmerk = fe.Tekst("maatregel.kenmerk", tekstKenmerk, m.Kenmerk)
	m.RaadRapport = fe.Tekst("maatregel.raad_rapport", tekstRaad, m.RaadRapport)
	fe.Zet("maatregel.uitspraak_datum", invoer.Uitspraak(m.UitspraakDatum, time.Time{}, now))
}

// verwijzerFields cleans the medical referrer's texts.
func verwijzerFields(fe client.FieldErrors, v *Verwijzer) {
	v.Naam = fe.Tekst("verwijzer.naam", tekstVerwijzer, v.Naam)
	v.Code = fe.Tekst("verwijzer.zorgverlenercode", tekstCode, v.Code)
	v.Specialisme = fe.Tekst("verwijzer.specialisme", tekstSpecialism, v.Specialisme)
}

// checkSignature checks a signature on the IPVA of trajectory id: who
// signs, the name, and the day: not in the future, not before the youth's
// birth, not long before the eerste melding.
func (s *Service) checkSignature(ctx context.Context, p access.Principal, id int64, sg *Signature) error {
	now := s.now()
	fe := client.FieldErrors{}
	fe.Zet("ondertekenaar", invoer.Keuze(sg.Signer, "Kies wie ondertekent: auteur, jeugdige of ouder/gezaghebbende.", ondertekenaars...))
	sg.Name = fe.Tekst("naam", tekstOndertek, sg.Name)
	fe.Zet("datum", invoer.InTraject("de datum van ondertekening", sg.SignedOn, time.Time{}, time.Time{}, now))
	if len(fe) > 0 {
		return invalidInput(fe)
	}
	return s.againstCase(ctx, p, id, "traject.ondertekening", access.Hulpverlening, func(t Trajectory) error { return mayAct(t, p, StepIPVA) },
		func(fe client.FieldErrors, d caseDates) {
			fe.Zet("datum", invoer.InTraject("de datum van ondertekening", sg.SignedOn, d.geboorte, d.melding, now))
		})
}

// checkConsent checks a consent for trajectory id as checkSignature does.
func (s *Service) checkConsent(ctx context.Context, p access.Principal, id int64, in *ConsentInput) error {
	now := s.now()
	fe := client.FieldErrors{}
	fe.Zet("aanbieder_id", invoer.ID("de jeugdhulpaanbieder waarmee het IPVA gedeeld mag worden", in.ProviderID))
	fe.Zet("vorm", invoer.Keuze(in.Form, "Kies of de toestemming mondeling of schriftelijk is gegeven.", toestemmingVormen...))
	in.GivenBy = fe.Tekst("gegeven_door", tekstGegevenBij, in.GivenBy)
	fe.Zet("gegeven_op", invoer.InTraject("de datum van de toestemming", in.GivenOn, time.Time{}, time.Time{}, now))
	if len(fe) > 0 {
		return invalidInput(fe)
	}
	return s.againstCase(ctx, p, id, "traject.toestemming", access.Hulpverlening, func(t Trajectory) error { return mayRecordConsent(t, p) },
		func(fe client.FieldErrors, d caseDates) {
			fe.Zet("gegeven_op", invoer.InTraject("de datum van de toestemming", in.GivenOn, d.geboorte, d.melding, now))
		})
}

// checkDecision checks a decision on trajectory id: the motivation, the
// codes of a refusal when given, and of a grant its dates: the start in a
// plausible window, on or after the birth and before the 23rd birthday;
// the end not before the start and not beyond invoer.Horizon.
func (s *Service) checkDecision(ctx context.Context, p access.Principal, id int64, d *Decision) error {
	now := s.now()
	fe := client.FieldErrors{}
	d.Motivering = fe.Tekst("motivering", tekstMotivering, d.Motivering)
	d.RedenAfwijzing = fe.Tekst("reden_afwijzing", tekstReden, d.RedenAfwijzing)
	if d.RedenAfwijzing != "" && !validReden(d.RedenAfwijzing) {
		fe.Zet("reden_afwijzing", "Kies een reden van afwijzing uit de lijst (WJ759, 1 tot en met 9).")
	}
	d.Gemeente = fe.Tekst("gemeente", tekstGemeente, d.Gemeente)
	if d.Gemeente != "" && !cbsRe.MatchString(d.Gemeente) {
		fe.Zet("gemeente", "Vul de CBS-code van de verantwoordelijke gemeente in: vier cijfers.")
	}
	if !d.Toegekend {
		d.Omvang = nil
		return invalidInput(fe)
	}
	seen := map[string]bool{}
	for _, o := range d.Omvang {
		switch {
		case seen[o.Code]:
			fe.Zet("omvang", "Geef per product één omvang.")
		case o.Volume < 1 || o.Volume > 99_999:
			fe.Zet("omvang", "Vul de omvang van product "+o.Code+" in als een heel getal van 1 tot en met 99999.")
		case o.Frequentie != toewijzing.FrequentiePerMaand && o.Frequentie != toewijzing.FrequentieTotaal:
			fe.Zet("omvang", "Kies bij product "+o.Code+" of de omvang per maand of in totaal geldt.")
		}
		seen[o.Code] = true
	}
	fe.Zet("ingangsdatum", invoer.Ingangsdatum(d.Ingangsdatum, time.Time{}, now))
	if fe["ingangsdatum"] == "" {
		fe.Zet("einddatum", invoer.Einddatum(d.Einddatum, d.Ingangsdatum, time.Time{}))
	}
	if len(fe) > 0 {
		return invalidInput(fe)
	}
	return s.againstCase(ctx, p, id, "traject.besluit", access.Toewijzing, func(t Trajectory) error { return mayAct(t, p, StepBesluit) },
		func(fe client.FieldErrors, cd caseDates) {
			fe.Zet("ingangsdatum", invoer.Ingangsdatum(d.Ingangsdatum, cd.geboorte, now))
			fe.Zet("einddatum", invoer.Einddatum(d.Einddatum, d.Ingangsdatum, cd.geboorte))
		})
}

// checkReview checks the Toegang's reaction to a beknopt plan.
func checkReview(in *ReviewInput) error {
	fe := client.FieldErrors{}
	fe.Zet("besluit", invoer.Keuze(in.Decision, "Kies: akkoord, verscherpen of verschil van mening.", AkkoordJa, AkkoordVerscherpen, AkkoordVerschil))
	in.Note = fe.Tekst("toelichting", tekstToelicht, in.Note)
	if in.Note == "" && (in.Decision == AkkoordVerscherpen || in.Decision == AkkoordVerschil) {
		fe.Zet("toelichting", "Licht toe wat scherper moet of waarover u van mening verschilt.")
	}
	return invalidInput(fe)
}

// checkPlan checks the beknopt plan's numbers, texts and expected end;
// what it lacks is ipva's rule (CanSubmitBeknoptPlan).
func checkPlan(plan *ipva.BeknoptPlan, now time.Time) error {
	fe := client.FieldErrors{}
	fe.Zet("geadviseerde_intensiteit", invoer.Bereik("de geadviseerde intensiteit", plan.GeadviseerdeIntensiteit, 1, len(arrangement.Intensities())))
	plan.Tekst = fe.Tekst("tekst", tekstPlan, plan.Tekst)
	acts := make([]ipva.Activiteit, len(plan.Activiteiten))
	for i, a := range plan.Activiteiten {
		k := "activiteiten." + strconv.Itoa(i)
		a.Omschrijving = fe.Tekst(k+".omschrijving", tekstActiviteit, a.Omschrijving)
		a.Frequentie = fe.Tekst(k+".frequentie", tekstFrequentie, a.Frequentie)
		acts[i] = a
	}
	plan.Activiteiten = acts
	codes := make([]string, len(plan.Producten))
	for i, c := range plan.Producten {
		codes[i] = fe.Tekst("producten."+strconv.Itoa(i), tekstProductcode, c)
	}
	plan.Producten = codes
	if !plan.VerwachteEinddatum.IsZero() {
		fe.Zet("verwachte_einddatum", invoer.VerwachteEinddatum(plan.VerwachteEinddatum, now))
	}
	return invalidInput(fe)
}

// checkArrangement checks the numbers of a choice of arrangement against
// the catalogue's tables.
func checkArrangement(in ArrangementInput) error {
	fe := client.FieldErrors{}
	fe.Zet("arrangement", invoer.Bereik("het arrangement", in.Arrangement, 1, len(arrangement.All())))
	fe.Zet("intensiteit", invoer.Bereik("de intensiteit", in.Intensiteit, 1, len(arrangement.Intensities())))
	return invalidInput(fe)
}

// checkProvider checks the reference to a provider.
func checkProvider(providerID int64) error {
	return invalidInput(idField("aanbieder_id", "de jeugdhulpaanbieder", providerID))
}

func idField(field, label string, id int64) client.FieldErrors {
	fe := client.FieldErrors{}
	fe.Zet(field, invoer.ID(label, id))
	return fe
}

// checkIPVA checks the version an IPVA was loaded at and every text in it
// (valid UTF-8, no NUL or control characters but tab and line break).
func checkIPVA(version int, doc json.RawMessage) error {
	fe := client.FieldErrors{}
	fe.Zet("versie", invoer.Versie(version))
	for k, m := range invoer.JSON(doc) {
		fe.Zet("ipva."+k, "IPVA, veld "+k+": "+strings.ToLower(m[:1])+m[1:])
	}
	return invalidInput(fe)
}

// checkStart checks the day care starts (the bepaling's zorg start, the
// verzoek's ingangsdatum).
func checkStart(field, label string, d, now time.Time) error {
	fe := client.FieldErrors{}
	fe.Zet(field, invoer.Start(label, d, now))
	return invalidInput(fe)
}
