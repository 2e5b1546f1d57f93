package seed

import (
	"context"
	"testing"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestSeedReviews(t *testing.T) {
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
		if _, err := a.seedBids(ctx, accts, chs); err != nil {
			t.Fatal(err)
		}
		d, err := a.seedReviews(ctx, accts, chs)
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.Reviews.Results(ctx, accts.Bureau.Actor, d.BidReview)
		if err != nil || len(res.Lines) != 2 || res.Lines[0].Rank != 1 || res.Lines[0].Final == nil {
			t.Fatalf("closed review: %+v %v", res, err)
		}
		if c, _ := a.Challenges.Lookup(ctx, chs.IDs["wind"]); c.Status != challenge.StatusReviewing {
			t.Fatalf("wind is %s", c.Status)
		}
		waiting := 0
		for _, e := range accts.Experts {
			l, err := a.Reviews.MyAssignments(ctx, e.Actor, domain.Page{Page: 1, PageSize: 50})
			if err != nil {
				t.Fatal(err)
			}
			for _, as := range l.Items {
				if as.RoundID == d.Validation && as.Status == review.AssignmentPending {
					waiting++
				}
			}
		}
		if waiting != 3 {
			t.Fatalf("expert work waiting: %d", waiting)
		}
		t.Log(d.Summary())
		if v, err := a.Audit.Verify(ctx); err != nil || !v.OK {
			t.Errorf("audit %+v %v", v, err)
		}
	})
}
