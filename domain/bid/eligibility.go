package bid

import (
	"context"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
)

// EligibilityInput is the bureau's eligibility decision (形式审查结论); a reason is required when ineligible.
type EligibilityInput struct {
	Eligible bool
	Reason   string
}

// maxReasonLen is the longest eligibility reason (characters).
const maxReasonLen = 2000

// Validate checks the decision's fields.
func (in EligibilityInput) Validate() error {
	var v domain.Validator
	if !in.Eligible {
		v.Required("reason", in.Reason)
	}
	v.MaxLen("reason", in.Reason, maxReasonLen)
	return v.Err()
}

// CheckEligibilityWindow allows eligibility decisions only while the challenge is closed for bidding and not
// yet under review.
func CheckEligibilityWindow(ch challenge.Challenge) error {
	switch ch.Status {
	case challenge.StatusBiddingClosed:
		return nil
	case challenge.StatusPublished:
		return domain.Conflict("bidding_not_closed", "揭榜尚未截止，截止后方可进行形式审查",
			"bidding has not closed yet; eligibility is checked after the close")
	}
	return domain.Conflict("eligibility_closed", "该榜单已不在形式审查阶段", "the challenge is past eligibility checking").
		WithDetails(map[string]any{"status": string(ch.Status)})
}

// DecideEligibility records the bureau's eligibility decision on a submitted bid after bidding closed; the
// team sees the decision and its reason.
func (s *Service) DecideEligibility(ctx context.Context, actor domain.Actor, id int64, in EligibilityInput) (View, error) {
	b, ch, err := s.load(ctx, actor, id)
	if err != nil {
		return View{}, err
	}
	if !actor.Is(domain.RoleBureau) {
		return View{}, domain.Forbidden("forbidden", "只有科技局可以进行形式审查", "only the bureau checks eligibility")
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if err := in.Validate(); err != nil {
		return View{}, err
	}
	if err := CheckEligibilityWindow(ch); err != nil {
		return View{}, err
	}
	if _, pending, err := s.pendingCorrection(ctx, b.ID); err != nil {
		return View{}, err
	} else if pending {
		return View{}, ErrCorrectionPending(b.ID)
	}
	action := ActionIneligible
	if in.Eligible {
		action = ActionEligible
	}
	to, err := Machine.Next(b.Status, action, actor.Role, b)
	if err != nil {
		return View{}, err
	}
	now := s.now()
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetStatus(ctx, b.ID, b.Status, to, in.Reason, now); err != nil {
			return Machine.Lost(err, b.Status, action)
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(action),
			Before: map[string]any{"status": b.Status, "reason": b.EligibilityReason},
			After:  map[string]any{"status": to, "reason": in.Reason}}); err != nil {
			return err
		}
		after := b
		after.Status, after.EligibilityReason, after.DecidedAt, after.UpdatedAt = to, in.Reason, &now, now
		return s.emit(ctx, actor, after, b.Status, action, in.Reason)
	})
	if err != nil {
		return View{}, err
	}
	b.Status, b.EligibilityReason, b.DecidedAt, b.UpdatedAt = to, in.Reason, &now, now
	return s.view(ctx, actor, b, ch, nil, nil)
}
