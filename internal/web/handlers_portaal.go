package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/portaal"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// The family's own view (package portaal): its own login (DigiD, in the
// demo nep-DigiD), its own session cookie and pages without the staff's
// menu. The handlers parse, make one call and render; who sees what is
// the Gate's family rule.

const (
	portaalCookie = "jeugdhulp_portaal"
	digidCookie   = "jeugdhulp_digid"
)

type portaalCtx struct {
	sess  portaal.Sessie
	token string
}

const portaalKey ctxKey = 2

func (s *Server) registerPortaal(mux *http.ServeMux) {
	if s.Portaal == nil {
		return
	}
	mux.HandleFunc("GET /portaal/digid", s.portaalDigiD)
	mux.HandleFunc("GET "+portaal.TerugPad, s.portaalTerug)
	mux.HandleFunc("GET "+portaal.NepPad+"/authorize", s.nepDigiD)
	mux.HandleFunc("POST "+portaal.NepPad+"/authorize", s.nepDigiD)
	mux.Handle("GET /portaal", s.gezin(s.portaalHome))
	mux.Handle("POST /portaal/uitloggen", s.gezin(s.portaalUitloggen))
	mux.Handle("GET /portaal/jeugdige/{id}", s.gezin(s.portaalZaak))
	mux.Handle("GET /portaal/jeugdige/{id}/inzage", s.gezin(s.portaalInzage))
	mux.Handle("POST /portaal/jeugdige/{id}/traject/{tid}/ondertekenen", s.gezin(s.portaalOndertekenen))
	mux.Handle("POST /portaal/jeugdige/{id}/traject/{tid}/toestemming", s.gezin(s.portaalToestemming))
	mux.Handle("GET /portaal/jeugdige/{id}/traject/{tid}/brief/{doc}", s.gezin(s.portaalBrief))
}

// gezin requires a family session (and its CSRF token on a post).
func (s *Server) gezin(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		c, err := r.Cookie(portaalCookie)
		var se portaal.Sessie
		if err == nil {
			se, err = s.Portaal.SessieVan(r.Context(), c.Value)
		}
		if err != nil {
			s.clearCookie(w, portaalCookie)
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			s.renderMessage(w, r, http.StatusUnauthorized, "Sessie verlopen", "U bent niet (meer) ingelogd. Er is niets opgeslagen. Log opnieuw in met DigiD.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
			if r.ParseForm() != nil || !readableForm(r.PostForm) ||
				subtle.ConstantTimeCompare([]byte(r.PostForm.Get("csrf")), []byte(se.CSRF)) != 1 {
				s.renderMessage(w, r, http.StatusForbidden, "Verzoek geweigerd", "Dit formulier is verlopen of komt niet van deze website. Er is niets opgeslagen. Laad de pagina opnieuw.")
				return
			}
		}
		h(w, r.WithContext(context.WithValue(r.Context(), portaalKey, portaalCtx{sess: se, token: c.Value})))
	})
}

func portaalSessie(r *http.Request) portaalCtx {
	v, _ := r.Context().Value(portaalKey).(portaalCtx)
	return v
}

// lid is the membership of the logged-in person for the youth in the path.
func (s *Server) lid(w http.ResponseWriter, r *http.Request) (access.Gezinslid, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound)
		return access.Gezinslid{}, false
	}
	l, err := s.Portaal.Lid(r.Context(), portaalSessie(r).sess.BSN, s.SourceOf(r), id)
	if err != nil {
		s.portaalFout(w, r, err)
		return access.Gezinslid{}, false
	}
	return l, true
}

func (s *Server) portaalFout(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, portaal.ErrGeenInzage):
		s.renderMessage(w, r, http.StatusNotFound, "Geen inzage",
			"U kunt dit dossier niet (meer) bekijken. Vanaf 16 jaar beslist een jongere zelf over het eigen dossier; ouders zien het dan niet meer. Onder de 12 jaar kijkt de ouder of voogd met gezag mee.")
	default:
		s.serverError(w, r, err)
	}
}

// portaalPage is what the portal's pages get.
type portaalPage struct {
	CSRF   string
	Leden  []portaal.Lid
	Lid    access.Gezinslid
	Naam   string
	Zaken  []gezinZaak
	Regels []portaal.Regel
	Flash  string
	Fout   string
}

