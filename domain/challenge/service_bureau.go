package challenge

import (
	"context"
	"errors"
	"strings"
	"time"

	"jiebang/domain"
)

// Decision is the bureau's outcome of validating a submitted challenge (需求论证).
type Decision string

// Decisions of validation.
const (
	DecisionApprove Decision = "approve"
	DecisionReturn  Decision = "return"
	DecisionReject  Decision = "reject"
)

// maxOpinion bounds written opinions, reasons and amendments.
const maxOpinion = 5000

// ValidateInput is the bureau's validation decision; Opinion is required to return or reject.
type ValidateInput struct {
	Decision Decision
	Opinion  string
}

// Validate approves, returns (for revision) or rejects a submitted challenge (bureau).
func (s *Service) Validate(ctx context.Context, actor domain.Actor, id int64, in ValidateInput) (Detail, error) {
	if !actor.Is(domain.RoleBureau) {
		return Detail{}, errNotBureau
	}
	var v domain.Validator
	action := map[Decision]Action{DecisionApprove: ActionApprove, DecisionReturn: ActionReturn, DecisionReject: ActionReject}[in.Decision]
	v.OneOf("decision", string(in.Decision), string(DecisionApprove), string(DecisionReturn), string(DecisionReject))
	opinion := strings.TrimSpace(in.Opinion)
	if in.Decision == DecisionReturn || in.Decision == DecisionReject {
		v.Check(opinion != "", "opinion", "required", "退回或不予立榜时必须填写书面意见", "a written opinion is required to return or reject")
	}
	v.MaxLen("opinion", opinion, maxOpinion)
	if err := v.Err(); err != nil {
		return Detail{}, err
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		return s.move(ctx, actor, &c, action, opinion, func(c *Challenge, now time.Time) {
			switch action {
			case ActionApprove:
				c.ApprovedAt = &now
			case ActionReturn, ActionReject:
				c.LastOpinion = opinion
			}
		})
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}

// ErrPublishedWithCall refuses publishing a challenge of a call on its own: the call's approved challenges
// are published together, with one deadline (POST /calls/{id}/publish).
var ErrPublishedWithCall = domain.Conflict("published_with_call", "该榜单属于申报批次，须随批次统一发布",
	"the challenge belongs to a call and is published with the call")

// Publish puts an approved challenge on the public board (张榜) with a bidding deadline in the future
// (DefaultBiddingPeriod from now when nil). From now on the content is frozen. A challenge of a call is
// published with its call (409 published_with_call here).
func (s *Service) Publish(ctx context.Context, actor domain.Actor, id int64, bidDeadline *time.Time) (Detail, error) {
	if !actor.Is(domain.RoleBureau) {
		return Detail{}, errNotBureau
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		return s.publish(ctx, actor, id, bidDeadline, false)
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}

// PublishInCall publishes one approved challenge of a call with the call's deadline, by the same rules as
// Publish, joining the call's transaction (the call area, which has checked the call).
func (s *Service) PublishInCall(ctx context.Context, actor domain.Actor, id int64, deadline time.Time) error {
	if !actor.Is(domain.RoleBureau) {
		return errNotBureau
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		return s.publish(ctx, actor, id, &deadline, true)
	})
}

func (s *Service) publish(ctx context.Context, actor domain.Actor, id int64, bidDeadline *time.Time, inCall bool) error {
	c, err := s.load(ctx, actor, id)
	if err != nil {
		return err
	}
	if !Machine.Can(c.Status, ActionPublish) {
		return Machine.Invalid(c.Status, ActionPublish)
	}
	if c.CallID != 0 && !inCall {
		return ErrPublishedWithCall.WithDetails(map[string]any{"call_id": c.CallID})
	}
	now := s.now()
	deadline := now.Add(DefaultBiddingPeriod)
	if bidDeadline != nil {
		deadline = bidDeadline.UTC().Truncate(time.Microsecond)
	}
	if !deadline.After(now) {
		return domain.FieldErr("bid_deadline", "not_in_future", "揭榜截止时间必须晚于当前时间", "the bidding deadline must be in the future")
	}
	return s.move(ctx, actor, &c, ActionPublish, "", func(c *Challenge, now time.Time) {
		c.PublishedAt, c.BidDeadline = &now, &deadline
	})
}

// Cancel withdraws a challenge (撤榜) in any state before in_progress, with a written reason (bureau).
func (s *Service) Cancel(ctx context.Context, actor domain.Actor, id int64, reason string) (Detail, error) {
	if !actor.Is(domain.RoleBureau) {
		return Detail{}, errNotBureau
	}
	reason = strings.TrimSpace(reason)
	var v domain.Validator
	v.RequiredText("reason", reason, maxOpinion)
	if err := v.Err(); err != nil {
		return Detail{}, err
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		return s.move(ctx, actor, &c, ActionCancel, reason, func(c *Challenge, now time.Time) {
			c.CancelledAt, c.CancelReason = &now, reason
		})
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}

// Amend publishes a dated correction (更正公告) to a published or later challenge (bureau): AmendWith without a
// question and without a minimum time to the deadline.
func (s *Service) Amend(ctx context.Context, actor domain.Actor, id int64, content string) (Amendment, error) {
	return s.AmendWith(ctx, actor, id, AmendInput{Content: content})
}

// ErrDeadlineNotReached refuses closing bidding by hand before the deadline plus domain.ArrivalGrace.
var ErrDeadlineNotReached = domain.Conflict("deadline_not_reached", "尚未到揭榜截止时间，不能截止揭榜",
	"the bidding deadline has not been reached yet")

// closable reports whether bidding on c may be closed at now: published, and its deadline plus
// domain.ArrivalGrace has passed (a bid change that arrived before the deadline may be recorded until then).
func (c Challenge) closable(now time.Time) bool {
	return c.Status == StatusPublished && (c.BidDeadline == nil || !now.Before(c.BidDeadline.Add(domain.ArrivalGrace)))
}

// CloseBidding closes bidding (揭榜截止) by hand once the deadline plus domain.ArrivalGrace has passed (bureau);
// before then 409 deadline_not_reached with the instant it becomes possible (closable_at).
func (s *Service) CloseBidding(ctx context.Context, actor domain.Actor, id int64) (Detail, error) {
	if !actor.Is(domain.RoleBureau) {
		return Detail{}, errNotBureau
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		if !Machine.Can(c.Status, ActionCloseBidding) {
			return Machine.Invalid(c.Status, ActionCloseBidding)
		}
		if !c.closable(s.clock.Now()) {
			details := map[string]any{"bid_deadline": c.BidDeadline}
			if c.BidDeadline != nil {
				details["closable_at"] = c.BidDeadline.Add(domain.ArrivalGrace).UTC()
			}
			return ErrDeadlineNotReached.WithDetails(details)
		}
		return s.move(ctx, actor, &c, ActionCloseBidding, "", closedAt)
	})
	if err != nil {
		return Detail{}, err
	}
	return s.Get(ctx, actor, id)
}

func closedAt(c *Challenge, now time.Time) { c.ClosedAt = &now }

// CloseDueBidding closes every published challenge whose deadline plus domain.ArrivalGrace has passed on the
// clock (not before: a bid change that arrived before the deadline may still be being recorded), each in its own
// transaction, compare-and-set and audited as the system actor. Several servers may run it at once: each
// challenge is closed by exactly one of them, the others skip it. It returns how many this call closed.
func (s *Service) CloseDueBidding(ctx context.Context) (int, error) {
	ids, err := s.store.DueForClosing(ctx, s.clock.Now().Add(-domain.ArrivalGrace))
	if err != nil {
		return 0, err
	}
	closed := 0
	var errs []error
	for _, id := range ids {
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			c, err := s.store.Get(ctx, id)
			if err != nil {
				return err
			}
			if !c.closable(s.clock.Now()) {
				return errSkip
			}
			return s.move(ctx, domain.System, &c, ActionCloseBidding, "", closedAt)
		})
		switch {
		case err == nil:
			closed++
		case errors.Is(err, errSkip), errors.Is(err, domain.ErrInvalidTransition):
			// Another server closed it (or the bureau cancelled it) first.
		default:
			errs = append(errs, err)
		}
	}
	return closed, errors.Join(errs...)
}

