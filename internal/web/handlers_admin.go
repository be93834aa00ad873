package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
)

// orgPage lists the organisations with the form to add one, or, with edit
// set, the form for the postal address and phone of that one (the letters
// it sends print them).
func (s *Server) orgPage(w http.ResponseWriter, r *http.Request, status int, pg page, edit *organisation.Organisation) {
	orgs, err := s.Orgs.ListIn(r.Context(), s.principal(r).RegionID, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Title = "Organisaties"
	// Folded per kind: a region has dozens of organisations, and the
	// administrator works on one at a time.
	type group struct {
		Label string
		Orgs  []organisation.Organisation
	}
	var groups []group
	for _, k := range organisation.Kinds() {
		g := group{Label: k.Label}
		for _, o := range orgs {
			if o.Kind == k.Kind {
				g.Orgs = append(g.Orgs, o)
			}
		}
		if len(g.Orgs) > 0 {
			groups = append(groups, g)
		}
	}
	data := map[string]any{"Orgs": orgs, "Groups": groups, "Kinds": organisation.Kinds()}
	if edit != nil {
		pg.Title = "Adres en telefoon van " + edit.Name
		data["Edit"] = edit
	}
	pg.Data = data
	s.render(w, r, status, "orgs", pg)
}

// contactForm is the contact of an organisation as its form shows it.
func contactForm(c organisation.Contact) map[string]string {
	return map[string]string{"address": c.Adres.Straat, "postcode": c.Adres.Postcode, "city": c.Adres.Plaats, "phone": c.Telefoon,
		"bezwaar_address": c.Bezwaar.Straat, "bezwaar_postcode": c.Bezwaar.Postcode, "bezwaar_city": c.Bezwaar.Plaats}
}

// contactOf reads the contact fields of a posted form.
func contactOf(form map[string]string) organisation.Contact {
	return organisation.Contact{
		Adres:    organisation.Postadres{Straat: form["address"], Postcode: form["postcode"], Plaats: form["city"]},
		Telefoon: form["phone"],
		Bezwaar:  organisation.Postadres{Straat: form["bezwaar_address"], Postcode: form["bezwaar_postcode"], Plaats: form["bezwaar_city"]},
	}
}

var contactFields = []string{"address", "postcode", "city", "phone", "bezwaar_address", "bezwaar_postcode", "bezwaar_city"}

// orgList shows the organisations; ?wijzig=<id> opens the address and
// phone of one for editing.
func (s *Server) orgList(w http.ResponseWriter, r *http.Request) {
	if v := r.URL.Query().Get("wijzig"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
		o, err := s.Orgs.Get(r.Context(), id)
		if errors.Is(err, organisation.ErrNotFound) || err == nil && !s.ofMyRegion(r, o) {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.orgPage(w, r, http.StatusOK, page{Form: contactForm(o.Contact)}, &o)
		return
	}
	s.orgPage(w, r, http.StatusOK, page{}, nil)
}

// ofMyRegion reports whether organisation o is in the region the
// administrator works in: each region's administrator manages its own
// organisations and accounts.
func (s *Server) ofMyRegion(r *http.Request, o organisation.Organisation) bool {
	p := s.principal(r)
	return p.RegionID == 0 || o.RegionID == p.RegionID
}

// orgContact records the address and phone posted for organisation id.
func (s *Server) orgContact(w http.ResponseWriter, r *http.Request, id int64) {
	o, err := s.Orgs.Get(r.Context(), id)
	if errors.Is(err, organisation.ErrNotFound) || err == nil && !s.ofMyRegion(r, o) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	form := formMap(r, contactFields...)
	err = s.Orgs.SetContact(r.Context(), id, contactOf(form))
	var fe organisation.FieldErrors
	if errors.As(err, &fe) {
		s.orgPage(w, r, http.StatusUnprocessableEntity, page{Errors: fe, Form: form}, &o)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Log.Info("organisation contact changed", "by_user_id", s.principal(r).UserID, "organisation_id", id)
	s.orgPage(w, r, http.StatusOK, page{Flash: "Het adres en telefoonnummer van " + o.Name + " zijn opgeslagen."}, nil)
}

// orgCreate adds an organisation; a form with an id changes the address
// and phone of that one instead.
func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) {
	if v := r.PostForm.Get("id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
		s.orgContact(w, r, id)
		return
	}
	form := formMap(r, append([]string{"name", "kind", "cbs_code", "agb_code"}, contactFields...)...)
	_, err := s.Orgs.Create(r.Context(), organisation.Organisation{RegionID: s.principal(r).RegionID, Name: form["name"], Kind: organisation.Kind(form["kind"]), CBSCode: form["cbs_code"], AGBCode: form["agb_code"],
		Contact: contactOf(form)})
	var fe organisation.FieldErrors
	if errors.As(err, &fe) {
		s.orgPage(w, r, http.StatusUnprocessableEntity, page{Errors: fe, Form: form}, nil)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Log.Info("organisation created", "by_user_id", s.principal(r).UserID)
	s.orgPage(w, r, http.StatusOK, page{Flash: "De organisatie is toegevoegd."}, nil)
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request, status int, pg page) {
	all, err := s.Accounts.List(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	orgs, err := s.Orgs.ListIn(r.Context(), s.principal(r).RegionID, "")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The administrator manages the accounts of their own region.
	inRegion := map[int64]bool{}
	for _, o := range orgs {
		inRegion[o.ID] = true
	}
	var users []account.User
	for _, u := range all {
		if inRegion[u.OrgID] {
			users = append(users, u)
		}
	}
	tokens, err := s.Accounts.Tokens(r.Context(), 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	now := s.Now()
	byUser := map[int64][]account.Token{}
	for _, t := range tokens {
		byUser[t.UserID] = append(byUser[t.UserID], t)
	}
	var rows []tokenRow
	for _, u := range users { // in the order of the users table
		for _, t := range byUser[u.ID] {
			rows = append(rows, tokenRow{Token: t, Email: u.Email, Expired: t.Expired(now)})
		}
	}
	pg.Title = "Gebruikers"
	pg.Data = map[string]any{"Users": users, "Orgs": orgs, "Roles": access.Roles(), "Tokens": rows, "Now": now}
	s.render(w, r, status, "users", pg)
}

// tokenRow is one API token on the users page: never the token or its hash.
type tokenRow struct {
	account.Token
	Email   string
	Expired bool
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request) {
	s.userPage(w, r, http.StatusOK, page{})
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	// The users page posts its "Intrekken" buttons here too (a form field
	// tells them apart), behind the same session, CSRF and administrator
	// checks.
	if r.PostForm.Has("token_intrekken") {
		s.tokenRevoke(w, r)
		return
	}
	form := formMap(r, "email", "name", "organisation")
	orgID, _ := strconv.ParseInt(form["organisation"], 10, 64)
	if o, err := s.Orgs.Get(r.Context(), orgID); err == nil && !s.ofMyRegion(r, o) {
		// Not in the list offered: as unknown as an organisation that
		// does not exist.
		orgID = 0
	}
	var roles []access.Role
	for _, v := range r.PostForm["roles"] {
		roles = append(roles, access.Role(v))
	}
	_, err := s.Accounts.Create(r.Context(), account.NewUser{Email: form["email"], Name: form["name"], OrgID: orgID, Roles: roles, Password: r.PostForm.Get("password")})
	var fe account.FieldErrors
	if errors.As(err, &fe) {
		s.userPage(w, r, http.StatusUnprocessableEntity, page{Errors: fe, Form: form})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Log.Info("user created", "by_user_id", s.principal(r).UserID)
	s.userPage(w, r, http.StatusOK, page{Flash: "De gebruiker is toegevoegd."})
}

func (s *Server) userSetActive(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	active := r.PostForm.Get("actief") == "ja"
	if !active && id == s.principal(r).UserID {
		s.userPage(w, r, http.StatusUnprocessableEntity, page{Errors: map[string]string{"email": "U kunt uw eigen account niet blokkeren."}})
		return
	}
	if u, err := s.Accounts.Get(r.Context(), id); err == nil {
		if o, err := s.Orgs.Get(r.Context(), u.OrgID); err == nil && !s.ofMyRegion(r, o) {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
	}
	err := s.Accounts.SetActive(r.Context(), id, active)
	if errors.Is(err, account.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.userPage(w, r, http.StatusOK, page{Flash: "De status van de gebruiker is gewijzigd."})
}

// tokenRevoke revokes one API token, in one transaction; an unknown token
// is a 404 and changes nothing.
func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostForm.Get("token_intrekken"), 10, 64)
	if err != nil || id <= 0 {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	_, err = s.Accounts.RevokeTokenID(r.Context(), id)
	if errors.Is(err, account.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.userPage(w, r, http.StatusOK, page{Flash: fmt.Sprintf("API-token %d is ingetrokken.", id)})
}

type trailData struct {
	Heading string
	CSV     string
	Entries []access.Entry
	Error   string
	Users   []account.User
}

func (s *Server) trailForm(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if !p.CanViewAccessLog() {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.trailFormPage(w, r, http.StatusOK, "")
}

func (s *Server) trailFormPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	users, err := s.Accounts.List(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "trail", page{Title: "Toegangslog", Data: trailData{Error: msg, Users: users},
		Form: map[string]string{"doel": string(DefaultPurpose(s.principal(r)))}})
}

func (s *Server) trailSearch(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if !p.CanViewAccessLog() {
		// The refused search is logged (without the BSN, which is not looked up).
		s.Gate.TrailByBSN(r.Context(), p, "", DefaultPurpose(p))
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	bsn := r.PostForm.Get("bsn")
	if !client.ValidBSN(bsn) {
		s.trailFormPage(w, r, http.StatusUnprocessableEntity, "Dit is geen geldig BSN: een BSN heeft negen cijfers en voldoet aan de elfproef.")
		return
	}
	purpose, ok := s.purposeOf(r, p)
	if !ok {
		s.trailFormPage(w, r, http.StatusUnprocessableEntity, "Kies een doel uit de lijst.")
		return
	}
	id, err := s.Gate.TrailByBSN(r.Context(), p, bsn, purpose)
	if errors.Is(err, access.ErrRefused) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if id == 0 {
		s.trailFormPage(w, r, http.StatusNotFound, "Er is geen jeugdige met dit BSN geregistreerd.")
		return
	}
	// The BSN stays out of the URL; the id is no personal data.
	http.Redirect(w, r, fmt.Sprintf("/toegangslog/client/%d?doel=%s", id, purpose), http.StatusSeeOther)
}

func (s *Server) trail(w http.ResponseWriter, r *http.Request, f access.Filter, heading, csvName string) {
	p := s.principal(r)
	purpose, ok := s.purposeOf(r, p)
	if !ok {
		purpose = DefaultPurpose(p)
	}
	entries, err := s.Gate.Trail(r.Context(), p, f, purpose)
	if errors.Is(err, access.ErrRefused) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if r.URL.Query().Get("formaat") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+csvName+`"`)
		if err := access.WriteCSV(w, entries); err != nil {
			s.Log.Error("write csv", "err", err)
		}
		return
	}
	q := r.URL.Query()
	q.Set("formaat", "csv")
	q.Set("doel", string(purpose))
	s.render(w, r, http.StatusOK, "trail", page{Title: "Toegangslog", Data: trailData{Heading: heading, Entries: entries, CSV: r.URL.Path + "?" + q.Encode()}})
}

func (s *Server) trailClient(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.trail(w, r, access.Filter{ClientID: id}, fmt.Sprintf("Jeugdige #%d", id), fmt.Sprintf("toegangslog-client-%d.csv", id))
}

func (s *Server) trailUser(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	u, err := s.Accounts.Get(r.Context(), id)
	if errors.Is(err, account.ErrNotFound) || !s.principal(r).CanViewAccessLog() {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.trail(w, r, access.Filter{UserID: id}, "Gebruiker "+u.Email, fmt.Sprintf("toegangslog-gebruiker-%d.csv", id))
}
