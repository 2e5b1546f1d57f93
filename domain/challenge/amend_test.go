package challenge

import (
	"testing"
	"time"

	"jiebang/domain/calendar"
)

// TestMovedDeadline: an amendment leaves at least minDays China calendar days to the deadline; fewer move it to
// 24:00 of the date minDays days after today, never earlier than it was; a passed deadline or 0 days does not move.
func TestMovedDeadline(t *testing.T) {
	t.Parallel()
	at := func(m time.Month, d, h int) time.Time { return time.Date(2027, m, d, h, 0, 0, 0, calendar.China) }
	for _, x := range []struct {
		name     string
		deadline time.Time
		now      time.Time
		min      int
		want     time.Time
		moved    bool
	}{
		{"ten days left", at(1, 21, 0), at(1, 10, 9), 7, at(1, 21, 0), false},
		{"exactly seven days (24:00 of the 17th)", at(1, 18, 0), at(1, 10, 9), 7, at(1, 18, 0), false},
		{"six days left", at(1, 17, 0), at(1, 10, 9), 7, at(1, 18, 0), true},
		{"deadline tomorrow at noon", at(1, 11, 12), at(1, 10, 23), 7, at(1, 18, 0), true},
		{"late on the day: whole days count", at(1, 12, 0), at(1, 10, 23), 3, at(1, 14, 0), true},
		{"across the month end", at(2, 2, 0), at(1, 30, 9), 7, at(2, 7, 0), true},
		{"no minimum", at(1, 11, 0), at(1, 10, 9), 0, at(1, 11, 0), false},
		{"deadline passed", at(1, 10, 8), at(1, 10, 9), 7, at(1, 10, 8), false},
	} {
		got, moved := MovedDeadline(x.deadline, x.now, x.min)
		if moved != x.moved || !got.Equal(x.want) {
			t.Errorf("%s: %v %v, want %v %v", x.name, got.In(calendar.China), moved, x.want, x.moved)
		}
		if moved && !got.After(x.deadline) {
			t.Errorf("%s: moved earlier", x.name)
		}
		if moved && calendar.DaysBetween(x.now, calendar.DeadlineDay(got)) != x.min {
			t.Errorf("%s: %d days remain", x.name, calendar.DaysBetween(x.now, calendar.DeadlineDay(got)))
		}
	}
}
