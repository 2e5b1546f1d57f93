package app

import (
	"context"
	"time"

	"jiebang/domain/account"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/domain/reminder"
	"jiebang/domain/review"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireNotify registers every area's reactions to the events (their notifications, the cascade of a
// cancelled challenge, the notices recomputed on a new calendar) and the job that reminds teams of bid deadlines.
func (a *App) wireNotify() {
	challenge.Register(a.Events, a.Notify)
	bid.Register(a.Events, a.Bids, a.Notify)
	race.Register(a.Events, a.Race, a.Notify)
	review.Register(a.Events, a.Notify)
	funding.Register(a.Events, a.Notify)
	account.Register(a.Events, a.Accounts, a.Notify)
	rem := reminder.NewService(repository.NewReminderStore(a.DB), a.Claims, a.Notify, a.Tx)
	a.AddJob(schedule.Job{Name: reminder.Job, Every: time.Minute, Run: func(ctx context.Context, now time.Time) error {
		sent, err := rem.BidDeadlines(ctx, now)
		if sent > 0 {
			a.Logger.Info("bid deadline reminders sent", "reminders", sent)
		}
		return err
	}})
}
