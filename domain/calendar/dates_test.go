package calendar

import (
	"testing"
	"time"
)

func TestAddMonthsClamped(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31 00:00", 1, "2026-02-28 00:00"},
		{"2027-01-31 00:00", 1, "2027-02-28 00:00"},
		{"2028-01-31 00:00", 1, "2028-02-29 00:00"}, // leap year
		{"2026-01-31 00:00", 2, "2026-03-31 00:00"},
		{"2026-01-31 00:00", 3, "2026-04-30 00:00"},
		{"2028-02-29 00:00", 12, "2029-02-28 00:00"},
		{"2028-02-29 00:00", 36, "2031-02-28 00:00"},
		{"2028-02-29 00:00", 48, "2032-02-29 00:00"},
		{"2028-02-29 00:00", 1, "2028-03-29 00:00"},
		{"2028-02-29 00:00", -12, "2027-02-28 00:00"},
		{"2026-03-31 00:00", 1, "2026-04-30 00:00"},
		{"2026-03-31 00:00", -1, "2026-02-28 00:00"},
		{"2028-03-31 00:00", -1, "2028-02-29 00:00"},
		{"2026-03-31 00:00", 6, "2026-09-30 00:00"},
		{"2026-12-31 00:00", 1, "2027-01-31 00:00"}, // over the year end
		{"2026-12-31 00:00", 2, "2027-02-28 00:00"},
		{"2027-12-31 00:00", 2, "2028-02-29 00:00"},
		{"2026-12-31 00:00", 14, "2028-02-29 00:00"},
		{"2027-01-31 00:00", -2, "2026-11-30 00:00"}, // back over the year end
		{"2026-11-02 09:00", 6, "2027-05-02 09:00"},  // the time of day stays
		{"2026-08-31 23:59", 0, "2026-08-31 23:59"},
	}
	for _, tc := range cases {
		got := AddMonthsClamped(at(tc.from), tc.n)
		if want := at(tc.want); !got.Equal(want) || got.Location() != China {
			t.Errorf("%s %+d months = %s, want %s", tc.from, tc.n, got, want)
		}
	}
	// The China date counts, not the date in the zone of the argument: 2026-01-30 16:00 UTC is 31 January in China.
	if got, want := AddMonthsClamped(time.Date(2026, 1, 30, 16, 0, 0, 0, time.UTC), 1), at("2026-02-28 00:00"); !got.Equal(want) {
		t.Errorf("from a UTC instant: %s, want %s", got, want)
	}
}

func TestDeadlineDayAndEndOfDay(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		at       time.Time
		day      string
		endOfDay bool
	}{
		{"24:00 China time is the date it ends", at("2027-01-10 00:00"), "2027-01-09", true},
		{"the same instant in UTC", time.Date(2027, 1, 9, 16, 0, 0, 0, time.UTC), "2027-01-09", true},
		{"a second later is the next date", at("2027-01-10 00:00").Add(time.Second), "2027-01-10", false},
		{"a morning deadline", at("2027-01-10 09:00"), "2027-01-10", false},
		{"late evening China time (15:30 UTC)", at("2027-01-10 23:30"), "2027-01-10", false},
		{"over the year end", at("2027-01-01 00:00"), "2026-12-31", true},
	}
	for _, tc := range cases {
		if got := DeadlineDate(tc.at); got != tc.day {
			t.Errorf("%s: DeadlineDate %s, want %s", tc.name, got, tc.day)
		}
		if got := IsEndOfDay(tc.at); got != tc.endOfDay {
			t.Errorf("%s: IsEndOfDay %v", tc.name, got)
		}
		if tc.endOfDay && !EndOfDay(DeadlineDay(tc.at)).Equal(tc.at) {
			t.Errorf("%s: EndOfDay(DeadlineDay) = %s", tc.name, EndOfDay(DeadlineDay(tc.at)))
		}
	}
	if got, want := DayOf(time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC)), at("2027-01-01 00:00"); !got.Equal(want) {
		t.Errorf("DayOf a UTC evening: %s, want %s", got, want)
	}
}

func TestDaysBetween(t *testing.T) {
	t.Parallel()
	cases := []struct {
		from, to string
		want     int
	}{
		{"2026-12-06 23:59", "2026-12-07 00:01", 1},
		{"2026-12-07 00:01", "2026-12-07 23:59", 0},
		{"2026-12-31 12:00", "2027-01-01 08:00", 1},
		{"2028-02-28 10:00", "2028-03-01 10:00", 2},
		{"2027-02-28 10:00", "2027-03-01 10:00", 1},
		{"2027-03-01 10:00", "2027-02-28 10:00", -1},
		{"2026-01-01 00:00", "2027-01-01 00:00", 365},
	}
	for _, tc := range cases {
		if got := DaysBetween(at(tc.from), at(tc.to)); got != tc.want {
			t.Errorf("%s → %s: %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
	// 2026-12-06 23:30 China time is 15:30 UTC on the same date; a deadline at 01:00 China time the next day
	// is 17:00 UTC on the 6th: one China day apart although the UTC date is the same.
	if got := DaysBetween(time.Date(2026, 12, 6, 15, 30, 0, 0, time.UTC), time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC)); got != 1 {
		t.Errorf("across China midnight within one UTC date: %d, want 1", got)
	}
}

func TestDaysIn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		y    int
		m    time.Month
		want int
	}{{2026, 2, 28}, {2028, 2, 29}, {2100, 2, 28}, {2000, 2, 29}, {2026, 4, 30}, {2026, 12, 31}} {
		if got := DaysIn(tc.y, tc.m); got != tc.want {
			t.Errorf("%d-%02d: %d, want %d", tc.y, tc.m, got, tc.want)
		}
	}
}
