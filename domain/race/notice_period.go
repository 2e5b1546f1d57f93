package race

import (
	"context"
	"time"

	"jiebang/domain/calendar"
)

// A notice's period as people read it (公示期：2026年12月7日至2026年12月11日，5个工作日): the first and the last
// working day counted, inclusive, and whether a provisional year's calendar counted them.

// noticeCalendar is the calendar as a notice page reads it (satisfied by *calendar.Service): the schedule
// around a date and whether a year is provisional. With a calendar that offers only WorkingDays, the first
// day is counted with AddWorkdays and no period is marked provisional.
type noticeCalendar interface {
	Days(ctx context.Context, from time.Time) (calendar.Days, error)
	IsProvisional(ctx context.Context, year int) (bool, error)
}

// periodReader fills the periods of one page of notices, reading each year's calendar once.
type periodReader struct {
	wd          WorkingDays
	days        map[int]calendar.Days
	provisional map[int]bool
}

func (s *Service) periodReader() *periodReader {
	return &periodReader{wd: s.d.Calendar, days: map[int]calendar.Days{}, provisional: map[int]bool{}}
}

// fill sets v's StartsOn (the first working day counted: the first after the China day of StartsAt), EndsOn
// (the last, the China date of EndsAt minus 1 ns) and Provisional (a year of the period is provisional).
func (p *periodReader) fill(ctx context.Context, v *NoticeView) error {
	cal, ok := p.wd.(noticeCalendar)
	var first time.Time
	if ok {
		y := v.StartsAt.In(calendar.China).Year()
		d, seen := p.days[y]
		if !seen {
			var err error
			if d, err = cal.Days(ctx, v.StartsAt); err != nil {
				return err
			}
			p.days[y] = d
		}
		first = d.AddWorkdays(v.StartsAt, 1)
	} else {
		var err error
		if first, err = p.wd.AddWorkdays(ctx, v.StartsAt, 1); err != nil {
			return err
		}
	}
	firstDay, lastDay := calendar.DeadlineDay(first), calendar.DeadlineDay(v.EndsAt)
	v.StartsOn, v.EndsOn = firstDay.Format(calendar.DateLayout), lastDay.Format(calendar.DateLayout)
	if !ok {
		return nil
	}
	for y := firstDay.Year(); y <= lastDay.Year(); y++ {
		prov, seen := p.provisional[y]
		if !seen {
			var err error
			if prov, err = cal.IsProvisional(ctx, y); err != nil {
				return err
			}
			p.provisional[y] = prov
		}
		v.Provisional = v.Provisional || prov
	}
	return nil
}
