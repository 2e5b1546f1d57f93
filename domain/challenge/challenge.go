package challenge

import (
	"context"
	"errors"
	"time"
)

// Status is a challenge's place in the lifecycle.
type Status string

// The lifecycle of the process.
const (
	StatusDraft         Status = "draft"
	StatusSubmitted     Status = "submitted"
	StatusReturned      Status = "returned"
	StatusApproved      Status = "approved"
	StatusRejected      Status = "rejected"
	StatusPublished     Status = "published"
	StatusBiddingClosed Status = "bidding_closed"
	StatusReviewing     Status = "reviewing"
	StatusNotice        Status = "notice"
	StatusInProgress    Status = "in_progress"
	StatusCompleted     Status = "completed"
	StatusFailed        Status = "failed"
	StatusCancelled     Status = "cancelled"
)

// Mode is 揭榜挂帅 (single) or 赛马 (race).
type Mode string

// Modes.
const (
	ModeSingle Mode = "single"
	ModeRace   Mode = "race"
)

// KPI is a quantified technical indicator (技术指标).
type KPI struct {
	Name       string
	Target     float64
	Unit       string
	Comparison string // ">=", "<=", "="
	Method     string
}

// Stage is one stage of the plan (阶段).
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
}

// Lookup returns a challenge without access checks, for other services (404 when absent).
func (s *Service) Lookup(ctx context.Context, id int64) (Challenge, error) {
	return Challenge{}, errors.New("not implemented yet")
}
