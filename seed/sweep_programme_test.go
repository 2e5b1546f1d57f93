package seed

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"jiebang/cmd/app"
	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/challenge"
	"jiebang/domain/race"
	"jiebang/repository"
	"jiebang/repository/testdb"
)

// The calendar sweep of the whole programme (issue 19, "A calendar sweep in the tests", part b): for every start
// date of the sweep set (sweep_expect_test.go), the programme runs through the domain services of an App on a
// frozen clock that starts at 09:00 China time of that date and only ever moves to instants the process
// computes (a deadline, the notice's end, a stage's due date), never by a fixed wait. Every date the domain
// computes is checked against the independent expectation of sweep_expect_test.go.

// errProgRollback ends a date's transaction once its programme has run: everything it wrote is undone, so the
// next date of the worker starts again from the accounts alone.
var errProgRollback = errors.New("sweep: roll the date's programme back")

// progNoticeDays is the notice period of the sweep (the process's default, 5 working days).
const progNoticeDays = 5

// progGovFen is the challenge's government funding (200 万元).
const progGovFen = 200 * 1_000_000

// TestSweepProgramme runs the whole programme on every date of the sweep set.
//
// The dates are shared among parallel workers, each with its own SQLite database holding the accounts; each
// date runs in one transaction (the App's TxManager: the services nest in savepoints and read through the
// transaction in the context) that is rolled back at the end, on an App wired afresh with that date's clock
// (no cache of one date's App survives into the next). It runs on SQLite only: it tests the dates the domain
// computes, which do not depend on the database, and the repository and API suites already run on both
// databases; on PostgreSQL the same ~170 programmes would only cost time.
func TestSweepProgramme(t *testing.T) {
	t.Parallel()
	cal := loadExpCalendar(t)
	days := progDays(t, cal)
	workers := max(2, runtime.GOMAXPROCS(0))
	var cov progCoverage
	t.Run("dates", func(t *testing.T) {
		for w := range workers {
			var mine []progDay
			for i := w; i < len(days); i += workers {
				mine = append(mine, days[i])
			}
			t.Run(fmt.Sprintf("worker%d", w), func(t *testing.T) {
				t.Parallel()
				progWorker(t, cal, mine, &cov)
			})
		}
	})
	if t.Failed() {
		return
	}
	if int(cov.dates.Load()) != len(days) {
		t.Logf("ran %d of the %d dates (a -run filter): coverage not checked", cov.dates.Load(), len(days))
		return
	}
	// The sweep must have exercised what it is for; a change of the sweep set or of the programme's timing
	// that stops exercising one of these fails here.
	t.Logf("%d dates: %d notices over a holiday, %d counting a make-up working day, %d depending on the provisional calendar, %d clamped stage due dates",
		cov.dates.Load(), cov.crossesHoliday.Load(), cov.countsMakeup.Load(), cov.provisional.Load(), cov.clamped.Load())
	for name, n := range map[string]int64{"a notice over an official holiday": cov.crossesHoliday.Load(),
		"a notice counting a make-up working day (调休)":  cov.countsMakeup.Load(),
		"a notice over a provisional statutory holiday": cov.provisional.Load(),
		"a stage due date clamped to a month's end":     cov.clamped.Load()} {
		if n == 0 {
			t.Errorf("the sweep never exercised %s", name)
		}
	}
}

// progCoverage counts what the sweep exercised.
type progCoverage struct {
	dates, crossesHoliday, countsMakeup, provisional, clamped atomic.Int64
}

// progActors are a worker's accounts: the bureau, one enterprise, three bidding teams and five experts, each
// of its own verified organisation (so no expert has a conflict of interest).
type progActors struct {
	bureau, enterprise domain.Actor
	teams, experts     []domain.Actor
}

// progWorker runs its dates one after the other on its own database.
func progWorker(t *testing.T, cal *expCalendar, days []progDay, cov *progCoverage) {
	db := testdb.New(t, repository.DialectSQLite)
	cfg := quietConfig(t, nil)
	who, err := progAccounts(cfg, db)
	if err != nil {
		t.Fatalf("accounts: %v", err)
	}
	for _, d := range days {
		t.Run(d.String(), func(t *testing.T) {
			clk := domain.NewFrozenClock(expChinaAt(d.Day, 9, 0))
			c := cfg
			c.Clock = clk
			a, err := newTestApp(c, db)
			if err != nil {
				t.Fatal(err)
			}
			r := &progRun{t: t, a: a, clk: clk, cal: cal, day: d, who: who, cov: cov}
			err = a.Tx.InTx(context.Background(), func(ctx context.Context) error {
				r.ctx = ctx
				if err := r.programme(); err != nil {
					return err
				}
				return errProgRollback
			})
			if !errors.Is(err, errProgRollback) {
				t.Fatalf("at %s: %v", expCST(clk.Now()), err)
			}
			cov.dates.Add(1)
		})
	}
}

