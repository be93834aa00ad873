package demo

import (
	"context"
	"fmt"

	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// The demo's regions.
const (
	RegioHvB = "Hart van Brabant"
	RegioNML = "Noord- en Midden-Limburg"
)

// MunicipalitiesNML are the fourteen municipalities of Noord- en
// Midden-Limburg (seed 004: the fourteen aldermen of segment 1; CBS codes
// from ijw/codelijsten/CBS_Gemeentecodes.md). Venlo is the host
// municipality: an assumption, the seeds name none.
var MunicipalitiesNML = []Municipality{
	{"Beesel", "0889", false}, {"Bergen (L.)", "0893", false}, {"Gennep", "0907", false}, {"Horst aan de Maas", "1507", false},
	{"Peel en Maas", "1894", false}, {"Venlo", "0983", true}, {"Venray", "0984", false},
	{"Echt-Susteren", "1711", false}, {"Leudal", "1640", false}, {"Maasgouw", "1641", false}, {"Nederweert", "0946", false},
	{"Roerdalen", "1669", false}, {"Roermond", "0957", false}, {"Weert", "0988", false},
}

// Organisations of Noord- en Midden-Limburg.
const (
	OrgRegioNML          = "Regio Noord- en Midden-Limburg"
	OrgBijzondereToegang = "Bijzondere Toegang Noord- en Midden-Limburg"
	// OrgAanmeldpuntNML is segment 1's intake desk in the region: an
	// assumption, seed 004 names none (seed 003's Crossroads is Hart van
	// Brabant's).
	OrgAanmeldpuntNML = "Aanmeldpunt segment 1 Noord- en Midden-Limburg"
)

// consortium is a segment-1 samenwerkingsverband of seed 004 with its
// partners and subcontractors (onderaannemers).
type consortium struct {
	name                    string
	partners, onderaannemer []provider
}

// consortia are the two segment-1 contract partners of Noord- en
// Midden-Limburg (seed 004, "Het contract"); the AGB codes are made up.
var consortia = []consortium{
	{"Samenwerkingsverband Vigo, Pactum en Koraalgroep",
		[]provider{{"Vincent van Gogh", "98000101", nil}, {"Pactum", "98000102", nil}, {"Koraalgroep", "98000103", nil}},
		[]provider{{"Mondriaan", "98000104", nil}, {"Karakter", "98000105", nil}}},
	{"Samenwerkingsverband Mutsaersstichting, Yes We Can Clinics en Daelzicht",
		[]provider{{"Mutsaersstichting", "98000111", nil}, {"Yes We Can Clinics", "98000112", nil}, {"Daelzicht", "98000113", nil}},
		[]provider{{"Metggz", "98000114", nil}, {"PGZ", "98000115", nil}}},
}

// seedNML adds the region Noord- en Midden-Limburg: its municipalities
// (each with a Toegang team), the region, the Bijzondere Toegang, the two
// segment-1 consortia with their members, XONAR (with Mutsaersstichting
// and Metggz the partners of the crisis service) and the integrated crisis
// service itself (OrgCrisis).
func seedNML(ctx context.Context, orgs *organisation.Store, add func(organisation.Organisation) error, ids map[string]int64) error {
	region, err := orgs.CreateRegion(ctx, organisation.Region{Naam: RegioNML, GoedeVrijdag: true, BevrijdingsdagElkJaar: true})
	if err != nil {
		return fmt.Errorf("demo: region %s: %w", RegioNML, err)
	}
	for _, m := range MunicipalitiesNML {
		if err := add(organisation.Organisation{RegionID: region, Name: gemeente(m.Name), Kind: organisation.Gemeente, CBSCode: m.CBS, Host: m.Host}); err != nil {
			return err
		}
		if err := add(organisation.Organisation{RegionID: region, Name: toegang(m.Name), Kind: organisation.Toegang, MunicipalityID: ids[gemeente(m.Name)]}); err != nil {
			return err
		}
		for _, r := range []string{RouteToegang, RouteGI, RouteMedisch} {
			if err := orgs.SetBeschikkingsvrij(ctx, ids[gemeente(m.Name)], r, false); err != nil {
				return fmt.Errorf("demo: route rule: %w", err)
			}
		}
	}
	for _, o := range []organisation.Organisation{
		{Name: OrgRegioNML, Kind: organisation.Regio}, {Name: OrgBijzondereToegang, Kind: organisation.Regio},
		{Name: OrgAanmeldpuntNML, Kind: organisation.Aanmeldpunt},
		{Name: OrgCrisis, Kind: organisation.Crisisdienst}, {Name: "XONAR", Kind: organisation.Aanbieder, AGBCode: "98000121"},
	} {
		o.RegionID = region
		if err := add(o); err != nil {
			return err
		}
	}
	for _, c := range consortia {
		if err := add(organisation.Organisation{RegionID: region, Name: c.name, Kind: organisation.Consortium}); err != nil {
			return err
		}
		for _, ms := range []struct {
			list []provider
			rol  string
		}{{c.partners, organisation.Partner}, {c.onderaannemer, organisation.Onderaannemer}} {
			for _, p := range ms.list {
				if err := add(organisation.Organisation{RegionID: region, Name: p.name, Kind: organisation.Aanbieder, AGBCode: p.agb}); err != nil {
					return err
				}
				if err := orgs.AddMember(ctx, ids[c.name], ids[p.name], ms.rol); err != nil {
					return fmt.Errorf("demo: member %s of %s: %w", p.name, c.name, err)
				}
				// Each states its own waiting time in the Wegwijzer.
				if err := orgs.SetWaiting(ctx, ids[p.name], 3+len(p.name)%6, "Aanmeldingen via het aanmeldpunt segment 1"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// The contact data of Noord- en Midden-Limburg's demo organisations, all
// made up (street, postcode area and phone area of the town, nothing
// more).
func init() {
	adres := func(straat, postcode, plaats string) organisation.Postadres {
		return organisation.Postadres{Straat: straat, Postcode: postcode, Plaats: plaats}
	}
	towns := map[string]struct{ plaats, postcode, tel string }{
		"Beesel": {"Reuver", "5953 HP", "077"}, "Bergen (L.)": {"Bergen", "5854 AM", "0485"}, "Gennep": {"Gennep", "6591 BW", "0485"},
		"Horst aan de Maas": {"Horst", "5961 CH", "077"}, "Peel en Maas": {"Panningen", "5981 BN", "077"}, "Venlo": {"Venlo", "5911 AH", "077"},
		"Venray": {"Venray", "5801 BE", "0478"}, "Echt-Susteren": {"Echt", "6101 AG", "0475"}, "Leudal": {"Heythuysen", "6093 BV", "0475"},
		"Maasgouw": {"Maasbracht", "6051 DA", "0475"}, "Nederweert": {"Nederweert", "6031 BN", "0495"}, "Roerdalen": {"Sint Odiliënberg", "6077 AA", "0475"},
		"Roermond": {"Roermond", "6041 HW", "0475"}, "Weert": {"Weert", "6001 BZ", "0495"},
	}
	for _, m := range MunicipalitiesNML {
		t := towns[m.Name]
		contacts[gemeente(m.Name)] = organisation.Contact{Adres: adres("Raadhuisplein 1", t.postcode, t.plaats), Telefoon: "14 " + t.tel}
		contacts[toegang(m.Name)] = organisation.Contact{Adres: adres("Raadhuisplein 3", t.postcode, t.plaats), Telefoon: t.tel + " - 300 00 00"}
	}
	contacts[OrgRegioNML] = organisation.Contact{Adres: adres("Hanzeplein 1", "5911 AH", "Venlo"), Telefoon: "077 - 359 60 00"}
	contacts[OrgBijzondereToegang] = organisation.Contact{Adres: adres("Hanzeplein 1", "5911 AH", "Venlo"), Telefoon: "077 - 359 60 10"}
	contacts[OrgAanmeldpuntNML] = organisation.Contact{Adres: adres("Hanzeplein 1", "5911 AH", "Venlo"), Telefoon: "077 - 359 60 20"}
	contacts[OrgCrisis] = organisation.Contact{Adres: adres("Parkweg 10", "5913 AA", "Venlo"), Telefoon: "043 - 604 57 77"}
	contacts["XONAR"] = organisation.Contact{Adres: adres("Vlasstraat 20", "6041 AC", "Roermond"), Telefoon: "0475 - 30 01 00"}
	n := 0
	for _, c := range consortia {
		contacts[c.name] = organisation.Contact{Adres: adres("Stationsplein 1", "5911 AE", "Venlo"), Telefoon: fmt.Sprintf("077 - 320 00 %02d", n)}
		for _, p := range append(append([]provider{}, c.partners...), c.onderaannemer...) {
			n++
			contacts[p.name] = organisation.Contact{Adres: adres(fmt.Sprintf("Zorgweg %d", n), "5912 AB", "Venlo"), Telefoon: fmt.Sprintf("077 - 320 00 %02d", n)}
		}
		n++
	}
}
