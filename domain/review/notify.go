package review

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"jiebang/domain"
	"jiebang/domain/audit"
	"jiebang/domain/datefmt"
	"jiebang/domain/notify"
)

// Notification kinds of the review.
const (
	KindAssigned = "review.assigned"
	KindReminder = "review.reminder"
	// ReminderJob is the name of the scheduled job that reminds experts before a round's deadline.
	ReminderJob = "review.reminder"
)

// roundParams are the notification params of a round: the challenge's title and the deadline as people read it.
// The round is named by its kind and stage when they are known (a reminder knows only the deadline).
func roundParams(r Round, title string) notify.Params {
	zh, en := roundName(r)
	return notify.Params{"Title": title, "RoundZh": zh, "RoundEn": en,
		"DeadlineZh": datefmt.DeadlineZh(r.Deadline), "DeadlineEn": datefmt.DeadlineEn(r.Deadline)}
}

// roundName is how people call a round: 需求论证, 揭榜评审, 第 N 阶段考核, 验收评审 ("" when its kind is unknown).
func roundName(r Round) (zh, en string) {
	switch r.Kind {
	case KindValidation:
		return "需求论证", "validation"
	case KindBidReview:
		return "揭榜评审", "bid review"
	case KindStageReview:
		return fmt.Sprintf("第 %d 阶段考核", r.Stage), fmt.Sprintf("stage %d review", r.Stage)
	case KindAcceptance:
		return "验收评审", "acceptance review"
	}
	return "", ""
}

// RemindDue is the reminder job: once per round and expert, ReminderLead before the round's deadline (or
// later, if the job did not run then), it notifies experts who still have unscored assignments.
func (s *Service) RemindDue(ctx context.Context, now time.Time) error {
	due, err := s.Store.UnscoredBefore(ctx, now.Add(ReminderLead))
	if err != nil {
		return err
	}
	type key struct{ round, expert int64 }
	seen := map[key]bool{}
	for _, a := range due {
		k := key{a.RoundID, a.ExpertID}
		if seen[k] {
			continue
		}
		seen[k] = true
		err := s.Tx.InTx(ctx, func(ctx context.Context) error {
			ok, err := s.Claims.Claim(ctx, ReminderJob, "round:"+strconv.FormatInt(a.RoundID, 10)+":expert:"+strconv.FormatInt(a.ExpertID, 10), a.Deadline)
			if err != nil || !ok {
				return err
			}
			r := Round{ID: a.RoundID, Deadline: a.Deadline}
			if err := publish(ctx, s, EventRemind, domain.System, a.RoundID, RoundChanged{Round: r, Title: a.ChallengeTitle, Experts: []int64{a.ExpertID}}); err != nil {
				return err
			}
			return s.Audit.Log(ctx, domain.System, audit.Record{Entity: audit.EntityRound, EntityID: a.RoundID,
				Action: string(ActionRemind), After: map[string]any{"experts": []int64{a.ExpertID}, "scheduled": true}})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
