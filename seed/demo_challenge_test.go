package seed

import (
	"context"
	"strings"
	"testing"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestSeedChallenges(t *testing.T) {
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
		d, err := a.seedChallenges(ctx, accts)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]challenge.Status{"motor": challenge.StatusPublished, "carbon": challenge.StatusPublished,
			"wind": challenge.StatusBiddingClosed, "battery": challenge.StatusApproved, "software": challenge.StatusSubmitted,
			"cart": challenge.StatusReturned, "sic": challenge.StatusDraft, "reducer": challenge.StatusCancelled}
		now := a.Clock.Now()
		for key, st := range want {
			c, err := a.Challenges.Lookup(ctx, d.IDs[key])
			if err != nil || c.Status != st {
				t.Errorf("%s: %s %v, want %s", key, c.Status, err, st)
				continue
			}
			if st == challenge.StatusPublished && !c.BiddingOpen(now) {
				t.Errorf("%s: deadline %v is not in the future", key, c.BidDeadline)
			}
		}
		if len(d.Published) != 2 || len(d.Closed) != 1 || !strings.Contains(d.Summary(), "永磁同步电机") {
			t.Errorf("result %+v\n%s", d, d.Summary())
		}
		wind, err := a.Challenges.Get(ctx, domain.Actor{}, d.IDs["wind"])
		if err != nil || len(wind.History) != 2 || wind.History[1].ActorRole != "system" {
			t.Errorf("wind history %+v %v", wind.History, err)
		}
		queue, err := a.Challenges.List(ctx, accts.Bureau.Actor, challenge.ListQuery{Status: "submitted"}, domain.Page{})
		if err != nil || queue.Total != 1 {
			t.Errorf("bureau queue %+v %v", queue, err)
		}
		if res, err := a.Audit.Verify(ctx); err != nil || !res.OK {
			t.Errorf("audit %+v %v", res, err)
		}
	})
}