// progAccounts registers the worker's accounts (committed: every date builds on them).
func progAccounts(cfg app.Config, db *repository.DB) (progActors, error) {
	var out progActors
	cfg.Clock = domain.NewFrozenClock(expChinaAt(expCivilDate(2025, time.December, 1), 9, 0))
	a, err := newTestApp(cfg, db)
	if err != nil {
		return out, err
	}
	ctx := context.Background()
	b, err := a.Accounts.CreateStaff(ctx, domain.System, account.StaffInput{Email: "bureau@sweep.jiebang.cn",
		Password: DemoPassword, Name: "扫描局", Role: domain.RoleBureau})
	if err != nil {
		return out, err
	}
	out.bureau = b.Actor()
	n := 0
	register := func(role domain.Role, typ account.OrgType, prefix string) (domain.Actor, error) {
		n++
		body := fmt.Sprintf("%s330200MA%07d", prefix, n)
		check, ok := account.CreditCodeCheckChar(body)
		if !ok {
			return domain.Actor{}, fmt.Errorf("credit code body %s", body)
		}
		in := account.RegisterInput{Email: fmt.Sprintf("%s%d@sweep.jiebang.cn", role, n), Password: DemoPassword,
			Name: fmt.Sprintf("%s%d", role, n), Role: role,
			Org: account.OrgInput{Name: fmt.Sprintf("扫描单位%d", n), Type: typ, CreditCode: body + string(check)}}
		if role == domain.RoleExpert {
			in.ExpertFields = []string{"equipment"}
		}
		u, err := a.Accounts.Register(ctx, domain.Actor{RequestID: "sweep"}, in)
		if err != nil {
			return domain.Actor{}, fmt.Errorf("register %s: %w", in.Email, err)
		}
		if !u.Org.Verified {
			if _, err := a.Accounts.VerifyOrg(ctx, out.bureau, u.OrgID); err != nil {
				return domain.Actor{}, err
			}
		}
		return u.Actor(), nil
	}
	if out.enterprise, err = register(domain.RoleEnterprise, account.OrgEnterprise, "91"); err != nil {
		return out, err
	}
	for range 3 {
		tm, err := register(domain.RoleTeam, account.OrgUniversity, "12")
		if err != nil {
			return out, err
		}
		out.teams = append(out.teams, tm)
	}
	for range 5 {
		e, err := register(domain.RoleExpert, account.OrgResearchInstitute, "12")
		if err != nil {
			return out, err
		}
		out.experts = append(out.experts, e)
	}
	return out, nil
}

// progRun is one date's programme.
type progRun struct {
	t   *testing.T
	a   *testApp
	clk *domain.ManualClock
	ctx context.Context
	cal *expCalendar
	day progDay
	who progActors
	cov *progCoverage

	chID        int64
	deadlineDay time.Time // the bidding deadline as the bureau gives it: a date
	deadline    time.Time // the instant the domain stored
	bids        []int64   // by team
	notice      race.Notice
	racers      []race.Racer // the stored racers, in the order of the selection
}

// programme runs the steps of the process in order.
func (r *progRun) programme() error {
	for _, s := range []struct {
		name string
		fn   func() error
	}{
		{"publish", r.publish}, {"bid", r.bid}, {"close bidding", r.closeBidding}, {"bid review", r.bidReview},
		{"select", r.selectRacers}, {"objection", r.objection}, {"notice ends", r.noticeEnds}, {"start", r.start},
		{"stage 1", r.stage1}, {"stage 2 and acceptance", r.acceptance}, {"funding", r.funding},
	} {
		if err := s.fn(); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}

// moveTo moves the clock forward to instant; the programme never goes back in time.
func (r *progRun) moveTo(instant time.Time) error {
	now := r.clk.Now()
	if instant.Before(now) {
		return fmt.Errorf("the programme would move the clock back from %s to %s", expCST(now), expCST(instant))
	}
	r.clk.Advance(instant.Sub(now))
	return nil
}

// later moves the clock forward by a few minutes between two steps of the same sitting.
func (r *progRun) later() { r.clk.Advance(10 * time.Minute) }

// progChina is how the bureau's client writes a date as an instant (the driver's own conversion; the
// expectation is expEndOfCivil).
var progChina = time.FixedZone("UTC+8", 8*3600)

// progEndOfDateGiven is the instant of a deadline given as the date d: 24:00 China time of d.
func progEndOfDateGiven(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, progChina)
}

// chinaDateNow is the China date of the clock, as the bureau's client fills a date field with today.
func (r *progRun) chinaDateNow() string { return r.clk.Now().In(progChina).Format("2006-01-02") }

func progPtr[T any](v T) *T { return &v }

func progChallenge() challenge.Patch {
	return challenge.Patch{
		Title: progPtr("日历扫描：高精度伺服驱动器"), Field: progPtr("equipment"),
		Background: progPtr("全年任意一天发榜、公示、考核与验收，日期均按工作日历与阶段计划计算。"),
		Problem:    progPtr("研制定位精度不超过 3 μm 的伺服驱动器，并完成阶段考核与验收。"),
		KPIs: &[]challenge.KPIInput{
			{Name: "定位精度", Target: progPtr(3.0), Unit: "μm", Comparison: "<=", Method: "激光干涉仪测量"},
			{Name: "速度环带宽", Target: progPtr(2000.0), Unit: "Hz", Comparison: ">=", Method: "扫频法测试"},
		},
		Deliverables:   progPtr("样机 2 套；测试报告"),
		DurationMonths: progPtr(3), BudgetFen: progPtr(int64(600 * 1_000_000)), GovFundingFen: progPtr(int64(progGovFen)),
		CofundingFen: progPtr(int64(300 * 1_000_000)),
		IPTerms:      progPtr("项目知识产权由双方共有"), Eligibility: progPtr("不设门槛"),
		Mode: progPtr(challenge.ModeRace), MaxRacers: progPtr(2),
		// Offsets of 1 and 3 months, so that starts late in a month reach months without that day.
		Stages: &[]challenge.StageInput{{Name: challenge.StageMidterm, OffsetMonths: 1, FundingSharePct: 30},
			{Name: challenge.StageFinal, OffsetMonths: 3, FundingSharePct: 30}},
	}
}
