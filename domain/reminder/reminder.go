// Package reminder sends reminders on the clock (提醒): 3 days and 1 day before a bid deadline, to the teams
// whose bid is still an unsubmitted draft or has changes not yet submitted. A scheduled job runs it (cmd/app);
// each reminder is claimed (schedule.Claims) in the transaction that writes it, so it goes out once across
// servers and runs, and the test clock triggers it.
package reminder

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain"
	"jiebang/domain/datefmt"
	"jiebang/domain/notify"
	"jiebang/domain/schedule"
)

// Job is the scheduled job's name (also the claim's job).
const Job = "bid_deadline_reminders"

// KindBidDeadline is the notification kind of the reminder (users can mute its e-mail).
var KindBidDeadline = notify.BidDeadlineNear.Key

// Marks are the reminders before a deadline, nearest last.
var Marks = []struct {
	Label  string
	Before time.Duration
}{{"3d", 72 * time.Hour}, {"1d", 24 * time.Hour}}

// Horizon is how far ahead of now the job looks for deadlines (the earliest mark).
const Horizon = 72 * time.Hour

// Due returns the reminder that is due at now for a deadline: the nearest mark already passed (when the clock
// jumped over both, only the 1-day one goes out); false before the first mark and from the deadline on.
func Due(deadline, now time.Time) (label string, at time.Time, ok bool) {
	if !now.Before(deadline) {
		return "", time.Time{}, false
	}
	for _, m := range Marks {
		if mark := deadline.Add(-m.Before); !now.Before(mark) {
			label, at, ok = m.Label, mark, true
		}
	}
	return label, at, ok
}

// Draft is a bid that may need a reminder: a draft never submitted, or a submitted bid with unsubmitted changes.
type Draft struct {
	BidID, ChallengeID int64
	// Owner is the user who created the bid (the team's contact on the platform).
	Owner    int64
	Title    string
	Deadline time.Time
	// Submitted tells a bid with unsubmitted changes from a draft never submitted.
	Submitted bool
}

// Store finds the bids to remind.
type Store interface {
	// UnsubmittedBefore lists drafts and bids with unsubmitted changes on published challenges whose bid
	// deadline is after now and at most until.
	UnsubmittedBefore(ctx context.Context, now, until time.Time) ([]Draft, error)
}

// Service sends the reminders.
type Service struct {
	store  Store
	claims schedule.Claims
	notify *notify.Service
	tx     domain.TxManager
}

// NewService builds the reminder service.
func NewService(store Store, claims schedule.Claims, n *notify.Service, tx domain.TxManager) *Service {
	return &Service{store: store, claims: claims, notify: n, tx: tx}
}

// BidDeadlines sends the reminders due at now; it returns how many it sent (none twice).
func (s *Service) BidDeadlines(ctx context.Context, now time.Time) (int, error) {
	drafts, err := s.store.UnsubmittedBefore(ctx, now, now.Add(Horizon))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range drafts {
		label, at, ok := Due(d.Deadline, now)
		if !ok {
			continue
		}
		err := s.tx.InTx(ctx, func(ctx context.Context) error {
			won, err := s.claims.Claim(ctx, Job, fmt.Sprintf("bid:%d:%s", d.BidID, label), at)
			if err != nil || !won {
				return err
			}
			sent++
			return s.notify.Send(ctx, notify.BidDeadlineNear, notify.Users(d.Owner), d.BidID, params(d, label))
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// params are the notification params of the reminder at label ("3d", "1d") of d.
func params(d Draft, label string) notify.Params {
	return notify.Params{"BidID": d.BidID, "Days": map[string]string{"3d": "3", "1d": "1"}[label],
		"Title": notify.Short(d.Title, 60), "Submitted": d.Submitted,
		"DeadlineZh": datefmt.DeadlineZh(d.Deadline), "DeadlineEn": datefmt.DeadlineEn(d.Deadline)}
}
