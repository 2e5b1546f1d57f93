package app

import (
	"context"

	"jiebang/domain/funding"
	"jiebang/domain/notify"
	"jiebang/repository"
)

// wireFunding builds the funding ledger over the race (racers and stage decisions), the challenge service and
// the notification outbox, and gives the race's public results the funding totals.
func (a *App) wireFunding() {
	a.Funding = funding.NewService(funding.Config{}, funding.Deps{
		Store: repository.NewFundingStore(a.DB), Racers: fundingRacers{r: a.Race},
		Challenges: a.Challenges, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Notifier: fundingNotifier{n: a.Notify}, Events: a.Events, Dashboard: repository.NewFundingDashboard(a.DB),
	})
	a.Race.UseFunding(raceFunding{f: a.Funding})
}

// fundingNotifier adapts the notification outbox to funding.Notifier.
type fundingNotifier struct{ n *notify.Service }

func (f fundingNotifier) Announce(ctx context.Context, m funding.Announcement) error {
	return f.n.ToOrg(ctx, m.OrgID, notify.Message{Kind: m.Kind, TitleZh: m.TitleZh, TitleEn: m.TitleEn,
		BodyZh: m.BodyZh, BodyEn: m.BodyEn, Link: m.Link, Entity: m.Entity, EntityID: m.EntityID})
}

// raceFunding gives the race's public results the government funds decided per racer of a finished challenge.
type raceFunding struct{ f *funding.Service }

func (r raceFunding) DecidedByRacer(ctx context.Context, challengeID int64) (map[int64]int64, error) {
	m, err := r.f.PublicTotals(ctx, []int64{challengeID})
	if err != nil {
		return nil, err
	}
	return m[challengeID].PerRacer, nil
}
