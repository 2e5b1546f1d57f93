package challenge

import (
	"context"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
)

// AmendInput is an amendment (补充通知) the bureau publishes: its text, the question it answers (optional) and
// the minimum time, in China calendar days, that must remain between its publication and the bidding deadline
// (0: none; the caller reads it from the rules in force, e.g. the addendum_min_days setting).
type AmendInput struct {
	Content    string
	QuestionID *int64
	MinDays    int
}

// MovedDeadline is the bidding deadline after an amendment published at now, when at least minDays China
// calendar days must remain to it: unchanged (false) when the deadline's China date is minDays or more days
// after today's; otherwise 24:00 China time of the date minDays days after today (true), so a team has the
// whole of its minDays days. A deadline already passed does not move (bidding is closed).
func MovedDeadline(deadline, now time.Time, minDays int) (time.Time, bool) {
	if minDays <= 0 || !now.Before(deadline) {
		return deadline, false
	}
	if calendar.DaysBetween(now, calendar.DeadlineDay(deadline)) >= minDays {
		return deadline, false
	}
	return calendar.EndOfDayAfter(now, minDays).UTC(), true
}

// AmendWith publishes a numbered amendment (补充通知N) to a published or later challenge (bureau), in the
// caller's transaction when there is one. The content itself stays frozen; the amendment is shown with it.
// While bidding is open, an amendment published less than in.MinDays days before the deadline moves the
// deadline (MovedDeadline) at once, compare-and-set, and the audit entry records the old and new deadline.
func (s *Service) AmendWith(ctx context.Context, actor domain.Actor, id int64, in AmendInput) (Amendment, error) {
	if !actor.Is(domain.RoleBureau) {
		return Amendment{}, errNotBureau
	}
	content := strings.TrimSpace(in.Content)
	var v domain.Validator
	v.RequiredText("content", content, maxOpinion)
	if err := v.Err(); err != nil {
		return Amendment{}, err
	}
	var a Amendment
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockChallenge(ctx, id); err != nil {
			return err
		}
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		if !publicStatuses[c.Status] {
			return domain.InvalidTransition("challenge", string(c.Status), string(ActionAmend))
		}
		now := s.now()
		a = Amendment{ChallengeID: c.ID, Content: content, CreatedAt: now, CreatedBy: actor.UserID,
			CreatedByName: actor.Name, QuestionID: in.QuestionID}
		after := map[string]any{"content": content}
		if c.Status == StatusPublished && c.BidDeadline != nil {
			if to, moved := MovedDeadline(*c.BidDeadline, now, in.MinDays); moved {
				from := *c.BidDeadline
				if err := s.store.MoveDeadline(ctx, c.ID, from, to, now); err != nil {
					return Machine.Lost(err, c.Status, ActionAmend)
				}
				a.DeadlineFrom, a.DeadlineTo = &from, &to
				after["deadline_from"], after["deadline_to"] = from, to
			}
		}
		if err := s.store.AddAmendment(ctx, &a); err != nil {
			return err
		}
		after["amendment_id"], after["number"] = a.ID, a.Number
		if a.QuestionID != nil {
			after["question_id"] = *a.QuestionID
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityChallenge, EntityID: c.ID,
			Action: string(ActionAmend), After: after})
	})
	return a, err
}

// Amendments returns a challenge's amendments, oldest first, without access checks, for other services.
func (s *Service) Amendments(ctx context.Context, id int64) ([]Amendment, error) {
	return s.store.Amendments(ctx, id)
}
