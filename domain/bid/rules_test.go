package bid_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
)

// code makes a valid credit code from a number.
func code(n int) string {
	body := fmt.Sprintf("91330100%09d", n)
	c, _ := account.CreditCodeCheckChar(body)
	return body + string(c)
}

func testChallenge() challenge.Challenge {
	dl := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	return challenge.Challenge{ID: 7, OrgID: 70, Status: challenge.StatusPublished, Title: "高精度减速器",
		KPIs:          []challenge.KPI{{Name: "精度", Target: 1, Unit: "arcmin"}, {Name: "寿命", Target: 8000, Unit: "h"}},
		Stages:        []challenge.Stage{{Name: "中期"}, {Name: "验收"}},
		GovFundingFen: 5_000_000_00, BidDeadline: &dl}
}

func completeContent() bid.Content {
	return bid.Content{
		PI:       bid.PI{Name: "李青", Email: "li.qing@zju.edu.cn"},
		Partners: []bid.Partner{{OrgName: "杭州精工", CreditCode: code(2), Role: "样机试制", SharePct: 30}},
		Members:  []bid.Member{{Name: "王强", Role: "结构设计"}},
		Approach: "少齿差行星传动与误差补偿",
		Plan: []bid.StagePlan{
			{Stage: 1, KPITargets: map[string]float64{"精度": 1.5, "寿命": 4000}, Deliverables: "原理样机"},
			{Stage: 2, KPITargets: map[string]float64{"精度": 1, "寿命": 8000}, Deliverables: "工程样机"},
		},
		Budget:                []bid.BudgetItem{{Item: "设备费", AmountFen: 2_000_000_00}, {Item: "材料费", AmountFen: 1_000_000_00}},
		CommitmentSigned:      true,
		IntegrityPledgeSigned: true,
	}
}

func rules() bid.Rules {
	return bid.Rules{Challenge: testChallenge(), MaxPartners: 4, LeadCreditCode: code(1)}
}

func intp(n int) *int { return &n }

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			out[f.Field] = f.Code
		}
	}
	return out
}

