package challenge

import "slices"

// Defaults of the process for a challenge's content.
const (
	// DefaultMaxRacers is N of race mode (赛马) when not given.
	DefaultMaxRacers = 3
	// MinRacers and MaxRacersLimit bound max_racers in race mode.
	MinRacers      = 2
	MaxRacersLimit = 10
	// DefaultMinScore is a stage's elimination threshold when not given (out of 100).
	DefaultMinScore = 60
	// DefaultStageSharePct is the government funding share released after each default stage.
	DefaultStageSharePct = 30
	// MaxDurationMonths bounds the duration of a challenge.
	MaxDurationMonths = 120
)

// Names of the default stages (中期 midterm, 验收 final acceptance).
const (
	StageMidterm = "中期"
	StageFinal   = "验收"
)

// KPIInput is a KPI as a client sends it; Target nil means "not given yet" (allowed in a draft).
type KPIInput struct {
	Name       string
	Target     *float64
	Unit       string
	Comparison string
	Method     string
}

// StageInput is a stage as a client sends it; nil KeepTop means the rule default, nil MinScore means
// DefaultMinScore.
type StageInput struct {
	Name            string
	OffsetMonths    int
	FundingSharePct int
	KeepTop         *int
	MinScore        *int
}

// Patch is the content of a challenge a client writes: on create every field, on edit only the fields that
// are set (nil = unchanged). An empty Stages list asks for the default plan.
type Patch struct {
	Title          *string
	Field          *string
	Background     *string
	Problem        *string
	KPIs           *[]KPIInput
	Deliverables   *string
	DurationMonths *int
	BudgetFen      *int64
	GovFundingFen  *int64
	CofundingFen   *int64
	IPTerms        *string
	Eligibility    *string
	Mode           *Mode
	MaxRacers      *int
	Stages         *[]StageInput
	// CallID files the draft into a call (申报批次); 0 takes it out of any call (the standing call).
	CallID *int64
}

// DefaultStages is the two-stage plan of the process for a duration: 中期 at half the duration (rounded up)
// and 验收 at the end, 30% of the government funding after each. A one-month challenge has only 验收.
func DefaultStages(durationMonths int) []Stage {
	if durationMonths <= 0 {
		return nil
	}
	final := Stage{Name: StageFinal, OffsetMonths: durationMonths, FundingSharePct: DefaultStageSharePct, MinScore: DefaultMinScore}
	mid := (durationMonths + 1) / 2
	if mid >= durationMonths {
		return []Stage{final}
	}
	return []Stage{{Name: StageMidterm, OffsetMonths: mid, FundingSharePct: DefaultStageSharePct, MinScore: DefaultMinScore}, final}
}

// apply writes the set fields of p into c and fills the defaults that follow from them: single mode has one
// racer, race mode defaults to DefaultMaxRacers, an empty stage plan (or the default plan of the old duration
// when the duration changes) becomes the default plan of the duration.
func (p Patch) apply(c *Challenge) {
	wasDefaultPlan := len(c.Stages) == 0 || stagesEqual(c.Stages, DefaultStages(c.DurationMonths))
	setStr(&c.Title, p.Title)
	if p.CallID != nil {
		c.CallID = *p.CallID
	}
	setStr(&c.Field, p.Field)
	setStr(&c.Background, p.Background)
	setStr(&c.Problem, p.Problem)
	setStr(&c.Deliverables, p.Deliverables)
	setStr(&c.IPTerms, p.IPTerms)
	setStr(&c.Eligibility, p.Eligibility)
	if p.KPIs != nil {
		c.KPIs = make([]KPI, 0, len(*p.KPIs))
		for _, k := range *p.KPIs {
			kpi := KPI{Name: k.Name, Unit: k.Unit, Comparison: k.Comparison, Method: k.Method, NoTarget: k.Target == nil}
			if k.Target != nil {
				kpi.Target = *k.Target
			}
			c.KPIs = append(c.KPIs, kpi)
		}
	}
	if p.DurationMonths != nil {
		c.DurationMonths = *p.DurationMonths
	}
	if p.BudgetFen != nil {
		c.BudgetFen = *p.BudgetFen
	}
	if p.GovFundingFen != nil {
		c.GovFundingFen = *p.GovFundingFen
	}
	if p.CofundingFen != nil {
		c.CofundingFen = *p.CofundingFen
	}
	if p.Mode != nil {
		c.Mode = *p.Mode
	}
	if c.Mode == "" {
		c.Mode = ModeSingle
	}
	if p.MaxRacers != nil {
		c.MaxRacers = *p.MaxRacers
	}
	switch {
	case c.Mode == ModeSingle:
		c.MaxRacers = 1
	case c.Mode == ModeRace && p.MaxRacers == nil && c.MaxRacers < MinRacers:
		c.MaxRacers = DefaultMaxRacers
	}
	switch {
	case p.Stages != nil && len(*p.Stages) > 0:
		c.Stages = make([]Stage, 0, len(*p.Stages))
		for _, s := range *p.Stages {
			st := Stage{Name: s.Name, OffsetMonths: s.OffsetMonths, FundingSharePct: s.FundingSharePct, MinScore: DefaultMinScore}
			if s.KeepTop != nil {
				k := *s.KeepTop
				st.KeepTop = &k
			}
			if s.MinScore != nil {
				st.MinScore = *s.MinScore
			}
			c.Stages = append(c.Stages, st)
		}
	case p.Stages != nil || wasDefaultPlan:
		c.Stages = DefaultStages(c.DurationMonths)
	}
}

func setStr(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

func stagesEqual(a, b []Stage) bool {
	return slices.EqualFunc(a, b, func(x, y Stage) bool {
		sameKeep := (x.KeepTop == nil && y.KeepTop == nil) ||
			(x.KeepTop != nil && y.KeepTop != nil && *x.KeepTop == *y.KeepTop)
		return x.Name == y.Name && x.OffsetMonths == y.OffsetMonths && x.FundingSharePct == y.FundingSharePct &&
			x.MinScore == y.MinScore && sameKeep
	})
}
