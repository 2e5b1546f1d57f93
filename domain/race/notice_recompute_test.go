package race

import (
	"context"
	"slices"
	"testing"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/calendar"
	"jiebang/domain/event"
)

// memCalendars is the bureau's calendar entries in memory.
type memCalendars struct{ cals map[int]calendar.Calendar }

func (m *memCalendars) Get(_ context.Context, year int) (calendar.Calendar, error) {
	c, ok := m.cals[year]
	if !ok {
		return c, domain.ErrNotFound
	}
	return c, nil
}

func (m *memCalendars) Put(_ context.Context, c calendar.Calendar, by string, at time.Time) error {
	c.UpdatedBy, c.UpdatedAt = by, &at
	m.cals[c.Year] = c
	return nil
}

// memEnds is NoticeEnds over the in-memory store.
type memEnds struct{ m *memStore }

func (e memEnds) RunningNotices(_ context.Context, now time.Time) ([]Notice, error) {
	e.m.mu.Lock()
	defer e.m.mu.Unlock()
	var out []Notice
	for _, n := range e.m.notices {
		if n.Status == NoticeOpen && n.EndsAt.After(now) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b Notice) int { return int(a.ID - b.ID) })
	return out, nil
}

func (e memEnds) MoveNoticeEnd(_ context.Context, id int64, from, to time.Time) (bool, error) {
	e.m.mu.Lock()
	defer e.m.mu.Unlock()
	n, ok := e.m.notices[id]
	if !ok || n.Status != NoticeOpen || !n.EndsAt.Equal(from) {
		return false, nil
	}
	n.EndsAt = to
	e.m.notices[id] = n
	return true, nil
}

func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.China)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// recomputeFixture is the race fixture on the real calendar service (2027 provisional), whose puts recompute
// the notices as cmd/app wires them, with the clock at now.
func recomputeFixture(t *testing.T, now time.Time) (*fixture, *calendar.Service) {
	t.Helper()
	f := newFixture(t)
	f.clock = domain.NewFrozenClock(now)
	f.svc.d.Clock = f.clock
	bus := event.NewBus()
	cal := calendar.NewService(&memCalendars{cals: map[int]calendar.Calendar{}}, noTx{}, audit.NewService(f.audit, f.clock), f.clock, bus)
	f.svc.d.Calendar = cal
	bus.On(calendar.EventPut, func(ctx context.Context, e event.Event) error {
		_, err := f.svc.RecomputeNotices(ctx, e.Actor, memEnds{f.store})
		return err
	})
	return f, cal
}

func (f *fixture) notice(t *testing.T, starts string, days int, status NoticeStatus) Notice {
	t.Helper()
	end, err := f.svc.d.Calendar.AddWorkdays(context.Background(), cst(starts), days)
	if err != nil {
		t.Fatal(err)
	}
	n := Notice{ChallengeID: 1, Seq: 1, NoticeDays: days, StartsAt: cst(starts), EndsAt: end.UTC(), Status: status}
	if err := f.store.CreateNotice(context.Background(), &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEnteringACalendarRecomputesRunningNotices: on Tuesday 2027-01-05 10:00 the bureau enters 2027 with 元旦
// from 1 to 4 January, where the provisional 2027 had 1 January only. The running notice moves (audited, end
// before and after); the one that ended at midnight (not closed yet) and the closed one stay as they were,
// though the new calendar would move them.
func TestEnteringACalendarRecomputesRunningNotices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f, cal := recomputeFixture(t, cst("2027-01-05 10:00"))
	// Published Thursday 31 Dec: provisional Mon 4 .. Fri 8 January.
	running := f.notice(t, "2026-12-31 10:00", 5, NoticeOpen)
	if !running.EndsAt.Equal(cst("2027-01-09 00:00")) {
		t.Fatalf("provisional end %s", running.EndsAt.In(calendar.China))
	}
	// Published Wednesday 30 Dec, 2 days: Thu 31, Mon 4 January: ended at midnight, the job has not closed it.
	ended := f.notice(t, "2026-12-30 10:00", 2, NoticeOpen)
	closed := f.notice(t, "2026-12-29 10:00", 3, NoticeClosed)
	if _, err := cal.Put(ctx, boss, calendar.Calendar{Year: 2027, Holidays: []calendar.Holiday{{Name: "元旦", From: "2027-01-01", To: "2027-01-04"}}}); err != nil {
		t.Fatal(err)
	}
	// Official: Tue 5, Wed 6, Thu 7, Fri 8, Mon 11.
	if got := f.store.notices[running.ID].EndsAt; !got.Equal(cst("2027-01-12 00:00")) {
		t.Fatalf("running notice ends %s, want 2027-01-12 00:00", got.In(calendar.China))
	}
	if got := f.store.notices[ended.ID].EndsAt; !got.Equal(ended.EndsAt) {
		t.Fatalf("ended notice moved to %s", got.In(calendar.China))
	}
	if got := f.store.notices[closed.ID].EndsAt; !got.Equal(closed.EndsAt) {
		t.Fatalf("closed notice moved to %s", got.In(calendar.China))
	}
	var recomputed []audit.Entry
	for _, e := range f.audit.entries {
		if e.Entity == audit.EntityNotice && e.Action == ActionRecompute {
			recomputed = append(recomputed, e)
		}
	}
	if len(recomputed) != 1 || recomputed[0].EntityID != running.ID || recomputed[0].ActorID != boss.UserID {
		t.Fatalf("recompute audit: %+v", recomputed)
	}
	// Entering the same calendar again moves nothing and audits nothing.
	if _, err := cal.Put(ctx, boss, calendar.Calendar{Year: 2027, Holidays: []calendar.Holiday{{Name: "元旦", From: "2027-01-01", To: "2027-01-04"}}}); err != nil {
		t.Fatal(err)
	}
	if got := f.audit.actions(audit.EntityNotice); len(got) != 1 {
		t.Fatalf("notice audit after the same calendar again: %v", got)
	}
}

// TestRecomputeNeverEndsANoticeRetroactively: a running notice that the new calendar would have ended before
// now keeps its end.
func TestRecomputeNeverEndsANoticeRetroactively(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f, cal := recomputeFixture(t, cst("2027-01-05 10:00"))
	// Published Wednesday 30 Dec, 3 days: Thu 31, Mon 4, Tue 5 (1 January is provisionally off): running.
	n := f.notice(t, "2026-12-30 10:00", 3, NoticeOpen)
	// 2027 entered without 元旦: Thu 31, Fri 1, Mon 4 would have ended it at the start of the 5th.
	if _, err := cal.Put(ctx, boss, calendar.Calendar{Year: 2027}); err != nil {
		t.Fatal(err)
	}
	if got := f.store.notices[n.ID].EndsAt; !got.Equal(n.EndsAt) {
		t.Fatalf("notice moved to %s", got.In(calendar.China))
	}
}
