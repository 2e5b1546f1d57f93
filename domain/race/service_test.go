package race

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
)

type fixture struct {
	svc     *Service
	store   *memStore
	chs     *fakeChallenges
	bids    *fakeBids
	reviews *fakeReviews
	credit  *fakeCredit
	notes   *fakeNotifier
	audit   *memAudit
	clock   *domain.ManualClock
}

var (
	boss  = domain.Actor{UserID: 1, Name: "科技局", Role: domain.RoleBureau}
	owner = domain.Actor{UserID: 2, Role: domain.RoleEnterprise, OrgID: 100}
)

func team(org int64) domain.Actor {
	return domain.Actor{UserID: 1000 + org, Role: domain.RoleTeam, OrgID: org}
}

// newFixture is a race-mode challenge (id 1, owner org 100, two stages, two KPIs) under review with three
// eligible bids (ids 11, 12, 13 of orgs 201, 202, 203) ranked 12, 11, 13. The clock starts Thursday
// 2026-02-12 10:00 China time, just before the Spring Festival.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{store: newMemStore(), bids: &fakeBids{}, credit: &fakeCredit{penalised: map[int64]account.CreditStatus{}},
		notes: &fakeNotifier{}, audit: &memAudit{}, clock: domain.NewFrozenClock(time.Date(2026, 2, 12, 2, 0, 0, 0, time.UTC)),
		reviews: &fakeReviews{closed: true, ranking: []Ranked{{BidID: 12, Rank: 1, Score: 90}, {BidID: 11, Rank: 2, Score: 85}, {BidID: 13, Rank: 3, Score: 70}},
			scores: map[int]map[int64]float64{}}}
	f.chs = &fakeChallenges{chs: map[int64]challenge.Challenge{1: {ID: 1, OrgID: 100, Title: "赛马", Status: challenge.StatusReviewing,
		Mode: challenge.ModeRace, MaxRacers: 3, PublishedAt: &time.Time{},
		KPIs:   []challenge.KPI{{Name: "精度", Target: 3, Comparison: "<="}, {Name: "效率", Target: 95, Comparison: ">="}},
		Stages: []challenge.Stage{{Name: "中期", OffsetMonths: 6, MinScore: 60}, {Name: "验收", OffsetMonths: 12, MinScore: 60}}}}}
	f.store.challenges = f.chs
	for i, org := range []int64{201, 202, 203} {
		f.bids.bids = append(f.bids.bids, bid.Bid{ID: int64(11 + i), ChallengeID: 1, LeadOrgID: org, Status: bid.StatusEligible,
			Content: bid.Content{PI: bid.PI{Name: "负责人"}, Plan: []bid.StagePlan{{Stage: 1, KPITargets: map[string]float64{"精度": 5}}},
				Budget: []bid.BudgetItem{{Item: "设备", AmountFen: 100}}}})
	}
	bus := event.NewBus()
	f.svc = NewService(Deps{Store: f.store, Tx: noTx{}, Audit: audit.NewService(f.audit, f.clock), Clock: f.clock,
		Challenges: f.chs, Bids: f.bids, Reviews: f.reviews, Calendar: fakeDays{}, Orgs: fakeOrgs{}, Credit: f.credit,
		Notifier: f.notes, Events: bus})
	Register(bus, f.svc, f.notes)
	return f
}

func code(err error) string { return domain.CodeOf(err) }

