package app

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"jiebang/domain"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// failingTx passes the outer transaction through and fails the nested one numbered failAt (a savepoint of the
// seed's transaction), as a database error part-way through the seed would.
type failingTx struct {
	inner  domain.TxManager
	calls  atomic.Int64
	failAt int64
}

var errInjected = errors.New("injected failure")

func (f *failingTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if f.calls.Add(1) == f.failAt {
		return errInjected
	}
	return f.inner.InTx(ctx, fn)
}

// TestSeedFailingPartWayLeavesNothing: a demo or scale seed that fails part-way, wherever, leaves the database
// empty (no account, no audit entry), so `seed --if-empty` loads it whole next time.
func TestSeedFailingPartWayLeavesNothing(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		for _, failAt := range []int64{2, 20, 60} {
			a, err := New(quietConfig(t, nil), db)
			if err != nil {
				t.Fatal(err)
			}
			tx := &failingTx{inner: a.Tx, failAt: failAt}
			a.Tx = tx
			if _, err := a.SeedDemo(ctx); !errors.Is(err, errInjected) {
				t.Fatalf("demo failing at transaction %d: %v", failAt, err)
			}
			if failAt < 4 { // the scale seed of 3 challenges opens 4 transactions
				tx.calls.Store(0)
				if _, _, err := a.seedScale(ctx, ScaleOptions{N: 3, Seed: 1}); !errors.Is(err, errInjected) {
					t.Fatalf("scale failing at transaction %d: %v", failAt, err)
				}
			}
			if empty, err := a.DB.IsEmpty(ctx); err != nil || !empty {
				t.Fatalf("after a seed failing at transaction %d the database holds users (%v)", failAt, err)
			}
			if v, err := a.Audit.Verify(ctx); err != nil || v.Entries != 0 {
				t.Fatalf("after a seed failing at transaction %d: %+v %v", failAt, v, err)
			}
		}
		a, err := New(quietConfig(t, nil), db)
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
