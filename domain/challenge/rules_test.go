package challenge

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"jiebang/domain"
)

func intp(n int) *int { return &n }

// complete is a challenge that passes submission.
func complete() Challenge {
	return Challenge{
		Status: StatusDraft, Title: "高功率密度永磁同步电机", Field: "equipment", Background: "背景", Problem: "难题",
		KPIs: []KPI{
			{Name: "功率密度", Target: 5, Unit: "kW/kg", Comparison: CmpAtLeast, Method: "第三方检测"},
			{Name: "效率", Target: 96, Unit: "%", Comparison: CmpAtLeast, Method: "台架试验"},
		},
		Deliverables: "样机 2 台", DurationMonths: 24, BudgetFen: 1000_000_00, GovFundingFen: 300_000_00, CofundingFen: 500_000_00,
		IPTerms: "双方共有", Eligibility: "不限", Mode: ModeRace, MaxRacers: 3, Stages: DefaultStages(24),
	}
}

func fieldsOf(err error) []string {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+"="+f.Code)
	}
	sort.Strings(out)
	return out
}

func TestValidateForSubmission(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mod  func(c *Challenge)
		want []string // field=code; nil means valid
	}{
		{"complete", func(c *Challenge) {}, nil},
		{"single mode", func(c *Challenge) { c.Mode, c.MaxRacers = ModeSingle, 1 }, nil},
		{"empty draft", func(c *Challenge) { *c = Challenge{Mode: ModeSingle, MaxRacers: 1} }, []string{
			"background=required", "budget_fen=required", "deliverables=required", "duration_months=required",
			"eligibility=required", "field=required", "gov_funding_fen=required", "ip_terms=required",
			"kpis=required", "problem=required", "stages=required", "title=required"}},
		{"kpi without target and unit", func(c *Challenge) { c.KPIs[1].NoTarget, c.KPIs[1].Unit = true, "" },
			[]string{"kpis[1].target=required", "kpis[1].unit=required"}},
		{"zero target is a target", func(c *Challenge) { c.KPIs[1].Target, c.KPIs[1].Comparison = 0, CmpAtMost }, nil},
		{"bad comparison", func(c *Challenge) { c.KPIs[0].Comparison = ">" }, []string{"kpis[0].comparison=invalid_choice"}},
		{"duplicate kpi", func(c *Challenge) { c.KPIs[1].Name = " 功率密度" }, []string{"kpis[1].name=duplicate"}},
		{"unknown field", func(c *Challenge) { c.Field = "space" }, []string{"field=invalid_choice"}},
		{"co-funding below 1:1", func(c *Challenge) { c.CofundingFen = c.GovFundingFen - 1 }, []string{"cofunding_fen=cofunding_too_low"}},
		{"co-funding at 1:1", func(c *Challenge) { c.CofundingFen = c.GovFundingFen }, nil},
		{"budget below sum", func(c *Challenge) { c.BudgetFen = c.GovFundingFen + c.CofundingFen - 1 }, []string{"budget_fen=budget_too_low"}},
		{"negative money", func(c *Challenge) { c.CofundingFen = -1 }, []string{"cofunding_fen=negative"}},
		{"race with one racer", func(c *Challenge) { c.MaxRacers = 1 }, []string{"max_racers=out_of_range"}},
		{"race with eleven", func(c *Challenge) { c.MaxRacers = 11 }, []string{"max_racers=out_of_range"}},
		{"unknown mode", func(c *Challenge) { c.Mode = "relay" }, []string{"mode=invalid_choice"}},
		{"duration too long", func(c *Challenge) { c.DurationMonths = 121 }, []string{"duration_months=out_of_range"}},
		{"stage after the end", func(c *Challenge) { c.Stages[1].OffsetMonths = 25 }, []string{"stages[1].offset_months=out_of_range"}},
		{"stages not increasing", func(c *Challenge) { c.Stages[1].OffsetMonths = 12 }, []string{"stages[1].offset_months=not_increasing"}},
		{"stage share over 100", func(c *Challenge) { c.Stages[0].FundingSharePct = 101 },
			[]string{"stages=share_total_exceeded", "stages[0].funding_share_pct=out_of_range"}},
		{"stage shares total over 100", func(c *Challenge) { c.Stages[0].FundingSharePct, c.Stages[1].FundingSharePct = 60, 41 },
			[]string{"stages=share_total_exceeded"}},
		{"stage shares total 100", func(c *Challenge) { c.Stages[0].FundingSharePct, c.Stages[1].FundingSharePct = 60, 40 }, nil},
		{"duplicate stage names", func(c *Challenge) { c.Stages[1].Name = StageMidterm }, []string{"stages[1].name=duplicate"}},
		{"stage without name", func(c *Challenge) { c.Stages[0].Name = " " }, []string{"stages[0].name=required"}},
		{"keep_top zero", func(c *Challenge) { c.Stages[0].KeepTop = intp(0) }, []string{"stages[0].keep_top=out_of_range"}},
		{"keep_top above racers", func(c *Challenge) { c.Stages[0].KeepTop = intp(4) }, []string{"stages[0].keep_top=out_of_range"}},
		{"keep_top within racers", func(c *Challenge) { c.Stages[0].KeepTop = intp(2) }, nil},
		{"min_score over 100", func(c *Challenge) { c.Stages[1].MinScore = 101 }, []string{"stages[1].min_score=out_of_range"}},
		{"title too long", func(c *Challenge) { c.Title = strings.Repeat("榜", 201) }, []string{"title=too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := complete()
			c.KPIs = append([]KPI(nil), c.KPIs...)
			tt.mod(&c)
			got := fieldsOf(ValidateForSubmission(c))
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestValidateDraftChecksFormatsOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Challenge
		want []string
	}{
		{"empty", Challenge{Mode: ModeSingle, MaxRacers: 1}, nil},
		{"only a title", Challenge{Title: "碳纤维复合材料", Mode: ModeSingle, MaxRacers: 1}, nil},
		{"kpi without target", Challenge{Mode: ModeSingle, MaxRacers: 1, KPIs: []KPI{{Name: "强度", NoTarget: true}}}, nil},
		{"bad formats", Challenge{Mode: ModeRace, MaxRacers: 12, Field: "x", BudgetFen: -5,
			KPIs:   []KPI{{Comparison: "~"}},
			Stages: []Stage{{FundingSharePct: 150, MinScore: 60}}},
			[]string{"budget_fen=negative", "field=invalid_choice", "kpis[0].comparison=invalid_choice",
				"max_racers=out_of_range", "stages[0].funding_share_pct=out_of_range"}},
	}
	for _, tt := range tests {
		got := fieldsOf(ValidateDraft(tt.c))
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
