// Package qa is questions and answers on a published challenge (答疑), following a challenge (关注) and the
// addenda (补充通知) that may move its bidding deadline. A team asks while the question window is open; the
// posting enterprise answers; the bureau publishes the answer, numbered 答疑1, 答疑2 … in publishing order, or
// declines it. No one but the asker is ever shown who asked: not the owner, not other teams, not the bureau's
// pages, not notifications to others (the audit log keeps the actor, as for every change). Followers and the
// teams holding a bid are told of each published answer and amendment; teams holding a submitted bid confirm
// they have read an amendment, and the bureau sees who has.
package qa

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/notify"
)

// Status is a question's place: pending (asked) → answered (by the owner) → published (by the bureau), or
// declined (by the bureau) from pending or answered.
type Status string

// Statuses of a question.
const (
	StatusPending   Status = "pending"
	StatusAnswered  Status = "answered"
	StatusPublished Status = "published"
	StatusDeclined  Status = "declined"
)

// MaxText bounds a question, an answer and a reason (plain text, characters after trimming).
const MaxText = 2000

// Question is a team's question on a published challenge (答疑问题). AskerUserID and AskerOrgID are kept for
// the asker's own list and are never shown to anyone else.
type Question struct {
	ID            int64
	ChallengeID   int64
	AskerUserID   int64
	AskerOrgID    int64
	Text          string
	Status        Status
	Answer        string
	AnsweredAt    *time.Time
	Number        *int
	PublishedAt   *time.Time
	DeclineReason string
	DeclinedAt    *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Holder is an organisation holding a bid on a challenge: its bid, status and last submission.
type Holder struct {
	BidID       int64
	OrgID       int64
	OrgName     string
	Status      string
	SubmittedAt *time.Time
}

// Submitted reports whether the bid was submitted (a draft, withdrawn or cancelled bid was not).
func (h Holder) Submitted() bool {
	switch h.Status {
	case "draft", "withdrawn", "cancelled":
		return false
	}
	return true
}

// Confirmation is whether the team of one submitted bid has read an amendment: confirmed (ConfirmedAt), or
// resubmitted its bid after the amendment (Resubmitted), or neither yet.
type Confirmation struct {
	Holder
	ConfirmedAt     *time.Time
	ConfirmedByName string
	Resubmitted     bool
}

// Store persists questions, followers and confirmations. Methods take their database handle from ctx.
type Store interface {
	// LockChallenge takes the challenge's row lock until the transaction ends (PostgreSQL), so answer numbers
	// never collide.
	LockChallenge(ctx context.Context, challengeID int64) error
	// CreateQuestion inserts q and sets its ID.
	CreateQuestion(ctx context.Context, q *Question) error
	// Question returns one question (domain.ErrNotFound when absent).
	Question(ctx context.Context, id int64) (Question, error)
	// UpdateQuestion writes q's status, answer, number, reason and times if its stored status is still from
	// (compare-and-set); domain.ErrStale otherwise.
	UpdateQuestion(ctx context.Context, q Question, from Status) error
	// LastNumber is the highest answer number given on the challenge (0: none).
	LastNumber(ctx context.Context, challengeID int64) (int, error)
	// Questions lists a challenge's questions in the statuses, published ones by number, others oldest first.
	Questions(ctx context.Context, challengeID int64, statuses ...Status) ([]Question, error)
	// QuestionsBy lists the questions one user asked on a challenge, oldest first.
	QuestionsBy(ctx context.Context, challengeID, userID int64) ([]Question, error)

	// Follow records that the user follows the challenge (no error when already).
	Follow(ctx context.Context, challengeID, userID int64, at time.Time) error
	// Unfollow removes the follow (no error when there was none).
	Unfollow(ctx context.Context, challengeID, userID int64) error
	// Following reports whether the user follows the challenge.
	Following(ctx context.Context, challengeID, userID int64) (bool, error)
	// Followers lists the users following the challenge.
	Followers(ctx context.Context, challengeID int64) ([]int64, error)

	// Holders lists the organisations holding a bid on the challenge (withdrawn bids excluded).
	Holders(ctx context.Context, challengeID int64) ([]Holder, error)
	// Confirm records that the bid's team read the amendment (no error when already).
	Confirm(ctx context.Context, amendmentID, bidID, userID int64, at time.Time) error
	// Confirmed returns the confirmations of the amendment by bid: when and by whom.
	Confirmed(ctx context.Context, amendmentID int64) (map[int64]Confirmation, error)
	// ConfirmedBy returns the amendments of the challenge the bid's team has confirmed.
	ConfirmedBy(ctx context.Context, challengeID, bidID int64) (map[int64]bool, error)
}

// Challenges is what the challenge area gives this one (satisfied by *challenge.Service).
type Challenges interface {
	Lookup(ctx context.Context, id int64) (challenge.Challenge, error)
	AmendWith(ctx context.Context, actor domain.Actor, id int64, in challenge.AmendInput) (challenge.Amendment, error)
	Amendments(ctx context.Context, id int64) ([]challenge.Amendment, error)
}

// Rules are the numbers of this area for one challenge (答疑截止、补充通知最少天数).
type Rules struct {
	// QuestionWindowDays: questions close this many China calendar days before the bidding deadline.
	QuestionWindowDays int
	// AddendumMinDays: an amendment leaves at least this many China calendar days to the bidding deadline,
	// moving it when fewer remain.
	AddendumMinDays int
}

// DefaultRules are the defaults (7 and 7 days).
func DefaultRules() Rules { return Rules{QuestionWindowDays: 7, AddendumMinDays: 7} }

// RuleSource gives the rules in force for a challenge: the settings by default (settings.Service), a call's
// own rules when the challenge belongs to a call that sets them.
type RuleSource interface {
	QARules(ctx context.Context, challengeID int64) (Rules, error)
}

// Service is the use cases of questions, follows and amendments.
type Service struct {
	store      Store
	challenges Challenges
	tx         domain.TxManager
	audit      *audit.Service
	clock      domain.Clock
	notify     notify.Sender
	rules      RuleSource
}

// NewService builds the service; rules nil means DefaultRules.
func NewService(store Store, challenges Challenges, tx domain.TxManager, auditSvc *audit.Service, clock domain.Clock,
	n notify.Sender, rules RuleSource) *Service {
	return &Service{store: store, challenges: challenges, tx: tx, audit: auditSvc, clock: clock, notify: n, rules: rules}
}

// UseRules replaces the rule source (the merger wires a call's rules here).
func (s *Service) UseRules(r RuleSource) { s.rules = r }

func (s *Service) rulesFor(ctx context.Context, challengeID int64) (Rules, error) {
	if s.rules == nil {
		return DefaultRules(), nil
	}
	return s.rules.QARules(ctx, challengeID)
}

func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// EntityQuestion is the audit entity of questions.
const EntityQuestion = "question"

// Errors of the area.
var (
	// ErrQuestionsClosed refuses a question when the challenge is not published or its window has closed.
	ErrQuestionsClosed = domain.NewError(domain.ErrUnprocessable, "questions_closed", "本榜单的答疑已截止或未开放提问",
		"questions on this challenge are closed")
	errNotFound      = domain.NewError(domain.ErrNotFound, "not_found", "未找到该问题", "question not found")
	errNotTeam       = domain.Forbidden("forbidden", "只有揭榜方团队用户可以提问或关注", "only team users may ask or follow")
	errNotOwner      = domain.Forbidden("not_owner", "只有发榜企业可以答复问题", "only the posting enterprise may answer")
	errNotBureau     = domain.Forbidden("forbidden", "只有科技局可以发布或不予答复", "only the bureau may publish or decline")
	errNoBid         = domain.Forbidden("no_submitted_bid", "贵单位在本榜单没有已提交的申报", "your organisation has no submitted bid on this challenge")
	errChallengeGone = domain.NewError(domain.ErrNotFound, "not_found", "未找到该榜单", "challenge not found")
	errAmendmentGone = domain.NewError(domain.ErrNotFound, "not_found", "未找到该补充通知", "amendment not found")
)
