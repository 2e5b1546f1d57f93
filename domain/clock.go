package domain

import (
	"sync"
	"time"
)

// Clock is the only source of "now" for domain code. Production uses SystemClock; tests and the
// JIEBANG_TEST_CLOCK server use a ManualClock.
type Clock interface {
	Now() time.Time
}

// SystemClock reads the wall clock, in UTC.
type SystemClock struct{}

// Now returns the current UTC time.
func (SystemClock) Now() time.Time { return time.Now().UTC() }

// ManualClock is a clock that moves only when told to, or an offset over the wall clock (the test clock of
// the contract moves forward from real time).
type ManualClock struct {
	mu     sync.Mutex
	base   time.Time
	frozen bool
	offset time.Duration
	// anchor is the wall time at which a started clock read base (zero for the other kinds).
	anchor time.Time
}

// NewFrozenClock returns a clock stopped at t; it moves only with Advance.
func NewFrozenClock(t time.Time) *ManualClock {
	return &ManualClock{base: t.UTC(), frozen: true}
}

// NewOffsetClock returns a clock that follows the wall clock plus the advances made so far.
func NewOffsetClock() *ManualClock { return &ManualClock{} }

// NewStartedClock returns a clock that starts at start and from then on follows the wall clock (plus the
// advances made), as the test clock does when JIEBANG_TEST_CLOCK_START names its first instant.
func NewStartedClock(start time.Time) *ManualClock {
	return &ManualClock{base: start.UTC(), anchor: time.Now()}
}

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.frozen:
		return c.base.Add(c.offset)
	case !c.anchor.IsZero():
		return c.base.Add(time.Since(c.anchor)).Add(c.offset)
	}
	return time.Now().UTC().Add(c.offset)
}

// Advance moves the clock forward by d (d must not be negative) and returns the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	if d > 0 {
		c.offset += d
	}
	c.mu.Unlock()
	return c.Now()
}
