package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/document"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/kpi"
	"github.com/jeugdhulp/jeugdhulp/internal/rapport"
)

// The region's monitor (issue 16): the segment-1 KPIs against their
// targets, the deadlines met and the Treeknorm waits, the live waiting
// times; each as charts with their tables, CSV and a printable PDF.

func (s *Server) registerMonitor(mux *http.ServeMux) {
	mux.Handle("GET /monitor", s.auth(s.monitorKPI))
	mux.Handle("GET /monitor/kpi.csv", s.auth(s.monitorExport("kpi", "csv")))
	mux.Handle("GET /monitor/kpi.pdf", s.auth(s.monitorExport("kpi", "pdf")))
	mux.Handle("GET /monitor/termijnen", s.auth(s.monitorTermijnen))
	mux.Handle("GET /monitor/termijnen.csv", s.auth(s.monitorExport("termijnen", "csv")))
	mux.Handle("GET /monitor/termijnen.pdf", s.auth(s.monitorExport("termijnen", "pdf")))
	mux.Handle("GET /monitor/wachttijden", s.auth(s.monitorWachttijden))
	mux.Handle("GET /monitor/kpi/{kpi}", s.auth(s.monitorInzoom))
	mux.Handle("GET /monitor/instellingen", s.auth(s.monitorInstellingen))
	mux.Handle("POST /monitor/instellingen", s.auth(s.monitorInstellingOpslaan))
}

func monitorNav(tab string) []navItem {
	return []navItem{{"/monitor", "KPI's segment 1"}, {"/monitor/termijnen", "Termijnen en Treeknorm"}, {"/monitor/wachttijden", "Wachttijden"}, {"/monitor/instellingen", "Basisjaar en doelen"}}
}

// monitorData is what every monitor page gets.
type monitorData struct {
	Tab    string
	Tabs   []navItem
	Jaar   int
	Jaren  []int
	Regio  string
	M      *kpi.Monitor
	Extra  any
	Export string // the page's export base, e.g. /monitor/kpi
}

func (s *Server) monitorLoad(w http.ResponseWriter, r *http.Request) (*kpi.Monitor, int, bool) {
	p := s.principal(r)
	now := s.Now().In(kalender.Amsterdam())
	jaar, err := strconv.Atoi(r.URL.Query().Get("jaar"))
	if err != nil || jaar < 2015 || jaar > now.Year()+1 {
		jaar = now.Year()
	}
	m, err := s.KPI.Monitor(r.Context(), p, jaar)
	if errors.Is(err, kpi.ErrGeenToegang) {
		s.renderError(w, r, http.StatusNotFound)
		return nil, 0, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, 0, false
	}
	return m, jaar, true
}

func (s *Server) monitorPage(w http.ResponseWriter, r *http.Request, tab, title string, m *kpi.Monitor, jaar int, extra any, export string) {
	u := s.principal(r)
	now := s.Now().In(kalender.Amsterdam())
	var jaren []int
	for y := now.Year(); y >= now.Year()-4; y-- {
		jaren = append(jaren, y)
	}
	regio := ""
	if reg, err := s.Orgs.RegionOf(r.Context(), u.OrgID); err == nil {
		regio = reg.Naam
	}
	s.render(w, r, http.StatusOK, "monitor", page{Title: title, Data: monitorData{Tab: tab, Tabs: monitorNav(tab), Jaar: jaar, Jaren: jaren, Regio: regio, M: m, Extra: extra, Export: export}})
}

// kpiBlok is one KPI on the page: its chart, its year table and the verdict.
type kpiBlok struct {
	kpi.Resultaat
	Grafiek rapport.Grafiek
	Regio   kpi.Cel
	Haalt26 bool
	Haalt28 bool
	Rijen   []kpiRij
}

type kpiRij struct {
	kpi.Rij
	Sleutel string // the group in a URL: regio, gemeente-12, consortium-40
	Jaar    kpi.Cel
}

func groepSleutel(g kpi.Groep) string {
	if g == kpi.Regio {
		return "regio"
	}
	return g.Soort + "-" + strconv.FormatInt(g.ID, 10)
}

func groepUit(v string) (kpi.Groep, bool) {
	if v == "regio" || v == "" {
		return kpi.Regio, true
	}
	soort, id, ok := strings.Cut(v, "-")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || (soort != "gemeente" && soort != "consortium") {
		return kpi.Groep{}, false
	}
	return kpi.Groep{Soort: soort, ID: n}, true
}

