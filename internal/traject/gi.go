package traject

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Maatregel is the court order a GI case rests on (GI route, step 1): the
// kind of measure, the ruling's date and reference, and the report of the
// Raad voor de Kinderbescherming that is the basis of the IVA. The court
// order is also the basis for sharing the IPVA: the family need not consent
// (R-IPVA-2).
type Maatregel struct {
	Soort          string    `json:"soort"` // ots, voogdij, jeugdreclassering
	UitspraakDatum time.Time `json:"uitspraak_datum"`
	Kenmerk        string    `json:"kenmerk"`      // the ruling's reference (zaaknummer)
	RaadRapport    string    `json:"raad_rapport"` // reference and date of the Raad's report
}

// Maatregelen are the kinds of court order, with their Dutch names.
var Maatregelen = []struct{ Soort, Label string }{
	{"ots", "Ondertoezichtstelling (OTS)"},
	{"voogdij", "Voogdij"},
	{"jeugdreclassering", "Jeugdreclassering"},
}

// Label is the Dutch name of the kind of measure.
func (m Maatregel) Label() string {
	for _, x := range Maatregelen {
		if x.Soort == m.Soort {
			return x.Label
		}
	}
	return m.Soort
}

func (m *Maatregel) validate(fe client.FieldErrors, today time.Time) {
	maatregelFields(fe, m, today)
	m.Kenmerk, m.RaadRapport = strings.TrimSpace(m.Kenmerk), strings.TrimSpace(m.RaadRapport)
	if m.Label() == m.Soort {
		fe["maatregel.soort"] = "Kies de maatregel: ondertoezichtstelling, voogdij of jeugdreclassering."
	}
	if m.UitspraakDatum.IsZero() || m.UitspraakDatum.After(today) {
		fe["maatregel.uitspraak_datum"] = "Vul de datum van de uitspraak in; die ligt niet in de toekomst."
	}
	if m.Kenmerk == "" || len([]rune(m.Kenmerk)) > 100 {
		fe["maatregel.kenmerk"] = "Vul het kenmerk (zaaknummer) van de uitspraak in."
	}
	if m.RaadRapport == "" || len([]rune(m.RaadRapport)) > 200 {
		fe["maatregel.raad_rapport"] = "Vul het rapport van de Raad voor de Kinderbescherming in (kenmerk en datum): het is de basis van de analyse."
	}
}

// JW315Sinds is the first day of care for which, after a bepaling of WSG or
// LDH, the provider asks the municipality for the toewijzing with a JW315
// (seed 001, step 7). After a bepaling of JBB it always does.
var JW315Sinds = time.Date(2019, time.September, 1, 0, 0, 0, 0, time.UTC)

// NeedsVerzoek reports whether, after a bepaling of a GI of this kind for
// care starting on start, the provider sends a verzoek om toewijzing.
func NeedsVerzoek(giKind string, start time.Time) bool {
	if giKind == "JBB" {
		return true
	}
	return !start.Before(JW315Sinds)
}

// BepalingInput is the GI's bepaling jeugdhulp.
type BepalingInput struct {
	ZorgStart time.Time `json:"zorg_start"`
}

