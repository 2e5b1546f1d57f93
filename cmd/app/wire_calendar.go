package app

import (
	"context"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/schedule"
)

// wireCalendar connects the working-day calendar (built with the race) to the rest: its changes go on the bus
// (the race recomputes running notices on them, race.Register), and a job tells the bureau, from 1 November, that
// next year's calendar is missing.
func (a *App) wireCalendar() {
	a.Bids.UseWorkdays(a.Calendar) // the correction window's default due date counts working days
	a.AddJob(schedule.Job{Name: calendar.WarningJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		sent, err := a.Calendar.WarnMissingNextYear(ctx, a.Claims, a.Notify, now)
		if sent {
			a.Logger.Info("the bureau was told next year's calendar is missing")
		}
		return err
	}})
}
