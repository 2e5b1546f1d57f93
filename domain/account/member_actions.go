package account

import "jiebang/domain"

// The actions a manager of an organisation's members takes on a member (the API's actions field on a user as
// the members page lists it), and those of the platform's administrator on an account.
const (
	// MemberActApprove admits a pending or earlier rejected user (approve_membership).
	MemberActApprove = "approve"
	// MemberActReject refuses a pending request with a reason (reject_membership).
	MemberActReject = "reject"
	// MemberActRemove ends an active member's membership with a reason (remove_member).
	MemberActRemove = "remove"
	// MemberActHandOver makes an active, enabled member the organisation's administrator (hand_over_org_admin).
	MemberActHandOver = "hand_over"
	// UserActDisable stops an account (the platform's administrator).
	UserActDisable = "disable"
	// UserActEnable re-enables a stopped account (the platform's administrator).
	UserActEnable = "enable"
	// UserActResetMFA removes an account's second factor (the platform's administrator, for a user who lost
	// the authenticator and the recovery codes).
	UserActResetMFA = "reset_mfa"
)

// memberActs maps the membership changes to the names of their actions, in the order they are offered.
var memberActs = []struct {
	change MemberAction
	name   string
}{{ActionApprove, MemberActApprove}, {ActionReject, MemberActReject}, {ActionRemove, MemberActRemove}}

// MemberActionsFor lists what actor may do now to u, a user of an organisation that actor manages (manages:
// actor is the bureau or the organisation's administrator, as Service.orgManager checks; the members' list
// and its changes answer only such callers). From the membership's transition table: approve a pending or
// rejected user, reject a pending one, remove an active one; and hand the administrator's role to an active,
// enabled member. The administrator is neither removed nor handed the role it holds (it hands it over first).
func MemberActionsFor(actor domain.Actor, manages bool, u User) []string {
	out := []string{}
	if !manages || actor.Anonymous() || u.OrgID == 0 {
		return out
	}
	for _, a := range memberActs {
		if a.change == ActionRemove && u.OrgAdmin {
			continue
		}
		if _, err := NextMembership(u.Membership, a.change); err == nil {
			out = append(out, a.name)
		}
	}
	if u.ActiveMember() && !u.OrgAdmin && !u.Disabled {
		out = append(out, MemberActHandOver)
	}
	return out
}

// UserActionsFor lists what actor may do now to account u: the platform's administrator disables an enabled
// account other than its own and enables a disabled one, and resets the second factor of another account that
// has one.
func UserActionsFor(actor domain.Actor, u User) []string {
	out := []string{}
	if !actor.Is(domain.RoleAdmin) || u.ID == actor.UserID {
		return out
	}
	if u.Disabled {
		out = append(out, UserActEnable)
	} else {
		out = append(out, UserActDisable)
	}
	if u.MFAEnabled {
		out = append(out, UserActResetMFA)
	}
	return out
}
