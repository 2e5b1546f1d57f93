package app

import (
	"context"

	"jiebang/domain/challenge"
	"jiebang/repository"
)

// wireChallenges builds the challenge service over the account service (organisation facts) and registers
// the scheduled close of bidding at the deadline.
func (a *App) wireChallenges() error {
	a.Challenges = challenge.NewService(repository.NewChallengeStore(a.DB), a.Accounts, a.Tx, a.Audit, a.Clock)
	a.onDue(func(ctx context.Context) error {
		n, err := a.Challenges.CloseDueBidding(ctx)
		if n > 0 {
			a.Logger.Info("closed bidding at the deadline", "challenges", n)
		}
		return err
	})
	return nil
}
