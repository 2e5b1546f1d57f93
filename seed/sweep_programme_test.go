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
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/domain/review"
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

// publish: the enterprise drafts and submits a race-mode challenge, the bureau approves it and publishes it
// with a bidding deadline given as the date N days ahead.
func (r *progRun) publish() error {
	c, err := r.a.Challenges.Create(r.ctx, r.who.enterprise, progChallenge())
	if err != nil {
		return err
	}
	r.chID = c.ID
	if _, err := r.a.Challenges.Submit(r.ctx, r.who.enterprise, c.ID); err != nil {
		return err
	}
	r.later()
	if _, err := r.a.Challenges.Validate(r.ctx, r.who.bureau, c.ID, challenge.ValidateInput{Decision: challenge.DecisionApprove,
		Opinion: "同意张榜。"}); err != nil {
		return err
	}
	r.later()
	r.deadlineDay = r.day.Day.AddDate(0, 0, r.day.BidDays)
	given := progEndOfDateGiven(r.deadlineDay)
	if _, err := r.a.Challenges.Publish(r.ctx, r.who.bureau, c.ID, &given); err != nil {
		return err
	}
	got, err := r.a.Challenges.Get(r.ctx, domain.Actor{}, c.ID)
	if err != nil {
		return err
	}
	if got.BidDeadline == nil {
		return errors.New("published without a deadline")
	}
	r.deadline = *got.BidDeadline
	if want := expEndOfCivil(r.deadlineDay); !r.deadline.Equal(want) {
		r.t.Errorf("bidding deadline given as %s: stored %s, want %s (24:00 China time of that date)",
			expYMD(r.deadlineDay), expCST(r.deadline), expCST(want))
	}
	return r.checkDaysLeft()
}

// checkDaysLeft: days_left of the published challenge is the number of China calendar days from today to the
// deadline's date, on its page and on the public board.
func (r *progRun) checkDaysLeft() error {
	want := expCivilDays(expCivilOf(r.clk.Now()), r.deadlineDay)
	d, err := r.a.Challenges.Get(r.ctx, domain.Actor{}, r.chID)
	if err != nil {
		return err
	}
	l, err := r.a.Challenges.List(r.ctx, domain.Actor{}, challenge.ListQuery{Status: string(challenge.StatusPublished)},
		domain.Page{Page: 1, PageSize: 10})
	if err != nil {
		return err
	}
	if len(l.Items) != 1 || l.Items[0].ID != r.chID {
		return fmt.Errorf("the board lists %d challenges", len(l.Items))
	}
	for where, got := range map[string]*int{"page": d.DaysLeft, "board": l.Items[0].DaysLeft} {
		if got == nil || *got != want {
			r.t.Errorf("days_left on the %s at %s (deadline %s): %v, want %d", where, expCST(r.clk.Now()), expYMD(r.deadlineDay), progDeref(got), want)
		}
	}
	return nil
}

func progDeref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// bid: the three teams bid and submit; days_left is checked at the instants where a China date and a UTC date
// would disagree (07:30 China time is the previous day in UTC) and where a count of whole 24 hours would
// (at China midnight exactly a whole number of days is left to a deadline at 24:00).
func (r *progRun) bid() error {
	r.later()
	ch, err := r.a.Challenges.Lookup(r.ctx, r.chID)
	if err != nil {
		return err
	}
	for i, team := range r.who.teams {
		c := bid.Content{PI: bid.PI{Name: fmt.Sprintf("挂帅人%d", i+1), Email: fmt.Sprintf("pi%d@sweep.jiebang.cn", i+1)},
			Approach: "模型预测电流控制与高分辨率编码器。", CommitmentSigned: true, IntegrityPledgeSigned: true,
			Members: []bid.Member{{Name: fmt.Sprintf("挂帅人%d", i+1), Role: "项目负责人"}},
			Budget:  []bid.BudgetItem{{Item: "设备费", AmountFen: ch.GovFundingFen / 2}, {Item: "测试费", AmountFen: ch.GovFundingFen / 4}}}
		for s := range ch.Stages {
			sp := bid.StagePlan{Stage: s + 1, KPITargets: map[string]float64{}, Deliverables: ch.Stages[s].Name + "样机与测试报告"}
			for _, k := range ch.KPIs {
				sp.KPITargets[k.Name] = k.Target
			}
			c.Plan = append(c.Plan, sp)
		}
		v, err := r.a.Bids.Create(r.ctx, team, r.chID, c)
		if err != nil {
			return err
		}
		if _, err := r.a.Bids.Submit(r.ctx, team, v.ID); err != nil {
			return err
		}
		r.bids = append(r.bids, v.ID)
	}
	d := r.day.Day
	for _, at := range []time.Time{expChinaAt(d, 23, 30), expChinaAt(d.AddDate(0, 0, 1), 0, 0), expChinaAt(d.AddDate(0, 0, 1), 7, 30),
		expChinaAt(r.deadlineDay, 0, 30), expChinaAt(r.deadlineDay, 23, 30)} {
		if !at.After(r.clk.Now()) || !at.Before(r.deadline) {
			continue
		}
		if err := r.moveTo(at); err != nil {
			return err
		}
		if err := r.checkDaysLeft(); err != nil {
			return err
		}
	}
	return nil
}

