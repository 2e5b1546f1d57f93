package account

import (
	"context"

	"jiebang/domain/notify"
)

// MembersLink is the SPA page where an administrator handles membership requests.
const MembersLink = notify.MembersLink

// notifyRequested tells the organisation's administrator (the bureau when it has none) that u asks to join.
func (s *Service) notifyRequested(ctx context.Context, org Org, u User) error {
	if s.notifier == nil {
		return nil
	}
	admin, err := s.store.OrgAdmin(ctx, org.ID)
	if err != nil {
		return err
	}
	to := notify.Users(admin)
	if admin == 0 {
		to = notify.Bureau()
	}
	return s.notifier.Send(ctx, notify.MembershipRequested, to, u.ID,
		notify.Params{"User": u.Name, "Org": org.Name, "Email": u.Email})
}

// membershipKinds are the notifications of the membership changes.
var membershipKinds = map[MemberAction]*notify.Kind{
	ActionApprove: notify.MembershipApproved, ActionReject: notify.MembershipRejected,
	ActionRemove: notify.MembershipRemoved, ActionHandOver: notify.MembershipOrgAdmin,
}

// notifyMembership tells the user concerned about a change of its membership.
func (s *Service) notifyMembership(ctx context.Context, org Org, u User, action MemberAction, reason string) error {
	k := membershipKinds[action]
	if s.notifier == nil || k == nil {
		return nil
	}
	return s.notifier.Send(ctx, k, notify.Users(u.ID), u.ID, notify.Params{"Org": org.Name, "Reason": reason})
}
