package challenge

import (
	"context"
	"errors"
	"time"

	"jiebang/domain"
	"jiebang/domain/calendar"
)

// Status is a challenge's place in the lifecycle.
type Status string

// The lifecycle of the process.
const (
	StatusDraft         Status = "draft"          // 需求征集
	StatusSubmitted     Status = "submitted"      // 已提交，待论证
	StatusReturned      Status = "returned"       // 退回修改
	StatusApproved      Status = "approved"       // 论证通过
	StatusRejected      Status = "rejected"       // 不予立榜
	StatusPublished     Status = "published"      // 张榜（揭榜中）
	StatusBiddingClosed Status = "bidding_closed" // 揭榜截止
	StatusReviewing     Status = "reviewing"      // 专家评审
	StatusNotice        Status = "notice"         // 公示
	StatusInProgress    Status = "in_progress"    // 立项实施
	StatusCompleted     Status = "completed"      // 验收通过
	StatusFailed        Status = "failed"         // 验收未通过
	StatusCancelled     Status = "cancelled"      // 撤榜
)

// Statuses lists every status in lifecycle order (for validating filters).
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusReturned, StatusApproved, StatusRejected,
	StatusPublished, StatusBiddingClosed, StatusReviewing, StatusNotice, StatusInProgress, StatusCompleted,
	StatusFailed, StatusCancelled}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

// Mode is 揭榜挂帅 (single) or 赛马 (race).
type Mode string

// Modes.
const (
	ModeSingle Mode = "single"
	ModeRace   Mode = "race"
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return m == ModeSingle || m == ModeRace }

// Comparisons a KPI target may use.
const (
	CmpAtLeast = ">="
	CmpAtMost  = "<="
	CmpEqual   = "="
)

// KPI is a quantified technical indicator (技术指标).
type KPI struct {
	Name       string
	Target     float64
	Unit       string
	Comparison string // ">=", "<=", "="
	Method     string
	// NoTarget marks a draft KPI whose target is not given yet (a target of 0 is a real target).
	NoTarget bool
}

// Met reports whether a measured value reaches the KPI's target under its comparison.
func (k KPI) Met(value float64) bool {
	switch k.Comparison {
	case CmpAtLeast:
		return value >= k.Target
	case CmpAtMost:
		return value <= k.Target
	case CmpEqual:
		return value == k.Target
	}
	return false
}

// Stage is one stage of the plan (阶段): due OffsetMonths after the start, FundingSharePct of the government
// funding released after it, and its elimination rule (keep the top KeepTop, nil = the rule default; drop
// anyone below MinScore).
type Stage struct {
	Name            string
	OffsetMonths    int
	FundingSharePct int
	KeepTop         *int
	MinScore        int
}

// Challenge is a posted technical problem (榜单).
type Challenge struct {
	ID             int64
	OrgID          int64
	OrgName        string
	Status         Status
	Title          string
	Field          string
	Background     string
	Problem        string
	KPIs           []KPI
	Deliverables   string
	DurationMonths int
	BudgetFen      int64
	GovFundingFen  int64
	CofundingFen   int64
	IPTerms        string
	Eligibility    string
	Mode           Mode
	MaxRacers      int
	Stages         []Stage
	BidDeadline    *time.Time
	PublishedAt    *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time

	SubmittedAt *time.Time
	ApprovedAt  *time.Time
	ClosedAt    *time.Time
	CancelledAt *time.Time
	// CancelReason is the bureau's written reason for cancelling (撤榜理由).
	CancelReason string
	// LastOpinion is the latest return or reject opinion (论证意见); only the owner and the bureau see it.
	LastOpinion string
	// WinnerRacerIDs are set at acceptance (验收).
	WinnerRacerIDs []int64
	// DaysLeft is the China calendar days from today to the deadline's date while published, 0 on the
	// deadline's own date (derived on read; nil otherwise). See DaysLeft.
	DaysLeft *int
	// Summary is the start of the problem (its first 120 characters). A listed challenge carries it instead
	// of the long texts (background, problem, deliverables, IP terms, eligibility), which stay empty there.
	Summary string
	// Version changes with every change of the challenge and with every amendment (set on read).
	Version int64
	// CallID is the call (申报批次) the challenge was filed into, 0 for none (the standing call); CallTitle is
	// that call's title (set on read).
	CallID    int64
	CallTitle string
}

