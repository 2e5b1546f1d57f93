package funding

import (
	"context"

	"jiebang/domain/challenge"
)

// Store persists the ledger. Methods take their database handle from ctx (the transaction when there is one).
type Store interface {
	// Lock serialises ledger writes of one challenge until the end of the transaction (a row lock on the
	// challenge's totals on PostgreSQL; SQLite has one writer) and returns the challenge's running totals.
	Lock(ctx context.Context, challengeID int64) (Totals, error)
	// Totals returns the running totals of a challenge without locking (zero totals when none).
	Totals(ctx context.Context, challengeID int64) (Totals, error)
	// RacerFigures returns a racer's running totals per source.
	RacerFigures(ctx context.Context, racerID int64) (map[Source]Figures, error)
	// RacerTranches returns a racer's net decided amounts of one source per tranche.
	RacerTranches(ctx context.Context, racerID int64, source Source) (map[string]int64, error)
	// AddDecision inserts d, sets its ID and updates the running totals; a second reversal of one record is
	// domain.ErrConflict.
	AddDecision(ctx context.Context, d *Decision) error
	// Decision returns one record (domain.ErrNotFound when absent), with ReversedByID.
	Decision(ctx context.Context, id int64) (Decision, error)
	// DisbursedOn returns the amount paid so far against one decision.
	DisbursedOn(ctx context.Context, decisionID int64) (int64, error)
	// AddDisbursement inserts p, sets its ID and updates the running totals.
	AddDisbursement(ctx context.Context, p *Disbursement) error
	// Decisions and Disbursements list a challenge's records in ID order; racerID 0 means every racer.
	Decisions(ctx context.Context, challengeID, racerID int64) ([]Decision, error)
	Disbursements(ctx context.Context, challengeID, racerID int64) ([]Disbursement, error)
	// TotalsOf returns the running totals of several challenges (missing ones are left out).
	TotalsOf(ctx context.Context, challengeIDs []int64) (map[int64]Totals, error)
	// RacerTotalsOf returns the government amounts decided and disbursed per racer of several challenges.
	RacerTotalsOf(ctx context.Context, challengeIDs []int64) (map[int64]map[int64]Figures, error)
}

// Racer status values of the race (赛马) that matter to funding.
const (
	RacerRacing     = "racing"
	RacerEliminated = "eliminated"
	RacerWinner     = "winner"
	RacerFinished   = "finished"
)

// Racer is what the ledger needs to know about a racer (参赛团队).
type Racer struct {
	ID          int64
	ChallengeID int64
	OrgID       int64
	OrgName     string
	Status      string
	// Readmitted is true when the bureau re-admitted the racer after an elimination (复活); the race then
	// sets its status back to racing, so only the status decides.
	Readmitted bool
}

// Eliminated reports whether the racer may receive no further tranche: eliminated and not (since) re-admitted.
func (r Racer) Eliminated() bool { return r.Status == RacerEliminated }

// StageOutcome is the bureau's decision after a stage: whether it is in, and who advanced.
type StageOutcome struct {
	Decided  bool
	Advanced []int64
}

// Racers is what the ledger needs from the race; cmd/app adapts the race area to it.
type Racers interface {
	// Racer returns one racer (domain.ErrNotFound when absent).
	Racer(ctx context.Context, id int64) (Racer, error)
	// RacersOf returns a challenge's racers in ID order.
	RacersOf(ctx context.Context, challengeID int64) ([]Racer, error)
	// StageOutcome reports whether the decision of a stage (1-based) is in and who advanced.
	StageOutcome(ctx context.Context, challengeID int64, stage int) (StageOutcome, error)
}

// Challenges is what the ledger needs from challenges.
type Challenges interface {
	Lookup(ctx context.Context, id int64) (challenge.Challenge, error)
}
