package app

import (
	"context"
	"time"

	"jiebang/domain/challenge"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireChallenges builds the challenge service over the account service (organisation facts), emitting its
// transitions on the event bus, and registers the scheduled close of bidding at the deadline.
func (a *App) wireChallenges() error {
	a.Challenges = challenge.NewService(repository.NewChallengeStore(a.DB), a.Accounts, a.Tx, a.Audit, a.Clock).
		WithEvents(a.Events)
	a.AddJob(schedule.Job{Name: "close_bidding", Every: 5 * time.Second, Run: func(ctx context.Context, _ time.Time) error {
		n, err := a.Challenges.CloseDueBidding(ctx)
		if n > 0 {
			a.Logger.Info("closed bidding at the deadline", "challenges", n)
		}
		return err
	}})
	return nil
}
