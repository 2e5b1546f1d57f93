package app

import (
	"context"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/race"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireRace builds the working-day calendar and the race over the challenge, bid, account and notification
// services, and registers the job that closes notices at their end.
func (a *App) wireRace() error {
	a.Calendar = calendar.NewService(repository.NewCalendarStore(a.DB), a.Tx, a.Audit, a.Clock, a.Events)
	raceStore := repository.NewRaceStore(a.DB)
	a.Race = race.NewService(race.Deps{
		Store: raceStore, Rectifications: raceStore, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Challenges: a.Challenges,
		Bids:       a.Bids,
		Reviews:    a.Reviews,
		Calendar:   a.Calendar,
		Orgs:       a.Accounts,
		Credit:     a.Credit,
		Notifier:   a.Notify,
		Events:     a.Events,
		Blobs:      a.Blobs,
		Defaults:   a.Calls,
	})
	// Setters: the review engine and the race read each other (rankings one way, reports the other).
	a.Reviews.Race = race.ForReview{S: a.Race}
	a.Reviews.Reports = race.ForReview{S: a.Race}
	a.AddJob(schedule.Job{Name: "close_notices", Every: 30 * time.Second, Run: a.Race.CloseDueNotices})
	a.AddJob(schedule.Job{Name: race.ReminderJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		return a.Race.RemindReports(ctx, a.Claims, now)
	}})
	a.AddJob(schedule.Job{Name: race.RectificationReminderJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		return a.Race.RemindRectifications(ctx, a.Claims, now)
	}})
	return nil
}
