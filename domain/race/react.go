package race

import (
	"context"
	"fmt"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// Register subscribes the race's reactions: the notifications of its own events (race, notice, acceptance),
// and, when a year's calendar is entered, the running notices' ends counted again on it (in the calendar's
// transaction). s is the race service the reactions read through.
func Register(bus *event.Bus, s *Service, n notify.Sender) {
	event.Handle(bus, EventStart, func(ctx context.Context, _ domain.Actor, e Started) error {
		c := e.Challenge
		var orgs []int64
		for _, r := range e.Racers {
			orgs = append(orgs, r.OrgID)
		}
		return n.Send(ctx, notify.RaceStarted, notify.Enterprise(c.OrgID).And(notify.Team(orgs...)), c.ID, notify.Params{"ChallengeID": c.ID, "Title": c.Title})
	})
	event.Handle(bus, EventReport, func(ctx context.Context, _ domain.Actor, e ReportSubmitted) error {
		c := e.Challenge
		return n.Send(ctx, notify.RaceReport, notify.Bureau().And(notify.Enterprise(c.OrgID)), e.Racer.ID,
			notify.Params{"ChallengeID": c.ID, "Title": c.Title, "Org": e.Racer.OrgName, "Stage": e.Report.Stage})
	})
	event.Handle(bus, EventStageDecide, func(ctx context.Context, _ domain.Actor, e StageDecided) error {
		c := e.Challenge
		var orgs []int64
		for _, r := range e.Racers {
			if contains(e.Decision.Advance, r.ID) || r.Status == RacerRacing {
				orgs = append(orgs, r.OrgID)
			}
		}
		return n.Send(ctx, notify.RaceStageDecided, notify.Enterprise(c.OrgID).And(notify.Team(orgs...)), c.ID,
			notify.Params{"ChallengeID": c.ID, "Title": c.Title, "Stage": e.Decision.Stage})
	})
	for _, name := range []string{EventReadmit, EventMerge} {
		event.Handle(bus, name, func(ctx context.Context, _ domain.Actor, e RacerChanged) error {
			c, r := e.Challenge, e.Racer
			return n.Send(ctx, notify.RaceRacerChanged, notify.Team(r.OrgID).And(notify.Enterprise(c.OrgID)), r.ID,
				notify.Params{"ChallengeID": c.ID, "Title": c.Title, "Reason": e.Reason})
		})
	}
	event.Handle(bus, EventNoticePublish, func(ctx context.Context, _ domain.Actor, e NoticePublished) error {
		return tellSelection(ctx, s, n, e)
	})
	event.Handle(bus, EventNoticeClose, func(ctx context.Context, actor domain.Actor, e NoticeMoved) error {
		if actor.Role != domain.RoleSystem {
			return nil // the bureau closes a notice as it starts the race: it needs no telling
		}
		title, err := challengeTitle(ctx, s, e.Notice.ChallengeID)
		if err != nil {
			return err
		}
		return n.Send(ctx, notify.RaceNoticeClosed, notify.Bureau(), e.Notice.ID,
			notify.Params{"NoticeID": e.Notice.ID, "ChallengeID": e.Notice.ChallengeID, "Title": title, "Open": e.Notice.OpenObjections})
	})
	event.Handle(bus, EventNoticeObject, func(ctx context.Context, _ domain.Actor, e Objected) error {
		title, err := challengeTitle(ctx, s, e.Notice.ChallengeID)
		if err != nil {
			return err
		}
		return n.Send(ctx, notify.RaceObjection, notify.Bureau(), e.Objection.ID,
			notify.Params{"NoticeID": e.Notice.ID, "ChallengeID": e.Notice.ChallengeID, "Title": title, "Reason": e.Objection.Reason})
	})
	event.Handle(bus, EventNoticeResolve, func(ctx context.Context, _ domain.Actor, e ObjectionResolved) error {
		o := e.Objection
		title, err := challengeTitle(ctx, s, o.ChallengeID)
		if err != nil {
			return err
		}
		return n.Send(ctx, notify.RaceObjectionAnswered, notify.Users(o.UserID), o.ID,
			notify.Params{"NoticeID": o.NoticeID, "ChallengeID": o.ChallengeID, "Title": title, "Answer": o.Answer})
	})
	event.Handle(bus, EventAcceptanceOpinion, func(ctx context.Context, _ domain.Actor, e OpinionRecorded) error {
		c := e.Challenge
		return n.Send(ctx, notify.RaceAcceptanceOpinion, notify.Bureau(), e.Racer.ID,
			notify.Params{"ChallengeID": c.ID, "Title": c.Title})
	})
	event.Handle(bus, EventAcceptanceConclude, func(ctx context.Context, _ domain.Actor, e Concluded) error {
		c := e.Challenge
		var orgs []int64
		for _, r := range e.Racers {
			orgs = append(orgs, r.OrgID)
		}
		return n.Send(ctx, notify.RaceAcceptance, notify.Enterprise(c.OrgID).And(notify.Team(orgs...)), c.ID, notify.Params{"ChallengeID": c.ID,
			"Title": c.Title, "Failed": e.Outcome == OutcomeFailed, "Opinion": e.Opinion})
	})
	if ends, ok := s.d.Store.(NoticeEnds); ok {
		event.Handle(bus, calendar.EventPut, func(ctx context.Context, actor domain.Actor, _ calendar.Changed) error {
			_, err := s.RecomputeNotices(ctx, actor, ends)
			return err
		})
	}
}

// tellSelection tells the selected and the other bidding teams and the enterprise of a new notice.
func tellSelection(ctx context.Context, s *Service, n notify.Sender, e NoticePublished) error {
	c, nt := e.Challenge, e.Notice
	bids, err := s.d.Bids.Submitted(ctx, c.ID)
	if err != nil {
		return err
	}
	var in, out []int64
	for _, b := range bids {
		if contains(nt.BidIDs, b.ID) {
			in = append(in, b.LeadOrgID)
		} else if b.Status != bid.StatusWithdrawn {
			out = append(out, b.LeadOrgID)
		}
	}
	p := notify.Params{"NoticeID": nt.ID, "ChallengeID": c.ID, "Title": c.Title}
	if err := n.Send(ctx, notify.RaceSelected, notify.Team(in...), nt.ID, p); err != nil {
		return err
	}
	if err := n.Send(ctx, notify.RaceNotSelected, notify.Team(out...), nt.ID, p); err != nil {
		return err
	}
	return n.Send(ctx, notify.RaceNotice, notify.Enterprise(c.OrgID), nt.ID, p)
}

// challengeTitle is the title of the challenge a notification names.
func challengeTitle(ctx context.Context, s *Service, id int64) (string, error) {
	c, err := s.d.Challenges.Lookup(ctx, id)
	if err != nil {
		return "", fmt.Errorf("race: look up challenge %d: %w", id, err)
	}
	return c.Title, nil
}
