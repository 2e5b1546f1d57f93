package review

import (
	"context"
	"slices"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
)

// errExpertNotFound is the 404 of an expert.
var errExpertNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该专家", "expert not found")

// Profile returns the acting expert's profile (fields, conflicts, maximum, load).
func (s *Service) Profile(ctx context.Context, actor domain.Actor) (Expert, error) {
	if !actor.Is(domain.RoleExpert) {
		return Expert{}, errNotExpert
	}
	e, err := s.Store.Expert(ctx, actor.UserID)
	return e, notFoundAs(err, errExpertNotFound)
}

// UpdateProfile replaces the acting expert's fields of expertise and declared conflicts (回避声明).
func (s *Service) UpdateProfile(ctx context.Context, actor domain.Actor, in ProfileInput) (Expert, error) {
	e, err := s.Profile(ctx, actor)
	if err != nil {
		return e, err
	}
	in = in.Normalize()
	codes := challenge.FieldCodes()
	if s.Fields != nil {
		if codes, err = s.Fields.ActiveFieldCodes(ctx); err != nil {
			return e, err
		}
	}
	// A field the bureau retired stays allowed in a profile that already has it; it cannot be chosen anew.
	for _, f := range e.Fields {
		if !slices.Contains(codes, f) {
			codes = append(slices.Clip(codes), f)
		}
	}
	if err := in.ValidateWith(codes); err != nil {
		return e, err
	}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		now := s.now()
		before := map[string]any{"fields": e.Fields, "conflicts": len(e.Conflicts)}
		e.Fields, e.Conflicts = in.Fields, in.Conflicts
		if err := s.Store.SaveProfile(ctx, e, now); err != nil {
			return err
		}
		if err := s.Store.ReplaceConflicts(ctx, e.UserID, in.Conflicts, now); err != nil {
			return err
		}
		codes := make([]string, len(in.Conflicts))
		for i, c := range in.Conflicts {
			codes[i] = c.CreditCode
		}
		return s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: e.UserID, Action: "update_expert_profile",
			Before: before, After: map[string]any{"fields": in.Fields, "conflicts": codes}})
	})
	if err != nil {
		return e, err
	}
	return s.Store.Expert(ctx, actor.UserID)
}

// Experts lists the pool for the bureau: search, filter by field and by active, with load.
func (s *Service) Experts(ctx context.Context, actor domain.Actor, f ExpertFilter, p domain.Page) (domain.List[Expert], error) {
	if !actor.Is(domain.RoleBureau) {
		return domain.List[Expert]{}, errNotBureau
	}
	return s.Store.Experts(ctx, f, p.Normalize())
}

// PoolPatch is the bureau's change to an expert: active in the pool, maximum of open assignments.
type PoolPatch struct {
	Active  *bool
	MaxOpen *int
}

// UpdateExpert activates or deactivates an expert or changes the maximum (bureau).
func (s *Service) UpdateExpert(ctx context.Context, actor domain.Actor, userID int64, p PoolPatch) (Expert, error) {
	if !actor.Is(domain.RoleBureau) {
		return Expert{}, errNotBureau
	}
	if p.MaxOpen != nil && (*p.MaxOpen < 1 || *p.MaxOpen > 100) {
		return Expert{}, domain.FieldErr("max_open", "out_of_range", "应在 1 到 100 之间", "must be between 1 and 100")
	}
	e, err := s.Store.Expert(ctx, userID)
	if err != nil {
		return e, notFoundAs(err, errExpertNotFound)
	}
	err = s.Tx.InTx(ctx, func(ctx context.Context) error {
		before := map[string]any{"active": e.Active, "max_open": e.MaxOpen}
		if p.Active != nil {
			e.Active = *p.Active
		}
		if p.MaxOpen != nil {
			e.MaxOpen = *p.MaxOpen
		}
		if err := s.Store.SaveProfile(ctx, e, s.now()); err != nil {
			return err
		}
		return s.Audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: e.UserID, Action: "update_expert_pool",
			Before: before, After: map[string]any{"active": e.Active, "max_open": e.MaxOpen}})
	})
	if err != nil {
		return e, err
	}
	return s.Store.Expert(ctx, userID)
}
