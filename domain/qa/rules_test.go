package qa

import (
	"testing"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/challenge"
)

func china(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.China)
}

// TestQuestionWindow: questions close windowDays China calendar days before the deadline, at its time of day;
// a deadline at 24:00 on the 20th with 7 days leaves the 13th as the last day to ask.
func TestQuestionWindow(t *testing.T) {
	t.Parallel()
	deadline := china(2027, 1, 21, 0, 0) // 24:00 on 20 January
	closes := QuestionsCloseAt(deadline, 7)
	if want := china(2027, 1, 14, 0, 0); !closes.Equal(want) {
		t.Fatalf("closes at %v, want %v", closes, want)
	}
	if got := calendar.DeadlineDate(closes); got != "2027-01-13" {
		t.Errorf("last day to ask %s", got)
	}
	c := challenge.Challenge{Status: challenge.StatusPublished, BidDeadline: &deadline}
	for _, x := range []struct {
		name string
		now  time.Time
		days int
		open bool
	}{
		{"well before", china(2027, 1, 2, 9, 0), 7, true},
		{"last minute of the last day", china(2027, 1, 13, 23, 59), 7, true},
		{"first minute after", china(2027, 1, 14, 0, 0), 7, false},
		{"window 0: until the deadline", china(2027, 1, 20, 23, 59), 0, true},
		{"after the deadline", china(2027, 1, 21, 0, 1), 0, false},
		{"across the new year", china(2026, 12, 31, 12, 0), 30, false},
	} {
		if got := QuestionsOpen(c, x.now, x.days); got != x.open {
			t.Errorf("%s: open %v, want %v", x.name, got, x.open)
		}
	}
	closed := c
	closed.Status = challenge.StatusBiddingClosed
	if QuestionsOpen(closed, china(2027, 1, 2, 9, 0), 7) {
		t.Error("questions open on a challenge whose bidding closed")
	}
	none := challenge.Challenge{Status: challenge.StatusPublished}
	if QuestionsOpen(none, china(2027, 1, 2, 9, 0), 7) {
		t.Error("questions open without a deadline")
	}
}

// TestTransitionsAndLabel: answer from pending or answered, publish only an answered one, decline before
// publication; published answers are named 答疑N.
func TestTransitionsAndLabel(t *testing.T) {
	t.Parallel()
	for _, x := range []struct {
		st     Status
		action string
		ok     bool
	}{
		{StatusPending, "answer", true}, {StatusAnswered, "answer", true}, {StatusPublished, "answer", false},
		{StatusPending, "publish", false}, {StatusAnswered, "publish", true}, {StatusPublished, "publish", false},
		{StatusDeclined, "publish", false}, {StatusPending, "decline", true}, {StatusAnswered, "decline", true},
		{StatusPublished, "decline", false}, {StatusDeclined, "decline", false},
	} {
		if got := CanMove(x.st, x.action); got != x.ok {
			t.Errorf("%s from %s: %v, want %v", x.action, x.st, got, x.ok)
		}
	}
	if Label(1) != "答疑1" || Label(12) != "答疑12" {
		t.Errorf("labels %q %q", Label(1), Label(12))
	}
}

// TestNeedsConfirmation: a submitted bid whose last submission came before the amendment confirms it; a draft,
// a withdrawn bid or one resubmitted after it does not.
func TestNeedsConfirmation(t *testing.T) {
	t.Parallel()
	at := china(2027, 1, 10, 10, 0)
	before, after := at.Add(-time.Hour), at.Add(time.Hour)
	a := challenge.Amendment{CreatedAt: at}
	for _, x := range []struct {
		h    Holder
		want bool
	}{
		{Holder{Status: "submitted", SubmittedAt: &before}, true},
		{Holder{Status: "submitted", SubmittedAt: &after}, false},
		{Holder{Status: "submitted", SubmittedAt: &at}, true},
		{Holder{Status: "draft"}, false},
		{Holder{Status: "withdrawn", SubmittedAt: &before}, false},
		{Holder{Status: "eligible", SubmittedAt: &before}, true},
	} {
		if got := NeedsConfirmation(a, x.h); got != x.want {
			t.Errorf("%+v: %v, want %v", x.h, got, x.want)
		}
	}
}
