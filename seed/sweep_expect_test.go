package seed

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// The independent expectation of the calendar sweep (sweep_programme_test.go). Nothing here calls the calendar
// package or time.LoadLocation: a China date is held as a civil date (a time.Time at midnight UTC, used only
// for Go's day arithmetic, UTC having no daylight saving), China time is UTC + 8 h, the official calendars are
// read from their JSON files by this file's own parser, and the provisional statutory days of the years that
// have no official calendar are written out by hand below.

// expChinaOffset is China's offset from UTC (Asia/Shanghai has kept +08:00 without daylight saving since 1991).
const expChinaOffset = 8 * time.Hour

// expCivilDate is the civil date y-m-d.
func expCivilDate(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// expCivilOf is the China date of an instant.
func expCivilOf(instant time.Time) time.Time {
	c := instant.UTC().Add(expChinaOffset)
	return expCivilDate(c.Year(), c.Month(), c.Day())
}

// expChinaAt is the instant of h:m China time on civil date d.
func expChinaAt(d time.Time, h, m int) time.Time {
	return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute - expChinaOffset)
}

// expEndOfCivil is 24:00 China time of civil date d (the next China midnight), the end of a deadline given as d.
func expEndOfCivil(d time.Time) time.Time { return expChinaAt(d.AddDate(0, 0, 1), 0, 0) }

// expYMD writes a civil date.
func expYMD(d time.Time) string { return d.Format("2006-01-02") }

// expCST writes an instant in China time, for messages.
func expCST(instant time.Time) string {
	return instant.UTC().Add(expChinaOffset).Format("2006-01-02 15:04:05") + " CST"
}

// expDaysIn is the length of a month of the Gregorian calendar.
func expDaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// expCivilDays counts the days from civil date a to civil date b.
func expCivilDays(a, b time.Time) int { return int(b.Sub(a) / (24 * time.Hour)) }

// expStageDue is the stage plan's rule: the start's China date plus offset months, the month's last day when
// it has no such day, due at 24:00 China time of that date. clamped reports that the month had no such day.
func expStageDue(start time.Time, months int) (due time.Time, clamped bool) {
	d := expCivilOf(start)
	idx := int(d.Month()) - 1 + months
	y, m := d.Year()+idx/12, time.Month(idx%12+1)
	day := d.Day()
	if last := expDaysIn(y, m); day > last {
		day, clamped = last, true
	}
	return expEndOfCivil(expCivilDate(y, m, day)), clamped
}

// expStatutoryOff are the days off of the provisional calendar (暂定日历) that the product documents for a year whose
// calendar has been neither entered nor shipped: the public holidays the 全国年节及纪念日放假办法 (2024 revision,
// in force from 2025) fixes — 元旦 1 Jan; 春节 除夕 and 正月初一 to 初三; 清明; 劳动节 1–2 May; 端午; 中秋; 国庆
// 1–3 Oct — and, by its article 6 (全体公民放假的假日，如果适逢周六、周日，应当在工作日补假), a weekday after the
// holiday for each of its days that falls on a Saturday or Sunday (补假). No make-up working day (调休上班) is
// guessed: that is the State Council's yearly arrangement.
//
// The lunar dates were checked against github.com/6tail/lunar-go v1.4.7 (run outside this test: 2027 正月初一
// 2027-02-06, 端午 06-09, 中秋 09-15, 清明 04-05; 2028 正月初一 2028-01-26) and against published tables (Chinese
// New Year 2027 on Saturday 6 February, so 除夕 is Friday 5 February; Dragon Boat Festival 2027 on Wednesday
// 9 June; 清明 2027 on Monday 5 April, the solar term at 08:17 Beijing time). Mid-Autumn 2027 (八月十五) is
// Wednesday 15 September.
var expStatutoryOff = map[int][]struct {
	name     string
	days     []string // the statutory days
	madeUpOn []string // 补假 for those of them on a weekend
}{
	2027: {
		{"元旦", []string{"2027-01-01"}, nil}, // Friday
		// 除夕 Fri 5, 初一 Sat 6, 初二 Sun 7, 初三 Mon 8: two weekend days, made up on Tue 9 and Wed 10.
		{"春节", []string{"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"}, []string{"2027-02-09", "2027-02-10"}},
		{"清明节", []string{"2027-04-05"}, nil},                                                // Monday
		{"劳动节", []string{"2027-05-01", "2027-05-02"}, []string{"2027-05-03", "2027-05-04"}}, // Sat, Sun
		{"端午节", []string{"2027-06-09"}, nil},                                                // Wednesday
		{"中秋节", []string{"2027-09-15"}, nil},                                                // Wednesday
		// Fri 1, Sat 2, Sun 3: made up on Mon 4 and Tue 5.
		{"国庆节", []string{"2027-10-01", "2027-10-02", "2027-10-03"}, []string{"2027-10-04", "2027-10-05"}},
	},
	// The sweep's last notices run into January 2028 (the expectation refuses to count past expHorizon).
	2028: {
		{"元旦", []string{"2028-01-01"}, []string{"2028-01-03"}}, // Saturday, made up on Monday 3
		// 除夕 Tue 25 to 初三 Fri 28 January.
		{"春节", []string{"2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28"}, nil},
	},
}

// expHorizon is the first day the expectation does not know (2028 is written out only up to 春节).
var expHorizon = expCivilDate(2028, time.February, 1)

