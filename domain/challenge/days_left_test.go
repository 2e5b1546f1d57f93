package challenge

import (
	"testing"
	"time"

	"jiebang/domain/calendar"
)

// TestDaysLeft: days left count China calendar days, not whole 24 h, so a deadline tomorrow morning is 1 day
// left at any hour today, and a deadline at 24:00 China time counts as the date it ends.
func TestDaysLeftChinaDates(t *testing.T) {
	t.Parallel()
	china := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.China)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name          string
		now, deadline time.Time
		want          int
	}{
		{"tomorrow 09:00, seen at 22:00 (was 今日截止)", china("2026-12-06 22:00"), china("2026-12-07 09:00"), 1},
		{"tomorrow 09:00, seen at 08:00", china("2026-12-06 08:00"), china("2026-12-07 09:00"), 1},
		{"today 17:00", china("2026-12-07 08:00"), china("2026-12-07 17:00"), 0},
		{"24:00 tonight is today", china("2026-12-07 08:00"), china("2026-12-08 00:00"), 0},
		{"24:00 tomorrow, seen a minute before midnight", china("2026-12-07 23:59"), china("2026-12-09 00:00"), 1},
		{"24:00 tomorrow, seen at midnight", china("2026-12-08 00:00"), china("2026-12-09 00:00"), 0},
		{"just after midnight, deadline later that morning", china("2026-12-07 00:01"), china("2026-12-07 09:00"), 0},
		{"ten days and an hour", china("2026-11-02 09:00"), china("2026-11-12 10:00"), 10},
		{"ten days less an hour", china("2026-11-02 09:00"), china("2026-11-12 08:00"), 10},
		{"over the year end", china("2026-12-31 23:30"), china("2027-01-01 00:30"), 1},
		{"at the deadline", china("2026-12-07 09:00"), china("2026-12-07 09:00"), 0},
		{"past the deadline (job not run yet)", china("2026-12-07 10:00"), china("2026-12-07 09:00"), 0},
		// A server in UTC: 2026-12-06 23:30 China time is 15:30 UTC; the deadline 01:00 China time the next
		// day is 17:00 UTC on the same UTC date. The China dates differ by one.
		{"given in UTC across China midnight", time.Date(2026, 12, 6, 15, 30, 0, 0, time.UTC), time.Date(2026, 12, 6, 17, 0, 0, 0, time.UTC), 1},
		{"given in UTC, the same China date", time.Date(2026, 12, 6, 16, 30, 0, 0, time.UTC), time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), 0},
	}
	for _, tc := range cases {
		if got := DaysLeft(tc.deadline, tc.now); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
		dl := tc.deadline
		c := Challenge{Status: StatusPublished, BidDeadline: &dl}
		if got := c.daysLeft(tc.now); got == nil || *got != tc.want {
			t.Errorf("%s: Challenge.daysLeft %v", tc.name, got)
		}
	}
	dl := china("2026-12-07 09:00")
	if got := (Challenge{Status: StatusBiddingClosed, BidDeadline: &dl}).daysLeft(china("2026-12-01 09:00")); got != nil {
		t.Errorf("closed: %d, want nil", *got)
	}
}
