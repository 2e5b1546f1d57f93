package account

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// MembersLink is the SPA page where an administrator handles membership requests.
const MembersLink = notify.MembersLink

// Register subscribes the account area's reactions to its membership events: the organisation's
// administrator (the bureau when it has none) is told of a request to join, and the user concerned of every
// change of its membership. s is the account service the reactions read through.
func Register(bus *event.Bus, s *Service, n notify.Sender) {
	event.Handle(bus, EventMembershipRequest, func(ctx context.Context, _ domain.Actor, e MembershipChanged) error {
		admin, err := s.store.OrgAdmin(ctx, e.Org.ID)
		if err != nil {
			return err
		}
		to := notify.Users(admin)
		if admin == 0 {
			to = notify.Bureau()
		}
		return n.Send(ctx, notify.MembershipRequested, to, e.User.ID,
			notify.Params{"User": e.User.Name, "Org": e.Org.Name, "Email": e.User.Email})
	})
	tell := func(name string, k *notify.Kind) {
		event.Handle(bus, name, func(ctx context.Context, _ domain.Actor, e MembershipChanged) error {
			return n.Send(ctx, k, notify.Users(e.User.ID), e.User.ID, notify.Params{"Org": e.Org.Name, "Reason": e.Reason})
		})
	}
	tell(EventMembershipApprove, notify.MembershipApproved)
	tell(EventMembershipReject, notify.MembershipRejected)
	tell(EventMembershipRemove, notify.MembershipRemoved)
	tell(EventMembershipHandOver, notify.MembershipOrgAdmin)
}
