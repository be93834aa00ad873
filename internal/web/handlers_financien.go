package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/declaratie"
	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/financiering"
	"github.com/jeugdhulp/jeugdhulp/internal/invoer"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/organisation"
	"github.com/jeugdhulp/jeugdhulp/internal/rapport"
)

func init() {
	funcs["geld"] = declaratie.Euro
	funcs["procent"] = financiering.Procent
	funcs["afrekening"] = financiering.Afrekenzin
	funcs["naarRato"] = financiering.NaarRato
}

// financienVeld is one amount field of the entry forms.
type financienVeld struct {
	Field, Label string
}

// financienData is what financien.html shows.
type financienData struct {
	O           financiering.Overzicht
	Jaren       []int
	GemeenteID  int64
	Grafieken   []rapport.Grafiek
	MagInvullen bool
	// TotEnMet names the last month with figures ("november"), "" when
	// none has any yet.
	TotEnMet string
	NaarRato int64 // the region's advance pro rata through that month
	// Query is "jaar=…" and maybe "&gemeente=…", made of numbers only.
	Query      template.URL
	Lumpsums   []financienVeld
	Historisch []financienVeld
	Consortia  bool
	// Invullen: the page of the entry forms instead of the figures.
	Invullen bool
}

// financienJaar reads ?jaar= (or the form's jaar): the current year when
// absent; false when it is not a year the service accepts (the message is
// shown).
func (s *Server) financienJaar(w http.ResponseWriter, r *http.Request, v string) (int, bool) {
	if v = strings.TrimSpace(v); v == "" {
		return s.Financiering.Vandaag().Year(), true
	}
	jaar, err := strconv.Atoi(v)
	if err != nil || !s.Financiering.GeldigJaar(jaar) {
		s.renderMessage(w, r, http.StatusBadRequest, "Onbekend jaar", s.Financiering.JaarFout())
		return 0, false
	}
	return jaar, true
}

// financienOverzicht computes the year for the page's user; false when the
// answer is written (not found for a user who does not see the figures).
func (s *Server) financienOverzicht(w http.ResponseWriter, r *http.Request, jaar int) (financiering.Overzicht, bool) {
	if s.Financiering == nil {
		s.renderError(w, r, http.StatusNotFound)
		return financiering.Overzicht{}, false
	}
	o, err := s.Financiering.Overzicht(r.Context(), s.principal(r), jaar)
	switch {
	case errors.Is(err, access.ErrRefused):
		s.renderError(w, r, http.StatusNotFound)
		return o, false
	case err != nil:
		s.serverError(w, r, err)
		return o, false
	}
	return o, true
}

// financienPage renders the money of year jaar; pg carries the entry
// forms' values and errors after a post.
func (s *Server) financienPage(w http.ResponseWriter, r *http.Request, status int, pg page, jaar int, invullen bool) {
	o, ok := s.financienOverzicht(w, r, jaar)
	if !ok {
		return
	}
	p := s.principal(r)
	gid, _ := strconv.ParseInt(r.URL.Query().Get("gemeente"), 10, 64)
	if invullen && !financiering.MagInvullen(p) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	d := financienData{O: o, Jaren: s.Financiering.Jaren(), MagInvullen: financiering.MagInvullen(p), Consortia: len(o.Consortia) > 0,
		Query: template.URL("jaar=" + strconv.Itoa(jaar)), Invullen: invullen}
	found := false
	for _, g := range o.Gemeenten {
		found = found || g.ID == gid
	}
	if found {
		d.GemeenteID = gid
		d.Query += template.URL("&gemeente=" + strconv.FormatInt(gid, 10))
	}
	d.Grafieken = o.Grafieken(d.GemeenteID)
	if o.Maanden > 0 {
		d.TotEnMet = financiering.MaandNaam(o.Maanden)
		d.NaarRato = financiering.NaarRato(o.Totaal.Voorschot, o.Maanden)
	}
	// Fields show what was posted (after a refusal) or else what is stored:
	// the other form on the page keeps its amounts.
	if pg.Form == nil {
		pg.Form = map[string]string{}
	}
	stored := func(f string, has bool, cents int64) {
		if _, posted := pg.Form[f]; !posted && has {
			pg.Form[f] = financiering.Invulbedrag(cents)
		}
	}
	for _, c := range o.Consortia {
		f := "c" + strconv.FormatInt(c.ID, 10)
		d.Lumpsums = append(d.Lumpsums, financienVeld{f, c.Naam})
		stored(f, c.HeeftLumpsum, c.Lumpsum)
	}
	for _, g := range o.Gemeenten {
		f := "g" + strconv.FormatInt(g.ID, 10)
		d.Historisch = append(d.Historisch, financienVeld{f, g.Naam})
		stored(f, g.HeeftHistorisch, g.Historisch)
	}
	pg.Title = fmt.Sprintf("Financiën segment 1 %d", jaar)
	if invullen {
		pg.Title = fmt.Sprintf("Bedragen invullen %d", jaar)
	}
	pg.Data = d
	s.render(w, r, status, "financien", pg)
}

func (s *Server) financien(w http.ResponseWriter, r *http.Request) {
	jaar, ok := s.financienJaar(w, r, r.URL.Query().Get("jaar"))
	if !ok {
		return
	}
	s.financienPage(w, r, http.StatusOK, page{}, jaar, false)
}