// kpiGrafieken are the KPI charts: per KPI the region and each consortium
// per month, with the 2026 and 2028 targets as lines.
func kpiBlokken(m *kpi.Monitor) []kpiBlok {
	var out []kpiBlok
	for i, r := range m.KPIs {
		labels := make([]string, 12)
		for j, per := range kpi.Maanden(m.Jaar)[:12] {
			labels[j] = per.Label
		}
		g := rapport.Grafiek{ID: "kpi-" + strconv.Itoa(i), Titel: r.Naam, Eenheid: "%", Labels: labels, Toelichting: r.Uitleg}
		for _, rij := range r.Rijen {
			if rij.Soort == "gemeente" {
				continue
			}
			var vs []*float64
			for _, c := range rij.Cellen[:12] {
				vs = append(vs, c.Figuur)
			}
			g.Reeksen = append(g.Reeksen, rapport.Reeks{Naam: rij.Naam, Waarden: vs})
		}
		for _, doel := range []struct {
			naam string
			v    float64
		}{{"Doel 2026", r.In.Doel2026}, {"Doel 2028", r.In.Doel2028}} {
			var vs []*float64
			for range 12 {
				vs = append(vs, rapport.Getal(doel.v))
			}
			g.Reeksen = append(g.Reeksen, rapport.Reeks{Naam: doel.naam, Waarden: vs, Doel: true})
		}
		g.Tabel = jaarTabel(r, m.Jaar)
		b := kpiBlok{Resultaat: r, Grafiek: g, Regio: r.Rijen[0].Jaarcel()}
		if f := b.Regio.Figuur; f != nil {
			b.Haalt26, b.Haalt28 = kpi.Haalt(*f, r.In.Doel2026), kpi.Haalt(*f, r.In.Doel2028)
		}
		for _, rij := range r.Rijen {
			b.Rijen = append(b.Rijen, kpiRij{Rij: rij, Sleutel: groepSleutel(rij.Groep), Jaar: rij.Jaarcel()})
		}
		out = append(out, b)
	}
	return out
}

// gekozen is a monitor page's overview and the one item opened below it.
type gekozen[T any] struct {
	Alle    []T
	Open    T
	OpenIdx int
}

// kies picks the item named by the query parameter (its key), else the
// first.
func kies[T any](alle []T, key func(T) string, v string) gekozen[T] {
	g := gekozen[T]{Alle: alle}
	for i, x := range alle {
		if key(x) == v {
			g.OpenIdx = i
		}
	}
	if len(alle) > 0 {
		g.Open = alle[g.OpenIdx]
	}
	return g
}

// jaarTabel is a KPI's year per group, written out for the PDF.
func jaarTabel(r kpi.Resultaat, jaar int) *rapport.Tabel {
	t := &rapport.Tabel{Titel: r.Naam + " in " + strconv.Itoa(jaar) + " per gemeente en samenwerkingsverband", Kolommen: []string{"Gemeente of samenwerkingsverband"}}
	figuur := "Aandeel"
	switch r.Soort {
	case kpi.Afname:
		figuur = "Afname"
	case kpi.Toename:
		figuur = "Toename"
	}
	if r.Soort != kpi.Aandeel {
		t.Kolommen = append(t.Kolommen, r.Maat+" "+strconv.Itoa(jaar), "Basisjaar "+strconv.Itoa(r.In.Basisjaar))
	}
	t.Kolommen = append(t.Kolommen, figuur)
	for _, rij := range r.Rijen {
		c := rij.Jaarcel()
		row := []string{rij.Naam}
		if r.Soort != kpi.Aandeel {
			maat := rapport.Cijfer(c.Maat, "")
			if c.Onderdrukt {
				maat = "minder dan 5"
			}
			row = append(row, maat, rapport.Cijfer(c.Basis, ""))
		}
		fig := rapport.Cijfer(c.Figuur, "%")
		if c.Onderdrukt {
			fig = "minder dan 5"
		}
		t.Rijen = append(t.Rijen, append(row, fig))
	}
	return t
}

func (s *Server) monitorKPI(w http.ResponseWriter, r *http.Request) {
	m, jaar, ok := s.monitorLoad(w, r)
	if !ok {
		return
	}
	sel := kies(kpiBlokken(m), func(b kpiBlok) string { return string(b.Key) }, r.URL.Query().Get("kpi"))
	s.monitorPage(w, r, "kpi", "KPI's segment 1", m, jaar, sel, "/monitor/kpi")
}

