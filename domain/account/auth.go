package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
)

// LoginInput is an e-mail and password.
type LoginInput struct {
	Email    string
	Password string
}

// Session is what a login or refresh hands out: a short-lived access token (JWT) and an opaque refresh token.
type Session struct {
	AccessToken      string
	AccessExpiresAt  time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
	User             User
	// MFAEnrolmentRequired: the user's role must use a second factor and the user has none yet; until it
	// enrols, the session may only read the account and enrol (403 mfa_enrolment_required elsewhere).
	MFAEnrolmentRequired bool
}

func errInvalidCredentials() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "invalid_credentials", "电子邮箱或密码错误",
		"wrong e-mail address or password")
}

// errAccountDisabled is the 403 of a login with the right password to a disabled account.
func errAccountDisabled() *domain.Error {
	return domain.Forbidden("account_disabled", "该账号已停用，请联系管理员", "this account is disabled, contact the administrator")
}

// errAccountDisabledToken is the 401 of a token (access or refresh) of a disabled account: it no longer
// authenticates anyone, so the client must log out.
func errAccountDisabledToken() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "account_disabled", "该账号已停用，请联系管理员",
		"this account is disabled, contact the administrator")
}

// errSessionEnded is the 401 of an access token whose session was ended (logout, refresh-token reuse,
// disabling).
func errSessionEnded() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "invalid_token", "会话已结束，请重新登录",
		"this session has ended, please log in again").WithDetails(map[string]any{"reason": "session_ended"})
}

func errInvalidRefreshToken() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "invalid_token", "刷新令牌无效或已过期，请重新登录",
		"invalid or expired refresh token, please log in again")
}

func errRefreshReused() *domain.Error {
	return domain.NewError(domain.ErrUnauthenticated, "refresh_token_reused",
		"刷新令牌已被使用过，为安全起见该会话已全部注销，请重新登录",
		"this refresh token was already used; the whole session has been revoked for safety, please log in again")
}

// LoginResult is what a right password gives: a session, or, for a user with a second factor, the short-lived
// token of the second step (MFAToken, then Session is empty).
type LoginResult struct {
	Session
	MFAToken          string
	MFATokenExpiresAt time.Time
}

// Login checks an e-mail and password and starts a session, or, when the user has a second factor, hands out
// the token of the second step (LoginMFA). A wrong e-mail and a wrong password give the same answer, in about
// the same time (an unknown e-mail is checked against a dummy hash). Every attempt is reserved (see
// reserveAttempt) before its password is checked and settled afterwards; failures are audited; too many
// failures answer 429.
func (s *Service) Login(ctx context.Context, actor domain.Actor, in LoginInput) (LoginResult, error) {
	email := NormalizeEmail(in.Email)
	var v domain.Validator
	if v.Required("email", email) {
		// No account has a longer address; refusing it here keeps a huge one out of the attempts table and
		// the append-only audit log (a failed login records the e-mail in both).
		v.MaxLen("email", email, MaxEmailLen)
	}
	v.Required("password", in.Password)
	if err := v.Err(); err != nil {
		return LoginResult{}, err
	}
	attempt, err := s.reserveAttempt(ctx, email, actor.IP)
	if err != nil {
		return LoginResult{}, err
	}
	res, outcome, err := s.checkPassword(ctx, actor, email, in.Password, attempt)
	if err != nil && outcome == attemptFailed {
		if ferr := s.failAttempt(context.WithoutCancel(ctx), attempt); ferr != nil {
			return LoginResult{}, errors.Join(err, ferr)
		}
	}
	return res, err
}

// checkPassword is Login after the reservation of attempt; its outcome says how the attempt ended when that
// is not already settled (a failure is settled by the caller).
func (s *Service) checkPassword(ctx context.Context, actor domain.Actor, email, password string, attempt int64) (LoginResult, attemptOutcome, error) {
	u, hash, err := s.store.Credentials(ctx, email)
	found := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return LoginResult{}, attemptFailed, err
	}
	if !found {
		hash = s.dummyHash
	}
	ok := false
	if len(password) <= 4*MaxPasswordLen {
		ok, err = s.hasher.Verify(ctx, password, hash)
		if err != nil && !errors.Is(err, errBadHash) {
			return LoginResult{}, attemptFailed, err
		}
	}
	if !found || !ok {
		reason := "wrong_password"
		if !found {
			reason, u = "unknown_email", User{}
		}
		if err := s.tx.InTx(ctx, func(ctx context.Context) error {
			return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: u.ID, Action: "login_failed",
				After: map[string]any{"email": email, "reason": reason}})
		}); err != nil {
			return LoginResult{}, attemptFailed, err
		}
		return LoginResult{}, attemptFailed, errInvalidCredentials()
	}
	if u.Disabled {
		// The right password: not a failure (the account is known to be disabled, nothing to guess).
		if err := s.tx.InTx(ctx, func(ctx context.Context) error { return s.settleAttempt(ctx, attempt, attemptNeutral) }); err != nil {
			return LoginResult{}, attemptNeutral, err
		}
		return LoginResult{}, attemptNeutral, errAccountDisabled()
	}
	var res LoginResult
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if u.MFAEnabled {
			m, err := s.store.MFAByUser(ctx, u.ID)
			if err != nil {
				return err
			}
			if err := s.settleAttempt(ctx, attempt, attemptNeutral); err != nil {
				return err
			}
			if res.MFAToken, res.MFATokenExpiresAt, err = s.tokens.signMFA(u.ID, mfaBinding(hash, m)); err != nil {
				return err
			}
			return s.audit.Log(ctx, userActor(actor, u), audit.Record{Entity: audit.EntityUser, EntityID: u.ID,
				Action: "login_password_ok", After: map[string]any{"next": "mfa"}})
		}
		if err := s.settleAttempt(ctx, attempt, attemptSucceeded); err != nil {
			return err
		}
		var err error
		if res.Session, err = s.startSession(ctx, u, randomToken()[:22]); err != nil {
			return err
		}
		return s.audit.Log(ctx, userActor(actor, u), audit.Record{Entity: audit.EntityUser, EntityID: u.ID, Action: "login"})
	})
	if err != nil {
		return LoginResult{}, attemptFailed, err
	}
	return res, attemptSucceeded, nil
}

