package app

import (
	"jiebang/domain/funding"
	"jiebang/domain/race"
	"jiebang/repository"
)

// wireFunding builds the funding ledger over the race (racers and stage decisions), the challenge service and
// the notification outbox, and gives the race's public results the funding totals.
func (a *App) wireFunding() {
	a.Funding = funding.NewService(funding.Config{}, funding.Deps{
		Store: repository.NewFundingStore(a.DB), Racers: race.ForFunding{S: a.Race},
		Challenges: a.Challenges, Tx: a.Tx, Audit: a.Audit, Clock: a.Clock,
		Events: a.Events, Dashboard: repository.NewFundingDashboard(a.DB),
	})
	// A setter: the race and the funding ledger read each other (racers one way, totals the other).
	a.Race.UseFunding(a.Funding)
}
