// Package portaal is the family's own view of their case: the youth and
// the parents or custodians log in and read, in plain Dutch, the plan
// (IPVA) and its results, who does what and when, the next step and its
// date and their letters; they sign the plan and give or withdraw consent
// themselves; and they see who read or changed their data (the client view
// of the NEN 7513 access log), their own reads included.
//
// Assumptions where the sources are silent:
//
//   - DigiD is stood in for by OpenID Connect (DigiD itself speaks SAML to
//     government parties only): the ID token carries the person's BSN in a
//     "bsn" claim, or as its subject. The demo ships its own small provider
//     (NepDigiD) in which one picks a fictional person, so the real OpenID
//     Connect code path (discovery, PKCE, signed ID token) runs end to end
//     without any outside service.
//   - The youth is known by the BSN of their client record; a parent or
//     custodian by a BSN recorded for their relation (access.RegistreerOuder),
//     since a relation has no BSN of its own in iJw.
//   - Who sees what is one rule in the Gate (access.GezinMag, R-IPVA-2):
//     whoever signs the IPVA sees the case and gives consent. A parent
//     without gezag sees nothing; from 16 the parent sees nothing.
//   - The family's session is its own (table portaal_sessions), apart from
//     the staff's, shorter, and the memberships behind it are looked up
//     again on every request: a birthday takes effect at once.
package portaal