// financienInvullen shows the entry forms of a year to the region's
// purchasing team or administrator.
func (s *Server) financienInvullen(w http.ResponseWriter, r *http.Request) {
	jaar, ok := s.financienJaar(w, r, r.URL.Query().Get("jaar"))
	if !ok {
		return
	}
	s.financienPage(w, r, http.StatusOK, page{}, jaar, true)
}

// financienZet records the lump sums (prefix "c", consortia) or the
// historical use (prefix "g", municipalities) of the form's year: an empty
// field removes the amount.
func (s *Server) financienZet(prefix string, kind organisation.Kind, zet func(f *financiering.Service, r *http.Request, p access.Principal, in financiering.Invoerbedragen) error, flash string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := s.principal(r)
		if s.Financiering == nil || !financiering.MagInvullen(p) {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
		jaar, ok := s.financienJaar(w, r, r.PostForm.Get("jaar"))
		if !ok {
			return
		}
		orgs, err := s.Orgs.ListIn(r.Context(), p.RegionID, kind)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		in := financiering.Invoerbedragen{Jaar: jaar}
		form, fe := map[string]string{}, map[string]string{}
		for _, o := range orgs {
			f := prefix + strconv.FormatInt(o.ID, 10)
			v := strings.TrimSpace(r.PostForm.Get(f))
			form[f] = v
			b := financiering.Bedrag{ID: o.ID}
			if v != "" {
				cents, ok := financiering.LeesBedrag(v)
				if !ok {
					fe[f] = kortNaam(o.Name) + ": " + financiering.BedragFout
					continue
				}
				b.Bedrag = &cents
			}
			in.Bedragen = append(in.Bedragen, b)
		}
		if len(fe) == 0 {
			err := zet(s.Financiering, r, p, in)
			var byID invoer.Fouten
			switch {
			case errors.As(err, &byID):
				for k, msg := range byID {
					if k != "jaar" {
						k = prefix + k
					}
					fe[k] = msg
				}
			case err != nil:
				s.serverError(w, r, err)
				return
			}
		}
		// The page shows the year the form was for.
		q := r.URL.Query()
		q.Set("jaar", strconv.Itoa(jaar))
		r.URL.RawQuery = q.Encode()
		if len(fe) > 0 {
			s.financienPage(w, r, http.StatusUnprocessableEntity, page{Errors: fe, Form: form}, jaar, true)
			return
		}
		s.Log.Info("segment-1 money entered", "by_user_id", p.UserID, "region_id", p.RegionID, "jaar", jaar, "kind", string(kind))
		s.financienPage(w, r, http.StatusOK, page{Flash: fmt.Sprintf(flash, jaar)}, jaar, false)
	}
}

func (s *Server) financienLumpsums() http.HandlerFunc {
	return s.financienZet("c", organisation.Consortium, func(f *financiering.Service, r *http.Request, p access.Principal, in financiering.Invoerbedragen) error {
		return f.ZetLumpsums(r.Context(), p, in)
	}, "De lumpsums voor %d zijn opgeslagen. De voorschotten en de afrekening hieronder zijn opnieuw berekend.")
}

func (s *Server) financienHistorisch() http.HandlerFunc {
	return s.financienZet("g", organisation.Gemeente, func(f *financiering.Service, r *http.Request, p access.Principal, in financiering.Invoerbedragen) error {
		return f.ZetHistorisch(r.Context(), p, in)
	}, "Het historisch gebruik als basis voor %d is opgeslagen. De voorschotten hieronder zijn opnieuw berekend.")
}

// financienCSV sends the year per municipality as a spreadsheet.
func (s *Server) financienCSV(w http.ResponseWriter, r *http.Request) {
	jaar, ok := s.financienJaar(w, r, r.URL.Query().Get("jaar"))
	if !ok {
		return
	}
	o, ok := s.financienOverzicht(w, r, jaar)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := o.SchrijfCSV(&buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	csvHeaders(w, fmt.Sprintf("financien-segment1-%d.csv", jaar))
	w.Write(buf.Bytes())
}

// financienPDF prints the year for the governance meetings: the region's
// charts and every municipality's spending against its advance, each
// with its key figures in words.
func (s *Server) financienPDF(w http.ResponseWriter, r *http.Request) {
	jaar, ok := s.financienJaar(w, r, r.URL.Query().Get("jaar"))
	if !ok {
		return
	}
	o, ok := s.financienOverzicht(w, r, jaar)
	if !ok {
		return
	}
	periode := "nog geen maanden met cijfers"
	if o.Maanden > 0 {
		periode = fmt.Sprintf("januari %d tot en met %s %d (peildatum %s)", jaar, financiering.MaandNaam(o.Maanden), jaar, kalender.Datum(o.Peil))
	}
	kop := document.RapportKop{Regio: "Regio " + o.Regio, Afdeling: "Werkgroep Financiën en Monitoring segment 1",
		Titel: fmt.Sprintf("Lumpsum segment 1: voorschot, gebruik en afrekening %d", jaar), Periode: periode,
		Gemaakt: s.Now().In(kalender.Amsterdam()).Format("02-01-2006 15:04")}
	var buf bytes.Buffer
	if err := document.Rapport(&buf, kop, o.Rapportgrafieken()); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="financien-segment1-%d.pdf"`, jaar))
	w.Write(buf.Bytes())
}

// kortNaam is an organisation's name without the kind it begins with, for
// a message that stands beside its field.
func kortNaam(naam string) string {
	return strings.TrimPrefix(strings.TrimPrefix(naam, "Samenwerkingsverband "), "Gemeente ")
}
