package bid

import (
	"context"
	"fmt"

	"jiebang/domain"
)

// BidVersion returns version of a bid (the submitted content an expert scores), not found when the bid has no
// such version. It reads in the caller's transaction and checks no actor: the review engine calls it for an
// assignment it has already checked.
func (s *Service) BidVersion(ctx context.Context, bidID int64, version int) (Version, error) {
	vs, err := s.store.Versions(ctx, bidID)
	if err != nil {
		return Version{}, err
	}
	for _, v := range vs {
		if v.Version == version {
			return v, nil
		}
	}
	return Version{}, fmt.Errorf("bid %d version %d: %w", bidID, version, domain.ErrNotFound)
}
