package app

import (
	"context"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/credit"
	"jiebang/domain/event"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestCreditChangesArePublished: recording a bar publishes credit.record with the status before and after, in the
// transaction of the change; the bar's expiry publishes credit.bar_expired.
func TestCreditChangesArePublished(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		clk := domain.NewFrozenClock(testStart(t))
		a := newTestApp(t, db, clk, nil)
		var got []credit.Changed
		var names []string
		for _, name := range []string{credit.EventRecord, credit.EventBarExpired} {
			event.Handle(a.Events, name, func(_ context.Context, _ domain.Actor, c credit.Changed) error {
				got = append(got, c)
				names = append(names, name)
				return nil
			})
		}
		body, _ := account.CreditCodeCheckChar("91330200MA2AD0F1K")
		u, err := a.Accounts.Register(ctx, domain.Actor{RequestID: "t"}, account.RegisterInput{Email: "ent@credit.test",
			Password: "Credit-2026-x", Name: "企业", Role: domain.RoleEnterprise,
			Org: account.OrgInput{Name: "宁波东方电机股份有限公司", Type: account.OrgEnterprise, CreditCode: "91330200MA2AD0F1K" + string(body)}})
		if err != nil {
			t.Fatal(err)
		}
		bureau := domain.Actor{UserID: 99, Role: domain.RoleBureau, Name: "科技局"}
		until := clk.Now().Add(48 * time.Hour).Format("2006-01-02")
		if _, err := a.Credit.Record(ctx, bureau, u.OrgID, credit.Input{Kind: credit.KindBar, Reason: "弄虚作假", Until: until}); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || names[0] != credit.EventRecord || got[0].OrgID != u.OrgID || got[0].Entry == nil ||
			got[0].From != account.CreditGood || got[0].To != account.CreditBarred {
			t.Fatalf("after the bar: %v %+v", names, got)
		}
		clk.Advance(5 * 24 * time.Hour)
		if err := a.Credit.ExpireBars(ctx, clk.Now()); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || names[1] != credit.EventBarExpired || got[1].From != account.CreditBarred || got[1].To != account.CreditGood || got[1].Entry != nil {
			t.Fatalf("after the expiry: %v %+v", names, got)
		}
	})
}
