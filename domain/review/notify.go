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

const workbenchLink = "/review/workbench"

func (s *Service) notifyAssigned(ctx context.Context, ids []int64, r Round, title string) error {
	if s.Notify == nil || len(ids) == 0 {
		return nil
	}
	return s.Notify.ToUsers(ctx, ids, assignedMessage(r, title))
}

// assignedMessage is the notification of new assignments in a round.
func assignedMessage(r Round, title string) notify.Message {
	return notify.Message{Kind: KindAssigned,
		TitleZh: "新的评审任务：" + title, TitleEn: "New review assignment: " + title,
		BodyZh: fmt.Sprintf("请在%s前完成评分，如有利益冲突请申请回避。", datefmt.DeadlineZh(r.Deadline)),
		BodyEn: fmt.Sprintf("Please score by %s; recuse yourself if you have a conflict of interest.", datefmt.DeadlineEn(r.Deadline)),
		Link:   workbenchLink, Entity: audit.EntityRound, EntityID: r.ID}
}

func (s *Service) notifyReminder(ctx context.Context, ids []int64, r Round, title string) error {
	if s.Notify == nil || len(ids) == 0 {
		return nil
	}
	return s.Notify.ToUsers(ctx, ids, reminderMessage(r, title))
}

// reminderMessage is the reminder to an expert with scores still to submit in a round.
func reminderMessage(r Round, title string) notify.Message {
	return notify.Message{Kind: KindReminder,
		TitleZh: "评审提醒：" + title, TitleEn: "Review reminder: " + title,
		BodyZh: fmt.Sprintf("您有尚未提交的评分，截止时间%s。", datefmt.DeadlineZh(r.Deadline)),
		BodyEn: fmt.Sprintf("You have scores to submit by %s.", datefmt.DeadlineEn(r.Deadline)),
		Link:   workbenchLink, Entity: audit.EntityRound, EntityID: r.ID}
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
			if err := s.notifyReminder(ctx, []int64{a.ExpertID}, r, a.ChallengeTitle); err != nil {
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
