package web

import (
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/kalender"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestWorkRowsCrisis: a crisis deadline in hours shows its Dutch time, also
// just after midnight when the UTC date is the day before, and a crisis
// links to its own page; the RTO (working days) shows its day only.
func TestWorkRowsCrisis(t *testing.T) {
	ams := kalender.Amsterdam()
	items := []traject.WorkItem{
		{TrajectoryID: 9, ClientName: "Daan Hermans", Overdue: true,
			Action: traject.Action{Step: traject.StepInschatting, Label: "Actieve inschatting ter plaatse", Due: time.Date(2026, 12, 5, 0, 30, 0, 0, ams).UTC()}},
		{TrajectoryID: 9, ClientName: "Daan Hermans",
			Action: traject.Action{Step: traject.StepRTO, Label: "Ronde tafel overleg", Due: time.Date(2026, 12, 7, 23, 59, 59, 0, ams).UTC()}},
	}
	got := string(workRows(items))
	for _, want := range []string{
		`<td class="utrecht-table__cell">05-12-2026 00:30 <strong class="jh-late">te laat</strong></td>`,
		`<a class="utrecht-link" href="/crises/9">Daan Hermans</a>`,
		`<td class="utrecht-table__cell">07-12-2026</td>`,
		`<td class="utrecht-table__cell">` + traject.StepLabel(traject.StepInschatting) + `</td>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, "/trajecten/9") {
		t.Errorf("a crisis links to the trajectory page:\n%s", got)
	}
}
