package account

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"jiebang/domain"
	"jiebang/domain/audit"
)

func requireAdmin(actor domain.Actor) error {
	if !actor.Is(domain.RoleAdmin) {
		return domain.Forbidden("forbidden", "仅管理员可执行此操作", "only an administrator may do this")
	}
	return nil
}

// ListUsers lists accounts for an administrator, newest first.
func (s *Service) ListUsers(ctx context.Context, actor domain.Actor, f UserFilter, p domain.Page) (domain.List[User], error) {
	if err := requireAdmin(actor); err != nil {
		return domain.List[User]{}, err
	}
	f.Q = strings.TrimSpace(f.Q)
	if err := checkSearch(f.Q); err != nil {
		return domain.List[User]{}, err
	}
	return s.store.ListUsers(ctx, f, p.Normalize())
}

// MaxSearchLen bounds the search text of the organisation and user lists, in characters.
const MaxSearchLen = 100

// checkSearch answers 400 invalid_query for search text longer than MaxSearchLen.
func checkSearch(q string) error {
	if utf8.RuneCountInString(q) > MaxSearchLen {
		return domain.NewError(domain.ErrBadRequest, "invalid_query", "搜索词过长（最多 100 个字符）",
			"search text too long (at most 100 characters)")
	}
	return nil
}

// DisableUser stops an account: its tokens stop working on the next request and its sessions are revoked. An
// administrator cannot disable itself (there would be nobody left to undo it).
func (s *Service) DisableUser(ctx context.Context, actor domain.Actor, id int64) (User, error) {
	if err := requireAdmin(actor); err != nil {
		return User{}, err
	}
	if id == actor.UserID {
		return User{}, domain.Forbidden("cannot_disable_self", "不能停用自己的账号", "you cannot disable your own account")
	}
	return s.setDisabled(ctx, actor, id, true)
}

// EnableUser re-enables a disabled account.
func (s *Service) EnableUser(ctx context.Context, actor domain.Actor, id int64) (User, error) {
	if err := requireAdmin(actor); err != nil {
		return User{}, err
	}
	return s.setDisabled(ctx, actor, id, false)
}

func (s *Service) setDisabled(ctx context.Context, actor domain.Actor, id int64, disabled bool) (User, error) {
	action := "enable"
	if disabled {
		action = "disable"
	}
	var out User
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		u, err := s.store.UserByID(ctx, id)
		if err != nil {
			return notFoundAs(err, errUserNotFound())
		}
		if u.Disabled == disabled {
			return domain.InvalidTransition("user", userState(u.Disabled), action)
		}
		now := s.clock.Now()
		ok, err := s.store.SetUserDisabled(ctx, id, !disabled, disabled, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.InvalidTransition("user", userState(!u.Disabled), action)
		}
		if disabled {
			if err := s.store.RevokeUserRefreshTokens(ctx, id, "", now); err != nil {
				return err
			}
		}
		out = u
		out.Disabled, out.UpdatedAt = disabled, now
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: id, Action: action,
			Before: userSummary(u), After: userSummary(out)})
	})
	return out, err
}

// PruneAge is how long login attempts and dead refresh tokens are kept.
const PruneAge = 60 * 24 * time.Hour

// Prune deletes login attempts and refresh tokens older than PruneAge (background work; not audited: it
// removes throttling bookkeeping and expired credentials, not records of the process).
func (s *Service) Prune(ctx context.Context) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		return s.store.Prune(ctx, s.clock.Now().Add(-PruneAge))
	})
}

func userState(disabled bool) string {
	if disabled {
		return "disabled"
	}
	return "enabled"
}

// MaxPeople is how many accounts FindPeople returns at most.
const MaxPeople = 20

// FindPeople finds accounts whose name or e-mail contains q, for the audit register's person filter (the
// bureau and the administrator, who read the register): at most MaxPeople, newest first, with their
// organisations. An empty q is 400 invalid_query.
func (s *Service) FindPeople(ctx context.Context, actor domain.Actor, q string) ([]User, error) {
	if !actor.Is(domain.RoleBureau) && !actor.Is(domain.RoleAdmin) {
		return nil, domain.Forbidden("forbidden", "仅科技局与管理员可查找人员", "only the bureau and the administrator may look people up")
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, domain.NewError(domain.ErrBadRequest, "invalid_query", "请输入姓名或邮箱", "give a name or an e-mail")
	}
	if err := checkSearch(q); err != nil {
		return nil, err
	}
	l, err := s.store.ListUsers(ctx, UserFilter{Q: q}, domain.Page{Page: 1, PageSize: MaxPeople}.Normalize())
	if err != nil {
		return nil, err
	}
	return l.Items, nil
}
