package seed

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
	"jiebang/domain/review"
)

// scaleRound is one review round for the scale seed to write: its items, what their scores centre on, and
// its life (open and partly scored, or closed with every assignment scored and the results frozen).
type scaleRound struct {
	kind     review.Kind
	stage    int
	items    []review.Item
	quality  []int
	opened   time.Time
	deadline time.Time
	// closed is when the round closed; nil leaves it assigned (open for scoring).
	closed *time.Time
	// scored is the share out of 5 of the assignments of an open round that are scored.
	scored int
	// noPanel leaves the items without assignments (the load experts get them at the end).
	noPanel bool
}

// writeRound writes a round as the review engine would have left it: the round, its items, five experts per
// item drawn in turn from the pool, the submitted score sheets, and for a closed round the results computed by
// the engine's own aggregation. It returns the results in rank order (nil for an open round).
func (s *scaleSeeder) writeRound(ctx context.Context, c challenge.Challenge, x scaleRound) ([]review.ItemResult, error) {
	r := s.r
	assigned := x.opened.Add(time.Hour)
	status := review.StatusAssigned
	if x.closed != nil {
		status = review.StatusClosed
	}
	rd := review.Round{ChallengeID: c.ID, Kind: x.kind, Stage: x.stage, Rubric: review.DefaultRubric(x.kind),
		ExpertsPerItem: review.DefaultExpertsPerItem, Aggregation: review.AggTrimmedMean, Deadline: x.deadline,
		Status: status, Seed: r.Int64N(1 << 40), Draws: 1, CreatedBy: s.bureau.UserID, CreatedAt: x.opened,
		AssignedAt: &assigned, ClosedAt: x.closed}
	if err := s.reviews.CreateRound(ctx, &rd); err != nil {
		return nil, err
	}
	s.n.Rounds++
	s.audit(s.bureau, x.opened, audit.EntityRound, rd.ID, string(review.ActionOpen), map[string]any{"kind": x.kind, "stage": x.stage})
	for k := range x.items {
		x.items[k].RoundID = rd.ID
	}
	if err := s.reviews.AddItems(ctx, x.items); err != nil {
		return nil, err
	}
	if x.noPanel {
		s.audit(s.bureau, assigned, audit.EntityRound, rd.ID, string(review.ActionAssign), map[string]any{"seed": rd.Seed})
		return nil, nil
	}
	var as []review.Assignment
	for _, it := range x.items {
		for _, e := range s.panel(review.DefaultExpertsPerItem) {
			a := review.Assignment{RoundID: rd.ID, ItemID: it.ID, ExpertID: e, Status: review.AssignmentPending,
				FieldMatch: true, Draw: 1, CreatedAt: assigned, ClosedAt: x.closed}
			if x.closed != nil || r.IntN(5) < x.scored {
				a.Status = review.AssignmentScored
			}
			as = append(as, a)
		}
	}
	if err := s.reviews.AddAssignments(ctx, as); err != nil {
		return nil, err
	}
	s.audit(s.bureau, assigned, audit.EntityRound, rd.ID, string(review.ActionAssign), map[string]any{"seed": rd.Seed, "assignments": len(as)})
	// The experts of the rounds still open are told of their work (the closed rounds' notices are left out:
	// millions of rows nobody's page reads).
	if x.closed == nil {
		if err := s.tellAssigned(c, rd, as, assigned); err != nil {
			return nil, err
		}
	}
	s.n.Assignments += len(as)
	end := x.deadline
	if x.closed != nil {
		end = *x.closed
	}
	if now := s.base; end.After(now) {
		end = now
	}
	span := max(int(end.Sub(assigned)/time.Hour)-1, 1)
	quality := map[int64]int{}
	for k, it := range x.items {
		quality[it.ID] = x.quality[k]
	}
	var sheets []review.Score
	byAssignment := map[int64]review.Score{}
	for _, a := range as {
		if a.Status != review.AssignmentScored {
			continue
		}
		at := assigned.Add(time.Duration(1+r.IntN(span)) * time.Hour)
		sc := review.Score{AssignmentID: a.ID, Scores: make(map[string]int, len(rd.Rubric)), Comment: pick(r, scaleComments),
			SavedAt: at, SubmittedAt: &at}
		for _, cr := range rd.Rubric {
			sc.Scores[cr.Name] = min(100, max(0, quality[a.ItemID]+r.IntN(13)-6))
		}
		sheets = append(sheets, sc)
		byAssignment[a.ID] = sc
		s.audit(domain.Actor{UserID: a.ExpertID, Name: s.expertNames[a.ExpertID], Role: domain.RoleExpert}, at,
			audit.EntityAssignment, a.ID, string(review.ActionScore), map[string]any{"round_id": rd.ID, "draft": false})
	}
	if err := s.reviews.SaveScores(ctx, sheets); err != nil {
		return nil, err
	}
	s.n.Scores += len(sheets)
	s.n.CriterionScores += len(sheets) * len(rd.Rubric)
	if x.closed == nil {
		return nil, nil
	}
	facts, in := review.Inputs(rd, x.items, as, byAssignment)
	rs := review.Compute(rd.Rubric, rd.Aggregation, facts, in)
	if err := s.reviews.SaveResults(ctx, rd.ID, rs); err != nil {
		return nil, err
	}
	s.audit(s.bureau, *x.closed, audit.EntityRound, rd.ID, string(review.ActionClose),
		map[string]any{"status": review.StatusClosed, "reason": "", "unscored_items": 0, "results_digest": review.ResultsDigest(rs)})
	return rs, nil
}

