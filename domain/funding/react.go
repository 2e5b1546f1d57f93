package funding

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// Register subscribes the ledger's reactions to its own events: the racer's team (the team users of its organisation) is told of a
// decision or a reversal (a racer without an organisation is told nothing).
func Register(bus *event.Bus, n notify.Sender) {
	announce := func(k *notify.Kind) func(ctx context.Context, _ domain.Actor, e Decided) error {
		return func(ctx context.Context, _ domain.Actor, e Decided) error {
			r, ch, d := e.Racer, e.Challenge, e.Decision
			if r.OrgID == 0 {
				return nil
			}
			return n.Send(ctx, k, notify.Team(r.OrgID), d.ID, notify.Params{"ChallengeID": ch.ID, "Title": ch.Title,
				"TrancheZh": trancheZh(d.Tranche), "SourceZh": sourceZh(d.Source), "Tranche": d.Tranche, "Source": d.Source,
				"Wan": Wan(d.AmountFen)})
		}
	}
	event.Handle(bus, EventDecided, announce(notify.FundingDecided))
	event.Handle(bus, EventReversed, announce(notify.FundingReversed))
}
