package web

import (
	"html/template"
	"strconv"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// workRows writes the rows of the Mijn werk table. The start page is the
// page opened most, and with html/template each row cost a dozen reflective
// calls (escapers, field lookups): rendering took more time than reading
// and logging the list together. Every text from the data is escaped here;
// the trajectory link carries only its number.
func workRows(items []traject.WorkItem) template.HTML {
	return template.HTML(appendWorkRows(make([]byte, 0, len(items)*420), items))
}

// appendWorkRows appends the rows to dst: the start page writes them
// straight into its reused page buffer.
func appendWorkRows(b []byte, items []traject.WorkItem) []byte {
	for _, it := range items {
		b = append(b, `<tr class="utrecht-table__row`...)
		if it.Overdue {
			b = append(b, ` jh-overdue`...)
		}
		b = append(b, `"><td class="utrecht-table__cell">`...)
		if !it.Action.Due.IsZero() {
			due := it.Action.Due.In(kalender.Amsterdam())
			b = due.AppendFormat(b, dateLayout) // as formatDate
			if it.Action.InHours() {
				// A term in hours (the crisis assessment): the time counts.
				b = due.AppendFormat(append(b, ' '), "15:04")
			}
		}
		if it.Overdue {
			b = append(b, ` <strong class="jh-late">te laat</strong>`...)
		}
		b = append(b, "</td>\n"+`<td class="utrecht-table__cell"><a class="utrecht-link" href="/`...)
		if it.Action.Crisis() {
			b = append(b, "crises/"...)
		} else {
			b = append(b, "trajecten/"...)
		}
		b = strconv.AppendInt(b, it.TrajectoryID, 10)
		if it.Action.Question {
			b = append(b, "#overleg"...)
		} else if it.Action.Segment1 {
			b = append(b, "#segment1"...)
		}
		b = append(b, `">`...)
		b = appendEscaped(b, it.ClientName)
		b = append(b, "</a></td>\n"+`<td class="utrecht-table__cell">`...)
		b = appendEscaped(b, it.Action.Label)
		b = append(b, `</td><td class="utrecht-table__cell">`...)
		if it.Action.Question {
			b = append(b, "Overleg"...)
		} else if it.Action.Segment1 {
			b = append(b, "Segment 1"...)
		} else {
			b = appendEscaped(b, traject.StepLabel(it.Action.Step))
		}
		b = append(b, "</td></tr>"...)
	}
	return b
}

// appendEscaped appends s escaped as html.EscapeString does: the five
// characters that can end a text or an attribute value.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
