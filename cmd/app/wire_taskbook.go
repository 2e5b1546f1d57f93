package app

import (
	"context"

	"jiebang/domain"
	"jiebang/domain/event"
	"jiebang/domain/race"
	"jiebang/domain/taskbook"
	"jiebang/repository"
)

// wireTaskbook builds the task book versions, signatures and change requests over the race (racers with
// their access check), the bids (partners' credit codes) and the accounts (signers, re-entered passwords),
// and makes each new racer's v1 in the race start's transaction.
func (a *App) wireTaskbook() {
	a.Taskbook = taskbook.NewService(taskbook.Config{}, taskbook.Deps{
		Store: repository.NewTaskbookStore(a.DB), Racers: a.Race, Bids: a.Bids, Accounts: a.Accounts,
		Tx: a.Tx, Audit: a.Audit, Clock: a.Clock, Notifier: a.Notify,
	})
	event.Handle(a.Events, race.EventStart, func(ctx context.Context, actor domain.Actor, e race.Started) error {
		return a.Taskbook.StartRacers(ctx, actor, e.Challenge, e.Racers)
	})
	// A tranche waits for its conditions: the start-up tranche for every signature of the task book's latest
	// version, later tranches for an open rectification (限期整改) to be decided.
	a.Funding.UseTrancheConditions(a.Taskbook, a.Race)
}
