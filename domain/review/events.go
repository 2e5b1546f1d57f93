package review

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
)

// Events of the review engine: each change of a round, and each recusal or replacement of an assignment,
// publishes one inside its transaction; the reactions are registered by Register (react.go).
const (
	// EventOpen: a round was opened (RoundChanged).
	EventOpen = "review.open"
	// EventAssign: the experts of a round were drawn (RoundChanged, Experts: those assigned).
	EventAssign = "review.assign"
	// EventRedraw: the experts were drawn again (RoundChanged, Experts: those assigned).
	EventRedraw = "review.redraw"
	// EventClose: a round was closed and its results frozen (RoundChanged).
	EventClose = "review.close"
	// EventRecuse: an expert recused itself (回避) from an assignment (AssignmentChanged).
	EventRecuse = "review.recuse"
	// EventReplace: the bureau gave an assignment to another expert (AssignmentChanged).
	EventReplace = "review.replace"
	// EventRemind: experts with unscored work were reminded, by the bureau or the job (RoundChanged,
	// Experts: those reminded).
	EventRemind = "review.remind"
)

// RoundChanged is the payload of a round's events: the round after the change, its challenge's title ("" on
// close) and the experts the change concerns (assigned or reminded; none for open and close).
type RoundChanged struct {
	Round   Round
	Title   string
	Experts []int64
}

// AssignmentChanged is the payload of EventRecuse and EventReplace: the assignment after the change and the
// one that took over its item (nil when the pool could not staff it).
type AssignmentChanged struct {
	Round       Round
	Title       string
	Assignment  Assignment
	Replacement *Assignment
}

// publish publishes data as the event name about id in ctx's transaction (nothing without a bus).
func publish[T any](ctx context.Context, s *Service, name string, actor domain.Actor, id int64, data T) error {
	return event.Publish(ctx, s.Events, name, actor, id, data)
}
