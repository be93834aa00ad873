// Package demo fills an empty database with two demo regions. Hart van
// Brabant: its nine municipalities (Tilburg as host municipality) with the
// beschikkingsvrij rules of DOMAIN.md R-ROUTE-3, a Toegang team per
// municipality, a GI, a GP practice, the segment-1 intake desk Crossroads,
// six providers with the arrangements they deliver, the region's
// purchasing team and expert team, one account per role, and a handful of
// fictional youths linked to some of these organisations. Noord- en
// Midden-Limburg (seed 004): its fourteen municipalities, the Bijzondere
// Toegang, the two segment-1 consortia with their partners and
// subcontractors, and the integrated crisis service.
//
// Every person in it is made up; the BSNs pass the 11-proof but belong to
// no one known to us.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// Password is the password of every demo account.
const Password = "demo-jeugdhulp"

// Login is one demo account.
type Login struct {
	Email string
	Role  access.Role
	Org   string
}

// Municipality is a municipality of the demo region.
type Municipality struct {
	Name, CBS string
	Host      bool
}

// Municipalities of Hart van Brabant with their CBS codes.
var Municipalities = []Municipality{
	{"Dongen", "0766", false}, {"Gilze en Rijen", "0784", false}, {"Goirle", "0785", false},
	{"Heusden", "0797", false}, {"Hilvarenbeek", "0798", false}, {"Loon op Zand", "0809", false},
	{"Oisterwijk", "0824", false}, {"Tilburg", "0855", true}, {"Waalwijk", "0867", false},
}

// Referral routes (DOMAIN.md R-ROUTE-1).
const (
	RouteToegang = "toegang"
	RouteGI      = "gi"
	RouteMedisch = "medisch"
)

// beschikkingsvrij per municipality and route: Heusden never issues a
// beschikking; Tilburg not for the medical-domain and GI routes.
func beschikkingsvrij(municipality, route string) bool {
	switch municipality {
	case "Heusden":
		return true
	case "Tilburg":
		return route == RouteMedisch || route == RouteGI
	}
	return false
}

type provider struct {
	name, agb    string
	arrangements []int
}

var providers = []provider{
	{"De Hoeve Jeugdhulp", "98000001", []int{1, 2, 3, 6}},
	{"GGZ Jeugd Midden-Brabant", "98000002", []int{4, 5}},
	{"Amarant Jeugd", "98000003", []int{7, 8, 9}},
	{"Kompaan en De Bocht", "98000004", []int{1, 2, 6}},
	{"Stichting Gezinshuizen Brabant", "98000005", []int{2, 3, 6, 8}},
	{"Praktijk Ontwikkeling & Opvoeding", "98000006", []int{1, 2, 5}},
}

// Names of the fixed demo organisations.
const (
	OrgRegio       = "Regio Hart van Brabant"
	OrgInkoop      = "Inkoopteam Jeugd Hart van Brabant"
	OrgRET         = "Regionaal Expertise Team Hart van Brabant"
	OrgGI          = "Jeugdbescherming Brabant"
	OrgHuisarts    = "Huisartsenpraktijk De Linde"
	OrgAanmeldpunt = "Crossroads aanmeldpunt"
	// OrgCrisis is the integrated crisis service of Noord- en
	// Midden-Limburg (ICJ, seed 004), in that region.
	OrgCrisis = "Integrale Crisisdienst Jeugd Noord- en Midden-Limburg"
)

func toegang(m string) string  { return "Toegang " + m }
func gemeente(m string) string { return "Gemeente " + m }

// Logins lists the demo accounts, one per role.
func Logins() []Login {
	return []Login{
		{"toegang@demo.jeugdhulp.nl", access.Toegangsmedewerker, toegang("Tilburg")},
		{"gi@demo.jeugdhulp.nl", access.GIMedewerker, OrgGI},
		{"huisarts@demo.jeugdhulp.nl", access.VerwijzerMedisch, OrgHuisarts},
		{"gedragswetenschapper@demo.jeugdhulp.nl", access.Gedragswetenschapper, toegang("Tilburg")},
		{"aanbieder@demo.jeugdhulp.nl", access.Jeugdhulpaanbieder, providers[0].name},
		{"aanmeldpunt@demo.jeugdhulp.nl", access.Aanmeldpunt, OrgAanmeldpunt},
		{"backoffice@demo.jeugdhulp.nl", access.Backoffice, gemeente("Tilburg")},
		{"ret@demo.jeugdhulp.nl", access.Expertteam, OrgRET},
		{"crisis@demo.jeugdhulp.nl", access.Crisisdienst, OrgCrisis},
		{"inkoop@demo.jeugdhulp.nl", access.Inkoop, OrgInkoop},
		{"beheer@demo.jeugdhulp.nl", access.Beheerder, OrgRegio},
		{"privacy@demo.jeugdhulp.nl", access.Privacy, OrgRegio},
		// Noord- en Midden-Limburg (the crisis service above works there).
		{"toegang.venlo@demo.jeugdhulp.nl", access.Toegangsmedewerker, toegang("Venlo")},
		{"beheer.nml@demo.jeugdhulp.nl", access.Beheerder, OrgRegioNML},
		{"inkoop.nml@demo.jeugdhulp.nl", access.Inkoop, OrgRegioNML},
		{"bestuur@demo.jeugdhulp.nl", access.Bestuur, OrgRegioNML},
		{"aanmeldpunt.nml@demo.jeugdhulp.nl", access.Aanmeldpunt, OrgAanmeldpuntNML},
	}
}

