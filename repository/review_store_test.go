package repository_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/bid"
	"jiebang/domain/review"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func reviewExpert(t *testing.T, db *repository.DB, org int64, name string, fields ...string) int64 {
	t.Helper()
	u := account.User{Email: fmt.Sprintf("expert%d@example.cn", bidSeq.Add(1)), Name: name, Role: domain.RoleExpert,
		OrgID: org, ExpertFields: fields, CreatedAt: chT0, UpdatedAt: chT0}
	err := repository.NewTxManager(db).InTx(context.Background(), func(ctx context.Context) error {
		return repository.NewAccountStore(db).CreateUser(ctx, &u, "x")
	})
	if err != nil {
		t.Fatalf("expert: %v", err)
	}
	return u.ID
}

func TestReviewStoreRoundsAssignmentsScoresResults(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		f := newBidFixture(t, db)
		st := repository.NewReviewStore(db)
		tx := repository.NewTxManager(db)
		in := func(fn func(ctx context.Context) error) {
			t.Helper()
			if err := tx.InTx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		// An eligible bid with a partner registered on the platform.
		partner := chOrg(t, db, "乙")
		b, err := f.create(t, f.challenge, f.org)
		if err != nil {
			t.Fatal(err)
		}
		in(func(ctx context.Context) error {
			if err := f.submit(ctx, b, 1, "li@example.cn"); err != nil {
				return err
			}
			return f.st.SetStatus(ctx, b.ID, bid.StatusSubmitted, bid.StatusEligible, "ok", chT0.Add(2*time.Hour))
		})
		ch, err := repository.NewChallengeStore(db).Get(ctx, f.challenge)
		if err != nil {
			t.Fatal(err)
		}
		items, err := st.EligibleBidItems(ctx, ch, "ENTCODE")
		if err != nil || len(items) != 1 {
			t.Fatalf("items %v %v", items, err)
		}
		it := items[0]
		if it.BidID != b.ID || it.BidVersion != 1 || it.OrgID != f.org || it.Parties.PI.Email != "Li@Example.cn" ||
			len(it.Parties.OrgIDs) != 2 || it.Parties.CreditCodes[0] != "ENTCODE" || len(it.Parties.CreditCodes) != 3 {
			t.Fatalf("item %+v", it)
		}
		teams, err := st.RecentTeams(ctx, chT0.Add(-time.Hour))
		if err != nil || len(teams) != 1 || teams[0][0].Email != "Li@Example.cn" {
			t.Fatalf("teams %v %v", teams, err)
		}

		dl := chT0.Add(240 * time.Hour)
		r := review.Round{ChallengeID: f.challenge, Kind: review.KindBidReview, Rubric: review.DefaultRubric(review.KindBidReview),
			ExpertsPerItem: 3, Aggregation: review.AggTrimmedMean, Deadline: dl, Status: review.StatusOpen, CreatedBy: f.user, CreatedAt: chT0}
		e1 := reviewExpert(t, db, partner, "甲专家", "ai")
		e2 := reviewExpert(t, db, partner, "乙专家", "energy", "ai")
		in(func(ctx context.Context) error {
			if err := st.CreateRound(ctx, &r); err != nil {
				return err
			}
			it.RoundID = r.ID
			items = []review.Item{it}
			return st.AddItems(ctx, items)
		})
		got, err := st.Round(ctx, r.ID)
		if err != nil || !reflect.DeepEqual(got.Rubric, r.Rubric) || !got.Deadline.Equal(dl) {
			t.Fatalf("round %+v %v", got, err)
		}
		r.Status, r.Seed, r.Draws = review.StatusAssigned, 42, 1
		in(func(ctx context.Context) error { return st.UpdateRound(ctx, r, review.StatusOpen, 0) })
		if err := tx.InTx(ctx, func(ctx context.Context) error { return st.UpdateRound(ctx, r, review.StatusOpen, 0) }); err == nil {
			t.Fatal("compare-and-set must refuse a stale status")
		}
		as := []review.Assignment{{RoundID: r.ID, ItemID: items[0].ID, ExpertID: e1, Status: review.AssignmentPending, FieldMatch: true, Draw: 1, CreatedAt: chT0},
			{RoundID: r.ID, ItemID: items[0].ID, ExpertID: e2, Status: review.AssignmentPending, Draw: 1, CreatedAt: chT0}}
		in(func(ctx context.Context) error { return st.AddAssignments(ctx, as) })
		if as[0].ID == 0 || as[1].ID == as[0].ID {
			t.Fatal("ids not set")
		}
		if err := tx.InTx(ctx, func(ctx context.Context) error {
			return st.AddAssignments(ctx, []review.Assignment{{RoundID: r.ID, ItemID: items[0].ID, ExpertID: e1, Status: review.AssignmentPending, CreatedAt: chT0}})
		}); err == nil {
			t.Fatal("an expert may hold one open assignment per item")
		}
		loads, _ := st.Loads(ctx)
		if loads[e1] != 1 || loads[e2] != 1 {
			t.Fatalf("loads %v", loads)
		}
		list, err := st.ExpertAssignments(ctx, e1, domain.Page{Page: 1, PageSize: 20})
		if err != nil || list.Total != 1 || list.Items[0].ChallengeTitle != "减速器" || list.Items[0].ItemLabel != it.Label || list.Items[0].Draft {
			t.Fatalf("expert list %+v %v", list, err)
		}
		sub := chT0.Add(3 * time.Hour)
		in(func(ctx context.Context) error {
			if err := st.SaveScore(ctx, review.Score{AssignmentID: as[0].ID, Scores: map[string]int{"x": 1}, Draft: true, SavedAt: chT0}); err != nil {
				return err
			}
			if err := st.SaveScore(ctx, review.Score{AssignmentID: as[0].ID, Scores: map[string]int{"x": 90}, Comment: "好",
				SavedAt: sub, SubmittedAt: &sub}); err != nil {
				return err
			}
			return st.SetAssignmentStatus(ctx, as[0].ID, review.AssignmentPending, review.AssignmentScored, "", sub)
		})
		scores, err := st.Scores(ctx, r.ID)
		if err != nil || len(scores) != 1 || scores[as[0].ID].Scores["x"] != 90 || !scores[as[0].ID].SubmittedAt.Equal(sub) {
			t.Fatalf("scores %+v %v", scores, err)
		}
		if any, _ := st.AnyScore(ctx, r.ID); !any {
			t.Fatal("AnyScore")
		}
		in(func(ctx context.Context) error {
			return st.SetAssignmentStatus(ctx, as[1].ID, review.AssignmentPending, review.AssignmentRecused, "同事", sub)
		})
		a1, _ := st.Assignment(ctx, as[1].ID)
		if a1.Status != review.AssignmentRecused || a1.RecuseReason != "同事" || a1.ClosedAt == nil {
			t.Fatalf("recused %+v", a1)
		}
		unscored, err := st.UnscoredBefore(ctx, dl.Add(time.Hour))
		if err != nil || len(unscored) != 0 {
			t.Fatalf("unscored %v %v", unscored, err)
		}

		f64 := 88.5
		rs := []review.ItemResult{{ItemID: items[0].ID, Final: &f64, Rank: 1, Median: 88.5, Flags: []string{review.FlagOutlier},
			SubmittedAt: sub, Lines: []review.Line{{Label: "A", ExpertID: e1, Scores: []int{90}, Weighted: 90, Flagged: true, SubmittedAt: sub}}}}
		in(func(ctx context.Context) error {
			if err := st.SaveResults(ctx, r.ID, rs); err != nil {
				return err
			}
			if err := st.CloseAssignments(ctx, r.ID, sub); err != nil {
				return err
			}
			closed := r
			closed.Status, closed.ClosedAt = review.StatusClosed, &sub
			return st.UpdateRound(ctx, closed, review.StatusAssigned, 1)
		})
		back, err := st.Results(ctx, r.ID)
		if err != nil || !reflect.DeepEqual(back, rs) {
			t.Fatalf("results %+v\nwant %+v %v", back, rs, err)
		}
		last, ok, err := st.LastClosedRound(ctx, f.challenge, review.KindBidReview, 0)
		if err != nil || !ok || last.ID != r.ID {
			t.Fatalf("last closed %v %v %v", last, ok, err)
		}
		if loads, _ := st.Loads(ctx); loads[e1] != 0 {
			t.Fatal("a closed round's assignments are no load")
		}
	})
}

