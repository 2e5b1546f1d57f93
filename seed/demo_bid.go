package seed

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"

	"jiebang/domain/bid"
	"jiebang/domain/challenge"
)

// DemoBids are the demo bids by key, for the seeders that build on them (review of the eligible ones).
type DemoBids struct {
	IDs map[string]int64
	// Eligible are the bids the bureau found eligible on the closed challenge.
	Eligible []int64
	lines    []string
}

// Summary lists the demo bids for the seed command's output.
func (b DemoBids) Summary() string {
	return fmt.Sprintf("  bids: %d\n%s\n", len(b.lines), strings.Join(b.lines, "\n"))
}

// demoBidSpec is one demo bid: who bids on which challenge, its PI and consortium, and where its story ends.
type demoBidSpec struct {
	key, challenge string
	team           int // index into DemoAccounts.Teams
	pi             bid.PI
	partners       []string // organisation names from DemoAccounts.Orgs
	members        []bid.Member
	approach       string
	// end is the final state: draft, submitted, withdrawn, eligible or ineligible (with reason).
	end, reason string
	attach      bool
}

var demoBidSpecs = []demoBidSpec{
	{key: "wind-donghai", challenge: "wind", team: 0, pi: bid.PI{Name: "王磊", Email: "wang.lei@donghai-tech.edu.cn"},
		partners: []string{"浙东新能源技术研究院", "浙江海天新材料科技有限公司"},
		members:  []bid.Member{{Name: "李晨", Role: "轴承动力学仿真"}, {Name: "许诺", Role: "材料热处理"}, {Name: "邓宇航", Role: "台架试验"}},
		approach: "以渗碳轴承钢真空脱气冶炼与贝氏体等温淬火为核心，结合多体动力学与疲劳寿命联合仿真优化滚子修形；联合体分工：东海理工负责设计与仿真，浙东新能源负责台架与风场验证，海天新材料负责套圈材料与热处理试制。",
		end:      "eligible", attach: true},
	{key: "wind-yongcheng", challenge: "wind", team: 1, pi: bid.PI{Name: "刘晓婷", Email: "liu.xiaoting@yongcheng.edu.cn"},
		members:  []bid.Member{{Name: "高远", Role: "结构设计"}},
		approach: "采用陶瓷混合滚子降低摩擦温升，辅以在线状态监测实现寿命预测。",
		end:      "ineligible", reason: "申报书未提供主轴承样机试制条件及台架试验能力证明，联合体缺少具备大型轴承制造能力的单位，不符合榜单揭榜条件。"},
	{key: "wind-zhongke", challenge: "wind", team: 2, pi: bid.PI{Name: "赵明", Email: "zhao.ming@zkyj.ac.cn"},
		members:  []bid.Member{{Name: "彭飞", Role: "精密加工"}, {Name: "韩雪", Role: "可靠性试验"}},
		approach: "基于数字孪生的主轴承设计—制造—检测一体化方法，重点突破大尺寸套圈感应淬火变形控制。",
		end:      "eligible"},
	{key: "motor-donghai", challenge: "motor", team: 3, pi: bid.PI{Name: "孙悦", Email: "sun.yue@donghai-tech.edu.cn"},
		members:  []bid.Member{{Name: "钟毅", Role: "电磁设计"}, {Name: "罗佳", Role: "热管理"}},
		approach: "无重稀土晶界扩散磁体配合油冷扁线发卡绕组，采用电磁—热—结构多目标优化，150℃ 退磁裕度通过磁桥与磁障协同设计保证。",
		// a draft, not submitted: 东海理工 leads two active bids then, under its limit of three (限项), so the
		// README's walk-through can start a bid on the carbon-fibre challenge and submit it
		end: "draft"},
	{key: "motor-yongcheng", challenge: "motor", team: 1, pi: bid.PI{Name: "何俊", Email: "he.jun@yongcheng.edu.cn"},
		approach: "轴向磁通电机拓扑（初稿，待补充）", end: "draft"},
	{key: "carbon-yongcheng", challenge: "carbon", team: 1, pi: bid.PI{Name: "苏航", Email: "su.hang@yongcheng.edu.cn"},
		partners: []string{"甬江智能装备集团有限公司"},
		members:  []bid.Member{{Name: "刘晓婷", Role: "树脂体系"}, {Name: "姜楠", Role: "模具设计"}},
		approach: "快速固化环氧树脂体系与高压树脂传递模塑（HP-RTM）结合，模内压力与温度闭环控制缩短成型周期。",
		end:      "submitted"},
	{key: "carbon-zhongke", challenge: "carbon", team: 2, pi: bid.PI{Name: "曹阳", Email: "cao.yang@zkyj.ac.cn"},
		approach: "热塑性碳纤维预浸带自动铺放与原位固结。", end: "withdrawn"},
}

