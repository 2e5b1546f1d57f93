package call

import (
	"context"
	"time"

	"jiebang/domain/challenge"
)

// Store persists calls. Methods take their database handle from ctx (the transaction when there is one).
type Store interface {
	// Create inserts c and sets its ID.
	Create(ctx context.Context, c *Call) error
	// Get returns one call (domain.ErrNotFound when absent).
	Get(ctx context.Context, id int64) (Call, error)
	// List returns every call, the newest year first, then the newest call first.
	List(ctx context.Context) ([]Call, error)
	// Update writes the title, year, dates, notes, rules and UpdatedAt of c if it is still open
	// (compare-and-set); domain.ErrStale when it is not.
	Update(ctx context.Context, c Call) error
	// MarkPublished sets the call published with the deadline at at if it is still open (compare-and-set);
	// domain.ErrStale when it is not.
	MarkPublished(ctx context.Context, id int64, deadline, at time.Time) error
	// Members returns the challenges filed into the call with their statuses, by id.
	Members(ctx context.Context, callID int64) ([]Member, error)
	// CallOf returns the call a challenge was filed into, 0 for none (domain.ErrNotFound when the challenge
	// does not exist).
	CallOf(ctx context.Context, challengeID int64) (int64, error)
}

// Member is a challenge filed into a call.
type Member struct {
	ChallengeID int64
	Status      challenge.Status
}
