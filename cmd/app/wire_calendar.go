package app

import (
	"context"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/event"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireCalendar connects the working-day calendar (built with the race) to the rest: a year's calendar entered
// recomputes the running notices in the same transaction, and a job tells the bureau, from 1 November, that
// next year's calendar is missing.
func (a *App) wireCalendar() {
	a.Calendar.UseEvents(a.Events)
	notices := repository.NewRaceStore(a.DB)
	a.Events.On(calendar.EventPut, func(ctx context.Context, e event.Event) error {
		_, err := a.Race.RecomputeNotices(ctx, e.Actor, notices)
		return err
	})
	a.AddJob(schedule.Job{Name: calendar.WarningJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		sent, err := a.Calendar.WarnMissingNextYear(ctx, a.Claims, a.Notify, now)
		if sent {
			a.Logger.Info("the bureau was told next year's calendar is missing")
		}
		return err
	}})
}
