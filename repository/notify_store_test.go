package repository_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/notify"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestNotifyStoreRecipientsListAndRead(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		acc := repository.NewAccountStore(db)
		tx := repository.NewTxManager(db)
		svc := notify.NewService(repository.NewNotifyStore(db), tx, domain.NewFrozenClock(acctT0))
		ctx := context.Background()
		org := account.Org{Name: "某大学", Type: account.OrgUniversity, CreditCode: "12330000470051726F",
			CreditStatus: account.CreditGood, CreatedAt: acctT0, UpdatedAt: acctT0}
		var a, b, off, bureau account.User
		acctInTx(t, db, func(ctx context.Context) error {
			if err := acc.CreateOrg(ctx, &org); err != nil {
				return err
			}
			for i, u := range []*account.User{&a, &b, &off, &bureau} {
				*u = account.User{Email: string(rune('a'+i)) + "@x.cn", Name: "u", Role: domain.RoleTeam, OrgID: org.ID,
					CreatedAt: acctT0, UpdatedAt: acctT0}
				if u == &bureau {
					u.Role, u.OrgID = domain.RoleBureau, 0
				}
				u.Disabled = u == &off
				if err := acc.CreateUser(ctx, u, "h"); err != nil {
					return err
				}
			}
			return nil
		})
		m := notify.Message{Kind: "test.kind", TitleZh: "标题", TitleEn: "Title", Link: "/x", Entity: "bid", EntityID: 3}
		acctInTx(t, db, func(ctx context.Context) error {
			if err := svc.ToOrg(ctx, org.ID, domain.RoleTeam, m); err != nil {
				return err
			}
			return svc.ToRole(ctx, domain.RoleBureau, m)
		})
		// A rolled-back transaction announces nothing.
		boom := errors.New("boom")
		if err := tx.InTx(ctx, func(ctx context.Context) error {
			if err := svc.ToUsers(ctx, []int64{a.ID}, m); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatal(err)
		}
		for _, c := range []struct {
			u    account.User
			want int64
		}{{a, 1}, {b, 1}, {off, 0}, {bureau, 1}} {
			l, unread, err := svc.List(ctx, domain.Actor{UserID: c.u.ID}, false, domain.Page{})
			if err != nil || l.Total != c.want || unread != int(c.want) {
				t.Fatalf("user %s: %d items, %d unread, %v; want %d", c.u.Email, l.Total, unread, err, c.want)
			}
		}
		l, _, _ := svc.List(ctx, domain.Actor{UserID: a.ID}, false, domain.Page{})
		n := l.Items[0]
		if n.TitleEn != "Title" || n.TitleZh != "标题" || n.Link != "/x" || n.EntityID != 3 || !n.CreatedAt.Equal(acctT0.Truncate(time.Microsecond)) {
			t.Fatalf("stored %+v", n)
		}
		if err := svc.MarkRead(ctx, domain.Actor{UserID: b.ID}, n.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("b reading a's: %v", err)
		}
		if err := svc.MarkRead(ctx, domain.Actor{UserID: a.ID}, n.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.MarkRead(ctx, domain.Actor{UserID: a.ID}, n.ID); err != nil {
			t.Fatalf("reading twice: %v", err)
		}
		if l, unread, _ := svc.List(ctx, domain.Actor{UserID: a.ID}, true, domain.Page{}); l.Total != 0 || unread != 0 {
			t.Fatalf("unread after read: %d/%d", l.Total, unread)
		}
		if err := svc.MarkAllRead(ctx, domain.Actor{UserID: b.ID}); err != nil {
			t.Fatal(err)
		}
		if _, unread, _ := svc.List(ctx, domain.Actor{UserID: b.ID}, false, domain.Page{}); unread != 0 {
			t.Fatalf("b unread after read-all: %d", unread)
		}
	})
}

func TestClaimStoreOnce(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		c := repository.NewClaimStore(db)
		ctx := context.Background()
		due := acctT0
		won, err := c.Claim(ctx, "remind", "bid:1", due)
		if err != nil || !won {
			t.Fatalf("first claim: %v %v", won, err)
		}
		won, err = c.Claim(ctx, "remind", "bid:1", due)
		if err != nil || won {
			t.Fatalf("second claim: %v %v", won, err)
		}
		for _, k := range [][2]string{{"remind", "bid:2"}, {"other", "bid:1"}} {
			if won, err := c.Claim(ctx, k[0], k[1], due); err != nil || !won {
				t.Fatalf("claim %v: %v %v", k, won, err)
			}
		}
		if won, err := c.Claim(ctx, "remind", "bid:1", due.Add(time.Hour)); err != nil || !won {
			t.Fatalf("later due: %v %v", won, err)
		}
		// A claim in a transaction that rolls back is not kept.
		boom := errors.New("boom")
		_ = repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
			if won, err := c.Claim(ctx, "x", "y", due); err != nil || !won {
				t.Errorf("claim in tx: %v %v", won, err)
			}
			return boom
		})
		if won, err := c.Claim(ctx, "x", "y", due); err != nil || !won {
			t.Fatalf("claim after rollback: %v %v", won, err)
		}
	})
}
