package repository_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// fundRacers is the race as the ledger sees it, for the repository tests (the racers table belongs to the
// race area).
type fundRacers struct{ racers map[int64]funding.Racer }

func (f fundRacers) Racer(_ context.Context, id int64) (funding.Racer, error) {
	r, ok := f.racers[id]
	if !ok {
		return r, domain.ErrNotFound
	}
	return r, nil
}
func (f fundRacers) RacersOf(_ context.Context, cid int64) ([]funding.Racer, error) {
	var out []funding.Racer
	for _, r := range f.racers {
		if r.ChallengeID == cid {
			out = append(out, r)
		}
	}
	return out, nil
}
func (f fundRacers) StageOutcome(context.Context, int64, int) (funding.StageOutcome, error) {
	return funding.StageOutcome{Decided: true}, nil
}

type fundChallenges struct{ st *repository.ChallengeStore }

func (f fundChallenges) Lookup(ctx context.Context, id int64) (challenge.Challenge, error) {
	return f.st.Get(ctx, id)
}

type fundFixture struct {
	db     *repository.DB
	svc    *funding.Service
	store  *repository.FundingStore
	ch     int64
	racers []int64
	bureau domain.Actor
}

// newFundFixture is a challenge in progress with a cap of 100 万元 and three racers.
func newFundFixture(t testing.TB, db *repository.DB) fundFixture {
	t.Helper()
	ctx := context.Background()
	o := account.Org{Name: "发榜企业", Type: account.OrgEnterprise, CreditCode: fmt.Sprintf("FUND%014d", chOrgSeq.Add(1)),
		Verified: true, CreditStatus: account.CreditGood, CreatedAt: chT0, UpdatedAt: chT0}
	c := challenge.Challenge{Status: challenge.StatusInProgress, Title: "减速器", GovFundingFen: 100_000_000,
		Mode: challenge.ModeRace, MaxRacers: 3, PublishedAt: chAt(0), CreatedAt: chT0, UpdatedAt: chT0,
		Stages: []challenge.Stage{{Name: "中期", FundingSharePct: 30}, {Name: "验收", FundingSharePct: 30}}}
	err := repository.NewTxManager(db).InTx(ctx, func(ctx context.Context) error {
		if err := repository.NewAccountStore(db).CreateOrg(ctx, &o); err != nil {
			return err
		}
		c.OrgID = o.ID
		return repository.NewChallengeStore(db).Create(ctx, &c)
	})
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	org := o.ID
	rs := fundRacers{racers: map[int64]funding.Racer{}}
	f := fundFixture{db: db, store: repository.NewFundingStore(db), ch: c.ID,
		bureau: domain.Actor{UserID: 1, Name: "王处长", Role: domain.RoleBureau}}
	for i := int64(1); i <= 3; i++ {
		id := c.ID*100 + i
		rs.racers[id] = funding.Racer{ID: id, ChallengeID: c.ID, OrgID: org, Status: funding.RacerRacing}
		f.racers = append(f.racers, id)
	}
	clk := domain.SystemClock{}
	f.svc = funding.NewService(funding.Config{}, funding.Deps{Store: f.store, Racers: rs,
		Challenges: fundChallenges{repository.NewChallengeStore(db)}, Tx: repository.NewTxManager(db),
		Audit: audit.NewService(repository.NewAuditStore(db), clk), Clock: clk})
	return f
}

func (f fundFixture) decide(in funding.DecisionInput) (funding.Decision, error) {
	return f.svc.Decide(context.Background(), f.bureau, f.ch, in)
}

func TestFundingLedgerRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		f := newFundFixture(t, db)
		ctx := context.Background()
		r1, r2 := f.racers[0], f.racers[1]
		d1, err := f.decide(funding.DecisionInput{RacerID: r1, Tranche: "startup", AmountFen: 10_000_000, Basis: "立项"})
		if err != nil {
			t.Fatal(err)
		}
		dup, err := f.decide(funding.DecisionInput{RacerID: r2, Tranche: "startup", AmountFen: 10_000_000})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.decide(funding.DecisionInput{RacerID: r1, Tranche: "startup", Source: funding.SourceEnterprise, AmountFen: 30_000_000}); err != nil {
			t.Fatal(err)
		}
		rev, err := f.decide(funding.DecisionInput{ReversesID: &dup.ID, Note: "重复"})
		if err != nil || rev.AmountFen != -10_000_000 {
			t.Fatalf("reverse: %v %+v", err, rev)
		}
		if _, err := f.decide(funding.DecisionInput{ReversesID: &dup.ID, Note: "again"}); domain.CodeOf(err) != "already_reversed" {
			t.Fatalf("second reversal: %v", err)
		}
		if _, err := f.svc.Disburse(ctx, f.bureau, f.ch, funding.DisbursementInput{RacerID: r1, DecisionID: d1.ID,
			AmountFen: 4_000_000, PaidOn: "2026-11-20", Reference: "国库 001"}); err != nil {
			t.Fatal(err)
		}
		tot, err := f.store.Totals(ctx, f.ch)
		if err != nil {
			t.Fatal(err)
		}
		if g := tot.Gov(); g.DecidedFen != 10_000_000 || g.DisbursedFen != 4_000_000 || tot.Records != 4 ||
			tot.BySource[funding.SourceEnterprise].DecidedFen != 30_000_000 {
			t.Errorf("totals = %+v", tot)
		}
		got, err := f.store.Decision(ctx, dup.ID)
		if err != nil || got.ReversedByID == nil || *got.ReversedByID != rev.ID {
			t.Errorf("reversed record = %+v, %v", got, err)
		}
		decs, _ := f.store.Decisions(ctx, f.ch, 0)
		pays, _ := f.store.Disbursements(ctx, f.ch, r1)
		if len(decs) != 4 || decs[1].ReversedByID == nil || len(pays) != 1 || pays[0].PaidOn != "2026-11-20" {
			t.Errorf("decisions %+v, payments %+v", decs, pays)
		}
		tr, _ := f.store.RacerTranches(ctx, r2, funding.SourceGovernment)
		if tr["startup"] != 0 {
			t.Errorf("racer 2 tranches = %v", tr)
		}
		// Append-only: the database itself refuses an edit or a deletion.
		for _, sql := range []string{"UPDATE funding_decisions SET amount_fen = 1", "DELETE FROM funding_decisions",
			"UPDATE funding_disbursements SET amount_fen = 1", "DELETE FROM funding_disbursements"} {
			if err := db.Writer.WithContext(ctx).Exec(sql).Error; err == nil {
				t.Errorf("%s: not refused", sql)
			}
		}
		pub, err := f.store.RacerTotalsOf(ctx, []int64{f.ch})
		if err != nil || pub[f.ch][r1].DecidedFen != 10_000_000 || pub[f.ch][r2].DecidedFen != 0 {
			t.Errorf("racer totals = %v, %v", pub, err)
		}
	})
}