// Bepaling records the GI's bepaling jeugdhulp (GI route, step 7): to the
// responsible municipality, which is linked to the trajectory from then on,
// and to the provider with a Dutch letter stating the results, stored as
// sent. Then the provider sends a verzoek om toewijzing, or, after a
// bepaling of WSG or LDH for care starting before 1 September 2019, the
// municipality decides on the bepaling itself.
func (s *Service) Bepaling(ctx context.Context, p access.Principal, id int64, in BepalingInput) error {
	if err := checkStart("zorg_start", "de start van de zorg", in.ZorgStart, s.now()); err != nil {
		return err
	}
	if in.ZorgStart.IsZero() {
		return refuse("Vul de datum in waarop de jeugdhulp start.")
	}
	return s.change(ctx, p, id, "traject.bepaling", access.Toewijzing, func(tx *database.Tx, t Trajectory) error {
		if err := mayAct(t, p, StepBepaling); err != nil {
			return err
		}
		now := s.now()
		gi, err := organisation.Get(ctx, tx, t.ReferrerOrgID)
		if err != nil {
			return err
		}
		verzoek := NeedsVerzoek(gi.GIKind, in.ZorgStart)
		pdf, err := s.bepalingLetter(ctx, tx, t, gi, p.Name, in.ZorgStart, verzoek, now)
		if err != nil {
			return err
		}
		if _, err := document.Save(ctx, tx, document.Stored{TrajectoryID: id, Kind: document.KindBepaling, Title: document.TitelBepaling, PDF: pdf, CreatedAt: now}); err != nil {
			return err
		}
		if err := access.Link(ctx, tx, t.Case(), t.MunicipalityID, "bepaling jeugdhulp", now); err != nil {
			return err
		}
		next, what := StepVerzoek, "Bepaling jeugdhulp verstuurd aan gemeente en aanbieder; de aanbieder vraagt de toewijzing aan met een JW315"
		if !verzoek {
			next, what = StepBesluit, "Bepaling jeugdhulp verstuurd aan gemeente en aanbieder; de gemeente wijst toe op de bepaling"
		}
		if err := s.record(ctx, tx, p, id, EventDocument, "Brief bij de bepaling jeugdhulp verstuurd aan "+orgName(ctx, tx, t.ProviderID)); err != nil {
			return err
		}
		return s.moveTo(ctx, tx, p, id, next, what, "bepaling_at = ?, zorg_start = ?", now, dateStr(in.ZorgStart))
	})
}

// bepalingLetter renders the GI's letter to the provider, signed by the GI
// worker who made the bepaling (contact).
func (s *Service) bepalingLetter(ctx context.Context, tx *database.Tx, t Trajectory, gi organisation.Organisation, contact string, start time.Time, verzoek bool, now time.Time) ([]byte, error) {
	c, err := s.Clients.InTx(ctx, tx, t.ClientID, access.View{})
	if err != nil {
		return nil, err
	}
	prov, err := organisation.Get(ctx, tx, t.ProviderID)
	if err != nil {
		return nil, err
	}
	mun, err := organisation.Get(ctx, tx, t.MunicipalityID)
	if err != nil {
		return nil, err
	}
	doc, err := ipvaOf(ctx, tx, t)
	if err != nil {
		return nil, err
	}
	var results []string
	for _, r := range doc.Resultaten {
		if txt := strings.TrimSpace(r.GewensteSituatie); txt != "" {
			if !r.Streefdatum.IsZero() {
				txt += " (uiterlijk " + kalender.Datum(r.Streefdatum) + ")"
			}
			results = append(results, txt)
		}
	}
	s5, prods, err := choice(ctx, tx, t.ID)
	if err != nil {
		return nil, err
	}
	m := ""
	if g := t.Grondslag.Maatregel; g != nil {
		m = fmt.Sprintf("%s, uitspraak %s, kenmerk %s", g.Label(), kalender.Datum(g.UitspraakDatum), g.Kenmerk)
	}
	afz := document.AfzenderVan(gi, gi)
	afz.Afdeling = "Jeugdbescherming"
	var buf bytes.Buffer
	err = document.RenderBepaling(&buf, document.Bepaling{
		Afzender: afz, Contactpersoon: contact,
		Datum: now, Kenmerk: fmt.Sprintf("BJ-%d-%06d", now.Year(), t.ID),
		Aan:          document.Adres{Naam: prov.Name + "\nt.a.v. de regievoerder", Adres: prov.Adres.Straat, Postcode: prov.Adres.Postcode, Plaats: prov.Adres.Plaats},
		JeugdigeNaam: c.Name(), JeugdigeGeboortedatum: c.BirthDate, Maatregel: m, Gemeente: mun.Name,
		Jeugdhulp: arrangementText(t.Arrangement, t.Intensiteit, s5, prods), ZorgStart: start, Resultaten: results, VerzoekOmToewijzing: verzoek,
	})
	if err != nil {
		return nil, fmt.Errorf("bepaling letter of trajectory %d: %w", t.ID, err)
	}
	return buf.Bytes(), nil
}
