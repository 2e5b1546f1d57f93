package account

import (
	"context"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/fsm"
)

// Membership is a user's standing in its organisation (单位成员). The user who creates an organisation at
// registration is its active administrator; a later registration with the same credit code is pending until the
// organisation's administrator or the bureau approves it. A credit code is public, so knowing one proves nothing.
type Membership string

// Memberships of the contract.
const (
	MembershipActive   Membership = "active"
	MembershipPending  Membership = "pending"
	MembershipRejected Membership = "rejected"
)

// Memberships lists the valid memberships.
var Memberships = []string{string(MembershipActive), string(MembershipPending), string(MembershipRejected)}

// MemberAction is a change of a membership; audit actions carry the same names.
type MemberAction string

// Membership changes.
const (
	// ActionApprove admits a pending (or earlier rejected) user.
	ActionApprove MemberAction = "approve_membership"
	// ActionReject refuses a pending user, with a reason.
	ActionReject MemberAction = "reject_membership"
	// ActionRemove ends an active member's membership, with a reason.
	ActionRemove MemberAction = "remove_member"
	// ActionHandOver makes another active member the organisation's administrator.
	ActionHandOver MemberAction = "hand_over_org_admin"
)

// membershipMachine is the state machine of a membership (domain/fsm, like the other areas'): a pending (or
// earlier rejected) user is approved or a pending one rejected; an active member is removed. Who may act is
// checked before (the bureau or the organisation's administrator: orgManager), so the edges take any role.
var membershipMachine = fsm.New("membership",
	fsm.Edge[Membership, MemberAction, User]{From: MembershipPending, Action: ActionApprove, To: MembershipActive},
	fsm.Edge[Membership, MemberAction, User]{From: MembershipRejected, Action: ActionApprove, To: MembershipActive},
	fsm.Edge[Membership, MemberAction, User]{From: MembershipPending, Action: ActionReject, To: MembershipRejected},
	fsm.Edge[Membership, MemberAction, User]{From: MembershipActive, Action: ActionRemove, To: MembershipRejected},
)

// NextMembership returns the membership an action leads to from m, or invalid_transition.
func NextMembership(m Membership, a MemberAction) (Membership, error) {
	to, ok := membershipMachine.To(m, a)
	if !ok {
		return "", membershipMachine.Invalid(m, a)
	}
	return to, nil
}

// MembershipActions are the membership changes that apply to a user in membership m (for the UI).
func MembershipActions(m Membership, role domain.Role) []MemberAction {
	return membershipMachine.Actions(m, role)
}

// MemberFilter narrows an organisation's member list.
type MemberFilter struct {
	Membership Membership
}

func errNotOrgAdmin() *domain.Error {
	return domain.Forbidden("not_org_admin", "仅本单位管理员或科技局可管理单位成员",
		"only the organisation's administrator or the bureau may manage its members")
}

func errMemberNotFound() *domain.Error { return domain.NotFound("单位成员", "organisation member") }

// orgManager checks that actor may manage the members of organisation orgID: the bureau, or the organisation's
// administrator (re-read from the store, so a hand-over takes effect at once). It returns the organisation.
func (s *Service) orgManager(ctx context.Context, actor domain.Actor, orgID int64) (Org, error) {
	if actor.Anonymous() {
		return Org{}, errUnauthenticated()
	}
	if !actor.Is(domain.RoleBureau) {
		u, err := s.store.UserByID(ctx, actor.UserID)
		if err != nil {
			return Org{}, notFoundAs(err, errNotOrgAdmin())
		}
		if u.Disabled || !u.ActiveMember() || !u.OrgAdmin || u.OrgID != orgID {
			return Org{}, errNotOrgAdmin()
		}
	}
	return s.OrgByID(ctx, orgID)
}

// Members lists the users of an organisation (requests, members and refused ones), pending first, then
// newest first; for its administrator and the bureau.
func (s *Service) Members(ctx context.Context, actor domain.Actor, orgID int64, f MemberFilter, p domain.Page) (domain.List[User], error) {
	if _, err := s.orgManager(ctx, actor, orgID); err != nil {
		return domain.List[User]{}, err
	}
	if f.Membership != "" {
		var v domain.Validator
		v.OneOf("membership", string(f.Membership), Memberships...)
		if err := v.Err(); err != nil {
			return domain.List[User]{}, err
		}
	}
	return s.store.ListMembers(ctx, orgID, f, p.Normalize())
}

