package toewijzing

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Verwijzer types of COD327 the routes use.
const (
	VerwijzerHuisarts          = "02"
	VerwijzerJeugdarts         = "03"
	VerwijzerGI                = "04"
	VerwijzerMedischSpecialist = "05"
)

// VerzoekRequest is a provider's verzoek om toewijzing (JW315) after a
// medical referral or a GI's bepaling (R-ARR-3, seed 001 step 7).
type VerzoekRequest struct {
	TrajectoryID   int64
	MunicipalityID int64
	ProviderID     int64
	Client         client.Client
	Arrangement    int
	Intensiteit    int
	Step5a         *arrangement.Step5a
	Products       []arrangement.Product
	Ingangsdatum   time.Time
	// The referrer as iJw names it: type (COD327), and its AGB code or,
	// without one, its name (CD066).
	VerwijzerType, VerwijzerCode, VerwijzerNaam string
}

// Referentie is the provider's reference of the verzoek of a trajectory; a
// JW301 or JW319 answering it carries the same reference.
func Referentie(trajectoryID int64) string { return "VOT" + strconv.FormatInt(trajectoryID, 10) }

// Verzoek writes the provider's JW315 in the caller's transaction.
func Verzoek(ctx context.Context, tx *database.Tx, r VerzoekRequest, now time.Time) (berichten.Bericht, error) {
	mun, prov, err := parties(ctx, tx, r.MunicipalityID, r.ProviderID)
	if err != nil {
		return berichten.Bericht{}, err
	}
	ps, err := arrangement.IJwProducten(r.Arrangement, r.Intensiteit, r.Step5a, r.Products)
	if err != nil {
		return berichten.Bericht{}, fmt.Errorf("products of trajectory %d: %w", r.TrajectoryID, err)
	}
	ident, err := berichten.Next(ctx, tx, r.TrajectoryID, ijw.TypeJW315, "VOT")
	if err != nil {
		return berichten.Bericht{}, err
	}
	c := r.Client
	vv, an := c.Geslachtsnaam()
	m := &ijw.JW315{
		Header: ijw.JW315Header{
			BerichtCode: "446", BerichtVersie: 3, BerichtSubversie: 2,
			Afzender: prov.AGBCode, Ontvanger: mun.CBSCode,
			BerichtIdentificatie: ijw.BerichtIdentificatie{Identificatie: ident, Dagtekening: ijw.NewDate(now)},
			XsdVersie:            ijw.XsdVersie{BasisschemaXsdVersie: basisschemaXsdVersie, BerichtXsdVersie: berichtXsdVersie},
		},
		Client: ijw.JW315Client{
			Bsn:           c.BSN,
			Geboortedatum: ijw.Geboortedatum{Datum: ijw.NewDate(c.BirthDate)},
			Geslacht:      geslacht(c.Geslacht),
			Naam:          ijw.VerkorteNaam{Geslachtsnaam: ijw.Achternaam{Achternaam: an, Voorvoegsel: vv}, Voornamen: c.GivenName, Voorletters: initials(c.GivenName)},
		},
	}
	verwijzer := ijw.Verwijzer{Type: r.VerwijzerType}
	if r.VerwijzerCode != "" {
		verwijzer.ZorgverlenerCode = r.VerwijzerCode
	} else {
		verwijzer.Naam = r.VerwijzerNaam
	}
	for i, p := range ps {
		ref := Referentie(r.TrajectoryID)
		if i > 0 {
			ref += "-" + strconv.Itoa(i)
		}
		m.Client.AangevraagdeProducten.AangevraagdProduct = append(m.Client.AangevraagdeProducten.AangevraagdProduct, ijw.JW315AangevraagdProduct{
			ReferentieAanbieder:    ref,
			Product:                &ijw.Product{Categorie: p.Categorie, Code: p.Code},
			ToewijzingIngangsdatum: ijw.NewDate(r.Ingangsdatum),
			Omvang:                 &ijw.Omvang{Volume: 1, Eenheid: "82", Frequentie: "6"},
			Verwijzer:              verwijzer,
		})
	}
	return berichten.Write(ctx, tx, m, berichten.Bericht{TrajectoryID: r.TrajectoryID, Referentie: Referentie(r.TrajectoryID), CreatedAt: now})
}