// BiddingOpen reports whether bids may be submitted at now: published and before the deadline. The bids
// area checks this itself, so a late bid is refused even when the scheduler has not closed bidding yet.
func (c Challenge) BiddingOpen(now time.Time) bool {
	return c.Status == StatusPublished && c.BidDeadline != nil && now.Before(*c.BidDeadline)
}

// WasPublished reports whether the challenge has been on the public board (a cancelled one may have been).
func (c Challenge) WasPublished() bool { return c.PublishedAt != nil }

// daysLeft is DaysLeft while published, nil otherwise.
func (c Challenge) daysLeft(now time.Time) *int {
	d := c.daysLeftKey(now)
	if d < 0 {
		return nil
	}
	return &d
}

// daysLeftKey is daysLeft as a number, -1 for none.
func (c Challenge) daysLeftKey(now time.Time) int {
	if c.Status != StatusPublished || c.BidDeadline == nil {
		return -1
	}
	return DaysLeft(*c.BidDeadline, now)
}

// DaysLeft is what the board shows as days left (剩余天数) to a deadline: the number of China calendar days
// from now's China date to the deadline's China date, a deadline at 24:00 China time counting as the date it
// ends (calendar.DeadlineDay). 0 means the deadline is today (今日截止), also once it has passed; a deadline
// at 09:00 tomorrow is 1 day left however few hours remain.
func DaysLeft(deadline, now time.Time) int {
	if !now.Before(deadline) {
		return 0
	}
	return max(calendar.DaysBetween(now, calendar.DeadlineDay(deadline)), 0)
}

// Amendment is a dated correction (更正公告) the bureau publishes after the content froze at publication.
// Amendments are numbered per challenge in publishing order (补充通知1, 2 …); one may name the question
// (答疑) it answers, and one published too close to the bidding deadline records the deadline it moved.
type Amendment struct {
	ID            int64
	ChallengeID   int64
	Number        int
	Content       string
	CreatedAt     time.Time
	CreatedBy     int64
	CreatedByName string
	// QuestionID is the question this amendment answers (nil: none).
	QuestionID *int64
	// DeadlineFrom and DeadlineTo are the bidding deadline before and after this amendment moved it (nil: it
	// did not move the deadline).
	DeadlineFrom, DeadlineTo *time.Time
}

// HistoryEntry is one step of a challenge's lifecycle (流转记录): who moved it from which status to which,
// with the written opinion where there is one.
type HistoryEntry struct {
	ID          int64
	ChallengeID int64
	Action      Action
	FromStatus  Status
	ToStatus    Status
	Opinion     string
	ActorID     int64
	ActorName   string
	ActorRole   string
	At          time.Time
}

// Detail is a challenge with its history and amendments, as its viewer may see them.
type Detail struct {
	Challenge
	History    []HistoryEntry
	Amendments []Amendment
	// Shared marks the public view, the same for every viewer who is neither the owner nor the bureau at
	// the same Version (a cache may share its rendering).
	Shared bool
}

// Lookup returns a challenge without access checks, for other services (404 when absent).
func (s *Service) Lookup(ctx context.Context, id int64) (Challenge, error) {
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return Challenge{}, notFound(err)
	}
	c.DaysLeft = c.daysLeft(s.clock.Now())
	return c, nil
}

// Summaries returns the challenges with the ids as list items (Summary instead of the long texts), by id,
// without access checks, for other services listing many at once; an id that does not exist is absent.
func (s *Service) Summaries(ctx context.Context, ids []int64) (map[int64]Challenge, error) {
	cs, err := s.store.Summaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := make(map[int64]Challenge, len(cs))
	for _, c := range cs {
		c.DaysLeft = c.daysLeft(now)
		out[c.ID] = c
	}
	return out, nil
}

// errNotFound is the 404 for a challenge that does not exist or that the caller may not know exists.
var errNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该榜单", "challenge not found")

// notFound turns the store's not-found into the domain's 404 for a challenge; other errors pass.
func notFound(err error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return errNotFound
	}
	return err
}
