package seed

import (
	"time"

	"jiebang/domain/calendar"
)

// chinaDayEnd is the end (24:00 China time) of the China day that lies days after t's China day: how a
// deadline given as a date is kept, whatever time zone the server runs in.
func chinaDayEnd(t time.Time, days int) time.Time {
	c := t.In(calendar.China)
	return time.Date(c.Year(), c.Month(), c.Day()+days+1, 0, 0, 0, 0, calendar.China).UTC()
}

// chinaDate is t's date in China time (YYYY-MM-DD), as a payment's paid_on is written.
func chinaDate(t time.Time) string { return t.In(calendar.China).Format(calendar.DateLayout) }
