package bid

import (
	"context"
	"errors"
	"fmt"

	"jiebang/domain"
)

// Submitted returns a challenge's bids that have a submitted version, each with the content of its latest
// submitted version (what the race starts from and the selection is told to). It is the race's port.
func (s *Service) Submitted(ctx context.Context, challengeID int64) ([]Bid, error) {
	var out []Bid
	for p := (domain.Page{Page: 1, PageSize: domain.MaxPageSize}); ; p.Page++ {
		l, err := s.store.List(ctx, Filter{ChallengeID: challengeID, Submitted: true}, p)
		if err != nil {
			return nil, fmt.Errorf("bid: list the submitted bids of challenge %d: %w", challengeID, err)
		}
		for _, x := range l.Items {
			v, err := s.store.LatestVersion(ctx, x.ID)
			if err != nil {
				return nil, fmt.Errorf("bid: latest version of bid %d: %w", x.ID, err)
			}
			x.Content = v.Content
			out = append(out, x)
		}
		if len(l.Items) < p.PageSize {
			return out, nil
		}
	}
}

// SubmittedByID is Submitted for the given bids only, in the order of ids; ids of other challenges or never
// submitted are left out.
func (s *Service) SubmittedByID(ctx context.Context, challengeID int64, ids []int64) ([]Bid, error) {
	out := make([]Bid, 0, len(ids))
	for _, id := range ids {
		x, err := s.store.Get(ctx, id)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("bid: get bid %d: %w", id, err)
		}
		if x.ChallengeID != challengeID {
			continue
		}
		v, err := s.store.LatestVersion(ctx, x.ID)
		if errors.Is(err, domain.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("bid: latest version of bid %d: %w", x.ID, err)
		}
		x.Content = v.Content
		out = append(out, x)
	}
	return out, nil
}