// termijnBlok is one deadline or wait: the region's share met per month,
// and the year per organisation.
type termijnBlok struct {
	Naam    string
	Uren    bool
	Grafiek rapport.Grafiek
	Regio   kpi.Spreiding
	// Orgs are the organisations' lines of the chosen month (or year).
	Orgs []termijnOrg
	// Regels are every line: per organisation (and the region) per month
	// and for the year, for the CSV.
	Regels []termijnRegel
}

type termijnRegel struct {
	Org, Periode string
	kpi.Spreiding
}

type termijnOrg struct {
	Naam string
	kpi.Spreiding
}

// termijnBlokken are the deadlines and waits of m, with the
// organisations' lines of month maand (1–12; 0: the whole year).
func termijnBlokken(m *kpi.Monitor, maand int) []termijnBlok {
	labels := make([]string, 12)
	maanden := kpi.Maanden(m.Jaar)[:12]
	for j, per := range maanden {
		labels[j] = per.Label
	}
	naam := func(org int64) string {
		if n, ok := m.Feiten.Namen[org]; ok {
			return n
		}
		return "Organisatie " + strconv.FormatInt(org, 10)
	}
	var out []termijnBlok
	add := func(id, titel string, uren bool, rows func(yield func(org int64, maand time.Time, sp kpi.Spreiding))) {
		b := termijnBlok{Naam: titel, Uren: uren}
		share := make([]*float64, 12)
		rows(func(org int64, m time.Time, sp kpi.Spreiding) {
			orgNaam, periode := "Regio", "heel jaar"
			if org != 0 {
				orgNaam = naam(org)
			}
			if !m.IsZero() {
				periode = labels[int(m.Month())-1]
			}
			b.Regels = append(b.Regels, termijnRegel{Org: orgNaam, Periode: periode, Spreiding: sp})
			switch {
			case org == 0 && m.IsZero():
				b.Regio = sp
			case org == 0:
				share[int(m.Month())-1] = sp.Aandeel()
			}
			if org != 0 && ((maand == 0 && m.IsZero()) || (!m.IsZero() && int(m.Month()) == maand)) {
				b.Orgs = append(b.Orgs, termijnOrg{Naam: orgNaam, Spreiding: sp})
			}
		})
		sort.SliceStable(b.Orgs, func(i, j int) bool { return b.Orgs[i].Naam < b.Orgs[j].Naam })
		b.Grafiek = rapport.Grafiek{ID: id, Titel: titel + ": binnen de termijn", Eenheid: "%", Labels: labels,
			Toelichting: "Deel van de termijnen die in de maand afliepen dat op tijd was gedaan (regio).",
			Reeksen:     []rapport.Reeks{{Naam: "Op tijd", Waarden: share}, {Naam: "Norm", Waarden: repeatGetal(100, 12), Doel: true}}}
		out = append(out, b)
	}
	for i, d := range kpi.TermijnDefinities {
		add("termijn-"+strconv.Itoa(i), d.Naam, d.Uren, func(yield func(int64, time.Time, kpi.Spreiding)) {
			for _, t := range m.Termijnen {
				if t.Definitie.Soort == d.Soort {
					yield(t.Org, t.Maand, t.Spreiding)
				}
			}
		})
	}
	for i, k := range []struct {
		key  kpi.Key
		naam string
	}{{kpi.TreeknormAanmeld, "Treeknorm: van aanmelding tot intake binnen 4 weken"}, {kpi.TreeknormBehandel, "Treeknorm: van intake tot start behandeling binnen 10 weken"}} {
		add("treeknorm-"+strconv.Itoa(i), k.naam, false, func(yield func(int64, time.Time, kpi.Spreiding)) {
			for _, t := range m.Treeknorm {
				if t.Key == k.key {
					yield(t.Org, t.Maand, t.Spreiding)
				}
			}
		})
	}
	return out
}

// termijnPagina is the deadlines page: the overview, the opened deadline,
// and the month its organisations' lines are of.
type termijnPagina struct {
	gekozen[termijnBlok]
	Maand   int
	Maanden []string
}

func repeatGetal(v float64, n int) []*float64 {
	out := make([]*float64, n)
	for i := range out {
		out[i] = rapport.Getal(v)
	}
	return out
}

func (s *Server) monitorTermijnen(w http.ResponseWriter, r *http.Request) {
	m, jaar, ok := s.monitorLoad(w, r)
	if !ok {
		return
	}
	maand, err := strconv.Atoi(r.URL.Query().Get("maand"))
	if err != nil || maand < 0 || maand > 12 {
		maand = 0
	}
	sel := kies(termijnBlokken(m, maand), func(b termijnBlok) string { return b.Grafiek.ID }, r.URL.Query().Get("termijn"))
	maanden := []string{"heel " + strconv.Itoa(jaar)}
	for _, p := range kpi.Maanden(jaar)[:12] {
		maanden = append(maanden, p.Label)
	}
	s.monitorPage(w, r, "termijnen", "Termijnen en Treeknorm", m, jaar, termijnPagina{gekozen: sel, Maand: maand, Maanden: maanden}, "/monitor/termijnen")
}

