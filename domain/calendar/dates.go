package calendar

import "time"

// The date arithmetic of the product: every China date a rule computes (a stage due date, the end of a credit
// bar, the days left to a deadline) comes from these functions, so none of them depends on the zone the server
// runs in or on how time.AddDate normalises a day that a month does not have.

// DayOf is the China date of t, as midnight China time.
func DayOf(t time.Time) time.Time {
	return startOfDay(t)
}

// EndOfDay is the end of t's China day (24:00 China time, the next midnight): the instant a deadline "given
// as a date" falls on.
func EndOfDay(t time.Time) time.Time {
	return startOfDay(t).AddDate(0, 0, 1)
}

// EndOfDayAfter is the end (24:00 China time) of the China date days after t's: a deadline given as "the
// date n days from now".
func EndOfDayAfter(t time.Time, days int) time.Time {
	return startOfDay(t).AddDate(0, 0, days+1)
}

// Date is t's China date written YYYY-MM-DD (a payment's paid_on, today's date on a page).
func Date(t time.Time) string {
	return startOfDay(t).Format(DateLayout)
}

// IsEndOfDay reports whether t is exactly 24:00 China time of a date (a midnight in China).
func IsEndOfDay(t time.Time) bool {
	return t.Equal(startOfDay(t))
}

// DeadlineDay is the China date a deadline falls on: the date of the instant, except that a deadline at
// exactly 24:00 China time belongs to the date it ends (an instant of 2027-01-10 00:00 China time is the
// deadline of 2027-01-09). It is the China date of deadline minus 1 ns, as midnight China time.
func DeadlineDay(deadline time.Time) time.Time {
	return startOfDay(deadline.Add(-time.Nanosecond))
}

// DeadlineDate is DeadlineDay written YYYY-MM-DD, the form the API gives beside an instant (due_on,
// bid_deadline_on).
func DeadlineDate(deadline time.Time) string {
	return DeadlineDay(deadline).Format(DateLayout)
}

// DaysBetween counts the China calendar days from from's China date to to's China date (negative when to's
// date is earlier; 0 on the same date), whatever the time of day of either.
func DaysBetween(from, to time.Time) int {
	a, b := from.In(China), to.In(China)
	// Dates as UTC midnights are exactly 24 h apart, so the division is exact.
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}

// AddMonthsClamped moves t by n months (n may be negative) on the China calendar, keeping its China time of
// day. The day of the month stays the same; when the target month has no such day (31 April, 29 February of
// a common year) it is that month's last day: 2026-01-31 + 1 month is 2026-02-28, 2028-02-29 + 12 months is
// 2029-02-28. time.AddDate instead rolls over into the next month (2026-03-03). The result is in China time.
func AddMonthsClamped(t time.Time, n int) time.Time {
	c := t.In(China)
	// Month arithmetic on the first of the month never rolls over; then clamp the day.
	first := time.Date(c.Year(), c.Month(), 1, 0, 0, 0, 0, China).AddDate(0, n, 0)
	day := min(c.Day(), DaysIn(first.Year(), first.Month()))
	return time.Date(first.Year(), first.Month(), day, c.Hour(), c.Minute(), c.Second(), c.Nanosecond(), China)
}

// DaysIn is the number of days of a month.
func DaysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
