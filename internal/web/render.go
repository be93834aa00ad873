package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/arrangement"
	"github.com/jeugdhulp/jeugdhulp/internal/ipva"
	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/kpi"
	"github.com/jeugdhulp/jeugdhulp/internal/toewijzing"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
	"github.com/jeugdhulp/jeugdhulp/internal/uitwisseling"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// staticSums maps a static file's path to the first 12 hex digits of its
// SHA-256, so that asset URLs change when the content does and can be cached
// for a year.
var staticSums = func() map[string]string {
	m := map[string]string{}
	fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := staticFiles.ReadFile(p)
		h := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(h[:])[:12]
		return nil
	})
	return m
}()

// StaticURL returns the checksummed URL of a static file.
func StaticURL(name string) string {
	return "/static/" + staticSums[name] + "/" + name
}

// assetTags links the style sheets and the script of every page, with
// checksummed URLs; written once, as it is the same on every page.
var assetTags = template.HTML(`<link rel="stylesheet" href="` + StaticURL("vendor/voorbeeld-theme/theme.css") + `">
<link rel="stylesheet" href="` + StaticURL("vendor/utrecht/component-library.css") + `">
<link rel="stylesheet" href="` + StaticURL("site.css") + `">
<script src="` + StaticURL("autosave.js") + `" defer></script>`)

// staticHandler serves /static/SUM/NAME; a wrong or missing sum still serves
// the current file but without the long cache.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFiles, "static")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.TrimPrefix(r.URL.Path, "/static/")
		sum, name, ok := strings.Cut(rest, "/")
		if !ok || staticSums[name] == "" {
			http.NotFound(w, r)
			return
		}
		if sum == staticSums[name] {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		if strings.HasSuffix(name, ".md") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		}
		http.ServeFileFS(w, r, sub, path.Clean(name))
	})
}

type pageTemplate = template.Template

var funcs = template.FuncMap{
	"assets":   func() template.HTML { return assetTags },
	"date":     formatDate,
	"eenheid":  toewijzing.Eenheden,
	"workRows": workRows,
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(kalender.Amsterdam()).Format("02-01-2006 15:04:05")
	},
	"dateTime":       kalender.DatumTijd,
	"routeStepLabel": traject.RouteStepLabel,
	"geldUitkomst":   traject.GeldUitkomstLabel,
	"arrangementCode": func(a, in int) string {
		code, err := arrangement.Code(a, in)
		if err != nil {
			return fmt.Sprintf("arrangement %d, intensiteit %d", a, in)
		}
		return code
	},
	"geldUitkomsten": func() []struct{ Code, Label string } { return traject.GeldUitkomsten },
	"remarkKind":     traject.RemarkKindLabel,
	"signerLabel":    signerLabel,
	"relationLabel":  relationLabel,
	"roleLabel":      func(r access.Role) string { return r.Label() },
	"stepLabel":      traject.StepLabel,
	"inc":            func(i int) int { return i + 1 },
	"isodate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"firstAfspraak": func(r ipva.Resultaat) ipva.Afspraak {
		if len(r.Afspraken) > 0 {
			return r.Afspraken[0]
		}
		return ipva.Afspraak{}
	},
	"gebruik": func(key, label string, g ipva.Gebruik) map[string]any {
		return map[string]any{"Key": key, "Label": label, "G": g}
	},
	"field": func(p page, name, label, typ, help string) fieldData {
		return fieldData{Name: name, Label: label, Type: typ, Help: help, Value: p.Form[name], Error: p.Errors[name]}
	},
	"purposes": func(p page) purposeData {
		// Only the purposes the user's roles may give (access.PurposesFor).
		list := access.Purposes()
		if p.User != nil {
			list = access.PurposesFor(p.User.Principal("", ""))
		}
		return purposeData{Purposes: list, Selected: p.Form["doel"]}
	},
}

// formatDate writes a date the Dutch way, or nothing for no date.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	// Instants are shown on their Amsterdam day; a date stored as midnight
	// UTC stays on its own day there (Amsterdam is ahead of UTC).
	return t.In(kalender.Amsterdam()).Format(dateLayout)
}

// dateLayout is a date the Dutch way: day-month-year.
const dateLayout = "02-01-2006"

type fieldData struct {
	Name, Label, Type, Help, Value, Error string
}

type purposeData struct {
	Purposes []access.PurposeInfo
	Selected string
}

func mustParsePages() map[string]*pageTemplate {
	pages := map[string]*pageTemplate{}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err)
	}
	// Templates named _*.html are snippets a page includes (the case
	// page's segment-1 section): parsed with every page, no page of their own.
	common := []string{"templates/layout.html"}
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			common = append(common, n)
		}
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, append(common, n)...))
		pages[strings.TrimSuffix(base, ".html")] = t
	}
	return pages
}

