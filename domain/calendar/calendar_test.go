package calendar

import (
	"errors"
	"testing"
	"time"

	"jiebang/domain"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, China)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkdays2026(t *testing.T) {
	t.Parallel()
	c, ok := Official(2026)
	if !ok {
		t.Fatal("2026 calendar not shipped")
	}
	d := Merge(c)
	cases := []struct {
		day  string
		work bool
	}{
		{"2026-01-01", false}, // 元旦
		{"2026-01-04", true},  // Sunday, 调休上班
		{"2026-01-05", true},
		{"2026-02-14", true},  // Saturday, 调休上班
		{"2026-02-16", false}, // Monday in 春节
		{"2026-02-23", false}, // Monday, last day of 春节
		{"2026-02-24", true},
		{"2026-02-28", true}, // Saturday, 调休上班
		{"2026-03-01", false},
		{"2026-10-08", true},
		{"2026-10-10", true}, // Saturday, 调休上班
		{"2026-10-11", false},
	}
	for _, tc := range cases {
		if got := d.IsWorkday(at(tc.day + " 12:00")); got != tc.work {
			t.Errorf("%s: workday %v, want %v", tc.day, got, tc.work)
		}
	}
}

func TestAddWorkdaysAcrossSpringFestival(t *testing.T) {
	t.Parallel()
	c, _ := Official(2026)
	d := Merge(c)
	cases := []struct {
		name string
		from string
		n    int
		end  string // end of the last working day = next midnight China time
	}{
		// Published Thu 12 Feb: Fri 13, Sat 14 (调休), then the festival 15..23, then Tue 24, Wed 25, Thu 26.
		{"spring festival with make-up Saturday", "2026-02-12 10:00", 5, "2026-02-27 00:00"},
		// Published late on Friday 13 Feb: Sat 14 (调休) counts, Tue 24 .. Fri 27.
		{"late friday", "2026-02-13 23:59", 5, "2026-02-28 00:00"},
		// No holiday: Mon 9 Mar -> Tue..Fri, Mon.
		{"plain week", "2026-03-09 09:00", 5, "2026-03-17 00:00"},
		// National day: published Tue 29 Sep -> Wed 30, Thu 8 Oct, Fri 9, Sat 10 (调休), Mon 12.
		{"national day", "2026-09-29 09:00", 5, "2026-10-13 00:00"},
		{"zero days", "2026-03-09 09:00", 0, "2026-03-10 00:00"},
	}
	for _, tc := range cases {
		got := d.AddWorkdays(at(tc.from), tc.n)
		if !got.Equal(at(tc.end)) {
			t.Errorf("%s: end %s, want %s", tc.name, got.In(China), tc.end)
		}
		if n := d.CountWorkdays(at(tc.from), got.Add(-time.Nanosecond)); n != tc.n {
			t.Errorf("%s: count %d, want %d", tc.name, n, tc.n)
		}
	}
}

func TestUTCInstantCountsChinaDay(t *testing.T) {
	t.Parallel()
	d := Merge()
	// 2027-03-05 17:00 UTC is Saturday 6 March 01:00 in China: the count starts after Saturday.
	from := time.Date(2027, 3, 5, 17, 0, 0, 0, time.UTC)
	got := d.AddWorkdays(from, 1)
	if want := at("2027-03-09 00:00"); !got.Equal(want) {
		t.Fatalf("end %s, want %s", got.In(China), want)
	}
}

func TestMergeOfNoCalendarCountsWeekendsOnly(t *testing.T) {
	t.Parallel()
	d := Merge() // no calendar at all (the service gives a year not entered its provisional one instead)
	if !d.IsWorkday(at("2027-01-01 09:00")) {
		t.Fatal("a schedule without calendar must count only weekends as days off")
	}
	if d.IsWorkday(at("2027-01-02 09:00")) {
		t.Fatal("Saturday must be a day off")
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := Calendar{Year: 2027, Holidays: []Holiday{{Name: "元旦", From: "2027-01-01", To: "2027-01-03"}},
		MakeupWorkdays: []string{"2027-01-09"}}
	if err := Validate(ok); err != nil {
		t.Fatalf("valid calendar refused: %v", err)
	}
	bad := []Calendar{
		{Year: 1999},
		{Year: 2027, Holidays: []Holiday{{Name: "", From: "2027-01-01", To: "2027-01-03"}}},
		{Year: 2027, Holidays: []Holiday{{Name: "x", From: "2027-02-30", To: "2027-03-01"}}},
		{Year: 2027, Holidays: []Holiday{{Name: "x", From: "2027-03-05", To: "2027-03-01"}}},
		{Year: 2027, Holidays: []Holiday{{Name: "x", From: "2027-03-01", To: "2027-03-05"}, {Name: "y", From: "2027-03-05", To: "2027-03-06"}}},
		{Year: 2027, MakeupWorkdays: []string{"2027-01-04"}}, // a Monday
		{Year: 2027, Holidays: []Holiday{{Name: "x", From: "2027-01-01", To: "2027-01-03"}}, MakeupWorkdays: []string{"2027-01-02"}},
		{Year: 2027, MakeupWorkdays: []string{"2030-01-05"}},
	}
	for i, c := range bad {
		if Validate(c) == nil {
			t.Errorf("case %d: invalid calendar accepted", i)
		}
	}
}

// TestValidateHolidayLength: a holiday lasts at most 31 days, from and to inclusive; 32 is refused on its
// "to" with the code too_long.
func TestValidateHolidayLength(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		to   string
		code string
	}{
		{"2027-07-31", ""},         // 31 days
		{"2027-08-01", "too_long"}, // 32 days
		{"2027-06-30", "invalid_range"},
	} {
		err := Validate(Calendar{Year: 2027, Holidays: []Holiday{{Name: "x", From: "2027-07-01", To: tc.to}}})
		code := ""
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			for _, f := range ve.Fields {
				if f.Field == "holidays[0].to" {
					code = f.Code
				}
			}
		} else if err != nil {
			t.Fatalf("to %s: %v is no validation error", tc.to, err)
		}
		if code != tc.code {
			t.Errorf("to %s: code %q, want %q (%v)", tc.to, code, tc.code, err)
		}
	}
}
