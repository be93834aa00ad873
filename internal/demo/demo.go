// Package demo fills an empty database with the demo region Hart van
// Brabant: its nine municipalities (Tilburg as host municipality) with the
// beschikkingsvrij rules of DOMAIN.md R-ROUTE-3, a Toegang team per
// municipality, a GI, a GP practice, the segment-1 intake desk Crossroads,
// six providers with the arrangements they deliver, the crisis service, the
// region's purchasing team and expert team, one account per role, and a
// handful of fictional youths linked to some of these organisations.
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
	OrgCrisis      = "Crisisdienst Jeugd Hart van Brabant"
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
	add := func(o organisation.Organisation) error {
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
		{Name: OrgAanmeldpunt, Kind: organisation.Aanmeldpunt}, {Name: OrgCrisis, Kind: organisation.Crisisdienst},
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
	return true, seedTrajectories(ctx, db, now)
}
