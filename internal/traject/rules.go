package traject

import (
	"errors"

	"github.com/jeugdhulp/jeugdhulp/internal/access"
)

// Refusal is a step refused because its precondition does not hold; Reason
// is Dutch and says what to do (R-STEP-1).
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(reason string) error { return &Refusal{Reason: reason} }

// IsRefusal reports whether err is a Refusal.
func IsRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r)
}

// ErrNotFound: no such trajectory, or not one the user may see.
var ErrNotFound = errors.New("traject: not found")

// ErrConflict: the IPVA was saved by someone else since it was loaded.
var ErrConflict = errors.New("traject: edit conflict")

// mayAct checks that p's organisation owns the next step of t and that p
// has a role fit for it.
func mayAct(t Trajectory, p access.Principal, step Step) error {
	if t.Step != step {
		return refuse("Deze stap kan nu niet: het traject staat op stap " + StepLabel(t.Step) + ".")
	}
	a, ok := t.Next()
	if !ok {
		return refuse("Dit traject heeft geen openstaande stap.")
	}
	if a.OwnerOrgID != p.OrgID {
		return refuse("Deze stap is aan een andere organisatie: " + a.Label + ".")
	}
	var roleOK bool
	switch a.Owner {
	case OwnerVerwijzer:
		roleOK = p.Has(access.Toegangsmedewerker) || p.Has(access.GIMedewerker) || p.Has(access.VerwijzerMedisch)
	case OwnerAanbieder:
		roleOK = p.Has(access.Jeugdhulpaanbieder)
	case OwnerBackoffice:
		roleOK = p.Has(access.Backoffice)
	}
	if !roleOK {
		return refuse("Uw rol mag deze stap niet zetten: " + a.Label + ".")
	}
	return nil
}
