package funding

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain/notify"
	"jiebang/domain/schedule"
)

// RefundReminderJob is the name of the refund reminder job.
const RefundReminderJob = "refund_reminder"

// RemindRefunds tells the team of every ended racer whose refund is still outstanding, once, from
// RefundReminderDays before the day it is due to pay back (the scheduled job; claims make it happen once
// across servers and runs).
func (s *Service) RemindRefunds(ctx context.Context, claims schedule.Claims, now time.Time) error {
	if s.d.Endings == nil || s.d.Notify == nil {
		return nil
	}
	endings, err := s.d.Endings.Endings(ctx, nil)
	if err != nil || len(endings) == 0 {
		return err
	}
	figs, err := s.d.Endings.RefundFiguresOf(ctx, nil)
	if err != nil {
		return err
	}
	for rid, e := range endings {
		f := figs[rid]
		due := e.DecidedAt.AddDate(0, 0, int(s.cfg.RefundDays))
		if f.Outstanding() == 0 || e.OrgID == 0 || now.Before(due.AddDate(0, 0, -int(s.cfg.RefundReminderDays))) {
			continue
		}
		ch, err := s.challenge(ctx, e.ChallengeID)
		if err != nil {
			return err
		}
		err = s.d.Tx.InTx(ctx, func(ctx context.Context) error {
			ok, err := claims.Claim(ctx, RefundReminderJob, fmt.Sprintf("racer:%d:refund", rid), due)
			if err != nil || !ok {
				return err
			}
			return s.d.Notify.Send(ctx, notify.FundingRefundReminder, notify.Team(e.OrgID), rid, notify.Params{
				"ChallengeID": ch.ID, "RacerID": rid, "Title": ch.Title, "Wan": Wan(f.Outstanding()), "DueOn": s.RefundDueOn(e)})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
