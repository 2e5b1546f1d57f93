package bid

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// liveStatuses are the bids a cancellation ends: those still in play (a draft could still be submitted, the
// rest count for the limits). Withdrawn, ineligible and not selected bids keep the outcome they had.
var liveStatuses = []Status{StatusDraft, StatusSubmitted, StatusEligible, StatusSelected}

// EndForChallenge ends every live bid of a challenge the bureau cancelled (撤榜), in the caller's transaction:
// each becomes cancelled with the reason, compare-and-set, audited as "cancel" by the cancelling actor and
// emitting bid.cancel. A cancelled bid no longer counts for the PI and organisation limits. It returns the
// bids it ended. cmd/app calls it on challenge.cancel.
func (s *Service) EndForChallenge(ctx context.Context, actor domain.Actor, challengeID int64, reason string) ([]Bid, error) {
	var ended []Bid
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var bids []Bid
		for p := (domain.Page{Page: 1, PageSize: domain.MaxPageSize}); ; p.Page++ {
			l, err := s.store.List(ctx, Filter{ChallengeID: challengeID, Statuses: liveStatuses}, p)
			if err != nil {
				return err
			}
			bids = append(bids, l.Items...)
			if len(l.Items) < p.PageSize {
				break
			}
		}
		now := s.now()
		for _, b := range bids {
			if _, err := Machine.Next(b.Status, ActionCancel, actor.Role, b); err != nil {
				return err
			}
			if err := s.store.SetStatus(ctx, b.ID, b.Status, StatusCancelled, reason, now); err != nil {
				return Machine.Lost(err, b.Status, ActionCancel)
			}
			if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(ActionCancel),
				Before: map[string]any{"status": b.Status},
				After:  map[string]any{"status": StatusCancelled, "reason": reason, "challenge_id": challengeID}}); err != nil {
				return err
			}
			after := b
			after.Status, after.EndReason, after.EndedAt, after.UpdatedAt = StatusCancelled, reason, &now, now
			if err := s.emit(ctx, actor, after, b.Status, ActionCancel, reason); err != nil {
				return err
			}
			ended = append(ended, after)
		}
		return nil
	})
	return ended, err
}
