// Package calendar is the bureau's working-day calendar (工作日历): per year, the public holidays with their
// bridging days off and the make-up working days (调休上班). Notice periods and other working-day counts of
// the process follow it. Days are China days (UTC+8, which has had no daylight saving since 1991). A year the
// bureau has not entered uses the calendar shipped with the platform, or else a provisional one: the statutory
// public holidays only (statutory.go), marked provisional until the bureau enters the official arrangement.
package calendar

import (
	"sort"
	"time"
)

// China is the zone every working day is counted in (Asia/Shanghai, a fixed +08:00).
var China = time.FixedZone("CST", 8*3600)

// DateLayout is how a calendar date is written (YYYY-MM-DD).
const DateLayout = "2006-01-02"

// Holiday is a run of days off (放假), from and to inclusive, as YYYY-MM-DD.
type Holiday struct {
	Name string
	From string
	To   string
}

// Calendar is one year's schedule as the State Council announces it and the bureau enters it.
type Calendar struct {
	Year           int
	Holidays       []Holiday
	MakeupWorkdays []string
	// Entered is true for a year the bureau entered or the platform ships.
	Entered bool
	// Provisional is true for a year neither entered nor shipped: its days off are the statutory public
	// holidays only (Provisional), without the 调休 of the State Council's arrangement, so a date computed
	// over it may move when the bureau enters the year.
	Provisional bool
	UpdatedAt   *time.Time
	UpdatedBy   string
}

// Days is the merged schedule of one or more years, the input of the working-day arithmetic.
type Days struct {
	off    map[string]bool
	makeup map[string]bool
}

// Merge builds the schedule of the given years (a holiday listed in the next year's calendar, such as a
// New Year break starting on 31 December, counts too).
func Merge(cals ...Calendar) Days {
	d := Days{off: map[string]bool{}, makeup: map[string]bool{}}
	for _, c := range cals {
		for _, h := range c.Holidays {
			from, err1 := time.ParseInLocation(DateLayout, h.From, China)
			to, err2 := time.ParseInLocation(DateLayout, h.To, China)
			if err1 != nil || err2 != nil {
				continue
			}
			for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
				d.off[day.Format(DateLayout)] = true
			}
		}
		for _, m := range c.MakeupWorkdays {
			d.makeup[m] = true
		}
	}
	return d
}

// IsWorkday reports whether the China day of t is a working day: a make-up working day, or a weekday that
// is no holiday.
func (d Days) IsWorkday(t time.Time) bool {
	t = t.In(China)
	key := t.Format(DateLayout)
	if d.makeup[key] {
		return true
	}
	if d.off[key] {
		return false
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// startOfDay is midnight China time of t's China day.
func startOfDay(t time.Time) time.Time {
	t = t.In(China)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, China)
}

// AddWorkdays is the one working-day function: the end of the n-th working day after from's China day
// (the day of from itself does not count, so a notice published late on a Friday still runs n full working
// days). The end of a day is the next midnight, China time. n <= 0 returns the end of from's own day.
func (d Days) AddWorkdays(from time.Time, n int) time.Time {
	day := startOfDay(from)
	for counted := 0; counted < n; {
		day = day.AddDate(0, 0, 1)
		if d.IsWorkday(day) {
			counted++
		}
	}
	return day.AddDate(0, 0, 1)
}

// CountWorkdays counts the working days after from's China day up to and including to's China day (the
// inverse of AddWorkdays: CountWorkdays(t, AddWorkdays(t, n) - 1ns) == n).
func (d Days) CountWorkdays(from, to time.Time) int {
	n := 0
	end := startOfDay(to)
	for day := startOfDay(from).AddDate(0, 0, 1); !day.After(end); day = day.AddDate(0, 0, 1) {
		if d.IsWorkday(day) {
			n++
		}
	}
	return n
}

// Normalize sorts a calendar's holidays and make-up days.
func (c *Calendar) Normalize() {
	sort.SliceStable(c.Holidays, func(i, j int) bool { return c.Holidays[i].From < c.Holidays[j].From })
	sort.Strings(c.MakeupWorkdays)
}
