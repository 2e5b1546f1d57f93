package settings

import (
	"context"

	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/qa"
	"jiebang/domain/review"
)

// The settings serve the other areas' ports directly (read at each use, so a change applies without a
// restart, on every server): *Service is a challenge.PolicySource, a bid.LimitSource, the review's
// PanelDefaults and the race's notice-period default; ForReview gives the review its rubric templates.
var (
	_ challenge.PolicySource = (*Service)(nil)
	_ bid.LimitSource        = (*Service)(nil)
	_ review.PanelDefaults   = (*Service)(nil)
	_ qa.RuleSource          = (*Service)(nil)
	_ review.RubricTemplates = ForReview{}
)

// ChallengePolicy is the challenge area's policy: the active industry fields and the co-funding ratio.
func (s *Service) ChallengePolicy(ctx context.Context) (challenge.Policy, error) {
	codes, err := s.ActiveFieldCodes(ctx)
	if err != nil {
		return challenge.Policy{}, err
	}
	l, err := s.Limits(ctx)
	return challenge.Policy{FieldCodes: codes, CofundingRatioPct: l.CofundingRatioPct}, err
}

// BidLimits are the bidding limits (限项): active bids per PI and per organisation, and partners per bid.
func (s *Service) BidLimits(ctx context.Context) (bid.Config, error) {
	l, err := s.Limits(ctx)
	return bid.Config{MaxActiveBidsPerPI: l.MaxActiveBidsPerPI, MaxActiveBidsPerOrg: l.MaxActiveBidsPerOrg,
		MaxPartners: l.MaxPartners}, err
}

// DefaultExpertsPerItem is the default panel size of a review round opened without one.
func (s *Service) DefaultExpertsPerItem(ctx context.Context) (int, error) {
	l, err := s.Limits(ctx)
	return l.ExpertsPerItem, err
}

// DefaultNoticeDays is the default period of a notice (公示期) opened without one.
func (s *Service) DefaultNoticeDays(ctx context.Context) (int, error) {
	l, err := s.Limits(ctx)
	return l.NoticeDays, err
}

// RectificationMonths is the default rectification period (限期整改) in months.
func (s *Service) RectificationMonths(ctx context.Context) (int, error) {
	l, err := s.Limits(ctx)
	return l.RectificationMonths, err
}

// ForReview gives the review engine the bureau's rubric template (评分细则) of a round kind.
type ForReview struct{ S *Service }

// RubricTemplate is the bureau's rubric template of a kind, as the review engine's criteria.
func (r ForReview) RubricTemplate(ctx context.Context, kind review.Kind) ([]review.Criterion, error) {
	cs, err := r.S.RubricTemplate(ctx, string(kind))
	if err != nil {
		return nil, err
	}
	out := make([]review.Criterion, len(cs))
	for i, c := range cs {
		out[i] = review.Criterion{Name: c.Name, Weight: c.Weight}
	}
	return out, nil
}

// QARules are the question window and the minimum days after an amendment (答疑与补充通知), the same for every
// challenge (a call's own rules, where calls set them, are wired over this source).
func (s *Service) QARules(ctx context.Context, _ int64) (qa.Rules, error) {
	l, err := s.Limits(ctx)
	return qa.Rules{QuestionWindowDays: l.QuestionWindowDays, AddendumMinDays: l.AddendumMinDays}, err
}
