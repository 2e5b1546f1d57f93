package repository_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/review"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// The workbench's cache answers as a fresh read does after every change an expert's page shows, through the
// store (assignments, scores, rounds) or any other writer (an item's label, a challenge's title: triggers), on
// two stores sharing the database (two servers).
func TestWorkbenchCacheEqualsFreshRead(t *testing.T) {
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
		partner := chOrg(t, db, "工作台乙")
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
		r := review.Round{ChallengeID: f.challenge, Kind: review.KindBidReview, Rubric: review.DefaultRubric(review.KindBidReview),
			ExpertsPerItem: 2, Aggregation: review.AggMean, Deadline: chT0.Add(240 * time.Hour), Status: review.StatusOpen, CreatedBy: f.user, CreatedAt: chT0}
		e1 := reviewExpert(t, db, partner, "甲专家", "ai")
		e2 := reviewExpert(t, db, partner, "乙专家", "ai")
		one, two := repository.NewReviewStore(db), repository.NewReviewStore(db)
		page := domain.Page{Page: 1, PageSize: 20}
		check := func(step string) {
			t.Helper()
			for _, e := range []int64{e1, e2} {
				want, err := repository.NewReviewStore(db).ExpertAssignments(ctx, e, page)
				if err != nil {
					t.Fatal(err)
				}
				for i, s := range []*repository.ReviewStore{one, two} {
					got, err := s.ExpertAssignments(ctx, e, page)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s (expert %d, store %d): cached\n%+v\nfresh\n%+v", step, e, i+1, got, want)
					}
				}
			}
		}
		check("no assignment")
		in(func(ctx context.Context) error {
			if err := st.CreateRound(ctx, &r); err != nil {
				return err
			}
			items[0].RoundID = r.ID
			return st.AddItems(ctx, items)
		})
		check("round created")
		r.Status, r.Draws = review.StatusAssigned, 1
		in(func(ctx context.Context) error { return st.UpdateRound(ctx, r, review.StatusOpen, 0) })
		as := []review.Assignment{{RoundID: r.ID, ItemID: items[0].ID, ExpertID: e1, Status: review.AssignmentPending, Draw: 1, CreatedAt: chT0},
			{RoundID: r.ID, ItemID: items[0].ID, ExpertID: e2, Status: review.AssignmentPending, Draw: 1, CreatedAt: chT0}}
		in(func(ctx context.Context) error { return st.AddAssignments(ctx, as) })
		check("assigned")
		sc := review.Score{AssignmentID: as[0].ID, Scores: map[string]int{}, Draft: true, SavedAt: chT0.Add(time.Hour)}
		in(func(ctx context.Context) error { return st.SaveScore(ctx, sc) })
		check("draft saved")
		sc.Draft, sc.SubmittedAt = false, ptrTime(chT0.Add(2*time.Hour))
		in(func(ctx context.Context) error {
			if err := st.SaveScore(ctx, sc); err != nil {
				return err
			}
			return st.SetAssignmentStatus(ctx, as[0].ID, review.AssignmentPending, review.AssignmentScored, "", chT0.Add(2*time.Hour))
		})
		check("scored")
		in(func(ctx context.Context) error {
			return st.SetAssignmentStatus(ctx, as[1].ID, review.AssignmentPending, review.AssignmentRecused, "亲属", chT0.Add(3*time.Hour))
		})
		check("recused")
		for _, c := range []struct{ name, sql string }{
			{"item label", "UPDATE review_items SET label = 'Z' WHERE round_id = ?"},
			{"blind label", "UPDATE review_items SET blind_label = '甲' WHERE round_id = ?"},
			{"round deadline", "UPDATE review_rounds SET deadline = deadline WHERE id = ?"},
			{"double blind", "UPDATE review_rounds SET double_blind = TRUE WHERE id = ?"},
			{"round closed", "UPDATE review_rounds SET status = 'closed' WHERE id = ?"},
			{"challenge title", "UPDATE challenges SET title = '新标题' WHERE id = (SELECT challenge_id FROM review_rounds WHERE id = ?)"},
			{"assignment removed", "DELETE FROM review_scores WHERE assignment_id IN (SELECT id FROM review_assignments WHERE round_id = ?)"},
		} {
			if err := db.Writer.Exec(c.sql, r.ID).Error; err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			check(c.name)
		}
	})
}

func ptrTime(t time.Time) *time.Time { return &t }
