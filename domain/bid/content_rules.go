package bid

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/challenge"
)

// Field length limits of a bid (characters).
const (
	maxNameLen         = 100
	maxEmailLen        = 254
	maxOrgNameLen      = 200
	maxRoleLen         = 100
	maxApproachLen     = 20000
	maxDeliverablesLen = 5000
	maxBudgetItemLen   = 200
	maxMembers         = 50
	maxBudgetItems     = 100
	// maxKPIKeyLen is the longest KPI name a plan's kpi_targets may name (a challenge's KPI names are shorter).
	maxKPIKeyLen = 100
	// maxKPITargets bounds the targets of one stage (a challenge has at most 30 KPIs), so that a flood of
	// unknown names cannot turn into as many error messages.
	maxKPITargets = 30
	// maxAmountFen caps one budget line (10 billion yuan), as the challenge caps its amounts, so that no sum
	// of lines can overflow and slip under the funding cap.
	maxAmountFen int64 = 1_000_000_000_000
)

// Rules are what a bid's content is checked against: the challenge (its KPIs, stages and funding cap), the
// consortium size and the lead organisation's credit code.
type Rules struct {
	Challenge      challenge.Challenge
	MaxPartners    int
	LeadCreditCode string
}

// NormalizeContent trims what users type: spaces around names and e-mails, credit codes in upper case.
func NormalizeContent(c Content) Content {
	c.PI.Name = strings.TrimSpace(c.PI.Name)
	c.PI.Email = strings.TrimSpace(c.PI.Email)
	c.Partners = append([]Partner(nil), c.Partners...)
	for i := range c.Partners {
		c.Partners[i].OrgName = strings.TrimSpace(c.Partners[i].OrgName)
		c.Partners[i].CreditCode = account.NormalizeCreditCode(c.Partners[i].CreditCode)
		c.Partners[i].Role = strings.TrimSpace(c.Partners[i].Role)
	}
	c.Members = append([]Member(nil), c.Members...)
	for i := range c.Members {
		c.Members[i].Name = strings.TrimSpace(c.Members[i].Name)
		c.Members[i].Role = strings.TrimSpace(c.Members[i].Role)
	}
	c.Budget = append([]BudgetItem(nil), c.Budget...)
	for i := range c.Budget {
		c.Budget[i].Item = strings.TrimSpace(c.Budget[i].Item)
	}
	return c
}

// CheckFormat checks what a draft must already respect: lengths, ranges, valid credit codes, known stages
// and KPIs, the consortium size. Missing values are allowed (a draft may be incomplete).
func CheckFormat(c Content, r Rules) error {
	var v domain.Validator
	checkFormat(&v, c, r)
	return v.Err()
}

// CheckComplete checks a bid for submission: everything CheckFormat checks, plus every required field, the
// shares adding up to 100, a plan with a target for every KPI for every stage, a budget within the challenge's
// government funding and both pledges signed. It reports every problem at once.
func CheckComplete(c Content, r Rules) error {
	var v domain.Validator
	checkFormat(&v, c, r)
	checkComplete(&v, c, r)
	return v.Err()
}

func checkFormat(v *domain.Validator, c Content, r Rules) {
	v.MaxLen("pi.name", c.PI.Name, maxNameLen)
	if v.MaxLen("pi.email", c.PI.Email, maxEmailLen) && c.PI.Email != "" {
		v.Check(validEmail(c.PI.Email), "pi.email", "invalid_email", "电子邮箱格式不正确", "is not a valid e-mail address")
	}
	if c.LeadSharePct != nil {
		v.Range("lead_share_pct", int64(*c.LeadSharePct), 1, 100)
	}
	checkPartnersFormat(v, c, r)
	if v.Check(len(c.Members) <= maxMembers, "members", "too_many",
		fmt.Sprintf("团队成员不能超过 %d 人", maxMembers), fmt.Sprintf("at most %d members", maxMembers)) {
		for i, m := range c.Members {
			v.MaxLen(fmt.Sprintf("members[%d].name", i), m.Name, maxNameLen)
			v.MaxLen(fmt.Sprintf("members[%d].role", i), m.Role, maxRoleLen)
		}
	}
	v.MaxLen("approach", c.Approach, maxApproachLen)
	checkPlanFormat(v, c, r)
	if v.Check(len(c.Budget) <= maxBudgetItems, "budget", "too_many",
		fmt.Sprintf("预算明细不能超过 %d 项", maxBudgetItems), fmt.Sprintf("at most %d budget lines", maxBudgetItems)) {
		for i, b := range c.Budget {
			v.MaxLen(fmt.Sprintf("budget[%d].item", i), b.Item, maxBudgetItemLen)
			if v.NonNegative(fmt.Sprintf("budget[%d].amount_fen", i), b.AmountFen) {
				v.Range(fmt.Sprintf("budget[%d].amount_fen", i), b.AmountFen, 0, maxAmountFen)
			}
		}
	}
}

