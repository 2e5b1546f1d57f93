package race

import (
	"context"
	"testing"

	"jiebang/domain"
	"jiebang/domain/calendar"
)

// TestNoticePeriodAsPeopleReadIt: the first and last working day counted, inclusive, China time, and the
// provisional mark while a year of the period is provisional.
func TestNoticePeriodAsPeopleReadIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f, cal := recomputeFixture(t, cst("2026-12-04 23:30"))
	cases := []struct {
		name        string
		starts      string
		days        int
		from, to    string
		provisional bool
	}{
		// Published late on Friday 4 December: Mon 7 .. Fri 11 (公示期：2026年12月7日至2026年12月11日，5个工作日).
		{"friday night", "2026-12-04 23:30", 5, "2026-12-07", "2026-12-11", false},
		// 01:00 on Monday 7 December in China (17:00 UTC on Sunday): Tue 8 .. Mon 14.
		{"monday in china", "2026-12-07 01:00", 5, "2026-12-08", "2026-12-14", false},
		// Into the provisional 2027: Thu 31 December, (1 January off), Mon 4 .. Thu 7.
		{"over new year", "2026-12-30 10:00", 5, "2026-12-31", "2027-01-07", true},
		// From the shipped 2026 over the 国庆 of 2026, all entered.
		{"national day", "2026-09-29 09:00", 5, "2026-09-30", "2026-10-12", false},
	}
	for _, tc := range cases {
		n := f.notice(t, tc.starts, tc.days, NoticeOpen)
		v, err := f.svc.Notice(ctx, boss, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.StartsOn != tc.from || v.EndsOn != tc.to || v.Provisional != tc.provisional {
			t.Errorf("%s: %s to %s provisional %v, want %s to %s %v", tc.name, v.StartsOn, v.EndsOn, v.Provisional, tc.from, tc.to, tc.provisional)
		}
	}
	l, err := f.svc.Notices(ctx, NoticeFilter{}, domain.Page{Page: 1, PageSize: 10})
	if err != nil || len(l.Items) != len(cases) {
		t.Fatalf("list: %+v %v", l, err)
	}
	for _, v := range l.Items {
		if v.StartsOn == "" || v.EndsOn == "" || v.Provisional != (v.EndsOn == "2027-01-07") {
			t.Errorf("listed notice %d: %s to %s provisional %v", v.ID, v.StartsOn, v.EndsOn, v.Provisional)
		}
	}
	// Once 2027 is entered, nothing is provisional.
	if _, err := cal.Put(ctx, boss, calendar.Calendar{Year: 2027}); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.svc.Notice(ctx, boss, l.Items[0].ID); v.Provisional {
		t.Fatalf("still provisional after entering 2027: %+v", v)
	}
}
