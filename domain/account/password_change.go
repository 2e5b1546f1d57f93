package account

import (
	"context"
	"errors"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// PasswordChange is a user's change of its own password.
type PasswordChange struct {
	Current string
	New     string
}

// ChangePassword replaces the acting user's password, given the current one, and ends the user's other
// sessions (the one making the change goes on). A wrong current password counts as a failed login of the
// account (the same throttle), so a stolen session cannot guess it.
func (s *Service) ChangePassword(ctx context.Context, actor domain.Actor, in PasswordChange) error {
	if actor.Anonymous() {
		return errUnauthenticated()
	}
	email := NormalizeEmail(actor.Email)
	var v domain.Validator
	v.Required("current_password", in.Current)
	checkPassword(&v, "new_password", in.New, email)
	if err := v.Err(); err != nil {
		return err
	}
	attempt, err := s.reserveAttempt(ctx, email, actor.IP)
	if err != nil {
		return err
	}
	err = s.changePassword(ctx, actor, email, in, attempt)
	if err != nil {
		if ferr := s.failAttempt(context.WithoutCancel(ctx), attempt); ferr != nil {
			return errors.Join(err, ferr)
		}
	}
	return err
}

func (s *Service) changePassword(ctx context.Context, actor domain.Actor, email string, in PasswordChange, attempt int64) error {
	_, hash, err := s.store.Credentials(ctx, email)
	if err != nil {
		return notFoundAs(err, errUserNotFound())
	}
	ok := false
	if len(in.Current) <= 4*MaxPasswordLen {
		if ok, err = s.hasher.Verify(ctx, in.Current, hash); err != nil && !errors.Is(err, errBadHash) {
			return err
		}
	}
	if !ok {
		if err := s.tx.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID,
				Action: "password_change_failed", After: map[string]any{"reason": "wrong_password"}})
		}); err != nil {
			return err
		}
		return domain.NewError(domain.ErrUnprocessable, "invalid_password", "当前密码错误", "wrong current password")
	}
	newHash, err := s.hasher.Hash(ctx, in.New)
	if err != nil {
		return err
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		now := s.clock.Now()
		if err := s.settleAttempt(ctx, attempt, attemptNeutral); err != nil {
			return err
		}
		if err := s.store.SetPasswordHash(ctx, actor.UserID, newHash, now); err != nil {
			return err
		}
		if err := s.store.RevokeUserRefreshTokens(ctx, actor.UserID, actor.Session, now); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID, Action: "password_change"})
	})
}

// ResetPassword sets a user's password from the command line (a forgotten password) and ends all the user's
// sessions. Only the system may call it.
func (s *Service) ResetPassword(ctx context.Context, actor domain.Actor, email, password string) (User, error) {
	if actor.Role != domain.RoleSystem {
		return User{}, domain.Forbidden("forbidden", "只能通过命令行重置密码", "passwords are reset from the command line only")
	}
	email = NormalizeEmail(email)
	var v domain.Validator
	v.Required("email", email)
	checkPassword(&v, "password", password, email)
	if err := v.Err(); err != nil {
		return User{}, err
	}
	u, _, err := s.store.Credentials(ctx, email)
	if err != nil {
		return User{}, notFoundAs(err, errUserNotFound())
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return User{}, err
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		now := s.clock.Now()
		if err := s.store.SetPasswordHash(ctx, u.ID, hash, now); err != nil {
			return err
		}
		if err := s.store.RevokeUserRefreshTokens(ctx, u.ID, "", now); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: u.ID, Action: "password_reset"})
	})
	return u, err
}

// UserByEmail returns the user with the e-mail, without access checks (the command line; 404 when absent).
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	u, _, err := s.store.Credentials(ctx, NormalizeEmail(email))
	if err != nil {
		return User{}, notFoundAs(err, errUserNotFound())
	}
	return u, nil
}
