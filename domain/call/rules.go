package call

import (
	"fmt"

	"jiebang/domain"
	"jiebang/domain/settings"
)

// Overrides are a call's own rules as the bureau set them: a nil field means "the bureau's settings at the
// time they are read". For the two bid limits (限项) 0 means no limit (无限项, as Shenzhen's 科技悬赏).
type Overrides struct {
	MaxActiveBidsPerOrg *int `json:"max_active_bids_per_org,omitempty"`
	MaxActiveBidsPerPI  *int `json:"max_active_bids_per_pi,omitempty"`
	MaxPartners         *int `json:"max_partners,omitempty"`
	NoticeDays          *int `json:"notice_days,omitempty"`
	QuestionWindowDays  *int `json:"question_window_days,omitempty"`
	AddendumMinDays     *int `json:"addendum_min_days,omitempty"`
}

// Rules are the rules in force for a challenge: its call's overrides, else the settings (and the defaults of
// the rules the settings do not hold).
type Rules struct {
	// MaxActiveBidsPerOrg and MaxActiveBidsPerPI are the bid limits counted within the call; 0 = no limit.
	MaxActiveBidsPerOrg int
	MaxActiveBidsPerPI  int
	// MaxPartners is the most consortium partners beside the lead.
	MaxPartners int
	// NoticeDays is the default notice period (公示期) in working days.
	NoticeDays int
	// QuestionWindowDays: questions close this many days before the bidding deadline (答疑截止).
	QuestionWindowDays int
	// AddendumMinDays: an addendum leaves at least this many days before the bidding deadline.
	AddendumMinDays int
	// CallID is the call the rules come from, 0 for the standing call (the settings alone).
	CallID int64
}

// overrideRanges are the sane ranges of the overrides; the bid limits accept 0 (no limit) besides the
// settings' range.
var overrideRanges = []struct {
	field  string
	get    func(o Overrides) *int
	lo, hi int
}{
	{"max_active_bids_per_org", func(o Overrides) *int { return o.MaxActiveBidsPerOrg }, 0, 100},
	{"max_active_bids_per_pi", func(o Overrides) *int { return o.MaxActiveBidsPerPI }, 0, 10},
	{"max_partners", func(o Overrides) *int { return o.MaxPartners }, 0, 20},
	{"notice_days", func(o Overrides) *int { return o.NoticeDays }, 1, 30},
	{"question_window_days", func(o Overrides) *int { return o.QuestionWindowDays }, 0, 60},
	{"addendum_min_days", func(o Overrides) *int { return o.AddendumMinDays }, 0, 60},
}

func (o Overrides) validate() error {
	var v domain.Validator
	for _, r := range overrideRanges {
		if x := r.get(o); x != nil {
			v.Check(*x >= r.lo && *x <= r.hi, r.field, "out_of_range", fmt.Sprintf("应在 %d 到 %d 之间", r.lo, r.hi),
				fmt.Sprintf("must be between %d and %d", r.lo, r.hi))
		}
	}
	return v.Err()
}

// Effective are the rules in force under the settings' limits l: each override where set, else the settings.
func (o Overrides) Effective(l settings.Limits) Rules {
	pick := func(p *int, def int) int {
		if p != nil {
			return *p
		}
		return def
	}
	return Rules{
		MaxActiveBidsPerOrg: pick(o.MaxActiveBidsPerOrg, l.MaxActiveBidsPerOrg),
		MaxActiveBidsPerPI:  pick(o.MaxActiveBidsPerPI, l.MaxActiveBidsPerPI),
		MaxPartners:         pick(o.MaxPartners, l.MaxPartners),
		NoticeDays:          pick(o.NoticeDays, l.NoticeDays),
		QuestionWindowDays:  pick(o.QuestionWindowDays, l.QuestionWindowDays),
		AddendumMinDays:     pick(o.AddendumMinDays, l.AddendumMinDays),
	}
}
