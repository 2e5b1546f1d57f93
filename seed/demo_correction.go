package seed

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain/bid"
	"jiebang/domain/challenge"
)

var demoSensor = challenge.Patch{
	Title: cStr("电机绕组在线绝缘监测传感器"), Field: cStr("electronics"),
	Background: cStr("我市电机企业年产中大型电机 8 万台，绕组绝缘劣化是现场故障的首要原因，在线监测传感器依赖进口。"),
	Problem:    cStr("研制可嵌入电机接线盒的在线绝缘监测传感器，实现局部放电与绝缘电阻的连续监测和预警。"),
	KPIs: &[]challenge.KPIInput{
		cKPI("局部放电检测灵敏度", 5, "pC", "<=", "按 GB/T 7354 在标准试验回路中标定"),
		cKPI("预警准确率", 95, "%", ">=", "100 台电机现场运行 3 个月统计"),
	},
	Deliverables:   cStr("传感器样机 20 套；检测报告；现场应用报告"),
	DurationMonths: cInt(12), BudgetFen: cWan(300), GovFundingFen: cWan(100), CofundingFen: cWan(150),
	IPTerms:     cStr("项目知识产权由双方共有，发榜方享有优先使用权"),
	Eligibility: cStr("国内高校、科研院所、企业均可揭榜"),
	Mode:        cMode(challenge.ModeRace), MaxRacers: cInt(2),
}

// seedCorrection tells a small challenge story on its own clock: the insulation sensor challenge of 东方电机 is
// published about three weeks ago, two teams bid, bidding closes at its deadline, the bureau finds one bid
// eligible and, today, asks the other for a correction (补正) of its budget, due by the default (5 working days
// from today on the bureau's calendar). No bid review round opens while the correction is pending.
func (a *demo) seedCorrection(ctx context.Context, d DemoAccounts) (string, error) {
	if len(d.Teams) < 6 || len(d.Enterprises) < 1 {
		return "", fmt.Errorf("the correction demo needs 6 teams and an enterprise")
	}
	now := a.Clock.Now().UTC().Truncate(time.Minute)
	s, err := a.newRaceStory(ctx, d, now.Add(-21*24*time.Hour))
	if err != nil {
		return "", err
	}
	chID, err := s.challenge(0, demoSensor)
	if err != nil {
		return "", fmt.Errorf("demo correction challenge: %w", err)
	}
	s.days(1)
	ok, err := s.bid(chID, 4, bid.PI{Name: "韩雪", Email: "han.xue@zdxn.org.cn"}, "高频电流互感器与特高频天线复合检测，边缘计算模块完成放电模式识别。")
	if err != nil {
		return "", fmt.Errorf("demo correction bid: %w", err)
	}
	fix, err := s.bid(chID, 5, bid.PI{Name: "钱程", Email: "qian.cheng@yggl.edu.cn"}, "注入式低频信号在线测量绝缘电阻，结合温湿度补偿模型实现劣化趋势预警。")
	if err != nil {
		return "", fmt.Errorf("demo correction bid: %w", err)
	}
	ch, err := s.ch.Lookup(ctx, chID)
	if err != nil {
		return "", err
	}
	if ch.BidDeadline == nil {
		return "", fmt.Errorf("challenge %d has no bid deadline", chID)
	}
	s.until(*ch.BidDeadline)
	if closed, err := s.ch.CloseDueBidding(ctx); err != nil || closed != 1 {
		return "", fmt.Errorf("closing the correction demo's bidding: %d closed, %v", closed, err)
	}
	s.days(1)
	if _, err := s.bids.DecideEligibility(ctx, d.Bureau.Actor, ok, bid.EligibilityInput{Eligible: true, Reason: "形式审查合格"}); err != nil {
		return "", err
	}
	if err := s.past(now); err != nil {
		return "", err
	}
	if _, err := a.Bids.RequestCorrection(ctx, d.Bureau.Actor, fix, bid.CorrectionInput{Defects: []bid.Defect{
		{Field: "budget", What: "预算未列明设备费与材料费的测算依据，请补充明细及报价单。"},
		{Field: "members", What: "团队成员仅列项目负责人，请补充主要研究人员及分工。"},
	}}); err != nil {
		return "", fmt.Errorf("demo correction request: %w", err)
	}
	return fmt.Sprintf("  bid under correction (补正): #%d on challenge #%d %s\n", fix, chID, *demoSensor.Title), nil
}
