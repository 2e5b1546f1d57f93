package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrNotEmpty is returned by the seeds when the database already holds data: a seed only fills an empty
// database, and refusing changes nothing.
var ErrNotEmpty = errors.New("the database already has data: the seed only fills an empty database (delete the data directory, or use an empty database, to seed again)")

// seedAtomically runs fill in one transaction that first checks, inside it, that the database is empty: a seed
// that fails, or a process killed part-way, leaves the database as empty as it was (nothing that `seed
// --if-empty` could mistake for a demo), and a seed into a database that holds data changes nothing.
func (a *App) seedAtomically(ctx context.Context, fill func(ctx context.Context) error) error {
	return a.Tx.InTx(ctx, func(ctx context.Context) error {
		empty, err := a.DB.IsEmpty(ctx)
		if err != nil {
			return fmt.Errorf("checking that the database is empty: %w", err)
		}
		if !empty {
			return ErrNotEmpty
		}
		return fill(ctx)
	})
}

// SeedDemo fills an empty database with a demo: organisations, users of every role and challenges in
// several states, in one transaction. Each area adds its part in seed_*.go. Every state is reached through the
// product's own date arithmetic from the clock's now (story clocks that start in the past), so the demo is the
// same on any day of the year.
func (a *App) SeedDemo(ctx context.Context) (string, error) {
	_, summary, err := a.seedDemo(ctx)
	return summary, err
}

// seedDemo is SeedDemo, returning the demo's accounts too (tests).
func (a *App) seedDemo(ctx context.Context) (DemoAccounts, string, error) {
	var b strings.Builder
	var accts DemoAccounts
	b.WriteString("demo data:\n")
	err := a.seedAtomically(ctx, func(ctx context.Context) error {
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
		return nil
	})
	if err != nil {
		return DemoAccounts{}, "", err
	}
	return accts, b.String(), nil
}