func TestContentRules(t *testing.T) {
	cases := []struct {
		name     string
		mutate   func(c *bid.Content)
		format   map[string]string // field errors expected from CheckFormat (draft)
		complete map[string]string // field errors expected from CheckComplete (submission)
	}{
		{name: "complete bid", mutate: func(c *bid.Content) {}},
		{name: "lead share given and adding up", mutate: func(c *bid.Content) { c.LeadSharePct = intp(70) }},
		{name: "empty draft may be saved", mutate: func(c *bid.Content) { *c = bid.Content{} },
			complete: map[string]string{"pi.name": "required", "pi.email": "required", "approach": "required",
				"plan[0]": "missing_stage", "plan[1]": "missing_stage", "budget": "required",
				"commitment_signed": "must_sign", "integrity_pledge_signed": "must_sign"}},
		{name: "bad partner credit code", mutate: func(c *bid.Content) { c.Partners[0].CreditCode = "91330100000000002X" },
			format: map[string]string{"partners[0].credit_code": "invalid_credit_code"}},
		{name: "partner credit code lower case is normalised", mutate: func(c *bid.Content) {
			c.Partners = []bid.Partner{{OrgName: "某研究院", CreditCode: "12330000MB0000000" + "x", Role: "测试", SharePct: 10}}
			c.LeadSharePct = nil
		}, format: map[string]string{"partners[0].credit_code": "invalid_credit_code"}},
		{name: "partner is the lead itself", mutate: func(c *bid.Content) { c.Partners[0].CreditCode = code(1) },
			format: map[string]string{"partners[0].credit_code": "same_as_lead"}},
		{name: "duplicate partners", mutate: func(c *bid.Content) {
			c.Partners = append(c.Partners, bid.Partner{OrgName: "又一家", CreditCode: code(2), Role: "测试", SharePct: 10})
		}, format: map[string]string{"partners[1].credit_code": "duplicate"}},
		{name: "too many partners", mutate: func(c *bid.Content) {
			for i := 3; i < 8; i++ {
				c.Partners = append(c.Partners, bid.Partner{OrgName: "单位", CreditCode: code(i), Role: "协作", SharePct: 5})
			}
		}, format: map[string]string{"partners": "too_many"}},
		{name: "partners leave no share for the lead", mutate: func(c *bid.Content) {
			c.Partners[0].SharePct = 99
			c.Partners = append(c.Partners, bid.Partner{OrgName: "乙", CreditCode: code(3), Role: "r", SharePct: 1})
		},
			complete: map[string]string{"lead_share_pct": "no_lead_share"}},
		{name: "shares do not add up", mutate: func(c *bid.Content) { c.LeadSharePct = intp(60) },
			complete: map[string]string{"lead_share_pct": "share_sum"}},
		{name: "shares over 100", mutate: func(c *bid.Content) { c.LeadSharePct = intp(80) },
			format: map[string]string{"partners": "share_over_100"}, complete: map[string]string{"lead_share_pct": "share_sum"}},
		{name: "incomplete partner", mutate: func(c *bid.Content) { c.Partners[0] = bid.Partner{OrgName: "丙"} },
			complete: map[string]string{"partners[0].credit_code": "required", "partners[0].role": "required", "partners[0].share_pct": "required"}},
		{name: "bad e-mail", mutate: func(c *bid.Content) { c.PI.Email = "li at zju" },
			format: map[string]string{"pi.email": "invalid_email"}},
		{name: "unknown KPI and stage out of range", mutate: func(c *bid.Content) {
			c.Plan[0].KPITargets["重量"] = 3
			c.Plan[1].Stage = 3
		}, format: map[string]string{"plan[0].kpi_targets.重量": "unknown_kpi", "plan[1].stage": "out_of_range"},
			complete: map[string]string{"plan[1]": "missing_stage"}},
		{name: "a flood of KPI targets is one error", mutate: func(c *bid.Content) {
			for i := 0; i < 1000; i++ {
				c.Plan[0].KPITargets[fmt.Sprintf("指标%d", i)] = 1
			}
		}, format: map[string]string{"plan[0].kpi_targets": "too_many"}},
		{name: "a huge unknown KPI name is not echoed as a field path", mutate: func(c *bid.Content) {
			delete(c.Plan[0].KPITargets, "寿命")
			c.Plan[0].KPITargets[strings.Repeat("指", 5000)] = 1
		}, format: map[string]string{"plan[0].kpi_targets": "unknown_kpi"}, complete: map[string]string{"plan[0].kpi_targets.寿命": "required"}},
		{name: "missing KPI target and stage", mutate: func(c *bid.Content) {
			delete(c.Plan[0].KPITargets, "寿命")
			c.Plan = c.Plan[:1]
		}, complete: map[string]string{"plan[0].kpi_targets.寿命": "required", "plan[1]": "missing_stage"}},
		{name: "duplicate stage", mutate: func(c *bid.Content) { c.Plan[1].Stage = 1 },
			format: map[string]string{"plan[1].stage": "duplicate"}, complete: map[string]string{"plan[1]": "missing_stage"}},
		{name: "budget over the cap", mutate: func(c *bid.Content) { c.Budget[0].AmountFen = 4_500_000_00 },
			complete: map[string]string{"budget": "over_cap"}},
		{name: "negative budget line", mutate: func(c *bid.Content) { c.Budget[1].AmountFen = -1 },
			format: map[string]string{"budget[1].amount_fen": "negative"}},
		{name: "budget lines that overflow int64 when added", mutate: func(c *bid.Content) {
			c.Budget[0].AmountFen = math.MaxInt64
			c.Budget[1].AmountFen = 2
		}, format: map[string]string{"budget[0].amount_fen": "out_of_range"}, complete: map[string]string{"budget": "over_cap"}},
		{name: "pledges unsigned", mutate: func(c *bid.Content) { c.CommitmentSigned, c.IntegrityPledgeSigned = false, false },
			complete: map[string]string{"commitment_signed": "must_sign", "integrity_pledge_signed": "must_sign"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := completeContent()
			tc.mutate(&c)
			c = bid.NormalizeContent(c)
			got := fieldsOf(bid.CheckFormat(c, rules()))
			assertFields(t, "format", got, tc.format)
			want := map[string]string{}
			for k, v := range tc.format {
				want[k] = v
			}
			for k, v := range tc.complete {
				want[k] = v
			}
			assertFields(t, "complete", fieldsOf(bid.CheckComplete(c, rules())), want)
		})
	}
}