// wachtRij is a line of the waiting-times table.
type wachtRij struct {
	kpi.Wachtrij
	Aanbieder, Arrangement string
}

func (s *Server) monitorWachttijden(w http.ResponseWriter, r *http.Request) {
	m, jaar, ok := s.monitorLoad(w, r)
	if !ok {
		return
	}
	var rows []wachtRij
	for _, x := range m.Wachtrijen {
		arr := "Segment 1 (hoogspecialistisch)"
		if x.Arrangement != 0 {
			arr = "Arrangement " + strconv.Itoa(x.Arrangement)
		}
		rows = append(rows, wachtRij{Wachtrij: x, Aanbieder: m.Feiten.Namen[x.Aanbieder], Arrangement: arr})
	}
	s.monitorPage(w, r, "wachttijden", "Wachttijden", m, jaar, rows, "")
}

// monitorExport writes a page's charts as CSV or PDF.
func (s *Server) monitorExport(what, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, jaar, ok := s.monitorLoad(w, r)
		if !ok {
			return
		}
		if what == "termijnen" && format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="termijnen-%d.csv"`, jaar))
			if err := termijnenCSV(w, termijnBlokken(m, 0)); err != nil {
				s.Log.Error("monitor csv", "err", err)
			}
			return
		}
		var gs []rapport.Grafiek
		titel := "KPI's segment 1"
		if what == "kpi" {
			for _, b := range kpiBlokken(m) {
				gs = append(gs, b.Grafiek)
			}
		} else {
			titel = "Termijnen en Treeknorm"
			for _, b := range termijnBlokken(m, 0) {
				gs = append(gs, b.Grafiek)
			}
		}
		name := fmt.Sprintf("%s-%d.%s", what, jaar, format)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			if err := rapport.WriteCSV(w, gs); err != nil {
				s.Log.Error("monitor csv", "err", err)
			}
			return
		}
		regio := ""
		if reg, err := s.Orgs.RegionOf(r.Context(), s.principal(r).OrgID); err == nil {
			regio = "Regio " + reg.Naam
		}
		var buf bytes.Buffer
		kop := document.RapportKop{Regio: regio, Afdeling: "Monitor jeugdhulp", Titel: titel + " " + strconv.Itoa(jaar),
			Periode: "januari tot en met december " + strconv.Itoa(jaar), Gemaakt: kalender.DatumTijd(s.Now())}
		if err := document.Rapport(&buf, kop, gs); err != nil {
			s.serverError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(buf.Bytes())
	}
}

func (s *Server) monitorInzoom(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	g, ok := groepUit(q.Get("groep"))
	jaar, err1 := strconv.Atoi(q.Get("jaar"))
	periode, err2 := strconv.Atoi(q.Get("periode"))
	if !ok || err1 != nil || err2 != nil {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	z, err := s.KPI.Inzoomen(r.Context(), s.principal(r), kpi.Key(r.PathValue("kpi")), g, jaar, periode)
	if errors.Is(err, kpi.ErrGeenToegang) || errors.Is(err, kpi.ErrOnbekend) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.monitorPage(w, r, "inzoom", z.Naam, nil, jaar, z, "")
}

// instellingRij is a KPI's settings row on the form.
type instellingRij struct {
	kpi.Definitie
	In                                     kpi.Instelling
	Basisjaar, Basiswaarde, Doel26, Doel28 string
	Fouten                                 map[string]string
}

func (s *Server) monitorInstellingenPage(w http.ResponseWriter, r *http.Request, status int, fout kpi.Key, form map[string]string, fe map[string]string, flash string) {
	p := s.principal(r)
	ins, err := s.KPI.Instellingen(r.Context(), p)
	if errors.Is(err, kpi.ErrGeenToegang) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var rows []instellingRij
	for i, in := range ins {
		d := kpi.Definities[i]
		row := instellingRij{Definitie: d, In: in, Basisjaar: strconv.Itoa(in.Basisjaar), Doel26: nl(in.Doel2026), Doel28: nl(in.Doel2028)}
		if in.Basiswaarde != nil {
			row.Basiswaarde = nl(*in.Basiswaarde)
		}
		if d.Key == fout {
			row.Basisjaar, row.Basiswaarde, row.Doel26, row.Doel28, row.Fouten = form["basisjaar"], form["basiswaarde"], form["doel_2026"], form["doel_2028"], fe
		}
		rows = append(rows, row)
	}
	now := s.Now().In(kalender.Amsterdam())
	regio := ""
	if reg, err := s.Orgs.RegionOf(r.Context(), p.OrgID); err == nil {
		regio = reg.Naam
	}
	mag := p.IsAdmin() || p.Has("inkoop")
	pg := page{Title: "Basisjaar en doelen", Flash: flash, Data: monitorData{Tab: "instellingen", Tabs: monitorNav("instellingen"), Jaar: now.Year(), Regio: regio,
		Extra: map[string]any{"Rijen": rows, "Mag": mag}}}
	s.render(w, r, status, "monitor", pg)
}

func nl(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1) }

func (s *Server) monitorInstellingen(w http.ResponseWriter, r *http.Request) {
	flash := ""
	if r.URL.Query().Get("opgeslagen") != "" {
		flash = "De instelling is opgeslagen."
	}
	s.monitorInstellingenPage(w, r, http.StatusOK, "", nil, nil, flash)
}

func (s *Server) monitorInstellingOpslaan(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	f := r.PostForm
	in := kpi.InstellingInput{Key: kpi.Key(f.Get("kpi")), Basisjaar: f.Get("basisjaar"), Basiswaarde: f.Get("basiswaarde"), Doel2026: f.Get("doel_2026"), Doel2028: f.Get("doel_2028")}
	err := s.KPI.SetInstelling(r.Context(), s.principal(r), in)
	var fe kpi.FieldErrors
	switch {
	case errors.As(err, &fe):
		form := map[string]string{"basisjaar": in.Basisjaar, "basiswaarde": in.Basiswaarde, "doel_2026": in.Doel2026, "doel_2028": in.Doel2028}
		s.monitorInstellingenPage(w, r, http.StatusUnprocessableEntity, in.Key, form, fe, "")
		return
	case errors.Is(err, kpi.ErrGeenToegang):
		s.renderMessage(w, r, http.StatusForbidden, "Niet toegestaan", "Alleen de beheerder of het inkoopteam van de regio stelt het basisjaar en de doelen in.")
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/monitor/instellingen?opgeslagen=1#kpi-"+string(in.Key), http.StatusSeeOther)
}

// veld is a field of a KPI's settings form.
type veld struct{ Naam, Label, Waarde string }

func init() {
	funcs["getal"] = rapport.Getal
	funcs["sub"] = func(a, b int) int { return a - b }
	funcs["uurOfDag"] = func(uren bool) string {
		if uren {
			return "uur"
		}
		return "dagen"
	}
	funcs["weken"] = func(dagen float64) string {
		w := dagen / 7
		return strings.Replace(strconv.FormatFloat(w, 'f', 1, 64), ".", ",", 1) + " weken"
	}
	funcs["monitorTabPath"] = func(tab string) string {
		switch tab {
		case "kpi", "inzoom":
			return ""
		}
		return "/" + tab
	}
	funcs["velden"] = func(r instellingRij) []veld {
		return []veld{{"basisjaar", "Basisjaar", r.Basisjaar}, {"basiswaarde", "Basiswaarde (mag leeg)", r.Basiswaarde},
			{"doel_2026", "Doel per 1 januari 2026 (%)", r.Doel26}, {"doel_2028", "Doel per 1 januari 2028 (%)", r.Doel28}}
	}
}

// termijnenCSV writes every deadline's lines per organisation and month
// (and for the year and the region): how many, how many on time, the share,
// the median and the 90th percentile; a line on too few cases for the
// viewer has its count only.
func termijnenCSV(w io.Writer, bs []termijnBlok) error {
	cw, err := rapport.NewCSV(w)
	if err != nil {
		return err
	}
	cw.Write([]string{"termijn", "organisatie", "periode", "aantal", "op_tijd", "aandeel_procent", "mediaan", "p90", "eenheid"})
	num := rapport.Getaltekst
	for _, b := range bs {
		eenheid := "dagen"
		if b.Uren {
			eenheid = "uur"
		}
		for _, r := range b.Regels {
			row := []string{b.Naam, r.Org, r.Periode, strconv.Itoa(r.N), "", "", "", "", eenheid}
			if !r.Onderdrukt {
				row[4], row[6], row[7] = strconv.Itoa(r.OpTijd), num(r.Mediaan), num(r.P90)
				if a := r.Aandeel(); a != nil {
					row[5] = num(*a)
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
