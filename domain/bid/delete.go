package bid

import (
	"context"
	"errors"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// ActionDelete removes a bid that was never submitted (删除草稿). It is not an edge of the machine: the bid
// ceases to exist rather than changing state.
const ActionDelete Action = "delete"

// Delete removes a bid of the actor's team that was never submitted (version 0: a draft, or a draft that was
// withdrawn or ended by a cancellation), with its attachments' records, audited as "delete". Anyone but the
// team gets 404; a bid that was ever submitted is 409 invalid_transition (its versions are the record).
// The attachment bytes stay in the content-addressed store (another bid may hold the same file).
func (s *Service) Delete(ctx context.Context, actor domain.Actor, id int64) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		b, err := s.lookup(ctx, actor, id)
		if errors.Is(err, domain.ErrNotFound) {
			return errBidNotFound
		}
		if err != nil {
			return err
		}
		if !IsTeam(actor, b) {
			return errBidNotFound
		}
		if b.Version > 0 {
			return Machine.Invalid(b.Status, ActionDelete)
		}
		if err := s.store.DeleteUnsubmitted(ctx, id); err != nil {
			return Machine.Lost(err, b.Status, ActionDelete)
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: id, Action: string(ActionDelete),
			Before: map[string]any{"status": b.Status, "challenge_id": b.ChallengeID, "lead_org_id": b.LeadOrgID}})
	})
}
