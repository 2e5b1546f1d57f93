// Package review is the review engine (专家评审) that serves every round kind: demand validation (需求论证),
// bid review, stage review (阶段考核) and acceptance (验收). It holds the rubric rules, the reproducible
// conflict-free draw of expert panels, blind scoring and the aggregation and ranking of results.
package review

import (
	"fmt"
	"strings"
	"time"

	"jiebang/domain"
)

// Kind is what a round reviews.
type Kind string

// Round kinds of the process.
const (
	KindValidation  Kind = "validation"   // 需求论证: the item is the submitted challenge
	KindBidReview   Kind = "bid_review"   // 揭榜评审: the eligible bids
	KindStageReview Kind = "stage_review" // 阶段考核: the racers' reports of one stage
	KindAcceptance  Kind = "acceptance"   // 验收: the surviving racers' final reports
)

// Kinds lists the round kinds.
var Kinds = []string{string(KindValidation), string(KindBidReview), string(KindStageReview), string(KindAcceptance)}

// Aggregation is how an item's final score is made of its experts' weighted scores.
type Aggregation string

// Aggregation rules.
const (
	// AggTrimmedMean drops one highest and one lowest score when there are at least 5, then averages
	// (去掉一个最高分和一个最低分).
	AggTrimmedMean Aggregation = "trimmed_mean"
	// AggMean averages every score.
	AggMean Aggregation = "mean"
	// AggZScore normalises each expert's scores across the round, maps them back to the round's scale, then
	// averages (see Normalise).
	AggZScore Aggregation = "zscore"
)

// Aggregations lists the rules.
var Aggregations = []string{string(AggTrimmedMean), string(AggMean), string(AggZScore)}

// Status is a round's place in its lifecycle.
type Status string

// Round statuses: open (rubric editable, no panel yet) -> assigned (panels drawn, experts score) -> closed
// (scores frozen, results computed).
const (
	StatusOpen     Status = "open"
	StatusAssigned Status = "assigned"
	StatusClosed   Status = "closed"
)

// Criterion is one line of a rubric (评分细则) with its weight in percent.
// NeedsIdentity marks a criterion that judges the team rather than the proposal (团队实力, 研究基础 …): a
// double-blind round refuses a rubric with one.
type Criterion struct {
	Name          string
	Weight        int
	NeedsIdentity bool
}

// Defaults of a round.
const (
	DefaultExpertsPerItem = 5
	MaxExpertsPerItem     = 15
	MaxCriteria           = 20
	MaxCommentLen         = 4000
	MaxReasonLen          = 1000
	// FlagDistance is how far (in points) an expert's weighted score may be from the item's median before the
	// expert is flagged for the bureau.
	FlagDistance = 20.0
)

func validKind(k Kind) bool {
	for _, x := range Kinds {
		if string(k) == x {
			return true
		}
	}
	return false
}

// DefaultRubric is the rubric a round of kind k starts with when no template is configured (the same as the
// settings area's defaults).
func DefaultRubric(k Kind) []Criterion {
	switch k {
	case KindValidation:
		return []Criterion{{"需求明确性", 30, false}, {"技术先进性", 30, false}, {"指标可量化", 20, false}, {"经费合理性", 20, false}}
	case KindStageReview:
		return []Criterion{{"指标完成度", 50, false}, {"进度与计划", 20, false}, {"技术进展", 20, false}, {"经费使用", 10, false}}
	case KindAcceptance:
		return []Criterion{{"指标达成", 60, false}, {"成果质量", 25, false}, {"经费决算", 15, false}}
	}
	return []Criterion{{"技术方案", 40, false}, {"团队实力", 25, true},
		{"可行性与计划", 20, false}, {"预算合理性", 15, false}}
}

// Round is a review round (评审轮次) over the items of one challenge.
type Round struct {
	ID             int64
	ChallengeID    int64
	Kind           Kind
	Stage          int
	Rubric         []Criterion
	ExpertsPerItem int
	Aggregation    Aggregation
	Deadline       time.Time
	Status         Status
	// Seed and PoolDigest are those of the latest draw; Draws counts draws (a redraw is visible).
	Seed       int64
	PoolDigest string
	Draws      int
	CreatedBy  int64
	CreatedAt  time.Time
	AssignedAt *time.Time
	ClosedAt   *time.Time
	// CloseReason is the bureau's reason for closing with unscored items.
	CloseReason string
	// DoubleBlind is the bureau's choice that the experts see the bids without the bidders' identity (双盲;
	// bid review rounds only).
	DoubleBlind bool
}

