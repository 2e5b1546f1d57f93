package challenge

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/account"
)

// Store persists challenges, their history and amendments. Methods take their database handle from ctx (the
// transaction when there is one).
type Store interface {
	// Create inserts c (any status) and sets its ID.
	Create(ctx context.Context, c *Challenge) error
	// Get returns one challenge with its organisation's name (ErrNotFound when absent).
	Get(ctx context.Context, id int64) (Challenge, error)
	// State returns only a challenge's ID, status and bid deadline (ErrNotFound when absent): the narrow read
	// of the checks made inside write transactions.
	State(ctx context.Context, id int64) (Challenge, error)
	// UpdateContent writes the content fields and UpdatedAt of c if its stored status is still c.Status
	// (compare-and-set); domain.ErrStale when it is not.
	UpdateContent(ctx context.Context, c Challenge) error
	// UpdateStatus writes c's status and lifecycle fields (timestamps, deadline, reason, opinion) if the
	// stored status is still from (compare-and-set); domain.ErrStale when it is not.
	UpdateStatus(ctx context.Context, c Challenge, from Status) error
	// List returns one page of challenges matching f, newest published first (never published: by
	// creation), then by id descending. Listed challenges carry Summary instead of the long texts.
	List(ctx context.Context, f Filter, p domain.Page) (domain.List[Challenge], error)
	// Summaries returns the challenges with the ids that exist, as list items (Summary instead of the long
	// texts), in one read.
	Summaries(ctx context.Context, ids []int64) ([]Challenge, error)
	// BoardVersion returns a number that changes with every change of any challenge (or organisation name)
	// in any server: listings read at the same board version are the same.
	BoardVersion(ctx context.Context) (int64, error)
	// Version returns the challenge's organisation, board flag and version (ErrNotFound when absent).
	Version(ctx context.Context, id int64) (Stamp, error)
	// DeleteDraft removes a challenge still in draft and its history; domain.ErrStale when it is no longer a
	// draft (compare-and-set).
	DeleteDraft(ctx context.Context, id int64) error
	// DueForClosing returns the IDs of published challenges whose deadline is at or before now (the service
	// passes the clock minus domain.ArrivalGrace).
	DueForClosing(ctx context.Context, now time.Time) ([]int64, error)

	// AddHistory appends a history entry and sets its ID.
	AddHistory(ctx context.Context, h *HistoryEntry) error
	// History returns a challenge's history, oldest first.
	History(ctx context.Context, challengeID int64) ([]HistoryEntry, error)
	// AddAmendment appends an amendment and sets its ID and Number (the next of its challenge; the caller's
	// transaction holds the challenge's lock, LockForAmendment).
	AddAmendment(ctx context.Context, a *Amendment) error
	// LockChallenge takes the challenge's row lock until the transaction ends (PostgreSQL; SQLite's single
	// writer already serialises), so numbers given per challenge (amendments, answers) never collide.
	LockChallenge(ctx context.Context, id int64) error
	// MoveDeadline sets a published challenge's bidding deadline from from to to (compare-and-set on the status
	// and the old deadline); domain.ErrStale when either changed.
	MoveDeadline(ctx context.Context, id int64, from, to, at time.Time) error
	// Amendments returns a challenge's amendments, oldest first.
	Amendments(ctx context.Context, challengeID int64) ([]Amendment, error)
}

// Filter narrows a listing. Empty fields do not filter.
type Filter struct {
	Status Status
	Field  string
	Mode   Mode
	// Q is a substring of the title or the problem (case-insensitive where the database can).
	Q string
	// OrgID limits to one organisation's challenges.
	OrgID int64
	// CallID limits to the challenges filed into one call.
	CallID int64
	// PublicOnly limits to the public board: published and later, or cancelled after publication.
	PublicOnly bool
}

// Calls is the call area (申报批次) seen by the challenge rules (satisfied by *call.Service, wired by cmd/app):
// whether a draft may be filed into a call now, and whether a challenge of a call may still be submitted.
type Calls interface {
	CheckFiling(ctx context.Context, callID int64) error
	CheckSubmission(ctx context.Context, callID int64) error
}

// Orgs gives the facts about organisations the challenge rules need (satisfied by *account.Service).
type Orgs interface {
	OrgByID(ctx context.Context, id int64) (account.Org, error)
}
