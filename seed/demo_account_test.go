package seed

import (
	"context"
	"strings"
	"testing"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestSeedAccounts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		a, err := newTestApp(quietConfig(t, nil), db)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		d, err := a.seedAccounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Enterprises) < 2 || len(d.Teams) < 3 || len(d.Experts) < 5 || d.Bureau.ID == 0 || d.Admin.ID == 0 {
			t.Fatalf("demo accounts: %+v", d)
		}
		if d.Teams[0].OrgID != d.Teams[3].OrgID {
			t.Fatal("two team users share a university")
		}
		for code, o := range d.Orgs {
			if !account.ValidCreditCode(code) || !o.Verified || o.CreditStatus != account.CreditGood {
				t.Errorf("demo org %s: %+v", code, o)
			}
		}
		for _, u := range append(append(append([]DemoUser{d.Bureau, d.Admin}, d.Enterprises...), d.Teams...), d.Experts...) {
			s, err := a.Accounts.Login(ctx, domain.Actor{IP: "127.0.0.1"}, account.LoginInput{Email: u.Email, Password: DemoPassword})
			if err != nil || s.User.ID != u.ID || s.User.Role != u.Actor.Role {
				t.Fatalf("login %s: %v", u.Email, err)
			}
		}
		ex, err := a.Accounts.Experts(ctx)
		if err != nil || len(ex) != len(d.Experts) || len(ex[0].ExpertFields) == 0 || ex[0].Org == nil {
			t.Fatalf("expert pool: %+v %v", ex, err)
		}
		if !strings.Contains(d.Summary(), "bureau@demo.jiebang.cn") || !strings.Contains(d.Summary(), DemoPassword) {
			t.Fatalf("summary: %s", d.Summary())
		}
		if _, err := a.seedAccounts(ctx); err == nil || !strings.Contains(err.Error(), "already exist") {
			t.Fatalf("seeding twice: %v", err)
		}
		res, err := a.Audit.Verify(ctx)
		if err != nil || !res.OK || res.Entries == 0 {
			t.Fatalf("audit: %+v %v", res, err)
		}
	})
}
