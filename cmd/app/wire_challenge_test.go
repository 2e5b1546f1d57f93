package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func quietConfig(t *testing.T, clk domain.Clock) Config {
	if clk == nil {
		clk = domain.NewFrozenClock(testStart(t))
	}
	return Config{DataDir: t.TempDir(), JWTSecret: "test-secret-0123456789abcdef0123456789", Clock: clk,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PasswordHash: cheapTestHash}
}

// cheapTestHash keeps argon2id cheap in tests (the demo hashes 15 passwords per seed).
var cheapTestHash = account.HashParams{MemoryKiB: 64, Time: 1, Threads: 1}

// testStart is where the tests' clocks start (testdb.Start: a fixed instant, or JIEBANG_TEST_CLOCK_START).
func testStart(testing.TB) time.Time { return testdb.Start() }

// TestCloseDueBiddingOnceAcrossServers runs the scheduled close of bidding on two application instances
// that share one database through separate connection pools (the same SQLite file; PostgreSQL when configured),
// concurrently and repeatedly: every due challenge is closed exactly once, with one audit entry, and the
// challenges not yet due stay open.
func TestCloseDueBiddingOnceAcrossServers(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		// The second server has its own connection pool to the same database.
		db2, err := repository.Open(repository.Options{SQLitePath: db.Path, URL: db.URL})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db2.Close() })
		t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
		clk := domain.NewFrozenClock(t0)
		cfg1, cfg2 := quietConfig(t, clk), quietConfig(t, clk)
		// The servers of one deployment share the audit signing key (as they share the JWT secret).
		cfg2.AuditKeyFile = filepath.Join(cfg1.DataDir, auditKeyFile)
		a1, err := New(cfg1, db)
		if err != nil {
			t.Fatal(err)
		}
		a2, err := New(cfg2, db2)
		if err != nil {
			t.Fatal(err)
		}

		const due, notDue = 12, 3
		var dueIDs, openIDs []int64
		err = a1.Tx.InTx(ctx, func(ctx context.Context) error {
			org := account.Org{Name: "宁波东方电机股份有限公司", Type: account.OrgEnterprise, CreditCode: "91330200MA2AD0F1KX",
				Verified: true, CreditStatus: account.CreditGood, CreatedAt: t0, UpdatedAt: t0}
			if err := repository.NewAccountStore(db).CreateOrg(ctx, &org); err != nil {
				return err
			}
			store := repository.NewChallengeStore(db)
			for i := range due + notDue {
				deadline := t0.Add(time.Duration(i+1) * time.Minute)
				if i >= due {
					deadline = t0.Add(48 * time.Hour)
				}
				pub := t0.Add(-time.Hour)
				c := challenge.Challenge{OrgID: org.ID, Status: challenge.StatusPublished, Title: "榜单", Mode: challenge.ModeSingle,
					MaxRacers: 1, BidDeadline: &deadline, PublishedAt: &pub, CreatedAt: pub, UpdatedAt: pub}
				if err := store.Create(ctx, &c); err != nil {
					return err
				}
				if i < due {
					dueIDs = append(dueIDs, c.ID)
				} else {
					openIDs = append(openIDs, c.ID)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		clk.Advance(time.Hour)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for _, a := range []*App{a1, a2, a1, a2, a1, a2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := a.RunDue(ctx); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("RunDue: %v", err)
		}

		closes := map[int64]int{}
		err = repository.NewAuditStore(db).Each(ctx, func(e audit.Entry) error {
			if e.Entity == audit.EntityChallenge && e.Action == string(challenge.ActionCloseBidding) {
				closes[e.EntityID]++
				if e.ActorRole != "system" {
					t.Errorf("closed by %q, want the system actor", e.ActorRole)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(closes) != due {
			t.Errorf("%d challenges closed, want %d", len(closes), due)
		}
		for _, id := range dueIDs {
			c, err := a2.Challenges.Lookup(ctx, id)
			if err != nil || c.Status != challenge.StatusBiddingClosed || closes[id] != 1 {
				t.Errorf("challenge %d: status %s, %d close entries, err %v", id, c.Status, closes[id], err)
			}
		}
		for _, id := range openIDs {
			if c, _ := a1.Challenges.Lookup(ctx, id); c.Status != challenge.StatusPublished || closes[id] != 0 {
				t.Errorf("challenge %d before its deadline: %s", id, c.Status)
			}
		}
		if res, err := a1.Audit.Verify(ctx); err != nil || !res.OK {
			t.Errorf("audit chain: %+v %v", res, err)
		}
	})
}
