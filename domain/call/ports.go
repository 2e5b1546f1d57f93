package call

import (
	"context"
	"errors"

	"jiebang/domain"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
)

// The call serves the other areas' ports (cmd/app wires it): the challenge rules ask it whether a challenge
// may be filed into or submitted in a call; the bids read the limits of a challenge's call; the race reads
// the notice period of a challenge's call. Each falls back to the settings for a challenge outside any call.
var (
	_ challenge.Calls     = (*Service)(nil)
	_ bid.LimitSource     = (*Service)(nil)
	_ bid.CallLimitSource = (*Service)(nil)
)

// RulesFor returns the rules in force for a challenge: its call's overrides, else the settings (a challenge
// outside any call gets the settings). 404 when the challenge does not exist.
func (s *Service) RulesFor(ctx context.Context, challengeID int64) (Rules, error) {
	id, err := s.d.Store.CallOf(ctx, challengeID)
	if err != nil {
		return Rules{}, err
	}
	return s.CallRules(ctx, id)
}

// CallRules returns the rules in force in a call (callID 0: the standing call, the settings alone).
func (s *Service) CallRules(ctx context.Context, callID int64) (Rules, error) {
	if callID == 0 {
		return s.settingsRules(ctx)
	}
	c, err := s.get(ctx, callID)
	if err != nil {
		return Rules{}, err
	}
	return s.rulesOf(ctx, c)
}

// CheckFiling refuses filing a draft into a call that does not exist (call_not_found), has not opened yet
// (call_not_open) or has closed or been published (call_closed).
func (s *Service) CheckFiling(ctx context.Context, callID int64) error {
	c, err := s.d.Store.Get(ctx, callID)
	if errors.Is(err, domain.ErrNotFound) {
		return ErrUnknown.WithDetails(map[string]any{"call_id": callID})
	}
	if err != nil {
		return err
	}
	return c.AcceptsAt(s.d.Clock.Now())
}

// CheckSubmission refuses submitting a challenge of a call after the call's closing date (call_closed).
func (s *Service) CheckSubmission(ctx context.Context, callID int64) error {
	return s.CheckFiling(ctx, callID)
}

// BidLimits are the settings' bid limits (the standing call's).
func (s *Service) BidLimits(ctx context.Context) (bid.Config, error) {
	r, err := s.settingsRules(ctx)
	return bidConfig(r), err
}

// CallBidLimits are the bid limits in force in a call (0: the standing call).
func (s *Service) CallBidLimits(ctx context.Context, callID int64) (bid.Config, error) {
	r, err := s.CallRules(ctx, callID)
	return bidConfig(r), err
}

func bidConfig(r Rules) bid.Config {
	lim := func(n int) int {
		if n == 0 {
			return bid.NoLimit
		}
		return n
	}
	return bid.Config{MaxActiveBidsPerOrg: lim(r.MaxActiveBidsPerOrg), MaxActiveBidsPerPI: lim(r.MaxActiveBidsPerPI),
		MaxPartners: r.MaxPartners}
}

// DefaultNoticeDays is the settings' notice period (公示期).
func (s *Service) DefaultNoticeDays(ctx context.Context) (int, error) {
	r, err := s.settingsRules(ctx)
	return r.NoticeDays, err
}

// NoticeDaysFor is the notice period in force for a challenge: its call's, else the settings'.
func (s *Service) NoticeDaysFor(ctx context.Context, challengeID int64) (int, error) {
	r, err := s.RulesFor(ctx, challengeID)
	return r.NoticeDays, err
}
