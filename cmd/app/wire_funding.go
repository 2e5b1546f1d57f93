package app

import (
	"context"

	"jiebang/domain/funding"
	"jiebang/repository"
)

// wireFunding builds the funding ledger over the race (racers and stage decisions), the challenge service and
// the notification outbox, and gives the race's public results the funding totals.
func (a *App) wireFunding() {
	a.Funding = funding.NewService(funding.Config{}, funding.Deps{
		Store: repository.NewFundingStore(a.DB), Racers: fundingRacers{r: a.Race},
		Challenges: a.Challenges, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Events: a.Events, Dashboard: repository.NewFundingDashboard(a.DB),
	})
	a.Race.UseFunding(raceFunding{f: a.Funding})
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
