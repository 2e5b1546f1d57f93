package repository_test

import (
	"context"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// TestBulkWrites: the multi-row writes of the scale seed store what the one-row methods store: submitted bids
// with their versions, history, score sheets, and audit entries that continue the chain so it verifies.
func TestBulkWrites(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := newBidFixture(t, db)
		other := chOrg(t, db, "第二揭榜单位")
		var bs []bid.Bid
		var vs []bid.Version
		for _, org := range []int64{f.org, other} {
			at := chT0.Add(time.Hour)
			c := bid.Content{PI: bid.PI{Name: "李青", Email: "li@example.cn"}, Approach: "方案", CommitmentSigned: true,
				Budget: []bid.BudgetItem{{Item: "设备", AmountFen: 100}}}
			canon, digest, err := bid.Canonical(f.challenge, org, c, nil)
			if err != nil {
				t.Fatal(err)
			}
			bs = append(bs, bid.Bid{ChallengeID: f.challenge, LeadOrgID: org, Status: bid.StatusSubmitted, Content: c, Version: 1,
				SubmittedAt: &at, Digest: digest, PIEmail: "li@example.cn", CreatedBy: f.user, CreatedAt: chT0, UpdatedAt: at})
			vs = append(vs, bid.Version{Version: 1, SubmittedAt: at, Canonical: canon, Digest: digest, SubmittedBy: f.user})
		}
		rs := repository.NewReviewStore(db)
		chs := repository.NewChallengeStore(db)
		as := repository.NewAuditStore(db)
		entry := func(action string) audit.Entry {
			return audit.Entry{At: chT0, ActorID: f.user, ActorName: "揭榜人", ActorRole: "team", Entity: audit.EntityBid, Action: action}
		}
		var asg []review.Assignment
		err := f.tx.InTx(ctx, func(ctx context.Context) error {
			if err := f.st.CreateSubmitted(ctx, bs, vs[:1]); err == nil {
				t.Error("bids without their versions were written")
			}
			if err := f.st.CreateSubmitted(ctx, bs, vs); err != nil {
				return err
			}
			if err := chs.AddHistoryAll(ctx, []challenge.HistoryEntry{
				{ChallengeID: f.challenge, Action: challenge.ActionCloseBidding, FromStatus: challenge.StatusPublished, ToStatus: challenge.StatusBiddingClosed, At: chT0},
				{ChallengeID: f.challenge, Action: challenge.ActionStartReview, FromStatus: challenge.StatusBiddingClosed, ToStatus: challenge.StatusReviewing, At: chT0.Add(time.Hour)},
			}); err != nil {
				return err
			}
			r := review.Round{ChallengeID: f.challenge, Kind: review.KindBidReview, Rubric: review.DefaultRubric(review.KindBidReview),
				ExpertsPerItem: 1, Aggregation: review.AggMean, Deadline: chT0, Status: review.StatusAssigned, CreatedBy: f.user, CreatedAt: chT0}
			if err := rs.CreateRound(ctx, &r); err != nil {
				return err
			}
			items := []review.Item{{RoundID: r.ID, BidID: bs[0].ID, Label: "A", SubmittedAt: chT0}}
			if err := rs.AddItems(ctx, items); err != nil {
				return err
			}
			asg = []review.Assignment{{RoundID: r.ID, ItemID: items[0].ID, ExpertID: f.user, Status: review.AssignmentScored, Draw: 1, CreatedAt: chT0}}
			if err := rs.AddAssignments(ctx, asg); err != nil {
				return err
			}
			at := chT0.Add(2 * time.Hour)
			if err := rs.SaveScores(ctx, []review.Score{{AssignmentID: asg[0].ID, Scores: map[string]int{"技术方案": 88}, Comment: "好",
				SavedAt: at, SubmittedAt: &at}}); err != nil {
				return err
			}
			one := entry("first")
			if err := as.Append(ctx, &one); err != nil {
				return err
			}
			many := []audit.Entry{entry("a"), entry("b"), entry("c")}
			if err := as.AppendAll(ctx, many, nil); err != nil {
				return err
			}
			if many[0].ID != 2 || many[0].PrevHash != one.Hash || many[2].ID != 4 {
				t.Errorf("chain: %+v after %+v", many, one)
			}
			last := entry("last")
			return as.Append(ctx, &last)
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range bs {
			got, err := f.st.Get(ctx, b.ID)
			if err != nil || got.Status != bid.StatusSubmitted || got.Version != 1 || got.Digest != b.Digest || got.LeadOrgID != b.LeadOrgID {
				t.Fatalf("bid %d: %+v %v", i, got, err)
			}
			v, err := f.st.LatestVersion(ctx, b.ID)
			if err != nil || v.Digest != vs[i].Digest || v.BidID != b.ID {
				t.Fatalf("version of bid %d: %+v %v", i, v, err)
			}
		}
		h, err := chs.History(ctx, f.challenge)
		if err != nil || len(h) < 2 || h[len(h)-1].Action != challenge.ActionStartReview {
			t.Fatalf("history: %+v %v", h, err)
		}
		sc, ok, err := rs.Score(ctx, asg[0].ID)
		if err != nil || !ok || sc.Scores["技术方案"] != 88 || sc.Draft || sc.SubmittedAt == nil {
			t.Fatalf("score: %+v %v %v", sc, ok, err)
		}
		res, err := audit.NewService(as, domain.NewFrozenClock(chT0)).Verify(ctx)
		if err != nil || !res.OK || res.Entries != 5 {
			t.Fatalf("audit chain: %+v %v", res, err)
		}
	})
}
