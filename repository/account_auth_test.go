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

// TestPrincipalReadsUserAndSession checks the one-statement read of authentication on each dialect: the
// user's fields, its second factor, and its session's liveness (revoked, expired, another user's family).
func TestPrincipalReadsUserAndSession(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		s := repository.NewAccountStore(db)
		ctx := context.Background()
		org := account.Org{Name: "某理工大学", Type: account.OrgUniversity, CreditCode: "12330000470051726F",
			CreditStatus: account.CreditGood, CreatedAt: acctT0, UpdatedAt: acctT0}
		u := account.User{Email: "li@example.cn", Name: "李老师", Role: domain.RoleTeam, Membership: account.MembershipActive,
			CreatedAt: acctT0, UpdatedAt: acctT0}
		other := account.User{Email: "boss@kjj.gov.cn", Name: "处长", Role: domain.RoleBureau, CreatedAt: acctT0, UpdatedAt: acctT0}
		acctInTx(t, db, func(ctx context.Context) error {
			if err := s.CreateOrg(ctx, &org); err != nil {
				return err
			}
			u.OrgID = org.ID
			if err := s.CreateUser(ctx, &u, "h"); err != nil {
				return err
			}
			if err := s.CreateUser(ctx, &other, "h"); err != nil {
				return err
			}
			for _, rt := range []account.RefreshToken{
				{UserID: u.ID, Family: "fam-a", Hash: "a", CreatedAt: acctT0, ExpiresAt: acctT0.Add(time.Hour)},
				{UserID: other.ID, Family: "fam-b", Hash: "b", CreatedAt: acctT0, ExpiresAt: acctT0.Add(time.Hour)},
			} {
				if err := s.CreateRefreshToken(ctx, &rt); err != nil {
					return err
				}
			}
			return nil
		})
		now := acctT0.Add(time.Minute)
		p, err := s.Principal(ctx, u.ID, "fam-a", now)
		if err != nil || !p.SessionLive || p.User.ID != u.ID || p.User.Name != "李老师" || p.User.Email != u.Email ||
			p.User.Role != domain.RoleTeam || p.User.OrgID != org.ID || p.User.Membership != account.MembershipActive ||
			p.User.Disabled || p.User.MFAEnabled {
			t.Fatalf("principal: %+v %v", p, err)
		}
		if a := p.User.Actor(); a.OrgID != org.ID || a.Role != domain.RoleTeam {
			t.Fatalf("actor: %+v", a)
		}
		if p, err := s.Principal(ctx, u.ID, "fam-b", now); err != nil || p.SessionLive {
			t.Fatalf("another user's family: %+v %v", p, err)
		}
		if p, err := s.Principal(ctx, u.ID, "fam-a", acctT0.Add(time.Hour)); err != nil || p.SessionLive {
			t.Fatalf("expired: %+v %v", p, err)
		}
		if _, err := s.Principal(ctx, 9999, "fam-a", now); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("no user: %v", err)
		}
		acctInTx(t, db, func(ctx context.Context) error {
			if _, err := s.SetUserDisabled(ctx, u.ID, false, true, now); err != nil {
				return err
			}
			if _, err := s.PutPendingMFA(ctx, account.MFA{UserID: u.ID, Secret: "S", CreatedAt: now}); err != nil {
				return err
			}
			if _, err := s.ConfirmMFA(ctx, u.ID, "S", 1, now); err != nil {
				return err
			}
			// Inside a transaction the read goes through the transaction (gorm), not the prepared statement.
			p, err := s.Principal(ctx, u.ID, "fam-a", now)
			if err != nil || !p.User.Disabled || !p.User.MFAEnabled || !p.SessionLive {
				t.Errorf("in tx: %+v %v", p, err)
			}
			return s.RevokeRefreshFamily(ctx, "fam-a", now)
		})
		p, err = s.Principal(ctx, u.ID, "fam-a", now)
		if err != nil || !p.User.Disabled || !p.User.MFAEnabled || p.SessionLive {
			t.Fatalf("disabled, enrolled, revoked: %+v %v", p, err)
		}
		if p, err := s.Principal(ctx, other.ID, "fam-b", now); err != nil || !p.SessionLive || p.User.OrgID != 0 {
			t.Fatalf("bureau: %+v %v", p, err)
		}
	})
}
