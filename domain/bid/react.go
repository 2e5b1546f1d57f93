package bid

import (
	"context"
	"fmt"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/datefmt"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// Register subscribes the bid area's reactions: a cancelled challenge (撤榜) ends its live bids and each ended
// bid's lead organisation is told why; the close of bidding is told to the posting organisation, the bureau
// and the bidding teams; the eligibility check is told to each bid's creator. Each runs in the transaction of
// its cause.
func Register(bus *event.Bus, s *Service, n notify.Sender) {
	event.Handle(bus, challenge.EventCancel, func(ctx context.Context, actor domain.Actor, ch challenge.Changed) error {
		if _, err := s.EndForChallenge(ctx, actor, ch.Challenge.ID, ch.Note); err != nil {
			return fmt.Errorf("bid: end the bids of cancelled challenge %d: %w", ch.Challenge.ID, err)
		}
		return nil
	})
	event.Handle(bus, EventCancel, func(ctx context.Context, _ domain.Actor, ch Changed) error {
		c, err := s.challenges.Lookup(ctx, ch.Bid.ChallengeID)
		if err != nil {
			return fmt.Errorf("bid: look up challenge %d: %w", ch.Bid.ChallengeID, err)
		}
		return n.Send(ctx, notify.BidCancelled, notify.Team(ch.Bid.LeadOrgID), ch.Bid.ID,
			notify.Params{"BidID": ch.Bid.ID, "Title": c.Title, "Note": ch.Note})
	})
	event.Handle(bus, challenge.EventCloseBidding, func(ctx context.Context, _ domain.Actor, ch challenge.Changed) error {
		return s.tellBiddingClosed(ctx, n, ch)
	})
	tell := func(name string, k *notify.Kind) {
		event.Handle(bus, name, func(ctx context.Context, _ domain.Actor, ch Changed) error {
			c, err := s.challenges.Lookup(ctx, ch.Bid.ChallengeID)
			if err != nil {
				return fmt.Errorf("bid: look up challenge %d: %w", ch.Bid.ChallengeID, err)
			}
			return n.Send(ctx, k, notify.Users(ch.Bid.CreatedBy), ch.Bid.ID,
				notify.Params{"BidID": ch.Bid.ID, "ChallengeID": c.ID, "Title": c.Title, "Note": notify.Short(ch.Note, 2000)})
		})
	}
	tell(EventMarkEligible, notify.BidEligible)
	tell(EventMarkIneligible, notify.BidIneligible)
	correction := func(name string, k *notify.Kind) {
		event.Handle(bus, name, func(ctx context.Context, _ domain.Actor, ch Changed) error {
			p, err := s.correctionParams(ctx, ch.Bid)
			if err != nil {
				return err
			}
			return n.Send(ctx, k, notify.Team(ch.Bid.LeadOrgID), ch.Bid.ID, p)
		})
	}
	correction(EventRequestCorrection, notify.BidCorrectionRequested)
	correction(EventNotCorrected, notify.BidNotCorrected)
	correction(EventCorrectionDueSoon, notify.BidCorrectionDueSoon)
}

// correctionParams are the notification parameters of b's latest correction: the title, the due date and the
// defects in both languages.
func (s *Service) correctionParams(ctx context.Context, b Bid) (notify.Params, error) {
	c, err := s.challenges.Lookup(ctx, b.ChallengeID)
	if err != nil {
		return nil, fmt.Errorf("bid: look up challenge %d: %w", b.ChallengeID, err)
	}
	corr, err := s.latestCorrection(ctx, b.ID)
	if err != nil || corr == nil {
		return nil, fmt.Errorf("bid: the correction of bid %d: %w", b.ID, err)
	}
	zh, en := DefectsText(corr.Defects)
	return notify.Params{"BidID": b.ID, "ChallengeID": c.ID, "Title": c.Title,
		"DueZh": datefmt.DeadlineZh(corr.DueAt), "DueEn": datefmt.DeadlineEn(corr.DueAt),
		"DefectsZh": notify.Short(zh, 2000), "DefectsEn": notify.Short(en, 2000)}, nil
}

// tellBiddingClosed tells the posting organisation and the bureau how many bids came, and each team that
// submitted (and did not withdraw) that bidding closed.
func (s *Service) tellBiddingClosed(ctx context.Context, n notify.Sender, ch challenge.Changed) error {
	c := ch.Challenge
	var teams []int64
	var total int64
	for p := (domain.Page{Page: 1, PageSize: domain.MaxPageSize}); ; p.Page++ {
		l, err := s.store.List(ctx, Filter{ChallengeID: c.ID, Submitted: true, ExcludeStatuses: []Status{StatusWithdrawn}}, p)
		if err != nil {
			return fmt.Errorf("bid: list the bids of challenge %d: %w", c.ID, err)
		}
		for _, b := range l.Items {
			teams = append(teams, b.CreatedBy)
		}
		total = l.Total
		if len(l.Items) < p.PageSize {
			break
		}
	}
	params := challenge.Params(ch)
	params["Count"] = fmt.Sprint(total)
	if err := n.Send(ctx, notify.BiddingClosedOwner, notify.Enterprise(c.OrgID), c.ID, params); err != nil {
		return err
	}
	if err := n.Send(ctx, notify.BiddingClosedBureau, notify.Bureau(), c.ID, params); err != nil {
		return err
	}
	return n.Send(ctx, notify.BiddingClosedTeam, notify.Users(teams...), c.ID, params)
}