// seedBids creates the demo bids through the bid service: on the closed challenge three bids (made in its
// story, while it was open: seedChallenges), two found eligible and one ineligible by the bureau; on the open
// challenges a submitted bid, a consortium, a draft and a withdrawn bid.
func (a *demo) seedBids(ctx context.Context, d DemoAccounts, c DemoChallenges) (DemoBids, error) {
	out := DemoBids{IDs: map[string]int64{}}
	if len(d.Teams) < 4 {
		return out, fmt.Errorf("the bid demo needs 4 teams, got %d", len(d.Teams))
	}
	for _, sp := range demoBidSpecs {
		if id, ok := c.storyBids[sp.key]; ok {
			out.IDs[sp.key] = id
			continue
		}
		chID, ok := c.IDs[sp.challenge]
		if !ok {
			return out, fmt.Errorf("demo bid %s: no demo challenge %s", sp.key, sp.challenge)
		}
		id, err := makeBid(ctx, a.Services, d, sp, chID)
		if err != nil {
			return out, err
		}
		out.IDs[sp.key] = id
	}
	for _, sp := range demoBidSpecs {
		if sp.end != "eligible" && sp.end != "ineligible" {
			continue
		}
		in := bid.EligibilityInput{Eligible: sp.end == "eligible", Reason: sp.reason}
		if _, err := a.Bids.DecideEligibility(ctx, d.Bureau.Actor, out.IDs[sp.key], in); err != nil {
			return out, fmt.Errorf("demo bid %s eligibility: %w", sp.key, err)
		}
		if in.Eligible {
			out.Eligible = append(out.Eligible, out.IDs[sp.key])
		}
	}
	for _, sp := range demoBidSpecs {
		v, err := a.Bids.Get(ctx, d.Teams[sp.team].Actor, out.IDs[sp.key])
		if err != nil {
			return out, err
		}
		out.lines = append(out.lines, fmt.Sprintf("    #%-3d %-10s %s ← %s（挂帅人 %s）", v.ID, v.Status, v.ChallengeTitle, v.LeadOrgName, v.Content.PI.Name))
	}
	return out, nil
}

// makeBid makes the demo bid sp on challenge chID through s (the services at now, or a story's while the
// challenge was open): created, its attachment added, submitted or withdrawn as its story ends.
func makeBid(ctx context.Context, s Services, d DemoAccounts, sp demoBidSpec, chID int64) (int64, error) {
	ch, err := s.Challenges.Lookup(ctx, chID)
	if err != nil {
		return 0, err
	}
	orgByName := map[string]string{}
	for code, o := range d.Orgs {
		orgByName[o.Name] = code
	}
	team := d.Teams[sp.team].Actor
	content, err := demoBidContent(sp, ch, orgByName)
	if err != nil {
		return 0, err
	}
	v, err := s.Bids.Create(ctx, team, chID, content)
	if err != nil {
		return 0, fmt.Errorf("demo bid %s: %w", sp.key, err)
	}
	if sp.attach {
		if _, err := s.Bids.AddAttachment(ctx, team, v.ID, "技术方案摘要.pdf", bytes.NewReader(demoPDF(ch.Title))); err != nil {
			return v.ID, fmt.Errorf("demo bid %s attachment: %w", sp.key, err)
		}
	}
	if sp.end != "draft" {
		if _, err := s.Bids.Submit(ctx, team, v.ID); err != nil {
			return v.ID, fmt.Errorf("demo bid %s submit: %w", sp.key, err)
		}
	}
	if sp.end == "withdrawn" {
		if _, err := s.Bids.Withdraw(ctx, team, v.ID); err != nil {
			return v.ID, fmt.Errorf("demo bid %s withdraw: %w", sp.key, err)
		}
	}
	return v.ID, nil
}

// demoBidContent fills a bid for the challenge: targets for every KPI of every stage (earlier stages a step
// short of the final target), a budget of about 90% of the government funding, the consortium's shares.
func demoBidContent(sp demoBidSpec, ch challenge.Challenge, orgByName map[string]string) (bid.Content, error) {
	c := bid.Content{PI: sp.pi, Members: sp.members, Approach: sp.approach}
	for _, name := range sp.partners {
		code, ok := orgByName[name]
		if !ok {
			return c, fmt.Errorf("demo bid %s: no demo organisation %s", sp.key, name)
		}
		c.Partners = append(c.Partners, bid.Partner{OrgName: name, CreditCode: code, Role: "联合体成员：" + partnerRole(len(c.Partners)), SharePct: 20})
	}
	if sp.end == "draft" {
		return c, nil
	}
	n := len(ch.Stages)
	for i, st := range ch.Stages {
		targets := map[string]float64{}
		for _, k := range ch.KPIs {
			targets[k.Name] = stageTarget(k, i+1, n)
		}
		c.Plan = append(c.Plan, bid.StagePlan{Stage: i + 1, KPITargets: targets,
			Deliverables: fmt.Sprintf("%s：阶段技术报告、测试数据与样件", st.Name)})
	}
	gov := ch.GovFundingFen
	for _, line := range []struct {
		item string
		pct  int64
	}{{"设备费", 35}, {"材料费", 25}, {"测试化验加工费", 15}, {"劳务费", 10}, {"专家咨询费", 5}} {
		c.Budget = append(c.Budget, bid.BudgetItem{Item: line.item, AmountFen: gov * line.pct / 100})
	}
	c.CommitmentSigned, c.IntegrityPledgeSigned = true, true
	return c, nil
}

func partnerRole(i int) string {
	return []string{"工艺试制", "试验验证", "应用示范"}[i%3]
}

// stageTarget is the KPI target a bid promises at stage s of n: the final target at the last stage, a step
// short of it before.
func stageTarget(k challenge.KPI, s, n int) float64 {
	if s == n || k.Comparison == challenge.CmpEqual || k.Target == 0 {
		return k.Target
	}
	f := 1 - 0.1*float64(n-s)
	if k.Comparison == challenge.CmpAtMost {
		f = 1 + 0.1*float64(n-s)
	}
	return math.Round(k.Target*f*100) / 100
}

// demoPDF is a minimal one-page PDF naming the challenge (content detection sees a PDF).
func demoPDF(title string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n" +
		"% " + title + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}
