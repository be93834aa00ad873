package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/client"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

type homeData struct {
	ReadClients, CreateClients, AccessLog, Admin, NoClientData bool
	Work                                                       []traject.WorkItem
	More                                                       bool
	All                                                        bool
	Today                                                      time.Time
	Provider                                                   *organisation.Provider
	MoneyQuestions                                             []traject.MoneyQuestion
}

// startPageActions is how many actions the start page shows: the most
// urgent ones; "alle acties" shows up to 200.
const startPageActions = 25

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	d := homeData{ReadClients: p.CanReadClient(), CreateClients: registers(p), AccessLog: p.CanViewAccessLog(), Admin: p.IsAdmin()}
	d.NoClientData = !d.ReadClients && !d.AccessLog && !d.Admin
	if d.ReadClients {
		var err error
		// The open actions of the organisation: each youth shown is logged.
		limit := startPageActions
		if d.All = r.URL.Query().Get("alle") == "1"; d.All {
			limit = 200
		}
		if d.Work, d.More, err = s.Traject.MyWorkPage(r.Context(), p, limit); err != nil && !errors.Is(err, traject.ErrNotFound) {
			s.serverError(w, r, err)
			return
		}
		d.Today = s.Now()
	}
	if p.Has(access.Jeugdhulpaanbieder) && p.OrgKind == string(organisation.Aanbieder) {
		ps, err := s.Orgs.Wegwijzer(r.Context(), p.RegionID, 0)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for i := range ps {
			if ps[i].ID == p.OrgID {
				d.Provider = &ps[i]
			}
		}
	}
	if p.Has(access.Inkoop) {
		var err error
		if d.MoneyQuestions, err = s.Traject.MoneyQuestions(r.Context(), p); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	flash := ""
	if r.URL.Query().Get("geldkwestie") == "afgehandeld" {
		flash = "De uitkomst van de geldkwestie is vastgelegd; de verwijzer leest hem bij het traject."
	}
	s.render(w, r, http.StatusOK, "home", page{Title: "Mijn werk", Data: d, Flash: flash})
}

// DefaultPurpose is the purpose recorded for a read when the user did not
// choose one: the usual reason of the principal's roles.
func DefaultPurpose(p access.Principal) access.Purpose { return access.DefaultPurpose(p) }

// purposeOf reads the chosen purpose from the form or query ("doel"); false
// when it is not one of the purposes the user's roles may give, and then
// the refusal is logged.
func (s *Server) purposeOf(r *http.Request, p access.Principal) (access.Purpose, bool) {
	v := r.FormValue("doel")
	if v == "" || (!p.CanReadClient() && !p.CanViewAccessLog()) {
		// A role without any right to client data is refused by the gate,
		// whatever its purpose.
		return DefaultPurpose(p), true
	}
	if !access.AllowedPurpose(p, access.Lezen, access.Purpose(v)) {
		s.Gate.Refuse(r.Context(), p, access.Case{}, access.Op{Action: access.Lezen, Object: "doel", Purpose: access.Purpose(v)})
		return access.Purpose(v), false
	}
	return access.Purpose(v), true
}

func (s *Server) clientList(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	purpose, _ := s.purposeOf(r, p)
	cs, err := s.Clients.List(r.Context(), p, purpose, 200)
	if errors.Is(err, client.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "clients", page{Title: "Jeugdigen", Data: map[string]any{"Clients": cs, "CanCreate": registers(p)}})
}

type clientFormData struct {
	Client client.Client
	// Relations are the parents and custodians the reader's roles see,
	// with phone and e-mail only for those who see contact details.
	Relations      []client.Relation
	CanEdit        bool
	Trail          []access.Entry
	Municipalities []organisation.Organisation
}

func (s *Server) municipalities(r *http.Request) ([]organisation.Organisation, error) {
	return s.Orgs.ListIn(r.Context(), s.principal(r).RegionID, organisation.Gemeente)
}

func formMap(r *http.Request, keys ...string) map[string]string {
	m := map[string]string{}
	for _, k := range keys {
		m[k] = r.PostForm.Get(k)
	}
	return m
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) showClient(w http.ResponseWriter, r *http.Request, status int, purpose access.Purpose, pg page) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	rec, err := s.Clients.GetWithTrail(r.Context(), p, id, purpose)
	c := rec.Client
	if errors.Is(err, client.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := clientFormData{Client: c, Relations: rec.Relations, CanEdit: p.CanEditClient(), Trail: rec.Trail}
	if d.CanEdit {
		if d.Municipalities, err = s.municipalities(r); err != nil {
			s.serverError(w, r, err)
			return
		}
		if pg.Form == nil {
			pg.Form = map[string]string{"straat": c.Street, "huisnummer": c.HouseNumber, "postcode": c.Postcode, "woonplaats": c.City,
				"gemeente_id": strconv.FormatInt(c.MunicipalityID, 10), "doel": string(purpose)}
		}
	}
	pg.Title, pg.Data = "Jeugdige", d
	if r.URL.Query().Get("opgeslagen") == "1" {
		pg.Flash = "De gegevens zijn opgeslagen."
	}
	s.render(w, r, status, "client", pg)
}

func (s *Server) clientShow(w http.ResponseWriter, r *http.Request) {
	purpose, ok := s.purposeOf(r, s.principal(r))
	if !ok {
		s.renderMessage(w, r, http.StatusUnprocessableEntity, "Doel past niet bij uw rol", "Kies een doel dat bij uw rol hoort; er is niets getoond.")
		return
	}
	s.showClient(w, r, http.StatusOK, purpose, page{})
}

func (s *Server) clientUpdateAddress(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, ok := pathID(r)
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	form := formMap(r, "straat", "huisnummer", "postcode", "woonplaats", "gemeente_id", "doel")
	mid, _ := strconv.ParseInt(form["gemeente_id"], 10, 64)
	purpose, ok := s.purposeOf(r, p)
	var err error
	if !ok {
		err = client.FieldErrors{"doel": "Kies een doel uit de lijst."}
	} else {
		err = s.Clients.UpdateAddress(r.Context(), p, id, client.AddressInput{Street: form["straat"], HouseNumber: form["huisnummer"],
			Postcode: form["postcode"], City: form["woonplaats"], MunicipalityID: mid}, purpose)
	}
	var fe client.FieldErrors
	switch {
	case errors.As(err, &fe):
		// Show the page again with the messages; that is a read, logged as one.
		s.showClient(w, r, http.StatusUnprocessableEntity, DefaultPurpose(p), page{Errors: fe, Form: form})
		return
	case errors.Is(err, client.ErrNotFound):
		s.renderError(w, r, http.StatusNotFound)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/clienten/"+strconv.FormatInt(id, 10)+"?opgeslagen=1", http.StatusSeeOther)
}

// registers reports whether p registers requests for help on a route.
func registers(p access.Principal) bool {
	_, ok := traject.RouteFor(p)
	return ok
}
