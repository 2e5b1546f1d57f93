package settings

import (
	"testing"

	"jiebang/domain"
)

func fieldsOf(err error) map[string]bool {
	out := map[string]bool{}
	if ve, ok := err.(*domain.ValidationError); ok {
		for _, f := range ve.Fields {
			out[f.Field] = true
		}
	}
	return out
}

func TestLimitsRanges(t *testing.T) {
	t.Parallel()
	ok := DefaultLimits()
	if err := ok.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	tests := []struct {
		name  string
		mut   func(l *Limits)
		field string
	}{
		{"PI zero", func(l *Limits) { l.MaxActiveBidsPerPI = 0 }, "max_active_bids_per_pi"},
		{"org huge", func(l *Limits) { l.MaxActiveBidsPerOrg = 1000 }, "max_active_bids_per_org"},
		{"negative partners", func(l *Limits) { l.MaxPartners = -1 }, "max_partners"},
		{"ratio over 10:1", func(l *Limits) { l.CofundingRatioPct = 1001 }, "cofunding_ratio_pct"},
		{"notice zero", func(l *Limits) { l.NoticeDays = 0 }, "notice_days"},
		{"even panel", func(l *Limits) { l.ExpertsPerItem = 6 }, "experts_per_item"},
		{"panel too big", func(l *Limits) { l.ExpertsPerItem = 17 }, "experts_per_item"},
		{"rectification over a year", func(l *Limits) { l.RectificationMonths = 13 }, "rectification_months"},
	}
	for _, tt := range tests {
		l := DefaultLimits()
		tt.mut(&l)
		got := fieldsOf(l.Validate())
		if len(got) != 1 || !got[tt.field] {
			t.Errorf("%s: fields %v, want only %s", tt.name, got, tt.field)
		}
	}
	edge := Limits{MaxActiveBidsPerPI: 10, MaxActiveBidsPerOrg: 1, MaxPartners: 0, CofundingRatioPct: 0, NoticeDays: 30, ExpertsPerItem: 1}
	if err := edge.Validate(); err != nil {
		t.Fatalf("edges refused: %v", err)
	}
}

func TestRubricRules(t *testing.T) {
	t.Parallel()
	for kind, cs := range DefaultRubrics() {
		if err := ValidateRubric(cs); err != nil {
			t.Errorf("default %s: %v", kind, err)
		}
	}
	tests := []struct {
		name  string
		cs    []Criterion
		field string
	}{
		{"empty", nil, "criteria"},
		{"sum 90", []Criterion{{"a", 50}, {"b", 40}}, "criteria"},
		{"zero weight", []Criterion{{"a", 100}, {"b", 0}}, "criteria[1].weight"},
		{"blank name", []Criterion{{"", 100}}, "criteria[0].name"},
		{"duplicate", []Criterion{{"a", 50}, {"a", 50}}, "criteria[1].name"},
	}
	for _, tt := range tests {
		if got := fieldsOf(ValidateRubric(tt.cs)); !got[tt.field] {
			t.Errorf("%s: fields %v, want %s", tt.name, got, tt.field)
		}
	}
}
