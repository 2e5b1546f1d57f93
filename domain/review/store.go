package review

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/challenge"
)

// Store persists rounds, items, assignments, scores, frozen results and the expert pool. Methods take their
// database handle from ctx (the transaction when there is one).
type Store interface {
	// CreateRound inserts r and sets its ID; Round returns one (domain.ErrNotFound when absent); RoundsOf a
	// challenge's rounds, oldest first.
	CreateRound(ctx context.Context, r *Round) error
	Round(ctx context.Context, id int64) (Round, error)
	RoundsOf(ctx context.Context, challengeID int64) ([]Round, error)
	// UpdateRound writes r's mutable fields if the stored status and draw count are still from and
	// fromDraws (compare-and-set; zero rows is domain.ErrStale).
	UpdateRound(ctx context.Context, r Round, from Status, fromDraws int) error
	// LastClosedRound is the latest closed round of a challenge of that kind and stage.
	LastClosedRound(ctx context.Context, challengeID int64, kind Kind, stage int) (Round, bool, error)

	// AddItems inserts a round's items and sets their IDs; Items lists them in ID order; Item returns one.
	AddItems(ctx context.Context, items []Item) error
	Items(ctx context.Context, roundID int64) ([]Item, error)
	// ItemLabels is Items without the parties (what a result sheet shows).
	ItemLabels(ctx context.Context, roundID int64) ([]Item, error)
	Item(ctx context.Context, id int64) (Item, error)

	// AddAssignments inserts assignments and sets their IDs.
	AddAssignments(ctx context.Context, as []Assignment) error
	// Assignment returns one; Assignments a round's, in ID order.
	Assignment(ctx context.Context, id int64) (Assignment, error)
	Assignments(ctx context.Context, roundID int64) ([]Assignment, error)
	// SetAssignmentStatus moves an assignment from one status to another (compare-and-set; domain.ErrStale).
	SetAssignmentStatus(ctx context.Context, id int64, from, to AssignmentStatus, reason string, at time.Time) error
	// DropPending marks a round's pending assignments redrawn (before a redraw).
	DropPending(ctx context.Context, roundID int64, at time.Time) error
	// CloseAssignments stamps closed_at on every assignment of a closed round (they stop counting as load).
	CloseAssignments(ctx context.Context, roundID int64, at time.Time) error
	// ExpertAssignments lists an expert's assignments (not redrawn or replaced) with their round and item.
	ExpertAssignments(ctx context.Context, expertID int64, p domain.Page) (domain.List[AssignmentInfo], error)
	// Loads counts every expert's open assignments (pending, in rounds not closed).
	Loads(ctx context.Context) (map[int64]int, error)
	// UnscoredBefore lists the pending assignments of rounds not closed whose deadline is before t.
	UnscoredBefore(ctx context.Context, t time.Time) ([]AssignmentInfo, error)

	// SaveScore inserts or replaces an assignment's scores; Score returns them (false when none).
	SaveScore(ctx context.Context, s Score) error
	Score(ctx context.Context, assignmentID int64) (Score, bool, error)
	// Scores returns the submitted (non-draft) scores of a round's scored assignments, by assignment ID.
	Scores(ctx context.Context, roundID int64) (map[int64]Score, error)
	// DraftAssignments reports which assignments of a round have draft scores saved.
	DraftAssignments(ctx context.Context, roundID int64) (map[int64]bool, error)
	// AnyScore reports whether any assignment of the round has scores saved (draft or submitted).
	AnyScore(ctx context.Context, roundID int64) (bool, error)

	// SaveResults stores a closed round's results in order; Results reads them back in that order.
	SaveResults(ctx context.Context, roundID int64, rs []ItemResult) error
	Results(ctx context.Context, roundID int64) ([]ItemResult, error)

	// Experts lists experts matching f (the bureau's pool page); Expert returns one (ErrNotFound when the user
	// is not an expert); Pool returns every expert in the pool (active, organisation verified, enabled).
	Experts(ctx context.Context, f ExpertFilter, p domain.Page) (domain.List[Expert], error)
	Expert(ctx context.Context, userID int64) (Expert, error)
	// ExpertsByID returns the experts among ids (unknown ids are left out), for a round's panels.
	ExpertsByID(ctx context.Context, ids []int64) (map[int64]Expert, error)
	Pool(ctx context.Context) ([]Expert, error)
	// SaveProfile writes an expert's fields, maximum and active flag; ReplaceConflicts their declared conflicts.
	SaveProfile(ctx context.Context, e Expert, at time.Time) error
	ReplaceConflicts(ctx context.Context, userID int64, cs []Conflict, at time.Time) error

	// RecentTeams returns the people (PI and members) of every bid whose latest version was submitted at or
	// after since, for the co-membership rule.
	RecentTeams(ctx context.Context, since time.Time) ([]Team, error)
	// EligibleBidItems returns the eligible bids of a challenge as items (label, submission, parties).
	EligibleBidItems(ctx context.Context, ch challenge.Challenge, enterpriseCode string) ([]Item, error)
}

// AssignmentInfo is an assignment with what an expert's list or a reminder shows of it.
type AssignmentInfo struct {
	Assignment
	Kind           Kind
	Stage          int
	RoundStatus    Status
	Deadline       time.Time
	ChallengeID    int64
	ChallengeTitle string
	ItemLabel      string
	BidID          int64
	RacerID        int64
	// Draft is true when scores are saved but not submitted.
	Draft bool
	// DoubleBlind and BlindLabel: the round is double-blind, and the item's neutral label.
	DoubleBlind bool
	BlindLabel  string
}

// Challenges is what the review needs from challenges: look one up, and move it to reviewing when a bid
// review opens (challenge.Service.Advance with start_review, in the caller's transaction).
type Challenges interface {
	Lookup(ctx context.Context, id int64) (challenge.Challenge, error)
	StartReview(ctx context.Context, actor domain.Actor, id int64) error
}

// FieldSource gives the industry fields in use (the bureau's active fields).
type FieldSource interface {
	ActiveFieldCodes(ctx context.Context) ([]string, error)
}

// Orgs gives an organisation's credit code (the posting enterprise's, for the conflict rules).
type Orgs interface {
	CreditCode(ctx context.Context, orgID int64) (string, error)
}

// RaceItem is a racer's report to score in a stage review or acceptance round.
type RaceItem struct {
	RacerID, BidID, ReportID int64
	Label                    string
	SubmittedAt              time.Time
}

// RaceItems gives the items of stage_review and acceptance rounds (wired to the race when it exists).
type RaceItems interface {
	StageItems(ctx context.Context, challengeID int64, stage int) ([]RaceItem, error)
}

// BidParties gives the parties of a racer's bid (lead, partners, PI) for the conflict rules.
type BidParties interface {
	BidItem(ctx context.Context, bidID int64, ch challenge.Challenge, enterpriseCode string) (Item, error)
}
