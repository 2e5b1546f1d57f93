package seed

import (
	"context"
	"testing"

	"jiebang/domain"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

func TestSeedRaces(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *repository.DB) {
		ctx := context.Background()
		a, err := newTestApp(quietConfig(t, nil), db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		l, err := a.Race.Results(ctx, domain.Page{Page: 1, PageSize: 10})
		if err != nil || len(l.Items) != 1 {
			t.Fatalf("results: %+v %v", l, err)
		}
		fin := l.Items[0]
		if len(fin.FundingFen) == 0 {
			t.Errorf("the finished race has no funding in the results")
		}
		led, err := a.Funding.Ledger(ctx, domain.Actor{UserID: 1, Role: domain.RoleBureau}, fin.Challenge.ID)
		if err != nil || len(led.Decisions) == 0 || len(led.Disbursements) == 0 || led.Gov.DecidedFen > led.CapFen {
			t.Errorf("finished race ledger: %+v %v", led, err)
		}
		statuses := map[race.RacerStatus]int{}
		for _, r := range fin.Racers {
			statuses[r.Status]++
		}
		if fin.Challenge.Status != challenge.StatusCompleted || statuses[race.RacerWinner] != 1 || statuses[race.RacerEliminated] != 1 {
			t.Fatalf("finished race: %s %v", fin.Challenge.Status, statuses)
		}
		running, err := a.Challenges.List(ctx, domain.Actor{}, challenge.ListQuery{Status: string(challenge.StatusInProgress)}, domain.Page{Page: 1, PageSize: 10})
		if err != nil || running.Total != 1 {
			t.Fatalf("in progress: %+v %v", running, err)
		}
		b, err := a.Race.Board(ctx, domain.Actor{}, running.Items[0].ID)
		if err != nil || len(b.Racers) != 4 || len(b.Decisions) != 1 {
			t.Fatalf("race in progress: %+v %v", b, err)
		}
		// the funding story by role: 甬城's start-up held for its half-signed task book, the leader's stage-1
		// share held for co-funding, 浙东新能源 terminated with a refund due
		holds := map[string]string{}
		for _, r := range b.Racers {
			p, err := a.Funding.Plan(ctx, domain.Actor{UserID: 1, Role: domain.RoleBureau}, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range p.Tranches {
				if tr.Hold != "" {
					holds[r.OrgName+"/"+tr.Tranche] = tr.Hold
				}
			}
			if r.OrgName == "浙东新能源技术研究院" && (p.Ending == nil || p.RefundDueOn == "") {
				t.Errorf("the fourth racer is not terminated with a refund due: %+v %q", p.Ending, p.RefundDueOn)
			}
		}
		if holds["甬城大学/"+funding.TrancheStartup] != funding.HoldTaskbookUnsigned {
			t.Errorf("甬城's start-up is not held for its task book: %v", holds)
		}
		if holds["中科甬江先进制造研究院/stage-1"] != funding.HoldCofundingMissing {
			t.Errorf("the leader's stage-1 share is not held for co-funding: %v", holds)
		}
		// the task books and the story agree: a decided stage's reports came on time, at most 30 days before
		// the date the racer's task book gives; the running race's next stage is due ahead of now
		bureau := domain.Actor{UserID: 1, Role: domain.RoleBureau}
		now := a.Clock.Now()
		for _, id := range []int64{fin.Challenge.ID, running.Items[0].ID} {
			bb, err := a.Race.Board(ctx, bureau, id)
			if err != nil {
				t.Fatal(err)
			}
			decided := map[int]bool{}
			for _, d := range bb.Decisions {
				decided[d.Stage] = true
			}
			if id == fin.Challenge.ID {
				decided[len(bb.Challenge.Stages)] = true
			}
			for _, r := range bb.Racers {
				for _, rep := range r.Reports {
					due := r.DueAt(bb.Challenge, rep.Stage)
					if !rep.DueAt.Equal(due) {
						t.Errorf("racer %d stage %d: report due %s, task book %s", r.ID, rep.Stage, rep.DueAt, due)
					}
					if decided[rep.Stage] && (rep.Late || rep.SubmittedAt.After(due) || rep.SubmittedAt.Before(due.AddDate(0, 0, -30))) {
						t.Errorf("racer %d stage %d: reported %s, task book due %s", r.ID, rep.Stage, rep.SubmittedAt, due)
					}
				}
				if id == running.Items[0].ID && r.Status == race.RacerRacing {
					if due := r.DueAt(bb.Challenge, len(bb.Decisions)+1); !due.After(now) {
						t.Errorf("racer %d of the running race: stage %d due %s, before now %s", r.ID, len(bb.Decisions)+1, due, now)
					}
				}
			}
		}
		if res, err := a.Audit.Verify(ctx); err != nil || !res.OK {
			t.Errorf("audit %+v %v", res, err)
		}
	})
}
