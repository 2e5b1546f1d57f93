package race

import (
	"context"
	"fmt"
	"strings"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/challenge"
)

// SelectionInput is the bureau's choice of racers from the ranking.
type SelectionInput struct {
	BidIDs     []int64
	NoticeDays int
	// Reason is required when the choice departs from the rank order.
	Reason string
}

// Selection is what the bureau sees beside the selection dialog: the ranking and the limits.
type Selection struct {
	Ranking []Ranked
	Closed  bool
	Min     int
	Max     int
	Mode    challenge.Mode
}

// SelectionLimits is how many racers a challenge takes: single mode 1; race mode 2..max_racers (all ranked
// bids when fewer than 2 are eligible).
func SelectionLimits(c challenge.Challenge, ranked int) (int, int) {
	if c.Mode != challenge.ModeRace {
		return 1, 1
	}
	hi := c.MaxRacers
	if hi < 2 {
		hi = 2
	}
	lo := 2
	if ranked < lo {
		lo = ranked
	}
	return lo, hi
}

// Ranking returns the ranking of the closed bid review with the selection limits (bureau).
func (s *Service) Ranking(ctx context.Context, actor domain.Actor, challengeID int64) (Selection, error) {
	if err := requireBureau(actor); err != nil {
		return Selection{}, err
	}
	c, err := s.challenge(ctx, actor, challengeID)
	if err != nil {
		return Selection{}, err
	}
	r, closed, err := s.d.Reviews.BidRanking(ctx, challengeID)
	if err != nil {
		return Selection{}, err
	}
	lo, hi := SelectionLimits(c, len(r))
	return Selection{Ranking: r, Closed: closed, Min: lo, Max: hi, Mode: c.Mode}, nil
}

// CheckSelection applies the selection rules to a choice against the ranking: count within the limits, every
// bid eligible and ranked, no duplicates, and a written reason when the choice is not the top of the ranking.
func CheckSelection(c challenge.Challenge, ranking []Ranked, in SelectionInput) error {
	var v domain.Validator
	lo, hi := SelectionLimits(c, len(ranking))
	n := len(in.BidIDs)
	if n < lo || n > hi {
		v.Add("bid_ids", "selection_count", fmt.Sprintf("应选择 %d 至 %d 个揭榜方", lo, hi),
			fmt.Sprintf("select between %d and %d bids", lo, hi))
	}
	ranked := map[int64]int{}
	for _, r := range ranking {
		ranked[r.BidID] = r.Rank
	}
	seen := map[int64]bool{}
	for i, id := range in.BidIDs {
		f := fmt.Sprintf("bid_ids[%d]", i)
		switch {
		case seen[id]:
			v.Add(f, "duplicate", "重复选择", "selected twice")
		case ranked[id] == 0:
			v.Add(f, "not_eligible", "该申报不在评审排名中（不合格或未参评）", "this bid is not in the review's ranking (ineligible or not reviewed)")
		}
		seen[id] = true
	}
	if !FollowsRanking(ranking, in.BidIDs) {
		v.Check(strings.TrimSpace(in.Reason) != "", "reason", "reason_required",
			"未按排名顺序选择时必须说明理由", "a written reason is required when the selection departs from the rank order")
	}
	v.MaxLen("reason", strings.TrimSpace(in.Reason), maxText)
	if in.NoticeDays < 1 || in.NoticeDays > MaxNoticeDays {
		v.Add("notice_days", "out_of_range", fmt.Sprintf("公示期应为 1 至 %d 个工作日", MaxNoticeDays),
			fmt.Sprintf("the notice period must be 1 to %d working days", MaxNoticeDays))
	}
	return v.Err()
}

// FollowsRanking reports whether ids are exactly the top len(ids) of the ranking.
func FollowsRanking(ranking []Ranked, ids []int64) bool {
	if len(ids) > len(ranking) {
		return false
	}
	for _, r := range ranking[:len(ids)] {
		if !contains(ids, r.BidID) {
			return false
		}
	}
	return true
}

