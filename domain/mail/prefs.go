package mail

import (
	"context"
	"fmt"
	"slices"
	"time"

	"jiebang/domain"
)

// Service is the users' e-mail settings and the bureau's view of undelivered mail.
type Service struct {
	store Store
	tx    domain.TxManager
	clock domain.Clock
	// Enabled tells whether an SMTP server is configured (mail is sent at all).
	Enabled bool
}

// NewService builds the service.
func NewService(store Store, tx domain.TxManager, clock domain.Clock, enabled bool) *Service {
	return &Service{store: store, tx: tx, clock: clock, Enabled: enabled}
}

var errLoggedOut = domain.NewError(domain.ErrUnauthenticated, "unauthenticated", "请先登录", "please log in")

// Prefs returns the actor's settings and the kinds of notification the actor has received (to choose from).
func (s *Service) Prefs(ctx context.Context, actor domain.Actor) (Prefs, []string, error) {
	if actor.Anonymous() {
		return Prefs{}, nil, errLoggedOut
	}
	p, err := s.store.Prefs(ctx, actor.UserID)
	if err != nil {
		return p, nil, err
	}
	kinds, err := s.store.KindsOf(ctx, actor.UserID)
	if err != nil {
		return p, nil, err
	}
	for _, k := range p.Muted {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	return p, kinds, nil
}

const maxMuted = 100

// SavePrefs replaces the actor's settings: the language (zh-CN or en) and the muted kinds.
func (s *Service) SavePrefs(ctx context.Context, actor domain.Actor, p Prefs) (Prefs, error) {
	if actor.Anonymous() {
		return Prefs{}, errLoggedOut
	}
	var v domain.Validator
	v.OneOf("lang", p.Lang, "zh-CN", "en")
	if v.Check(len(p.Muted) <= maxMuted, "muted", "too_many", fmt.Sprintf("最多 %d 项", maxMuted), fmt.Sprintf("at most %d kinds", maxMuted)) {
		for i, k := range p.Muted {
			v.RequiredText(fmt.Sprintf("muted[%d]", i), k, 100)
		}
	}
	if err := v.Err(); err != nil {
		return Prefs{}, err
	}
	slices.Sort(p.Muted)
	p.Muted = slices.Compact(p.Muted)
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		return s.store.SavePrefs(ctx, actor.UserID, p, s.clock.Now().UTC().Truncate(time.Microsecond))
	})
	return p, err
}

// Undelivered lists the messages that wait for a retry or failed for good (bureau).
func (s *Service) Undelivered(ctx context.Context, actor domain.Actor, p domain.Page) (domain.List[Message], error) {
	if !actor.Is(domain.RoleBureau) && !actor.Is(domain.RoleAdmin) {
		return domain.List[Message]{}, domain.Forbidden("forbidden", "只有科技局可以查看", "only the bureau may see this")
	}
	return s.store.Undelivered(ctx, p.Normalize())
}