// closeBidding: bidding is still open a microsecond before the deadline and closes at it.
func (r *progRun) closeBidding() error {
	if err := r.moveTo(r.deadline.Add(-time.Microsecond)); err != nil {
		return err
	}
	if n, err := r.a.Challenges.CloseDueBidding(r.ctx); err != nil || n != 0 {
		r.t.Errorf("bidding closed %d challenges (%v) a microsecond before its deadline %s", n, err, expCST(r.deadline))
	}
	if err := r.moveTo(r.deadline); err != nil {
		return err
	}
	if n, err := r.a.Challenges.CloseDueBidding(r.ctx); err != nil || n != 1 {
		return fmt.Errorf("bidding closed %d challenges at its deadline %s: %v", n, expCST(r.deadline), err)
	}
	return nil
}

// review runs a round: opened with a deadline given as the date 7 days ahead, drawn, scored by every drawn
// expert with score(item), closed.
func (r *progRun) review(kind review.Kind, stage int, score func(it review.Item) int) error {
	r.later()
	dl := progEndOfDateGiven(expCivilOf(r.clk.Now()).AddDate(0, 0, 7))
	rv, err := r.a.Reviews.OpenRound(r.ctx, r.who.bureau, r.chID, review.Settings{Kind: kind, Stage: stage, ExpertsPerItem: 3, Deadline: &dl})
	if err != nil {
		return fmt.Errorf("open %s: %w", kind, err)
	}
	stored, err := r.a.Reviews.Round(r.ctx, r.who.bureau, rv.ID)
	if err != nil {
		return err
	}
	if want := expEndOfCivil(expCivilOf(r.clk.Now()).AddDate(0, 0, 7)); !stored.Deadline.Equal(want) {
		r.t.Errorf("%s round deadline given as a date: stored %s, want %s", kind, expCST(stored.Deadline), expCST(want))
	}
	seed := int64(2026)
	if _, err := r.a.Reviews.Assign(r.ctx, r.who.bureau, rv.ID, &seed); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	items := map[int64]review.Item{}
	for _, it := range rv.Items {
		items[it.ID] = it
	}
	r.later()
	for _, e := range r.who.experts {
		l, err := r.a.Reviews.MyAssignments(r.ctx, e, domain.Page{Page: 1, PageSize: 100})
		if err != nil {
			return err
		}
		for _, as := range l.Items {
			if as.RoundID != rv.ID || as.Status != review.AssignmentPending {
				continue
			}
			scores := map[string]int{}
			for _, c := range rv.Rubric {
				scores[c.Name] = score(items[as.ItemID])
			}
			if _, err := r.a.Reviews.Score(r.ctx, e, as.ID, review.ScoreInput{Scores: scores, Comment: "依据评审要点打分。"}); err != nil {
				return fmt.Errorf("score: %w", err)
			}
		}
	}
	r.later()
	_, err = r.a.Reviews.Close(r.ctx, r.who.bureau, rv.ID, "")
	return err
}

// bidReview: the bureau finds the bids eligible and the experts score them 90, 82 and 74.
func (r *progRun) bidReview() error {
	r.later()
	for _, id := range r.bids {
		if _, err := r.a.Bids.DecideEligibility(r.ctx, r.who.bureau, id, bid.EligibilityInput{Eligible: true, Reason: "形式审查合格"}); err != nil {
			return err
		}
	}
	score := map[int64]int{}
	for i, id := range r.bids {
		score[id] = 90 - 8*i
	}
	return r.review(review.KindBidReview, 0, func(it review.Item) int { return score[it.BidID] })
}

// selectRacers: the top two are selected with a notice of 5 working days; it ends at 24:00 China time of its
// 5th working day after the selection day.
func (r *progRun) selectRacers() error {
	r.later()
	sel, err := r.a.Race.Ranking(r.ctx, r.who.bureau, r.chID)
	if err != nil {
		return err
	}
	if len(sel.Ranking) != 3 || sel.Ranking[0].BidID != r.bids[0] || sel.Ranking[1].BidID != r.bids[1] {
		return fmt.Errorf("ranking %+v, want the bids in order %v", sel.Ranking, r.bids)
	}
	if _, err := r.a.Race.Select(r.ctx, r.who.bureau, r.chID, race.SelectionInput{BidIDs: r.bids[:2], NoticeDays: progNoticeDays}); err != nil {
		return err
	}
	n, err := r.a.Race.CurrentNotice(r.ctx, r.who.bureau, r.chID)
	if err != nil {
		return err
	}
	r.notice = n.Notice
	if !n.StartsAt.Equal(r.clk.Now()) {
		r.t.Errorf("notice starts %s, selected at %s", expCST(n.StartsAt), expCST(r.clk.Now()))
	}
	e := r.cal.expNoticeEnd(r.t, r.clk.Now(), progNoticeDays)
	if e.CrossesHoliday {
		r.cov.crossesHoliday.Add(1)
	}
	if e.CountsMakeup {
		r.cov.countsMakeup.Add(1)
	}
	if !e.End.Equal(e.WeekendsOnlyEnd) {
		r.cov.provisional.Add(1)
	}
	if !n.EndsAt.Equal(e.End) {
		r.t.Errorf("notice of %d working days selected %s ends %s, want %s (24:00 China time of its %dth working day after %s; %s with weekends only in the years without an official calendar)",
			progNoticeDays, expCST(n.StartsAt), expCST(n.EndsAt), expCST(e.End), progNoticeDays, expYMD(expCivilOf(n.StartsAt)),
			expCST(e.WeekendsOnlyEnd))
	}
	return nil
}

// objection: the team that was not selected objects during the notice; the bureau dismisses it the next day.
func (r *progRun) objection() error {
	r.clk.Advance(time.Hour)
	o, err := r.a.Race.Object(r.ctx, r.who.teams[2], r.notice.ID, "入围团队的阶段计划与其既往项目重复，请核查。")
	if err != nil {
		return err
	}
	r.clk.Advance(24 * time.Hour)
	if !r.clk.Now().Before(r.notice.EndsAt) {
		return fmt.Errorf("the notice ending %s is over a day after its selection", expCST(r.notice.EndsAt))
	}
	_, err = r.a.Race.Resolve(r.ctx, r.who.bureau, o.ID, race.ResolveInput{Outcome: race.ObjectionDismissed,
		Answer: "经核查，阶段计划与既往项目不重复，异议不成立。"})
	return err
}

// noticeEnds: a minute before the end the notice runs and the project cannot start; the clock is moved to the
// end the domain computed, and the due notices close.
func (r *progRun) noticeEnds() error {
	if err := r.moveTo(r.notice.EndsAt.Add(-time.Minute)); err != nil {
		return err
	}
	if err := r.a.Race.CloseDueNotices(r.ctx, r.clk.Now()); err != nil {
		return err
	}
	if _, err := r.a.Race.Start(r.ctx, r.who.bureau, r.chID); domain.CodeOf(err) != "notice_running" {
		r.t.Errorf("start a minute before the notice ends (%s): %v, want notice_running", expCST(r.notice.EndsAt), err)
	}
	if err := r.moveTo(r.notice.EndsAt); err != nil {
		return err
	}
	if err := r.a.Race.CloseDueNotices(r.ctx, r.clk.Now()); err != nil {
		return err
	}
	n, err := r.a.Race.CurrentNotice(r.ctx, r.who.bureau, r.chID)
	if err != nil {
		return err
	}
	if n.Status != race.NoticeClosed {
		r.t.Errorf("notice at its end %s: %s, want closed", expCST(r.notice.EndsAt), n.Status)
	}
	return nil
}

// start: the race starts at the notice's end; each task book's stage due dates are where the stage plan says.
func (r *progRun) start() error {
	started, err := r.a.Race.Start(r.ctx, r.who.bureau, r.chID)
	if err != nil {
		return err
	}
	stored, err := r.a.Race.RacersOf(r.ctx, r.chID)
	if err != nil {
		return err
	}
	if len(started) != 2 || len(stored) != 2 {
		return fmt.Errorf("%d racers started, %d stored", len(started), len(stored))
	}
	for _, bidID := range r.bids[:2] {
		for _, x := range stored {
			if x.BidID == bidID {
				r.racers = append(r.racers, x)
			}
		}
	}
	ch, err := r.a.Challenges.Lookup(r.ctx, r.chID)
	if err != nil {
		return err
	}
	clamped := false
	for _, x := range r.racers {
		if !x.StartedAt.Equal(r.clk.Now()) {
			r.t.Errorf("racer %d started %s, want %s", x.ID, expCST(x.StartedAt), expCST(r.clk.Now()))
		}
		if len(x.TaskBook.Stages) != len(ch.Stages) {
			return fmt.Errorf("task book with %d stages", len(x.TaskBook.Stages))
		}
		for i, st := range x.TaskBook.Stages {
			want, c := expStageDue(x.StartedAt, ch.Stages[i].OffsetMonths)
			clamped = clamped || c
			r.checkDue(fmt.Sprintf("task book stage %d", st.Stage), x.StartedAt, ch.Stages[i].OffsetMonths, st.DueAt, want)
		}
	}
	if clamped {
		r.cov.clamped.Add(1)
	}
	return nil
}

// checkDue compares a stage due date with the stage plan's rule.
func (r *progRun) checkDue(what string, start time.Time, months int, got, want time.Time) {
	if !got.Equal(want) {
		r.t.Errorf("%s, started %s + %d months: due %s, want %s (24:00 China time of the start's date + %d months, clamped to the month's end)",
			what, expCST(start), months, expCST(got), expCST(want), months)
	}
}

// progDueOf is the due date of a stage in a racer's task book (as the domain computed it).
func progDueOf(x race.Racer, stage int) time.Time {
	for _, st := range x.TaskBook.Stages {
		if st.Stage == stage {
			return st.DueAt
		}
	}
	return time.Time{}
}

// report submits a racer's stage report two hours before the stage is due; it is on time and due where the
// stage plan says.
func (r *progRun) report(x race.Racer, team domain.Actor, stage int, vals map[string]float64) error {
	ch, err := r.a.Challenges.Lookup(r.ctx, r.chID)
	if err != nil {
		return err
	}
	rep, err := r.a.Race.SubmitReport(r.ctx, team, x.ID, race.ReportInput{Stage: stage,
		Summary: fmt.Sprintf("第 %d 阶段按任务书完成。", stage), KPIValues: vals})
	if err != nil {
		return err
	}
	want, _ := expStageDue(x.StartedAt, ch.Stages[stage-1].OffsetMonths)
	r.checkDue(fmt.Sprintf("stage %d report", stage), x.StartedAt, ch.Stages[stage-1].OffsetMonths, rep.DueAt, want)
	if rep.Late {
		r.t.Errorf("stage %d report submitted %s, due %s: marked late", stage, expCST(rep.SubmittedAt), expCST(rep.DueAt))
	}
	return nil
}

