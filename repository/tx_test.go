package repository_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestNestedTransactionsUseSavepoints: the same on SQLite and PostgreSQL, a nested InTx that fails undoes only
// its own writes (even after a failed statement, which on PostgreSQL would otherwise abort the whole
// transaction), a nested one that succeeds commits or rolls back with the outer one, and nesting goes deep.
func TestNestedTransactionsUseSavepoints(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		tx := repository.NewTxManager(db)
		claims := repository.NewClaimStore(db)
		accounts := repository.NewAccountStore(db)
		due := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
		claim := func(ctx context.Context, subject string) error {
			won, err := claims.Claim(ctx, "tx-test", subject, due)
			if err == nil && !won {
				err = errors.New(subject + " already claimed")
			}
			return err
		}
		// claimed reports whether subject's claim was committed (claiming it again then fails); call it once
		// per subject.
		claimed := func(subject string) bool {
			again, err := claims.Claim(ctx, "tx-test", subject, due)
			if err != nil {
				t.Fatal(err)
			}
			return !again
		}
		boom := errors.New("boom")
		org := account.Org{Name: "甲", Type: account.OrgEnterprise, CreditCode: "91330200MA2AD0F1KX", CreditStatus: account.CreditGood,
			CreatedAt: due, UpdatedAt: due}

		err := tx.InTx(ctx, func(ctx context.Context) error {
			if err := claim(ctx, "outer-1"); err != nil {
				return err
			}
			// A nested call that fails after writing: its write goes, the outer goes on.
			if err := tx.InTx(ctx, func(ctx context.Context) error {
				if err := claim(ctx, "inner-failed"); err != nil {
					return err
				}
				return boom
			}); !errors.Is(err, boom) {
				t.Errorf("nested error: %v", err)
			}
			// A nested call whose statement fails (a duplicate key): the outer transaction is still usable.
			if err := accounts.CreateOrg(ctx, &org); err != nil {
				return err
			}
			dup := org
			dup.ID = 0
			if err := tx.InTx(ctx, func(ctx context.Context) error { return accounts.CreateOrg(ctx, &dup) }); !errors.Is(err, domain.ErrConflict) {
				t.Errorf("duplicate in a nested call: %v", err)
			}
			// Three levels deep, the middle one failing.
			_ = tx.InTx(ctx, func(ctx context.Context) error {
				if err := claim(ctx, "level-1"); err != nil {
					return err
				}
				_ = tx.InTx(ctx, func(ctx context.Context) error {
					if err := tx.InTx(ctx, func(ctx context.Context) error { return claim(ctx, "level-3") }); err != nil {
						return err
					}
					return boom
				})
				return nil
			})
			return claim(ctx, "outer-2")
		})
		if err != nil {
			t.Fatal(err)
		}
		for subject, want := range map[string]bool{"outer-1": true, "inner-failed": false, "outer-2": true, "level-1": true, "level-3": false} {
			if got := claimed(subject); got != want {
				t.Errorf("%s committed = %v, want %v", subject, got, want)
			}
		}
		if _, err := accounts.OrgByCreditCode(ctx, org.CreditCode); err != nil {
			t.Errorf("the outer write after the failed nested insert: %v", err)
		}

		// A nested call that succeeded rolls back with its outer transaction.
		err = tx.InTx(ctx, func(ctx context.Context) error {
			if err := tx.InTx(ctx, func(ctx context.Context) error { return claim(ctx, "inner-ok") }); err != nil {
				return err
			}
			return boom
		})
		if kept := claimed("inner-ok"); !errors.Is(err, boom) || kept {
			t.Errorf("outer rollback: %v, inner kept %v", err, kept)
		}
	})
}

// TestDriverErrorsAreTranslated: a store method's database error reaches the domain as one of its sentinels,
// with the table named, whatever the method did with it.
func TestDriverErrorsAreTranslated(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		accounts := repository.NewAccountStore(db)
		if _, err := accounts.OrgByID(ctx, 424242); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing org: %v", err)
		}
		now := time.Now()
		org := account.Org{Name: "乙", Type: account.OrgEnterprise, CreditCode: "91330200MA2AD0F1KX", CreditStatus: account.CreditGood,
			CreatedAt: now, UpdatedAt: now}
		err := repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			if err := accounts.CreateOrg(ctx, &org); err != nil {
				return err
			}
			dup := org
			dup.ID = 0
			return accounts.CreateOrg(ctx, &dup)
		})
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("duplicate credit code: %v", err)
		}
		// A foreign key that points nowhere.
		err = repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			u := account.User{Email: "x@y.cn", Name: "x", Role: domain.RoleTeam, OrgID: 999999, CreatedAt: now, UpdatedAt: now}
			return accounts.CreateUser(ctx, &u, "h")
		})
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("dangling foreign key: %v", err)
		}
	})
}

// TestInTxRunsAgainAfterABrokenConnection: a transaction whose connection broke before its commit
// (driver.ErrBadConn) runs once more; its first attempt's writes are not kept; a second failure is returned.
func TestInTxRunsAgainAfterABrokenConnection(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		tx := repository.NewTxManager(db)
		claims := repository.NewClaimStore(db)
		due := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
		calls := 0
		err := tx.InTx(ctx, func(ctx context.Context) error {
			calls++
			if _, err := claims.Claim(ctx, "retry-test", fmt.Sprint("attempt-", calls), due); err != nil {
				return err
			}
			if calls == 1 {
				return fmt.Errorf("query: %w", driver.ErrBadConn)
			}
			return nil
		})
		if err != nil || calls != 2 {
			t.Fatalf("retry: err %v, %d calls", err, calls)
		}
		for subject, kept := range map[string]bool{"attempt-1": false, "attempt-2": true} {
			again, err := claims.Claim(ctx, "retry-test", subject, due)
			if err != nil || again == kept {
				t.Fatalf("%s kept = %v, want %v (%v)", subject, !again, kept, err)
			}
		}
		calls = 0
		err = tx.InTx(ctx, func(ctx context.Context) error {
			calls++
			return fmt.Errorf("query: %w", driver.ErrBadConn)
		})
		if !errors.Is(err, driver.ErrBadConn) || calls != 2 {
			t.Fatalf("twice broken: err %v, %d calls", err, calls)
		}
		calls = 0
		if err := tx.InTx(ctx, func(ctx context.Context) error { calls++; return errors.New("refused") }); err == nil || calls != 1 {
			t.Fatalf("other errors are not retried: %v, %d calls", err, calls)
		}
	})
}
