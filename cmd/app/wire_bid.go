package app

import (
	"context"
	"time"

	"jiebang/domain/bid"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireBids builds the bid service over the account service (organisations) and the challenge service, with
// attachments in the attachment store (App.Blobs), and the correction window's jobs (补正): a correction not
// resubmitted by its due date makes the bid ineligible (not_corrected); the team is reminded a day before.
func (a *App) wireBids() error {
	store := repository.NewBidStore(a.DB)
	a.Bids = bid.NewService(bid.Config{
		MaxPartners:         a.Cfg.MaxPartners,
		MaxActiveBidsPerPI:  a.Cfg.MaxActiveBidsPerPI,
		MaxActiveBidsPerOrg: a.Cfg.MaxActiveBidsPerOrg,
	}, bid.Deps{Store: store, Blobs: a.Blobs, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Orgs: a.Accounts, Challenges: a.Challenges, Events: a.Events, Corrections: store})
	a.Bids.SetMineCache(repository.NewMyBidsCache(a.DB))
	a.AddJob(schedule.Job{Name: bid.CorrectionJob, Every: time.Minute, Run: func(ctx context.Context, now time.Time) error {
		_, err := a.Bids.LapseDueCorrections(ctx, now)
		return err
	}})
	a.AddJob(schedule.Job{Name: bid.CorrectionReminderJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		return a.Bids.RemindCorrections(ctx, now, a.Claims)
	}})
	return nil
}
