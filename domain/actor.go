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