func assertFields(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got fields %v, want %v", what, got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s: field %s: got %q, want %q (all: %v)", what, k, got[k], v, got)
		}
	}
}

func TestEffectiveLeadShare(t *testing.T) {
	c := completeContent()
	if got := c.EffectiveLeadShare(); got != 70 {
		t.Fatalf("lead share from partners: %d", got)
	}
	c.LeadSharePct = intp(55)
	if got := c.EffectiveLeadShare(); got != 55 {
		t.Fatalf("given lead share: %d", got)
	}
}

func TestTransitions(t *testing.T) {
	cases := []struct {
		from   bid.Status
		action bid.Action
		to     bid.Status
	}{
		{bid.StatusDraft, bid.ActionEdit, bid.StatusDraft},
		{bid.StatusDraft, bid.ActionSubmit, bid.StatusSubmitted},
		{bid.StatusDraft, bid.ActionWithdraw, bid.StatusWithdrawn},
		{bid.StatusDraft, bid.ActionEligible, ""},
		{bid.StatusSubmitted, bid.ActionSubmit, bid.StatusSubmitted},
		{bid.StatusSubmitted, bid.ActionEdit, bid.StatusSubmitted},
		{bid.StatusSubmitted, bid.ActionWithdraw, bid.StatusWithdrawn},
		{bid.StatusSubmitted, bid.ActionIneligible, bid.StatusIneligible},
		{bid.StatusIneligible, bid.ActionEligible, bid.StatusEligible},
		{bid.StatusEligible, bid.ActionEdit, ""},
		{bid.StatusEligible, bid.ActionWithdraw, ""},
		{bid.StatusWithdrawn, bid.ActionSubmit, ""},
		{bid.StatusWithdrawn, bid.ActionAttach, ""},
		{bid.StatusSelected, bid.ActionIneligible, ""},
	}
	for _, tc := range cases {
		to, err := bid.Next(tc.from, tc.action)
		if tc.to == "" {
			if !errors.Is(err, domain.ErrInvalidTransition) || domain.CodeOf(err) != "invalid_transition" {
				t.Errorf("%s --%s-->: want invalid transition, got %q %v", tc.from, tc.action, to, err)
			}
			continue
		}
		if err != nil || to != tc.to {
			t.Errorf("%s --%s-->: got %q %v, want %q", tc.from, tc.action, to, err, tc.to)
		}
	}
}

func TestLimits(t *testing.T) {
	cfg := bid.Config{MaxActiveBidsPerPI: 1, MaxActiveBidsPerOrg: 3}
	cases := []struct {
		pi, org int64
		code    string
	}{
		{0, 0, ""}, {0, 2, ""}, {1, 0, "pi_limit_exceeded"}, {0, 3, "org_limit_exceeded"}, {1, 3, "pi_limit_exceeded"},
	}
	for _, tc := range cases {
		err := bid.CheckLimits(tc.pi, tc.org, cfg)
		if domain.CodeOf(err) != tc.code {
			t.Errorf("pi %d org %d: got %v, want %q", tc.pi, tc.org, err, tc.code)
		}
		if tc.code != "" && !errors.Is(err, domain.ErrConflict) {
			t.Errorf("limit error must be a 409: %v", err)
		}
	}
	if err := bid.CheckLimits(1, 0, bid.Config{MaxActiveBidsPerPI: 2}); err != nil {
		t.Errorf("configured PI limit 2: %v", err)
	}
}