// Check reads a stored verzoek om toewijzing back and checks it at the
// levels of the standard (ijw's package doc): the XSD, the in-message rules
// and the cross-message rules against every message exchanged with the
// provider before. It returns the findings in Dutch; none means the
// municipality may act on it.
func Check(ctx context.Context, tx *database.Tx, b berichten.Bericht) ([]string, error) {
	m, err := b.Decode()
	if err != nil {
		return []string{"Het verzoek voldoet niet aan het XSD: " + err.Error()}, nil
	}
	k, err := berichten.Knowledge(ctx, tx, b.Sender, b.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range append(ijw.Validate(m), ijw.CheckCross(m, k)...) {
		out = append(out, f.Rule.Code+": "+f.Msg)
	}
	return out, nil
}

// Antwoord answers codes of a JW319 (WJ760).
const (
	AntwoordAfgewezen   = "1"
	AntwoordInOnderzoek = "2"
)

// RedenenAfwijzing are the reasons of WJ759 a municipality may give.
var RedenenAfwijzing = []struct{ Code, Label string }{
	{"1", "Geen wijziging, maar nieuwe aanvraag"}, {"2", "Past niet binnen budget"}, {"3", "Geen contract"},
	{"4", "Past niet binnen contract"}, {"5", "Andere gemeente"}, {"6", "Stapeling"}, {"7", "Zorginhoudelijke afkeur"},
	{"8", "Woonplaatsbeginsel"}, {"9", "Leeftijdsgrens is bereikt"},
}

// AntwoordRequest is the municipality's JW319 on a verzoek om toewijzing:
// a refusal with its reason (and, for the woonplaatsbeginsel, the right
// municipality's CBS code) or "in onderzoek".
type AntwoordRequest struct {
	TrajectoryID   int64
	MunicipalityID int64
	ProviderID     int64
	Antwoord       string // AntwoordAfgewezen or AntwoordInOnderzoek
	Reden          string // WJ759, with AntwoordAfgewezen
	Gemeente       string // CBS code, with reason 8
	// Referentie is the ReferentieAanbieder of the verzoek answered: the
	// trajectory's VOT (Referentie) when empty, else a VOW's.
	Referentie string
}

// Antwoord writes the JW319 in the caller's transaction, after checking it
// against the standard's rules and the messages exchanged before (an
// answer to a verzoek that was already answered is refused there).
func Antwoord(ctx context.Context, tx *database.Tx, r AntwoordRequest, now time.Time) (berichten.Bericht, error) {
	mun, prov, err := parties(ctx, tx, r.MunicipalityID, r.ProviderID)
	if err != nil {
		return berichten.Bericht{}, err
	}
	ident, err := berichten.Next(ctx, tx, r.TrajectoryID, ijw.TypeJW319, "AW")
	if err != nil {
		return berichten.Bericht{}, err
	}
	ref := r.Referentie
	if ref == "" {
		ref = Referentie(r.TrajectoryID)
	}
	m := &ijw.JW319{
		Header: ijw.JW319Header{
			BerichtCode: "488", BerichtVersie: 3, BerichtSubversie: 2,
			Afzender: mun.CBSCode, Ontvanger: prov.AGBCode,
			BerichtIdentificatie: ijw.BerichtIdentificatie{Identificatie: ident, Dagtekening: ijw.NewDate(now)},
			XsdVersie:            ijw.XsdVersie{BasisschemaXsdVersie: basisschemaXsdVersie, BerichtXsdVersie: berichtXsdVersie},
		},
		Antwoord: ijw.JW319Antwoord{ReferentieAanbieder: ref, VerzoekAntwoord: r.Antwoord},
	}
	if r.Antwoord == AntwoordAfgewezen {
		m.Antwoord.RedenAfwijzingVerzoek = r.Reden
		if r.Reden == "8" {
			m.Antwoord.Woonplaatsbeginsel = &ijw.JW319Woonplaatsbeginsel{Gemeente: r.Gemeente}
		}
	}
	k, err := berichten.Knowledge(ctx, tx, prov.AGBCode, 0)
	if err != nil {
		return berichten.Bericht{}, err
	}
	if fs := ijw.CheckCross(m, k); len(fs) > 0 {
		return berichten.Bericht{}, fmt.Errorf("JW319 on trajectory %d breaks rule %s: %s", r.TrajectoryID, fs[0].Rule.Code, fs[0].Msg)
	}
	return berichten.Write(ctx, tx, m, berichten.Bericht{TrajectoryID: r.TrajectoryID, Referentie: ref, CreatedAt: now})
}

// parties reads the municipality and the provider a message goes between.
func parties(ctx context.Context, tx *database.Tx, municipalityID, providerID int64) (mun, prov organisation.Organisation, err error) {
	if mun, err = organisation.Get(ctx, tx, municipalityID); err != nil {
		return mun, prov, err
	}
	prov, err = organisation.Get(ctx, tx, providerID)
	return mun, prov, err
}
