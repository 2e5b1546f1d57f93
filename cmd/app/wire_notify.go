package app

import (
	"context"
	"time"

	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/reminder"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireNotify registers the challenge and bid areas' reactions (their notifications and the cascade of a
// cancelled challenge) and the job that reminds teams of bid deadlines.
func (a *App) wireNotify() {
	challenge.Register(a.Events, a.Notify)
	bid.Register(a.Events, a.Bids, a.Notify)
	rem := reminder.NewService(repository.NewReminderStore(a.DB), a.Claims, a.Notify, a.Tx)
	a.AddJob(schedule.Job{Name: reminder.Job, Every: time.Minute, Run: func(ctx context.Context, now time.Time) error {
		sent, err := rem.BidDeadlines(ctx, now)
		if sent > 0 {
			a.Logger.Info("bid deadline reminders sent", "reminders", sent)
		}
		return err
	}})
}
