package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// workRows writes the rows of the Mijn werk table. The start page is the
// page opened most, and with html/template each row cost a dozen reflective
// calls (escapers, field lookups): rendering took more time than reading
// and logging the list together. Every text from the data is escaped here;
// the trajectory link carries only its number.
func workRows(items []traject.WorkItem) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 420)
	for _, it := range items {
		b.WriteString(`<tr class="utrecht-table__row`)
		if it.Overdue {
			b.WriteString(` jh-overdue`)
		}
		b.WriteString(`"><td class="utrecht-table__cell">`)
		b.WriteString(formatDate(it.Action.Due))
		if it.Overdue {
			b.WriteString(` <strong class="jh-late">te laat</strong>`)
		}
		b.WriteString("</td>\n" + `<td class="utrecht-table__cell"><a class="utrecht-link" href="/trajecten/`)
		b.WriteString(strconv.FormatInt(it.TrajectoryID, 10))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(it.ClientName))
		b.WriteString("</a></td>\n" + `<td class="utrecht-table__cell">`)
		b.WriteString(html.EscapeString(it.Action.Label))
		if it.Geldkwestie {
			b.WriteString(` (geldkwestie: inkoop)`)
		}
		b.WriteString(`</td><td class="utrecht-table__cell">`)
		b.WriteString(html.EscapeString(traject.StepLabel(it.Action.Step)))
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}
