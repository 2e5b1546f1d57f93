package app

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/notify"
	"jiebang/domain/schedule"
)

// wireCalendar connects the working-day calendar (built with the race) to the rest: the job that tells the
// bureau, from 1 November, that next year's calendar is missing.
func (a *App) wireCalendar() {
	a.Calendar.UseEvents(a.Events)
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
