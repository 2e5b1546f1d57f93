package race

import (
	"context"
	"fmt"
	"time"

	"jiebang/domain/datefmt"
	"jiebang/domain/notify"
	"jiebang/domain/schedule"
)

// ReminderLead is how long before a stage's due date a racer without a report is reminded.
const ReminderLead = 7 * 24 * time.Hour

// ReminderJob is the name of the stage-report reminder job.
const ReminderJob = "stage_report_reminder"

// RemindReports tells every racing team whose report for the current stage is due within ReminderLead and
// not in yet (the scheduled job). Claims makes each reminder happen once across servers and runs.
func (s *Service) RemindReports(ctx context.Context, claims schedule.Claims, now time.Time) error {
	racers, err := s.d.Store.RacingRacers(ctx)
	if err != nil {
		return err
	}
	byChallenge := map[int64][]Racer{}
	for _, r := range racers {
		byChallenge[r.ChallengeID] = append(byChallenge[r.ChallengeID], r)
	}
	for chID, rs := range byChallenge {
		c, err := s.d.Challenges.Lookup(ctx, chID)
		if err != nil {
			return err
		}
		reports, err := s.d.Store.Reports(ctx, chID)
		if err != nil {
			return err
		}
		ds, err := s.decided(ctx, chID)
		if err != nil {
			return err
		}
		stage := len(ds) + 1
		if stage > len(c.Stages) {
			continue
		}
		for _, r := range rs {
			due := r.DueAt(c, stage)
			if now.Before(due.Add(-ReminderLead)) || !now.Before(due) || hasReport(reports, r.ID, stage) {
				continue
			}
			err := s.d.Tx.InTx(ctx, func(ctx context.Context) error {
				ok, err := claims.Claim(ctx, ReminderJob, fmt.Sprintf("racer:%d:stage:%d", r.ID, stage), due)
				if err != nil || !ok {
					return err
				}
				return s.send(ctx, notify.RaceReportDue, notify.Team(r.OrgID), r.ID, notify.Params{"ChallengeID": chID,
					"Title": c.Title, "Stage": stage, "DueZh": datefmt.DeadlineZh(due), "DueEn": datefmt.DeadlineEn(due)})
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func hasReport(reports []Report, racerID int64, stage int) bool {
	for _, r := range reports {
		if r.RacerID == racerID && r.Stage == stage {
			return true
		}
	}
	return false
}

// RectificationReminderJob is the name of the rectification reminder job.
const RectificationReminderJob = "rectification_reminder"

// RemindRectifications tells every racer whose rectification report is due within ReminderLead and not in yet
// (the scheduled job), once per rectification (schedule.Once).
func (s *Service) RemindRectifications(ctx context.Context, claims schedule.Claims, now time.Time) error {
	if s.d.Rectifications == nil {
		return nil
	}
	xs, err := s.d.Rectifications.OpenRectifications(ctx)
	if err != nil {
		return err
	}
	for _, x := range xs {
		if x.Status != RectOpen || now.Before(x.DueAt.Add(-ReminderLead)) || !now.Before(x.DueAt) {
			continue
		}
		r, err := s.d.Store.Racer(ctx, x.RacerID)
		if err != nil {
			return err
		}
		c, err := s.d.Challenges.Lookup(ctx, x.ChallengeID)
		if err != nil {
			return err
		}
		_, err = schedule.Once(ctx, s.d.Tx, claims, RectificationReminderJob, fmt.Sprintf("rectification:%d", x.ID), x.DueAt,
			func(ctx context.Context) error {
				return s.send(ctx, notify.RaceRectificationDue, notify.Team(r.OrgID), r.ID, notify.Params{"ChallengeID": c.ID,
					"Title": c.Title, "DueZh": datefmt.DeadlineZh(x.DueAt), "DueEn": datefmt.DeadlineEn(x.DueAt)})
			})
		if err != nil {
			return err
		}
	}
	return nil
}
