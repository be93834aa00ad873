package levering

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
)

// XSD versions of the iJw 3.2 schemas (appinfo of JW305.xsd, JW307.xsd and
// basisschema.xsd).
const (
	berichtXsdVersie     = "0.1.0"
	basisschemaXsdVersie = "0.1.0"
)

// StatusAanlevering values a start or stop may carry (CS058).
const (
	eersteAanlevering = "1"
	verwijderen       = "3"
)

// line is one StartProduct or StopProduct to send.
type line struct {
	l      Levering
	status string // eersteAanlevering or verwijderen
}

func productOf(l Levering) *ijw.Product {
	if l.ProductCategorie == "" {
		return nil // generiek: no product (IV075)
	}
	return &ijw.Product{Categorie: l.ProductCategorie, Code: l.ProductCode}
}

// naam is the client's short name from the JW301's full name.
func naam(m *ijw.JW301) ijw.VerkorteNaam {
	n := m.Client.Naam
	return ijw.VerkorteNaam{Geslachtsnaam: n.Geslachtsnaam, Voornamen: n.Voornamen, Voorletters: n.Voorletters}
}

func header(t toegewezen, ident string, now time.Time) (afzender, ontvanger string, bi ijw.BerichtIdentificatie, xv ijw.XsdVersie) {
	// The provider answers the municipality that sent the JW301, with the
	// AGB code the JW301 was addressed to.
	return t.jw301.Header.Ontvanger, t.jw301.Header.Afzender,
		ijw.BerichtIdentificatie{Identificatie: ident, Dagtekening: ijw.NewDate(now.In(kalender.Amsterdam()))},
		ijw.XsdVersie{BasisschemaXsdVersie: basisschemaXsdVersie, BerichtXsdVersie: berichtXsdVersie}
}

func buildJW305(t toegewezen, ident string, lines []line, now time.Time) *ijw.JW305 {
	af, ont, bi, xv := header(t, ident, now)
	c := t.jw301.Client
	m := &ijw.JW305{
		Header: ijw.JW305Header{BerichtCode: "438", BerichtVersie: 3, BerichtSubversie: 2, Afzender: af, Ontvanger: ont, BerichtIdentificatie: bi, XsdVersie: xv},
		Client: ijw.JW305Client{Bsn: c.Bsn, Geboortedatum: c.Geboortedatum, Geslacht: c.Geslacht, Naam: naam(t.jw301)},
	}
	for _, ln := range lines {
		nr := ln.l.ToewijzingNummer
		m.Client.StartProducten.StartProduct = append(m.Client.StartProducten.StartProduct, ijw.JW305StartProduct{
			ToewijzingNummer:       &nr,
			Product:                productOf(ln.l),
			ToewijzingIngangsdatum: ijw.NewDate(ln.l.ToewijzingIngangsdatum),
			Begindatum:             ijw.NewDate(ln.l.Begindatum),
			StatusAanlevering:      ln.status,
		})
	}
	return m
}

func buildJW307(t toegewezen, ident string, lines []line, now time.Time) *ijw.JW307 {
	af, ont, bi, xv := header(t, ident, now)
	c := t.jw301.Client
	m := &ijw.JW307{
		Header: ijw.JW307Header{BerichtCode: "440", BerichtVersie: 3, BerichtSubversie: 2, Afzender: af, Ontvanger: ont, BerichtIdentificatie: bi, XsdVersie: xv},
		Client: ijw.JW307Client{Bsn: c.Bsn, Geboortedatum: c.Geboortedatum, Geslacht: c.Geslacht, Naam: naam(t.jw301)},
	}
	for _, ln := range lines {
		nr := ln.l.ToewijzingNummer
		m.Client.StopProducten.StopProduct = append(m.Client.StopProducten.StopProduct, ijw.JW307StopProduct{
			ToewijzingNummer:       &nr,
			Product:                productOf(ln.l),
			ToewijzingIngangsdatum: ijw.NewDate(ln.l.ToewijzingIngangsdatum),
			Begindatum:             ijw.NewDate(ln.l.Begindatum),
			RedenBeeindiging:       ln.l.RedenBeeindiging,
			Einddatum:              ijw.NewDate(ln.l.Einddatum),
			StatusAanlevering:      ln.status,
		})
	}
	return m
}

// crossIgnored are the cross-message rules the service checks itself
// from its own table instead of the ijw package's: TR326 there counts only
// a definitive stop as ending a start, while the rule's own text (a start
// is current until a stop with the same key) and OP289/OP379 let a new
// start follow a temporary stop (20).
var crossIgnored = map[string]bool{"TR326": true}

// send checks m against the messages exchanged with the provider before
// (the rules the municipality will apply on receipt) and writes it in tx.
// A message that would be rejected is refused with the rule's reason, and
// nothing is written.
func send(ctx context.Context, tx *database.Tx, t toegewezen, m ijw.Message, now time.Time) (berichten.Bericht, error) {
	agb := ijw.Header(m).Afzender
	k, err := berichten.Knowledge(ctx, tx, agb, 0)
	if err != nil {
		return berichten.Bericht{}, err
	}
	for _, f := range ijw.CheckCross(m, k) {
		if !crossIgnored[f.Rule.Code] {
			return berichten.Bericht{}, refuse("De gemeente zou dit bericht afkeuren (%s): %s.", f.Rule.Code, f.Msg)
		}
	}
	// Not tied to the toewijzing's id: ijw_messages holds one message per
	// toewijzing and type (the JW301), and a levering has several.
	b, err := berichten.Write(ctx, tx, m, berichten.Bericht{TrajectoryID: t.trajectoryID, CreatedAt: now})
	if err != nil {
		return b, fmt.Errorf("%s for toewijzing %d: %w", m.MessageType(), t.tw.ID, err)
	}
	return b, nil
}
