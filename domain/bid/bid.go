// Package bid is bidding (揭榜): a team's sealed bid on a published challenge, naming its principal
// investigator (挂帅人), consortium (联合体), plan per stage, budget and signed pledges (军令状, 科研诚信承诺书);
// versioned submission with a receipt, limits (限项), attachments, and the bureau's eligibility check (形式审查).
package bid

import (
	"math"
	"strings"
	"time"
)

// Status is a bid's place in its lifecycle.
type Status string

// Bid statuses of the contract.
const (
	StatusDraft       Status = "draft"
	StatusSubmitted   Status = "submitted"
	StatusWithdrawn   Status = "withdrawn"
	StatusEligible    Status = "eligible"
	StatusIneligible  Status = "ineligible"
	StatusSelected    Status = "selected"
	StatusNotSelected Status = "not_selected"
	// StatusCancelled ends a bid whose challenge the bureau cancelled (撤榜); EndReason says why.
	StatusCancelled Status = "cancelled"
)

// Active reports whether a bid in status s counts against the limits (限项): submitted, eligible or selected
// (a selected bid stays selected while its racer races).
func (s Status) Active() bool {
	return s == StatusSubmitted || s == StatusEligible || s == StatusSelected
}

// ActiveStatuses are the statuses that count against the limits.
var ActiveStatuses = []Status{StatusSubmitted, StatusEligible, StatusSelected}

// PI is the principal investigator (挂帅人) who leads the bid. Deliberately no age, title or degree:
// the process sets no such threshold (不设门槛).
type PI struct {
	Name  string
	Email string
}

// Partner is a consortium member organisation (联合体成员单位).
type Partner struct {
	OrgName    string
	CreditCode string
	Role       string
	SharePct   int
}

// Member is a team member (团队成员): name and role in the project, nothing about seniority.
type Member struct {
	Name string
	Role string
}

// StagePlan is the bid's plan for one stage of the challenge: its 1-based number, a target for every KPI of
// the challenge and the deliverables.
type StagePlan struct {
	Stage        int
	KPITargets   map[string]float64
	Deliverables string
}

// BudgetItem is one line of the budget breakdown, in fen.
type BudgetItem struct {
	Item      string
	AmountFen int64
}

// Content is what a team writes in a bid. Drafts may be incomplete; Complete checks it at submission.
type Content struct {
	PI PI
	// LeadSharePct is the lead organisation's share of work; nil means 100 minus the partners' shares.
	LeadSharePct          *int
	Partners              []Partner
	Members               []Member
	Approach              string
	Plan                  []StagePlan
	Budget                []BudgetItem
	CommitmentSigned      bool
	IntegrityPledgeSigned bool
}

// PartnerShare is the sum of the partners' shares of work.
func (c Content) PartnerShare() int {
	n := 0
	for _, p := range c.Partners {
		n += p.SharePct
	}
	return n
}

// EffectiveLeadShare is the lead's share: the given one, or 100 minus the partners' shares.
func (c Content) EffectiveLeadShare() int {
	if c.LeadSharePct != nil {
		return *c.LeadSharePct
	}
	return 100 - c.PartnerShare()
}

// BudgetTotal is the sum of the budget lines in fen. It saturates at math.MaxInt64 instead of wrapping, so
// huge lines can never add up to a small (or negative) total that passes the funding cap.
func (c Content) BudgetTotal() int64 {
	var n int64
	for _, b := range c.Budget {
		if b.AmountFen > 0 && n > math.MaxInt64-b.AmountFen {
			return math.MaxInt64
		}
		n += b.AmountFen
	}
	return n
}

// NormalizedPIEmail is the PI's e-mail as the limits compare it (case-insensitive).
func (c Content) NormalizedPIEmail() string { return NormalizeEmail(c.PI.Email) }

// NormalizeEmail trims and lower-cases an e-mail address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Bid is a team's bid (揭榜申报) on one challenge, owned by its lead organisation. Content is the team's
// working copy; what others read is the latest submitted Version.
type Bid struct {
	ID          int64
	ChallengeID int64
	LeadOrgID   int64
	Status      Status
	Content     Content
	// Dirty is true when the working copy has changes not yet submitted.
	Dirty bool
	// Version is the number of the latest submitted version (0: never submitted).
	Version     int
	SubmittedAt *time.Time
	Digest      string
	// PIEmail is the normalised PI e-mail of the latest submitted version (the limits count it).
	PIEmail           string
	EligibilityReason string
	DecidedAt         *time.Time
	CreatedBy         int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
	WithdrawnAt       *time.Time
	// EndReason and EndedAt say why and when the bid was ended from outside (the challenge's cancellation).
	EndReason string
	EndedAt   *time.Time
}

// Attachment is a file attached to a bid, stored by its SHA-256.
type Attachment struct {
	ID          int64
	BidID       int64
	Filename    string
	Size        int64
	ContentType string
	SHA256      string
	UploadedBy  int64
	UploadedAt  time.Time
	// RemovedAt is set when the team deleted it from the working copy; submitted versions may still name it.
	RemovedAt *time.Time
}

// Version is one submitted version of a bid (each submission is kept).
type Version struct {
	BidID       int64
	Version     int
	SubmittedAt time.Time
	SubmittedBy int64
	Digest      string
	// Canonical is the exact canonical JSON whose SHA-256 is Digest.
	Canonical []byte
	// Content and Attachments are parsed from Canonical.
	Content     Content
	Attachments []AttachmentRef
}

// AttachmentRef is an attachment as a bid shows it. UploadedAt is known for the working copy's attachments
// only; a submitted version names its attachments without it.
type AttachmentRef struct {
	ID          int64
	Filename    string
	Size        int64
	ContentType string
	SHA256      string
	UploadedAt  *time.Time
}

// Receipt is what a team gets on submission (回执): server time, digest and version number.
type Receipt struct {
	SubmittedAt time.Time
	Digest      string
	Version     int
}

// View is a bid as one caller may see it: the team sees its working copy, others the latest submitted version.
type View struct {
	Bid
	ChallengeTitle string
	LeadOrgName    string
	Attachments    []AttachmentRef
	Receipt        *Receipt
	// ShowReason tells whether the caller may see the eligibility reason (the team and the bureau).
	ShowReason bool
	// Precheck is the automatic eligibility pre-check, for the bureau only.
	Precheck *Precheck
	// Actions is what the caller may do to the bid now (ActionsFor).
	Actions []Action
	// Correction is the bid's latest request for correction (补正), for the team and the bureau only.
	Correction *Correction
}