// errSkip rolls back a scheduled close that is no longer due.
var errSkip = errors.New("no longer due")

// Advance applies one of the later steps of the lifecycle for other areas of the process (review, notice,
// start, acceptance): start_review, select, renotice, start, complete or fail, compare-and-set, audited with
// the action's name and emitting challenge.<action>. It joins the caller's transaction, so the caller's own
// writes and the status change commit together. note is the opinion or reason ("" allowed).
func (s *Service) Advance(ctx context.Context, actor domain.Actor, id int64, action Action, note string) (Challenge, error) {
	switch action {
	case ActionStartReview, ActionSelect, ActionRenotice, ActionStart, ActionComplete, ActionFail:
	default:
		return Challenge{}, domain.InvalidTransition("challenge", "", string(action))
	}
	return s.advance(ctx, actor, id, action, note, nil)
}

// StartReview moves a challenge whose bidding closed to reviewing (进入专家评审) when the review engine opens
// its bid review: Advance with start_review, in the review's transaction.
func (s *Service) StartReview(ctx context.Context, actor domain.Actor, id int64) error {
	_, err := s.Advance(ctx, actor, id, ActionStartReview, "")
	return err
}

// Complete records the acceptance of a challenge in progress (验收通过): Advance with complete, which also sets
// winner_racer_ids to the racers the bureau named.
func (s *Service) Complete(ctx context.Context, actor domain.Actor, id int64, winners []int64, note string) (Challenge, error) {
	ids := append([]int64{}, winners...)
	return s.advance(ctx, actor, id, ActionComplete, note, func(c *Challenge, _ time.Time) { c.WinnerRacerIDs = ids })
}

func (s *Service) advance(ctx context.Context, actor domain.Actor, id int64, action Action, note string,
	mutate func(c *Challenge, now time.Time)) (Challenge, error) {
	var out Challenge
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.load(ctx, actor, id)
		if err != nil {
			return err
		}
		if err := s.move(ctx, actor, &c, action, strings.TrimSpace(note), mutate); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}
