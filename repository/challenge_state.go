package repository

import (
	"context"
	"time"

	"jiebang/domain/challenge"
)

// State returns a challenge's ID, status and bid deadline only.
func (s *ChallengeStore) State(ctx context.Context, id int64) (_ challenge.Challenge, err error) {
	defer wrap(&err, "challenge store: state %d", id)
	var row struct {
		ID          int64
		Status      string
		BidDeadline *time.Time
	}
	if err := s.db.conn(ctx).Model(&challengeRow{}).Select("id", "status", "bid_deadline").Where("id = ?", id).
		Take(&row).Error; err != nil {
		return challenge.Challenge{}, translate(err)
	}
	return challenge.Challenge{ID: row.ID, Status: challenge.Status(row.Status), BidDeadline: utcPtr(row.BidDeadline)}, nil
}