// page is what every template gets.
type page struct {
	Title  string
	User   *account.User
	CSRF   string
	Demo   bool
	Flash  string
	Data   any
	Errors map[string]string
	// ErrorList is Errors in the order the fields stand on the page, for
	// the summary above the form.
	ErrorList []fieldError
	Form      map[string]string
	Nav       []navItem
	Current   string
}

type fieldError struct{ Field, Message string }

// orderErrors lists errs in the order their fields (id="f-<name>") stand
// in the rendered page; errors of fields not on the page come last, by
// name. A summary in form order lets a user fix the form top to bottom.
func orderErrors(errs map[string]string, html []byte) []fieldError {
	type placed struct {
		fieldError
		at int
	}
	var ps []placed
	for k, v := range errs {
		at := bytes.Index(html, []byte(`id="f-`+k+`"`))
		if at < 0 {
			at = len(html)
		}
		ps = append(ps, placed{fieldError{k, v}, at})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].at != ps[j].at {
			return ps[i].at < ps[j].at
		}
		return ps[i].Field < ps[j].Field
	})
	out := make([]fieldError, len(ps))
	for i, p := range ps {
		out[i] = p.fieldError
	}
	return out
}

type navItem struct {
	Href, Label string
}

func (s *Server) nav(u account.User) []navItem {
	p := u.Principal("web", "")
	items := []navItem{{"/", "Mijn werk"}}
	if p.CanReadClient() {
		items = append(items, navItem{"/clienten", "Jeugdigen"})
	}
	items = append(items, segment1Nav(p)...)
	if reportsCrises(p) {
		items = append(items, navItem{"/crises", "Crisis"})
	}
	if uitwisseling.MayExchange(p) {
		items = append(items, navItem{"/berichten", "Berichten"})
	}
	if mayBill(p) {
		items = append(items, navItem{"/declaraties", "Declaraties"})
	}
	if kpi.MagZien(p) {
		items = append(items, navItem{"/monitor", "Monitor"})
	}
	if p.SeesMonitor() {
		items = append(items, navItem{"/financien", "Financiën"})
	}
	if p.CanViewAccessLog() {
		items = append(items, navItem{"/toegangslog", "Toegangslog"})
	}
	if p.IsAdmin() {
		items = append(items, navItem{"/beheer/regio", "Regio"}, navItem{"/beheer/organisaties", "Organisaties"}, navItem{"/beheer/gebruikers", "Gebruikers"}, navItem{"/beheer/producten", "Producten"}, navItem{"/beheer/tarieven", "Tarieven"})
	}
	return items
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	body, err := s.execute(r, name, p)
	if err != nil {
		s.Log.Error("render template", "name", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte("Er ging iets mis aan onze kant. Probeer het later opnieuw."))
		return
	}
	writeHTML(w, status, body)
}

// execute fills in what every page shows (the user, the menu) and executes
// page template name.
func (s *Server) execute(r *http.Request, name string, p page) ([]byte, error) {
	if sess, _ := sessionFrom(r); sess.User.ID != 0 {
		u := sess.User
		p.User = &u
		p.CSRF = sess.CSRF
		p.Nav = s.nav(u)
	}
	p.Demo = s.Demo
	p.Current = r.URL.Path
	t := s.pages[name]
	if t == nil {
		return nil, fmt.Errorf("unknown template %q", name)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return nil, err
	}
	if len(p.Errors) > 0 && p.ErrorList == nil {
		// The summary's order comes from where the fields stand: render
		// once to find them, then again with the ordered list.
		p.ErrorList = orderErrors(p.Errors, buf.Bytes())
		buf.Reset()
		if err := t.Execute(&buf, p); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// writeHTML sends an HTML page in one write.
func writeHTML(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

type messageData struct {
	Text string
	Back string
}

func (s *Server) renderMessage(w http.ResponseWriter, r *http.Request, status int, title, text string) {
	s.render(w, r, status, "message", page{Title: title, Data: messageData{Text: text, Back: "/"}})
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int) {
	switch status {
	case http.StatusNotFound:
		s.renderMessage(w, r, status, "Pagina niet gevonden",
			"Deze pagina bestaat niet, of u heeft geen toegang tot de gegevens die erop staan.")
	default:
		s.renderMessage(w, r, http.StatusInternalServerError, "Er ging iets mis",
			"Er ging iets mis aan onze kant. Er is niets half opgeslagen. Probeer het later opnieuw; blijft het misgaan, neem dan contact op met de beheerder.")
	}
}

// serverError logs err (without client data: errors carry ids and
// operations only) and shows the generic error page.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Log.Error("request failed", "route", r.Pattern, "err", err)
	s.renderError(w, r, http.StatusInternalServerError)
}
