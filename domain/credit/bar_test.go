package credit

import (
	"testing"
	"time"

	"jiebang/domain/account"
)

// TestBarUntil: a bar after an elimination lasts calendar years (to the same date, or the month's last day),
// not 365-day years; the former setting in days still works.
func TestBarUntil(t *testing.T) {
	t.Parallel()
	china := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, China)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		name    string
		cfg     Config
		imposed time.Time
		until   string
	}{
		{"default: three calendar years", Config{}, china("2026-11-10 10:00"), "2029-11-10"}, // 1,095 days gave 2029-11-09
		{"over a leap day", Config{}, china("2027-03-01 10:00"), "2030-03-01"},
		{"imposed on 29 February", Config{}, china("2028-02-29 10:00"), "2031-02-28"},
		{"imposed late in the evening, China time", Config{}, time.Date(2026, 12, 31, 15, 30, 0, 0, time.UTC), "2029-12-31"},
		{"just after midnight China time (the day before in UTC)", Config{}, time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), "2030-01-01"},
		{"in months", Config{PenaltyBarMonths: 12}, china("2028-02-29 10:00"), "2029-02-28"},
		{"months win over days", Config{PenaltyBarMonths: 1, PenaltyBarDays: 400}, china("2026-01-31 10:00"), "2026-02-28"},
		{"the former setting in days", Config{PenaltyBarDays: 30}, china("2026-01-31 10:00"), "2026-03-02"},
	}
	for _, tc := range cases {
		got := tc.cfg.BarUntil(tc.imposed)
		if f := got.In(China).Format("2006-01-02"); f != tc.until || !got.Equal(*day(tc.until)) {
			t.Errorf("%s: until %s, want %s", tc.name, got, tc.until)
		}
	}
	// The bar applies through its last day and ends at 24:00 China time of it.
	u := Config{}.BarUntil(china("2028-02-29 10:00"))
	bar := []Event{{Kind: KindBar, Until: &u}}
	if st := Status(bar, china("2031-02-28 23:59")); st != account.CreditBarred {
		t.Errorf("on the last day: %s", st)
	}
	if st := Status(bar, china("2031-03-01 00:00")); st != account.CreditGood {
		t.Errorf("the day after: %s", st)
	}
}
