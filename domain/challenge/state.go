package challenge

import "context"

// LookupState returns a challenge with only its ID, Status and BidDeadline set: what a bid needs to know
// whether the challenge is still open, read without the texts, the organisation and the JSON fields. Bid
// writes check it inside their transaction, where every microsecond is one every other writer waits.
func (s *Service) LookupState(ctx context.Context, id int64) (Challenge, error) {
	c, err := s.store.State(ctx, id)
	if err != nil {
		return Challenge{}, notFound(err)
	}
	return c, nil
}
