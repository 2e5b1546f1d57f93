// Package schedule is named periodic work (调度): each Job runs on its own ticker in the server (cmd/app runs
// them with panic recovery, a log line and metrics per run) and after every move of the test clock. A job
// whose effect must happen once across several servers on one database either changes a status with
// compare-and-set, or records its effect with Claims.Claim in the same transaction.
package schedule

import (
	"context"
	"time"
)

// Job is named periodic work. Run gets the clock's time; it must be safe to run again (a later tick, another
// server): it does what is due at now and has not been done.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context, now time.Time) error
}

// Claims makes a job's effect happen once: a unique key per (job, subject, due moment).
type Claims interface {
	// Claim records, inside the caller's transaction, that job's effect for subject at due happened; false when
	// it was already claimed (by another server or an earlier run): then do nothing.
	Claim(ctx context.Context, job, subject string, due time.Time) (bool, error)
}