func TestSelectionNoticeAndStart(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.Select(ctx, owner, 1, SelectionInput{BidIDs: []int64{12, 11}}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("the enterprise selects: %v", err)
	}
	f.reviews.closed = false
	if _, err := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 11}}); code(err) != "review_not_closed" {
		t.Fatalf("without a closed review: %v", err)
	}
	f.reviews.closed = true
	n, err := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 11}})
	if err != nil {
		t.Fatal(err)
	}
	// Published Thursday 12 Feb: Fri 13, Sat 14 (调休), then the festival until 23 Feb, Tue 24 .. Thu 26.
	if want := time.Date(2026, 2, 26, 16, 0, 0, 0, time.UTC); !n.EndsAt.Equal(want) || n.NoticeDays != DefaultNoticeDays {
		t.Fatalf("notice ends %s, want %s", n.EndsAt, want)
	}
	if !slices.Equal(f.bids.selected, []int64{12, 11}) || f.chs.chs[1].Status != challenge.StatusNotice {
		t.Fatalf("outcome %v, challenge %s", f.bids.selected, f.chs.chs[1].Status)
	}
	if _, err := f.svc.Start(ctx, boss, 1); code(err) != "notice_running" {
		t.Fatalf("start while running: %v", err)
	}
	o, err := f.svc.Object(ctx, team(203), n.ID, "第一名存在关联关系")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Object(ctx, domain.Actor{}, n.ID, "匿名"); !errors.Is(err, domain.ErrUnauthenticated) {
		t.Fatalf("anonymous objection: %v", err)
	}
	// The period ends; the job closes the notice once, however often it runs.
	f.clock.Advance(15 * 24 * time.Hour)
	for i := 0; i < 2; i++ {
		if err := f.svc.CloseDueNotices(ctx, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.audit.actions(audit.EntityNotice); !slices.Equal(got, []string{"open", ActionClose}) {
		t.Fatalf("notice audit %v", got)
	}
	if _, err := f.svc.Object(ctx, team(203), n.ID, "过期"); code(err) != "notice_closed" {
		t.Fatalf("objection after the period: %v", err)
	}
	if _, err := f.svc.Start(ctx, boss, 1); code(err) != "objection_open" {
		t.Fatalf("start with an open objection: %v", err)
	}
	if _, err := f.svc.Resolve(ctx, boss, o.ID, ResolveInput{Outcome: ObjectionDismissed, Answer: "经核查不存在关联关系"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Resolve(ctx, boss, o.ID, ResolveInput{Outcome: ObjectionUpheld, Answer: "改判"}); !errors.Is(err, domain.ErrInvalidTransition) {
		t.Fatalf("answer twice: %v", err)
	}
	racers, err := f.svc.Start(ctx, boss, 1)
	if err != nil || len(racers) != 2 || f.chs.chs[1].Status != challenge.StatusInProgress {
		t.Fatalf("start: %v %v", racers, err)
	}
	tb := racers[1].TaskBook
	if tb.BudgetFen != 100 || len(tb.Stages) != 2 || tb.Stages[0].KPITargets["精度"] != 5 || tb.Stages[1].DueAt.Before(tb.Stages[0].DueAt) {
		t.Fatalf("task book: %+v", tb)
	}
	for _, k := range []string{"race.selected", "race.not_selected", "race.notice", "race.objection", "race.objection_answered", "race.notice_closed", "race.started"} {
		if !slices.Contains(f.notes.kinds, k) {
			t.Errorf("no %s notification: %v", k, f.notes.kinds)
		}
	}
}

func TestRenoticeAfterUpheldObjection(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	n, _ := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 11}})
	if _, err := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 13}, Reason: "x"}); code(err) != "selection_locked" {
		t.Fatalf("re-select without an upheld objection: %v", err)
	}
	o, _ := f.svc.Object(ctx, team(203), n.ID, "异议")
	if _, err := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 13}, Reason: "x"}); code(err) != "objection_open" {
		t.Fatalf("re-select with an open objection: %v", err)
	}
	if _, err := f.svc.Resolve(ctx, boss, o.ID, ResolveInput{Outcome: ObjectionUpheld, Answer: "异议成立"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 13}}); !fieldErr(err, "reason") {
		t.Fatalf("departing from the ranking without a reason: %v", err)
	}
	n2, err := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 13}, Reason: "第二名存在关联关系", NoticeDays: 3})
	if err != nil || n2.Seq != 2 {
		t.Fatalf("re-notice: %+v %v", n2, err)
	}
	if old, _ := f.store.Notice(ctx, n.ID); old.Status != NoticeSuperseded {
		t.Fatalf("old notice %s", old.Status)
	}
	if !slices.Equal(f.chs.steps, []challenge.Action{challenge.ActionSelect, challenge.ActionRenotice}) {
		t.Fatalf("challenge steps %v", f.chs.steps)
	}
}

