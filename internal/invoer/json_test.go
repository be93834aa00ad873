package invoer

import (
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      map[string]string // path → part of the message; nil: no problems
	}{
		{"clean", `{"jeugdige":{"voornaam":"Zoë","achternaam":"de Vries"},"gezaghebbenden":[{"naam":"Anouk"}],"n":1,"b":true,"x":null}`, nil},
		{"tab and newline allowed", `{"motivering":"a\n\tb\r\nc"}`, nil},
		{"U+FFFD sent as such", "{\"a\":\"\uFFFD\",\"b\":\"\\ufffd\"}", nil},
		{"emoji as surrogate pair escape", `{"a":"\ud83d\ude00"}`, nil},
		{"NUL escaped", `{"jeugdige":{"voornaam":"An\u0000ouk"}}`, map[string]string{"jeugdige.voornaam": "nul-teken"}},
		{"escape character", `{"gezaghebbenden":[{"naam":"ok"},{"naam":"An\u001bouk"}]}`, map[string]string{"gezaghebbenden.1.naam": "U+001B"}},
		{"raw control byte", "{\"a\":[\"x\",[\"y\x01\"]]}", nil}, // a raw control byte is a syntax error: the decoder answers 400
		{"DEL", "{\"a\":\"x\x7f\"}", map[string]string{"a": "U+007F"}},
		{"vertical tab", `{"a":"x\u000by"}`, map[string]string{"a": "U+000B"}},
		{"C1", `{"a":"x\u009by"}`, map[string]string{"a": "U+009B"}},
		{"invalid UTF-8 byte", "{\"ipva\":{\"aanleiding\":\"Zo\xff\"}}", map[string]string{"ipva.aanleiding": "geen geldige UTF-8"}},
		{"invalid UTF-8 after valid strings", "{\"a\":\"é\",\"b\":[\"ok\",\"\xc3\"]}", map[string]string{"b.1": "geen geldige UTF-8"}},
		{"lone surrogate", `{"a":"x\ud800y"}`, map[string]string{"a": "surrogaat"}},
		{"bad name", `{"a\u0000b":"x"}`, map[string]string{"(veldnaam)": "nul-teken"}},
		{"top-level string", `"\u0000"`, map[string]string{"(inhoud)": "nul-teken"}},
		{"syntax error", `{"a":"\u0000"`, nil},
		{"empty", ``, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := JSON([]byte(tc.doc))
			if len(got) != len(tc.want) {
				t.Fatalf("JSON(%q) = %v, want %v", tc.doc, got, tc.want)
			}
			for k, part := range tc.want {
				if !strings.Contains(got[k], part) {
					t.Fatalf("JSON(%q)[%q] = %q, want it to contain %q (all: %v)", tc.doc, k, got[k], part, got)
				}
			}
		})
	}
}

func TestJSONCapsItsAnswer(t *testing.T) {
	doc := "[" + strings.Repeat(`"\u0000",`, 100) + `"x"]`
	if got := JSON([]byte(doc)); len(got) != maxJSONFouten {
		t.Fatalf("%d problems reported, want %d", len(got), maxJSONFouten)
	}
}