// Seed fills db with the demo region when it has no organisations yet. It
// returns false when there was data already (the demo keeps its data across
// restarts).
func Seed(ctx context.Context, db *database.DB, now time.Time) (bool, error) {
	orgs := &organisation.Store{DB: db}
	if n, err := orgs.Count(ctx); err != nil {
		return false, err
	} else if n > 0 {
		return false, nil
	}
	ids := map[string]int64{}
	// Hart van Brabant first: an organisation created without a region
	// lands in the first one.
	if _, err := orgs.CreateRegion(ctx, organisation.Region{Naam: RegioHvB, GoedeVrijdag: true, BevrijdingsdagElkJaar: true}); err != nil {
		return false, fmt.Errorf("demo: region %s: %w", RegioHvB, err)
	}
	add := func(o organisation.Organisation) error {
		o.Contact = contacts[o.Name]
		id, err := orgs.Create(ctx, o)
		if err != nil {
			return fmt.Errorf("demo: organisation %s: %w", o.Name, err)
		}
		ids[o.Name] = id
		return nil
	}
	for _, m := range Municipalities {
		if err := add(organisation.Organisation{Name: gemeente(m.Name), Kind: organisation.Gemeente, CBSCode: m.CBS, Host: m.Host}); err != nil {
			return false, err
		}
		if err := add(organisation.Organisation{Name: toegang(m.Name), Kind: organisation.Toegang, MunicipalityID: ids[gemeente(m.Name)]}); err != nil {
			return false, err
		}
	}
	for _, o := range []organisation.Organisation{
		{Name: OrgRegio, Kind: organisation.Regio}, {Name: OrgInkoop, Kind: organisation.Regio}, {Name: OrgRET, Kind: organisation.Regio},
		{Name: OrgGI, Kind: organisation.GI, GIKind: "JBB"}, {Name: OrgHuisarts, Kind: organisation.Medisch},
		{Name: OrgAanmeldpunt, Kind: organisation.Aanmeldpunt},
	} {
		if err := add(o); err != nil {
			return false, err
		}
	}
	for _, p := range providers {
		if err := add(organisation.Organisation{Name: p.name, Kind: organisation.Aanbieder, AGBCode: p.agb}); err != nil {
			return false, err
		}
	}
	for _, m := range Municipalities {
		for _, r := range []string{RouteToegang, RouteGI, RouteMedisch} {
			if err := orgs.SetBeschikkingsvrij(ctx, ids[gemeente(m.Name)], r, beschikkingsvrij(m.Name, r)); err != nil {
				return false, fmt.Errorf("demo: route rule: %w", err)
			}
		}
	}
	for _, p := range providers {
		if err := orgs.SetArrangements(ctx, ids[p.name], p.arrangements); err != nil {
			return false, fmt.Errorf("demo: arrangements of %s: %w", p.name, err)
		}
	}

	for i, p := range providers {
		if err := orgs.SetWaiting(ctx, ids[p.name], 2+3*i%7, "Aanmeldingen: 013 - 000 00 0"+fmt.Sprint(i)); err != nil {
			return false, err
		}
	}

	if err := seedNML(ctx, orgs, add, ids); err != nil {
		return false, err
	}

	accounts := account.NewService(db)
	for _, l := range Logins() {
		name := l.Role.Label() + " (demo)"
		if _, err := accounts.Create(ctx, account.NewUser{Email: l.Email, Name: name, OrgID: ids[l.Org], Roles: []access.Role{l.Role}, Password: Password}); err != nil {
			return false, fmt.Errorf("demo: account %s: %w", l.Email, err)
		}
	}
	cat := &arrangement.Catalogue{DB: db}
	for _, pr := range arrangement.DefaultCatalogus() {
		if err := cat.Put(ctx, pr); err != nil {
			return false, fmt.Errorf("demo: product %s: %w", pr.Code, err)
		}
	}
	if err := seedTarieven(ctx, db, now); err != nil {
		return false, err
	}
	return true, seedPortaal(ctx, db, now, seedTrajectories(ctx, db, now))
}