// Select records the bureau's selection from the closed bid review and opens the public notice: the selected
// bids become selected, the others not_selected, the challenge moves to notice, teams and the enterprise are
// told. In notice, after an upheld objection, the bureau may select again: the old notice is superseded and a
// new one opens (re-notice).
func (s *Service) Select(ctx context.Context, actor domain.Actor, challengeID int64, in SelectionInput) (Notice, error) {
	if err := requireBureau(actor); err != nil {
		return Notice{}, err
	}
	if in.NoticeDays == 0 && s.d.Defaults != nil {
		var n int
		var err error
		if cd, ok := s.d.Defaults.(ChallengeNoticeDefaults); ok {
			n, err = cd.NoticeDaysFor(ctx, challengeID)
		} else {
			n, err = s.d.Defaults.DefaultNoticeDays(ctx)
		}
		if err != nil {
			return Notice{}, err
		}
		in.NoticeDays = n
	}
	if in.NoticeDays == 0 {
		in.NoticeDays = DefaultNoticeDays
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var out Notice
	err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.challenge(ctx, actor, challengeID)
		if err != nil {
			return err
		}
		action := challenge.ActionSelect
		var prev *Notice
		switch c.Status {
		case challenge.StatusReviewing:
		case challenge.StatusNotice:
			n, err := s.d.Store.CurrentNotice(ctx, challengeID)
			if err != nil {
				return err
			}
			if err := s.mayRenotice(ctx, n); err != nil {
				return err
			}
			prev, action = &n, challenge.ActionRenotice
		default:
			return domain.InvalidTransition("challenge", string(c.Status), string(challenge.ActionSelect))
		}
		ranking, closed, err := s.d.Reviews.BidRanking(ctx, challengeID)
		if err != nil {
			return err
		}
		if !closed {
			return domain.Conflict("review_not_closed", "揭榜评审尚未结束，无法确定入围", "the bid review has not closed yet")
		}
		if err := CheckSelection(c, ranking, in); err != nil {
			return err
		}
		if prev != nil {
			if err := s.moveNotice(ctx, actor, *prev, ActionSupersede); err != nil {
				return err
			}
		}
		if err := s.d.Bids.SetOutcome(ctx, actor, challengeID, in.BidIDs); err != nil {
			return err
		}
		if _, err := s.d.Challenges.Advance(ctx, actor, challengeID, action, in.Reason); err != nil {
			return err
		}
		now := s.now()
		ends, err := s.d.Calendar.AddWorkdays(ctx, now, in.NoticeDays)
		if err != nil {
			return err
		}
		out = Notice{ChallengeID: challengeID, Seq: 1, BidIDs: in.BidIDs, Reason: in.Reason, NoticeDays: in.NoticeDays,
			StartsAt: now, EndsAt: ends.UTC(), Status: NoticeOpen, CreatedBy: actor.UserID}
		if prev != nil {
			out.Seq = prev.Seq + 1
		}
		if err := s.d.Store.CreateNotice(ctx, &out); err != nil {
			return err
		}
		if err := s.log(ctx, actor, audit.EntityNotice, out.ID, "open", nil, noticeSummary(out)); err != nil {
			return err
		}
		return publish(ctx, s, EventNoticePublish, actor, out.ID, NoticePublished{Challenge: c, Notice: out, Previous: prev})
	})
	return out, err
}

// mayRenotice allows a new selection during notice only after an upheld objection and with none open.
func (s *Service) mayRenotice(ctx context.Context, n Notice) error {
	obs, err := s.d.Store.Objections(ctx, n.ID)
	if err != nil {
		return err
	}
	upheld := false
	for _, o := range obs {
		switch o.Status {
		case ObjectionOpen:
			return errObjectionOpen
		case ObjectionUpheld:
			upheld = true
		}
	}
	if !upheld {
		return domain.Conflict("selection_locked", "公示期间仅在异议成立后可调整入围名单",
			"during the notice the selection changes only after an upheld objection")
	}
	return nil
}

type noticeSum struct {
	ChallengeID int64   `json:"challenge_id"`
	Seq         int     `json:"seq"`
	BidIDs      []int64 `json:"bid_ids"`
	Reason      string  `json:"reason,omitempty"`
	NoticeDays  int     `json:"notice_days"`
	EndsAt      string  `json:"ends_at"`
	Status      string  `json:"status"`
}

func noticeSummary(n Notice) noticeSum {
	return noticeSum{ChallengeID: n.ChallengeID, Seq: n.Seq, BidIDs: n.BidIDs, Reason: n.Reason, NoticeDays: n.NoticeDays,
		EndsAt: n.EndsAt.UTC().Format("2006-01-02T15:04:05Z07:00"), Status: string(n.Status)}
}
