package app

import (
	"context"
	"fmt"
	"strings"
)

// SeedDemo fills an empty database with a demo: organisations, users of every role and challenges in
// several states. Each area adds its part in seed_*.go.
func (a *App) SeedDemo(ctx context.Context) (string, error) {
	var b strings.Builder
	b.WriteString("demo data:\n")
	accts, err := a.seedAccounts(ctx)
	if err != nil {
		return "", err
	}
	b.WriteString(accts.Summary())
	chs, err := a.seedChallenges(ctx, accts)
	if err != nil {
		return "", err
	}
	b.WriteString(chs.Summary())
	bids, err := a.seedBids(ctx, accts, chs)
	if err != nil {
		return "", err
	}
	b.WriteString(bids.Summary())
	revs, err := a.seedReviews(ctx, accts, chs)
	if err != nil {
		return "", err
	}
	b.WriteString(revs.Summary())
	races, err := a.seedRaces(ctx, accts)
	if err != nil {
		return "", err
	}
	b.WriteString(races.Summary())
	decisions, err := a.seedFunding(ctx, accts, races)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(&b, "  funding decisions: %d (finished race: /challenges/%d/funding)\n", decisions, races.Finished)
	notice, err := a.seedNotice(ctx, accts, chs)
	if err != nil {
		return "", err
	}
	b.WriteString(notice)
	return b.String(), nil
}
