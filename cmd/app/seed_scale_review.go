package app

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
)

// seedReview gives a challenge under review (专家评审) its bid review round: one item per eligible bid, five
// experts per item drawn in turn from the pool, and submitted scores for about three in five assignments.
func (s *scaleSeeder) seedReview(ctx context.Context, c challenge.Challenge) error {
	if len(s.eligible) == 0 || len(s.experts) < review.DefaultExpertsPerItem {
		return nil
	}
	opened := c.ClosedAt.Add(72 * time.Hour)
	assigned := opened.Add(time.Hour)
	rd := review.Round{ChallengeID: c.ID, Kind: review.KindBidReview, Rubric: review.DefaultRubric(review.KindBidReview),
		ExpertsPerItem: review.DefaultExpertsPerItem, Aggregation: review.AggTrimmedMean,
		Deadline: s.at(time.Duration(3+s.r.IntN(10)) * 24 * time.Hour), Status: review.StatusAssigned,
		Seed: s.r.Int64N(1 << 40), Draws: 1, CreatedBy: s.bureau.UserID, CreatedAt: opened, AssignedAt: &assigned}
	if err := s.reviews.CreateRound(ctx, &rd); err != nil {
		return err
	}
	s.rounds++
	if err := s.audit(ctx, s.bureau, opened, audit.EntityRound, rd.ID, "open", `{"kind":"bid_review"}`); err != nil {
		return err
	}
	items := make([]review.Item, 0, len(s.eligible))
	for k, id := range s.eligible {
		items = append(items, review.Item{RoundID: rd.ID, BidID: id, BidVersion: 1, Label: fmt.Sprintf("申报 %d", k+1),
			SubmittedAt: opened})
	}
	if err := s.reviews.AddItems(ctx, items); err != nil {
		return err
	}
	var as []review.Assignment
	for _, it := range items {
		first := s.r.IntN(len(s.experts))
		for e := range review.DefaultExpertsPerItem {
			as = append(as, review.Assignment{RoundID: rd.ID, ItemID: it.ID, ExpertID: s.experts[(first+e)%len(s.experts)],
				Status: review.AssignmentPending, FieldMatch: true, Draw: 1, CreatedAt: assigned})
		}
	}
	if err := s.reviews.AddAssignments(ctx, as); err != nil {
		return err
	}
	for _, a := range as {
		if s.r.IntN(5) >= 3 {
			continue
		}
		at := assigned.Add(time.Duration(1+s.r.IntN(48)) * time.Hour)
		sc := review.Score{AssignmentID: a.ID, Scores: map[string]int{}, Comment: "技术路线可行，指标论证充分。", SavedAt: at, SubmittedAt: &at}
		for _, cr := range rd.Rubric {
			sc.Scores[cr.Name] = 55 + s.r.IntN(45)
		}
		if err := s.reviews.SaveScore(ctx, sc); err != nil {
			return err
		}
		if err := s.reviews.SetAssignmentStatus(ctx, a.ID, review.AssignmentPending, review.AssignmentScored, "", at); err != nil {
			return err
		}
		s.scores++
	}
	return nil
}