// started takes a fixture through selection of all three bids and the notice to the start.
func started(t *testing.T, f *fixture) []Racer {
	t.Helper()
	ctx := context.Background()
	if _, err := f.svc.Select(ctx, boss, 1, SelectionInput{BidIDs: []int64{12, 11, 13}}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(20 * 24 * time.Hour)
	rs, err := f.svc.Start(ctx, boss, 1)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestStagesAndAcceptance(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	rs := started(t, f) // racers of bids 12 (org 202), 11 (org 201), 13 (org 203)
	a, b, c := rs[0], rs[1], rs[2]
	if _, err := f.svc.SubmitReport(ctx, team(201), a.ID, ReportInput{Stage: 1, Summary: "x"}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("another team reports: %v", err)
	}
	rep, err := f.svc.SubmitReport(ctx, team(202), a.ID, ReportInput{Stage: 1, Summary: "中期", KPIValues: map[string]float64{"精度": 4}})
	if err != nil || rep.Late {
		t.Fatalf("report: %+v %v", rep, err)
	}
	f.clock.Advance(200 * 24 * time.Hour)
	if late, err := f.svc.SubmitReport(ctx, team(201), b.ID, ReportInput{Stage: 1, Summary: "迟交"}); err != nil || !late.Late {
		t.Fatalf("a late report: %+v %v", late, err)
	}
	f.reviews.scores[1] = map[int64]float64{a.ID: 88, b.ID: 75, c.ID: 50}
	p, err := f.svc.StageProposal(ctx, boss, 1, 1)
	if err != nil || !slices.Equal(p.Advance, []int64{a.ID, b.ID}) || !slices.Equal(p.Eliminate, []int64{c.ID}) {
		t.Fatalf("proposal %+v %v", p, err)
	}
	if _, err := f.svc.Decide(ctx, boss, 1, 2, DecisionInput{Advance: []int64{a.ID}}); code(err) != "acceptance_stage" {
		t.Fatalf("decide the last stage: %v", err)
	}
	if _, err := f.svc.Conclude(ctx, boss, 1, AcceptanceInput{Outcome: OutcomeCompleted, WinnerRacerIDs: []int64{a.ID}, Opinion: "x"}); code(err) != "previous_stage_undecided" {
		t.Fatalf("acceptance before the midterm: %v", err)
	}
	in := DecisionInput{Advance: []int64{a.ID, b.ID}, Eliminate: []Elimination{{RacerID: c.ID, Reason: "数据造假", CreditStatus: "barred"}}}
	if _, err := f.svc.Decide(ctx, boss, 1, 1, in); err != nil {
		t.Fatal(err)
	}
	if f.credit.penalised[203] != account.CreditBarred {
		t.Fatalf("credit penalty %v", f.credit.penalised)
	}
	if _, err := f.svc.Decide(ctx, boss, 1, 1, in); code(err) != "stage_already_decided" {
		t.Fatalf("decide twice: %v", err)
	}
	if _, err := f.svc.SubmitReport(ctx, team(203), c.ID, ReportInput{Stage: 2, Summary: "x"}); code(err) != "racer_not_racing" {
		t.Fatalf("the eliminated report: %v", err)
	}
	if ok, adv, err := f.svc.StageOutcome(ctx, 1, 1); err != nil || !ok || len(adv) != 2 {
		t.Fatalf("stage outcome %v %v %v", ok, adv, err)
	}
	// Re-admission at the next stage, then a merge.
	if r, err := f.svc.Readmit(ctx, boss, c.ID, "复核后证据不足"); err != nil || r.Status != RacerRacing || !r.Readmitted {
		t.Fatalf("readmit: %+v %v", r, err)
	}
	if r, err := f.svc.Merge(ctx, boss, c.ID, b.ID, "强强联合"); err != nil || r.Status != RacerFinished || r.MergedInto != b.ID {
		t.Fatalf("merge: %+v %v", r, err)
	}
	// Acceptance.
	if _, err := f.svc.Conclude(ctx, boss, 1, AcceptanceInput{Outcome: OutcomeCompleted, WinnerRacerIDs: []int64{a.ID}, Opinion: "x"}); code(err) != "opinion_missing" {
		t.Fatalf("without opinions: %v", err)
	}
	res := map[string]KPIResult{"精度": {Value: 2.8, Met: true}, "效率": {Value: 96, Met: true}}
	if _, err := f.svc.RecordOpinion(ctx, domain.Actor{UserID: 9, Role: domain.RoleEnterprise, OrgID: 999}, 1, OpinionInput{RacerID: a.ID, KPIResults: res, Opinion: "x"}); code(err) != "not_owner" {
		t.Fatalf("another enterprise's opinion: %v", err)
	}
	if _, err := f.svc.RecordOpinion(ctx, owner, 1, OpinionInput{RacerID: a.ID, KPIResults: map[string]KPIResult{"精度": {}}, Opinion: "x"}); !fieldErr(err, "kpi_results.效率") {
		t.Fatalf("an opinion missing a KPI: %v", err)
	}
	for _, r := range []int64{a.ID, b.ID} {
		if _, err := f.svc.RecordOpinion(ctx, owner, 1, OpinionInput{RacerID: r, KPIResults: res, Opinion: "达标"}); err != nil {
			t.Fatal(err)
		}
	}
	out, err := f.svc.Conclude(ctx, boss, 1, AcceptanceInput{Outcome: OutcomeCompleted, WinnerRacerIDs: []int64{a.ID}, Opinion: "验收通过"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]RacerStatus{}
	for _, r := range out {
		got[r.ID] = r.Status
	}
	if got[a.ID] != RacerWinner || got[b.ID] != RacerFinished || got[c.ID] != RacerFinished || f.chs.chs[1].Status != challenge.StatusCompleted {
		t.Fatalf("after the acceptance: %v %s", got, f.chs.chs[1].Status)
	}
	if ok, adv, _ := f.svc.StageOutcome(ctx, 1, 2); !ok || !slices.Equal(adv, []int64{a.ID}) {
		t.Fatalf("the last stage's outcome: %v %v", ok, adv)
	}
	// The public board hides the reasons and the detail; the team sees its own.
	pub, _ := f.svc.Board(ctx, domain.Actor{}, 1)
	for _, r := range pub.Racers {
		if r.Detail || r.EliminationReason != "" || len(r.Reports) != 0 {
			t.Fatalf("public board leaks detail: %+v", r)
		}
	}
	own, _ := f.svc.Board(ctx, team(201), 1)
	for _, r := range own.Racers {
		if r.Detail != (r.OrgID == 201) {
			t.Fatalf("team view of %d: detail %v", r.OrgID, r.Detail)
		}
	}
}

func TestReminderOncePerStage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	started(t, f)
	claims := &memClaims{seen: map[string]bool{}}
	// Five days before the midterm is due (6 months after the start), twice.
	f.clock.Advance(180 * 24 * time.Hour)
	for i := 0; i < 2; i++ {
		if err := f.svc.RemindReports(ctx, claims, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, k := range f.notes.kinds {
		if k == "race.report_due" {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("reminders %d, want one per racer", n)
	}
}

type memClaims struct{ seen map[string]bool }

func (m *memClaims) Claim(_ context.Context, job, subject string, due time.Time) (bool, error) {
	k := job + subject + due.String()
	if m.seen[k] {
		return false, nil
	}
	m.seen[k] = true
	return true, nil
}
