package review

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"jiebang/domain"
)

func TestValidateRubric(t *testing.T) {
	t.Parallel()
	for _, k := range Kinds {
		if err := ValidateRubric(DefaultRubric(Kind(k))); err != nil {
			t.Fatalf("default rubric of %s: %v", k, err)
		}
	}
	cases := []struct {
		r     []Criterion
		field string
	}{
		{[]Criterion{{"a", 50, false}, {"b", 40, false}}, "rubric"},
		{[]Criterion{{"a", 50, false}, {"a", 50, false}}, "rubric[1].name"},
		{[]Criterion{{"", 100, false}}, "rubric[0].name"},
		{[]Criterion{{"a", 0, false}, {"b", 100, false}}, "rubric[0].weight"},
		{nil, "rubric"},
	}
	for _, c := range cases {
		err := ValidateRubric(c.r)
		ve, ok := err.(*domain.ValidationError)
		if !ok || !ve.Has(c.field) {
			t.Errorf("%v: want a field error on %s, got %v", c.r, c.field, err)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	later := now.Add(240 * time.Hour)
	ok := Settings{Kind: KindBidReview, Deadline: &later}.WithDefaults()
	if err := ok.Validate(now); err != nil || ok.ExpertsPerItem != 5 || ok.Aggregation != AggTrimmedMean {
		t.Fatalf("defaults: %+v %v", ok, err)
	}
	bad := Settings{Kind: "x", Aggregation: "median", ExpertsPerItem: 4, Deadline: &now, Rubric: DefaultRubric(KindBidReview)}
	ve := bad.Validate(now).(*domain.ValidationError)
	for _, f := range []string{"kind", "aggregation", "experts_per_item", "deadline"} {
		if !ve.Has(f) {
			t.Errorf("want error on %s: %v", f, ve)
		}
	}
	st := Settings{Kind: KindStageReview, Deadline: &later}.WithDefaults()
	if ve, _ := st.Validate(now).(*domain.ValidationError); ve == nil || !ve.Has("stage") {
		t.Fatal("a stage review needs its stage")
	}
}

func TestCheckScores(t *testing.T) {
	t.Parallel()
	got, err := CheckScores(rubric4, map[string]int{"T": 80, "B": 70, "C": 60, "D": 50}, "好", false)
	if err != nil || got[0] != 80 || got[3] != 50 {
		t.Fatalf("%v %v", got, err)
	}
	_, err = CheckScores(rubric4, map[string]int{"T": 101, "B": 70, "C": 60, "D": 1, "X": 1}, " ", false)
	ve := err.(*domain.ValidationError)
	for _, f := range []string{"scores.T", "scores.X", "comment"} {
		if !ve.Has(f) {
			t.Errorf("want error on %s: %v", f, ve)
		}
	}
	// A criterion left out of a submission is refused by name, with the other field errors beside it.
	_, err = CheckScores(rubric4, map[string]int{"T": 101, "C": 60}, "好", false)
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "score_incomplete" || !errors.Is(err, domain.ErrUnprocessable) {
		t.Fatalf("want score_incomplete, got %v", err)
	}
	if got := fmt.Sprint(de.Details["criteria"]); got != "[B D]" {
		t.Errorf("criteria %s", got)
	}
	fields := de.Details["fields"].(map[string]any)
	for _, f := range []string{"scores.B", "scores.D", "scores.T"} {
		if fields[f] == nil {
			t.Errorf("want a field message on %s: %v", f, fields)
		}
	}
	if !strings.Contains(de.Error(), "B") {
		t.Errorf("message should name the criteria: %v", de)
	}
	if _, err := CheckScores(rubric4, map[string]int{"T": 50}, "", true); err != nil {
		t.Fatalf("a draft may be partial: %v", err)
	}
}

func TestTransitions(t *testing.T) {
	t.Parallel()
	if to, err := Next(StatusOpen, ActionAssign, domain.RoleBureau); err != nil || to != StatusAssigned {
		t.Fatal(to, err)
	}
	if _, err := Next(StatusClosed, ActionScore, domain.RoleExpert); domain.CodeOf(err) != "round_closed" {
		t.Fatal(err)
	}
	if _, err := Next(StatusOpen, ActionClose, domain.RoleBureau); domain.CodeOf(err) != "invalid_transition" {
		t.Fatal(err)
	}
	// the machine's role check holds as in every other area: an expert draws no panel, the bureau scores nothing
	if _, err := Next(StatusOpen, ActionAssign, domain.RoleExpert); domain.CodeOf(err) != "role_not_allowed" {
		t.Fatal(err)
	}
	if _, err := Next(StatusAssigned, ActionScore, domain.RoleBureau); domain.CodeOf(err) != "role_not_allowed" {
		t.Fatal(err)
	}
	if to, err := Next(StatusAssigned, ActionRemind, domain.RoleSystem); err != nil || to != StatusAssigned {
		t.Fatal(to, err)
	}
	if _, err := NextAssignment(AssignmentPending, ActionReplace, domain.RoleExpert); domain.CodeOf(err) != "role_not_allowed" {
		t.Fatal(err)
	}
	if to, err := NextAssignment(AssignmentPending, ActionRecuse, domain.RoleExpert); err != nil || to != AssignmentRecused {
		t.Fatal(to, err)
	}
}