var scaleComments = []string{"技术路线可行，指标论证充分。", "团队基础扎实，建议细化进度安排。", "方案有创新，经费安排基本合理。",
	"试验验证方案不够具体，需补充中试计划。", "指标先进，风险评估充分。"}

// seedValidation gives a submitted challenge its validation round (需求论证): closed with results when the
// challenge was approved, still open with some sheets in while it waits.
func (s *scaleSeeder) seedValidation(ctx context.Context, c challenge.Challenge, closed bool) error {
	opened := c.SubmittedAt.Add(time.Hour)
	x := scaleRound{kind: review.KindValidation, opened: opened, quality: []int{65 + s.r.IntN(30)},
		items: []review.Item{{Label: c.Title, OrgID: c.OrgID, SubmittedAt: *c.SubmittedAt,
			Parties: review.Parties{OrgIDs: []int64{c.OrgID}, CreditCodes: []string{s.orgCode[c.OrgID]}}}}}
	if closed {
		end := c.ApprovedAt.Add(-time.Hour)
		x.deadline, x.closed = days(opened, 3), &end
	} else {
		x.deadline, x.scored = s.at(time.Duration(3+s.r.IntN(10))*24*time.Hour), 2
	}
	_, err := s.writeRound(ctx, c, x)
	return err
}

// seedBidReview gives a challenge past bidding its bid review round (揭榜评审) over the eligible bids: open
// with about three in five sheets in while the challenge is reviewing, closed with results once the race
// started. Every other reviewing challenge's round goes to the load experts until they have items enough
// (no other panel, a deadline 61 to 90 days away). It returns the eligible bids of a closed round in rank
// order.
func (s *scaleSeeder) seedBidReview(ctx context.Context, c challenge.Challenge, closed bool) ([]scaleBid, error) {
	if len(s.eligible) == 0 {
		return nil, nil
	}
	opened := days(*c.ClosedAt, 3)
	x := scaleRound{kind: review.KindBidReview, opened: opened, items: s.itemsOfBids(0, c)}
	for _, b := range s.eligible {
		x.quality = append(x.quality, b.Quality)
	}
	switch {
	case closed:
		end := days(opened, 8)
		x.deadline, x.closed = days(opened, 7), &end
	case len(s.loadItems) < scaleLoadItems && s.reviewing%2 == 0:
		x.deadline, x.noPanel = s.at(time.Duration(61+s.r.IntN(30))*24*time.Hour), true
	default:
		x.deadline, x.scored = s.at(time.Duration(3+s.r.IntN(10))*24*time.Hour), 3
	}
	if !closed {
		s.reviewing++
	}
	rs, err := s.writeRound(ctx, c, x)
	if err != nil {
		return nil, err
	}
	if x.noPanel {
		for _, it := range x.items {
			s.loadItems = append(s.loadItems, scaleLoadItem{Item: it, assigned: x.opened.Add(time.Hour)})
		}
	}
	byItem := map[int64]scaleBid{}
	for k, it := range x.items {
		byItem[it.ID] = s.eligible[k]
	}
	ranked := make([]scaleBid, 0, len(rs))
	for _, res := range rs {
		ranked = append(ranked, byItem[res.ItemID])
	}
	return ranked, nil
}
