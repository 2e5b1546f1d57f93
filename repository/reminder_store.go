package repository

import (
	"context"
	"time"

	"jiebang/domain/reminder"
)

// ReminderStore implements reminder.Store.
type ReminderStore struct{ db *DB }

// NewReminderStore returns the reminder store.
func NewReminderStore(db *DB) *ReminderStore { return &ReminderStore{db: db} }

var _ reminder.Store = (*ReminderStore)(nil)

// UnsubmittedBefore lists drafts and bids with unsubmitted changes on published challenges whose deadline is
// in (now, until].
func (s *ReminderStore) UnsubmittedBefore(ctx context.Context, now, until time.Time) (_ []reminder.Draft, err error) {
	defer wrap(&err, "reminder store: unsubmitted before")
	var rows []struct {
		BidID       int64
		ChallengeID int64
		CreatedBy   int64
		Title       string
		BidDeadline time.Time
		Status      string
	}
	err = s.db.conn(ctx).Table("bids").
		Select("bids.id AS bid_id, bids.challenge_id, bids.created_by, challenges.title, challenges.bid_deadline, bids.status").
		Joins("JOIN challenges ON challenges.id = bids.challenge_id").
		Where("challenges.status = ? AND challenges.bid_deadline > ? AND challenges.bid_deadline <= ?", "published", dbTime(now), dbTime(until)).
		Where("bids.status = ? OR (bids.status = ? AND bids.dirty)", "draft", "submitted").
		Order("bids.id").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]reminder.Draft, len(rows))
	for i, r := range rows {
		out[i] = reminder.Draft{BidID: r.BidID, ChallengeID: r.ChallengeID, Owner: r.CreatedBy, Title: r.Title,
			Deadline: r.BidDeadline.UTC(), Submitted: r.Status == "submitted"}
	}
	return out, nil
}
