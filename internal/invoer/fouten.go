package invoer

import (
	"sort"
	"strings"
)

// Fouten maps a field to a Dutch message that says what to do. The API
// answers it as 422 with the member "fouten"; a page shows the messages.
// client.FieldErrors is this type.
type Fouten map[string]string

// Error lists the fields and their messages, in the order of the fields'
// names.
func (f Fouten) Error() string {
	parts := make([]string, 0, len(f))
	for _, k := range f.velden() {
		parts = append(parts, k+": "+f[k])
	}
	return strings.Join(parts, "; ")
}

// Zinnen gives the messages as one Dutch text, in the order of the fields'
// names, for a page that shows the problem above the form.
func (f Fouten) Zinnen() string {
	parts := make([]string, 0, len(f))
	for _, k := range f.velden() {
		parts = append(parts, f[k])
	}
	return strings.Join(parts, " ")
}

func (f Fouten) velden() []string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Zet records melding for veld when melding is not empty and veld has no
// message yet: the first problem found with a field is the one shown.
func (f Fouten) Zet(veld, melding string) {
	if melding == "" {
		return
	}
	if _, ok := f[veld]; !ok {
		f[veld] = melding
	}
}

// Tekst checks v against rule t, records the problem for veld and returns
// the cleaned value (see Tekst.Check).
func (f Fouten) Tekst(veld string, t Tekst, v string) string {
	s, melding := t.Check(v)
	f.Zet(veld, melding)
	return s
}
