package app

import (
	"context"

	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/settings"
	"jiebang/repository"
)

// wireSettings builds the bureau's settings and makes the challenge and bid services read their field list
// and limits from it at each use (so a change applies without a restart, on every server).
func (a *App) wireSettings() error {
	a.Settings = settings.NewService(repository.NewSettingsStore(a.DB), a.Tx, a.Audit, a.Clock)
	a.Challenges.UsePolicy(challengePolicy{a.Settings})
	a.Bids.UseLimits(bidLimits{a.Settings})
	a.Accounts.UseFields(a.Settings)
	a.Reviews.Fields = a.Settings
	a.Funding.UseFields(a.Settings)
	return nil
}

// challengePolicy adapts the settings to challenge.PolicySource.
type challengePolicy struct{ s *settings.Service }

func (p challengePolicy) ChallengePolicy(ctx context.Context) (challenge.Policy, error) {
	codes, err := p.s.ActiveFieldCodes(ctx)
	if err != nil {
		return challenge.Policy{}, err
	}
	l, err := p.s.Limits(ctx)
	return challenge.Policy{FieldCodes: codes, CofundingRatioPct: l.CofundingRatioPct}, err
}

func (p challengePolicy) KnownField(ctx context.Context, code string) (bool, error) {
	return p.s.KnownField(ctx, code)
}

// bidLimits adapts the settings to bid.LimitSource.
type bidLimits struct{ s *settings.Service }

func (b bidLimits) BidLimits(ctx context.Context) (bid.Config, error) {
	l, err := b.s.Limits(ctx)
	return bid.Config{MaxActiveBidsPerPI: l.MaxActiveBidsPerPI, MaxActiveBidsPerOrg: l.MaxActiveBidsPerOrg,
		MaxPartners: l.MaxPartners}, err
}
