package bid

import (
	"context"
	"slices"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// outcomeStatuses are the bids SetOutcome decides about: eligible ones, and those an earlier outcome decided.
var outcomeStatuses = []Status{StatusEligible, StatusSelected, StatusNotSelected}

// SetOutcome marks, in the caller's transaction, the challenge's eligible bids selected (入围, ids given) or
// not_selected (the rest), compare-and-set, audited and emitting bid.selected / bid.not_selected per bid that
// changes. Running it again (an upheld objection) moves only the bids whose outcome changes. A selected id
// that is not an eligible bid of the challenge is refused (409 bid_not_eligible). The bureau's (or the
// system's) step.
func (s *Service) SetOutcome(ctx context.Context, actor domain.Actor, challengeID int64, selected []int64) error {
	if !actor.Is(domain.RoleBureau) && actor.Role != domain.RoleSystem {
		return domain.Forbidden("forbidden", "只有科技局可以确定入围", "only the bureau decides the selection")
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		var bids []Bid
		for p := (domain.Page{Page: 1, PageSize: domain.MaxPageSize}); ; p.Page++ {
			l, err := s.store.List(ctx, Filter{ChallengeID: challengeID, Statuses: outcomeStatuses}, p)
			if err != nil {
				return err
			}
			bids = append(bids, l.Items...)
			if len(l.Items) < p.PageSize {
				break
			}
		}
		for _, id := range selected {
			if !slices.ContainsFunc(bids, func(b Bid) bool { return b.ID == id }) {
				return domain.Conflict("bid_not_eligible", "只能选择本榜单形式审查合格的申报入围",
					"only eligible bids of this challenge can be selected").WithDetails(map[string]any{"bid_id": id})
			}
		}
		now := s.now()
		for _, b := range bids {
			action, to := ActionNotSelected, StatusNotSelected
			if slices.Contains(selected, b.ID) {
				action, to = ActionSelected, StatusSelected
			}
			if b.Status == to {
				continue
			}
			if _, err := Machine.Next(b.Status, action, actor.Role, b); err != nil {
				return err
			}
			if err := s.store.SetStatus(ctx, b.ID, b.Status, to, "", now); err != nil {
				return Machine.Lost(err, b.Status, action)
			}
			if err := s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityBid, EntityID: b.ID, Action: string(action),
				Before: map[string]any{"status": b.Status}, After: map[string]any{"status": to}}); err != nil {
				return err
			}
			after := b
			after.Status, after.UpdatedAt = to, now
			if err := s.emit(ctx, actor, after, b.Status, action, ""); err != nil {
				return err
			}
		}
		return nil
	})
}
