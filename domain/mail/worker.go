package mail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"jiebang/domain"
)

// Sender hands one message to the SMTP server; the message's Message-ID must derive from its Key.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Worker delivers the outbox: it claims a batch with a lease, sends each message, and marks it sent or
// schedules a retry with exponential backoff. Several workers (servers) may run against one database: the claim
// gives each message to one of them at a time.
type Worker struct {
	store  Store
	sender Sender
	clock  domain.Clock
	// Owner names this worker in the leases (unique per process).
	Owner string
	// Batch is how many messages one run claims (default 20); Lease how long a claim lasts (default 5 minutes,
	// longer than a send can take); MaxAttempts after which a message is failed (default 8).
	Batch       int
	Lease       time.Duration
	MaxAttempts int
	// AfterSend runs after the server accepted a message and before it is marked sent (tests simulate a crash
	// there by returning an error, which stops the run and leaves the message leased and unmarked).
	AfterSend func(m Message) error
}

// NewWorker builds a worker with the defaults.
func NewWorker(store Store, sender Sender, clock domain.Clock, owner string) *Worker {
	return &Worker{store: store, sender: sender, clock: clock, Owner: owner, Batch: 20, Lease: 5 * time.Minute, MaxAttempts: 8}
}

// Backoff is the wait before attempt n+1 after n failed attempts: 1, 2, 4, ... minutes, at most 2 hours.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 2*time.Hour; i++ {
		d *= 2
	}
	return min(d, 2*time.Hour)
}

// RunOnce claims one batch and delivers it; it returns how many were sent. A failed send is recorded and the
// batch goes on; a cancelled ctx or a failing AfterSend stops the run at once (what it holds waits for its lease).
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	now := w.clock.Now().UTC().Truncate(time.Microsecond)
	ms, err := w.store.Claim(ctx, w.Owner, now, now.Add(w.Lease), w.Batch)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, m := range ms {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		if err := w.sender.Send(ctx, m); err != nil {
			if ctx.Err() != nil {
				return sent, ctx.Err()
			}
			giveUp := m.Attempts >= w.MaxAttempts
			next := w.clock.Now().UTC().Add(Backoff(m.Attempts))
			if rerr := w.store.Retry(ctx, m.ID, w.Owner, truncate(err.Error(), 500), next, giveUp); rerr != nil {
				return sent, rerr
			}
			continue
		}
		if w.AfterSend != nil {
			if err := w.AfterSend(m); err != nil {
				return sent, fmt.Errorf("after send of %s: %w", m.Key, err)
			}
		}
		ok, err := w.store.MarkSent(ctx, m.ID, w.Owner, w.clock.Now().UTC())
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// ErrNoMail is returned by the mail endpoints when no SMTP server is configured.
var ErrNoMail = errors.New("mail: no SMTP server configured")

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