func checkPartnersFormat(v *domain.Validator, c Content, r Rules) {
	if !v.Check(len(c.Partners) <= r.MaxPartners, "partners", "too_many",
		fmt.Sprintf("联合体成员单位不能超过 %d 家", r.MaxPartners), fmt.Sprintf("at most %d consortium partners", r.MaxPartners)) {
		return
	}
	seen := map[string]int{}
	for i, p := range c.Partners {
		f := fmt.Sprintf("partners[%d].", i)
		v.MaxLen(f+"org_name", p.OrgName, maxOrgNameLen)
		v.MaxLen(f+"role", p.Role, maxRoleLen)
		v.Range(f+"share_pct", int64(p.SharePct), 0, 99)
		if p.CreditCode == "" {
			continue
		}
		if !v.Check(account.ValidCreditCode(p.CreditCode), f+"credit_code", "invalid_credit_code",
			"统一社会信用代码无效（应为 18 位且校验位正确）", "is not a valid unified social credit code (18 characters with a correct check character)") {
			continue
		}
		if r.LeadCreditCode != "" && p.CreditCode == r.LeadCreditCode {
			v.Add(f+"credit_code", "same_as_lead", "成员单位不能是牵头单位本身", "a partner cannot be the lead organisation itself")
			continue
		}
		if j, dup := seen[p.CreditCode]; dup {
			v.Add(f+"credit_code", "duplicate", fmt.Sprintf("与第 %d 家成员单位重复", j+1), fmt.Sprintf("repeats partner %d", j+1))
			continue
		}
		seen[p.CreditCode] = i
	}
	total := c.PartnerShare()
	if c.LeadSharePct != nil {
		total += *c.LeadSharePct
	}
	if total > 100 {
		v.Add("partners", "share_over_100", "牵头单位与成员单位的分工比例合计超过 100%", "the shares of work add up to more than 100%")
	}
}

func checkPlanFormat(v *domain.Validator, c Content, r Rules) {
	n := len(r.Challenge.Stages)
	kpis := map[string]bool{}
	for _, k := range r.Challenge.KPIs {
		kpis[k.Name] = true
	}
	if !v.Check(len(c.Plan) <= n, "plan", "too_many",
		fmt.Sprintf("该榜单只有 %d 个阶段", n), fmt.Sprintf("the challenge has %d stages", n)) {
		return
	}
	seen := map[int]bool{}
	for i, p := range c.Plan {
		f := fmt.Sprintf("plan[%d].", i)
		if v.Range(f+"stage", int64(p.Stage), 1, int64(n)) {
			v.Check(!seen[p.Stage], f+"stage", "duplicate", "阶段重复", "stage repeated")
			seen[p.Stage] = true
		}
		v.MaxLen(f+"deliverables", p.Deliverables, maxDeliverablesLen)
		if !v.Check(len(p.KPITargets) <= maxKPITargets, f+"kpi_targets", "too_many",
			fmt.Sprintf("技术指标目标值不能超过 %d 项", maxKPITargets), fmt.Sprintf("at most %d KPI targets", maxKPITargets)) {
			continue
		}
		for name := range p.KPITargets {
			field := f + "kpi_targets." + name
			if utf8.RuneCountInString(name) > maxKPIKeyLen {
				field = f + "kpi_targets" // no KPI has so long a name: do not echo it back
			}
			v.Check(kpis[name], field, "unknown_kpi", "榜单没有此技术指标", "the challenge has no such KPI")
		}
	}
}

