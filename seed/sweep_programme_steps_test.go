package seed

import (
	"errors"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/domain/review"
)

// The steps of the programme sweep (TestSweepProgramme): publish, bid, review, select, notice, start, stages,
// acceptance and funding, each checking the dates the calendar gives.

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

// closeBidding: bidding is still open a microsecond before the deadline plus domain.ArrivalGrace (a bid that
// arrived before the deadline may still be recorded) and closes at it.
func (r *progRun) closeBidding() error {
	if err := r.moveTo(r.deadline.Add(domain.ArrivalGrace - time.Microsecond)); err != nil {
		return err
	}
	if n, err := r.a.Challenges.CloseDueBidding(r.ctx); err != nil || n != 0 {
		r.t.Errorf("bidding closed %d challenges (%v) a microsecond before its deadline %s + the arrival grace", n, err, expCST(r.deadline))
	}
	if err := r.moveTo(r.deadline.Add(domain.ArrivalGrace)); err != nil {
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
