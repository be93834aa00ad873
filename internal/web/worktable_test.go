package web

import (
	"bytes"
	"html"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/account"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

func TestWorkRowsEscapesAndMarksOverdue(t *testing.T) {
	due := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	items := []traject.WorkItem{
		{TrajectoryID: 42, ClientName: `Anna <script>alert("x")</script> & 'Bo'`, Overdue: true,
			Action: traject.Action{Step: traject.StepAkkoord, Label: "Beknopt plan beoordelen", Due: due}},
		{TrajectoryID: 7, ClientName: "Jens de Vries", Action: traject.Action{Step: traject.StepIPVA, Label: "IPVA opstellen", Due: due.AddDate(0, 0, 9)}},
	}
	got := string(workRows(items))
	for _, want := range []string{
		`<tr class="utrecht-table__row jh-overdue"><td class="utrecht-table__cell">02-11-2026 <strong class="jh-late">te laat</strong></td>`,
		`<a class="utrecht-link" href="/trajecten/42">Anna &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;Bo&#39;</a>`,
		`Beknopt plan beoordelen</td>`,
		`<td class="utrecht-table__cell">` + traject.StepLabel(traject.StepAkkoord) + `</td></tr>`,
		`<tr class="utrecht-table__row"><td class="utrecht-table__cell">11-11-2026</td>`,
		`href="/trajecten/7">Jens de Vries</a>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "<script>") || strings.Count(got, "<tr ") != 2 || strings.Count(got, "te laat") != 1 {
		t.Errorf("rows:\n%s", got)
	}
}

// The rows written in Go against the same rows through html/template, as
// they were before (BenchmarkMijnWerkHandler in internal/server measures the
// whole page).
func BenchmarkWorkRows(b *testing.B) {
	items := make([]traject.WorkItem, 25)
	for i := range items {
		items[i] = traject.WorkItem{TrajectoryID: int64(1000 + i), ClientName: "Noor Claes", Overdue: i < 5,
			Action: traject.Action{Step: traject.StepAanvraag, Label: "Aanvraag indienen bij de gemeente", Due: time.Date(2026, 11, 1+i, 0, 0, 0, 0, time.UTC)}}
	}
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			_ = workRows(items)
		}
	})
	b.Run("html-template", func(b *testing.B) {
		t := template.Must(template.New("rows").Funcs(funcs).Parse(`{{range .}}<tr class="utrecht-table__row{{if .Overdue}} jh-overdue{{end}}"><td class="utrecht-table__cell">{{date .Action.Due}}{{if .Overdue}} <strong class="jh-late">te laat</strong>{{end}}</td>
<td class="utrecht-table__cell"><a class="utrecht-link" href="/trajecten/{{.TrajectoryID}}">{{.ClientName}}</a></td>
<td class="utrecht-table__cell">{{.Action.Label}}{{if .Geldkwestie}} (geldkwestie: inkoop){{end}}</td><td class="utrecht-table__cell">{{stepLabel .Action.Step}}</td></tr>{{end}}`))
		var sb strings.Builder
		for b.Loop() {
			sb.Reset()
			if err := t.Execute(&sb, items); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The whole start page as the toegangsmedewerker sees it, 25 actions.
func BenchmarkHomePage(b *testing.B) {
	pages := mustParsePages()
	items := make([]traject.WorkItem, 25)
	for i := range items {
		items[i] = traject.WorkItem{TrajectoryID: int64(1000 + i), ClientName: "Noor Claes", Overdue: i < 5,
			Action: traject.Action{Step: traject.StepAanvraag, Label: "Aanvraag indienen bij de gemeente", Due: time.Date(2026, 11, 1+i, 0, 0, 0, 0, time.UTC)}}
	}
	u := &account.User{Name: "Tess Toegang", OrgName: "Toegang Tilburg", Roles: []access.Role{access.Toegangsmedewerker}}
	p := page{Title: "Mijn werk", User: u, CSRF: "abc", Demo: true, Current: "/",
		Nav:  []navItem{{"/", "Mijn werk"}, {"/clienten", "Jeugdigen"}},
		Data: homeData{ReadClients: true, CreateClients: true, Work: items, More: true}}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := pages["home"].Execute(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
}

// appendEscaped escapes exactly as html.EscapeString, which the templates
// and the earlier rows used.
func TestAppendEscapedMatchesHTMLEscapeString(t *testing.T) {
	for _, s := range []string{"", "Jens", `<a href="x">'y' & z</a>`, "&&", "Zoë <Özil>", "a\"b'c", ">", "ümlaut & 😀 <"} {
		if got, want := string(appendEscaped([]byte("pre:"), s)), "pre:"+html.EscapeString(s); got != want {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, want)
		}
	}
}