// Settings is what the bureau chooses when opening a round.
type Settings struct {
	Kind           Kind
	Stage          int
	Rubric         []Criterion
	ExpertsPerItem int
	Aggregation    Aggregation
	Deadline       *time.Time
	// DoubleBlind opens a double-blind round (bid review only); nil keeps a round's choice when editing.
	DoubleBlind *bool
}

// WithDefaults fills the rubric, panel size and aggregation left out.
func (s Settings) WithDefaults() Settings {
	if len(s.Rubric) == 0 {
		s.Rubric = DefaultRubric(s.Kind)
	}
	if s.ExpertsPerItem == 0 {
		s.ExpertsPerItem = DefaultExpertsPerItem
	}
	if s.Aggregation == "" {
		s.Aggregation = AggTrimmedMean
	}
	return s
}

// Validate checks the settings at now: known kind and rule, a stage for stage reviews, panel size, the
// rubric, and a deadline in the future. Field names are the request's.
func (s Settings) Validate(now time.Time) error {
	var v domain.Validator
	v.OneOf("kind", string(s.Kind), Kinds...)
	v.OneOf("aggregation", string(s.Aggregation), Aggregations...)
	if s.Kind == KindStageReview {
		v.Check(s.Stage >= 1, "stage", "required", "阶段考核须指明阶段（从 1 起）", "a stage review needs its stage (from 1)")
	} else {
		v.Check(s.Stage >= 0, "stage", "out_of_range", "阶段不能为负数", "must not be negative")
	}
	if v.Range("experts_per_item", int64(s.ExpertsPerItem), 1, MaxExpertsPerItem) {
		v.Check(s.ExpertsPerItem%2 == 1, "experts_per_item", "not_odd", "每项专家人数应为奇数", "must be odd")
	}
	if v.Check(s.Deadline != nil, "deadline", "required", "此项为必填项", "is required") {
		v.Check(s.Deadline.After(now), "deadline", "in_past", "截止时间应晚于当前时间", "must be in the future")
	}
	_ = v.Merge("", ValidateRubric(s.Rubric))
	if err := v.Err(); err != nil {
		return err
	}
	if s.DoubleBlind != nil && *s.DoubleBlind {
		return checkDoubleBlind(s.Kind, s.Rubric)
	}
	return nil
}

// ValidateRubric checks criteria: 1..MaxCriteria, named, unique, weights 1..100 summing to 100.
func ValidateRubric(r []Criterion) error {
	var v domain.Validator
	if !v.Check(len(r) >= 1 && len(r) <= MaxCriteria, "rubric", "out_of_range",
		fmt.Sprintf("评分细则应有 1 到 %d 项", MaxCriteria), fmt.Sprintf("must have 1 to %d criteria", MaxCriteria)) {
		return v.Err()
	}
	seen := map[string]bool{}
	sum := 0
	for i, c := range r {
		f := fmt.Sprintf("rubric[%d]", i)
		name := strings.TrimSpace(c.Name)
		if v.RequiredText(f+".name", name, 50) {
			v.Check(!seen[name], f+".name", "duplicate", "评分项名称重复", "duplicate criterion")
			seen[name] = true
		}
		v.Range(f+".weight", int64(c.Weight), 1, 100)
		sum += c.Weight
	}
	v.Check(sum == 100, "rubric", "weights_sum", fmt.Sprintf("权重之和应为 100（当前为 %d）", sum),
		fmt.Sprintf("weights must sum to 100 (they sum to %d)", sum))
	return v.Err()
}

// TopCriterion is the index of the highest-weighted criterion (the first of equals): the first tie-break.
func TopCriterion(r []Criterion) int {
	best := 0
	for i, c := range r {
		if c.Weight > r[best].Weight {
			best = i
		}
	}
	return best
}
