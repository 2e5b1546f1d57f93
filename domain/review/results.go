package review

import (
	"context"
	"sort"
)

// Ranked is one eligible bid in the ranking of a closed bid review.
type Ranked struct {
	BidID int64
	Score float64
	Rank  int
}

// lastResults are the results of the last closed round of a challenge's kind and stage with its items by id;
// false when none has closed.
func (s *Service) lastResults(ctx context.Context, challengeID int64, kind Kind, stage int) ([]ItemResult, map[int64]Item, bool, error) {
	round, ok, err := s.Store.LastClosedRound(ctx, challengeID, kind, stage)
	if err != nil || !ok {
		return nil, nil, false, err
	}
	rs, err := s.Store.Results(ctx, round.ID)
	if err != nil {
		return nil, nil, false, err
	}
	items, err := s.Store.Items(ctx, round.ID)
	if err != nil {
		return nil, nil, false, err
	}
	byID := make(map[int64]Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	return rs, byID, true, nil
}

// BidRanking is the ranking of the challenge's last closed bid review, best first (bids without a final score
// or rank left out); false when no bid review has closed. The race selects from it.
func (s *Service) BidRanking(ctx context.Context, challengeID int64) ([]Ranked, bool, error) {
	rs, items, ok, err := s.lastResults(ctx, challengeID, KindBidReview, 0)
	if err != nil || !ok {
		return nil, ok, err
	}
	out := []Ranked{}
	for _, x := range rs {
		if x.Final == nil || x.Rank == 0 {
			continue
		}
		out = append(out, Ranked{BidID: items[x.ItemID].BidID, Score: *x.Final, Rank: x.Rank})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return out, true, nil
}

// StageScores are the final scores by racer of the last closed stage_review round of a stage; false when none
// has closed. The race proposes its stage decision from them.
func (s *Service) StageScores(ctx context.Context, challengeID int64, stage int) (map[int64]float64, bool, error) {
	rs, items, ok, err := s.lastResults(ctx, challengeID, KindStageReview, stage)
	if err != nil || !ok {
		return nil, ok, err
	}
	out := map[int64]float64{}
	for _, x := range rs {
		if x.Final != nil {
			out[items[x.ItemID].RacerID] = *x.Final
		}
	}
	return out, true, nil
}
