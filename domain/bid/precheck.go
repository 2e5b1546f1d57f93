package bid

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/challenge"
)

// Pre-check codes (形式审查预检).
const (
	CheckCreditStatus = "credit_status"
	CheckPILimit      = "pi_limit"
	CheckOrgLimit     = "org_limit"
	CheckCompleteness = "complete"
	CheckBudgetCap    = "budget_cap"
	CheckRelatedParty = "related_party"
)

// CheckResult is one automatic pre-check with its message in both languages.
type CheckResult struct {
	Code string
	OK   bool
	Zh   string
	En   string
}

// Precheck is the automatic eligibility pre-check the bureau sees beside each bid; the bureau decides.
type Precheck struct {
	OK     bool
	Checks []CheckResult
}

// PrecheckFacts are what the pre-check looks at, gathered by the service.
type PrecheckFacts struct {
	Challenge challenge.Challenge
	Content   Content
	Lead      account.Org
	// Partners are the consortium partners that are registered on the platform, by credit code.
	Partners map[string]account.Org
	// PosterCreditCode is the credit code of the enterprise that posted the challenge.
	PosterCreditCode string
	// ActiveByPI and ActiveByOrg count the active bids of the bid's PI and lead organisation, this one included.
	ActiveByPI, ActiveByOrg   int64
	MaxActivePI, MaxActiveOrg int
	MaxPartners               int
}

// RunPrecheck evaluates the pre-checks over the facts.
func RunPrecheck(f PrecheckFacts) Precheck {
	var checks []CheckResult
	add := func(code string, ok bool, zh, en string) {
		checks = append(checks, CheckResult{Code: code, OK: ok, Zh: zh, En: en})
	}

	var badZh, badEn []string
	if f.Lead.CreditStatus != account.CreditGood {
		badZh = append(badZh, fmt.Sprintf("牵头单位 %s（%s）", f.Lead.Name, f.Lead.CreditStatus))
		badEn = append(badEn, fmt.Sprintf("lead %s (%s)", f.Lead.Name, f.Lead.CreditStatus))
	}
	for _, p := range f.Content.Partners {
		if o, ok := f.Partners[p.CreditCode]; ok && o.CreditStatus != account.CreditGood {
			badZh = append(badZh, fmt.Sprintf("成员单位 %s（%s）", o.Name, o.CreditStatus))
			badEn = append(badEn, fmt.Sprintf("partner %s (%s)", o.Name, o.CreditStatus))
		}
	}
	if len(badZh) == 0 {
		add(CheckCreditStatus, true, "牵头单位及已登记成员单位信用良好", "the lead and the registered partners are in good standing")
	} else {
		add(CheckCreditStatus, false, "信用状态异常："+strings.Join(badZh, "；"), "credit status not good: "+strings.Join(badEn, "; "))
	}

	add(CheckPILimit, f.MaxActivePI == NoLimit || f.ActiveByPI <= int64(f.MaxActivePI),
		fmt.Sprintf("挂帅人牵头的有效申报 %d 项（上限 %s）", f.ActiveByPI, limitZh(f.MaxActivePI)),
		fmt.Sprintf("the PI leads %d active bids (limit %s)", f.ActiveByPI, limitEn(f.MaxActivePI)))
	add(CheckOrgLimit, f.MaxActiveOrg == NoLimit || f.ActiveByOrg <= int64(f.MaxActiveOrg),
		fmt.Sprintf("牵头单位的有效申报 %d 项（上限 %s）", f.ActiveByOrg, limitZh(f.MaxActiveOrg)),
		fmt.Sprintf("the lead organisation leads %d active bids (limit %s)", f.ActiveByOrg, limitEn(f.MaxActiveOrg)))

	rules := Rules{Challenge: f.Challenge, MaxPartners: f.MaxPartners, LeadCreditCode: f.Lead.CreditCode}
	var ve *domain.ValidationError
	if err := CheckComplete(f.Content, rules); errors.As(err, &ve) {
		add(CheckCompleteness, false, fmt.Sprintf("申报材料有 %d 处缺漏或错误", len(ve.Fields)),
			fmt.Sprintf("%d fields missing or invalid", len(ve.Fields)))
	} else {
		add(CheckCompleteness, true, "申报材料完整", "the bid is complete")
	}

	total, capFen := f.Content.BudgetTotal(), f.Challenge.GovFundingFen
	add(CheckBudgetCap, total <= capFen,
		fmt.Sprintf("预算合计 %s，政府资助额度 %s", yuan(total), yuan(capFen)),
		fmt.Sprintf("budget total %s, government funding %s", yuanEn(total), yuanEn(capFen)))

	related := f.Lead.ID == f.Challenge.OrgID || (f.PosterCreditCode != "" && f.Lead.CreditCode == f.PosterCreditCode)
	who := "牵头单位"
	whoEn := "the lead organisation"
	for _, p := range f.Content.Partners {
		if !related && f.PosterCreditCode != "" && p.CreditCode == f.PosterCreditCode {
			related, who, whoEn = true, "成员单位 "+p.OrgName, "partner "+p.OrgName
		}
	}
	if related {
		add(CheckRelatedParty, false, who+"与发榜企业为同一单位（统一社会信用代码相同）",
			whoEn+" is the posting enterprise itself (same credit code)")
	} else {
		add(CheckRelatedParty, true, "未发现与发榜企业的关联关系", "no related-party link to the posting enterprise found")
	}

	ok := true
	for _, c := range checks {
		ok = ok && c.OK
	}
	return Precheck{OK: ok, Checks: checks}
}

