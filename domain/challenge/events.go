package challenge

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
)

// Events of the challenge lifecycle: every transition emits "challenge.<action>" inside its transaction, with
// a Changed as Data. Other areas subscribe at wiring time (cmd/app).
const (
	EventSubmit       = "challenge.submit"
	EventApprove      = "challenge.approve"
	EventReturn       = "challenge.return"
	EventReject       = "challenge.reject"
	EventPublish      = "challenge.publish"
	EventCloseBidding = "challenge.close_bidding"
	EventStartReview  = "challenge.start_review"
	EventSelect       = "challenge.select"
	EventRenotice     = "challenge.renotice"
	EventStart        = "challenge.start"
	EventComplete     = "challenge.complete"
	EventFail         = "challenge.fail"
	EventCancel       = "challenge.cancel"
)

// EventName is the name of the event action emits: "challenge.<action>".
func EventName(a Action) string { return "challenge." + string(a) }

// Changed is the Data of every challenge event: the challenge after the change, the status it left, and the
// written opinion or reason of the action (论证意见, 撤榜理由; "" when the action has none).
type Changed struct {
	Challenge Challenge
	From      Status
	Note      string
}

// WithEvents makes the service emit its transitions on bus (nil: none) and returns it.
func (s *Service) WithEvents(bus *event.Bus) *Service {
	s.events = bus
	return s
}

// emit announces a transition of c from from by action in ctx's transaction.
func (s *Service) emit(ctx context.Context, actor domain.Actor, c Challenge, from Status, action Action, note string) error {
	return s.events.Emit(ctx, event.Event{Name: EventName(action), EntityID: c.ID, Actor: actor,
		Data: Changed{Challenge: c, From: from, Note: note}})
}
