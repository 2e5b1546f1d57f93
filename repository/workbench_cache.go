package repository

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/review"
)

// The expert's workbench (GET /me/assignments) joins an expert's assignments with their rounds, items,
// challenges and scores. A page is cached per expert and served while both versions it was read at are
// current (migration 00063): expert_versions, bumped by triggers on the expert's assignments and their scores,
// and review_version, bumped on any change of a round, an item or a challenge's title. Both are read by one
// prepared statement.

const (
	workbenchVersionSQL = "SELECT (SELECT v FROM review_version WHERE id = 1), " +
		"COALESCE((SELECT v FROM expert_versions WHERE expert_id = ?), 0)"
	// workbenchCacheSize bounds the pages kept (one or two per active expert).
	workbenchCacheSize = 20000
)

type workbenchKey struct {
	expert         int64
	page, pageSize int
}

type workbenchEntry struct {
	review, expert int64
	list           domain.List[review.AssignmentInfo]
}

// ExpertAssignments lists an expert's assignments (pending, scored, recused), newest first: from the cache
// when the versions it was read at are current. The caller gets its own copy of the items.
func (s *ReviewStore) ExpertAssignments(ctx context.Context, expertID int64, p domain.Page) (_ domain.List[review.AssignmentInfo], err error) {
	if InTxContext(ctx) {
		return s.expertAssignments(ctx, expertID, p)
	}
	var rv, ev int64
	if err := s.workbenchVersion.scan(ctx, []any{expertID}, &rv, &ev); err != nil {
		wrap(&err, "review store: workbench version %d", expertID)
		return domain.List[review.AssignmentInfo]{}, err
	}
	key := workbenchKey{expert: expertID, page: p.Page, pageSize: p.PageSize}
	if e, ok := s.workbench.get(key); ok && e.review == rv && e.expert == ev {
		return copyList(e.list), nil
	}
	l, err := s.expertAssignments(ctx, expertID, p)
	if err != nil {
		return l, err
	}
	s.workbench.put(key, workbenchEntry{review: rv, expert: ev, list: copyList(l)})
	return l, nil
}

func copyList[T any](l domain.List[T]) domain.List[T] {
	l.Items = append(make([]T, 0, len(l.Items)), l.Items...)
	return l
}
