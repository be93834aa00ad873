package invoer

import (
	"strings"
	"testing"
)

func TestTekstCheck(t *testing.T) {
	naam := Tekst{Label: "de naam", Max: 10, Verplicht: true}
	vrij := Tekst{Label: "het telefoonnummer"}
	regels := Tekst{Label: "de motivering", Max: 10, Verplicht: true, Regels: true}
	markup := Tekst{Label: "de voornaam", Max: 100, Verplicht: true, Verboden: "<>"}
	for _, tc := range []struct {
		name string
		rule Tekst
		in   string
		want string // the cleaned value when ok
		msg  string // a part of the message; "" when ok
	}{
		{"plain", naam, "Sanne", "Sanne", ""},
		{"trimmed", naam, "  Sanne \t", "Sanne", ""},
		{"inner space kept", naam, "de Vries", "de Vries", ""},
		{"empty", naam, "", "", "Vul de naam in."},
		{"only spaces", naam, "   ", "", "Vul de naam in."},
		{"only U+200B", naam, "\u200b", "", "Vul de naam in."},
		{"only U+200B twice and ZWJ", naam, "\u200b\u200d\u200b", "", "Vul de naam in."},
		{"only U+00A0", naam, "\u00a0\u00a0", "", "Vul de naam in."},
		{"only U+FEFF", naam, "\ufeff", "", "Vul de naam in."},
		{"only U+2060 word joiner", naam, "\u2060", "", "Vul de naam in."},
		{"only soft hyphen", naam, "\u00ad", "", "Vul de naam in."},
		{"only ideographic space", naam, "\u3000", "", "Vul de naam in."},
		{"only Hangul filler", naam, "\u3164", "", "Vul de naam in."},
		{"only braille blank", naam, "\u2800", "", "Vul de naam in."},
		{"only a combining mark", naam, "\u0301", "", "Vul de naam in."},
		{"only a private-use character", naam, "\ue000", "", "Vul de naam in."},
		{"BOM and U+200B around a name are trimmed", naam, "\ufeffAnouk\u200b", "Anouk", ""},
		{"NBSP around a name is trimmed", naam, "\u00a0Anouk\u00a0", "Anouk", ""},
		{"combining accent composed (NFC)", naam, "Zoe\u0308", "Zoë", ""},
		{"combining accent counts once", Tekst{Label: "x", Max: 3, Verplicht: true}, "Zoe\u0308", "Zoë", ""},
		{"emoji is visible", naam, "😀", "😀", ""},
		{"emoji ZWJ sequence kept", naam, "👩\u200d👧", "👩\u200d👧", ""},
		{"emoji with variation selector kept", naam, "❤\ufe0f", "❤\ufe0f", ""},
		{"Arabic name", naam, "مريم", "مريم", ""},
		{"NUL", naam, "An\x00ouk", "", "nul-teken"},
		{"NUL in an optional field", vrij, "\x00", "", "nul-teken"},
		{"escape", naam, "An\x1bouk", "", "stuurteken (U+001B)"},
		{"DEL", naam, "An\x7fouk", "", "stuurteken (U+007F)"},
		{"C1 control", naam, "An\u0085ouk", "", "één regel"},
		{"C1 control U+009B", naam, "An\u009bouk", "", "stuurteken (U+009B)"},
		{"invalid UTF-8", naam, "An\xffouk", "", "geen geldige UTF-8"},
		{"truncated UTF-8", naam, "Zo\xc3", "", "geen geldige UTF-8"},
		{"newline in one line", naam, "An\nouk", "", "één regel"},
		{"CR in one line", naam, "An\rouk", "", "één regel"},
		{"U+2028 in one line", naam, "An\u2028ouk", "", "één regel"},
		{"tab in one line", naam, "An\touk", "", "tab"},
		{"too long", naam, "Abcdefghijk", "", "hoogstens 10 tekens"},
		{"ten runes with accents fit", naam, "éééééééééé", "éééééééééé", ""},
		{"optional empty", vrij, "", "", ""},
		{"optional invisible becomes empty", vrij, "\u200b", "", ""},
		{"multi-line keeps newline and tab", regels, "a\n\tb", "a\n\tb", ""},
		{"multi-line CR LF is one break", regels, "a\r\nb", "a\nb", ""},
		{"multi-line vertical tab is a break", regels, "a\vb\fc", "a\nb\nc", ""},
		{"multi-line still refuses escape", regels, "a\x1bb", "", "stuurteken"},
		{"multi-line counts CR LF once", Tekst{Label: "x", Max: 3, Regels: true}, "a\r\nb", "a\nb", ""},
		{"markup refused", markup, "<script>", "", "(<)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, msg := tc.rule.Check(tc.in)
			if tc.msg == "" {
				if msg != "" || got != tc.want {
					t.Fatalf("Check(%q) = %q, %q; want %q without a message", tc.in, got, msg, tc.want)
				}
				return
			}
			if !strings.Contains(msg, tc.msg) {
				t.Fatalf("Check(%q) message %q, want it to contain %q", tc.in, msg, tc.msg)
			}
			if !strings.HasPrefix(msg, strings.ToUpper(msg[:1])) {
				t.Fatalf("message does not start with a capital: %q", msg)
			}
		})
	}
}

func TestZichtbaar(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"a", true}, {"1", true}, {"-", true}, {"€", true}, {"😀", true}, {"ß", true}, {"李", true},
		{"", false}, {" ", false}, {"\u200b", false}, {"\u00a0", false}, {"\ufeff", false}, {"\u200d", false},
		{"\u0301", false}, {"\u3164", false}, {"\u115f\u1160", false}, {"\ufe0f", false}, {"\t\n", false},
	} {
		if got := Zichtbaar(tc.s); got != tc.want {
			t.Errorf("Zichtbaar(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestGetal(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 2000: "2.000", 1234567: "1.234.567", -1000: "-1.000"} {
		if got := Getal(n); got != want {
			t.Errorf("Getal(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFouten(t *testing.T) {
	fe := Fouten{}
	fe.Zet("b", "Tweede.")
	fe.Zet("a", "Eerste.")
	fe.Zet("a", "Overschreven?")
	fe.Zet("c", "")
	if len(fe) != 2 || fe["a"] != "Eerste." {
		t.Fatalf("Zet: %v", fe)
	}
	if fe.Zinnen() != "Eerste. Tweede." || fe.Error() != "a: Eerste.; b: Tweede." {
		t.Fatalf("Zinnen %q, Error %q", fe.Zinnen(), fe.Error())
	}
}
