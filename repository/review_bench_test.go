package repository_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// benchChallenges answers the review's challenge lookups with one fixed challenge.
type benchChallenges struct{ ch challenge.Challenge }

func (b benchChallenges) Lookup(context.Context, int64) (challenge.Challenge, error) {
	return b.ch, nil
}
func (b benchChallenges) StartReview(context.Context, domain.Actor, int64) error { return nil }

// reviewBench is a review service over a real database with a pool of experts and a round of items.
type reviewBench struct {
	db    *repository.DB
	svc   *review.Service
	st    *repository.ReviewStore
	tx    *repository.TxManager
	boss  domain.Actor
	round int64
	ch    challenge.Challenge
}

func newReviewBench(b *testing.B, dialect string, experts, items int) *reviewBench {
	b.Helper()
	db := testdb.New(b, dialect)
	ctx := context.Background()
	tx := repository.NewTxManager(db)
	st := repository.NewReviewStore(db)
	acc := repository.NewAccountStore(db)
	var boss account.User
	var ch challenge.Challenge
	err := tx.InTx(ctx, func(ctx context.Context) error {
		now := chT0
		boss = account.User{Email: "boss@kjj.gov.cn", Name: "科技局", Role: domain.RoleBureau, CreatedAt: now, UpdatedAt: now}
		if err := acc.CreateUser(ctx, &boss, "x"); err != nil {
			return err
		}
		var orgs []int64
		for i := 0; i < 200; i++ {
			o := account.Org{Name: fmt.Sprintf("单位%d", i), Type: account.OrgUniversity, CreditCode: fmt.Sprintf("BENCH%013d", i),
				Verified: true, CreditStatus: account.CreditGood, CreatedAt: now, UpdatedAt: now}
			if err := acc.CreateOrg(ctx, &o); err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		fields := challenge.FieldCodes()
		for i := 0; i < experts; i++ {
			u := account.User{Email: fmt.Sprintf("e%d@x.cn", i), Name: fmt.Sprintf("专家%d", i), Role: domain.RoleExpert,
				OrgID: orgs[i%len(orgs)], ExpertFields: []string{fields[i%len(fields)]}, CreatedAt: now, UpdatedAt: now}
			if err := acc.CreateUser(ctx, &u, "x"); err != nil {
				return err
			}
		}
		ch = challenge.Challenge{OrgID: orgs[0], Status: challenge.StatusBiddingClosed, Title: "基准", Field: fields[0],
			Mode: challenge.ModeRace, CreatedAt: now, UpdatedAt: now}
		if err := repository.NewChallengeStore(db).Create(ctx, &ch); err != nil {
			return err
		}
		r := review.Round{ChallengeID: ch.ID, Kind: review.KindBidReview, Rubric: review.DefaultRubric(review.KindBidReview),
			ExpertsPerItem: 5, Aggregation: review.AggTrimmedMean, Deadline: now.Add(240 * time.Hour), Status: review.StatusOpen,
			CreatedBy: boss.ID, CreatedAt: now}
		if err := st.CreateRound(ctx, &r); err != nil {
			return err
		}
		its := make([]review.Item, items)
		for i := range its {
			lead := orgs[(i*7)%len(orgs)]
			its[i] = review.Item{RoundID: r.ID, Label: fmt.Sprintf("申报%d", i), OrgID: lead, SubmittedAt: now.Add(time.Duration(i) * time.Second),
				Parties: review.Parties{OrgIDs: []int64{orgs[0], lead}, CreditCodes: []string{"BENCH0000000000000", fmt.Sprintf("BENCH%013d", lead)},
					PI: review.Person{Email: fmt.Sprintf("pi%d@u.cn", i), Name: "PI", OrgID: lead}}}
		}
		return st.AddItems(ctx, its)
	})
	if err != nil {
		b.Fatal(err)
	}
	rounds, _ := st.RoundsOf(ctx, ch.ID)
	svc := review.NewService(review.Deps{Store: st, Tx: tx, Audit: audit.NewService(repository.NewAuditStore(db), domain.NewFrozenClock(chT0)),
		Clock: domain.NewFrozenClock(chT0), Seeder: domain.FixedSeeder(42), Challenges: benchChallenges{ch}})
	return &reviewBench{db: db, svc: svc, st: st, tx: tx, boss: domain.Actor{UserID: boss.ID, Role: domain.RoleBureau, Name: "科技局"},
		round: rounds[0].ID, ch: ch}
}

// score submits scores for every assignment of the round directly through the store.
func (rb *reviewBench) score(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	as, err := rb.st.Assignments(ctx, rb.round)
	if err != nil {
		b.Fatal(err)
	}
	r, _ := rb.st.Round(ctx, rb.round)
	err = rb.tx.InTx(ctx, func(ctx context.Context) error {
		for i, a := range as {
			if a.Status != review.AssignmentPending {
				continue
			}
			at := chT0.Add(time.Duration(i) * time.Millisecond)
			m := map[string]int{}
			for j, c := range r.Rubric {
				m[c.Name] = 50 + (i*7+j*13)%50
			}
			if err := rb.st.SaveScore(ctx, review.Score{AssignmentID: a.ID, Scores: m, Comment: "ok", SavedAt: at, SubmittedAt: &at}); err != nil {
				return err
			}
			if err := rb.st.SetAssignmentStatus(ctx, a.ID, review.AssignmentPending, review.AssignmentScored, "", at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReviewAssign draws 1,000 items × 5 experts over a pool of 2,000 and stores the 5,000 assignments
// (each iteration after the first is a redraw: the pending assignments are dropped and drawn again).
func BenchmarkReviewAssign(b *testing.B) {
	for _, d := range testdb.Dialects() {
		b.Run(d, func(b *testing.B) {
			rb := newReviewBench(b, d, 2000, 1000)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				seed := int64(i)
				if _, err := rb.svc.Assign(context.Background(), rb.boss, rb.round, &seed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReviewClose closes a round of 1,000 items with 5,000 scores: computing, ranking and storing the
// frozen results (the round is reopened between iterations outside the timer).
func BenchmarkReviewClose(b *testing.B) {
	for _, d := range testdb.Dialects() {
		b.Run(d, func(b *testing.B) {
			rb := newReviewBench(b, d, 2000, 1000)
			ctx := context.Background()
			if _, err := rb.svc.Assign(ctx, rb.boss, rb.round, nil); err != nil {
				b.Fatal(err)
			}
			rb.score(b)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := rb.svc.Close(ctx, rb.boss, rb.round, ""); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				rb.reopen(b)
				b.StartTimer()
			}
		})
	}
}

// reopen puts a closed round back to assigned and removes its results (benchmark only).
func (rb *reviewBench) reopen(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	r, _ := rb.st.Round(ctx, rb.round)
	err := rb.tx.InTx(ctx, func(ctx context.Context) error {
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	w := rb.db.Writer
	if err := w.Exec("DELETE FROM review_results WHERE round_id = ?", rb.round).Error; err != nil {
		b.Fatal(err)
	}
	if err := w.Exec("UPDATE review_assignments SET closed_at = NULL WHERE round_id = ? AND status IN ('pending', 'scored')", rb.round).Error; err != nil {
		b.Fatal(err)
	}
	err = rb.tx.InTx(ctx, func(ctx context.Context) error {
		closed := r
		closed.Status, closed.ClosedAt = review.StatusAssigned, nil
		return rb.st.UpdateRound(ctx, closed, review.StatusClosed, r.Draws)
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReviewResults reads the frozen results of a closed round of 1,000 items with 5,000 scores as the
// bureau sees them: from the database (a fresh service), and kept in memory after the first read.
func BenchmarkReviewResults(b *testing.B) {
	for _, d := range testdb.Dialects() {
		b.Run(d, func(b *testing.B) {
			rb := newReviewBench(b, d, 2000, 1000)
			ctx := context.Background()
			if _, err := rb.svc.Assign(ctx, rb.boss, rb.round, nil); err != nil {
				b.Fatal(err)
			}
			rb.score(b)
			if _, err := rb.svc.Close(ctx, rb.boss, rb.round, ""); err != nil {
				b.Fatal(err)
			}
			b.Run("database", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					res, err := review.NewService(rb.svc.Deps).Results(ctx, rb.boss, rb.round)
					if err != nil || len(res.Lines) != 1000 {
						b.Fatal(len(res.Lines), err)
					}
				}
			})
			b.Run("kept", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					res, err := rb.svc.Results(ctx, rb.boss, rb.round)
					if err != nil || len(res.Lines) != 1000 {
						b.Fatal(len(res.Lines), err)
					}
				}
			})
		})
	}
}
