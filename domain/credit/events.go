package credit

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/event"
)

// Events of the credit ledger (信用记录), published inside the transaction of the change.
const (
	// EventRecord: an entry was added to an organisation's ledger, by the bureau or by a race elimination
	// (Changed, with the entry).
	EventRecord = "credit.record"
	// EventBarExpired: a bar reached its end and the organisation's status was lifted (Changed, no entry).
	EventBarExpired = "credit.bar_expired"
)

// Changed is the payload of the ledger's events: the organisation, the entry added (nil when a bar expired)
// and its credit status before and after (equal when the entry did not change it).
type Changed struct {
	OrgID    int64
	Entry    *Event
	From, To account.CreditStatus
}

func (s *Service) publish(ctx context.Context, name string, actor domain.Actor, c Changed) error {
	return event.Publish(ctx, s.events, name, actor, c.OrgID, c)
}