// expOfficialFile is one shipped State Council calendar, as this test reads it.
type expOfficialFile struct {
	Year     int `json:"year"`
	Holidays []struct {
		Name string `json:"name"`
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"holidays"`
	MakeupWorkdays []string `json:"makeup_workdays"`
}

// expCalendar is the working-day calendar the sweep expects: the shipped official years, and the
// provisional statutory days of 2027 and 2028 (unless an official file for that year has been shipped since).
type expCalendar struct {
	official  map[int]expOfficialFile
	off       map[string]bool
	makeup    map[string]bool
	statutory map[string]bool // days off that only the provisional calendar knows
}

func loadExpCalendar(t *testing.T) *expCalendar {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "domain", "calendar", "official", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("official calendars: %v (%d files)", err, len(files))
	}
	c := &expCalendar{official: map[int]expOfficialFile{}, off: map[string]bool{}, makeup: map[string]bool{},
		statutory: map[string]bool{}}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var o expOfficialFile
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		c.official[o.Year] = o
		for _, h := range o.Holidays {
			from, err1 := time.Parse("2006-01-02", h.From)
			to, err2 := time.Parse("2006-01-02", h.To)
			if err1 != nil || err2 != nil || to.Before(from) {
				t.Fatalf("%s: holiday %s %s..%s", f, h.Name, h.From, h.To)
			}
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				c.off[expYMD(d)] = true
			}
		}
		for _, m := range o.MakeupWorkdays {
			c.makeup[m] = true
		}
	}
	if _, ok := c.official[2026]; !ok {
		t.Fatal("the sweep expects the shipped 2026 calendar")
	}
	for year, hs := range expStatutoryOff {
		if _, ok := c.official[year]; ok {
			continue
		}
		for _, h := range hs {
			for _, d := range append(append([]string{}, h.days...), h.madeUpOn...) {
				c.statutory[d] = true
			}
		}
	}
	return c
}

// workday reports whether civil date d is a working day: a make-up working day, or a weekday that is no
// holiday. provisional tells whether it counts the provisional statutory days off (false: weekends only in the
// years without an official calendar, as the product counted them before the provisional calendar).
func (c *expCalendar) workday(t *testing.T, d time.Time, provisional bool) bool {
	if !d.Before(expHorizon) {
		t.Fatalf("the expectation knows the calendar only up to %s, asked about %s", expYMD(expHorizon), expYMD(d))
	}
	k := expYMD(d)
	if c.makeup[k] {
		return true
	}
	if c.off[k] || (provisional && c.statutory[k]) {
		return false
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

// expNotice is the expected end of a notice of n working days and what it exercised.
type expNotice struct {
	End time.Time
	// WeekendsOnlyEnd is where it would end without the provisional statutory days (the product's old rule
	// for a year not entered); it differs from End when the provisional calendar matters.
	WeekendsOnlyEnd time.Time
	// CrossesHoliday: a weekday off of an official calendar fell inside; CountsMakeup: a make-up Saturday or
	// Sunday was counted as a working day.
	CrossesHoliday, CountsMakeup bool
}

// expNoticeEnd is the rule of the process: a notice published at selected ends at 24:00 China time of the
// n-th working day after the China date of selected (that day itself does not count).
func (c *expCalendar) expNoticeEnd(t *testing.T, selected time.Time, n int) expNotice {
	var out expNotice
	count := func(provisional bool) time.Time {
		d := expCivilOf(selected)
		for counted := 0; counted < n; {
			d = d.AddDate(0, 0, 1)
			if c.workday(t, d, provisional) {
				counted++
				if provisional && c.makeup[expYMD(d)] {
					out.CountsMakeup = true
				}
			} else if provisional && c.off[expYMD(d)] && d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
				out.CrossesHoliday = true
			}
		}
		return expEndOfCivil(d)
	}
	out.End = count(true)
	out.WeekendsOnlyEnd = count(false)
	return out
}

// progDay is one start date of the sweep and the bidding period its programme uses.
type progDay struct {
	Day time.Time
	// BidDays is N: the bidding deadline is given as the date N days after Day (it ends at 24:00 China time).
	BidDays int
	// NearHoliday marks the dates around a 2026 holiday or across the year end.
	NearHoliday bool
}

// progDays is the sweep set: every 7th day from 2026-01-01 to 2027-12-31, every day from two days before to
// two days after each public holiday of the shipped 2026 calendar, and every day from 2026-12-24 to 2027-01-08.
//
// The programme's selection (and so its notice) starts right after the bidding deadline: for the dates near a
// holiday or the year end the deadline is the end of the start date itself (N = 0), so the notices start on
// every day from one day before each holiday to three days after it, and across the year end; the weekly
// dates bid for N = 6 days, so that days_left is checked over a week.
func progDays(t *testing.T, c *expCalendar) []progDay {
	t.Helper()
	near := map[time.Time]bool{}
	for _, h := range c.official[2026].Holidays {
		from, _ := time.Parse("2006-01-02", h.From)
		to, _ := time.Parse("2006-01-02", h.To)
		for d := from.AddDate(0, 0, -2); !d.After(to.AddDate(0, 0, 2)); d = d.AddDate(0, 0, 1) {
			near[d] = true
		}
	}
	for d := expCivilDate(2026, time.December, 24); !d.After(expCivilDate(2027, time.January, 8)); d = d.AddDate(0, 0, 1) {
		near[d] = true
	}
	all := map[time.Time]bool{}
	for d := expCivilDate(2026, time.January, 1); !d.After(expCivilDate(2027, time.December, 31)); d = d.AddDate(0, 0, 7) {
		all[d] = true
	}
	for d := range near {
		all[d] = true
	}
	out := make([]progDay, 0, len(all))
	for d := range all {
		s := progDay{Day: d, BidDays: 6, NearHoliday: near[d]}
		if s.NearHoliday {
			s.BidDays = 0
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day.Before(out[j].Day) })
	return out
}

// String names a sweep day in the subtest's name.
func (s progDay) String() string { return fmt.Sprintf("%s_N%d", expYMD(s.Day), s.BidDays) }
