package account

import (
	"context"
	"math"
	"time"

	"jiebang/domain"
)

// Login throttling counts FAILED attempts only, in the database so that several servers share the count:
// per account (the e-mail, counting failures since its last successful login) and per client address. A
// successful login is never counted, so a whole university behind one address is not slowed down by its
// members' successful logins. Throttled attempts are refused before the password is checked and are not
// recorded, so the window ends on its own.

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
		w, err := s.throttleWait(ctx, false, ip, since, 0, s.cfg.MaxFailuresPerIP, now)
		if err != nil {
			return err
		}
		wait = max(wait, w)
	}
	if wait <= 0 {
		return nil
	}
	secs := int(math.Ceil(wait.Seconds()))
	e := domain.NewError(domain.ErrRateLimited, "rate_limited",
		"登录失败次数过多，请稍后再试", "too many failed logins, try again later").
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
	if len(fails) < limit {
		return 0, nil
	}
	oldest := fails[len(fails)-1]
	wait := oldest.Add(s.cfg.ThrottleWindow).Sub(now)
	if wait < time.Second {
		wait = time.Second
	}
	return wait, nil
}
