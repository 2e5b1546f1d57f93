// Package notify is in-app notifications (站内通知): rows written in the caller's transaction, so nothing is
// announced that did not happen and nothing that happened goes unannounced. Both languages are stored; the
// recipient's language is chosen when the notification is shown or mailed.
package notify

import (
	"context"
	"errors"
	"slices"
	"time"

	"jiebang/domain"
)

// Message is what a notification says.
type Message struct {
	// Kind is a stable code, e.g. "challenge.return", "review.assigned" (users can mute e-mail per kind).
	Kind             string
	TitleZh, TitleEn string
	// BodyZh and BodyEn may be "".
	BodyZh, BodyEn string
	// Link is an SPA path, e.g. "/challenges/12".
	Link string
	// Entity is the audit entity name ("challenge", "bid", "round", ...) and EntityID its id.
	Entity   string
	EntityID int64
	// NoMail keeps the notification in the app (its catalogue kind is not e-mailed).
	NoMail bool
}

// Notification is a message delivered to one user.
type Notification struct {
	ID, UserID int64
	Message
	CreatedAt time.Time
	ReadAt    *time.Time
}

// Store persists notifications. Methods take their database handle from ctx (the transaction when there is one).
type Store interface {
	// Add writes one notification of m to each user at at.
	Add(ctx context.Context, userIDs []int64, m Message, at time.Time) error
	// OrgMembers returns the enabled, active members of an organisation whose role is role.
	OrgMembers(ctx context.Context, orgID int64, role domain.Role) ([]int64, error)
	// RoleMembers returns the enabled users of a role.
	RoleMembers(ctx context.Context, role domain.Role) ([]int64, error)
	// List returns one page of the user's notifications, newest first.
	List(ctx context.Context, userID int64, unreadOnly bool, p domain.Page) (domain.List[Notification], error)
	// Unread counts the user's unread notifications.
	Unread(ctx context.Context, userID int64) (int, error)
	// MarkRead marks the user's notification read (domain.ErrNotFound when it is not the user's or absent;
	// reading one already read is not an error).
	MarkRead(ctx context.Context, userID, id int64, at time.Time) error
	// MarkAllRead marks all the user's notifications read.
	MarkAllRead(ctx context.Context, userID int64, at time.Time) error
}

// Service writes and reads notifications.
type Service struct {
	store Store
	tx    domain.TxManager
	clock domain.Clock
}

// NewService builds the notification service.
func NewService(store Store, tx domain.TxManager, clock domain.Clock) *Service {
	return &Service{store: store, tx: tx, clock: clock}
}

// Limits of a message.
const (
	maxTitle = 200
	maxBody  = 5000
	maxLink  = 500
)

// validate refuses a message a programmer built wrong (every caller is code, not a user).
func (m Message) validate() error {
	var v domain.Validator
	v.RequiredText("kind", m.Kind, 100)
	v.RequiredText("title_zh", m.TitleZh, maxTitle)
	v.RequiredText("title_en", m.TitleEn, maxTitle)
	v.MaxLen("body_zh", m.BodyZh, maxBody)
	v.MaxLen("body_en", m.BodyEn, maxBody)
	v.MaxLen("link", m.Link, maxLink)
	return v.Err()
}

// ToUsers notifies the users (duplicates and zero ids dropped) in the caller's transaction (or its own).
func (s *Service) ToUsers(ctx context.Context, userIDs []int64, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	ids := make([]int64, 0, len(userIDs))
	for _, id := range userIDs {
		if id > 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	return s.tx.InTx(ctx, func(ctx context.Context) error { return s.store.Add(ctx, ids, m, now) })
}

// ToOrg notifies every enabled, active member of the organisation whose role is role.
func (s *Service) ToOrg(ctx context.Context, orgID int64, role domain.Role, m Message) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		ids, err := s.store.OrgMembers(ctx, orgID, role)
		if err != nil {
			return err
		}
		return s.ToUsers(ctx, ids, m)
	})
}

// ToRole notifies every enabled user of the role (e.g. the bureau).
func (s *Service) ToRole(ctx context.Context, role domain.Role, m Message) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		ids, err := s.store.RoleMembers(ctx, role)
		if err != nil {
			return err
		}
		return s.ToUsers(ctx, ids, m)
	})
}

var errLoggedOut = domain.NewError(domain.ErrUnauthenticated, "unauthenticated", "请先登录", "please log in")

// List returns one page of the actor's notifications (unread only when asked) and the unread count.
func (s *Service) List(ctx context.Context, actor domain.Actor, unreadOnly bool, p domain.Page) (domain.List[Notification], int, error) {
	if actor.Anonymous() {
		return domain.List[Notification]{}, 0, errLoggedOut
	}
	p = p.Normalize()
	l, err := s.store.List(ctx, actor.UserID, unreadOnly, p)
	if err != nil {
		return l, 0, err
	}
	n, err := s.store.Unread(ctx, actor.UserID)
	return l, n, err
}

var errNotFound = domain.NewError(domain.ErrNotFound, "not_found", "未找到该通知", "notification not found")

// MarkRead marks one of the actor's notifications read; another user's (or a missing) one is 404.
func (s *Service) MarkRead(ctx context.Context, actor domain.Actor, id int64) error {
	if actor.Anonymous() {
		return errLoggedOut
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		err := s.store.MarkRead(ctx, actor.UserID, id, now)
		if errorsIsNotFound(err) {
			return errNotFound
		}
		return err
	})
}

// MarkAllRead marks all the actor's notifications read.
func (s *Service) MarkAllRead(ctx context.Context, actor domain.Actor) error {
	if actor.Anonymous() {
		return errLoggedOut
	}
	now := s.clock.Now().UTC().Truncate(time.Microsecond)
	return s.tx.InTx(ctx, func(ctx context.Context) error { return s.store.MarkAllRead(ctx, actor.UserID, now) })
}

func errorsIsNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }
