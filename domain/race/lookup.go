package race

import (
	"context"

	"jiebang/domain/challenge"
)

// LookupRacer returns a racer without access checks, for other areas (the funding ledger); 404 when absent.
func (s *Service) LookupRacer(ctx context.Context, id int64) (Racer, error) {
	r, err := s.d.Store.Racer(ctx, id)
	return r, notFoundAs(err, errRacerNotFound)
}

// RacersOf returns a challenge's racers in ID order, without access checks, for other areas.
func (s *Service) RacersOf(ctx context.Context, challengeID int64) ([]Racer, error) {
	return s.d.Store.Racers(ctx, challengeID)
}

// StageOutcome reports whether a stage's outcome is in and who advanced: a stage decision for the earlier
// stages; for the last stage, the acceptance (the winners advance).
func (s *Service) StageOutcome(ctx context.Context, challengeID int64, stage int) (bool, []int64, error) {
	c, err := s.d.Challenges.Lookup(ctx, challengeID)
	if err != nil {
		return false, nil, notFoundAs(err, errChallengeNotFound)
	}
	if stage == len(c.Stages) {
		if c.Status != challenge.StatusCompleted && c.Status != challenge.StatusFailed {
			return false, nil, nil
		}
		racers, err := s.d.Store.Racers(ctx, challengeID)
		if err != nil {
			return false, nil, err
		}
		var won []int64
		for _, r := range racers {
			if r.Status == RacerWinner {
				won = append(won, r.ID)
			}
		}
		return true, won, nil
	}
	ds, err := s.decided(ctx, challengeID)
	if err != nil {
		return false, nil, err
	}
	d, ok := ds[stage]
	return ok, d.Advance, nil
}
