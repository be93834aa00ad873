package portaal_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/portaal"
	"github.com/jeugdhulp/jeugdhulp/internal/testkit"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// bsn makes a valid BSN (11-proof) from an 8-digit seed.
func bsn(seed int) string {
	for last := 0; last < 10; last++ {
		s := fmt.Sprintf("%08d%d", seed, last)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(s[i]-'0') * (9 - i)
		}
		sum -= int(s[8] - '0')
		if sum%11 == 0 && sum != 0 {
			return s
		}
	}
	return bsn(seed + 1)
}

// family is a youth on the Toegang route at the IPVA step, with a parent
// registered for the portal and the staff's consent for the walker's
// provider.
type family struct {
	clientID, trajectoryID int64
	youth, parent          string // BSNs
}

func newFamily(t *testing.T, w *testkit.World, svc *portaal.Service, age, seed int) family {
	t.Helper()
	ctx := context.Background()
	f := family{youth: bsn(seed), parent: bsn(seed + 500)}
	st, err := w.Walk.Start(ctx, traject.RouteToegang, demo.Youth{BSN: f.youth, Given: "Noor", Family: "van den Berg", Age: age,
		Street: "Kerkstraat", House: "1", Postcode: "5038 AA", City: "Tilburg", Municipality: "Tilburg", Parent: "Els van den Berg", MeldingDaysAgo: 3})
	if err != nil {
		t.Fatal(err)
	}
	f.clientID, f.trajectoryID = st.ClientID, st.TrajectoryID
	p := w.Walk.As(w.Walk.Orgs["Toegang Tilburg"], access.Toegangsmedewerker)
	if _, err := w.Walk.Svc.SaveIPVA(ctx, p, f.trajectoryID, 0, demo.CompleteIPVA("Noor", w.Now)); err != nil {
		t.Fatal(err)
	}
	if err := w.Walk.Svc.RecordConsent(ctx, p, f.trajectoryID, traject.ConsentInput{ProviderID: w.Walk.Provider, Form: "mondeling", GivenBy: "Els van den Berg", GivenOn: w.Now}); err != nil {
		t.Fatal(err)
	}
	v, err := w.Walk.Svc.Get(ctx, p, f.trajectoryID, access.Hulpverlening)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.KoppelOuder(ctx, p, f.clientID, v.Relations[0].ID, f.parent); err != nil {
		t.Fatal(err)
	}
	return f
}