// precheck gathers the facts for a bid and runs the pre-check. Content is the latest submitted version's.
func (s *Service) precheck(ctx context.Context, b Bid, ch challenge.Challenge) (Precheck, error) {
	lead, err := s.orgs.OrgByID(ctx, b.LeadOrgID)
	if err != nil {
		return Precheck{}, err
	}
	cfg := s.current(ctx, ch)
	f := PrecheckFacts{Challenge: ch, Content: b.Content, Lead: lead, Partners: map[string]account.Org{},
		MaxActivePI: cfg.MaxActiveBidsPerPI, MaxActiveOrg: cfg.MaxActiveBidsPerOrg, MaxPartners: cfg.MaxPartners}
	if poster, err := s.orgs.OrgByID(ctx, ch.OrgID); err == nil {
		f.PosterCreditCode = poster.CreditCode
	} else if !errors.Is(err, domain.ErrNotFound) {
		return Precheck{}, err
	}
	for _, p := range b.Content.Partners {
		if p.CreditCode == "" {
			continue
		}
		o, err := s.orgs.OrgByCreditCode(ctx, p.CreditCode)
		switch {
		case err == nil:
			f.Partners[p.CreditCode] = o
		case !errors.Is(err, domain.ErrNotFound):
			return Precheck{}, err
		}
	}
	self := int64(0)
	if b.Status.Active() {
		self = 1
	}
	if f.ActiveByPI, err = s.store.CountActiveByPI(ctx, b.PIEmail, ch.CallID, b.ID); err != nil {
		return Precheck{}, err
	}
	if f.ActiveByOrg, err = s.store.CountActiveByOrg(ctx, b.LeadOrgID, ch.CallID, b.ID); err != nil {
		return Precheck{}, err
	}
	f.ActiveByPI += self
	f.ActiveByOrg += self
	return RunPrecheck(f), nil
}

// limitZh and limitEn write a limit for the pre-check's messages (NoLimit: 不限 / none).
func limitZh(n int) string {
	if n == NoLimit {
		return "不限"
	}
	return fmt.Sprint(n)
}

func limitEn(n int) string {
	if n == NoLimit {
		return "none"
	}
	return fmt.Sprint(n)
}
