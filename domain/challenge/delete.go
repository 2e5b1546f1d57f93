package challenge

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// ActionDelete removes a draft that was never submitted (删除草稿). It is not an edge of the machine: the
// challenge ceases to exist rather than changing state.
const ActionDelete Action = "delete"

// Delete removes a draft challenge that was never submitted (status draft), with its history, audited as
// "delete" with the last content summary. Only staff of the owner enterprise may; anyone else gets 404 (a draft
// is theirs alone to know), and a challenge past draft is 409 invalid_transition.
func (s *Service) Delete(ctx context.Context, actor domain.Actor, id int64) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.store.Get(ctx, id)
		if err != nil {
			return notFound(err)
		}
		if !isOwner(actor, c) {
			return errNotFound
		}
		if c.Status != StatusDraft {
			return Machine.Invalid(c.Status, ActionDelete)
		}
		if err := s.store.DeleteDraft(ctx, id); err != nil {
			return Machine.Lost(err, c.Status, ActionDelete)
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityChallenge, EntityID: id,
			Action: string(ActionDelete), Before: c.summary()})
	})
}
