package app

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/event"
	"jiebang/domain/notify"
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
	bureau := calendarNotifier{n: a.Notify}
	a.AddJob(schedule.Job{Name: calendar.WarningJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		sent, err := a.Calendar.WarnMissingNextYear(ctx, a.Claims, bureau, now)
		if sent {
			a.Logger.Info("the bureau was told next year's calendar is missing")
		}
		return err
	}})
}

// calendarNotifier adapts the notification outbox to calendar.Notifier: every enabled bureau user.
type calendarNotifier struct{ n *notify.Service }

func (c calendarNotifier) NotifyBureau(ctx context.Context, n calendar.Note) error {
	return c.n.ToRole(ctx, domain.RoleBureau, notify.Message{Kind: n.Kind, TitleZh: n.TitleZh, TitleEn: n.TitleEn,
		BodyZh: n.BodyZh, BodyEn: n.BodyEn, Link: n.Link, Entity: calendar.EntityCalendar, EntityID: int64(n.Year)})
}
