package review

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// Register subscribes the review engine's reactions to its own events: the experts are told of the work
// assigned to them and reminded of work left unscored, in the transaction of the change.
func Register(bus *event.Bus, n notify.Sender) {
	for _, name := range []string{EventAssign, EventRedraw} {
		event.Handle(bus, name, func(ctx context.Context, _ domain.Actor, e RoundChanged) error {
			return tellExperts(ctx, n, notify.ReviewAssigned, e.Experts, e.Round, e.Title)
		})
	}
	for _, name := range []string{EventRecuse, EventReplace} {
		event.Handle(bus, name, func(ctx context.Context, _ domain.Actor, e AssignmentChanged) error {
			if e.Replacement == nil {
				return nil
			}
			return tellExperts(ctx, n, notify.ReviewAssigned, []int64{e.Replacement.ExpertID}, e.Round, e.Title)
		})
	}
	event.Handle(bus, EventRemind, func(ctx context.Context, _ domain.Actor, e RoundChanged) error {
		return tellExperts(ctx, n, notify.ReviewReminder, e.Experts, e.Round, e.Title)
	})
}

// tellExperts sends the notification k about round r to the experts ids (none: nothing is sent).
func tellExperts(ctx context.Context, n notify.Sender, k *notify.Kind, ids []int64, r Round, title string) error {
	if len(ids) == 0 {
		return nil
	}
	return n.Send(ctx, k, notify.Users(ids...), r.ID, roundParams(r, title))
}
