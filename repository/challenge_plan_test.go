package repository_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// captured records the statements the store runs, with their arguments, for EXPLAIN QUERY PLAN.
type captured struct {
	mu    sync.Mutex
	stmts []stmt
}

type stmt struct {
	sql  string
	vars []any
}

func (c *captured) attach(t *testing.T, g *gorm.DB) {
	err := g.Callback().Query().After("gorm:query").Register("test:capture", func(tx *gorm.DB) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.stmts = append(c.stmts, stmt{sql: tx.Statement.SQL.String(), vars: append([]any(nil), tx.Statement.Vars...)})
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = g.Callback().Query().Remove("test:capture") })
}

func (c *captured) take() []stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.stmts
	c.stmts = nil
	return out
}

// TestHotQueriesUseIndexes runs the board's queries as the store builds them and checks SQLite's plan: no
// full scan of a table, no sort of the board in a temporary B-tree, and the long-text challenges table never
// read for a list or a count (only to confirm search candidates of 3+ characters, by primary key).
func TestHotQueriesUseIndexes(t *testing.T) {
	t.Parallel()
	db := testdb.New(t, repository.DialectSQLite)
	ctx := context.Background()
	var orgs []int64
	for i := range 10 {
		orgs = append(orgs, chOrg(t, db, fmt.Sprintf("计划测试企业%d", i)))
	}
	org := orgs[3]
	for i := range 40 {
		st, pub := challenge.StatusPublished, chAt(time.Duration(i)*time.Minute)
		if i%4 == 0 {
			st, pub = challenge.StatusDraft, nil
		}
		chInsert(t, db, challenge.Challenge{OrgID: orgs[i%len(orgs)], Status: st, Title: fmt.Sprintf("电机控制 %d", i),
			Field: []string{"energy", "ai"}[i%2], Problem: "永磁同步电机的效率与噪声", PublishedAt: pub})
	}
	var cap captured
	cap.attach(t, db.Reader)
	store := repository.NewChallengeStore(db)
	page := domain.Page{Page: 2, PageSize: 5}
	cases := []struct {
		name string
		run  func() error
	}{
		{"board", func() error { _, err := store.List(ctx, challenge.Filter{PublicOnly: true}, page); return err }},
		{"board by field", func() error {
			_, err := store.List(ctx, challenge.Filter{PublicOnly: true, Field: "ai"}, page)
			return err
		}},
		{"board by status", func() error {
			_, err := store.List(ctx, challenge.Filter{PublicOnly: true, Status: challenge.StatusPublished}, page)
			return err
		}},
		{"bureau list", func() error { _, err := store.List(ctx, challenge.Filter{}, page); return err }},
		{"my challenges", func() error { _, err := store.List(ctx, challenge.Filter{OrgID: org}, page); return err }},
		{"search 2 chars", func() error {
			_, err := store.List(ctx, challenge.Filter{PublicOnly: true, Q: "电机"}, domain.Page{Page: 1, PageSize: 5})
			return err
		}},
		{"search 4 chars", func() error {
			_, err := store.List(ctx, challenge.Filter{PublicOnly: true, Q: "同步电机"}, domain.Page{Page: 1, PageSize: 5})
			return err
		}},
		{"expert workbench", func() error {
			_, err := repository.NewReviewStore(db).ExpertAssignments(ctx, 1, domain.Page{Page: 2, PageSize: 20})
			return err
		}},
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
	// The version checks run through database/sql, not gorm: explain their text.
	for name, sql := range repository.VersionCheckSQL {
		checkPlan(t, db, name, stmt{sql: sql, vars: []any{int64(1)}[:strings.Count(sql, "?")]})
	}
}

// checkPlan fails t when SQLite's plan of s scans a table, sorts the board in a temporary B-tree, or reads
// the long-text challenges table other than by primary key.
func checkPlan(t *testing.T, db *repository.DB, name string, s stmt) {
	t.Helper()
	plan := explain(t, db, s)
	if len(plan) == 0 {
		t.Errorf("%s: no plan for %s", name, s.sql)
	}
	for _, line := range plan {
		bad := strings.Contains(line, "USE TEMP B-TREE FOR ORDER BY") ||
			(strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "INDEX") && line != "SCAN CONSTANT ROW") ||
			(strings.Contains(line, "challenges") && !strings.Contains(line, "PRIMARY KEY") &&
				!strings.Contains(line, "challenge_")) ||
			strings.Contains(line, "SCAN challenge_terms")
		if bad {
			t.Errorf("%s: plan step %q\nSQL: %s\nplan: %s", name, line, s.sql, strings.Join(plan, " | "))
		}
	}
}

func explain(t *testing.T, db *repository.DB, s stmt) []string {
	t.Helper()
	rows, err := db.Reader.Raw("EXPLAIN QUERY PLAN "+s.sql, s.vars...).Rows()
	if err != nil {
		t.Fatalf("explain %s: %v", s.sql, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return out
}
