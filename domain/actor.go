package domain

// Role is what a user may do on the platform.
type Role string

// The roles of the process.
const (
	RoleEnterprise Role = "enterprise" // 发榜方
	RoleTeam       Role = "team"       // 揭榜方
	RoleExpert     Role = "expert"     // 评审专家
	RoleBureau     Role = "bureau"     // 科技局
	RoleAdmin      Role = "admin"      // platform operator
	// RoleSystem is the role of background work (the scheduler, the cascade of another area's change); no
	// user has it, so Valid refuses it.
	RoleSystem Role = "system"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleEnterprise, RoleTeam, RoleExpert, RoleBureau, RoleAdmin:
		return true
	}
	return false
}

// Actor is who performs a use case: a logged-in user, or the anonymous public (ID 0).
type Actor struct {
	UserID int64
	Name   string
	Email  string
	Role   Role
	// OrgID is the user's organisation; 0 for bureau and admin accounts.
	OrgID int64
	// RequestID ties the audit entry to the request log line.
	RequestID string
	// IP is the client address, for audit and throttling.
	IP string
	// Session is the login session (refresh-token family) of the access token that authenticated the actor
	// ("" for the anonymous and the system): ending a user's other sessions keeps this one.
	Session string
	// MFAEnrolmentRequired marks a user whose role must use a second factor and who has not enrolled one yet:
	// such a user may only read its own account and enrol (api answers 403 mfa_enrolment_required elsewhere).
	MFAEnrolmentRequired bool
}

// Anonymous reports whether the actor is not logged in.
func (a Actor) Anonymous() bool { return a.UserID == 0 }

// Is reports whether the actor has role r.
func (a Actor) Is(r Role) bool { return !a.Anonymous() && a.Role == r }

// System is the actor of background work (the scheduler closing bidding at the deadline).
var System = Actor{Name: "system", Role: RoleSystem}

// ActsFor reports whether the actor is a logged-in user of role r acting for organisation org (an active
// member of it: a pending or removed member acts for no organisation). Every view or action that the process
// gives to an organisation is given to one role of it: the posting enterprise's staff (enterprise), the
// bidding or racing team (team). Belonging to the organisation alone grants nothing: an expert's
// organisation is only its affiliation, and a team user of the posting enterprise is not its poster.
func (a Actor) ActsFor(r Role, org int64) bool {
	return a.Is(r) && a.MemberOf(org)
}

// MemberOf reports whether the actor acts for organisation org in any role. It grants no view and no action
// by itself (use ActsFor, EnterpriseOf, TeamOf for those); it is for rules about the organisation as such,
// e.g. a team of the posting enterprise's own organisation cannot bid on its challenge.
func (a Actor) MemberOf(org int64) bool { return !a.Anonymous() && org != 0 && a.OrgID == org }

// EnterpriseOf reports whether the actor is enterprise staff (发榜方) of organisation org: the owner's view of
// a challenge org posted.
func (a Actor) EnterpriseOf(org int64) bool { return a.ActsFor(RoleEnterprise, org) }

// TeamOf reports whether the actor is a team user (揭榜方) of organisation org: the view of a bid org leads or
// of a racer org runs.
func (a Actor) TeamOf(org int64) bool { return a.ActsFor(RoleTeam, org) }

// Bureau reports whether the actor is a bureau officer (科技局).
func (a Actor) Bureau() bool { return a.Is(RoleBureau) }

// Admin reports whether the actor is a platform administrator.
func (a Actor) Admin() bool { return a.Is(RoleAdmin) }