// stage1: the clock moves to two hours before the midterm is due; both racers report, the stage review scores
// them 85 and 55, and the bureau decides as the rule proposes: the first advances, the second is eliminated.
func (r *progRun) stage1() error {
	first, second := r.racers[0], r.racers[1]
	if err := r.moveTo(progDueOf(first, 1).Add(-2 * time.Hour)); err != nil {
		return err
	}
	if err := r.report(first, r.who.teams[0], 1, map[string]float64{"定位精度": 3.4, "速度环带宽": 1800}); err != nil {
		return err
	}
	if err := r.report(second, r.who.teams[1], 1, map[string]float64{"定位精度": 5.2, "速度环带宽": 1200}); err != nil {
		return err
	}
	score := map[int64]int{first.ID: 85, second.ID: 55}
	if err := r.review(review.KindStageReview, 1, func(it review.Item) int { return score[it.RacerID] }); err != nil {
		return err
	}
	r.later()
	p, err := r.a.Race.StageProposal(r.ctx, r.who.bureau, r.chID, 1)
	if err != nil {
		return err
	}
	if len(p.Advance) != 1 || p.Advance[0] != first.ID {
		return fmt.Errorf("stage 1 proposal %+v", p)
	}
	_, err = r.a.Race.Decide(r.ctx, r.who.bureau, r.chID, 1, race.DecisionInput{Advance: []int64{first.ID},
		Eliminate: []race.Elimination{{RacerID: second.ID, Reason: "中期评分低于 60 分。", Tolerance: true}}})
	return err
}

// acceptance: two hours before the final stage is due the remaining racer reports, the acceptance round scores
// it, the enterprise records its opinion and the bureau concludes with the winner.
func (r *progRun) acceptance() error {
	winner := r.racers[0]
	if err := r.moveTo(progDueOf(winner, 2).Add(-2 * time.Hour)); err != nil {
		return err
	}
	if err := r.report(winner, r.who.teams[0], 2, map[string]float64{"定位精度": 2.8, "速度环带宽": 2100}); err != nil {
		return err
	}
	if err := r.review(review.KindAcceptance, 2, func(review.Item) int { return 88 }); err != nil {
		return err
	}
	r.later()
	if _, err := r.a.Race.RecordOpinion(r.ctx, r.who.enterprise, r.chID, race.OpinionInput{RacerID: winner.ID,
		KPIResults: map[string]race.KPIResult{"定位精度": {Value: 2.8, Met: true, Evidence: "第三方测试报告"},
			"速度环带宽": {Value: 2100, Met: true, Evidence: "扫频测试记录"}},
		Opinion: "全部指标达到榜单要求，同意验收。"}); err != nil {
		return err
	}
	r.later()
	if _, err := r.a.Race.Conclude(r.ctx, r.who.bureau, r.chID, race.AcceptanceInput{Outcome: race.OutcomeCompleted,
		WinnerRacerIDs: []int64{winner.ID}, Opinion: "验收通过。"}); err != nil {
		return err
	}
	c, err := r.a.Challenges.Lookup(r.ctx, r.chID)
	if err != nil {
		return err
	}
	if c.Status != challenge.StatusCompleted {
		return fmt.Errorf("challenge %s after the acceptance", c.Status)
	}
	return nil
}

// funding: the next morning at 07:30 China time (still the previous day in UTC) the bureau decides the final
// award and records a payment dated today; paid_on is the China date.
func (r *progRun) funding() error {
	if err := r.moveTo(expChinaAt(expCivilOf(r.clk.Now()).AddDate(0, 0, 1), 7, 30)); err != nil {
		return err
	}
	winner := r.racers[0]
	d, err := r.a.Funding.Decide(r.ctx, r.who.bureau, r.chID, funding.DecisionInput{RacerID: winner.ID,
		Tranche: funding.TrancheFinalAward, AmountFen: progGovFen / 2, Basis: "验收结论"})
	if err != nil {
		return err
	}
	if _, err := r.a.Funding.Disburse(r.ctx, r.who.bureau, r.chID, funding.DisbursementInput{RacerID: winner.ID,
		DecisionID: d.ID, AmountFen: d.AmountFen, PaidOn: r.chinaDateNow(), Reference: "财拨〔扫描〕1号"}); err != nil {
		return err
	}
	l, err := r.a.Funding.Ledger(r.ctx, r.who.bureau, r.chID)
	if err != nil {
		return err
	}
	want := expYMD(expCivilOf(r.clk.Now()))
	if len(l.Disbursements) != 1 || l.Disbursements[0].PaidOn != want {
		r.t.Errorf("disbursement at %s: %+v, want paid_on %s", expCST(r.clk.Now()), l.Disbursements, want)
	}
	return nil
}
