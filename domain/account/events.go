package account

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
)

// Events of the memberships (成员资格): each change publishes one inside its transaction, with a
// MembershipChanged; the reactions are registered by Register (react.go).
const (
	// EventMembershipRequest: a registering user asked to join an existing organisation.
	EventMembershipRequest = "membership.request"
	// EventMembershipApprove: a pending (or earlier rejected) user was admitted.
	EventMembershipApprove = "membership.approve"
	// EventMembershipReject: a pending user was refused.
	EventMembershipReject = "membership.reject"
	// EventMembershipRemove: an active member's membership ended.
	EventMembershipRemove = "membership.remove"
	// EventMembershipHandOver: an active member became the organisation's administrator.
	EventMembershipHandOver = "membership.hand_over"
)

// MembershipChanged is the payload of the membership events: the organisation, the user after the change and
// the written reason ("" when the change has none).
type MembershipChanged struct {
	Org    Org
	User   User
	Reason string
}

// membershipEvents are the events of the membership changes.
var membershipEvents = map[MemberAction]string{
	ActionApprove: EventMembershipApprove, ActionReject: EventMembershipReject,
	ActionRemove: EventMembershipRemove, ActionHandOver: EventMembershipHandOver,
}

// publish publishes a membership change as the event name in ctx's transaction (nothing without a bus).
func (s *Service) publish(ctx context.Context, actor domain.Actor, name string, org Org, u User, reason string) error {
	return event.Publish(ctx, s.events, name, actor, u.ID, MembershipChanged{Org: org, User: u, Reason: reason})
}
