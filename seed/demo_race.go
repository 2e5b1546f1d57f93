package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
	"jiebang/domain/race"
	"jiebang/domain/review"
	"jiebang/domain/taskbook"
)

// DemoRaces are the demo races: one in progress (its midterm decided) and one finished with a winner.
type DemoRaces struct {
	InProgress, Finished int64
	// leader (its co-funding reversed, its stage-1 tranche held) and ending (terminated with a refund due)
	// are racers of the race in progress, by their role in its story.
	leader, ending int64
	lines          []string
}

// Summary lists the demo races for the seed command's output.
func (r DemoRaces) Summary() string {
	return fmt.Sprintf("  races: %d\n%s\n", len(r.lines), strings.Join(r.lines, "\n"))
}

// raceStory runs the services of the whole process on a story clock that starts in the past, so the races
// have real history: bids, a bid review scored by the demo experts, a public notice on the working-day
// calendar, the start, stage reports, a stage review, decisions and the acceptance.
type raceStory struct {
	ctx     context.Context
	clk     *domain.ManualClock
	d       DemoAccounts
	ch      *challenge.Service
	bids    *bid.Service
	reviews *review.Service
	race    *race.Service
	// tb signs task books and files their changes (nil when not wired).
	tb *taskbook.Service
}

func (a *demo) newRaceStory(ctx context.Context, d DemoAccounts, start time.Time) (*raceStory, error) {
	clk := domain.NewFrozenClock(start)
	st, err := a.storyAt(clk)
	if err != nil {
		return nil, err
	}
	return &raceStory{ctx: ctx, clk: clk, d: d, ch: st.Challenges, bids: st.Bids, reviews: st.Reviews, race: st.Race, tb: st.Taskbook}, nil
}

func (s *raceStory) days(n float64) { s.clk.Advance(time.Duration(n * float64(24*time.Hour))) }

// until moves the story's clock to t plus a minute (past a moment the domain computed: a deadline, the end of
// a notice), never back.
func (s *raceStory) until(t time.Time) {
	if d := t.Add(time.Minute).Sub(s.clk.Now()); d > 0 {
		s.clk.Advance(d)
	}
}

// beforeDue moves the story's clock to `early` days before the date the racer's task book fixes for the
// stage's report, so the story keeps to the plan it shows (a report of month 6 is written near month 6).
func (s *raceStory) beforeDue(chID, racer int64, stage int, early float64) error {
	b, err := s.race.Board(s.ctx, s.d.Bureau.Actor, chID)
	if err != nil {
		return err
	}
	for _, r := range b.Racers {
		if r.ID == racer {
			s.until(r.DueAt(b.Challenge, stage).Add(-time.Duration(early * float64(24*time.Hour))))
			return nil
		}
	}
	return fmt.Errorf("racer %d is not on the board of challenge %d", racer, chID)
}

// challenge posts, validates and publishes a race-mode challenge of enterprise ent, bidding open until the end
// (24:00 China time) of the 10th day after publication.
func (s *raceStory) challenge(ent int, p challenge.Patch) (int64, error) {
	owner := s.d.Enterprises[ent].Actor
	c, err := s.ch.Create(s.ctx, owner, p)
	if err != nil {
		return 0, err
	}
	if _, err := s.ch.Submit(s.ctx, owner, c.ID); err != nil {
		return 0, err
	}
	s.days(2)
	if _, err := s.ch.Validate(s.ctx, s.d.Bureau.Actor, c.ID, challenge.ValidateInput{Decision: challenge.DecisionApprove, Opinion: "同意以赛马方式张榜。"}); err != nil {
		return 0, err
	}
	deadline := calendar.EndOfDayAfter(s.clk.Now(), 10)
	_, err = s.ch.Publish(s.ctx, s.d.Bureau.Actor, c.ID, &deadline)
	return c.ID, err
}

// bid submits a bid of team on the challenge with per-stage targets stepping up to the KPIs' targets.
func (s *raceStory) bid(chID int64, team int, pi bid.PI, approach string) (int64, error) {
	ch, err := s.ch.Lookup(s.ctx, chID)
	if err != nil {
		return 0, err
	}
	c := bid.Content{PI: pi, Approach: approach, CommitmentSigned: true, IntegrityPledgeSigned: true,
		Members: []bid.Member{{Name: pi.Name, Role: "项目负责人"}},
		Budget:  []bid.BudgetItem{{Item: "设备费", AmountFen: ch.GovFundingFen / 2}, {Item: "材料与测试费", AmountFen: ch.GovFundingFen / 3}}}
	for i := range ch.Stages {
		sp := bid.StagePlan{Stage: i + 1, KPITargets: map[string]float64{}, Deliverables: ch.Stages[i].Name + "阶段样机与测试报告"}
		for _, k := range ch.KPIs {
			sp.KPITargets[k.Name] = stageTarget(k, i+1, len(ch.Stages))
		}
		c.Plan = append(c.Plan, sp)
	}
	actor := s.d.Teams[team].Actor
	v, err := s.bids.Create(s.ctx, actor, chID, c)
	if err != nil {
		return 0, err
	}
	_, err = s.bids.Submit(s.ctx, actor, v.ID)
	return v.ID, err
}

