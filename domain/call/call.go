// Package call is the call for needs (申报批次 / 需求征集): the bureau opens a call for a range of China dates,
// enterprises file their challenges into it, the bureau validates them as it validates any challenge and then
// publishes the call's approved challenges together as one list (榜单) with one bidding deadline. A call
// carries its own rules (限项 and the other numbers of the process), each defaulting to the bureau's settings;
// the bid limits are counted within the call. A challenge outside any call belongs to the standing call and
// follows the settings.
package call

import (
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
)

// Status is a call's place in its life: open (accepting challenges), closed (past closes_on, derived on read,
// never stored) and published (its list is out).
type Status string

// The statuses of a call.
const (
	StatusOpen      Status = "open"
	StatusClosed    Status = "closed"
	StatusPublished Status = "published"
)

// EntityCall is the audit entity of calls.
const EntityCall = "call"

// Call is a call for needs (申报批次).
type Call struct {
	ID    int64
	Title string
	Year  int
	// OpensOn and ClosesOn are China dates (YYYY-MM-DD): challenges may be filed and submitted from the start of
	// OpensOn to the end of ClosesOn.
	OpensOn  string
	ClosesOn string
	Notes    string
	// Stored is the stored status: open or published (see StatusAt for the status shown).
	Stored Status
	// BiddingDeadline is the one deadline of the published list (nil before publication).
	BiddingDeadline *time.Time
	PublishedAt     *time.Time
	Overrides       Overrides
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// StatusAt is the status at now: published once published; closed once now's China date is after ClosesOn;
// else open.
func (c Call) StatusAt(now time.Time) Status {
	if c.Stored == StatusPublished {
		return StatusPublished
	}
	if calendar.Date(now) > c.ClosesOn {
		return StatusClosed
	}
	return StatusOpen
}

// AcceptsAt reports why the call does not accept a challenge (filing or submission) at now, nil when it does:
// call_closed after ClosesOn or once published, call_not_open before OpensOn.
func (c Call) AcceptsAt(now time.Time) error {
	switch {
	case c.StatusAt(now) != StatusOpen:
		return ErrClosed.WithDetails(map[string]any{"call_id": c.ID, "closes_on": c.ClosesOn})
	case calendar.Date(now) < c.OpensOn:
		return ErrNotOpen.WithDetails(map[string]any{"call_id": c.ID, "opens_on": c.OpensOn})
	}
	return nil
}

// Errors of calls.
var (
	// ErrClosed refuses filing or submitting a challenge into a call past its closing date (or published).
	ErrClosed = domain.NewError(domain.ErrUnprocessable, "call_closed", "该申报批次已截止征集，不能再提交榜单",
		"the call has closed: challenges can no longer be filed or submitted into it")
	// ErrNotOpen refuses filing into a call before its opening date.
	ErrNotOpen = domain.NewError(domain.ErrUnprocessable, "call_not_open", "该申报批次尚未开始征集",
		"the call is not open for filing yet")
	// ErrUnknown refuses filing into a call that does not exist.
	ErrUnknown = domain.NewError(domain.ErrUnprocessable, "call_not_found", "申报批次不存在", "no such call")
	// ErrEmpty refuses publishing a call without an approved challenge.
	ErrEmpty = domain.NewError(domain.ErrUnprocessable, "call_empty", "该批次没有论证通过的榜单，不能发布",
		"the call has no approved challenge to publish")
	// ErrPending refuses publishing a call while a challenge of it still waits for validation.
	ErrPending = domain.Conflict("call_pending", "该批次仍有待论证的榜单，请先完成论证",
		"challenges of the call are still waiting for validation; decide them first")
	// ErrPublished refuses publishing (or changing) a call that is already published; the loser of two
	// concurrent publications gets it too.
	ErrPublished = domain.Conflict("call_published", "该批次已发布", "the call is already published")
	errNotFound  = domain.NewError(domain.ErrNotFound, "not_found", "未找到该申报批次", "call not found")
	errNotBureau = domain.Forbidden("forbidden", "只有科技局可以管理申报批次", "only the bureau manages calls")
)

// maxTitle and maxNotes bound the texts of a call.
const (
	maxTitle = 200
	maxNotes = 5000
)

// Input is the bureau's call, on creation (every field) or change (nil fields stay).
type Input struct {
	Title    *string
	Year     *int
	OpensOn  *string
	ClosesOn *string
	Notes    *string
	Rules    *Overrides
}

func (in Input) apply(c *Call) {
	if in.Title != nil {
		c.Title = strings.TrimSpace(*in.Title)
	}
	if in.Year != nil {
		c.Year = *in.Year
	}
	if in.OpensOn != nil {
		c.OpensOn = strings.TrimSpace(*in.OpensOn)
	}
	if in.ClosesOn != nil {
		c.ClosesOn = strings.TrimSpace(*in.ClosesOn)
	}
	if in.Notes != nil {
		c.Notes = strings.TrimSpace(*in.Notes)
	}
	if in.Rules != nil {
		c.Overrides = *in.Rules
	}
}

// Validate checks a call: a title, a plausible year, two dates in order, short notes and sane rules.
func (c Call) Validate() error {
	var v domain.Validator
	v.RequiredText("title", c.Title, maxTitle)
	v.Range("year", int64(c.Year), 2000, 2100)
	opens, okO := parseDate(c.OpensOn)
	closes, okC := parseDate(c.ClosesOn)
	v.Check(okO, "opens_on", "invalid_date", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
	v.Check(okC, "closes_on", "invalid_date", "日期格式应为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
	if okO && okC {
		v.Check(!closes.Before(opens), "closes_on", "before_opens_on", "截止日期不能早于开始日期",
			"must not be before opens_on")
	}
	v.MaxLen("notes", c.Notes, maxNotes)
	if err := c.Overrides.validate(); err != nil {
		if mErr := v.Merge("rules", err); mErr != nil {
			return mErr
		}
	}
	return v.Err()
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(calendar.DateLayout, s, calendar.China)
	return t, err == nil && t.Format(calendar.DateLayout) == s
}
