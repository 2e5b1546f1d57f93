package repository_test

import (
	"context"
	"strings"
	"testing"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestOwnerQueriesUseIndexes checks SQLite's plan of the statements every logged-in request or owner-scoped
// page runs (see checkPlan): authentication, 我的揭榜's version check,
// 我的揭榜 (the organisation's bids newest first, their attachments
// and newest corrections in one read each) and the user's notifications.
func TestOwnerQueriesUseIndexes(t *testing.T) {
	t.Parallel()
	db := testdb.New(t, repository.DialectSQLite)
	ctx := context.Background()
	checkPlan(t, db, "authentication", stmt{sql: repository.AuthSQL,
		vars: []any{int64(1), int64(1), int64(1)}[:strings.Count(repository.AuthSQL, "?")]})
	checkPlan(t, db, "my bids' versions", stmt{sql: repository.MyBidsVersionSQL, vars: []any{int64(3)}})
	var cap captured
	cap.attach(t, db.Reader)
	bids := repository.NewBidStore(db)
	notes := repository.NewNotifyStore(db)
	page := domain.Page{Page: 1, PageSize: 20}
	cases := []struct {
		name string
		run  func() error
	}{
		{"my bids", func() error {
			_, err := bids.List(ctx, bid.Filter{LeadOrgID: 3, NewestFirst: true}, page)
			return err
		}},
		{"attachments of a page", func() error { _, err := bids.AttachmentsOf(ctx, []int64{1, 2, 3}); return err }},
		{"corrections of a page", func() error { _, err := bids.LatestCorrections(ctx, []int64{1, 2, 3}); return err }},
		{"my notifications", func() error { _, err := notes.List(ctx, 3, false, page); return err }},
		{"my unread notifications", func() error { _, err := notes.List(ctx, 3, true, page); return err }},
	}
	for _, c := range cases {
		if err := c.run(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		stmts := cap.take()
		if len(stmts) == 0 {
			t.Fatalf("%s: no statement captured", c.name)
		}
		for _, s := range stmts {
			checkPlan(t, db, c.name, s)
		}
	}
}