// review opens a round, draws the panel and has every drawn demo expert score it by score(item), then closes it.
func (s *raceStory) review(chID int64, kind review.Kind, stage int, score func(it review.Item) int) error {
	deadline := calendar.EndOfDayAfter(s.clk.Now(), 7)
	r, err := s.reviews.OpenRound(s.ctx, s.d.Bureau.Actor, chID, review.Settings{Kind: kind, Stage: stage, ExpertsPerItem: 3, Deadline: &deadline})
	if err != nil {
		return fmt.Errorf("open %s: %w", kind, err)
	}
	seed := int64(2026)
	if _, err := s.reviews.Assign(s.ctx, s.d.Bureau.Actor, r.ID, &seed); err != nil {
		return fmt.Errorf("assign: %w", err)
	}
	items := map[int64]review.Item{}
	for _, it := range r.Items {
		items[it.ID] = it
	}
	s.days(3)
	for _, e := range s.d.Experts {
		l, err := s.reviews.MyAssignments(s.ctx, e.Actor, domain.Page{Page: 1, PageSize: 100})
		if err != nil {
			return err
		}
		for i, as := range l.Items {
			if as.RoundID != r.ID || as.Status != review.AssignmentPending {
				continue
			}
			x := score(items[as.ItemID]) + (i+int(e.ID))%5 - 2
			scores := map[string]int{}
			for _, c := range r.Rubric {
				scores[c.Name] = x
			}
			if _, err := s.reviews.Score(s.ctx, e.Actor, as.ID, review.ScoreInput{Scores: scores, Comment: "材料翔实，评分依据见评审意见。"}); err != nil {
				return fmt.Errorf("score: %w", err)
			}
		}
	}
	s.days(1)
	_, err = s.reviews.Close(s.ctx, s.d.Bureau.Actor, r.ID, "")
	return err
}

func (s *raceStory) report(racer int64, team, stage int, vals map[string]float64) error {
	_, err := s.race.SubmitReport(s.ctx, s.d.Teams[team].Actor, racer, race.ReportInput{Stage: stage,
		Summary: fmt.Sprintf("第 %d 阶段按任务书完成样机研制与测试，指标实测值见附表。", stage), KPIValues: vals})
	return err
}

var (
	demoValve = challenge.Patch{
		Title: cStr("LNG 接收站超低温高压球阀国产化"), Field: cStr("equipment"),
		Background: cStr("我市 LNG 接收站与储运装备集群每年采购超低温高压球阀 3000 余台，-196℃ 工况阀门长期依赖进口，交货周期 9 个月以上。"),
		Problem:    cStr("研制 -196℃、Class 1500 超低温高压球阀，解决低温密封与阀杆冷态卡涩问题，通过型式试验并实现工程应用。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("低温泄漏率", 10, "mm³/s", "<=", "按 BS 6364 在 -196℃ 氦检漏"),
			cKPI("启闭寿命", 5000, "次", ">=", "低温启闭循环试验，第三方见证"),
		},
		Deliverables:   cStr("样阀 4 台（DN100、DN200 各 2 台）；型式试验报告；工艺文件"),
		DurationMonths: cInt(6), BudgetFen: cWan(600), GovFundingFen: cWan(200), CofundingFen: cWan(300),
		IPTerms:     cStr("项目形成的知识产权由双方共有，发榜方享有优先采购权"),
		Eligibility: cStr("不设年龄、职称、学历门槛，可组建联合体"),
		Mode:        cMode(challenge.ModeRace), MaxRacers: cInt(2),
	}
	demoServo = challenge.Patch{
		Title: cStr("数控机床用高精度伺服电机与驱动器"), Field: cStr("equipment"),
		Background: cStr("我市机床产业集群年产数控机床 1.2 万台，高端伺服系统 80% 依赖进口，定位精度与动态响应与国外先进水平差距明显。"),
		Problem:    cStr("研制定位精度 ≤ 3 μm、速度环带宽 ≥ 2 kHz 的伺服电机与驱动器，在五轴加工中心上完成 2000 h 可靠性验证。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("定位精度", 3, "μm", "<=", "激光干涉仪按 GB/T 17421.2 测量"),
			cKPI("速度环带宽", 2000, "Hz", ">=", "扫频法测试，第三方见证"),
		},
		Deliverables:   cStr("伺服电机与驱动器样机各 10 套；测试报告；五轴加工中心应用验证报告"),
		DurationMonths: cInt(12), BudgetFen: cWan(1200), GovFundingFen: cWan(400), CofundingFen: cWan(600),
		IPTerms:     cStr("背景知识产权归原权利人，项目知识产权由双方共有"),
		Eligibility: cStr("国内高校、科研院所、企业均可揭榜；不设门槛"),
		Mode:        cMode(challenge.ModeRace), MaxRacers: cInt(4),
	}
)