// login logs in through the demo's DigiD stand-in as the person with bsn,
// the whole OpenID Connect way, and returns the BSN the portal got.
func login(t *testing.T, d *portaal.DigiD, who string) string {
	t.Helper()
	authURL, flow := d.Start()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if !d.Nep.Verzoek(q, true) {
		t.Fatalf("the authorization request is not valid: %s", authURL)
	}
	q.Set("bsn", who)
	next, ok := d.Nep.Kies(q)
	if !ok {
		t.Fatal("nep-DigiD refused a known person")
	}
	back, _ := url.Parse(next)
	got, err := d.Finish(context.Background(), flow, back.Query().Get("state"), back.Query().Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	// A code is used once.
	if _, err := d.Finish(context.Background(), flow, back.Query().Get("state"), back.Query().Get("code")); !errors.Is(err, portaal.ErrDigiD) {
		t.Errorf("a code used twice: %v, want ErrDigiD", err)
	}
	return got
}

func only(t *testing.T, svc *portaal.Service, who string) portaal.Lid {
	t.Helper()
	ls, err := svc.Leden(context.Background(), who, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("%d memberships, want 1", len(ls))
	}
	return ls[0]
}

func TestPortaalFamily(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
	w := testkit.New(t, now)
	svc := portaal.New(w.Walk.Svc, account.NewService(w.DB))
	f15 := newFamily(t, w, svc, 15, 11223300)
	f17 := newFamily(t, w, svc, 17, 11224400)
	d, err := portaal.DemoDigiD([]portaal.NepPersoon{{BSN: f15.youth}, {BSN: f15.parent}, {BSN: f17.youth}, {BSN: f17.parent}}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}

	// The 15-year-old and the parent both see the case and both sign.
	for _, who := range []string{f15.youth, f15.parent} {
		if got := login(t, d, who); got != who {
			t.Fatalf("logged in as %s, want %s", got, who)
		}
		l := only(t, svc, who)
		if !l.Inzage || l.Naam != "Noor" || l.ClientID != f15.clientID {
			t.Fatalf("membership %+v, want Noor's case visible", l)
		}
		zs, err := svc.Zaken(ctx, l.Gezinslid)
		if err != nil {
			t.Fatal(err)
		}
		if len(zs) != 1 || zs[0].ID != f15.trajectoryID || len(zs[0].IPVA.Resultaten) == 0 || !zs[0].HasSigner(ipva.SignerJeugdige) || !zs[0].HasSigner(ipva.SignerGezaghebbende) {
			t.Fatalf("case %+v: want the one trajectory with its results, signed by youth and parent", zs)
		}
		if err := svc.Ondertekenen(ctx, l.Gezinslid, f15.trajectoryID); err != nil {
			t.Fatalf("sign as %s: %v", who, err)
		}
		if err := svc.Ondertekenen(ctx, l.Gezinslid, f15.trajectoryID); !traject.IsRefusal(err) {
			t.Errorf("second signature: %v, want a refusal", err)
		}
	}
	zs, err := svc.Zaken(ctx, only(t, svc, f15.youth).Gezinslid)
	if err != nil {
		t.Fatal(err)
	}
	var signers []string
	for _, sg := range zs[0].Signatures {
		signers = append(signers, sg.Signer+":"+sg.Name)
	}
	if !slices.Contains(signers, "jeugdige:Noor van den Berg") || !slices.Contains(signers, "gezaghebbende:Els van den Berg") {
		t.Errorf("signatures %v, want the youth's and the parent's own", signers)
	}

	// The parent withdraws consent, then gives it again.
	parent := only(t, svc, f15.parent).Gezinslid
	if err := svc.Toestemming(ctx, parent, f15.trajectoryID, w.Walk.Provider, false); err != nil {
		t.Fatal(err)
	}
	if err := svc.Toestemming(ctx, parent, f15.trajectoryID, w.Walk.Provider, false); !traject.IsRefusal(err) {
		t.Errorf("withdrawing twice: %v, want a refusal", err)
	}
	if valid := validConsents(t, svc, parent); valid != 0 {
		t.Errorf("%d valid consents after withdrawing, want 0", valid)
	}
	if err := svc.Toestemming(ctx, parent, f15.trajectoryID, w.Walk.Provider, true); err != nil {
		t.Fatal(err)
	}
	if valid := validConsents(t, svc, parent); valid != 1 {
		t.Errorf("%d valid consents after giving, want 1", valid)
	}
	if err := svc.Toestemming(ctx, parent, f15.trajectoryID, w.Walk.Orgs["GGZ Jeugd Midden-Brabant"], true); !traject.IsRefusal(err) {
		t.Errorf("consent for a provider never proposed: %v, want a refusal", err)
	}
	// Not someone else's trajectory: the 17-year-old's is refused.
	if err := svc.Ondertekenen(ctx, parent, f17.trajectoryID); !errors.Is(err, portaal.ErrGeenInzage) {
		t.Errorf("signing another youth's plan: %v, want ErrGeenInzage", err)
	}

	// The 17-year-old sees the case; the parent sees nothing, refused and logged.
	y17 := only(t, svc, f17.youth)
	if !y17.Inzage {
		t.Fatal("the 17-year-old does not see their own case")
	}
	p17 := only(t, svc, f17.parent)
	if p17.Inzage || p17.Naam != "" {
		t.Fatalf("the parent of a 17-year-old: %+v, want no view and no name", p17)
	}
	if _, err := svc.Zaken(ctx, p17.Gezinslid); !errors.Is(err, portaal.ErrGeenInzage) {
		t.Errorf("parent of 17 reads the case: %v, want ErrGeenInzage", err)
	}
	if _, err := svc.Inzage(ctx, p17.Gezinslid); !errors.Is(err, portaal.ErrGeenInzage) {
		t.Errorf("parent of 17 reads the access log: %v, want ErrGeenInzage", err)
	}
	if err := svc.Toestemming(ctx, p17.Gezinslid, f17.trajectoryID, w.Walk.Provider, false); !errors.Is(err, portaal.ErrGeenInzage) {
		t.Errorf("parent of 17 withdraws consent: %v, want ErrGeenInzage", err)
	}
	if err := svc.Ondertekenen(ctx, y17.Gezinslid, f17.trajectoryID); err != nil {
		t.Errorf("the 17-year-old signs: %v", err)
	}

	// The client view of the access log: staff with organisation and role,
	// the family's own reads, and the parent's refused attempts.
	regels, err := svc.Inzage(ctx, y17.Gezinslid)
	if err != nil {
		t.Fatal(err)
	}
	if !has(regels, func(r portaal.Regel) bool {
		return r.Organisatie == "Toegang Tilburg" && r.Rol == "Toegangsmedewerker" && r.Wat == "Aangemaakt: uw dossier" && r.Waarom == "Hulpverlening aan de jeugdige"
	}) {
		t.Errorf("no registration by the Toegang in %+v", regels)
	}
	if !has(regels, func(r portaal.Regel) bool { return r.Rol == "Ouder of voogd" && r.Uitkomst == "Geweigerd" }) {
		t.Errorf("the parent's refused attempt is not in the 17-year-old's view: %+v", regels)
	}
	if !has(regels, func(r portaal.Regel) bool {
		return r.Rol == "De jongere zelf" && r.Uitkomst == "" && r.Wat == "Gewijzigd: het plan: ondertekend in dit portaal" && r.Wanneer == "10-03-2026 10:30"
	}) {
		t.Errorf("the youth's own signature is not in their view: %+v", regels)
	}
	if has(regels, func(r portaal.Regel) bool {
		return r.Wat == "Bekeken: wie uw gegevens bekeek" && r.Rol == "De jongere zelf"
	}) {
		t.Error("this very read is in its own answer")
	}
	again, err := svc.Inzage(ctx, y17.Gezinslid)
	if err != nil {
		t.Fatal(err)
	}
	if !has(again, func(r portaal.Regel) bool {
		return r.Wat == "Bekeken: wie uw gegevens bekeek" && r.Rol == "De jongere zelf"
	}) {
		t.Error("the youth's read of the access log is not logged in their own view")
	}
	// The 15-year-old's view: what failed and what was refused, said so.
	r15, err := svc.Inzage(ctx, only(t, svc, f15.youth).Gezinslid)
	if err != nil {
		t.Fatal(err)
	}
	if !has(r15, func(r portaal.Regel) bool {
		return r.Rol == "De jongere zelf" && r.Wat == "Gewijzigd: het plan: ondertekend in dit portaal" && r.Uitkomst == "Niet gelukt"
	}) {
		t.Errorf("the second signature is not in the view as failed: %+v", r15)
	}
	if !has(r15, func(r portaal.Regel) bool {
		return r.Rol == "Ouder of voogd" && r.Uitkomst == "Geweigerd" && strings.HasPrefix(r.Wat, "Gewijzigd: het plan")
	}) {
		t.Errorf("the parent's refused signature of another youth's plan is not in the view: %+v", r15)
	}
	if !has(r15, func(r portaal.Regel) bool {
		return r.Rol == "Ouder of voogd" && r.Wat == "Gewijzigd: uw toestemming, in dit portaal"
	}) {
		t.Errorf("the parent's consent is not in the 15-year-old's view: %+v", r15)
	}
}

func validConsents(t *testing.T, svc *portaal.Service, l access.Gezinslid) int {
	t.Helper()
	zs, err := svc.Zaken(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range zs[0].Consents {
		if !c.Withdrawn {
			n++
		}
	}
	return n
}

func has(rs []portaal.Regel, f func(portaal.Regel) bool) bool { return slices.ContainsFunc(rs, f) }
