package portaal

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// Service is the family's portal.
type Service struct {
	DB       *database.DB
	Gate     *access.Gate
	Traject  *traject.Service
	Accounts *account.Service // the staff's roles, for the client view of the log
	Now      func() time.Time
}

// New returns the portal on the trajectory service's gate.
func New(svc *traject.Service, accounts *account.Service) *Service {
	return &Service{DB: svc.Gate.DB, Gate: svc.Gate, Traject: svc, Accounts: accounts, Now: svc.Now}
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// ErrGeenInzage: the age rules do not let this member see this case (or
// there is no such case); the face says so without telling which.
var ErrGeenInzage = errors.New("portaal: geen inzage")

// Lid is a family membership of the person logged in, with what the face
// shows of it.
type Lid struct {
	access.Gezinslid
	// Naam is the youth's given name, only when the member may see the
	// case; Inzage says whether they may.
	Naam   string
	Inzage bool
}

// Leden returns the memberships of the person with bsn. For each, whether
// it may be seen is asked of the Gate (and logged, a refusal too); the
// youth's name is read only when it may.
func (s *Service) Leden(ctx context.Context, bsn, source string) ([]Lid, error) {
	ls, err := access.Gezinsleden(ctx, s.DB, bsn, source)
	if err != nil {
		return nil, err
	}
	var out []Lid
	for _, l := range ls {
		m := Lid{Gezinslid: l}
		err := s.Gate.Gezin(ctx, l, access.Op{Action: access.Lezen, Object: "portaal.overzicht"}, func(tx *database.Tx) error {
			c, err := client.Read(ctx, tx, l.ClientID, access.View{})
			m.Naam = c.GivenName
			return err
		})
		switch {
		case errors.Is(err, access.ErrRefused):
		case err != nil:
			return nil, err
		default:
			m.Inzage = true
		}
		out = append(out, m)
	}
	return out, nil
}

// Lid finds the membership of the person with bsn for youth clientID.
func (s *Service) Lid(ctx context.Context, bsn, source string, clientID int64) (access.Gezinslid, error) {
	ls, err := access.Gezinsleden(ctx, s.DB, bsn, source)
	if err != nil {
		return access.Gezinslid{}, err
	}
	for _, l := range ls {
		if l.ClientID == clientID {
			return l, nil
		}
	}
	return access.Gezinslid{}, ErrGeenInzage
}

// mapErr makes a refusal or an unknown case one answer.
func mapErr(err error) error {
	if errors.Is(err, access.ErrRefused) || errors.Is(err, traject.ErrNotFound) {
		return ErrGeenInzage
	}
	return err
}

// Zaken reads the youth's trajectories for member l (one logged read).
func (s *Service) Zaken(ctx context.Context, l access.Gezinslid) ([]traject.GezinZaak, error) {
	zs, err := s.Traject.GezinZaken(ctx, l)
	return zs, mapErr(err)
}

// Ondertekenen signs the IPVA of trajectory id as member l.
func (s *Service) Ondertekenen(ctx context.Context, l access.Gezinslid, id int64) error {
	return mapErr(s.Traject.GezinOndertekenen(ctx, l, id))
}

// Toestemming gives or withdraws member l's consent for a provider.
func (s *Service) Toestemming(ctx context.Context, l access.Gezinslid, id, providerID int64, geven bool) error {
	return mapErr(s.Traject.GezinToestemming(ctx, l, id, providerID, geven))
}

// Brief returns one of the youth's letters for member l (logged).
func (s *Service) Brief(ctx context.Context, l access.Gezinslid, trajectoryID, docID int64) (title string, pdf []byte, err error) {
	d, err := s.Traject.GezinDocument(ctx, l, trajectoryID, docID)
	return d.Title, d.PDF, mapErr(err)
}

// Regel is one entry of the client view of the access log (NEN 7513):
// who (organisation and role), what, when and why, in words.
type Regel struct {
	Wanneer     string // dd-mm-jjjj hh:mm, Amsterdam
	Organisatie string
	Rol         string
	Wat         string
	Waarom      string
	// Uitkomst is "" when it happened, "Geweigerd" when it was refused,
	// "Niet gelukt" when it was allowed but failed and changed nothing.
	Uitkomst string
}

// Inzage returns the client view of the access log of l's youth, newest
// first. Reading it is itself logged (object "toegangslog"), so the next
// view shows this one.
func (s *Service) Inzage(ctx context.Context, l access.Gezinslid) ([]Regel, error) {
	var es []access.Entry
	err := s.Gate.Gezin(ctx, l, access.Op{Action: access.Lezen, Object: "toegangslog"}, func(tx *database.Tx) error {
		var err error
		es, err = access.Entries(ctx, tx, access.Filter{ClientID: l.ClientID, Limit: 500})
		return err
	})
	if err != nil {
		return nil, mapErr(err)
	}
	roles := map[int64]string{}
	out := make([]Regel, 0, len(es))
	for _, e := range es {
		r := Regel{Wanneer: kalender.DatumTijd(e.At), Organisatie: e.OrgName, Wat: Wat(e.Action, e.Object), Waarom: Waarom(e.Purpose)}
		switch e.Outcome {
		case access.Refused:
			r.Uitkomst = "Geweigerd"
		case access.Failed:
			r.Uitkomst = "Niet gelukt"
		}
		if wie, ok := access.GezinslidVan(e); ok {
			r.Organisatie = "Uw gezin, in dit portaal"
			r.Rol = map[string]string{"jeugdige": "De jongere zelf", "ouder": "Ouder of voogd"}[wie]
		} else {
			r.Rol = s.rol(ctx, roles, e.UserID)
		}
		out = append(out, r)
	}
	return out, nil
}

// rol is the Dutch label of a staff member's roles, remembered per page.
func (s *Service) rol(ctx context.Context, seen map[int64]string, userID int64) string {
	if r, ok := seen[userID]; ok {
		return r
	}
	r := "Medewerker"
	if userID != 0 && s.Accounts != nil {
		if u, err := s.Accounts.Get(ctx, userID); err == nil && len(u.Roles) > 0 {
			var ls []string
			for _, ro := range u.Roles {
				ls = append(ls, ro.Label())
			}
			r = strings.Join(ls, ", ")
		}
	}
	seen[userID] = r
	return r
}

// Wat says an access in words: the action and what it was about.
func Wat(a access.Action, object string) string {
	doen := map[access.Action]string{access.Lezen: "Bekeken", access.Wijzigen: "Gewijzigd", access.Aanmaken: "Aangemaakt",
		access.Lijst: "Gezien in een lijst", access.Exporteren: "Geëxporteerd"}[a]
	if doen == "" {
		doen = string(a)
	}
	return doen + ": " + onderwerp(object)
}

// onderwerpen names the objects of the log in plain Dutch, longest prefix
// first.
var onderwerpen = map[string]string{
	"client":                "uw persoonsgegevens",
	"client.adres":          "uw adres",
	"client.gezin":          "de gegevens van uw ouders of voogd",
	"clienten":              "de lijst van jongeren",
	"traject":               "uw dossier",
	"traject.ipva":          "het plan (IPVA)",
	"traject.ondertekening": "de ondertekening van het plan",
	"traject.toestemming":   "uw toestemming",
	"traject.geschiedenis":  "de geschiedenis van uw dossier",
	"traject.document":      "een brief of document",
	"toegangslog":           "wie uw gegevens bekeek",
	"toegangslog.zoeken":    "het zoeken naar uw gegevens in het toegangslog",
	"portaal.overzicht":     "het overzicht in dit portaal",
	"portaal.zaak":          "uw dossier in dit portaal",
	"portaal.brief":         "een brief in dit portaal",
	"portaal.ondertekening": "het plan: ondertekend in dit portaal",
	"portaal.toestemming":   "uw toestemming, in dit portaal",
	"traject.besluit":       "het besluit over de hulp",
	"traject.arrangement":   "de soort hulp (arrangement)",
	"traject.aanbieder":     "de keuze van de zorgaanbieder",
	"traject.beknopt_plan":  "het plan van de zorgaanbieder",
	"traject.overleg":       "het overleg tussen hulpverleners",
	"traject.crisis":        "de crisismelding",
	"crisis":                "de crisismelding",
	"segment1":              "de coördinatie van de zorg",
}

func onderwerp(object string) string {
	keys := make([]string, 0, len(onderwerpen))
	for k := range onderwerpen {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		if object == k || strings.HasPrefix(object, k+".") {
			return onderwerpen[k]
		}
	}
	return "uw dossier"
}

// Waarom says the purpose of an access in words.
func Waarom(p access.Purpose) string {
	if p == access.EigenInzage {
		return "Eigen inzage: het gezin bekeek of regelde zelf iets"
	}
	for _, pi := range access.Purposes() {
		if pi.Purpose == p {
			return pi.Label
		}
	}
	return string(p)
}

// KoppelOuder records, as staff member p who may change the youth's
// record, the BSN with which parent or custodian relationID of youth
// clientID logs in to the portal (one logged change of "client.gezin").
func (s *Service) KoppelOuder(ctx context.Context, p access.Principal, clientID, relationID int64, bsn string) error {
	if !client.ValidBSN(bsn) {
		return errors.New("portaal: dit is geen geldig BSN")
	}
	return s.Gate.Client(ctx, p, clientID, access.Op{Action: access.Wijzigen, Object: "client.gezin", Purpose: access.Hulpverlening}, func(tx *database.Tx, _ access.View) error {
		return access.RegistreerOuder(ctx, tx, clientID, relationID, bsn)
	})
}