// seedRaces tells two races on story clocks: the valve race (finished about three months ago with a winner, the other
// racer eliminated at the midterm with the tolerance clause) and the servo race (in progress: three racers
// started, the midterm decided with one elimination, the final stage running).
func (a *demo) seedRaces(ctx context.Context, d DemoAccounts) (DemoRaces, error) {
	var out DemoRaces
	if len(d.Teams) < 5 || len(d.Experts) < 5 || len(d.Enterprises) < 3 {
		return out, fmt.Errorf("the race demo needs 5 teams, 5 experts and 3 enterprises")
	}
	now := a.Clock.Now().UTC().Truncate(time.Minute)
	valve, err := a.seedValveRace(ctx, d, now.Add(-300*24*time.Hour), now)
	if err != nil {
		return out, fmt.Errorf("demo race (finished): %w", err)
	}
	// the servo race's story starts early enough for its midterm report, due six months after the start, to
	// lie in the past, and late enough for the final stage's date to lie ahead
	servo, roles, err := a.seedServoRace(ctx, d, now.Add(-240*24*time.Hour), now)
	if err != nil {
		return out, fmt.Errorf("demo race (in progress): %w", err)
	}
	out.Finished, out.InProgress = valve, servo
	out.leader, out.ending = roles.leader, roles.ending
	for _, id := range []int64{valve, servo} {
		b, err := a.Race.Board(ctx, d.Bureau.Actor, id)
		if err != nil {
			return out, err
		}
		var rs []string
		for _, r := range b.Racers {
			rs = append(rs, fmt.Sprintf("%s %s", r.OrgName, r.Status))
		}
		out.lines = append(out.lines, fmt.Sprintf("    #%-3d %-11s %s: %s", id, b.Challenge.Status, b.Challenge.Title, strings.Join(rs, "，")))
	}
	return out, nil
}

// selectAndStart closes bidding at its deadline, marks the bids eligible, runs the bid review, selects the top
// n, lets the notice run to the end the working-day calendar gives it and starts the race; it returns the racer
// ids by bid.
func (s *raceStory) selectAndStart(chID int64, bids []int64, score map[int64]int, n int) (map[int64]int64, error) {
	ch, err := s.ch.Lookup(s.ctx, chID)
	if err != nil {
		return nil, err
	}
	if ch.BidDeadline == nil {
		return nil, fmt.Errorf("challenge %d has no bid deadline", chID)
	}
	s.until(*ch.BidDeadline)
	if closed, err := s.ch.CloseDueBidding(s.ctx); err != nil || closed != 1 {
		return nil, fmt.Errorf("closing bidding at the deadline %s: %d closed, %v", ch.BidDeadline.Format(time.RFC3339), closed, err)
	}
	for _, id := range bids {
		if _, err := s.bids.DecideEligibility(s.ctx, s.d.Bureau.Actor, id, bid.EligibilityInput{Eligible: true, Reason: "形式审查合格"}); err != nil {
			return nil, err
		}
	}
	if err := s.review(chID, review.KindBidReview, 0, func(it review.Item) int { return score[it.BidID] }); err != nil {
		return nil, err
	}
	sel, err := s.race.Ranking(s.ctx, s.d.Bureau.Actor, chID)
	if err != nil {
		return nil, err
	}
	if len(sel.Ranking) < n {
		return nil, fmt.Errorf("the bid review of challenge %d ranks %d bids, want %d", chID, len(sel.Ranking), n)
	}
	var top []int64
	for _, r := range sel.Ranking[:n] {
		top = append(top, r.BidID)
	}
	notice, err := s.race.Select(s.ctx, s.d.Bureau.Actor, chID, race.SelectionInput{BidIDs: top, NoticeDays: race.DefaultNoticeDays})
	if err != nil {
		return nil, err
	}
	s.until(notice.EndsAt)
	if err := s.race.CloseDueNotices(s.ctx, s.clk.Now()); err != nil {
		return nil, err
	}
	racers, err := s.race.Start(s.ctx, s.d.Bureau.Actor, chID)
	if err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, r := range racers {
		out[r.BidID] = r.ID
	}
	return out, nil
}