func checkComplete(v *domain.Validator, c Content, r Rules) {
	v.Required("pi.name", c.PI.Name)
	v.Required("pi.email", c.PI.Email)
	for i, p := range c.Partners {
		f := fmt.Sprintf("partners[%d].", i)
		v.Required(f+"org_name", p.OrgName)
		v.Required(f+"credit_code", p.CreditCode)
		v.Required(f+"role", p.Role)
		v.Check(p.SharePct >= 1, f+"share_pct", "required", "请填写分工比例（至少 1%）", "give a share of work (at least 1%)")
	}
	lead := c.EffectiveLeadShare()
	switch {
	case lead < 1:
		v.Add("lead_share_pct", "no_lead_share", "成员单位的分工比例须给牵头单位留出份额", "the partners' shares must leave the lead a share")
	case lead+c.PartnerShare() != 100:
		v.Add("lead_share_pct", "share_sum", "牵头单位与成员单位的分工比例合计须为 100%", "the lead's and the partners' shares must add up to 100%")
	}
	for i, m := range c.Members {
		v.Required(fmt.Sprintf("members[%d].name", i), m.Name)
	}
	v.Required("approach", c.Approach)
	checkPlanComplete(v, c, r)
	if v.Check(len(c.Budget) > 0, "budget", "required", "请填写预算明细", "a budget breakdown is required") {
		for i, b := range c.Budget {
			v.Required(fmt.Sprintf("budget[%d].item", i), b.Item)
		}
		cp := r.Challenge.GovFundingFen
		v.Check(c.BudgetTotal() <= cp, "budget", "over_cap",
			fmt.Sprintf("预算合计 %s 超过榜单的政府资助额度 %s", yuan(c.BudgetTotal()), yuan(cp)),
			fmt.Sprintf("the budget total %s exceeds the challenge's government funding %s", yuanEn(c.BudgetTotal()), yuanEn(cp)))
	}
	v.Check(c.CommitmentSigned, "commitment_signed", "must_sign", "提交前须签署军令状", "the commitment pledge must be signed before submission")
	v.Check(c.IntegrityPledgeSigned, "integrity_pledge_signed", "must_sign", "提交前须签署科研诚信承诺书", "the research-integrity pledge must be signed before submission")
}

func checkPlanComplete(v *domain.Validator, c Content, r Rules) {
	byStage := map[int]int{}
	for i, p := range c.Plan {
		if _, dup := byStage[p.Stage]; !dup {
			byStage[p.Stage] = i
		}
	}
	for s := 1; s <= len(r.Challenge.Stages); s++ {
		if _, ok := byStage[s]; !ok {
			st := r.Challenge.Stages[s-1].Name
			v.Add(fmt.Sprintf("plan[%d]", s-1), "missing_stage",
				fmt.Sprintf("缺少第 %d 阶段（%s）的计划", s, st), fmt.Sprintf("the plan for stage %d (%s) is missing", s, st))
		}
	}
	for i, p := range c.Plan {
		f := fmt.Sprintf("plan[%d].", i)
		for _, k := range r.Challenge.KPIs {
			if _, ok := p.KPITargets[k.Name]; !ok {
				v.Add(f+"kpi_targets."+k.Name, "required", "请填写该技术指标的目标值", "a target for this KPI is required")
			}
		}
		v.Required(f+"deliverables", p.Deliverables)
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// yuan formats fen as 万元 for messages.
func yuan(fen int64) string {
	return fmt.Sprintf("%.2f 万元", float64(fen)/1e6)
}

// yuanEn is an amount in fen for English messages: yuan with thousands separators.
func yuanEn(fen int64) string {
	s := fmt.Sprintf("%.2f", float64(fen)/100)
	whole, frac := s[:len(s)-3], s[len(s)-3:]
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	if neg {
		whole = "-" + whole
	}
	return "CNY " + whole + frac
}