// userActor is the request's actor (address, request id) acting as u.
func userActor(req domain.Actor, u User) domain.Actor {
	a := u.Actor()
	a.IP, a.RequestID = req.IP, req.RequestID
	return a
}

// startSession stores a new refresh token of family for u and signs an access token. Call it in a transaction.
func (s *Service) startSession(ctx context.Context, u User, family string) (Session, error) {
	now := s.clock.Now()
	tok := randomToken()
	rt := RefreshToken{UserID: u.ID, Family: family, Hash: hashToken(tok), CreatedAt: now, ExpiresAt: now.Add(s.cfg.RefreshTTL)}
	if err := s.store.CreateRefreshToken(ctx, &rt); err != nil {
		return Session{}, err
	}
	access, exp, err := s.tokens.sign(u, family)
	if err != nil {
		return Session{}, err
	}
	return Session{AccessToken: access, AccessExpiresAt: exp, RefreshToken: tok, RefreshExpiresAt: rt.ExpiresAt, User: u,
		MFAEnrolmentRequired: s.mustEnrol(u)}, nil
}

// Refresh exchanges a refresh token for a new pair (rotation). A token presented a second time means it
// leaked: the whole family (session) is revoked and the answer is 401 refresh_token_reused.
func (s *Service) Refresh(ctx context.Context, actor domain.Actor, token string) (Session, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return Session{}, domain.FieldErr("refresh_token", "required", "此项为必填项", "is required")
	}
	var sess Session
	reused := false
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		t, err := s.store.RefreshTokenByHash(ctx, hashToken(token))
		if err != nil {
			return notFoundAs(err, errInvalidRefreshToken())
		}
		now := s.clock.Now()
		revokeFamily := func() error {
			reused = true
			if err := s.store.RevokeRefreshFamily(ctx, t.Family, now); err != nil {
				return err
			}
			return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: t.UserID,
				Action: "refresh_token_reused", After: map[string]any{"family": t.Family}})
		}
		u, err := s.store.UserByID(ctx, t.UserID)
		if err != nil {
			return notFoundAs(err, errInvalidRefreshToken())
		}
		if u.Disabled {
			// Before the revocation check: disabling revoked the session, and the client must say why.
			return errAccountDisabledToken()
		}
		if t.UsedAt != nil {
			return revokeFamily()
		}
		if t.RevokedAt != nil || !now.Before(t.ExpiresAt) {
			return errInvalidRefreshToken()
		}
		ok, err := s.store.MarkRefreshTokenUsed(ctx, t.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			return revokeFamily()
		}
		if sess, err = s.startSession(ctx, u, t.Family); err != nil {
			return err
		}
		return s.audit.Log(ctx, userActor(actor, u), audit.Record{Entity: audit.EntityUser, EntityID: u.ID, Action: "refresh"})
	})
	if err != nil {
		return Session{}, err
	}
	if reused {
		return Session{}, errRefreshReused()
	}
	return sess, nil
}

// Logout revokes the session (refresh token family) of a refresh token of the acting user. An unknown token, or
// one of someone else, changes nothing and is not reported, so logout tells nothing about other sessions.
func (s *Service) Logout(ctx context.Context, actor domain.Actor, token string) error {
	if actor.Anonymous() {
		return errUnauthenticated()
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return domain.FieldErr("refresh_token", "required", "此项为必填项", "is required")
	}
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		t, err := s.store.RefreshTokenByHash(ctx, hashToken(token))
		if errors.Is(err, domain.ErrNotFound) || (err == nil && t.UserID != actor.UserID) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.store.RevokeRefreshFamily(ctx, t.Family, s.clock.Now()); err != nil {
			return err
		}
		return s.audit.Log(ctx, actor, audit.Record{Entity: audit.EntityUser, EntityID: actor.UserID, Action: "logout"})
	})
}

// Principal is what authenticating an access token reads of the database: the user (its organisation is not
// read; MFAEnabled is set) and whether the token's session is live.
type Principal struct {
	User        User
	SessionLive bool
}

// Authenticate turns an access token into the acting user. It re-reads the user, so a disabled or deleted
// account stops at once; role and organisation come from the database, not from the token. The token's
// session must still be live: logout, a reused refresh token and disabling end it, and its access tokens
// stop working with it, not when they expire. The user and its session are read in one statement, on every
// request (nothing is cached in the process, so every server sees an ending at once).
func (s *Service) Authenticate(ctx context.Context, token string) (domain.Actor, error) {
	id, sid, err := s.tokens.parse(token)
	if err != nil {
		return domain.Actor{}, err
	}
	p, err := s.store.Principal(ctx, id, sid, s.clock.Now())
	if err != nil {
		return domain.Actor{}, notFoundAs(err, errInvalidToken())
	}
	u := p.User
	if u.Disabled {
		return domain.Actor{}, errAccountDisabledToken()
	}
	if !p.SessionLive {
		return domain.Actor{}, errSessionEnded()
	}
	a := u.Actor()
	a.Session, a.MFAEnrolmentRequired = sid, s.mustEnrol(u)
	return a, nil
}
