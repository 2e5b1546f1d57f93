package race

import (
	"context"
	"errors"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/bid"
	"jiebang/domain/challenge"
	"jiebang/domain/event"
	"jiebang/domain/notify"
)

// Deps are the collaborators of the race service.
type Deps struct {
	Store      Store
	Tx         domain.TxManager
	Audit      *audit.Service
	Clock      domain.Clock
	Challenges Challenges
	Bids       Bids
	Reviews    Reviews
	Calendar   WorkingDays
	Orgs       Orgs
	Credit     Credit
	// Blobs stores report attachments by SHA-256 (the bids' store).
	Blobs bid.Blobs
	// Notifier sends the reminders of reports due (nil: none are sent); the other notifications are the
	// reactions to the race's events (Register).
	Notifier notify.Sender
	// Events receives the race's, the notices' and the acceptance's changes (nil: none are published).
	Events *event.Bus
	// Defaults gives the bureau's default notice period (the settings' limits); nil uses DefaultNoticeDays.
	Defaults NoticeDefaults
	// Rectifications keeps the rectification periods (限期整改); nil: rectify is refused.
	Rectifications RectificationStore
}

// NoticeDefaults gives the bureau's default notice period in working days.
type NoticeDefaults interface {
	DefaultNoticeDays(ctx context.Context) (int, error)
}

// ChallengeNoticeDefaults gives the notice period in force for one challenge (its call's, 申报批次, else the
// settings'); Defaults that also satisfy it are asked per challenge (cmd/app wires the call service).
type ChallengeNoticeDefaults interface {
	NoticeDaysFor(ctx context.Context, challengeID int64) (int, error)
}

// WorkingDays is the working-day arithmetic (satisfied by *calendar.Service).
type WorkingDays interface {
	AddWorkdays(ctx context.Context, from time.Time, n int) (time.Time, error)
}

// Service is the race use cases.
type Service struct {
	d       Deps
	funding FundingTotals
}

// NewService builds the race service.
func NewService(d Deps) *Service { return &Service{d: d} }

// UseReviews replaces the review adapter (cmd/app wires the review engine's).
func (s *Service) UseReviews(r Reviews) { s.d.Reviews = r }

// DefaultNoticeDays is the notice period when the bureau gives none (5 working days).
const DefaultNoticeDays = 5

// MaxNoticeDays bounds the notice period.
const MaxNoticeDays = 30

// maxText bounds reasons, answers, summaries and opinions.
const maxText = 5000

func (s *Service) now() time.Time { return s.d.Clock.Now().UTC().Truncate(time.Microsecond) }

var errNotBureau = domain.Forbidden("forbidden", "只有科技局可以执行此操作", "only the bureau may do this")

func requireBureau(actor domain.Actor) error {
	if !actor.Is(domain.RoleBureau) {
		return errNotBureau
	}
	return nil
}

var errChallengeNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该榜单", "challenge not found")

// challenge loads a challenge the actor may know of: public ones to everyone, others to the bureau and the
// posting enterprise (role and organisation together).
func (s *Service) challenge(ctx context.Context, actor domain.Actor, id int64) (challenge.Challenge, error) {
	c, err := s.d.Challenges.Lookup(ctx, id)
	if errors.Is(err, domain.ErrNotFound) {
		return c, errChallengeNotFound
	}
	if err != nil {
		return c, err
	}
	if !c.Public() && !c.SeenWhole(actor) {
		return c, errChallengeNotFound
	}
	return c, nil
}

func (s *Service) log(ctx context.Context, actor domain.Actor, entity string, id int64, action string, before, after any) error {
	return s.d.Audit.Log(ctx, actor, audit.Record{Entity: entity, EntityID: id, Action: action, Before: before, After: after})
}

// send sends a notification of the catalogue in the caller's transaction (nothing without a Notifier).
func (s *Service) send(ctx context.Context, k *notify.Kind, to notify.To, id int64, p notify.Params) error {
	if s.d.Notifier == nil {
		return nil
	}
	return s.d.Notifier.Send(ctx, k, to, id, p)
}

func notFoundAs(err error, as error) error {
	if errors.Is(err, domain.ErrNotFound) {
		return as
	}
	return err
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
