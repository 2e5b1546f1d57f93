package settings

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// Round kinds that have a rubric template (the review engine's kinds).
const (
	KindValidation  = "validation"
	KindBidReview   = "bid_review"
	KindStageReview = "stage_review"
	KindAcceptance  = "acceptance"
)

// RoundKinds lists the kinds in display order.
var RoundKinds = []string{KindValidation, KindBidReview, KindStageReview, KindAcceptance}

// Criterion is one line of a rubric (评分细则): a name and a weight; the weights of a rubric sum to 100.
type Criterion struct {
	Name   string `json:"name"`
	Weight int    `json:"weight"`
}

// RubricSource is how the review area reads the template of a round kind when the bureau opens a round
// without a rubric of its own; cmd/app wires the settings Service (which implements it).
type RubricSource interface {
	RubricTemplate(ctx context.Context, kind string) ([]Criterion, error)
}

// DefaultRubrics are the templates until the bureau sets its own (bid review: process.md's default).
func DefaultRubrics() map[string][]Criterion {
	return map[string][]Criterion{
		KindValidation:  {{"需求明确性", 30}, {"技术先进性", 30}, {"指标可量化", 20}, {"经费合理性", 20}},
		KindBidReview:   {{"技术方案", 40}, {"团队实力", 25}, {"可行性与计划", 20}, {"预算合理性", 15}},
		KindStageReview: {{"指标完成度", 50}, {"进度与计划", 20}, {"技术进展", 20}, {"经费使用", 10}},
		KindAcceptance:  {{"指标达成", 60}, {"成果质量", 25}, {"经费决算", 15}},
	}
}

const (
	maxCriteria      = 20
	maxCriterionName = 50
)

func validKind(kind string) bool {
	for _, k := range RoundKinds {
		if k == kind {
			return true
		}
	}
	return false
}

// ValidateRubric checks a rubric: 1..20 criteria, unique non-empty names, weights 1..100 summing to 100.
func ValidateRubric(cs []Criterion) error {
	var v domain.Validator
	if !v.Check(len(cs) >= 1 && len(cs) <= maxCriteria, "criteria", "out_of_range",
		fmt.Sprintf("评分项应为 1 到 %d 项", maxCriteria), fmt.Sprintf("1 to %d criteria", maxCriteria)) {
		return v.Err()
	}
	seen := map[string]bool{}
	total := 0
	for i, c := range cs {
		p := fmt.Sprintf("criteria[%d].", i)
		name := strings.TrimSpace(c.Name)
		if v.Required(p+"name", name) && v.MaxLen(p+"name", name, maxCriterionName) {
			v.Check(!seen[name], p+"name", "duplicate", "评分项名称重复", "duplicate criterion")
			seen[name] = true
		}
		v.Check(c.Weight >= 1 && c.Weight <= 100, p+"weight", "out_of_range", "权重应在 1 到 100 之间", "must be between 1 and 100")
		total += c.Weight
	}
	v.Check(total == 100, "criteria", "weights_not_100", fmt.Sprintf("权重合计为 %d，应为 100", total),
		fmt.Sprintf("weights total %d, must be 100", total))
	return v.Err()
}

func rubricKey(kind string) string { return "rubric." + kind }

func unknownKind(kind string) error {
	return domain.NewError(domain.ErrNotFound, "not_found", "未知的评审类型："+kind, "unknown round kind: "+kind)
}

// RubricTemplate returns the template of kind (the default until the bureau sets one); unknown kinds are 404.
func (s *Service) RubricTemplate(ctx context.Context, kind string) ([]Criterion, error) {
	if !validKind(kind) {
		return nil, unknownKind(kind)
	}
	raw, ok, err := s.store.Value(ctx, rubricKey(kind))
	if err != nil {
		return nil, err
	}
	if !ok {
		return DefaultRubrics()[kind], nil
	}
	var cs []Criterion
	if err := json.Unmarshal([]byte(raw), &cs); err != nil {
		return nil, fmt.Errorf("settings: stored rubric %s: %w", kind, err)
	}
	return cs, nil
}

// SetRubricTemplate replaces the template of kind (bureau), audited. Rounds already opened keep their rubric.
func (s *Service) SetRubricTemplate(ctx context.Context, actor domain.Actor, kind string, cs []Criterion) ([]Criterion, error) {
	if err := mayWrite(actor); err != nil {
		return nil, err
	}
	if !validKind(kind) {
		return nil, unknownKind(kind)
	}
	for i := range cs {
		cs[i].Name = strings.TrimSpace(cs[i].Name)
	}
	if err := ValidateRubric(cs); err != nil {
		return nil, err
	}
	b, err := json.Marshal(cs)
	if err != nil {
		return nil, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		before, err := s.RubricTemplate(ctx, kind)
		if err != nil {
			return err
		}
		if err := s.store.PutValue(ctx, rubricKey(kind), string(b), s.now(), actor.UserID); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: EntitySetting, Action: "rubric_update:" + kind, Before: before, After: cs})
	})
	return cs, err
}
