package repository_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestMembershipMigration: users that existed before memberships stay active members, and the earliest user
// of each organisation becomes its administrator.
func TestMembershipMigration(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		for {
			st, err := db.MigrationStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			applied := int64(0)
			for _, m := range st {
				if m.State == "applied" && m.Source.Version > applied {
					applied = m.Source.Version
				}
			}
			if applied < 5 {
				break
			}
			if err := db.MigrateDown(ctx); err != nil {
				t.Fatalf("down from %d: %v", applied, err)
			}
		}
		sql := db.SQL()
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := sql.ExecContext(ctx, rebind(db, q), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		exec(`INSERT INTO orgs (id, name, type, credit_code, created_at, updated_at) VALUES (1, 'A', 'university', 'A', ?, ?), (2, 'B', 'enterprise', 'B', ?, ?)`, t0, t0, t0, t0)
		// User 3 registered first in org 1 although its id is higher.
		exec(`INSERT INTO users (id, email, name, role, org_id, password_hash, created_at, updated_at) VALUES
			(1, 'a1@x.cn', 'a1', 'team', 1, 'h', ?, ?), (2, 'b1@x.cn', 'b1', 'enterprise', 2, 'h', ?, ?),
			(3, 'a0@x.cn', 'a0', 'team', 1, 'h', ?, ?), (4, 'boss@x.cn', 'boss', 'bureau', NULL, 'h', ?, ?)`,
			t0.Add(time.Hour), t0, t0, t0, t0, t0, t0, t0)
		if err := db.MigrateUp(ctx); err != nil {
			t.Fatal(err)
		}
		s := repository.NewAccountStore(db)
		want := map[int64]bool{1: false, 2: true, 3: true, 4: false}
		for id, admin := range want {
			u, err := s.UserByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if u.Membership != account.MembershipActive || u.OrgAdmin != admin {
				t.Errorf("user %d: membership %q admin %v, want active %v", id, u.Membership, u.OrgAdmin, admin)
			}
		}
		if a, _ := s.OrgAdmin(ctx, 1); a != 3 {
			t.Errorf("admin of org 1: %d", a)
		}
		// A second administrator is refused by the schema.
		err := repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			_, err := s.SetOrgAdmin(ctx, 1, 1, false, true, t0)
			return err
		})
		if !errors.Is(err, domain.ErrConflict) {
			t.Errorf("two administrators: %v", err)
		}
	})
}

// rebind turns ? placeholders into PostgreSQL's $n.
func rebind(db *repository.DB, q string) string {
	if db.Dialect != repository.DialectPostgres {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, []byte("$"+strconv.Itoa(n))...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
