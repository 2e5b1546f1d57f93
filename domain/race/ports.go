package race

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
)

// Challenges is what the race needs of the challenge area (satisfied by *challenge.Service).
type Challenges interface {
	Lookup(ctx context.Context, id int64) (challenge.Challenge, error)
	// Advance moves the challenge along its machine in the caller's transaction, audited.
	Advance(ctx context.Context, actor domain.Actor, id int64, action challenge.Action, note string) (challenge.Challenge, error)
	// Complete moves a challenge in progress to completed and records its winning racers.
	Complete(ctx context.Context, actor domain.Actor, id int64, winners []int64, note string) (challenge.Challenge, error)
}

// Bids is what the race needs of bidding.
type Bids interface {
	// Submitted returns a challenge's bids that have a submitted version, with the content of that version.
	Submitted(ctx context.Context, challengeID int64) ([]bid.Bid, error)
	// SubmittedByID is Submitted for the given bids only (a notice's selected teams), in the order of ids;
	// ids of other challenges or never submitted are left out.
	SubmittedByID(ctx context.Context, challengeID int64, ids []int64) ([]bid.Bid, error)
	// SetOutcome marks the challenge's eligible bids selected (the ids given) or not_selected (the rest).
	SetOutcome(ctx context.Context, actor domain.Actor, challengeID int64, selected []int64) error
}

// Ranked is one eligible bid in the ranking of the closed bid review (the review engine's).
type Ranked = review.Ranked

// Reviews is what the race needs of the review engine (satisfied by *review.Service).
type Reviews interface {
	// BidRanking is the ranking of the challenge's last closed bid review, best first; false when no bid
	// review has closed.
	BidRanking(ctx context.Context, challengeID int64) ([]Ranked, bool, error)
	// StageScores are the final scores by racer of the last closed stage_review round of a stage; false when
	// none has closed.
	StageScores(ctx context.Context, challengeID int64, stage int) (map[int64]float64, bool, error)
}

// Credit changes an organisation's credit status after an elimination without the tolerance clause (cmd/app
// wires the credit ledger, or the account service's setter).
type Credit interface {
	Penalise(ctx context.Context, actor domain.Actor, orgID int64, status account.CreditStatus, reason string) error
}

// Orgs gives organisation names.
type Orgs interface {
	OrgByID(ctx context.Context, id int64) (account.Org, error)
}

// Store persists the race. Methods take their handle from ctx (the transaction when there is one).
type Store interface {
	CreateNotice(ctx context.Context, n *Notice) error
	Notice(ctx context.Context, id int64) (Notice, error)
	// CurrentNotice is the challenge's newest notice that is not superseded (ErrNotFound when none).
	CurrentNotice(ctx context.Context, challengeID int64) (Notice, error)
	Notices(ctx context.Context, f NoticeFilter, p domain.Page) (domain.List[Notice], error)
	// SetNoticeStatus changes a notice's status compare-and-set; false when it was not in from.
	SetNoticeStatus(ctx context.Context, id int64, from, to NoticeStatus, at time.Time) (bool, error)
	// DueNotices are the IDs of open notices whose end is at or before now.
	DueNotices(ctx context.Context, now time.Time) ([]int64, error)

	CreateObjection(ctx context.Context, o *Objection) error
	Objection(ctx context.Context, id int64) (Objection, error)
	Objections(ctx context.Context, noticeID int64) ([]Objection, error)
	// ResolveObjection answers an open objection compare-and-set; false when it is no longer open.
	ResolveObjection(ctx context.Context, o Objection) (bool, error)

	CreateRacer(ctx context.Context, r *Racer) error
	Racer(ctx context.Context, id int64) (Racer, error)
	Racers(ctx context.Context, challengeID int64) ([]Racer, error)
	// RacingRacers are the racing racers of every in-progress challenge.
	RacingRacers(ctx context.Context) ([]Racer, error)
	// UpdateRacer writes status and outcome fields compare-and-set on the stored status; false when it moved.
	UpdateRacer(ctx context.Context, r Racer, from RacerStatus) (bool, error)
	AddEvent(ctx context.Context, e *Event) error
	Events(ctx context.Context, challengeID int64) ([]Event, error)

	// SaveReport inserts or replaces a racer's report for a stage.
	SaveReport(ctx context.Context, r *Report) error
	Reports(ctx context.Context, challengeID int64) ([]Report, error)

	// CreateDecision inserts a stage decision; a second one for the same stage is domain.ErrConflict.
	CreateDecision(ctx context.Context, d Decision) error
	Decisions(ctx context.Context, challengeID int64) ([]Decision, error)

	// AddAttachment inserts a report attachment and sets its ID; Attachments lists a challenge's, Attachment
	// returns one.
	AddAttachment(ctx context.Context, a *Attachment) error
	Attachments(ctx context.Context, challengeID int64) ([]Attachment, error)
	Attachment(ctx context.Context, id int64) (Attachment, error)

	SaveOpinion(ctx context.Context, o Opinion) error
	Opinions(ctx context.Context, challengeID int64) ([]Opinion, error)

	// FinishedChallenges are the IDs of completed or failed challenges that had racers, newest first.
	FinishedChallenges(ctx context.Context, p domain.Page) (domain.List[int64], error)
}

// NoticeFilter narrows a listing of notices.
type NoticeFilter struct {
	ChallengeID int64
	Status      NoticeStatus
}
