package funding

import (
	"context"
	"time"
)

// Ending kinds: termination (终止) and revocation (撤销).
const (
	EndTerminate = "terminate"
	EndRevoke    = "revoke"
)

// Termination grounds (终止事由).
var TerminationGrounds = []string{"kpi_unachievable", "team_request", "force_majeure", "key_personnel_lost", "funding_unavailable", "other"}

// Credit statuses the bureau may set on a revocation: good leaves the organisation's status as it is.
const (
	CreditKeep = "good"
	CreditWarn = "warned"
	CreditBar  = "barred"
)

// Ending is a racer's termination or revocation (one per racer).
type Ending struct {
	RacerID      int64
	ChallengeID  int64
	OrgID        int64
	Kind         string
	Ground       string
	Reason       string
	CreditStatus string
	DecidedBy    int64
	DecidedName  string
	DecidedAt    time.Time
}

// TerminationRequest is the team's request to terminate its racer (申请终止).
type TerminationRequest struct {
	ID            int64
	RacerID       int64
	ChallengeID   int64
	Reason        string
	RequestedBy   int64
	RequestedName string
	RequestedAt   time.Time
}

// Expense kinds: the team reports what it spent of the government funds, the bureau accepts an amount.
const (
	ExpenseReported = "reported"
	ExpenseAccepted = "accepted"
)

// Expense is one append-only expense record of a racer.
type Expense struct {
	ID          int64
	RacerID     int64
	ChallengeID int64
	Kind        string
	AmountFen   int64
	Note        string
	ByID        int64
	ByName      string
	At          time.Time
}

// Refund kinds: a refund due (应退, negative when accepted expenses lower it) and a refund received (已退).
const (
	RefundDue      = "due"
	RefundReceived = "received"
)

// Refund is one append-only refund entry of the ledger.
type Refund struct {
	ID           int64
	RacerID      int64
	ChallengeID  int64
	Kind         string
	AmountFen    int64
	ReceivedOn   string
	Reference    string
	Note         string
	RecordedBy   int64
	RecordedName string
	RecordedAt   time.Time
}

// RefundFigures are a racer's (or challenge's) refunds: due (net) and received.
type RefundFigures struct {
	DueFen      int64
	ReceivedFen int64
}

// Outstanding is what is still to be paid back.
func (f RefundFigures) Outstanding() int64 { return max(f.DueFen-f.ReceivedFen, 0) }

// ExpenseFigures are a racer's expenses reported and accepted.
type ExpenseFigures struct {
	ReportedFen int64
	AcceptedFen int64
}

// EndingStore persists terminations, revocations, expenses and refunds (append-only tables). Methods take
// their database handle from ctx.
type EndingStore interface {
	// AddEnding inserts e; a second ending of one racer is domain.ErrConflict.
	AddEnding(ctx context.Context, e *Ending) error
	// Ending returns a racer's ending (domain.ErrNotFound when none).
	Ending(ctx context.Context, racerID int64) (Ending, error)
	// Endings returns the endings of several challenges' racers, by racer (nil: every challenge).
	Endings(ctx context.Context, challengeIDs []int64) (map[int64]Ending, error)
	AddTerminationRequest(ctx context.Context, r *TerminationRequest) error
	// TerminationRequests lists requests, newest first; racerID 0 means every racer.
	TerminationRequests(ctx context.Context, racerID int64) ([]TerminationRequest, error)
	AddExpense(ctx context.Context, e *Expense) error
	Expenses(ctx context.Context, racerID int64) ([]Expense, error)
	AddRefund(ctx context.Context, r *Refund) error
	// Refunds lists a challenge's refund entries in ID order; racerID 0 means every racer.
	Refunds(ctx context.Context, challengeID, racerID int64) ([]Refund, error)
	// RefundFiguresOf sums the refunds per racer of several challenges (nil: every challenge).
	RefundFiguresOf(ctx context.Context, challengeIDs []int64) (map[int64]RefundFigures, error)
	// OpenGovDecisions returns the government decisions, neither reversed nor reversals, with something left
	// to pay, and the amount paid on each, of every challenge.
	OpenGovDecisions(ctx context.Context) ([]Decision, map[int64]int64, error)
}

// expenseFigures sums a racer's expense records.
func expenseFigures(es []Expense) ExpenseFigures {
	var f ExpenseFigures
	for _, e := range es {
		if e.Kind == ExpenseAccepted {
			f.AcceptedFen += e.AmountFen
		} else {
			f.ReportedFen += e.AmountFen
		}
	}
	return f
}

// refundFigures sums refund entries.
func refundFigures(rs []Refund) RefundFigures {
	var f RefundFigures
	for _, r := range rs {
		if r.Kind == RefundReceived {
			f.ReceivedFen += r.AmountFen
		} else {
			f.DueFen += r.AmountFen
		}
	}
	return f
}

// RefundTarget is the refund a racer owes after its ending: a termination asks back the government funds
// disbursed minus the expenses the bureau accepted (never below zero), a revocation all of them.
func RefundTarget(kind string, govDisbursed, accepted int64) int64 {
	if kind == EndRevoke {
		return govDisbursed
	}
	return max(govDisbursed-accepted, 0)
}

// RefundAdjustment is the new due entry (0: none) that brings the refund due to target, never below what was
// already received.
func RefundAdjustment(f RefundFigures, target int64) int64 {
	target = max(target, f.ReceivedFen)
	return target - f.DueFen
}
