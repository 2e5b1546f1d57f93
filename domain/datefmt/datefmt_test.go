package datefmt

import (
	"testing"
	"time"
)

func TestForms(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                       string
		at                         time.Time
		dateZh, dateEn, dlZh, dlEn string
	}{
		{"24:00 China time, given in UTC (the stage reminder's case)", time.Date(2027, 1, 9, 16, 0, 0, 0, time.UTC),
			"2027年1月10日", "10 Jan 2027", "2027年1月9日24:00（北京时间）", "the end of 9 Jan 2027 (Beijing time)"},
		{"an afternoon deadline", time.Date(2027, 1, 9, 9, 30, 0, 0, time.UTC),
			"2027年1月9日", "9 Jan 2027", "2027年1月9日17:30（北京时间）", "17:30 on 9 Jan 2027 (Beijing time)"},
		{"late evening China time is the next UTC date's eve", time.Date(2026, 12, 31, 15, 59, 0, 0, time.UTC),
			"2026年12月31日", "31 Dec 2026", "2026年12月31日23:59（北京时间）", "23:59 on 31 Dec 2026 (Beijing time)"},
		{"24:00 at the year end", time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC),
			"2027年1月1日", "1 Jan 2027", "2026年12月31日24:00（北京时间）", "the end of 31 Dec 2026 (Beijing time)"},
		{"29 February", time.Date(2028, 2, 29, 2, 0, 0, 0, time.UTC),
			"2028年2月29日", "29 Feb 2028", "2028年2月29日10:00（北京时间）", "10:00 on 29 Feb 2028 (Beijing time)"},
	}
	for _, tc := range cases {
		if got := DateZh(tc.at); got != tc.dateZh {
			t.Errorf("%s: DateZh %q, want %q", tc.name, got, tc.dateZh)
		}
		if got := DateEn(tc.at); got != tc.dateEn {
			t.Errorf("%s: DateEn %q, want %q", tc.name, got, tc.dateEn)
		}
		if got := DeadlineZh(tc.at); got != tc.dlZh {
			t.Errorf("%s: DeadlineZh %q, want %q", tc.name, got, tc.dlZh)
		}
		if got := DeadlineEn(tc.at); got != tc.dlEn {
			t.Errorf("%s: DeadlineEn %q, want %q", tc.name, got, tc.dlEn)
		}
	}
}

func TestDeadlineStamp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2027, 1, 9, 16, 0, 0, 0, time.UTC), "2027-01-09 24:00"},
		{time.Date(2027, 1, 9, 16, 0, 1, 0, time.UTC), "2027-01-10 00:00"},
		{time.Date(2027, 1, 9, 9, 30, 0, 0, time.UTC), "2027-01-09 17:30"},
		{time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC), "2026-12-31 24:00"},
	} {
		if got := DeadlineStamp(tc.at); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.at, got, tc.want)
		}
	}
}
