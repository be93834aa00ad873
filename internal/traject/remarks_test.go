package traject_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
	"github.com/jeugdhulp/jeugdhulp/internal/traject"
)

// TestRemarkThread: once a provider is on the case, referrer and provider
// talk on one thread. A question lands on the other side's work list and
// leaves it when that side writes back; the route moving on does not answer
// it. A request to sharpen the plan goes on the thread, so the provider
// reads it there. The back office, which decides, does not see the thread,
// and a provider of another trajectory cannot write on it.
func TestRemarkThread(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	toegang := wd.as("Toegang Tilburg", access.Toegangsmedewerker)
	hoeve := wd.as("De Hoeve Jeugdhulp", access.Jeugdhulpaanbieder)
	st := wd.start(t, traject.RouteToegang, wd.youth(0, "Tilburg", 13))
	id := st.TrajectoryID

	wd.to(t, id, traject.StepAanbieder)
	refusal(t, wd.w.Svc.AddRemark(ctx, toegang, id, traject.RemarkInput{Text: "Kunnen jullie snel starten?"}), "nog geen aanbieder")

	wd.to(t, id, traject.StepBeknoptPlan)
	refusal(t, wd.w.Svc.AddRemark(ctx, toegang, id, traject.RemarkInput{Text: "   "}), "Schrijf uw opmerking")
	refusal(t, wd.w.Svc.AddRemark(ctx, toegang, id, traject.RemarkInput{Text: strings.Repeat("x", 2001)}), "hoogstens 2000 tekens")
	if err := wd.w.Svc.AddRemark(ctx, toegang, id, traject.RemarkInput{Text: "Kan de begeleiding ook op woensdag?", Vraag: true}); err != nil {
		t.Fatal(err)
	}
	openFor := func(org string) []traject.Action {
		t.Helper()
		v, err := wd.w.Svc.Get(ctx, toegang, id, access.Hulpverlening)
		if err != nil {
			t.Fatal(err)
		}
		var out []traject.Action
		for _, a := range v.Actions {
			if a.Question && a.OwnerOrgID == wd.w.Orgs[org] {
				out = append(out, a)
			}
		}
		return out
	}
	qs := openFor("De Hoeve Jeugdhulp")
	if len(qs) != 1 || !strings.Contains(qs[0].Label, "Vraag van Toegang Tilburg beantwoorden") {
		t.Fatalf("the provider's open questions: %+v", qs)
	}
	// Two working days: Thursday 3 December 2026 to Monday 7 December.
	if due := qs[0].Due.In(time.UTC); due.Month() != time.December || due.Day() != 7 {
		t.Errorf("question due %s, want Monday 7 December (two working days)", due)
	}
	items, err := wd.w.Svc.MyWork(ctx, hoeve, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		found = found || strings.Contains(it.Action.Label, "Vraag van Toegang Tilburg")
	}
	if !found {
		t.Errorf("the question is not on the provider's Mijn werk: %+v", items)
	}

	// The step of the route is still the provider's plan, not the question.
	v, _ := wd.w.Svc.Get(ctx, hoeve, id, access.Hulpverlening)
	if v.Next.Step != traject.StepBeknoptPlan || v.Next.Question {
		t.Fatalf("next action %+v, want the beknopt plan", v.Next)
	}
	// Submitting the plan moves the route on; the question stays open.
	wd.to(t, id, traject.StepAkkoord)
	if len(openFor("De Hoeve Jeugdhulp")) != 1 {
		t.Fatal("moving the route on answered the question")
	}
	if err := wd.w.Svc.AddRemark(ctx, hoeve, id, traject.RemarkInput{Text: "Woensdag kan, vanaf de tweede week."}); err != nil {
		t.Fatal(err)
	}
	if n := len(openFor("De Hoeve Jeugdhulp")); n != 0 {
		t.Fatalf("after the answer %d open questions for the provider", n)
	}

	// Verscherpen: the note lands on the thread, the plan goes back.
	if err := wd.w.Svc.Review(ctx, toegang, id, traject.ReviewInput{Decision: traject.AkkoordVerscherpen, Note: "Maak resultaat 2 meetbaar."}); err != nil {
		t.Fatal(err)
	}
	v, _ = wd.w.Svc.Get(ctx, hoeve, id, access.Hulpverlening)
	var kinds, texts []string
	for _, r := range v.Remarks {
		kinds, texts = append(kinds, r.Kind), append(texts, r.Organisation+": "+r.Text)
	}
	if strings.Join(kinds, ",") != "vraag,opmerking,verscherpen" || !strings.Contains(texts[2], "Toegang Tilburg: Maak resultaat 2 meetbaar.") {
		t.Fatalf("the provider reads the thread %v %v", kinds, texts)
	}
	if v.Step != traject.StepBeknoptPlan {
		t.Fatalf("after verscherpen step %s", v.Step)
	}

	// Who does not write on, or read, the thread.
	refusal(t, wd.w.Svc.AddRemark(ctx, wd.as("Toegang Tilburg", access.Gedragswetenschapper), id, traject.RemarkInput{Text: "x"}), "Alleen de verwijzer en de aanbieder")
	bo := wd.w.As(wd.w.Orgs["Gemeente Tilburg"], access.Backoffice)
	wd.to(t, id, traject.StepBesluit)
	v, err = wd.w.Svc.Get(ctx, bo, id, access.Toewijzing)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Remarks) != 0 {
		t.Fatalf("the back office reads the thread: %+v", v.Remarks)
	}
	for _, a := range v.Actions {
		if a.Question {
			t.Fatalf("the back office sees a question: %+v", a)
		}
	}
}

