package calendar

import (
	"testing"
)

// TestProvisional2027 checks the statutory holidays of 2027 (2024 revision): 元旦 Friday 1 January, 春节 from
// 除夕 Friday 5 February (腊月廿九: the 12th lunar month has 29 days) to 初三 Monday 8 February with the two
// weekend days made up on Tuesday and Wednesday (补假), 清明 Monday 5 April, 劳动节 Saturday–Sunday 1–2 May made
// up on Monday–Tuesday, 端午 Wednesday 9 June, 中秋 Wednesday 15 September, 国庆 Friday 1 October to Sunday 3
// made up on Monday–Tuesday.
func TestProvisional2027(t *testing.T) {
	t.Parallel()
	c := Provisional(2027)
	if !c.Provisional || c.Entered || c.Year != 2027 || len(c.MakeupWorkdays) != 0 {
		t.Fatalf("2027 provisional: %+v", c)
	}
	want := []Holiday{
		{"元旦", "2027-01-01", "2027-01-01"},
		{"春节", "2027-02-05", "2027-02-10"},
		{"清明节", "2027-04-05", "2027-04-05"},
		{"劳动节", "2027-05-01", "2027-05-04"},
		{"端午节", "2027-06-09", "2027-06-09"},
		{"中秋节", "2027-09-15", "2027-09-15"},
		{"国庆节", "2027-10-01", "2027-10-05"},
	}
	if len(c.Holidays) != len(want) {
		t.Fatalf("holidays %+v, want %+v", c.Holidays, want)
	}
	for i := range want {
		if c.Holidays[i] != want[i] {
			t.Errorf("holiday %d: %+v, want %+v", i, c.Holidays[i], want[i])
		}
	}
	d := Merge(c)
	days := []struct {
		day  string
		work bool
	}{
		{"2027-01-01", false}, // 元旦, a Friday
		{"2027-01-04", true},
		{"2027-02-04", true},  // Thursday before 除夕
		{"2027-02-05", false}, // 除夕
		{"2027-02-06", false}, // 初一
		{"2027-02-08", false}, // 初三, Monday
		{"2027-02-10", false}, // 补假
		{"2027-02-11", true},
		{"2027-02-20", false}, // a Saturday: a provisional year never counts a 调休 Saturday
		{"2027-04-05", false}, // 清明
		{"2027-10-08", true},
	}
	for _, tc := range days {
		if got := d.IsWorkday(at(tc.day + " 12:00")); got != tc.work {
			t.Errorf("%s: workday %v, want %v", tc.day, got, tc.work)
		}
	}
}

// TestProvisionalMatchesLaw checks the rule of each revision on years whose lunar dates are known, and that
// every provisional year of the calendar's range passes Validate, holds no Saturday or Sunday working day and
// no working day the law gives off.
func TestProvisionalMatchesLaw(t *testing.T) {
	t.Parallel()
	cases := []struct {
		year     int
		off      []string
		work     []string
		holidays int
	}{
		// 2026 under the 2024 revision: 除夕 16 February (腊月廿九), 清明 5 April, 中秋 25 September.
		{2026, []string{"2026-02-16", "2026-02-19", "2026-04-06", "2026-05-01", "2026-06-19", "2026-09-25"},
			[]string{"2026-02-20", "2026-05-05"}, 7},
		// 2020 under the 2013 revision: 春节 初一 25 January (Saturday) to 初三, the weekend made up on 28–29;
		// 中秋 coincides with 国庆 on 1 October: Saturday 3 and 中秋 are made up on 5–6 October, one run.
		{2020, []string{"2020-01-25", "2020-01-27", "2020-01-29", "2020-10-01", "2020-10-06"},
			[]string{"2020-01-24", "2020-01-30", "2020-05-04", "2020-10-07"}, 6},
		// 2010 under the 2007 revision: 春节 除夕 13 February (Saturday) to 初二, 劳动节 1 May only.
		{2010, []string{"2010-02-15", "2010-02-16", "2010-02-17"}, []string{"2010-02-18", "2010-05-04"}, 7},
		// 2005 under the 1999 revision: 劳动节 1–3 May, no 清明, 端午 or 中秋.
		{2005, []string{"2005-05-02", "2005-05-03"}, []string{"2005-04-05", "2005-09-19"}, 4},
	}
	for _, tc := range cases {
		c := Provisional(tc.year)
		d := Merge(c)
		if len(c.Holidays) != tc.holidays {
			t.Errorf("%d: %d holidays %+v, want %d", tc.year, len(c.Holidays), c.Holidays, tc.holidays)
		}
		for _, day := range tc.off {
			if d.IsWorkday(at(day + " 12:00")) {
				t.Errorf("%d: %s should be off (%+v)", tc.year, day, c.Holidays)
			}
		}
		for _, day := range tc.work {
			if !d.IsWorkday(at(day + " 12:00")) {
				t.Errorf("%d: %s should be a working day (%+v)", tc.year, day, c.Holidays)
			}
		}
	}
	for y := MinYear; y <= MaxYear; y++ {
		c := Provisional(y)
		if err := Validate(c); err != nil {
			t.Errorf("%d: provisional calendar invalid: %v (%+v)", y, err, c.Holidays)
		}
		if len(c.MakeupWorkdays) != 0 {
			t.Errorf("%d: a provisional year guesses make-up days: %v", y, c.MakeupWorkdays)
		}
	}
}

// TestProvisionalIsACopy: changing a returned calendar does not change the next one.
func TestProvisionalIsACopy(t *testing.T) {
	t.Parallel()
	c := Provisional(2031)
	c.Holidays[0].Name = "changed"
	if Provisional(2031).Holidays[0].Name == "changed" {
		t.Fatal("Provisional shares its holidays with its callers")
	}
}
