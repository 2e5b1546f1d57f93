package account

import (
	"context"
	"errors"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// errReauthFailed is a wrong password or second-factor code given to confirm an act (a signature).
func errReauthFailed(zh, en string) *domain.Error {
	return domain.NewError(domain.ErrUnprocessable, "reauth_failed", zh, en)
}

// Reauthenticate verifies the acting user once more before an act that binds it (signing a task book): the
// password, or, for a user with a second factor, a current code of it (TOTP or a recovery code; the password
// alone is refused then). A wrong secret is 422 reauth_failed and counts as a failed login of the account (the
// same throttle: 429 rate_limited after too many), so a stolen session cannot guess the password.
func (s *Service) Reauthenticate(ctx context.Context, actor domain.Actor, password, code string) error {
	if actor.Anonymous() {
		return errUnauthenticated()
	}
	code = strings.TrimSpace(code)
	m, err := s.store.MFAByUser(ctx, actor.UserID)
	hasMFA := err == nil && m.ConfirmedAt != nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	switch {
	case hasMFA && code == "":
		return errReauthFailed("您已开启双因素认证，请输入动态验证码", "you use two-factor sign-in: give a current code")
	case !hasMFA && password == "":
		return domain.FieldErr("password", "required", "请输入登录密码", "give your password")
	}
	email := NormalizeEmail(actor.Email)
	attempt, err := s.reserveAttempt(ctx, email, actor.IP)
	if err != nil {
		return err
	}
	passwordOK := false
	if !hasMFA {
		_, hash, err := s.store.Credentials(ctx, email)
		if err != nil {
			return errors.Join(err, s.failAttempt(context.WithoutCancel(ctx), attempt))
		}
		if len(password) <= 4*MaxPasswordLen {
			if passwordOK, err = s.hasher.Verify(ctx, password, hash); err != nil && !errors.Is(err, errBadHash) {
				return errors.Join(err, s.failAttempt(context.WithoutCancel(ctx), attempt))
			}
		}
	}
	var wrong error
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if hasMFA {
			if _, ok, err := s.useCode(ctx, m, code, s.clock.Now()); err != nil {
				return err
			} else if !ok {
				wrong = errReauthFailed("动态验证码错误或已使用", "the code is wrong or already used")
				return wrong
			}
		} else if !passwordOK {
			wrong = errReauthFailed("密码错误", "wrong password")
			return wrong
		}
		return s.settleAttempt(ctx, attempt, attemptNeutral)
	})
	if err == nil {
		return nil
	}
	if ferr := s.failAttempt(context.WithoutCancel(ctx), attempt); ferr != nil {
		return errors.Join(err, ferr)
	}
	if wrong != nil {
		if aerr := s.tx.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID, Action: "reauth_failed"})
		}); aerr != nil {
			return aerr
		}
	}
	return err
}

// OrgAdminOf is the organisation's administrator (0: none), for other areas.
func (s *Service) OrgAdminOf(ctx context.Context, orgID int64) (int64, error) {
	return s.store.OrgAdmin(ctx, orgID)
}

// MemberByEmail is the id of the enabled, active user of the e-mail who acts for the organisation in the role
// (0: none), for other areas (the PI's account of a task book).
func (s *Service) MemberByEmail(ctx context.Context, orgID int64, role domain.Role, email string) (int64, error) {
	email = NormalizeEmail(email)
	if email == "" {
		return 0, nil
	}
	u, _, err := s.store.Credentials(ctx, email)
	if errors.Is(err, domain.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if u.Disabled || !u.ActiveMember() || u.OrgID != orgID || u.Role != role {
		return 0, nil
	}
	return u.ID, nil
}
