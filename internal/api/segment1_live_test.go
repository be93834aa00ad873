package api_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/jeugdhulp/jeugdhulp/internal/database"
	"github.com/jeugdhulp/jeugdhulp/internal/demo"
)

// segment1Live calls the JSON routes of segment-1 coordination on the
// demo's segment-1 case, as the roles that use them (for
// TestResponsesMatchOpenAPI, which checks every answer against the
// document).
func segment1Live(t *testing.T, db *database.DB, call func(email, method, pattern, path string, body any) (int, string, any)) {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), "SELECT t.id FROM trajectories t JOIN clients c ON c.id = t.client_id WHERE c.bsn = ?", demo.Segment1BSN).Scan(&id); err != nil {
		t.Fatalf("the demo's segment-1 case: %v", err)
	}
	get := func(email, pattern, path string) any {
		t.Helper()
		status, _, v := call(email, "GET", pattern, path, nil)
		if status != http.StatusOK {
			t.Fatalf("GET %s as %s: %d %v", path, email, status, v)
		}
		return v
	}
	base := "/api/v1/trajecten/" + strconv.FormatInt(id, 10) + "/segment1"
	for _, who := range []string{"toegang@demo.jeugdhulp.nl", "gedragswetenschapper@demo.jeugdhulp.nl", "aanmeldpunt@demo.jeugdhulp.nl", "ret@demo.jeugdhulp.nl"} {
		v := get(who, "/api/v1/trajecten/{id}/segment1", base).(map[string]any)
		if v["fase"] != "aanmelding" {
			t.Errorf("the demo's segment-1 case as %s: %v", who, v)
		}
	}
	if list := get("aanmeldpunt@demo.jeugdhulp.nl", "/api/v1/aanmeldingen", "/api/v1/aanmeldingen").([]any); len(list) == 0 {
		t.Error("the intake desk has no registrations")
	}
	if list := get("ret@demo.jeugdhulp.nl", "/api/v1/consultaties", "/api/v1/consultaties").([]any); len(list) == 0 {
		t.Error("the RET has no consultations")
	}
	if list := get("toegang@demo.jeugdhulp.nl", "/api/v1/expertteams", "/api/v1/expertteams").([]any); len(list) == 0 {
		t.Error("no expert team in the Toegang's region")
	}
	if status, _, _ := call("toegang@demo.jeugdhulp.nl", "GET", "/api/v1/aanmeldingen", "/api/v1/aanmeldingen", nil); status != http.StatusForbidden {
		t.Errorf("a Toegang worker reads the desk's registrations: %d", status)
	}
}
