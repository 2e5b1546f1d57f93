package repository_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

var acctT0 = time.Date(2026, 11, 2, 1, 0, 0, 123456789, time.UTC)

// inTx runs fn in a transaction of db (repository writes must run inside one).
func acctInTx(t *testing.T, db *repository.DB, fn func(ctx context.Context) error) {
	t.Helper()
	if err := repository.NewTxManager(db).InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func TestAccountStoreOrgsAndUsers(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		s := repository.NewAccountStore(db)
		ctx := context.Background()
		org := account.Org{Name: "某理工大学", Type: account.OrgUniversity, CreditCode: "12330000470051726F",
			CreditStatus: account.CreditGood, CreatedAt: acctT0, UpdatedAt: acctT0}
		u := account.User{Email: "li@example.cn", Name: "李老师", Role: domain.RoleExpert, ExpertFields: []string{"ai", "materials"},
			CreatedAt: acctT0, UpdatedAt: acctT0}
		staff := account.User{Email: "boss@kjj.gov.cn", Name: "处长", Role: domain.RoleBureau, CreatedAt: acctT0, UpdatedAt: acctT0}
		acctInTx(t, db, func(ctx context.Context) error {
			if err := s.CreateOrg(ctx, &org); err != nil {
				return err
			}
			u.OrgID = org.ID
			if err := s.CreateUser(ctx, &u, "hash-1"); err != nil {
				return err
			}
			return s.CreateUser(ctx, &staff, "hash-2")
		})
		got, err := s.OrgByCreditCode(ctx, "12330000470051726F")
		if err != nil || got.ID != org.ID || got.Name != "某理工大学" || got.Verified || !got.CreatedAt.Equal(acctT0.Truncate(time.Microsecond)) {
			t.Fatalf("org by code: %+v %v", got, err)
		}
		if _, err := s.OrgByID(ctx, 999); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("missing org: %v", err)
		}
		gu, hash, err := s.Credentials(ctx, "li@example.cn")
		if err != nil || hash != "hash-1" || gu.Org == nil || gu.Org.ID != org.ID || len(gu.ExpertFields) != 2 {
			t.Fatalf("credentials: %+v %q %v", gu, hash, err)
		}
		gs, err := s.UserByID(ctx, staff.ID)
		if err != nil || gs.Org != nil || gs.OrgID != 0 || len(gs.ExpertFields) != 0 || gs.ExpertFields == nil {
			t.Fatalf("staff: %+v %v", gs, err)
		}
		// Duplicates are conflicts.
		err = repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			dup := account.User{Email: "li@example.cn", Name: "x", Role: domain.RoleTeam, CreatedAt: acctT0, UpdatedAt: acctT0}
			return s.CreateUser(ctx, &dup, "h")
		})
		if !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		err = repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			dup := org
			return s.CreateOrg(ctx, &dup)
		})
		if !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("duplicate credit code: %v", err)
		}

		// Compare-and-set.
		acctInTx(t, db, func(ctx context.Context) error {
			if ok, err := s.SetOrgVerified(ctx, org.ID, false, true, acctT0); err != nil || !ok {
				t.Errorf("verify: %v %v", ok, err)
			}
			if ok, err := s.SetOrgVerified(ctx, org.ID, false, true, acctT0); err != nil || ok {
				t.Errorf("verify twice must not match: %v %v", ok, err)
			}
			if ok, err := s.SetOrgCredit(ctx, org.ID, account.CreditWarned, account.CreditBarred, acctT0); err != nil || ok {
				t.Errorf("credit from the wrong status must not match: %v %v", ok, err)
			}
			if ok, err := s.SetOrgCredit(ctx, org.ID, account.CreditGood, account.CreditWarned, acctT0); err != nil || !ok {
				t.Errorf("credit: %v %v", ok, err)
			}
			if ok, err := s.SetUserDisabled(ctx, u.ID, false, true, acctT0); err != nil || !ok {
				t.Errorf("disable: %v %v", ok, err)
			}
			if ok, err := s.SetUserDisabled(ctx, u.ID, false, true, acctT0); err != nil || ok {
				t.Errorf("disable twice must not match: %v %v", ok, err)
			}
			return nil
		})
		o, _ := s.OrgByID(ctx, org.ID)
		if !o.Verified || o.CreditStatus != account.CreditWarned {
			t.Fatalf("after updates: %+v", o)
		}

		yes := true
		l, err := s.ListOrgs(ctx, account.OrgFilter{Verified: &yes, Q: "理工"}, domain.Page{Page: 1, PageSize: 10})
		if err != nil || l.Total != 1 || len(l.Items) != 1 {
			t.Fatalf("list orgs: %+v %v", l, err)
		}
		l, _ = s.ListOrgs(ctx, account.OrgFilter{Q: "_"}, domain.Page{Page: 1, PageSize: 10})
		if l.Total != 0 {
			t.Fatalf("a wildcard in q must match literally: %+v", l)
		}
		ul, err := s.ListUsers(ctx, account.UserFilter{Disabled: &yes}, domain.Page{Page: 1, PageSize: 10})
		if err != nil || ul.Total != 1 || ul.Items[0].ID != u.ID || ul.Items[0].Org == nil {
			t.Fatalf("list users: %+v %v", ul, err)
		}
		ex, err := s.Experts(ctx)
		if err != nil || len(ex) != 0 {
			t.Fatalf("a disabled expert is not in the pool: %+v %v", ex, err)
		}
	})
}