// past fails when the story's clock has run past now: the demo's history must lie in the past whatever the
// calendar made its waits (a notice over the Spring Festival runs two weeks).
func (s *raceStory) past(now time.Time) error {
	if s.clk.Now().After(now) {
		return fmt.Errorf("the story ran to %s, past now (%s)", s.clk.Now().Format(time.RFC3339), now.Format(time.RFC3339))
	}
	return nil
}

func (a *demo) seedValveRace(ctx context.Context, d DemoAccounts, start, now time.Time) (int64, error) {
	s, err := a.newRaceStory(ctx, d, start)
	if err != nil {
		return 0, err
	}
	chID, err := s.challenge(1, demoValve)
	if err != nil {
		return 0, err
	}
	s.days(1)
	b1, err := s.bid(chID, 1, bid.PI{Name: "韩冰", Email: "han.bing@yongcheng.edu.cn"}, "采用金属硬密封与低温补偿弹簧结构，阀杆加长颈隔热。")
	if err != nil {
		return 0, err
	}
	b2, err := s.bid(chID, 2, bid.PI{Name: "蒋涛", Email: "jiang.tao@zkyj.ac.cn"}, "PCTFE 软密封与柔性石墨复合密封，深冷处理消除阀体残余应力。")
	if err != nil {
		return 0, err
	}
	racers, err := s.selectAndStart(chID, []int64{b1, b2}, map[int64]int{b1: 80, b2: 88}, 2)
	if err != nil {
		return 0, err
	}
	r1, r2 := racers[b1], racers[b2]
	// both racers ran the race: their task books were signed by every party right after the start
	s.days(1)
	for _, r := range []int64{r1, r2} {
		if err := s.signTaskbook(r, -1); err != nil {
			return 0, err
		}
	}
	if err := s.beforeDue(chID, r1, 1, 5); err != nil {
		return 0, err
	}
	if err := s.report(r1, 1, 1, map[string]float64{"低温泄漏率": 18, "启闭寿命": 3000}); err != nil {
		return 0, err
	}
	if err := s.report(r2, 2, 1, map[string]float64{"低温泄漏率": 9.5, "启闭寿命": 4600}); err != nil {
		return 0, err
	}
	if err := s.review(chID, review.KindStageReview, 1, func(it review.Item) int {
		if it.RacerID == r2 {
			return 86
		}
		return 62
	}); err != nil {
		return 0, err
	}
	if _, err := s.race.Decide(s.ctx, d.Bureau.Actor, chID, 1, race.DecisionInput{Advance: []int64{r2},
		Eliminate: []race.Elimination{{RacerID: r1, Reason: "中期低温泄漏率未达阶段目标，评分位列第二。", Tolerance: true}}}); err != nil {
		return 0, err
	}
	if err := s.beforeDue(chID, r2, 2, 5); err != nil {
		return 0, err
	}
	if err := s.report(r2, 2, 2, map[string]float64{"低温泄漏率": 6.8, "启闭寿命": 5400}); err != nil {
		return 0, err
	}
	s.days(3)
	if _, err := s.race.RecordOpinion(s.ctx, d.Enterprises[1].Actor, chID, race.OpinionInput{RacerID: r2,
		KPIResults: map[string]race.KPIResult{"低温泄漏率": {Value: 6.8, Met: true, Evidence: "第三方型式试验报告"}, "启闭寿命": {Value: 5400, Met: true, Evidence: "低温启闭循环试验记录"}},
		Opinion:    "样阀全部指标达到榜单要求，同意验收。"}); err != nil {
		return 0, err
	}
	s.days(2)
	_, err = s.race.Conclude(s.ctx, d.Bureau.Actor, chID, race.AcceptanceInput{Outcome: race.OutcomeCompleted, WinnerRacerIDs: []int64{r2},
		Opinion: "经企业验收与专家复核，中科甬江先进制造研究院团队全面达标，验收通过。"})
	if err != nil {
		return 0, err
	}
	return chID, s.past(now)
}

// servoRoles are the racers of the servo race the funding story picks by their role.
type servoRoles struct{ leader, ending int64 }

