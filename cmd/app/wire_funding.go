package app

import (
	"context"
	"time"

	"jiebang/domain"
	"jiebang/domain/credit"
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/domain/schedule"
	"jiebang/repository"
)

// wireFunding builds the funding ledger over the race (racers and stage decisions), the challenge service and
// the notification outbox, and gives the race's public results the funding totals. Terminations record their
// credit consequence on the credit ledger; the task book's signatures and rectifications are ports of the
// areas that own them (funding.Service.UseTrancheConditions), signed and not rectifying by default.
func (a *App) wireFunding() {
	store := repository.NewFundingStore(a.DB)
	a.Funding = funding.NewService(funding.Config{}, funding.Deps{
		Store: store, Racers: race.ForFunding{S: a.Race},
		Challenges: a.Challenges, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Events: a.Events, Dashboard: repository.NewFundingDashboard(a.DB),
		Endings: store, Ender: race.ForFunding{S: a.Race}, Credit: creditRecorder{a.Credit}, Notify: a.Notify,
	})
	// A setter: the race and the funding ledger read each other (racers one way, totals the other).
	a.Race.UseFunding(a.Funding)
	a.AddJob(schedule.Job{Name: funding.RefundReminderJob, Every: 10 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		return a.Funding.RemindRefunds(ctx, a.Claims, now)
	}})
}

// creditRecorder records a revocation's credit status on the credit ledger (funding.CreditRecorder).
type creditRecorder struct{ c *credit.Service }

func (r creditRecorder) RecordCredit(ctx context.Context, actor domain.Actor, orgID int64, kind, reason, source string, sourceID int64) error {
	if r.c == nil {
		return nil
	}
	_, err := r.c.Record(ctx, actor, orgID, credit.Input{Kind: credit.Kind(kind), Reason: reason, Source: source, SourceID: sourceID})
	return err
}
