package account

import (
	"context"
	"errors"
	"math"
	"time"

	"jiebang/domain"
)

// Login throttling counts FAILED attempts, in the database so that several servers share the count: per
// account (the e-mail, counting failures since its last successful login) and per client address. It is atomic
// under bursts: an attempt is checked against the limits and recorded as pending in one serialised step
// (reserveAttempt) BEFORE its password (or second-factor code) is checked, and settled afterwards: a failure,
// a success, or nothing (the right password of a user who still has to give the second factor).
//
// Pending attempts are not failures: an attempt that finds the limit reached only by counting the attempts
// still being checked waits for them to settle (briefly, polling the database) instead of being refused. So
// parallel right passwords never throttle each other, while of a burst of parallel wrong passwords at most
// the limit reach the password check, and an attempt after the limit was reached by real failures is refused
// before its password is checked, even the right one (otherwise the refusal would tell a guesser which
// password is right). A pending attempt whose check never ended (a crash) counts as a failure after
// pendingStale.
//
// A successful login is never counted. The per-address limit does not apply to an account that has already
// logged in successfully from that address: a whole university behind one address keeps logging in while
// someone there guesses passwords of other accounts. Throttled attempts are refused before the password is
// checked and are not recorded, so the window ends on its own.

// pendingStale is how long an attempt may stay pending before it counts as a failure.
const pendingStale = time.Minute

// reservePolls bounds how often an attempt waits for pending ones (each wait reservePoll at most).
const (
	reservePolls = 400
	reservePoll  = 25 * time.Millisecond
)

// throttleLockKeys are the keys an attempt's check-and-record step serialises on.
func throttleLockKeys(email, ip string) []string {
	return []string{"login-email:" + email, "login-ip:" + ip}
}

// errBusy is an attempt that must wait for pending attempts to settle.
var errBusy = errors.New("pending attempts decide the limit")

// reserveAttempt checks the limits and records the attempt as pending, atomically; it returns the attempt's
// id, which the caller settles (settleAttempt). While only pending attempts keep it at the limit it waits.
func (s *Service) reserveAttempt(ctx context.Context, email, ip string) (int64, error) {
	for try := 0; ; try++ {
		var id int64
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			if err := s.store.LockThrottle(ctx, throttleLockKeys(email, ip)...); err != nil {
				return err
			}
			if err := s.checkThrottle(ctx, email, ip); err != nil {
				return err
			}
			var err error
			id, err = s.store.RecordLoginAttempt(ctx, LoginAttempt{Email: email, IP: ip, Pending: true, At: s.clock.Now()})
			return err
		})
		if !errors.Is(err, errBusy) {
			return id, err
		}
		if try >= reservePolls {
			return 0, rateLimited(time.Second, "登录请求过多，请稍后再试", "too many logins at once, try again later")
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(reservePoll):
		}
	}
}

// attemptOutcome is how an attempt's check ended.
type attemptOutcome int

const (
	attemptFailed attemptOutcome = iota
	attemptSucceeded
	// attemptNeutral: the right password of a user who still has to give the second factor.
	attemptNeutral
)

// settleAttempt ends the reserved attempt id with its outcome. Call it in a transaction (a success goes with
// the session it starts).
func (s *Service) settleAttempt(ctx context.Context, id int64, o attemptOutcome) error {
	switch o {
	case attemptSucceeded:
		return s.store.MarkLoginSucceeded(ctx, id)
	case attemptNeutral:
		return s.store.DeleteLoginAttempt(ctx, id)
	default:
		return s.store.MarkLoginFailed(ctx, id)
	}
}

// failAttempt settles the attempt id as a failure in its own transaction.
func (s *Service) failAttempt(ctx context.Context, id int64) error {
	return s.tx.InTx(ctx, func(ctx context.Context) error { return s.settleAttempt(ctx, id, attemptFailed) })
}

// checkThrottle answers 429 rate_limited, with the seconds to wait, when the account or the address has
// reached its failure limit within the window, and errBusy when only attempts still being checked bring it
// there.
func (s *Service) checkThrottle(ctx context.Context, email, ip string) error {
	now := s.clock.Now()
	since := now.Add(-s.cfg.ThrottleWindow)
	lastOK, err := s.store.LastLoginSuccess(ctx, email, since)
	if err != nil {
		return err
	}
	wait, busy, err := s.throttleWait(ctx, true, email, since, lastOK, s.cfg.MaxFailuresPerAccount, now)
	if err != nil {
		return err
	}
	if ip != "" {
		known, err := s.store.KnownLoginAddress(ctx, email, ip, now.Add(-PruneAge))
		if err != nil {
			return err
		}
		if !known {
			w, b, err := s.throttleWait(ctx, false, ip, since, 0, s.cfg.MaxFailuresPerIP, now)
			if err != nil {
				return err
			}
			wait, busy = max(wait, w), busy || b
		}
	}
	switch {
	case wait > 0:
		return rateLimited(wait, "登录失败次数过多，请稍后再试", "too many failed logins, try again later")
	case busy:
		return errBusy
	}
	return nil
}

// rateLimited is the 429 with the seconds to wait (Retry-After).
func rateLimited(wait time.Duration, zh, en string) error {
	secs := int(math.Ceil(wait.Seconds()))
	e := domain.NewError(domain.ErrRateLimited, "rate_limited", zh, en).
		WithDetails(map[string]any{"retry_after_seconds": secs})
	e.RetryAfterSeconds = secs
	return e
}

// throttleWait returns how long until fewer than limit failures remain within the window (0: not throttled),
// and, when not throttled, whether the attempts still being checked would reach the limit (busy).
func (s *Service) throttleWait(ctx context.Context, byEmail bool, key string, since time.Time, afterID int64,
	limit int, now time.Time) (time.Duration, bool, error) {
	marks, err := s.store.RecentLoginFailures(ctx, byEmail, key, since, now.Add(-pendingStale), afterID, limit)
	if err != nil {
		return 0, false, err
	}
	if len(marks) < limit {
		return 0, false, nil
	}
	times := make([]time.Time, len(marks))
	for i, m := range marks {
		if m.Pending {
			return 0, true, nil
		}
		times[i] = m.At
	}
	return windowWait(times, limit, s.cfg.ThrottleWindow, now), false, nil
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
