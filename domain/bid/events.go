package bid

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
)

// Events of the bid lifecycle: every status change emits "bid.<action>" inside its transaction, with a Changed
// as Data. Other areas subscribe at wiring time (cmd/app).
const (
	EventSubmit         = "bid.submit"
	EventWithdraw       = "bid.withdraw"
	EventMarkEligible   = "bid.mark_eligible"
	EventMarkIneligible = "bid.mark_ineligible"
	EventSelected       = "bid.selected"
	EventNotSelected    = "bid.not_selected"
	EventCancel         = "bid.cancel"
	// EventRequestCorrection and EventNotCorrected are the correction window's (补正): Note carries the defects.
	EventRequestCorrection = "bid.request_correction"
	EventNotCorrected      = "bid.not_corrected"
)

// EventName is the name of the event action emits: "bid.<action>".
func EventName(a Action) string { return "bid." + string(a) }

// Changed is the Data of every bid event: the bid after the change, the status it left, and the written
// reason of the action (the eligibility reason; "" when the action has none).
type Changed struct {
	Bid  Bid
	From Status
	Note string
}

// emit announces a change of b from from by action in ctx's transaction.
func (s *Service) emit(ctx context.Context, actor domain.Actor, b Bid, from Status, action Action, note string) error {
	return s.events.Emit(ctx, event.Event{Name: EventName(action), EntityID: b.ID, Actor: actor,
		Data: Changed{Bid: b, From: from, Note: note}})
}
