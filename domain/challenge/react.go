package challenge

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/datefmt"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// Register subscribes the challenge area's reactions to its own events: the notifications of validation and
// publication (the bidding-closed notices, which count the bids, are the bid area's). Each runs in the
// transaction of the change it reports.
func Register(bus *event.Bus, n notify.Sender) {
	tell := func(name string, k *notify.Kind, to func(c Challenge) notify.To) {
		event.Handle(bus, name, func(ctx context.Context, _ domain.Actor, ch Changed) error {
			return n.Send(ctx, k, to(ch.Challenge), ch.Challenge.ID, Params(ch))
		})
	}
	owner := func(c Challenge) notify.To { return notify.Enterprise(c.OrgID) }
	tell(EventSubmit, notify.ChallengeSubmitted, func(Challenge) notify.To { return notify.Bureau() })
	tell(EventReturn, notify.ChallengeReturned, owner)
	tell(EventApprove, notify.ChallengeApproved, owner)
	tell(EventReject, notify.ChallengeRejected, owner)
	tell(EventPublish, notify.ChallengePublished, owner)
}

// Params are the notification params of a change: the challenge's id, title (cut to 60 characters), posting
// organisation, the written opinion or reason (cut to 2,000) and the bid deadline as people read it.
func Params(ch Changed) notify.Params {
	c := ch.Challenge
	p := notify.Params{"ChallengeID": c.ID, "Title": notify.Short(c.Title, 60), "Org": c.OrgName,
		"Note": notify.Short(ch.Note, 2000), "DeadlineZh": "", "DeadlineEn": ""}
	if c.BidDeadline != nil {
		p["DeadlineZh"], p["DeadlineEn"] = datefmt.DeadlineZh(*c.BidDeadline), datefmt.DeadlineEn(*c.BidDeadline)
	}
	return p
}
