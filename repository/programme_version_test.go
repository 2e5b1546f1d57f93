package repository_test

import (
	"context"
	"database/sql"
	"testing"

	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestProgrammeVersionWritersDoNotQueue (PostgreSQL): two transactions on different sessions that both bump
// programme_version (migration 00068) hold their bumps at once, neither waits for the other, and the version
// read afterwards has grown by both.
func TestProgrammeVersionWritersDoNotQueue(t *testing.T) {
	t.Parallel()
	db := testdb.New(t, repository.DialectPostgres)
	ctx := context.Background()
	sqlDB := db.SQL()
	version := func() int64 {
		var v int64
		if err := sqlDB.QueryRowContext(ctx, repository.VersionCheckSQL["programme version"]).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Sessions whose bumps go to different rows: their backend pids differ modulo 16.
	var conns []*sql.Conn
	shard := map[int]*sql.Conn{}
	for len(shard) < 2 && len(conns) < 40 {
		c, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var pid int
		if err := c.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
			t.Fatal(err)
		}
		if _, ok := shard[pid%16]; !ok {
			shard[pid%16] = c
		}
	}
	defer func() {
		for _, c := range conns {
			_ = c.Close()
		}
	}()
	if len(shard) < 2 {
		t.Fatal("no two sessions on different rows")
	}
	before := version()
	var txs []*sql.Tx
	for _, c := range shard {
		// A table of the session's own whose writes bump the version like the programme's tables do.
		for _, q := range []string{"CREATE TEMP TABLE IF NOT EXISTS bump (x INT)",
			"CREATE OR REPLACE TRIGGER bump_programme AFTER INSERT ON bump FOR EACH STATEMENT EXECUTE FUNCTION programme_version_bump()",
			"SET lock_timeout = '5s'"} {
			if _, err := c.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
		// With one row for all, the second insert would wait for the first transaction and fail on the lock timeout.
		if _, err := tx.ExecContext(ctx, "INSERT INTO bump VALUES (1)"); err != nil {
			t.Fatalf("a second writer waited for the first: %v", err)
		}
	}
	for _, tx := range txs {
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if after := version(); after != before+2 {
		t.Fatalf("version %d after two bumps from %d", after, before)
	}
}