// TestParallelDecisionsNeverPassTheCap: many officers deciding at once on one challenge; the ledger lock
// serialises them, so exactly as many as fit under the cap succeed and the running totals equal the sum of the
// records afterwards.
func TestParallelDecisionsNeverPassTheCap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		f := newFundFixture(t, db)
		ctx := context.Background()
		const n, amount = 24, 7_000_000 // 24 x 7 万元 asked, 100 万元 cap: 14 fit
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.decide(funding.DecisionInput{RacerID: f.racers[i%3], Tranche: "startup", AmountFen: amount})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		ok, over := 0, 0
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case domain.CodeOf(err) == "over_cap":
				over++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 14 || over != n-14 {
			t.Errorf("accepted %d, refused over the cap %d", ok, over)
		}
		tot, _ := f.store.Totals(ctx, f.ch)
		decs, _ := f.store.Decisions(ctx, f.ch, 0)
		var sum int64
		perRacer := map[int64]int64{}
		for _, d := range decs {
			sum += d.AmountFen
			perRacer[d.RacerID] += d.AmountFen
		}
		if sum != 14*amount || tot.Gov().DecidedFen != sum || tot.Records != int64(len(decs)) {
			t.Errorf("records add up to %d, totals say %d (%d records)", sum, tot.Gov().DecidedFen, tot.Records)
		}
		for _, r := range f.racers {
			fig, _ := f.store.RacerFigures(ctx, r)
			if fig[funding.SourceGovernment].DecidedFen != perRacer[r] {
				t.Errorf("racer %d: totals %d, records %d", r, fig[funding.SourceGovernment].DecidedFen, perRacer[r])
			}
		}
		// Parallel reversals of one record: exactly one wins.
		var once sync.WaitGroup
		won := make(chan bool, 8)
		for range 8 {
			once.Add(1)
			go func() {
				defer once.Done()
				_, err := f.decide(funding.DecisionInput{ReversesID: &decs[0].ID, Note: "并发冲销"})
				won <- err == nil
				if err != nil && domain.CodeOf(err) != "already_reversed" {
					t.Errorf("reversal: %v", err)
				}
			}()
		}
		once.Wait()
		close(won)
		wins := 0
		for w := range won {
			if w {
				wins++
			}
		}
		if wins != 1 {
			t.Errorf("%d reversals of one record won", wins)
		}
		// Parallel payments against one decision never pay out more than it.
		d := decs[1]
		var pw sync.WaitGroup
		for range 10 {
			pw.Add(1)
			go func() {
				defer pw.Done()
				_, err := f.svc.Disburse(ctx, f.bureau, f.ch, funding.DisbursementInput{RacerID: d.RacerID, DecisionID: d.ID,
					AmountFen: 1_000_000, PaidOn: "2026-11-20", Reference: "并发"})
				if err != nil && domain.CodeOf(err) != "over_decided" {
					t.Errorf("disburse: %v", err)
				}
			}()
		}
		pw.Wait()
		paid, _ := f.store.DisbursedOn(ctx, d.ID)
		if paid != d.AmountFen {
			t.Errorf("paid %d against a decision of %d", paid, d.AmountFen)
		}
	})
}

// BenchmarkDecideOn1000Records measures one decision (lock, checks, insert, totals, audit) on a challenge whose
// ledger already holds 1,000 records.
func BenchmarkDecideOn1000Records(b *testing.B) {
	for _, dialect := range testdb.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			db := testdb.New(b, dialect)
			f := newFundFixture(b, db)
			for i := range 1000 {
				if _, err := f.decide(funding.DecisionInput{RacerID: f.racers[i%3], Tranche: "startup", Source: funding.SourceSelf, AmountFen: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := f.decide(funding.DecisionInput{RacerID: f.racers[i%3], Tranche: "startup", AmountFen: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
