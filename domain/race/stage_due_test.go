package race

import (
	"testing"
	"time"

	"jiebang/domain/bid"
	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
)

// TestStageDueMonthEnds: a stage is due on the same day of the month offset months on, or that month's last
// day, at 24:00 China time of that date, whatever the time of day of the start and the server's zone.
func TestStageDueMonthEnds(t *testing.T) {
	t.Parallel()
	china := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.China)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		start  time.Time
		months int
		dueOn  string
	}{
		{china("2026-11-02 09:00"), 6, "2027-05-02"},
		{china("2026-01-31 09:00"), 1, "2026-02-28"}, // was 2026-03-03
		{china("2027-01-31 09:00"), 1, "2027-02-28"},
		{china("2028-01-31 09:00"), 1, "2028-02-29"},
		{china("2028-02-29 09:00"), 12, "2029-02-28"}, // was 2029-03-01
		{china("2028-02-29 09:00"), 1, "2028-03-29"},
		{china("2026-03-31 09:00"), 1, "2026-04-30"},
		{china("2026-03-31 09:00"), 6, "2026-09-30"},
		{china("2026-05-31 09:00"), 3, "2026-08-31"},
		{china("2026-12-31 09:00"), 2, "2027-02-28"}, // over the year end
		{china("2026-12-31 09:00"), 12, "2027-12-31"},
		{china("2026-08-31 23:30"), 1, "2026-09-30"},                     // 15:30 UTC: the China date counts
		{time.Date(2026, 1, 30, 20, 0, 0, 0, time.UTC), 1, "2026-02-28"}, // 31 January in China
		{china("2026-11-02 09:00"), 0, "2026-11-02"},
	}
	for _, tc := range cases {
		got := StageDue(tc.start, tc.months)
		day, _ := time.ParseInLocation("2006-01-02", tc.dueOn, calendar.China)
		if want := day.AddDate(0, 0, 1); !got.Equal(want) {
			t.Errorf("%s + %d months: due %s, want 24:00 China time of %s", tc.start, tc.months, got, tc.dueOn)
		}
		if got.Location() != time.UTC {
			t.Errorf("%s + %d months: due %s not in UTC", tc.start, tc.months, got)
		}
		if on := calendar.DeadlineDate(got); on != tc.dueOn {
			t.Errorf("%s + %d months: due on %s, want %s", tc.start, tc.months, on, tc.dueOn)
		}
	}
}

// TestRacerDueAtFollowsTaskBook: reports and reminders hold a team to the date its task book gave it, and
// fall back to the rule for a stage the task book does not list.
func TestRacerDueAtFollowsTaskBook(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 31, 1, 0, 0, 0, time.UTC)
	c := challenge.Challenge{Stages: []challenge.Stage{{Name: "一", OffsetMonths: 1}, {Name: "二", OffsetMonths: 2}}}
	written := time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC) // a task book written with the old rule
	r := Racer{StartedAt: start, TaskBook: TaskBook{Stages: []TaskStage{{Stage: 1, DueAt: written}}}}
	if got := r.DueAt(c, 1); !got.Equal(written) {
		t.Errorf("stage 1: %s, want the task book's %s", got, written)
	}
	if got, want := r.DueAt(c, 2), time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("stage 2: %s, want %s", got, want)
	}
	if got, want := NewTaskBook(c, bid.Bid{}, "", start).Stages[0].DueAt, time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("a new task book: stage 1 due %s, want %s", got, want)
	}
}