func TestReviewStorePool(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		st := repository.NewReviewStore(db)
		tx := repository.NewTxManager(db)
		org := chOrg(t, db, "研究院")
		a := reviewExpert(t, db, org, "张三", "ai", "energy")
		b := reviewExpert(t, db, org, "李四", "materials")
		pool, err := st.Pool(ctx)
		if err != nil || len(pool) != 2 || pool[0].UserID != a || !pool[0].Active || pool[0].MaxOpen != 10 || !pool[0].OrgVerified {
			t.Fatalf("pool %+v %v", pool, err)
		}
		e, _ := st.Expert(ctx, b)
		e.Active, e.MaxOpen, e.Fields = false, 3, []string{"materials", "ai"}
		err = tx.InTx(ctx, func(ctx context.Context) error {
			if err := st.SaveProfile(ctx, e, chT0); err != nil {
				return err
			}
			return st.ReplaceConflicts(ctx, b, []review.Conflict{{CreditCode: "91350100M000100Y43", Reason: "曾任职"}}, chT0)
		})
		if err != nil {
			t.Fatal(err)
		}
		e, _ = st.Expert(ctx, b)
		if e.Active || e.MaxOpen != 3 || len(e.Conflicts) != 1 || e.Conflicts[0].Reason != "曾任职" || len(e.Fields) != 2 {
			t.Fatalf("profile %+v", e)
		}
		if pool, _ := st.Pool(ctx); len(pool) != 1 {
			t.Fatal("a deactivated expert is out of the pool")
		}
		off := false
		l, err := st.Experts(ctx, review.ExpertFilter{Field: "ai", Active: &off}, domain.Page{Page: 1, PageSize: 10})
		if err != nil || l.Total != 1 || l.Items[0].UserID != b {
			t.Fatalf("filter %+v %v", l, err)
		}
		l, _ = st.Experts(ctx, review.ExpertFilter{Q: "研究"}, domain.Page{Page: 1, PageSize: 10})
		if l.Total != 2 {
			t.Fatalf("search by organisation: %d", l.Total)
		}
		if _, err := st.Expert(ctx, 999999); err == nil {
			t.Fatal("missing expert")
		}
	})
}