func (a *demo) seedServoRace(ctx context.Context, d DemoAccounts, start, now time.Time) (int64, servoRoles, error) {
	var roles servoRoles
	s, err := a.newRaceStory(ctx, d, start)
	if err != nil {
		return 0, roles, err
	}
	chID, err := s.challenge(2, demoServo)
	if err != nil {
		return 0, roles, err
	}
	s.days(1)
	b0, err := s.bid(chID, 0, bid.PI{Name: "许诺", Email: "xu.nuo@donghai-tech.edu.cn"}, "无框力矩电机与 26 位绝对值编码器一体化，模型预测电流控制。")
	if err != nil {
		return 0, roles, err
	}
	b1, err := s.bid(chID, 1, bid.PI{Name: "罗斌", Email: "luo.bin@yongcheng.edu.cn"}, "低齿槽转矩分数槽设计，SiC 驱动器提升开关频率与电流环带宽。")
	if err != nil {
		return 0, roles, err
	}
	b2, err := s.bid(chID, 2, bid.PI{Name: "邱实", Email: "qiu.shi@zkyj.ac.cn"}, "自适应陷波与扰动观测器抑制机械谐振，速度环带宽目标 2.2 kHz。")
	if err != nil {
		return 0, roles, err
	}
	// 浙东新能源 (b3) races too; it advances at the midterm, then asks to end (终止, the funding story)
	b3, err := s.bid(chID, 4, bid.PI{Name: "沈嘉", Email: "shen.jia@zdxn.org.cn"}, "国产 SiC 模块驱动器与双编码器全闭环，重点提升速度环带宽。")
	if err != nil {
		return 0, roles, err
	}
	racers, err := s.selectAndStart(chID, []int64{b0, b1, b2, b3}, map[int64]int{b0: 79, b1: 84, b2: 90, b3: 82}, 4)
	if err != nil {
		return 0, roles, err
	}
	// The task books: the leader's and 浙东新能源's signed by all, the runner-up's half signed (PI and lead
	// organisation).
	s.days(1)
	for _, b := range []int64{b2, b3} {
		if err := s.signTaskbook(racers[b], -1); err != nil {
			return 0, roles, err
		}
	}
	if err := s.signTaskbook(racers[b1], 2); err != nil {
		return 0, roles, err
	}
	if err := s.beforeDue(chID, racers[b0], 1, 5); err != nil {
		return 0, roles, err
	}
	vals := map[int64]map[string]float64{
		racers[b0]: {"定位精度": 5.1, "速度环带宽": 1300},
		racers[b1]: {"定位精度": 3.6, "速度环带宽": 1750},
		racers[b2]: {"定位精度": 3.2, "速度环带宽": 1900},
		racers[b3]: {"定位精度": 3.4, "速度环带宽": 1820},
	}
	for bidID, team := range map[int64]int{b0: 0, b1: 1, b2: 2, b3: 4} {
		if err := s.report(racers[bidID], team, 1, vals[racers[bidID]]); err != nil {
			return 0, roles, err
		}
	}
	scores := map[int64]int{racers[b0]: 56, racers[b1]: 78, racers[b2]: 87, racers[b3]: 80}
	if err := s.review(chID, review.KindStageReview, 1, func(it review.Item) int { return scores[it.RacerID] }); err != nil {
		return 0, roles, err
	}
	// 甬城 (b1) is kept under rectification (限期整改): its bandwidth missed the stage target; the report is due a
	// month after the demo's now (the end of that China day), so the team sees the form and the reminder is ahead.
	due := race.DueMonthsAfter(now, 0).AddDate(0, 0, 30)
	_, err = s.race.Decide(s.ctx, d.Bureau.Actor, chID, 1, race.DecisionInput{Advance: []int64{racers[b2], racers[b3]},
		Rectify:   []race.RectifyInput{{RacerID: racers[b1], Requirements: "速度环带宽 1750 Hz 未达中期目标 1800 Hz：补做 SiC 驱动器开关频率提升后的带宽测试，并提交第三方测试报告。", DueAt: &due}},
		Eliminate: []race.Elimination{{RacerID: racers[b0], Reason: "中期评分低于 60 分，定位精度与带宽均未达阶段目标。", Tolerance: true}}})
	if err != nil {
		return 0, roles, err
	}
	// The leader asks for an extension after the midterm: consented, approved, v2 signed again.
	s.days(2)
	if err := s.extend(racers[b2], 2, 2); err != nil {
		return 0, roles, err
	}
	s.days(2)
	if err := s.report(racers[b2], 2, 2, map[string]float64{"定位精度": 2.9, "速度环带宽": 2050}); err != nil {
		return 0, roles, err
	}
	roles = servoRoles{leader: racers[b2], ending: racers[b3]}
	return chID, roles, s.past(now)
}
