package seed

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"jiebang/repository"
	"jiebang/repository/testdb"
)

// failingTx fails the transaction numbered failAt: the seed's own transaction is number 1, and every nested
// one (a savepoint of it, opened by any service of the seed's App or of a story App) counts on from 2, as a
// database error part-way through the seed would. It fails the SAVEPOINT statement itself, before it runs, on
// db's connections: the story services are wired by app.New with their own transaction manager, so the failure
// is injected below them, where every service's transactions meet.
type failingTx struct {
	calls  atomic.Int64
	failAt atomic.Int64
}

var errInjected = errors.New("injected failure")

// failSavepoints registers f on db (for the rest of the test; failAt 0 fails nothing).
func failSavepoints(t *testing.T, db *repository.DB) *failingTx {
	t.Helper()
	f := &failingTx{}
	err := db.Writer.Callback().Raw().Before("gorm:raw").Register("seed_test:fail_savepoint", func(tx *gorm.DB) {
		if !strings.HasPrefix(tx.Statement.SQL.String(), "SAVEPOINT ") {
			return
		}
		if n := f.calls.Add(1) + 1; n == f.failAt.Load() {
			_ = tx.AddError(errInjected)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// start counts transactions from the seed's own, failing number failAt.
func (f *failingTx) start(failAt int64) {
	f.calls.Store(0)
	f.failAt.Store(failAt)
}

// errRollback undoes a counted demo.
var errRollback = errors.New("roll back")

// demoTransactions counts the transactions a demo opens (its own included), seeding it in a transaction rolled
// back after (where the seed's own transaction is the first savepoint).
func demoTransactions(t *testing.T, db *repository.DB, tx *failingTx) int64 {
	t.Helper()
	a, err := newTestApp(quietConfig(t, nil), db)
	if err != nil {
		t.Fatal(err)
	}
	tx.start(0)
	err = a.Tx.InTx(context.Background(), func(ctx context.Context) error {
		if _, err := a.SeedDemo(ctx); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatal(err)
	}
	return tx.calls.Load()
}

// TestSeedFailingPartWayLeavesNothing: a demo or scale seed that fails part-way, wherever, leaves the database
// empty (no account, no audit entry), so `seed --if-empty` loads it whole next time. The demo fails early, in
// its middle and at its last transaction.
func TestSeedFailingPartWayLeavesNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		tx := failSavepoints(t, db)
		total := demoTransactions(t, db, tx)
		for _, failAt := range []int64{2, 20, 60, total / 2, total} {
			a, err := newTestApp(quietConfig(t, nil), db)
			if err != nil {
				t.Fatal(err)
			}
			tx.start(failAt)
			if _, err := a.SeedDemo(ctx); !errors.Is(err, errInjected) {
				t.Fatalf("demo failing at transaction %d: %v", failAt, err)
			}
			if failAt < 4 { // the scale seed of 3 challenges opens 4 transactions
				tx.start(failAt)
				if _, _, err := a.seedScale(ctx, ScaleOptions{N: 3, Seed: 1}); !errors.Is(err, errInjected) {
					t.Fatalf("scale failing at transaction %d: %v", failAt, err)
				}
			}
			tx.start(0)
			if empty, err := a.DB.IsEmpty(ctx); err != nil || !empty {
				t.Fatalf("after a seed failing at transaction %d the database holds users (%v)", failAt, err)
			}
			if v, err := a.Audit.Verify(ctx); err != nil || v.Entries != 0 {
				t.Fatalf("after a seed failing at transaction %d: %+v %v", failAt, v, err)
			}
		}
		a, err := newTestApp(quietConfig(t, nil), db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SeedDemo(ctx); err != nil {
			t.Fatalf("the demo after the failures: %v", err)
		}
		if _, err := a.SeedDemo(ctx); !errors.Is(err, ErrNotEmpty) {
			t.Fatalf("a second demo: %v", err)
		}
	})
}