func TestBudgetTotalSaturates(t *testing.T) {
	c := bid.Content{Budget: []bid.BudgetItem{{AmountFen: math.MaxInt64}, {AmountFen: math.MaxInt64}, {AmountFen: 3}}}
	if got := c.BudgetTotal(); got != math.MaxInt64 {
		t.Fatalf("overflowing total = %d, want saturation at MaxInt64", got)
	}
}

func TestStatusActive(t *testing.T) {
	for s, want := range map[bid.Status]bool{bid.StatusDraft: false, bid.StatusSubmitted: true, bid.StatusWithdrawn: false,
		bid.StatusEligible: true, bid.StatusIneligible: false, bid.StatusSelected: true, bid.StatusNotSelected: false} {
		if s.Active() != want {
			t.Errorf("%s active = %v", s, !want)
		}
	}
}

// TestMachineRoles: the team edits, attaches, submits and withdraws; the bureau decides eligibility; the
// bureau or the system sets the outcome; every other role is refused with role_not_allowed.
func TestMachineRoles(t *testing.T) {
	roles := []domain.Role{domain.RoleEnterprise, domain.RoleTeam, domain.RoleExpert, domain.RoleBureau, domain.RoleAdmin, domain.RoleSystem}
	who := map[bid.Action][]domain.Role{
		bid.ActionEdit: {domain.RoleTeam}, bid.ActionAttach: {domain.RoleTeam}, bid.ActionDetach: {domain.RoleTeam},
		bid.ActionSubmit: {domain.RoleTeam}, bid.ActionWithdraw: {domain.RoleTeam},
		bid.ActionEligible: {domain.RoleBureau}, bid.ActionIneligible: {domain.RoleBureau},
		bid.ActionSelected: {domain.RoleBureau, domain.RoleSystem}, bid.ActionNotSelected: {domain.RoleBureau, domain.RoleSystem},
		bid.ActionCancel: {domain.RoleBureau, domain.RoleSystem}, bid.ActionNotCorrected: {domain.RoleBureau, domain.RoleSystem},
	}
	for _, e := range bid.Machine.Edges() {
		for _, r := range roles {
			want := slices.Contains(who[e.Action], r)
			to, err := bid.Machine.Next(e.From, e.Action, r, bid.Bid{Status: e.From})
			if want && (err != nil || to != e.To) {
				t.Errorf("%s may %s from %s: got %q %v", r, e.Action, e.From, to, err)
			}
			if !want && domain.CodeOf(err) != "role_not_allowed" {
				t.Errorf("%s may not %s from %s: got %q %v", r, e.Action, e.From, to, err)
			}
		}
	}
	for _, tc := range []struct {
		from   bid.Status
		action bid.Action
		to     bid.Status
	}{
		{bid.StatusEligible, bid.ActionSelected, bid.StatusSelected},
		{bid.StatusEligible, bid.ActionNotSelected, bid.StatusNotSelected},
		{bid.StatusSelected, bid.ActionNotSelected, bid.StatusNotSelected},
		{bid.StatusNotSelected, bid.ActionSelected, bid.StatusSelected},
		{bid.StatusSubmitted, bid.ActionSelected, ""},
		{bid.StatusIneligible, bid.ActionSelected, ""},
		{bid.StatusSelected, bid.ActionWithdraw, ""},
		{bid.StatusSubmitted, bid.ActionCancel, bid.StatusCancelled},
		{bid.StatusSelected, bid.ActionCancel, bid.StatusCancelled},
		{bid.StatusWithdrawn, bid.ActionCancel, ""},
		{bid.StatusIneligible, bid.ActionCancel, ""},
		{bid.StatusCancelled, bid.ActionWithdraw, ""},
		{bid.StatusCancelled, bid.ActionSubmit, ""},
	} {
		to, err := bid.Next(tc.from, tc.action)
		if to != tc.to || (tc.to == "") != (err != nil) {
			t.Errorf("%s --%s-->: got %q %v, want %q", tc.from, tc.action, to, err, tc.to)
		}
	}
}
