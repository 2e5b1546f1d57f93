package seed

import (
	"context"
	"strings"
	"testing"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestSeedBids(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		a, err := newTestApp(quietConfig(t, nil), db)
		if err != nil {
			t.Fatal(err)
		}
		accts, err := a.seedAccounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		chs, err := a.seedChallenges(ctx, accts)
		if err != nil {
			t.Fatal(err)
		}
		d, err := a.seedBids(ctx, accts, chs)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bid.Status{"wind-donghai": bid.StatusEligible, "wind-yongcheng": bid.StatusIneligible,
			"wind-zhongke": bid.StatusEligible, "motor-donghai": bid.StatusDraft, "motor-yongcheng": bid.StatusDraft,
			"carbon-yongcheng": bid.StatusSubmitted, "carbon-zhongke": bid.StatusWithdrawn}
		for key, st := range want {
			v, err := a.Bids.Get(ctx, accts.Bureau.Actor, d.IDs[key])
			if st == bid.StatusDraft {
				if domain.CodeOf(err) != "not_found" {
					t.Errorf("%s: the bureau must not see a draft: %v", key, err)
				}
				continue
			}
			if err != nil || v.Status != st {
				t.Errorf("%s: %s %v, want %s", key, v.Status, err, st)
				continue
			}
			if key == "wind-donghai" && (len(v.Content.Partners) != 2 || len(v.Attachments) != 1 || !v.Precheck.OK) {
				t.Errorf("consortium bid: %+v", v)
			}
		}
		t.Log(d.Summary())
		if len(d.Eligible) != 2 || !strings.Contains(d.Summary(), "海上风电") {
			t.Errorf("result %+v\n%s", d, d.Summary())
		}
		if res, err := a.Audit.Verify(ctx); err != nil || !res.OK {
			t.Errorf("audit %+v %v", res, err)
		}
	})
}