// TestMoneyQuestionSettled: a difference of opinion about money goes to the
// purchasing team's list; the team records the outcome, the question
// leaves the list and the referrer reads the outcome on the case.
func TestMoneyQuestionSettled(t *testing.T) {
	wd := newWorld(t)
	ctx := context.Background()
	toegang := wd.as("Toegang Tilburg", access.Toegangsmedewerker)
	inkoop := wd.as("Inkoopteam Jeugd Hart van Brabant", access.Inkoop)
	st := wd.start(t, traject.RouteToegang, wd.youth(0, "Tilburg", 13))
	id := st.TrajectoryID
	wd.to(t, id, traject.StepAkkoord)
	if err := wd.w.Svc.Review(ctx, toegang, id, traject.ReviewInput{Decision: traject.AkkoordVerschil, Note: "De aanbieder wil meer uren dan het tarief dekt.", Geldkwestie: true}); err != nil {
		t.Fatal(err)
	}
	listed := func() bool {
		t.Helper()
		qs, err := wd.w.Svc.MoneyQuestions(ctx, inkoop)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if q.TrajectoryID == id {
				return true
			}
		}
		return false
	}
	if !listed() {
		t.Fatal("the question is not on the team's list")
	}
	refusal(t, wd.w.Svc.SettleMoneyQuestion(ctx, toegang, id, traject.MoneyOutcome{Uitkomst: traject.GeldAfspraak, Toelichting: "x"}), "Alleen het inkoopteam")
	refusal(t, wd.w.Svc.SettleMoneyQuestion(ctx, inkoop, id, traject.MoneyOutcome{Uitkomst: "misschien", Toelichting: ""}), "Kies de uitkomst")
	if err := wd.w.Svc.SettleMoneyQuestion(ctx, inkoop, id, traject.MoneyOutcome{Uitkomst: traject.GeldAfspraak, Toelichting: "Vier extra uren per maand afgesproken."}); err != nil {
		t.Fatal(err)
	}
	refusal(t, wd.w.Svc.SettleMoneyQuestion(ctx, inkoop, id, traject.MoneyOutcome{Uitkomst: traject.GeldAfspraak, Toelichting: "nog eens"}), "al afgehandeld")
	if listed() {
		t.Fatal("settled question still listed")
	}
	v, err := wd.w.Svc.Get(ctx, toegang, id, access.Hulpverlening)
	if err != nil {
		t.Fatal(err)
	}
	if v.Geldkwestie || v.GeldkwestieUitkomst != traject.GeldAfspraak || !strings.Contains(v.GeldkwestieToelichting, "Vier extra uren") ||
		!strings.Contains(v.History[len(v.History)-1].What, "Geldkwestie afgehandeld door het inkoopteam") {
		t.Fatalf("the referrer reads %v %q %q, last event %q", v.Geldkwestie, v.GeldkwestieUitkomst, v.GeldkwestieToelichting, v.History[len(v.History)-1].What)
	}
	if v.Step != traject.StepAkkoord || !v.HasNext || v.Next.OwnerOrgID != wd.w.Orgs["Toegang Tilburg"] {
		t.Fatalf("after the outcome the akkoord is the referrer's: %s %+v", v.Step, v.Next)
	}
}
