package review

import (
	"testing"
	"time"
)

func TestCoMembershipSince(t *testing.T) {
	t.Parallel()
	cases := []struct{ now, want time.Time }{
		// 2026-11-02 09:00 China time: three years back, same instant of the day.
		{time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC), time.Date(2023, 11, 2, 1, 0, 0, 0, time.UTC)},
		// 29 February 2028, 10:00 China time: 28 February 2025 (AddDate gave 1 March).
		{time.Date(2028, 2, 29, 2, 0, 0, 0, time.UTC), time.Date(2025, 2, 28, 2, 0, 0, 0, time.UTC)},
		// 1 March 2028 01:00 China time is 29 February in UTC: the China date counts.
		{time.Date(2028, 2, 29, 17, 0, 0, 0, time.UTC), time.Date(2025, 2, 28, 17, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		got := coMembershipSince(tc.now)
		if !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("%s: %s, want %s", tc.now, got, tc.want)
		}
	}
}
