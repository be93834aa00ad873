package access

import "slices"

// Principal is who acts: a logged-in user of an organisation, through a
// channel (web, api, cli) from a source address.
type Principal struct {
	UserID  int64
	Email   string
	Name    string
	OrgID   int64
	OrgName string
	OrgKind string
	// RegionID is the region the organisation works in (0: none): what
	// the user picks from (municipalities, providers) is that region's.
	RegionID int64
	Roles    []Role
	// OnBehalfOf names the organisation the user acts for; empty means
	// their own.
	OnBehalfOf string
	Channel    string
	Source     string
}

// Has reports whether p has role r.
func (p Principal) Has(r Role) bool { return slices.Contains(p.Roles, r) }

// can reports whether any of p's roles grants the right that f selects.
func (p Principal) can(f func(RoleInfo) bool) bool {
	for _, r := range p.Roles {
		if ri, ok := Info(r); ok && f(ri) {
			return true
		}
	}
	return false
}

func (p Principal) CanReadClient() bool { return p.can(func(r RoleInfo) bool { return r.ReadClient }) }
func (p Principal) CanCreateClient() bool {
	return p.can(func(r RoleInfo) bool { return r.CreateClient })
}
func (p Principal) CanEditClient() bool { return p.can(func(r RoleInfo) bool { return r.EditClient }) }
func (p Principal) CanViewAccessLog() bool {
	return p.can(func(r RoleInfo) bool { return r.ViewAccessLog })
}
func (p Principal) IsAdmin() bool { return p.can(func(r RoleInfo) bool { return r.Admin }) }

// SeesMonitor reports whether p sees the region's figures (RoleInfo.Monitor).
func (p Principal) SeesMonitor() bool { return p.can(func(r RoleInfo) bool { return r.Monitor }) }

// View says which parts of a client record p may see.
type View struct {
	BSN, Address bool
}

// View returns the parts of a client record p's roles need.
func (p Principal) View() View {
	return View{BSN: p.Sees(PartIdentiteit), Address: p.Sees(PartAdres)}
}

func (p Principal) onBehalfOf() string {
	if p.OnBehalfOf != "" {
		return p.OnBehalfOf
	}
	return p.OrgName
}
