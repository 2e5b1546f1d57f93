package challenge

import (
	"fmt"
	"math"
	"strings"

	"jiebang/domain"
)

// Limits on the content of a challenge.
const (
	maxTitle     = 200
	maxLongText  = 20000
	maxShortText = 5000
	maxKPIs      = 30
	maxStages    = 10
	maxKPIName   = 100
	maxUnit      = 20
	maxMethod    = 2000
	maxStageName = 50
	// maxFen caps each amount (10 billion yuan) so sums cannot overflow.
	maxFen int64 = 1_000_000_000_000
)

// checkFormat checks what a draft must get right even when incomplete: lengths, choices, ranges and signs.
func checkFormat(v *domain.Validator, c Challenge, pol Policy) {
	v.MaxLen("title", c.Title, maxTitle)
	if c.Field != "" {
		v.OneOf("field", c.Field, pol.FieldCodes...)
	}
	v.MaxLen("background", c.Background, maxLongText)
	v.MaxLen("problem", c.Problem, maxLongText)
	v.MaxLen("deliverables", c.Deliverables, maxShortText)
	v.MaxLen("ip_terms", c.IPTerms, maxShortText)
	v.MaxLen("eligibility", c.Eligibility, maxShortText)
	v.Range("duration_months", int64(c.DurationMonths), 0, MaxDurationMonths)
	for _, m := range []struct {
		field string
		fen   int64
	}{{"budget_fen", c.BudgetFen}, {"gov_funding_fen", c.GovFundingFen}, {"cofunding_fen", c.CofundingFen}} {
		if v.NonNegative(m.field, m.fen) {
			v.Range(m.field, m.fen, 0, maxFen)
		}
	}
	if v.OneOf("mode", string(c.Mode), string(ModeSingle), string(ModeRace)) && c.Mode == ModeRace {
		v.Range("max_racers", int64(c.MaxRacers), MinRacers, MaxRacersLimit)
	}
	v.Check(len(c.KPIs) <= maxKPIs, "kpis", "too_many", fmt.Sprintf("技术指标不能超过 %d 项", maxKPIs),
		fmt.Sprintf("at most %d KPIs", maxKPIs))
	for i, k := range c.KPIs {
		p := fmt.Sprintf("kpis[%d].", i)
		v.MaxLen(p+"name", k.Name, maxKPIName)
		v.MaxLen(p+"unit", k.Unit, maxUnit)
		v.MaxLen(p+"method", k.Method, maxMethod)
		if k.Comparison != "" {
			v.OneOf(p+"comparison", k.Comparison, CmpAtLeast, CmpAtMost, CmpEqual)
		}
		if !k.NoTarget {
			v.Check(!math.IsNaN(k.Target) && !math.IsInf(k.Target, 0), p+"target", "not_a_number",
				"目标值应为有限数值", "must be a finite number")
		}
	}
	v.Check(len(c.Stages) <= maxStages, "stages", "too_many", fmt.Sprintf("阶段不能超过 %d 个", maxStages),
		fmt.Sprintf("at most %d stages", maxStages))
	for i, s := range c.Stages {
		p := fmt.Sprintf("stages[%d].", i)
		v.MaxLen(p+"name", s.Name, maxStageName)
		v.Range(p+"offset_months", int64(s.OffsetMonths), 0, MaxDurationMonths)
		v.Range(p+"funding_share_pct", int64(s.FundingSharePct), 0, 100)
		v.Range(p+"min_score", int64(s.MinScore), 0, 100)
		if s.KeepTop != nil {
			v.Check(*s.KeepTop >= 1, p+"keep_top", "out_of_range", "保留名额至少为 1（留空表示按默认规则）",
				"must be at least 1 (leave empty for the rule default)")
		}
	}
}

