package access

import "slices"

// Role is what a user does in their organisation (DOMAIN.md §1). A user has
// one or more roles; what a role may do with client data is fixed here and
// in the part table of parts.go, and nowhere else.
type Role string

const (
	Toegangsmedewerker   Role = "toegangsmedewerker"
	GIMedewerker         Role = "gi_medewerker"
	VerwijzerMedisch     Role = "verwijzer_medisch"
	Gedragswetenschapper Role = "gedragswetenschapper"
	Jeugdhulpaanbieder   Role = "jeugdhulpaanbieder"
	Aanmeldpunt          Role = "aanmeldpunt"
	Backoffice           Role = "backoffice"
	Expertteam           Role = "expertteam"
	Crisisdienst         Role = "crisisdienst"
	Inkoop               Role = "inkoop"
	Bestuur              Role = "bestuur"
	Beheerder            Role = "beheerder"
	Privacy              Role = "privacy"
)

// RoleInfo describes a role and its rights.
type RoleInfo struct {
	Role  Role
	Label string // Dutch, for the UI
	// ReadClient: may read the client record of a linked client.
	ReadClient bool
	// CreateClient: may register a new youth (and becomes linked to it).
	CreateClient bool
	// EditClient: may change a linked client's record.
	EditClient bool
	// ViewAccessLog: may read and export the access log of any client or user.
	ViewAccessLog bool
	// Admin: manages organisations and accounts.
	Admin bool
	// Monitor: sees the region's figures (KPIs, deadlines, waiting times,
	// money): aggregates, which open to cases only as far as the other
	// rights allow.
	Monitor bool
}

var roles = []RoleInfo{
	{Role: Toegangsmedewerker, Label: "Toegangsmedewerker", ReadClient: true, CreateClient: true, EditClient: true},
	{Role: GIMedewerker, Label: "Medewerker gecertificeerde instelling", ReadClient: true, CreateClient: true, EditClient: true},
	{Role: VerwijzerMedisch, Label: "Verwijzer medisch domein", ReadClient: true, CreateClient: true, EditClient: true},
	{Role: Gedragswetenschapper, Label: "Gedragswetenschapper", ReadClient: true},
	{Role: Jeugdhulpaanbieder, Label: "Jeugdhulpaanbieder / regievoerder", ReadClient: true},
	{Role: Aanmeldpunt, Label: "Medewerker aanmeldpunt", ReadClient: true},
	{Role: Backoffice, Label: "Backoffice gemeente", ReadClient: true, EditClient: true},
	// The RET and the Bijzondere Toegang advise on a case; they need the story,
	// not the identifiers.
	{Role: Expertteam, Label: "Regionaal Expertise Team / Bijzondere Toegang", ReadClient: true},
	{Role: Crisisdienst, Label: "Crisisdienst", ReadClient: true, CreateClient: true, EditClient: true},
	{Role: Inkoop, Label: "Inkoop en contractmanagement", Monitor: true},
	// The board (SBO, the aldermen) and the regional managers (ORO) read the
	// figures, nothing about a single youth (seed 004, "De governance").
	{Role: Bestuur, Label: "Bestuur en regiomanagement", Monitor: true},
	{Role: Beheerder, Label: "Beheerder", Admin: true, ViewAccessLog: true, Monitor: true},
	{Role: Privacy, Label: "Functionaris gegevensbescherming", ViewAccessLog: true},
}

// Roles lists every role in a stable order.
func Roles() []RoleInfo { return slices.Clone(roles) }

// Info returns the description of r, and false for an unknown role.
func Info(r Role) (RoleInfo, bool) {
	for _, ri := range roles {
		if ri.Role == r {
			return ri, true
		}
	}
	return RoleInfo{}, false
}

// Label is the Dutch name of r.
func (r Role) Label() string {
	if ri, ok := Info(r); ok {
		return ri.Label
	}
	return string(r)
}
