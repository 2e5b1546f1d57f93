package seed

import (
	"context"
	"fmt"
	"strings"

	"jiebang/domain"
	"jiebang/domain/calendar"
	"jiebang/domain/review"
)

// DemoReviews are the demo review rounds: a closed bid review with its ranking, and a validation round whose
// experts still have work waiting.
type DemoReviews struct {
	BidReview  int64
	Validation int64
	lines      []string
}

// Summary lists the demo rounds for the seed command's output.
func (r DemoReviews) Summary() string {
	return fmt.Sprintf("  review rounds: %d\n%s\n", len(r.lines), strings.Join(r.lines, "\n"))
}

// seedReviews reviews the eligible bids of the closed challenge (three experts per bid, drawn with a fixed
// seed, all scored, closed: the challenge is reviewing with a ranking) and opens a validation round on the
// submitted challenge whose experts have not scored yet (one has saved a draft).
func (a *demo) seedReviews(ctx context.Context, d DemoAccounts, c DemoChallenges) (DemoReviews, error) {
	var out DemoReviews
	boss := d.Bureau.Actor
	now := a.Clock.Now().UTC()
	if len(d.Experts) > 6 {
		// 冯雪 declares a conflict with a research institute that bids (shown on her profile).
		if _, err := a.Reviews.UpdateProfile(ctx, d.Experts[6].Actor, review.ProfileInput{Fields: []string{"materials", "biomedicine"},
			Conflicts: []review.Conflict{{CreditCode: demoZhongke.CreditCode, Reason: "曾在该院兼职"}}}); err != nil {
			return out, fmt.Errorf("demo expert profile: %w", err)
		}
	}
	dl := calendar.EndOfDayAfter(now, 14)
	r, err := a.Reviews.OpenRound(ctx, boss, c.IDs["wind"], review.Settings{Kind: review.KindBidReview, ExpertsPerItem: 3, Deadline: &dl})
	if err != nil {
		return out, fmt.Errorf("demo bid review: %w", err)
	}
	seed := int64(20261101)
	if _, err := a.Reviews.Assign(ctx, boss, r.ID, &seed); err != nil {
		return out, fmt.Errorf("demo bid review draw: %w", err)
	}
	comments := []string{"技术路线清晰，材料与热处理方案有试验基础，建议加强风场验证。",
		"团队分工合理，寿命仿真方法先进，经费安排基本合理。", "方案可行但台架试验周期偏紧，需细化进度安排。"}
	n := 0
	for _, e := range d.Experts {
		list, err := a.Reviews.MyAssignments(ctx, e.Actor, domain.Page{Page: 1, PageSize: 50})
		if err != nil {
			return out, err
		}
		for _, as := range list.Items {
			if as.RoundID != r.ID || as.Status != review.AssignmentPending {
				continue
			}
			base := 70 + (n*7)%20
			if as.ItemLabel != "" && strings.Contains(as.ItemLabel, "东海") {
				base += 6
			}
			scores := map[string]int{}
			for i, cr := range r.Rubric {
				scores[cr.Name] = min(100, base+(i*3+n)%8)
			}
			if _, err := a.Reviews.Score(ctx, e.Actor, as.ID, review.ScoreInput{Scores: scores, Comment: comments[n%len(comments)]}); err != nil {
				return out, fmt.Errorf("demo scores: %w", err)
			}
			n++
		}
	}
	if _, err := a.Reviews.Close(ctx, boss, r.ID, ""); err != nil {
		return out, fmt.Errorf("demo close: %w", err)
	}
	out.BidReview = r.ID
	out.lines = append(out.lines, fmt.Sprintf("    round #%d bid_review closed (%d scores, seed %d)", r.ID, n, seed))

	vdl := calendar.EndOfDayAfter(now, 7)
	v, err := a.Reviews.OpenRound(ctx, boss, c.IDs["software"], review.Settings{Kind: review.KindValidation, ExpertsPerItem: 3, Deadline: &vdl})
	if err != nil {
		return out, fmt.Errorf("demo validation round: %w", err)
	}
	vseed := int64(7)
	if _, err := a.Reviews.Assign(ctx, boss, v.ID, &vseed); err != nil {
		return out, fmt.Errorf("demo validation draw: %w", err)
	}
	out.Validation = v.ID
	out.lines = append(out.lines, fmt.Sprintf("    round #%d validation assigned: expert work waiting", v.ID))
	// The first expert of the panel has saved a draft.
	for _, e := range d.Experts {
		list, err := a.Reviews.MyAssignments(ctx, e.Actor, domain.Page{Page: 1, PageSize: 50})
		if err != nil {
			return out, err
		}
		for _, as := range list.Items {
			if as.RoundID == v.ID {
				_, err := a.Reviews.Score(ctx, e.Actor, as.ID, review.ScoreInput{Scores: map[string]int{v.Rubric[0].Name: 85}, Draft: true})
				return out, err
			}
		}
	}
	return out, nil
}