// checkComplete checks what submission needs on top of the formats: every required field, the money rules
// (budget ≥ government + enterprise funding, enterprise co-funding ≥ government funding, 1:1) and a
// consistent stage plan. It names every missing or wrong field.
func checkComplete(v *domain.Validator, c Challenge, pol Policy) {
	for _, f := range []struct{ name, val string }{
		{"title", c.Title}, {"field", c.Field}, {"background", c.Background}, {"problem", c.Problem},
		{"deliverables", c.Deliverables}, {"ip_terms", c.IPTerms}, {"eligibility", c.Eligibility},
	} {
		v.Required(f.name, f.val)
	}
	if c.DurationMonths == 0 {
		v.Add("duration_months", "required", "此项为必填项", "is required")
	}
	positive := func(field string, fen int64) {
		v.Check(fen > 0, field, "required", "金额须大于 0", "must be greater than 0")
	}
	positive("budget_fen", c.BudgetFen)
	positive("gov_funding_fen", c.GovFundingFen)
	if c.GovFundingFen > 0 && c.CofundingFen >= 0 {
		v.Check(c.CofundingFen*100 >= c.GovFundingFen*int64(pol.CofundingRatioPct), "cofunding_fen", "cofunding_too_low",
			fmt.Sprintf("企业配套资金不得低于申请的政府资金的 %d%%", pol.CofundingRatioPct),
			fmt.Sprintf("the enterprise's co-funding must be at least %d%% of the government funding requested", pol.CofundingRatioPct))
	}
	if c.BudgetFen > 0 && c.GovFundingFen >= 0 && c.CofundingFen >= 0 {
		v.Check(c.BudgetFen >= c.GovFundingFen+c.CofundingFen, "budget_fen", "budget_too_low",
			"榜额不得低于政府资金与企业配套资金之和", "the budget must be at least the government funding plus the co-funding")
	}
	if v.Check(len(c.KPIs) > 0, "kpis", "required", "至少填写一项量化技术指标", "at least one quantified KPI is required") {
		seen := map[string]bool{}
		for i, k := range c.KPIs {
			p := fmt.Sprintf("kpis[%d].", i)
			if v.Required(p+"name", k.Name) {
				name := strings.TrimSpace(k.Name)
				v.Check(!seen[name], p+"name", "duplicate", "指标名称不能重复", "KPI names must be unique")
				seen[name] = true
			}
			v.Check(!k.NoTarget, p+"target", "required", "此项为必填项", "is required")
			v.Required(p+"unit", k.Unit)
			v.Required(p+"comparison", k.Comparison)
			v.Required(p+"method", k.Method)
		}
	}
	checkStagePlan(v, c)
}

// checkStagePlan checks the stage plan against the duration: unique names, offsets 1..duration strictly
// increasing, funding shares totalling at most 100%, keep_top within the racers.
func checkStagePlan(v *domain.Validator, c Challenge) {
	if !v.Check(len(c.Stages) > 0, "stages", "required", "至少需要一个阶段", "at least one stage is required") {
		return
	}
	names := map[string]bool{}
	total, prev := 0, 0
	for i, s := range c.Stages {
		p := fmt.Sprintf("stages[%d].", i)
		if v.Required(p+"name", s.Name) {
			name := strings.TrimSpace(s.Name)
			v.Check(!names[name], p+"name", "duplicate", "阶段名称不能重复", "stage names must be unique")
			names[name] = true
		}
		if c.DurationMonths > 0 && v.Range(p+"offset_months", int64(s.OffsetMonths), 1, int64(c.DurationMonths)) {
			v.Check(s.OffsetMonths > prev, p+"offset_months", "not_increasing", "各阶段的月数须严格递增",
				"offsets must be strictly increasing")
		}
		prev = max(prev, s.OffsetMonths)
		total += s.FundingSharePct
		if s.KeepTop != nil && *s.KeepTop >= 1 {
			v.Check(*s.KeepTop <= c.MaxRacers, p+"keep_top", "out_of_range",
				fmt.Sprintf("保留名额不能超过揭榜团队上限 %d", c.MaxRacers), fmt.Sprintf("must not exceed max_racers (%d)", c.MaxRacers))
		}
	}
	v.Check(total <= 100, "stages", "share_total_exceeded",
		fmt.Sprintf("各阶段拨付比例合计 %d%%，不得超过 100%%", total), fmt.Sprintf("funding shares total %d%%, at most 100%% allowed", total))
}

// ValidateDraft checks the formats of a draft's content under the default policy (422 naming each field).
func ValidateDraft(c Challenge) error { return ValidateDraftUnder(c, DefaultPolicy()) }

// ValidateDraftUnder checks the formats of a draft's content under pol.
func ValidateDraftUnder(c Challenge, pol Policy) error {
	var v domain.Validator
	checkFormat(&v, c, pol)
	return v.Err()
}

// ValidateForSubmission checks formats and completeness under the default policy (422 listing every missing or
// wrong field).
func ValidateForSubmission(c Challenge) error { return ValidateForSubmissionUnder(c, DefaultPolicy()) }

// ValidateForSubmissionUnder checks formats and completeness under pol.
func ValidateForSubmissionUnder(c Challenge, pol Policy) error {
	var v domain.Validator
	checkFormat(&v, c, pol)
	checkComplete(&v, c, pol)
	return v.Err()
}
