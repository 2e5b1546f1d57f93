package seed

import (
	"context"
	"fmt"
	"strings"

	"jiebang/domain"
)

// demo is one run of the demo seed: the services at now, and the factory of the story services (the same
// application on a clock that starts in the past).
type demo struct {
	Services
	story Factory
}

// storyAt builds the services on clock, a story clock that the demo moves forward.
func (a *demo) storyAt(clock domain.Clock) (Services, error) {
	st, err := a.story(clock)
	if err != nil {
		return Services{}, fmt.Errorf("building the story's services: %w", err)
	}
	return st, nil
}

// Demo fills an empty database with a demo: organisations, users of every role and challenges in several
// states, in one transaction; it returns the summary the seed command prints. s are the services at now, story
// builds the same services on the story clocks that tell the history (demo_*.go, one file per area). Every state
// is reached through the product's own date arithmetic from s.Clock's now, so the demo is the same on any day
// of the year.
func Demo(ctx context.Context, s Services, story Factory) (string, error) {
	_, summary, err := seedDemo(ctx, s, story)
	return summary, err
}

// seedDemo is Demo, returning the demo's accounts too (tests).
func seedDemo(ctx context.Context, s Services, story Factory) (DemoAccounts, string, error) {
	a := &demo{Services: s, story: story}
	var b strings.Builder
	var accts DemoAccounts
	b.WriteString("demo data:\n")
	err := atomically(ctx, s, func(ctx context.Context) error {
		var err error
		accts, err = a.seedAccounts(ctx)
		if err != nil {
			return err
		}
		b.WriteString(accts.Summary())
		chs, err := a.seedChallenges(ctx, accts)
		if err != nil {
			return err
		}
		b.WriteString(chs.Summary())
		bids, err := a.seedBids(ctx, accts, chs)
		if err != nil {
			return err
		}
		b.WriteString(bids.Summary())
		revs, err := a.seedReviews(ctx, accts, chs)
		if err != nil {
			return err
		}
		b.WriteString(revs.Summary())
		races, err := a.seedRaces(ctx, accts)
		if err != nil {
			return err
		}
		b.WriteString(races.Summary())
		decisions, err := a.seedFunding(ctx, accts, races)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "  funding decisions: %d (finished race: /challenges/%d/funding)\n", decisions, races.Finished)
		notice, err := a.seedNotice(ctx, accts, chs, bids)
		if err != nil {
			return err
		}
		b.WriteString(notice)
		calls, err := a.seedCalls(ctx, accts)
		if err != nil {
			return err
		}
		b.WriteString(calls)
		corr, err := a.seedCorrection(ctx, accts)
		if err != nil {
			return err
		}
		b.WriteString(corr)
		return nil
	})
	if err != nil {
		return DemoAccounts{}, "", err
	}
	return accts, b.String(), nil
}
