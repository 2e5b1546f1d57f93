package app

import (
	"context"
	"io"
	"path/filepath"
	"time"

	"jiebang/domain/calendar"
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/domain/review"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireRace builds the working-day calendar and the race over the challenge, bid, account and notification
// services, and registers the job that closes notices at their end.
func (a *App) wireRace() error {
	blobs, err := repository.NewFileBlobs(filepath.Join(a.Cfg.DataDir, "uploads"))
	if err != nil {
		return err
	}
	a.Calendar = calendar.NewService(repository.NewCalendarStore(a.DB), a.Tx, a.Audit, a.Clock, a.Events)
	a.Race = race.NewService(race.Deps{
		Store: repository.NewRaceStore(a.DB), Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Challenges: a.Challenges,
		Bids:       a.Bids,
		Reviews:    a.Reviews,
		Calendar:   a.Calendar,
		Orgs:       a.Accounts,
		Credit:     a.Credit,
		Notifier:   a.Notify,
		Events:     a.Events,
		Blobs:      blobs,
		Defaults:   settingsDefaults{a},
	})
	a.Reviews.Race = reviewRaceItems{a.Race}
	a.Reviews.Reports = reviewRaceReports{a.Race}
	a.AddJob(schedule.Job{Name: "close_notices", Every: 30 * time.Second, Run: a.Race.CloseDueNotices})
	a.AddJob(schedule.Job{Name: race.ReminderJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		return a.Race.RemindReports(ctx, a.Claims, now)
	}})
	return nil
}

// reviewRaceItems gives the review engine the racers' reports of a stage.
type reviewRaceItems struct{ r *race.Service }

func (ri reviewRaceItems) StageItems(ctx context.Context, challengeID int64, stage int) ([]review.RaceItem, error) {
	items, err := ri.r.StageItems(ctx, challengeID, stage)
	if err != nil {
		return nil, err
	}
	out := make([]review.RaceItem, 0, len(items))
	for _, it := range items {
		out = append(out, review.RaceItem{RacerID: it.RacerID, BidID: it.BidID, ReportID: it.ReportID, Label: it.Label, SubmittedAt: it.SubmittedAt})
	}
	return out, nil
}

// reviewRaceReports gives experts the reports they score and their files.
type reviewRaceReports struct{ r *race.Service }

func (rr reviewRaceReports) StageReport(ctx context.Context, challengeID, racerID int64, stage int) (review.ReportMaterial, bool, error) {
	rep, ok, err := rr.r.ReviewReport(ctx, challengeID, racerID, stage)
	if err != nil || !ok {
		return review.ReportMaterial{}, ok, err
	}
	m := review.ReportMaterial{Stage: rep.Stage, Summary: rep.Summary, KPIValues: rep.KPIValues, DueAt: rep.DueAt,
		SubmittedAt: rep.SubmittedAt, Late: rep.Late, Files: []review.ReportFile{}}
	for _, a := range rep.Attachments {
		m.Files = append(m.Files, reportFile(a))
	}
	return m, true, nil
}

func (rr reviewRaceReports) OpenReportFile(ctx context.Context, challengeID, racerID int64, stage int, fileID int64) (review.ReportFile, io.ReadSeekCloser, error) {
	a, f, err := rr.r.OpenReviewFile(ctx, challengeID, racerID, stage, fileID)
	return reportFile(a), f, err
}

func reportFile(a race.Attachment) review.ReportFile {
	return review.ReportFile{ID: a.ID, Filename: a.Filename, Size: a.Size, ContentType: a.ContentType, SHA256: a.SHA256}
}

// fundingRacers adapts the race to the funding ledger's funding.Racers.
type fundingRacers struct{ r *race.Service }

func toFundingRacer(r race.Racer) funding.Racer {
	return funding.Racer{ID: r.ID, ChallengeID: r.ChallengeID, OrgID: r.OrgID, OrgName: r.OrgName, Status: string(r.Status), Readmitted: r.Readmitted}
}

func (f fundingRacers) Racer(ctx context.Context, id int64) (funding.Racer, error) {
	r, err := f.r.LookupRacer(ctx, id)
	return toFundingRacer(r), err
}

func (f fundingRacers) RacersOf(ctx context.Context, challengeID int64) ([]funding.Racer, error) {
	rs, err := f.r.RacersOf(ctx, challengeID)
	out := make([]funding.Racer, 0, len(rs))
	for _, r := range rs {
		out = append(out, toFundingRacer(r))
	}
	return out, err
}

func (f fundingRacers) StageOutcome(ctx context.Context, challengeID int64, stage int) (funding.StageOutcome, error) {
	ok, adv, err := f.r.StageOutcome(ctx, challengeID, stage)
	return funding.StageOutcome{Decided: ok, Advanced: adv}, err
}

var _ funding.Racers = fundingRacers{}
