package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/berichten"
	"github.com/jeugdhulp/jeugdhulp/internal/ijw"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

// registerBerichten adds the inbox and outbox pages (issue 14).
func (s *Server) registerBerichten(mux *http.ServeMux) {
	mux.Handle("GET /berichten", s.auth(s.berichtenList))
	mux.Handle("GET /berichten/{id}", s.auth(s.berichtShow))
}

// berichtenPage is the data of template berichten: the list, or one
// message when Detail is set.
type berichtenPage struct {
	List   *berichtenData
	Detail *uitwisseling.Detail
}

type berichtenData struct {
	Items                 []uitwisseling.Item
	Richting, Soort, Stat string
	Types                 []ijw.MessageType
	States                []struct{ Code, Label string }
}

// berichtenFilter reads the filters of the list; an unknown value is
// ignored (the whole list shows), so a URL never fails on a filter.
func berichtenFilter(r *http.Request) (berichten.Filter, berichtenData) {
	q := r.URL.Query()
	var f berichten.Filter
	d := berichtenData{Types: uitwisseling.Types, States: berichten.States}
	if v := q.Get("richting"); v == berichten.In || v == berichten.Uit {
		f.Direction, d.Richting = v, v
	}
	for _, t := range uitwisseling.Types {
		if string(t) == q.Get("soort") {
			f.Type, d.Soort = t, string(t)
		}
	}
	for _, st := range berichten.States {
		if st.Code == q.Get("status") {
			f.State, d.Stat = st.Code, st.Code
		}
	}
	return f, d
}

func (s *Server) berichtenList(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	if !uitwisseling.MayExchange(p) || s.Berichten == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	f, d := berichtenFilter(r)
	items, err := s.Berichten.List(r.Context(), p, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Items = items
	s.render(w, r, http.StatusOK, "berichten", page{Title: "Berichten", Data: berichtenPage{List: &d}})
}

func (s *Server) berichtShow(w http.ResponseWriter, r *http.Request) {
	p := s.principal(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || !uitwisseling.MayExchange(p) || s.Berichten == nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	d, err := s.Berichten.Get(r.Context(), p, id)
	if errors.Is(err, uitwisseling.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "berichten", page{Title: "Bericht " + string(d.Type), Data: berichtenPage{Detail: &d}})
}
