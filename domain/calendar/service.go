package calendar

import (
	"context"
	"errors"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/event"
)

// EntityCalendar is the audit entity of a year's calendar.
const EntityCalendar = "calendar"

// EventPut is emitted inside the transaction that enters or replaces a year's calendar; its Data is a Changed.
// The race recomputes its running notices on it, so a notice never counts on a calendar that is gone.
const EventPut = "calendar.put"

// Changed is the payload of EventPut: the year's calendar before (possibly provisional) and after.
type Changed struct {
	Before, After Calendar
}

// Store persists the calendars entered by the bureau.
type Store interface {
	// Get returns the stored calendar of a year (domain.ErrNotFound when none was entered).
	Get(ctx context.Context, year int) (Calendar, error)
	// Put inserts or replaces a year's calendar.
	Put(ctx context.Context, c Calendar, by string, at time.Time) error
}

// Service reads and keeps the working-day calendar.
type Service struct {
	store  Store
	tx     domain.TxManager
	audit  *audit.Service
	clock  domain.Clock
	events *event.Bus
}

// NewService builds the calendar service; Put publishes EventPut on events (nil: nothing is published).
func NewService(store Store, tx domain.TxManager, auditSvc *audit.Service, clock domain.Clock, events *event.Bus) *Service {
	return &Service{store: store, tx: tx, audit: auditSvc, clock: clock, events: events}
}

// MinYear and MaxYear bound the years a calendar may be entered for.
const (
	MinYear = 2000
	MaxYear = 2100
)

func yearError(field string) error {
	return domain.FieldErr(field, "out_of_range", fmt.Sprintf("年份应在 %d 到 %d 之间", MinYear, MaxYear),
		fmt.Sprintf("the year must be between %d and %d", MinYear, MaxYear))
}

// Get returns a year's calendar: the bureau's entry, else the one shipped with the platform (both Entered),
// else the provisional calendar of the statutory holidays (Provisional, not Entered).
func (s *Service) Get(ctx context.Context, year int) (Calendar, error) {
	if year < MinYear || year > MaxYear {
		return Calendar{}, yearError("year")
	}
	c, err := s.store.Get(ctx, year)
	if errors.Is(err, domain.ErrNotFound) {
		if o, ok := Official(year); ok {
			return o, nil
		}
		return Provisional(year), nil
	}
	if err != nil {
		return Calendar{}, err
	}
	c.Entered = true
	return c, nil
}

// Put replaces a year's calendar (bureau only), audited.
func (s *Service) Put(ctx context.Context, actor domain.Actor, c Calendar) (Calendar, error) {
	if !actor.Is(domain.RoleBureau) {
		return Calendar{}, domain.Forbidden("forbidden", "只有科技局可以维护工作日历", "only the bureau may keep the calendar")
	}
	if err := Validate(c); err != nil {
		return Calendar{}, err
	}
	c.Normalize()
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		before, err := s.Get(ctx, c.Year)
		if err != nil {
			return err
		}
		if err := s.store.Put(ctx, c, actor.Name, s.clock.Now().UTC().Truncate(time.Microsecond)); err != nil {
			return err
		}
		if err := s.audit.Log(ctx, actor, audit.Record{Entity: EntityCalendar, EntityID: int64(c.Year), Action: "update",
			Before: summaryOf(before), After: summaryOf(c)}); err != nil {
			return err
		}
		after := c
		after.Entered = true
		return s.events.Emit(ctx, event.Event{Name: EventPut, EntityID: int64(c.Year), Actor: actor,
			Data: Changed{Before: before, After: after}})
	})
	if err != nil {
		return Calendar{}, err
	}
	return s.Get(ctx, c.Year)
}

type summary struct {
	Holidays       []Holiday `json:"holidays"`
	MakeupWorkdays []string  `json:"makeup_workdays"`
	Provisional    bool      `json:"provisional,omitempty"`
}

func summaryOf(c Calendar) summary {
	return summary{Holidays: c.Holidays, MakeupWorkdays: c.MakeupWorkdays, Provisional: c.Provisional}
}

// Days returns the merged schedule of the years around from (from's year and the next two), enough for any
// working-day count of the process.
func (s *Service) Days(ctx context.Context, from time.Time) (Days, error) {
	y := from.In(China).Year()
	var cals []Calendar
	for year := y - 1; year <= y+2; year++ {
		if year < MinYear || year > MaxYear {
			continue
		}
		c, err := s.Get(ctx, year)
		if err != nil {
			return Days{}, err
		}
		cals = append(cals, c)
	}
	return Merge(cals...), nil
}

// AddWorkdays is Days.AddWorkdays on the bureau's calendar.
func (s *Service) AddWorkdays(ctx context.Context, from time.Time, n int) (time.Time, error) {
	d, err := s.Days(ctx, from)
	if err != nil {
		return time.Time{}, err
	}
	return d.AddWorkdays(from, n), nil
}

// IsProvisional reports whether a year's calendar is provisional (neither entered nor shipped). A year out of
// the calendar's range is not provisional: it has no calendar at all.
func (s *Service) IsProvisional(ctx context.Context, year int) (bool, error) {
	if year < MinYear || year > MaxYear {
		return false, nil
	}
	c, err := s.Get(ctx, year)
	return c.Provisional, err
}

// Entered reports whether the bureau has entered the calendar of t's year (its pages warn when not).
func (s *Service) Entered(ctx context.Context, t time.Time) (bool, error) {
	c, err := s.Get(ctx, t.In(China).Year())
	return c.Entered, err
}
