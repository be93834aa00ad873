package segment1

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Casusoverzicht is the case summary an expert team reads before the
// consultation, as a PDF built for reader p from one logged read of the
// case (through package traject) and its coordination read with it, so
// that a part p's roles do not see is not in it; it never holds the BSN, the
// address or the woonplaats. Only a reader who sees the consultations gets
// it; another is refused (logged) as not found.
func (s *Service) Casusoverzicht(ctx context.Context, p access.Principal, tr *traject.Service, id int64) ([]byte, error) {
	if !p.Sees(access.PartConsultatie) {
		c, err := s.caseOf(ctx, id)
		if err != nil {
			return nil, err
		}
		return nil, mapErr(s.Gate.Refuse(ctx, p, c, access.Op{Action: access.Lezen, Object: "segment1.casusoverzicht", Purpose: purposeFor(p)}))
	}
	tv, err := tr.Get(ctx, p, id, purposeFor(p))
	if err != nil {
		return nil, mapErr(err)
	}
	sv, err := s.OfCase(ctx, p, tv)
	if err != nil {
		return nil, err
	}
	org, err := organisation.Get(ctx, s.Gate.DB, p.OrgID)
	if err != nil {
		return nil, err
	}
	afz := document.AfzenderVan(organisation.Organisation{}, org)
	if afz.Afdeling == "" {
		// A long name fills the letterhead's two lines instead of being cut.
		afz.Gemeente, afz.Afdeling = splitNaam(org.Name, 24)
	}
	var buf bytes.Buffer
	if err := document.RenderCasusoverzicht(&buf, casusoverzicht(tv, sv, afz, s.now())); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// casusoverzicht puts the summary together from the two redacted views.
func casusoverzicht(tv traject.View, sv View, afz document.Afzender, now time.Time) document.Casusoverzicht {
	d := document.Casusoverzicht{Afzender: afz, Datum: now, Jeugdige: tv.Client.Name(), Leeftijd: client.AgeOn(tv.Client.BirthDate, now)}
	traj := document.Sectie{Titel: "Traject", Velden: []document.Veld{{Label: "Route", Waarde: traject.RouteLabel(tv.Route)}}}
	if sv.Bestaat {
		traj.Velden = append(traj.Velden, document.Veld{Label: "Segment 1", Waarde: sv.Fase.Label()}, document.Veld{Label: "Aanmeldpunt", Waarde: sv.Desk},
			document.Veld{Label: "Coördinator", Waarde: sv.Coordinator}, document.Veld{Label: "Regievoerder", Waarde: sv.Regievoerder})
		if sv.Ziet.Coordinatie {
			traj.Velden = append(traj.Velden, document.Veld{Label: "Mate van coördinatie", Waarde: sv.Niveau.Label()})
		}
	}
	d.Secties = append(d.Secties, traj)
	for _, c := range sv.Consultaties {
		s := document.Sectie{Titel: "Vraag aan " + c.Team, Velden: []document.Veld{{Label: "Bespreekdag", Waarde: c.Soort.Moment() + " " + kalender.Datum(c.Bespreekdag)},
			{Label: "Gevraagd door", Waarde: c.GevraagdOrg}, {Label: "Vraag", Waarde: c.Vraag}}}
		if c.Gegeven() {
			s.Velden = append(s.Velden, document.Veld{Label: "Advies (niet bindend)", Waarde: c.Advies})
		}
		d.Secties = append(d.Secties, s)
	}
	if sv.Ziet.Aanmelding && sv.Aanmeldreden != "" {
		d.Secties = append(d.Secties, document.Sectie{Titel: "Reden van aanmelding", Tekst: sv.Aanmeldreden})
	}
	var doc ipva.IPVA
	if json.Unmarshal(tv.IPVA, &doc) == nil {
		add := func(titel, tekst string) {
			if strings.TrimSpace(tekst) != "" {
				d.Secties = append(d.Secties, document.Sectie{Titel: titel, Tekst: tekst})
			}
		}
		add("Aanleiding", doc.Aanleiding)
		for _, a := range doc.IVA {
			var v []document.Veld
			for _, f := range []document.Veld{{Label: "Problemen", Waarde: a.Problemen}, {Label: "Zorgen", Waarde: a.Zorgen}, {Label: "Wat willen zij veranderen", Waarde: a.Veranderwens},
				{Label: "Wat gaat goed", Waarde: a.GaatGoed}, {Label: "Eigen kracht", Waarde: a.EigenKracht}} {
				if strings.TrimSpace(f.Waarde) != "" {
					v = append(v, f)
				}
			}
			if len(v) > 0 {
				d.Secties = append(d.Secties, document.Sectie{Titel: "Leefgebied: " + a.Leefgebied.Naam, Velden: v})
			}
		}
		add("Inschatting van de zorgbehoefte", doc.InschattingZorgbehoefte)
		add("Eerder ingezette hulp", strings.TrimSpace(doc.EerdereHulp+"\n"+doc.WatWerkte))
		for i, r := range doc.Resultaten {
			d.Secties = append(d.Secties, document.Sectie{Titel: "Resultaat " + strconv.Itoa(i+1), Tekst: r.GewensteSituatie})
		}
		add("Waarom segment 1", doc.MotiveringSegment1)
	}
	if n := len(sv.Plannen); n > 0 {
		d.Secties = append(d.Secties, document.Sectie{Titel: "Behandelplan (versie " + strconv.Itoa(sv.Plannen[n-1].Versie) + ")", Tekst: sv.Plannen[n-1].Tekst})
	}
	return d
}

// splitNaam splits a name at the last space within limit characters, so the
// head fits a line; the rest goes on the next. A short name stays whole.
func splitNaam(naam string, limit int) (string, string) {
	r := []rune(naam)
	if len(r) <= limit {
		return naam, ""
	}
	for i := limit; i > 0; i-- {
		if r[i] == ' ' {
			return string(r[:i]), string(r[i+1:])
		}
	}
	return naam, ""
}
