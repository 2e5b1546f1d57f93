package api

import (
	"time"

	"jiebang/domain/calendar"
)

// The API gives instants in RFC 3339; beside a deadline or a due instant it gives the China date it falls on
// (YYYY-MM-DD, the `_on` fields), so that a page shows the date a deadline at 24:00 China time ends, not the
// next day's 00:00.

// dueOn is the China date a due instant or deadline falls on, YYYY-MM-DD (24:00 China time counts as the
// date it ends); "" for a zero instant.
func dueOn(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return calendar.DeadlineDate(t)
}

// deadlineOn is dueOn of a deadline that may not be set (nil).
func deadlineOn(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := dueOn(*t)
	return &s
}
