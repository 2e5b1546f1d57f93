package seed

import (
	"context"
	"testing"

	"jiebang/domain"
	"jiebang/domain/qa"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestDemoQuestions: the carbon-fibre challenge has 答疑1 and 答疑2 published, a question pending, three
// followers, and an amendment that moved its deadline, confirmed by the team of its submitted bid.
func TestDemoQuestions(t *testing.T) {
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
		id := d.IDs["carbon"]
		v, err := a.QA.Get(ctx, accts.Bureau.Actor, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Published) != 2 || qa.Label(*v.Published[1].Number) != "答疑2" || len(v.Queue) != 1 ||
			v.FollowerCount == nil || *v.FollowerCount != 3 {
			t.Fatalf("demo 答疑: %+v", v)
		}
		anon, err := a.QA.Get(ctx, domain.Actor{}, id)
		if err != nil || len(anon.Published) != 2 || len(anon.Queue) != 0 || anon.FollowerCount != nil {
			t.Fatalf("public view %+v %v", anon, err)
		}
		ams, err := a.Challenges.Amendments(ctx, id)
		if err != nil || len(ams) != 1 || ams[0].Number != 1 || ams[0].DeadlineTo == nil || ams[0].QuestionID == nil {
			t.Fatalf("amendments %+v %v", ams, err)
		}
		c, err := a.Challenges.Lookup(ctx, id)
		if err != nil || !c.BidDeadline.Equal(*ams[0].DeadlineTo) || !c.BiddingOpen(a.Clock.Now()) {
			t.Fatalf("deadline %v, moved to %v", c.BidDeadline, ams[0].DeadlineTo)
		}
		_, cs, err := a.QA.Confirmations(ctx, accts.Bureau.Actor, id, ams[0].ID)
		if err != nil || len(cs) != 1 || cs[0].ConfirmedAt == nil {
			t.Fatalf("confirmations %+v %v", cs, err)
		}
		if res, err := a.Audit.Verify(ctx); err != nil || !res.OK {
			t.Errorf("audit %+v %v", res, err)
		}
	})
}
