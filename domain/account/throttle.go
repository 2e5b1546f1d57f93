package account

import (
	"context"
	"math"
	"time"

	"jiebang/domain"
)

// Login throttling counts FAILED attempts, in the database so that several servers share the count: per
// account (the e-mail, counting failures since its last successful login) and per client address. It is atomic
// under bursts: an attempt is checked against the limits and recorded as a failure in one serialised step
// (reserveAttempt) BEFORE its password is checked, and only turned into a success afterwards. So of a burst of
// parallel attempts on one account at most the limit reach the password check, and the right password in a
// burst that reaches the limit is refused like the others.
//
// A successful login is never counted. The per-address limit does not apply to an account that has already
// logged in successfully from that address: a whole university behind one address keeps logging in while
// someone there guesses passwords of other accounts. Throttled attempts are refused before the password is
// checked and are not recorded, so the window ends on its own.

// throttleLockKeys are the keys an attempt's check-and-record step serialises on.
func throttleLockKeys(email, ip string) []string {
	return []string{"login-email:" + email, "login-ip:" + ip}
}

// reserveAttempt checks the limits and records the attempt as a failure, atomically; it returns the
// attempt's id (made a success by the caller when the password is right).
func (s *Service) reserveAttempt(ctx context.Context, email, ip string) (int64, error) {
	var id int64
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockThrottle(ctx, throttleLockKeys(email, ip)...); err != nil {
			return err
		}
		if err := s.checkThrottle(ctx, email, ip); err != nil {
			return err
		}
		var err error
		id, err = s.store.RecordLoginAttempt(ctx, LoginAttempt{Email: email, IP: ip, At: s.clock.Now()})
		return err
	})
	return id, err
}

// checkThrottle answers 429 rate_limited, with the seconds to wait, when the account or the address has
// reached its failure limit within the window.
func (s *Service) checkThrottle(ctx context.Context, email, ip string) error {
	now := s.clock.Now()
	since := now.Add(-s.cfg.ThrottleWindow)
	lastOK, err := s.store.LastLoginSuccess(ctx, email, since)
	if err != nil {
		return err
	}
	wait, err := s.throttleWait(ctx, true, email, since, lastOK, s.cfg.MaxFailuresPerAccount, now)
	if err != nil {
		return err
	}
	if ip != "" {
		known, err := s.store.KnownLoginAddress(ctx, email, ip, now.Add(-PruneAge))
		if err != nil {
			return err
		}
		if !known {
			w, err := s.throttleWait(ctx, false, ip, since, 0, s.cfg.MaxFailuresPerIP, now)
			if err != nil {
				return err
			}
			wait = max(wait, w)
		}
	}
	if wait <= 0 {
		return nil
	}
	return rateLimited(wait, "登录失败次数过多，请稍后再试", "too many failed logins, try again later")
}

// rateLimited is the 429 with the seconds to wait (Retry-After).
func rateLimited(wait time.Duration, zh, en string) error {
	secs := int(math.Ceil(wait.Seconds()))
	e := domain.NewError(domain.ErrRateLimited, "rate_limited", zh, en).
		WithDetails(map[string]any{"retry_after_seconds": secs})
	e.RetryAfterSeconds = secs
	return e
}

// throttleWait returns how long until fewer than limit failures remain within the window (0: not throttled).
func (s *Service) throttleWait(ctx context.Context, byEmail bool, key string, since time.Time, afterID int64,
	limit int, now time.Time) (time.Duration, error) {
	fails, err := s.store.RecentLoginFailures(ctx, byEmail, key, since, afterID, limit)
	if err != nil {
		return 0, err
	}
	return windowWait(fails, limit, s.cfg.ThrottleWindow, now), nil
}

// windowWait is how long until fewer than limit of the times (newest first, at most limit) remain within the
// window (0: below the limit); at least a second when throttled.
func windowWait(times []time.Time, limit int, window time.Duration, now time.Time) time.Duration {
	if len(times) < limit {
		return 0
	}
	wait := times[len(times)-1].Add(window).Sub(now)
	if wait < time.Second {
		wait = time.Second
	}
	return wait
}

// checkRegistrationLimit answers 429 when the address has registered MaxRegistrationsPerIP accounts within the
// registration window. Call it in the registering transaction: it first serialises on the address, so a burst
// cannot overshoot (Register records the registration in the same transaction).
func (s *Service) checkRegistrationLimit(ctx context.Context, ip string) error {
	if ip == "" {
		return nil
	}
	if err := s.store.LockThrottle(ctx, "register-ip:"+ip); err != nil {
		return err
	}
	return s.registrationWait(ctx, ip)
}

// registrationWait is the registration limit's check without the lock: Register asks it first, so a limited
// address does not cost a password hash.
func (s *Service) registrationWait(ctx context.Context, ip string) error {
	if ip == "" {
		return nil
	}
	now := s.clock.Now()
	times, err := s.store.RecentRegistrations(ctx, ip, now.Add(-s.cfg.RegistrationWindow), s.cfg.MaxRegistrationsPerIP)
	if err != nil {
		return err
	}
	if wait := windowWait(times, s.cfg.MaxRegistrationsPerIP, s.cfg.RegistrationWindow, now); wait > 0 {
		return rateLimited(wait, "该网络地址注册次数过多，请稍后再试", "too many registrations from this address, try again later")
	}
	return nil
}