func TestAccountStoreTokensAndAttempts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		s := repository.NewAccountStore(db)
		ctx := context.Background()
		u := account.User{Email: "a@example.cn", Name: "A", Role: domain.RoleAdmin, CreatedAt: acctT0, UpdatedAt: acctT0}
		t1 := account.RefreshToken{Family: "fam1", Hash: "h1", CreatedAt: acctT0, ExpiresAt: acctT0.Add(time.Hour)}
		t2 := account.RefreshToken{Family: "fam1", Hash: "h2", CreatedAt: acctT0, ExpiresAt: acctT0.Add(time.Hour)}
		t3 := account.RefreshToken{Family: "fam2", Hash: "h3", CreatedAt: acctT0, ExpiresAt: acctT0.Add(time.Hour)}
		acctInTx(t, db, func(ctx context.Context) error {
			if err := s.CreateUser(ctx, &u, "x"); err != nil {
				return err
			}
			for _, tk := range []*account.RefreshToken{&t1, &t2, &t3} {
				tk.UserID = u.ID
				if err := s.CreateRefreshToken(ctx, tk); err != nil {
					return err
				}
			}
			if ok, err := s.MarkRefreshTokenUsed(ctx, t1.ID, acctT0); err != nil || !ok {
				t.Errorf("use: %v %v", ok, err)
			}
			if ok, err := s.MarkRefreshTokenUsed(ctx, t1.ID, acctT0); err != nil || ok {
				t.Errorf("use twice must not match: %v %v", ok, err)
			}
			return s.RevokeRefreshFamily(ctx, "fam1", acctT0)
		})
		g1, _ := s.RefreshTokenByHash(ctx, "h1")
		g2, _ := s.RefreshTokenByHash(ctx, "h2")
		g3, _ := s.RefreshTokenByHash(ctx, "h3")
		if g1.UsedAt == nil || g1.RevokedAt == nil || g2.RevokedAt == nil || g2.UsedAt != nil || g3.RevokedAt != nil {
			t.Fatalf("tokens: %+v %+v %+v", g1, g2, g3)
		}
		acctInTx(t, db, func(ctx context.Context) error {
			if ok, err := s.MarkRefreshTokenUsed(ctx, t2.ID, acctT0); err != nil || ok {
				t.Errorf("a revoked token cannot be used: %v %v", ok, err)
			}
			return s.RevokeUserRefreshTokens(ctx, u.ID, "", acctT0)
		})
		if g3, _ = s.RefreshTokenByHash(ctx, "h3"); g3.RevokedAt == nil {
			t.Fatal("user tokens revoked")
		}
		if _, err := s.RefreshTokenByHash(ctx, "nope"); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("unknown token: %v", err)
		}

		// Attempts: failures at t0, t0+1m, t0+2m; a success at t0+3m; a failure at t0+4m.
		acctInTx(t, db, func(ctx context.Context) error {
			for i, ok := range []bool{false, false, false, true, false} {
				if _, err := s.RecordLoginAttempt(ctx, account.LoginAttempt{Email: "a@example.cn", IP: "10.0.0.1", Success: ok,
					At: acctT0.Add(time.Duration(i) * time.Minute)}); err != nil {
					return err
				}
			}
			return nil
		})
		okID, err := s.LastLoginSuccess(ctx, "a@example.cn", acctT0.Add(-time.Hour))
		if err != nil || okID == 0 {
			t.Fatalf("last success: %d %v", okID, err)
		}
		stale := acctT0.Add(-time.Hour)
		fails, err := s.RecentLoginFailures(ctx, true, "a@example.cn", acctT0.Add(-time.Hour), stale, okID, 10)
		if err != nil || len(fails) != 1 || !fails[0].At.Equal(acctT0.Add(4*time.Minute).Truncate(time.Microsecond)) || fails[0].Pending {
			t.Fatalf("failures after the success: %v %v", fails, err)
		}
		fails, _ = s.RecentLoginFailures(ctx, false, "10.0.0.1", acctT0.Add(30*time.Second), stale, 0, 2)
		if len(fails) != 2 || !fails[0].At.After(fails[1].At) {
			t.Fatalf("newest address failures first, limited: %v", fails)
		}

		// A pending attempt is not a failure until it is stale or settled as one; settled neutral, it is gone.
		var pend, neutral int64
		acctInTx(t, db, func(ctx context.Context) (err error) {
			if pend, err = s.RecordLoginAttempt(ctx, account.LoginAttempt{Email: "p@example.cn", IP: "10.0.0.2", Pending: true,
				At: acctT0.Add(5 * time.Minute)}); err != nil {
				return err
			}
			neutral, err = s.RecordLoginAttempt(ctx, account.LoginAttempt{Email: "p@example.cn", IP: "10.0.0.2", Pending: true,
				At: acctT0.Add(5 * time.Minute)})
			return err
		})
		since := acctT0.Add(-time.Hour)
		if fails, _ = s.RecentLoginFailures(ctx, true, "p@example.cn", since, acctT0, 0, 10); len(fails) != 2 ||
			!fails[0].Pending || !fails[1].Pending {
			t.Fatalf("pending attempts: %v", fails)
		}
		if fails, _ = s.RecentLoginFailures(ctx, true, "p@example.cn", since, acctT0.Add(6*time.Minute), 0, 10); len(fails) != 2 ||
			fails[0].Pending || fails[1].Pending {
			t.Fatalf("stale pending attempts are failures: %v", fails)
		}
		acctInTx(t, db, func(ctx context.Context) error {
			if err := s.MarkLoginFailed(ctx, pend); err != nil {
				return err
			}
			return s.DeleteLoginAttempt(ctx, neutral)
		})
		if fails, _ = s.RecentLoginFailures(ctx, false, "10.0.0.2", since, acctT0, 0, 10); len(fails) != 1 || fails[0].Pending {
			t.Fatalf("settled failure: %v", fails)
		}

		acctInTx(t, db, func(ctx context.Context) error { return s.Prune(ctx, acctT0.Add(150*time.Second)) })
		fails, _ = s.RecentLoginFailures(ctx, false, "10.0.0.1", acctT0.Add(-time.Hour), stale, 0, 10)
		if len(fails) != 1 {
			t.Fatalf("pruned: %v", fails)
		}
	})
}