// ApproveMember admits a pending (or earlier rejected) user to the organisation.
func (s *Service) ApproveMember(ctx context.Context, actor domain.Actor, orgID, userID int64) (User, error) {
	return s.changeMembership(ctx, actor, orgID, userID, ActionApprove, "")
}

// RejectMember refuses a pending user; the reason is required, recorded and shown to the user.
func (s *Service) RejectMember(ctx context.Context, actor domain.Actor, orgID, userID int64, reason string) (User, error) {
	return s.changeMembership(ctx, actor, orgID, userID, ActionReject, reason)
}

// RemoveMember ends an active member's membership with a reason. The administrator cannot be removed: it hands
// its role to another member first.
func (s *Service) RemoveMember(ctx context.Context, actor domain.Actor, orgID, userID int64, reason string) (User, error) {
	return s.changeMembership(ctx, actor, orgID, userID, ActionRemove, reason)
}

func (s *Service) changeMembership(ctx context.Context, actor domain.Actor, orgID, userID int64, action MemberAction,
	reason string) (User, error) {
	reason = strings.TrimSpace(reason)
	if action != ActionApprove {
		var v domain.Validator
		v.RequiredText("reason", reason, MaxReasonLen)
		if err := v.Err(); err != nil {
			return User{}, err
		}
	}
	var out User
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		org, err := s.orgManager(ctx, actor, orgID)
		if err != nil {
			return err
		}
		u, err := s.member(ctx, orgID, userID)
		if err != nil {
			return err
		}
		if action == ActionRemove && u.OrgAdmin {
			return domain.Conflict("org_admin_cannot_leave", "单位管理员须先将管理员身份移交给其他成员",
				"the organisation's administrator must hand the role to another member first")
		}
		to, err := NextMembership(u.Membership, action)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		ok, err := s.store.SetMembership(ctx, userID, orgID, u.Membership, to, reason, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.InvalidTransition("membership", string(u.Membership), string(action))
		}
		out = u
		out.Membership, out.MembershipNote, out.UpdatedAt = to, reason, now
		after := userSummary(out)
		if reason != "" {
			after["reason"] = reason
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: userID, Action: string(action),
			Before: userSummary(u), After: after}); err != nil {
			return err
		}
		return s.publish(ctx, actor, membershipEvents[action], org, out, reason)
	})
	return out, err
}

// HandOverAdmin makes an active member the organisation's administrator; the previous administrator stays an
// ordinary member. The bureau may also appoint one where there is none.
func (s *Service) HandOverAdmin(ctx context.Context, actor domain.Actor, orgID, userID int64) (User, error) {
	var out User
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		org, err := s.orgManager(ctx, actor, orgID)
		if err != nil {
			return err
		}
		u, err := s.member(ctx, orgID, userID)
		if err != nil {
			return err
		}
		if u.OrgAdmin {
			return domain.Conflict("already_org_admin", "该用户已是单位管理员", "this user is already the organisation's administrator")
		}
		if !u.ActiveMember() || u.Disabled {
			return domain.Conflict("not_active_member", "只能移交给本单位在用的正式成员",
				"the role can only go to an enabled, active member")
		}
		now := s.clock.Now()
		prev, err := s.store.OrgAdmin(ctx, orgID)
		if err != nil {
			return err
		}
		if prev != 0 {
			ok, err := s.store.SetOrgAdmin(ctx, prev, orgID, true, false, now)
			if err != nil {
				return err
			}
			if !ok {
				return domain.Conflict("conflict", "单位管理员刚被他人变更，请刷新后重试",
					"the administrator was just changed by someone else, reload and retry")
			}
		}
		ok, err := s.store.SetOrgAdmin(ctx, userID, orgID, false, true, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Conflict("conflict", "该成员刚被他人变更，请刷新后重试",
				"the member was just changed by someone else, reload and retry")
		}
		out = u
		out.OrgAdmin, out.UpdatedAt = true, now
		after := userSummary(out)
		after["previous_admin_id"] = prev
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: userID,
			Action: string(ActionHandOver), Before: userSummary(u), After: after}); err != nil {
			return err
		}
		return s.publish(ctx, actor, EventMembershipHandOver, org, out, "")
	})
	return out, err
}

// member returns a user of the organisation; a user of another organisation is not found.
func (s *Service) member(ctx context.Context, orgID, userID int64) (User, error) {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return User{}, notFoundAs(err, errMemberNotFound())
	}
	if u.OrgID != orgID {
		return User{}, errMemberNotFound()
	}
	return u, nil
}