// contacts are the demo organisations' postal addresses and phone numbers,
// printed on their letters. The municipalities' are those of their town
// halls with the national 14 + area code number; every other address and
// number is made up. Tilburg and Heusden receive objections at a postbus.
var contacts = func() map[string]organisation.Contact {
	adres := func(straat, postcode, plaats string) organisation.Postadres {
		return organisation.Postadres{Straat: straat, Postcode: postcode, Plaats: plaats}
	}
	c := map[string]organisation.Contact{}
	for _, m := range []struct {
		name                       string
		gemeente, bezwaar, toegang organisation.Postadres
		gemeenteTel, toegangTel    string
	}{
		{"Dongen", adres("Hoge Ham 62", "5104 JJ", "Dongen"), organisation.Postadres{}, adres("Hoge Ham 64", "5104 JJ", "Dongen"), "14 0162", "0162 - 38 30 00"},
		{"Gilze en Rijen", adres("Raadhuisplein 1", "5121 DX", "Rijen"), organisation.Postadres{}, adres("Raadhuisplein 3", "5121 DX", "Rijen"), "14 0161", "0161 - 29 22 00"},
		{"Goirle", adres("Oranjeplein 1", "5051 LT", "Goirle"), organisation.Postadres{}, adres("Oranjeplein 5", "5051 LT", "Goirle"), "14 013", "013 - 531 06 00"},
		{"Heusden", adres("Vliedberg 1", "5251 AN", "Vlijmen"), adres("Postbus 41", "5250 AA", "Vlijmen"), adres("Julianastraat 8", "5251 EC", "Vlijmen"), "14 073", "073 - 513 17 00"},
		{"Hilvarenbeek", adres("Vrijthof 1", "5081 CA", "Hilvarenbeek"), organisation.Postadres{}, adres("Vrijthof 3", "5081 CA", "Hilvarenbeek"), "14 013", "013 - 505 82 00"},
		{"Loon op Zand", adres("Raadhuisplein 3", "5171 EA", "Kaatsheuvel"), organisation.Postadres{}, adres("Raadhuisplein 5", "5171 EA", "Kaatsheuvel"), "14 0416", "0416 - 28 92 00"},
		{"Oisterwijk", adres("De Lind 50", "5061 HX", "Oisterwijk"), organisation.Postadres{}, adres("De Lind 52", "5061 HX", "Oisterwijk"), "14 013", "013 - 529 13 00"},
		{"Tilburg", adres("Stadhuisplein 130", "5038 TC", "Tilburg"), adres("Postbus 90155", "5000 LH", "Tilburg"), adres("Wilhelminapark 33", "5041 EC", "Tilburg"), "14 013", "013 - 542 50 00"},
		{"Waalwijk", adres("Taxandriaweg 6", "5142 PA", "Waalwijk"), organisation.Postadres{}, adres("Taxandriaweg 8", "5142 PA", "Waalwijk"), "14 0416", "0416 - 68 33 00"},
	} {
		c[gemeente(m.name)] = organisation.Contact{Adres: m.gemeente, Telefoon: m.gemeenteTel, Bezwaar: m.bezwaar}
		c[toegang(m.name)] = organisation.Contact{Adres: m.toegang, Telefoon: m.toegangTel}
	}
	for name, a := range map[string]organisation.Contact{
		OrgRegio:                            {Adres: adres("Stadhuisplein 130", "5038 TC", "Tilburg"), Telefoon: "013 - 542 90 00"},
		OrgInkoop:                           {Adres: adres("Stadhuisplein 130", "5038 TC", "Tilburg"), Telefoon: "013 - 542 90 10"},
		OrgRET:                              {Adres: adres("Stadhuisplein 130", "5038 TC", "Tilburg"), Telefoon: "013 - 542 90 20"},
		OrgGI:                               {Adres: adres("Ringbaan-Oost 4", "5013 CA", "Tilburg"), Telefoon: "088 - 800 20 00"},
		OrgHuisarts:                         {Adres: adres("Lindelaan 12", "5042 AB", "Tilburg"), Telefoon: "013 - 463 12 34"},
		OrgAanmeldpunt:                      {Adres: adres("Bredaseweg 108", "5038 NK", "Tilburg"), Telefoon: "013 - 580 45 00"},
		"De Hoeve Jeugdhulp":                {Adres: adres("Hoevenseweg 21", "5017 AD", "Tilburg"), Telefoon: "013 - 468 20 00"},
		"GGZ Jeugd Midden-Brabant":          {Adres: adres("Lage Witsiebaan 4", "5042 DA", "Tilburg"), Telefoon: "013 - 470 30 00"},
		"Amarant Jeugd":                     {Adres: adres("Bredaseweg 165", "5038 NH", "Tilburg"), Telefoon: "013 - 464 40 00"},
		"Kompaan en De Bocht":               {Adres: adres("Korvelseweg 150", "5025 JL", "Tilburg"), Telefoon: "013 - 543 50 00"},
		"Stichting Gezinshuizen Brabant":    {Adres: adres("Markt 10", "5171 GB", "Kaatsheuvel"), Telefoon: "0416 - 27 60 00"},
		"Praktijk Ontwikkeling & Opvoeding": {Adres: adres("Nieuwlandstraat 30", "5038 SP", "Tilburg"), Telefoon: "013 - 536 70 00"},
	} {
		c[name] = a
	}
	return c
}()
