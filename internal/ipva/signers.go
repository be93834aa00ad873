package ipva

import "time"

// Signer is a role that signs the IPVA.
type Signer string

const (
	SignerAuteur        Signer = "auteur"        // the author (opsteller) of the IPVA
	SignerJeugdige      Signer = "jeugdige"      // the youth
	SignerGezaghebbende Signer = "gezaghebbende" // a parent or custodian (ouder/gezaghebbende)
)

// Label returns the role in Dutch, as used in running text.
func (s Signer) Label() string {
	switch s {
	case SignerAuteur:
		return "de opsteller"
	case SignerJeugdige:
		return "de jeugdige"
	case SignerGezaghebbende:
		return "een ouder of gezaghebbende"
	}
	return string(s)
}

// Age returns the age in whole years on the calendar day on. The birthday
// itself counts: on it the new age holds. Someone born on 29 February has
// their birthday on 1 March in years without 29 February (an assumption:
// Dutch law has no general rule; 1 March is the common reading, and it is
// what time.Date's normalisation gives).
func Age(birth, on time.Time) int {
	b, d := day(birth), day(on)
	age := d.Year() - b.Year()
	birthday := time.Date(d.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC) // 29 Feb → 1 Mar
	if d.Before(birthday) {
		age--
	}
	return age
}

// RequiredSigners returns who of the family must sign the IPVA, by the
// youth's age on the signing day (R-IPVA-2, seeds/000 "Akkoord"):
// under 12 a parent or custodian; 12 up to and including 15 both the youth
// and a parent or custodian; 16 and older the youth alone. The author's
// signature is always needed as well and is not part of this list.
func RequiredSigners(birth, signingDay time.Time) []Signer {
	switch age := Age(birth, signingDay); {
	case age < 12:
		return []Signer{SignerGezaghebbende}
	case age < 16:
		return []Signer{SignerJeugdige, SignerGezaghebbende}
	default:
		return []Signer{SignerJeugdige}
	}
}
