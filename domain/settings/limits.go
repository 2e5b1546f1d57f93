package settings

import (
	"context"
	"encoding/json"
	"fmt"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// Limits are the numbers of the process a bureau sets for its region (限项 and defaults).
type Limits struct {
	// MaxActiveBidsPerPI: active (submitted, selected, racing) bids one PI may lead (default 1).
	MaxActiveBidsPerPI int `json:"max_active_bids_per_pi"`
	// MaxActiveBidsPerOrg: active bids one organisation may lead (default 3).
	MaxActiveBidsPerOrg int `json:"max_active_bids_per_org"`
	// MaxPartners: consortium partners beside the lead (default 4).
	MaxPartners int `json:"max_partners"`
	// CofundingRatioPct: the enterprise's co-funding at least this percentage of the government funding
	// (default 100, the 1:1 rule).
	CofundingRatioPct int `json:"cofunding_ratio_pct"`
	// NoticeDays: working days of a public notice (公示) when the bureau gives none (default 5).
	NoticeDays int `json:"notice_days"`
	// ExpertsPerItem: experts per item of a review round when the bureau gives none (default 5, odd).
	ExpertsPerItem int `json:"experts_per_item"`
	// RectificationMonths: months of a rectification period (限期整改) when the bureau gives no due date
	// (default 3; 0 when setting means the default).
	RectificationMonths int `json:"rectification_months"`
	// QuestionWindowDays: questions on a challenge (答疑) close this many China calendar days before its
	// bidding deadline (default 7).
	QuestionWindowDays int `json:"question_window_days"`
	// AddendumMinDays: an amendment (补充通知) leaves at least this many China calendar days to the bidding
	// deadline, moving it when fewer remain (default 7; 0: never moves it).
	AddendumMinDays int `json:"addendum_min_days"`
}

// DefaultLimits are the process's defaults (process.md).
func DefaultLimits() Limits {
	return Limits{MaxActiveBidsPerPI: 1, MaxActiveBidsPerOrg: 3, MaxPartners: 4, CofundingRatioPct: 100,
		NoticeDays: 5, ExpertsPerItem: 5, RectificationMonths: 3, QuestionWindowDays: 7, AddendumMinDays: 7}
}

const keyLimits = "limits"

// limitRanges are the sane ranges; anything outside is 422 naming the field.
var limitRanges = []struct {
	field  string
	get    func(l Limits) int
	lo, hi int
}{
	{"max_active_bids_per_pi", func(l Limits) int { return l.MaxActiveBidsPerPI }, 1, 10},
	{"max_active_bids_per_org", func(l Limits) int { return l.MaxActiveBidsPerOrg }, 1, 100},
	{"max_partners", func(l Limits) int { return l.MaxPartners }, 0, 20},
	{"cofunding_ratio_pct", func(l Limits) int { return l.CofundingRatioPct }, 0, 1000},
	{"notice_days", func(l Limits) int { return l.NoticeDays }, 1, 30},
	{"experts_per_item", func(l Limits) int { return l.ExpertsPerItem }, 1, 15},
	{"rectification_months", func(l Limits) int { return l.RectificationMonths }, 0, 12},
	{"question_window_days", func(l Limits) int { return l.QuestionWindowDays }, 0, 60},
	{"addendum_min_days", func(l Limits) int { return l.AddendumMinDays }, 0, 60},
}

// Validate checks every limit against its range (and experts per item is odd, so a trimmed mean has a
// middle); 422 names each bad field.
func (l Limits) Validate() error {
	var v domain.Validator
	for _, r := range limitRanges {
		x := r.get(l)
		v.Check(x >= r.lo && x <= r.hi, r.field, "out_of_range", fmt.Sprintf("应在 %d 到 %d 之间", r.lo, r.hi),
			fmt.Sprintf("must be between %d and %d", r.lo, r.hi))
	}
	if l.ExpertsPerItem >= 1 && l.ExpertsPerItem <= 15 {
		v.Check(l.ExpertsPerItem%2 == 1, "experts_per_item", "not_odd", "每项评审专家人数应为奇数", "must be odd")
	}
	return v.Err()
}

// Limits returns the limits in force (the defaults until the bureau sets them).
func (s *Service) Limits(ctx context.Context) (Limits, error) {
	l := DefaultLimits()
	raw, ok, err := s.store.Value(ctx, keyLimits)
	if err != nil || !ok {
		return l, err
	}
	if err := json.Unmarshal([]byte(raw), &l); err != nil {
		return DefaultLimits(), fmt.Errorf("settings: stored limits: %w", err)
	}
	return l, nil
}

// SetLimits replaces the limits (bureau), audited; they apply to the next request that reads them.
func (s *Service) SetLimits(ctx context.Context, actor domain.Actor, l Limits) (Limits, error) {
	if err := mayWrite(actor); err != nil {
		return Limits{}, err
	}
	if l.RectificationMonths == 0 {
		l.RectificationMonths = DefaultLimits().RectificationMonths
	}
	if err := l.Validate(); err != nil {
		return Limits{}, err
	}
	b, err := json.Marshal(l)
	if err != nil {
		return Limits{}, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		before, err := s.Limits(ctx)
		if err != nil {
			return err
		}
		if err := s.store.PutValue(ctx, keyLimits, string(b), s.now(), actor.UserID); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: EntitySetting, Action: "limits_update", Before: before, After: l})
	})
	return l, err
}