func (s *Server) renderPortaal(w http.ResponseWriter, r *http.Request, status int, name, title string, d portaalPage) {
	d.CSRF = portaalSessie(r).sess.CSRF
	s.render(w, r, status, name, page{Title: title, Data: d})
}

func (s *Server) portaalDigiD(w http.ResponseWriter, r *http.Request) {
	if s.DigiD == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	authURL, f := s.DigiD.Start()
	s.setCookie(w, digidCookie, f.State+"."+f.Nonce+"."+f.Verifier, 10*time.Minute, "/portaal/digid")
	http.Redirect(w, r, authURL, http.StatusFound)
}

func (s *Server) portaalTerug(w http.ResponseWriter, r *http.Request) {
	if s.DigiD == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	c, err := r.Cookie(digidCookie)
	http.SetCookie(w, &http.Cookie{Name: digidCookie, Path: "/portaal/digid", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	var parts []string
	if err == nil {
		parts = strings.Split(c.Value, ".")
	}
	if len(parts) != 3 {
		s.loginPage(w, r, http.StatusBadRequest, loginData{Error: "Inloggen met DigiD is niet gelukt: de aanmelding is verlopen. Probeer het opnieuw."})
		return
	}
	q := r.URL.Query()
	bsn, err := s.DigiD.Finish(r.Context(), account.OIDCFlow{State: parts[0], Nonce: parts[1], Verifier: parts[2]}, q.Get("state"), q.Get("code"))
	if err != nil {
		s.Log.Warn("digid login failed", "err", err)
		s.loginPage(w, r, http.StatusUnauthorized, loginData{Error: "Inloggen met DigiD is niet gelukt. Probeer het opnieuw."})
		return
	}
	tok, err := s.Portaal.NieuweSessie(r.Context(), bsn)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setCookie(w, portaalCookie, tok, portaal.SessieMaximaal, "/portaal")
	s.Log.Info("portaal login") // who logged in is in the access log, not here
	http.Redirect(w, r, "/portaal", http.StatusSeeOther)
}

// nepDigiD is the demo's DigiD stand-in's page: pick a fictional person.
func (s *Server) nepDigiD(w http.ResponseWriter, r *http.Request) {
	if s.DigiD == nil || s.DigiD.Nep == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.ParseForm() != nil || !s.DigiD.Nep.Verzoek(r.Form, r.Method == http.MethodGet) {
		s.renderMessage(w, r, http.StatusBadRequest, "Ongeldig verzoek", "Dit inlogverzoek klopt niet. Begin opnieuw bij Inloggen.")
		return
	}
	if r.Method == http.MethodPost {
		next, ok := s.DigiD.Nep.Kies(r.PostForm)
		if !ok {
			s.renderMessage(w, r, http.StatusBadRequest, "Ongeldig verzoek", "Deze persoon bestaat niet in de demo. Begin opnieuw bij Inloggen.")
			return
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	f := r.Form
	s.render(w, r, http.StatusOK, "portaal_digid", page{Title: "Inloggen met DigiD (demo)", Data: map[string]any{
		"Actie": portaal.NepPad + "/authorize", "ClientID": f.Get("client_id"), "Redirect": f.Get("redirect_uri"), "State": f.Get("state"),
		"Nonce": f.Get("nonce"), "Challenge": f.Get("code_challenge"), "Personen": s.DigiD.Nep.Personen()}})
}

func (s *Server) portaalUitloggen(w http.ResponseWriter, r *http.Request) {
	if err := s.Portaal.EindSessie(r.Context(), portaalSessie(r).token); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: portaalCookie, Path: "/portaal", MaxAge: -1, HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) portaalHome(w http.ResponseWriter, r *http.Request) {
	ls, err := s.Portaal.Leden(r.Context(), portaalSessie(r).sess.BSN, s.SourceOf(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderPortaal(w, r, http.StatusOK, "portaal", "Mijn dossier", portaalPage{Leden: ls})
}

// gezinZaak is a trajectory as the family page shows it, in plain Dutch.
type gezinZaak struct {
	traject.GezinZaak
	Stap        string
	Volgende    string
	Wanneer     string
	Leefgebied  map[string]string
	Tekenaars   []string
	Getekend    []string
	KanTekenen  bool
	Ondertekend bool
	Resultaten  []gezinResultaat
	// Toestemmingen is the latest consent per provider.
	Toestemmingen []gezinToestemming
}

type gezinResultaat struct {
	Leefgebied, Situatie, Streefdatum string
	Afspraken                         []gezinAfspraak
}

type gezinAfspraak struct{ Wie, Wat, Wanneer string }

// partijen name who does what in plain words.
var partijen = map[ipva.Partij]string{
	ipva.PartijJeugdige: "De jongere", ipva.PartijGezin: "Het gezin", ipva.PartijNetwerk: "Familie, vrienden of buren",
	ipva.PartijToegang: "De Toegang van de gemeente", ipva.PartijAanbieder: "De zorgaanbieder",
}

type gezinToestemming struct {
	AanbiederID int64
	Naam        string
	Geldig      bool
	Wanneer     string // given on, or withdrawn at
}

func (s *Server) portaalZaak(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lid(w, r)
	if !ok {
		return
	}
	s.toonZaak(w, r, l, http.StatusOK, r.URL.Query().Get("klaar"), "")
}

func (s *Server) toonZaak(w http.ResponseWriter, r *http.Request, l access.Gezinslid, status int, flash, fout string) {
	zs, err := s.Portaal.Zaken(r.Context(), l)
	if err != nil {
		s.portaalFout(w, r, err)
		return
	}
	d := portaalPage{Lid: l, Flash: flashText(flash), Fout: fout}
	for _, z := range zs {
		d.Naam = z.Client.Name()
		d.Zaken = append(d.Zaken, gezinVan(z, l))
	}
	s.renderPortaal(w, r, status, "portaal_zaak", "Mijn dossier", d)
}

func flashText(k string) string {
	return map[string]string{
		"getekend":    "U heeft het plan ondertekend. Dank u wel.",
		"gegeven":     "U heeft toestemming gegeven.",
		"ingetrokken": "U heeft uw toestemming ingetrokken. De zorgaanbieder ziet uw dossier niet meer.",
	}[k]
}

func gezinVan(z traject.GezinZaak, l access.Gezinslid) gezinZaak {
	g := gezinZaak{GezinZaak: z, Stap: gezinStap(z.Step), Leefgebied: map[string]string{}}
	for _, a := range z.Actions {
		if !a.Question && !a.Segment1 {
			g.Volgende, g.Wanneer = gezinActie(a), kalender.Datum(a.Due)
			break
		}
	}
	for _, lg := range ipva.DefaultLeefgebieden() {
		g.Leefgebied[lg.Key] = lg.Naam
	}
	for _, res := range z.IPVA.Resultaten {
		gr := gezinResultaat{Leefgebied: g.Leefgebied[res.Leefgebied], Situatie: res.GewensteSituatie, Streefdatum: kalender.Datum(res.Streefdatum)}
		if gr.Leefgebied == "" {
			gr.Leefgebied = res.Leefgebied
		}
		for _, a := range res.Afspraken {
			wie := partijen[a.Wie]
			if wie == "" {
				wie = string(a.Wie)
			}
			gr.Afspraken = append(gr.Afspraken, gezinAfspraak{Wie: wie, Wat: a.Wat, Wanneer: a.Wanneer})
		}
		g.Resultaten = append(g.Resultaten, gr)
	}
	for _, sg := range z.Signers {
		g.Tekenaars = append(g.Tekenaars, sg.Label())
	}
	me := ipva.SignerGezaghebbende
	if l.Jeugdige() {
		me = ipva.SignerJeugdige
	}
	for _, sg := range z.Signatures {
		g.Getekend = append(g.Getekend, sg.Name+" ("+ipva.Signer(sg.Signer).Label()+") op "+kalender.Datum(sg.SignedOn))
		if sg.Signer == string(me) {
			g.Ondertekend = true
		}
	}
	g.KanTekenen = z.Step == traject.StepIPVA && !g.Ondertekend
	at := map[int64]int{}
	for _, c := range z.Consents {
		t := gezinToestemming{AanbiederID: c.ProviderID, Naam: c.ProviderName, Geldig: !c.Withdrawn, Wanneer: kalender.Datum(c.GivenOn)}
		if c.Withdrawn {
			t.Wanneer = kalender.Datum(c.WithdrawnAt)
		}
		if i, ok := at[c.ProviderID]; ok {
			g.Toestemmingen[i] = t
			continue
		}
		at[c.ProviderID] = len(g.Toestemmingen)
		g.Toestemmingen = append(g.Toestemmingen, t)
	}
	return g
}

// gezinStap says where the case is in plain words.
// gezinActie says the next step in the family's words (B1), not in the
// label of the professional's work list.
func gezinActie(a traject.Action) string {
	switch a.Step {
	case traject.StepIPVA:
		return "samen met u het plan maken en ondertekenen"
	case traject.StepArrangement:
		return "de Toegang kiest welke hulp bij het plan past"
	case traject.StepAanbieder:
		return "samen met u een zorgaanbieder kiezen"
	case traject.StepAcceptatie:
		return "de zorgaanbieder laat weten of hij u kan helpen"
	case traject.StepBeknoptPlan:
		return "de zorgaanbieder schrijft met u een kort plan voor de hulp"
	case traject.StepAkkoord:
		return "uw contactpersoon bekijkt het plan van de zorgaanbieder"
	case traject.StepAanvraag, traject.StepVerzoek:
		return "de hulp wordt aangevraagd bij de gemeente"
	case traject.StepBepaling:
		return "de gecertificeerde instelling besluit welke hulp nodig is"
	case traject.StepBesluit:
		return "de gemeente besluit over de hulp; u krijgt daarover een brief"
	}
	return a.Label
}

func gezinStap(st traject.Step) string {
	switch st {
	case traject.StepIPVA:
		return "We maken samen met u het plan (IPVA)."
	case traject.StepToegewezen:
		return "De hulp is toegewezen."
	case traject.StepAfgewezen:
		return "De hulp is afgewezen. In de brief staat waarom en wat u kunt doen."
	}
	return "Uw plan is klaar. De hulp wordt geregeld."
}

func (s *Server) trajectPath(w http.ResponseWriter, r *http.Request) (int64, bool) {
	tid, err := strconv.ParseInt(r.PathValue("tid"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound)
		return 0, false
	}
	return tid, true
}

func (s *Server) portaalOndertekenen(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lid(w, r)
	if !ok {
		return
	}
	tid, ok := s.trajectPath(w, r)
	if !ok {
		return
	}
	s.portaalNa(w, r, l, s.Portaal.Ondertekenen(r.Context(), l, tid), "getekend")
}

func (s *Server) portaalToestemming(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lid(w, r)
	if !ok {
		return
	}
	tid, ok := s.trajectPath(w, r)
	if !ok {
		return
	}
	prov, err := strconv.ParseInt(r.PostForm.Get("aanbieder"), 10, 64)
	if err != nil {
		s.toonZaak(w, r, l, http.StatusBadRequest, "", "Kies een zorgaanbieder.")
		return
	}
	geven := r.PostForm.Get("actie") == "geven"
	klaar := "ingetrokken"
	if geven {
		klaar = "gegeven"
	}
	s.portaalNa(w, r, l, s.Portaal.Toestemming(r.Context(), l, tid, prov, geven), klaar)
}

// portaalNa answers a change: back to the case with a message, or the
// case with the Dutch reason it was refused.
func (s *Server) portaalNa(w http.ResponseWriter, r *http.Request, l access.Gezinslid, err error, klaar string) {
	var ref *traject.Refusal
	switch {
	case errors.As(err, &ref):
		s.toonZaak(w, r, l, http.StatusUnprocessableEntity, "", ref.Reason)
	case err != nil:
		s.portaalFout(w, r, err)
	default:
		http.Redirect(w, r, "/portaal/jeugdige/"+strconv.FormatInt(l.ClientID, 10)+"?klaar="+klaar, http.StatusSeeOther)
	}
}

func (s *Server) portaalBrief(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lid(w, r)
	if !ok {
		return
	}
	tid, ok := s.trajectPath(w, r)
	if !ok {
		return
	}
	doc, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	_, pdf, err := s.Portaal.Brief(r.Context(), l, tid, doc)
	if err != nil {
		s.portaalFout(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="brief.pdf"`)
	w.Write(pdf)
}

func (s *Server) portaalInzage(w http.ResponseWriter, r *http.Request) {
	l, ok := s.lid(w, r)
	if !ok {
		return
	}
	rs, err := s.Portaal.Inzage(r.Context(), l)
	if err != nil {
		s.portaalFout(w, r, err)
		return
	}
	s.renderPortaal(w, r, http.StatusOK, "portaal_inzage", "Wie bekeek mijn gegevens", portaalPage{Lid: l, Regels: rs})
}
