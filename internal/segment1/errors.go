package segment1

import (
	"errors"
	"sort"
	"strings"
)

// Refusal is a change refused because its precondition does not hold;
// Reason is Dutch and says what to do. The faces show it as it is (the
// API as a 409 problem).
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(reason string) error { return &Refusal{Reason: reason} }

// IsRefusal reports whether err is a Refusal.
func IsRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r)
}

// FieldErrors are Dutch messages per input field (the API answers 422).
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var msgs []string
	for _, k := range keys {
		msgs = append(msgs, fe[k])
	}
	return strings.Join(msgs, " ")
}

// ErrNotFound: no such trajectory, consultation or proposal, or not one the
// user may see. A refusal of the access gate is answered the same, so it
// does not tell whether the case exists.
var ErrNotFound = errors.New("segment1: not found")
