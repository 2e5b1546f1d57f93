package qa

import (
	"strconv"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
)

// QuestionsCloseAt is the instant the question window of a challenge with this bidding deadline closes:
// windowDays China calendar days before the deadline, at the same China time of day (a deadline at 24:00 on
// the 20th with 7 days: questions close at 24:00 on the 13th, the last day to ask).
func QuestionsCloseAt(deadline time.Time, windowDays int) time.Time {
	return deadline.In(calendar.China).AddDate(0, 0, -max(windowDays, 0)).UTC()
}

// QuestionsOpen reports whether a question may be asked on c at now: c is published with a deadline and now
// is before the window closes.
func QuestionsOpen(c challenge.Challenge, now time.Time, windowDays int) bool {
	if c.Status != challenge.StatusPublished || c.BidDeadline == nil {
		return false
	}
	return now.Before(QuestionsCloseAt(*c.BidDeadline, windowDays))
}

// Label is how an answer is named: 答疑N.
func Label(n int) string { return "答疑" + strconv.Itoa(n) }

// transitions are who moves a question from which status by which action.
var transitions = map[string][]Status{
	"answer":  {StatusPending, StatusAnswered},
	"publish": {StatusAnswered},
	"decline": {StatusPending, StatusAnswered},
}

// CanMove reports whether action may be taken on a question in status st.
func CanMove(st Status, action string) bool {
	for _, s := range transitions[action] {
		if s == st {
			return true
		}
	}
	return false
}
